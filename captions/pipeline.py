"""The text-to-track stage and the simplest way to write a track.

``make_track`` is pure (a transcript in, a frozen track out): segment the
transcript into cues that fit the profile's layout, then time them from the
text.  ``write_track`` renders every format in memory and writes the files
atomically, so a failure leaves old files untouched and no half files.  The
whole job (alignment, translation, checks, attach) is ``captions.job.run_job``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional, Sequence

from .formats import FileStyle, render
from .model import Track, Transcript
from .profiles import NETFLIX_EN, Profile
from .segment import segment
from .textio import PathLike, encode, write_all_atomic
from .timing import DEFAULT_WPM, estimate_timing


def make_track(transcript: Transcript, *, profile: Profile = NETFLIX_EN, language: str = "en",
               start_ms: int = 0, duration_ms: Optional[int] = None, wpm: float = DEFAULT_WPM,
               labels: str = "turn", strict: bool = True) -> Track:
    """Segment a transcript into cues and time them from the text.

    ``strict``: a ``duration_ms`` too short for the cues is an error; otherwise the
    cues are squeezed into it (when media will time them anyway)."""
    drafts = segment(transcript, max_chars=profile.max_chars, max_lines=profile.max_lines,
                     language=language, labels=labels)
    return estimate_timing(drafts, start_ms=start_ms, duration_ms=duration_ms, wpm=wpm,
                           profile=profile, language=language, title=transcript.title,
                           strict=strict, labels=labels)


def write_track(track: Track, out_dir: PathLike, stem: str, formats: Sequence[str],
                style: FileStyle = FileStyle(), *, inputs: Sequence[PathLike] = ()) -> list[Path]:
    """Write ``<out_dir>/<stem>.<language>.<format>`` for each format, all or none; the paths."""
    paths = [Path(out_dir) / f"{stem}.{track.language}.{fmt}" for fmt in formats]
    files = [(path, encode(render(track, fmt, style), bom=style.bom, crlf=style.crlf))
             for path, fmt in zip(paths, formats)]
    write_all_atomic(files, inputs=inputs)
    return paths
