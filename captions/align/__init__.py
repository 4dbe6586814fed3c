"""Cue timings from the media's speech: offline forced alignment (pocketsphinx).

``align_cues(cues, media_path)`` takes cues timed from text (lines, sentence,
turn, speaker) and returns them with times on the speech: each cue starts on
its first word's onset and its speech ends with its last word.  Stretches
that do not align are spread over the detected speech there, or keep their
text estimates; no cue is ever lost or reordered, and each says where its
times came from (``provenance``).

Heavy imports (numpy, pocketsphinx) happen inside the functions.
"""
from __future__ import annotations

from typing import Callable, Optional, Sequence, Union

from ..errors import MissingComponent
from ..model import Cue
from ..profiles import Profile
from .result import AlignResult

Progress = Union[None, bool, Callable[[int, int], None]]


def align_cues(cues: Sequence[Cue], media_path: str, *, profile: Profile = Profile(),
               ffmpeg: Optional[str] = None, progress: Progress = None, language: str = "en",
               labels: str = "none", trim: bool = False,
               jobs: Optional[int] = None) -> AlignResult:
    """Time ``cues`` from the speech in ``media_path`` (any file ffmpeg reads).

    ``progress``: ``True`` draws a bar on stderr for media of a minute or
    more; a callable is called with ``(done_ms, total_ms)`` as chunks finish.
    ``labels`` is the speaker-label style the cues are shown with (it counts in
    their reading speed); ``trim`` leaves out the cues of text after the last
    speech the media holds (by default they are kept, squeezed before its end).
    ``jobs``: processes aligning the chunks of long media side by side (None:
    one per core, or 1 inside a worker process of a pool; 1: none started).
    The cue times are the same for any value.  Workers are forked on Linux;
    where they are spawned (macOS, Windows, or a process running other
    threads) call this under ``if __name__ == "__main__":``, as
    ``multiprocessing`` requires.
    Raises ``InputError`` for a missing or unreadable file (or one without
    audio) and ``MissingComponent`` when pocketsphinx or numpy is missing.
    """
    try:
        import numpy  # noqa: F401
        import pocketsphinx  # noqa: F401
    except ImportError as missing:
        raise MissingComponent(f"aligning to the media needs {missing.name}: "
                               f"pip install pocketsphinx numpy") from None
    from .audio import add_noise_floor, extract_pcm
    from .timeline import align_pcm

    cues = tuple(cues)
    if not cues:
        return AlignResult((), 0.0, "nothing to align")
    pcm = add_noise_floor(extract_pcm(media_path, ffmpeg=ffmpeg))
    return align_pcm(cues, pcm, profile=profile, progress=progress, name=media_path,
                     language=language, labels=labels, trim=trim, jobs=jobs)


__all__ = ["AlignResult", "align_cues"]
