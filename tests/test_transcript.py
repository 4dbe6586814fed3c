"""Reading transcripts: every shape, every encoding, clear errors."""
from __future__ import annotations

from pathlib import Path

import pytest

from captions.errors import EncodingError, InputError
from captions.textio import decode
from captions.transcript import display_name, parse_transcript, read_transcript

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "transcripts" / "stoltenberg-kyiv.txt"

STORYFUL = """Headline of the Story

An article paragraph: with a colon that is not a speaker.

Credit: Someone via Storyful

Video transcript


ALICE SMITH: Hello there. We began to-- we discussed it.

More from Alice.

BOB O'NEIL-JONES: Thanks, Alice.
"""


def test_storyful_page_keeps_only_the_transcript_and_the_headline_as_title():
    t = parse_transcript(STORYFUL)
    assert t.title == "Headline of the Story"
    assert t.speakers == ("Alice Smith", "Bob O'Neil-Jones")
    assert t.turns[0].paragraphs == ("Hello there. We began to-- we discussed it.", "More from Alice.")
    assert "article" not in " ".join(t.words())
    assert "Credit:" not in t.words()


def test_seed_has_both_speakers_and_all_words():
    t = read_transcript(str(SEED))
    assert t.title == "Stoltenberg Affirms NATO Support for Ukraine in Kyiv"
    assert t.speakers == ("Volodymyr Zelenskyy", "Jens Stoltenberg")
    raw = SEED.read_text(encoding="utf-8").split("Video transcript", 1)[1]
    expected = [w for w in raw.split() if w not in ("VOLODYMYR", "ZELENSKYY:", "JENS", "STOLTENBERG:")]
    assert t.words() == expected
    assert "to--" in t.words()  # disfluencies are verbatim


@pytest.mark.parametrize("label", ["Alice:", "alice smith:", "Dr. Alice Smith:", "SPEAKER 2:"])
def test_labels_in_any_case(label):
    t = parse_transcript(f"{label} Hello.\n\nMore.\n\nBob: Hi.")
    assert t.turns[0].paragraphs == ("Hello.", "More.")
    assert t.turns[-1].speaker == "Bob"
    if label[0].isupper():
        assert t.turns[0].speaker is not None


def test_plain_paragraphs_without_speakers():
    t = parse_transcript("First paragraph, wrapped\nover two lines.\n\nSecond one.")
    assert len(t.turns) == 1 and t.turns[0].speaker is None
    assert t.turns[0].paragraphs == ("First paragraph, wrapped over two lines.", "Second one.")


def test_labels_without_blank_lines_still_change_speaker():
    t = parse_transcript("A: one.\nB: two.\nA: three.")
    assert [turn.speaker for turn in t.turns] == ["A", "B", "A"]


@pytest.mark.parametrize("name,expected", [
    ("VOLODYMYR ZELENSKYY", "Volodymyr Zelenskyy"),
    ("JENS STOLTENBERG", "Jens Stoltenberg"),
    ("JEAN-CLAUDE JUNCKER", "Jean-Claude Juncker"),
    ("CONAN O'BRIEN", "Conan O'Brien"),
    ("POPE JOHN PAUL II", "Pope John Paul II"),
    ("Ursula von der Leyen", "Ursula von der Leyen"),
])
def test_display_names(name, expected):
    assert display_name(name) == expected


@pytest.mark.parametrize("data", [
    "ALICE: Héllo wörld.\n".encode("utf-8"),
    "\ufeffALICE: Héllo wörld.\n".encode("utf-8"),
    "ALICE: Héllo wörld.\r\n".encode("utf-8"),
    "ALICE: Héllo wörld.\r".encode("utf-8"),
    "\ufeffALICE: Héllo wörld.\r\n".encode("utf-16-le"),
    "\ufeffALICE: Héllo wörld.\n".encode("utf-16-be"),
])
def test_decodings(data):
    t = parse_transcript(decode(data))
    assert t.words() == ["Héllo", "wörld."]


def test_latin1_is_a_clear_error_naming_file_and_position(tmp_path):
    f = tmp_path / "cp.txt"
    f.write_bytes("Line one\nCaf\xe9 two".encode("cp1252"))
    with pytest.raises(InputError) as err:
        read_transcript(str(f))
    message = str(err.value)
    assert "cp.txt" in message and "line 2" in message and "column 4" in message
    assert isinstance(err.value, EncodingError)   # the command line adds "give --encoding"
    assert read_transcript(str(f), encoding="cp1252").words() == ["Line", "one", "Café", "two"]


@pytest.mark.parametrize("text,fragment", [
    ("", "no text"),
    ("   \n\n \t\n", "no text"),
    ("ALICE:\nBOB:\n", "only speaker labels"),
    ("Headline\n\nVideo transcript\n\n\n", "section is empty"),
])
def test_nothing_to_caption_is_an_error(text, fragment):
    with pytest.raises(InputError, match=fragment):
        parse_transcript(text)


def test_binary_data_is_refused(tmp_path):
    f = tmp_path / "image.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    with pytest.raises(InputError):
        read_transcript(str(f))


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_transcript(str(tmp_path / "nope.txt"))
    with pytest.raises(InputError, match="directory"):
        read_transcript(str(tmp_path))
