"""Timing from text: the speech model and every display rule."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from captions.model import Cue, Transcript, Turn
from captions.pipeline import make_track
from captions.profiles import NETFLIX_EN as P
from captions.segment import segment
from captions.timing import SPEECH, estimate_timing, extend_for_reading, fit_to_rules

TEXT = Transcript(turns=(
    Turn("Ann Lee", ("Good morning, everyone. Thank you for coming today.",
                     "We have three things to discuss, and little time.")),
    Turn("Bob Ray", ("Thanks.",)),
))


def assert_rules(cues, end_limit=None):
    for a in cues:
        assert P.min_duration <= a.duration <= P.max_duration, a
        assert a.speech_end is not None and a.end <= a.speech_end + P.max_extension or \
            a.duration == P.min_duration, a
    for a, b in zip(cues, cues[1:]):
        assert b.start > a.start
        assert b.start - a.end >= P.min_gap, (a, b)
    if end_limit is not None and cues:
        assert cues[-1].end <= end_limit


def test_rules_hold_and_pauses_follow_the_text():
    track = make_track(TEXT)
    cues = track.cues
    assert_rules(cues)
    gaps = [b.start - a.speech_end for a, b in zip(cues, cues[1:])]
    # the turn change is the longest pause, the sentence ends next
    assert gaps[-1] == max(gaps)
    assert track.title is None and all(c.provenance == "estimated" for c in cues)


def test_start_offset_shifts_everything():
    a = make_track(TEXT)
    b = make_track(TEXT, start_ms=2500)
    assert [c.start + 2500 for c in a.cues] == [c.start for c in b.cues]


def test_wpm_sets_the_pace():
    slow = make_track(TEXT, wpm=100).cues[-1].speech_end
    fast = make_track(TEXT, wpm=200).cues[-1].speech_end
    assert 1.7 < slow / fast < 2.3


def test_duration_fits_the_speech_to_end_by_then():
    natural = make_track(TEXT).cues[-1].end
    for duration in (natural // 2, natural, natural + 3000):
        cues = make_track(TEXT, duration_ms=duration).cues
        assert_rules(cues, end_limit=duration)


def test_stretch_is_bounded_for_a_long_video():
    natural = make_track(TEXT).cues[-1].speech_end
    cues = make_track(TEXT, duration_ms=natural * 10).cues
    assert cues[-1].speech_end <= natural * SPEECH.max_stretch + 10


def test_reading_speed_extends_into_the_pause_but_not_into_the_next_cue():
    fast = Cue(0, 1000, ("x" * 40,), speech_end=1000)  # 40 chars need 2353 ms at 17 cps
    nxt = Cue(1300, 2500, ("y",), speech_end=2500)
    out = fit_to_rules([fast, nxt], P)
    assert out[0].end == 1300 - P.min_gap
    far = Cue(5000, 6000, ("y",), speech_end=6000)
    out = fit_to_rules([fast, far], P)
    assert out[0].end == 1000 + P.max_extension


def test_chaining_closes_short_gaps_to_two_frames():
    a = Cue(0, 2000, ("Hello there.",), speech_end=2000)
    b = Cue(2300, 4000, ("General Kenobi.",), speech_end=4000)
    out = fit_to_rules([a, b], P)
    assert out[1].start - out[0].end == P.min_gap


def test_extend_for_reading_never_moves_starts():
    cues = [Cue(0, 900, ("a" * 30,), speech_end=900), Cue(1000, 2000, ("b",), speech_end=2000)]
    out = extend_for_reading(cues, P)
    assert [c.start for c in out] == [0, 1000]
    assert out[0].end == 1000 - P.min_gap


words = st.text(alphabet="abcdefghij ,.", min_size=1, max_size=300).filter(lambda s: s.split())


@settings(max_examples=120, deadline=None)
@given(st.lists(words, min_size=1, max_size=12),
       st.integers(min_value=0, max_value=60_000),
       st.one_of(st.none(), st.integers(min_value=1, max_value=600_000)),
       st.floats(min_value=60, max_value=300))
def test_every_cue_meets_the_timing_rules(paragraphs, start, extra, wpm):
    transcript = Transcript(turns=(Turn("A", tuple(paragraphs[::2])), Turn("B", tuple(paragraphs[1::2]) or ("ok",))))
    drafts = segment(transcript)
    needed = len(drafts) * (P.min_duration + P.min_gap)
    duration = None if extra is None else start + needed + extra
    track = estimate_timing(drafts, start_ms=start, duration_ms=duration, wpm=wpm)
    cues = track.cues
    assert len(cues) == len(drafts)
    assert cues[0].start >= start
    for a in cues:
        assert P.min_duration <= a.duration <= P.max_duration
    for a, b in zip(cues, cues[1:]):
        assert b.start > a.start and b.start - a.end >= P.min_gap


def test_a_duration_too_short_for_the_cues_is_a_clear_error():
    import pytest
    from captions.errors import InputError

    with pytest.raises(InputError, match="cannot hold these 4 cues"):
        make_track(TEXT, duration_ms=2000)


def test_spaced_starts_leave_every_cue_its_minimum_without_pushing_the_rest():
    from captions.timing import spaced_starts

    assert spaced_starts([0, 2000, 4000], 900) == [0, 2000, 4000]      # already apart: unchanged
    out = spaced_starts([0, 100, 200, 300, 5000, 5100, 9000], 900)
    assert out[0] == 0 and out[-1] == 9000                              # the far cue stays put
    assert all(b - a >= 900 for a, b in zip(out, out[1:]))
    assert out[4] < 5000                                                # a crowd spreads both ways

