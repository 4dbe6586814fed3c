"""WebVTT read exactly as a browser reads it: the W3C WebVTT parser algorithm.

``captions check`` has to say what a viewer's browser will drop or misread,
and the lenient reader in :mod:`.read` is the wrong witness for that: it is
built to rescue files (it takes ``00:00:01,000``, one-digit minutes, ``-->``
inside text, files with NUL bytes) where a browser silently drops cues.  This
module follows the W3C WebVTT spec's "WebVTT file parsing" section step by step
(https://w3c.github.io/webvtt/#file-parsing, checked against w3c/webvtt
index.bs of 2026-05-14): the byte decoding, the signature and header rules,
"collect a WebVTT block", "collect WebVTT cue timings and settings", "collect a
WebVTT timestamp", the cue and region settings.  Comments quote the spec's step
where the code could look arbitrary.  The web-platform-tests of
``webvtt/parsing/file-parsing/`` are its conformance tests
(tests/test_vtt_browser.py).

The reading is its own type, :class:`BrowserCue`, not the project's
:class:`~captions.model.Cue`: browsers keep a cue whose end is before its
start (it is never shown, but it exists, with its id and text), while ``Cue``
refuses ``end < start`` because every stage of the pipeline relies on it; and a
browser's cue is raw text with markup, an id and settings, not laid-out lines
with a speaker.  Mixing the two would either weaken ``Cue`` or lie about what
a browser has.

Not modelled: CSS parsing of STYLE blocks (their text is kept), cue text
parsing into nodes (the cue text is the raw text, as ``VTTCue.text`` is), and
the incremental (streaming) form of the parser, which gives the same result.
Times are integer milliseconds, exact: WebVTT timestamps have exactly three
fraction digits.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Optional, Sequence, Union

# "ASCII whitespace" (WHATWG Infra): tab, line feed, form feed, carriage return, space.
_WHITESPACE = "\t\n\x0c\r "
_SPLIT_ON_WHITESPACE = re.compile(r"[\t\n\x0c\r ]+")
_WHITESPACE_RUN = re.compile(r"[\t\n\x0c\r ]*")
_DIGITS = frozenset("0123456789")
_DIGIT_RUN = re.compile(r"[0-9]*")                 # ASCII digits only, unlike str.isdigit
# A WebVTT percentage: digits, optionally "." and digits, then "%".
_PERCENTAGE = re.compile(r"[0-9]+(?:\.[0-9]+)?%")

REJECTED = "the file does not start with 'WEBVTT' followed by a space, a tab or a line end"


# ------------------------------------------------------------------ results

@dataclass(frozen=True)
class Region:
    """A WebVTT region (a REGION block), as the region settings parse it.

    ``index`` is the region's place in the file's list of regions: two cues
    are in the same region exactly when their regions are equal.
    """

    index: int
    id: str = ""
    width: float = 100.0
    lines: int = 3
    region_anchor: tuple[float, float] = (0.0, 100.0)
    viewport_anchor: tuple[float, float] = (0.0, 100.0)
    scroll: str = ""                      # "" or "up"


@dataclass(frozen=True)
class CueSettings:
    """A cue's settings with the spec's defaults; ``None`` is the value ``auto``."""

    region: Optional[Region] = None
    vertical: str = ""                    # "", "rl" or "lr"
    snap_to_lines: bool = True
    line: Optional[float] = None
    line_align: str = "start"             # start, center, end
    position: Optional[float] = None      # percent
    position_align: str = "auto"          # auto, line-left, center, line-right
    size: float = 100.0                   # percent
    align: str = "center"                 # start, center, end, left, right


@dataclass(frozen=True)
class BrowserCue:
    """One cue as a browser gets it.  ``end`` may be before ``start``."""

    id: str
    start: int                            # ms
    end: int                              # ms
    text: str                             # the raw cue text, markup and all
    settings: CueSettings
    line: int                             # 1-based line of its timing line, for reports


@dataclass(frozen=True)
class BrowserReading:
    """What a browser makes of a file: whether it loads it at all, and its cues.

    A rejected file (no WebVTT signature) fires the track's ``error`` event and
    has no cues; ``reason`` says why.
    """

    accepted: bool
    cues: tuple[BrowserCue, ...] = ()
    regions: tuple[Region, ...] = ()
    stylesheets: tuple[str, ...] = ()     # the text of each STYLE block, unparsed
    reason: str = ""


# ---------------------------------------------------------------- decoding

def decode_as_browser(data: bytes) -> str:
    """Bytes to the text the parser sees: UTF-8 decode, then the parser's own clean-up.

    "UTF-8 decode" (WHATWG Encoding) drops one leading UTF-8 BOM and replaces
    each malformed sequence with U+FFFD (Python's decoder replaces the same
    maximal subparts); no other encoding is ever considered, so a UTF-16 file
    is garbage to a browser.  Then NUL becomes U+FFFD and CRLF or CR become LF.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return normalize(data.decode("utf-8", errors="replace"))


def normalize(text: str) -> str:
    """The parser's first step: NUL -> U+FFFD, CRLF -> LF, then CR -> LF."""
    return text.replace("\x00", "\ufffd").replace("\r\n", "\n").replace("\r", "\n")


# ------------------------------------------------------------------ parser

def parse_as_browser(text: str) -> BrowserReading:
    """Run the WebVTT parser algorithm over decoded text (a BOM is not skipped here:
    decoding took one off, and any other is content that fails the signature)."""
    return _Parser(normalize(text)).run()


def read_as_browser(data: bytes) -> BrowserReading:
    """A file's bytes, read exactly as a browser's <track> reads them."""
    return parse_as_browser(decode_as_browser(data))


class _Parser:
    """The spec's variables (input, position, seen cue, regions) and its algorithms."""

    def __init__(self, text: str) -> None:
        self.input = text
        self.position = 0
        self.seen_cue = False
        self.regions: list[Region] = []
        self.cues: list[BrowserCue] = []
        self.stylesheets: list[str] = []
        self._line_feeds: Optional[list[int]] = None

    def run(self) -> BrowserReading:
        text = self.input
        # Signature: "WEBVTT", then nothing, a space, a tab or a line feed.
        if len(text) < 6 or not text.startswith("WEBVTT") or (len(text) > 6 and text[6] not in " \t\n"):
            return BrowserReading(accepted=False, reason=REJECTED)
        self._collect_not_line_feeds()
        if self.position < len(text):
            self.position += 1                       # the line feed ending the signature line
            if self.position < len(text):
                # Header: a block whose lines are never cues; or one blank line.
                if text[self.position] != "\n":
                    self._collect_block(in_header=True)
                else:
                    self.position += 1
                self._collect_line_feeds()
                while self.position < len(text):     # Block loop
                    self._block(self._collect_block(in_header=False))
                    self._collect_line_feeds()
        return BrowserReading(accepted=True, cues=tuple(self.cues), regions=tuple(self.regions),
                              stylesheets=tuple(self.stylesheets))

    def _block(self, block: Union[BrowserCue, Region, str, None]) -> None:
        if isinstance(block, BrowserCue):
            self.cues.append(block)
        elif isinstance(block, Region):
            self.regions.append(block)
        elif isinstance(block, str):
            self.stylesheets.append(block)

    # -- scanning
    def _collect_not_line_feeds(self) -> str:
        start = self.position
        end = self.input.find("\n", start)
        self.position = len(self.input) if end < 0 else end
        return self.input[start:self.position]

    def _collect_line_feeds(self) -> None:
        text, position = self.input, self.position
        while position < len(text) and text[position] == "\n":
            position += 1
        self.position = position

    def _line_number(self, position: int) -> int:
        if self._line_feeds is None:
            self._line_feeds = [m.start() for m in re.finditer("\n", self.input)]
        return bisect_right(self._line_feeds, position - 1) + 1

    # -- collect a WebVTT block
    def _collect_block(self, *, in_header: bool) -> Union[BrowserCue, Region, str, None]:
        """"Collect a WebVTT block": a cue, a region, a style sheet's text, or None."""
        text = self.input
        line_count = 0
        previous_position = self.position
        buffer: list[str] = []                 # the spec's buffer, as its lines
        seen_arrow = False
        cue: Optional[tuple[int, int, int, CueSettings, str]] = None
        stylesheet = False
        region = False
        while True:
            line_start = self.position
            line = self._collect_not_line_feeds()
            line_count += 1
            seen_eof = self.position >= len(text)
            if not seen_eof:
                self.position += 1
            if "-->" in line:
                # Only a block's first line, or its second after a first without
                # "-->", can be a timing line; any other "-->" ends the block and
                # starts the next one on this line.
                if not in_header and (line_count == 1 or (line_count == 2 and not seen_arrow)):
                    seen_arrow = True
                    previous_position = self.position
                    timing = parse_timing_line(line, self.regions)
                    if timing is None:
                        cue = None
                    else:
                        start, end, settings = timing
                        cue = (self._line_number(line_start), start, end, settings, "\n".join(buffer))
                        buffer = []
                        self.seen_cue = True
                else:
                    self.position = previous_position
                    break
            elif line == "":
                break
            else:
                if not in_header and line_count == 2 and not self.seen_cue and buffer:
                    if _keyword_line(buffer[0], "STYLE"):
                        stylesheet, buffer = True, []
                    elif _keyword_line(buffer[0], "REGION"):
                        region, buffer = True, []
                buffer.append(line)
                previous_position = self.position
            if seen_eof:
                break
        body = "\n".join(buffer)
        if cue is not None:
            line_no, start, end, settings, ident = cue
            return BrowserCue(id=ident, start=start, end=end, text=body, settings=settings, line=line_no)
        if stylesheet:
            return body
        if region:
            return parse_region_settings(body, index=len(self.regions))
        return None


def _keyword_line(line: str, word: str) -> bool:
    """``STYLE`` or ``REGION`` and nothing after it but ASCII whitespace."""
    return line.startswith(word) and all(ch in _WHITESPACE for ch in line[len(word):])


# ---------------------------------------------------- timings and settings

def parse_timing_line(line: str, regions: Sequence[Region] = ()
                      ) -> Optional[tuple[int, int, CueSettings]]:
    """"Collect WebVTT cue timings and settings": (start, end, settings) or None."""
    position = _skip_whitespace(line, 0)
    start = collect_timestamp(line, position)
    if start is None:
        return None
    start_ms, position = start
    position = _skip_whitespace(line, position)
    if line[position:position + 3] != "-->":
        return None
    position = _skip_whitespace(line, position + 3)
    end = collect_timestamp(line, position)
    if end is None:
        return None
    end_ms, position = end
    return start_ms, end_ms, parse_cue_settings(line[position:], regions)


def _skip_whitespace(text: str, position: int) -> int:
    run = _WHITESPACE_RUN.match(text, position)
    return run.end() if run else position


def collect_timestamp(text: str, position: int) -> Optional[tuple[int, int]]:
    """"Collect a WebVTT timestamp" at ``position``: (milliseconds, new position) or None."""
    digits, position = _collect_digits(text, position)
    if not digits:
        return None
    value1 = int(digits) if len(digits) < 4000 else _integer(digits)
    hours_first = len(digits) != 2 or value1 > 59   # then the first field is hours
    if text[position:position + 1] != ":":
        return None
    digits, position = _collect_digits(text, position + 1)
    if len(digits) != 2:
        return None
    value2 = int(digits)
    if hours_first or text[position:position + 1] == ":":
        if text[position:position + 1] != ":":
            return None
        digits, position = _collect_digits(text, position + 1)
        if len(digits) != 2:
            return None
        value3 = int(digits)
    else:                                            # mm:ss.ttt
        value1, value2, value3 = 0, value1, value2
    if text[position:position + 1] != ".":
        return None
    digits, position = _collect_digits(text, position + 1)
    if len(digits) != 3:
        return None
    if value2 > 59 or value3 > 59:
        return None
    return ((value1 * 60 + value2) * 60 + value3) * 1000 + int(digits), position


def _collect_digits(text: str, position: int) -> tuple[str, int]:
    run = _DIGIT_RUN.match(text, position)
    end = run.end() if run else position
    return text[position:end], end


def _integer(digits: str) -> int:
    """Exact value of an ASCII digit string of any length (int() stops at 4300 digits)."""
    value = 0
    for k in range(0, len(digits), 4000):
        chunk = digits[k:k + 4000]
        value = value * 10 ** len(chunk) + int(chunk)
    return value


def parse_cue_settings(text: str, regions: Sequence[Region] = ()) -> CueSettings:
    """"Parse the WebVTT cue settings": each ``name:value`` token in turn, unknown ones ignored."""
    s: dict = {"region": None, "vertical": "", "snap_to_lines": True, "line": None,
               "line_align": "start", "position": None, "position_align": "auto",
               "size": 100.0, "align": "center"}
    for name, value in _settings_tokens(text):
        if name == "region":
            s["region"] = next((r for r in reversed(regions) if r.id == value), None)
        elif name == "vertical":
            if value in ("rl", "lr"):
                s["vertical"] = value
            if s["vertical"]:
                s["region"] = None           # there are no vertical regions
        elif name == "line":
            _line_setting(s, value)
        elif name == "position":
            colpos, comma, colalign = value.partition(",")
            number = parse_percentage(colpos)
            if number is None:
                continue
            if comma:
                if colalign not in ("line-left", "center", "line-right"):
                    continue
                s["position_align"] = colalign
            s["position"] = number
        elif name == "size":
            number = parse_percentage(value)
            if number is None:
                continue
            s["size"] = number
            if number != 100:
                s["region"] = None           # explicitly sized: out of the region
        elif name == "align" and value in ("start", "center", "end", "left", "right"):
            s["align"] = value
    return CueSettings(**s)


def _line_setting(s: dict, value: str) -> None:
    linepos, comma, linealign = value.partition(",")
    if not any(ch in _DIGITS for ch in linepos):
        return
    if linepos.endswith("%"):
        number = parse_percentage(linepos)
        if number is None:
            return
    else:
        if any(ch not in "-.0123456789" for ch in linepos) or "-" in linepos[1:] \
                or linepos.count(".") > 1:
            return
        dot = linepos.find(".")
        if dot >= 0 and (dot == 0 or dot == len(linepos) - 1
                         or linepos[dot - 1] not in _DIGITS or linepos[dot + 1] not in _DIGITS):
            return
        number = parse_float(linepos)
        if number is None:
            return
    if comma:
        if linealign not in ("start", "center", "end"):
            return
        s["line_align"] = linealign
    s["line"] = number
    s["snap_to_lines"] = not linepos.endswith("%")
    s["region"] = None                       # positioned by a line: out of the region


def _settings_tokens(text: str):
    """(name, value) of each whitespace-separated token with a colon neither first nor last."""
    for setting in _SPLIT_ON_WHITESPACE.split(text):
        colon = setting.find(":")
        if 0 < colon < len(setting) - 1:
            yield setting[:colon], setting[colon + 1:]


def parse_percentage(text: str) -> Optional[float]:
    """"Parse a percentage string": a WebVTT percentage from 0 to 100, or None."""
    if not _PERCENTAGE.fullmatch(text):
        return None
    number = parse_float(text[:-1])
    return number if number is not None and 0 <= number <= 100 else None


def parse_float(text: str) -> Optional[float]:
    """HTML's rules for parsing floating-point numbers, for the strings WebVTT lets
    through (an optional leading "-", digits, at most one "." between digits).

    The rules take the exact decimal value and round it to the nearest double,
    which is what float() does; beyond the largest double is an error, and -0 is 0.
    """
    try:
        number = float(text)
    except (ValueError, OverflowError):
        return None
    if not math.isfinite(number):
        return None
    return number + 0.0                      # -0.0 + 0.0 is 0.0


# ----------------------------------------------------------------- regions

def parse_region_settings(text: str, *, index: int) -> Region:
    """"Collect WebVTT region settings" from a REGION block's text."""
    r: dict = {"id": "", "width": 100.0, "lines": 3, "region_anchor": (0.0, 100.0),
               "viewport_anchor": (0.0, 100.0), "scroll": ""}
    for name, value in _settings_tokens(text):
        if name == "id":
            r["id"] = value
        elif name == "width":
            number = parse_percentage(value)
            if number is not None:
                r["width"] = number
        elif name == "lines":
            if all(ch in _DIGITS for ch in value):
                r["lines"] = _integer(value)
        elif name in ("regionanchor", "viewportanchor"):
            x, comma, y = value.partition(",")
            ax, ay = parse_percentage(x), parse_percentage(y)
            if comma and ax is not None and ay is not None:
                r["region_anchor" if name == "regionanchor" else "viewport_anchor"] = (ax, ay)
        elif name == "scroll" and value == "up":
            r["scroll"] = "up"
    return Region(index=index, **r)


# ------------------------------------------------------- why a line starts no cue

def why_no_cue(timing: str) -> str:
    """The first thing in a timing line a browser refuses, in words."""
    position = _skip_whitespace(timing, 0)
    start = collect_timestamp(timing, position)
    if start is None:
        return f"its start time is not a WebVTT timestamp ({_timestamp_fault(timing, position)})"
    position = _skip_whitespace(timing, start[1])
    if timing[position:position + 3] != "-->":
        return "no '-->' right after the start time"
    position = _skip_whitespace(timing, position + 3)
    if collect_timestamp(timing, position) is None:
        return f"its end time is not a WebVTT timestamp ({_timestamp_fault(timing, position)})"
    return "browsers start no cue on this line"


_TIMESTAMP_CHARS = re.compile(r"[0-9:.,]*")


def _timestamp_fault(text: str, position: int) -> str:
    token = _TIMESTAMP_CHARS.match(text, position)
    written = token.group() if token else ""
    if "," in written:
        return "',' before the milliseconds, where WebVTT has '.'"
    if "." in written and len(written.rsplit(".", 1)[1]) != 3:
        return "the milliseconds need exactly three digits"
    return "WebVTT has [hh:]mm:ss.ttt, two-digit minutes and seconds below 60"
