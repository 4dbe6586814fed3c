"""Readers against arbitrary input and against independent parsers (srt, webvtt-py, pysubs2)."""
from __future__ import annotations

import html
from datetime import timedelta

import pysubs2
import pytest
import srt
import webvtt
from hypothesis import HealthCheck, given, settings, strategies as st

from captions.errors import CaptionsError
from captions.formats.read import parse_subtitles, read_subtitles
from captions.formats.srt import format_srt
from captions.formats.vtt import format_vtt
from captions.model import Track
from captions.textio import decode, encode

from check_helpers import fixture, line_text, tracks

SUBTITLE_PIECES = st.sampled_from([
    "1\n", "00:00:01,000 --> 00:00:02,000\n", "00:01.000 --> 00:02.000 line:0\n", "\n", "\n\n",
    "WEBVTT\n", "NOTE x\n", "STYLE\n", "text\n", "<v A>", "</v>", "&amp;", "&", "<", "-->",
    "STOLTENBERG: ", "-", "\r\n", "\ufeff", "99:99:99,999", "0", ":", ",", ".", " ", "<i>",
    "{\\an8}", "\x00", "é", "Ж",
])


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400), st.booleans(), st.sampled_from(["srt", "vtt", None]))
def test_arbitrary_bytes_raise_only_our_errors(data, strict, fmt):
    try:
        result = parse_subtitles(decode(data), fmt=fmt, strict=strict)
    except CaptionsError:
        return
    assert len(result.raw_cues) == len(result.track.cues)


@settings(max_examples=300, deadline=None)
@given(st.lists(SUBTITLE_PIECES, max_size=40).map("".join), st.booleans(),
       st.sampled_from(["srt", "vtt", None]))
def test_subtitle_like_garbage_raises_only_our_errors(text, strict, fmt):
    try:
        result = parse_subtitles(text, fmt=fmt, strict=strict)
    except CaptionsError:
        return
    for cue in result.track.cues:
        assert isinstance(cue.start, int) and 0 <= cue.start <= cue.end


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=200))
def test_arbitrary_files_raise_only_our_errors(tmp_path, data):
    path = tmp_path / "any.vtt"
    path.write_bytes(data)
    try:
        read_subtitles(path)
    except CaptionsError:
        pass


@st.composite
def srt_subtitles(draw):
    subs, clock = [], 0
    for index in range(1, draw(st.integers(1, 6)) + 1):
        clock += draw(st.integers(0, 5000))
        length = draw(st.integers(0, 8000))
        lines = draw(st.lists(line_text(max_chars=50), min_size=1, max_size=3))
        subs.append(srt.Subtitle(index, timedelta(milliseconds=clock),
                                 timedelta(milliseconds=clock + length), "\n".join(lines)))
        clock += length
    return subs


@settings(max_examples=150, deadline=None)
@given(srt_subtitles(), st.booleans(), st.booleans(), st.booleans())
def test_srt_package_output_reads_back_exactly_with_bom_crlf_and_no_final_newline(
        subs, bom, crlf, trim):
    text = srt.compose(subs)
    if trim:
        text = text.rstrip("\n")
    expected = list(srt.parse(text))          # the srt package drops zero-length cues
    if not expected:
        return
    result = parse_subtitles(decode(encode(text, bom=bom, crlf=crlf)), fmt="srt", strict=True)
    assert [(c.start, c.end, c.text) for c in result.track.cues] == [
        (s.start // timedelta(milliseconds=1), s.end // timedelta(milliseconds=1), s.content)
        for s in expected]


@settings(max_examples=60, deadline=None)
@given(tracks(vtt_symbols=True))
def test_our_vtt_reads_back_exactly_and_agrees_with_webvtt_py(track):
    text = format_vtt(track)
    result = parse_subtitles(text, fmt="vtt", strict=True)
    # what the viewer reads comes back exactly (a line opened by a dash or a label is
    # read as that mark and its words)
    assert [(c.start, c.end, c.shown, c.speaker) for c in result.track.cues] == [
        (c.start, c.end, c.shown, c.speaker) for c in track.cues]
    theirs = webvtt.from_string(text)
    assert [(c.start_time.in_milliseconds(), c.end_time.in_milliseconds())
            for c in theirs] == [(c.start, c.end) for c in result.track.cues]


@settings(max_examples=100, deadline=None)
@given(tracks())
def test_our_srt_reads_back_with_surname_labels(track):
    from captions.fit import mark_speakers

    track = Track(tuple(mark_speakers(track.cues, "turn")))
    result = parse_subtitles(format_srt(track), fmt="srt", strict=True)
    assert [(c.start, c.end, c.lines) for c in result.track.cues] == [
        (c.start, c.end, c.lines) for c in track.cues]
    # All generated cues share turn 0: only the first is labelled, and the label holds.
    first = track.cues[0].speaker
    expected = first.split()[-1].upper() if first else None
    assert {c.speaker for c in result.track.cues} == {expected}


@pytest.mark.parametrize("name", ["bom.srt", "crlf.srt", "utf16.srt", "missing-index.srt",
                                  "no-trailing-newline.srt", "clean.en.srt", "gap.srt"])
def test_pysubs2_agrees_on_srt_fixtures(name):
    ours = read_subtitles(fixture(name)).track.cues
    data = open(fixture(name), "rb").read()
    theirs = pysubs2.SSAFile.from_string(decode(data), format_="srt")
    assert [(c.start, c.end) for c in ours] == [(e.start, e.end) for e in theirs]
    assert ["\n".join(c.shown) for c in ours if not c.speaker] == [
        e.plaintext for e, c in zip(theirs, ours) if not c.speaker]


@pytest.mark.parametrize("name", ["clean.en.vtt", "other-tools.vtt", "bom-crlf.vtt",
                                  "speakers.vtt", "dialogue-ok.vtt"])
def test_webvtt_py_agrees_on_vtt_fixtures(name):
    ours = read_subtitles(fixture(name)).track.cues
    theirs = webvtt.read(fixture(name))
    assert [(c.start, c.end) for c in ours] == [
        (c.start_time.in_milliseconds(), c.end_time.in_milliseconds()) for c in theirs]
    # webvtt-py removes tags but leaves entities escaped.
    assert ["\n".join(c.shown) for c in ours] == [html.unescape(c.text).strip() for c in theirs]
