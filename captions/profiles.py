"""Profiles: the professional numbers, in one place, shared by generator, translator and checker.

A profile is the set of limits one job works to (characters per line, lines
per cue, reading speed, durations, gaps) plus the severity of each check
rule.  ``captions generate --profile``, ``captions translate --profile`` and
``captions check --profile`` take the same names and the same TOML files, so
what the generator lays out is what the checker judges.

Sources: Netflix Timed Text Style Guide (English USA, General Requirements,
Timing Guidelines), BBC Subtitle Guidelines, W3C WebVTT.  Every figure is a
default a user can override, in a TOML file::

    base = "netflix-en"        # optional; default: the language's profile
    max_chars = 37
    cps_max = 18.0

    [severity]
    line-break = "error"       # error | warning | off
    unbalanced = "off"
"""
from __future__ import annotations

import dataclasses
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Mapping, Optional, Union

from .errors import UsageError

SEVERITIES = ("error", "warning", "off")

# Rule id -> what it checks (the rules themselves are in captions/check/rules.py).
RULES = {
    "parse": "a block the reader skipped (error) or read despite a fault (warning)",
    "vtt-header": "a WebVTT file must start with WEBVTT",
    "empty": "a cue without text",
    "order": "cues must start in time order",
    "overlap": "a cue must end before the next starts",
    "gap": "gap between cues shorter than min_gap (2 frames)",
    "min-duration": "cue shorter than min_duration",
    "max-duration": "cue longer than max_duration",
    "line-length": "characters per line (as shown) above max_chars",
    "line-count": "lines per cue above max_lines",
    "one-line": "two lines where the text fits on one",
    "cps": "reading speed above cps_target (warning) or cps_max (error)",
    "extension": "out-time more than max_extension after the speech ends",
    "line-break": "a line break splits what must stay together",
    "kinsoku": "Chinese/Japanese/Thai: a line starts with closing punctuation or a small kana, "
               "or ends with an opening bracket",
    "cue-break": "a cue break inside a sentence splits what must stay together",
    "unbalanced": "two lines badly unbalanced where a legal, balanced break exists",
    "vtt-escape": "WebVTT text with '&' or '<' a browser would misread",
    "arrow-in-text": "'-->' inside cue text",
    "speakers": "two speakers in one cue without dialogue dashes",
    "browser": "browsers drop or misread this cue (WebVTT read as the W3C parser does)",
}


@dataclass(frozen=True)
class Profile:
    name: str = "netflix-en"
    language: str = "en"
    max_chars: int = 42           # characters per line, spaces and punctuation count
    max_lines: int = 2
    cps_target: float = 17.0      # reading speed a cue should meet
    cps_max: float = 20.0         # above this a cue is an error
    min_duration: int = 833       # 5/6 s
    max_duration: int = 7000
    min_gap: int = 83             # 2 frames at 24 fps
    chain_gap: int = 500          # gaps up to 12 frames are closed to min_gap
    max_extension: int = 500      # out-time may run this far past the speech
    # (rule id, "error" | "warning" | "off"): the checker's severity overrides
    severity: tuple[tuple[str, str], ...] = ()
    source: str = ""              # where it came from (a TOML path), for reports

    def with_overrides(self, **limits: Any) -> "Profile":
        """The same profile with the given limits changed (None keeps a limit)."""
        return replace(self, **{k: v for k, v in limits.items() if v is not None})

    def severity_of(self, rule: str, default: str) -> str:
        return dict(self.severity).get(rule, default)


def _language_profile(code: str) -> Profile:
    """``netflix-LANG``: the language's line length and reading speed (captions.lang)."""
    from .lang import rules_for

    r = rules_for(code)
    return Profile(name=f"netflix-{r.code}", language=r.code, max_chars=r.max_chars,
                   cps_target=r.cps_target, cps_max=r.cps_max)


def _all_language_profiles() -> dict[str, Profile]:
    from .lang import all_rules

    return {f"netflix-{r.code}": _language_profile(r.code) for r in all_rules()}


NETFLIX_EN = Profile()
NETFLIX_UK = Profile(name="netflix-uk", language="uk", cps_max=20.0)
BBC = Profile(name="bbc", max_chars=37, cps_target=15.0, cps_max=20.0, min_duration=1000)

# netflix-en and netflix-uk as always (their language rules give the same
# numbers), then netflix-LANG for every other language of captions.lang.
PROFILES = {p.name: p for p in (NETFLIX_EN, NETFLIX_UK, BBC)}
PROFILES.update({name: p for name, p in _all_language_profiles().items() if name not in PROFILES})
_LIMITS = tuple(f.name for f in dataclasses.fields(Profile) if f.name not in ("severity", "source"))


def default_profile(language: Optional[str] = "en") -> Profile:
    """The language's ``netflix-LANG`` profile ("zh-Hans" -> netflix-zh); netflix-en if unknown."""
    from .lang import find_rules

    rules = find_rules(language or "en")
    return PROFILES[f"netflix-{rules.code}"] if rules else NETFLIX_EN


def load_profile(spec: Union[str, Profile, None], *, language: Optional[str] = None) -> Profile:
    """The profile for ``--profile`` (a name or a .toml path), or the language's default."""
    if isinstance(spec, Profile):
        return spec
    if not spec:
        return default_profile(language)
    if spec in PROFILES:
        return PROFILES[spec]
    if spec.lower().endswith(".toml") or Path(spec).is_file():
        return load_toml_profile(spec, language=language)
    raise UsageError(f"unknown profile {spec!r}: use one of {', '.join(PROFILES)} or a .toml file")


def load_toml_profile(path: str, *, language: Optional[str] = None) -> Profile:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10: the same parser, as a package
        import tomli as tomllib

    from .errors import InputError
    from .textio import decode, read_bytes

    try:
        data = tomllib.loads(decode(read_bytes(path), path=path))
    except InputError as exc:  # a profile is part of the command line: a usage error
        raise UsageError(f"profile: {exc.message}", path=path) from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"not a valid TOML profile: {exc}", path=path) from None
    return profile_from_mapping(data, path=path, language=language)


def profile_from_mapping(data: Mapping[str, Any], *, path: str = "<profile>",
                         language: Optional[str] = None) -> Profile:
    """Build a profile from parsed TOML, naming any key or value that is wrong."""
    data = dict(data)
    base_name = data.pop("base", None)
    if base_name is None:
        base = default_profile(str(data.get("language") or language or "en"))
    elif base_name in PROFILES:
        base = PROFILES[base_name]
    else:
        raise UsageError(f"unknown base profile {base_name!r}: use one of {', '.join(PROFILES)}",
                         path=path)
    severity = data.pop("severity", {})
    if not isinstance(severity, dict):
        raise UsageError("[severity] must be a table of rule = \"error\"|\"warning\"|\"off\"",
                         path=path)
    for rule, level in severity.items():
        if rule not in RULES:
            raise UsageError(f"unknown rule {rule!r} in [severity]; rules: {', '.join(RULES)}",
                             path=path)
        if level not in SEVERITIES:
            raise UsageError(f"severity of {rule!r} must be one of {', '.join(SEVERITIES)}",
                             path=path)
    limits: dict[str, Any] = {}
    for key, value in data.items():
        key_name = key.replace("-", "_")
        if key_name not in _LIMITS:
            raise UsageError(f"unknown profile key {key!r}; keys: {', '.join(_LIMITS)}", path=path)
        limits[key_name] = _typed(key, value, getattr(base, key_name), path)
    if "name" not in limits:
        limits["name"] = Path(path).stem if path != "<profile>" else f"{base.name}+custom"
    profile = replace(base, **limits, severity=tuple(severity.items()), source=path)
    for key in ("max_chars", "max_lines"):
        if getattr(profile, key) < 1:
            raise UsageError(f"{key} must be at least 1", path=path)
    return profile


def _typed(key: str, value: Any, default: Any, path: str) -> Any:
    """The value, converted to the type of the base profile's value."""
    if isinstance(default, str):
        if isinstance(value, str):
            return value
    elif isinstance(default, bool):
        pass
    elif isinstance(default, int):
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
    elif isinstance(default, float):
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
            return float(value)
    kind = {str: "a string", int: "a whole number (milliseconds or characters), not negative",
            float: "a positive number"}.get(type(default), type(default).__name__)
    raise UsageError(f"profile key {key!r} must be {kind}, not {value!r}", path=path)
