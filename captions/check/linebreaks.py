"""Judging where a cue's lines (and a sentence's cues) were broken.

The rules (Netflix General Requirements; BBC Subtitle Guidelines 3.4): break
after punctuation, before conjunctions and prepositions; never separate an
article from its noun, a first name from a last name, a subject pronoun from
its verb, an auxiliary from its verb or negation, a preposition or
conjunction from what follows.  Ukrainian keeps short prepositions,
conjunctions and the particle "не" with the next word, and "ж", "би" with the
word before.

These word lists are the checker's own, kept apart from the generator's
(``captions.layout``) on purpose: a checker that shared the generator's code
would approve whatever the generator does.  Each list holds only words whose
role is unambiguous at a line end: "that", "her", "you", "so" are left out
because they end clauses as often as they open them.

Every other language is judged from its rules data (``captions.lang``: the
function words that stay with the word after or before them, whether the
script has capitals for names), by this module's own logic.  In Chinese,
Japanese and Thai, written without spaces, a break is judged against the
words a segmenter finds in the two lines joined: a break that is not between
two of its words splits a word.  Kinsoku (no line starting with closing
punctuation or a small kana, none ending with an opening bracket) is
``kinsoku_faults``.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

from ..lang import LanguageRules, display_width, find_rules
from ..lang.text import NO_LINE_END, NO_LINE_START

EN_ARTICLES = frozenset("a an the this these those my your his our their its every each".split())
EN_PREPOSITIONS = frozenset(
    "of in on at to for with from by about into onto under between among through during "
    "against without within across along behind beyond upon toward towards via".split())
EN_CONJUNCTIONS = frozenset("and or but nor because although though if unless whether whereas".split())
EN_SUBJECT_PRONOUNS = frozenset("i he she we they".split())
EN_MODALS = frozenset(
    "will would shall should can could may might must won't wouldn't can't couldn't "
    "shouldn't mustn't don't doesn't didn't i'm we're they're i'll we'll they'll "
    "i've we've they've".split())
EN_BE_HAVE_DO = frozenset(
    "am is are was were be been being have has had do does did isn't aren't wasn't "
    "weren't hasn't haven't hadn't".split())
EN_ADJECTIVES = frozenset(
    "new old big small great good whole strong positive negative powerful "
    "imperial".split())  # adjectives that are never nouns or adverbs at a line end
EN_FOLLOWERS = frozenset(["not", "never", "n't"])

_QUOTES = "\"'“”‘’«»„‚()[]{}「」『』（）《》"
_END_PUNCT = (",", ".", ";", ":", "!", "?", "…", "—", "–", "-",
              "،", "؛", "؟", "۔", "।", "，", "、", "；", "：", "。", "！", "？")


def _bare(word: str) -> str:
    return word.strip(_QUOTES).lower().replace("’", "'")


def _is_name(word: str) -> bool:
    """A capitalised word such as "Jens" (not "I", not an acronym like "NATO")."""
    w = word.strip(_QUOTES)
    return (len(w) > 1 and w[0].isupper() and any(ch.islower() for ch in w[1:])
            and w[-1].isalpha())


def bad_break(left: str, right: str, language: str = "en") -> Optional[str]:
    """Why a break between the words ``left`` and ``right`` is wrong, or None."""
    if not left or not right:
        return None
    if left.rstrip(_QUOTES).endswith(_END_PUNCT) or right.startswith(("-", "—", "–")):
        return None                     # after punctuation, or a dialogue dash
    a, b = _bare(left), _bare(right)
    rules = find_rules(language)
    if rules is not None and rules.code != "en":
        return _rules_fault(left, right, a, b, rules)
    if a in EN_ARTICLES:
        return "an article is split from its noun"
    if a in EN_PREPOSITIONS:
        return "a preposition is split from its phrase"
    if a in EN_CONJUNCTIONS:
        return "a conjunction is split from its clause"
    if a in EN_SUBJECT_PRONOUNS:
        return "a subject pronoun is split from its verb"
    if a in EN_MODALS:
        return "an auxiliary is split from its verb"
    if a in EN_BE_HAVE_DO and (b in EN_FOLLOWERS or b.endswith(("ing", "ed", "en"))):
        return "an auxiliary is split from its verb"
    if b in EN_FOLLOWERS or b.startswith("'"):
        return "a negation is split from its verb"
    if _is_name(left) and _is_name(right):
        return "a name is split"
    if a in EN_ADJECTIVES and b.isalpha() and b not in EN_PREPOSITIONS \
            and b not in EN_CONJUNCTIONS:
        return "an adjective is split from its noun"
    return None


def _rules_fault(left: str, right: str, a: str, b: str, rules: LanguageRules) -> Optional[str]:
    if a in rules.forward:
        return f'"{a}" belongs with the word after it'
    if b in rules.backward:
        return f'"{b}" belongs with the word before it'
    if rules.cased and _is_name(left) and _is_name(right):
        return "a name is split"
    return None


def _unspaced(language: str) -> Optional[LanguageRules]:
    rules = find_rules(language)
    return rules if rules is not None and not rules.spaces else None


@lru_cache(maxsize=1 << 12)
def _words_of(text: str, code: str) -> tuple[str, ...]:
    """The segmenter's words of a text without spaces (spaces kept as their own pieces)."""
    from ..lang.segmenters import words

    out: list[str] = []
    for k, chunk in enumerate(text.split(" ")):
        if k:
            out.append(" ")
        out += words(chunk, code) if chunk else []
    return tuple(out)


def unspaced_break_fault(before: str, after: str, rules: LanguageRules) -> Optional[tuple[str, str]]:
    """(shown, why) when a break between two lines of Chinese/Japanese/Thai is wrong."""
    if not before or not after:
        return None
    words = _words_of(before + after, rules.code)
    offset, edges = 0, {0}
    index_at: dict[int, int] = {}
    for k, w in enumerate(words):
        index_at[offset] = k
        offset += len(w)
        edges.add(offset)
    cut = len(before)
    if cut not in edges:
        return (f"{before[-3:]} / {after[:3]}", "a word is split")
    at = index_at.get(cut)
    if at is None or at == 0:
        return None
    left, right = words[at - 1].strip(), words[at].strip()
    if left.rstrip(_QUOTES).endswith(_END_PUNCT):
        return None
    if left in rules.forward:
        return (f"{left} / {right}", f'"{left}" belongs with the word after it')
    if right in rules.backward:
        return (f"{left} / {right}", f'"{right}" belongs with the word before it')
    return None


def break_fault(before_line: str, after_line: str, language: str) -> Optional[tuple[str, str]]:
    """(the break shown as "a / b", why) when the break between two lines is wrong."""
    rules = _unspaced(language)
    if rules is not None:
        return unspaced_break_fault(before_line.rstrip(), after_line.lstrip(), rules)
    before, after = before_line.split(), after_line.split()
    if before and after:
        why = bad_break(before[-1], after[0], language)
        if why:
            return f"{before[-1]} / {after[0]}", why
    return None


def line_break_faults(lines: tuple[str, ...], language: str = "en") -> list[tuple[int, str, str]]:
    """(line index after the break, the break shown as "a / b", why) for each bad break."""
    faults = []
    for k in range(1, len(lines)):
        fault = break_fault(lines[k - 1], lines[k], language)
        if fault:
            faults.append((k, fault[0], fault[1]))
    return faults


def kinsoku_faults(lines: tuple[str, ...]) -> list[tuple[int, str]]:
    """(1-based line number, why) for lines that start or end where kinsoku forbids."""
    faults = []
    for k, line in enumerate(lines, start=1):
        text = line.strip()
        if text and text[0] in NO_LINE_START:
            faults.append((k, f"line {k} starts with {text[0]!r}"))
        if text and text[-1] in NO_LINE_END:
            faults.append((k, f"line {k} ends with {text[-1]!r}"))
    return faults


def better_balance(lines: tuple[str, ...], max_chars: int, language: str = "en") -> Optional[tuple[str, str]]:
    """For a two-line cue: a legal break that balances the lines clearly better, or None.

    "Badly unbalanced" means the short line is under half the long one, the
    break is not after punctuation (syntax comes before balance), and another
    break, allowed by the rules above and fitting ``max_chars``, would leave
    the lines within a third of each other.  A lopsided layout the rules
    force (nothing else fits) is not reported.
    """
    if len(lines) != 2:
        return None
    rules = find_rules(language)
    scale = (rules.max_chars if rules else 42) / 42
    short, long_ = sorted(display_width(line) for line in lines)
    if long_ == 0 or short * 2 >= long_ or long_ - short < 10 * scale:
        return None
    if lines[0].rstrip(_QUOTES).endswith(_END_PUNCT):
        return None     # a break after punctuation beats balance
    unspaced = _unspaced(language)
    if unspaced is not None:
        return _balance_unspaced(lines, max_chars, unspaced)
    words = " ".join(lines).split()
    for k in range(1, len(words)):
        first, second = " ".join(words[:k]), " ".join(words[k:])
        if display_width(first) > max_chars or display_width(second) > max_chars:
            continue
        lo, hi = sorted((display_width(first), display_width(second)))
        if lo * 3 >= hi * 2 and bad_break(words[k - 1], words[k], language) is None:
            return first, second
    return None


def _balance_unspaced(lines: tuple[str, ...], max_chars: int,
                      rules: LanguageRules) -> Optional[tuple[str, str]]:
    text = lines[0] + lines[1]
    cut = 0
    for w in _words_of(text, rules.code)[:-1]:
        cut += len(w)
        first, second = text[:cut].rstrip(), text[cut:].lstrip()
        if not first or not second or display_width(first) > max_chars \
                or display_width(second) > max_chars:
            continue
        if second[0] in NO_LINE_START or first[-1] in NO_LINE_END:
            continue
        lo, hi = sorted((display_width(first), display_width(second)))
        if lo * 3 >= hi * 2 and unspaced_break_fault(first, second, rules) is None:
            return first, second
    return None
