"""What the review page needs from the video: length, frame rate, and the waveform's peaks.

The peaks are computed here with ffmpeg rather than in the browser: the
browser would have to fetch and decode the whole file into memory (an hour of
audio is ~1 GB of floats, and Chromium cannot decode the audio of every
container), while ffmpeg streams any container at a low rate and we keep one
byte per 10 ms.  wavesurfer.js then draws those peaks and plays the page's own
``<video>`` element, so seeking and playback stay the browser's.
"""
from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from array import array
from dataclasses import dataclass
from typing import Optional

from ..errors import InputError
from ..ffmpeg import find_ffmpeg, last_error
from ..ffmpeg import local, parse_listing

PEAKS_PER_SECOND = 100        # one peak per 10 ms: finer than a frame, 360 kB per hour
PEAK_RATE = 8000              # Hz the audio is decoded at for the peaks (speech fits below 4 kHz)
DEFAULT_FPS = 25.0            # nudges move by one frame of this when the video does not say

_FPS = re.compile(r"Video: .*?, (\d+(?:\.\d+)?) fps\b")


@dataclass(frozen=True)
class MediaFacts:
    duration_ms: int
    fps: float                # frames per second used for nudging
    fps_from_video: bool      # False: DEFAULT_FPS (audio only, or the video did not say)
    has_audio: bool


def media_facts(path: str, *, ffmpeg: Optional[str] = None) -> MediaFacts:
    """Read the listing of ``ffmpeg -i``; refuse what a player cannot play."""
    exe = find_ffmpeg(ffmpeg)
    # "ffmpeg -i" with no output always exits 1: the listing on stderr is what we want.
    proc = subprocess.run([exe, "-hide_banner", "-nostdin", "-i", local(path)],
                          capture_output=True, check=False)
    text = proc.stderr.decode("utf-8", "replace")
    info = parse_listing(text, path)
    if info is None:
        raise InputError(f"not a media file ffmpeg can read: {last_error(proc.stderr)}", path=path)
    has_audio = bool(info.of_kind("audio"))
    # A still image or a file without a timeline would be served and never play.
    if not info.duration_ms or not (info.of_kind("video") or has_audio):
        raise InputError("not a video or audio file a player can play", path=path)
    found = _FPS.search(text)
    fps = float(found.group(1)) if found else 0.0
    if not 1.0 <= fps <= 240.0:       # a still cover picture says "90k" or nothing
        return MediaFacts(info.duration_ms, DEFAULT_FPS, False, has_audio)
    return MediaFacts(info.duration_ms, fps, True, has_audio)


def audio_peaks(path: str, *, ffmpeg: Optional[str] = None,
                per_second: int = PEAKS_PER_SECOND, rate: int = PEAK_RATE) -> bytes:
    """The loudest sample of each 1/per_second s of the first audio stream, 0..255.

    Mono, scaled so that the loudest moment of the file is 255 (so a quiet
    recording still shows its shape); silence is 0.  Empty when the file has
    no audio.  Memory stays small whatever the length: the audio is read as a
    stream, and only the peaks are kept.
    """
    exe = find_ffmpeg(ffmpeg)
    per_bin = rate // per_second
    cmd = [exe, "-hide_banner", "-nostdin", "-v", "error", "-i", local(path), "-map", "0:a:0",
           "-vn", "-ac", "1", "-ar", str(rate), "-f", "s16le", "-acodec", "pcm_s16le", "pipe:1"]
    maxima = array("H")
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=errors)
        assert proc.stdout is not None
        chunk_bytes = per_bin * 2 * 4000          # 40 s of audio per read
        left = b""
        while True:
            data = proc.stdout.read(chunk_bytes)
            if not data:
                break
            data = left + data
            usable = len(data) - len(data) % (per_bin * 2)
            left = data[usable:]
            _add_peaks(maxima, data[:usable], per_bin)
        if left:
            _add_peaks(maxima, left[:len(left) - len(left) % 2], per_bin)
        code = proc.wait()
        if code != 0:
            errors.seek(0)
            message = last_error(errors.read())
            if "matches no streams" in message:       # no audio: no waveform, not an error
                return b""
            raise InputError(f"cannot read the audio for the waveform: {message}", path=path)
    loudest = max(maxima, default=0)
    if loudest == 0:
        return bytes(len(maxima))
    return bytes(min(255, (m * 255 + loudest - 1) // loudest) for m in maxima)


def _add_peaks(maxima: array, data: bytes, per_bin: int) -> None:
    """Append the largest |sample| of each ``per_bin`` samples of s16le ``data``."""
    try:
        import numpy as np  # with [align]: ~100x faster than the loop below
    except ImportError:
        _add_peaks_plain(maxima, data, per_bin)
        return
    samples = np.frombuffer(data, dtype="<i2").astype(np.int32)
    whole = len(samples) - len(samples) % per_bin
    peaks = np.abs(samples[:whole]).reshape(-1, per_bin).max(axis=1)
    if whole < len(samples):
        peaks = np.append(peaks, np.abs(samples[whole:]).max())
    maxima.extend(np.minimum(peaks, 32767).astype(np.uint16).tolist())


def _add_peaks_plain(maxima: array, data: bytes, per_bin: int) -> None:
    samples = array("h")
    samples.frombytes(data)
    if sys.byteorder == "big":              # ffmpeg wrote little-endian samples
        samples.byteswap()
    for at in range(0, len(samples), per_bin):
        part = samples[at:at + per_bin]
        maxima.append(min(32767, max(max(part), -min(part))))
