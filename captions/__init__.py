"""captions: offline captions from a transcript.

The pipeline, callable from Python::

    from captions import read_transcript, segment, estimate_timing, write_srt, write_vtt
"""
from __future__ import annotations

__version__ = "0.1.0"
