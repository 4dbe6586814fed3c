"""``captions translate`` and ``captions models`` end to end, with the tiny real model."""
from __future__ import annotations

import functools
import http.server
import json
import threading
from pathlib import Path

import pytest

pytest.importorskip("ctranslate2", reason="needs the translate extra: pip install 'captions[translate]'")
pytest.importorskip("argostranslate.package",
                    reason="needs the translate extra: pip install 'captions[translate]'")
pytest.importorskip("sentencepiece", reason="needs the translate extra")

from translate_helpers import transliterate

from captions.formats.read import read_subtitles

SRT = """1
00:00:01,000 --> 00:00:03,500
STOLTENBERG: Thank you for receiving me
and my delegation.

2
00:00:03,600 --> 00:00:06,000
It's great to see you. We will

3
00:00:06,100 --> 00:00:08,900
stand with Ukraine for as long
as it takes.

4
00:00:10,000 --> 00:00:11,500
ZELENSKYY: Thank you & welcome.
"""

VTT = """WEBVTT

00:00:01.000 --> 00:00:03.500
<v Jens Stoltenberg>Thank you for receiving me
and my delegation in Kyiv.

00:00:03.600 --> 00:00:06.000
<v Jens Stoltenberg>The support of NATO

00:00:06.100 --> 00:00:08.900
<v Jens Stoltenberg>will continue.

00:00:10.000 --> 00:00:11.500
<v Volodymyr Zelenskyy>Thank you &amp; welcome.
"""

GLOSSARY = "Kyiv\tКиїв\nNATO\tНАТО\nStoltenberg\tСтолтенберг\nZelenskyy\tЗеленський\n" \
           "Jens Stoltenberg\tЄнс Столтенберг\nVolodymyr Zelenskyy\tВолодимир Зеленський\n"


def test_translate_srt_keeps_timing_and_every_word(tiny_argos, fresh_cache, run_cli,
                                                   network_guard, tmp_path):
    src = tmp_path / "clip.en.srt"
    src.write_text(SRT, encoding="utf-8")
    code, out, err = run_cli("translate", src, "--to", "uk")
    assert code == 0, err
    dest = tmp_path / "clip.uk.srt"
    assert dest.exists() and not (tmp_path / "clip.en.uk.srt").exists()
    en = read_subtitles(str(src)).track
    uk = read_subtitles(str(dest)).track
    assert uk.words() == [transliterate(w) for w in en.words()]
    # speaker labels come back as labels, sentences across cues stay whole
    text = dest.read_text(encoding="utf-8")
    assert "STOLTENBERG:" in text.replace("СТОЛТЕНБЕРГ:", "STOLTENBERG:")
    assert [c.speaker for c in uk.cues][0] in ("STOLTENBERG", "СТОЛТЕНБЕРГ")
    # the sentence "We will stand ... takes." runs from cue 2 into cue 3: it is
    # translated whole and placed inside 3.6 s .. 8.9 s
    assert uk.cues[0].start == 1000 and uk.cues[-1].start == 10000
    assert all(c.end <= 11500 + 500 for c in uk.cues)
    assert all(b.start - a.end >= 83 for a, b in zip(uk.cues, uk.cues[1:]))
    assert "uk: 4 cues from 4 sentences" in err and "cue above 17 cps" in err
    # the summary of the file is what `captions check` says of it
    from captions.check import check_file

    assert f"uk: {dest}: {check_file(str(dest)).summary()}" in err
    assert network_guard == []


def test_translate_vtt_with_glossary_json_and_folder(tiny_argos, fresh_cache, run_cli,
                                                     tmp_path):
    src = tmp_path / "talk.vtt"
    src.write_text(VTT, encoding="utf-8")
    glossary = tmp_path / "names.tsv"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    out_dir = tmp_path / "out" / "uk"
    code, _, err = run_cli("translate", src, "--to", "uk", "-o", f"{out_dir}/",
                           "--glossary", glossary, "--formats", "vtt,json", "--verbose")
    assert code == 0, err
    vtt = (out_dir / "talk.uk.vtt").read_text(encoding="utf-8")
    assert "<v Єнс Столтенберг>" in vtt and "<v Володимир Зеленський>" in vtt
    assert "Київ" in vtt and "НАТО" in vtt and "&amp;" in vtt
    data = json.loads((out_dir / "talk.uk.json").read_text(encoding="utf-8"))
    assert data["language"] == "uk"
    assert data["translation"]["from"] == "en"
    slow = data["translation"]["slow_cues"]
    assert all(item["cps"] > 17 for item in slow)
    for item in slow:  # --verbose lists every slow cue
        assert f"cue {item['index']} " in err
    uk = read_subtitles(str(out_dir / "talk.uk.vtt")).track
    assert " ".join(uk.words()).startswith(transliterate("Thank you for receiving me"))


def test_missing_pair_exit_1_one_line_no_download(tiny_argos, run_cli, network_guard,
                                                  tmp_path):
    src = tmp_path / "clip.en.srt"
    src.write_text(SRT, encoding="utf-8")
    code, out, err = run_cli("translate", src, "--to", "fr")
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert "captions models install en fr" in lines[0]
    assert "captions models install FILE.argosmodel" in lines[0]
    assert not (tmp_path / "clip.fr.srt").exists()
    assert network_guard == []


def test_several_languages_one_missing(tiny_argos, fresh_cache, run_cli, tmp_path):
    src = tmp_path / "clip.srt"
    src.write_text(SRT, encoding="utf-8")
    code, _, err = run_cli("translate", src, "--to", "uk,fr")
    assert code == 1
    assert (tmp_path / "clip.uk.srt").exists()
    assert "models install en fr" in err


def test_usage_errors(tiny_argos, run_cli, tmp_path):
    src = tmp_path / "clip.srt"
    src.write_text(SRT, encoding="utf-8")
    assert run_cli("translate", src, "--to", "uk", "--formats", "doc")[0] == 2
    assert run_cli("translate", src, "--to", "uk", "--beam", "0")[0] == 2
    assert run_cli("translate", src, "--to", "en")[0] == 2
    code, _, err = run_cli("translate", tmp_path / "nope.srt", "--to", "uk")
    assert code == 1 and "no such file" in err


def test_output_names():
    from captions.job import JobOptions

    def names(source, output, formats=("srt",), to=("uk",)):
        options = JobOptions(source, output=output, formats=formats, translate=to, write_source=False)
        return [str(options.output_path(lang, fmt)) for lang in to for fmt in formats]

    assert names("a/clip.en.srt", "a") == ["a/clip.uk.srt"]
    assert names("clip.srt", ".") == ["clip.uk.srt"]
    assert names("my.talk.pt-BR.vtt", "d", ("vtt",)) == ["d/my.talk.uk.vtt"]
    assert names("talk.en.forced.srt", "d") == ["d/talk.uk.forced.srt"]   # the tail is kept
    assert names("clip.srt", "x.srt") == ["x.srt"]                       # one file: that name
    assert names("clip.srt", "x.srt", to=("uk", "de")) == ["x.srt/clip.uk.srt", "x.srt/clip.de.srt"]


# ---------------------------------------------------------------- models

def test_models_install_file_and_list(tiny_argos, run_cli, tmp_path, monkeypatch, network_guard):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "pk"))
    code, out, err = run_cli("models", "list")
    assert code == 0 and "no translation models installed" in err
    code, _, err = run_cli("models", "install", tiny_argos)
    assert code == 0, err
    code, out, _ = run_cli("models", "list")
    assert out.startswith("en -> uk\ttranslate-en_uk-tiny 0.0.1")
    # reinstalling replaces it in place
    assert run_cli("models", "install", tiny_argos)[0] == 0
    assert len(run_cli("models", "list")[1].strip().splitlines()) == 1
    bad = tmp_path / "bad.argosmodel"
    bad.write_bytes(b"not a zip")
    code, _, err = run_cli("models", "install", bad)
    assert code == 1 and len(err.strip().splitlines()) == 1 and "zip" in err
    assert network_guard == []


def test_models_install_by_codes_offline_is_one_line(tiny_argos, run_cli, monkeypatch,
                                                     network_guard, tmp_path):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "pk"))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "http://192.0.2.1/")  # TEST-NET, blocked
    code, _, err = run_cli("models", "install", "en", "uk")
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert "captions models install FILE.argosmodel" in err
    assert network_guard  # it did try the index, and only that


def test_models_install_by_codes_from_an_index(tiny_argos, run_cli, monkeypatch, tmp_path):
    """A real HTTP index on 127.0.0.1 serving the tiny package."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "tiny.argosmodel").write_bytes(Path(tiny_argos).read_bytes())
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_port}/"
        (site / "index.json").write_text(json.dumps([
            {"type": "translate", "from_code": "en", "to_code": "uk", "package_version": "0.0.1",
             "links": [base + "tiny.argosmodel"]}]))
        monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "pk"))
        monkeypatch.setenv("ARGOS_PACKAGE_INDEX", base)
        code, _, err = run_cli("models", "install", "en", "uk")
        assert code == 0, err
        assert run_cli("models", "list")[1].startswith("en -> uk")
        code, _, err = run_cli("models", "install", "en", "xx")
        assert code == 1 and "no en -> xx model" in err
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_help_ends_with_examples(run_cli):
    for command in ("translate", "models"):
        code, out, _ = run_cli(command, "--help")
        assert code == 0 and "examples:" in out


# ---------------------------------------------------------------- generate --translate

def test_generate_translate_uk_with_the_seed_glossary(tiny_argos, fresh_cache, run_cli,
                                                      network_guard, tmp_path):
    root = Path(__file__).resolve().parent.parent
    code, _, err = run_cli("generate", root / "transcripts" / "stoltenberg-kyiv.txt",
                           "-o", tmp_path, "--translate", "uk", "--glossary",
                           root / "transcripts" / "stoltenberg-kyiv.glossary.tsv")
    assert code == 0, err
    en = read_subtitles(str(tmp_path / "stoltenberg-kyiv.en.vtt")).track
    uk = read_subtitles(str(tmp_path / "stoltenberg-kyiv.uk.vtt")).track
    assert (tmp_path / "stoltenberg-kyiv.uk.srt").exists()
    text = " ".join(uk.words())
    for term in ("Вільнюс", "НАТО", "Україна", "Брюссель", "Вашингтон"):
        assert term in text
    assert {c.speaker for c in uk.cues} == {"Володимир Зеленський", "Єнс Столтенберг"}
    assert len({c.turn for c in uk.cues}) == len({c.turn for c in en.cues})
    assert network_guard == []


def test_generate_without_the_pair_writes_english_then_exit_1(tiny_argos, run_cli,
                                                               network_guard, tmp_path):
    root = Path(__file__).resolve().parent.parent
    code, _, err = run_cli("generate", root / "transcripts" / "stoltenberg-kyiv.txt",
                           "-o", tmp_path, "--translate", "fr")
    assert code == 1
    assert (tmp_path / "stoltenberg-kyiv.en.srt").exists()
    assert not list(tmp_path.glob("*.fr.*"))
    assert "captions models install en fr" in err
    assert "captions models install FILE.argosmodel" in err
    assert network_guard == []
