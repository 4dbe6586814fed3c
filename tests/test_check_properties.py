"""Hypothesis: check never crashes, exits 0/1/2, and passes tracks built to meet a profile."""
from __future__ import annotations

import contextlib
import io
import os
import tempfile

from hypothesis import given, settings, strategies as st

from captions.check import check_track, summary
from captions.cli import main
from captions.formats.read import parse_subtitles
from captions.formats.srt import format_srt
from captions.formats.vtt import format_vtt
from captions.profiles import BBC, NETFLIX_EN, NETFLIX_UK

from check_helpers import tracks, tracks_meeting

_DIR = tempfile.mkdtemp(prefix="captions-check-")


def run_check(data: bytes, suffix: str, *extra: str) -> int:
    path = os.path.join(_DIR, f"input{suffix}")
    with open(path, "wb") as handle:
        handle.write(data)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check", *extra, path])
    assert "Traceback" not in err.getvalue()
    return code


@settings(max_examples=120, deadline=None)
@given(st.binary(max_size=300), st.sampled_from([".srt", ".vtt", ".uk.srt", ".txt"]),
       st.sampled_from([(), ("--strict",), ("--format", "json")]))
def test_check_on_arbitrary_bytes_exits_0_1_or_2(data, suffix, extra):
    assert run_check(data, suffix, *extra) in (0, 1, 2)


@settings(max_examples=60, deadline=None)
@given(tracks(vtt_symbols=True), st.sampled_from(["srt", "vtt"]))
def test_check_on_arbitrary_well_formed_tracks_never_crashes(track, fmt):
    violations = check_track(track, NETFLIX_EN)
    assert summary(violations, track).startswith(f"{len(track.cues)} cue")
    text = format_srt(track) if fmt == "srt" else format_vtt(track)
    assert run_check(text.encode(), f".{fmt}") in (0, 1)


@settings(max_examples=80, deadline=None)
@given(st.data(), st.sampled_from([NETFLIX_EN, NETFLIX_UK, BBC]))
def test_tracks_built_to_satisfy_a_profile_have_no_errors(data, profile):
    track = data.draw(tracks_meeting(profile, vtt_symbols=True))
    assert [v for v in check_track(track, profile) if v.severity == "error"] == []
    for text, fmt in ((format_vtt(track), "vtt"), (format_srt(track), "srt")):
        result = parse_subtitles(text, fmt=fmt)
        errors = [v for v in check_track(result.track, profile, raw=result)
                  if v.severity == "error"]
        assert errors == []
