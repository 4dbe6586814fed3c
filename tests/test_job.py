"""The whole job as one call (``captions.run_job``), and the bugs that came from wiring it twice."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from captions import JobOptions, run_job
from captions.errors import UsageError
from captions.formats.read import read_subtitles

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "transcripts" / "stoltenberg-kyiv.txt"


def test_the_whole_job_is_one_documented_call(tmp_path):
    result = run_job(JobOptions(str(SEED), output=str(tmp_path), formats=("srt", "vtt", "json")))
    assert result.exit_code == 0 and result.failures == ()
    (en,) = result.tracks
    assert [p.name for p in en.paths] == [f"stoltenberg-kyiv.en.{f}" for f in ("srt", "vtt", "json")]
    assert all(p.exists() for p in en.paths)
    # one check per SRT/WebVTT file, and it is the checker's verdict on that very file
    from captions.check import check_file

    assert [r.path for r in en.reports] == [str(p) for p in en.paths[:2]]
    for report in en.reports:
        assert report.summary() == check_file(report.path).summary()
    assert len(json.loads(en.paths[2].read_text())["cues"]) == len(en.track.cues)


@pytest.mark.parametrize("kwargs, fragment", [
    ({"formats": ("doc",)}, "unknown format"),
    ({"translate": ("ukrainian",)}, "--translate takes language codes"),
    ({"translate": ("u k",)}, "--translate takes language codes"),
    ({"translate": ("en",)}, "already in en"),
    ({"max_chars": 3}, "--max-chars"),
    ({"wpm": 0}, "more than 0"),
    ({"duration_ms": 1000, "start_ms": 2000}, "must be after --start"),
    ({"attach": True}, "--attach needs --video"),
    ({"video": "clip.webm", "attach": True, "formats": ("srt",)}, "needs vtt in --formats"),
    ({"output": "-"}, "exactly one format"),
    ({"profile": "nope"}, "unknown profile"),
    ({"speaker_labels": "names"}, "speaker labels"),
])
def test_options_are_checked_when_made(kwargs, fragment):
    with pytest.raises(UsageError, match=fragment):
        JobOptions(str(SEED), **kwargs)


def test_a_bad_argument_writes_nothing(tmp_path, run_cli):
    """Every argument is checked before any work: a missing glossary or a bad language
    code leaves no English file behind."""
    out = tmp_path / "out"
    code, _, err = run_cli("generate", SEED, "-o", out, "--translate", "uk",
                           "--glossary", tmp_path / "missing.tsv")
    assert code == 1 and "no such file" in err and not out.exists()
    code, _, err = run_cli("generate", SEED, "-o", out, "--translate", "ukrainian")
    assert code == 2 and "--translate takes language codes" in err and not out.exists()


def test_profile_option_is_shared_by_generator_and_checker(tmp_path, run_cli):
    code, _, err = run_cli("generate", SEED, "-o", tmp_path, "--profile", "bbc", "--formats", "srt")
    assert code == 0, err
    track = read_subtitles(str(tmp_path / "stoltenberg-kyiv.en.srt")).track
    assert max(len(line) for c in track.cues for line in c.lines) <= 37   # BBC: 37 characters
    from captions.check import check_file

    report = check_file(str(tmp_path / "stoltenberg-kyiv.en.srt"), "bbc")
    assert f"en: {tmp_path / 'stoltenberg-kyiv.en.srt'}: {report.summary()}" in err


def test_toml_profile_for_generate(tmp_path, run_cli):
    house = tmp_path / "house.toml"
    house.write_text('base = "netflix-en"\nmax_chars = 32\n')
    code, _, err = run_cli("generate", SEED, "-o", tmp_path, "--profile", house, "--formats", "srt")
    assert code == 0, err
    track = read_subtitles(str(tmp_path / "stoltenberg-kyiv.en.srt")).track
    assert max(len(line) for c in track.cues for line in c.lines) <= 32


# ------------------------------------------------- regressions: one options object

def test_layout_options_apply_to_every_language(tiny_argos, fresh_cache, network_guard,
                                                tmp_path, run_cli):
    """Bug: --max-chars 30 --max-lines 1 gave English at 30 and 1 but Ukrainian at 42 and 2
    (the translator fell back to the language's default profile)."""
    code, _, err = run_cli("generate", SEED, "-o", tmp_path, "--max-chars", "30", "--max-lines", "1",
                           "--translate", "uk")
    assert code == 0, err
    for lang in ("en", "uk"):
        cues = read_subtitles(str(tmp_path / f"stoltenberg-kyiv.{lang}.vtt")).track.cues
        assert all(len(c.lines) == 1 and len(c.lines[0]) <= 30 for c in cues), lang
    assert network_guard == []


def test_generate_and_translate_make_the_same_translation(tiny_argos, fresh_cache, tmp_path, run_cli):
    """Both commands go through one translation call with the same options."""
    a, b = tmp_path / "a", tmp_path / "b"
    code, _, err = run_cli("generate", SEED, "-o", a, "--translate", "uk", "--max-chars", "36",
                           "--formats", "srt")
    assert code == 0, err
    code, _, err = run_cli("translate", a / "stoltenberg-kyiv.en.srt", "--to", "uk", "-o", b,
                           "--max-chars", "36")
    assert code == 0, err
    ours = (a / "stoltenberg-kyiv.uk.srt").read_text()
    assert (b / "stoltenberg-kyiv.uk.srt").read_text() == ours


# ------------------------------------------------- regression: one path guard for ffmpeg

align_helpers = pytest.importorskip("align_helpers")


@pytest.mark.skipif(align_helpers.ESPEAK is None, reason="espeak-ng is not installed")
def test_media_named_like_a_protocol_aligns(tmp_path, monkeypatch, run_cli):
    """Bug: --media x:talk.wav failed ("has no audio stream") while talk.wav aligned: the
    alignment path passed the name to ffmpeg without the file: guard."""
    from align_helpers import Piece, build_clip

    monkeypatch.chdir(tmp_path)
    pieces = [Piece("Good morning, and welcome to this press conference.", gap_before=700),
              Piece("We will stand with Ukraine for as long as it takes.", gap_before=800)]
    build_clip(pieces, "x:talk.wav")
    Path("t.txt").write_text(" ".join(p.text for p in pieces) + "\n")
    code, _, err = run_cli("generate", "t.txt", "--media", "x:talk.wav", "-o", "out", "--formats", "json")
    assert code == 0, err
    assert "aligned 100% of words" in err
    cues = json.loads(Path("out/t.en.json").read_text())["cues"]
    assert {c["provenance"] for c in cues} == {"aligned"}
