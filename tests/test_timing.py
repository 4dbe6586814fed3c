"""Timing from text: the speech model and every display rule."""
from __future__ import annotations

import math

import pytest
from hypothesis import given, settings, strategies as st

from captions.model import Cue, Transcript, Turn
from captions.pipeline import make_track
from captions.profiles import NETFLIX_EN as P
from captions.segment import segment
from captions.errors import InputError
from captions.fit import display_times
from captions.timing import SPEECH, estimate_timing, extend_for_reading

TEXT = Transcript(turns=(
    Turn("Ann Lee", ("Good morning, everyone. Thank you for coming today.",
                     "We have three things to discuss, and little time.")),
    Turn("Bob Ray", ("Thanks.",)),
))


def assert_rules(cues, end_limit=None):
    """The display rules; a cue stays past max_extension only as far as reading it at
    cps_max needs (at most 1.5 s after the speech: captions/fit.py)."""
    for a in cues:
        assert P.min_duration <= a.duration <= P.max_duration, a
        readable = min(a.start + math.ceil(a.chars * 1000 / P.cps_max), a.speech_end + 1500)
        assert a.speech_end is not None and a.end <= max(a.speech_end + P.max_extension, readable) or \
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
    for duration in (natural * 3 // 4, natural, natural + 3000):
        cues = make_track(TEXT, duration_ms=duration).cues
        assert_rules(cues, end_limit=duration)


def test_a_duration_the_text_cannot_be_read_in_is_an_error_saying_how_long_it_needs():
    shown = sum(c.chars for c in make_track(TEXT).cues)          # labels included
    need = -(-shown * 1000 // int(P.cps_max))
    with pytest.raises(InputError, match=f"its {shown} characters need at least {need / 1000:.1f} s"):
        make_track(TEXT, duration_ms=need - 100)
    assert make_track(TEXT, duration_ms=need - 100, strict=False).cues[-1].end <= need - 100


def test_stretch_is_bounded_for_a_long_video():
    natural = make_track(TEXT).cues[-1].speech_end
    cues = make_track(TEXT, duration_ms=natural * 10).cues
    assert cues[-1].speech_end <= natural * SPEECH.max_stretch + 10


def test_reading_speed_extends_into_the_pause_but_not_into_the_next_cue():
    fast = Cue(0, 1000, ("x" * 40,), speech_end=1000)  # 40 chars need 2353 ms at 17 cps
    nxt = Cue(1300, 2500, ("y",), speech_end=2500)
    out = display_times([fast, nxt], P)
    assert out[0].end == 1300 - P.min_gap
    far = Cue(5000, 6000, ("y",), speech_end=6000)
    out = display_times([fast, far], P)
    # past max_extension only as far as reading at cps_max needs (40 chars: 2 s)
    assert out[0].end == 40 * 1000 // P.cps_max
    slow = Cue(0, 1000, ("x" * 20,), speech_end=1000)   # 20 chars: 17 cps needs 1177 ms
    assert display_times([slow, far], P)[0].end == 1177


def test_chaining_closes_short_gaps_to_two_frames():
    a = Cue(0, 2000, ("Hello there.",), speech_end=2000)
    b = Cue(2300, 4000, ("General Kenobi.",), speech_end=4000)
    out = display_times([a, b], P)
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


def test_a_duration_too_short_for_the_text_is_a_clear_error():
    with pytest.raises(InputError, match="--duration 2 s cannot hold this text"):
        make_track(TEXT, duration_ms=2000)


def test_many_short_cues_in_a_tight_duration_are_joined_within_a_turn():
    """One cue a sentence cannot each have 833 ms in 3.5 s, but the text reads in 3 s at
    20 cps: cues of one turn are joined instead of refusing (or shortening) them."""
    short = Transcript(turns=(Turn("Ann Lee", ("Yes.", "No.", "Maybe so.", "Right.")),))
    assert len(segment(short)) == 4
    cues = make_track(short, duration_ms=3500).cues
    assert len(cues) < 4 and cues[-1].end <= 3500
    assert [w for c in cues for w in c.words()] == ["Yes.", "No.", "Maybe", "so.", "Right."]
    assert all(c.duration >= P.min_duration for c in cues)


def test_spaced_starts_leave_every_cue_its_minimum_without_pushing_the_rest():
    from captions.timing import spaced_starts

    assert spaced_starts([0, 2000, 4000], 900) == [0, 2000, 4000]      # already apart: unchanged
    out = spaced_starts([0, 100, 200, 300, 5000, 5100, 9000], 900)
    assert out[0] == 0 and out[-1] == 9000                              # the far cue stays put
    assert all(b - a >= 900 for a, b in zip(out, out[1:]))
    assert out[4] < 5000                                                # a crowd spreads both ways

