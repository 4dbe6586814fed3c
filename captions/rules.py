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


def default_profile(language: str = "en") -> Profile:
    """The language's ``netflix-LANG`` profile ("zh-Hans" -> netflix-zh); netflix-en if unknown."""
    from .lang import find_rules

    rules = find_rules(language or "en")
    return PROFILES[f"netflix-{rules.code}"] if rules else NETFLIX_EN
