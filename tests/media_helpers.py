"""Small real media for the media tests: 5 s clips made with ffmpeg's lavfi, caption files
with the hard cases (Cyrillic, ``&``, ``<``, two-line cues, voice spans, speaker labels).

The expected cues are written out here by hand, independently of our reader,
so a test compares what a player read with the truth, not with ourselves.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

CLIP_SECONDS = 5

# (start ms, end ms, text on screen) of the files below.  All cues end well
# before the clip's end: players clear subtitles at end of file.
EN_CUES = [
    (500, 1234, "Tom & Jerry: x < 5 then y > 3"),
    (1317, 2900, "Two lines here,\nthe second line."),
    (3001, 4200, "- Plain last cue <3"),
]
UK_CUES = [
    (480, 1250, "СТОЛТЕНБЕРГ: Том & Джеррі: x < 5"),
    (1333, 2950, "Два рядки тут,\nдругий рядок з «лапками»."),
    (3017, 4321, "Київ — «Україна» & НАТО"),
]

EN_VTT = """WEBVTT
Language: en

1
00:00:00.500 --> 00:00:01.234
<v Jens Stoltenberg>Tom &amp; Jerry: x &lt; 5 then y &gt; 3

2
00:00:01.317 --> 00:00:02.900
<v Jens Stoltenberg>Two lines here,
the second line.

3
00:00:03.001 --> 00:00:04.200
- Plain last cue &lt;3
"""

EN_SRT = """1
00:00:00,500 --> 00:00:01,234
Tom & Jerry: x < 5 then y > 3

2
00:00:01,317 --> 00:00:02,900
Two lines here,
the second line.

3
00:00:03,001 --> 00:00:04,200
- Plain last cue <3
"""

UK_SRT = """1
00:00:00,480 --> 00:00:01,250
СТОЛТЕНБЕРГ: Том & Джеррі: x < 5

2
00:00:01,333 --> 00:00:02,950
Два рядки тут,
другий рядок з «лапками».

3
00:00:03,017 --> 00:00:04,321
Київ — «Україна» & НАТО
"""

UK_VTT = """WEBVTT

1
00:00:00.480 --> 00:00:01.250
СТОЛТЕНБЕРГ: Том &amp; Джеррі: x &lt; 5

2
00:00:01.333 --> 00:00:02.950
<v Єнс Столтенберг>Два рядки тут,
другий рядок з «лапками».

3
00:00:03.017 --> 00:00:04.321
Київ — «Україна» &amp; НАТО
"""


def ffmpeg_or_skip() -> str:
    try:
        from captions.ffmpeg import find_ffmpeg

        return find_ffmpeg()
    except Exception as exc:  # MissingComponent
        print(f"SKIP reason: no ffmpeg ({exc})")
        pytest.skip(f"ffmpeg not available: {exc}")


def binary_or_skip(name: str) -> str:
    found = shutil.which(name)
    if not found:
        print(f"SKIP reason: {name} is not installed")
        pytest.skip(f"{name} is not installed (Debian package: {name})")
    return found


def chromium_or_skip() -> None:
    from captions.media.verify import missing_reason

    reason = missing_reason("chromium")
    if reason:
        print(f"SKIP reason: {reason}")
        pytest.skip(reason)


def make_clip(path: Path, kind: str, seconds: float = CLIP_SECONDS) -> Path:
    """A test clip: kind "mp4" (H.264/AAC), "webm" (VP9/Opus), "mkv" (H.264/AAC)."""
    ffmpeg = ffmpeg_or_skip()
    source = ["-f", "lavfi", "-i", f"testsrc2=size=320x180:rate=25:duration={seconds}",
              "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"]
    if kind == "webm":
        codecs = ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "200k",
                  "-c:a", "libopus"]
    else:
        codecs = ["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac"]
    subprocess.run([ffmpeg, "-hide_banner", "-loglevel", "error", "-y", *source, *codecs,
                    "-shortest", str(path)], check=True, capture_output=True)
    return path


def write_captions(folder: Path, stem: str = "talk") -> dict[str, Path]:
    """The four caption files, named so their language comes from the name."""
    files = {"en.vtt": EN_VTT, "en.srt": EN_SRT, "uk.srt": UK_SRT, "uk.vtt": UK_VTT}
    out = {}
    for suffix, text in files.items():
        path = folder / f"{stem}.{suffix}"
        path.write_text(text, encoding="utf-8")
        out[suffix] = path
    return out


def read_stream(media: Path, n: int) -> str:
    """Subtitle stream ``n`` of ``media`` as SRT text, converted by ffmpeg."""
    ffmpeg = ffmpeg_or_skip()
    proc = subprocess.run([ffmpeg, "-hide_banner", "-loglevel", "error", "-i", str(media),
                           "-map", f"0:s:{n}", "-f", "srt", "-"], capture_output=True, check=True)
    return proc.stdout.decode("utf-8")


def parse_srt_plain(text: str) -> list[tuple[int, int, str]]:
    """A deliberately independent, minimal SRT reading: (start, end, text) per block."""
    cues = []
    for block in text.replace("\r\n", "\n").strip().split("\n\n"):
        lines = block.split("\n")
        timing = lines[1]
        start, end = (_ms(part.strip()) for part in timing.split("-->"))
        cues.append((start, end, "\n".join(lines[2:])))
    return cues


def _ms(stamp: str) -> int:
    hms, millis = stamp.replace(".", ",").split(",")
    h, m, s = (int(x) for x in hms.split(":"))
    return ((h * 60 + m) * 60 + s) * 1000 + int(millis)


def gray_frame(media: Path, seconds: float, size=(320, 180)) -> bytes:
    """One decoded frame as 8-bit gray pixels."""
    ffmpeg = ffmpeg_or_skip()
    proc = subprocess.run([ffmpeg, "-hide_banner", "-loglevel", "error", "-ss", str(seconds),
                           "-i", str(media), "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", "-"],
                          capture_output=True, check=True)
    assert len(proc.stdout) == size[0] * size[1]
    return proc.stdout


def band_difference(a: bytes, b: bytes, width: int, rows: range) -> float:
    """Mean absolute pixel difference of two gray frames over ``rows``."""
    total = count = 0
    for y in rows:
        row_a, row_b = a[y * width:(y + 1) * width], b[y * width:(y + 1) * width]
        total += sum(abs(p - q) for p, q in zip(row_a, row_b))
        count += width
    return total / count


_CYRILLIC = dict(zip("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
                     "абцдефгхійклмнопкрстуввксизАБЦДЕФГХІЙКЛМНОПКРСТУВВКСИЗ"))


def cyrillic_copy(en_path: Path, out_path: Path) -> Path:
    """A "Ukrainian" track for tests: the English cues spelt in Cyrillic, same times and
    speakers, written by our own writers (SRT or VTT by ``out_path``'s extension)."""
    from captions.formats.read import read_subtitles

    track = read_subtitles(en_path, strict=True).track
    from dataclasses import replace

    cues = [replace(c, lines=tuple("".join(_CYRILLIC.get(ch, ch) for ch in line) for line in c.lines))
            for c in track.cues]
    uk = track.__class__(cues=tuple(cues), language="uk", title=track.title)
    if out_path.suffix == ".srt":
        from captions.formats.srt import format_srt
        text = format_srt(uk)
    else:
        from captions.formats.vtt import format_vtt
        text = format_vtt(uk)
    out_path.write_text(text, encoding="utf-8")
    return out_path
