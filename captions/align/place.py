"""From word times to cue times: snapping to speech onsets, spreading, estimates.

Pure functions over frozen cues and speech regions; no audio, no decoder.
"""
from __future__ import annotations

import bisect
from dataclasses import replace
from typing import Callable, Optional, Sequence

from ..model import Cue
from .vad import Region

HANGOVER_MS = 150       # the VAD keeps saying "speech" this long after it ends
MIN_ONSET_REGION_MS = 200   # shorter regions are breaths and clicks, not a word's onset
SNAP_BACK_MS = 300      # an aligned start this close after an onset belongs to it
SPREAD_SNAP_MS = 1000   # spread cue starts move to a speech onset this close


class Regions:
    """Speech regions with fast lookup by time."""

    def __init__(self, regions: Sequence[Region]) -> None:
        self.regions = tuple(regions)
        self.starts = [r.start for r in self.regions]

    def index_at(self, ms: int) -> Optional[int]:
        i = bisect.bisect_right(self.starts, ms) - 1
        if i >= 0 and self.regions[i].start <= ms < self.regions[i].end:
            return i
        return None

    def within(self, lo: int, hi: int) -> list[Region]:
        """Regions clipped to [lo, hi)."""
        out = []
        i = max(0, bisect.bisect_right(self.starts, lo) - 1)
        while i < len(self.regions) and self.regions[i].start < hi:
            r = self.regions[i]
            a, b = max(r.start, lo), min(r.end, hi)
            if b > a:
                out.append(Region(a, b))
            i += 1
        return out

    def speech(self, lo: int, hi: int) -> int:
        return sum(r.duration for r in self.within(lo, hi))


Refine = Callable[[int, int], int]   # (detector onset, pause start) -> onset


def snap_start(start: int, first_word_end: int, prev_word_end: Optional[int],
               regions: Regions, refine: Optional[Refine] = None) -> int:
    """Move an aligned cue start onto the speech onset, only where that is clearly right.

    * In VAD silence or in a region's last 150 ms (the hangover): the aligner
      started the word early (it does so after pauses, by up to 0.4 s); move
      forward to the first region of at least 200 ms that begins inside the word.
    * At most 300 ms after a region's onset, with the previous word ended
      before that onset: the word owns the onset; move back to it.
    * Otherwise (inside running speech) keep the aligner's time: a plain
      "nearest onset" rule makes those worse.

    ``refine(onset, pause_start)`` moves a detector onset to where the speech
    really begins (the detector trusts a word's soft start only after a few
    frames: 20-70 ms late on real recordings).
    """
    def onset_of(j: int) -> int:
        onset = regions.regions[j].start
        if refine is None:
            return onset
        pause_start = regions.regions[j - 1].end if j > 0 else 0
        if prev_word_end is not None:
            pause_start = max(pause_start, min(prev_word_end, onset))
        return refine(onset, pause_start)

    i = regions.index_at(start)
    if i is None or start >= regions.regions[i].end - HANGOVER_MS:
        j = bisect.bisect_right(regions.starts, start)
        while j < len(regions.regions) and regions.regions[j].start < first_word_end:
            if regions.regions[j].duration >= MIN_ONSET_REGION_MS:
                return onset_of(j)
            j += 1
        return start
    onset = regions.regions[i].start
    if start - onset <= SNAP_BACK_MS and (prev_word_end is None or prev_word_end <= onset):
        return onset_of(i)
    return start


def spread_over_speech(cues: Sequence[Cue], regions: Regions, lo: int, hi: int) -> list[Cue]:
    """Lay ``cues`` over the speech in [lo, hi) in proportion to their characters.

    Cumulative characters map onto cumulative speech time; a start that lands
    within a second of a speech onset moves onto it (sentences begin after
    pauses), and each cue's speech ends where the speech before the next cue
    ends, so pauses fall between cues rather than inside them.
    """
    speech = regions.within(lo, hi)
    total = sum(r.duration for r in speech)
    weights = [max(1, sum(ch.isalnum() for ch in c.text)) for c in cues]
    scale = total / sum(weights)

    def at(offset: float) -> int:
        for r in speech:
            if offset <= r.duration:
                return round(r.start + offset)
            offset -= r.duration
        return speech[-1].end

    onsets = [r.start for r in speech]
    starts: list[int] = []
    done = 0.0
    for weight in weights:
        start = at(done)
        done += weight * scale
        near = min(onsets, key=lambda o: abs(o - start))
        if abs(near - start) <= SPREAD_SNAP_MS and (not starts or near > starts[-1]):
            start = near
        starts.append(max(start, starts[-1] + 1) if starts else start)
    out: list[Cue] = []
    for i, (cue, start) in enumerate(zip(cues, starts)):
        limit = starts[i + 1] if i + 1 < len(starts) else hi
        inside = [r for r in speech if start <= r.end and r.start < limit]
        end = min(max((r.end for r in inside), default=limit), limit)
        out.append(replace(cue, start=start, end=max(end, start), speech_end=max(end, start),
                           provenance="spread"))
    return out


def estimate_between(cues: Sequence[Cue], lo: int, hi: Optional[int]) -> list[Cue]:
    """Keep the text estimates' durations and pauses, moved into [lo, hi) and squeezed to fit."""
    first = cues[0].start
    span = max(1, max((c.speech_end or c.end) for c in cues) - first)
    room = span if hi is None else max(0, hi - lo)
    scale = min(1.0, room / span)
    out = []
    for cue in cues:
        start = lo + round((cue.start - first) * scale)
        end = lo + round(((cue.speech_end or cue.end) - first) * scale)
        out.append(replace(cue, start=start, end=max(start, end), speech_end=max(start, end),
                           provenance="estimated"))
    return out


def spread_by_text(cues: Sequence[Cue], lo: int, hi: int) -> list[Cue]:
    """Lay ``cues`` end to end over [lo, hi) in proportion to their letters: where the
    speech could not be told apart, the text's own length is the best guide."""
    weights = [max(1, sum(ch.isalnum() for ch in c.text)) for c in cues]
    room = max(len(cues), hi - lo)
    out, done = [], 0
    total = sum(weights)
    for cue, weight in zip(cues, weights):
        start = lo + room * done // total
        done += weight
        end = max(start + 1, lo + room * done // total)
        out.append(replace(cue, start=start, end=end, speech_end=end, provenance="estimated"))
    return out
