"""ffmpeg, in one place: which binary, how a path is passed, what a media file holds.

Default binary: the static one from the ``imageio-ffmpeg`` wheel (a pip
dependency, so no system install is needed); ``--ffmpeg PATH`` or
``CAPTIONS_FFMPEG`` choose another.  Commands are built as lists, never shell
strings, and a failure surfaces as one line with ffmpeg's last error.

Every file path given to ffmpeg goes through ``local()``: ffmpeg reads
``x:talk.wav`` as protocol ``x`` (and ``concat:a|b`` as two files), so a
plain path is only safe with the ``file:`` protocol written out.

What a file holds comes from ``probe``, which parses the stream listing of
``ffmpeg -i FILE`` (imageio-ffmpeg ships no ffprobe).  That listing has been
stable for years and is all we need: duration, and per stream the kind,
codec, language, default flag and title.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from typing import Optional, Sequence, Union

from .errors import InputError, MissingComponent

_DURATION = re.compile(r"Duration: (\d+):(\d\d):(\d\d)\.(\d+)")
_STREAM = re.compile(
    r"^\s*Stream #(?P<file>\d+):(?P<index>\d+)(?:\[0x[0-9a-f]+\])?(?:\((?P<lang>[^)]*)\))?: "
    r"(?P<kind>Video|Audio|Subtitle|Data|Attachment): (?P<codec>[^\s,]+)(?P<rest>.*)$")
_META = re.compile(r"^\s{4,}(?P<key>[A-Za-z_]+)\s*: (?P<value>.*)$")


def local(path: Union[str, "os.PathLike[str]"]) -> str:
    """A path as ffmpeg must get it: ``file:`` first, or ``a:b.srt`` reads as protocol ``a``."""
    return "file:" + str(path)


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
    lines = [_PREFIX.sub("", line.strip()) for line in stderr.decode("utf-8", "replace").splitlines()]
    lines = [line for line in lines if line]
    for line in reversed(lines):
        if not _NOISE.match(line):
            return line
    return lines[-1] if lines else "no message"


@dataclass(frozen=True)
class Stream:
    index: int                # index among all streams of the file
    kind: str                 # "video", "audio", "subtitle", ...
    codec: str                # "h264", "vp9", "mov_text", "webvtt", "subrip", ...
    language: Optional[str]   # ISO 639-2 as stored, None for "und"
    default: bool
    title: Optional[str]


@dataclass(frozen=True)
class MediaInfo:
    path: str
    format: str               # e.g. "mov,mp4,m4a,3gp,3g2,mj2" or "matroska,webm"
    duration_ms: Optional[int]
    streams: tuple[Stream, ...]

    def of_kind(self, kind: str) -> list[Stream]:
        return [s for s in self.streams if s.kind == kind]


def probe(path: str, *, ffmpeg: Optional[str] = None) -> MediaInfo:
    """What ``path`` holds; InputError when it is missing or not media ffmpeg reads."""
    if not os.path.isfile(path):
        raise InputError("no such media file", path=str(path))
    exe = find_ffmpeg(ffmpeg)
    proc = subprocess.run([exe, "-hide_banner", "-nostdin", "-i", local(path)], capture_output=True)
    info = parse_listing(proc.stderr.decode("utf-8", "replace"), str(path))
    if info is None:
        raise InputError(f"not a media file ffmpeg can read: {last_error(proc.stderr)}", path=str(path))
    return info


def media_duration_ms(path: str, *, ffmpeg: Optional[str] = None) -> int:
    """Length of a media file in milliseconds."""
    info = probe(path, ffmpeg=ffmpeg)
    if info.duration_ms is None:
        raise InputError("ffmpeg cannot tell how long this media is", path=path)
    return info.duration_ms


def parse_listing(text: str, path: str = "<media>") -> Optional[MediaInfo]:
    """Parse the stderr of ``ffmpeg -i``; None when it names no input."""
    fmt = re.search(r"^Input #0, (.+?), from ", text, re.M)
    if not fmt:
        return None
    duration = None
    match = _DURATION.search(text)
    if match:
        h, m, s, frac = match.groups()
        duration = ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(frac.ljust(3, "0")[:3])
    streams: list[dict] = []
    for line in text.splitlines():
        head = _STREAM.match(line)
        if head:
            if head["file"] != "0":
                continue
            lang = head["lang"]
            streams.append(dict(index=int(head["index"]), kind=head["kind"].lower(),
                                codec=head["codec"], language=None if lang in (None, "und") else lang,
                                default="(default)" in head["rest"], title=None))
            continue
        meta = _META.match(line)
        if meta and streams and meta["key"].lower() == "title":
            streams[-1]["title"] = meta["value"].strip()
        elif meta and streams and meta["key"].lower() == "handler_name" and streams[-1]["title"] is None \
                and streams[-1]["kind"] == "subtitle":
            # MP4 keeps a subtitle track's name as its handler name (and "name").
            streams[-1]["title"] = meta["value"].strip()
    return MediaInfo(path, fmt.group(1), duration, tuple(Stream(**s) for s in streams))
