"""Pronunciations, numbers, the word check and the placement rules: fast, no audio."""
from __future__ import annotations

import shutil

import pytest

from captions.align.pronounce import (cardinal, ipa_to_arpabet, normalise, pronunciations,
                                      spell_number)
from captions.align.place import Regions, snap_start
from captions.align.vad import Region, regions_from_flags

pocketsphinx = pytest.importorskip("pocketsphinx", reason="pocketsphinx not installed")


@pytest.mark.parametrize("word, tokens", [
    ("31", ["thirty", "one"]),
    ("12", ["twelve"]),
    ("2024", ["two", "thousand", "twenty", "four"]),
    ("12345", ["one", "two", "three", "four", "five"]),   # 5+ digits: digit by digit
    ("1,000", ["one", "thousand"]),
    ("3.5", ["three", "point", "five"]),
    ("5%", ["five", "percent"]),
    ("$40", ["forty", "dollars"]),
    ("31st", ["thirty", "first"]),
    ("“Hello,", ["hello"]),
    ("well-known", ["well", "known"]),
    ("Don’t", ["don't"]),
    ("—", []),
    ("-Are", ["are"]),          # dialogue-cue hyphen
    ("COVID-19", ["covid", "nineteen"]),
])
def test_normalise_spells_numbers_and_strips_punctuation(word, tokens):
    assert normalise(word) == tokens


def test_cardinals():
    assert cardinal(0) == ["zero"]
    assert cardinal(115) == ["one", "hundred", "fifteen"]
    assert cardinal(1_000_001) == ["one", "million", "one"]
    assert spell_number("abc") is None


def test_ipa_to_arpabet():
    assert ipa_to_arpabet("kjˈɪv") == ["K", "Y", "IH", "V"]
    assert ipa_to_arpabet("tʃˈɜːtʃ") == ["CH", "ER", "CH"]
    assert ipa_to_arpabet("həlˈoʊ") == ["HH", "AH", "L", "OW"]


@pytest.fixture(scope="module")
def lookup():
    from captions.align.aligner import make_decoder

    return make_decoder().lookup_word


def test_oov_order_possessive_then_compound(lookup):
    found = pronunciations(["minister's", "taperecorder", "hello"], lookup,
                           espeak=lambda words: pytest.fail(f"espeak asked for {words}"))
    assert "hello" not in found                         # in the dictionary
    assert found["taperecorder"] == lookup("tape") + " " + lookup("recorder")
    if lookup("minister's") is None:
        assert found["minister's"].startswith(lookup("minister"))


@pytest.mark.skipif(not shutil.which("espeak-ng"), reason="espeak-ng not installed")
def test_oov_espeak_names(lookup):
    found = pronunciations(["zelenskyy", "kyiv"], lookup)
    assert found["kyiv"] == "K Y IH V"
    assert found["zelenskyy"].startswith("Z EH L")


def test_oov_without_espeak_still_gets_phones(lookup):
    found = pronunciations(["qwzxv"], lookup, espeak=lambda words: {})
    assert found["qwzxv"].split()


def test_returned_words_must_match_the_text():
    from captions.align.aligner import _match

    tokens = "good morning and welcome thank you".split()
    assert _match(tokens, tokens, [0, 4]) == list(range(6))
    assert _match(["thank", "you"], tokens, [0, 4]) == [4, 5]          # a cue skipped whole
    assert _match(["good", "thank", "you"], tokens, [0, 4]) is None    # half a cue: refused
    assert _match(["hello"], tokens, [0, 4]) is None


def test_vad_regions_merge_single_frame_gaps():
    flags = [0, 1, 1, 0, 1, 1, 0, 0, 0, 1]
    assert regions_from_flags([bool(f) for f in flags]) == (
        Region(10, 60), Region(90, 100))


def test_snap_start_rules():
    regions = Regions([Region(1000, 2000), Region(2100, 2150), Region(2600, 4000)])
    # early start in silence: forward to the first region of >= 200 ms inside the word
    assert snap_start(2450, 2900, 1900, regions) == 2600
    # a short region (a breath) inside the word is skipped
    assert snap_start(2050, 2900, 1900, regions) == 2600
    # just after an onset, previous word ended before it: back onto the onset
    assert snap_start(2800, 3100, 2000, regions) == 2600
    # inside running speech (previous word ends after the onset): kept
    assert snap_start(3000, 3300, 2950, regions) == 3000
    # in the VAD hangover at the end of a region: forward to the next onset
    assert snap_start(1900, 2700, 1500, regions) == 2600


def test_words_guessed_from_spelling_are_reported(lookup):
    guessed = []
    pronunciations(["qwzxv", "hello"], lookup, espeak=lambda words: {}, guessed=guessed)
    assert guessed == ["qwzxv"]


def test_progress_bar_draws_and_ends_its_line():
    import io

    from captions.align.progress import resolve, stderr_bar

    out = io.StringIO()
    bar = stderr_bar(stream=out)
    for done in (0, 30_000, 90_000, 90_000):
        bar(done, 90_000)
    text = out.getvalue()
    assert "\r" in text and "100%" in text and text.endswith("\n")
    assert text.count("100%") == 1
    assert resolve(True, 30_000) is None            # short media: no bar
    assert resolve(False, 3_600_000) is None
    assert callable(resolve(True, 600_000))


def test_refine_onset_moves_a_late_detector_onset_back_to_the_rise():
    np = pytest.importorskip("numpy")
    from captions.align.vad import LEVEL_HOP_MS, frame_levels, refine_onset

    rng = np.random.default_rng(0)
    pcm = rng.normal(0, 30, 16000)                       # 1 s of faint noise
    pcm[8000:] += rng.normal(0, 3000, 8000)              # speech from 500 ms
    levels = frame_levels(pcm.astype(np.int16))
    assert len(levels) == 1000 // LEVEL_HOP_MS
    assert abs(refine_onset(levels, 560, 0) - 500) <= LEVEL_HOP_MS      # detector 60 ms late
    assert refine_onset(levels, 700, 0) == 700 - 120                     # at most 120 ms back
    assert refine_onset(levels, 560, 530) == 560                         # no pause to measure


def test_snap_start_uses_the_refined_onset_only_where_it_snaps():
    regions = Regions([Region(0, 1000), Region(2000, 3000)])
    refine = lambda onset, pause_start: onset - 40   # noqa: E731
    assert snap_start(1700, 2300, 900, regions, refine) == 1960    # early start, in silence
    assert snap_start(2100, 2300, 900, regions, refine) == 1960    # just after the onset
    assert snap_start(2600, 2800, 2500, regions, refine) == 2600   # inside running speech
