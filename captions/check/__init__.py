"""Caption quality checks against professional profiles (``captions check``).

Public API for the generator and translator::

    from captions.check import check_track, summary
    violations = check_track(track, profile)          # a Profile, a name or a .toml path
    print(summary(violations, track))                 # "30 cues, 0 errors, 2 warnings, worst cps 19.8"

``check_file(path, profile=None, ...)`` reads a subtitle file and checks it;
``check_read(result, ...)`` checks what the reader already read (the review room's
edits, read back from their rendered text, go through the same function).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Union

from ..profiles import RULES, Profile, load_profile
from .report import FileReport, format_json, format_table
from .rules import Violation, check_track, reading_speeds, summary, worst_cps

if TYPE_CHECKING:
    from ..formats.read import ReadResult

__all__ = ["FileReport", "RULES", "Violation", "check_file", "check_read", "check_text",
           "check_track", "format_json", "format_table", "reading_speeds", "summary", "worst_cps"]


def check_file(path: str, profile: Union[Profile, str, None] = None, *,
               language: Optional[str] = None, strict: bool = False,
               encoding: Optional[str] = None, fmt: Optional[str] = None) -> FileReport:
    """Read and check one file.  Raises a CaptionsError when it cannot be read."""
    from ..formats.read import read_subtitles

    result = read_subtitles(path, strict=strict, encoding=encoding, fmt=fmt, language=language)
    return check_read(result, profile, language=language, path=str(path))


def check_text(text: str, fmt: str, profile: Union[Profile, str, None] = None, *,
               path: str = "<text>", language: Optional[str] = None) -> FileReport:
    """Check the text of a file before it is written, exactly as ``check_file`` would
    check the file (``generate`` and ``translate`` report this for every file they write)."""
    from ..formats.read import language_from_name, parse_subtitles

    result = parse_subtitles(text, fmt=fmt, path=path, language=language or language_from_name(path))
    return check_read(result, profile, language=language, path=path)


def check_read(result: "ReadResult", profile: Union[Profile, str, None] = None, *,
               language: Optional[str] = None, path: Optional[str] = None) -> FileReport:
    """Check what the reader read exactly as ``check_file`` checks a file (the review
    room checks its edits, read back from their rendered text, through this)."""
    path = result.path if path is None else path
    language = language or result.language
    chosen: Profile = load_profile(profile, language=language)
    violations = check_track(result.track, chosen, raw=result, language=language or chosen.language)
    return FileReport(path=path, profile=chosen.name, format=result.format, track=result.track,
                      violations=tuple(violations), raw=result)
