"""Benchmark: timing from text vs speech regions vs forced alignment (issue 6).

Synthetic speech (espeak-ng, two voices, known sentence edges):
  (a) text-only estimate (duration proportional to characters, true total length given),
  (b) VAD speech regions, text spread over them by length,
  (c) pocketsphinx forced alignment with VAD onset snapping (``align_cues``).
For each: sentence-edge error (median / p90 / max, ms) and real-time factor.
Then a 10- and a 30-minute file (the set repeated, voices and speeds varied) for speed
and peak memory, each aligned in a fresh process so its peak RSS is its own.

    python bench/bench_align.py            # everything (several minutes)
    python bench/bench_align.py --quick    # synthetic set only
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path[:0] = [ROOT, os.path.join(ROOT, "tests")]

from align_helpers import (RATE, briefing_pieces, build_clip, cues_for,  # noqa: E402
                           edge_errors, percentile, speaker_change_pieces, synth)


def synthetic_set():
    return {
        "two voices": (briefing_pieces(), None),
        "fast": (briefing_pieces(fast=True), None),
        "noisy 10 dB": (briefing_pieces(), 10),
        "short pauses": (briefing_pieces(gaps=(150, 250, 200)), None),
        "speaker change": (speaker_change_pieces(), 20),
    }


def method_text_only(clip):
    from captions.model import Transcript, Turn
    from captions.pipeline import make_track

    turns = []
    for p in clip.pieces:
        if turns and turns[-1].speaker == p.speaker:
            turns[-1] = Turn(p.speaker, turns[-1].paragraphs + (p.text,))
        else:
            turns.append(Turn(p.speaker, (p.text,)))
    return make_track(Transcript(tuple(turns)), duration_ms=clip.duration).cues


def method_spread(clip):
    from captions.align.audio import add_noise_floor, extract_pcm
    from captions.align.place import Regions, spread_over_speech
    from captions.align.vad import speech_regions
    from captions.fit import display_times
    from captions.profiles import NETFLIX_EN

    pcm = add_noise_floor(extract_pcm(clip.path))
    regions = Regions(speech_regions(pcm))
    cues = cues_for(clip.pieces)
    return display_times(spread_over_speech(cues, regions, 0, clip.duration), NETFLIX_EN)


def method_align(clip):
    from captions.align import align_cues

    return align_cues(cues_for(clip.pieces), clip.path).cues


def bench_synthetic(folder):
    clips = {name: build_clip(p, os.path.join(folder, f"s{i}.wav"), snr_db=snr)
             for i, (name, (p, snr)) in enumerate(synthetic_set().items())}
    audio_s = sum(c.duration for c in clips.values()) / 1000
    print(f"synthetic set: {len(clips)} clips, {audio_s:.0f} s of audio, "
          f"{sum(len(c.pieces) for c in clips.values())} sentences/turns")
    print(f"{'method':<26}{'median':>8}{'p90':>8}{'max':>8}{'RTF':>9}   (RTF: wall time / audio)")
    for label, method in (("(a) text only", method_text_only),
                          ("(b) speech-region spread", method_spread),
                          ("(c) forced alignment", method_align)):
        errors, took = [], 0.0
        for clip in clips.values():
            began = time.perf_counter()
            cues = method(clip)
            took += time.perf_counter() - began
            errors += edge_errors(cues, clip)
        print(f"{label:<26}{percentile(errors, 50):>6.0f}ms{percentile(errors, 90):>6.0f}ms"
              f"{max(errors):>6.0f}ms{took / audio_s:>9.3f}")
    # per-variant detail for forced alignment
    for name, clip in clips.items():
        errs = edge_errors(method_align(clip), clip)
        print(f"    {name:<22} median {percentile(errs, 50):.0f} ms, p90 "
              f"{percentile(errs, 90):.0f} ms")


def long_pieces(minutes: float):
    """The briefing over and over, voices and speeds varied, to about ``minutes``."""
    base = briefing_pieces()
    pieces, total = [], 0.0
    k = 0
    while total < minutes * 60:
        for p in base:
            variant = dataclasses.replace(p, speed=(150, 175, 200, 220)[k % 4],
                                          gap_before=p.gap_before + 100 * (k % 3))
            pieces.append(variant)
            total += len(synth(p.text, p.voice, variant.speed)) / RATE + variant.gap_before / 1000
        k += 1
    return pieces


def _vm_hwm_mb() -> float:
    """Peak resident memory of this process image.

    Not ``ru_maxrss``: on Linux that survives fork+exec, so a child would
    report its parent's peak (here the parent built a 30-minute signal).
    """
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def run_one(path: str, pieces_json: str) -> None:
    """Child process: align one file, print JSON with time and peak memory."""
    from align_helpers import Piece

    from captions.align import align_cues

    pieces = [Piece(**p) for p in json.loads(open(pieces_json).read())]
    cues = cues_for(pieces)
    began = time.perf_counter()
    result = align_cues(cues, path, progress=True)
    took = time.perf_counter() - began
    usage = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)   # ffmpeg, espeak-ng
    cpu = usage.ru_utime + usage.ru_stime + children.ru_utime + children.ru_stime
    peak_mb = _vm_hwm_mb()
    print(json.dumps({"seconds": took, "cpu": cpu, "peak_mb": peak_mb, "summary": result.summary,
                      "cues": len(result.cues)}))


def bench_long(folder, minutes_list=(10, 30)):
    print("\nlong media (fresh process per file; peak = VmHWM of that process):")
    for minutes in minutes_list:
        pieces = long_pieces(minutes)
        path = os.path.join(folder, f"long{minutes}.wav")
        clip = build_clip(pieces, path, snr_db=25)
        spec = os.path.join(folder, f"long{minutes}.json")
        with open(spec, "w") as f:
            json.dump([dataclasses.asdict(p) for p in pieces], f)
        proc = subprocess.run([sys.executable, __file__, "--one", path, spec],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            print(proc.stderr[-2000:])
            continue
        got = json.loads(proc.stdout.strip().splitlines()[-1])
        audio_s = clip.duration / 1000
        print(f"  {audio_s / 60:5.1f} min: {got['seconds']:6.1f} s wall, RTF "
              f"{got['seconds'] / audio_s:.3f} (process CPU incl. start-up {got['cpu']:.1f} s, "
              f"{got['cpu'] / audio_s:.3f}), peak {got['peak_mb']:.0f} MB, {got['cues']} cues; "
              f"{got['summary']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="synthetic set only")
    parser.add_argument("--one", nargs=2, metavar=("MEDIA", "PIECES_JSON"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run_one(*args.one)
        return
    with tempfile.TemporaryDirectory() as folder:
        bench_synthetic(folder)
        if not args.quick:
            bench_long(folder)


if __name__ == "__main__":
    main()
