"""Forced alignment of dictionary tokens to 16 kHz speech with pocketsphinx.

Settings that made the difference on real recordings: one search pass
(``bestpath=False``) with beams of 1e-200.  With the default lattice pass
some recordings failed ("does not match the grammar") or lost a word, and a
turn-initial word could be pulled across a long pause into the previous turn.

Cost grows with the square of the utterance length, so long media is aligned
in chunks cut at pauses about a minute apart.  Each chunk's grammar is the
expected text followed by an optional tail (any prefix of the following
words may end the chunk), sized by the speaking rate.  The words next to
each cut are dropped and aligned again at the start of the next chunk,
because words that were squeezed against a cut anchor badly.  The words the
decoder returns are always checked against the words it was given: a very
wide beam can report success yet silently drop the last words.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional, Sequence

from .audio import ms_to_sample
from .vad import Region, speech_ms

CHUNK_MS = 60_000
FRAME_MS = 10
CUT_PAUSE_MS = 150          # a pause at least this long separates "segments" for chunk cuts
SKIP_PROB = 1e-10          # price of leaving a cue's words out of the alignment
_NOT_WORDS = ("<s>", "</s>", "<sil>", "(NULL)")


@dataclass(frozen=True)
class WordTime:
    index: int    # position in the token list
    start: int    # ms
    end: int      # ms


def make_decoder():
    """A pocketsphinx decoder for alignment with the shipped US English model."""
    from pocketsphinx import Decoder

    return Decoder(lm=None, bestpath=False, beam=1e-200, pbeam=1e-200, wbeam=1e-200,
                   loglevel="FATAL")


def _grammar(decoder, tokens: Sequence[str], required: int, groups: Sequence[int]):
    """FSG: tokens in order; after ``required`` of them the utterance may end anywhere.

    ``groups`` are the token positions where a cue's words begin: a costly
    null arc jumps over each cue, so text that is not in the audio (a sentence
    the speaker left out) is skipped instead of being squeezed into a pause
    and dragging its neighbours with it.
    """
    n = len(tokens)
    transitions: list[tuple] = [(i, i + 1, 1.0, tok) for i, tok in enumerate(tokens)]
    transitions += [(i, n, 1.0) for i in range(max(required, 1), n)]
    bounds = sorted(set(g for g in groups if 0 <= g < n)) + [n]
    transitions += [(a, b, SKIP_PROB) for a, b in zip(bounds, bounds[1:])]
    fsg = decoder.create_fsg("align", start_state=0, final_state=n, transitions=transitions)
    fsg.add_silence("<sil>", -1, 0.1)
    return fsg


def _match(returned: Sequence[str], tokens: Sequence[str], groups: Sequence[int]
           ) -> Optional[list[int]]:
    """Token index of each returned word: the tokens in order, with whole cues skipped."""
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

    return walk(0, 0)


def _decode(decoder, pcm, tokens: Sequence[str], required: int, groups: Sequence[int],
            offset_ms: int) -> Optional[list[WordTime]]:
    """Align ``tokens`` (a prefix of them if ``required`` < len) to ``pcm``; None on failure."""
    if not tokens:
        return []
    try:
        decoder.add_fsg("align", _grammar(decoder, tokens, required, groups))
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
    where = _match([w for w, _, _ in found], tokens, groups)
    if where is None:
        return None   # the decoder returned other words than it was given
    return [WordTime(i, offset_ms + a * FRAME_MS, offset_ms + (b + 1) * FRAME_MS)
            for i, (_, a, b) in zip(where, found)]


def _cut_near(regions: Sequence[Region], target: int, lo: int, hi: int) -> Optional[int]:
    """Middle of the longest pause between regions in [lo, hi], preferring pauses near target."""
    best = None
    for a, b in zip(regions, regions[1:]):
        gap_mid = (a.end + b.start) // 2
        if lo <= gap_mid <= hi:
            score = (b.start - a.end) - abs(gap_mid - target) / 50
            if best is None or score > best[0]:
                best = (score, gap_mid)
    return None if best is None else best[1]


def _keep_until_last_pause(words: list[WordTime]) -> list[WordTime]:
    """Words before the last pause of the chunk (the segment at the cut is re-aligned later)."""
    for k in range(len(words) - 1, 0, -1):
        if words[k].start - words[k - 1].end >= CUT_PAUSE_MS:
            return words[:k]
    return words[: max(1, len(words) - 5)] if len(words) > 10 else words


def align_tokens(pcm, tokens: Sequence[str], regions: Sequence[Region], *,
                 groups: Sequence[int] = (), decoder=None,
                 chunk_ms: int = CHUNK_MS,
                 progress: Optional[Callable[[int, int], None]] = None
                 ) -> list[Optional[tuple[int, int]]]:
    """(start, end) in ms for each token, or None where it could not be aligned."""
    decoder = decoder or make_decoder()
    total_ms = len(pcm) * 1000 // 16000
    times: list[Optional[tuple[int, int]]] = [None] * len(tokens)
    if not tokens or not regions:
        return times
    rate = len(tokens) / max(speech_ms(regions), 1)      # tokens per ms of speech
    pos, t = 0, max(0, regions[0].start - 500)
    while pos < len(tokens) and t < total_ms:
        rest_speech = speech_ms(regions, t)
        cut = None
        if rest_speech > chunk_ms * 1.5:
            cut = _cut_near(regions, t + chunk_ms, t + chunk_ms * 3 // 4, t + chunk_ms * 5 // 4)
            if cut is None:  # no pause in sight: cut inside speech, the overlap repairs it
                cut = t + chunk_ms
        end = total_ms if cut is None else cut
        expected = rate * speech_ms(regions, t, end)
        # The grammar holds the expected words and an optional tail; the last
        # chunk gets a longer tail, but not a transcript ten times too long.
        tail = int(expected * 2) + 60 if cut is None else int(expected * 1.5) + 20
        chunk_tokens = list(tokens[pos:pos + tail])
        required = min(len(chunk_tokens), int(expected * 0.5))
        audio = pcm[ms_to_sample(t):ms_to_sample(end)]
        chunk_groups = [g - pos for g in groups if pos <= g < pos + len(chunk_tokens)]
        words = None
        if cut is None and pos + len(chunk_tokens) == len(tokens):
            # The rest of the text and the rest of the audio: every word must be
            # placed (or its whole cue skipped).  Allowed to stop early, the
            # decoder may stretch the words it has over the speech of the
            # last ones and drop those.
            words = _decode(decoder, audio, chunk_tokens, len(chunk_tokens), chunk_groups, t)
        if words is None:
            words = _decode(decoder, audio, chunk_tokens, required, chunk_groups, t)
        if words is None and required > 1:   # let the chunk end anywhere
            words = _decode(decoder, audio, chunk_tokens, 1, chunk_groups, t)
        if progress:
            progress(end, total_ms)
        if not words:
            t = end                                   # nothing here: the text waits for the next chunk
            continue
        if cut is not None and len(words) > 1:
            words = _keep_until_last_pause(words)
        for w in words:
            times[pos + w.index] = (w.start, w.end)
        pos += words[-1].index + 1
        t = end if cut is None else max(words[-1].end, t + 1000)
    if progress:
        progress(total_ms, total_ms)
    return times
