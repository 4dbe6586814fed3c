"""WebVTT writer, written here on purpose; webvtt-py is the independent reader in tests.

Why not webvtt-py's writer: it writes cue text as given and does not escape
``&`` and ``<`` (so "x < 5" reaches a browser as "x "), and it re-parses every
timestamp string it is handed, which made it 30 % of the whole English
pipeline's time on a 200,000-word transcript.  What is left to write is a
header, NOTE blocks and cues: the text is escaped here (``&`` ``<`` ``>``, as
the W3C spec asks; escaping ``>`` also rules out ``-->`` in text), the speaker
goes in a ``<v Name>`` voice span for machines while the viewer reads the same
speaker label, chevrons or dialogue dash as in the SRT (``Cue.marks``: browsers
do not show voice names), timestamps come from integer milliseconds.
Every test that writes VTT reads it back with webvtt-py (and Chromium's own
parser in the media tests).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from ..lang.text import rtl_display_line
from ..model import Cue, Track
from ..timestamps import vtt_timestamp

if TYPE_CHECKING:
    from . import FileStyle


PROVENANCE_NOTES = {
    "aligned": "aligned to the speech in the media",
    "spread": "spread over detected speech (alignment failed here)",
    "estimated": "estimated from the text",
    "source": "taken from the source subtitles",
}


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _voice(name: str) -> str:
    # A voice annotation ends at ">" and may not hold "&" or "<" unescaped.
    return escape(" ".join(name.split()))


def write(track: Track, style: "FileStyle", *, extra: Optional[dict[str, Any]] = None) -> str:
    return format_vtt(track)


def format_vtt(track: Track, *, note: Optional[str] = None) -> str:
    header = [f"Title: {track.title}"] if track.title else []
    header.append(f"Language: {track.language}")
    header.extend(track.notes)
    kinds = {cue.provenance for cue in track.cues}
    if note:
        header.append(note)
    elif len(kinds) == 1:
        header.append(f"Timings: {PROVENANCE_NOTES[kinds.pop()]}.")
    blocks = ["WEBVTT", "NOTE\n" + _note_text("\n".join(header))]
    mixed = len({cue.provenance for cue in track.cues}) > 1
    previous = None
    for cue in track.cues:
        if mixed and cue.provenance != previous:
            # A stretch of cues timed another way: say so where it starts.
            blocks.append(f"NOTE timing: {PROVENANCE_NOTES[cue.provenance]}")
        previous = cue.provenance
        blocks.append(f"{vtt_timestamp(cue.start)} --> {vtt_timestamp(cue.end)}\n"
                      + "\n".join(_cue_lines(cue, track.language)))
    return "\n\n".join(blocks) + "\n"


def _cue_lines(cue: Cue, language: str) -> list[str]:
    """The lines as shown (marks and words), escaped, with the speaker in a voice span
    for machines: one span for the cue, or one per line of a dialogue cue."""
    lines = [escape(rtl_display_line(line, language)) for line in cue.shown]
    if cue.is_dialogue:
        return [f"<v {_voice(who)}>{line}</v>" if who else line
                for who, line in zip(cue.line_speakers, lines)]
    if cue.speaker and lines:
        lines[0] = f"<v {_voice(cue.speaker)}>{lines[0]}"
    return lines


def _note_text(text: str) -> str:
    # A NOTE may not contain "-->" nor a blank line (which would end it).
    lines = [_no_arrow(line) for line in text.split("\n") if line.strip()]
    return "\n".join(lines)


def _no_arrow(line: str) -> str:
    # once is not enough: "--->" becomes "-->" again
    while "-->" in line:
        line = line.replace("-->", "->")
    return line
