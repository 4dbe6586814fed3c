"""captions attach: real ffmpeg, 5 s clips made at test time, cues read back exactly."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from captions.cli import main
from captions.errors import InputError, OutputError, ParseError, UsageError
from captions.media.attach import attach, burn_filter, captioned_path
from captions.languages import language_from_path, lookup, parse_language
from captions.ffmpeg import probe

from media_helpers import (EN_CUES, UK_CUES, band_difference, gray_frame, make_clip,
                           parse_srt_plain, read_stream, write_captions)


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    folder = tmp_path_factory.mktemp("media")
    return {
        "folder": folder,
        "mp4": make_clip(folder / "clip.mp4", "mp4"),
        "webm": make_clip(folder / "clip.webm", "webm"),
        "caps": write_captions(folder),
    }


def _snapshot(folder: Path) -> dict[str, float]:
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}


def _subs(path):
    return probe(str(path)).of_kind("subtitle")


@pytest.mark.parametrize("ext,codecs", [(".mp4", ("mov_text", "mov_text")),
                                        (".mkv", ("webvtt", "subrip"))])
def test_attach_reads_back_every_cue_exactly(media, tmp_path, ext, codecs):
    caps = media["caps"]
    before = media["mp4"].read_bytes()
    out = tmp_path / f"out{ext}"
    result = attach(media["mp4"], [caps["en.vtt"], caps["uk.srt"]], out)
    assert media["mp4"].read_bytes() == before            # input untouched
    assert [t.language.iso639_2 for t in result.tracks] == ["eng", "ukr"]
    subs = _subs(out)
    assert [(s.codec, s.language, s.title, s.default) for s in subs] == [
        (codecs[0], "eng", "English", True), (codecs[1], "ukr", "Українська", False)]
    assert parse_srt_plain(read_stream(out, 0)) == EN_CUES
    assert parse_srt_plain(read_stream(out, 1)) == UK_CUES
    # audio and video copied, not re-encoded
    kinds = {s.kind: s.codec for s in probe(str(out)).streams if s.kind != "subtitle"}
    assert kinds == {"video": "h264", "audio": "aac"}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]   # no temp file left


def test_mkv_keeps_our_webvtt_bytes(media, tmp_path):
    """MKV gets the VTT as written: copied back out, the escaped text is intact."""
    import subprocess
    from captions.ffmpeg import find_ffmpeg

    out = tmp_path / "out.mkv"
    attach(media["mp4"], [media["caps"]["uk.vtt"]], out)
    text = subprocess.run([find_ffmpeg(), "-v", "error", "-i", str(out), "-map", "0:s:0", "-c:s", "copy",
                           "-f", "webvtt", "-"], capture_output=True, check=True).stdout.decode()
    assert "Том &amp; Джеррі: x &lt; 5" in text
    assert "<v Єнс Столтенберг>Два рядки тут,\nдругий рядок з «лапками»." in text


def test_default_track_and_language_override(media, tmp_path):
    caps = media["caps"]
    out = tmp_path / "out.mkv"
    plain = tmp_path / "subs.srt"                         # no language in the name
    plain.write_bytes(caps["en.srt"].read_bytes())
    result = attach(media["mp4"], [caps["en.vtt"], caps["uk.vtt"], plain], out,
                    languages=[None, None, "deu"], default="uk")
    subs = _subs(out)
    assert [(s.language, s.title, s.default) for s in subs] == [
        ("eng", "English", False), ("ukr", "Українська", True), ("ger", "Deutsch", False)]
    assert result.tracks[1].default
    out2 = tmp_path / "none.mkv"
    attach(media["mp4"], [caps["en.vtt"]], out2, default="none")
    assert [s.default for s in _subs(out2)] == [False]


def test_webm_takes_vtt_and_vp9(media, tmp_path):
    caps = media["caps"]
    out = tmp_path / "out.webm"
    attach(media["webm"], [caps["en.vtt"], caps["uk.vtt"]], out, default="uk")
    subs = _subs(out)
    assert [(s.codec, s.language, s.default) for s in subs] == [
        ("webvtt", "eng", False), ("webvtt", "ukr", True)]
    assert parse_srt_plain(read_stream(out, 1)) == UK_CUES


def test_webm_with_h264_fails_before_any_work(media, tmp_path):
    before = _snapshot(tmp_path)
    started = time.monotonic()
    with pytest.raises(InputError, match="WebM holds only VP8, VP9 or AV1 video.*h264"):
        attach(media["mp4"], [media["caps"]["en.vtt"]], tmp_path / "out.webm")
    assert time.monotonic() - started < 2
    assert _snapshot(tmp_path) == before                   # nothing written, no temp file


def test_webm_refuses_srt(media, tmp_path):
    with pytest.raises(UsageError, match="WebM holds only WebVTT"):
        attach(media["webm"], [media["caps"]["uk.srt"]], tmp_path / "out.webm")


def test_input_is_never_overwritten(media, tmp_path):
    video = tmp_path / "v.mp4"
    video.write_bytes(media["mp4"].read_bytes())
    caption = tmp_path / "talk.en.srt"
    caption.write_bytes(media["caps"]["en.srt"].read_bytes())
    for target in (video, caption):
        before = target.read_bytes()
        with pytest.raises(OutputError, match="overwrite"):
            attach(video, [caption], target)
        assert target.read_bytes() == before


def test_bad_caption_file_stops_before_muxing(media, tmp_path):
    bad = tmp_path / "bad.en.vtt"
    bad.write_text("WEBVTT\n\n00:00:00.500 --> 00:00:01.000\nok\n\n00:00:01.x00 --> 00:00:02.000\nlost\n",
                   encoding="utf-8")
    before = _snapshot(tmp_path)
    with pytest.raises(ParseError) as info:
        attach(media["mp4"], [bad], tmp_path / "out.mkv")
    assert "bad.en.vtt:6" in str(info.value)                # names the file and line
    assert _snapshot(tmp_path) == before


def test_failure_after_muxing_leaves_no_file(media, tmp_path):
    """Overlapping cues cannot go into MP4: caught by the packet check, temp file removed."""
    overlap = tmp_path / "o.en.srt"
    overlap.write_text("1\n00:00:00,500 --> 00:00:02,000\none\n\n2\n00:00:01,500 --> 00:00:03,000\ntwo\n",
                       encoding="utf-8")
    out = tmp_path / "o.mp4"
    with pytest.raises(InputError, match="overlapping cues"):
        attach(media["mp4"], [overlap], out)
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_burn_in_draws_in_the_bottom_band(media, tmp_path):
    # A path that needs both levels of filter escaping.
    nasty = tmp_path / "it's [a], b;c: d%.uk.srt"
    nasty.write_bytes(media["caps"]["uk.srt"].read_bytes())
    out = tmp_path / "burnt.mp4"
    result = attach(media["mp4"], [media["caps"]["en.vtt"], nasty], out, burn="uk")
    assert result.burned and result.burned.language.code == "uk"
    assert [(s.language) for s in _subs(out)] == ["eng"]   # the burnt track is not also soft
    at = 2.0                                                # inside UK cue 2 (two lines)
    with_text, without = gray_frame(out, at), gray_frame(media["mp4"], at)
    bottom = band_difference(with_text, without, 320, range(135, 180))
    top = band_difference(with_text, without, 320, range(0, 90))
    assert bottom > 4 * max(top, 0.5), (bottom, top)
    assert 'subtitles=filename=' in burn_filter(str(nasty)) and "\\[a\\]" in burn_filter(str(nasty))


def test_languages():
    assert language_from_path("x/talk.uk.srt").iso639_2 == "ukr"
    assert language_from_path("talk.en.vtt").name == "English"
    assert language_from_path("talk.pt-BR.forced.srt").iso639_2 == "por"
    assert language_from_path("talk.srt").iso639_2 == "und"
    assert lookup("deu").iso639_2 == "ger" and lookup("DE").name == "Deutsch"
    with pytest.raises(UsageError):
        parse_language("klingon")
    assert captioned_path("in/talk.mp4", "out") == os.path.join("out", "talk.captioned.mp4")


def test_cli_attach_and_errors(media, tmp_path, capsys):
    caps = media["caps"]
    out = tmp_path / "talk.captioned.mp4"
    code = main(["attach", str(media["mp4"]), str(caps["en.srt"]), str(caps["uk.srt"]),
                 "-o", str(out), "--default", "uk"])
    assert code == 0
    printed = capsys.readouterr().out
    assert "2 subtitle track(s)" in printed and "Українська (default)" in printed
    assert main(["attach", str(media["mp4"]), str(caps["en.srt"]), "-o", str(tmp_path / "x.avi")]) == 2
    assert "cannot tell the container" in capsys.readouterr().err
    assert main(["attach", str(media["mp4"]), str(caps["en.srt"]), "-o", str(tmp_path / "x.mkv"),
                 "--ffmpeg", "/no/such/ffmpeg"]) == 1
    assert "ffmpeg not found" in capsys.readouterr().err
