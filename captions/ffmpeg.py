"""Finding and running ffmpeg: the one place that knows which binary we use.

Default: the static binary from the ``imageio-ffmpeg`` wheel (a pip
dependency, so no system install is needed).  ``--ffmpeg PATH`` or
``CAPTIONS_FFMPEG`` choose another.  Commands are built as lists, never shell
strings, and a failure surfaces as one line with ffmpeg's last error.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from typing import Optional, Sequence

from .errors import InputError, MissingComponent

_DURATION = re.compile(rb"Duration: (\d+):(\d\d):(\d\d)\.(\d+)")


def find_ffmpeg(explicit: Optional[str] = None) -> str:
    """Path of the ffmpeg to run: explicit > $CAPTIONS_FFMPEG > imageio-ffmpeg > PATH."""
    choice = explicit or os.environ.get("CAPTIONS_FFMPEG")
    if choice:
        found = shutil.which(choice) or (choice if os.path.isfile(choice) else None)
        if not found:
            raise MissingComponent(f"ffmpeg not found at {choice!r}")
        return found
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except Exception:  # not installed, or its binary missing for this platform
        pass
    found = shutil.which("ffmpeg")
    if not found:
        raise MissingComponent(
            "ffmpeg not found: pip install imageio-ffmpeg, or give --ffmpeg PATH")
    return found


def run_ffmpeg(args: Sequence[str], *, ffmpeg: Optional[str] = None,
               timeout: Optional[float] = None, what: str = "ffmpeg") -> subprocess.CompletedProcess:
    """Run ffmpeg with ``args`` (no leading binary); raise with its last error line."""
    exe = find_ffmpeg(ffmpeg)
    cmd = [exe, "-hide_banner", "-nostdin", *args]
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=timeout)
    except FileNotFoundError:
        raise MissingComponent(f"ffmpeg not found at {exe!r}") from None
    except PermissionError:
        raise MissingComponent(f"ffmpeg at {exe!r} is not executable") from None
    except subprocess.TimeoutExpired:
        raise InputError(f"{what} timed out after {timeout:.0f} s") from None
    if proc.returncode != 0:
        raise InputError(f"{what} failed: {last_error(proc.stderr)}")
    return proc


# ffmpeg's closing lines say that it failed, not why: skip them.
_NOISE = re.compile(r"^(Conversion failed|frame=|size=|video:|Exiting normally|"
                    r".*(Terminating thread|Task finished|Nothing was written))")
_PREFIX = re.compile(r"^\[[^\]]*\] ")


def last_error(stderr: bytes) -> str:
    """The last line of ffmpeg's stderr that says why it failed."""
    lines = [_PREFIX.sub("", l.strip()) for l in stderr.decode("utf-8", "replace").splitlines()]
    lines = [l for l in lines if l]
    for line in reversed(lines):
        if not _NOISE.match(line):
            return line
    return lines[-1] if lines else "no message"


def media_duration_ms(path: str, *, ffmpeg: Optional[str] = None) -> int:
    """Length of a media file, read from ``ffmpeg -i`` (imageio-ffmpeg ships no ffprobe)."""
    if not os.path.isfile(path):
        raise InputError("no such media file", path=path)
    exe = find_ffmpeg(ffmpeg)
    # "file:" so that a name like "a:b.mp4" is not taken for a protocol.
    proc = subprocess.run([exe, "-hide_banner", "-nostdin", "-i", "file:" + path],
                          capture_output=True)
    match = _DURATION.search(proc.stderr)
    if not match:
        raise InputError(f"not a media file ffmpeg can read: {last_error(proc.stderr)}", path=path)
    h, m, s, frac = match.groups()
    frac_ms = int(frac.decode().ljust(3, "0")[:3])
    return ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + frac_ms
