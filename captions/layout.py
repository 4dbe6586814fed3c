"""Where lines and cues may break: the subtitler's rules as costs, for every language.

A sentence becomes tokens (``tokenize``), each carrying whether a space
follows it in the text: words between spaces for languages written with
spaces, the pieces of a word segmenter for Chinese, Japanese and Thai
(``captions.lang.segmenters``), so Chinese joins without spaces and mixed
text such as "北约 NATO" keeps its spaces exactly as written.  Punctuation
that may not start a line (，。」 small kana; kinsoku) is glued to the token
before it and opening brackets to the token after, so no line or cue can
start or end with them.

Every gap between two tokens gets a cost (``gap_costs``): cheap after
punctuation and before a conjunction or preposition, prohibitive after an
article, a preposition or a conjunction, before a clitic, between a first and
a last name (Netflix General Requirements; BBC Subtitle Guidelines 3.4).
English and Ukrainian keep their own detailed rules (``break_cost``); English
also guesses the class of content words from ``captions.lang.english`` (an
adjective, a number, a possessive or a modifying noun opens a noun group; a
verb keeps a short object) and looks at the words around a gap
(``_english_context``).  Every other language uses its function words from
``captions.lang``.  A sentence is
then cut into cues, and each cue into lines, by dynamic programming over those
costs: the cheapest layout wins, so a forbidden break is taken only when no
legal layout fits at all.  Two lines pay for their difference in length
(quadratically) and more when one is under half the other, so syntax wins
over balance only where it matters.  Widths are ``display_width`` (characters as
shown).

The layout is a function of tokens only; it never changes a character.
"""
from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from typing import NamedTuple, Sequence

from .lang import LanguageRules, display_width, find_rules
from .lang.english import (CLAUSE_ADVERBS, COMPOUND_PREP, DEGREE_ADVERBS, LET, OBJECT_PRONOUNS,
                           PERSON_VERBS, VERB_FORMS, is_adjective, is_number, opens_noun_group)
from .lang.text import NO_LINE_END, NO_LINE_START
# ---------------------------------------------------------------- word lists
EN_DETERMINERS = frozenset(
    "a an the this these those my your his her its our their some any every each "
    "no another such whose both either neither all".split())
EN_PREPOSITIONS = frozenset(
    "of in on at to for with from by about into onto over under between among through "
    "during after before against without within across along around behind beyond upon "
    "toward towards until via per like than despite including since above below near "
    "throughout alongside amid amidst beside besides outside inside beneath underneath except "
    "unlike versus".split())
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
EN_NEGATIONS = frozenset("not never cannot".split())

UK_FUNCTION_WORDS = frozenset(
    "в у з із зі на до від за по о об і й та а але що як не ні".split())
UK_ENCLITICS = frozenset("ж же б би".split())  # belong to the word before them

_STRIP = "\"'“”‘’«»„‚()[]{}「」『』（）《》"
_CLAUSE_PUNCT = (",", ";", ":", "—", "–", "--", "...", "…", "،", "؛", "，", "、", "；", "：")
_SENTENCE_PUNCT = (".", "!", "?", "。", "！", "？", "؟", "۔", "।", "॥")

# Costs of breaking between two words (line break; a cue break weighs more).
GOOD = 0.0         # after punctuation
BEFORE_CONJ = 1.0  # "... we discussed / and we agreed"
BEFORE_PREP = 2.0
NEUTRAL = 4.0
BEFORE_AUX = 2.0   # "the alliance / will": the subject ends there
CONTENT_PAIR = 16.0  # two content words, most often one noun group
VERB_OBJECT = 12.0  # "to provide / support": a verb and a short object
NOUN_GROUP = 50.0  # adjective, number, possessive or modifying noun / noun: avoid
WEAK = 20.0        # other languages: a number and what it counts
FORBIDDEN = 100.0


def _bare(token: str) -> str:
    return token.strip(_STRIP).lower().replace("’", "'")


def _is_name_part(token: str) -> bool:
    word = token.strip(_STRIP)
    return len(word) > 1 and word[0].isupper() and word[1:2].isalpha() and word[-1].isalpha()


def _is_name_start(token: str) -> bool:
    """The word after a break may close the sentence: "Jens / Stoltenberg." is one name too."""
    return _is_name_part(token.rstrip(_STRIP).rstrip(",.;:!?").rstrip(_STRIP))


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
    return _english_cost(left, right, a, b)


def _english_cost(left: str, right: str, a: str, b: str) -> float:
    if a in EN_DETERMINERS or a in EN_PREPOSITIONS or a in EN_CONJUNCTIONS:
        return FORBIDDEN
    if b in COMPOUND_PREP.get(a, ()):
        return FORBIDDEN  # "out / of", "because / of", "according / to"
    if a in EN_SUBJECT_PRONOUNS or a in EN_AUXILIARIES:
        # "it" and "you" are objects too: before a preposition or conjunction
        # ("work on it / on the issues") they end a phrase, not start one.
        if not (a in ("it", "you") and (b in EN_PREPOSITIONS or b in EN_CONJUNCTIONS)):
            return FORBIDDEN
    if b in ("not", "n't") or b.startswith("'"):
        return FORBIDDEN
    if a in EN_NEGATIONS and b not in EN_PREPOSITIONS and b not in EN_CONJUNCTIONS:
        return FORBIDDEN  # "will not / be", "not / only"
    if a == "there" and b in EN_AUXILIARIES:
        return FORBIDDEN  # "there / are"
    if a in LET:
        return FORBIDDEN  # "let / us", "let / them"
    if _is_name_part(left) and _is_name_start(right):
        return FORBIDDEN  # "Jens / Stoltenberg", "Secretary / General"
    if b in OBJECT_PRONOUNS or (b == "you" and a in PERSON_VERBS):
        return VERB_OBJECT  # "to help / us", "thank / you"
    opens_phrase = b in EN_PREPOSITIONS or b in EN_CONJUNCTIONS or b in EN_DETERMINERS \
        or b in EN_SUBJECT_PRONOUNS or b in EN_AUXILIARIES
    if opens_noun_group(left) or a in DEGREE_ADVERBS:
        if not opens_phrase:
            return NOUN_GROUP  # "positive / results", "tax / cuts", "29 / nations", "Ukraine's / fight"
        if b in ("and", "or") and (is_adjective(left) or is_number(left)):
            return NEUTRAL  # "a safe / and secure future"
    if b in EN_CONJUNCTIONS:
        return BEFORE_CONJ
    if b in EN_PREPOSITIONS:
        return BEFORE_PREP
    if b in EN_AUXILIARIES:
        return BEFORE_AUX  # the subject ends: "the alliance / will"
    if _is_content(a) and _is_content(b) and not right[:1].isupper():
        # Two content words: a plural before a verb ends a subject ("tax cuts /
        # create"); a singular, a name or a participle before anything but a
        # known verb is most often inside a noun group ("rate / reductions",
        # "Vilnius / summit", "guiding / principles") or a verb before its object.
        plural = a.endswith("s") and not a.endswith("ss") and not left[:1].isupper()
        if plural or (b in VERB_FORMS and not a.endswith(("ing", "ed"))):
            return NEUTRAL
        return CONTENT_PAIR
    return NEUTRAL


def _is_content(word: str) -> bool:
    """A bare word that is not a function word, an adverb or a number."""
    return word.isalpha() and word not in _FUNCTION_WORDS and not _is_adverb(word)




EN_VERB_CUES = frozenset(
    "to will would shall should can could may might must do does did don't doesn't didn't "
    "won't can't cannot couldn't wouldn't shouldn't i we they you let's".split())
_PHRASE_OPENERS = EN_PREPOSITIONS | EN_CONJUNCTIONS | EN_SUBJECT_PRONOUNS | EN_AUXILIARIES
# Where an object ends at the latest: a new clause ("that", "because", "we", "will").
_CLAUSE_OPENERS = (EN_CONJUNCTIONS - {"and", "or", "as", "so"}) | EN_SUBJECT_PRONOUNS | EN_AUXILIARIES
_FUNCTION_WORDS = _PHRASE_OPENERS | EN_DETERMINERS | EN_NEGATIONS
_NOT_OBJECTS = _PHRASE_OPENERS | frozenset(
    "it together here there away back forward again tonight today now up down out off".split())


class _Word(NamedTuple):
    """What the English context rules ask of a word, worked out once per distinct word."""

    bare: str
    alpha: bool
    upper: bool
    ends_clause: bool
    opens_clause: bool
    phrase_opener: bool
    preposition: bool
    verb: bool
    adverb: bool
    participle: bool
    participle_or_superlative: bool
    modifier: bool            # an adjective or a number
    noun_group: bool          # opens a noun group
    object_start: bool


@lru_cache(maxsize=1 << 16)
def _en_word(word: str) -> _Word:
    b = _bare(word)
    return _Word(b, b.isalpha(), word[:1].isupper(), _ends_clause(word), b in _CLAUSE_OPENERS,
                 b in _PHRASE_OPENERS, b in EN_PREPOSITIONS, b in VERB_FORMS, _is_adverb(b),
                 b.endswith(("ing", "ed")), b.endswith(("ing", "ed", "est")),
                 is_adjective(b) or is_number(b), opens_noun_group(word), _starts_object(b))


def _is_adverb(word: str) -> bool:
    return word.endswith("ly") or word in CLAUSE_ADVERBS or word in DEGREE_ADVERBS


def _starts_object(word: str) -> bool:
    """Can ``word`` (bare) open a verb's object: a determiner, a pronoun, a noun group?"""
    return word not in _NOT_OBJECTS and not word.endswith("ly")
EN_CLAUSE_END = _CLAUSE_PUNCT + _SENTENCE_PUNCT
SHORT_OBJECT = 3       # words to the clause's end: "to provide / support, even more support"
CLAUSE_OPENER = 12.0   # "our fight, meaning / that": the first word of a clause alone at a line end


def _ends_clause(word: str) -> bool:
    return word.rstrip(_STRIP).endswith(EN_CLAUSE_END)


def _english_context(words: Sequence[str], costs: list[float]) -> list[float]:
    """What a word pair cannot see: a verb and its short object, a clause's first word.

    * A verb is one of the common verbs of ``captions.lang.english`` or a word
      after "to", a modal or a subject pronoun; a break before its object
      costs VERB_OBJECT when the rest of the clause (to punctuation, a
      subordinator, a subject pronoun or an auxiliary) is at most
      SHORT_OBJECT words: "to provide / support," keeps them together, "to
      provide / the tanks and the ammunition that" may break.
    * A word that opens a clause after a comma ("fight, meaning / that") would
      be left alone at the end of its line or cue: CLAUSE_OPENER.
    * An adjective before "and"/"or" and another modifier ("a safe / and
      secure future"), and a participle or superlative after a determiner
      ("the fastest / rate"), belong to the noun group after them: NOUN_GROUP.
    """
    n = len(words)
    feats = [_en_word(w) for w in words]
    clause = [0] * (n + 1)       # clause[k]: words from k to the end of its clause
    for k in range(n - 1, -1, -1):
        if feats[k].ends_clause or (k + 1 < n and feats[k + 1].opens_clause):
            clause[k] = 1
        else:
            clause[k] = 1 + clause[k + 1]
    for k, cost in enumerate(costs):
        if cost == GOOD or cost >= FORBIDDEN:
            continue
        f, nf = feats[k], feats[k + 1]
        if not f.alpha or (k and f.upper):
            continue
        before = feats[k - 1].bare if k else ""
        if (f.verb or (before in EN_VERB_CUES and not f.adverb)) \
                and nf.object_start and clause[k + 1] <= SHORT_OBJECT:
            cost = max(cost, VERB_OBJECT)
        if (k == 0 or feats[k - 1].ends_clause) and not nf.preposition and (f.participle or f.adverb):
            cost = max(cost, CLAUSE_OPENER)
        if nf.bare in ("and", "or") and k + 2 < n and f.modifier and feats[k + 2].noun_group:
            cost = max(cost, NOUN_GROUP)
        if before in EN_DETERMINERS and f.participle_or_superlative and not nf.phrase_opener:
            cost = max(cost, NOUN_GROUP)
        costs[k] = cost
    return costs


# ------------------------------------------------------------ other languages
BEFORE_PHRASE = GOOD  # a space in Thai text is its punctuation: it ends a phrase or sentence


class Token(NamedTuple):
    """A piece of a sentence that a break may follow; never cut, never changed."""

    text: str
    space: bool          # a space follows it in the text
    inside: bool = False  # the gap after it is inside a word (an over-long word cut up)


def tokenize(text: str, language: str = "en") -> list[Token]:
    """The sentence as tokens that carry their own following whitespace."""
    rules = find_rules(language)
    chunks = text.split()
    if not chunks:
        return []
    if rules is None or rules.spaces:
        return [Token(c, k < len(chunks) - 1) for k, c in enumerate(chunks)]
    from .lang.segmenters import words

    tokens: list[Token] = []
    for k, chunk in enumerate(chunks):
        pieces = words(chunk, rules.code)
        for m, piece in enumerate(pieces):
            tokens.append(Token(piece, m == len(pieces) - 1 and k < len(chunks) - 1))
    return _glue(tokens)


def _glue(tokens: list[Token]) -> list[Token]:
    """Kinsoku: closing punctuation joins the token before, an opening bracket the one after."""
    out: list[Token] = []
    for tok in tokens:
        if out and (tok.text[0] in NO_LINE_START or out[-1].text[-1] in NO_LINE_END):
            prev = out.pop()
            tok = Token(prev.text + (" " if prev.space else "") + tok.text, tok.space)
        out.append(tok)
    return out


def _split_long(tokens: list[Token], max_chars: int) -> list[Token]:
    """A word wider than a line (scripts without spaces) may be cut between characters.

    The gaps inside it cost FORBIDDEN, so they are used only where nothing
    else fits; kinsoku still holds inside it.
    """
    out: list[Token] = []
    for tok in tokens:
        if display_width(tok.text) <= max_chars:
            out.append(tok)
            continue
        parts = _glue([Token(ch, False) for ch in tok.text])
        for m, part in enumerate(parts):
            last = m == len(parts) - 1
            out.append(Token(part.text, tok.space if last else False, inside=not last))
    return out


def _is_name_chars(word: str, chars: frozenset[str]) -> bool:
    """Only transliteration characters (and the interpunct between a name's parts)."""
    return bool(word.strip("·・")) and all(ch in chars or ch in "·・" for ch in word)


def rules_cost(left: Token, right: Token, rules: LanguageRules) -> float:
    """Cost of a break between two tokens, from a language's rules (not English/Ukrainian)."""
    if left.inside:
        return FORBIDDEN
    tail = left.text.rstrip(_STRIP)
    if tail.endswith(_SENTENCE_PUNCT) or tail.endswith(_CLAUSE_PUNCT) \
            or tail.endswith(tuple(rules.sentence_ends)):
        return GOOD
    a, b = _bare(left.text), _bare(right.text)
    if a in rules.forward or b in rules.backward:
        return FORBIDDEN
    if rules.cased and _is_name_part(left.text) and _is_name_part(right.text):
        return FORBIDDEN
    if rules.code in ("zh", "zt"):
        from .lang.words import ZH_NAME_CHARS, ZT_NAME_CHARS

        chars = ZH_NAME_CHARS if rules.code == "zh" else ZT_NAME_CHARS
        if _is_name_chars(a, chars) and _is_name_chars(b, chars):
            return FORBIDDEN  # 斯托尔 / 滕贝格: one transliterated name
    if a[:1].isdigit():
        return WEAK  # "28 / вересня", "1949 / 年"
    if b in rules.forward:
        return BEFORE_CONJ
    if not rules.spaces and left.space:
        return BEFORE_PHRASE
    return NEUTRAL


def gap_costs(tokens: Sequence[Token], language: str = "en") -> list[float]:
    """Cost of breaking after each token but the last."""
    rules = find_rules(language)
    code = rules.code if rules else language.lower()
    if code in ("en", "uk"):
        key = "uk" if code == "uk" else "en"
        costs = [FORBIDDEN if tokens[k].inside else break_cost(tokens[k].text, tokens[k + 1].text, key)
                 for k in range(len(tokens) - 1)]
        return _english_context([t.text for t in tokens], costs) if key == "en" else costs
    if rules is None:
        rules = _UNKNOWN
    return [rules_cost(tokens[k], tokens[k + 1], rules) for k in range(len(tokens) - 1)]


def _unknown_rules() -> LanguageRules:
    from dataclasses import replace

    from .lang import rules_for

    return replace(rules_for("eo"), code="und", forward=frozenset(), backward=frozenset(),
                   source="no rules: Latin default, no function words")


_UNKNOWN = _unknown_rules()


# ------------------------------------------------------------- line layout
IMBALANCE_SCALE = 10.0   # lines differing by this many characters cost 1; grows quadratically
# English knows its noun groups and verb phrases (captions.lang.english), so it can
# afford a steeper balance: syntax still wins where a break would split a group, and
# elsewhere the lines come out more even (bench/bench_breaks.py).  Other languages
# keep the gentler curve their function-word rules were set with.
EN_IMBALANCE_SCALE = 6.5
CUE_WEIGHT = 3.0         # a cue break is this many times worse than a line break
MID_CLAUSE_CUE = 6.0     # a cue break away from punctuation costs this much more
CUE_COST = 6.0          # prefer fewer cues: one sentence per cue where it fits
SHORT_CUE_CHARS = 16     # cues shorter than this flash by: penalise them
SHORT_CUE_WEIGHT = 1.5
EN_LOPSIDED = 15.0       # English: the short line under half the long one (and LOPSIDED_CHARS shorter)
LOPSIDED_CHARS = 10
REFERENCE_LINE = 42      # the figures above are for 42-character lines; scaled by the language's


class _Sizes(NamedTuple):
    cum: list[int]       # cum[k]: width of tokens[:k] with their following spaces
    ends: list[int]      # ends[k]: cum[k] without the space after token k-1 (a line ends there)
    imbalance: float
    short_cue: float
    lopsided: float          # characters; a lopsided pair of lines pays ``lopsided_cost``
    lopsided_cost: float

    def width(self, i: int, j: int) -> int:
        return self.ends[j] - self.cum[i]


def _sizes(tokens: Sequence[Token], reserve: int, line_scale: float, english: bool = False) -> _Sizes:
    cum, ends = [0], [0]
    total = 0
    for tok in tokens:
        total += display_width(tok.text)
        ends.append(total)
        if tok.space:
            total += 1
        cum.append(total)
    # A reserved label is a phantom prefix on the first token: widths are
    # differences of cum, so it counts only in slices that start at 0.
    if reserve:
        cum = [0] + [c + reserve for c in cum[1:]]
        ends = [0] + [e + reserve for e in ends[1:]]
    scale = EN_IMBALANCE_SCALE if english else IMBALANCE_SCALE
    return _Sizes(cum, ends, scale * line_scale, SHORT_CUE_CHARS * line_scale,
                  LOPSIDED_CHARS * line_scale, EN_LOPSIDED if english else 0.0)


def _lopsided(first: int, second: int, chars: float) -> bool:
    """The short line under half the long one and ``chars`` shorter (the checker's "badly unbalanced")."""
    return min(first, second) * 2 < max(first, second) and abs(first - second) >= chars


def _best_lines(s: _Sizes, costs, i, j, max_chars, max_lines, reserve=0, bound=FORBIDDEN * 1e9):
    """Cheapest layout of tokens[i:j] in at most ``max_lines`` lines, or None.

    Returns (cost, cut positions).  One line whenever the text fits on one;
    otherwise the break is chosen by the break cost plus how unbalanced the
    lines are.  With a label ``reserve`` (i == 0) the lines must look
    balanced both with the label (SRT) and without it (WebVTT).  Two-line
    layouts that cost ``bound`` or more are not looked at (None if all do):
    the caller has something as good already.
    """
    cum, ends = s.cum, s.ends
    start, end = cum[i], ends[j]
    if end - start <= max_chars or j - i == 1:
        return (0.0 if end - start <= max_chars else FORBIDDEN, ())
    if max_lines < 2:
        return None
    if max_lines == 2:   # the hot loop of the layout: kept lean
        best_cost, best_k = bound, 0
        imbalance, lop, lop_cost = s.imbalance, s.lopsided, s.lopsided_cost
        # Only cuts where the second line fits: cum[k] >= end - max_chars.
        for k in range(max(i + 1, bisect_left(cum, end - max_chars, i, j)), j):
            first = ends[k] - start
            if first > max_chars:
                break
            cost = costs[k - 1]
            if cost >= best_cost:   # every term below adds to it
                continue
            second = end - cum[k]
            diff = first - second if first >= second else second - first
            if reserve:
                diff = max(diff, abs(first - reserve - second))
            t = diff / imbalance
            cost += t * t
            if lop_cost and diff >= lop and (second * 2 < first if first > second else first * 2 < second) \
                    and (not reserve or (abs(first - second) >= lop
                                         and _lopsided(first - reserve, second, lop))):
                cost += lop_cost   # lopsided with the label and without it
            if cost < best_cost:
                best_cost, best_k = cost, k
        return (best_cost, (best_k,)) if best_k else None
    best = None  # three or more lines: first line, then the rest recursively
    for k in range(i + 1, j):
        first = ends[k] - start
        if first > max_chars:
            break
        rest = _best_lines(s, costs, k, j, max_chars, max_lines - 1)
        if rest is None:
            continue
        cost = costs[k - 1] + rest[0]
        if best is None or cost < best[0]:
            best = (cost, (k,) + rest[1])
    return best


def split_sentence(text: str | Sequence[str], *, max_chars: int = 42, max_lines: int = 2,
                   language: str = "en", first_line_reserve: int = 0) -> list[tuple[str, ...]]:
    """Cut one sentence into cue layouts (each a tuple of lines).

    ``text`` is the sentence as written (or its whitespace tokens).
    ``first_line_reserve`` keeps that many characters free on the first line
    of the first cue (room for an SRT speaker label).  In languages written
    with spaces a word longer than a line stands alone on its line: words are
    never cut; in Chinese, Japanese and Thai a word wider than a line is cut
    between characters, and only there.
    """
    sentence = text if isinstance(text, str) else " ".join(text)
    tokens = tokenize(sentence, language)
    if not tokens:
        return []
    rules = find_rules(language)
    if rules is not None and not rules.spaces:
        tokens = _split_long(tokens, max_chars)
    n = len(tokens)
    costs = gap_costs(tokens, language)
    line_scale = (rules.max_chars if rules else REFERENCE_LINE) / REFERENCE_LINE
    english = (rules.code if rules else language.lower()) == "en"
    s = _sizes(tokens, first_line_reserve, line_scale, english)
    limit = max_chars * max_lines + max_lines - 1

    if s.width(0, n) <= limit:  # fast path: the whole sentence may fit in one cue
        whole = _best_lines(s, costs, 0, n, max_chars, max_lines, first_line_reserve)
        if whole is not None and whole[0] < FORBIDDEN:
            return [_cut(tokens, 0, n, whole[1])]

    dp_args = (tokens, s, costs, max_chars, max_lines, limit, first_line_reserve)
    cues = _cue_dp(*dp_args, skip_forbidden=True)
    if cues is None:  # no legal cue break anywhere near: allow forbidden ones
        cues = _cue_dp(*dp_args, skip_forbidden=False)
    return cues


def _cue_dp(tokens, s: _Sizes, costs, max_chars, max_lines, limit, reserve, *, skip_forbidden):
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
    cum, ends, short_cue = s.cum, s.ends, s.short_cue
    for j in range(1, n + 1):
        gap = 0.0 if j == n else costs[j - 1]
        boundary = CUE_WEIGHT * gap + (MID_CLAUSE_CUE if gap > GOOD else 0.0)
        if skip_forbidden and boundary >= CUE_WEIGHT * FORBIDDEN:
            continue
        fixed = CUE_COST + boundary
        cj = ends[j]
        best_j, back_j = INF, None
        for i in range(j - 1, -1, -1):
            width = cj - cum[i]
            if width > limit and i < j - 1:
                break
            bi = best[i]
            if bi == INF:
                continue
            short = (short_cue - width) * SHORT_CUE_WEIGHT if width < short_cue else 0.0
            # The sums keep one order (left to right): exact ties between layouts are
            # common, and another order of the same terms could round them apart.
            if bi + fixed + short >= best_j:   # the lines' cost can only add to it
                continue
            if width <= max_chars:   # one line when it fits: no line break to choose
                best_j, back_j = bi + fixed + short, (i, ())
                continue
            lines = _best_lines(s, costs, i, j, max_chars, max_lines, reserve if i == 0 else 0,
                                bound=best_j - bi - fixed + 1e-9)   # the sum below decides ties
            if lines is None:
                continue
            total = bi + lines[0] + fixed + short
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


def _join(tokens: Sequence[Token]) -> str:
    if all(t.space for t in tokens[:-1]):   # words between spaces: the common case
        return " ".join([t.text for t in tokens])
    return "".join(t.text + (" " if t.space and k < len(tokens) - 1 else "")
                   for k, t in enumerate(tokens))


def _cut(tokens: Sequence[Token], i: int, j: int, cuts: tuple[int, ...]) -> tuple[str, ...]:
    edges = (i, *cuts, j)
    return tuple(_join(tokens[a:b]) for a, b in zip(edges, edges[1:]))
