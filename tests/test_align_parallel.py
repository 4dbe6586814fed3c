"""Long media aligned in chunks side by side: the same cue times as one process, always.

A 2.5-minute clip made with espeak-ng, cut into chunks of 20 s (instead of 60)
so that it has seven of them; alignment in one process (``jobs=1``) and in two
worker processes must give the same cue times, byte for byte, also when part
of the speech is not in the transcript and when a worker dies.  The planning
and stitching rules are tested on their own first (no audio).
"""
from __future__ import annotations

import importlib.util
import multiprocessing
import os
import shutil
import signal

import pytest

from captions.align.chunks import Span, WordTime, boundary, plan_spans, stitch
from captions.align.pace import Pace
from captions.align.vad import Region

CHUNK_MS = 20_000


# --- the plan and the stitch, without audio ---------------------------------------------

def speech_every(seconds: int, *, word_ms: int = 2500, pause_ms: int = 500) -> list[Region]:
    regions, t = [], 1000
    while t < seconds * 1000:
        regions.append(Region(t, t + word_ms))
        t += word_ms + pause_ms
    return regions


def test_spans_are_cut_at_pauses_and_overlap_to_pauses():
    regions = speech_every(150)
    spans = plan_spans(regions, 151_000, chunk_ms=CHUNK_MS, overlap_ms=2000)
    pauses = [((a.end + b.start) // 2) for a, b in zip(regions, regions[1:])]
    assert len(spans) >= 6
    assert spans[0].core_start == spans[0].audio_start == 500      # 0.5 s before the speech
    assert spans[-1].core_end == spans[-1].audio_end == 151_000
    for before, after in zip(spans, spans[1:]):
        assert before.core_end == after.core_start in pauses       # cores tile the timeline
        assert after.audio_start in pauses and after.audio_start < after.core_start
        assert before.audio_end in pauses and before.audio_end > before.core_end
    assert plan_spans(regions[:10], 40_000, chunk_ms=CHUNK_MS * 3) == (Span(500, 40_000, 500, 40_000),)


def test_pace_follows_the_syllables_not_the_clock():
    # Two tokens of 1 syllable, then two of 3: the peaks come twice as thick later.
    tokens = ["a", "a", "banana", "banana"]
    regions = [Region(0, 10_000)]
    peaks = [500, 1500] + [5000 + 500 * i for i in range(6)] + [9000, 9100, 9200, 9300]
    pace = Pace(tokens, lambda t: None, regions, peaks, 10_000)
    assert pace.position(0, 0, 0) == 0
    assert pace.position(0, 0, 10_000) == 4
    assert pace.position(5000, 2, 5000) == 2 and pace.position(5000, 2, 10_000) == 4
    halfway = pace.position(0, 0, 5000)      # 2 of 12 peaks heard: 1.33 syllables of 8
    assert 1.0 < halfway < 2.0
    assert pace.position(0, 0, 5000) < 4 * 5000 / 10_000   # the clock would say 2


def words(*spec: tuple[int, int, int]) -> tuple[WordTime, ...]:
    return tuple(WordTime(i, a, b) for i, a, b in spec)


def test_stitch_takes_each_token_once_and_the_deeper_chunk_decides():
    spans = [Span(0, 10_000, 0, 12_000), Span(10_000, 20_000, 9_000, 20_000)]
    first = words((0, 1000, 2000), (1, 9800, 10_600), (2, 11_000, 11_500))
    # Token 1 lies astride the cut: after it for the first chunk, before it for the second.
    second = words((1, 9100, 9900), (2, 11_000, 11_600), (3, 15_000, 16_000))
    assert boundary(first, 10_000) == 1 and boundary(second, 10_000) == 2
    # The first chunk has 2 s of audio past the cut, the second only 1 s before it: the
    # first decides that token 1 comes after the cut, so it and the rest come from the second.
    assert stitch(spans, [first, second], 5) == [(1000, 2000), (9100, 9900), (11_000, 11_600),
                                                 (15_000, 16_000), None]
    # A chunk that did not align: its neighbour gives all its words.
    assert stitch(spans, [(), second], 5) == [None, (9100, 9900), (11_000, 11_600),
                                             (15_000, 16_000), None]
    assert stitch(spans, [first, ()], 5) == [(1000, 2000), (9800, 10_600), (11_000, 11_500),
                                             None, None]


def simulated_decoder(truth: list[tuple[int, int]]):
    """A stand-in for pocketsphinx that knows when each token is spoken (``truth``).

    Given a job, it does what forced alignment does: if the chunk's first spoken
    token is one the grammar may start on, it returns the true times, squeezing
    the last words against the chunk's end when the window stops short; if not,
    it forces the window's words onto the audio one after another (wrong times).
    """
    def decode(job) -> tuple[WordTime, ...]:
        inside = [i for i, (a, b) in enumerate(truth) if job.audio_start <= a and b <= job.audio_end]
        if not inside:
            return ()
        first, last = inside[0], inside[-1]
        if job.lo <= first <= job.entry_last:
            out = [WordTime(i, *truth[i]) for i in range(first, min(last + 1, job.hi))]
            if last >= job.hi:
                out[-1] = WordTime(out[-1].index, out[-1].start, job.audio_end)
            return tuple(out)
        step = (job.audio_end - job.audio_start) // max(1, job.hi - job.entry_last)
        return tuple(WordTime(i, job.audio_start + step * n, job.audio_start + step * (n + 1) - 10)
                     for n, i in enumerate(range(job.entry_last, job.hi)))

    runs: list[int] = []

    def run(batch):
        runs.append(len(batch))
        return {job.index: decode(job) for job in batch}

    return run, runs


def test_the_walk_finds_the_true_words_when_the_guesses_are_off():
    """The first half is spoken twice as slowly as the syllable guess says: the estimated
    windows there miss, the pinned reruns find the words, and every token ends up with
    its true time, each once."""
    from captions.align.chunks import Planner, align_chunks

    truth, t = [], 1000
    for i in range(900):
        length = 600 if i < 450 else 300
        truth.append((t, t + length - 100))
        t += length + (400 if i % 8 == 7 else 0)
    regions = [Region(truth[i][0], truth[min(i + 7, 899)][1]) for i in range(0, 900, 8)]
    total = t + 1000
    peaks = sorted(a + 50 for a, _ in truth[::2]) + [a + 60 for a, _ in truth[450::2]]
    pace = Pace(["ba"] * 900, lambda w: "B AH", regions, sorted(peaks), total)
    spans = plan_spans(regions, total, chunk_ms=CHUNK_MS)
    run, runs = simulated_decoder(truth)
    results = align_chunks(Planner(spans, pace), run)
    times = stitch(spans, results, 900)
    assert times == truth
    assert runs[0] == len(spans) and 1 < len(runs) <= len(spans) // 2   # far fewer rounds than chunks
    assert sum(runs) <= 3 * len(spans)


def test_grammar_may_enter_anywhere_in_the_head():
    from captions.align.aligner import _match

    tokens = "good morning and welcome thank you very much".split()
    assert _match(["welcome", "thank"], tokens, [0, 4], entry_last=3) == [3, 4]
    assert _match(["welcome", "thank"], tokens, [0, 4], entry_last=2) is None


# --- real speech ------------------------------------------------------------------------

needs_espeak = pytest.mark.skipif(
    not (shutil.which("espeak-ng") and importlib.util.find_spec("pocketsphinx")
         and importlib.util.find_spec("numpy")),
    reason="needs espeak-ng, pocketsphinx and numpy")


def times(result) -> list[tuple]:
    return [(c.start, c.end, c.speech_end, c.provenance) for c in result.cues]


@pytest.fixture
def small_chunks(monkeypatch):
    import captions.align.chunks as chunks

    monkeypatch.setattr(chunks, "CHUNK_MS", CHUNK_MS)


@pytest.fixture(scope="module")
def serial(clip):
    """The clip aligned in this process, in chunks of 20 s."""
    import captions.align.chunks as chunks
    from align_helpers import cues_for

    from captions.align import align_cues

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(chunks, "CHUNK_MS", CHUNK_MS)
        return align_cues(cues_for(clip.pieces), clip.path, jobs=1)


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    from align_helpers import build_clip, varied_briefing

    clip = build_clip(varied_briefing(5), str(tmp_path_factory.mktemp("long") / "long.wav"),
                      snr_db=25)
    assert 140_000 < clip.duration < 200_000
    return clip


@needs_espeak
def test_serial_and_parallel_give_the_same_cue_times(clip, serial, small_chunks):
    from align_helpers import cues_for, edge_errors, percentile, rule_problems

    from captions.align import align_cues
    from captions.profiles import Profile

    cues = cues_for(clip.pieces)
    chunks_done: list[int] = []
    parallel = align_cues(cues, clip.path, jobs=2, progress=lambda d, t: chunks_done.append(d))
    assert times(parallel) == times(serial)
    assert parallel.summary == serial.summary and parallel.messages == serial.messages
    assert len(chunks_done) >= 7 and chunks_done[-1] == clip.duration
    errors = edge_errors(parallel.cues, clip)
    assert parallel.aligned_fraction == 1.0
    assert percentile(errors, 50) <= 50 and percentile(errors, 90) <= 150
    assert rule_problems(parallel.cues, Profile()) == []


UNTRANSCRIBED = [
    "The weather today is sunny with a light breeze from the west.",
    "Farmers expect a good harvest of apples and pears this autumn.",
    "Local schools will reopen on Monday after the holiday.",
    "The museum has extended its opening hours for the summer season.",
    "Traffic on the northern bridge is moving slowly this morning.",
    "A new train line will connect the airport with the city centre.",
]


@needs_espeak
def test_speech_missing_from_the_transcript_falls_back_the_same_way(tmp_path, small_chunks):
    """20 s of speech the transcript does not have, in 2 minutes: the chunks there do
    not align or disagree with their neighbours and run again pinned, and the result is
    the same in one process and in two."""
    from align_helpers import (Clip, Piece, build_clip, cues_for, distinct_pieces, edge_errors,
                               percentile)

    from captions.align import align_cues

    text = distinct_pieces(40)
    extra = [Piece(line, voice="en-gb+m3", gap_before=500, speaker="C", in_transcript=False)
             for line in UNTRANSCRIBED]
    pieces = text[:14] + extra + text[14:28]
    clip = build_clip(pieces, str(tmp_path / "gap.wav"), snr_db=25)
    cues = cues_for(pieces)
    serial = align_cues(cues, clip.path, jobs=1)
    parallel = align_cues(cues, clip.path, jobs=2)
    assert times(parallel) == times(serial)
    assert parallel.summary == serial.summary and parallel.messages == serial.messages
    before_gap = Clip(clip.path, pieces[:14], clip.onsets[:14], clip.ends[:14])
    errors = edge_errors(parallel.cues, before_gap)
    assert percentile(errors, 50) <= 50 and percentile(errors, 90) <= 150


@needs_espeak
def test_a_worker_that_dies_changes_nothing(clip, serial, small_chunks):
    from align_helpers import cues_for

    from captions.align import align_cues

    cues = cues_for(clip.pieces)
    killed: list[int] = []

    def kill_a_worker(done: int, total: int) -> None:
        workers = multiprocessing.active_children()
        if not killed and workers:
            killed.append(workers[0].pid or 0)
            os.kill(workers[0].pid or 0, signal.SIGKILL)

    parallel = align_cues(cues, clip.path, jobs=2, progress=kill_a_worker)
    assert killed
    assert times(parallel) == times(serial)
