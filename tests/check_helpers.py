"""Shared pieces for the reader and checker tests: fixture paths and Hypothesis strategies."""
from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

from captions.model import Cue, Track
from captions.profiles import Profile

FIXTURES = Path(__file__).parent / "fixtures" / "subs"

# Words without anything a reader treats as markup or a speaker label.
WORDS = ("the", "table", "we", "met", "in", "Kyiv", "today", "support", "for", "Ukraine",
         "and", "NATO", "fish", "chips", "42", "summit", "results", "війна", "дякую",
         "café", "naïve", "it's", "well-known")
PUNCT = ("", "", "", ",", ".", "?", "!", ";")


def fixture(name: str) -> str:
    return str(FIXTURES / name)


@st.composite
def line_text(draw, max_chars: int = 42, vtt_symbols: bool = False) -> str:
    """A non-empty caption line of at most ``max_chars`` characters."""
    words = list(WORDS) + (["Tom&Jerry", "a<b", "x>y", "-->"] if vtt_symbols else [])
    chosen = draw(st.lists(st.sampled_from(words), min_size=1, max_size=8))
    line = ""
    for word in chosen:
        candidate = f"{line} {word}" if line else word
        if len(candidate) > max_chars:
            break
        line = candidate
    if not line:
        line = chosen[0][:max_chars]
    punct = draw(st.sampled_from(PUNCT))
    if len(line) + len(punct) <= max_chars:
        line += punct
    return line


@st.composite
def tracks(draw, *, vtt_symbols: bool = False, max_cues: int = 8) -> Track:
    """Arbitrary well-formed tracks: any times (overlaps allowed), any layout."""
    n = draw(st.integers(min_value=1, max_value=max_cues))
    cues = []
    for _ in range(n):
        start = draw(st.integers(min_value=0, max_value=10_000_000))
        end = start + draw(st.integers(min_value=0, max_value=20_000))
        lines = tuple(draw(st.lists(line_text(max_chars=60, vtt_symbols=vtt_symbols),
                                    min_size=1, max_size=3)))
        speaker = draw(st.sampled_from([None, "Jens Stoltenberg", "Volodymyr Zelenskyy"]))
        cues.append(Cue(start, end, lines, speaker=speaker, provenance="source"))
    return Track(tuple(cues))


@st.composite
def tracks_meeting(draw, profile: Profile, *, vtt_symbols: bool = False) -> Track:
    """Tracks built to satisfy ``profile``: every limit met with room to spare."""
    n = draw(st.integers(min_value=1, max_value=8))
    cues = []
    clock = draw(st.integers(min_value=0, max_value=100_000))
    speaker = draw(st.sampled_from([None, "Jens Stoltenberg"]))
    for _ in range(n):
        lines = tuple(draw(st.lists(line_text(max_chars=profile.max_chars,
                                              vtt_symbols=vtt_symbols),
                                    min_size=1, max_size=profile.max_lines)))
        chars = sum(len(line) for line in lines)
        shortest = max(profile.min_duration, -(-chars * 1000 // int(profile.cps_max)) + 1)
        if shortest > profile.max_duration:
            lines = lines[:1]
            chars = len(lines[0])
            shortest = max(profile.min_duration, -(-chars * 1000 // int(profile.cps_max)) + 1)
        duration = draw(st.integers(min_value=shortest, max_value=max(shortest, profile.max_duration)))
        cues.append(Cue(clock, clock + duration, lines, speaker=speaker, provenance="source"))
        clock += duration + draw(st.integers(min_value=profile.min_gap, max_value=3000))
    return Track(tuple(cues))
