"""Fitting cues to the speech (captions/fit.py): dialogue cues, joins, the in-time wins."""
from __future__ import annotations

import math

from hypothesis import given, settings, strategies as st

from captions.fit import display_times, fit_to_speech, mark_speakers
from captions.model import Cue
from captions.profiles import NETFLIX_EN as P

THREE_FRAMES = math.ceil(P.min_gap * 3 / 2)


def cue(start, end, text, speaker, turn, sentence, **kw):
    return Cue(start, end, (text,), speaker=speaker, turn=turn, sentence=sentence, speech_end=end,
               provenance="aligned", **kw)


def test_two_quick_turns_become_one_dialogue_cue():
    cues = [cue(1000, 1400, "What's that?", "Ann", 0, 0), cue(1500, 2100, "Tape recorder.", "Bob", 1, 1),
            cue(4000, 5500, "Oh, I see.", "Ann", 2, 2)]
    result = fit_to_speech(cues, P, labels="none")
    first, second = result.cues
    assert first.shown == ("-What's that?", "-Tape recorder.") and first.voices == ("Ann", "Bob")
    assert first.start == 1000 and result.dialogues == 1
    assert second.start == 4000 and second.shown == ("Oh, I see.",)


def test_dialogue_labels_go_after_the_dash_and_the_next_cue_continues_the_turn():
    cues = [cue(1000, 1400, "What's that?", "Ann Lee", 0, 0), cue(1500, 2100, "Tape.", "Bob Roy", 1, 1),
            cue(3000, 4500, "An old one.", "Bob Roy", 1, 2)]
    first, second = fit_to_speech(cues, P, labels="turn").cues
    assert first.shown == ("-LEE: What's that?", "-ROY: Tape.")
    assert second.shown == ("An old one.",)           # Bob's turn goes on: no new label
    chevrons = fit_to_speech(cues, P, labels="chevrons").cues
    assert chevrons[0].shown == (">> What's that?", ">> Tape.") and chevrons[1].shown == ("An old one.",)


def test_short_cues_of_one_turn_are_joined_not_pushed():
    cues = [cue(1000, 1300, "Yes.", "Ann", 0, 0), cue(1400, 1700, "Yes, yes.", "Ann", 0, 1),
            cue(1800, 2600, "Of course.", "Ann", 0, 2)]
    result = fit_to_speech(cues, P, labels="none")
    (only,) = result.cues
    assert only.words() == ["Yes.", "Yes,", "yes.", "Of", "course."] and only.start == 1000
    assert only.sentence == 0 and result.joined == 2


def test_never_more_than_two_speakers_in_a_cue():
    cues = [cue(1000, 1300, "One.", "A", 0, 0), cue(1400, 1700, "Two.", "B", 1, 1),
            cue(1800, 2100, "Three.", "C", 2, 2)]
    out = fit_to_speech(cues, P, labels="none").cues
    assert [len(set(c.line_speakers)) for c in out] == [2, 1]
    assert out[1].start == 1800                      # on its speech, short rather than late


def test_a_turn_too_long_for_one_line_is_shortened_not_pushed():
    long = "and this answer runs well past the width of one line of captions"
    cues = [cue(1000, 1300, "Why?", "A", 0, 0), cue(1400, 4000, long, "B", 1, 1)]
    out = fit_to_speech(cues, P, labels="none").cues
    assert [c.start for c in out] == [1000, 1400] and out[0].end == 1400 - P.min_gap


def test_a_cue_too_fast_to_read_lingers_where_the_next_speech_leaves_room():
    text = "A very long sentence said very fast indeed, far too fast to read."
    (one,) = display_times([cue(0, 2000, text, "A", 0, 0)], P)       # 65 characters in 2 s
    assert one.end - one.speech_end > P.max_extension                  # beyond the usual 0.5 s...
    assert len(text) * 1000 / one.duration <= P.cps_max                # ...to be readable
    crowded = display_times([cue(0, 2000, text, "A", 0, 0), cue(2300, 3300, "Next.", "A", 0, 1)], P)
    assert crowded[0].end == 2300 - P.min_gap                          # never into the next speech


def test_marks_label_the_first_cue_of_each_turn():
    cues = [cue(0, 1000, "Hello.", "Jens Stoltenberg", 0, 0), cue(2000, 3000, "Again.", "Jens Stoltenberg", 0, 1),
            cue(4000, 5000, "Thanks.", "Volodymyr Zelenskyy", 1, 2)]
    shown = [c.shown for c in mark_speakers(cues, "turn")]
    assert shown == [("STOLTENBERG: Hello.",), ("Again.",), ("ZELENSKYY: Thanks.",)]


turns = st.lists(st.tuples(st.integers(1, 6), st.integers(-200, 1500), st.integers(200, 2500),
                           st.booleans()), min_size=1, max_size=25)


@settings(max_examples=300, deadline=None)
@given(turns, st.sampled_from(["turn", "chevrons", "none"]))
def test_fitted_cues_keep_words_in_order_never_overlap_and_start_on_speech(spec, labels):
    cues, t, speaker, turn = [], 500, 0, 0
    words = iter(f"w{n}" for n in range(10_000))
    for k, (n_words, gap, length, change) in enumerate(spec):
        t = max(t + gap, cues[-1].start + 1 if cues else 0)
        if change and k:
            speaker, turn = 1 - speaker, turn + 1
        text = " ".join(next(words) for _ in range(n_words))
        cues.append(cue(t, t + length, text, "AB"[speaker], turn, k))
        t += length
    out = fit_to_speech(cues, P, labels=labels).cues
    assert [w for c in out for w in c.words()] == [w for c in cues for w in c.words()]
    for a, b in zip(out, out[1:]):
        assert b.start >= a.end + P.min_gap
    assert all(c.end > c.start for c in out)
    assert all(len(set(c.line_speakers)) <= 2 for c in out)
    assert all(len(line) <= P.max_chars for c in out for line in c.shown)
    # every cue starts on the speech of its first words, within three frames
    onsets = {c.words()[0]: c.start for c in cues}
    assert all(c.start - onsets[c.words()[0]] <= THREE_FRAMES for c in out)
