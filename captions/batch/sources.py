"""Where a batch's items come from: a folder of transcripts, or a manifest.

A folder: every ``*.txt`` in it and its subfolders is a transcript, paired
by stem with the media beside it (``clip.txt`` with ``clip.mp4``, or
``clip.wav``...; ``talk.uk.txt`` with ``talk.uk.mp4`` or ``talk.mp4``).  A
transcript without media is timed by the text estimate.

A manifest: CSV with a header, or JSON Lines (one object per line), a row
per item with its ``transcript`` and optionally its ``media`` and any
option of ``captions generate``; relative paths are relative to the
manifest's folder.  This module only reads rows; what their options mean is
the command's business (they are its flags).
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from ..errors import InputError
from ..languages import split_caption_name
from ..textio import decode, read_bytes

# When several media files share a transcript's stem, the first here wins:
# videos first (their length and, with --attach, their container are used).
MEDIA_EXTENSIONS = (".mp4", ".mkv", ".webm", ".mov", ".m4v", ".avi", ".mxf", ".ts",
                    ".wav", ".flac", ".m4a", ".mp3", ".aac", ".ogg", ".opus")
MANIFEST_EXTENSIONS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl"}


@dataclass(frozen=True)
class FolderItem:
    item: str                 # the transcript's path in the folder, without .txt: "2024/clip"
    transcript: Path
    media: Optional[Path]


@dataclass(frozen=True)
class ManifestRow:
    line: int
    values: dict[str, Any]    # column -> value (CSV: strings, "" for an empty cell; JSON: any value)
    columns_line: int         # where its column names are: the header (CSV) or the row (JSON)


def folder_items(folder: Path, *, exclude: Optional[Path] = None) -> list[FolderItem]:
    """Transcripts under ``folder`` (hidden files and folders, and ``exclude``, left out)."""
    items = []
    skip = exclude.resolve() if exclude is not None else None
    for transcript in sorted(folder.rglob("*.txt")):
        relative = transcript.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if skip is not None and (skip == transcript.resolve().parent or skip in transcript.resolve().parents):
            continue
        items.append(FolderItem(relative.with_suffix("").as_posix(), transcript,
                                paired_media(transcript)))
    return items


def paired_media(transcript: Path) -> Optional[Path]:
    """The media beside ``transcript`` with the same stem, with or without its language tag."""
    stems = dict.fromkeys([transcript.name[: -len(transcript.suffix)],
                           split_caption_name(transcript.name).stem])
    present = {p.name: p for p in transcript.parent.iterdir() if p.is_file()}
    for stem in stems:
        for ext in MEDIA_EXTENSIONS:
            for name in (stem + ext, stem + ext.upper()):
                if name in present:
                    return present[name]
    return None


def manifest_kind(path: Path) -> Optional[str]:
    return MANIFEST_EXTENSIONS.get(path.suffix.lower())


def read_manifest(path: Path) -> list[ManifestRow]:
    """The rows of a CSV or JSON Lines manifest; a line that cannot be read is an error
    naming it."""
    kind = manifest_kind(path)
    text = decode(read_bytes(str(path)), path=str(path))
    rows = _csv_rows(text, path) if kind == "csv" else _jsonl_rows(text, path)
    if not rows:
        raise InputError("the manifest lists no items", path=str(path))
    return rows


def _csv_rows(text: str, path: Path) -> list[ManifestRow]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        return []
    columns = [c.strip() for c in header]
    if len(set(columns)) != len(columns) or not all(columns):
        raise InputError("the header has an empty or repeated column name", path=str(path), line=1)
    rows = []
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(columns):
            raise InputError(f"{len(cells)} cells for {len(columns)} columns", path=str(path), line=line)
        values = {c: v.strip() for c, v in zip(columns, cells)}
        rows.append(ManifestRow(line, values, 1))
    return rows


def _jsonl_rows(text: str, path: Path) -> list[ManifestRow]:
    rows = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            values = json.loads(line)
        except ValueError as exc:
            raise InputError(f"not JSON: {exc}", path=str(path), line=number) from None
        if not isinstance(values, dict):
            raise InputError("each line must be a JSON object", path=str(path), line=number)
        rows.append(ManifestRow(number, values, number))
    return rows
