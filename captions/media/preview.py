"""A preview page: the video, a subtitle track per language, and a clickable cue list.

The page is one self-contained HTML document (inline CSS and script, no
network): a person checks the cues in a real media player, the browser's,
and ``verify`` drives the same page in headless Chromium.  It is served on
127.0.0.1 by a small threading server with HTTP Range support, because a
browser seeks a video by asking for byte ranges and Python's own
``http.server`` answers every request with the whole file (a WebM then cannot
seek at all).  Browsers read only WebVTT sidecar tracks (they ignore subtitle
streams inside MP4/MKV/WebM), so an SRT file is shown through a WebVTT copy
of exactly its displayed text.
"""
from __future__ import annotations

import html
import json
import mimetypes
import os
import re
import shlex
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Optional, Sequence, Union

from .captionfiles import CaptionFile, ShownCue

VIDEO_TYPES = {".mp4": "video/mp4", ".m4v": "video/mp4", ".mov": "video/mp4",
               ".webm": "video/webm", ".mkv": "video/x-matroska"}


@dataclass(frozen=True)
class PageTrack:
    """One ``<track>`` of the page and its cue list."""

    url: str
    srclang: str
    label: str
    vtt: bytes            # what the browser parses
    file: CaptionFile


def page_tracks(files: Sequence[CaptionFile], *, one_per_language: bool = True) -> list[PageTrack]:
    """Tracks for the page; per language a VTT file wins over an SRT one."""
    chosen: list[CaptionFile] = []
    for f in files:
        same = [g for g in chosen if g.language == f.language] if one_per_language else []
        if same:
            if same[0].format == "srt" and f.format == "vtt":
                chosen[chosen.index(same[0])] = f
            continue
        chosen.append(f)
    tracks = []
    for n, f in enumerate(chosen):
        vtt = Path(f.path).read_bytes() if f.format == "vtt" else shown_as_vtt(f.shown).encode("utf-8")
        label = f.language.name or f.language.code
        if not one_per_language:
            label += f" ({Path(f.path).name})"
        tracks.append(PageTrack(f"/track/{n}.vtt", f.language.code, label, vtt, f))
    return tracks


def shown_as_vtt(cues: Sequence[ShownCue]) -> str:
    """WebVTT of exactly the text a viewer sees (for SRT files, which browsers cannot read)."""
    from ..formats.vtt import escape
    from ..timestamps import vtt_timestamp as timestamp

    blocks = ["WEBVTT"]
    for n, cue in enumerate(cues, 1):
        blocks.append(f"{n}\n{timestamp(cue.start)} --> {timestamp(cue.end)}\n{escape(cue.text)}")
    return "\n\n".join(blocks) + "\n"


# -- the page ---------------------------------------------------------------------------------

_CSS = """
body{font:15px/1.4 "DejaVu Sans",system-ui,sans-serif;margin:0;background:#111;color:#eee;display:flex;
 flex-wrap:wrap;gap:16px;padding:16px}
#player{flex:2 1 480px}#player video{width:100%;background:#000}
#side{flex:1 1 320px;max-height:92vh;display:flex;flex-direction:column}
#tabs button{background:#333;color:#eee;border:0;padding:6px 12px;margin:0 4px 6px 0;cursor:pointer}
#tabs button.on{background:#0a6;color:#fff}
#cues{overflow-y:auto;flex:1;border-top:1px solid #333}
.cue{display:grid;grid-template-columns:auto 1fr;gap:2px 10px;padding:6px;border-bottom:1px solid #222;cursor:pointer}
.cue:hover{background:#222}.cue.now{background:#064;color:#fff}
.t{font:12px monospace;color:#9ab;white-space:nowrap}.s{font-size:12px;color:#fc6}
.x{grid-column:1/3;white-space:pre-wrap}h1{font-size:16px;margin:0 0 8px}
"""

_SCRIPT = r"""
const data = JSON.parse(document.getElementById('cue-data').textContent);
const video = document.getElementById('video');
const list = document.getElementById('cues');
let current = 0, rows = [];
function stamp(ms){const h=Math.floor(ms/3600000),m=Math.floor(ms/60000)%60,s=Math.floor(ms/1000)%60,f=ms%1000;
  return (h?h+':':'')+String(m).padStart(2,'0')+':'+String(s).padStart(2,'0')+'.'+String(f).padStart(3,'0');}
function show(n){
  current = n;
  for (let i = 0; i < video.textTracks.length; i++) video.textTracks[i].mode = i === n ? 'showing' : 'hidden';
  document.querySelectorAll('#tabs button').forEach((b, i) => b.classList.toggle('on', i === n));
  list.replaceChildren(); rows = [];
  for (const cue of data.tracks[n].cues) {
    const row = document.createElement('div'); row.className = 'cue';
    const t = document.createElement('span'); t.className = 't';
    t.textContent = stamp(cue.start) + ' → ' + stamp(cue.end);
    const s = document.createElement('span'); s.className = 's'; s.textContent = cue.speaker || '';
    const x = document.createElement('span'); x.className = 'x'; x.textContent = cue.text;
    row.append(t, s, x);
    // Seek a hair past the start so the cue is on screen whatever the rounding.
    row.onclick = () => { video.currentTime = (cue.start + 1) / 1000; };
    list.append(row); rows.push([cue, row]);
  }
  highlight();
}
function highlight(){
  const ms = video.currentTime * 1000;
  let first = null;
  for (const [cue, row] of rows) {
    const on = cue.start <= ms && ms < cue.end;
    if (on && !row.classList.contains('now') && !first) first = row;
    row.classList.toggle('now', on);
  }
  if (first) first.scrollIntoView({block: 'nearest'});
}
data.tracks.forEach((t, i) => {
  const b = document.createElement('button'); b.textContent = t.label; b.onclick = () => show(i);
  document.getElementById('tabs').append(b);
});
video.addEventListener('timeupdate', highlight);
video.addEventListener('seeked', highlight);
(function tick(){ if (!video.paused) highlight(); requestAnimationFrame(tick); })();
if (data.tracks.length) show(0);
"""


def build_page(title: str, video_url: str, video_type: str, tracks: Sequence[PageTrack]) -> str:
    """The whole HTML document; cue text enters the DOM only as textContent."""
    data = {"tracks": [{"label": t.label, "lang": t.srclang,
                        "cues": [{"start": s.start, "end": s.end, "text": s.text,
                                  "speaker": c.speaker}
                                 for s, c in zip(t.file.shown, t.file.track.cues)]}
                       for t in tracks]}
    # JSON inside <script>: escape '<' so no text can close the element.
    blob = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    track_tags = "\n".join(
        f'  <track kind="subtitles" srclang="{html.escape(t.srclang)}" label="{html.escape(t.label)}" '
        f'src="{html.escape(t.url)}"{" default" if n == 0 else ""}>'
        for n, t in enumerate(tracks))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{html.escape(title)} · captions preview</title>
<style>{_CSS}</style></head>
<body>
<div id="player"><h1>{html.escape(title)}</h1>
<video id="video" controls preload="auto" src="{html.escape(video_url)}" type="{video_type}">
{track_tags}
</video></div>
<div id="side"><div id="tabs"></div><div id="cues"></div></div>
<script type="application/json" id="cue-data">{blob}</script>
<script>{_SCRIPT}</script>
</body></html>
"""


# -- the server -------------------------------------------------------------------------------

Resource = Union[bytes, str]   # bytes in memory, or the path of a file served with ranges


class PreviewServer(ThreadingHTTPServer):
    """Serves a fixed set of resources on 127.0.0.1, files with byte ranges."""

    daemon_threads = True

    def __init__(self, resources: dict[str, tuple[str, Resource]], port: int = 0) -> None:
        self.resources = resources
        super().__init__(("127.0.0.1", port), _Handler)

    def handle_error(self, request, client_address) -> None:
        """A browser dropping a connection it no longer needs is normal, not an error."""
        import sys
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def start(self) -> threading.Thread:
        """Serve in a background thread (for verify and tests); stop with shutdown()."""
        thread = threading.Thread(target=self.serve_forever, name="captions-preview", daemon=True)
        thread.start()
        return thread


_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:  # quiet: the terminal shows the URL only
        pass

    def do_HEAD(self) -> None:
        self._respond(body=False)

    def do_GET(self) -> None:
        self._respond(body=True)

    def _respond(self, body: bool) -> None:
        path = self.path.split("?", 1)[0]
        found = self.server.resources.get(path)
        if found is None:
            self._plain(404, "not found")
            return
        ctype, resource = found
        size = len(resource) if isinstance(resource, bytes) else os.path.getsize(resource)
        start, end, status = 0, size - 1, 200
        wanted = self.headers.get("Range")
        if wanted:
            parsed = _parse_range(wanted, size)
            if parsed is None:
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{size}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            (start, end), status = parsed, 206
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Cache-Control", "no-store")
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.end_headers()
        if not body or size == 0:
            return
        try:
            if isinstance(resource, bytes):
                self.wfile.write(resource[start:end + 1])
            else:
                with open(resource, "rb") as handle:
                    handle.seek(start)
                    left = end - start + 1
                    while left > 0:
                        chunk = handle.read(min(left, 256 * 1024))
                        if not chunk:
                            break
                        self.wfile.write(chunk)
                        left -= len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser cancelled a range it no longer needs: normal when seeking

    def _plain(self, status: int, text: str) -> None:
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def _parse_range(header: str, size: int) -> Optional[tuple[int, int]]:
    """One byte range (what browsers send for media); None when unsatisfiable."""
    match = _RANGE.match(header.strip())
    if not match or size == 0:
        return None
    first, last = match.groups()
    if first == "" and last == "":
        return None
    if first == "":                       # suffix: the last N bytes
        n = int(last)
        return (max(size - n, 0), size - 1) if n else None
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    return (start, end) if start <= end and start < size else None


# -- putting it together ------------------------------------------------------------------------

def make_server(video: str, files: Sequence[CaptionFile], *, port: int = 0,
                one_per_language: bool = True) -> tuple[PreviewServer, list[PageTrack]]:
    tracks = page_tracks(files, one_per_language=one_per_language)
    ext = Path(video).suffix.lower()
    vtype = VIDEO_TYPES.get(ext) or mimetypes.guess_type(video)[0] or "application/octet-stream"
    video_url = "/video" + ext
    page = build_page(Path(video).name, video_url, vtype, tracks)
    resources: dict[str, tuple[str, Resource]] = {
        "/": ("text/html; charset=utf-8", page.encode("utf-8")),
        video_url: (vtype, str(video)),
    }
    for t in tracks:
        resources[t.url] = ("text/vtt; charset=utf-8", t.vtt)
    try:
        server = PreviewServer(resources, port)
    except OSError as exc:
        from ..errors import UsageError
        raise UsageError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from None
    return server, tracks


def mpv_command(video: str, files: Sequence[CaptionFile], embedded_languages: Sequence[str] = (),
                prefer: str = "uk") -> str:
    """The mpv command that plays the video with the Ukrainian track (or the first one)."""
    from ..languages import lookup

    want = lookup(prefer)
    if want and want.iso639_2 in embedded_languages:
        return shlex.join(["mpv", f"--slang={want.iso639_2}", str(video)])
    pick = next((f for f in files if f.language == want), files[0] if files else None)
    if pick is None:
        return shlex.join(["mpv", str(video)])
    return shlex.join(["mpv", f"--sub-file={pick.path}", str(video)])
