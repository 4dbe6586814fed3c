"""What an alignment returns (its own module, so the stages and the package both import it)."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Cue


@dataclass(frozen=True)
class AlignResult:
    cues: tuple[Cue, ...]
    aligned_fraction: float                 # of the transcript's words
    summary: str                            # one line for the user
    messages: tuple[str, ...] = field(default=())
