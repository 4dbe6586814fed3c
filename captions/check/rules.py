"""The rules: each one a small function from cues to violations.

``check_track`` runs them all.  It takes a Track (what the generator or the
translator made) and, when the track was read from a file, the reader's
:class:`~captions.formats.read.ReadResult`, so that the checks judge what a
player shows: an SRT speaker label takes room on a line, an unescaped ``&``
in WebVTT is only visible in the raw text.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from typing import Iterator, Optional, Sequence, Union

from ..lang import display_width, find_rules
from ..lang.text import strip_direction_marks
from ..model import Cue, Track
from ..profiles import RULES, Profile, load_profile
from ..timestamps import vtt_timestamp
from .linebreaks import better_balance, break_fault, kinsoku_faults, line_break_faults

__all__ = ["RULES", "Violation", "check_track", "summary", "worst_cps"]

@dataclass(frozen=True)
class Violation:
    """One broken rule.  ``index`` is the cue's 0-based position (None for the file)."""

    index: Optional[int]
    start: Optional[int]           # ms
    rule: str
    measured: Union[int, float, str, None]
    limit: Union[int, float, str, None]
    severity: str                  # "error" | "warning"
    message: str
    line: Optional[int] = None     # line in the file, when read from one

    @property
    def cue(self) -> Optional[int]:
        """Cue number as people count (1-based)."""
        return None if self.index is None else self.index + 1

    def to_dict(self) -> dict:
        data = asdict(self)
        data["cue"] = self.cue
        return data


# ------------------------------------------------------------------ helpers

def _display_lines(track: Track, raw) -> list[tuple[str, ...]]:
    """Per cue, the lines as a viewer sees them."""
    # Direction marks (RLE ... PDF around RTL lines) take no room and are no words.
    if raw is not None and len(raw.raw_cues) == len(track.cues):
        return [tuple(strip_direction_marks(line) for line in rc.display if line)
                for rc in raw.raw_cues]
    return [tuple(strip_direction_marks(line) for line in cue.shown if line.strip())
            for cue in track.cues]


def _shown(lines: Sequence[str]) -> int:
    """Characters a viewer reads, counted as shown (captions.lang.display_width)."""
    return sum(display_width(line) for line in lines)


_DASHES = ("-", "–", "—")


def _is_dialogue(lines: tuple[str, ...], language: str) -> bool:
    """One speaker a line, each opened by a dash (only the second in nl, fi, he, bg)."""
    if len(lines) < 2 or not all(line.startswith(_DASHES) for line in lines[1:]):
        return False
    rules = find_rules(language)
    return lines[0].startswith(_DASHES) or (rules is not None and not rules.dialogue_both_lines)


def _cps(chars: int, duration: int) -> Optional[float]:
    return None if duration <= 0 else round(chars * 1000 / duration, 1)


def _v(index, cue: Optional[Cue], rule, measured, limit, severity, message, line=None):
    return Violation(index, cue.start if cue is not None else None, rule, measured, limit,
                     severity, message, line)


# -------------------------------------------------------------- cue rules

def layout_rules(index: int, cue: Cue, lines: tuple[str, ...], p: Profile,
                 language: str, line_no: Optional[int]) -> Iterator[Violation]:
    if not lines:
        yield _v(index, cue, "empty", 0, 1, "error", "cue has no text", line_no)
        return
    if len(lines) > p.max_lines:
        yield _v(index, cue, "line-count", len(lines), p.max_lines, "error",
                 f"{len(lines)} lines, at most {p.max_lines}", line_no)
    for k, line in enumerate(lines, start=1):
        width = display_width(line)
        if width > p.max_chars:
            yield _v(index, cue, "line-length", width, p.max_chars, "error",
                     f"cue line {k} has {width} characters, at most {p.max_chars}", line_no)
    rules = find_rules(language)
    spaced = rules is None or rules.spaces
    joined = (" " if spaced else "").join(lines)
    dialogue = _is_dialogue(lines, language)
    if len(lines) > 1 and display_width(joined) <= p.max_chars and not dialogue:
        yield _v(index, cue, "one-line", display_width(joined), p.max_chars, "warning",
                 f"the text fits on one line ({display_width(joined)} characters)", line_no)
    if not spaced:
        for k, why in kinsoku_faults(lines):
            yield _v(index, cue, "kinsoku", why, "", "error", why, line_no)
    if not dialogue:
        for k, shown, why in line_break_faults(lines, language):
            yield _v(index, cue, "line-break", shown, "", "warning",
                     f"break after cue line {k}: {why} ({shown})", line_no)
        balanced = better_balance(lines, p.max_chars, language)
        if balanced:
            sizes = "/".join(str(display_width(line)) for line in lines)
            yield _v(index, cue, "unbalanced", sizes,
                     f"{display_width(balanced[0])}/{display_width(balanced[1])}", "warning",
                     f"lines of {sizes} characters; break as \"{balanced[0]} / "
                     f"{balanced[1]}\" instead", line_no)


def timing_rules(index: int, cue: Cue, lines: tuple[str, ...], p: Profile,
                 line_no: Optional[int]) -> Iterator[Violation]:
    duration = cue.duration
    if duration < p.min_duration:
        yield _v(index, cue, "min-duration", duration, p.min_duration, "error",
                 f"shown {duration} ms, at least {p.min_duration} ms", line_no)
    if duration > p.max_duration:
        yield _v(index, cue, "max-duration", duration, p.max_duration, "error",
                 f"shown {duration} ms, at most {p.max_duration} ms", line_no)
    chars = _shown(lines)
    cps = _cps(chars, duration)
    if cps is not None and chars:
        # Compare exactly (integers), report rounded.
        if chars * 1000 > p.cps_max * duration:
            yield _v(index, cue, "cps", cps, p.cps_max, "error",
                     f"reading speed {cps} cps, at most {p.cps_max:g}", line_no)
        elif chars * 1000 > p.cps_target * duration:
            yield _v(index, cue, "cps", cps, p.cps_target, "warning",
                     f"reading speed {cps} cps, above the target {p.cps_target:g}", line_no)
    if cue.speech_end is not None and cue.end - cue.speech_end > p.max_extension:
        past = cue.end - cue.speech_end
        yield _v(index, cue, "extension", past, p.max_extension, "warning",
                 f"stays {past} ms after the speech ends, at most {p.max_extension} ms", line_no)


def sequence_rules(index: int, prev: Cue, cue: Cue, prev_lines: tuple[str, ...],
                   lines: tuple[str, ...], p: Profile, language: str,
                   line_no: Optional[int], same_sentence: bool) -> Iterator[Violation]:
    if cue.start < prev.start:
        yield _v(index, cue, "order", vtt_timestamp(cue.start), vtt_timestamp(prev.start), "error",
                 f"starts at {vtt_timestamp(cue.start)}, before the previous cue "
                 f"({vtt_timestamp(prev.start)})", line_no)
    gap = cue.start - prev.end
    if gap < 0 and cue.end > prev.start:
        overlap = min(cue.end, prev.end) - max(cue.start, prev.start)
        yield _v(index, cue, "overlap", overlap, 0, "error",
                 f"overlaps the previous cue by {overlap} ms", line_no)
    elif 0 <= gap < p.min_gap:
        yield _v(index, cue, "gap", gap, p.min_gap, "error",
                 f"gap of {gap} ms after the previous cue, at least {p.min_gap} ms", line_no)
    if same_sentence and prev_lines and lines:
        fault = break_fault(prev_lines[-1], lines[0], language)
        if fault:
            shown, why = fault
            yield _v(index, cue, "cue-break", shown, "", "warning",
                     f"cue starts mid-phrase: {why} ({shown})", line_no)


# ------------------------------------------------------------ raw text rules

_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);")
_TAG = re.compile(r"</?(?:c|i|b|u|ruby|rt|v|lang)(?:\.[^\s<>.&]+)*(?:[ \t][^<>]*)?>"
                  r"|<[0-9]{2,}:[0-9]{2}:[0-9]{2}\.[0-9]{3}>|<[0-9]{2}:[0-9]{2}\.[0-9]{3}>")


def vtt_text_rules(index: int, cue: Cue, raw_text: Sequence[str],
                   line_no: int) -> Iterator[Violation]:
    for k, line in enumerate(raw_text, start=1):
        rest = _TAG.sub("", line)
        rest = _ENTITY.sub("", rest)
        for char, name in (("&", "&amp;"), ("<", "&lt;")):
            if char in rest:
                yield _v(index, cue, "vtt-escape", char, name, "error",
                         f"unescaped '{char}' (write {name}) in cue line {k}", line_no + k)


def arrow_rules(index: int, cue: Cue, raw_text: Sequence[str], line_no: int,
                fmt: str) -> Iterator[Violation]:
    """WebVTT forbids '-->' in text (a browser ends the cue there); SRT readers vary."""
    severity = "error" if fmt == "vtt" else "warning"
    for k, line in enumerate(raw_text, start=1):
        if "-->" in line:
            yield _v(index, cue, "arrow-in-text", "-->", "", severity,
                     f"'-->' in cue line {k}: players may take it for a timing line",
                     line_no + k)


def browser_rules(raw) -> Iterator[Violation]:
    """Each WebVTT cue a browser drops or reads otherwise than our lenient reader does."""
    if raw.format != "vtt" or getattr(raw, "browser_text", None) is None:
        return
    from .browser import browser_disagreements

    said = any(p.code == "no-header" for p in raw.problems)   # vtt-header already says it
    for d in browser_disagreements(raw.browser_text, raw):
        if d.kind == "rejected" and said:
            continue
        cue = raw.track.cues[d.index] if d.index is not None else None
        yield _v(d.index, cue, "browser", d.kind, "", "error", d.message, d.line)


def speaker_rules(index: int, cue: Cue, raw_cue, inherited: Optional[str],
                  fmt: str) -> Iterator[Violation]:
    """Two speakers in one cue need one line each, each opened by a dash."""
    current = inherited if fmt == "srt" else None
    voices: list[str] = []
    for text, speaker in zip(raw_cue.display, raw_cue.speakers):
        if speaker:
            current = speaker
        if text and current and current not in voices:
            voices.append(current)
    shown = [line for line in raw_cue.display if line]
    if len(voices) > 1 and not (len(shown) == len(voices) and all(line.startswith("-") for line in shown)):
        names = " and ".join(voices)
        yield _v(index, cue, "speakers", len(voices), 1, "error",
                 f"{names} speak in one cue without one dash-led line each "
                 '("-Are you coming?" / "-In a minute.")', raw_cue.line)


# ---------------------------------------------------------------- driver

def check_track(track: Track, profile: Union[Profile, str, None] = None, *, raw=None,
                language: Optional[str] = None) -> list[Violation]:
    """Every violation of ``profile`` in ``track``, in cue order.

    ``raw`` is the ReadResult the track came from (optional): with it the
    checks also see labels, markup, escapes and the reader's problems.
    """
    p = load_profile(profile, language=language or track.language)
    language = language or track.language or p.language
    lines_of = _display_lines(track, raw)
    raw_cues = raw.raw_cues if raw is not None and len(raw.raw_cues) == len(track.cues) else None
    found: list[Violation] = []
    if raw is not None:
        for problem in raw.problems:
            if problem.code == "no-header":
                found.append(Violation(None, None, "vtt-header", "missing", "WEBVTT", "error",
                                       "the file does not start with WEBVTT: browsers "
                                       "reject the whole file", problem.line))
            else:
                found.append(Violation(None, None, "parse", problem.code, "", problem.severity,
                                       problem.message, problem.line))
        if raw.track is track:
            found.extend(browser_rules(raw))
    speaker: Optional[str] = None
    for index, cue in enumerate(track.cues):
        lines = lines_of[index]
        raw_cue = raw_cues[index] if raw_cues else None
        line_no = raw_cue.line if raw_cue else None
        found.extend(layout_rules(index, cue, lines, p, language, line_no))
        found.extend(timing_rules(index, cue, lines, p, line_no))
        if index:
            prev = track.cues[index - 1]
            same = (cue.sentence == prev.sentence and cue.speaker == prev.speaker
                    and cue.turn == prev.turn)
            found.extend(sequence_rules(index, prev, cue, lines_of[index - 1], lines, p,
                                        language, line_no, same))
        if raw_cue is not None:
            if raw.format == "vtt":
                found.extend(vtt_text_rules(index, cue, raw_cue.text, raw_cue.line))
            found.extend(arrow_rules(index, cue, raw_cue.text, raw_cue.line, raw.format))
            found.extend(speaker_rules(index, cue, raw_cue, speaker, raw.format))
        speaker = cue.speaker
    return _apply_severity(found, p)


def _apply_severity(found: list[Violation], profile: Profile) -> list[Violation]:
    if not profile.severity:
        return found
    kept = []
    for v in found:
        level = profile.severity_of(v.rule, v.severity)
        if level != "off":
            kept.append(replace(v, severity=level))
    return kept


def reading_speeds(track: Track, raw=None) -> list[Optional[float]]:
    """Per cue, its reading speed as shown (cps, one decimal); None for a cue of no duration."""
    return [_cps(_shown(lines), cue.duration)
            for cue, lines in zip(track.cues, _display_lines(track, raw))]


def worst_cps(track: Track, raw=None) -> Optional[float]:
    """Highest reading speed of any timed cue (as shown), or None."""
    return max((s for s in reading_speeds(track, raw) if s is not None), default=None)


def summary(violations: Sequence[Violation], track: Track, *, raw=None) -> str:
    """"30 cues, 0 errors, 2 warnings, worst cps 19.8"."""
    errors = sum(1 for v in violations if v.severity == "error")
    warnings = sum(1 for v in violations if v.severity == "warning")
    worst = worst_cps(track, raw)
    n = len(track.cues)
    return (f"{n} cue{'s' if n != 1 else ''}, {errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}, "
            f"worst cps {'-' if worst is None else f'{worst:g}'}")
