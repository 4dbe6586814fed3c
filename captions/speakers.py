"""Who is speaking, as the viewer sees it: one convention for every format.

Browsers and most players do not show WebVTT voice names, and SRT has no
speaker field, so the sign that the speaker changed is part of the text a
viewer reads, chosen once for every format (``--speaker-labels``):

* ``turn`` (default): the speaker's name at each change of speaker, in
  capitals, as BBC-style labels go ("STOLTENBERG: We will...");
* ``chevrons``: ``>>`` at each change of speaker, the US broadcast habit;
* ``none``: nothing (WebVTT still carries ``<v Name>`` spans for machines).

A two-speaker dialogue cue shows each speaker's line opened by the
language's dialogue dash ("-What's that?" / "-Tape recorder.", Netflix);
with labels the dash comes first ("-ANN: What's that?"); with chevrons the
chevrons take the dash's place.

The mark is laid out with the words (the segmenter and the translator keep
room for it on the line) and counts in reading speed, so what the checker
judges is what the viewer sees.
"""
from __future__ import annotations

from typing import Optional

SPEAKER_LABELS = ("turn", "chevrons", "none")
CHEVRONS = ">> "
DEFAULT_DASH = "-"


def speaker_label(speaker: Optional[str]) -> str:
    """The on-screen label of a speaker: the surname in capitals ("STOLTENBERG:"); empty
    for no speaker."""
    words = speaker.split() if speaker else []
    return f"{words[-1].upper()}:" if words else ""


def line_mark(mode: str, speaker: Optional[str], *, starts_turn: bool, dialogue: bool = False,
              dash: str = DEFAULT_DASH, colon: str = ": ") -> str:
    """What is shown before the words of one line.

    ``starts_turn``: the line is the first of a speaker's turn; ``dialogue``: the
    line is one of a two-speaker dialogue cue.  ``colon`` is how the label ends
    (a full-width "：" in Chinese and Japanese).
    """
    if mode not in SPEAKER_LABELS:
        raise ValueError(f"speaker labels must be one of {', '.join(SPEAKER_LABELS)}, not {mode!r}")
    if mode == "chevrons":
        return CHEVRONS if (starts_turn or dialogue) else ""
    label = ""
    if mode == "turn" and starts_turn and speaker and speaker.split():
        label = speaker_label(speaker)[:-1] + colon
    return (dash if dialogue else "") + label
