"""The batch report: JSON Lines, one record per item, never a half line; and its summary.

A run first replaces the report, atomically, with the records of the items
it skips (they carry their fingerprints forward), then appends each
finished item's record as one write, flushed and synced.  So at any moment,
Ctrl-C or a crash included, the report is whole lines saying what is done,
and the next run reads it to decide what is left.  A line that does not
parse (a file edited by hand, a disk that filled up) only means that item is
done again.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Sequence

from ..textio import write_atomic

Record = dict[str, Any]
STATUSES = ("ok", "skipped", "failed")


def read_report(path: Path) -> dict[str, Record]:
    """The last record of each item in an earlier report (none when there is no report)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return {}
    found: dict[str, Record] = {}
    for line in text.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and isinstance(record.get("item"), str):
            found[record["item"]] = record
    return found


def record_line(record: Mapping[str, Any]) -> bytes:
    return (json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")


class ReportWriter:
    def __init__(self, path: Path, first: Iterable[Mapping[str, Any]], *,
                 inputs: Sequence[str] = ()) -> None:
        self.path = path
        write_atomic(path, b"".join(record_line(r) for r in first), inputs=inputs)
        # one os.write per record on an O_APPEND descriptor: no buffer that Ctrl-C could
        # leave half flushed
        self._fd: Optional[int] = os.open(path, os.O_WRONLY | os.O_APPEND)

    def add(self, record: Mapping[str, Any]) -> None:
        assert self._fd is not None
        data = memoryview(record_line(record))
        while data:
            data = data[os.write(self._fd, data):]
        os.fsync(self._fd)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


# ---------------------------------------------------------------- the summary on stderr

def summary_table(records: Sequence[Mapping[str, Any]], *, total: Optional[int] = None) -> str:
    """Items, cues, files, check errors and warnings and seconds by status; then a line
    for each failed item."""
    rows: list[tuple[str, ...]] = [("status", "items", "cues", "files", "errors", "warnings", "aligned", "seconds")]
    for status in STATUSES:
        chosen = [r for r in records if r.get("status") == status]
        if chosen:
            rows.append(_row(status, chosen))
    if total is not None and total > len(records):
        rows.append(("not done", str(total - len(records)), "", "", "", "", "", ""))
    rows.append(_row("total", records, items=total))
    widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) if k == 0 else cell.rjust(w)
                       for k, (cell, w) in enumerate(zip(row, widths))).rstrip() for row in rows]
    for record in records:
        if record.get("status") == "failed":
            lines.append(f"failed: {record.get('item')}: {record.get('error')}")
    return "\n".join(lines) + "\n"


def _row(label: str, records: Sequence[Mapping[str, Any]], *, items: Optional[int] = None) -> tuple[str, ...]:
    cues = sum(sum((r.get("cues") or {}).values()) for r in records)
    files = sum(len(r.get("outputs") or []) for r in records)
    aligned = [r["aligned"] for r in records if r.get("aligned") is not None]
    share = f"{100 * sum(aligned) / len(aligned):.0f}%" if aligned else "-"
    seconds = sum(float(r.get("seconds") or 0) for r in records)
    return (label, str(len(records) if items is None else items), str(cues), str(files),
            str(sum(r.get("errors") or 0 for r in records)),
            str(sum(r.get("warnings") or 0 for r in records)), share, f"{seconds:.1f}")


def item_line(record: Mapping[str, Any]) -> str:
    """One line for a finished item: ``ok clip: 2 files, 31 cues, aligned 97%, 0 errors...``."""
    status, item = record.get("status"), record.get("item")
    if status == "failed" and not record.get("outputs"):
        return f"failed {item}: {record.get('error')}"
    cues = sum((record.get("cues") or {}).values())
    files = len(record.get("outputs") or [])
    parts = [f"{files} file{'s' * (files != 1)}", f"{cues} cue{'s' * (cues != 1)}"]
    if record.get("aligned") is not None:
        parts.append(f"aligned {100 * record['aligned']:.0f}%")
    errors, warnings = record.get("errors", 0), record.get("warnings", 0)
    parts.append(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")
    if status != "skipped":
        parts.append(f"{float(record.get('seconds') or 0):.1f} s")
    line = f"{status} {item}: " + ", ".join(parts)
    if status == "failed":
        line += f"; {record.get('error')}"
    return line
