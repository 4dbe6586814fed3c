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
    raw = memoryview(np.ascontiguousarray(pcm)).cast("B")   # no copy of a long file's samples
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
