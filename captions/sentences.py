"""Sentence boundaries in a paragraph, at the level of whitespace tokens.

Working on tokens (``paragraph.split()``) rather than characters means a
sentence is always a run of the paragraph's own words: nothing can be lost,
added or reordered here.  A token ends a sentence when it ends in ``.``, ``!``,
``?`` or ``…`` (closing quotes and brackets allowed after it), is not a known
abbreviation or an initial, and the next token opens like a sentence.
"""
from __future__ import annotations

import re

# Titles and abbreviations that take a full stop inside a sentence.  Lower-case
# keys, without the final dot.
ABBREVIATIONS = frozenset("""
mr mrs ms dr prof sr jr st mt ft gen col lt sgt capt cmdr adm gov sen rep pres
rev hon vs etc e.g i.e a.m p.m u.s u.k u.n e.u no nos vol fig approx est dept
inc ltd co corp jan feb mar apr jun jul aug sep sept oct nov dec
""".split())

_CLOSERS = "\"'”’»)]}"
_OPENERS = "\"'“‘«([{¿¡"
_ENDS = ".!?…"
_INITIAL = re.compile(r"^(?:[A-Z]\.)+$")  # "J." or "U.S." (handled as initials)


def is_sentence_end(token: str, next_token: str | None) -> bool:
    """Does ``token`` close a sentence, given the token after it?"""
    core = token.rstrip(_CLOSERS)
    if not core or core[-1] not in _ENDS:
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
    return bool(first) and (first[0].isupper() or first[0].isdigit())


def split_sentences(tokens: list[str]) -> list[list[str]]:
    """Group a paragraph's tokens into sentences (each a list of tokens)."""
    sentences: list[list[str]] = []
    current: list[str] = []
    last = len(tokens) - 1
    for i, token in enumerate(tokens):
        current.append(token)
        if is_sentence_end(token, tokens[i + 1] if i < last else None):
            sentences.append(current)
            current = []
    if current:
        sentences.append(current)
    return sentences
