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

from ..formats.vtt import timestamp
from ..model import Cue, Track
from ..rules import Profile
from .linebreaks import bad_break, better_balance, line_break_faults
from .profiles import CheckProfile, as_check_profile

# Rule id -> what it checks.  Severities are the defaults; a profile may change them.
RULES = {
    "parse": "a block the reader skipped (error) or read despite a fault (warning)",
    "vtt-header": "a WebVTT file must start with WEBVTT",
    "empty": "a cue without text",
    "order": "cues must start in time order",
    "overlap": "a cue must end before the next starts",
    "gap": "gap between cues shorter than min_gap (2 frames)",
    "min-duration": "cue shorter than min_duration",
    "max-duration": "cue longer than max_duration",
    "line-length": "characters per line above max_chars",
    "line-count": "lines per cue above max_lines",
    "one-line": "two lines where the text fits on one",
    "cps": "reading speed above cps_target (warning) or cps_max (error)",
    "extension": "out-time more than max_extension after the speech ends",
    "line-break": "a line break splits what must stay together",
    "cue-break": "a cue break inside a sentence splits what must stay together",
    "unbalanced": "two lines badly unbalanced where a legal, balanced break exists",
    "vtt-escape": "WebVTT text with '&' or '<' a browser would misread",
    "arrow-in-text": "'-->' inside cue text",
    "speakers": "two speakers in one cue without dialogue dashes",
}


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
    if raw is not None and len(raw.raw_cues) == len(track.cues):
        return [tuple(line for line in rc.display if line) for rc in raw.raw_cues]
    return [tuple(line for line in cue.lines if line.strip()) for cue in track.cues]


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
        if len(line) > p.max_chars:
            yield _v(index, cue, "line-length", len(line), p.max_chars, "error",
                     f"line {k} has {len(line)} characters, at most {p.max_chars}", line_no)
    joined = " ".join(lines)
    dialogue = len(lines) > 1 and all(line.startswith("-") for line in lines)
    if len(lines) > 1 and len(joined) <= p.max_chars and not dialogue:
        yield _v(index, cue, "one-line", len(joined), p.max_chars, "warning",
                 f"the text fits on one line ({len(joined)} characters)", line_no)
    if not dialogue:
        for k, shown, why in line_break_faults(lines, language):
            yield _v(index, cue, "line-break", shown, "", "warning",
                     f"break after line {k}: {why} ({shown})", line_no)
        balanced = better_balance(lines, p.max_chars, language)
        if balanced:
            sizes = "/".join(str(len(line)) for line in lines)
            yield _v(index, cue, "unbalanced", sizes,
                     f"{len(balanced[0])}/{len(balanced[1])}", "warning",
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
    chars = sum(len(line) for line in lines)
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
        yield _v(index, cue, "order", timestamp(cue.start), timestamp(prev.start), "error",
                 f"starts at {timestamp(cue.start)}, before the previous cue "
                 f"({timestamp(prev.start)})", line_no)
    gap = cue.start - prev.end
    if gap < 0 and cue.end > prev.start:
        overlap = min(cue.end, prev.end) - max(cue.start, prev.start)
        yield _v(index, cue, "overlap", overlap, 0, "error",
                 f"overlaps the previous cue by {overlap} ms", line_no)
    elif 0 <= gap < p.min_gap:
        yield _v(index, cue, "gap", gap, p.min_gap, "error",
                 f"gap of {gap} ms after the previous cue, at least {p.min_gap} ms", line_no)
    if same_sentence and prev_lines and lines:
        left, right = prev_lines[-1].split(), lines[0].split()
        why = bad_break(left[-1], right[0], language) if left and right else None
        if why:
            shown = f"{left[-1]} / {right[0]}"
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
                         f"unescaped '{char}' (write {name}) in text line {k}", line_no + k)


def arrow_rules(index: int, cue: Cue, raw_text: Sequence[str], line_no: int,
                fmt: str) -> Iterator[Violation]:
    """WebVTT forbids '-->' in text (a browser ends the cue there); SRT readers vary."""
    severity = "error" if fmt == "vtt" else "warning"
    for k, line in enumerate(raw_text, start=1):
        if "-->" in line:
            yield _v(index, cue, "arrow-in-text", "-->", "", severity,
                     f"'-->' in text line {k}: players may take it for a timing line",
                     line_no + k)


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

def check_track(track: Track, profile: Union[Profile, CheckProfile], *, raw=None,
                language: Optional[str] = None) -> list[Violation]:
    """Every violation of ``profile`` in ``track``, in cue order.

    ``raw`` is the ReadResult the track came from (optional): with it the
    checks also see labels, markup, escapes and the reader's problems.
    """
    check = as_check_profile(profile)
    p = check.limits
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
    return _apply_severity(found, check)


def _apply_severity(found: list[Violation], check: CheckProfile) -> list[Violation]:
    if not check.severity:
        return found
    kept = []
    for v in found:
        level = check.severity.get(v.rule)
        if level == "off":
            continue
        kept.append(replace(v, severity=level) if level else v)
    return kept


def reading_speeds(track: Track, raw=None) -> list[Optional[float]]:
    """Per cue, its reading speed as shown (cps, one decimal); None for a cue of no duration."""
    return [_cps(sum(len(line) for line in lines), cue.duration)
            for cue, lines in zip(track.cues, _display_lines(track, raw))]


def worst_cps(track: Track, raw=None) -> Optional[float]:
    """Highest reading speed of any timed cue (as shown), or None."""
    speeds = [s for s in reading_speeds(track, raw) if s is not None]
    return max(speeds) if speeds else None


def summary(violations: Sequence[Violation], track: Track, *, raw=None) -> str:
    """"30 cues, 0 errors, 2 warnings, worst cps 19.8"."""
    errors = sum(1 for v in violations if v.severity == "error")
    warnings = sum(1 for v in violations if v.severity == "warning")
    worst = worst_cps(track, raw)
    n = len(track.cues)
    return (f"{n} cue{'s' if n != 1 else ''}, {errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}, "
            f"worst cps {'-' if worst is None else f'{worst:g}'}")
