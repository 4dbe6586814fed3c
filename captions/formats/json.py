"""The cue model as JSON, for pipelines: integer milliseconds, one object per cue."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Optional

from ..model import Track

if TYPE_CHECKING:
    from . import FileStyle


def track_to_dict(track: Track, *, extra: Optional[dict[str, Any]] = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": track.title,
        "language": track.language,
        "notes": list(track.notes),
        "cues": [
            {
                "index": i,
                "start_ms": c.start,
                "end_ms": c.end,
                "speech_end_ms": c.speech_end,
                "speaker": c.speaker,
                "lines": list(c.lines),
                "shown": list(c.shown),
                **({"voices": list(c.voices)} if c.voices else {}),
                "sentence": c.sentence,
                "turn": c.turn,
                "provenance": c.provenance,
                "cps": round(c.cps, 2),
            }
            for i, c in enumerate(track.cues, start=1)
        ],
    }
    if extra:
        data.update(extra)
    return data


def write(track: Track, style: "FileStyle", *, extra: Optional[dict[str, Any]] = None) -> str:
    return format_json(track, extra=extra)


def format_json(track: Track, *, extra: Optional[dict[str, Any]] = None) -> str:
    return json.dumps(track_to_dict(track, extra=extra), ensure_ascii=False, indent=2) + "\n"
