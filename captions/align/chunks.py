"""Long media in chunks: a plan made up front, chunk jobs that need nothing from each other,
and a deterministic stitch.

Cost grows with the square of an utterance's length, so long media is aligned
in chunks of about a minute.  The plan comes from the speech alone:

* **Spans.**  Cuts at pauses about ``chunk_ms`` apart split the media into
  *cores*; each chunk's audio reaches past its core by an *overlap* to a
  pause on either side, so the words next to a cut are aligned inside both
  neighbours, never at the edge of a chunk, where words get squeezed.
* **Windows.**  Which tokens a chunk holds is estimated from an anchor (at
  first: the first token at the start of the speech) by syllables heard
  against syllables written (``pace.py``).  A chunk's grammar may start
  anywhere in a head around the estimated first token and end anywhere after
  half its expected words, up to a tail (``aligner._grammar``).

Every chunk runs from its job alone, so the jobs run side by side.  Then a
walk from the start accepts chunk after chunk: a chunk is accepted when it
agrees with the accepted one before it on the token boundary at the cut
between them (the first token whose middle lies after the cut) and did not
end on its window's last token.  Otherwise it runs again *pinned*: its first
token is the one the accepted chunk puts at its audio start (after a chunk
that did not align, anywhere from where the text stopped to the estimate),
and the chunks after it whose results look wrong are estimated again from
that anchor.  A pinned run is accepted as it comes, so the walk ends, with at
most three runs of a chunk.  The decisions depend on the results only, never
on which worker finished first: one worker or many give the same word times
by construction.

Pure functions and frozen data; the decoding is passed in as ``run``.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Mapping, Optional, Sequence

from .pace import Pace
from .vad import Region, speech_ms

CHUNK_MS = 60_000
OVERLAP_MS = 3_000      # audio shared with each neighbour, past the cut, ending at a pause
EDGE_PAUSE_MS = 150     # ... a pause at least this long
LEAD_MS = 500           # audio kept before the first speech
HEAD_MARGIN = 0.2       # of the expected tokens: the uncertain head of an estimated window
MIN_HEAD_MARGIN = 15
MAX_SPREAD = 2.0        # of the expected tokens: the widest head between two guesses
PINNED_MARGIN = 3       # tokens either side of an entry point taken from the accepted chunk
TAIL_MARGIN = 0.3       # of the expected tokens, after the estimated last token (plus the head margin)
PINNED_TAIL = 0.6       # ... after a pinned start: its chunk's speaking rate may differ most
MIN_TAIL = 20


@dataclass(frozen=True)
class Span:
    core_start: int      # ms: the chunk's share of the timeline is [core_start, core_end)
    core_end: int
    audio_start: int     # ms: the audio it decodes, reaching past the core into pauses
    audio_end: int


@dataclass(frozen=True)
class ChunkJob:
    """What one worker needs (besides the audio and the tokens) to align one chunk."""

    index: int           # which span
    audio_start: int     # ms
    audio_end: int
    lo: int              # tokens[lo:hi] are the chunk's grammar
    hi: int
    entry_last: int      # the grammar may start at any token in [lo, entry_last]
    entry: int           # the token expected (or known) to come first
    required: int        # the grammar may end after any token from here on (absolute index)
    place_all: bool      # the end of the text and of the audio: try placing every word first
    pinned: bool = False     # entry taken from the accepted chunk before


@dataclass(frozen=True)
class WordTime:
    index: int    # position in the token list
    start: int    # ms
    end: int      # ms

    @property
    def mid(self) -> int:
        return (self.start + self.end) // 2


Words = tuple[WordTime, ...]       # () when the chunk did not align
Run = Callable[[Sequence[ChunkJob]], Mapping[int, Words]]


def cut_near(regions: Sequence[Region], target: int, lo: int, hi: int) -> Optional[int]:
    """Middle of the longest pause between regions in [lo, hi], preferring pauses near target."""
    best = None
    for a, b in zip(regions, regions[1:]):
        gap_mid = (a.end + b.start) // 2
        if lo <= gap_mid <= hi:
            score = (b.start - a.end) - abs(gap_mid - target) / 50
            if best is None or score > best[0]:
                best = (score, gap_mid)
    return None if best is None else best[1]


def plan_spans(regions: Sequence[Region], total_ms: int, *, chunk_ms: Optional[int] = None,
               overlap_ms: int = OVERLAP_MS) -> tuple[Span, ...]:
    """Chunks cut at pauses about ``chunk_ms`` apart (default ``CHUNK_MS``, read at each
    call: tests make it smaller); a single span for short media."""
    chunk_ms = chunk_ms or CHUNK_MS
    if not regions:
        return ()
    first = max(0, regions[0].start - LEAD_MS)
    cuts = [first]
    t = first
    while speech_ms(regions, t) > chunk_ms * 1.5:
        cut = cut_near(regions, t + chunk_ms, t + chunk_ms * 3 // 4, t + chunk_ms * 5 // 4)
        t = cut if cut is not None else t + chunk_ms   # no pause in sight: the overlap repairs it
        cuts.append(t)
    cuts.append(total_ms)
    spans = []
    for k, (a, b) in enumerate(zip(cuts, cuts[1:])):
        start = a if k == 0 else _pause_before(regions, a, overlap_ms)
        end = b if k == len(cuts) - 2 else _pause_after(regions, b, overlap_ms, total_ms)
        spans.append(Span(a, b, start, end))
    return tuple(spans)


def _pause_before(regions: Sequence[Region], cut: int, overlap_ms: int) -> int:
    if overlap_ms <= 0:
        return cut
    found = _pause_nearest(regions, cut - overlap_ms, cut - 4 * overlap_ms, cut - overlap_ms // 2)
    return max(0, found if found is not None else cut - 2 * overlap_ms)


def _pause_after(regions: Sequence[Region], cut: int, overlap_ms: int, total_ms: int) -> int:
    if overlap_ms <= 0:
        return cut
    found = _pause_nearest(regions, cut + overlap_ms, cut + overlap_ms // 2, cut + 4 * overlap_ms)
    return min(total_ms, found if found is not None else cut + 2 * overlap_ms)


def _pause_nearest(regions: Sequence[Region], target: int, lo: int, hi: int) -> Optional[int]:
    """Middle of the real pause (``EDGE_PAUSE_MS`` or more) in [lo, hi] nearest ``target``.

    Not just any gap between regions: the detector leaves gaps of a few
    frames inside words, and a chunk whose audio begins inside a word
    misplaces the words of its head.
    """
    best = None
    for a, b in zip(regions, regions[1:]):
        mid = (a.end + b.start) // 2
        if b.start - a.end >= EDGE_PAUSE_MS and lo <= mid <= hi:
            if best is None or abs(mid - target) < abs(best - target):
                best = mid
    return best


# --- windows of tokens ------------------------------------------------------------------

@dataclass(frozen=True)
class Anchor:
    """Token ``token`` is spoken at ``ms``; the rest of the text fills the rest of the media,
    ``scale`` times as fast as the syllables say (as measured on the chunks before)."""

    ms: int
    token: int
    scale: float = 1.0


class Planner:
    """Jobs for the spans of one file: estimated from an anchor, or pinned to one."""

    def __init__(self, spans: Sequence[Span], pace: Pace) -> None:
        self.spans = tuple(spans)
        self.pace = pace
        self.n = pace.n

    def estimate(self, anchor: Anchor, ms: int) -> float:
        """Expected token index at ``ms``."""
        ahead = self.pace.position(anchor.ms, anchor.token, ms) - anchor.token
        return min(float(self.n), anchor.token + anchor.scale * ahead)

    def scale_after(self, results: Sequence[Optional[Words]], k: int) -> float:
        """How much faster the text went than the syllables said, in the two chunks
        before ``k`` that aligned (1 if none did), within [1/2, 2]."""
        seen = expected = 0.0
        for g in [g for g in range(k) if results[g]][-2:]:
            span, words = self.spans[g], results[g] or ()
            first = boundary(words, span.core_start)
            seen += boundary(words, span.core_end) - first
            expected += self.pace.position(span.core_start, first, span.core_end) - first
        if seen <= 0 or expected <= 0:
            return 1.0
        return min(2.0, max(0.5, seen / expected))

    def estimated(self, k: int, anchor: Anchor) -> ChunkJob:
        """A job whose window comes from the estimate alone (its head is uncertain).

        With an anchor whose ``scale`` is not 1, two guesses: the syllables
        (which are right where the pace has changed since the chunks the scale
        was measured on) and the syllables scaled (right where it has not).
        The head spans both.
        """
        span = self.spans[k]
        if k == 0:
            return self.pinned(k, Anchor(span.audio_start, 0))
        guesses = [anchor, replace(anchor, scale=1.0)] if anchor.scale != 1.0 else [anchor]
        entries = [self.estimate(a, span.audio_start) for a in guesses]
        expected = max(self.estimate(a, span.audio_end) - e for a, e in zip(guesses, entries))
        margin = max(MIN_HEAD_MARGIN, int(HEAD_MARGIN * expected))
        entry = sum(entries) / len(entries)
        spread = min(max(entries) - min(entries), MAX_SPREAD * expected) / 2
        return self._job(k, int(entry - spread) - margin, int(entry + spread) + margin, entry,
                         expected, tail=margin + max(MIN_TAIL, int(TAIL_MARGIN * expected)))

    def pinned(self, k: int, anchor: Anchor, *, after_failure: bool = False) -> ChunkJob:
        """A job whose first token is ``anchor.token``, give or take ``PINNED_MARGIN``.

        ``after_failure``: the chunk before did not align, so the anchor is
        further back; the grammar may skip that chunk's words (to the estimate
        for this chunk's start, and a head margin more).
        """
        span = self.spans[k]
        margin = 0 if k == 0 else PINNED_MARGIN
        entry, entry_last = float(anchor.token), anchor.token + margin
        expected = self.estimate(anchor, span.audio_end) - self.estimate(anchor, span.audio_start)
        if after_failure:
            entry = max(entry, self.estimate(anchor, span.audio_start))
            entry_last = int(entry) + max(MIN_HEAD_MARGIN, int(HEAD_MARGIN * expected))
        tail = max(MIN_TAIL, int(PINNED_TAIL * expected))
        job = self._job(k, anchor.token - margin, entry_last, entry, expected, tail)
        return replace(job, pinned=True)

    def _job(self, k: int, lo: int, entry_last: int, entry: float, expected: float,
             tail: int) -> ChunkJob:
        span = self.spans[k]
        last = k == len(self.spans) - 1
        lo = min(max(0, lo), max(0, self.n - 1))
        entry_last = min(max(lo, entry_last), max(lo, self.n - 1))
        if last:   # the rest of the text, but not a transcript ten times too long
            hi = min(self.n, int(entry + 2 * expected) + 60)
        else:
            hi = min(self.n, int(entry + expected) + tail)
        hi = max(hi, entry_last + 1)
        required = min(hi, max(entry_last + 1, int(entry + expected * 0.5)))
        return ChunkJob(k, span.audio_start, span.audio_end, lo, hi, entry_last, int(entry),
                        required, place_all=last and hi == self.n)


# --- acceptance and stitching -----------------------------------------------------------

def boundary(words: Words, ms: int) -> int:
    """Index of the first token whose middle is at or after ``ms`` (or the one after the last)."""
    for w in words:
        if w.mid >= ms:
            return w.index
    return words[-1].index + 1 if words else 0


def used_whole_tail(words: Words, job: ChunkJob, n_tokens: int) -> bool:
    """The chunk ended on its window's last token before the text's end: the window was short."""
    return bool(words) and job.hi < n_tokens and words[-1].index == job.hi - 1


def align_chunks(planner: Planner, run: Run) -> list[Words]:
    """Run the plan: estimated jobs for all chunks at once, then pinned reruns where needed."""
    spans = planner.spans
    start = Anchor(spans[0].audio_start, 0) if spans else Anchor(0, 0)
    jobs = [planner.estimated(k, start) for k in range(len(spans))]
    results: list[Optional[Words]] = [None] * len(spans)
    pending = list(range(len(spans)))
    guessed: dict[int, list[float]] = {}     # the scales each chunk was re-estimated with
    accepted = 0
    while pending:
        done = run([jobs[k] for k in pending])
        for k in pending:
            results[k] = tuple(done[k])
        pending = []
        while accepted < len(spans):
            verdict = _judge(planner, jobs, results, accepted)
            if verdict is None:
                accepted += 1
                continue
            jobs[accepted] = verdict
            pending = [accepted] + _respeculate(planner, jobs, results, accepted, verdict,
                                                guessed)
            break
    return [r or () for r in results]


def _judge(planner: Planner, jobs: list[ChunkJob], results: list[Optional[Words]],
           k: int) -> Optional[ChunkJob]:
    """None if chunk ``k`` is accepted after the accepted chunks before it, else the job to rerun."""
    job, words = jobs[k], results[k] or ()
    if job.pinned:
        return None
    short = used_whole_tail(words, job, planner.n)
    prev = results[k - 1] or ()
    cut = planner.spans[k].core_start
    if words and prev and not short and boundary(prev, cut) == boundary(words, cut):
        return None
    return _pinned_after(planner, results, k)


def _pinned_after(planner: Planner, results: list[Optional[Words]], k: int) -> ChunkJob:
    """Chunk ``k`` started where the accepted chunks before it put its first words."""
    span = planner.spans[k]
    prev = results[k - 1] or () if k > 0 else ()
    if k == 0:
        return planner.pinned(0, Anchor(span.audio_start, 0))
    scale = planner.scale_after(results, k)
    if prev:
        return planner.pinned(k, Anchor(span.audio_start, boundary(prev, span.audio_start), scale))
    # The chunk before did not align: its words are somewhere in the head of this one.
    g = k - 1
    while g >= 0 and not results[g]:
        g -= 1
    if g < 0:
        anchor = Anchor(planner.spans[0].audio_start, 0)
    else:
        cut = planner.spans[g + 1].core_start
        anchor = Anchor(cut, boundary(results[g] or (), cut), scale)
    return planner.pinned(k, anchor, after_failure=True)


def _respeculate(planner: Planner, jobs: list[ChunkJob], results: list[Optional[Words]],
                 k: int, rerun: ChunkJob, guessed: dict[int, list[float]]) -> list[int]:
    """Chunks after ``k`` whose results look wrong, re-estimated from ``k``'s new anchor.

    Only a guess to save rounds (after a change of speaking rate, or of how
    many syllables the level peaks catch, the chunks after it are all off):
    whatever runs here is still checked when the walk reaches it.  A chunk is
    guessed again only if its estimate moved by more than half its head, at
    most twice, the second time with a rate measured anew.  On media where
    guesses keep failing (long speech that is not in the transcript) the walk
    goes chunk by chunk, as one process would.
    """
    scale = planner.scale_after(results, k)
    anchor = Anchor(rerun.audio_start, rerun.entry, scale)
    out = []
    for j in range(k + 1, len(jobs)):
        before_scales = guessed.get(j, [])
        if jobs[j].pinned or len(before_scales) >= 2 or \
                any(abs(scale - b) <= 0.1 * b for b in before_scales):
            continue
        words, before = results[j] or (), results[j - 1] or ()
        cut = planner.spans[j].core_start
        suspect = (not words or not before or used_whole_tail(words, jobs[j], planner.n)
                   or boundary(before, cut) != boundary(words, cut))
        fresh = planner.estimated(j, anchor)
        if suspect and abs(fresh.entry - jobs[j].entry) * 2 > fresh.entry_last - fresh.entry:
            jobs[j] = fresh
            guessed[j] = before_scales + [scale]
            out.append(j)
    return out


def stitch(spans: Sequence[Span], results: Sequence[Words], n_tokens: int
           ) -> list[Optional[tuple[int, int]]]:
    """(start, end) per token, each token from one chunk.

    At each cut both chunks say which token comes first after it (the first
    whose middle lies at or after the cut).  When they differ (a word astride
    the cut, or one of them wrong there), the chunk with more audio on both
    sides of the cut decides.  Next to a chunk that did not align, a chunk
    gives all its words.  A word never starts before the word taken before it
    ends.
    """
    splits = [0] + [_split(spans[k], results[k - 1], spans[k - 1], results[k], n_tokens)
                    for k in range(1, len(spans))] + [n_tokens]
    times: list[Optional[tuple[int, int]]] = [None] * n_tokens
    last, last_end = -1, 0
    for k, words in enumerate(results):
        for w in words:
            if last < w.index and splits[k] <= w.index < splits[k + 1]:
                start = max(w.start, last_end)
                times[w.index] = (start, max(start, w.end))
                last, last_end = w.index, max(start, w.end)
    return times


def _split(span: Span, before: Words, span_before: Span, after: Words, n_tokens: int) -> int:
    """The first token taken from the chunk after the cut at ``span.core_start``."""
    cut = span.core_start
    if not before:
        return 0
    if not after:
        return n_tokens
    mine, theirs = boundary(before, cut), boundary(after, cut)
    depth_before = min(cut - span_before.audio_start, span_before.audio_end - cut)
    depth_after = min(cut - span.audio_start, span.audio_end - cut)
    return mine if depth_before >= depth_after else theirs
