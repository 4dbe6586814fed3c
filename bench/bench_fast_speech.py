"""Benchmark: fast exchanges and dense speech, before and after issue 13 (dialogue cues, no drift).

Two synthetic sets made with espeak-ng, with known speech onsets:
  * rapid exchanges: two voices, turns of one to three words, gaps of 100 to 300 ms,
    some turns overlapping by up to 200 ms (six clips of 14 turns);
  * the alignment benchmark's set (bench/bench_align.py: press-briefing sentences, two
    voices, fast speech, noise, short pauses, a speaker change mid-sentence).
Each clip is aligned once; the placed cues are then fitted two ways:
  (a) before: the display rules as they were (a cue whose minimum duration does not fit
      before the next speech pushes every later cue later), inlined here from the
      version before issue 13;
  (b) after: captions.fit (join within a turn, dialogue cues across two speakers, the
      in-time on the speech wins).
For every turn: the start error of the cue that shows its first words (for the second
line of a dialogue cue, the dialogue cue's start), median and 90th percentile, and the
share of cues that start more than three frames (125 ms) after their speech.

    python bench/bench_fast_speech.py
"""
from __future__ import annotations

import math
import os
import statistics
import sys
import tempfile
from dataclasses import replace
from typing import Optional, Sequence

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path[:0] = [ROOT, os.path.join(ROOT, "tests"), HERE]

from align_helpers import build_clip, cues_for, rapid_pieces  # noqa: E402
from bench_align import synthetic_set  # noqa: E402

from captions.model import Cue  # noqa: E402
from captions.profiles import NETFLIX_EN, Profile  # noqa: E402

THREE_FRAMES = math.ceil(NETFLIX_EN.min_gap * 3 / 2)
def old_fit_to_rules(cues: Sequence[Cue], profile: Profile = NETFLIX_EN) -> tuple[Cue, ...]:
    """The display rules before issue 13 (captions/timing.py at commit 576555c)."""
    out: list[Cue] = []
    prev_end = -profile.min_gap
    for i, cue in enumerate(cues):
        speech_end = cue.speech_end if cue.speech_end is not None else cue.end
        start = max(cue.start, prev_end + profile.min_gap)
        speech_end = max(speech_end, start)
        need = max(profile.min_duration, math.ceil(cue.chars * 1000 / profile.cps_target))
        end = max(speech_end, min(start + need, speech_end + profile.max_extension))
        end = max(end, start + profile.min_duration)
        if i + 1 < len(cues):
            next_start = cues[i + 1].start
            room = next_start - profile.min_gap
            if end < room <= speech_end + profile.max_extension and \
                    next_start - end <= profile.chain_gap:
                end = room
            elif end > room:
                end = max(room, start + profile.min_duration)
        end = min(end, start + profile.max_duration)
        out.append(replace(cue, start=start, end=end, speech_end=speech_end))
        prev_end = end
    return tuple(out)


def aligned_both_ways(clip) -> tuple[tuple[Cue, ...], tuple[Cue, ...]]:
    """The clip aligned once; its placed cues fitted (a) the old way, (b) the new way."""
    import captions.fit as fit
    from captions.align import align_cues

    placed: list[Sequence[Cue]] = []
    real = fit.fit_to_speech

    def keep(cues, profile, **kw):
        placed.append(tuple(cues))
        return real(cues, profile, **kw)

    fit.fit_to_speech = keep          # align_pcm looks it up at call time
    try:
        after = align_cues(cues_for(clip.pieces), clip.path, labels="none").cues
    finally:
        fit.fit_to_speech = real
    return old_fit_to_rules(placed[0]), after


def turn_errors(cues: Sequence[Cue], clip) -> tuple[list[int], int, list[int]]:
    """(start error of each cue that opens with a turn's first words, how many of those
    start more than 3 frames late, how early each dialogue cue's second turn is shown)."""
    firsts: dict[int, Cue] = {}
    at = 0
    for cue in cues:
        firsts[at] = cue
        at += len(cue.words())
    errors, late, early, at = [], 0, [], 0
    for piece, onset in zip(clip.pieces, clip.onsets):
        holder: Optional[Cue] = firsts.get(at)
        if onset is not None and holder is None:   # inside a cue: a dialogue's second line
            early.append(onset - firsts[max(k for k in firsts if k < at)].start)
        elif onset is not None and holder is not None:
            errors.append(abs(holder.start - onset))
            late += holder.start - onset > THREE_FRAMES
        at += len(piece.text.split())
    return errors, late, early


def summarise(name: str, runs) -> None:
    for label, index in (("(a) before", 0), ("(b) after ", 1)):
        errors = [e for run in runs for e in run[index][0]]
        late = sum(run[index][1] for run in runs)
        early = [e for run in runs for e in run[index][2]]
        q = statistics.quantiles(errors, n=10)
        line = (f"  {name:<22} {label}: {len(errors)} cues on a turn's first words, start error "
                f"median {statistics.median(errors):4.0f} ms, p90 {q[-1]:5.0f} ms, {late} "
                f"({100 * late / max(len(errors), 1):.0f} %) more than 3 frames late")
        if early:
            line += (f"; {len(early)} turns shown as a dialogue cue's second line, "
                     f"{statistics.median(early):.0f} ms before their speech (median)")
        print(line)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        rapid = []
        for seed in range(6):
            clip = build_clip(rapid_pieces(seed), os.path.join(folder, f"rapid{seed}.wav"))
            before, after = aligned_both_ways(clip)
            rapid.append((turn_errors(before, clip), turn_errors(after, clip)))
        briefing = []
        for name, (pieces, snr) in synthetic_set().items():
            clip = build_clip(pieces, os.path.join(folder, name.replace(" ", "_") + ".wav"), snr_db=snr)
            before, after = aligned_both_ways(clip)
            briefing.append((turn_errors(before, clip), turn_errors(after, clip)))
    print("cue starts against the true speech onset of each turn (espeak-ng speech):")
    summarise("rapid exchanges (6)", rapid)
    summarise("briefing set (5)", briefing)


if __name__ == "__main__":
    main()
