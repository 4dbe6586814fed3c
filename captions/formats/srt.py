"""SubRip writer, through the ``srt`` package.

SRT has no speaker field: the sign of a change of speaker is part of the
text the viewer reads, laid out with the words (``Cue.marks``: "STOLTENBERG:",
">>" or a dialogue dash; see ``captions.speakers``), so this writer writes
each cue's lines as shown.
"""
from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any, Optional

from ..lang.text import rtl_display_line
from ..model import Track

if TYPE_CHECKING:
    from . import FileStyle


def write(track: Track, style: "FileStyle", *, extra: Optional[dict[str, Any]] = None) -> str:
    return format_srt(track)


def format_srt(track: Track) -> str:
    import srt  # small, but only needed here

    subtitles = []
    for index, cue in enumerate(track.cues, start=1):
        lines = [rtl_display_line(line, track.language) for line in cue.shown]  # RLE..PDF for ar, fa, he, ur
        subtitles.append(srt.Subtitle(index=index, start=timedelta(milliseconds=cue.start),
                                      end=timedelta(milliseconds=cue.end),
                                      content="\n".join(lines)))
    return srt.compose(subtitles, reindex=False, strict=True)
