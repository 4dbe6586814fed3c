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

import re
from typing import Optional

SPEAKER_LABELS = ("turn", "chevrons", "none")
CHEVRONS = ">> "
DEFAULT_DASH = "-"


def speaker_label(speaker: Optional[str]) -> str:
    """The on-screen label of a speaker: the surname in capitals, as BBC-style labels go
    ("STOLTENBERG:"); empty for no speaker.

    The surname is the last part of the name, also after an interpunct
    (延斯·斯托尔滕贝格 -> 斯托尔滕贝格); Chinese and Japanese names take the
    full-width colon their text uses (斯托尔滕贝格：).
    """
    from .lang.text import is_han_or_kana

    parts = [p for p in re.split(r"[\s·・]+", speaker.strip()) if p] if speaker else []
    if not parts:
        return ""
    last = parts[-1]
    return f"{last}：" if is_han_or_kana(last[-1]) else f"{last.upper()}:"


def line_mark(mode: str, speaker: Optional[str], *, starts_turn: bool, dialogue: bool = False,
              dash: str = DEFAULT_DASH) -> str:
    """What is shown before the words of one line.

    ``starts_turn``: the line is the first of a speaker's turn; ``dialogue``: the
    line is one of a two-speaker dialogue cue.
    """
    if mode not in SPEAKER_LABELS:
        raise ValueError(f"speaker labels must be one of {', '.join(SPEAKER_LABELS)}, not {mode!r}")
    if mode == "chevrons":
        return CHEVRONS if (starts_turn or dialogue) else ""
    label = ""
    if mode == "turn" and starts_turn:
        label = speaker_label(speaker)
        if label and not label.endswith("："):   # a full-width colon carries its own space
            label += " "
    return (dash if dialogue else "") + label
