"""Transcript -> untimed cue drafts: sentences first, then cues that fit the layout rules.

A speaker turn always starts a new cue, a cue never holds parts of two
sentences, and the cues' characters in order are exactly the transcript's
(in every script: sentences and tokens are exact pieces of the paragraph).
Each draft records what follows it in the speech (a clause break, a sentence
end, a paragraph end, a change of speaker), which is what the timing model
needs to place pauses.
"""
from __future__ import annotations

from dataclasses import replace

from .lang import display_width
from .layout import split_sentence
from .model import Draft, Transcript
from .sentences import split_paragraph
from .speakers import line_mark


def segment(transcript: Transcript, *, max_chars: int = 42, max_lines: int = 2,
            language: str = "en", labels: str = "turn") -> list[Draft]:
    """Cut a transcript into cue drafts.

    The first line of each turn's first cue carries the speaker's mark in the
    ``labels`` style (``captions.speakers``: a name, chevrons or nothing), and
    the layout keeps room for it: every format shows the cue as laid out here.
    """
    drafts: list[Draft] = []
    sentence_no = 0
    for turn_no, turn in enumerate(transcript.turns):
        mark = line_mark(labels, turn.speaker, starts_turn=True) if turn.speaker else ""
        reserve = display_width(mark)
        for p_no, paragraph in enumerate(turn.paragraphs):
            sentences = split_paragraph(paragraph, language)
            for s_no, sentence in enumerate(sentences):
                layouts = split_sentence(sentence, max_chars=max_chars, max_lines=max_lines,
                                         language=language, first_line_reserve=reserve)
                for c_no, lines in enumerate(layouts):
                    if c_no < len(layouts) - 1:
                        after = "clause" if _ends_clause(lines[-1]) else "none"
                    elif s_no < len(sentences) - 1:
                        after = "sentence"
                    elif p_no < len(turn.paragraphs) - 1:
                        after = "paragraph"
                    else:
                        after = "turn"
                    marks = (mark,) + ("",) * (len(lines) - 1) if mark else ()
                    drafts.append(Draft(lines, turn.speaker, sentence_no, turn_no, after, marks))
                    mark, reserve = "", 0
                sentence_no += 1
    if drafts:
        drafts[-1] = replace(drafts[-1], after="end")
    return drafts


def _ends_clause(line: str) -> bool:
    return line.rstrip("\"'”’»)」』）").endswith(
        (",", ";", ":", "--", "—", "–", "…", "，", "、", "；", "：", "،", "؛"))
