"""Rendering captions in real players for the language tests: Chromium and mpv screenshots.

Chromium gets a page with a ``<video>`` and one ``<track>``, served from
127.0.0.1 with HTTP Range support (without it Chromium cannot seek a video it
has not cached); each cue is shown by seeking into it, its text read back
from ``activeCues`` and the page photographed.  mpv renders one frame with
the subtitle burnt in through ``--vo=image``.  Screenshots are PNG; pixels
are read back through ffmpeg as 8-bit gray.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Iterator, Optional, Sequence

import pytest

from media_helpers import binary_or_skip, chromium_or_skip, ffmpeg_or_skip

VIDEO_W, VIDEO_H = 960, 360
BACKGROUND = "0x203040"


def make_video(path: Path, seconds: int = 30) -> Path:
    """A plain dark VP9 clip (WebM plays in Chromium and mpv alike)."""
    ffmpeg = ffmpeg_or_skip()
    subprocess.run([ffmpeg, "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    f"color=c={BACKGROUND}:size={VIDEO_W}x{VIDEO_H}:rate=25:duration={seconds}",
                    "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "100k",
                    str(path)], check=True, capture_output=True)
    return path


class _RangeHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # quiet
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        wanted = self.headers.get("Range")
        if not wanted or not os.path.isfile(path):
            return super().send_head()
        size = os.path.getsize(path)
        first, _, last = wanted.replace("bytes=", "").partition("-")
        start = int(first or 0)
        end = min(int(last) if last else size - 1, size - 1)
        handle = open(path, "rb")
        handle.seek(start)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        self.range_left = end - start + 1
        return handle

    def copyfile(self, source, outputfile) -> None:
        left = getattr(self, "range_left", None)
        if left is None:
            return super().copyfile(source, outputfile)
        while left > 0:
            chunk = source.read(min(65536, left))
            if not chunk:
                break
            outputfile.write(chunk)
            left -= len(chunk)


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    handler = functools.partial(_RangeHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def page(folder: Path, name: str, video: str, vtt: str, language: str, *,
         line_height: Optional[float] = None) -> str:
    """An HTML page with the video and one default subtitle track; returns its file name."""
    style = f"video::cue{{line-height:{line_height}}}" if line_height else ""
    (folder / f"{name}.html").write_text(
        f'<!doctype html><html><head><meta charset="utf-8"><style>{style}</style></head>'
        f'<body style="margin:0;background:#000">'
        f'<video id="video" src="{video}" width="{VIDEO_W}" height="{VIDEO_H}" preload="auto" muted>'
        f'<track kind="subtitles" srclang="{language}" label="{language}" src="{vtt}" default>'
        f'</video></body></html>', encoding="utf-8")
    return f"{name}.html"


def chromium_shots(url: str, times_s: Sequence[float], shots: Path, prefix: str) -> list[tuple[str, Path]]:
    """For each time: (the active cue's text as Chromium read it, its screenshot)."""
    chromium_or_skip()
    from playwright.sync_api import sync_playwright

    from captions.media.verify import CHROMIUM_FLAGS, find_chromium

    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_FLAGS)
        try:
            tab = browser.new_page(viewport={"width": VIDEO_W, "height": VIDEO_H})
            tab.goto(url)
            tab.wait_for_function("document.getElementById('video').readyState >= 1 && "
                                  "document.querySelector('track').readyState === 2")
            for k, t in enumerate(times_s):
                state = None
                for _ in range(100):
                    tab.evaluate(f"(() => {{const v = document.getElementById('video');"
                                 f" v.textTracks[0].mode = 'showing';"
                                 f" if (Math.abs(v.currentTime - {t}) > 0.01) v.currentTime = {t};}})()")
                    state = tab.evaluate(
                        "(() => {const v = document.getElementById('video'); const c = v.textTracks[0].activeCues;"
                        " return {n: c ? c.length : 0, t: v.currentTime, seeking: v.seeking,"
                        " text: c && c.length ? c[0].text : null};})()")
                    if state["n"] and not state["seeking"] and abs(state["t"] - t) < 0.05:
                        break
                    time.sleep(0.05)
                assert state and state["n"] == 1, f"no cue shown at {t} s: {state}"
                time.sleep(0.4)  # let the cue box paint
                path = shots / f"{prefix}-{k}.png"
                tab.screenshot(path=str(path))
                out.append((state["text"], path))
        finally:
            browser.close()
    return out


def mpv_shot(video: Path, subtitles: Path, at_s: float, path: Path, *, font_size: int = 48) -> Path:
    """One frame of ``video`` at ``at_s`` with mpv's rendering of ``subtitles`` burnt in."""
    mpv = binary_or_skip("mpv")
    folder = path.parent / f".{path.stem}-frames"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    subprocess.run([mpv, "--no-config", "--really-quiet", "--vo=image", "--vo-image-format=png",
                    f"--vo-image-outdir={folder}", "--ao=null", f"--sub-file={subtitles}",
                    f"--start={at_s}", "--frames=1", f"--sub-font-size={font_size}",
                    "--sub-font=DejaVu Sans", str(video)], check=True, capture_output=True, timeout=60)
    frames = sorted(folder.glob("*.png"))
    assert frames, "mpv wrote no frame"
    shutil.move(str(frames[0]), path)
    shutil.rmtree(folder, ignore_errors=True)
    return path


def gray(png: Path, size: tuple[int, int] = (VIDEO_W, VIDEO_H)) -> bytes:
    ffmpeg = ffmpeg_or_skip()
    proc = subprocess.run([ffmpeg, "-hide_banner", "-loglevel", "error", "-i", str(png),
                           "-f", "rawvideo", "-pix_fmt", "gray", "-"], capture_output=True, check=True)
    assert len(proc.stdout) == size[0] * size[1], "unexpected screenshot size"
    return proc.stdout


def text_extent(pixels: bytes, width: int = VIDEO_W, threshold: int = 170):
    """(rows with bright text pixels, leftmost column, rightmost column) of a screenshot."""
    rows, left, right = [], width, -1
    for y in range(len(pixels) // width):
        row = pixels[y * width:(y + 1) * width]
        bright = [x for x in range(width) if row[x] > threshold]
        if bright:
            rows.append(y)
            left, right = min(left, bright[0]), max(right, bright[-1])
    return rows, left, right


def bands(rows: Sequence[int], gap: int = 6) -> int:
    """Runs of rows with text, gaps under ``gap`` rows bridged (Arabic dots, Thai marks
    sit a few rows from their letters): one per line when lines are spaced out."""
    count, previous = 0, None
    for y in rows:
        if previous is None or y > previous + gap:
            count += 1
        previous = y
    return count


def skip_without_font(language: str) -> None:
    fc = shutil.which("fc-list")
    if fc:
        found = subprocess.run([fc, f":lang={language}", "family"], capture_output=True, text=True).stdout
        if not found.strip():
            pytest.skip(f"no font for {language} (Debian: fonts-wqy-microhei, fonts-tlwg-garuda-ttf)")
