"""Speech regions from pocketsphinx's voice activity detector (WebRTC's algorithm).

Frames of 10 ms in the strictest mode (3): music and noise stay out of the
regions as far as the detector can tell.  The detector has a built-in
hangover, so a region runs a little (up to ~150 ms) past the end of speech;
the onset, which is what cue starts need, is sharp.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .audio import SAMPLE_RATE

FRAME_MS = 10
MERGE_GAP_MS = 20      # a single non-speech frame inside speech is not a pause


@dataclass(frozen=True)
class Region:
    start: int   # ms
    end: int     # ms

    @property
    def duration(self) -> int:
        return self.end - self.start


def speech_regions(pcm, *, mode: int = 3) -> tuple[Region, ...]:
    """Speech regions of 16 kHz int16 ``pcm``, in order, in milliseconds."""
    import numpy as np
    from pocketsphinx import Vad

    vad = Vad(mode, SAMPLE_RATE, FRAME_MS / 1000)
    step = vad.frame_bytes
    raw = memoryview(np.ascontiguousarray(pcm).data).cast("B")   # no copy of a long file's samples
    flags = [vad.is_speech(raw[i:i + step]) for i in range(0, len(raw) - step + 1, step)]
    return regions_from_flags(flags)


def regions_from_flags(flags: Sequence[bool]) -> tuple[Region, ...]:
    regions: list[Region] = []
    start = None
    for i, speech in enumerate(list(flags) + [False]):
        if speech and start is None:
            start = i
        elif not speech and start is not None:
            begin, end = start * FRAME_MS, i * FRAME_MS
            if regions and begin - regions[-1].end <= MERGE_GAP_MS:
                regions[-1] = Region(regions[-1].start, end)
            else:
                regions.append(Region(begin, end))
            start = None
    return tuple(regions)


def speech_ms(regions: Sequence[Region], start: int = 0, end: int | None = None) -> int:
    """Milliseconds of speech inside [start, end)."""
    total = 0
    for r in regions:
        lo = max(r.start, start)
        hi = r.end if end is None else min(r.end, end)
        if hi > lo:
            total += hi - lo
    return total


# --- onsets to the 5 ms: the detector's onsets run 20-70 ms late on real speech ----------

LEVEL_HOP_MS = 5
_LEVEL_BLOCK_HOPS = 1 << 14   # 80 s of audio a block
ONSET_LOOKBACK_MS = 120     # an onset moves back at most this far from the detector's
ONSET_RISE_DB = 9.0         # above the pause's noise level: speech has begun


def frame_levels(pcm):
    """Level in dB of each 5 ms hop of 16 kHz ``pcm`` (10 ms windows), as a float32 array.

    Computed a block of 80 s at a time: a float64 copy of 30 minutes of audio
    (and of its square) took 460 MB at the peak.
    """
    import numpy as np

    hop = SAMPLE_RATE * LEVEL_HOP_MS // 1000
    n = len(pcm) // hop
    power = np.empty(n, dtype=np.float32)
    for a in range(0, n, _LEVEL_BLOCK_HOPS):
        b = min(n, a + _LEVEL_BLOCK_HOPS)
        x = np.asarray(pcm[a * hop:b * hop], dtype=np.float32).reshape(b - a, hop)
        power[a:b] = np.einsum("ij,ij->i", x, x) / hop
    if n == 0:
        return power
    window = (power + np.concatenate([power[1:], power[-1:]])) / 2   # hop and the next one
    return 10 * np.log10(window + 1.0)


def refine_onset(levels, onset_ms: int, pause_from_ms: int) -> int:
    """Where speech really begins near a detector onset, from the level of the pause before it.

    The pause's level is its 20th percentile in ``[pause_from_ms, onset_ms)``;
    the onset moves back over hops that stand ``ONSET_RISE_DB`` above it (the
    soft start of a word the detector needs a few frames to trust), at most
    ``ONSET_LOOKBACK_MS``.  With under 60 ms of pause to measure, it stays.
    """
    import numpy as np

    at = onset_ms // LEVEL_HOP_MS
    lo = max(0, pause_from_ms // LEVEL_HOP_MS, at - 500 // LEVEL_HOP_MS)
    if at - lo < 60 // LEVEL_HOP_MS or at >= len(levels):
        return onset_ms
    noise = float(np.percentile(levels[lo:at], 20))
    floor = noise + ONSET_RISE_DB
    limit = max(lo, at - ONSET_LOOKBACK_MS // LEVEL_HOP_MS)
    k = at
    while k - 1 >= limit and levels[k - 1] > floor:
        k -= 1
    return k * LEVEL_HOP_MS
