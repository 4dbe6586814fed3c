"""Fitting cues to the speech: join what cannot be shown apart, then the display rules.

The input cues carry the speech: ``start`` is its onset (aligned to the
media, spread over detected speech, or estimated from the text) and
``speech_end`` where it ends.  Fitting never moves a cue later than its
speech: the in-time on the first frame of speech is what viewers notice
(Netflix Timing Guidelines), so where the rules cannot all hold, the in-time
wins and what is left unmet (a cue shorter than the minimum) is what
``captions check`` reports.  Three steps:

1. **Join** (``join_short_cues``).  A cue that cannot be shown for the
   minimum duration before the next speech begins is joined to the next cue
   when the two fit in one cue: within a speaker's turn, their words laid out
   again as one cue; across two speakers, a two-line dialogue cue, one
   speaker a line, each line opened by the language's dialogue dash
   ("-What's that?" / "-Tape recorder.").  Never more than two speakers in a
   cue.  Joined sentences share one sentence number, so a translator keeps
   them together.
2. **Mark** (``mark_speakers``): the speaker labels, chevrons or dashes the
   viewer reads (``captions.speakers``), at the first line of each turn.
3. **Time** (``display_times``): in-time on the speech; out-time after the
   speech, extended toward the target reading speed by at most
   ``max_extension`` (and further, up to 1.5 s after the speech, only where
   the cue would otherwise read faster than the maximum and the next speech
   leaves room); never closer than two frames to the next cue's speech;
   gaps up to ``chain_gap`` closed to two frames; the minimum and maximum
   durations where the speech leaves room.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Optional, Sequence

from .model import Cue
from .profiles import Profile
from .speakers import DEFAULT_DASH, line_mark

MAX_LINGER_MS = 1500   # BBC 5.2: never leave a cue on screen longer than this after the speech


@dataclass(frozen=True)
class FitResult:
    cues: tuple[Cue, ...]
    joined: int = 0        # cues joined into the cue before them, within a speaker's turn
    dialogues: int = 0     # two-speaker dialogue cues made


def fit_to_speech(cues: Sequence[Cue], profile: Profile, *, language: str = "en",
                  labels: str = "turn", end_limit: Optional[int] = None) -> FitResult:
    """Join, mark and time ``cues`` (see the module's docstring); no cue ends after
    ``end_limit`` (the end of the media)."""
    joined, n_joined, n_dialogue = join_short_cues(cues, profile, language=language, labels=labels)
    marked = mark_speakers(joined, labels, language=language)
    return FitResult(display_times(marked, profile, end_limit=end_limit), n_joined, n_dialogue)


# ------------------------------------------------------------------ 1. join

def join_short_cues(cues: Sequence[Cue], profile: Profile, *, language: str = "en",
                    labels: str = "turn") -> tuple[list[Cue], int, int]:
    """(cues, how many were joined within a turn, how many dialogue cues were made)."""
    out: list[Cue] = []
    renumber: dict[int, int] = {}    # sentence numbers that now belong to an earlier one
    joined = dialogues = 0
    for k, cue in enumerate(cues):
        if cue.sentence in renumber:
            cue = replace(cue, sentence=renumber[cue.sentence])
        previous = out[-1] if out else None
        if previous is not None and _too_close(previous, cue, profile):
            following = cues[k + 1] if k + 1 < len(cues) else None
            together = _same_turn(previous, cue, profile, language, labels)
            if together is None and _whole_sentence(cue, following):
                together = _dialogue(previous, cue, profile, language, labels)
                dialogues += together is not None
            else:
                joined += together is not None
            if together is not None:
                if cue.sentence != previous.sentence:
                    renumber[cue.sentence] = previous.sentence
                out[-1] = together
                continue
        out.append(cue)
    return out, joined, dialogues


def _too_close(previous: Cue, cue: Cue, profile: Profile) -> bool:
    """``previous`` cannot be shown for the minimum duration before ``cue``'s speech."""
    return cue.start - profile.min_gap - previous.start < profile.min_duration


def _speech_end(cue: Cue) -> int:
    return cue.speech_end if cue.speech_end is not None else cue.end


def _provenance(a: Cue, b: Cue) -> str:
    # a joined cue is only as good as its worse half
    order = ("source", "aligned", "spread", "estimated")
    return max(a.provenance, b.provenance, key=lambda p: order.index(p) if p in order else 0)


def _same_turn(a: Cue, b: Cue, profile: Profile, language: str, labels: str) -> Optional[Cue]:
    """``a`` and ``b`` laid out again as one cue, if they are one speaker's turn and fit."""
    from .layout import split_sentence

    if a.is_dialogue or b.is_dialogue or a.speaker != b.speaker or a.turn != b.turn:
        return None
    words = a.words() + b.words()
    reserve = len(a.marks[0]) if a.marks else len(line_mark(labels, a.speaker, starts_turn=True))
    layouts = split_sentence(words, max_chars=profile.max_chars, max_lines=profile.max_lines,
                             language=language, first_line_reserve=reserve)
    if len(layouts) != 1:
        return None
    return replace(a, end=max(a.end, b.end), speech_end=max(_speech_end(a), _speech_end(b)),
                   lines=layouts[0], marks=(), provenance=_provenance(a, b))


def _whole_sentence(cue: Cue, following: Optional[Cue]) -> bool:
    """The cue holds the end of its sentence (a dialogue line must not run on into another cue)."""
    return following is None or following.sentence != cue.sentence or following.turn != cue.turn


def _dialogue(a: Cue, b: Cue, profile: Profile, language: str, labels: str) -> Optional[Cue]:
    """A two-line dialogue cue of two speakers' whole, one-line turns, if both fit."""
    if a.is_dialogue or b.is_dialogue or a.speaker == b.speaker or a.turn == b.turn:
        return None
    if (a.provenance == "estimated") != (b.provenance == "estimated"):
        return None   # text the speech does not hold is not one side of a spoken exchange
    texts = []
    for k, cue in enumerate((a, b)):
        text = " ".join(cue.words())
        mark = line_mark(labels, cue.speaker, starts_turn=True, dialogue=True,
                         dash=dialogue_dash(language, first=k == 0))
        if not text or len(mark) + len(text) > profile.max_chars:
            return None
        texts.append(text)
    return replace(a, end=max(a.end, b.end), speech_end=max(_speech_end(a), _speech_end(b)),
                   lines=tuple(texts), marks=(), voices=(a.speaker, b.speaker),
                   provenance=_provenance(a, b))


@lru_cache(maxsize=256)   # asked for every line of every cue
def dialogue_dash(language: str, *, first: bool = False) -> str:
    """What opens a line of a dialogue cue in ``language`` (``captions.lang``): "-" in
    English (Netflix: no space), "- " in French, "–" in Chinese; nothing on the first
    line in the languages that dash only the second speaker (Dutch, Finnish, ...)."""
    from .lang import find_rules

    rules = find_rules(language)
    if rules is None:
        return DEFAULT_DASH
    return rules.dialogue_line("", first=first)


# ------------------------------------------------------------------ 2. mark

def line_turns(cue: Cue) -> tuple[int, ...]:
    """The turn of each line: a dialogue cue's second line is the next turn."""
    if cue.is_dialogue:
        return tuple(cue.turn + k for k in range(len(cue.lines)))
    return (cue.turn,) * len(cue.lines)


def mark_speakers(cues: Sequence[Cue], labels: str, *, language: str = "en") -> list[Cue]:
    """Set every cue's marks from its turns and voices (``captions.speakers``)."""
    out = []
    previous_turn: Optional[int] = None
    for cue in cues:
        marks = []
        for k, (turn, speaker) in enumerate(zip(line_turns(cue), cue.line_speakers)):
            starts = turn != previous_turn and (k == 0 or cue.is_dialogue)
            marks.append(line_mark(labels, speaker, starts_turn=starts, dialogue=cue.is_dialogue,
                                   dash=dialogue_dash(language, first=k == 0)))
            previous_turn = turn
        new = tuple(marks) if any(marks) else ()
        out.append(cue if new == cue.marks else replace(cue, marks=new))
    return out


# ------------------------------------------------------------------ 3. time

def display_times(cues: Sequence[Cue], profile: Profile, *,
                  end_limit: Optional[int] = None) -> tuple[Cue, ...]:
    """Display times from speech times; the in-time on the speech always wins.  With
    ``end_limit`` (the media's length) no cue ends later; a cue that starts within the
    last two frames keeps one millisecond before it."""
    out: list[Cue] = []
    previous_end = -profile.min_gap
    for i, cue in enumerate(cues):
        start = max(cue.start, previous_end + profile.min_gap)
        speech_end = max(_speech_end(cue), start)
        next_start = cues[i + 1].start if i + 1 < len(cues) else None
        chars = cue.chars
        need = max(profile.min_duration, math.ceil(chars * 1000 / profile.cps_target))
        end = max(speech_end, min(start + need, speech_end + profile.max_extension))
        end = max(end, start + profile.min_duration)
        if chars * 1000 > profile.cps_max * (end - start):
            # too fast to read: linger longer after the speech, where nothing follows soon
            fastest = start + math.ceil(chars * 1000 / profile.cps_max)
            end = max(end, min(fastest, speech_end + MAX_LINGER_MS))
        if next_start is not None:
            room = next_start - profile.min_gap
            if end < room <= speech_end + profile.max_extension and next_start - end <= profile.chain_gap:
                end = room                      # chain: close short gaps to two frames
            end = min(end, room)                # the next cue's in-time wins
        end = min(end, start + profile.max_duration)
        if i and cue.provenance == "estimated" and chars * 1000 > profile.cps_max * (end - start):
            # A text estimate's in-time is a guess, not the speech: where the pause
            # before it leaves room, start earlier rather than be read too fast
            # (never the first cue: its in-time is where the speech is said to begin).
            readable = end - math.ceil(chars * 1000 / profile.cps_max)
            start = max(previous_end + profile.min_gap, min(start, readable))
        if end_limit is not None:
            end = min(end, end_limit)
            start = min(start, max(0, end_limit - 1))
        end = max(end, start + 1)
        out.append(replace(cue, start=start, end=end, speech_end=speech_end))
        previous_end = end
    return tuple(out)


def late_cues(cues: Sequence[Cue], speech_starts: Sequence[int], profile: Profile) -> int:
    """How many cues start more than three frames after their speech."""
    frames3 = math.ceil(profile.min_gap * 3 / 2)
    return sum(1 for cue, onset in zip(cues, speech_starts) if cue.start - onset > frames3)
