"""Sentences, line breaks and cues: the layout rules, checked on examples and on arbitrary text."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from captions.lang import display_width
from captions.layout import FORBIDDEN, break_cost, split_sentence
from captions.model import Transcript, Turn
from captions.segment import segment
from captions.sentences import split_sentences


def sentences(text):
    return [" ".join(s) for s in split_sentences(text.split())]


@pytest.mark.parametrize("text,expected", [
    ("Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
    ("The U.S. Army grew 3.5 percent. Then it fell.", ["The U.S. Army grew 3.5 percent.", "Then it fell."]),
    ("J. R. R. Tolkien wrote it. Really?", ["J. R. R. Tolkien wrote it.", "Really?"]),
    ("He said “Stop.” Then he left!", ["He said “Stop.”", "Then he left!"]),
    ("Prices e.g. these ones rose. Yes.", ["Prices e.g. these ones rose.", "Yes."]),
    ("we began to-- we discussed it", ["we began to-- we discussed it"]),
    ("Wait... what happened? Nothing.", ["Wait... what happened?", "Nothing."]),
])
def test_sentence_boundaries(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize("left,right", [
    ("the", "table"), ("Jens", "Stoltenberg"), ("on", "the"), ("he", "is"),
    ("have", "eaten"), ("will", "not"), ("and", "those"), ("Secretary", "General"),
])
def test_forbidden_english_breaks(left, right):
    assert break_cost(left, right) >= FORBIDDEN


@pytest.mark.parametrize("left,right", [("в", "Києві"), ("не", "буде"), ("та", "НАТО"), ("Єнс", "Столтенберг")])
def test_forbidden_ukrainian_breaks(left, right):
    assert break_cost(left, right, "uk") >= FORBIDDEN


def test_punctuation_and_conjunctions_are_good_breaks():
    assert break_cost("visit,", "and") < break_cost("discussed", "and") < break_cost("the", "summit")


def test_short_sentence_is_one_line():
    assert split_sentence("Thank you.") == [("Thank you.",)]


def test_two_lines_avoid_forbidden_breaks_and_balance():
    (cue,) = split_sentence("Thank you so much again, Secretary General, for your visit.")
    assert cue == ("Thank you so much again,", "Secretary General, for your visit.")


def test_long_sentence_splits_at_clause_boundaries():
    cues = split_sentence("Of course it's winter and how to defend our people, how we can work on it "
                          "on the air-defense issues, and about some future meetings, which can be in "
                          "Brussels also, we discussed.")
    assert all(c[-1].endswith((",", ".")) for c in cues), cues


def test_label_reserve_narrows_the_first_line_only():
    text = "Thank you for receiving me and my delegation today, friends."
    (cue, *rest) = split_sentence(text, first_line_reserve=13)
    assert len(cue[0]) + 13 <= 42
    assert all(len(line) <= 42 for c in [cue, *rest] for line in c)


def test_a_word_longer_than_a_line_stands_alone_and_is_not_cut():
    word = "x" * 60
    cues = split_sentence(f"see {word} now")
    assert [w for c in cues for line in c for w in line.split()] == ["see", word, "now"]


def test_turns_never_share_a_cue():
    t = Transcript(turns=(Turn("A", ("Yes.",)), Turn("B", ("No.",)), Turn("A", ("Maybe so.",))))
    drafts = segment(t)
    assert [(d.lines, d.speaker) for d in drafts] == [(("Yes.",), "A"), (("No.",), "B"), (("Maybe so.",), "A")]
    assert [d.after for d in drafts] == ["turn", "turn", "end"]


# ------------------------------------------------------------ properties
word = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Zs", "Zl", "Zp", "Cc")),
               min_size=1, max_size=14)
punct = st.sampled_from(["", "", "", ",", ".", "?", "--", ";"])
token = st.builds(lambda w, p: w + p, word, punct)
paragraph = st.lists(token, min_size=1, max_size=80).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([None, "Ann Lee", "BOB"]), st.lists(paragraph, min_size=1, max_size=3)),
                min_size=1, max_size=4),
       st.integers(min_value=16, max_value=60), st.integers(min_value=1, max_value=3))
def test_segmentation_keeps_every_word_in_order_and_fits_the_layout(turns, max_chars, max_lines):
    transcript = Transcript(turns=tuple(Turn(s, tuple(ps)) for s, ps in turns))
    drafts = segment(transcript, max_chars=max_chars, max_lines=max_lines)
    assert [w for d in drafts for line in d.lines for w in line.split()] == transcript.words()
    for d in drafts:
        assert 1 <= len(d.lines) <= max_lines
        for line in d.lines:
            # a line over the limit only when it is a single over-long word;
            # width as shown (a soft hyphen or a combining mark takes no column)
            assert display_width(line) <= max_chars or " " not in line, (line, max_chars)
    # a cue never mixes speakers and sentences are never interleaved
    sentence_of = [d.sentence for d in drafts]
    assert sentence_of == sorted(sentence_of)
    turn_of = [d.turn for d in drafts]
    assert turn_of == sorted(turn_of)
