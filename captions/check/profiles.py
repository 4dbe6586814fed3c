"""Check profiles: the named limits of ``captions.rules`` plus user TOML files.

A user file overrides any limit of a base profile and may change the
severity of a rule or switch it off::

    base = "netflix-en"        # optional; default: the language's profile
    max_chars = 37
    cps_max = 18.0

    [severity]
    line-break = "error"       # error | warning | off
    unbalanced = "off"
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import MappingProxyType
from typing import Mapping, Optional, Union

from ..errors import UsageError
from ..rules import PROFILES, Profile, default_profile

SEVERITIES = ("error", "warning", "off")


@dataclass(frozen=True)
class CheckProfile:
    """Limits (a :class:`captions.rules.Profile`) and per-rule severity overrides."""

    limits: Profile
    severity: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    source: str = ""            # where it came from, for the report

    @property
    def name(self) -> str:
        return self.limits.name


def as_check_profile(profile: Union[str, Profile, CheckProfile]) -> CheckProfile:
    """A profile object, a name ("netflix-uk") or a .toml path, as the checker's profile."""
    if isinstance(profile, str):
        return choose_profile(profile, language=None)
    return profile if isinstance(profile, CheckProfile) else CheckProfile(profile)


def profile_names() -> tuple[str, ...]:
    return tuple(PROFILES)


def choose_profile(spec: Optional[str], *, language: Optional[str]) -> CheckProfile:
    """The profile for ``--profile`` (a name or a .toml path) or the language's default."""
    if not spec:
        return CheckProfile(default_profile(language or "en"))
    if spec in PROFILES:
        return CheckProfile(PROFILES[spec])
    if spec.lower().endswith(".toml") or Path(spec).is_file():
        return load_toml_profile(spec, language=language)
    raise UsageError(f"unknown profile {spec!r}: use one of {', '.join(PROFILES)} "
                     "or a .toml file")


def load_toml_profile(path: str, *, language: Optional[str] = None) -> CheckProfile:
    import tomllib

    from ..errors import InputError
    from ..textio import decode, read_bytes

    try:
        data = tomllib.loads(decode(read_bytes(path), path=path))
    except InputError as exc:  # a profile is part of the command line: a usage error
        raise UsageError(f"profile: {exc.message}", path=path) from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"not a valid TOML profile: {exc}", path=path) from None
    return profile_from_mapping(data, path=path, language=language)


def profile_from_mapping(data: Mapping, *, path: str = "<profile>",
                         language: Optional[str] = None) -> CheckProfile:
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
    from .rules import RULES

    for rule, level in severity.items():
        if rule not in RULES:
            raise UsageError(f"unknown rule {rule!r} in [severity]; rules: {', '.join(RULES)}",
                             path=path)
        if level not in SEVERITIES:
            raise UsageError(f"severity of {rule!r} must be one of {', '.join(SEVERITIES)}",
                             path=path)
    types = {f.name: f.type for f in fields(Profile)}
    limits = {}
    for key, value in data.items():
        key_name = key.replace("-", "_")
        if key_name not in types:
            raise UsageError(f"unknown profile key {key!r}; keys: {', '.join(types)}", path=path)
        limits[key_name] = _typed(key, value, dataclasses.asdict(base)[key_name], path)
    if "name" not in limits:
        limits["name"] = Path(path).stem if path != "<profile>" else f"{base.name}+custom"
    profile = dataclasses.replace(base, **limits)
    for key in ("max_chars", "max_lines"):
        if getattr(profile, key) < 1:
            raise UsageError(f"{key} must be at least 1", path=path)
    return CheckProfile(profile, MappingProxyType(dict(severity)), source=path)


def _typed(key: str, value, default, path: str):
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
