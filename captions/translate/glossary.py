"""Glossary: names and terms the translation model must not mangle.

A glossary is a CSV or TSV file of ``source,target`` rows (``#`` starts a
comment line; an optional header row ``source,target`` is skipped).  Before
translation each term in a sentence is replaced by a placeholder number
(``7001``, ``7002``, ...): NMT models copy numbers verbatim far more reliably
than names, and the tiny test model copies digits exactly.  After translation
each placeholder is replaced by the term's target form.  If the model drops or
garbles a placeholder, the caller translates the plain sentence instead and
``apply_plain`` swaps any term the model copied through untranslated.

Placeholders cost the model the name's grammar (a number has no gender or
case), so keep the glossary to names and fixed terms.

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

_WORD_CHAR = r"[^\W_]"  # a letter or digit in any script


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
            forms.append(re.escape(source))
            if source[:1].islower():  # a lower-case term may start a sentence
                forms.append(re.escape(source[:1].upper() + source[1:]))
        return re.compile(rf"(?<!{_WORD_CHAR})(?:{'|'.join(forms)})(?!{_WORD_CHAR})")

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
        base = _free_base(sentence, len(matches))
        numbers: dict[str, str] = {}  # the same term reuses its number
        pieces, last = [], 0
        for m in matches:
            number = numbers.setdefault(m.group(0), str(base + len(numbers) + 1))
            pieces += [sentence[last:m.start()], number]
            last = m.end()
        pieces.append(sentence[last:])
        slots = tuple((number, self.target_for(term)) for term, number in numbers.items())
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


def restore(translation: str, placeholders: tuple[tuple[str, str], ...]) -> Optional[str]:
    """Put target terms back; None if a placeholder did not survive the model.

    Digits may come back with a space, comma or narrow space inside ("7 001"):
    that still counts.
    """
    text = translation
    for number, target in placeholders:
        loose = r"[\s\u00a0\u202f.,]?".join(re.escape(d) for d in number)
        pattern = re.compile(rf"(?<!\d){loose}(?!\d)")
        if not pattern.search(text):
            return None
        text = pattern.sub(lambda _m, t=target: t, text)
    return text


def _free_base(sentence: str, count: int) -> int:
    """A base number whose placeholders (base+1 ...) do not occur in the sentence."""
    digits = set(re.findall(r"\d+", sentence))
    for base in range(7000, 100000, 1000):
        if not any(str(base + i) in d for i in range(1, count + 1) for d in digits):
            return base
    raise AssertionError("unreachable: a sentence cannot hold every number")


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
