"""Forced alignment of dictionary tokens to 16 kHz speech with pocketsphinx.

Settings that made the difference on real recordings: one search pass
(``bestpath=False``) with beams of 1e-200.  With the default lattice pass
some recordings failed ("does not match the grammar") or lost a word, and a
turn-initial word could be pulled across a long pause into the previous turn.

Long media is aligned in chunks (``chunks.py``: the plan, the checks, the
stitch), each chunk on its own, in worker processes when there are several
cores (``parallel.py``).  Each chunk's grammar is a window of the expected
text that may begin anywhere in an uncertain head and end anywhere after
half its expected words.  The words the decoder returns are always checked
against the words it was given: a very wide beam can report success yet
silently drop the last words.
"""
from __future__ import annotations

from typing import Callable, Optional, Sequence

from .audio import duration_ms
from .chunks import (OVERLAP_MS, ChunkJob, Planner, WordTime, Words, align_chunks,
                     plan_spans, stitch)
from .pace import Pace, syllable_peaks
from .vad import Region, frame_levels

FRAME_MS = 10
SKIP_PROB = 1e-10          # price of leaving a cue's words out of the alignment
_NOT_WORDS = ("<s>", "</s>", "<sil>", "(NULL)")

__all__ = ["WordTime", "align_tokens", "decode_chunk", "make_decoder"]


def make_decoder():
    """A pocketsphinx decoder for alignment with the shipped US English model."""
    from pocketsphinx import Decoder

    return Decoder(lm=None, bestpath=False, beam=1e-200, pbeam=1e-200, wbeam=1e-200,
                   loglevel="FATAL")


def _grammar(decoder, tokens: Sequence[str], required: int, groups: Sequence[int],
             entry_last: int = 0):
    """FSG: tokens in order, from any of the first ``entry_last + 1``; after ``required``
    of them (and after the entry) the utterance may end anywhere.

    ``groups`` are the token positions where a cue's words begin: a costly
    null arc jumps over each cue, so text that is not in the audio (a sentence
    the speaker left out) is skipped instead of being squeezed into a pause
    and dragging its neighbours with it.
    """
    n = len(tokens)
    start = n + 1 if entry_last > 0 else 0
    transitions: list[tuple] = [(i, i + 1, 1.0, tok) for i, tok in enumerate(tokens)]
    if entry_last > 0:
        transitions += [(start, i, 1.0) for i in range(min(entry_last, n - 1) + 1)]
    transitions += [(i, n, 1.0) for i in range(max(required, entry_last + 1, 1), n)]
    bounds = sorted(set(g for g in groups if 0 <= g < n)) + [n]
    transitions += [(a, b, SKIP_PROB) for a, b in zip(bounds, bounds[1:])]
    fsg = decoder.create_fsg("align", start_state=start, final_state=n, transitions=transitions)
    fsg.add_silence("<sil>", -1, 0.1)
    return fsg


def _match(returned: Sequence[str], tokens: Sequence[str], groups: Sequence[int],
           entry_last: int = 0) -> Optional[list[int]]:
    """Token index of each returned word: the tokens in order from an entry point at or
    before ``entry_last``, with whole cues skipped."""
    starts = set(groups) | {0}
    memo: dict[tuple[int, int], Optional[list[int]]] = {}

    def walk(r: int, p: int) -> Optional[list[int]]:
        if r == len(returned):
            return []
        if (r, p) in memo:
            return memo[(r, p)]
        result = None
        if p < len(tokens) and tokens[p] == returned[r]:
            rest = walk(r + 1, p + 1)
            if rest is not None:
                result = [p] + rest
        if result is None and p in starts:
            for q in sorted(s for s in starts if s > p):
                if q < len(tokens) and tokens[q] == returned[r]:
                    rest = walk(r + 1, q + 1)
                    if rest is not None:
                        result = [q] + rest
                        break
        memo[(r, p)] = result
        return result

    for entry in range(min(entry_last, max(len(tokens) - 1, 0)) + 1):
        found = walk(0, entry)
        if found is not None:
            return found
    return None


def _decode(decoder, pcm, tokens: Sequence[str], required: int, groups: Sequence[int],
            offset_ms: int, entry_last: int = 0) -> Optional[list[WordTime]]:
    """Align ``tokens`` (a prefix of them if ``required`` < len) to ``pcm``; None on failure."""
    if not tokens:
        return []
    try:
        decoder.add_fsg("align", _grammar(decoder, tokens, required, groups, entry_last))
        decoder.activate_search("align")
        decoder.start_utt()
        decoder.process_raw(pcm.tobytes(), full_utt=True)
        decoder.end_utt()
    except RuntimeError:
        return None
    if decoder.hyp() is None:
        return None
    found: list[tuple[str, int, int]] = []
    for seg in decoder.seg():
        word = seg.word
        if word in _NOT_WORDS or word.startswith("[") or word.startswith("++"):
            continue
        base = word.split("(")[0] if word.endswith(")") else word
        found.append((base, seg.start_frame, seg.end_frame))
    where = _match([w for w, _, _ in found], tokens, groups, entry_last)
    if where is None:
        return None   # the decoder returned other words than it was given
    return [WordTime(i, offset_ms + a * FRAME_MS, offset_ms + (b + 1) * FRAME_MS)
            for i, (_, a, b) in zip(where, found)]


def decode_chunk(decoder, audio, tokens: Sequence[str], groups: Sequence[int],
                 job: ChunkJob) -> Words:
    """Align one chunk: ``audio`` is the job's span, ``tokens``/``groups`` the whole text's.

    Attempts, in order: every word placed (the end of the text and of the
    audio: allowed to stop early, the decoder may stretch the words it has
    over the speech of the last ones and drop those); ending after half the
    expected words; ending anywhere.  ``()`` when none aligns.
    """
    window = list(tokens[job.lo:job.hi])
    local = [g - job.lo for g in groups if job.lo <= g < job.hi]
    entry_last = job.entry_last - job.lo
    required = job.required - job.lo
    attempts = ([len(window)] if job.place_all else []) + [required]
    if required > entry_last + 1:
        attempts.append(1)
    for need in attempts:
        words = _decode(decoder, audio, window, need, local, job.audio_start, entry_last)
        if words:
            return tuple(WordTime(job.lo + w.index, w.start, w.end) for w in words)
    return ()


def align_tokens(pcm, tokens: Sequence[str], regions: Sequence[Region], *,
                 groups: Sequence[int] = (), decoder=None, chunk_ms: Optional[int] = None,
                 overlap_ms: int = OVERLAP_MS, jobs: Optional[int] = None,
                 progress: Optional[Callable[[int, int], None]] = None
                 ) -> list[Optional[tuple[int, int]]]:
    """(start, end) in ms for each token, or None where it could not be aligned.

    ``jobs``: worker processes for the chunks of long media (None: one per
    core; 1: all in this process).  The word times do not depend on it.
    ``chunk_ms`` defaults to ``chunks.CHUNK_MS``, read at each call (tests
    set it smaller to get many chunks from a short clip).
    """
    from .parallel import chunk_runner

    decoder = decoder or make_decoder()
    total_ms = duration_ms(pcm)
    if not tokens or not regions:
        return [None] * len(tokens)
    planner = make_plan(pcm, tokens, regions, decoder.lookup_word, chunk_ms=chunk_ms,
                        overlap_ms=overlap_ms)
    with chunk_runner(pcm, tokens, groups, decoder, planner.spans, decode=decode_chunk,
                      new_decoder=make_decoder, jobs=jobs, progress=progress) as run:
        results = align_chunks(planner, run)
    if progress:
        progress(total_ms, total_ms)
    return stitch(planner.spans, results, len(tokens))


def make_plan(pcm, tokens: Sequence[str], regions: Sequence[Region],
              lookup: Callable[[str], Optional[str]], *, chunk_ms: Optional[int] = None,
              overlap_ms: int = OVERLAP_MS) -> Planner:
    """The chunks of ``pcm`` and how to guess each one's share of ``tokens``."""
    total_ms = duration_ms(pcm)
    spans = plan_spans(regions, total_ms, chunk_ms=chunk_ms, overlap_ms=overlap_ms)
    peaks = syllable_peaks(frame_levels(pcm), regions) if len(spans) > 1 else []
    return Planner(spans, Pace(tokens, lookup, regions, peaks, total_ms))
