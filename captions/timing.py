"""Timing: a model of speech for text-only estimates, and the display rules.

Speech model (``estimate_timing``).  Speech time is proportional to the
spoken characters (letters and digits), plus pauses:

=============  ======  ==================================================
after           pause  why
=============  ======  ==================================================
comma, clause   350 ms  caption-rules.md: ~0.6 s at commas sounds natural
                        for read speech; live statements run faster, and a
                        comma inside a cue is often not voiced at all
sentence        700 ms  0.6-1.2 s at full stops (lower end: statements)
paragraph      1000 ms  a new thought: the upper end of the full-stop range
speaker turn   1200 ms  0.2 s turn-taking gap in conversation, plus the
                        hand-over of a press statement (thanks, a nod)
=============  ======  ==================================================

The pace: ``wpm`` words per minute including pauses.  The default, 130, sits
in the 85-180 wpm range measured for prepared speeches including pauses, on
the slow side because press statements are read deliberately and often by
non-native speakers (both speakers of the seed clip).  With a known video
length the whole estimate is scaled to end by then; it is stretched at most
1.5x (about 87 wpm, the slow end of that range): beyond that the speech more
likely ends early than crawls.

Display rules (``fit_to_rules``): in-time on the speech; out-time after the
speech, extended for a 17 cps reading speed by at most 0.5 s and never closer
than 2 frames to the next cue; 833 ms to 7 s per cue; gaps up to 0.5 s closed
to 2 frames (Netflix chaining).  Alignment uses the same function.
"""
from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import Iterable, Optional, Sequence

from .errors import InputError
from .model import Cue, Track
from .rules import NETFLIX_EN, Profile
from .segment import Draft

PAUSE_MS = {"none": 0, "clause": 350, "sentence": 700, "paragraph": 1000, "turn": 1200, "end": 0}
INNER_CLAUSE_MS = 250   # a comma inside a cue: a shorter, often unvoiced pause
DEFAULT_WPM = 130
MAX_STRETCH = 1.5
MAX_PAUSE_SHARE = 0.45  # pauses never take more than this share of the time


_NOT_SPOKEN = re.compile(r"[\W_]+")


def spoken_chars(lines: Iterable[str]) -> int:
    """Letters and digits: what takes time to say."""
    return sum(len(_NOT_SPOKEN.sub("", line)) for line in lines)


def _inner_clauses(lines: Sequence[str]) -> int:
    text = " ".join(lines)
    # Commas and dashes inside the cue; a final one belongs to the pause after it.
    return sum(text[:-1].count(mark) for mark in (",", ";", ":", "--", "—"))


def estimate_timing(drafts: Sequence[Draft], *, start_ms: int = 0,
                    duration_ms: Optional[int] = None, wpm: float = DEFAULT_WPM,
                    profile: Profile = NETFLIX_EN, language: str = "en",
                    title: Optional[str] = None, notes: tuple[str, ...] = ()) -> Track:
    """Time cue drafts from the text alone and apply the display rules."""
    if not drafts:
        return Track(cues=(), language=language, title=title, notes=notes)
    if wpm <= 0:
        raise ValueError("wpm must be positive")
    # What takes time to say in this language's script (captions.lang):
    # letters as always, one syllable per Chinese character, ...
    from .lang import spoken_units, word_equivalents

    words = sum(word_equivalents(" ".join(d.lines), language) for d in drafts)
    chars = [spoken_units(" ".join(d.lines), language) for d in drafts]
    inner = [_inner_clauses(d.lines) * INNER_CLAUSE_MS for d in drafts]
    pauses = [PAUSE_MS[d.after] for d in drafts]
    total = words * 60000.0 / wpm
    pause_total = sum(pauses) + sum(inner)
    pause_scale = 1.0
    if pause_total > MAX_PAUSE_SHARE * total:
        pause_scale = MAX_PAUSE_SHARE * total / pause_total
    ms_per_char = (total - pause_total * pause_scale) / max(1, sum(chars))

    scale = 1.0
    if duration_ms is not None:
        room = duration_ms - start_ms
        needed = len(drafts) * (profile.min_duration + profile.min_gap) - profile.min_gap
        if room < needed:
            raise InputError(
                f"the video time after --start ({room / 1000:.1f} s) is too short for "
                f"{len(drafts)} cues: they need at least {needed / 1000:.1f} s")
        # Leave room after the speech for the last cue's reading time.
        available = max(room - profile.max_extension, room / 2)
        scale = min(available / total, MAX_STRETCH)

    def place(scale: float) -> tuple[Cue, ...]:
        t = float(start_ms)
        cues = []
        for d, c, extra, pause in zip(drafts, chars, inner, pauses):
            speech = (c * ms_per_char + extra * pause_scale) * scale
            begin, t = t, t + speech
            cues.append(Cue(start=round(begin), end=round(t), speech_end=round(t),
                            lines=d.lines, speaker=d.speaker, sentence=d.sentence,
                            turn=d.turn, provenance="estimated"))
            t += pause * pause_scale * scale
        return fit_to_rules(cues, profile, extra_chars=labels)

    labels = [d.label for d in drafts]  # a viewer reads the SRT label too
    cues = place(scale)
    if duration_ms is not None:
        # The display rules (minimum durations, gaps) can push cues later;
        # shrink until the last cue ends by the end of the video.
        for _ in range(8):
            overflow = cues[-1].end - duration_ms
            if overflow <= 0:
                break
            span = cues[-1].end - start_ms
            scale *= max(0.5, (span - overflow) / span)
            cues = place(scale)
        if cues[-1].end > duration_ms:
            cues = _even_slots(cues, start_ms, duration_ms, profile)
    return Track(cues=cues, language=language, title=title, notes=notes)


def _even_slots(cues: Sequence[Cue], start_ms: int, end_ms: int, profile: Profile) -> tuple[Cue, ...]:
    """Last resort for a very tight --duration: equal slots, each within the rules."""
    slot = (end_ms - start_ms + profile.min_gap) / len(cues)
    out = []
    for i, cue in enumerate(cues):
        begin = start_ms + round(i * slot)
        # From the next slot's start, so rounding can never eat into the gap.
        end = min(start_ms + round((i + 1) * slot) - profile.min_gap, begin + profile.max_duration)
        out.append(replace(cue, start=begin, end=end, speech_end=end))
    return tuple(out)


def fit_to_rules(cues: Sequence[Cue], profile: Profile = NETFLIX_EN, *,
                 extra_chars: Optional[Sequence[int]] = None) -> tuple[Cue, ...]:
    """Display times from speech times.

    Input cues carry the speech: ``start`` is its onset and ``speech_end``
    (or ``end`` when that is missing) its end.  Output cues follow every
    timing rule of the profile; a cue whose minimum duration cannot fit before
    the next speech pushes the next cue later rather than overlap it.
    """
    out: list[Cue] = []
    prev_end = -profile.min_gap
    for i, cue in enumerate(cues):
        speech_end = cue.speech_end if cue.speech_end is not None else cue.end
        start = max(cue.start, prev_end + profile.min_gap)
        speech_end = max(speech_end, start)
        chars = cue.chars + (extra_chars[i] if extra_chars else 0)
        need = max(profile.min_duration, math.ceil(chars * 1000 / profile.cps_target))
        end = max(speech_end, min(start + need, speech_end + profile.max_extension))
        end = max(end, start + profile.min_duration)
        if i + 1 < len(cues):
            next_start = cues[i + 1].start
            room = next_start - profile.min_gap
            if end < room <= speech_end + profile.max_extension and \
                    next_start - end <= profile.chain_gap:
                end = room  # chain: close short gaps to two frames
            elif end > room:
                end = max(room, start + profile.min_duration)
        end = min(end, start + profile.max_duration)
        out.append(replace(cue, start=start, end=end, speech_end=speech_end))
        prev_end = end
    return tuple(out)


def extend_for_reading(cues: Sequence[Cue], profile: Profile = NETFLIX_EN) -> tuple[Cue, ...]:
    """Lengthen out-times toward the target reading speed, within the rules.

    A cue may run at most ``max_extension`` past its speech and never closer
    than ``min_gap`` to the next cue; starts never move.
    """
    out = []
    for i, cue in enumerate(cues):
        speech_end = cue.speech_end if cue.speech_end is not None else cue.end
        need = math.ceil(cue.chars * 1000 / profile.cps_target)
        end = cue.end
        if cue.duration < need:
            limit = speech_end + profile.max_extension
            if i + 1 < len(cues):
                limit = min(limit, cues[i + 1].start - profile.min_gap)
            end = max(end, min(cue.start + need, limit))
        end = min(end, cue.start + profile.max_duration)
        out.append(replace(cue, end=end))
    return tuple(out)
