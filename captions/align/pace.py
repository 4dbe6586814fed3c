"""Where in the text the speech is, before aligning: syllables heard against syllables written.

Long media is cut into chunks before any chunk is aligned, so each chunk's
share of the text has to be guessed.  Spreading the tokens evenly over the
speech drifts wherever the speaking rate changes (a slow speaker, then a fast
one: 250 tokens off mid-way in a 12-minute test).  Counting syllables on both
sides follows the rate: in the audio, the peaks of the level envelope inside
speech (each syllable's vowel is a peak, after de Jong and Wempe's speech-rate
method, 2009); in the text, the vowels of each token's pronunciation.  The
counts need not agree, only grow together: the share of peaks heard by a
time gives the share of the text's syllables spoken by then (6 tokens off at
most over 30 minutes of synthetic speech, 41 in the 12-minute test).
"""
from __future__ import annotations

import bisect
import itertools
import re
from typing import Callable, Optional, Sequence

from .vad import LEVEL_HOP_MS, Region, speech_ms

SMOOTH_HOPS = 4          # 20 ms moving average of the level
PEAK_RISE_DB = 3.0       # a peak stands this far above the dips on both sides
_VOWELS = frozenset("AA AE AH AO AW AY EH ER EY IH IY OW OY UH UW".split())


def syllable_peaks(levels, regions: Sequence[Region]) -> list[int]:
    """Times (ms) of the syllable peaks inside the speech regions, in order."""
    import numpy as np

    if len(levels) == 0:
        return []
    smooth = np.convolve(levels, np.ones(SMOOTH_HOPS) / SMOOTH_HOPS, mode="same")
    peaks: list[int] = []
    for r in regions:
        a = r.start // LEVEL_HOP_MS
        seg = smooth[a:r.end // LEVEL_HOP_MS].tolist()
        dip = seg[0] if seg else 0.0
        top: Optional[int] = None
        for i, v in enumerate(seg):
            if top is None:
                dip = min(dip, v)
                if v - dip >= PEAK_RISE_DB:
                    top = i
            elif v > seg[top]:
                top = i
            elif seg[top] - v >= PEAK_RISE_DB:
                peaks.append((a + top) * LEVEL_HOP_MS)
                dip, top = v, None
        if top is not None:
            peaks.append((a + top) * LEVEL_HOP_MS)
    return peaks


def syllables(token: str, phones: Optional[str]) -> int:
    """Syllables of one token: its pronunciation's vowels, else its spelling's vowel groups."""
    if phones:
        return max(1, sum(p in _VOWELS for p in phones.split()))
    return max(1, len(re.findall(r"[aeiouy]+", token.lower())))


class Pace:
    """Token positions from times, by syllables (or by speech time, without peaks)."""

    def __init__(self, tokens: Sequence[str], lookup: Callable[[str], Optional[str]],
                 regions: Sequence[Region], peaks: Sequence[int], total_ms: int) -> None:
        self.n = len(tokens)
        self.written = [0] + list(itertools.accumulate(syllables(t, lookup(t)) for t in tokens))
        self.regions = tuple(regions)
        self.peaks = list(peaks)
        self.total_ms = total_ms

    def heard(self, lo: int, hi: int) -> float:
        """Syllables heard in [lo, hi) (speech milliseconds when too few peaks were found)."""
        if len(self.peaks) < 10:
            return float(speech_ms(self.regions, lo, hi))
        return float(bisect.bisect_left(self.peaks, hi) - bisect.bisect_left(self.peaks, lo))

    def position(self, from_ms: int, from_token: int, ms: int) -> float:
        """Expected token index at ``ms``, when token ``from_token`` is spoken at ``from_ms``
        and the rest of the text fills the rest of the media."""
        rest = self.heard(from_ms, self.total_ms)
        if ms <= from_ms or rest <= 0:
            return float(from_token)
        share = min(1.0, self.heard(from_ms, ms) / rest)
        done = self.written[from_token]
        target = done + (self.written[-1] - done) * share
        i = bisect.bisect_left(self.written, target)     # written[i - 1] < target <= written[i]
        if i == 0:
            return 0.0
        if i > self.n:
            return float(self.n)
        below, above = self.written[i - 1], self.written[i]
        return i - 1 + (target - below) / max(above - below, 1)
