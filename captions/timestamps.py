"""Milliseconds to and from text: the one place that spells a time.

Times are integer milliseconds everywhere in the package (``Cue.start``),
so a cue written as 00:00:01.100 can never become 1.0999999 and print as
``00:00:01,1000`` (the float pitfall).  Readers parse with their own,
format-specific patterns (``formats/read.py``, ``formats/vtt_browser.py``);
everything that writes or reports a time comes here.
"""
from __future__ import annotations


def _fields(ms: int) -> tuple[int, int, int, int]:
    if ms < 0:
        raise ValueError(f"a time cannot be negative: {ms} ms")
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return hours, minutes, seconds, millis


def vtt_timestamp(ms: int) -> str:
    """``00:01:02.345``: WebVTT's form (hours always written, so any player reads it)."""
    h, m, s, f = _fields(ms)
    return f"{h:02d}:{m:02d}:{s:02d}.{f:03d}"


def srt_timestamp(ms: int) -> str:
    """``00:01:02,345``: SubRip's form."""
    h, m, s, f = _fields(ms)
    return f"{h:02d}:{m:02d}:{s:02d},{f:03d}"


def clock(ms: int) -> str:
    """A time for people in messages: ``1:02.3`` (minutes, seconds, tenths)."""
    h, m, s, f = _fields(ms)
    return f"{h * 60 + m}:{s:02d}.{f // 100}"


def seconds_to_ms(seconds: float) -> int:
    """Seconds a user typed (``--start 2.5``) as integer milliseconds."""
    return round(seconds * 1000)
