"""Scripts written without spaces between words (Chinese, Japanese, Thai ...).

Translation needs one fact about a script: whether two pieces of text are
joined with a space.  Two cue lines of a Chinese sentence are one run of
characters ("北约秘书长" + "周四访问基辅"), and a glossary term inside such a run
has no spaces around it.  Judged by the characters themselves, so it also
works for text whose language tag is missing or wrong.
"""
from __future__ import annotations

# (first, last) code points: Thai, Lao, Myanmar, Khmer; CJK punctuation, kana,
# Han (with extensions and compatibility forms), full-width forms.
_UNSPACED = (
    (0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF),
    (0x3000, 0x30FF), (0x31F0, 0x31FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF), (0xFF00, 0xFFEF), (0x20000, 0x3FFFF),
)


def _ranges_class() -> str:
    return "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in _UNSPACED)


# A regex class: a letter or digit of a script written WITH spaces.  Around a
# whole word only these count as "still inside the word": a Chinese character
# right after "Kyiv" in "访问Kyiv，" does not.
SPACED_WORD_CHAR = f"[^\\W_{_ranges_class()}]"

# Ends of sentences in those scripts (no space follows them), and what may
# close a sentence after them.
FULL_WIDTH_ENDS = "。！？｡"
FULL_WIDTH_CLOSERS = "」』》〉）】〕”’\"')"


def unspaced(ch: str) -> bool:
    """Is ``ch`` a character of a script written without spaces between words?"""
    if not ch:
        return False
    code = ord(ch)
    return any(first <= code <= last for first, last in _UNSPACED)


def joiner(left: str, right: str) -> str:
    """What goes between two pieces of one text: nothing inside an unspaced run."""
    if left and right and unspaced(left[-1]) and unspaced(right[0]):
        return ""
    return " "


def join_pieces(pieces) -> str:
    """Join pieces (cue lines, cues) as the script writes them."""
    out = ""
    for piece in pieces:
        if not piece:
            continue
        out = piece if not out else out + joiner(out, piece) + piece
    return out
