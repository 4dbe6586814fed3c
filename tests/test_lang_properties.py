"""Properties of the layout over random text in every script family (issue 12).

For random paragraphs in Latin, Cyrillic, Greek, Arabic, Hebrew, Devanagari,
Thai, Chinese, Japanese and Korean text, laid out by the language's profile:
nothing is lost, added or reordered; no line is wider than the profile
allows (in scripts with spaces, unless it is one word longer than a line);
in Chinese, Japanese and Thai no line starts with closing punctuation or a
small kana, and none ends with an opening bracket.
"""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from captions.lang import display_width, rules_for
from captions.lang.text import NO_LINE_END, NO_LINE_START
from captions.model import Transcript, Turn
from captions.segment import segment


def _letters(*ranges: tuple[int, int], extra: str = "") -> str:
    return "".join(chr(c) for a, b in ranges for c in range(a, b + 1)) + extra


HAN = "北约秘书长延斯斯托尔滕贝格周四访问基辅会见乌克兰总统泽连斯基强调对的坚定支持人正在为他们家庭未来和自由而战我国"
SCRIPTS = {
    # code: (letters of a word, punctuation that may follow a word, separator between words)
    "de": (_letters((0x61, 0x7A), (0x41, 0x5A), extra="äöüß"), ",.!?;:", " "),
    "ru": (_letters((0x430, 0x44F), (0x410, 0x42F)), ",.!?;:—", " "),
    "el": (_letters((0x3B1, 0x3C9), (0x391, 0x3A9), extra="άέήίόύώ"), ",.;·", " "),
    "ar": (_letters((0x627, 0x64A), extra="\u064e\u064f\u0650\u0651"), "،.؟!؛", " "),
    "he": (_letters((0x5D0, 0x5EA)), ",.?!", " "),
    "hi": (_letters((0x915, 0x939), extra="\u093e\u093f\u0940\u0941\u0947\u094b\u094d\u0902"), ",।?", " "),
    "th": (_letters((0x0E01, 0x0E2E), extra="\u0E31\u0E34\u0E35\u0E36\u0E37\u0E48\u0E49\u0E32\u0E40\u0E41"), "", ""),
    "zh": (HAN, "，。、！？；：", ""),
    "ja": (HAN + _letters((0x3041, 0x3093), (0x30A1, 0x30F3)), "、。！？", ""),
    "ko": (_letters((0xAC00, 0xAC60), (0xB098, 0xB0C0), (0xD55C, 0xD570)), ",.?!", " "),
}


def _paragraph(code: str):
    letters, punct, sep = SCRIPTS[code]
    word = st.text(alphabet=letters, min_size=1, max_size=9)
    mark = st.sampled_from(["", "", "", ""] + list(punct))
    token = st.builds(lambda w, m: w + m, word, mark)
    words = st.lists(token, min_size=1, max_size=40)
    if code in ("zh", "ja"):  # quotes and mixed Latin words too
        quoted = st.builds(lambda w: f"「{w}」", word)
        latin = st.sampled_from(["NATO", "2024", "G7"])
        words = st.lists(st.one_of(token, token, token, quoted, latin), min_size=1, max_size=40)
    if code == "th":  # Thai: words run together, spaces between phrases
        return st.lists(st.lists(word, min_size=1, max_size=6).map("".join),
                        min_size=1, max_size=8).map(" ".join)
    return words.map(sep.join)


def _check(code: str, paragraphs: list[str]) -> None:
    rules = rules_for(code)
    transcript = Transcript(turns=(Turn(None, tuple(paragraphs)),))
    drafts = segment(transcript, max_chars=rules.max_chars, max_lines=2, language=code)
    said = "".join("".join(p.split()) for p in paragraphs)
    shown = "".join("".join(line.split()) for d in drafts for line in d.lines)
    assert shown == said                                     # nothing lost, added, reordered
    if rules.spaces:
        assert [w for d in drafts for line in d.lines for w in line.split()] == \
            [w for p in paragraphs for w in p.split()]
    for d in drafts:
        assert 1 <= len(d.lines) <= 2
        for line in d.lines:
            assert line and line == line.strip()
            if rules.spaces:
                assert display_width(line) <= rules.max_chars or " " not in line, line
            else:
                assert display_width(line) <= rules.max_chars, line
                first_of_paragraph = any(p.startswith(line) for p in paragraphs)
                assert line[0] not in NO_LINE_START or first_of_paragraph, line
                assert line[-1] not in NO_LINE_END or any(p.endswith(line) for p in paragraphs), line


def _property(code: str, examples: int):
    @settings(max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(_paragraph(code), min_size=1, max_size=3))
    def prop(paragraphs):
        _check(code, paragraphs)
    return prop


test_latin = _property("de", 60)
test_cyrillic = _property("ru", 60)
test_greek = _property("el", 60)
test_arabic = _property("ar", 60)
test_hebrew = _property("he", 60)
test_devanagari = _property("hi", 60)
test_thai = _property("th", 40)
test_chinese = _property("zh", 60)
test_japanese = _property("ja", 60)
test_korean = _property("ko", 60)
