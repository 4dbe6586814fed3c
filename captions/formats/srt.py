"""SubRip writer, through the ``srt`` package.

SRT has no speaker field.  With ``speaker_labels="turn"`` the first cue of each
speaker turn opens with the speaker's surname in capitals ("STOLTENBERG: ..."),
the BBC habit; the segmenter reserved room for it on the first line.
"""
from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any, Optional

from ..lang.text import rtl_display_line
from ..model import Track
from ..speakers import speaker_label

if TYPE_CHECKING:
    from . import FileStyle


def write(track: Track, style: "FileStyle", *, extra: Optional[dict[str, Any]] = None) -> str:
    return format_srt(track, speaker_labels=style.speaker_labels)


def format_srt(track: Track, *, speaker_labels: str = "turn") -> str:
    import srt  # small, but only needed here

    from . import SPEAKER_LABELS

    if speaker_labels not in SPEAKER_LABELS:
        raise ValueError(f"speaker_labels must be one of {SPEAKER_LABELS}")
    subtitles = []
    prev_turn = None
    for index, cue in enumerate(track.cues, start=1):
        lines = list(cue.lines)
        if speaker_labels == "turn" and cue.speaker and cue.turn != prev_turn:
            lines[0] = f"{speaker_label(cue.speaker)} {lines[0]}"
        prev_turn = cue.turn
        lines = [rtl_display_line(line, track.language) for line in lines]  # RLE..PDF for ar, fa, he, ur
        subtitles.append(srt.Subtitle(index=index, start=timedelta(milliseconds=cue.start),
                                      end=timedelta(milliseconds=cue.end),
                                      content="\n".join(lines)))
    return srt.compose(subtitles, reindex=False, strict=True)
