"""A caption file as the review room edits it: every byte kept, only edited cues rewritten.

A file is held as its lines and, for each cue, where its block stands in
them.  Everything between cues (the WebVTT header, NOTE, STYLE and REGION
blocks, blocks the reader skipped, blank lines) is kept as it stands and
written back in its place.  The page edits cues only, as :class:`Edit`
values; :func:`render` writes the file from the document and the edits:

- a cue whose times and text are as loaded is written exactly as it was
  (its number or id line, its timing line with any settings, its text lines
  with their markup);
- changed times get a new timing line from the project's writers (settings
  kept); changed text gets new text lines from them: SRT text as typed (a
  speaker label is part of it), WebVTT text escaped with the cue's voice span;
- SRT numbers are a counter: a file numbered 1..n is numbered 1..n again
  after splits and merges; any other numbering is kept unless cues were split
  or merged.

So a file written by this project, or by any other tool, comes back byte for
byte when nothing was edited (:attr:`CaptionDocument.exact` says whether it
does: a file with mixed line ends cannot).  What the editor sees as a cue's
text: for SRT the text lines as written (labels and tags included: SRT has no
escaping), for WebVTT the text as shown (entities decoded, tags hidden) with
the voice separately, because WebVTT markup is not for typing.  Editing the
text of a WebVTT cue with other markup (``<i>``, ``<c>``, karaoke times, two
voices) writes it plainly; :attr:`SourceCue.rich` marks those cues.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, replace
from typing import Optional, Sequence

from ..errors import InputError
from ..formats.read import FORMATS, ReadResult, language_from_name, parse_subtitles
from ..model import Cue, Track
from ..textio import decode

# Tag names in WebVTT text; a voice span ("v") is the only markup the editor keeps.
_TAG_NAME = re.compile(r"<(/?)([^\s<>./]*)")


@dataclass(frozen=True)
class SourceCue:
    """One cue of the file as loaded: where its block stands and what the editor sees."""

    first: int                 # index in ``lines`` of its first line (number/id, else timing)
    timing: int                # index of its timing line
    stop: int                  # index after its last text line
    start: int                 # ms
    end: int
    text: str                  # what the editor edits (see the module docstring)
    voice: Optional[str]       # WebVTT: the speaker of its voice span
    settings: str              # what follows the times on the timing line
    rich: bool                 # WebVTT markup that editing the text would simplify


@dataclass(frozen=True)
class CaptionDocument:
    path: str
    format: str                # "srt" | "vtt"
    lines: tuple[str, ...]     # the decoded text split at "\n" (a final "" = final newline)
    cues: tuple[SourceCue, ...]
    codec: str                 # how to encode it back: "utf-8", "utf-16-le", a named codec
    bom: bytes                 # the byte-order mark it started with, written back
    newline: str               # "\n", "\r\n" or "\r"
    numbered: bool             # SRT numbered exactly 1..n
    language: Optional[str]    # from the file name or the WebVTT header
    exact: bool = True         # render(doc, initial_edits(doc)) gives back the same bytes


@dataclass(frozen=True)
class Edit:
    """A cue as the page holds it; ``key`` is the index of the loaded cue it comes from."""

    key: Optional[int]
    start: int
    end: int
    text: str
    voice: Optional[str] = None


@dataclass(frozen=True)
class Rendered:
    """The file's text and, per edit, the 1-based lines of its block: (first, timing, last)."""

    text: str
    spans: tuple[tuple[int, int, int], ...]


# ------------------------------------------------------------------ loading

def load_document(data: bytes, path: str, *, encoding: Optional[str] = None,
                  language: Optional[str] = None) -> CaptionDocument:
    """Read a caption file's bytes (leniently: skipped blocks are kept as they stand)."""
    fmt = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    if fmt not in FORMATS:
        raise InputError("not a caption file (expected .srt or .vtt)", path=path)
    text = decode(data, path=path, encoding=encoding)
    codec, bom = _codec_of(data, encoding)
    newline = _newline_of(data[len(bom):].decode(codec, "replace"))
    result = parse_subtitles(text, fmt=fmt, path=path,
                             language=language or language_from_name(path))
    if not result.track.cues:
        raise InputError(f"no cues in this {fmt.upper()} file", path=path)
    lines = tuple(text.split("\n"))
    cues = tuple(_source_cue(lines, cue, raw, fmt)
                 for cue, raw in zip(result.track.cues, result.raw_cues))
    numbered = fmt == "srt" and all(
        c.first != c.timing and lines[c.first] == str(n) for n, c in enumerate(cues, 1))
    doc = CaptionDocument(path, fmt, lines, cues, codec, bom, newline, numbered,
                          result.language)
    exact = encode_document(doc, render(doc, initial_edits(doc)).text) == data
    return doc if exact else replace(doc, exact=False)


def _codec_of(data: bytes, encoding: Optional[str]) -> tuple[str, bytes]:
    """The codec and byte-order mark to write the file back as it came (as textio.decode reads it)."""
    if encoding:
        return encoding, b""
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
                       (codecs.BOM_UTF8, "utf-8")):
        if data.startswith(bom):
            return codec, bom
    return "utf-8", b""


def _newline_of(raw: str) -> str:
    crlf = raw.count("\r\n")
    if crlf and crlf == raw.count("\n") and crlf == raw.count("\r"):
        return "\r\n"
    if "\r" in raw and "\n" not in raw:
        return "\r"
    return "\n"       # LF, or mixed line ends (then the file is not written back exactly)


def _source_cue(lines: Sequence[str], cue: Cue, raw, fmt: str) -> SourceCue:
    timing = raw.line - 1
    first = timing - 1 if raw.ident is not None else timing
    stop = timing + 1 + len(raw.text)
    if fmt == "srt":
        text, voice, rich = "\n".join(raw.text), None, False
    else:
        names = {m.group(2) for line in raw.text for m in _TAG_NAME.finditer(line)}
        voices = {s for s in raw.speakers if s}
        text, voice = "\n".join(cue.shown), cue.speaker   # as the viewer reads it
        rich = bool(names - {"v"}) or len(voices) > 1
    return SourceCue(first, timing, stop, cue.start, cue.end, text, voice, raw.settings, rich)


def initial_edits(doc: CaptionDocument) -> list[Edit]:
    return [Edit(k, c.start, c.end, c.text, c.voice) for k, c in enumerate(doc.cues)]


# ------------------------------------------------------------------ writing

def render(doc: CaptionDocument, edits: Sequence[Edit]) -> Rendered:
    """The file's text (LF line ends) with ``edits`` as its cues, in their order."""
    lines = doc.lines
    out: list[str] = []
    spans: list[tuple[int, int, int]] = []
    same_cues = [e.key for e in edits] == list(range(len(doc.cues)))
    renumber = doc.format == "srt" and (doc.numbered or not same_cues)
    pending = 0               # the next loaded cue whose preceding lines are not written yet
    for number, edit in enumerate(edits, 1):
        source = None
        if edit.key is not None and pending <= edit.key < len(doc.cues):
            source = doc.cues[edit.key]
            for k in range(pending, edit.key + 1):    # what stood before it (and before
                out.extend(_before(doc, k))           # any cue merged away), in place
            pending = edit.key + 1
        if out and out[-1].strip():
            out.append("")                            # a new cue needs its blank line
        first = len(out) + 1
        if renumber:
            out.append(str(number))
        elif source is not None and source.first != source.timing:
            out.append(lines[source.first])
        timing, text = _cue_lines(doc, source, edit)
        out.append(timing)
        spans.append((first, len(out), len(out) + len(text)))
        out.extend(text)
    for k in range(pending, len(doc.cues)):
        out.extend(_before(doc, k))
    out.extend(lines[doc.cues[-1].stop:])
    return Rendered("\n".join(out), tuple(spans))


def _before(doc: CaptionDocument, k: int) -> Sequence[str]:
    """The lines between loaded cue k-1 (or the file's start) and loaded cue k."""
    begin = doc.cues[k - 1].stop if k else 0
    return doc.lines[begin:doc.cues[k].first]


def _cue_lines(doc: CaptionDocument, source: Optional[SourceCue], edit: Edit
               ) -> tuple[str, list[str]]:
    """The timing line and the text lines of one cue: as loaded where unchanged."""
    same_times = source is not None and (edit.start, edit.end) == (source.start, source.end)
    same_text = source is not None and edit.text == source.text and (
        doc.format == "srt" or edit.voice == source.voice)
    if same_times and same_text:
        assert source is not None
        return doc.lines[source.timing], list(doc.lines[source.timing + 1:source.stop])
    written = written_cue(doc.format, edit)
    timing = written[0]
    if source is not None and source.settings:
        timing += " " + source.settings
    if same_times:
        assert source is not None
        timing = doc.lines[source.timing]
    if same_text:
        assert source is not None
        return timing, list(doc.lines[source.timing + 1:source.stop])
    return timing, written[1:]


def text_lines(text: str) -> tuple[str, ...]:
    """The lines of typed text; a blank line would end the cue, so blank lines go."""
    return tuple(line.strip() for line in text.split("\n") if line.strip())


def written_cue(fmt: str, edit: Edit) -> list[str]:
    """[timing line, text lines...] of one cue as the project's own writer writes it."""
    from ..formats.srt import format_srt
    from ..formats.vtt import format_vtt

    lines = text_lines(edit.text)
    voice = edit.voice if fmt == "vtt" and lines and edit.voice and edit.voice.strip() else None
    track = Track((Cue(start=edit.start, end=edit.end, lines=lines, speaker=voice),))
    if fmt == "srt":
        written = format_srt(track)
    else:
        written = format_vtt(track, note="review")
    block = written.split("\n")
    # The cue is the last block; its timing line is the only one with "-->"
    # (a writer's NOTE never holds one).
    at = max(k for k, line in enumerate(block) if "-->" in line)
    cue = block[at:]
    while cue and not cue[-1]:
        cue.pop()
    return cue


def encode_document(doc: CaptionDocument, text: str) -> bytes:
    """Text (LF line ends) back to bytes as the file came: codec, BOM, line ends."""
    if doc.newline != "\n":
        text = text.replace("\n", doc.newline)
    return doc.bom + text.encode(doc.codec)


def parse_rendered(doc: CaptionDocument, text: str, language: Optional[str]) -> ReadResult:
    """Read rendered text back as ``captions check`` reads the file (leniently)."""
    return parse_subtitles(text, fmt=doc.format, path=doc.path, language=language)
