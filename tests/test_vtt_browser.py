"""WebVTT read exactly as a browser reads it (captions.formats.vtt_browser).

The conformance tests are the W3C's own: web-platform-tests
webvtt/parsing/file-parsing/, one input per test in tests/fixtures/wpt-webvtt/
and the cues a browser must produce in its expected.json (which cites each
test and the commit it was read at).  Then the differences from the lenient
reader that issue 11 lists, the byte decoding, ``browser_disagreements`` and
the ``browser`` check rule, and properties: the parser never raises, and reads
back exactly what our own writer wrote.

``python tests/test_vtt_browser.py`` prints how many of the WPT tests the
lenient reader and webvtt-py match (cue count, id, start, end, text).
"""
from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from captions.check.browser import browser_disagreements
from captions.errors import CaptionsError, UsageError
from captions.formats.read import read_subtitles
from captions.formats.vtt import escape, format_vtt
from captions.formats.vtt_browser import BrowserReading, decode_as_browser, parse_as_browser, read_as_browser
from captions.model import Cue, Track

FIXTURES = Path(__file__).parent / "fixtures" / "wpt-webvtt"
WPT = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))["tests"]


# ------------------------------------------------------------ WPT conformance

def _same_value(actual, expected) -> bool:
    """testharness.js assert_equals: SameValue, so 0 and -0 differ; ints compare as JS numbers."""
    if isinstance(expected, str) or expected is None or isinstance(expected, bool):
        return actual == expected and type(actual) is type(expected)
    if isinstance(actual, bool) or not isinstance(actual, (int, float)):
        return False
    a, e = float(actual), float(expected)
    return a == e and math.copysign(1, a) == math.copysign(1, e)


_REGION_PROPS = {"id": lambda r: r.id, "width": lambda r: r.width, "lines": lambda r: r.lines,
                 "regionAnchorX": lambda r: r.region_anchor[0],
                 "regionAnchorY": lambda r: r.region_anchor[1],
                 "viewportAnchorX": lambda r: r.viewport_anchor[0],
                 "viewportAnchorY": lambda r: r.viewport_anchor[1], "scroll": lambda r: r.scroll}
_CUE_SETTINGS = {"line": lambda s: "auto" if s.line is None else s.line,
                 "snapToLines": lambda s: s.snap_to_lines, "lineAlign": lambda s: s.line_align,
                 "position": lambda s: "auto" if s.position is None else s.position,
                 "positionAlign": lambda s: s.position_align, "size": lambda s: s.size,
                 "align": lambda s: s.align, "vertical": lambda s: s.vertical}


def _setting_faults(reading: BrowserReading, k: int, expected: dict) -> list[str]:
    faults = []
    settings = reading.cues[k].settings
    for name, want in expected.items():
        if name != "region":
            got = _CUE_SETTINGS[name](settings)
            if not _same_value(got, want):
                faults.append(f"cue {k} {name}: {got!r}, want {want!r}")
            continue
        region = settings.region
        if want is None:
            if region is not None:
                faults.append(f"cue {k} region: {region}, want none")
            continue
        if region is None:
            faults.append(f"cue {k} has no region, want {want}")
            continue
        for prop, value in want.items():
            if prop == "same_as":
                ok = reading.cues[value].settings.region == region
            elif prop == "not_same_as":
                ok = reading.cues[value].settings.region != region
            elif prop == "not_null":
                ok = True
            else:
                ok = _same_value(_REGION_PROPS[prop](region), value)
            if not ok:
                faults.append(f"cue {k} region {prop}: want {value!r}, got {region}")
    return faults


def _wpt_id(entry: dict) -> str:
    return entry["input"][:-len(".vtt")]


@pytest.mark.parametrize("entry", WPT, ids=_wpt_id)
def test_wpt_file_parsing(entry):
    """Each WPT test: the file loads or not, and cue for cue id, start, end, text and
    every setting the test asserts."""
    reading = read_subtitles(FIXTURES / entry["input"], as_browser=True)
    assert reading.accepted is entry["accepted"], entry["title"]
    got = [(cue.id, cue.start, cue.end, cue.text) for cue in reading.cues]
    assert got == [(c["id"], c["start"], c["end"], c["text"]) for c in entry["cues"]], entry["title"]
    faults = [fault for k, c in enumerate(entry["cues"])
              for fault in _setting_faults(reading, k, c.get("settings", {}))]
    assert faults == [], entry["title"]


def test_the_fixtures_cover_every_wpt_file_parsing_test():
    # 40 tests/*.html of webvtt/parsing/file-parsing (its WEB_FEATURES.yml lists them)
    # and the 11 files of signature-invalid.html.
    pages = {e["test"] for e in WPT}
    assert len(pages) == 41 and len(WPT) == 51
    assert sorted(p.name for p in FIXTURES.glob("*.vtt")) == sorted(e["input"] for e in WPT)
    assert all(len(e["input_from"]["commit"]) == 40 for e in WPT if "input_from" in e)


def test_timing_lines_are_numbered_for_reports():
    reading = read_as_browser((FIXTURES / "newlines.vtt").read_bytes())
    # WEBVTT CR CR cr CR timing ...: CR and CRLF count as line ends, as browsers split them
    assert [cue.line for cue in reading.cues] == [4, 8, 12, 16]


# ---------------------------------------- where the lenient reader is not a browser

def _both(tmp_path, body: str, name: str = "x.vtt"):
    path = tmp_path / name
    path.write_bytes(body.encode("utf-8") if isinstance(body, str) else body)
    return read_subtitles(path), read_subtitles(path, as_browser=True)


@pytest.mark.parametrize("timing", [
    "00:00:01,000 --> 00:00:02,000",        # SRT commas
    "00:1:00.000 --> 00:02:00.000",         # one-digit minutes
    "00:00:1.000 --> 00:00:02.000",         # one-digit seconds
    "00:00:01.5 --> 00:00:02.000",          # one fraction digit
    "00:00:01.50 --> 00:00:02.000",         # two
])
def test_timings_the_lenient_reader_keeps_browsers_drop(tmp_path, timing):
    lenient, browser = _both(tmp_path, f"WEBVTT\n\n{timing}\nHello.\n")
    assert len(lenient.track.cues) == 1
    assert browser.accepted and browser.cues == ()


def test_a_text_line_with_an_arrow_ends_the_cue_in_a_browser(tmp_path):
    lenient, browser = _both(tmp_path, "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nOne\nA --> B\nTwo\n")
    assert lenient.raw_cues[0].text == ("One", "A --> B", "Two")
    assert [(c.start, c.text) for c in browser.cues] == [(1000, "One")]


def test_form_feed_is_whitespace_to_a_browser(tmp_path):
    lenient, browser = _both(tmp_path, "WEBVTT\n\n00:00:01.000\x0c-->\x0c00:00:02.000\nHi\n")
    assert lenient.track.cues == ()
    assert [(c.start, c.end, c.text) for c in browser.cues] == [(1000, 2000, "Hi")]


def test_a_cue_ending_before_it_starts_is_kept_as_browsers_keep_it(tmp_path):
    lenient, browser = _both(tmp_path, "WEBVTT\n\nback\n00:00:05.000 --> 00:00:04.000\nHi\n")
    assert lenient.track.cues == ()
    assert [(c.id, c.start, c.end) for c in browser.cues] == [("back", 5000, 4000)]
    with pytest.raises(ValueError):        # why the browser reading is not a model Cue
        Cue(start=5000, end=4000, lines=("Hi",))


def test_nul_bytes_are_replacement_characters_not_an_error(tmp_path):
    path = tmp_path / "nul.vtt"
    path.write_bytes(b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA\x00B\n")
    assert [c.text for c in read_subtitles(path, as_browser=True).cues] == ["A\ufffdB"]


def test_as_browser_refuses_what_a_browser_cannot_do(tmp_path):
    path = tmp_path / "a.vtt"
    path.write_text("WEBVTT\n")
    for kwargs in ({"encoding": "cp1252"}, {"strict": True}, {"fmt": "srt"}):
        with pytest.raises(UsageError):
            read_subtitles(path, as_browser=True, **kwargs)


def test_the_default_reading_is_unchanged_and_remembers_the_browser_text(tmp_path):
    lenient, _ = _both(tmp_path, "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n")
    assert [c.lines for c in lenient.track.cues] == [("Hi",)]
    assert lenient.browser_text == "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n"
    srt = tmp_path / "a.srt"
    srt.write_text("1\n00:00:01,000 --> 00:00:02,000\nHi\n")
    assert read_subtitles(srt).browser_text is None


# ------------------------------------------------------------------ decoding

def test_decoding_takes_one_bom_off_and_normalizes_line_ends_and_nul():
    assert decode_as_browser(b"\xef\xbb\xbfWEBVTT\r\nA\rB\x00") == "WEBVTT\nA\nB\ufffd"
    assert decode_as_browser("\ufeff\ufeffWEBVTT".encode()) == "\ufeffWEBVTT"


def test_malformed_utf8_becomes_replacement_characters_by_maximal_subparts():
    # The Unicode Standard's example (chapter 3, "U+FFFD Substitution of Maximal
    # Subparts"), which the WHATWG UTF-8 decoder follows.
    data = bytes.fromhex("61 F1 80 80 E1 80 C2 62 80 63 80 BF 64")
    assert decode_as_browser(data) == "a\ufffd\ufffd\ufffdb\ufffdc\ufffd\ufffdd"


def test_a_utf16_file_is_garbage_to_a_browser():
    data = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n".encode("utf-16")
    assert read_as_browser(data).accepted is False


# ------------------------------------------------------- browser_disagreements

MIXED = ("WEBVTT\n"
         "\n"
         "00:00:01,000 --> 00:00:02,000\n"      # 3: comma: dropped
         "Comma.\n"
         "\n"
         "00:00:03.000 --> 00:00:04.000\n"      # 6: arrow in text: misread
         "One\n"
         "x --> y\n"
         "\n"
         "00:00:05.000 --> 00:00:04.000\n"      # 10: end before start: browsers keep it
         "Back.\n"
         "\n"
         "00:00:07.000 --> 00:00:08.000\n"      # 13: agree
         "Fine.\n")


def test_disagreements_name_the_line_and_what_differs():
    found = browser_disagreements(MIXED)
    assert [(d.kind, d.line, d.index) for d in found] == [("dropped", 3, 0), ("misread", 6, 1),
                                                           ("extra", 10, None)]
    assert "',' before the milliseconds" in found[0].message
    assert found[1].differs == ("text",) and "'One'" in found[1].message
    assert "'-->' ends the cue" in found[1].message


def test_a_file_browsers_reject_is_one_disagreement():
    found = browser_disagreements("00:00:01.000 --> 00:00:02.000\nHi\n")
    assert [(d.kind, d.line) for d in found] == [("rejected", 1)]


def test_files_our_writer_makes_have_no_disagreement():
    track = Track(cues=(Cue(0, 1500, ("Fish & chips <3 --> now",), speaker="Ann"),
                        Cue(2000, 3000, ("Two", "lines"))), title="T")
    assert browser_disagreements(format_vtt(track)) == ()


def test_a_file_read_leniently_carries_what_a_check_needs(tmp_path):
    # What `captions check` is to report as rule `browser` (the wiring is the lead's).
    path = tmp_path / "mixed.vtt"
    path.write_text(MIXED, encoding="utf-8")
    result = read_subtitles(path)
    found = browser_disagreements(result.browser_text, result)
    assert [(d.kind, d.line, d.index) for d in found] == [("dropped", 3, 0), ("misread", 6, 1),
                                                           ("extra", 10, None)]
    assert result.track.cues[found[1].index].start == 3000


def test_browsers_reject_a_file_with_two_boms_the_lenient_reader_takes(tmp_path):
    path = tmp_path / "boms.vtt"
    path.write_bytes("\ufeff\ufeffWEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n".encode())
    result = read_subtitles(path)
    assert result.has_header and len(result.track.cues) == 1
    assert [d.message for d in browser_disagreements(result.browser_text, result)] == [
        ("browsers load no cue: the file does not start with 'WEBVTT' followed by a space, "
         "a tab or a line end")]


# ---------------------------------------------------------------- properties

VTTISH = st.text(alphabet="WEBVT0123456789:.-> \t\x0c\n\r\x00%,abdegilnoprstuvxyzREGIONSTYLE",
                 max_size=80)
LINES = st.sampled_from([
    "", "00:00:01.000 --> 00:00:02.000", "00:01.000 --> 00:02.000 align:end line:10%,end",
    "01:00:00.000 --> 00:00:00.500 region:r position:50%,line-left size:20% vertical:rl",
    "00:00:01,000 --> 00:00:02,000", "0:00:01.000-->00:00:02.000", "\x0c00:00.000\t-->\x0c00:01.000",
    "-->", "a --> b", "NOTE", "NOTE x", "STYLE", "REGION", "id:r lines:2 scroll:up", "text", "  ", "\ufeff",
]) | VTTISH
FILES = st.builds(lambda head, lines, end: head + end.join(lines),
                  st.sampled_from(["WEBVTT", "WEBVTT\n", "WEBVTT x\n", "\ufeffWEBVTT\n", "WEBVTTx\n", ""]),
                  st.lists(LINES, max_size=25), st.sampled_from(["\n", "\r\n", "\r"]))


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=300), FILES))
def test_the_parser_never_raises_and_keeps_its_invariants(text):
    reading = parse_as_browser(text)
    lines = text.replace("\x00", "\ufffd").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for cue in reading.cues:
        assert "-->" in lines[cue.line - 1]                  # numbered at its timing line
        assert "-->" not in cue.text and "-->" not in cue.id  # a '-->' line always ends a block
        assert "" not in cue.text.split("\n") or cue.text == ""  # a blank line too
        assert "\n" not in cue.id                            # the id is the one line before
        assert cue.settings.region is None or cue.settings.region in reading.regions
    assert reading.accepted or reading.cues == ()


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_decode_and_parse(data):
    text = decode_as_browser(data)
    assert "\x00" not in text and "\r" not in text
    assert isinstance(read_as_browser(data), BrowserReading)


LINE = st.text(st.characters(codec="utf-8", exclude_characters="\n\r\x00"),
               min_size=1, max_size=30)


@st.composite
def tracks(draw):
    cues, start = [], 0
    for _ in range(draw(st.integers(0, 6))):
        start += draw(st.integers(0, 5_000))
        end = start + draw(st.integers(0, 8_000))
        cues.append(Cue(start, end, tuple(draw(st.lists(LINE, min_size=1, max_size=3))),
                        speaker=draw(st.none() | LINE),
                        provenance=draw(st.sampled_from(["estimated", "aligned", "source"]))))
    return Track(cues=tuple(cues), language=draw(st.sampled_from(["en", "uk", "pt-BR"])),
                 title=draw(st.none() | LINE), notes=tuple(draw(st.lists(NOTE, max_size=2))))


NOTE = st.text(st.characters(codec="utf-8", exclude_characters="\r\x00"),
               min_size=1, max_size=40) | st.sampled_from(["a --> b", "x -- > y", "NOTE", "STYLE"])


def _written_text(cue: Cue) -> str:
    lines = [escape(line) for line in cue.lines]
    if cue.speaker:
        lines[0] = f"<v {escape(' '.join(cue.speaker.split()))}>{lines[0]}"
    return "\n".join(lines)


@settings(max_examples=200, deadline=None)
@given(tracks())
def test_browsers_read_exactly_what_our_writer_writes(track):
    reading = read_as_browser(format_vtt(track).encode("utf-8"))
    assert reading.accepted
    assert [(c.id, c.start, c.end, c.text) for c in reading.cues] == [
        ("", cue.start, cue.end, _written_text(cue)) for cue in track.cues]


def test_a_note_with_a_long_arrow_stays_a_note():
    track = Track(cues=(Cue(0, 1000, ("Hi",)),), notes=("00:00:02.000 ---> 00:00:05.000",))
    assert [c.text for c in parse_as_browser(format_vtt(track)).cues] == ["Hi"]


# ------------------------------------------------------------ scoreboard

def _matches(expected: dict, cues) -> bool:
    """A reader matches a WPT test when it reads the same cues (count, id, start, end,
    text); for a file browsers reject, when it reads no cue (or refuses the file)."""
    return cues == [(c["id"], c["start"], c["end"], c["text"]) for c in expected["cues"]]


def _lenient_cues(path: Path):
    try:
        result = read_subtitles(path)
    except CaptionsError:              # it refuses the file (NUL bytes)
        return []
    return [(raw.ident or "", cue.start, cue.end, "\n".join(raw.text))
            for cue, raw in zip(result.track.cues, result.raw_cues, strict=True)]


def _webvtt_py_cues(path: Path):
    import webvtt
    from webvtt.errors import MalformedFileError

    try:
        captions = webvtt.read(str(path)).captions
    except MalformedFileError:         # it refuses the file
        return []

    def ms(ts) -> int:
        return ((ts.hours * 60 + ts.minutes) * 60 + ts.seconds) * 1000 + ts.milliseconds
    return [(c.identifier or "", ms(c.start_time), ms(c.end_time), c.raw_text) for c in captions]


def scoreboard() -> dict:
    readers = {"browser": lambda p: [(c.id, c.start, c.end, c.text)
                                     for c in read_subtitles(p, as_browser=True).cues],
               "lenient": _lenient_cues, "webvtt-py": _webvtt_py_cues}
    return {name: [e["input"] for e in WPT if _matches(e, read(FIXTURES / e["input"]))]
            for name, read in readers.items()}


if __name__ == "__main__":
    board = scoreboard()
    for name, passed in board.items():
        failed = sorted(e["input"][:-4] for e in WPT if e["input"] not in passed)
        print(f"{name}: {len(passed)} of {len(WPT)}"
              + (f"; differs on {', '.join(failed)}" if failed else ""))
    sys.exit(0)
