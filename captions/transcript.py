"""Reading a transcript: Storyful pages, ``Name: text`` turns, plain paragraphs.

The shapes, all decoded by ``textio.decode`` first:

* Storyful page: headline, article paragraphs, a ``Video transcript`` heading,
  then turns opened by an upper-case name and a colon.  Only the part after
  the heading becomes captions; the headline is kept as the title.
* ``Name: text`` labels in any letter case (at most five words, none of them
  a word of prose such as "the" or "is"), unlabelled paragraphs continuing
  the turn.
* Plain paragraphs with no speakers.

Paragraphs are separated by blank lines; lines inside a paragraph are joined,
so a hard-wrapped transcript reads the same as an unwrapped one (with a space,
except between two Chinese or Japanese characters, which no space separates).

Any language: a label may end with a full-width colon (``主持人：大家好``, no
space needed after it) and a name may hold an interpunct (延斯·斯托尔滕贝格);
a Chinese or Japanese line whose "name" ends in a verb of saying (他说：, 彼は言った：)
is prose, not a label.
"""
from __future__ import annotations

import re
from typing import Optional

from .errors import InputError
from .model import Transcript, Turn
from .textio import decode, read_bytes

_HEADING = re.compile(r"^\s*video\s+transcript\s*:?\s*$", re.IGNORECASE)
# A label: 1-5 words of letters, digits, dots, apostrophes, hyphens, then a
# colon (and a space or the line end), or a full-width colon (anything after).
_LABEL = re.compile(r"^\s*([^\W_][\w.'’\-·・]*(?:[ \t]+[\w.'’\-·・]+){0,4})[ \t]*"
                    r"(?::(?:[ \t]+|$)|：[ \t]*)(.*)$")
# Chinese and Japanese verbs of saying: "他说：" opens a quotation, not a turn.
_SAYING = ("说", "說", "道", "问", "問", "表示", "指出", "强调", "強調", "称", "稱", "回答", "宣布",
           "言った", "述べた", "語った", "話した", "によると")
# Words that never appear in a speaker's name: a line opening "the answer is
# simple: yes" is prose, not a label.  Name particles (von, de, la) are fine.
_PROSE_WORDS = frozenset("""
the a an is are was were be been and or but of to in on for with we i you it that this
these those there here so what as at by not my our your his her their its have has had
will would can said says say then now when if just also very
""".split())
# Words that open a line with a colon but are not speakers.
_NOT_SPEAKERS = frozenset({"note", "credit", "credits", "source", "update", "editor's note",
                           "warning", "caption", "http", "https", "time"})


def read_transcript(path: str, *, encoding: Optional[str] = None) -> Transcript:
    """Read and parse a transcript file (``-`` for stdin)."""
    name = "<stdin>" if str(path) == "-" else str(path)
    return parse_transcript(decode(read_bytes(path), path=name, encoding=encoding), source=name)


def parse_transcript(text: str, *, source: str = "<transcript>") -> Transcript:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    title = None
    heading = next((i for i, line in enumerate(lines) if _HEADING.match(line)), None)
    if heading is not None:
        title = next((ln.strip() for ln in lines[:heading] if ln.strip()), None)
        lines = lines[heading + 1:]
        if not any(ln.strip() for ln in lines):
            raise InputError("the 'Video transcript' section is empty: nothing to caption",
                             path=source)
    turns = _turns(lines)
    if not any(p for t in turns for p in t.paragraphs):
        if any(t.speaker for t in turns):
            raise InputError("only speaker labels, no words to caption", path=source)
        raise InputError("no text to caption (the file is empty or blank)", path=source)
    return Transcript(turns=tuple(turns), title=title, source=source)


def speaker_label(line: str) -> Optional[tuple[str, str]]:
    """``("VOLODYMYR ZELENSKYY", "Thank you...")`` if the line opens with a label."""
    match = _LABEL.match(line)
    if not match:
        return None
    name, rest = match.group(1).strip(), match.group(2)
    if name.lower() in _NOT_SPEAKERS or len(name) > 40:
        return None
    if any(word.lower() in _PROSE_WORDS for word in name.split() if not word.isupper()):
        return None
    if name.endswith(_SAYING):
        return None
    return name, rest


def display_name(name: str) -> str:
    """People's names as people write them: "VOLODYMYR ZELENSKYY" -> "Volodymyr Zelenskyy".

    Only upper-case names are recased, so "McDonald" or "de Gaulle" written by
    the transcriber stay as they are.
    """
    if not name.isupper():
        return " ".join(name.split())
    return " ".join(_recase(word) for word in name.split())


def _recase(word: str) -> str:
    # Capitalise each part of "JEAN-CLAUDE" and "O'BRIEN"; keep "II", "III" as numerals.
    if re.fullmatch(r"[IVX]+", word) and len(word) > 1:
        return word
    out, upper_next = [], True
    for ch in word.lower():
        out.append(ch.upper() if upper_next else ch)
        upper_next = ch in "-'’."
    return "".join(out)


def _join_lines(lines: list[str]) -> str:
    """A paragraph's lines as one: a space between them, none between CJK characters."""
    from .lang.text import is_han_or_kana

    out = lines[0]
    for line in lines[1:]:
        cjk = (out and line and (is_han_or_kana(out[-1]) or out[-1] in "，。、！？；：」』）")
               and is_han_or_kana(line[0]))
        out += ("" if cjk else " ") + line
    return out


def _turns(lines: list[str]) -> list[Turn]:
    turns: list[Turn] = []
    speaker: Optional[str] = None
    paragraphs: list[str] = []
    current: list[str] = []

    def end_paragraph() -> None:
        if current:
            paragraphs.append(" ".join(_join_lines(current).split()))
            current.clear()

    def end_turn() -> None:
        end_paragraph()
        if paragraphs or speaker:
            turns.append(Turn(speaker=speaker, paragraphs=tuple(p for p in paragraphs if p)))
        paragraphs.clear()

    for line in lines:
        if not line.strip():
            end_paragraph()
            continue
        label = speaker_label(line)
        if label:
            name, rest = label
            end_turn()
            speaker = display_name(name)
            line = rest
        if line.strip():
            current.append(line.strip())
    end_turn()
    return [t for t in turns if t.paragraphs or t.speaker]
