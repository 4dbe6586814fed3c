"""Words in scripts written without spaces: Chinese, Japanese, Thai.

``words(text, code)`` cuts a run of text (no spaces in it) into pieces that
concatenate to exactly that text; a line may break only between pieces.
Chosen by measurement (``bench/measure_segmenters.py``, on CPython's own
Chinese and Japanese test paragraphs and pythainlp's Thai Wikipedia titles;
figures in the README):

* Chinese: **jieba** (pure Python, dictionary + HMM for unknown words,
  about 1 s to load its dictionary).  BudouX's phrase model, tiny and fast,
  put 18 % of its breaks inside a jieba word ("一|种", "十多|年"), so it is
  not used for Chinese.  Traditional Chinese goes through jieba too, on a
  character-for-character Simplified projection made with **zhconv** (the
  projection keeps offsets, so the pieces are cut from the original text):
  jieba's own dictionary is Simplified and cut Traditional text badly
  ("週四訪 / 問基輔").
* Japanese: **BudouX** (Google; 0.3 MB, pure Python, made for line breaking):
  its phrases are bunsetsu, the unit Japanese subtitlers break at.  Against
  janome's morphemes 6 % of its breaks fell inside a token, all of them
  before a compound particle (と|いう, と|して); those and any break inside a
  number or a Latin word are joined back here.  janome (212 MB installed) and
  fugashi+UniDic were too heavy for that gain.
* Thai: **pythainlp**'s ``newmm`` (dictionary maximal matching; 1 s to load).
  BudouX's Thai model split 23 % of its breaks inside dictionary words
  ("วันพฤ|หัสบดี"); PyICU needs the system ICU and a compiler.

They are the ``captions[lang]`` extra and imported only when text in one of
these languages is laid out.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..errors import MissingComponent

_INSTALL = "pip install 'captions[lang]'"
# A break between two of these (a number, a Latin word inside CJK text) never.
_ALNUM_EDGE = re.compile(r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ.,%]")
# Japanese compound particles that BudouX splits after と/に.
_JA_JOIN = (("と", ("いう", "いっ", "して", "した", "しての", "いった")),
            ("に", ("ついて", "つい", "よって", "よる", "よれ", "対し", "対す", "とって", "おいて",
                    "おけ", "関し", "関す", "わたっ", "わたり")))


def needs_segmenter(code: str) -> bool:
    return code in ("zh", "zt", "ja", "th")


def words(text: str, code: str) -> list[str]:
    """Pieces of ``text`` (concatenating to it) between which a line may break."""
    if not text:
        return []
    if code in ("zh", "zt"):
        pieces = _chinese(text, traditional=code == "zt")
    elif code == "ja":
        pieces = _japanese(text)
    elif code == "th":
        pieces = _thai(text)
    else:
        return [text]
    return _join_alnum(pieces)


def _join_alnum(pieces: list[str]) -> list[str]:
    out: list[str] = []
    for piece in pieces:
        if out and _ALNUM_EDGE.fullmatch(out[-1][-1]) and _ALNUM_EDGE.fullmatch(piece[0]) \
                and not (out[-1][-1] in ".,%" and piece[0] in ".,%"):
            out[-1] += piece
        else:
            out.append(piece)
    return out


# ------------------------------------------------------------------ Chinese
@lru_cache(maxsize=1)
def _jieba():
    try:
        import logging

        import jieba
    except ImportError:
        raise MissingComponent(f"Chinese line breaks need jieba: {_INSTALL}") from None
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


@lru_cache(maxsize=1 << 12)
def _to_simplified(ch: str) -> str:
    import zhconv

    out = zhconv.convert(ch, "zh-cn")
    return out if len(out) == 1 else ch


def _chinese(text: str, *, traditional: bool) -> list[str]:
    jieba = _jieba()
    if not traditional:
        return [w for w in jieba.cut(text) if w]
    try:
        import zhconv  # noqa: F401
    except ImportError:
        raise MissingComponent(f"Traditional Chinese line breaks need zhconv: {_INSTALL}") from None
    projected = "".join(_to_simplified(ch) for ch in text)
    out, pos = [], 0
    for w in jieba.cut(projected):
        out.append(text[pos:pos + len(w)])
        pos += len(w)
    return [w for w in out if w]


# ----------------------------------------------------------------- Japanese
@lru_cache(maxsize=1)
def _budoux_ja():
    try:
        import budoux
    except ImportError:
        raise MissingComponent(f"Japanese line breaks need budoux: {_INSTALL}") from None
    return budoux.load_default_japanese_parser()


def _japanese(text: str) -> list[str]:
    phrases = [p for p in _budoux_ja().parse(text) if p]
    out: list[str] = []
    for p in phrases:
        if out and any(out[-1].endswith(left) and p.startswith(rights) for left, rights in _JA_JOIN):
            out[-1] += p
        else:
            out.append(p)
    return out


# --------------------------------------------------------------------- Thai
@lru_cache(maxsize=1)
def _newmm():
    try:
        from pythainlp.tokenize.newmm import segment
    except ImportError:
        raise MissingComponent(f"Thai line breaks need pythainlp: {_INSTALL}") from None
    return segment


def _thai(text: str) -> list[str]:
    return [w for w in _newmm()(text) if w]
