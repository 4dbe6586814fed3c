"""SubRip writer, through the ``srt`` package.

SRT has no speaker field.  With ``speaker_labels="turn"`` the first cue of each
speaker turn opens with the speaker's surname in capitals ("STOLTENBERG: ..."),
the BBC habit; the segmenter reserved room for it on the first line.
"""
from __future__ import annotations

from datetime import timedelta

from ..lang.text import rtl_display_line
from ..model import Track
from ..segment import label_for

LABEL_STYLES = ("turn", "none")


def format_srt(track: Track, *, speaker_labels: str = "turn") -> str:
    import srt  # small, but only needed here

    if speaker_labels not in LABEL_STYLES:
        raise ValueError(f"speaker_labels must be one of {LABEL_STYLES}")
    subtitles = []
    prev_turn = None
    for index, cue in enumerate(track.cues, start=1):
        lines = list(cue.lines)
        if speaker_labels == "turn" and cue.speaker and cue.turn != prev_turn:
            lines[0] = f"{label_for(cue.speaker)} {lines[0]}"
        prev_turn = cue.turn
        lines = [rtl_display_line(line, track.language) for line in lines]  # RLE..PDF for ar, fa, he, ur
        subtitles.append(srt.Subtitle(index=index, start=timedelta(milliseconds=cue.start),
                                      end=timedelta(milliseconds=cue.end),
                                      content="\n".join(lines)))
    return srt.compose(subtitles, reindex=False, strict=True)
