"""Captions meet video: attach tracks, preview them, verify them in real players.

``attach()`` is what ``captions generate --attach`` calls; ``verify()`` and
the preview server serve the ``verify`` and ``preview`` commands.  Nothing
heavy is imported here (Playwright only inside the Chromium check).
"""
from .attach import AttachResult, AttachedTrack, attach, captioned_path

__all__ = ["attach", "AttachResult", "AttachedTrack", "captioned_path"]
