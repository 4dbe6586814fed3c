"""``captions review``: the document kept byte for byte, the check, saving, the server's
gate, and the page itself in the system Chromium on a clip with real speech."""
from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from captions.check import check_file
from captions.formats.read import read_subtitles
from captions.review.document import (
    Edit,
    encode_document,
    initial_edits,
    load_document,
    render,
)
from captions.review.results import check_edits
from captions.review.session import (
    Conflict,
    ReviewSession,
    backup_path,
    edits_from_json,
)

# ------------------------------------------------------------------ files to round-trip

def ours() -> dict[str, str]:
    """SRT and WebVTT as this project writes them: turn labels, voice spans, NOTE header."""
    from captions.formats.srt import format_srt
    from captions.formats.vtt import format_vtt
    from captions.model import Transcript, Turn
    from captions.pipeline import make_track

    transcript = Transcript((Turn("Jens Stoltenberg", ("Thank you & welcome, x < 5 here.",
                                                       "We discussed many things today.")),
                             Turn("Volodymyr Zelenskyy", ("Thank you so much.",))), title="A talk")
    track = make_track(transcript)
    return {"ours.en.srt": format_srt(track), "ours.en.vtt": format_vtt(track)}


FOREIGN_SRT = (
    "\ufeff1\r\n00:00:01,000 --> 00:00:02,500\r\nJENS STOLTENBERG: <i>Good</i> morning.\r\n\r\n"
    "2\r\n00:00:02,600 --> 00:00:04,000 X1:100 X2:200 Y1:10 Y2:50\r\nWe met  \r\nyesterday.\r\n\r\n"
    "3\r\n00:00:04,100 --> 00:00:05,000\r\nJENS STOLTENBERG: Still me.\r\n\r\n"
    "4\r\n00:00:05,100 --> 00:00:06,900\r\n- Yes?\r\n- No.\r\n")

FOREIGN_SRT_ODD = (        # numbered from 0 with a gap, extra blank lines, no final newline
    "0\n00:00:01,000 --> 00:00:02,000\nFirst.\n\n\n\n"
    "7\n00:00:02,100 --> 00:00:03,000\nSecond.\n\n"
    "8\n00:00:03,100 --> 00:00:04,000\nThird.")

FOREIGN_VTT = """WEBVTT - made elsewhere
Kind: captions
Language: en

STYLE
::cue { color: yellow }

NOTE
a note before the cues

intro
00:01.000 --> 00:02.500 align:start position:10%
<v.loud Jens Stoltenberg>Good <i>morning</i>.</v>

00:00:02.600 --> 00:00:04.000
<v Volodymyr Zelenskyy>Tom &amp; Jerry &lt;3

NOTE between two cues

third
00:00:04.100 --> 00:00:05.000 line:0
<c.yellow>plain</c> text
second line

00:00:05.100 --> 00:00:06.900
<v A>-Hello.
<v B>-Hi.
"""


@pytest.fixture
def round_trip_files(tmp_path) -> dict[str, Path]:
    found = {}
    for name, text in {**ours(), "foreign.en.srt": FOREIGN_SRT, "odd.srt": FOREIGN_SRT_ODD,
                       "foreign.en.vtt": FOREIGN_VTT}.items():
        path = tmp_path / name
        path.write_bytes(text.encode("utf-8"))
        found[name] = path
    utf16 = tmp_path / "utf16.uk.srt"
    utf16.write_bytes("1\n00:00:01,000 --> 00:00:02,000\nКиїв & НАТО\n".encode("utf-16"))
    found["utf16.uk.srt"] = utf16
    return found


def load(path: Path):
    return load_document(path.read_bytes(), str(path))


# ------------------------------------------------------------------ the document

def test_nothing_edited_gives_back_every_byte(round_trip_files):
    for name, path in round_trip_files.items():
        doc = load(path)
        assert doc.exact, name
        assert encode_document(doc, render(doc, initial_edits(doc)).text) == path.read_bytes(), name


def test_what_the_editor_sees(round_trip_files):
    srt = load(round_trip_files["foreign.en.srt"])
    assert [c.text for c in srt.cues][:3] == ["JENS STOLTENBERG: <i>Good</i> morning.",
                                              "We met  \nyesterday.", "JENS STOLTENBERG: Still me."]
    vtt = load(round_trip_files["foreign.en.vtt"])
    assert [(c.text, c.voice) for c in vtt.cues] == [
        ("Good morning.", "Jens Stoltenberg"), ("Tom & Jerry <3", "Volodymyr Zelenskyy"),
        ("plain text\nsecond line", None), ("-Hello.\n-Hi.", "A")]
    assert [c.rich for c in vtt.cues] == [True, False, True, True]


def test_mixed_line_ends_are_said_not_hidden(tmp_path):
    path = tmp_path / "mixed.srt"
    path.write_bytes(b"1\r\n00:00:01,000 --> 00:00:02,000\nText.\r\n")
    assert not load(path).exact


def edited(doc, k: int, **changes) -> list[Edit]:
    edits = initial_edits(doc)
    edits[k] = Edit(**{**edits[k].__dict__, **changes})
    return edits


def test_an_edited_cue_is_rewritten_and_nothing_else(round_trip_files):
    path = round_trip_files["foreign.en.vtt"]
    doc = load(path)
    text = render(doc, edited(doc, 1, text="Tom & Jerry > all")).text
    before, after = FOREIGN_VTT.split("\n"), text.split("\n")
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(before) == len(after)
    assert changed == [("<v Volodymyr Zelenskyy>Tom &amp; Jerry &lt;3",
                        "<v Volodymyr Zelenskyy>Tom &amp; Jerry &gt; all")]


def test_new_times_keep_the_markup_id_and_settings(round_trip_files):
    doc = load(round_trip_files["foreign.en.vtt"])
    text = render(doc, edited(doc, 0, start=1040, end=2460)).text
    assert "intro\n00:00:01.040 --> 00:00:02.460 align:start position:10%\n" \
           "<v.loud Jens Stoltenberg>Good <i>morning</i>.</v>\n" in text
    srt = load(round_trip_files["foreign.en.srt"])
    data = encode_document(srt, render(srt, edited(srt, 1, end=4040)).text)
    assert data.startswith(b"\xef\xbb\xbf1\r\n")                    # BOM and CRLF kept
    assert b"2\r\n00:00:02,600 --> 00:00:04,040 X1:100 X2:200 Y1:10 Y2:50\r\nWe met  \r\n" in data


def test_a_new_voice_is_written_as_a_voice_span(round_trip_files):
    doc = load(round_trip_files["foreign.en.vtt"])
    text = render(doc, edited(doc, 1, voice="Jens Stoltenberg")).text
    assert "<v Jens Stoltenberg>Tom &amp; Jerry &lt;3\n" in text
    assert read_subtitles_text(text, "vtt").cues[1].speaker == "Jens Stoltenberg"
    text = render(doc, edited(doc, 1, voice=None)).text
    assert "\nTom &amp; Jerry &lt;3\n" in text


def test_srt_labels_are_text_and_come_back_as_speakers(round_trip_files):
    doc = load(round_trip_files["foreign.en.srt"])
    text = render(doc, edited(doc, 2, text="JENS STOLTENBERG: Still me,\nand more.")).text
    track = read_subtitles_text(text, "srt")
    assert track.cues[2].lines == ("Still me,", "and more.")
    assert track.cues[2].speaker == "JENS STOLTENBERG"


def read_subtitles_text(text: str, fmt: str):
    from captions.formats.read import parse_subtitles
    return parse_subtitles(text, fmt=fmt, strict=True).track


def test_split_and_merge_renumber_srt_and_keep_notes_in_vtt(round_trip_files):
    srt = load(round_trip_files["ours.en.srt"])
    edits = initial_edits(srt)
    first = edits[0]
    edits[0:1] = [Edit(first.key, first.start, first.start + 900, "Thank you"),
                  Edit(None, first.start + 983, first.end, first.text.split(" ", 1)[1])]
    text = render(srt, edits).text
    numbers = [block.split("\n")[0] for block in text.strip().split("\n\n")]
    assert numbers == [str(n) for n in range(1, len(edits) + 1)]
    assert len(read_subtitles_text(text, "srt").cues) == len(srt.cues) + 1

    odd = load(round_trip_files["odd.srt"])       # numbers 0, 7, 8: kept until cues are split
    assert render(odd, edited(odd, 1, text="Changed.")).text.split("\n\n\n\n")[1].startswith("7\n")

    vtt = load(round_trip_files["foreign.en.vtt"])
    edits = initial_edits(vtt)
    merged = Edit(1, edits[1].start, edits[2].end, edits[1].text + "\n" + edits[2].text,
                  edits[1].voice)
    text = render(vtt, [edits[0], merged, edits[3]]).text
    assert "NOTE between two cues" in text and text.index("NOTE between") > text.index("Tom &amp;")
    assert "third\n" not in text                     # the merged-away cue's id went with it
    assert len(read_subtitles_text(text, "vtt").cues) == 3


def test_the_check_is_captions_checks_on_the_written_file(round_trip_files, tmp_path):
    from captions.profiles import load_profile

    for name in ("foreign.en.srt", "foreign.en.vtt", "ours.en.srt"):
        doc = load(round_trip_files[name])
        edits = edited(doc, 1, text="x & y " * 12, end=doc.cues[1].start + 700)
        profile = load_profile(None, language=doc.language)
        live = check_edits(doc, edits, profile, None)
        out = tmp_path / ("written." + name)
        out.write_bytes(encode_document(doc, render(doc, edits).text))
        report = check_file(str(out))
        assert live.summary == report.summary()
        shown = sorted((v.rule, v.severity, v.message) for c in live.cues for v in c.flags) + \
            sorted((v.rule, v.severity, v.message) for v in live.file_flags)
        assert sorted(shown) == sorted((v.rule, v.severity, v.message) for v in report.violations)
        assert any(v.rule in ("cps", "min-duration") for v in live.cues[1].flags), name
        assert all(v.cue == n for n, c in enumerate(live.cues, 1) for v in c.flags)


# ------------------------------------------------------------------ saving

@pytest.fixture
def session(tmp_path):
    from media_helpers import make_clip

    video = make_clip(tmp_path / "clip.mp4", "mp4", seconds=3)
    srt = tmp_path / "clip.en.srt"
    srt.write_bytes(FOREIGN_SRT.encode("utf-8"))
    return ReviewSession.open(str(video), [str(srt)])


def test_save_writes_keeps_a_backup_and_checks_again(session):
    f = session.files[0]
    original = Path(f.path).read_bytes()
    edits = edited(f.doc, 3, text="- Yes?\n- No, never.")
    answer = session.save(0, edits)
    assert answer["written"] and answer["backup"] == f.path + ".bak"
    assert Path(f.path + ".bak").read_bytes() == original
    assert read_subtitles(f.path, strict=True).track.cues[3].shown == ("- Yes?", "- No, never.")
    assert answer["check"]["summary"] == check_file(f.path).summary()
    second = session.save(0, edited(f.doc, 3, text="- Yes!\n- No."))
    assert second["backup"] == f.path + ".bak.1"
    assert Path(second["backup"]).read_bytes() == Path(f.path + ".bak").read_bytes().replace(
        b"- No.\r\n", b"- No, never.\r\n")
    again = session.save(0, edited(f.doc, 3, text="- Yes!\n- No."))       # same bytes: no write
    assert not again["written"] and again["backup"] is None
    assert not Path(f.path + ".bak.2").exists()


def test_a_reloaded_page_gets_the_saved_cues(session):
    f = session.files[0]
    session.save(0, edited(f.doc, 0, text="JENS STOLTENBERG: Hello."))
    cue = session.state()["files"][0]["cues"][0]
    assert cue["text"] == "JENS STOLTENBERG: Hello." and cue["key"] == 0


def test_save_refuses_to_overwrite_a_file_changed_on_disk(session):
    f = session.files[0]
    Path(f.path).write_text("1\n00:00:01,000 --> 00:00:02,000\nSomeone else's work.\n")
    with pytest.raises(Conflict):
        session.save(0, initial_edits(f.doc))
    answer = session.save(0, initial_edits(f.doc), force=True)
    assert Path(answer["backup"]).read_text() == "1\n00:00:01,000 --> 00:00:02,000\nSomeone else's work.\n"
    assert Path(f.path).read_bytes() == FOREIGN_SRT.encode("utf-8")


def test_bad_cues_from_the_page_are_refused(session):
    doc = session.files[0].doc
    for bad, why in [({"key": 99, "start": 0, "end": 1, "text": ""}, "bad key"),
                     ({"key": None, "start": 5, "end": 1, "text": ""}, "start <= end"),
                     ({"key": None, "start": 1.5, "end": 2, "text": ""}, "whole milliseconds"),
                     ({"key": None, "start": 1, "end": 2, "text": "x" * 6000}, "at most"),
                     ({"key": True, "start": 1, "end": 2, "text": ""}, "bad key")]:
        with pytest.raises(ValueError, match=why):
            edits_from_json([bad], doc)


def test_backups_never_overwrite(tmp_path):
    target = tmp_path / "a.srt"
    assert backup_path(str(target)).name == "a.srt.bak"
    (tmp_path / "a.srt.bak").write_text("x")
    (tmp_path / "a.srt.bak.1").write_text("x")
    assert backup_path(str(target)).name == "a.srt.bak.2"


def test_refuses_what_it_cannot_review(tmp_path, run_cli):
    from media_helpers import make_clip

    video = make_clip(tmp_path / "clip.mp4", "mp4", seconds=2)
    empty = tmp_path / "empty.srt"
    empty.write_text("")
    srt = tmp_path / "a.srt"
    srt.write_text("1\n00:00:01,000 --> 00:00:02,000\nHi.\n")
    for argv, code, says in [((tmp_path / "none.mp4", srt), 1, "no such video file"),
                             ((video, empty), 1, "no cues"),
                             ((video, tmp_path / "a.txt"), 1, "no such file"),
                             ((video, srt, srt), 2, "named twice"),
                             ((srt, srt), 2, "named twice"),
                             ((video, srt, "--port", "70000"), 2, "--port")]:
        got, _out, err = run_cli("review", *argv)
        assert got == code, (argv, err)
        assert says in err and err.count("\n") == 1, err


# ------------------------------------------------------------------ the server's gate

@pytest.fixture
def server(session):
    from captions.review.server import ReviewServer

    srv = ReviewServer(session)
    srv.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def request(srv, method: str, path: str, body: bytes = b"", headers=None):
    port = srv.server_address[1]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(method, path, body=body or None, headers={"Host": f"127.0.0.1:{port}", **(headers or {})})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, dict(response.getheaders()), data


def test_every_request_needs_the_token(server):
    token = server.token
    assert server.url == f"http://127.0.0.1:{server.server_address[1]}/{token}/"
    for path in ("/", "/api/state", "/static/review.js", "/media/video.mp4", f"/{token[:-1]}/",
                 f"/{token}x/api/state", f"/x/{token}/api/state", f"/api/state?token={token}"):
        assert request(server, "GET", path)[0] == 403, path
    body = json.dumps({"file": 0, "cues": []}).encode()
    assert request(server, "POST", "/api/check", body, {"Content-Type": "application/json"})[0] == 403
    # A page served by another host name (DNS rebinding) does not pass either.
    assert request(server, "GET", f"/{token}/", headers={"Host": "evil.example"})[0] == 403
    status, headers, page = request(server, "GET", f"/{token}/")
    assert status == 200 and b'data-action="save"' in page
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["Referrer-Policy"] == "no-referrer"
    assert request(server, "GET", f"/{token}")[0] == 301


def test_only_the_named_files_can_be_reached(server):
    t = server.token
    for path in (f"/{t}/etc/passwd", f"/{t}/../../etc/passwd", f"/{t}/%2e%2e/%2e%2e/etc/passwd",
                 f"/{t}/static/", f"/{t}/static/vendor/", f"/{t}/media/", f"/{t}/media/video.mkv",
                 f"/{t}/media/clip.en.srt", f"/{t}/clip.en.srt", f"/{t}/api/file/0"):
        assert request(server, "GET", path)[0] == 404, path
    json_headers = {"Content-Type": "application/json"}
    for n in (1, -1, "0", None, True):
        body = json.dumps({"file": n, "cues": []}).encode()
        assert request(server, "POST", f"/{t}/api/check", body, json_headers)[0] == 404, n
        body = json.dumps({"files": [{"file": n, "cues": []}]}).encode()
        assert request(server, "POST", f"/{t}/api/save", body, json_headers)[0] == 404, n
    assert request(server, "POST", f"/{t}/api/other", b"{}", json_headers)[0] == 404
    status, _, licence = request(server, "GET", f"/{t}/static/vendor/LICENSE.wavesurfer.txt")
    assert status == 200 and b"BSD 3-Clause" in licence
    status, _headers, part = request(server, "GET", f"/{t}/media/video.mp4", headers={"Range": "bytes=0-99"})
    assert status == 206 and len(part) == 100


def test_request_sizes_and_kinds_are_limited(server):
    t = server.token
    json_headers = {"Content-Type": "application/json"}
    # Refused from its Content-Length alone: the body is never read.
    import socket
    port = server.server_address[1]
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"POST /{t}/api/check HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                     f"Content-Type: application/json\r\nContent-Length: {server.max_body + 1}"
                     "\r\n\r\n{".encode())
        assert sock.recv(100).startswith(b"HTTP/1.1 413 ")
    assert request(server, "POST", f"/{t}/api/check", b"{}", {"Content-Type": "application/json",
                                                              "Content-Length": "-5"})[0] == 400
    ok = json.dumps({"file": 0, "cues": []}).encode()
    assert request(server, "POST", f"/{t}/api/check", ok, {"Content-Type": "text/plain"})[0] == 415
    assert request(server, "POST", f"/{t}/api/check", ok,
                   {**json_headers, "Origin": "http://evil.example"})[0] == 403
    assert request(server, "POST", f"/{t}/api/check", b"{not json", json_headers)[0] == 400
    cues = [{"key": None, "start": 2, "end": 1, "text": "x"}]
    status, _, data = request(server, "POST", f"/{t}/api/check",
                              json.dumps({"file": 0, "cues": cues}).encode(), json_headers)
    assert status == 400 and b"start <= end" in data
    # A real check answers with the rules' verdict per cue.
    doc = server.session.files[0].doc
    cues = [{"key": k, "start": c.start, "end": c.end, "text": c.text, "voice": None}
            for k, c in enumerate(doc.cues)]
    status, _, data = request(server, "POST", f"/{t}/api/check",
                              json.dumps({"file": 0, "cues": cues}).encode(), json_headers)
    answer = json.loads(data)
    assert status == 200 and len(answer["cues"]) == 4
    assert answer["summary"] == check_file(server.session.files[0].path).summary()


# ------------------------------------------------------------------ the command line

def test_open_without_a_display_says_so_in_one_line(tmp_path):
    from media_helpers import make_clip

    video = make_clip(tmp_path / "clip.mp4", "mp4", seconds=2)
    srt = tmp_path / "clip.en.srt"
    srt.write_text("1\n00:00:00,500 --> 00:00:01,500\nHello.\n")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    proc = subprocess.Popen([sys.executable, "-m", "captions", "review", str(video), str(srt), "--open"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        lines = [proc.stdout.readline() for _ in range(3)]
    finally:
        proc.terminate()
        proc.wait(10)
    assert lines[0].startswith(f"{srt}: 1 cue, profile netflix-en")
    assert lines[1].startswith("review: http://127.0.0.1:")
    assert lines[2].startswith("review: cannot open a browser: no display") and lines[2].count("\n") == 1


def test_display_problem_only_where_a_display_is_needed():
    from captions.commands.review import display_problem

    assert display_problem({}, "linux")
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert display_problem({"DISPLAY": ":0"}, "linux") is None
    assert display_problem({}, "darwin") is None


def test_open_keeps_the_token_off_command_lines(monkeypatch):
    import stat
    import webbrowser

    from captions.commands.review import _remove, open_browser

    opened = []
    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url) or True)
    url = "http://127.0.0.1:8000/SECRETtoken/"
    launcher = open_browser(url)
    try:
        assert opened == ["file://" + launcher] and "SECRET" not in opened[0]
        assert stat.S_IMODE(os.stat(launcher).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(os.path.dirname(launcher)).st_mode) == 0o700
        assert f'url={url}"' in Path(launcher).read_text()
    finally:
        _remove(launcher)
    assert not os.path.exists(os.path.dirname(launcher))


def test_peaks_are_the_loudest_sample_of_each_bin():
    import random
    from array import array

    from captions.review.media import _add_peaks, _add_peaks_plain

    rng = random.Random(7)
    samples = array("h", [rng.randint(-32768, 32767) for _ in range(80 * 50 + 13)])
    samples[80:160] = array("h", [0] * 80)
    samples[200] = -32768                           # |-32768| does not fit: 32767
    fast, plain = array("H"), array("H")
    _add_peaks(fast, samples.tobytes(), 80)
    _add_peaks_plain(plain, samples.tobytes(), 80)
    assert fast == plain and len(fast) == 51
    assert fast[1] == 0 and fast[2] == 32767
    assert fast[0] == max(abs(x) for x in samples[:80])


def test_the_page_ships_with_the_package():
    from captions.review.server import static_resources

    found = static_resources()
    assert {"/", "/static/review.js", "/static/vendor/wavesurfer.esm.js",
            "/static/vendor/regions.esm.js", "/static/vendor/LICENSE.wavesurfer.txt"} <= set(found)
    for path, (_, data) in found.items():
        assert b"http://" not in data.replace(b"http://www.w3.org", b"") or path.endswith(".txt"), path
        assert b"https://" not in data or path.endswith((".txt", ".md")), path


# ------------------------------------------------------------------ the page in Chromium

@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    from review_helpers import make_speech_clip

    return make_speech_clip(tmp_path_factory.mktemp("review-clip"))


@pytest.fixture(scope="module")
def browser():
    from review_helpers import chromium

    with chromium() as b:
        yield b


@pytest.fixture
def captions_files(tmp_path, clip):
    from review_helpers import english_srt, ukrainian_vtt

    en = tmp_path / "clip.en.srt"
    en.write_text(english_srt(clip), encoding="utf-8")
    uk = tmp_path / "clip.uk.vtt"
    uk.write_text(ukrainian_vtt(clip), encoding="utf-8")
    return en, uk


def test_waveform_regions_and_rows(browser, clip, captions_files):
    from review_helpers import review_page

    with review_page(browser, clip.video, list(captions_files)) as (page, server, asked):
        assert all(url.startswith((server.url, "data:")) for url in asked), asked
        counts = page.evaluate("""() => [0, 1].map((f) => ({
            rows: document.querySelectorAll(`.cue[data-file="${f}"][data-cue-index]`).length,
            regions: window.review.cues(f).filter((c, i) => window.review.region(f, i)).length,
            texts: document.querySelectorAll(`.cue[data-file="${f}"] [data-field="text"]`).length}))""")
        assert counts == [{"rows": 3, "regions": 3, "texts": 3}] * 2
        # Regions sit where their cues are; each file has its own half of the waveform.
        spans = page.evaluate("""() => [0, 1].map((f) => window.review.cues(f).map((c, i) => {
            const r = window.review.region(f, i);
            return [Math.round(r.start * 1000), Math.round(r.end * 1000), r.element.style.top];}))""")
        assert [[s[:2] for s in f] for f in spans] == [[[a, b] for a, b in zip(clip.onsets, clip.ends)]] * 2
        assert {s[2] for s in spans[0]} == {"0%"} and {s[2] for s in spans[1]} == {"50%"}
        # The waveform is drawn where there is speech, and empty in the silence before it.
        drawn = page.evaluate("""(times) => {
            const host = document.querySelector('#wave > div');
            const canvases = [...host.shadowRoot.querySelectorAll('.canvases canvas')];
            const perSecond = window.review.pxPerSecond();
            return times.map((t) => {
              let lit = 0;
              for (const c of canvases) {
                const left = parseFloat(c.style.left || '0');
                const scale = c.width / c.getBoundingClientRect().width;
                const x = Math.round((t * perSecond - left) * scale);
                if (x < 0 || x >= c.width) continue;
                const column = c.getContext('2d').getImageData(x, 0, 1, c.height).data;
                for (let k = 3; k < column.length; k += 4) if (column[k] > 0) lit++;
              }
              return lit;
            });
        }""", [0.5, 1.0, *[(a + b) / 2000 for a, b in zip(clip.onsets, clip.ends)]])
        silence, speech = drawn[:2], drawn[2:]
        assert max(silence) <= 4, drawn        # the centre line at most
        assert min(speech) > 20, drawn


def test_edit_text_and_end_then_save(browser, clip, captions_files, run_cli):
    from review_helpers import ms_stamp, page_flags, review_page, settle

    en, _ = captions_files
    original = en.read_bytes()
    new_end = clip.ends[1] + 600
    with review_page(browser, clip.video, list(captions_files)) as (page, _server, _):
        before = page_flags(page)
        assert before["2"] and before["2"][0][0] == "cps"       # too fast as written
        cue = page.locator('.cue[data-file="0"][data-cue-index="2"]')
        cue.locator('[data-field="text"]').fill("BORIS: The Secretary General met\nthe President in Kyiv.")
        cue.locator('[data-field="end"]').fill(ms_stamp(new_end, "."))
        cue.locator('[data-field="end"]').press("Enter")
        settle(page)
        assert page.evaluate("document.body.dataset.dirty") == "1"
        assert en.read_bytes() == original                     # nothing written before Save
        page.click('[data-action="save"]')
        page.wait_for_selector("body[data-saves='1']")
        settle(page)
        shown = page_flags(page)
        summary = page.locator('[data-field="summary"][data-file="0"]').text_content()
        status = page.locator("#status").text_content()
        assert page.evaluate("document.body.dataset.dirty") == "0"
    cues = read_subtitles(str(en), strict=True).track.cues
    assert cues[1].lines == ("The Secretary General met", "the President in Kyiv.")
    assert cues[1].speaker == "BORIS" and cues[1].end == new_end
    assert Path(str(en) + ".bak").read_bytes() == original
    assert "yesterday" in Path(str(en) + ".bak").read_text()
    _code, out, _ = run_cli("check", en, "--format", "json")
    report = json.loads(out)["files"][0]
    assert summary == report["summary"] and report["summary"] in status
    expected = {str(n): [] for n in range(1, 4)}
    for v in report["violations"]:
        expected[str(v["cue"])].append([v["rule"], v["severity"], v["message"]])
    assert shown == expected
    assert shown["2"] != before["2"]


def test_drag_a_region_edge(browser, clip, captions_files):
    from review_helpers import ms_stamp, review_page, settle

    with review_page(browser, clip.video, list(captions_files)) as (page, _server, _):
        per_second = page.evaluate("window.review.pxPerSecond()")
        box = page.evaluate("""() => {
            const handle = window.review.region(0, 0).element.querySelector('[part~="region-handle-right"]');
            const r = handle.getBoundingClientRect();
            return {x: r.x + r.width / 2, y: r.y + r.height / 2};}""")
        dx = 60
        page.mouse.move(box["x"], box["y"])
        page.mouse.down()
        for k in range(1, 7):
            page.mouse.move(box["x"] + dx * k / 6, box["y"])
        page.mouse.up()
        settle(page)
        start, end = page.evaluate("[window.review.cues(0)[0].start, window.review.cues(0)[0].end]")
        assert start == clip.onsets[0]
        expected = clip.ends[0] + dx / per_second * 1000
        assert abs(end - expected) <= 1000 / per_second + 1, (end, expected)
        field = page.locator('.cue[data-file="0"][data-cue-index="1"] [data-field="end"]')
        assert field.input_value() == ms_stamp(end, ".")
        # Undo puts it back, redo again.
        page.keyboard.press("Control+z")
        assert page.evaluate("window.review.cues(0)[0].end") == clip.ends[0]
        assert round(page.evaluate("window.review.region(0, 0).end") * 1000) == clip.ends[0]
        page.keyboard.press("Control+Shift+z")
        assert page.evaluate("window.review.cues(0)[0].end") == end


def test_keys_nudge_split_merge_and_live_reading_speed(browser, clip, captions_files):
    from review_helpers import review_page, settle

    with review_page(browser, clip.video, list(captions_files)) as (page, _server, _):
        def cues():
            return page.evaluate("window.review.cues(0).map((c) => [c.start, c.end, c.text])")
        first = cues()
        page.locator('.cue[data-file="0"][data-cue-index="1"] .num').click()
        page.keyboard.press("BracketRight")                     # in-time one frame (25 fps) later
        assert cues()[0][0] == frame_step(first[0][0], 1)
        page.keyboard.press("Shift+BracketLeft")                # out-time one frame earlier
        assert cues()[0][1] == frame_step(first[0][1], -1)
        assert frame_step(1000, 1) == 1040 and frame_step(1013, -1) == 1000
        # Split the second cue at the playhead, then merge it back.
        t = (clip.onsets[1] + clip.ends[1]) // 2
        page.keyboard.press("ArrowDown")
        page.evaluate(f"document.querySelector('video').currentTime = {t / 1000}")
        page.wait_for_function(f"Math.abs(document.querySelector('video').currentTime - {t / 1000}) < 0.01")
        page.keyboard.press("KeyS")
        after = cues()
        assert len(after) == 4
        assert abs(after[1][1] - t) <= 1
        assert after[2][0] == after[1][1] + 83 and after[2][1] == first[1][1]
        assert (after[1][2] + " " + after[2][2]).split() == first[1][2].split()
        assert page.locator('.cue[data-file="0"]').count() == 4
        settle(page)
        page.keyboard.press("ArrowUp")
        page.keyboard.press("KeyM")
        merged = cues()
        assert len(merged) == 3 and merged[1][0] == first[1][0] and merged[1][1] == first[1][1]
        # Reading speed follows the typing.
        settle(page)
        speed = page.locator('.cue[data-file="0"][data-cue-index="3"] [data-field="cps"]')
        slow = float(speed.text_content().split()[0])
        page.locator('.cue[data-file="0"][data-cue-index="3"] [data-field="text"]').focus()
        page.keyboard.press("Control+End")
        page.keyboard.type(" Yes, thank you.")
        settle(page)
        fast = float(speed.text_content().split()[0])
        assert fast > slow
        # Undo walks back through all of it.
        for _ in range(10):
            page.keyboard.press("Escape")
            page.keyboard.press("Control+z")
        assert cues() == first
        settle(page)
        assert page.evaluate("document.body.dataset.dirty") == "0"


def test_unsaved_changes_ask_before_leaving_and_conflicts_ask_before_saving(
        browser, clip, captions_files):
    from review_helpers import review_page, settle

    en, _ = captions_files
    with review_page(browser, clip.video, list(captions_files)) as (page, _server, _):
        dialogs = []

        def answer(dialog):
            dialogs.append((dialog.type, dialog.message))
            dialog.accept() if dialog.type == "confirm" else dialog.dismiss()

        page.on("dialog", answer)
        page.locator('.cue[data-file="0"][data-cue-index="3"] [data-field="text"]').fill("ANNA: Thanks.")
        settle(page)
        page.evaluate("location.reload()")            # dismissed: the page stays, edits too
        page.wait_for_timeout(500)
        assert [kind for kind, _ in dialogs] == ["beforeunload"]
        assert page.evaluate("window.review.cues(0)[2].text") == "ANNA: Thanks."
        en.write_text("1\n00:00:01,000 --> 00:00:02,000\nChanged elsewhere.\n")
        page.keyboard.press("Escape")
        page.keyboard.press("Control+s")
        page.wait_for_selector("body[data-saves='1']")
        assert dialogs[1][0] == "confirm" and "changed on disk" in dialogs[1][1]
        assert "ANNA: Thanks." in en.read_text()
        assert Path(str(en) + ".bak").read_text() == "1\n00:00:01,000 --> 00:00:02,000\nChanged elsewhere.\n"
        page.evaluate("location.reload()")            # saved: no question any more
        page.wait_for_selector("body[data-ready='1']")
        assert len(dialogs) == 2


def frame_step(ms: int, direction: int, fps: int = 25) -> int:
    """The next frame boundary in that direction, as the page's nudge moves (written out here)."""
    import math
    frame = ms * fps / 1000
    to = math.floor(frame + 1e-6) + 1 if direction > 0 else math.ceil(frame - 1e-6) - 1
    return round(to * 1000 / fps)


def test_screenshot(browser, clip, captions_files, tmp_path):
    from review_helpers import review_page, settle

    with review_page(browser, clip.video, list(captions_files)) as (page, _server, _):
        page.locator('.cue[data-file="0"][data-cue-index="2"] .num').click()
        page.wait_for_function("document.querySelector('video').currentTime > 5")
        page.wait_for_timeout(300)
        settle(page)
        shot = tmp_path / "review.png"
        page.screenshot(path=str(shot))
        target = os.environ.get("CAPTIONS_REVIEW_SCREENSHOT")
        if target:                                       # for the README: docs/review.png
            page.screenshot(path=target)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20000
