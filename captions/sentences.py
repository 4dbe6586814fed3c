"""Sentence boundaries in a paragraph, at the level of whitespace tokens.

Working on tokens (``paragraph.split()``) rather than characters means a
sentence is always a run of the paragraph's own words: nothing can be lost,
added or reordered here.  A token ends a sentence when it ends in ``.``, ``!``,
``?`` or ``…`` (closing quotes and brackets allowed after it), is not a known
abbreviation or an initial, and the next token opens like a sentence: with a
capital, a digit, or a letter of a script without case (Arabic, Hebrew,
Devanagari, Thai, CJK).  The sentence ends of other scripts count too
(``。！？`` Chinese and Japanese, ``؟`` Arabic, ``۔`` Urdu, ``।`` Hindi and
Bengali; Greek ``;`` for Greek only).

Chinese and Japanese write no space after a sentence, so in languages
written without spaces ``split_paragraph`` also ends a sentence inside a
token: after ``。！？`` (and ``.!?`` followed by a Chinese character or kana),
closing quotes and brackets included.
"""
from __future__ import annotations

import re
from functools import lru_cache

# Titles and abbreviations that take a full stop inside a sentence.  Lower-case
# keys, without the final dot.
ABBREVIATIONS = frozenset("""
mr mrs ms dr prof sr jr st mt ft gen col lt sgt capt cmdr adm gov sen rep pres
rev hon vs etc e.g i.e a.m p.m u.s u.k u.n e.u no nos vol fig approx est dept
inc ltd co corp jan feb mar apr jun jul aug sep sept oct nov dec
""".split())

_CLOSERS = "\"'”’»)]}」』）》〉】"
_OPENERS = "\"'“‘«([{¿¡「『（《〈【„"
_ENDS = ".!?…。！？؟۔।॥"
_CJK_FULL_ENDS = "。！？"
_INITIAL = re.compile(r"^(?:[A-Z]\.)+$")  # "J." or "U.S." (handled as initials)


def _ends_for(language: str) -> str:
    return _ENDS + (";;" if language.lower().startswith("el") else "")


def _opens_sentence(ch: str) -> bool:
    """A capital, a digit, or a letter of a script that has no case."""
    return ch.isupper() or ch.isdigit() or (ch.isalpha() and not ch.islower())


def is_sentence_end(token: str, next_token: str | None, language: str = "en") -> bool:
    """Does ``token`` close a sentence, given the token after it?"""
    core = token.rstrip(_CLOSERS)
    if not core or core[-1] not in _ends_for(language):
        return False
    if next_token is None:
        return True
    if core.endswith("."):
        word = core.rstrip(".").lstrip(_OPENERS)
        if word.lower() in ABBREVIATIONS or _INITIAL.match(word + "."):
            return False
        if word.lower().rstrip(".") in ABBREVIATIONS:
            return False
    first = next_token.lstrip(_OPENERS + "-–—")
    # A sentence opens with a capital letter or a digit; "e.g. the" does not.
    return bool(first) and _opens_sentence(first[0])


def split_sentences(tokens: list[str], language: str = "en") -> list[list[str]]:
    """Group a paragraph's tokens into sentences (each a list of tokens)."""
    sentences: list[list[str]] = []
    current: list[str] = []
    last = len(tokens) - 1
    for i, token in enumerate(tokens):
        current.append(token)
        if is_sentence_end(token, tokens[i + 1] if i < last else None, language):
            sentences.append(current)
            current = []
    if current:
        sentences.append(current)
    return sentences


def _cjk_cuts(token: str) -> list[int]:
    """Offsets inside ``token`` where a sentence ends with no space after it."""
    from .lang.text import NO_LINE_START, is_han_or_kana

    cuts = []
    k, n = 0, len(token)
    while k < n:
        ch = token[k]
        if ch in _CJK_FULL_ENDS or (ch in ".!?" and k + 1 < n and is_han_or_kana(token[k + 1])):
            end = k + 1
            while end < n and (token[end] in _CJK_FULL_ENDS or token[end] in ".!?…"):
                end += 1
            # Closing marks, and anything no line may start with, stay with this sentence.
            while end < n and (token[end] in _CLOSERS or token[end] in NO_LINE_START):
                end += 1
            if end < n:
                cuts.append(end)
            k = end
        else:
            k += 1
    return cuts


def split_paragraph(paragraph: str, language: str = "en") -> list[str]:
    """A paragraph's sentences, each an exact piece of it (spaces between them dropped)."""
    from .lang import find_rules

    rules = find_rules(language)
    if rules is None or rules.spaces:
        return _split_spaced(paragraph, language)
    pieces: list[tuple[int, int]] = []           # (start, end) of tokens, cut at CJK ends
    for match in re.finditer(r"\S+", paragraph):
        start = match.start()
        for cut in _cjk_cuts(match.group()):
            pieces.append((start, match.start() + cut))
            start = match.start() + cut
        pieces.append((start, match.end()))
    sentences: list[str] = []
    begin = None
    for k, (a, b) in enumerate(pieces):
        if begin is None:
            begin = a
        token = paragraph[a:b]
        following = pieces[k + 1] if k + 1 < len(pieces) else None
        joined = following is not None and following[0] == b   # cut inside a token
        if following is None or joined or \
                is_sentence_end(token, paragraph[following[0]:following[1]], language):
            sentences.append(paragraph[begin:b])
            begin = None
    return sentences


_NEXT_TOKEN = re.compile(r"\s*(\S+)")


@lru_cache(maxsize=8)
def _end_candidates(ends: str) -> re.Pattern[str]:
    """Whole tokens that end like a sentence (an end mark, closing marks after it)."""
    return re.compile(r"(?<!\S)\S*[%s][%s]*(?!\S)" % (re.escape(ends), re.escape(_CLOSERS)))


def _split_spaced(paragraph: str, language: str) -> list[str]:
    """``split_paragraph`` where sentences end only at spaces: the regular expression
    finds the few tokens that may end one, so no Python loop runs over every word."""
    sentences: list[str] = []
    first = _NEXT_TOKEN.match(paragraph)
    if first is None:
        return sentences
    begin = first.start(1)
    for match in _end_candidates(_ends_for(language)).finditer(paragraph):
        following = _NEXT_TOKEN.match(paragraph, match.end())
        if following is None:
            break                     # the paragraph's last token: the last sentence ends there
        if is_sentence_end(match.group(), following.group(1), language):
            sentences.append(paragraph[begin:match.end()])
            begin = following.start(1)
    sentences.append(paragraph[begin:len(paragraph.rstrip())])
    return sentences
