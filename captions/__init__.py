"""captions: offline captions from a transcript.

The whole job in one call::

    from captions import JobOptions, run_job
    result = run_job(JobOptions("talk.txt", translate=("uk",)))

or stage by stage, each a function from values to values::

    from captions import read_transcript, make_track, render, check_track
    track = make_track(read_transcript("talk.txt"), duration_ms=140_000)
    print(render(track, "srt"))
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

# name -> module that defines it; imported on first use, so `import captions`
# stays instant and pulls in nothing heavy.
_EXPORTS = {
    "JobOptions": "job", "JobResult": "job", "run_job": "job",
    "Cue": "model", "Track": "model", "Transcript": "model", "Turn": "model",
    "Profile": "profiles", "load_profile": "profiles",
    "read_transcript": "transcript", "parse_transcript": "transcript",
    "segment": "segment", "estimate_timing": "timing", "make_track": "pipeline",
    "write_track": "pipeline", "FileStyle": "formats", "render": "formats",
    "read_subtitles": "formats.read", "check_track": "check", "check_file": "check",
    "translate_track": "translate", "load_glossary": "translate", "align_cues": "align",
    "attach": "media.attach", "CaptionsError": "errors",
    "BatchItem": "batch", "run_batch": "batch",
}
__all__ = [
    "BatchItem",
    "CaptionsError",
    "Cue",
    "FileStyle",
    "JobOptions",
    "JobResult",
    "Profile",
    "Track",
    "Transcript",
    "Turn",
    "align_cues",
    "attach",
    "check_file",
    "check_track",
    "estimate_timing",
    "load_glossary",
    "load_profile",
    "make_track",
    "parse_transcript",
    "read_subtitles",
    "read_transcript",
    "render",
    "run_batch",
    "run_job",
    "segment",
    "translate_track",
    "write_track",
    "__version__",
]

if TYPE_CHECKING:  # what a type checker and an editor see; at run time __getattr__ imports
    from .align import align_cues
    from .batch import BatchItem, run_batch
    from .check import check_file, check_track
    from .errors import CaptionsError
    from .formats import FileStyle, render
    from .formats.read import read_subtitles
    from .job import JobOptions, JobResult, run_job
    from .media.attach import attach
    from .model import Cue, Track, Transcript, Turn
    from .pipeline import make_track, write_track
    from .profiles import Profile, load_profile
    from .segment import segment
    from .timing import estimate_timing
    from .transcript import parse_transcript, read_transcript
    from .translate import load_glossary, translate_track


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'captions' has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
