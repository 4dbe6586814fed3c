"""`captions check`: one fixture per rule, exit codes, profiles, reports."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from captions.check import RULES, check_file, check_track, summary
from captions.profiles import load_profile, profile_from_mapping
from captions.cli import main
from captions.errors import UsageError
from captions.model import Cue, Track
from captions.profiles import BBC, NETFLIX_EN, NETFLIX_UK

from check_helpers import fixture

# fixture -> the (rule, severity) pairs it must produce, and nothing else.
EXPECTED = {
    "clean.en.srt": set(),
    "clean.en.vtt": set(),
    "line-length.srt": {("line-length", "error")},
    "line-count.srt": {("line-count", "error")},
    "one-line.srt": {("one-line", "warning")},
    "cps-warning.srt": {("cps", "warning")},
    "cps-error.srt": {("cps", "error")},
    "min-duration.srt": {("min-duration", "error")},
    "max-duration.srt": {("max-duration", "error")},
    "gap.srt": {("gap", "error")},
    "overlap.srt": {("overlap", "error")},
    "order.srt": {("order", "error")},
    "empty-cue.srt": {("empty", "error")},
    "line-break.srt": {("line-break", "warning")},
    "line-break.uk.srt": {("line-break", "warning")},
    "kinsoku.zh.srt": {("kinsoku", "error")},
    "cue-break.srt": {("cue-break", "warning")},
    "unbalanced.srt": {("unbalanced", "warning")},
    "unbalanced-ok.srt": set(),
    "vtt-escape.vtt": {("vtt-escape", "error")},
    "arrow-in-text.vtt": {("arrow-in-text", "error"), ("browser", "error")},   # browsers show it empty
    "no-header.vtt": {("vtt-header", "error")},
    "speakers.vtt": {("speakers", "error")},
    "speakers.srt": {("speakers", "error")},
    "dialogue-ok.vtt": set(),
    "bad-timestamp.srt": {("parse", "error")},
    "bad-block.srt": {("parse", "error")},
    "end-before-start.srt": {("parse", "error")},
    "no-blank-line.srt": {("parse", "warning")},
    "dot-timestamps.srt": {("parse", "warning")},
    "bom.srt": set(), "utf16.srt": set(), "crlf.srt": set(), "bom-crlf.vtt": set(),
    "missing-index.srt": set(), "no-trailing-newline.srt": set(),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_fixture_breaks_exactly_its_rule(name):
    report = check_file(fixture(name))
    assert {(v.rule, v.severity) for v in report.violations} == EXPECTED[name]


def test_every_rule_has_a_fixture_or_a_test():
    covered = {rule for pairs in EXPECTED.values() for rule, _ in pairs} | {"extension"}
    assert covered == set(RULES)


def test_violations_carry_cue_time_rule_measure_and_limit():
    (v,) = check_file(fixture("gap.srt")).violations
    assert (v.cue, v.index, v.start, v.rule, v.measured, v.limit, v.line) == (
        2, 1, 3040, "gap", 40, 83, 6)
    (v,) = check_file(fixture("cps-error.srt")).violations
    assert (v.measured, v.limit) == (43.3, 20.0)


def test_line_break_finds_the_exact_breaks():
    found = [(v.cue, v.measured) for v in check_file(fixture("line-break.srt")).violations]
    assert found == [(1, "Jens / Stoltenberg"), (2, "the / table")]
    (uk,) = check_file(fixture("line-break.uk.srt")).violations
    assert uk.measured == "до / Києва"


def test_srt_labels_count_as_characters_on_screen():
    track = Track((Cue(1000, 4000, ("STOLTENBERG: " + "x" * 35,), provenance="source"),))
    path_text = "1\n00:00:01,000 --> 00:00:04,000\nSTOLTENBERG: " + "x" * 35 + "\n"
    from captions.formats.read import parse_subtitles

    result = parse_subtitles(path_text, fmt="srt")
    assert result.track.cues[0].lines == ("x" * 35,)
    rules = {v.rule for v in check_track(result.track, NETFLIX_EN, raw=result)}
    assert "line-length" in rules                     # 48 characters shown
    assert "line-length" in {v.rule for v in check_track(track, NETFLIX_EN)}


def test_extension_past_the_speech_is_a_warning():
    cue = Cue(0, 3000, ("Thank you very much.",), speech_end=2000)
    (v,) = check_track(Track((cue,)), NETFLIX_EN)
    assert (v.rule, v.severity, v.measured, v.limit) == ("extension", "warning", 1000, 500)


def test_summary_line():
    report = check_file(fixture("order.srt"))
    assert summary(report.violations, report.track) == "2 cues, 1 error, 0 warnings, worst cps 15"
    assert summary([], Track(())) == "0 cues, 0 errors, 0 warnings, worst cps -"


# ------------------------------------------------------------------ profiles

def test_profile_from_file_name_or_language():
    assert check_file(fixture("line-break.uk.srt")).profile == "netflix-uk"
    assert check_file(fixture("line-break.srt")).profile == "netflix-en"
    assert check_file(fixture("line-break.srt"), language="uk").profile == "netflix-uk"
    assert load_profile("bbc", language="en") == BBC
    assert load_profile(None, language="uk") == NETFLIX_UK


def test_bbc_profile_is_stricter_on_line_length():
    assert check_file(fixture("unbalanced-ok.srt")).violations == ()
    report = check_file(fixture("unbalanced-ok.srt"), "bbc")      # a 40-character line
    assert {(v.rule, v.severity) for v in report.violations} == {
        ("line-length", "error"), ("cps", "warning")}             # BBC: 37 chars, 15 cps


def test_toml_profile_overrides_limits_and_severities(tmp_path):
    path = tmp_path / "house.toml"
    path.write_text('base = "netflix-en"\nmax_chars = 60\nmin_duration = 400\n'
                    '[severity]\nline-break = "error"\none-line = "off"\n')
    profile = load_profile(str(path), language="en")
    assert (profile.max_chars, profile.min_duration) == (60, 400)
    assert check_file(fixture("line-length.srt"), profile).violations == ()
    assert check_file(fixture("min-duration.srt"), profile).violations == ()
    assert check_file(fixture("one-line.srt"), profile).violations == ()
    assert {v.severity for v in check_file(fixture("line-break.srt"), profile).violations} == {"error"}


@pytest.mark.parametrize("text, message", [
    ("max_chars = 'wide'\n", "must be a whole number"),
    ("colour = 3\n", "unknown profile key"),
    ('base = "itv"\n', "unknown base profile"),
    ('[severity]\nnope = "error"\n', "unknown rule"),
    ('[severity]\ncps = "fatal"\n', "severity of"),
    ("max_chars = [\n", "not a valid TOML"),
])
def test_bad_toml_profiles_are_usage_errors(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(UsageError, match=message):
        load_profile(str(path), language="en")


def test_profile_mapping_defaults_to_the_language_profile():
    assert profile_from_mapping({"cps_max": 18}, language="uk").language == "uk"


# ----------------------------------------------------------------- the command

def run_cli(capsys, *argv):
    code = main(["check", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_exit_0_when_clean_1_with_errors_2_when_unreadable(capsys):
    assert run_cli(capsys, fixture("clean.en.srt"), fixture("clean.en.vtt"))[0] == 0
    assert run_cli(capsys, fixture("cps-warning.srt"))[0] == 0   # warnings only
    code, out, _ = run_cli(capsys, fixture("gap.srt"))
    assert code == 1 and "gap" in out and "2 cues, 1 error" in out
    code, out, err = run_cli(capsys, fixture("binary.srt"), fixture("gap.srt"))
    assert code == 2 and "binary.srt" in err and "gap" in out   # the rest is still checked
    code, _, err = run_cli(capsys, "/nonexistent/x.srt")
    assert code == 2 and "no such file" in err and "Traceback" not in err


def test_strict_stops_at_the_first_parse_problem(capsys):
    assert run_cli(capsys, fixture("bad-timestamp.srt"))[0] == 1
    code, _, err = run_cli(capsys, "--strict", fixture("bad-timestamp.srt"))
    assert code == 2 and "bad-timestamp.srt:6:" in err and "expected" in err


def test_usage_errors_exit_2(capsys, tmp_path):
    assert run_cli(capsys, "--profile", "itv", fixture("gap.srt"))[0] == 2
    with pytest.raises(SystemExit) as caught:
        main(["check", "--format", "xml", fixture("gap.srt")])
    assert caught.value.code == 2
    with pytest.raises(SystemExit) as caught:
        main(["check"])
    assert caught.value.code == 2
    bad = tmp_path / "p.toml"
    bad.write_text("max_chars = -1\n")
    assert run_cli(capsys, "--profile", str(bad), fixture("gap.srt"))[0] == 2


def test_encoding_option_reads_cp1252(capsys):
    assert run_cli(capsys, fixture("cp1252.srt"))[0] == 2
    code, out, _ = run_cli(capsys, "--encoding", "cp1252", fixture("cp1252.srt"))
    assert code == 0 and "1 cue, 0 errors" in out


def test_json_report_for_ci(capsys):
    code, out, _ = run_cli(capsys, "--format", "json", fixture("overlap.srt"),
                           fixture("binary.srt"))
    assert code == 2
    data = json.loads(out)
    first, second = data["files"]
    assert first["cues"] == 2 and first["errors"] == 1 and first["profile"] == "netflix-en"
    (v,) = first["violations"]
    assert (v["cue"], v["start"], v["rule"], v["measured"], v["limit"], v["severity"]) == (
        2, 3000, "overlap", 1000, 0, "error")
    assert "error" in second and data["unreadable"] == 1


def test_text_table_names_cue_time_rule_measured_and_limit(capsys):
    _, out, _ = run_cli(capsys, fixture("cps-error.srt"))
    header, row = out.splitlines()[1:3]
    assert header.split()[:8] == ["cue", "time", "file", "line", "rule", "measured", "limit", "severity"]
    assert row.split()[:7] == ["1", "00:00:01.000", "2", "cps", "43.3", "20", "error"]


def test_language_option_picks_the_ukrainian_profile(capsys):
    _, out, _ = run_cli(capsys, "--language", "uk", fixture("line-break.srt"))
    assert "profile netflix-uk" in out


# --------------------------------------------------- the generator's own output

SEED = Path(__file__).resolve().parents[1] / "transcripts" / "stoltenberg-kyiv.txt"


@pytest.mark.skipif(not SEED.exists(), reason="seed transcript not in this checkout")
def test_generated_english_captions_of_the_seed_have_zero_errors(tmp_path, capsys):
    from captions.pipeline import make_track, write_track
    from captions.transcript import read_transcript

    track = make_track(read_transcript(str(SEED)))
    errors = [v for v in check_track(track, NETFLIX_EN) if v.severity == "error"]
    assert errors == []
    paths = write_track(track, tmp_path, "seed", ["srt", "vtt"])
    code, out, _ = run_cli(capsys, *map(str, paths))
    assert code == 0, out


def test_file_line_and_cue_line_are_named_apart(capsys, tmp_path):
    path = tmp_path / "long.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:04,000\nShort first line\n" + "x" * 50 + "\n")
    _, out, _ = run_cli(capsys, str(path))
    row = next(line for line in out.splitlines() if "line-length" in line)
    assert row.split()[2] == "2"                      # the file's line: the timing line
    assert "cue line 2 has 50 characters" in row      # the cue's second line of text


def test_several_files_summary_counts_in_words(capsys, tmp_path):
    one = tmp_path / "a.srt"
    one.write_text("1\n00:00:01,000 --> 00:00:04,000\nHello there,\nfriend.\n")   # fits on one line
    _, out, _ = run_cli(capsys, str(one), str(one))
    assert out.strip().splitlines()[-1] == "2 files: 0 errors, 2 warnings"


def test_a_webvtt_file_with_nul_bytes_is_read_as_browsers_read_it(tmp_path):
    path = tmp_path / "nul.vtt"
    path.write_bytes(b"WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nHel\x00lo there.\n")
    report = check_file(str(path))
    assert report.error is None and report.track.cues[0].lines == ("Hel\ufffdlo there.",)
    assert [(v.rule, v.measured, v.line) for v in report.violations] == [("parse", "nul", 4)]
