"""Glossary: names and terms the translation model must not mangle.

A glossary is a CSV or TSV file of ``source,target`` rows (``#`` starts a
comment line; an optional header row ``source,target`` is skipped).  Before
translation each term in a sentence is replaced by a placeholder, ``XA``,
``XE``, ``XK``, ``XM``, ``XO``, ``XT``, then ``XAA``, ``XAE`` ...; after
translation each placeholder is replaced by the term's target form.

Why this form: measured with the real OPUS-MT zh->en Argos package on 76
Chinese news sentences holding 163 names (``python bench/bench_translate.py
--placeholders``; tests/test_translate_real.py checks it), 74 of 76 sentences
kept every ``XA``-style placeholder, at beam 4 and at beam 1 (155 of 159
placeholders).  Numbers such as ``7001``, the form used before, kept 54/76 at
beam 4 (a number in front of a noun is often dropped: 北约秘书长, "NATO
Secretary-General", became "Secretary-General"); ``X7001`` tied at beam 4
(74/76, 73/76 at beam 1), ``X1`` 70/76, ``#1`` 67/76, ``[1]`` 42/76, ``<1>``
8/76, ``{1}`` 0/76 and ``__1__`` 1/76.  A short capitalised Latin token reads
to the model like an acronym, which it copies.  The letters are the ones that
look the same in Latin, Cyrillic and Greek (A E K M O T X), and ``restore``
accepts any of those spellings, so a model that transliterates into Cyrillic
("XA" -> "ХА") still hands the placeholder back.  Only this one real model
could be measured here (no real en->uk package is reachable offline).

If the model still drops or garbles a placeholder, the caller translates
the plain sentence instead and ``apply_plain`` swaps any term the model
copied through untranslated.  Through a pivot (zh -> en -> uk) the
placeholders ride through both models and are restored once, at the end,
with the glossary's target forms.

Placeholders cost the model the name's grammar (it has no gender or case,
and English output sometimes gets an article in front of it: "the Kuleba"),
so keep the glossary to names and fixed terms.  In scripts written without
spaces (Chinese, Japanese, Thai) a term matches wherever it occurs, inside
longer words too (乌克兰 in 乌克兰人, "Ukrainians"): list whole names there.

Speaker names are not translated by the model at all: ``speaker_name`` looks
the whole name up (case-insensitive), then each word, and otherwise keeps the
name as written, so "JENS STOLTENBERG" becomes "ЄНС СТОЛТЕНБЕРГ" when the
glossary has "Jens Stoltenberg" (capitals kept), and an unknown name stays
readable in Latin letters rather than being guessed at.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import Optional

from ..errors import InputError
from ..textio import decode, read_bytes
from .script import SPACED_WORD_CHAR, unspaced

def _term_pattern(term: str) -> str:
    """A term as a whole word; in scripts without spaces, wherever it occurs."""
    before = "" if unspaced(term[0]) else f"(?<!{SPACED_WORD_CHAR})"
    after = "" if unspaced(term[-1]) else f"(?!{SPACED_WORD_CHAR})"
    return f"(?:{before}{re.escape(term)}{after})"


@dataclass(frozen=True)
class Protected:
    """A sentence with its terms swapped for placeholders."""

    text: str
    placeholders: tuple[tuple[str, str], ...]  # (placeholder number, target form)


@dataclass(frozen=True)
class Glossary:
    entries: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        # longest first, so "Jens Stoltenberg" wins over "Stoltenberg"
        ordered = tuple(sorted(self.entries, key=lambda e: (-len(e[0]), e[0])))
        object.__setattr__(self, "entries", ordered)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def _pattern(self) -> Optional[re.Pattern]:
        if not self.entries:
            return None
        forms = []
        for source, _ in self.entries:
            forms.append(_term_pattern(source))
            if source[:1].islower():  # a lower-case term may start a sentence
                forms.append(_term_pattern(source[:1].upper() + source[1:]))
        return re.compile("|".join(forms))

    def target_for(self, found: str) -> str:
        for source, target in self.entries:
            if found == source:
                return target
            if source[:1].islower() and found == source[:1].upper() + source[1:]:
                return target[:1].upper() + target[1:]
        return found

    def protect(self, sentence: str) -> Protected:
        pattern = self._pattern()
        if pattern is None:
            return Protected(sentence, ())
        matches = list(pattern.finditer(sentence))
        if not matches:
            return Protected(sentence, ())
        codes = _free_placeholders(sentence, len({m.group(0) for m in matches}))
        chosen: dict[str, str] = {}  # the same term reuses its placeholder
        pieces, last = [], 0
        for m in matches:
            if m.group(0) not in chosen:
                chosen[m.group(0)] = codes[len(chosen)]
            pieces += [sentence[last:m.start()], chosen[m.group(0)]]
            last = m.end()
        pieces.append(sentence[last:])
        slots = tuple((code, self.target_for(term)) for term, code in chosen.items())
        return Protected("".join(pieces), slots)

    def apply_plain(self, translation: str) -> str:
        """Swap source terms that a model copied through untranslated."""
        pattern = self._pattern()
        return pattern.sub(lambda m: self.target_for(m.group(0)), translation) if pattern \
            else translation

    def speaker_name(self, name: Optional[str]) -> Optional[str]:
        if not name or not self.entries:
            return name
        by_lower = {s.lower(): t for s, t in self.entries}
        whole = by_lower.get(name.lower())
        if whole is None:
            whole = " ".join(by_lower.get(w.lower(), w) for w in name.split())
        return whole.upper() if name.isupper() else whole


# Capitals that look alike in Latin, Cyrillic and Greek.  Small letters are
# not accepted: "ха" is a Ukrainian word.
_LOOKALIKES = {"X": "XХΧ", "A": "AАΑ", "E": "EЕΕ", "K": "KКΚ", "M": "MМΜ", "O": "OОΟ",
               "T": "TТΤ"}
_CODE_LETTERS = "AEKMOT"


def placeholder(index: int) -> str:
    """The ``index``-th placeholder (0-based): XA XE XK XM XO XT XAA XAE ..."""
    letters = ""
    n = index + 1
    while n:  # bijective base 6: every index has its own code
        n, r = divmod(n - 1, len(_CODE_LETTERS))
        letters = _CODE_LETTERS[r] + letters
    return "X" + letters


def _placeholder_pattern(code: str) -> re.Pattern:
    body = "".join(f"[{_LOOKALIKES[ch]}]" for ch in code)
    return re.compile(f"(?<!{SPACED_WORD_CHAR}){body}(?!{SPACED_WORD_CHAR})")


def _free_placeholders(sentence: str, count: int) -> list[str]:
    """``count`` placeholders, none of which the sentence already contains."""
    out: list[str] = []
    index = 0
    while len(out) < count:
        code = placeholder(index)
        if not _placeholder_pattern(code).search(sentence):
            out.append(code)
        index += 1
    return out


def restore(translation: str, placeholders: tuple[tuple[str, str], ...]) -> Optional[str]:
    """Put target terms back; None if a placeholder did not survive the model.

    A placeholder also counts in Cyrillic or Greek look-alike capitals ("ХА"
    for "XA"); each one must come back at least once.
    """
    text = translation
    for code, target in placeholders:
        pattern = _placeholder_pattern(code)
        if not pattern.search(text):
            return None
        text = pattern.sub(lambda _m: target, text)  # run now, inside this iteration
    return text


def load_glossary(path) -> Glossary:
    """Read a CSV or TSV glossary; errors name the file and line."""
    name = str(path)
    text = decode(read_bytes(path), path=name)
    lines = text.split("\n")
    first = next((ln for ln in lines if ln.strip() and not ln.lstrip().startswith("#")), "")
    delimiter = "\t" if (name.lower().endswith(".tsv") or "\t" in first) else ","
    entries: dict[str, str] = {}
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    for row in reader:
        line = reader.line_num
        if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in row]
        while cells and not cells[-1]:
            cells.pop()
        if len(cells) != 2 or not cells[0] or not cells[1]:
            shape = "source<TAB>target" if delimiter == "\t" else "source,target"
            raise InputError(f"expected two fields {shape}, got {len(cells)}",
                             path=name, line=line, snippet=delimiter.join(row)[:60])
        if not entries and cells[0].lower() == "source" and cells[1].lower() == "target":
            continue  # header
        previous = entries.get(cells[0])
        if previous is not None and previous != cells[1]:
            raise InputError(f"{cells[0]!r} is listed twice with different targets",
                             path=name, line=line)
        entries[cells[0]] = cells[1]
    if not entries:
        raise InputError("glossary has no entries", path=name)
    return Glossary(tuple(entries.items()))
