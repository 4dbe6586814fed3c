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
"""
from __future__ import annotations

from typing import Optional

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

UK_FORWARD = frozenset(
    "в у з із зі на до від за по о об і й та а але що як не ні".split())
UK_BACKWARD = frozenset("ж же б би".split())

_QUOTES = "\"'“”‘’«»()[]{}"
_END_PUNCT = (",", ".", ";", ":", "!", "?", "…", "—", "–", "-")


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
    if language.lower().startswith("uk"):
        if a in UK_FORWARD:
            return f'"{a}" belongs with the word after it'
        if b in UK_BACKWARD:
            return f'"{b}" belongs with the word before it'
        if _is_name(left) and _is_name(right):
            return "a name is split"
        return None
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


def line_break_faults(lines: tuple[str, ...], language: str = "en") -> list[tuple[int, str, str]]:
    """(line index after the break, the break shown as "a / b", why) for each bad break."""
    faults = []
    for k in range(1, len(lines)):
        before, after = lines[k - 1].split(), lines[k].split()
        if before and after:
            why = bad_break(before[-1], after[0], language)
            if why:
                faults.append((k, f"{before[-1]} / {after[0]}", why))
    return faults


def better_balance(lines: tuple[str, ...], max_chars: int, language: str = "en") -> Optional[tuple[str, str]]:
    """For a two-line cue: a legal break that balances the lines clearly better, or None.

    "Badly unbalanced" means the short line is under half the long one, the
    break is not after punctuation (syntax comes before balance), and another break, allowed by the rules above and fitting ``max_chars``,
    would leave the lines within a third of each other.  A lopsided layout
    the rules force (nothing else fits) is not reported.
    """
    if len(lines) != 2:
        return None
    short, long_ = sorted(len(line) for line in lines)
    if long_ == 0 or short * 2 >= long_ or long_ - short < 10:
        return None
    if lines[0].rstrip(_QUOTES).endswith(_END_PUNCT):
        return None     # a break after punctuation beats balance
    words = " ".join(lines).split()
    for k in range(1, len(words)):
        first, second = " ".join(words[:k]), " ".join(words[k:])
        if len(first) > max_chars or len(second) > max_chars:
            continue
        lo, hi = sorted((len(first), len(second)))
        if lo * 3 >= hi * 2 and bad_break(words[k - 1], words[k], language) is None:
            return first, second
    return None
