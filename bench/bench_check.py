"""Benchmark and fuzz run of the subtitle readers and ``captions check`` (issue 4).

    python bench/bench_check.py              # speed on 1k/10k/100k cues + 20,000 fuzz inputs
    python bench/bench_check.py --fuzz 2000  # a shorter fuzz run

Speed: synthetic SRT and WebVTT files with varied cues (labels, voices, tags,
a few rule breaks); read + check, median of three runs, and the peak memory of
the process.  Fuzz: arbitrary bytes and mutated valid files through the reader
(lenient and strict) and every rule; the only acceptable outcomes are a result
or one of our own errors.
"""
from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from captions.check import check_track, summary  # noqa: E402
from captions.errors import CaptionsError  # noqa: E402
from captions.formats.read import parse_subtitles  # noqa: E402
from captions.profiles import NETFLIX_EN  # noqa: E402
from captions.timestamps import srt_timestamp, vtt_timestamp  # noqa: E402
from captions.textio import decode  # noqa: E402

LINES = ["We discussed the summit and the results", "of Vilnius & how it really works.",
         "Ukraine's future is in NATO.", "<i>Thank you</i> so much again,", "Secretary General."]


def synthetic(n: int, fmt: str) -> str:
    out = ["WEBVTT\n"] if fmt == "vtt" else []
    clock = 0
    for i in range(n):
        start, end = clock, clock + 1500 + (i * 37) % 3000
        clock = end + 83 + (i * 13) % 400
        stamp = vtt_timestamp if fmt == "vtt" else srt_timestamp
        text = [LINES[i % 5], LINES[(i + 1) % 5]][: 1 + i % 2]
        if fmt == "vtt":
            text = [t.replace("&", "&amp;") for t in text]
            text[0] = f"<v Jens Stoltenberg>{text[0]}"
        elif i % 7 == 0:
            text[0] = f"STOLTENBERG: {text[0]}"
        head = "" if fmt == "vtt" else f"{i + 1}\n"
        out.append(f"{head}{stamp(start)} --> {stamp(end)}\n" + "\n".join(text) + "\n")
    return "\n".join(out)


def bench_speed() -> None:
    print("read + check (median of 3), netflix-en")
    for fmt in ("srt", "vtt"):
        for n in (1_000, 10_000, 100_000):
            text = synthetic(n, fmt)
            read_t, check_t = [], []
            for _ in range(3):
                t0 = time.perf_counter()
                result = parse_subtitles(text, fmt=fmt)
                t1 = time.perf_counter()
                violations = check_track(result.track, NETFLIX_EN, raw=result)
                t2 = time.perf_counter()
                read_t.append(t1 - t0)
                check_t.append(t2 - t1)
            r, c = statistics.median(read_t), statistics.median(check_t)
            print(f"  {fmt} {n:>7} cues {len(text) / 1e6:6.1f} MB  read {r:6.2f} s "
                  f"({n / r:8.0f} cues/s)  check {c:6.2f} s ({n / c:8.0f} cues/s)  "
                  f"{summary(violations, result.track)}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak RSS of this process: {peak:.0f} MB")


def bench_fuzz(examples: int) -> int:
    from hypothesis import HealthCheck, given, settings, strategies as st

    valid = [synthetic(12, "srt").encode(), synthetic(12, "vtt").encode()]
    noise = [b"\xef\xbb\xbf", b"\r", b"\r\n", b"-->", b" --> ", b"\n\n", b"<v ", b"</v>", b"&",
             b"<", b":", b"00:00:01,000", b"99:99:99.999", b"WEBVTT", b"NOTE", b"STYLE\n",
             b"\xff\xfe", b"\xc3", b"1\n", b"ZELENSKYY: ", b"-", b"<i>", b"{\\an8}"]

    @st.composite
    def mutated(draw):
        data = bytearray(draw(st.sampled_from(valid)))
        for _ in range(draw(st.integers(1, 12))):
            at = draw(st.integers(0, len(data)))
            op = draw(st.integers(0, 2))
            if op == 0 and data:
                data[min(at, len(data) - 1)] = draw(st.integers(0, 255))
            elif op == 1:
                data[at:at] = draw(st.sampled_from(noise))
            else:
                del data[at:at + draw(st.integers(1, 40))]
        return bytes(data)

    crashes: list = []
    count = [0]

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.one_of(st.binary(max_size=1500), mutated()), st.sampled_from(["srt", "vtt", None]))
    def one(data, fmt):
        count[0] += 1
        for strict in (False, True):
            try:
                result = parse_subtitles(decode(data), fmt=fmt, strict=strict)
                summary(check_track(result.track, NETFLIX_EN, raw=result), result.track, raw=result)
            except CaptionsError:
                pass
            except Exception as exc:  # noqa: BLE001 - a crash is what we are looking for
                crashes.append((data, exc))

    t0 = time.perf_counter()
    one()
    elapsed = time.perf_counter() - t0
    print(f"fuzz: {count[0]} inputs (lenient and strict, all rules) in {elapsed:.0f} s: "
          f"{len(crashes)} crashes")
    for data, exc in crashes[:5]:
        print(f"  {type(exc).__name__}: {exc} on {data[:80]!r}")
    return 1 if crashes else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fuzz", type=int, default=20_000, help="fuzz examples (0: none)")
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args()
    if not args.no_speed:
        bench_speed()
    return bench_fuzz(args.fuzz) if args.fuzz else 0


if __name__ == "__main__":
    sys.exit(main())
