"""Presenting a check: a table for people, JSON for CI, one summary line."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Optional, Sequence

from ..model import Track
from ..timestamps import vtt_timestamp
from .rules import Violation, summary, worst_cps


@dataclass(frozen=True)
class FileReport:
    """The check of one file, or why it could not be read (``error``)."""

    path: str
    profile: str = ""
    format: str = ""
    track: Optional[Track] = None
    violations: tuple[Violation, ...] = ()
    raw: object = None
    error: Optional[str] = None

    @property
    def errors(self) -> int:
        return sum(1 for v in self.violations if v.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for v in self.violations if v.severity == "warning")

    def summary(self) -> str:
        if self.error or self.track is None:
            return f"not checked: {self.error}"
        return summary(self.violations, self.track, raw=self.raw)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def format_table(report: FileReport) -> str:
    """One block per file: a heading, a row per violation, the summary line."""
    heading = f"{report.path}"
    if report.error:
        return f"{heading}\n  cannot read: {report.error}\n"
    heading += f"  ({report.format}, profile {report.profile})"
    # "file line": the line of the file (the cue's timing line); "cue line N" in a
    # message counts the lines of the cue's text.
    rows = [("cue", "time", "file line", "rule", "measured", "limit", "severity", "message")]
    for v in report.violations:
        rows.append((_cell(v.cue) or "-", vtt_timestamp(v.start) if v.start is not None else "-",
                     _cell(v.line), v.rule, _cell(v.measured), _cell(v.limit), v.severity,
                     v.message))
    out = [heading]
    if len(rows) > 1:
        widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]) - 1)]
        for row in rows:
            cells = [row[k].rjust(widths[k]) if k in (0, 2) else row[k].ljust(widths[k])
                     for k in range(len(widths))]
            out.append("  " + "  ".join(cells) + "  " + row[-1])
    out.append("  " + report.summary())
    return "\n".join(out) + "\n"


def report_dict(report: FileReport) -> dict:
    if report.error:
        return {"path": report.path, "error": report.error}
    worst = worst_cps(report.track, report.raw) if report.track is not None else None
    return {
        "path": report.path,
        "format": report.format,
        "profile": report.profile,
        "cues": len(report.track.cues) if report.track is not None else 0,
        "errors": report.errors,
        "warnings": report.warnings,
        "worst_cps": worst,
        "summary": report.summary(),
        "violations": [v.to_dict() for v in report.violations],
    }


def format_json(reports: Sequence[FileReport]) -> str:
    files = [report_dict(r) for r in reports]
    body = {
        "files": files,
        "errors": sum(r.errors for r in reports),
        "warnings": sum(r.warnings for r in reports),
        "unreadable": sum(1 for r in reports if r.error),
    }
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"
