"""The review room: see, hear and fix the cues in the browser (``captions review``).

A page served on 127.0.0.1 shows the video, the waveform of its audio with
every cue as a region, and the cue list with ``captions check``'s results;
the editor fixes text and timing and saves through the project's writers.

- :mod:`.document`: a caption file kept byte for byte, only edited cues rewritten;
- :mod:`.results`: the check of edited cues, by ``captions check``'s own code;
- :mod:`.media`: the video's length and frame rate, the waveform's peaks (ffmpeg);
- :mod:`.session`: the files of one session, checking and saving (with backups);
- :mod:`.server`: the HTTP server (token, 127.0.0.1, only the named files);
- ``static/``: the page, and wavesurfer.js vendored with its licence.

Use from Python::

    from captions.review import open_review
    server = open_review("clip.mp4", ["clip.en.srt", "clip.uk.srt"])
    server.start(); print(server.url)      # ... server.shutdown(); server.server_close()
"""
from __future__ import annotations

from typing import Optional, Sequence

__all__ = ["open_review"]


def open_review(video: str, captions: Sequence[str], *, port: int = 0,
                languages: Sequence[Optional[str]] = (), profile: Optional[str] = None,
                encoding: Optional[str] = None, ffmpeg: Optional[str] = None):
    """Load the files (any problem raises a CaptionsError) and make the server (not started)."""
    from .server import ReviewServer
    from .session import ReviewSession

    session = ReviewSession.open(video, captions, languages=languages, profile=profile,
                                 encoding=encoding, ffmpeg=ffmpeg)
    return ReviewServer(session, port)
