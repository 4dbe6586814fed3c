"""Where lines and cues may break: the subtitler's rules as costs.

Every gap between two words gets a cost (``break_cost``): cheap after
punctuation and before a conjunction or preposition, prohibitive between an
article and its noun, a first and a last name, a pronoun and its verb, an
auxiliary and its verb, a preposition or conjunction and what follows
(Netflix General Requirements; BBC Subtitle Guidelines 3.4).  A sentence is
then cut into cues, and each cue into lines, by dynamic programming over those
costs: the cheapest layout wins, so a forbidden break is taken only when no
legal layout fits at all.

The layout is a function of tokens only; it never changes a word.
"""
from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from typing import Sequence

# ---------------------------------------------------------------- word lists
EN_DETERMINERS = frozenset(
    "a an the this these those my your his her its our their some any every each "
    "no another such whose both either neither all".split())
EN_PREPOSITIONS = frozenset(
    "of in on at to for with from by about into onto over under between among through "
    "during after before against without within across along around behind beyond upon "
    "toward towards until via per like than despite including".split())
EN_CONJUNCTIONS = frozenset(
    "and or but nor yet because although though if when while whereas unless whether "
    "that which who whom whose where how why what as so".split())
EN_SUBJECT_PRONOUNS = frozenset("i you he she it we they".split())
EN_AUXILIARIES = frozenset(
    "am is are was were be been being have has had do does did will would shall should "
    "can could may might must i'm you're he's she's it's we're they're i've you've "
    "we've they've i'll you'll he'll she'll we'll they'll i'd you'd he'd we'd they'd "
    "don't doesn't didn't won't wouldn't can't couldn't shouldn't isn't aren't wasn't "
    "weren't hasn't haven't hadn't".split())
EN_ADJECTIVES = frozenset(
    "great good new old big small main next last first second third whole close strong "
    "important positive negative future many more most other same high low long short "
    "young few several own real full best better worst major key powerful imperial "
    "additional further military political economic national international".split())

UK_FUNCTION_WORDS = frozenset(
    "в у з із зі на до від за по о об і й та а але що як не ні".split())
UK_ENCLITICS = frozenset("ж же б би".split())  # belong to the word before them

_STRIP = "\"'“”‘’«»()[]{}"
_CLAUSE_PUNCT = (",", ";", ":", "—", "–", "--", "...", "…")
_SENTENCE_PUNCT = (".", "!", "?")

# Costs of breaking between two words (line break; a cue break weighs more).
GOOD = 0.0         # after punctuation
BEFORE_CONJ = 1.0  # "... we discussed / and we agreed"
BEFORE_PREP = 2.0
NEUTRAL = 4.0
WEAK = 20.0        # adjective / noun and similar: avoid
FORBIDDEN = 100.0


def _bare(token: str) -> str:
    return token.strip(_STRIP).lower().replace("’", "'")


def _is_name_part(token: str) -> bool:
    word = token.strip(_STRIP)
    return len(word) > 1 and word[0].isupper() and word[1:2].isalpha() and word[-1].isalpha()


@lru_cache(maxsize=1 << 16)  # word pairs repeat a lot in real text
def break_cost(left: str, right: str, language: str = "en") -> float:
    """Cost of a line or cue break between ``left`` and ``right``."""
    tail = left.rstrip(_STRIP)
    if tail.endswith(_SENTENCE_PUNCT) or tail.endswith(_CLAUSE_PUNCT):
        return GOOD
    a, b = _bare(left), _bare(right)
    if language.startswith("uk"):
        if a in UK_FUNCTION_WORDS or b in UK_ENCLITICS:
            return FORBIDDEN
        if _is_name_part(left) and _is_name_part(right):
            return FORBIDDEN
        if b in UK_FUNCTION_WORDS:
            return BEFORE_CONJ
        return NEUTRAL
    if a in EN_DETERMINERS or a in EN_PREPOSITIONS or a in EN_CONJUNCTIONS:
        return FORBIDDEN
    if a in EN_SUBJECT_PRONOUNS or a in EN_AUXILIARIES:
        # "it" and "you" are objects too: before a preposition or conjunction
        # ("work on it / on the issues") they end a phrase, not start one.
        if not (a in ("it", "you") and (b in EN_PREPOSITIONS or b in EN_CONJUNCTIONS)):
            return FORBIDDEN
    if b in ("not", "n't") or b.startswith("'"):
        return FORBIDDEN
    if _is_name_part(left) and _is_name_part(right):
        return FORBIDDEN  # "Jens / Stoltenberg", "Secretary / General"
    if a in EN_ADJECTIVES or ("-" in a.strip("-") and b.rstrip(",.;:!?").isalpha()):
        return WEAK  # "positive / results", "air-defense / issues"
    if a[:1].isdigit():
        return WEAK  # "75th / anniversary", "28 / September"
    if b in EN_CONJUNCTIONS:
        return BEFORE_CONJ
    if b in EN_PREPOSITIONS:
        return BEFORE_PREP
    return NEUTRAL


# ------------------------------------------------------------- line layout
IMBALANCE_SCALE = 10.0   # lines differing by this many characters cost 1; grows quadratically
CUE_WEIGHT = 3.0         # a cue break is this many times worse than a line break
MID_CLAUSE_CUE = 6.0     # a cue break away from punctuation costs this much more
CUE_COST = 6.0          # prefer fewer cues: one sentence per cue where it fits
SHORT_CUE_CHARS = 16     # cues shorter than this flash by: penalise them
SHORT_CUE_WEIGHT = 1.5


def _widths(tokens: Sequence[str]) -> list[int]:
    """cum[k] = width of tokens[:k] joined by spaces, plus one (so a slice is cum[j]-cum[i]-1)."""
    cum = [0]
    for token in tokens:
        cum.append(cum[-1] + len(token) + 1)
    return cum


def _best_lines(tokens, cum, costs, i, j, max_chars, max_lines, reserve=0):
    """Cheapest layout of tokens[i:j] in at most ``max_lines`` lines, or None.

    Returns (cost, cut positions).  One line whenever the text fits on one;
    otherwise the break is chosen by the break cost plus how unbalanced the
    lines are.  With a label ``reserve`` (i == 0) the lines must look
    balanced both with the label (SRT) and without it (WebVTT).
    """
    width = cum[j] - cum[i] - 1
    if width <= max_chars or j - i == 1:
        return (0.0 if width <= max_chars else FORBIDDEN, ())
    if max_lines < 2:
        return None
    if max_lines == 2:
        best = None
        # Only cuts where the second line fits: cum[k] >= cum[j] - 1 - max_chars.
        for k in range(max(i + 1, bisect_left(cum, cum[j] - 1 - max_chars, i, j)), j):
            first = cum[k] - cum[i] - 1
            if first > max_chars:
                break
            second = cum[j] - cum[k] - 1
            diff = max(abs(first - second), abs(first - reserve - second))
            cost = costs[k - 1] + (diff / IMBALANCE_SCALE) ** 2
            if best is None or cost < best[0]:
                best = (cost, (k,))
        return best
    best = None  # three or more lines: first line, then the rest recursively
    for k in range(i + 1, j):
        first = cum[k] - cum[i] - 1
        if first > max_chars:
            break
        rest = _best_lines(tokens, cum, costs, k, j, max_chars, max_lines - 1)
        if rest is None:
            continue
        cost = costs[k - 1] + rest[0]
        if best is None or cost < best[0]:
            best = (cost, (k,) + rest[1])
    return best


def split_sentence(text: str | Sequence[str], *, max_chars: int = 42, max_lines: int = 2,
                   language: str = "en", first_line_reserve: int = 0) -> list[tuple[str, ...]]:
    """Cut one sentence into cue layouts (each a tuple of lines).

    ``first_line_reserve`` keeps that many characters free on the first line
    of the first cue (room for an SRT speaker label).  A word longer than a
    line stands alone on its line: words are never cut.
    """
    tokens = text.split() if isinstance(text, str) else list(text)
    if not tokens:
        return []
    n = len(tokens)
    costs = [break_cost(tokens[k], tokens[k + 1], language) for k in range(n - 1)]
    cum = _widths(tokens)
    # A reserved label is a phantom prefix on the first token: widths are
    # differences of cum, so it counts only in slices that start at 0.
    if first_line_reserve:
        cum = [0] + [c + first_line_reserve for c in cum[1:]]
    limit = max_chars * max_lines + max_lines - 1

    if cum[n] - 1 <= limit:  # fast path: the whole sentence may fit in one cue
        whole = _best_lines(tokens, cum, costs, 0, n, max_chars, max_lines, first_line_reserve)
        if whole is not None and whole[0] < FORBIDDEN:
            return [_cut(tokens, 0, n, whole[1])]

    dp_args = (tokens, cum, costs, max_chars, max_lines, limit, first_line_reserve)
    cues = _cue_dp(*dp_args, skip_forbidden=True)
    if cues is None:  # no legal cue break anywhere near: allow forbidden ones
        cues = _cue_dp(*dp_args, skip_forbidden=False)
    return cues


def _cue_dp(tokens, cum, costs, max_chars, max_lines, limit, reserve, *, skip_forbidden):
    """Cheapest cut of a sentence into cues; None when ``skip_forbidden`` leaves none.

    best[j] is the cost of the best layout of tokens[:j].  Cue ends at a
    forbidden gap are skipped up front (about a third of all gaps), which is
    most of this function's speed on long texts.
    """
    n = len(tokens)
    INF = float("inf")
    best = [INF] * (n + 1)
    back: list[tuple[int, tuple[int, ...]]] = [(0, ())] * (n + 1)
    best[0] = 0.0
    for j in range(1, n + 1):
        gap = 0.0 if j == n else costs[j - 1]
        boundary = CUE_WEIGHT * gap + (MID_CLAUSE_CUE if gap > GOOD else 0.0)
        if skip_forbidden and boundary >= CUE_WEIGHT * FORBIDDEN:
            continue
        cj = cum[j]
        best_j, back_j = INF, None
        for i in range(j - 1, -1, -1):
            width = cj - cum[i] - 1
            if width > limit and i < j - 1:
                break
            bi = best[i]
            if bi == INF:
                continue
            if width <= max_chars:
                lines = (0.0, ())  # fits on one line: no line break to choose
            else:
                lines = _best_lines(tokens, cum, costs, i, j, max_chars, max_lines,
                                    reserve if i == 0 else 0)
                if lines is None:
                    continue
            total = bi + lines[0] + CUE_COST + boundary
            if width < SHORT_CUE_CHARS:
                total += (SHORT_CUE_CHARS - width) * SHORT_CUE_WEIGHT
            if total < best_j:
                best_j, back_j = total, (i, lines[1])
        if back_j is not None:
            best[j], back[j] = best_j, back_j
    if best[n] == INF:
        return None
    cues = []
    j = n
    while j > 0:
        i, cuts = back[j]
        cues.append(_cut(tokens, i, j, cuts))
        j = i
    cues.reverse()
    return cues


def _cut(tokens: Sequence[str], i: int, j: int, cuts: tuple[int, ...]) -> tuple[str, ...]:
    edges = (i, *cuts, j)
    return tuple(" ".join(tokens[a:b]) for a, b in zip(edges, edges[1:]))
