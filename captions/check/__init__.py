"""Caption quality checks against professional profiles (``captions check``).

Public API for the generator and translator::

    from captions.check import check_track, summary
    violations = check_track(track, profile)          # profile: rules.Profile or CheckProfile
    print(summary(violations, track))                 # "30 cues, 0 errors, 2 warnings, worst cps 19.8"

``check_file(path, profile=None, ...)`` reads a subtitle file and checks it;
``check_read(result, ...)`` checks what the reader already read (the review room's
edits, read back from their rendered text, go through the same function).
"""
from __future__ import annotations

from .profiles import CheckProfile, choose_profile, load_toml_profile
from .rules import RULES, Violation, check_track, reading_speeds, summary, worst_cps
from .report import FileReport, format_json, format_table

__all__ = ["CheckProfile", "FileReport", "RULES", "Violation", "check_file", "check_read",
           "check_track", "choose_profile", "format_json", "format_table", "load_toml_profile",
           "reading_speeds", "summary", "worst_cps"]


def check_file(path: str, profile=None, *, language=None, strict: bool = False,
               encoding=None, fmt=None) -> FileReport:
    """Read and check one file.  Raises a CaptionsError when it cannot be read."""
    from ..formats.read import read_subtitles

    result = read_subtitles(path, strict=strict, encoding=encoding, fmt=fmt, language=language)
    return check_read(result, profile, language=language)


def check_read(result, profile=None, *, language=None) -> FileReport:
    """Check what the reader read (a ReadResult) exactly as ``check_file`` checks a file."""
    language = language or result.language
    if profile is None or isinstance(profile, str):
        profile = choose_profile(profile, language=language)
    violations = check_track(result.track, profile, raw=result,
                             language=language or getattr(profile, "limits", profile).language)
    name = getattr(profile, "name", "")
    return FileReport(path=result.path, profile=name, format=result.format, track=result.track,
                      violations=tuple(violations), raw=result)
