"""Benchmark of attaching captions and verifying them in players (issue 5).

Run on purpose: python bench/bench_media.py

A 2-minute clip (640x360, 25 fps, H.264/AAC; and VP9/Opus for WebM) made with
ffmpeg's lavfi; the seed transcript's English captions generated for 120 s and
a Cyrillic copy of them as the Ukrainian track.  Measured (median of N runs):

1. attach, two tracks: MP4 (mov_text), MKV (copy), WebM (VTT), in-process.
2. attach --burn uk (re-encodes the picture), once, for scale.
3. verify per player on the attached MP4: ffmpeg, mpv, chromium (each includes
   start-up: a fresh Chromium, one mpv per track).
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
SEED = ROOT / "transcripts" / "stoltenberg-kyiv.txt"


def timed(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    from captions.cli import main as cli
    from captions.ffmpeg import find_ffmpeg
    from captions.media.attach import attach
    from captions.media.verify import verify
    from media_helpers import cyrillic_copy

    ffmpeg = find_ffmpeg()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        assert cli(["generate", str(SEED), "--duration", "120", "-o", str(folder), "-q"]) == 0
        en_srt = folder / "stoltenberg-kyiv.en.srt"
        en_vtt = folder / "stoltenberg-kyiv.en.vtt"
        uk_srt = cyrillic_copy(en_vtt, folder / "stoltenberg-kyiv.uk.srt")
        uk_vtt = cyrillic_copy(en_vtt, folder / "stoltenberg-kyiv.uk.vtt")
        source = ["-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=121",
                  "-f", "lavfi", "-i", "sine=duration=121"]
        start = time.perf_counter()
        mp4, webm = folder / "clip.mp4", folder / "clip.webm"
        subprocess.run([ffmpeg, "-v", "error", *source, "-c:v", "libx264", "-preset", "veryfast",
                        "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(mp4)], check=True)
        subprocess.run([ffmpeg, "-v", "error", *source, "-c:v", "libvpx-vp9", "-deadline", "realtime",
                        "-cpu-used", "8", "-b:v", "500k", "-c:a", "libopus", "-shortest", str(webm)], check=True)
        cues = len(en_srt.read_text(encoding="utf-8").strip().split("\n\n"))
        print(f"media: 2-minute clips made in {time.perf_counter() - start:.1f} s "
              f"({mp4.stat().st_size // 1024} KB mp4, {webm.stat().st_size // 1024} KB webm); "
              f"{cues} cues per track")

        runs = 5
        for name, video, files in [("mp4", mp4, [en_srt, uk_srt]), ("mkv", mp4, [en_srt, uk_vtt]),
                                   ("webm", webm, [en_vtt, uk_vtt])]:
            out = folder / f"out.{name}"
            median, _ = timed(lambda: attach(video, files, out), runs)
            print(f"attach two tracks -> {name:<4}: median {median:.3f} s of {runs}")
        median, _ = timed(lambda: attach(mp4, [en_srt, uk_srt], folder / "burnt.mp4", burn="uk"), 1)
        print(f"attach --burn uk  -> mp4 : {median:.1f} s (one run; re-encodes 2 min of 640x360 video)")

        attached = folder / "out.mp4"
        runs = 3
        total = 0.0
        for player in ("ffmpeg", "mpv", "chromium"):
            median, report = timed(lambda: verify(attached, [en_srt, uk_srt], players=[player]), runs)
            total += median
            state = "ok" if report.ok else "DIFFERENCES"
            skipped = f" (skipped: {report.skipped[0][1]})" if report.skipped else ""
            print(f"verify {player:<8} on the attached mp4, 2 tracks: median {median:.2f} s of {runs} "
                  f"[{state}]{skipped}")
        print(f"verify, all three players: about {total:.1f} s")


if __name__ == "__main__":
    main()
