// The review room's page: the video, its waveform with a region per cue, the cue list.
//
// The page holds the cues and the undo history; everything else is the server's:
// the check of every edit (POST api/check: the rules of `captions check`, never a
// copy of them here), the text on screen, and writing the file (POST api/save).
// Cue text reaches the DOM only as textContent or a form value.
import WaveSurfer from './vendor/wavesurfer.esm.js';
import RegionsPlugin from './vendor/regions.esm.js';
import TimelinePlugin from './vendor/timeline.esm.js';

const $ = (sel) => document.querySelector(sel);
const video = $('#video');
const rowsBox = $('#rows');

const SHORTCUTS = [
  ['Space', 'play / pause'],
  ['↓  ↑', 'next / previous cue (selects it and goes to its in-time)'],
  ['[  ]', 'in-time one frame earlier / later'],
  ['Shift+[  Shift+]', 'out-time one frame earlier / later'],
  [',  .', 'playhead one frame back / forward'],
  ['S', 'split the cue at the playhead'],
  ['M', 'merge the cue with the next one'],
  ['Enter', 'edit the text of the selected cue'],
  ['Esc', 'leave a text field (then the plain keys work again)'],
  ['Ctrl+Z', 'undo'],
  ['Ctrl+Shift+Z  Ctrl+Y', 'redo'],
  ['Ctrl+S', 'save'],
  ['+  −', 'zoom the waveform in / out'],
  ['?', 'this help'],
];

const LEGEND = ['Space', '↓  ↑', '[  ]', 'Shift+[  Shift+]', 'S', 'M', 'Ctrl+Z', 'Ctrl+S'];

// ------------------------------------------------------------------ state

let S = null;                 // what the server said at start (files, video, frame rate)
let files = [];               // per file: a frozen array of frozen cues {uid, key, start, end, text, voice, rich}
let saved = [];               // per file: the array last saved (clean when files[f] matches it)
let history = [], future = [];
let lastCommit = null;        // {tag, time} of the last edit, to fold typing into one undo step
let selected = {file: 0, uid: null};
let uidSeq = 0;
const results = new Map();    // uid -> {cps, flags, shown} of the last check that saw it
const fileChecks = [];        // per file: the last check's summary and file-level flags
const views = new Map();      // uid -> the elements of its cue in the list
let ws = null, regions = null;
const regionOf = new Map();   // uid -> region
let zoom = 80;                // px per second
const playing = [];           // per file: the uid of the cue under the playhead

const cueOf = (c) => Object.freeze({uid: ++uidSeq, key: c.key, start: c.start, end: c.end,
  text: c.text, voice: c.voice ?? null, rich: !!c.rich});
const wire = (cues) => cues.map((c) => ({key: c.key, start: c.start, end: c.end, text: c.text, voice: c.voice}));
const sameCues = (a, b) => a === b || (a.length === b.length && JSON.stringify(wire(a)) === JSON.stringify(wire(b)));
const unsaved = [];           // per file: [cues compared, whether they differ from the saved ones]
function dirty(f) {
  if (!unsaved[f] || unsaved[f][0] !== files[f] || unsaved[f][2] !== saved[f]) unsaved[f] = [files[f], !sameCues(files[f], saved[f]), saved[f]];
  return unsaved[f][1];
}

// ------------------------------------------------------------------ talking to the server

async function api(path, body) {
  const init = body === undefined ? {} : {method: 'POST', headers: {'Content-Type': 'application/json'},
    body: JSON.stringify(body)};
  const response = await fetch(path, init);
  const type = response.headers.get('Content-Type') || '';
  const data = type.startsWith('application/json') ? await response.json() : {error: await response.text()};
  if (!response.ok) throw new Error(data.error || response.statusText);
  return data;
}

const checkTimer = [], checking = [], checkAgain = [], checked = [];

function scheduleCheck(f, delay = 250) {
  clearTimeout(checkTimer[f]);
  checkTimer[f] = setTimeout(() => runCheck(f), delay);
  settle();
}

async function runCheck(f) {
  if (checking[f]) { checkAgain[f] = true; return; }
  const sent = files[f];
  checking[f] = true;
  settle();
  try {
    applyCheck(f, sent, await api('api/check', {file: f, cues: wire(sent)}));
  } catch (err) {
    status(`check failed: ${err.message}`, 'error');
  } finally {
    checking[f] = false;
    if (checkAgain[f] || files[f] !== checked[f]) { checkAgain[f] = false; if (files[f] !== checked[f]) runCheck(f); }
    settle();
  }
}

function applyCheck(f, sent, res) {
  const changedUids = [];
  sent.forEach((c, i) => {
    const old = results.get(c.uid), now = res.cues[i];
    if (!old || JSON.stringify(old) !== JSON.stringify(now)) changedUids.push(c.uid);
    results.set(c.uid, now);
  });
  fileChecks[f] = res;
  checked[f] = sent;
  const live = new Map(files[f].map((c) => [c.uid, c]));
  for (const uid of changedUids) if (live.has(uid)) showResult(live.get(uid));
  showFiles();
  paintRegions(f, changedUids);
  showOverlay();
}

// body[data-settled="1"]: every file's check is for its cues as they are now (for tests too).
function settle() {
  const busy = files.some((cues, f) => checking[f] || checked[f] !== cues);
  document.body.dataset.settled = busy ? '0' : '1';
}

// ------------------------------------------------------------------ editing

function commit(f, cues, tag = null, structural = false, touched = null) {
  const now = Date.now();
  const fold = tag && lastCommit && lastCommit.tag === tag && now - lastCommit.time < 1500;
  if (!fold) {
    history.push(files);
    if (history.length > 1000) history.shift();
  }
  future = [];
  lastCommit = tag ? {tag, time: now} : null;
  files = files.map((old, i) => (i === f ? Object.freeze(cues) : old));
  changed([f], structural, touched);
}

// After an edit: the list and the regions follow (only the touched cues, unless cues were
// added or removed), and a check is asked for.
function changed(fs, structural = false, touched = null) {
  if (structural || !touched) {
    renderList();
    syncRegions();
  } else {
    for (const f of fs) files[f].forEach((c, i) => { if (touched.includes(c.uid)) { showCue(f, c, i); syncRegion(f, c, i); } });
  }
  for (const f of fs) scheduleCheck(f);
  showFiles();
  showTools();
}

function find(f, uid) { return files[f].findIndex((c) => c.uid === uid); }

function update(f, uid, changes, tag) {
  const i = find(f, uid);
  if (i < 0) return;
  const cue = Object.freeze({...files[f][i], ...changes});
  commit(f, files[f].map((c, k) => (k === i ? cue : c)), tag, false, [uid]);
}

function restore(state) {
  files = state;
  lastCommit = null;
  if (!files[selected.file].some((c) => c.uid === selected.uid)) selected.uid = null;
  changed(files.map((_, f) => f), true);
}

function undo() { if (history.length) { future.push(files); restore(history.pop()); } }
function redo() { if (future.length) { history.push(files); restore(future.pop()); } }

const fps = () => S.video.fps;
function frameStep(ms, dir) {        // to the next frame boundary in that direction
  const frame = ms * fps() / 1000;
  const to = dir > 0 ? Math.floor(frame + 1e-6) + 1 : Math.ceil(frame - 1e-6) - 1;
  return Math.max(0, Math.round(to * 1000 / fps()));
}

function nudge(side, dir) {
  const cue = current();
  if (!cue) return status('select a cue first (click its number, or ↓)');
  const {f, c} = cue;
  const start = side === 'start' ? frameStep(c.start, dir) : c.start;
  const end = side === 'end' ? frameStep(c.end, dir) : c.end;
  if (end < start) return status('a cue cannot end before it starts');
  update(f, c.uid, {start, end}, `nudge:${side}:${c.uid}`);
}

function splitText(text, at) {
  return [text.slice(0, at).replace(/\s+$/, ''), text.slice(at).replace(/^\s+/, '')];
}

function split() {
  const t = Math.round(video.currentTime * 1000);
  const f = selected.file;
  const list = files[f];
  let i = list.findIndex((c) => c.uid === selected.uid && c.start < t && t < c.end);
  if (i < 0) i = list.findIndex((c) => c.start < t && t < c.end);
  if (i < 0) return status('the playhead is not inside a cue of this file');
  const c = list[i];
  const gap = S.files[f].min_gap;
  if (t + gap >= c.end) return status('too close to the end of the cue to split here');
  const box = views.get(c.uid)?.text;
  let at;
  if (box && document.activeElement === box && box.selectionStart > 0 && box.selectionStart < c.text.length) {
    at = box.selectionStart;              // at the text cursor
  } else {                                // at the word boundary nearest the playhead's share
    const want = c.text.length * (t - c.start) / (c.end - c.start);
    let best = -1;
    for (const m of c.text.matchAll(/\s+/g)) if (best < 0 || Math.abs(m.index - want) < Math.abs(best - want)) best = m.index;
    at = best < 0 ? c.text.length : best;
  }
  const [a, b] = splitText(c.text, at);
  const first = Object.freeze({...c, end: t, text: a});
  const second = cueOf({key: null, start: t + gap, end: c.end, text: b, voice: c.voice});
  commit(f, [...list.slice(0, i), first, second, ...list.slice(i + 1)], null, true);
  select(f, second.uid, false);
  status(`split cue ${i + 1} at ${stamp(t)}`);
}

function merge() {
  const cue = current();
  if (!cue) return status('select a cue first');
  const {f, c, i} = cue;
  const next = files[f][i + 1];
  if (!next) return status('the last cue has no next cue to merge with');
  if (S.files[f].format === 'vtt' && (next.voice || null) !== (c.voice || null))
    return status('two speakers: merging would lose who says what (give both the same voice first)', 'error');
  const text = [c.text.trim(), next.text.trim()].filter(Boolean).join('\n');
  const merged = Object.freeze({...c, end: Math.max(c.end, next.end), text});
  commit(f, [...files[f].slice(0, i), merged, ...files[f].slice(i + 2)], null, true);
  select(f, c.uid, false);
  status(`merged cues ${i + 1} and ${i + 2}`);
}

function current() {        // the selected cue, else the one under the playhead
  const f = selected.file;
  let i = find(f, selected.uid);
  if (i < 0) i = cueAt(files[f], video.currentTime * 1000);
  return i < 0 ? null : {f, i, c: files[f][i]};
}

function cueAt(list, ms) {
  let lo = 0, hi = list.length - 1, found = -1;
  while (lo <= hi) { const mid = (lo + hi) >> 1; if (list[mid].start <= ms) { found = mid; lo = mid + 1; } else hi = mid - 1; }
  for (let k = found; k >= 0 && k > found - 3; k--) if (list[k].start <= ms && ms < list[k].end) return k;
  return -1;
}

// ------------------------------------------------------------------ saving

async function save() {
  const which = files.map((_, f) => f).filter(dirty);
  if (!which.length) return status('nothing to save: no changes since the last save', 'ok');
  const sent = files.slice();
  const send = (f, force) => ({file: f, cues: wire(sent[f]), force});
  let answer;
  try {
    answer = await api('api/save', {files: which.map((f) => send(f, false))});
    const conflicts = answer.files.filter((r) => r.conflict);
    if (conflicts.length) {
      const names = conflicts.map((r) => S.files[r.file].name).join(', ');
      if (confirm(`${names} changed on disk since the review started. Save anyway? ` +
          `(What is on disk now is kept as a backup.)`)) {
        const again = await api('api/save', {files: conflicts.map((r) => send(r.file, true))});
        answer.files = answer.files.filter((r) => !r.conflict).concat(again.files);
      }
    }
  } catch (err) {
    return status(`not saved: ${err.message}`, 'error');
  }
  const said = [];
  let failed = false;
  for (const r of answer.files) {
    const name = S.files[r.file].name;
    if (r.error) { failed = true; said.push(`${name}: not saved: ${r.error}`); continue; }
    saved[r.file] = sent[r.file];
    applyCheck(r.file, sent[r.file], r.check);
    const backup = r.backup ? `; the previous version is ${r.backup.split('/').pop()}` : '';
    said.push(`saved ${name}${r.written ? '' : ' (unchanged on disk)'}${backup}. captions check: ${r.check.summary}`);
  }
  status(said.join(' · '), failed ? 'error' : 'ok');
  document.body.dataset.saves = String(Number(document.body.dataset.saves || 0) + 1);
  showFiles();
  showTools();
}

window.addEventListener('beforeunload', (e) => {
  if (files.some((_, f) => dirty(f))) { e.preventDefault(); e.returnValue = ''; }
});

// ------------------------------------------------------------------ the list

function stamp(ms) {
  const h = Math.floor(ms / 3600000), m = Math.floor(ms / 60000) % 60, s = Math.floor(ms / 1000) % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}`;
}

function parseStamp(text) {
  const m = /^\s*(?:(?:(\d+):)?(\d{1,2}):)?(\d{1,2})(?:[.,](\d{1,3}))?\s*$/.exec(text);
  if (!m) return null;
  const [h, min, s] = [Number(m[1] || 0), Number(m[2] || 0), Number(m[3])];
  if (min > 59 || (s > 59 && (m[1] || m[2]))) return null;
  return ((h * 60 + min) * 60 + s) * 1000 + Number((m[4] || '0').padEnd(3, '0'));
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

function rowsOf() {          // rows of the first file's cues; other files' cues by most overlap
  const base = files[0];
  const rows = base.map((c) => [[c], ...files.slice(1).map(() => [])]);
  for (let f = 1; f < files.length; f++) {
    for (const c of files[f]) {
      let lo = 0, hi = base.length - 1, k = 0;
      while (lo <= hi) { const mid = (lo + hi) >> 1; if (base[mid].start <= c.end) { k = mid; lo = mid + 1; } else hi = mid - 1; }
      let best = k, score = -Infinity;
      for (let j = Math.max(0, k - 3); j <= Math.min(base.length - 1, k + 1); j++) {
        const overlap = Math.min(base[j].end, c.end) - Math.max(base[j].start, c.start);
        const near = -Math.abs((base[j].start + base[j].end) - (c.start + c.end)) / 2;
        const s = overlap > 0 ? overlap : near - 1e9;
        if (s > score) { score = s; best = j; }
      }
      rows[best][f].push(c);
    }
  }
  return rows;
}

function renderList() {
  const keep = document.activeElement?.closest?.('.cue');
  const focus = keep ? {uid: Number(keep.dataset.uid), field: document.activeElement.dataset.field} : null;
  views.clear();
  const columns = `repeat(${files.length}, minmax(0, 1fr))`;
  $('#columns').style.gridTemplateColumns = columns;
  $('#columns').replaceChildren(...S.files.map((info) =>
    el('div', {text: `${info.label} · ${info.name} · ${info.profile}`})));
  const frag = document.createDocumentFragment();
  const index = files.map((cues) => new Map(cues.map((c, i) => [c.uid, i])));
  for (const row of rowsOf()) {
    const line = el('div', {class: 'row'});
    line.style.gridTemplateColumns = columns;
    row.forEach((cues, f) => {
      const cell = el('div', {class: 'cell', 'data-file': f});
      for (const c of cues) cell.append(cueView(f, c, index[f].get(c.uid)));
      line.append(cell);
    });
    frag.append(line);
  }
  rowsBox.replaceChildren(frag);
  if (focus && views.get(focus.uid)) views.get(focus.uid)[focus.field]?.focus();
  marked = null;
  markSelected();
  playing.length = 0;
}

function cueView(f, c, i) {
  const info = S.files[f];
  const v = {};
  v.root = el('div', {class: 'cue', 'data-file': f, 'data-uid': c.uid});
  v.num = el('button', {class: 'num', type: 'button', 'data-action': 'seek', title: 'go to this cue'});
  v.start = el('input', {'data-field': 'start', spellcheck: 'false', 'aria-label': 'in-time', autocomplete: 'off'});
  v.end = el('input', {'data-field': 'end', spellcheck: 'false', 'aria-label': 'out-time', autocomplete: 'off'});
  v.dur = el('span', {class: 'dur'});
  v.cps = el('span', {class: 'cps', 'data-field': 'cps', title: 'reading speed, characters per second'});
  const head = el('div', {class: 'head'}, v.num, v.start, el('span', {class: 'arrow', text: '→'}), v.end, v.dur, v.cps);
  if (info.format === 'vtt') {
    v.voice = el('input', {'data-field': 'voice', placeholder: 'speaker', title: 'voice (WebVTT <v> span)', spellcheck: 'false'});
    head.append(v.voice);
  }
  if (c.rich) head.append(el('span', {class: 'badge', text: 'markup',
    title: 'this cue has WebVTT markup (italics, classes, timestamps or two voices); editing its text writes it plainly, with its voice'}));
  v.text = el('textarea', {'data-field': 'text', rows: '2', lang: info.language, 'aria-label': 'text'});
  v.flags = el('ul', {'data-field': 'flags'});
  v.root.append(head, v.text, v.flags);
  views.set(c.uid, v);
  showCue(f, c, i, true);
  showResult(c);
  return v.root;
}

function showCue(f, c, i, force = false) {
  const v = views.get(c.uid);
  if (!v) return;
  if (v.root.dataset.cueIndex !== String(i + 1)) { v.root.dataset.cueIndex = String(i + 1); v.num.textContent = String(i + 1); }
  const set = (input, value) => {
    if ((force || document.activeElement !== input) && input.value !== value) { input.value = value; input.classList.remove('bad'); }
  };
  set(v.start, stamp(c.start));
  set(v.end, stamp(c.end));
  if (v.text.value !== c.text) v.text.value = c.text;
  const rows = Math.max(2, c.text.split('\n').length);
  if (v.text.rows !== rows) v.text.rows = rows;
  if (v.voice && v.voice.value !== (c.voice || '') && (force || document.activeElement !== v.voice)) v.voice.value = c.voice || '';
  const dur = `${((c.end - c.start) / 1000).toFixed(2)} s`;
  if (v.dur.textContent !== dur) v.dur.textContent = dur;
}

function showResult(c) {
  const v = views.get(c.uid), r = results.get(c.uid);
  if (!v || !r) return;
  v.cps.textContent = r.cps === null ? '– cps' : `${Number(r.cps).toFixed(1)} cps`;
  const speed = r.flags.find((x) => x.rule === 'cps');
  v.cps.className = `cps ${speed ? speed.severity : ''}`;
  v.flags.replaceChildren(...r.flags.map((x) => el('li', {class: x.severity, 'data-rule': x.rule, 'data-severity': x.severity},
    el('span', {class: 'rule', text: x.rule}), el('span', {class: 'msg', text: x.message}))));
  v.root.dataset.errors = String(r.flags.filter((x) => x.severity === 'error').length);
}

function showFiles() {
  $('#files').replaceChildren(...S.files.map((info, f) => {
    const check = fileChecks[f];
    const summary = el('span', {class: 'summary', 'data-field': 'summary', 'data-file': f, text: check ? check.summary : ''});
    if (check?.errors) summary.classList.add('has-errors'); else if (check?.warnings) summary.classList.add('has-warnings');
    const swatch = el('span', {class: 'swatch'});
    swatch.style.background = `rgb(${colour(f)})`;
    return el('div', {class: `file-chip${dirty(f) ? ' dirty' : ''}`, title: info.path},
      swatch, el('span', {class: 'name', text: info.name}), el('span', {class: 'dirty-dot', text: '● unsaved'}), summary);
  }));
  const notes = [];
  S.files.forEach((info, f) => {
    if (!info.exact) notes.push(el('div', {text: `${info.name}: saving rewrites its line ends (they are mixed in the file)`}));
    for (const x of fileChecks[f]?.file || [])
      notes.push(el('div', {class: `file-flag ${x.severity}`, 'data-rule': x.rule, text: `${info.name}: ${x.rule}: ${x.message}`}));
  });
  $('#file-notes').replaceChildren(...notes);
}

function showTools() {
  document.querySelector('[data-action="undo"]').disabled = !history.length;
  document.querySelector('[data-action="redo"]').disabled = !future.length;
  document.querySelector('[data-action="save"]').classList.toggle('dirty', files.some((_, f) => dirty(f)));
  document.body.dataset.dirty = files.some((_, f) => dirty(f)) ? '1' : '0';
}

function select(f, uid, seek) {
  selected = {file: f, uid};
  markSelected();
  const i = find(f, uid);
  if (i < 0) return;
  views.get(uid)?.root.scrollIntoView({block: 'nearest'});
  if (seek) video.currentTime = (files[f][i].start + 1) / 1000;
}

let marked = null;            // the uid shown as selected
function markSelected() {
  const before = marked;
  if (before !== null) views.get(before)?.root.classList.remove('sel');
  marked = selected.uid;
  if (marked !== null) views.get(marked)?.root.classList.add('sel');
  const uids = [before, marked].filter((u) => u !== null);
  if (uids.length) paintRegions(null, uids);
}

function step(dir) {
  const f = selected.file, list = files[f];
  let i = find(f, selected.uid);
  if (i < 0) { i = cueAt(list, video.currentTime * 1000); if (i < 0) i = dir > 0 ? -1 : list.length; else i -= dir; }
  const j = Math.min(list.length - 1, Math.max(0, i + dir));
  select(f, list[j].uid, true);
  return list[j].uid;
}

function status(text, kind = '') {
  const bar = $('#status');
  bar.textContent = text;
  bar.title = text;
  bar.className = kind;
}

// ------------------------------------------------------------------ the list's events

rowsBox.addEventListener('input', (e) => {
  const field = e.target.dataset.field, box = e.target.closest('.cue');
  if (!box) return;
  const f = Number(box.dataset.file), uid = Number(box.dataset.uid);
  if (field === 'text') {
    e.target.rows = Math.max(2, e.target.value.split('\n').length);
    update(f, uid, {text: e.target.value, rich: false}, `text:${uid}`);
  } else if (field === 'voice') {
    update(f, uid, {voice: e.target.value.trim() || null}, `voice:${uid}`);
  }
});

rowsBox.addEventListener('change', (e) => {
  const field = e.target.dataset.field, box = e.target.closest('.cue');
  if (!box || (field !== 'start' && field !== 'end')) return;
  const f = Number(box.dataset.file), uid = Number(box.dataset.uid);
  const c = files[f][find(f, uid)];
  const ms = parseStamp(e.target.value);
  const bad = (why) => { e.target.classList.add('bad'); e.target.title = why; status(why, 'error'); };
  if (ms === null) return bad('not a time: write HH:MM:SS.mmm (or MM:SS.mmm, or seconds)');
  const start = field === 'start' ? ms : c.start, end = field === 'end' ? ms : c.end;
  if (end < start) return bad('the out-time is before the in-time');
  e.target.classList.remove('bad');
  e.target.title = '';
  update(f, uid, {start, end});
  e.target.value = stamp(ms);
});

rowsBox.addEventListener('keydown', (e) => {
  if ((e.target.dataset.field === 'start' || e.target.dataset.field === 'end') && e.key === 'Enter') {
    e.target.dispatchEvent(new Event('change', {bubbles: true}));
    e.preventDefault();
  }
});

rowsBox.addEventListener('focusin', (e) => {
  const box = e.target.closest('.cue');
  if (box) select(Number(box.dataset.file), Number(box.dataset.uid), false);
});

rowsBox.addEventListener('click', (e) => {
  const box = e.target.closest('.cue');
  if (box && e.target.closest('[data-action="seek"]')) select(Number(box.dataset.file), Number(box.dataset.uid), true);
});

// ------------------------------------------------------------------ keys and buttons

const actions = {
  undo, redo, save,
  help: () => { const h = $('#help'); h.hidden = !h.hidden; },
  play: () => (video.paused ? video.play() : video.pause()),
  'zoom-in': () => setZoom(zoom * 1.5),
  'zoom-out': () => setZoom(zoom / 1.5),
};

document.addEventListener('click', (e) => {
  const button = e.target.closest('button[data-action]');
  if (button && actions[button.dataset.action]) { actions[button.dataset.action](); }
});

document.addEventListener('keydown', (e) => {
  const ctrl = e.ctrlKey || e.metaKey;
  const inField = e.target.matches?.('input, textarea, select');
  if (ctrl && !e.altKey) {
    if (e.code === 'KeyS') { e.preventDefault(); save(); }
    else if (e.code === 'KeyZ') { e.preventDefault(); e.shiftKey ? redo() : undo(); }
    else if (e.code === 'KeyY') { e.preventDefault(); redo(); }
    return;
  }
  if (e.code === 'Escape') {
    if (!$('#help').hidden) $('#help').hidden = true; else if (inField) e.target.blur();
    return;
  }
  if (inField && !e.altKey) return;       // typing
  const keys = {
    Space: () => actions.play(),
    ArrowDown: () => { const uid = step(1); if (inField) views.get(uid)?.text.focus(); },
    ArrowUp: () => { const uid = step(-1); if (inField) views.get(uid)?.text.focus(); },
    BracketLeft: () => nudge(e.shiftKey ? 'end' : 'start', -1),
    BracketRight: () => nudge(e.shiftKey ? 'end' : 'start', 1),
    Comma: () => { video.pause(); video.currentTime = frameStep(Math.round(video.currentTime * 1000), -1) / 1000; },
    Period: () => { video.pause(); video.currentTime = frameStep(Math.round(video.currentTime * 1000), 1) / 1000; },
    KeyS: split,
    KeyM: merge,
    Enter: () => { const c = current(); if (c) { select(c.f, c.c.uid, false); views.get(c.c.uid)?.text.focus(); } },
    Equal: actions['zoom-in'], NumpadAdd: actions['zoom-in'],
    Minus: actions['zoom-out'], NumpadSubtract: actions['zoom-out'],
  };
  const action = (e.key === '?' || (e.code === 'Slash' && e.shiftKey)) ? actions.help : keys[e.code];
  if (action) { e.preventDefault(); action(); }
});

$('#rate').addEventListener('change', (e) => { video.playbackRate = Number(e.target.value); });
video.addEventListener('play', () => { document.querySelector('[data-action="play"]').textContent = 'Pause'; });
video.addEventListener('pause', () => { document.querySelector('[data-action="play"]').textContent = 'Play'; });

// ------------------------------------------------------------------ the playhead

function colour(f) { return getComputedStyle(document.documentElement).getPropertyValue(`--file${f % 3}`).trim(); }

function onTime() {
  const ms = video.currentTime * 1000;
  $('#clock').textContent = stamp(Math.round(ms));
  $('#frame').textContent = `frame ${Math.floor(ms * fps() / 1000 + 1e-6)} at ${fps()} fps${S.video.fps_from_video ? '' : ' (default)'}`;
  files.forEach((list, f) => {
    const i = cueAt(list, ms);
    const uid = i < 0 ? null : list[i].uid;
    if (playing[f] === uid && views.get(uid)?.root.classList.contains('now')) return;
    views.get(playing[f])?.root.classList.remove('now');
    playing[f] = uid;
    if (uid === null) return;
    views.get(uid)?.root.classList.add('now');
    if (!video.paused) views.get(uid)?.root.scrollIntoView({block: 'nearest'});
  });
  showOverlay();
}

function showOverlay() {
  if (!S) return;
  const ms = video.currentTime * 1000;
  const lines = [];
  files.forEach((list, f) => {
    const i = cueAt(list, ms);
    if (i < 0) return;
    const r = results.get(list[i].uid);
    const text = r && r.shown !== undefined && checked[f] === list ? r.shown : list[i].text;
    if (text) lines.push(el('div', {class: `line f${f}`, text}));
  });
  $('#overlay').replaceChildren(...lines);
}

video.addEventListener('timeupdate', onTime);
video.addEventListener('seeked', onTime);
(function tick() { if (S && !video.paused) onTime(); requestAnimationFrame(tick); })();

// ------------------------------------------------------------------ the waveform

const regionId = (f, uid) => `cue-${f}-${uid}`;

function regionLabel(f, i, c) {
  const label = document.createElement('div');
  label.textContent = `${i + 1} ${c.text.split('\n').join(' ')}`;
  Object.assign(label.style, {font: '11px "DejaVu Sans", sans-serif', color: '#f0f4f8', padding: '2px 4px',
    whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', pointerEvents: 'none'});
  return label;
}

function regionColour(f, c) {
  const r = results.get(c.uid);
  const errors = r && r.flags.some((x) => x.severity === 'error');
  const alpha = c.uid === selected.uid ? 0.42 : 0.2;
  return errors ? `rgba(255, 90, 90, ${alpha + 0.08})` : `rgba(${colour(f)}, ${alpha})`;
}

function syncRegion(f, c, i) {
  if (!regions) return;
  const label = `${i + 1} ${c.text}`;
  let r = regionOf.get(c.uid);
  if (!r) {
    r = regions.addRegion({id: regionId(f, c.uid), start: c.start / 1000, end: c.end / 1000, drag: true, resize: true,
      color: regionColour(f, c), content: regionLabel(f, i, c), channelIdx: files.length > 1 ? f : -1});
    r.cueFile = f; r.cueUid = c.uid; r.label = label;
    regionOf.set(c.uid, r);
  } else {
    if (Math.round(r.start * 1000) !== c.start || Math.round(r.end * 1000) !== c.end) r.setOptions({start: c.start / 1000, end: c.end / 1000});
    if (r.label !== label) { r.label = label; r.setContent(regionLabel(f, i, c)); }
  }
  const colourNow = regionColour(f, c);
  if (r.color !== colourNow) r.setOptions({color: colourNow});
}

function syncRegions() {
  if (!regions) return;
  const live = new Set();
  files.forEach((list, f) => list.forEach((c, i) => { live.add(c.uid); syncRegion(f, c, i); }));
  for (const [uid, r] of regionOf) if (!live.has(uid)) { r.remove(); regionOf.delete(uid); }
}

// Region colours follow the check (red: an error) and the selection; only ``uids`` when given.
function paintRegions(only = null, uids = null) {
  if (!regions) return;
  files.forEach((list, f) => {
    if (only !== null && f !== only) return;
    for (const c of list) {
      if (uids && !uids.includes(c.uid)) continue;
      const r = regionOf.get(c.uid), colourNow = regionColour(f, c);
      if (r && r.color !== colourNow) r.setOptions({color: colourNow});
    }
  });
}

function onRegionUpdated(region, side) {
  const f = region.cueFile, uid = region.cueUid;
  const i = find(f, uid);
  if (i < 0) return;
  const c = files[f][i];
  let start = c.start, end = c.end;
  if (side === 'start') start = Math.round(region.start * 1000);
  else if (side === 'end') end = Math.round(region.end * 1000);
  else { const delta = Math.round(region.start * 1000) - c.start; start += delta; end += delta; }
  if (start === c.start && end === c.end) return;
  update(f, uid, {start: Math.max(0, start), end: Math.max(start, end)});
  select(f, uid, false);
}

function setZoom(px) {
  if (!ws) return;
  const fit = ($('#wave').clientWidth || 800) / Math.max(1, S.video.duration_ms / 1000);
  zoom = Math.min(2000, Math.max(fit, px));
  ws.zoom(zoom);
}

async function drawWaveform() {
  let peaks = new Uint8Array(0);
  try {
    peaks = new Uint8Array(await (await fetch(S.peaks.url)).arrayBuffer());
  } catch (err) {
    status(`no waveform: ${err.message}`, 'error');
  }
  const channel = peaks.length ? Float32Array.from(peaks, (v) => v / 255) : new Float32Array(2);
  $('#wave-note').textContent = S.video.has_audio ? '' : 'this file has no audio: no waveform';
  if (S.video.has_audio) $('#wave-note').remove();
  regions = RegionsPlugin.create();
  const timeline = TimelinePlugin.create({height: 16,      // inside the waveform: it scrolls with it
    style: {fontSize: '11px', color: '#8d99a6'}});
  ws = WaveSurfer.create({
    container: '#wave', height: 128, media: video, peaks: files.map(() => channel),
    duration: S.video.duration_ms / 1000, waveColor: '#5fb3a1', progressColor: '#3f8576',
    cursorColor: '#ffd166', cursorWidth: 2, minPxPerSec: zoom, fillParent: true,
    autoScroll: true, autoCenter: true, dragToSeek: true, plugins: [regions, timeline],
  });
  regions.on('region-updated', onRegionUpdated);
  regions.on('region-clicked', (r) => select(r.cueFile, r.cueUid, false));
  await new Promise((resolve) => { ws.once('ready', resolve); setTimeout(resolve, 5000); });
  syncRegions();
}

// ------------------------------------------------------------------ start

function showHelp() {
  $('#legend').replaceChildren(...SHORTCUTS.filter(([k]) => LEGEND.includes(k))
    .flatMap(([k, what]) => [el('dt', {text: k}), el('dd', {text: what})]), el('dt', {text: '?'}), el('dd', {text: 'all the keys'}));
  $('#help-keys').replaceChildren(...SHORTCUTS.map(([k, what]) => el('tr', {}, el('td', {text: k}), el('td', {text: what}))));
  $('#help-notes').textContent = `The plain keys work outside text fields; inside one, hold Alt (Alt+S, Alt+], Alt+↓ …). ` +
    `Keys are physical keys, so they work with any keyboard layout. A frame is 1/${fps()} s ` +
    `(${S.video.fps_from_video ? 'the video\'s rate' : 'the default: the file does not say'}). ` +
    `Drag a region's edge to move an in- or out-time, its middle to move the cue. Nothing is written until you save.`;
}

async function start() {
  try {
    S = await api('api/state');
  } catch (err) {
    status(`cannot load: ${err.message}`, 'error');
    return;
  }
  document.title = `${S.title} · captions review`;
  $('#title').textContent = S.title;
  video.src = S.video.url;
  files = S.files.map((info) => Object.freeze(info.cues.map(cueOf)));
  saved = files.slice();
  S.files.forEach((info, f) => applyCheck(f, files[f], info.check));
  showHelp();
  renderList();
  showFiles();
  showTools();
  onTime();
  status(`${S.files.map((info) => `${info.name}: ${info.check.summary}`).join(' · ')} — press ? for the keys`);
  await drawWaveform();
  settle();
  document.body.dataset.ready = '1';
}

// For tests and the curious: the state as the page holds it.
window.review = {
  cues: (f = 0) => files[f],
  region: (f, i) => regionOf.get(files[f][i].uid),
  pxPerSecond: () => ws.getWrapper().getBoundingClientRect().width / ws.getDuration(),
  wavesurfer: () => ws,
};

start();
