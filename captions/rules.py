"""The professional numbers, in one place, shared by generator, translator and checker.

Sources (see README "Caption rules"): Netflix Timed Text Style Guide (English
USA, General Requirements, Timing Guidelines), BBC Subtitle Guidelines, W3C
WebVTT.  Every figure is a default a user can override.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

FRAME_MS_24FPS = 1000 / 24


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
    max_lead: int = 1500          # never show a cue this long before/after speech (BBC 5.2)

    def with_overrides(self, **limits) -> "Profile":
        return replace(self, **{k: v for k, v in limits.items() if v is not None})


NETFLIX_EN = Profile()
NETFLIX_UK = Profile(name="netflix-uk", language="uk", cps_max=20.0)
BBC = Profile(name="bbc", max_chars=37, cps_target=15.0, cps_max=20.0, min_duration=1000)

PROFILES = {p.name: p for p in (NETFLIX_EN, NETFLIX_UK, BBC)}


def default_profile(language: str = "en") -> Profile:
    return NETFLIX_UK if language.lower().startswith("uk") else NETFLIX_EN
