"""The caption model: frozen values with integer milliseconds.

Every stage of the pipeline takes these values and returns new ones; nothing
mutates.  Times are integers so that a cue written as 00:00:01.100 can never
become 1.0999999 (the float pitfall that prints ``00:00:01,1000``).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterable, Optional

from .lang.text import display_width

# Where a cue's times came from: the speech (forced alignment), spread over
# detected speech, estimated from the text, or read from a subtitle file.
PROVENANCES = ("aligned", "spread", "estimated", "source")
# What follows a cue in the speech; the timing model gives each a pause.
BREAKS = ("none", "clause", "sentence", "paragraph", "turn", "end")


@dataclass(frozen=True)
class Turn:
    """One speaker turn of a transcript: who speaks and their paragraphs."""

    speaker: Optional[str]
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Transcript:
    """What a transcript file holds once decoded and parsed."""

    turns: tuple[Turn, ...]
    title: Optional[str] = None
    source: str = "<transcript>"

    @property
    def speakers(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for turn in self.turns:
            if turn.speaker:
                seen.setdefault(turn.speaker)
        return tuple(seen)

    def words(self) -> list[str]:
        return [w for t in self.turns for p in t.paragraphs for w in p.split()]


@dataclass(frozen=True, slots=True)  # slots: a million cues fit in far less memory
class Cue:
    """One caption cue.

    ``lines`` holds the words of each line as laid out on screen; ``marks``
    what is shown before them on each line (a speaker label "ANN: ",
    chevrons ">> ", a dialogue dash "-"; see ``captions.speakers``), so
    ``shown`` is what the viewer reads.  ``voices`` is set only on a dialogue
    cue: the speaker of each line (None where a file does not say who), so
    a cue is a dialogue cue exactly when it has voices.
    ``sentence`` numbers the source sentence the cue belongs to, so a
    translator can join a sentence's cues, translate the whole sentence and
    share its time span out again.  ``speech_end`` is when the speech under the
    cue ends: the out-time may run past it for reading speed, and a translator
    or checker needs to know by how much.
    """

    start: int
    end: int
    lines: tuple[str, ...]
    speaker: Optional[str] = None
    sentence: int = 0
    turn: int = 0
    speech_end: Optional[int] = None
    provenance: str = "estimated"
    marks: tuple[str, ...] = ()
    voices: tuple[Optional[str], ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.start, int) or not isinstance(self.end, int):
            raise TypeError("cue times are integer milliseconds")
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad cue times {self.start}..{self.end}")
        if isinstance(self.lines, str):  # a common slip: wrap it, never split letters
            object.__setattr__(self, "lines", (self.lines,))
        elif not isinstance(self.lines, tuple):  # a list would make a frozen cue mutable
            object.__setattr__(self, "lines", tuple(self.lines))
        if self.provenance not in PROVENANCES:
            raise ValueError(f"unknown provenance {self.provenance!r}")
        for name in ("marks", "voices"):
            value = getattr(self, name)
            if not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value))
            if value and len(value) != len(self.lines):
                raise ValueError(f"a cue with {len(self.lines)} lines needs as many {name}, not {len(value)}")

    @property
    def text(self) -> str:
        """The words, a line of the cue per line (no labels or dashes)."""
        return "\n".join(self.lines)

    @property
    def shown(self) -> tuple[str, ...]:
        """The lines as the viewer reads them: marks and words."""
        if not self.marks:
            return self.lines
        return tuple(mark + line for mark, line in zip(self.marks, self.lines))

    @property
    def line_speakers(self) -> tuple[Optional[str], ...]:
        return self.voices or (self.speaker,) * len(self.lines)

    @property
    def is_dialogue(self) -> bool:
        return len(self.voices) > 1

    @property
    def duration(self) -> int:
        return self.end - self.start

    @property
    def chars(self) -> int:
        """Characters a viewer reads, as shown (a full-width character counts one, a
        combining mark or a direction mark none): the shown lines without line breaks."""
        return sum(display_width(line) for line in self.shown)

    @property
    def cps(self) -> float:
        return self.chars * 1000 / self.duration if self.duration else float("inf")

    def words(self) -> list[str]:
        return " ".join(self.lines).split()


@dataclass(frozen=True, slots=True)
class Draft:
    """An untimed cue: the segmenter makes it, the timing model times it.

    ``after`` says what follows it in the speech (one of ``BREAKS``);
    ``marks`` what the viewer sees before the words of each line (a speaker
    label at the first cue of a turn), as on ``Cue``.
    """

    lines: tuple[str, ...]
    speaker: Optional[str]
    sentence: int
    turn: int
    after: str
    marks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Track:
    """A timed caption track in one language."""

    cues: tuple[Cue, ...]
    language: str = "en"
    title: Optional[str] = None
    notes: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if not isinstance(self.cues, tuple):
            object.__setattr__(self, "cues", tuple(self.cues))

    def with_cues(self, cues: Iterable[Cue]) -> "Track":
        return replace(self, cues=tuple(cues))

    def words(self) -> list[str]:
        return [w for c in self.cues for w in c.words()]
