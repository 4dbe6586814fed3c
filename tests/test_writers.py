"""SRT, WebVTT and JSON writers: read(write(track)) == track, by us and by third-party readers."""
from __future__ import annotations

import html
import json

import pysubs2
import srt
import webvtt
from hypothesis import given, settings, strategies as st

from captions.fit import mark_speakers
from captions.formats.json import format_json
from captions.formats.read import parse_subtitles
from captions.formats.srt import format_srt
from captions.formats.vtt import format_vtt
from captions.model import Cue, Track
from captions.textio import decode, encode

TRACK = Track(cues=(
    Cue(0, 1500, ("Fish & chips <now>", "a --> b"), speaker="Ann Lee", turn=0),
    Cue(1600, 3000, ("Ще раз дякую.",), speaker="Ann Lee", turn=0),
    Cue(3100, 4000, ("Thanks.",), speaker="Bob Ray", turn=1),
    Cue(3_600_000 + 4100, 3_600_000 + 5000, ("Late.",)),
), title="A <title> & more", language="en")
LABELLED = Track(cues=tuple(mark_speakers(TRACK.cues, "turn")), title=TRACK.title)


def test_vtt_escapes_and_voice_spans():
    text = format_vtt(TRACK)
    assert text.startswith("WEBVTT\n")
    assert "<v Ann Lee>Fish &amp; chips &lt;now&gt;\na --&gt; b" in text
    # the viewer sees the label (browsers do not show voice names); machines get the span
    assert "<v Ann Lee>LEE: Fish &amp; chips" in format_vtt(LABELLED)
    assert "NOTE\nTitle: A <title> & more\n" in text  # NOTE text is not cue text: kept as is
    body = text.split("\n\n", 2)[2]
    assert "-->" not in body.replace(" --> ", "")  # only in timing lines
    assert "Timings: estimated from the text." in text
    assert "01:00:04.100 --> 01:00:05.000" in text


def test_srt_labels_the_first_cue_of_each_turn_only():
    text = format_srt(LABELLED)
    assert "LEE: Fish & chips <now>" in text
    assert "\nЩе раз дякую." in text and "LEE: Ще" not in text
    assert "RAY: Thanks." in text
    assert "LEE" not in format_srt(Track(tuple(mark_speakers(TRACK.cues, "none"))))
    chevrons = format_srt(Track(tuple(mark_speakers(TRACK.cues, "chevrons"))))
    assert "\n>> Fish & chips" in chevrons and "\n>> Thanks." in chevrons and ">> Ще" not in chevrons


def test_a_dialogue_cue_in_every_format():
    cue = Cue(0, 2000, ("What's that?", "Tape recorder."), speaker="Ann Lee", turn=0,
              voices=("Ann Lee", "Bob Ray"))
    track = Track((cue, Cue(2500, 4000, ("An old one.",), speaker="Bob Ray", turn=1)))
    for labels, shown in (("none", ["-What's that?", "-Tape recorder."]),
                          ("turn", ["-LEE: What's that?", "-RAY: Tape recorder."]),
                          ("chevrons", [">> What's that?", ">> Tape recorder."])):
        marked = Track(tuple(mark_speakers(track.cues, labels)))
        assert list(marked.cues[0].shown) == shown and marked.cues[1].shown == ("An old one.",)
        assert "\n".join(shown) in format_srt(marked)
        vtt = format_vtt(marked)
        assert f"<v Ann Lee>{html.escape(shown[0], quote=False)}</v>\n<v Bob Ray>" in vtt
        for text, fmt in ((format_srt(marked), "srt"), (vtt, "vtt")):
            back = parse_subtitles(text, fmt=fmt, strict=True).track.cues
            assert back[0].lines == cue.lines and back[0].shown == tuple(shown)
            # WebVTT keeps the names in voice spans; SRT only in labels, if it has them
            voices = cue.voices if fmt == "vtt" else ("LEE", "RAY") if labels == "turn" else (None, None)
            assert back[0].voices == voices and back[0].is_dialogue


def test_srt_read_back_by_srt_and_pysubs2():
    text = format_srt(TRACK)
    subs = list(srt.parse(text))
    assert [(s.start.total_seconds() * 1000, s.end.total_seconds() * 1000, s.content) for s in subs] == \
        [(c.start, c.end, c.text) for c in TRACK.cues]
    ps = pysubs2.SSAFile.from_string(text, format_="srt")
    assert [(e.start, e.end) for e in ps] == [(c.start, c.end) for c in TRACK.cues]


def test_vtt_read_back_by_webvtt_py():
    vtt = webvtt.from_buffer(__import__("io").StringIO(format_vtt(TRACK)))
    got = [(c.start, c.end, html.unescape(c.text), c.voice) for c in vtt]
    assert [g[2] for g in got] == [c.text for c in TRACK.cues]
    assert [g[3] for g in got] == [c.speaker for c in TRACK.cues]
    assert got[0][:2] == ("00:00:00.000", "00:00:01.500")


def test_bom_and_crlf_options():
    data = encode(format_srt(TRACK), bom=True, crlf=True)
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    assert decode(data) == format_srt(TRACK)


def test_json_is_the_cue_model():
    data = json.loads(format_json(TRACK))
    assert data["cues"][0]["start_ms"] == 0 and data["cues"][0]["lines"] == list(TRACK.cues[0].lines)
    assert data["cues"][2]["speaker"] == "Bob Ray"
    assert {c["provenance"] for c in data["cues"]} == {"estimated"}


# ------------------------------------------------------------ round trips
line = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=40) \
    .map(lambda s: " ".join(s.split())).filter(bool) \
    .filter(lambda s: not s.startswith((">>", "-", "–", "—")) and ":" not in s[:40] and "：" not in s)
speaker = st.one_of(st.none(), st.sampled_from(["Ann Lee", "Jens Stoltenberg", "Володимир Зеленський"]))


@st.composite
def tracks(draw):
    n = draw(st.integers(min_value=1, max_value=8))
    t = draw(st.integers(min_value=0, max_value=10_000))
    cues = []
    turn, prev = 0, object()
    for _ in range(n):
        who = draw(speaker)
        if who != prev:
            turn += 1
        prev = who
        d = draw(st.integers(min_value=1, max_value=9000))
        cues.append(Cue(t, t + d, tuple(draw(st.lists(line, min_size=1, max_size=2))), speaker=who, turn=turn))
        t += d + draw(st.integers(min_value=0, max_value=5000))
    return Track(cues=tuple(cues))


def _same(a: Track, b: Track, *, speakers: bool) -> None:
    assert [(c.start, c.end, c.lines, c.shown) for c in a.cues] == \
        [(c.start, c.end, c.lines, c.shown) for c in b.cues]
    if speakers:
        assert [c.speaker for c in a.cues] == [c.speaker for c in b.cues]


labels = st.sampled_from(["turn", "chevrons", "none"])


@settings(max_examples=150, deadline=None)
@given(tracks(), labels)
def test_vtt_round_trip_ours_and_webvtt_py(track, style):
    track = Track(tuple(mark_speakers(track.cues, style)))
    text = format_vtt(track)
    _same(track, parse_subtitles(text, fmt="vtt", strict=True).track, speakers=True)
    vtt = webvtt.from_buffer(__import__("io").StringIO(text))
    assert [html.unescape(c.text) for c in vtt] == ["\n".join(c.shown) for c in track.cues]
    assert [c.voice for c in vtt] == [c.speaker for c in track.cues]


@settings(max_examples=150, deadline=None)
@given(tracks(), st.booleans(), st.booleans(), labels)
def test_srt_round_trip_ours_srt_and_pysubs2(track, bom, crlf, style):
    track = Track(tuple(mark_speakers(track.cues, style)))
    text = format_srt(track)
    raw = encode(text, bom=bom, crlf=crlf)
    _same(track, parse_subtitles(decode(raw), fmt="srt", strict=True).track, speakers=False)
    subs = list(srt.parse(text))
    assert [s.content for s in subs] == ["\n".join(c.shown) for c in track.cues]
    assert [round(s.start.total_seconds() * 1000) for s in subs] == [c.start for c in track.cues]
    ps = pysubs2.SSAFile.from_string(text, format_="srt")
    assert [(e.start, e.end) for e in ps] == [(c.start, c.end) for c in track.cues]


def test_vtt_marks_stretches_timed_another_way_and_keeps_notes_valid():
    from dataclasses import replace

    cues = [replace(c, provenance=p) for c, p in zip(TRACK.cues, ["aligned", "aligned", "spread", "estimated"])]
    text = format_vtt(Track(cues=tuple(cues), title="odd --> title\n\nwith a blank line"))
    assert text.count("NOTE timing:") == 3
    assert "NOTE timing: spread over detected speech" in text
    parsed = webvtt.from_buffer(__import__("io").StringIO(text))
    assert len(parsed) == 4
    assert "odd -> title\nwith a blank line" in text
    assert parse_subtitles(text, fmt="vtt", strict=True).track.cues[2].text == "Thanks."
