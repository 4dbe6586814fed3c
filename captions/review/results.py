"""The check of edited cues, by ``captions check``'s own code, sorted out per cue.

One source of truth: the page's cues are rendered to the file's text
(:func:`~captions.review.document.render`), read back by the project's reader
and checked by :func:`captions.check.check_read`, the function behind
``captions check``.  So what the page shows is what ``captions check`` will say
about the file once it is saved, labels, escapes and all.  After a save the
file itself is checked (:func:`captions.check.check_file`).

Each violation is given to the cue whose block holds it (by the cue's
position, or by the line the reader names), so a text that reads as two cues
(say a line typed as a timing line) still reports on the cue that was edited.
"""
from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from typing import Optional, Sequence

from ..check import FileReport, Violation, check_read, reading_speeds
from ..profiles import Profile
from ..formats.read import ReadResult, language_from_name
from .document import CaptionDocument, Edit, parse_rendered, render


@dataclass(frozen=True)
class CueCheck:
    cps: Optional[float]                 # reading speed as shown; None without duration
    flags: tuple[Violation, ...]
    shown: str                           # the text on screen (lines joined by "\n")


@dataclass(frozen=True)
class FileCheck:
    summary: str                         # the line ``captions check`` prints
    errors: int
    warnings: int
    file_flags: tuple[Violation, ...]    # violations of no cue (a header, a skipped block)
    cues: tuple[CueCheck, ...]           # one per edit, in order

    def to_json(self) -> dict:
        return {"summary": self.summary, "errors": self.errors, "warnings": self.warnings,
                "file": [violation_json(v) for v in self.file_flags],
                "cues": [{"cps": finite(c.cps), "flags": [violation_json(v) for v in c.flags],
                          "shown": c.shown} for c in self.cues]}


def check_edits(doc: CaptionDocument, edits: Sequence[Edit], profile: Profile,
                language: Optional[str]) -> FileCheck:
    """What ``captions check`` would report on the file written with ``edits``."""
    rendered = render(doc, edits)
    result = parse_rendered(doc, rendered.text, language or language_from_name(doc.path))
    return per_cue(check_read(result, profile, language=language), rendered.spans)


def per_cue(report: FileReport, spans: Sequence[tuple[int, int, int]]) -> FileCheck:
    """Sort a report's violations out to the cues whose blocks span ``spans`` (1-based lines)."""
    raw = report.raw
    assert isinstance(raw, ReadResult) and report.track is not None   # a report of a read file
    firsts = [first for first, _, _ in spans]

    def owner(line: Optional[int]) -> Optional[int]:
        if line is None:
            return None
        k = bisect.bisect_right(firsts, line) - 1
        return k if k >= 0 and line <= spans[k][2] else None

    cue_owner = [owner(rc.line) for rc in raw.raw_cues]
    flags: list[list[Violation]] = [[] for _ in spans]
    file_flags: list[Violation] = []
    for v in report.violations:
        target = cue_owner[v.index] if v.index is not None else owner(v.line)
        (flags[target] if target is not None else file_flags).append(v)
    speeds = reading_speeds(report.track, raw)
    by_timing = {rc.line: (speed, "\n".join(line for line in rc.display if line))
                 for rc, speed in zip(raw.raw_cues, speeds)}
    cues = []
    for (_, timing, _), found in zip(spans, flags):
        speed, shown = by_timing.get(timing, (None, ""))
        cues.append(CueCheck(speed, tuple(found), shown))
    return FileCheck(report.summary(), report.errors, report.warnings, tuple(file_flags),
                     tuple(cues))


def violation_json(v: Violation) -> dict:
    return {"rule": v.rule, "severity": v.severity, "message": v.message,
            "measured": finite(v.measured), "limit": finite(v.limit), "line": v.line,
            "cue": v.cue}


def finite(value):
    """JSON has no infinity: a non-finite number travels as text."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value
