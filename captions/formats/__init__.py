"""Subtitle formats: one registry from name (= file extension) to writer and reader.

Every part of the package that needs to know which formats exist, how a
file of a given extension is read, or how a track is written asks here:
``render`` for text, ``format_of_path`` for a file name, ``parse_format_list``
for a ``--formats`` value.  The writers live one per module (``srt.py``,
``vtt.py``, ``json.py``) and are imported only when used; the reader of SRT
and WebVTT is ``read.py``.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from ..errors import UsageError

if TYPE_CHECKING:
    from ..model import Track

@dataclass(frozen=True)
class FileStyle:
    """How files are written (not what they say: speaker labels are laid out with the
    words, ``captions.speakers``)."""

    bom: bool = False               # a UTF-8 byte order mark, for Windows tools that need one
    crlf: bool = False              # CRLF line ends, likewise


@dataclass(frozen=True)
class SubtitleFormat:
    name: str          # also the file extension: clip.en.<name>
    readable: bool     # read back by formats/read.py (check, translate, attach)
    description: str

    def render(self, track: "Track", style: FileStyle = FileStyle(), *,
               extra: Optional[dict[str, Any]] = None) -> str:
        """The file's text for ``track`` (no I/O).  Each writer module has
        ``write(track, style, extra=...)`` and is imported only when used."""
        module = importlib.import_module(f"{__name__}.{self.name}")
        return module.write(track, style, extra=extra)


_REGISTRY = {f.name: f for f in (
    SubtitleFormat("srt", True, "SubRip"),
    SubtitleFormat("vtt", True, "WebVTT"),
    SubtitleFormat("json", False, "the cue model (integer milliseconds), for pipelines"),
)}
FORMATS: tuple[str, ...] = tuple(_REGISTRY)
READABLE: tuple[str, ...] = tuple(name for name, f in _REGISTRY.items() if f.readable)


def get_format(name: str) -> SubtitleFormat:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UsageError(f"unknown format {name!r} (choose from {', '.join(FORMATS)})") from None


def render(track: "Track", fmt: str, style: FileStyle = FileStyle(), *,
           extra: Optional[dict[str, Any]] = None) -> str:
    return get_format(fmt).render(track, style, extra=extra)


def format_of_path(path: str, *, readable: bool = True) -> Optional[str]:
    """``talk.uk.srt`` -> ``srt``; None when the extension names no format we read (or write)."""
    name = Path(str(path)).suffix.lower().lstrip(".")
    f = _REGISTRY.get(name)
    if f is None or (readable and not f.readable):
        return None
    return name


def parse_format_list(value: str, *, option: str = "--formats") -> tuple[str, ...]:
    """``"srt, VTT"`` -> ``("srt", "vtt")``; a usage error names what is allowed."""
    names = [v.strip().lower() for v in value.split(",") if v.strip()]
    bad = [n for n in names if n not in _REGISTRY]
    if bad or not names:
        raise UsageError(f"{option} takes {', '.join(FORMATS)} (comma-separated); got {value!r}")
    return tuple(dict.fromkeys(names))
