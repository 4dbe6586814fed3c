"""captions.lang: one LanguageRules per Argos language, profiles built from them, text measures."""
from __future__ import annotations

import pytest

from captions.lang import (all_rules, display_width, find_rules, rules_for, spoken_units,
                           word_equivalents)
from captions.layout import tokenize
from captions.profiles import BBC, NETFLIX_EN, NETFLIX_UK, PROFILES, default_profile, load_profile

# The codes of argosopentech/argospm-index index.json (from_code/to_code),
# written out here so a change to the table shows up as a failing test; vi
# was in the index earlier and is kept.
ARGOS = ("ar az bg bn ca cs da de el en eo es et eu fa fi fr ga gl he hi hu id it ja ko ky lt lv "
         "ms nb nl pb pl pt ro ru sk sl sq sv th tl tr uk ur zh zt").split()


def test_every_argos_language_has_rules_and_a_netflix_profile():
    codes = {r.code for r in all_rules()}
    assert set(ARGOS) | {"vi"} == codes
    for r in all_rules():
        p = PROFILES[f"netflix-{r.code}"]
        assert (p.language, p.max_chars, p.cps_target, p.cps_max) == \
            (r.code, r.max_chars, r.cps_target, r.cps_max)
        assert r.source and r.cps_target <= r.cps_max and r.max_chars >= 13
        assert r.direction in ("ltr", "rtl") and len(r.quotes) == 2 == len(r.nested_quotes)
        assert r.sentence_ends


def test_existing_profiles_are_unchanged():
    assert PROFILES["netflix-en"] is NETFLIX_EN and PROFILES["netflix-uk"] is NETFLIX_UK
    assert PROFILES["bbc"] is BBC
    assert (NETFLIX_EN.max_chars, NETFLIX_EN.cps_target, NETFLIX_EN.cps_max) == (42, 17.0, 20.0)


@pytest.mark.parametrize("code,chars,cps", [("zh", 16, 9.0), ("zt", 16, 9.0), ("ja", 13, 4.0),
                                            ("ko", 16, 12.0), ("th", 35, 17.0), ("ar", 42, 20.0),
                                            ("hi", 42, 22.0), ("de", 42, 17.0)])
def test_published_numbers(code, chars, cps):
    r = rules_for(code)
    assert (r.max_chars, r.cps_max) == (chars, cps)


def test_scripts_and_directions():
    assert {r.code for r in all_rules() if r.rtl} == {"ar", "fa", "he", "ur"}
    assert {r.code for r in all_rules() if not r.spaces} == {"zh", "zt", "ja", "th"}
    assert rules_for("el").script == "Grek" and rules_for("ru").cased and not rules_for("ar").cased


@pytest.mark.parametrize("tag,code", [("zh", "zh"), ("zh-Hans", "zh"), ("zh-CN", "zh"), ("zt", "zt"),
                                      ("zh-Hant", "zt"), ("zh_TW", "zt"), ("zh-Hant-HK", "zt"),
                                      ("pt-BR", "pb"), ("pt", "pt"), ("nb", "nb"), ("no", "nb"),
                                      ("UK", "uk"), ("uk-UA", "uk"), ("iw", "he"), ("fil", "tl")])
def test_rules_for_accepts_the_tags_people_write(tag, code):
    assert rules_for(tag).code == code


def test_unknown_language():
    assert find_rules("xx") is None
    with pytest.raises(LookupError):
        rules_for("xx")
    assert default_profile("xx") is NETFLIX_EN
    assert default_profile("zh-Hans").name == "netflix-zh"


def test_dialogue_dashes_follow_each_language():
    assert [rules_for("en").dialogue_line(t, first=f) for t, f in (("Yes?", True), ("No.", False))] \
        == ["-Yes?", "-No."]
    assert rules_for("fr").dialogue_line("Oui ?", first=True) == "- Oui ?"
    assert rules_for("nl").dialogue_line("Ja?", first=True) == "Ja?"
    assert rules_for("nl").dialogue_line("Nee.", first=False) == "-Nee."
    assert rules_for("bg").dialogue_line("Не.", first=False) == "- Не."
    assert rules_for("zh").dialogue_line("但你说⋯", first=True) == "–但你说⋯"


def test_quotes():
    assert rules_for("de").quotes == ("„", "“") and rules_for("uk").quotes == ("«", "»")
    assert rules_for("ja").quotes == ("「", "」") and rules_for("ja").nested_quotes == ("『", "』")


@pytest.mark.parametrize("text,width", [("Stoltenberg", 11), ("北约NATO", 6), ("「北约」", 4),
                                        ("สวัสดีครับ", 7), ("\u202bشكرا\u202c", 4),
                                        ("e\u0301", 1), ("नमस्ते", 4)])
def test_display_width_counts_characters_as_shown(text, width):
    assert display_width(text) == width


def test_spoken_units_per_script():
    assert spoken_units("Thank you, Jens.", "en") == 12
    assert spoken_units("北约秘书长，", "zh") == 5                  # a syllable a character
    assert spoken_units("きょう", "ja") == 2                        # kyo-u: the small ょ merges
    assert spoken_units("訪問した", "ja") == 6                       # kanji two morae, kana one
    assert spoken_units("สวัสดี", "th") == 4                         # vowel and tone marks say nothing
    assert word_equivalents("Thank you so much", "en") == 4.0
    assert word_equivalents("北约秘书长", "zh") == pytest.approx(5 / (1.5 * 5.18 / 6.19))


def test_tokens_carry_their_own_spaces_and_kinsoku_glue():
    tokens = tokenize("北约 NATO「成员国」支持。", "zh")
    assert "".join(t.text + (" " if t.space else "") for t in tokens) == "北约 NATO「成员国」支持。"
    assert tokens[0].space and tokens[0].text == "北约"
    assert not any(t.text[0] in "，。」" for t in tokens[1:])
    assert any(t.text.startswith("「") for t in tokens)          # the bracket opens its word
    assert [t.text for t in tokenize("Thank you, Jens.", "en")] == ["Thank", "you,", "Jens."]


def test_check_takes_the_profile_from_the_file_name_or_language(tmp_path, run_cli):
    srt = tmp_path / "talk.zh.srt"
    srt.write_text("1\n00:00:00,000 --> 00:00:04,000\n北约秘书长访问基辅。\n", encoding="utf-8")
    code, out, _ = run_cli("check", srt)
    assert code == 0 and "netflix-zh" in out
    other = tmp_path / "talk.srt"
    other.write_text(srt.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, _ = run_cli("check", other, "--language", "ja")
    assert "netflix-ja" in out
    assert load_profile(None, language="zh-Hant").name == "netflix-zt"
    assert load_profile("netflix-th", language=None).max_chars == 35
