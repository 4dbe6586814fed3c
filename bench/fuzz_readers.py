"""Long fuzz run of every reader (issue 7). Run on purpose: python bench/fuzz_readers.py [examples]

Hypothesis feeds each reader arbitrary bytes and mutations of valid files (bytes
flipped, inserted, deleted; lines duplicated, dropped, swapped; BOMs, CRs and
NULs sprinkled in).  The only acceptable outcomes are a result or one of our
own errors (``CaptionsError``); anything else is a crash and is printed with the
input that caused it.  The test suite runs a short version of the same thing.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from captions.errors import CaptionsError  # noqa: E402
from captions.formats.read import parse_subtitles  # noqa: E402
from captions.textio import decode  # noqa: E402
from captions.transcript import parse_transcript  # noqa: E402

SEED = (ROOT / "transcripts" / "stoltenberg-kyiv.txt").read_bytes()
SRT = (ROOT / "output" / "stoltenberg-kyiv.en.srt").read_bytes()[:3000]
VTT = (ROOT / "output" / "stoltenberg-kyiv.en.vtt").read_bytes()[:3000]
NOISE = [b"\xef\xbb\xbf", b"\r", b"\r\n", b"\x00", b"-->", b" --> ", b"\n\n", b"<v ", b"&", b"<", b":",
         b"00:00:01,000", b"99:99:99.999", b"WEBVTT", b"NOTE", b"\xff\xfe", b"\xc3", b"1\n"]


@st.composite
def mutated(draw, base: bytes) -> bytes:
    data = bytearray(base)
    for _ in range(draw(st.integers(min_value=1, max_value=12))):
        op = draw(st.integers(min_value=0, max_value=4))
        at = draw(st.integers(min_value=0, max_value=max(0, len(data))))
        if op == 0 and data:
            data[min(at, len(data) - 1)] = draw(st.integers(min_value=0, max_value=255))
        elif op == 1:
            data[at:at] = draw(st.sampled_from(NOISE))
        elif op == 2:
            del data[at:at + draw(st.integers(min_value=1, max_value=40))]
        elif op == 3:
            lines = bytes(data).split(b"\n")
            i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines.insert(i, lines[i])
            data = bytearray(b"\n".join(lines))
        else:
            lines = bytes(data).split(b"\n")
            draw(st.randoms()).shuffle(lines)
            data = bytearray(b"\n".join(lines))
    return bytes(data)


inputs = st.one_of(st.binary(max_size=2000), mutated(SEED), mutated(SRT), mutated(VTT))
crashes: list[tuple[str, bytes, BaseException]] = []
counted = [0]


def exercise(data: bytes) -> None:
    counted[0] += 1
    for name, fn in (
        ("transcript", lambda: parse_transcript(decode(data))),
        ("srt", lambda: parse_subtitles(decode(data), fmt="srt")),
        ("vtt", lambda: parse_subtitles(decode(data), fmt="vtt")),
        ("srt-strict", lambda: parse_subtitles(decode(data), fmt="srt", strict=True)),
        ("vtt-strict", lambda: parse_subtitles(decode(data), fmt="vtt", strict=True)),
        ("auto", lambda: parse_subtitles(decode(data), fmt=None)),
    ):
        try:
            fn()
        except CaptionsError:
            pass
        except Exception as exc:  # a crash: record it and keep fuzzing
            crashes.append((name, data, exc))


def main() -> None:
    examples = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    run = settings(max_examples=examples, deadline=None, database=None,
                   suppress_health_check=list(HealthCheck))(given(inputs)(exercise))
    t0 = time.perf_counter()
    run()
    took = time.perf_counter() - t0
    print(f"fuzzed {counted[0]} inputs x 6 readers in {took:.0f} s: {len(crashes)} crashes")
    for name, data, exc in crashes[:10]:
        print(f"  {name}: {type(exc).__name__}: {exc} on {data[:120]!r}")
    sys.exit(1 if crashes else 0)


if __name__ == "__main__":
    main()
