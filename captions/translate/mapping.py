"""Source cues -> sentences to translate -> translated cues on the same speech.

Cue-by-cue translators lose context (a cue is half a sentence); translators
that re-flow text let every later cue drift.  Here:

1. The cues of one source sentence are joined (``Cue.sentence`` says which
   ones; in subtitle files read from disk, where cue and sentence edges need
   not agree, runs of cues are also split into sentences by text).  Each
   such run of cues is a *unit*; the source text of each sentence is an
   offset range in the unit's joined text.
2. Whole sentences are translated.
3. Each translation is laid out into cues with the target language's layout
   rules and placed on the sentence's own speech: a translated cue covering
   characters [p, q) of the translation gets the source times of the same
   *fraction* of the source sentence's text.  Times follow the source cues'
   own intervals, so a source pause stays a pause, and no translated cue
   leaves its sentence's span: timing cannot drift.
4. Two frames (83 ms) are kept between cues; then out-times are extended for
   reading speed (at most 0.5 s past the speech, never into the next cue) and
   cues still above the target speed are reported.

Two-speaker dialogue cues ("-Are you coming?" / "-In a minute.") from
subtitle files are kept as one cue: each line is translated on its own.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Optional, Sequence

from ..model import Cue
from ..profiles import Profile
from .script import FULL_WIDTH_CLOSERS, FULL_WIDTH_ENDS, join_pieces, joiner

DASHES = ("-", "–", "—")


@dataclass(frozen=True)
class Unit:
    """Consecutive source cues whose edges are sentence edges (or a dialogue cue)."""

    cues: tuple[Cue, ...]
    texts: tuple[str, ...]                    # each cue's text on one line
    sentences: tuple[tuple[int, int], ...]    # char ranges of ``joined``
    dialogue: bool = False
    seps: tuple[str, ...] = ()                # between texts: " ", or "" inside Chinese

    @property
    def joined(self) -> str:
        out = self.texts[0] if self.texts else ""
        for sep, text in zip(self.separators, self.texts[1:]):
            out += sep + text
        return out

    @property
    def separators(self) -> tuple[str, ...]:
        if self.dialogue:
            return ("\n",) * (len(self.texts) - 1)
        return self.seps or (" ",) * (len(self.texts) - 1)

    def sentence_texts(self) -> list[str]:
        text = self.joined
        return [text[a:b] for a, b in self.sentences]


def _one_line(cue: Cue) -> str:
    return join_pieces(" ".join(line.split()) for line in cue.lines)


def is_dialogue(cue: Cue) -> bool:
    """A two-speaker cue: voices per line, or (a track made by hand) dash-led lines."""
    if cue.is_dialogue:
        return True
    lines = [ln.strip() for ln in cue.shown if ln.strip()]
    return len(lines) >= 2 and all(ln.startswith(DASHES) for ln in lines)


def _token_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence ranges found on whitespace tokens (``text`` has single spaces)."""
    from ..sentences import split_sentences

    ranges, offset = [], 0
    for tokens in split_sentences(text.split()):
        piece = " ".join(tokens)
        ranges.append((offset, offset + len(piece)))
        offset += len(piece) + 1
    return ranges


def _full_width_sentences(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Cut text[a:b] after each 。！？ (and its closing quotes) that more text follows.

    Chinese and Japanese sentences are not separated by spaces, so a token
    level splitter sees two sentences as one word.
    """
    ranges, start, k = [], a, a
    while k < b:
        if text[k] in FULL_WIDTH_ENDS:
            end = k + 1
            while end < b and (text[end] in FULL_WIDTH_ENDS or text[end] in FULL_WIDTH_CLOSERS):
                end += 1
            following = end
            while following < b and text[following].isspace():
                following += 1
            if following < b:
                ranges.append((start, end))
                start = following
            k = following
        else:
            k += 1
    ranges.append((start, b))
    return ranges


def _sentence_ranges(text: str, detect: bool) -> tuple[tuple[int, int], ...]:
    coarse = _token_sentences(text) if detect else [(0, len(text))]
    return tuple(r for a, b in coarse for r in _full_width_sentences(text, a, b))


def units_from_cues(cues: Sequence[Cue], *, detect: Optional[bool] = None) -> list[Unit]:
    """Group cues into units.

    ``detect=None``: trust ``Cue.sentence`` for cues this tool made and detect
    sentences by text inside runs read from subtitle files (provenance
    "source"), whose sentence numbers only say where a cue ends a sentence.
    """
    units: list[Unit] = []
    run: list[Cue] = []

    def flush() -> None:
        if not run:
            return
        texts = tuple(_one_line(c) for c in run)
        seps = tuple(joiner(a, b) for a, b in zip(texts, texts[1:]))
        use_text = detect if detect is not None else any(c.provenance == "source" for c in run)
        unit = Unit(tuple(run), texts, (), seps=seps)
        units.append(replace(unit, sentences=_sentence_ranges(unit.joined, use_text)))
        run.clear()

    for cue in cues:
        if not _one_line(cue):
            continue  # nothing to say: an empty cue is dropped
        if is_dialogue(cue):
            flush()
            lines = tuple(" ".join(ln.strip().lstrip("".join(DASHES)).split())
                          for ln in cue.lines if ln.strip())
            ranges, offset = [], 0
            for line in lines:
                ranges.append((offset, offset + len(line)))
                offset += len(line) + 1
            units.append(Unit((cue,), lines, tuple(ranges), dialogue=True))
            continue
        if run and (cue.sentence != run[-1].sentence or cue.turn != run[-1].turn):
            flush()
        run.append(cue)
    flush()
    return units


# ---- placing translated cues on the source speech --------------------------

def _bounds(unit: Unit) -> list[tuple[int, int, int, int]]:
    """(offset, length, start ms, end ms) of each source cue in ``unit.joined``."""
    out, offset = [], 0
    for cue, text, sep in zip(unit.cues, unit.texts, unit.separators + ("",)):
        out.append((offset, len(text), cue.start, cue.end))
        offset += len(text) + len(sep)
    return out


def start_time(bounds, x: float) -> float:
    """When text starting at offset ``x`` is spoken (a separator -> next cue's start)."""
    for offset, length, start, end in bounds:
        if x < offset + length:
            if x <= offset:
                return start
            return start + (x - offset) * (end - start) / length
    return bounds[-1][3]


def end_time(bounds, x: float) -> float:
    """When text ending at offset ``x`` has been spoken (a separator -> previous cue's end)."""
    for offset, length, start, end in reversed(bounds):
        if x > offset:
            if x >= offset + length:
                return end
            return start + (x - offset) * (end - start) / length
    return bounds[0][2]


def place_sentence(unit: Unit, index: int, layouts: Sequence[tuple[str, ...]], *,
                   speaker: Optional[str], sentence_no: int) -> list[Cue]:
    """Cues for one translated sentence, on the time span of source sentence ``index``."""
    if not layouts:
        return []
    a, b = unit.sentences[index]
    bounds = _bounds(unit)
    texts = [join_pieces(lines) for lines in layouts]
    # where each translated cue's text lies in the whole translation
    spans, pos = [], 0
    for k, text in enumerate(texts):
        if k:
            pos += len(joiner(texts[k - 1], text))
        spans.append((pos, pos + len(text)))
        pos += len(text)
    total = max(pos, 1)
    first = unit.cues[0]
    last_src = unit.cues[-1]
    out: list[Cue] = []
    for k, (lines, (p, q)) in enumerate(zip(layouts, spans)):
        x0 = a + (b - a) * p / total
        x1 = a + (b - a) * q / total
        start = round(start_time(bounds, x0))
        end = max(start + 1, round(end_time(bounds, x1)))
        speech_end = end
        if k == len(layouts) - 1 and b >= len(unit.joined) and last_src.speech_end is not None:
            speech_end = min(end, last_src.speech_end)
        out.append(Cue(start=start, end=end, lines=tuple(lines), speaker=speaker,
                       sentence=sentence_no, turn=first.turn, speech_end=speech_end,
                       provenance=first.provenance))
    return out


def place_dialogue(unit: Unit, translations: Sequence[str], *,
                   speaker_name: Callable[[Optional[str]], Optional[str]],
                   sentence_no: int) -> list[Cue]:
    """The dialogue cue again, a translated line per speaker (its dashes and labels are
    the target language's: ``fit.mark_speakers``)."""
    cue = unit.cues[0]
    voices = cue.line_speakers if cue.is_dialogue else (None,) * len(cue.lines)
    kept = [(t, speaker_name(v)) for t, v in zip(translations, voices) if t]
    if not kept:
        return []
    return [replace(cue, lines=tuple(t for t, _ in kept), marks=(),
                    voices=tuple(v for _, v in kept) if len(kept) > 1 else (),
                    speaker=speaker_name(cue.speaker), sentence=sentence_no)]


def keep_gaps(cues: Sequence[Cue], min_gap: int) -> list[Cue]:
    """Open every gap below ``min_gap`` around its middle; cues only shrink.

    Both cues stay inside their own spans, because only the earlier cue's end
    moves earlier and the later cue's start moves later.
    """
    out = list(cues)
    for k in range(1, len(out)):
        prev, cue = out[k - 1], out[k]
        if cue.start - prev.end >= min_gap:
            continue
        middle = (prev.end + cue.start) / 2
        new_end = max(prev.start + 1, int(middle - min_gap / 2))
        new_start = min(max(cue.start, new_end + min_gap), cue.end - 1)
        speech_end = prev.speech_end if prev.speech_end is None else min(prev.speech_end, new_end)
        out[k - 1] = replace(prev, end=new_end, speech_end=speech_end)
        out[k] = replace(cue, start=max(cue.start, new_start))
    return out


def slow_cues(cues: Sequence[Cue], profile: Profile) -> tuple[tuple[int, float], ...]:
    """(1-based cue number, cps) of cues still above the target reading speed."""
    return tuple((i, round(c.cps, 1)) for i, c in enumerate(cues, start=1)
                 if c.cps > profile.cps_target + 1e-9)


def map_translations(units: Sequence[Unit], translations: Sequence[Sequence[str]], *,
                     profile: Profile, language: str,
                     speaker_name: Callable[[Optional[str]], Optional[str]] = lambda s: s,
                     labels: str = "turn") -> list[Cue]:
    """Translated cues for every unit (``translations[u][i]``: sentence i of unit u),
    with the speaker marks of the ``labels`` style at each change of speaker."""
    from ..fit import mark_speakers
    from ..lang import display_width
    from ..layout import split_sentence
    from ..speakers import line_mark

    cues: list[Cue] = []
    sentence_no = 0
    previous_turn = None
    for unit, texts in zip(units, translations):
        speaker = speaker_name(unit.cues[0].speaker)
        if unit.dialogue:
            cues += place_dialogue(unit, texts, speaker_name=speaker_name, sentence_no=sentence_no)
            sentence_no += 1
            previous_turn = unit.cues[0].turn
            continue
        for index, text in enumerate(texts):
            reserve = 0
            if speaker and unit.cues[0].turn != previous_turn:   # room for "STOLTENBERG: "
                reserve = display_width(line_mark(labels, speaker, starts_turn=True))
            layouts = split_sentence(text, max_chars=profile.max_chars,
                                     max_lines=profile.max_lines, language=language,
                                     first_line_reserve=reserve) if text.strip() else []
            placed = place_sentence(unit, index, layouts, speaker=speaker,
                                    sentence_no=sentence_no)
            if placed:
                previous_turn = unit.cues[0].turn
            cues += placed
            sentence_no += 1
    return mark_speakers(keep_gaps(cues, profile.min_gap), labels, language=language)
