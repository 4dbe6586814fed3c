"""Where a forgiving reader and a browser read a WebVTT file differently (rule ``browser``).

The lenient reader (``captions.formats.read``) is for repair work: it keeps
what it can.  A browser reads the file by the W3C parser algorithm
(``captions.formats.vtt_browser``) and drops or reads otherwise some of
what the lenient reader keeps.  ``browser_disagreements`` lines the two
readings up by timing line and names each cue where they differ.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..formats.read import parse_subtitles
from ..formats.vtt_browser import REJECTED, parse_as_browser, why_no_cue
from ..timestamps import vtt_timestamp


def _quote(text: str, limit: int = 40) -> str:
    shown = text.replace("\n", " / ")
    return repr(shown if len(shown) <= limit else shown[:limit - 1] + "…")


def _why_text(wrote: str, shown: str) -> str:
    if "-->" in wrote and "-->" not in shown:
        return " (a text line with '-->' ends the cue in a browser)"
    return ""


@dataclass(frozen=True)
class Disagreement:
    """A cue the lenient reader and a browser read differently.

    ``kind`` is ``dropped`` (browsers have no cue there), ``misread`` (another
    start, end or text: ``differs`` names which), ``extra`` (browsers show a cue
    the lenient reader skipped) or ``rejected`` (browsers load no cue at all).
    ``index`` is the cue's 0-based place in the lenient track (None for
    ``extra`` and ``rejected``); ``line`` the line of its timing line.
    """

    kind: str
    line: int
    message: str
    index: Optional[int] = None
    differs: tuple[str, ...] = field(default=())


def browser_disagreements(text: str, lenient=None) -> tuple[Disagreement, ...]:
    """Each cue where the lenient reading of ``text`` and a browser's disagree.

    ``text`` is the file as a browser decodes it (:func:`decode_as_browser`);
    ``lenient`` the :class:`~captions.formats.read.ReadResult` of the same file
    (read here when not given).  Cues are matched by their timing line.
    """
    if lenient is None:
        lenient = parse_subtitles(text, fmt="vtt")
    browser = parse_as_browser(text)
    if not browser.accepted:
        return (Disagreement("rejected", 1, f"browsers load no cue: {REJECTED}"),)
    by_line = {cue.line: cue for cue in browser.cues}
    found: list[Disagreement] = []
    lenient_lines = set()
    for index, (cue, raw) in enumerate(zip(lenient.track.cues, lenient.raw_cues, strict=True)):
        lenient_lines.add(raw.line)
        seen = by_line.get(raw.line)
        if seen is None:
            found.append(Disagreement("dropped", raw.line, "browsers drop this cue: "
                                      + why_no_cue(raw.timing), index))
            continue
        wrote = "\n".join(raw.text)
        differs = tuple(name for name, ours, theirs in (
            ("start", cue.start, seen.start), ("end", cue.end, seen.end), ("text", wrote, seen.text))
            if ours != theirs)
        if differs:
            parts = []
            if "start" in differs or "end" in differs:
                parts.append(f"browsers time it {vtt_timestamp(seen.start)} --> {vtt_timestamp(seen.end)}, "
                             f"not {vtt_timestamp(cue.start)} --> {vtt_timestamp(cue.end)}")
            if "text" in differs:
                parts.append(f"browsers show {_quote(seen.text)}, not {_quote(wrote)}"
                             + _why_text(wrote, seen.text))
            found.append(Disagreement("misread", raw.line, "; ".join(parts), index, differs))
    for seen in browser.cues:
        if seen.line not in lenient_lines:
            found.append(Disagreement("extra", seen.line, "browsers show a cue here "
                                      f"({_quote(seen.text)}) that this reader skipped"))
    return tuple(sorted(found, key=lambda d: d.line))


