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
3x (about 43 wpm): real clips are slower than one might think (in a minute of
human-timed dialogue, 62 wpm or less one time in ten), and beyond 3x the
speech more likely ends early than crawls.  Cue starts are then moved the
least distance (least squares) that leaves every cue its minimum duration, so
a run of short cues never pushes all later cues back.

Measured against human timings (bench/bench_timing_real.py), these pauses do
better than spreading the text evenly by characters; fitting them to the data
moves them further the same way (longer pauses at sentence ends) but makes
the speech inside cues faster, which costs reading speed.

Display rules: ``captions.fit`` (in-time on the speech, out-time extended for
reading speed, gaps, minimum and maximum durations, joins of cues that cannot
be shown apart), the same for text estimates and for alignment.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Iterable, Optional, Sequence

from .errors import InputError
from .fit import fit_to_speech
from .lang import display_width
from .model import Cue, Draft, Track
from .profiles import NETFLIX_EN, Profile

DEFAULT_WPM = 130


@dataclass(frozen=True)
class SpeechModel:
    """The text model's constants: pauses (ms) after each kind of break, and limits."""

    clause: int = 350          # a cue that ends on a comma, a dash, a colon
    sentence: int = 700
    paragraph: int = 1000
    turn: int = 1200
    inner_clause: int = 250    # each comma or dash inside a cue
    cue: int = 0               # every cue boundary, whatever ends it
    # Real clips are often slower than 1.5x the default pace: in a minute of
    # human-timed dialogue the pace including pauses is 62 wpm or less one time
    # in ten (bench/bench_timing_real.py); 3x (43 wpm) covers that.
    max_stretch: float = 3.0   # a known duration stretches the speech at most this much
    max_pause_share: float = 0.45   # pauses never take more than this share of the time

    def pause_after(self, after: str) -> int:
        """Pause after a draft whose ``after`` is one of ``segment.BREAKS``."""
        if after == "end":
            return 0
        return self.cue + {"none": 0, "clause": self.clause, "sentence": self.sentence,
                           "paragraph": self.paragraph, "turn": self.turn}[after]

    @classmethod
    def with_pauses(cls, *, none: int = 0, clause: int = 0, sentence: int = 0, turn: int = 0,
                    inner: int = 0, **limits: float) -> "SpeechModel":
        """A model for tuning: paragraph pauses lie halfway between sentence and turn."""
        return cls(clause=clause, sentence=sentence, paragraph=(sentence + turn) // 2, turn=turn,
                   inner_clause=inner, cue=none, **limits)


SPEECH = SpeechModel()


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
                    title: Optional[str] = None, notes: tuple[str, ...] = (),
                    model: SpeechModel = SPEECH, strict: bool = True,
                    labels: str = "turn") -> Track:
    """Time cue drafts from the text alone and apply the display rules (``captions.fit``).

    With ``duration_ms`` the estimate is fitted to end by then.  Where the cues
    cannot each have their minimum duration, short cues of a turn are joined
    (and quick exchanges made dialogue cues) before any is shortened.  ``strict``:
    a ``duration_ms`` that cannot hold the text even at the fastest reading speed
    the profile allows is an error that says how long the text needs; otherwise
    (with media, which times the cues anyway) the cues are squeezed into it.
    ``labels``: the speaker-label style, which counts in reading speed."""
    if not drafts:
        return Track(cues=(), language=language, title=title, notes=notes)
    if wpm <= 0:
        raise ValueError("wpm must be positive")
    # What takes time to say in this language's script (captions.lang):
    # letters as always, one syllable per Chinese character, ...
    from .lang import spoken_units, word_equivalents

    words = sum(word_equivalents(" ".join(d.lines), language) for d in drafts)
    chars = [spoken_units(" ".join(d.lines), language) for d in drafts]
    inner = [_inner_clauses(d.lines) * model.inner_clause for d in drafts]
    pauses = [model.pause_after(d.after) for d in drafts]
    total = words * 60000.0 / wpm
    pause_total = sum(pauses) + sum(inner)
    pause_scale = 1.0
    if pause_total > model.max_pause_share * total:
        pause_scale = model.max_pause_share * total / pause_total
    ms_per_char = (total - pause_total * pause_scale) / max(1, sum(chars))

    scale = 1.0
    crowded = False               # too many cues for each to have its minimum duration
    if duration_ms is not None:
        room = duration_ms - start_ms
        shown = sum(display_width(mark + line) for d in drafts
                    for mark, line in zip(d.marks or ("",) * len(d.lines), d.lines))
        fastest = math.ceil(shown * 1000 / profile.cps_max)
        if room < fastest and strict:
            given = f"--duration {duration_ms / 1000:g} s" if not start_ms else \
                f"the {room / 1000:g} s between --start and --duration"
            raise InputError(f"{given} cannot hold this text: at the fastest reading speed the "
                             f"profile allows ({profile.cps_max:g} cps) its {shown} characters "
                             f"need at least {fastest / 1000:.1f} s")
        crowded = room < len(drafts) * (profile.min_duration + profile.min_gap) - profile.min_gap
        # Leave room after the speech for the last cue's reading time.
        available = max(room - profile.max_extension, room / 2)
        scale = min(available / total, model.max_stretch)

    def place(scale: float) -> tuple[Cue, ...]:
        t = float(start_ms)
        spans = []
        for c, extra, pause in zip(chars, inner, pauses):
            speech = (c * ms_per_char + extra * pause_scale) * scale
            spans.append((t, t + speech))
            t += speech + pause * pause_scale * scale
        # A cue shorter than the minimum duration would push every later cue
        # back; move starts the least distance that leaves each cue its minimum
        # (when there is room for that: else the fitting joins cues first).
        spacing = profile.min_gap + 1 if crowded else profile.min_duration + profile.min_gap
        starts = spaced_starts([a for a, _ in spans], spacing)
        cues = []
        for i, (d, (a, b)) in enumerate(zip(drafts, spans)):
            begin = starts[i]
            end = begin + round(b) - round(a)   # the speech moves with its start
            if i + 1 < len(starts):
                end = min(end, starts[i + 1] - profile.min_gap)
            end = max(end, begin)
            cues.append(Cue(start=begin, end=end, speech_end=end, lines=d.lines,
                            speaker=d.speaker, sentence=d.sentence, turn=d.turn,
                            provenance="estimated", marks=d.marks))
        return fit_to_speech(cues, profile, language=language, labels=labels).cues

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


def spaced_starts(targets: Sequence[float], spacing: int) -> list[int]:
    """Starts at least ``spacing`` apart, as close as possible to ``targets`` (least squares).

    The first start stays where it is.  With ``u_i = s_i - i * spacing`` the
    constraint is that ``u`` never decreases: isotonic regression (pool
    adjacent violators) of ``targets[i] - i * spacing``.
    """
    if not targets:
        return []
    blocks: list[list[float]] = []          # [mean, weight, count]
    for i, target in enumerate(targets):
        value, weight = target - i * spacing, (1e9 if i == 0 else 1.0)
        blocks.append([value, weight, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            v2, w2, n2 = blocks.pop()
            v1, w1, n1 = blocks[-1]
            blocks[-1] = [(v1 * w1 + v2 * w2) / (w1 + w2), w1 + w2, n1 + n2]
    out: list[int] = []
    for value, _, count in blocks:
        for _ in range(int(count)):
            start = round(value + len(out) * spacing)
            out.append(max(start, out[-1] + spacing) if out else start)
    return out


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
