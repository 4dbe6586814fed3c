"""``captions generate`` end to end, in-process, on the seed and on small inputs."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import srt
import webvtt

from captions.formats.read import read_subtitles
from captions.profiles import NETFLIX_EN as P
from captions.transcript import read_transcript

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "transcripts" / "stoltenberg-kyiv.txt"


@pytest.fixture
def seed_out(tmp_path, run_cli):
    code, out, err = run_cli("generate", SEED, "-o", tmp_path, "--formats", "srt,vtt,json")
    assert code == 0, err
    return tmp_path


def test_seed_end_to_end(seed_out, capsys):
    srt_path = seed_out / "stoltenberg-kyiv.en.srt"
    vtt_path = seed_out / "stoltenberg-kyiv.en.vtt"
    data = json.loads((seed_out / "stoltenberg-kyiv.en.json").read_text())
    cues = data["cues"]
    # both speakers, every word kept in order
    assert {c["speaker"] for c in cues} == {"Volodymyr Zelenskyy", "Jens Stoltenberg"}
    words = [w for c in cues for line in c["lines"] for w in line.split()]
    assert words == read_transcript(str(SEED)).words()
    # every rule
    for c in cues:
        assert all(len(line) <= P.max_chars for line in c["lines"])
        assert 1 <= len(c["lines"]) <= P.max_lines
        assert P.min_duration <= c["end_ms"] - c["start_ms"] <= P.max_duration
        assert c["cps"] <= P.cps_max
    for a, b in zip(cues, cues[1:]):
        assert b["start_ms"] > a["start_ms"] and b["start_ms"] - a["end_ms"] >= P.min_gap
    # the two files agree with each other, read by independent parsers
    subs = list(srt.parse(srt_path.read_text(encoding="utf-8")))
    vtt = webvtt.read(str(vtt_path))
    assert len(subs) == len(vtt) == len(cues)
    previous_turn = None
    for s, v, c in zip(subs, vtt, cues):
        assert round(s.start.total_seconds() * 1000) == c["start_ms"] == _ms(v.start)
        assert round(s.end.total_seconds() * 1000) == c["end_ms"] == _ms(v.end)
        # both formats show the same text: the words, with the speaker's label at each
        # change of speaker (browsers do not show WebVTT voice names)
        label = f"{c['speaker'].split()[-1].upper()}: " if c["turn"] != previous_turn else ""
        text = label + "\n".join(c["lines"])
        assert v.text == s.content == text == "\n".join(c["shown"])
        assert v.voice == c["speaker"]
        previous_turn = c["turn"]
    # SRT labels: first cue of each turn
    assert subs[0].content.startswith("ZELENSKYY: Thank you")
    assert sum(s.content.startswith("STOLTENBERG:") for s in subs) == 1
    # our own reader sees the same cues in both files
    ours_srt = read_subtitles(str(srt_path), strict=True).track.cues
    ours_vtt = read_subtitles(str(vtt_path), strict=True).track.cues
    assert [(c.start, c.end, c.lines) for c in ours_srt] == [(c.start, c.end, c.lines) for c in ours_vtt]
    assert [c.speaker for c in ours_vtt] == [c["speaker"] for c in cues]
    assert "Title: Stoltenberg Affirms NATO Support for Ukraine in Kyiv" in vtt_path.read_text()


def _ms(stamp: str) -> int:
    h, m, s = stamp.split(":")
    return round((int(h) * 3600 + int(m) * 60 + float(s)) * 1000)


def test_committed_output_is_what_the_documented_command_writes(seed_out):
    for name in ("stoltenberg-kyiv.en.srt", "stoltenberg-kyiv.en.vtt"):
        assert (seed_out / name).read_bytes() == (ROOT / "output" / name).read_bytes(), \
            f"output/{name} is stale: run `captions generate transcripts/stoltenberg-kyiv.txt`"


def test_summary_is_the_check_of_each_file_and_files_are_utf8_lf_without_bom(tmp_path, run_cli):
    from captions.check import check_file

    code, out, err = run_cli("generate", SEED, "-o", tmp_path)
    assert code == 0
    lines = err.strip().splitlines()
    for fmt in ("srt", "vtt"):
        path = tmp_path / f"stoltenberg-kyiv.en.{fmt}"
        assert f"en: {path}: {check_file(str(path)).summary()}" in lines
    assert len(lines) == 2, err
    data = (tmp_path / "stoltenberg-kyiv.en.srt").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data
    code, _, _ = run_cli("generate", SEED, "-o", tmp_path, "--bom", "--crlf", "--name", "x")
    data = (tmp_path / "x.en.vtt").read_bytes()
    assert code == 0 and data.startswith(b"\xef\xbb\xbfWEBVTT\r\n")


def test_stdin_to_stdout(run_cli, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"ANN: Hello there. How are you?")))
    buffer = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(buffer))
    code, _, err = run_cli("generate", "-", "-o", "-", "--formats", "srt")
    sys.stdout.flush()
    assert code == 0, err
    assert b"\nANN: Hello there.\n\n2\n" in buffer.getvalue() and b"\nHow are you?\n" in buffer.getvalue()


def test_options_change_the_layout_and_timing(tmp_path, run_cli):
    code, _, _ = run_cli("generate", SEED, "-o", tmp_path, "--max-chars", "32", "--max-lines", "1",
                         "--start", "3", "--duration", "200", "--speaker-labels", "none",
                         "--formats", "json,srt")
    assert code == 0
    cues = json.loads((tmp_path / "stoltenberg-kyiv.en.json").read_text())["cues"]
    assert all(len(c["lines"]) == 1 and len(c["lines"][0]) <= 32 for c in cues)
    assert cues[0]["start_ms"] == 3000 and cues[-1]["end_ms"] <= 200_000
    assert "ZELENSKYY:" not in (tmp_path / "stoltenberg-kyiv.en.srt").read_text()
    assert not (tmp_path / "stoltenberg-kyiv.en.vtt").exists()


@pytest.mark.parametrize("argv,code,fragment", [
    (["generate", "missing.txt"], 1, "no such file"),
    (["generate", str(SEED), "--formats", "doc"], 2, "--formats"),
    (["generate", str(SEED), "-o", "-"], 2, "exactly one format"),
    (["generate", str(SEED), "--max-chars", "3"], 2, "--max-chars"),
    (["generate", str(SEED), "--attach"], 2, "--attach needs --video"),
    (["generate", str(SEED), "--duration", "1"], 1, "cannot hold"),
    (["generate"], 2, "required"),
    (["nonsense"], 2, "invalid choice"),
])
def test_errors_are_one_line_with_a_truthful_exit_code(argv, code, fragment, run_cli, tmp_path):
    if "-o" not in argv and argv[0] == "generate":
        argv = argv + ["-o", str(tmp_path)]
    got, out, err = run_cli(*argv)
    assert got == code, err
    assert fragment in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_help_ends_with_runnable_examples(run_cli):
    from captions.cli import COMMANDS, build_parser

    registered = [c for c in COMMANDS if c in build_parser()._subparsers._group_actions[0].choices]
    assert "generate" in registered
    for argv in (["--help"], *([c, "--help"] for c in registered)):
        code, out, _ = run_cli(*argv)
        assert code == 0
        assert "examples:" in out and "captions " in out.rstrip().splitlines()[-1], argv


def test_console_script_and_module_entry_point(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "captions", "generate", str(SEED), "-o", str(tmp_path)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "stoltenberg-kyiv.en.srt").exists()


def test_plain_english_path_imports_nothing_heavy(tmp_path):
    code = ("import sys, captions.cli as c; c.main(['generate', %r, '-o', %r, '-q']); "
            "heavy = [m for m in ('argostranslate', 'ctranslate2', 'torch', 'numpy', 'pocketsphinx', "
            "'playwright', 'spacy', 'stanza') if m in sys.modules]; print(heavy)") % (str(SEED), str(tmp_path))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "[]", proc.stdout + proc.stderr


def test_readme_python_examples_run(tmp_path):
    from captions import JobOptions, check_track, load_profile, make_track, render, run_job

    result = run_job(JobOptions(str(SEED), output=str(tmp_path), formats=("srt", "vtt", "json"),
                                profile="netflix-en", max_chars=40))
    (en,) = result.tracks
    assert [p.name for p in en.paths] == [f"stoltenberg-kyiv.en.{f}" for f in ("srt", "vtt", "json")]
    assert all(r.summary().startswith(f"{len(en.track.cues)} cues, 0 errors") for r in en.reports)
    assert result.failures == ()

    track = make_track(read_transcript(str(SEED)), profile=load_profile("bbc"), duration_ms=140_000)
    assert track.cues[0].start == 0 and track.cues[-1].end <= 140_000
    assert track.cues[0].lines[0] == "Thank you so much again,"
    assert render(track, "srt").startswith("1\n00:00:00,000 --> ")
    assert all(v.severity in ("error", "warning") for v in check_track(track, "bbc"))
