"""Reading SRT and WebVTT files back into a Track, leniently or strictly.

Used by ``check``, ``translate`` and ``attach``.  Reading is lenient by
default: a block that does not follow the format is skipped and reported as a
:class:`Problem` naming its line, and the rest of the file is read.  With
``strict=True`` the first problem raises :class:`~captions.errors.ParseError`
saying what was expected there.  Whatever the bytes, nothing but a
:class:`~captions.errors.CaptionsError` escapes.

Besides the Track, a :class:`ReadResult` keeps each cue's raw lines as they
stand in the file (with line numbers), because a checker must see what a
player sees: an unescaped ``&`` or ``<``, ``-->`` inside text, a label that
takes room on screen, two voices in one cue.

With ``as_browser=True`` a WebVTT file is read instead exactly as a browser's
``<track>`` reads it (:mod:`.vtt_browser`, the W3C parser algorithm): the
lenient reader stays the one for repair work, the browser reading is the truth
about what viewers get, and ``check`` reports where the two differ.

Times are integer milliseconds throughout.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Optional, Sequence, Union, overload

from ..errors import ParseError, UsageError
from ..model import Cue, Track
from ..textio import decode, read_bytes

from . import READABLE as FORMATS  # the formats this module reads

if TYPE_CHECKING:
    from .vtt_browser import BrowserReading

_EXPECTED_TIMING = {
    "srt": "'HH:MM:SS,mmm --> HH:MM:SS,mmm'",
    "vtt": "'hh:mm:ss.ttt --> hh:mm:ss.ttt' (hours optional)",
}


@dataclass(frozen=True)
class Problem:
    """Something in the file that does not follow the format.

    ``severity`` is ``"error"`` when content was skipped and ``"warning"``
    when it was read but is not standard (for example ``.`` in an SRT time).
    """

    line: int
    message: str
    severity: str = "error"
    code: str = "bad-block"         # bad-block, bad-timing, end-before-start, no-header,
                                    # no-blank-line, nonstandard-timing, bad-index, no-cues

    def __str__(self) -> str:
        return f"line {self.line}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class RawCue:
    """One cue as it stands in the file, for checks a Track cannot answer.

    ``text`` holds the text lines exactly as written; ``display`` the same
    lines as a player shows them (tags removed, entities decoded, an SRT
    speaker label kept because it takes room on screen).  ``speakers`` gives,
    per line, the speaker whose words start on that line (a voice span or a
    label), or None.
    """

    line: int                       # line number of the timing line
    timing: str                     # the timing line as written
    ident: Optional[str]            # SRT number or WebVTT cue id
    text: tuple[str, ...]
    display: tuple[str, ...]
    speakers: tuple[Optional[str], ...]
    settings: str = ""

    @property
    def text_line_numbers(self) -> tuple[int, ...]:
        return tuple(range(self.line + 1, self.line + 1 + len(self.text)))


@dataclass(frozen=True)
class ReadResult:
    track: Track
    problems: tuple[Problem, ...]
    format: str
    raw_cues: tuple[RawCue, ...]    # one per cue of ``track``, same order
    has_header: bool = False        # WebVTT: the file starts with WEBVTT
    path: str = "<input>"
    header: tuple[str, ...] = field(default=())
    language: Optional[str] = None  # as given, or from the file name or header; None if unknown
    browser_text: Optional[str] = None  # WebVTT file: its text as a browser decodes it (for check)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")


# ---------------------------------------------------------------- public API

@overload
def read_subtitles(path, *, strict: bool = ..., encoding: Optional[str] = ...,
                   fmt: Optional[str] = ..., language: Optional[str] = ...,
                   as_browser: Literal[False] = ...) -> ReadResult: ...
@overload
def read_subtitles(path, *, strict: bool = ..., encoding: Optional[str] = ...,
                   fmt: Optional[str] = ..., language: Optional[str] = ...,
                   as_browser: Literal[True]) -> "BrowserReading": ...
@overload
def read_subtitles(path, *, strict: bool = ..., encoding: Optional[str] = ...,
                   fmt: Optional[str] = ..., language: Optional[str] = ...,
                   as_browser: bool) -> Union[ReadResult, "BrowserReading"]: ...
def read_subtitles(path, *, strict: bool = False, encoding: Optional[str] = None,
                   fmt: Optional[str] = None, language: Optional[str] = None,
                   as_browser: bool = False) -> Union[ReadResult, "BrowserReading"]:
    """Read an SRT or WebVTT file (``-`` is standard input).

    The format comes from ``fmt``, else the extension, else the content; the
    language from ``language``, else a ``name.LANG.srt`` file name, else a
    WebVTT ``Language:`` header, else English.

    ``as_browser=True`` reads the bytes as WebVTT exactly as a browser does and
    returns a :class:`~captions.formats.vtt_browser.BrowserReading` (whether the
    file loads at all, and each cue's id, start, end and raw text).  A browser
    knows no other encoding than UTF-8 and no strict mode, so ``encoding``,
    ``strict`` and an SRT ``fmt`` are refused with it.
    """
    name = str(path)
    if as_browser:
        if encoding or strict or fmt not in (None, "vtt"):
            raise UsageError("as_browser reads WebVTT as a browser does: UTF-8, never strict",
                             path=name)
        from .vtt_browser import read_as_browser
        return read_as_browser(read_bytes(path))
    data = read_bytes(path)
    if fmt is None:
        suffix = Path(name).suffix.lower().lstrip(".")
        fmt = suffix if suffix in FORMATS else None
    nuls = fmt == "vtt" and not strict and encoding is None and b"\x00" in data
    if nuls:  # as a browser reads them, not as "binary data": the check then says where
        data = data.replace(b"\x00", "\ufffd".encode("utf-8"))
    text = decode(data, path=name, encoding=encoding)
    result = parse_subtitles(text, fmt=fmt, path=name, strict=strict,
                             language=language or language_from_name(name))
    if nuls:
        line = text[:text.index("\ufffd")].count("\n") + 1
        result = replace(result, problems=(Problem(line, "NUL characters in the file: browsers show "
                                                   "each as U+FFFD", "warning", "nul"),) + result.problems)
    if result.format == "vtt":      # a browser may decode it otherwise (NUL, bad UTF-8, UTF-16)
        from .vtt_browser import decode_as_browser
        result = replace(result, browser_text=decode_as_browser(data))
    return result


def parse_subtitles(text: str, *, fmt: Optional[str], path: str = "<input>",
                    strict: bool = False, language: Optional[str] = None) -> ReadResult:
    """Parse decoded subtitle text (LF line ends; a stray BOM or CR is tolerated)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if fmt is None:
        fmt = detect_format(text)
    if fmt not in FORMATS:
        raise UsageError(f"unknown subtitle format {fmt!r} (use srt or vtt)", path=path)
    reader = _Reader(fmt=fmt, path=path, strict=strict)
    return reader.read(text, language)


def detect_format(text: str) -> str:
    """``vtt`` for a WEBVTT header or ``.`` times, else ``srt``."""
    head = text.lstrip("\ufeff")
    if _is_webvtt_signature(head.split("\n", 1)[0]):
        return "vtt"
    for line in head.split("\n", 200)[:200]:
        if "-->" in line:
            match = _TIMESTAMP_LENIENT.search(line)
            if match and match.group("sep") == ".":
                return "vtt"
            return "srt"
    return "srt"


def language_from_name(path: str) -> Optional[str]:
    """``talk.uk.srt`` -> ``uk``; None when the name carries no language."""
    from ..languages import split_caption_name

    return split_caption_name(path).language


# ------------------------------------------------------------------ timings

# Lenient: hours optional, ',' or '.', 1-3 fraction digits, 1-2 digit fields.
_TIMESTAMP_LENIENT = re.compile(
    r"(?:(?P<h>[0-9]+):)?(?P<m>[0-9]{1,2}):(?P<s>[0-9]{1,2})(?P<sep>[,.])(?P<f>[0-9]{1,3})")
_TIMING_LENIENT = re.compile(
    r"^[ \t]*(?P<a>" + _TIMESTAMP_LENIENT.pattern.replace("?P<", "?P<a") + r")"
    r"[ \t]*-->[ \t]*"
    r"(?P<b>" + _TIMESTAMP_LENIENT.pattern.replace("?P<", "?P<b") + r")"
    r"(?P<rest>(?:[ \t].*)?)$")
_STANDARD_TIMESTAMP = {
    "srt": re.compile(r"[0-9]{2,}:[0-9]{2}:[0-9]{2},[0-9]{3}"),
    "vtt": re.compile(r"(?:[0-9]{2,}:)?[0-9]{2}:[0-9]{2}\.[0-9]{3}"),
}


_INTEGER = re.compile(r"[ \t]*[0-9]+[ \t]*")


def _timestamp_ms(match: re.Match, prefix: str) -> Optional[int]:
    hours = int(match.group(prefix + "h") or 0)
    minutes = int(match.group(prefix + "m"))
    seconds = int(match.group(prefix + "s"))
    if minutes >= 60 or seconds >= 60:
        return None
    fraction = match.group(prefix + "f")
    millis = int(fraction.ljust(3, "0"))
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis


# ---------------------------------------------------------------- cue text

# Tag bodies exclude '<' (and '{'), so a line full of unclosed '<' costs linear time.
# The annotation must start with '.' or a space, so the name and annotation
# groups can never trade characters (which would backtrack quadratically).
_VTT_TAG = re.compile(r"<(/?)([^\s<>./]*)((?:[.\s][^<>]*)?)>")
_SRT_TAG = re.compile(r"</?(?:i|b|u|s|font)(?:\s[^<>]*)?>|\{\\[^{}]*\}", re.I)
# A speaker label: an uppercase name (letters, spaces, dots, hyphens,
# apostrophes) and a colon at the start of a line, e.g. "JENS STOLTENBERG: ",
# or a Chinese or Japanese name and the full-width colon ("斯托尔滕贝格：").
_SRT_LABEL = re.compile(r"^(?P<name>[^\W\d_][^\W\d_ .'’\-·・]*(?:[ .'’\-·・]+[^\W\d_]+){0,4}\.?)"
                        r"(?P<colon>:[ \t]+|：[ \t]*)(?P<rest>\S.*)$")
_DIALOGUE_DASH = re.compile(r"^[-–—][ \t]?")
_CHEVRONS = re.compile(r"^>>[ \t]?")


def _srt_label(line: str) -> Optional[tuple[str, str]]:
    """(name, rest of line) when the line starts with a speaker label."""
    match = _SRT_LABEL.match(line)
    if not match:
        return None
    name = match.group("name")
    if match.group("colon").startswith("："):
        from ..lang.text import is_han_or_kana

        if all(is_han_or_kana(ch) or ch in "·・" for ch in name):
            return name, match.group("rest")
        return None
    letters = [ch for ch in name if ch.isalpha()]
    if len(letters) < 2 or not name.isupper():
        return None
    return name, match.group("rest")


def _split_mark(line: str, *, dialogue: bool) -> tuple[str, Optional[str], str]:
    """(mark, the label's name or None, the words) of a line as shown.

    The mark is what ``captions.speakers`` puts before a speaker's words: a
    dialogue dash (only in a dialogue cue: elsewhere "-5 degrees" is text),
    chevrons, a speaker label, or a dash and one of those."""
    pos = 0
    if dialogue:
        dash = _DIALOGUE_DASH.match(line)
        pos = dash.end() if dash else 0
    chevrons = _CHEVRONS.match(line[pos:])
    if chevrons:
        pos += chevrons.end()
    label = _srt_label(line[pos:])
    if label:
        pos = len(line) - len(label[1])
    return line[:pos], label[0] if label else None, line[pos:]


def _vtt_line(line: str) -> tuple[str, Optional[str]]:
    """A WebVTT text line as shown, and the voice opened on it (if any)."""
    voice: Optional[str] = None
    for match in _VTT_TAG.finditer(line):
        closing, tag, annotation = match.groups()
        if not closing and tag == "v" and voice is None:
            name = annotation.strip()
            if name.startswith("."):          # <v.loud Name>: classes, then the name
                name = name.split(None, 1)[1] if " " in name or "\t" in name else ""
            voice = html.unescape(name).strip() or None
    shown = html.unescape(_VTT_TAG.sub("", line))
    return shown.replace("\u00a0", " ").strip(), voice


def _srt_display(line: str) -> str:
    return _SRT_TAG.sub("", line).strip()


def _ends_sentence(lines: Sequence[str]) -> bool:
    """True when the text ends a sentence; a trailing '...' means it runs on."""
    if not lines:
        return False
    tail = lines[-1].rstrip("\"'”’»)] ")
    return tail.endswith((".", "?", "!")) and not tail.endswith("..")


# ------------------------------------------------------------------ reader

def _is_webvtt_signature(line: str) -> bool:
    return line == "WEBVTT" or (line.startswith("WEBVTT") and line[6:7] in (" ", "\t"))


def _starts_keyword_block(line: str, word: str) -> bool:
    return line == word or (line.startswith(word) and line[len(word):len(word) + 1] in (" ", "\t"))


class _Reader:
    """One pass over the lines; collects cues, raw cues and problems."""

    def __init__(self, *, fmt: str, path: str, strict: bool) -> None:
        self.fmt = fmt
        self.path = path
        self.strict = strict
        self.problems: list[Problem] = []
        self.found: list[tuple[int, int, RawCue]] = []   # start, end, raw
        self.notes: list[str] = []
        self.header: tuple[str, ...] = ()
        self.has_header = False
        self.metadata: dict[str, str] = {}

    # -- problems
    def problem(self, line: int, code: str, message: str, severity: str = "error",
                snippet: Optional[str] = None) -> None:
        if self.strict:  # nothing is skipped: say only what was expected
            raise ParseError(message.split("; ")[0], path=self.path, line=line,
                             snippet=snippet[:60] if snippet else None)
        self.problems.append(Problem(line, message, severity, code))

    # -- driver
    def read(self, text: str, language: Optional[str]) -> ReadResult:
        blocks = _blocks(text)
        if self.fmt == "vtt":
            blocks = self._vtt_header(blocks)
        for block in blocks:
            self._block(block)
        if not self.found:
            last = text.count("\n") + 1
            self.problem(last, "no-cues", "no cues found: expected cues with timing lines "
                         f"{_EXPECTED_TIMING[self.fmt]}")
        for line in self.header:           # WebVTT header metadata such as "Language: uk"
            key, colon, value = line.partition(":")
            if colon and key.strip().lower() in ("title", "language") and value.strip():
                self.metadata.setdefault(key.strip().lower(), value.strip())
        found = language or (self.metadata.get("language") or "").lower() or None
        track = Track(cues=self._cues(), language=found or "en", title=self.metadata.get("title"),
                      notes=tuple(self.notes))
        return ReadResult(track=track, problems=tuple(self.problems), format=self.fmt,
                          raw_cues=tuple(raw for _, _, raw in self.found),
                          has_header=self.has_header, path=self.path, header=self.header,
                          language=found)

    def _vtt_header(self, blocks: list[list[tuple[int, str]]]) -> list[list[tuple[int, str]]]:
        """Take the WEBVTT header block off; note its absence."""
        if not blocks or not _is_webvtt_signature(blocks[0][0][1]) or blocks[0][0][0] != 1:
            first = blocks[0][0] if blocks else (1, "")
            self.problem(first[0], "no-header", "expected 'WEBVTT' on the first line", "warning",
                         snippet=first[1])
            return blocks
        self.has_header = True
        header = blocks[0]
        # A timing line inside the header block means the blank line is missing.
        for k, (number, line) in enumerate(header[1:], start=1):
            if "-->" in line:
                self.problem(number, "no-blank-line", "expected a blank line after the WEBVTT header",
                             "warning")
                self.header = tuple(ln for _, ln in header[:k])
                return [header[k:]] + blocks[1:]
        self.header = tuple(ln for _, ln in header)
        return blocks[1:]

    def _block(self, block: list[tuple[int, str]]) -> None:
        first_number, first = block[0]
        if self.fmt == "vtt":
            if _starts_keyword_block(first, "NOTE"):
                self._note([first[4:].strip()] + [ln for _, ln in block[1:]])
                return
            if (_starts_keyword_block(first, "STYLE") or _starts_keyword_block(first, "REGION")) \
                    and "-->" not in first and not (len(block) > 1 and "-->" in block[1][1]):
                return
        if "-->" in first:
            ident, at = None, 0
        elif len(block) > 1 and "-->" in block[1][1]:
            ident, at = first.strip(), 1
        else:
            what = "a cue number or" if self.fmt == "srt" else "a cue id or"
            found = self._next_timing(block, 1)
            skipped = block[found - 1][0] if found is not None else block[-1][0]
            where = f"line {first_number}" if skipped == first_number \
                else f"lines {first_number}-{skipped}"
            self.problem(first_number, "bad-block", f"expected {what} a timing line "
                         f"{_EXPECTED_TIMING[self.fmt]}; {where} skipped", snippet=first)
            if found is None:
                return
            at = found
            ident = None
        self._cues_from(block, at, ident)

    def _note(self, lines: list[str]) -> None:
        """Keep a comment; ``Title:``/``Language:`` lines before the first cue
        (as our writer puts them) become the track's title and language."""
        kept = []
        for line in lines:
            key, colon, value = line.partition(":")
            key = key.strip().lower()
            if colon and not self.found and key in ("title", "language") and value.strip():
                self.metadata.setdefault(key, value.strip())
            else:
                kept.append(line)
        note = "\n".join(kept).strip()
        if note:
            self.notes.append(note)

    @staticmethod
    def _next_timing(block: list[tuple[int, str]], begin: int) -> Optional[int]:
        """Index of the next line in ``block`` that reads as a cue timing."""
        for k in range(begin, len(block)):
            line = block[k][1]
            if "-->" in line and _TIMING_LENIENT.match(line):
                return k
        return None

    def _cues_from(self, block: list[tuple[int, str]], at: int, ident: Optional[str]) -> None:
        """Read the cue timed at ``block[at]``, then any that follow it without a blank line."""
        while True:
            number, timing = block[at]
            parsed = self._timing(number, timing)
            if parsed is not None and ident is not None and self.fmt == "srt" \
                    and not _INTEGER.fullmatch(ident):
                self.problem(number - 1, "bad-index",
                             f"expected a cue number, found {ident[:30]!r}", "warning")
            next_at = self._next_timing(block, at + 1)
            text = block[at + 1:next_at]
            next_ident = None
            if next_at is not None:
                if self.fmt == "srt" and text and _INTEGER.fullmatch(text[-1][1]):
                    next_ident = text.pop()[1].strip()
                if parsed is not None:
                    self.problem(block[next_at][0] - (1 if next_ident else 0), "no-blank-line",
                                 "expected a blank line before this cue", "warning")
            if parsed is not None:
                start, end, settings = parsed
                if end < start:
                    self.problem(number, "end-before-start",
                                 "cue ends before it starts; cue skipped", snippet=timing)
                else:
                    raw = self._raw(number, timing, ident, settings, [ln for _, ln in text])
                    self.found.append((start, end, raw))
            if next_at is None:
                return
            at, ident = next_at, next_ident

    def _timing(self, number: int, line: str) -> Optional[tuple[int, int, str]]:
        match = _TIMING_LENIENT.match(line)
        expected = _EXPECTED_TIMING[self.fmt]
        if not match:
            self.problem(number, "bad-timing", f"bad cue timing, expected {expected}; cue skipped", snippet=line)
            return None
        start, end = _timestamp_ms(match, "a"), _timestamp_ms(match, "b")
        if start is None or end is None:
            self.problem(number, "bad-timing", "bad cue timing, minutes and seconds must be below 60; "
                         "cue skipped", snippet=line)
            return None
        standard = _STANDARD_TIMESTAMP[self.fmt]
        if not (standard.fullmatch(match.group("a")) and standard.fullmatch(match.group("b"))):
            self.problem(number, "nonstandard-timing", f"timing not in the standard form {expected}", "warning",
                         snippet=line)
        settings = match.group("rest").strip()
        if settings and self.fmt == "srt" and not re.fullmatch(r"(?:[XY][12]:[0-9]+\s*)+", settings):
            self.problem(number, "nonstandard-timing", "unexpected text after the cue timing", "warning", snippet=line)
        return start, end, settings

    def _raw(self, number: int, timing: str, ident: Optional[str], settings: str,
             text: list[str]) -> RawCue:
        if self.fmt == "vtt":
            shown = [_vtt_line(line) for line in text]
            display = tuple(s for s, _ in shown)
            speakers = tuple(v for _, v in shown)
        else:
            display = tuple(_srt_display(line) for line in text)
            dialogue = _is_dialogue_lines(display)
            speakers = tuple(_split_mark(line, dialogue=dialogue)[1] for line in display)
        return RawCue(line=number, timing=timing.strip(), ident=ident, text=tuple(text),
                      display=display, speakers=speakers, settings=settings)

    # -- raw cues to model cues
    def _cues(self) -> tuple[Cue, ...]:
        """Model cues: the words of each line, the marks before them (labels, chevrons,
        dialogue dashes), the speaker, and turn and sentence numbers."""
        from ..lang.text import strip_direction_marks

        cues: list[Cue] = []
        speaker: Optional[str] = None
        sentence = turn = 0
        previous_words: tuple[str, ...] = ()
        for index, (start, end, raw) in enumerate(self.found):
            # direction marks (our RLE ... PDF around right-to-left lines) are no words
            pairs = [(strip_direction_marks(line), voice)
                     for line, voice in zip(raw.display, raw.speakers) if line]
            shown = [line for line, _ in pairs]
            dialogue = _is_dialogue_lines(shown)
            parts = [_split_mark(line, dialogue=dialogue) for line in shown]
            if not dialogue:                 # only the first line of a cue opens a turn
                parts = parts[:1] + [("", None, line) for line in shown[1:]]
            voices = [voice if self.fmt == "vtt" and voice else name
                      for (_, name, _), (_, voice) in zip(parts, pairs)]
            first_mark = parts[0][0] if parts else ""
            if self.fmt == "vtt" and any(voices) and not dialogue:
                new_speaker = next(v for v in voices if v)   # every WebVTT cue stands alone
            elif voices and voices[0]:
                new_speaker = voices[0]                     # a label opens a turn until the next
            elif self.fmt == "vtt":
                new_speaker = None
            else:
                new_speaker = speaker
            opens = bool(first_mark.strip()) and not dialogue   # a label or chevrons
            if index and (new_speaker != speaker or opens or dialogue):
                turn += 1
                sentence += 1
            elif index and _ends_sentence(previous_words):
                sentence += 1
            words = tuple(w for _, _, w in parts)
            marks = tuple(m for m, _, _ in parts)
            cues.append(Cue(start=start, end=end, lines=words, speaker=new_speaker,
                            sentence=sentence, turn=turn, provenance="source",
                            marks=marks if any(marks) else (),
                            voices=tuple(voices) if dialogue else ()))
            speaker = voices[-1] if dialogue else new_speaker
            if dialogue:
                turn += len(words) - 1     # the second line is the next speaker's turn
            previous_words = words
        return tuple(cues)


def _is_dialogue_lines(lines: Sequence[str]) -> bool:
    """Two or more lines, each opened by a dialogue dash (or chevrons): one speaker a line."""
    shown = [line for line in lines if line]
    return len(shown) >= 2 and all(_DIALOGUE_DASH.match(line) or _CHEVRONS.match(line)
                                   for line in shown)


def _blocks(text: str) -> list[list[tuple[int, str]]]:
    """Runs of non-blank lines with their 1-based line numbers."""
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            current.append((number, line))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks
