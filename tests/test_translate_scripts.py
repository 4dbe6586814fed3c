"""Translation into other scripts and through a pivot, with tiny real models.

The tiny packages (tests/translate_helpers.py) write Latin letters as Chinese
characters, Arabic letters, Thai letters, or Ukrainian Cyrillic as Latin, one
character for one, so every character of the output is known in advance.
"""
from __future__ import annotations

import json

import pytest

pytest.importorskip("ctranslate2", reason="needs the translate extra: pip install 'captions[translate]'")
pytest.importorskip("argostranslate.package",
                    reason="needs the translate extra: pip install 'captions[translate]'")
pytest.importorskip("sentencepiece", reason="needs the translate extra")

from translate_helpers import (
    ARABIC, HAN, LATIN, THAI, assert_inside_source_spans, build_tiny_argosmodel, squash,
    target_profile, transliterate)

from captions.formats.read import read_subtitles
from captions.model import Cue, Track

# The fixtures (tiny_scripts, real_argos, fresh_cache, network_guard ...) live with the
# model builders; tests/conftest.py may load them too.

ENGLISH = """ANNA SMITH: Good morning, and welcome to the briefing. We have news about the \
summit, the talks with our partners and the aid that was promised to the cities in the \
east before the winter.

BEN JONES: Thank you. Will the talks go on tomorrow?

ANNA SMITH: Yes, they will.
"""

UKRAINIAN = """Доброго ранку, і ласкаво просимо на брифінг. Ми маємо новини про саміт, \
переговори з нашими партнерами та допомогу, яку обіцяли містам на сході до зими.

Дякую. Чи продовжаться переговори завтра? Так, продовжаться.
"""

CLOSING = "，。、！？；：）」』》"
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                                     "\u2066\u2067\u2068\u2069"))


def unmarked(text: str) -> str:
    """``text`` without direction marks (an SRT writer may add them around Arabic lines)."""
    return text.translate(_BIDI_CONTROLS)


def make(text: str, language: str = "en") -> Track:
    from captions.pipeline import make_track
    from captions.transcript import parse_transcript

    return make_track(parse_transcript(text), language=language)


def sentences(track: Track) -> dict[int, str]:
    """sentence number -> the sentence's text, its cues joined as the script writes them."""
    from captions.translate.script import join_pieces

    out: dict[int, list[str]] = {}
    for cue in track.cues:
        out.setdefault(cue.sentence, []).append(join_pieces(cue.lines))
    return {n: join_pieces(parts) for n, parts in out.items()}


def record_model_calls(monkeypatch) -> list[tuple[str, list[str]]]:
    """(package target language, sentences) of every batched model call."""
    from captions.translate.engine import SentenceTranslator

    calls: list[tuple[str, list[str]]] = []
    real = SentenceTranslator.run_model

    def run_model(self, batch, progress=None):
        calls.append((self.pkg.to_code, list(batch)))
        return real(self, batch, progress)

    monkeypatch.setattr(SentenceTranslator, "run_model", run_model)
    return calls


# ---------------------------------------------------------------- other scripts

@pytest.mark.parametrize("target, script", [("zh", HAN), ("ar", ARABIC), ("th", THAI)])
def test_every_character_arrives_in_order(tiny_scripts, fresh_cache, target, script):
    from captions.translate import translate_track

    en = make(ENGLISH)
    result = translate_track(en, target)
    out = result.track
    assert out.language == target
    assert result.packages == (f"translate-en_{target}-tiny 0.0.1",) and result.via == ()
    # sentence by sentence: exactly the tiny model's writing of that sentence
    source, translated = sentences(en), sentences(out)
    assert sorted(translated) == sorted(source)
    for number, text in source.items():
        assert squash(translated[number]) == squash(script.translate(text))
    # and nothing else on screen: the whole track, character by character
    assert squash("".join("".join(c.lines) for c in out.cues)) == \
        squash("".join(script.translate(t) for t in source.values()))
    if script.drop_spaces:
        assert not any(" " in line for c in out.cues for line in c.lines)
    else:
        assert out.words() == [script.translate(w) for w in en.words()]
    assert {c.speaker for c in out.cues} == {"Anna Smith", "Ben Jones"}
    assert_inside_source_spans(en, out)


@pytest.mark.parametrize("target", ["ar", "th"])
def test_spaced_scripts_fit_their_profile(tiny_scripts, fresh_cache, target):
    from captions.translate import translate_track

    out = translate_track(make(ENGLISH), target).track
    profile = target_profile(target)
    for cue in out.cues:
        assert 1 <= len(cue.lines) <= profile.max_lines
        assert all(len(line) <= profile.max_chars for line in cue.lines), cue.lines


# Each target gets its own netflix-LANG profile, and Chinese lines are cut between characters.
@pytest.mark.parametrize("target", ["zh", "ar", "th"])
def test_each_script_laid_out_by_its_own_profile(tiny_scripts, fresh_cache, target):
    from captions.translate import translate_track

    out = translate_track(make(ENGLISH), target).track
    profile = target_profile(target)
    assert profile.name == f"netflix-{target}"
    for cue in out.cues:
        assert 1 <= len(cue.lines) <= profile.max_lines
        assert all(len(line) <= profile.max_chars for line in cue.lines), cue.lines
        if target == "zh":
            assert not any(line[0] in CLOSING for line in cue.lines), cue.lines


def test_chinese_cues_join_without_spaces_and_split_at_full_stops():
    from captions.translate.mapping import units_from_cues

    cues = (Cue(0, 2000, ("北约秘书长周四", "访问基辅。乌克兰"), provenance="source"),
            Cue(2100, 4000, ("人正在战斗。",), provenance="source"),
            Cue(4100, 5000, ("Thank you.",), provenance="source"))
    unit, = units_from_cues(cues)
    assert unit.joined == "北约秘书长周四访问基辅。乌克兰人正在战斗。 Thank you."
    assert unit.sentence_texts() == ["北约秘书长周四访问基辅。", "乌克兰人正在战斗。", "Thank you."]


# ---------------------------------------------------------------- pivot

def test_pivot_through_english_sentence_by_sentence(tiny_scripts, fresh_cache, monkeypatch,
                                                    network_guard):
    from captions.translate import translate_track

    calls = record_model_calls(monkeypatch)
    uk = make(UKRAINIAN, "uk")
    source = sentences(uk)
    assert any(len([c for c in uk.cues if c.sentence == n]) > 1 for n in source)  # a long one
    result = translate_track(uk, "zh")
    zh = result.track
    # one batched call per model; the second gets the first's whole sentences
    assert [lang for lang, _ in calls] == ["en", "zh"]
    assert calls[0][1] == list(dict.fromkeys(source.values()))
    assert calls[1][1] == [LATIN.translate(s) for s in calls[0][1]]
    for number, text in sentences(zh).items():
        assert squash(text) == squash(HAN.translate(LATIN.translate(source[number])))
    assert result.via == ("en",)
    assert result.packages == ("translate-uk_en-tiny 0.0.1", "translate-en_zh-tiny 0.0.1")
    assert zh.notes[-1] == ("Machine translation from uk through en by Argos Translate "
                            "(translate-uk_en-tiny 0.0.1, then translate-en_zh-tiny 0.0.1).")
    assert_inside_source_spans(uk, zh)
    # a rerun is served from the cache on both hops
    again = translate_track(uk, "zh")
    assert again.cached == again.sentences and again.track == zh
    assert network_guard == []


def test_a_direct_package_wins_over_the_pivot(tiny_script_packages, fresh_cache, monkeypatch,
                                              tmp_path):
    from captions.translate import install_file, translate_track

    folder = tmp_path / "packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folder))
    for name in ("translate-uk_en-tiny", "translate-en_zh-tiny"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        import shutil

        shutil.copytree(tiny_script_packages / name, folder / name)
    uk = make(UKRAINIAN, "uk")
    assert translate_track(uk, "zh", cache=False).via == ("en",)
    # a direct uk -> zh package writing Latin letters in Han leaves Cyrillic alone
    install_file(build_tiny_argosmodel(tmp_path / "d.argosmodel", "uk", "zh"))
    direct = translate_track(uk, "zh", cache=False)
    assert direct.via == () and direct.packages == ("translate-uk_zh-tiny 0.0.1",)
    assert squash("".join("".join(c.lines) for c in direct.track.cues)) == \
        squash("".join(HAN.translate(s) for s in sentences(uk).values()))


def test_glossary_rides_through_both_models(tiny_scripts, fresh_cache):
    """de -> en (copies Latin text) -> uk (Cyrillic): the placeholders come back as
    Cyrillic look-alikes and are restored with the glossary's Ukrainian forms."""
    from captions.translate import Glossary, translate_track

    glossary = Glossary((("Kiew", "Київ"), ("Selenskyj", "Зеленський")))
    de = Track((Cue(0, 3000, ("Selenskyj sprach in Kiew.",), sentence=0),
                Cue(3100, 6000, ("Kiew ist frei, sagte Selenskyj.",), sentence=1)),
               language="de")
    result = translate_track(de, "uk", glossary=glossary, cache=False)
    assert result.via == ("en",) and result.glossary_fallbacks == 0
    assert [" ".join(c.lines) for c in result.track.cues] == [
        "Зеленський " + transliterate("sprach in") + " Київ.",
        "Київ " + transliterate("ist frei, sagte") + " Зеленський."]


def test_glossary_falls_back_to_plain_text_when_a_model_eats_placeholders(
        tiny_scripts, fresh_cache):
    """The Han model writes the placeholder XA as 希阿: lost, so those sentences are
    translated again without placeholders, and counted."""
    from captions.translate import Glossary, translate_track

    glossary = Glossary((("Kyiv", "基辅"),))
    en = Track((Cue(0, 3000, ("We met in Kyiv.",), sentence=0),
                Cue(3100, 6000, ("Thank you.",), sentence=1)))
    result = translate_track(en, "zh", glossary=glossary, cache=False)
    assert result.glossary_fallbacks == 1
    assert ["".join(c.lines) for c in result.track.cues] == [
        HAN.translate("We met in Kyiv."), HAN.translate("Thank you.")]


# ---------------------------------------------------------------- missing pairs

@pytest.mark.parametrize("source, target, missing, installed", [
    ("uk", "fr", "en fr", "uk -> en is installed"),
    ("zh", "ar", "zh en", "en -> ar is installed"),
    ("pl", "fr", "pl en` and `captions models install en fr", None),
])
def test_missing_pair_names_what_the_pivot_lacks(tiny_scripts, network_guard, source, target,
                                                 missing, installed):
    from captions.translate import MissingPair, translate_track

    track = Track((Cue(0, 1000, ("Текст.",)),), language=source)
    with pytest.raises(MissingPair) as err:
        translate_track(track, target)
    message = str(err.value)
    assert "\n" not in message
    assert f"captions models install {source} {target}" in message
    assert f"captions models install {missing}" in message
    assert "through English" in message
    if installed:
        assert installed in message
    assert "captions models install FILE.argosmodel" in message
    assert network_guard == []


# ---------------------------------------------------------------- the commands

UK_SRT = """1
00:00:01,000 --> 00:00:03,000
Ми обговорили результати саміту

2
00:00:03,100 --> 00:00:05,000
у Вільнюсі. Дякую.
"""


def test_translate_command_through_a_pivot(tiny_scripts, fresh_cache, run_cli, network_guard,
                                           tmp_path):
    src = tmp_path / "talk.uk.srt"
    src.write_text(UK_SRT, encoding="utf-8")
    code, _, err = run_cli("translate", src, "--to", "zh,ar", "--formats", "srt,json")
    assert code == 0, err
    data = json.loads((tmp_path / "talk.zh.json").read_text(encoding="utf-8"))
    assert data["language"] == "zh"
    assert data["translation"]["from"] == "uk"
    assert data["translation"]["via"] == ["en"]
    assert data["translation"]["packages"] == ["translate-uk_en-tiny 0.0.1",
                                               "translate-en_zh-tiny 0.0.1"]
    assert "translate-uk_en-tiny 0.0.1, then translate-en_zh-tiny 0.0.1" in data["notes"][-1]
    zh = read_subtitles(str(tmp_path / "talk.zh.srt")).track
    # the first sentence runs across both cues: translated whole, placed inside 1.0-5.0 s
    first = LATIN.translate("Ми обговорили результати саміту у Вільнюсі.")
    assert squash("".join(zh.cues[0].lines)).startswith(squash(HAN.translate(first))[:5])
    assert squash("".join("".join(c.lines) for c in zh.cues)) == \
        squash(HAN.translate(first) + HAN.translate(LATIN.translate("Дякую.")))
    assert zh.cues[0].start == 1000 and zh.cues[-1].end <= 5000 + 500
    ar = read_subtitles(str(tmp_path / "talk.ar.srt")).track
    assert [unmarked(w) for w in ar.words()] == \
        ARABIC.translate(first + " " + LATIN.translate("Дякую.")).split()
    assert "translate-uk_en-tiny 0.0.1 + translate-en_zh-tiny 0.0.1" in err
    assert network_guard == []


def test_translate_command_missing_pivot_hop_is_one_line(tiny_scripts, run_cli, tmp_path):
    src = tmp_path / "talk.uk.srt"
    src.write_text(UK_SRT, encoding="utf-8")
    code, _, err = run_cli("translate", src, "--to", "fr")
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert "captions models install en fr" in lines[0] and "uk -> en is installed" in lines[0]
    assert not (tmp_path / "talk.fr.srt").exists()


def test_generate_from_ukrainian_through_a_pivot(tiny_scripts, fresh_cache, run_cli,
                                                 network_guard, tmp_path):
    transcript = tmp_path / "brief.txt"
    transcript.write_text(UKRAINIAN, encoding="utf-8")
    code, _, err = run_cli("generate", transcript, "--language", "uk", "--translate", "en,th",
                           "-o", tmp_path, "--formats", "vtt,json")
    assert code == 0, err
    uk = read_subtitles(str(tmp_path / "brief.uk.vtt")).track
    en = read_subtitles(str(tmp_path / "brief.en.vtt")).track
    th = read_subtitles(str(tmp_path / "brief.th.vtt")).track
    assert en.words() == [LATIN.translate(w) for w in uk.words()]
    assert th.words() == [THAI.translate(LATIN.translate(w)) for w in uk.words()]
    data = json.loads((tmp_path / "brief.th.json").read_text(encoding="utf-8"))
    assert data["translation"]["via"] == ["en"] and len(data["translation"]["packages"]) == 2
    en_data = json.loads((tmp_path / "brief.en.json").read_text(encoding="utf-8"))
    assert en_data["translation"]["via"] == []
    assert network_guard == []


def test_generate_names_the_missing_hop_and_keeps_the_source_files(tiny_scripts, run_cli,
                                                                   tmp_path):
    transcript = tmp_path / "brief.txt"
    transcript.write_text(UKRAINIAN, encoding="utf-8")
    code, _, err = run_cli("generate", transcript, "--language", "uk", "--translate", "fr",
                           "-o", tmp_path)
    assert code == 1
    assert (tmp_path / "brief.uk.srt").exists() and not list(tmp_path.glob("*.fr.*"))
    assert "captions models install en fr" in err


# ---------------------------------------------------------------- placeholders

def test_placeholders_in_text_without_spaces_and_never_clashing():
    from captions.translate import Glossary
    from captions.translate.glossary import placeholder, restore

    assert [placeholder(i) for i in range(8)] == ["XA", "XE", "XK", "XM", "XO", "XT",
                                                  "XAA", "XAE"]
    assert len({placeholder(i) for i in range(500)}) == 500
    g = Glossary((("北约", "NATO"), ("基辅", "Kyiv"), ("Kyiv", "Київ")))
    # Chinese terms match inside a run of characters; a Latin one next to them too
    p = g.protect("北约秘书长访问基辅和Kyiv。")
    assert p.text == "XA秘书长访问XE和XK。"
    assert restore("在XE举行，XA与XK", p.placeholders) == "在Kyiv举行，NATO与Київ"
    # a code already in the sentence is skipped
    q = Glossary((("Kyiv", "Київ"),)).protect("XA and XE met in Kyiv.")
    assert q.text == "XA and XE met in XK." and q.placeholders == (("XK", "Київ"),)
    assert restore("XA and XE met in XKT.", q.placeholders) is None
