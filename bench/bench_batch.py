"""Benchmark: ``captions batch`` on one process, on all cores, and through a local Dask cluster.

Twenty synthetic clips (espeak-ng speech, two voices, 15-25 s each) with their
transcripts; every item is aligned.  Each configuration runs the whole command
end to end in a fresh process (``--force``, so every item is done): worker start-up
included, the Dask cluster's own start-up not (it is an existing cluster).
Reports items per minute, the speed-up of all cores over one process (target
>= 1.7x on 2 cores), the Dask overhead against the process pool (target <= 10 %),
and the peak memory of each worker (from the report).  The Dask outputs are
compared byte for byte with the local ones.

    python bench/bench_batch.py               # 20 clips, 3 rounds, median
    python bench/bench_batch.py --clips 8 --rounds 1
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}

from align_helpers import BRIEFING, Piece, build_clip  # noqa: E402


def make_clips(folder: Path, count: int) -> float:
    """``count`` clips of 5-7 sentences in varied order; returns the seconds of audio."""
    rng = random.Random(7)
    total = 0
    for n in range(count):
        sentences = rng.sample(BRIEFING, rng.randint(5, 7))
        pieces = [Piece(s, "en-us" if i % 2 == 0 else "en-gb+m3", rng.choice((160, 175, 190)),
                        rng.choice((400, 600, 900)), "AB"[i % 2]) for i, s in enumerate(sentences)]
        clip = build_clip(pieces, str(folder / f"clip{n:02d}.wav"))
        (folder / f"clip{n:02d}.txt").write_text(
            "".join(f"{'ANN' if i % 2 == 0 else 'BOB'}: {s}\n\n" for i, s in enumerate(sentences)))
        total += clip.duration
    return total / 1000


def run_batch(source: Path, out: Path, *extra: str) -> float:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "captions", "batch", str(source), "-o", str(out),
                           "--force", "-q", *extra], env=ENV, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"batch {' '.join(extra)} failed: {proc.stderr}")
    return seconds


def from_report(out: Path) -> tuple[dict[int, float], float]:
    """Peak RSS (MB) of each worker process, and the seconds the items took inside the
    workers (their sum against the wall time shows what is contention, what overhead)."""
    found: dict[int, float] = {}
    busy = 0.0
    for line in (out / "report.jsonl").read_text().splitlines():
        record = json.loads(line)
        worker = record["worker"]
        found[worker["pid"]] = max(found.get(worker["pid"], 0.0), worker["peak_mb"] or 0.0)
        busy += record["seconds"]
    return found, busy


def start_cluster(folder: Path, workers: int) -> tuple[Path, list[subprocess.Popen]]:
    """A scheduler and ``workers`` single-threaded workers on 127.0.0.1.  In this process's
    session, like the local runs' workers: with the kernel's autogroup scheduling (a fair
    CPU share per session), workers in sessions of their own would get more of a shared
    machine than the process pool's, and the comparison would measure that."""
    scheduler_file = folder / "scheduler.json"
    log = open(folder / "dask.log", "w")
    procs = [subprocess.Popen(["dask", "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                               "--scheduler-file", str(scheduler_file)], env=ENV, stdout=log, stderr=log,
                              cwd=folder)]
    while not scheduler_file.exists():
        time.sleep(0.1)
    for n in range(workers):
        procs.append(subprocess.Popen(["dask", "worker", "--scheduler-file", str(scheduler_file), "--nthreads", "1",
                                       "--host", "127.0.0.1", "--no-dashboard", "--name", f"w{n}"],
                                      env=ENV, stdout=log, stderr=log, cwd=folder))
    from distributed import Client

    with Client(scheduler_file=str(scheduler_file), timeout="60s") as client:
        client.wait_for_workers(workers, timeout=120)
    return scheduler_file, procs


def stop_cluster(procs: list[subprocess.Popen]) -> None:
    for proc in reversed(procs):     # a nanny takes its worker down with it
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()


def same_outputs(a: Path, b: Path) -> bool:
    names = sorted(p.name for p in a.iterdir() if p.name != "report.jsonl")
    return names == sorted(p.name for p in b.iterdir() if p.name != "report.jsonl") and all(
        (a / n).read_bytes() == (b / n).read_bytes() for n in names)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clips", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    work = Path(tempfile.mkdtemp(prefix="bench_batch_"))
    try:
        source = work / "clips"
        source.mkdir()
        audio = make_clips(source, args.clips)
        print(f"{args.clips} clips, {audio:.0f} s of speech, {cores} cores; median of {args.rounds}")
        scheduler_file, procs = start_cluster(work, cores)
        try:
            configs = {"1 process": ("--jobs", "1"), f"{cores} processes": ("--jobs", str(cores)),
                       f"Dask, {cores} workers": ("--scheduler", str(scheduler_file))}
            times: dict[str, list[float]] = {name: [] for name in configs}
            memory: dict[str, list[float]] = {name: [] for name in configs}
            busy: dict[str, list[float]] = {name: [] for name in configs}
            for _ in range(args.rounds):          # interleaved: load on a shared machine hits all alike
                for name, extra in configs.items():
                    out = work / name.replace(" ", "_").replace(",", "")
                    times[name].append(run_batch(source, out, *extra))
                    peak, seconds = from_report(out)
                    memory[name].extend(peak.values())
                    busy[name].append(seconds)
            local, remote = (work / n.replace(" ", "_").replace(",", "") for n in list(configs)[1:])
            identical = same_outputs(local, remote)
        finally:
            stop_cluster(procs)
        one, pool, dask = (statistics.median(times[n]) for n in configs)
        print(f"{'run':<20} {'seconds':>8} {'items/min':>10} {'peak MB/worker':>15} {'item s':>7}"
              "   all runs (s)")
        for name in configs:
            t = statistics.median(times[name])
            print(f"{name:<20} {t:8.1f} {args.clips / t * 60:10.1f} {max(memory[name]):15.0f} "
                  f"{statistics.median(busy[name]):7.1f}   " + " ".join(f"{x:.1f}" for x in times[name]))
        print("(item s: the items' own seconds inside the workers, summed: more than with one process "
              "means the cores slowed each other down)")
        names = list(configs)
        speedups = [a / b for a, b in zip(times[names[0]], times[names[1]])]
        overheads = [100 * (a / b - 1) for a, b in zip(times[names[2]], times[names[1]])]
        print(f"all cores vs one process: {one / pool:.2f}x of the medians; per round "
              + " ".join(f"{x:.2f}x" for x in speedups) + " (target >= 1.7x on 2 cores)")
        print(f"Dask vs process pool: {100 * (dask / pool - 1):+.1f} % time of the medians; per round "
              + " ".join(f"{x:+.0f}%" for x in overheads) + " (target <= +10 %)")
        print(f"Dask outputs identical to the local run: {identical}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
