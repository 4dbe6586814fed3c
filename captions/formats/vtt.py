"""WebVTT writer, through ``webvtt-py``.

webvtt-py writes cue lines as given and does not escape them, so the cue text
is escaped here (``&`` ``<`` ``>`` as the W3C spec asks) and the speaker goes
in a ``<v Name>`` voice span on the first line.  Timestamps come from integer
milliseconds, never floats.
"""
from __future__ import annotations

from typing import Optional

from ..model import Track


PROVENANCE_NOTES = {
    "aligned": "aligned to the speech in the media",
    "spread": "spread over detected speech (alignment failed here)",
    "estimated": "estimated from the text",
    "source": "taken from the source subtitles",
}


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def timestamp(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def _voice(name: str) -> str:
    # A voice annotation ends at ">" and may not hold "&" or "<" unescaped.
    return escape(" ".join(name.split()))


def format_vtt(track: Track, *, note: Optional[str] = None) -> str:
    import webvtt
    from webvtt.models import Caption

    captions = []
    mixed = len({cue.provenance for cue in track.cues}) > 1
    previous = None
    for cue in track.cues:
        # Escaping ">" also removes any "-->" from the text.
        lines = [escape(line) for line in cue.lines]
        if cue.speaker:
            lines[0] = f"<v {_voice(cue.speaker)}>{lines[0]}"
        caption = Caption(timestamp(cue.start), timestamp(cue.end), lines)
        if mixed and cue.provenance != previous:
            # A stretch of cues timed another way: say so where it starts.
            caption.comments.append(f"timing: {PROVENANCE_NOTES[cue.provenance]}")
        previous = cue.provenance
        captions.append(caption)
    comments = []
    header = [f"Title: {track.title}"] if track.title else []
    header += [f"Language: {track.language}"]
    header += list(track.notes)
    kinds = {cue.provenance for cue in track.cues}
    if note:
        header.append(note)
    elif len(kinds) == 1:
        header.append(f"Timings: {PROVENANCE_NOTES[kinds.pop()]}.")
    comments.append("\n".join(line.replace("-->", "->") for line in header))
    return webvtt.WebVTT(captions=captions, header_comments=comments).content
