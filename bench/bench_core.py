"""Benchmark of the plain English path (issue 2). Run on purpose: python bench/bench_core.py

1. Throughput: a synthetic transcript of >= 200,000 words (paragraphs of the seed's
   transcript in random order, two speakers), read -> segment -> time -> SRT + VTT,
   in-process.  Words per second (median of 5) and peak memory (tracemalloc).
   Target: >= 100,000 words/s.
2. Linearity: the same at 400,000 words.  Target: twice the words takes <= 2.2x as long.
3. Cold start: `captions generate` on the seed as a fresh process vs
   `python -c "import srt, webvtt"`, median of 9 runs each, with the bytecode
   Python writes by default (PYTHONDONTWRITEBYTECODE unset).  Target: <= 2x.
   Also lists what `python -X importtime` shows for heavy modules (expected: none).
"""
from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEED = ROOT / "transcripts" / "stoltenberg-kyiv.txt"
HEAVY = ("argostranslate", "ctranslate2", "torch", "numpy", "pocketsphinx", "playwright", "spacy", "stanza")


def synthetic_transcript(words: int, seed: int = 1) -> str:
    body = SEED.read_text(encoding="utf-8").split("Video transcript", 1)[1]
    paragraphs = [p.split(": ", 1)[-1] for p in body.split("\n") if p.strip()]
    rng = random.Random(seed)
    out, count, speaker = [], 0, 0
    while count < words:
        paragraph = rng.choice(paragraphs)
        if rng.random() < 0.3:
            speaker = 1 - speaker
            out.append(f"{('JENS STOLTENBERG', 'VOLODYMYR ZELENSKYY')[speaker]}: {paragraph}")
        else:
            out.append(paragraph)
        count += len(paragraph.split())
    return "Synthetic\n\nVideo transcript\n\n" + "\n\n".join(out) + "\n"


def run_once(text: str) -> float:
    from captions.formats.srt import format_srt
    from captions.formats.vtt import format_vtt
    from captions.pipeline import make_track
    from captions.transcript import parse_transcript

    t0 = time.perf_counter()
    track = make_track(parse_transcript(text))
    format_srt(track)
    format_vtt(track)
    return time.perf_counter() - t0


def throughput(words: int, repeats: int = 5) -> tuple[int, float]:
    text = synthetic_transcript(words)
    n = sum(len(p.split(": ", 1)[-1].split()) for p in text.split("\n\n")[2:])
    times = [run_once(text) for _ in range(repeats)]
    return n, statistics.median(times)


def peak_memory(words: int) -> float:
    text = synthetic_transcript(words)
    tracemalloc.start()
    run_once(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def cold_start(repeats: int = 9) -> tuple[float, float]:
    out = tempfile.mkdtemp()
    gen = [sys.executable, "-m", "captions", "generate", str(SEED), "-o", out, "-q"]
    base = [sys.executable, "-c", "import srt, webvtt"]

    # As on a user's machine, Python keeps the bytecode it compiled (an environment
    # with PYTHONDONTWRITEBYTECODE=1, as this project's test machine has, would make
    # every run compile the package from source, while srt and webvtt come compiled).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

    def timed(cmd):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT, env=env)
        return time.perf_counter() - t0

    timed(gen), timed(base)  # warm the file cache and write the bytecode
    g, b = [], []
    for _ in range(repeats):  # interleaved, so machine noise hits both alike
        g.append(timed(gen))
        b.append(timed(base))
    return statistics.median(g), statistics.median(b)


def heavy_imports() -> list[str]:
    out = tempfile.mkdtemp()
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "captions", "generate", str(SEED),
                           "-o", out, "-q"], capture_output=True, text=True, cwd=ROOT)
    names = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in proc.stderr.splitlines() if "|" in line}
    return sorted(names & set(HEAVY))


def main() -> None:
    n1, t1 = throughput(200_000)
    n2, t2 = throughput(400_000, repeats=3)
    mem = peak_memory(200_000)
    print(f"throughput: {n1} words in {t1:.3f} s = {n1 / t1:,.0f} words/s (target >= 100,000)")
    print(f"linearity: {n2} words in {t2:.3f} s; ratio {t2 / t1:.2f} for {n2 / n1:.2f}x the words (target <= 2.2)")
    print(f"peak memory (tracemalloc, 200k words): {mem:.0f} MiB")
    g, b = cold_start()
    print(f"cold start: captions generate (seed) {g * 1000:.0f} ms vs import srt, webvtt {b * 1000:.0f} ms;"
          f" ratio {g / b:.2f} (target <= 2)")
    print(f"heavy modules imported on the English path (-X importtime): {heavy_imports() or 'none'}")


if __name__ == "__main__":
    main()
