"""Align a whole track: words -> tokens -> word times -> trusted cue times -> display rules."""
from __future__ import annotations

from dataclasses import replace
from types import EllipsisType
from typing import Optional, Sequence, Union

from ..model import Cue
from ..profiles import Profile
from ..timestamps import clock
from .result import AlignResult
from .aligner import align_tokens, make_decoder
from .audio import duration_ms
from .place import Regions, estimate_between, snap_start, spread_by_text, spread_over_speech
from .pronounce import normalise, pronunciations
from .progress import resolve
from .vad import frame_levels, refine_onset, speech_regions

MIN_SPEECH_MS = 300          # less speech than this in a whole file: "no speech found"
MIN_COVERAGE = 0.5           # a sentence's words must lie at least half on VAD speech
MIN_WORD_COVER = 0.7         # words must cover 70 % of the speech inside their sentence's span
MIN_CHECKED_SPEECH = 1000    # ... when that span holds at least this much speech
SPREAD_MIN_SPEECH = 0.3      # spread only where the speech is at least 30 % of the text's estimate
SPREAD_MAX_CPS = 25          # ... and where the text would not be read faster than any speaker
UNTEXTED_SPEECH_MS = 2000    # report speech this long that no transcript word covers


def align_pcm(cues: tuple[Cue, ...], pcm, *, profile: Profile, progress=None,
              name: str = "the media", language: str = "en", labels: str = "none",
              trim: bool = False, jobs: Optional[int] = None) -> AlignResult:
    """Time ``cues`` from 16 kHz ``pcm``.  ``trim`` leaves out the cues of text the
    media does not hold (the transcript runs past the end of the speech); ``jobs``
    processes align the chunks of long media side by side."""
    from ..fit import FitResult, fit_to_speech

    total_ms = duration_ms(pcm)
    regions = Regions(speech_regions(pcm))
    n_words = sum(len(c.words()) for c in cues)
    if sum(r.duration for r in regions.regions) < MIN_SPEECH_MS:
        return AlignResult(cues, 0.0, f"aligned 0% of words; no speech found, "
                                      f"{len(cues)} cues estimated from text",
                           (f"no speech found in {name}: timings estimated from text",))
    if not language.lower().startswith("en"):
        return _spread_only(cues, regions, total_ms, profile=profile, name=name,
                            language=language, labels=labels)

    decoder = make_decoder()
    words_tokens = [[normalise(w) for w in c.words()] for c in cues]
    flat = [t for cue in words_tokens for word in cue for t in word]
    guessed: list[str] = []
    extra = pronunciations(flat, decoder.lookup_word, guessed=guessed)
    for i, (word, phones) in enumerate(sorted(extra.items())):
        decoder.add_word(word, phones, i == len(extra) - 1)

    groups, k = [], 0
    for cue_tokens in words_tokens:
        groups.append(k)
        k += sum(len(word) for word in cue_tokens)
    token_times = align_tokens(pcm, flat, regions.regions, groups=groups, decoder=decoder,
                               jobs=jobs, progress=resolve(progress, total_ms))
    word_times = _word_times(words_tokens, token_times)
    trusted = _trusted_sentences(cues, word_times, regions)

    status = []
    for cue, times in zip(cues, word_times):
        spoken = [t for t in times if t is not ...]
        ok = bool(spoken) and spoken[0] is not None and spoken[-1] is not None
        status.append("aligned" if ok and trusted[cue.sentence] else None)

    levels = frame_levels(pcm)

    def refine(onset: int, pause_start: int) -> int:
        return refine_onset(levels, onset, pause_start)

    placed = list(cues)
    prev_word_end: Optional[int] = None
    for i, (cue, times) in enumerate(zip(cues, word_times)):
        if status[i] != "aligned":
            continue
        timed = [t for t in times if isinstance(t, tuple)]
        start = snap_start(timed[0][0], timed[0][1], prev_word_end, regions, refine)
        placed[i] = replace(cue, start=start, end=max(start, timed[-1][1]),
                            speech_end=max(start, timed[-1][1]), provenance="aligned")
        prev_word_end = timed[-1][1]

    counts = {"spread": 0, "estimated": 0}
    untouched = False                 # nothing aligned: the text estimates stand as they are
    past_end: list[Cue] = []          # text after the last speech the media holds
    past_from = total_ms
    i = 0
    while i < len(cues):
        if status[i] == "aligned":
            i += 1
            continue
        j = i
        while j < len(cues) and status[j] != "aligned":
            j += 1
        lo = _speech_end(placed[i - 1]) if i > 0 else 0
        hi = placed[j].start if j < len(cues) else total_ms
        stretch = list(cues[i:j])
        need = sum(max(1, _speech_end(c) - c.start) for c in stretch)
        speech = regions.speech(lo, hi)
        letters = sum(ch.isalnum() for c in stretch for ch in c.text)
        if i == 0 and j == len(cues) and speech * SPREAD_MAX_CPS < letters * 1000:
            counts["estimated"] += j - i      # nothing aligned and the text does not fit the
            untouched = True                  # speech: the text estimates stand as they were
            break
        if speech >= max(400, SPREAD_MIN_SPEECH * need) and \
                letters * 1000 <= SPREAD_MAX_CPS * speech:
            placed[i:j] = spread_over_speech(stretch, regions, lo, hi)
            counts["spread"] += j - i
        elif i == 0:                   # text before the first aligned speech: end near it
            span = max(_speech_end(c) for c in stretch) - stretch[0].start
            placed[i:j] = estimate_between(stretch, max(0, hi - span - profile.min_duration), hi)
            counts["estimated"] += j - i
        else:
            # Between aligned neighbours, or after the last one: spread by the
            # text's length over the time there is, so nothing drifts past the
            # next aligned cue or the end of the media.
            placed[i:j] = spread_by_text(stretch, lo + profile.min_gap, hi)
            counts["estimated"] += j - i
            if j == len(cues):
                past_end, past_from = stretch, lo
        i = j

    if trim and past_end:
        placed = placed[:len(placed) - len(past_end)]
    fitted = FitResult(tuple(placed)) if untouched else \
        fit_to_speech(placed, profile, language=language, labels=labels, end_limit=total_ms)
    final = fitted.cues
    aligned_words = sum(len(c.words()) for c, s in zip(cues, status) if s == "aligned")
    fraction = aligned_words / n_words if n_words else 0.0
    percent = int(fraction * 100)   # never round 99.6 % up to "100 %"
    summary = (f"aligned {percent}% of words; {counts['spread']} cues spread over speech, "
               f"{counts['estimated']} estimated")
    messages = _untexted_speech(final, regions, name) if fraction >= 0.5 else ()
    if fraction < 0.5:
        messages = (f"only {percent}% of the transcript matched the speech in {name}: "
                    f"is it the right transcript, in English?",) + messages
    if guessed:
        messages += (f"espeak-ng not found: {len(guessed)} words missing from the dictionary "
                     f"were guessed from their spelling ({', '.join(guessed[:5])}"
                     f"{', ...' if len(guessed) > 5 else ''}); apt install espeak-ng",)
    if counts["spread"] or counts["estimated"]:
        messages = (f"{counts['spread'] + counts['estimated']} of {len(cues)} cues in {name} "
                    f"did not align: see their provenance",) + messages
    if past_end:
        words = sum(len(c.words()) for c in past_end)
        fate = "left out (--trim)" if trim else \
            "kept as estimates before the end of the media (--trim leaves them out)"
        messages += (f"the transcript runs past the speech in {name}: the last {len(past_end)} "
                     f"cues ({words} words) match no speech after {clock(past_from)}; "
                     f"{fate}",)
    if fitted.joined or fitted.dialogues:
        summary += (f"; {fitted.dialogues} dialogue cue{'s' if fitted.dialogues != 1 else ''}, "
                    f"{fitted.joined} short cue{'s' if fitted.joined != 1 else ''} joined")
    return AlignResult(tuple(final), fraction, summary, messages)


def _spread_only(cues: tuple[Cue, ...], regions: Regions, total_ms: int, *, profile: Profile,
                 name: str, language: str, labels: str) -> AlignResult:
    """A transcript in a language the acoustic model does not know (it is US English):
    no forced alignment, the text spread over the speech the detector finds."""
    from ..fit import fit_to_speech

    letters = sum(ch.isalnum() for c in cues for ch in c.text)
    said = (f"forced alignment has a US English acoustic model only: the {language} "
            f"transcript is spread over the speech detected in {name}",)
    if regions.speech(0, total_ms) * SPREAD_MAX_CPS < letters * 1000:
        return AlignResult(cues, 0.0, f"aligned 0% of words ({language}); the speech is too short "
                                      f"for the text, {len(cues)} cues estimated",
                           said + ("the text does not fit the detected speech: timings "
                                   "estimated from the text",))
    placed = spread_over_speech(list(cues), regions, 0, total_ms)
    fitted = fit_to_speech(placed, profile, language=language, labels=labels, end_limit=total_ms)
    return AlignResult(fitted.cues, 0.0, f"aligned 0% of words ({language}: no acoustic model); "
                                         f"{len(cues)} cues spread over speech, 0 estimated", said)


WordTime = Union[tuple[int, int], None, EllipsisType]


def _word_times(words_tokens, token_times) -> list[list[WordTime]]:
    """Per cue, per word: (start, end), None (not aligned) or ... (nothing to say: '—')."""
    out, k = [], 0
    for cue in words_tokens:
        row: list[WordTime] = []
        for tokens in cue:
            if not tokens:
                row.append(...)
                continue
            span = token_times[k:k + len(tokens)]
            k += len(tokens)
            row.append((span[0][0], span[-1][1]) if all(span) else None)
        out.append(row)
    return out


def _trusted_sentences(cues, word_times, regions: Regions) -> dict[int, bool]:
    """A sentence's alignment is trusted when its words lie on speech and cover it.

    Forced alignment never says "this is not the text": a wrong transcript,
    another language or music still come back as word times.  Two checks
    separate those from real matches (measured on synthetic speech: correct
    sentences score 0.95-1.0 on both, a wrong transcript 0.25-0.56):
    * the words lie on speech (VAD) for at least half of their time;
    * inside the sentence's span the words cover at least 70 % of the speech;
      the decoder labels speech it cannot match as silence between words.
    """
    by_sentence: dict[int, list[tuple[int, int]]] = {}
    for cue, times in zip(cues, word_times):
        by_sentence.setdefault(cue.sentence, [])
        by_sentence[cue.sentence] += [t for t in times if t not in (None, ...)]
    trusted = {}
    for sentence, spans in by_sentence.items():
        if not spans:
            trusted[sentence] = False
            continue
        total = sum(e - s for s, e in spans)
        on_speech = sum(regions.speech(s, e) for s, e in spans)
        span_speech = regions.speech(spans[0][0], spans[-1][1])
        covers = span_speech < MIN_CHECKED_SPEECH or on_speech >= MIN_WORD_COVER * span_speech
        trusted[sentence] = total > 0 and on_speech >= MIN_COVERAGE * total and covers
    return trusted


def _untexted_speech(cues: Sequence[Cue], regions: Regions, name: str) -> tuple[str, ...]:
    """Long speech that no cue covers: text missing from the transcript, most likely."""
    out = []
    spans = [(c.start, c.speech_end or c.end) for c in cues]
    for r in regions.regions:
        if r.duration < UNTEXTED_SPEECH_MS:
            continue
        covered = sum(max(0, min(r.end, e) - max(r.start, s)) for s, e in spans)
        if r.duration - covered >= UNTEXTED_SPEECH_MS:
            out.append(f"speech at {clock(r.start)}-{clock(r.end)} in {name} matches no "
                       f"transcript text")
    return tuple(out)


def _speech_end(cue: Cue) -> int:
    return cue.speech_end if cue.speech_end is not None else cue.end
