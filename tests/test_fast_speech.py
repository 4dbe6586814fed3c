"""Fast exchanges and dense speech (issue 13): dialogue cues on the speech, no drift, no refusal.

Speech made at test time with espeak-ng: two voices, turns of one to three
words, gaps of 100 to 300 ms and some turns overlapping by up to 200 ms.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from align_helpers import ESPEAK, Piece, build_clip, cues_for, rapid_pieces

pytestmark = pytest.mark.skipif(ESPEAK is None, reason="espeak-ng is not installed")

from captions.align import align_cues  # noqa: E402
from captions.profiles import NETFLIX_EN as P  # noqa: E402

THREE_FRAMES = math.ceil(P.min_gap * 3 / 2)     # 125 ms at 24 fps
@pytest.fixture(scope="module", params=[4, 11])
def rapid(request, tmp_path_factory):
    pieces = rapid_pieces(request.param)
    clip = build_clip(pieces, str(tmp_path_factory.mktemp("rapid") / "rapid.wav"))
    return pieces, clip


def test_rapid_exchange_cues_start_on_their_speech(rapid):
    pieces, clip = rapid
    cues = cues_for(pieces)
    result = align_cues(cues, clip.path, labels="none")
    out = result.cues
    assert [w for c in out for w in c.words()] == [w for p in pieces for w in p.text.split()]
    assert all(len(set(c.line_speakers)) <= 2 for c in out)
    assert out[-1].end <= clip.duration
    for a, b in zip(out, out[1:]):
        assert b.start - a.end >= P.min_gap
    # each turn's first words: the cue that opens with them starts within 3 frames of the
    # speech; a turn that is a dialogue cue's second line is shown with the first
    word_at = 0
    firsts = {}
    for c in out:
        firsts[word_at] = c
        word_at += len(c.words())
    word_at = 0
    for piece, onset in zip(pieces, clip.onsets):
        cue = firsts.get(word_at)
        if cue is not None:
            assert cue.start - onset <= THREE_FRAMES, (piece.text, cue.start, onset)
            assert onset - cue.start <= 150, (piece.text, cue.start, onset)
        else:   # inside a cue: the second line of a dialogue cue
            holder = firsts[max(k for k in firsts if k < word_at)]
            assert holder.is_dialogue and holder.words()[-len(piece.text.split()):] == piece.text.split()
        word_at += len(piece.text.split())
    assert any(c.is_dialogue for c in out)
    assert all(c.shown[k].startswith("-") for c in out if c.is_dialogue for k in range(2))


def test_one_word_per_line_transcript(tmp_path, run_cli):
    pieces = [Piece(w, gap_before=250 if k else 400) for k, w in enumerate(
        "Good morning everyone and welcome to the briefing today".split())]
    clip = build_clip(pieces, str(tmp_path / "words.wav"))
    (tmp_path / "words.txt").write_text("\n\n".join(p.text for p in pieces) + "\n")
    code, _, err = run_cli("generate", tmp_path / "words.txt", "--media", clip.path, "-o", tmp_path,
                           "--formats", "json")
    assert code == 0, err
    cues = json.loads((tmp_path / "words.en.json").read_text())["cues"]
    assert [w for c in cues for line in c["lines"] for w in line.split()] == [p.text for p in pieces]
    assert len(cues) < len(pieces)                      # short paragraphs of one turn joined
    assert cues[-1]["end_ms"] <= clip.duration
    assert abs(cues[0]["start_ms"] - clip.onsets[0]) <= THREE_FRAMES


def test_transcript_longer_than_the_media_is_kept_and_reported(tmp_path, run_cli):
    spoken = [Piece("Good morning, and welcome to this press conference.", gap_before=400),
              Piece("We will stand with Ukraine for as long as it takes.", gap_before=500)]
    clip = build_clip(spoken, str(tmp_path / "short.wav"))
    extra = " ".join(["The rest of this statement was never recorded at all."] * 6)
    (tmp_path / "long.txt").write_text(" ".join(p.text for p in spoken) + "\n\n" + extra + "\n")
    code, _, err = run_cli("generate", tmp_path / "long.txt", "--media", clip.path, "-o", tmp_path,
                           "--formats", "json")
    assert code == 0, err
    assert "the transcript runs past the speech" in err and "--trim leaves them out" in err
    cues = json.loads((tmp_path / "long.en.json").read_text())["cues"]
    words = [w for c in cues for line in c["lines"] for w in line.split()]
    assert words == (" ".join(p.text for p in spoken) + " " + extra).split()   # nothing lost
    assert cues[-1]["end_ms"] <= clip.duration
    code, _, err = run_cli("generate", tmp_path / "long.txt", "--media", clip.path, "-o", tmp_path,
                           "--formats", "json", "--trim", "--name", "trimmed")
    assert code == 0 and "left out (--trim)" in err
    trimmed = json.loads((tmp_path / "trimmed.en.json").read_text())["cues"]
    assert [w for c in trimmed for line in c["lines"] for w in line.split()] == \
        " ".join(p.text for p in spoken).split()


def test_transcript_shorter_than_the_media(tmp_path):
    pieces = [Piece("Good morning, and welcome to this press conference.", gap_before=400),
              Piece("This sentence is spoken but missing from the transcript.", gap_before=600,
                    in_transcript=False),
              Piece("We will stand with Ukraine for as long as it takes.", gap_before=600)]
    clip = build_clip(pieces, str(tmp_path / "more.wav"))
    result = align_cues(cues_for(pieces), clip.path)
    assert {c.provenance for c in result.cues} == {"aligned"}
    assert abs(result.cues[0].start - clip.onsets[0]) <= THREE_FRAMES
    assert abs(result.cues[-1].start - clip.onsets[2]) <= THREE_FRAMES
    assert result.cues[-1].end <= clip.duration


def test_many_short_paragraphs_in_a_short_clip_are_never_refused(tmp_path, run_cli):
    """54 short paragraphs in 21 s used to be refused ("too short for 54 cues")."""
    pieces = [Piece(w, gap_before=120 if k else 300)
              for k, w in enumerate((["Yes.", "No.", "Right.", "Okay."] * 14)[:54])]
    clip = build_clip(pieces, str(tmp_path / "dense.wav"))
    (tmp_path / "dense.txt").write_text("\n\n".join(p.text for p in pieces) + "\n")
    code, _, err = run_cli("generate", tmp_path / "dense.txt", "--media", clip.path, "-o", tmp_path,
                           "--formats", "json")
    assert code == 0, err
    cues = json.loads((tmp_path / "dense.en.json").read_text())["cues"]
    assert [w for c in cues for line in c["lines"] for w in line.split()] == [p.text for p in pieces]
    assert cues[-1]["end_ms"] <= clip.duration
    # without the media, a --duration that cannot hold the text is still an error
    code, _, err = run_cli("generate", tmp_path / "dense.txt", "--duration", "5", "-o", tmp_path)
    assert code == 1 and "need at least" in err
    assert not (Path(tmp_path) / "dense.en.srt").exists()


def test_a_transcript_in_another_language_is_spread_over_the_speech_and_says_so(tmp_path):
    pieces = [Piece("Guten Morgen und willkommen zu dieser Pressekonferenz.", voice="de", gap_before=400),
              Piece("Wir stehen an der Seite der Ukraine.", voice="de", gap_before=900)]
    clip = build_clip(pieces, str(tmp_path / "de.wav"))
    result = align_cues(cues_for(pieces), clip.path, language="de")
    assert any("US English acoustic model only" in m for m in result.messages)
    assert {c.provenance for c in result.cues} == {"spread"}
    assert abs(result.cues[0].start - clip.onsets[0]) <= 150      # on the first speech onset
    assert result.cues[-1].end <= clip.duration
