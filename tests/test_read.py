"""Subtitle readers: every fixture reads as it should, leniently or strictly."""
from __future__ import annotations

import pytest

from captions.errors import EncodingError, CaptionsError, InputError, ParseError, UsageError
from captions.formats.read import (Problem, ReadResult, detect_format, language_from_name,
                                   parse_subtitles, read_subtitles)

from check_helpers import fixture

PLAIN = [(1000, 3000, ("Привіт, світе!",)), (3500, 5500, ("Café & naïve.",))]


def times_and_lines(result: ReadResult):
    return [(c.start, c.end, c.lines) for c in result.track.cues]


@pytest.mark.parametrize("name", ["bom.srt", "utf16.srt", "crlf.srt", "bom-crlf.vtt"])
def test_bom_utf16_and_crlf_read_like_plain_utf8(name):
    result = read_subtitles(fixture(name))
    assert times_and_lines(result) == PLAIN
    assert result.problems == ()
    assert all(c.provenance == "source" for c in result.track.cues)


def test_missing_indexes_and_no_trailing_newline():
    result = read_subtitles(fixture("missing-index.srt"))
    assert times_and_lines(result) == [(1000, 3000, ("No cue number here.",)),
                                       (3500, 5500, ("Nor here.",))]
    assert result.problems == ()
    result = read_subtitles(fixture("no-trailing-newline.srt"))
    assert times_and_lines(result) == [(1000, 3000, ("No newline at the end.",))]
    assert result.problems == ()


def test_bad_timestamp_skips_the_block_and_names_the_line():
    result = read_subtitles(fixture("bad-timestamp.srt"))
    assert [c.start for c in result.track.cues] == [1000, 6000]
    assert result.problems == (Problem(6, result.problems[0].message, "error", "bad-timing"),)
    assert "expected 'HH:MM:SS,mmm --> HH:MM:SS,mmm'" in result.problems[0].message


def test_strict_stops_at_the_first_problem_with_file_line_and_expectation():
    with pytest.raises(ParseError) as caught:
        read_subtitles(fixture("bad-timestamp.srt"), strict=True)
    err = caught.value
    assert err.line == 6 and err.path.endswith("bad-timestamp.srt")
    assert "expected" in str(err) and "bad-timestamp.srt:6:" in str(err)


@pytest.mark.parametrize("name, line, code, kept", [
    ("bad-block.srt", 5, "bad-block", 2),
    ("end-before-start.srt", 2, "end-before-start", 1),
    ("no-blank-line.srt", 4, "no-blank-line", 2),
    ("dot-timestamps.srt", 2, "nonstandard-timing", 1),
    ("no-header.vtt", 1, "no-header", 1),
])
def test_each_reading_problem_is_reported_with_its_line(name, line, code, kept):
    result = read_subtitles(fixture(name))
    assert [(p.line, p.code) for p in result.problems] == [(line, code)]
    assert len(result.track.cues) == kept
    with pytest.raises(ParseError) as caught:
        read_subtitles(fixture(name), strict=True)
    assert caught.value.line == line


def test_a_missing_blank_line_still_reads_both_cues_and_their_numbers():
    result = read_subtitles(fixture("no-blank-line.srt"))
    assert [c.lines for c in result.track.cues] == [("The blank line after this is missing.",),
                                                    ("So this cue follows straight on.",)]
    assert [r.ident for r in result.raw_cues] == ["1", "2"]


def test_other_tools_webvtt_ids_settings_tags_style_region_note_short_times():
    result = read_subtitles(fixture("other-tools.vtt"))
    assert result.problems == () and result.has_header
    first, second = result.track.cues
    assert (first.start, first.end) == (1000, 3000)  # mm:ss.ttt
    assert first.lines == ("Ukraine's future", "is in NATO.")
    assert first.speaker == "Jens Stoltenberg"        # <v.loud Jens Stoltenberg> ... </v>
    assert second.lines == ("Tom & Jerry <3 > ©",)
    assert second.speaker is None
    assert result.raw_cues[0].ident == "intro"
    assert result.raw_cues[0].settings == "align:start line:90%"
    assert result.raw_cues[1].text == ("<c.yellow>Tom &amp; Jerry</c> &lt;3 &gt; &#169;",)
    assert result.track.notes == ("a comment\nover two lines",)
    assert result.track.language == "en"


def test_srt_labels_set_the_speaker_until_the_next_label():
    text = ("1\n00:00:01,000 --> 00:00:02,000\nJENS STOLTENBERG: Hello.\n\n"
            "2\n00:00:02,500 --> 00:00:03,500\nStill me.\n\n"
            "3\n00:00:04,000 --> 00:00:05,000\nZELENSKYY: Thank you.\n\n"
            "4\n00:00:05,500 --> 00:00:06,500\nNote: not a label, OK: fine.\n")
    cues = parse_subtitles(text, fmt="srt").track.cues
    assert [c.speaker for c in cues] == ["JENS STOLTENBERG", "JENS STOLTENBERG", "ZELENSKYY",
                                         "ZELENSKYY"]
    assert [c.lines[0] for c in cues] == ["Hello.", "Still me.", "Thank you.",
                                          "Note: not a label, OK: fine."]
    assert [c.turn for c in cues] == [0, 0, 1, 1]
    assert [c.sentence for c in cues] == [0, 1, 2, 3]


def test_srt_without_labels_has_no_speakers_and_cyrillic_labels_work():
    assert read_subtitles(fixture("missing-index.srt")).track.cues[0].speaker is None
    cues = parse_subtitles("00:00:01,000 --> 00:00:02,000\nСТОЛТЕНБЕРГ: Дякую.\n",
                           fmt="srt").track.cues
    assert (cues[0].speaker, cues[0].lines) == ("СТОЛТЕНБЕРГ", ("Дякую.",))


def test_sentences_continue_across_cues_until_a_full_stop():
    text = ("00:00:01,000 --> 00:00:02,000\nWe discussed the results\n\n"
            "00:00:02,500 --> 00:00:03,500\nof the summit.\n\n"
            "00:00:04,000 --> 00:00:05,000\nThen we left...\n\n"
            "00:00:05,500 --> 00:00:06,500\nfor home.\n")
    assert [c.sentence for c in parse_subtitles(text, fmt="srt").track.cues] == [0, 0, 1, 1]


def test_vtt_header_metadata_and_language_from_file_name():
    result = parse_subtitles("WEBVTT\nLanguage: uk\n\n00:01.000 --> 00:02.000\nТак.\n", fmt="vtt")
    assert result.track.language == "uk" and result.language == "uk"
    assert language_from_name("out/talk.uk.srt") == "uk"
    assert language_from_name("talk.srt") is None
    assert read_subtitles(fixture("line-break.uk.srt")).track.language == "uk"


def test_format_detection():
    assert detect_format("WEBVTT\n\n00:01.000 --> 00:02.000\nx\n") == "vtt"
    assert detect_format("00:00:01.000 --> 00:00:02.000\nx\n") == "vtt"
    assert detect_format("1\n00:00:01,000 --> 00:00:02,000\nx\n") == "srt"
    assert read_subtitles(fixture("no-header.vtt")).format == "vtt"   # from the extension
    with pytest.raises(UsageError):
        parse_subtitles("", fmt="ass")


def test_unreadable_inputs_raise_our_errors(tmp_path):
    with pytest.raises(InputError, match="binary data"):
        read_subtitles(fixture("binary.srt"))
    with pytest.raises(EncodingError, match="not valid UTF-8"):   # the CLI adds "give --encoding"
        read_subtitles(fixture("cp1252.srt"))
    result = read_subtitles(fixture("cp1252.srt"), encoding="cp1252")
    assert result.track.cues[0].lines == ("Café – naïve.",)
    with pytest.raises(InputError, match="no such file"):
        read_subtitles(tmp_path / "missing.srt")
    with pytest.raises(InputError, match="directory"):
        read_subtitles(tmp_path)


@pytest.mark.parametrize("text", ["", "   \n\n \n", "just some words\n"])
def test_empty_or_cueless_input_is_an_error_problem(text):
    result = parse_subtitles(text, fmt="srt")
    assert result.track.cues == () and result.errors
    with pytest.raises(ParseError, match="expected"):
        parse_subtitles(text, fmt="srt", strict=True)


def test_times_are_integer_milliseconds():
    result = parse_subtitles("00:00:01,5 --> 123:59:59,999\nx\n", fmt="srt")
    cue = result.track.cues[0]
    assert (cue.start, cue.end) == (1500, ((123 * 60 + 59) * 60 + 59) * 1000 + 999)
    assert isinstance(cue.start, int) and isinstance(cue.end, int)
    assert result.problems[0].code == "nonstandard-timing"  # one fraction digit


def test_minutes_or_seconds_of_60_or_more_are_bad_timings():
    result = parse_subtitles("00:00:75,000 --> 00:01:20,000\nx\n", fmt="srt")
    assert result.track.cues == () and result.problems[0].code == "bad-timing"


def test_raw_cues_keep_what_a_checker_needs():
    text = ("WEBVTT\n\n00:01.000 --> 00:02.000\n<v A>-Fish & chips\n<v B>-a --> b <i>x</i>\n")
    result = parse_subtitles(text, fmt="vtt")
    raw = result.raw_cues[0]
    assert raw.text == ("<v A>-Fish & chips", "<v B>-a --> b <i>x</i>")
    assert raw.display == ("-Fish & chips", "-a --> b x")
    assert raw.speakers == ("A", "B")
    assert raw.line == 3 and raw.text_line_numbers == (4, 5)
    assert result.track.cues[0].speaker == "A"


def test_pathological_lines_read_in_linear_time():
    import time

    line = "<" * 200_000 + "{\\" * 100_000
    started = time.perf_counter()
    for fmt in ("srt", "vtt"):
        parse_subtitles(f"WEBVTT\n\n00:01.000 --> 00:02.000\n{line}\n", fmt=fmt)
    assert time.perf_counter() - started < 5


def test_errors_are_captions_errors():
    assert issubclass(ParseError, CaptionsError)
