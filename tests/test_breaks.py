"""English line and cue breaks: what the guides keep together stays together (issue 12, item 7).

Each sentence below was split by the layout before this work at the pair of
words given (measured by bench/bench_breaks.py, whose parser judged the
break); the sentences are from the State of the Union addresses 1982-2008
(public domain, the benchmark's tuning set) and from the seed transcript.
"""
from __future__ import annotations

import pytest

from captions.lang import display_width
from captions.lang.english import is_adjective, is_number, is_possessive, opens_noun_group
from captions.layout import (BEFORE_PREP, FORBIDDEN, NOUN_GROUP, VERB_OBJECT, break_cost,
                             gap_costs, split_sentence, tokenize)


def breaks(cues: list[tuple[str, ...]]) -> list[tuple[str, str]]:
    """Every line and cue break as (last word before it, first word after it)."""
    lines = [line for cue in cues for line in cue]
    return [(a.split()[-1], b.split()[0]) for a, b in zip(lines, lines[1:])]


@pytest.mark.parametrize("category,sentence,kept", [
    ("adjective", "The other pressing challenge is immigration.", ("pressing", "challenge")),
    ("adjective", "For starters, the Federal deficit is outrageous.", ("Federal", "deficit")),
    ("adjective", "The minister said that the government would present a comprehensive "
                  "national energy strategy to parliament.", ("comprehensive", "national")),
    ("noun group", "We are increasing border controls by 50 percent.", ("border", "controls")),
    ("noun group", "We ought to pay for our tax cuts fully and honestly.", ("tax", "cuts")),
    ("noun group", "We must be the world's leader in education.", ("world's", "leader")),
    ("name", "A year ago, freedom's playwright, Vaclav Havel, languished as a prisoner in Prague.",
     ("Vaclav", "Havel,")),
    ("name", 'And we should pass the new "African Trade Act"; it has bipartisan support.',
     ("Trade", 'Act";')),
    ("preposition", "Most Americans live near a community college.", ("near", "a")),
    ("preposition", "Now, to get the most out of your community, you have to give something back.",
     ("out", "of")),
    ("negation", "Higher taxes would not mean lower deficits.", ("not", "mean")),
    ("verb and short object", "These agreements will level the playing field.", ("level", "the")),
    ("verb and short object", "So the next step now is to provide support, even more support, "
                              "especially air defense, but also then to prepare for the Washington "
                              "summit, the 75th anniversary.", ("provide", "support,")),
    ("clause opener", "Your fight is our fight, meaning that you are helping us to protect freedom "
                      "and democracy across the whole alliance.", ("meaning", "that")),
    ("clause opener", "Homeland security will make America not only stronger but, in many ways, better.",
     ("not", "only")),
])
def test_what_the_old_layout_split_stays_together(category, sentence, kept):
    cues = split_sentence(sentence)
    assert kept not in breaks(cues), (category, cues)
    assert [w for c in cues for line in c for w in line.split()] == sentence.split()
    assert all(display_width(line) <= 42 for c in cues for line in c)


def test_the_seed_clause_opener_starts_its_line():
    cues = split_sentence("Your fight is our fight, meaning that you are helping us to protect "
                          "freedom and democracy across the whole alliance.")
    assert cues[0][0] == "Your fight is our fight,"
    assert cues[0][1].startswith("meaning that")


def test_a_speaker_label_does_not_push_the_object_onto_the_next_line():
    (cue,) = split_sentence("Thank you for receiving me and my delegation.", first_line_reserve=13)
    assert cue == ("Thank you for receiving me", "and my delegation.")


@pytest.mark.parametrize("left,right", [
    ("positive", "results"), ("economic", "growth"), ("American", "families"), ("29", "nations"),
    ("$47", "billion"), ("three", "million"), ("Ukraine's", "fight"), ("tax", "cuts"),
    ("very", "important"), ("unprecedented", "threat"), ("air-defense", "systems"),
])
def test_a_noun_group_is_costly_to_split(left, right):
    assert break_cost(left, right) >= NOUN_GROUP


@pytest.mark.parametrize("left,right", [
    ("Jens", "Stoltenberg."), ("Secretary", "General,"), ("out", "of"), ("because", "of"),
    ("not", "only"), ("there", "are"), ("let", "us"),
])
def test_forbidden_breaks_added(left, right):
    assert break_cost(left, right) >= FORBIDDEN


@pytest.mark.parametrize("left,right", [
    ("results", "of"), ("alliance", "will"), ("support", "and"), ("tax", "is"), ("Ukraine", "because"),
])
def test_phrase_boundaries_stay_cheap(left, right):
    assert break_cost(left, right) <= BEFORE_PREP


def test_verb_and_short_object_in_context():
    words = "we must provide support, and we will help them".split()
    costs = gap_costs(tokenize(" ".join(words)))
    assert costs[words.index("provide")] >= VERB_OBJECT       # provide / support,
    assert costs[words.index("help")] >= VERB_OBJECT          # help / them
    long_object = "we must provide the tanks and the ammunition that the army needs".split()
    costs = gap_costs(tokenize(" ".join(long_object)))
    assert costs[long_object.index("provide")] < VERB_OBJECT  # a long object may start a line


@pytest.mark.parametrize("word,expected", [
    ("national", True), ("historic", True), ("comprehensive", True), ("unfinished", True),
    ("proposal", False), ("table", False), ("music", False), ("secretary", False), ("people", False),
])
def test_adjective_guess(word, expected):
    assert is_adjective(word) is expected


def test_numbers_and_possessives():
    assert is_number("1949") and is_number("$47") and is_number("75th") and is_number("million")
    assert not is_number("many")
    assert is_possessive("America's") and is_possessive("workers'")
    assert not is_possessive("it's") and not is_possessive("let's")
    assert opens_noun_group("school") and not opens_noun_group("because")
