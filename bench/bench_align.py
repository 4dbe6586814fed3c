"""Benchmark: timing from text vs speech regions vs forced alignment (issue 6).

Synthetic speech (espeak-ng, two voices, known sentence edges):
  (a) text-only estimate (duration proportional to characters, true total length given),
  (b) VAD speech regions, text spread over them by length,
  (c) pocketsphinx forced alignment with VAD onset snapping (``align_cues``).
For each: sentence-edge error (median / p90 / max, ms) and real-time factor.
Then a 10- and a 30-minute file (the set repeated, voices and speeds varied): where the
time goes in one process, then speed, peak memory and edge error with 1 and with 2
processes (``align_cues(jobs=...)``), each run in a fresh process so its peak RSS is its
own, and whether the cue times are identical across all runs.

    python bench/bench_align.py            # everything (about 10 minutes)
    python bench/bench_align.py --quick    # synthetic set only
    python bench/bench_align.py --long --repeat 5
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
                           edge_errors, percentile, speaker_change_pieces, synth, varied_briefing)


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
    k = 1
    while True:
        pieces = varied_briefing(k)
        total = sum(len(synth(p.text, p.voice, p.speed)) / RATE + p.gap_before / 1000
                    for p in pieces)
        if total >= minutes * 60:
            return pieces
        k += 1


def _proc_status(pid: int, key: str) -> float:
    """A ``kB`` field of /proc/PID/status in MB (nan if the process is gone)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _private_mb(pid: int) -> float:
    """Memory only this process holds (USS): forked workers share the parent's pages."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            return sum(int(line.split()[1]) for line in f
                       if line.startswith(("Private_Clean:", "Private_Dirty:"))) / 1024
    except OSError:
        return float("nan")


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def run_one(path: str, pieces_json: str, jobs: int, cues_out: str) -> None:
    """Child process: align one file, print JSON with time, memory and accuracy."""
    from align_helpers import Clip, Piece

    from captions.align import align_cues

    spec = json.loads(open(pieces_json).read())
    pieces = [Piece(**p) for p in spec["pieces"]]
    clip = Clip(path, pieces, spec["onsets"], spec["ends"], spec["duration"])
    cues = cues_for(pieces)
    began = time.perf_counter()
    result = align_cues(cues, path, jobs=jobs)
    took = time.perf_counter() - began
    usage = resource.getrusage(resource.RUSAGE_SELF)
    with open(cues_out, "w") as f:
        json.dump([(c.start, c.end, c.speech_end, c.provenance) for c in result.cues], f)
    errors = edge_errors(result.cues, clip)
    print(json.dumps({"seconds": took, "cpu": usage.ru_utime + usage.ru_stime,
                      "peak_mb": _proc_status(os.getpid(), "VmHWM"), "summary": result.summary,
                      "median": percentile(errors, 50), "p90": percentile(errors, 90)}))


def _measure(cmd: list[str]) -> tuple[dict, dict[int, tuple[float, float]]]:
    """Run ``cmd``; its JSON line, and each worker's peak RSS and peak private memory."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    workers: dict[int, tuple[float, float]] = {}
    while proc.poll() is None:
        for pid in _children(proc.pid):
            rss, own = _proc_status(pid, "VmHWM"), _private_mb(pid)
            old = workers.get(pid, (0.0, 0.0))
            workers[pid] = (max(old[0], rss if rss == rss else 0.0),
                            max(old[1], own if own == own else 0.0))
        time.sleep(0.2)
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(err[-2000:])
    workers = {pid: m for pid, m in workers.items() if m[0] > 50}   # not ffmpeg, espeak-ng
    return json.loads(out.strip().splitlines()[-1]), workers


def bench_long(folder, minutes_list=(10, 30), jobs_list=(1, 2), repeat: int = 3):
    print(f"\nlong media: each run in a fresh process, {repeat} runs, median wall time "
          f"(peak RSS: VmHWM; forked workers share the parent's pages, so their own "
          f"memory is given as 'private'); load average before: "
          f"{os.getloadavg()[0]:.1f}")
    for minutes in minutes_list:
        pieces = long_pieces(minutes)
        path = os.path.join(folder, f"long{minutes}.wav")
        clip = build_clip(pieces, path, snr_db=25)
        spec = os.path.join(folder, f"long{minutes}.json")
        with open(spec, "w") as f:
            json.dump({"pieces": [dataclasses.asdict(p) for p in pieces], "onsets": clip.onsets,
                       "ends": clip.ends, "duration": clip.duration}, f)
        audio_s = clip.duration / 1000
        cue_files = []
        for jobs in jobs_list:
            runs = []
            for r in range(repeat):
                cues_out = os.path.join(folder, f"long{minutes}-{jobs}-{r}.json")
                cue_files.append(cues_out)
                runs.append(_measure([sys.executable, __file__, "--one", path, spec,
                                      str(jobs), cues_out]))
            walls = sorted(got["seconds"] for got, _ in runs)
            got = runs[0][0]
            worker_rss = max((m[0] for _, w in runs for m in w.values()), default=0.0)
            worker_own = max((m[1] for _, w in runs for m in w.values()), default=0.0)
            med = walls[len(walls) // 2]
            memory = f"peak {max(g['peak_mb'] for g, _ in runs):.0f} MB"
            if jobs > 1:
                memory += (f" + {jobs} workers of at most {worker_rss:.0f} MB "
                           f"({worker_own:.0f} MB private)")
            print(f"  {audio_s / 60:5.1f} min, {jobs} process{'es' if jobs > 1 else ''}: "
                  f"{med:6.1f} s wall (runs {', '.join(f'{w:.1f}' for w in walls)}), "
                  f"RTF {med / audio_s:.3f}; {memory}; edges median {got['median']:.0f} ms, "
                  f"p90 {got['p90']:.0f} ms; {got['summary']}")
        same = len({open(f).read() for f in cue_files}) == 1
        print(f"  cue times identical across all runs: {'yes' if same else 'NO'}")


def bench_stages(folder, minutes: float = 30):
    """Where the time goes in one process: each stage of aligning a long file."""
    from captions.align.aligner import decode_chunk, make_decoder, make_plan
    from captions.align.audio import add_noise_floor, extract_pcm
    from captions.align.chunks import align_chunks
    from captions.align.parallel import audio_for
    from captions.align.pronounce import normalise, pronunciations
    from captions.align.vad import frame_levels, speech_regions

    pieces = long_pieces(minutes)
    path = os.path.join(folder, f"stages{minutes}.wav")
    clip = build_clip(pieces, path, snr_db=25)
    cues = cues_for(pieces)
    stages: dict[str, float] = {}

    def timed(name, fn, *args, **kwargs):
        began = time.perf_counter()
        out = fn(*args, **kwargs)
        stages[name] = stages.get(name, 0.0) + time.perf_counter() - began
        return out

    pcm = timed("extract (ffmpeg) + noise floor", lambda: add_noise_floor(extract_pcm(path)))
    regions = timed("voice activity detection", speech_regions, pcm)
    decoder = timed("decoder set-up", make_decoder)
    words = [[normalise(w) for w in c.words()] for c in cues]
    flat = [t for cue in words for word in cue for t in word]
    groups, k = [], 0
    for cue in words:
        groups.append(k)
        k += sum(len(word) for word in cue)
    extra = timed("pronunciations", pronunciations, flat, decoder.lookup_word)
    for i, (word, phones) in enumerate(sorted(extra.items())):
        decoder.add_word(word, phones, i == len(extra) - 1)
    planner = timed("plan (spans, syllable peaks)", make_plan, pcm, flat, regions,
                    decoder.lookup_word)
    chunk_times: list[float] = []

    def run(batch):
        out = {}
        for job in batch:
            began = time.perf_counter()
            decoder.reinit_feat()
            out[job.index] = decode_chunk(decoder, audio_for(pcm, job), flat, groups, job)
            chunk_times.append(time.perf_counter() - began)
        return out

    timed("chunk decodes", align_chunks, planner, run)
    timed("onset levels (timeline)", frame_levels, pcm)
    total = sum(stages.values())
    print(f"\nwhere the time goes, {clip.duration / 60000:.1f} min in one process "
          f"({len(chunk_times)} chunk decodes of {len(planner.spans)} chunks, "
          f"{min(chunk_times):.2f}-{max(chunk_times):.2f} s each):")
    for name, took in stages.items():
        print(f"  {name:<34}{took:6.2f} s  {100 * took / total:4.1f} %")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="synthetic set only")
    parser.add_argument("--long", action="store_true", help="long files only")
    parser.add_argument("--repeat", type=int, default=3, help="runs per long file (default 3)")
    parser.add_argument("--one", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        path, spec, jobs, cues_out = args.one
        run_one(path, spec, int(jobs), cues_out)
        return
    with tempfile.TemporaryDirectory() as folder:
        if not args.long:
            bench_synthetic(folder)
        if not args.quick:
            bench_stages(folder)
            bench_long(folder, repeat=args.repeat)


if __name__ == "__main__":
    main()
