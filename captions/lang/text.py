"""Text measures every script needs: width as shown, line-start/end rules, spoken units.

``display_width`` is the one count of "characters per line" used by the layout
and by the checker: one character as shown, a full-width character counting
one (as the Netflix Chinese, Japanese and Korean guides count), combining
marks (Thai vowels and tone marks, Arabic harakat, Devanagari virama) and
format characters (direction marks, zero-width joiners) counting zero,
because they take no column of their own.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .rules import find_rules

# ---------------------------------------------------------------- width

_ZERO_WIDTH = ("Mn", "Me", "Cf")


@lru_cache(maxsize=1 << 14)
def _width_of(ch: str) -> int:
    return 0 if unicodedata.category(ch) in _ZERO_WIDTH else 1


def display_width(text: str) -> int:
    """Characters as shown: combining marks and format characters count zero."""
    if text.isascii():
        return len(text)
    return sum(_width_of(ch) for ch in text)


# ------------------------------------------------------- line-start/end rules
# Kinsoku shori (JIS X 4051 and the Chinese GB/T 15834 practice, as the Netflix
# Chinese and Japanese guides apply them): no line starts with closing
# punctuation, a small kana or a prolonged-sound mark, and none ends with an
# opening bracket.  The ASCII closers are included because CJK captions mix
# them in ("北约NATO)").
NO_LINE_START = frozenset(
    "，。、！？；：）」』》〉】〕］｝〗〙〛’”〞〟,.!?;:)]}％‰°′″℃・·ー…‥〜～"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々ゝゞヽヾ")
NO_LINE_END = frozenset("（「『《〈【〔［｛〖〘〚‘“〝([{·・")  # and no interpunct inside a name


def forbidden_line_start(text: str) -> bool:
    return bool(text) and text[0] in NO_LINE_START


def forbidden_line_end(text: str) -> bool:
    return bool(text) and text[-1] in NO_LINE_END


# ----------------------------------------------------------- scripts
def is_han_or_kana(ch: str) -> bool:
    """Chinese characters and Japanese kana (what ``spoken_units`` counts as syllables)."""
    o = ord(ch)
    return (0x3040 <= o <= 0x30FF or 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF
            or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FA1F or 0x31F0 <= o <= 0x31FF)


_SMALL_KANA = frozenset("ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮ")


def _is_kana(ch: str) -> bool:
    return 0x3040 <= ord(ch) <= 0x30FF or 0x31F0 <= ord(ch) <= 0x31FF


_NOT_ALNUM_ASCII = re.compile(r"[^A-Za-z0-9]+")


def spoken_units(text: str, language: str = "en") -> int:
    """What takes time to say, in units of roughly equal duration for that script.

    Alphabetic scripts (Latin, Cyrillic, Greek, Arabic, Hebrew, Indic, Thai):
    letters and digits, as the timing model has always counted (combining
    marks and punctuation take no time of their own).  Hangul: one syllable
    block each.  Chinese characters: one syllable each.  Japanese: one mora
    per kana (a small kana such as ゃ merges with the one before it and counts
    zero, the long vowel mark ー counts one) and two per kanji, the usual
    length of a Sino-Japanese reading (事務 ji-mu, 総長 sō-chō, 訪問 hō-mon).
    Mixed text counts each part by its own rule.
    """
    if text.isascii():   # the common case, in one pass of C code
        return len(_NOT_ALNUM_ASCII.sub("", text))
    japanese = language.lower().startswith("ja")
    units = 0
    for ch in text:
        if ch in _SMALL_KANA:
            continue
        if ch == "ー" or _is_kana(ch):
            units += 1
        elif is_han_or_kana(ch):
            units += 2 if japanese else 1
        elif ch.isalnum() and unicodedata.category(ch) not in _ZERO_WIDTH:
            units += 1
    return units


# Units of ``spoken_units`` that take as long to say as one English word.
LETTERS_PER_WORD = 4.6   # the seed transcript: 1,365 letters and digits in 297 words
_UNITS_PER_WORD = {
    # Pellegrino, Coupé and Marsico (2011, Language 87(3)): 6.19 syllables/s
    # in English, 5.18 in Mandarin, 7.84 morae/s in Japanese; an English word
    # is about 1.5 syllables.
    "zh": 1.5 * 5.18 / 6.19, "zt": 1.5 * 5.18 / 6.19, "ja": 1.5 * 7.84 / 6.19,
    "ko": 1.5,  # no published rate: one syllable block at the English syllable rate
}


def word_equivalents(text: str, language: str = "en") -> float:
    """How many words of the --wpm pace (English words per minute) a text holds.

    English: the words between spaces, as always.  Every other language:
    its spoken units at the English rate, so the pace means the same time
    for the same speech whatever the length of a language's words (German
    words run long, Chinese has no spaces): letters at 4.6 a word for
    alphabetic scripts, syllables or morae at the rates above for Chinese,
    Japanese and Korean.
    """
    rules = find_rules(language)
    if rules is None or rules.code == "en":
        return float(len(text.split()))
    return spoken_units(text, language) / _UNITS_PER_WORD.get(rules.code, LETTERS_PER_WORD)


# -------------------------------------------------------- right to left
RLE, PDF = "\u202b", "\u202c"   # RIGHT-TO-LEFT EMBEDDING ... POP DIRECTIONAL FORMATTING
_MARKS = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def rtl_display_line(line: str, language: str) -> str:
    """A caption line as written to SRT/WebVTT: RTL languages wrapped in RLE ... PDF.

    Decided from screenshots (tests/test_lang_rtl.py repeats them): mpv 0.35
    (libass) lays every subtitle line out left to right, so an Arabic line's
    final "." or "،" showed at its right end (its start) and a line opening
    with a Latin word ("NATO يدعم ...") came out in the wrong order; an RLM
    at the line start changed nothing there, RLM at both ends fixed pure
    Arabic lines but not the Latin-first one.  Chromium takes each line's
    direction from its first strong letter: pure Arabic lines were right,
    the Latin-first line wrong.  RLE ... PDF around each line was right in
    both players for all three (RLI ... PDI too, but isolates are newer than
    many players' bidi code).  Text stays in logical order either way.
    """
    if not line or not is_rtl(language) or line.startswith(RLE):
        return line
    return f"{RLE}{line}{PDF}"


@lru_cache(maxsize=256)   # asked for every line written
def is_rtl(language: str) -> bool:
    rules = find_rules(language)
    return rules is not None and rules.rtl


def strip_direction_marks(text: str) -> str:
    """The text without bidi marks and embeddings (as read back from a file)."""
    if text.isascii():
        return text
    return "".join(ch for ch in text if ch not in _MARKS)
