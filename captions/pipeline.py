"""The whole job as functions: transcript -> track -> files.

``make_track`` is pure (text in, frozen track out).  ``write_track`` is the
output edge: every file is rendered in memory first and then written
atomically, so a failure leaves old files untouched and no half files.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from .errors import UsageError
from .model import Track, Transcript
from .rules import NETFLIX_EN, Profile
from .segment import segment
from .textio import encode, write_all_atomic
from .timing import DEFAULT_WPM, estimate_timing

FORMATS = ("srt", "vtt", "json")


@dataclass(frozen=True)
class Style:
    """How files are written (not what they say)."""

    speaker_labels: str = "turn"
    bom: bool = False
    crlf: bool = False


def make_track(transcript: Transcript, *, profile: Profile = NETFLIX_EN, language: str = "en",
               start_ms: int = 0, duration_ms: Optional[int] = None, wpm: float = DEFAULT_WPM,
               reserve_labels: bool = True) -> Track:
    """Segment a transcript into cues and time them from the text."""
    drafts = segment(transcript, max_chars=profile.max_chars, max_lines=profile.max_lines,
                     language=language, reserve_labels=reserve_labels)
    return estimate_timing(drafts, start_ms=start_ms, duration_ms=duration_ms, wpm=wpm,
                           profile=profile, language=language, title=transcript.title)


def render(track: Track, fmt: str, style: Style = Style(), *, json_extra=None) -> str:
    if fmt == "srt":
        from .formats.srt import format_srt

        return format_srt(track, speaker_labels=style.speaker_labels)
    if fmt == "vtt":
        from .formats.vtt import format_vtt

        return format_vtt(track)
    if fmt == "json":
        from .formats.json import format_json

        return format_json(track, extra=json_extra)
    raise UsageError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")


def output_paths(out_dir: Path, stem: str, language: str, formats: Sequence[str]) -> list[Path]:
    """``<stem>.<lang>.<ext>``: players load ``clip.en.srt`` beside ``clip.mp4`` by themselves."""
    return [out_dir / f"{stem}.{language}.{fmt}" for fmt in formats]


def write_track(track: Track, out_dir: Path, stem: str, formats: Sequence[str],
                style: Style = Style(), *, inputs: Sequence[str] = (),
                json_extra=None) -> list[Path]:
    """Render every format, then write them all atomically; returns the paths written."""
    rendered = [(path, render(track, fmt, style, json_extra=json_extra))
                for path, fmt in zip(output_paths(out_dir, stem, track.language, formats), formats)]
    write_all_atomic([(path, encode(text, bom=style.bom, crlf=style.crlf)) for path, text in rendered],
                     inputs=tuple(inputs))
    return [path for path, _ in rendered]
