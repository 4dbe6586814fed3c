"""What a media file holds, read from ``ffmpeg -i`` (imageio-ffmpeg ships no ffprobe).

``ffmpeg -i FILE`` with no output exits 1 but prints the container's streams
on stderr; that listing has been stable for years and is all we need: kind,
codec, language, the default flag and a stream's title.
"""
from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from typing import Optional

from ..errors import InputError
from ..ffmpeg import find_ffmpeg, last_error

_STREAM = re.compile(
    r"^\s*Stream #(?P<file>\d+):(?P<index>\d+)(?:\[0x[0-9a-f]+\])?(?:\((?P<lang>[^)]*)\))?: "
    r"(?P<kind>Video|Audio|Subtitle|Data|Attachment): (?P<codec>[^\s,]+)(?P<rest>.*)$")
_DURATION = re.compile(r"Duration: (\d+):(\d\d):(\d\d)\.(\d+)")
_META = re.compile(r"^\s{4,}(?P<key>[A-Za-z_]+)\s*: (?P<value>.*)$")


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


def local(path) -> str:
    """A path as ffmpeg must get it: ``file:`` first, or ``a:b.srt`` reads as protocol ``a``."""
    return "file:" + str(path)


def probe(path: str, *, ffmpeg: Optional[str] = None) -> MediaInfo:
    exe = find_ffmpeg(ffmpeg)
    proc = subprocess.run([exe, "-hide_banner", "-nostdin", "-i", local(path)], capture_output=True)
    text = proc.stderr.decode("utf-8", "replace")
    info = parse_listing(text, str(path))
    if info is None:
        raise InputError(f"not a media file ffmpeg can read: {last_error(proc.stderr)}", path=str(path))
    return info


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
