"""One review session: the video, the caption files named on the command line, and saving.

Everything the page can do goes through here (the HTTP layer only checks
who asks and how much): the page's cues arrive as :class:`Edit` values,
are checked by ``captions check``'s code (:mod:`.results`) and written by
:meth:`ReviewSession.save`.  The documents loaded at start stay the base of
every render for the whole session, so a cue edited and edited back is
written exactly as it was, and undo works across saves.
"""
from __future__ import annotations

import contextlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Sequence

from ..check import check_file
from ..profiles import load_profile
from ..profiles import Profile
from ..errors import CaptionsError, InputError, UsageError
from ..textio import read_bytes, write_atomic
from .document import (
    CaptionDocument,
    Edit,
    encode_document,
    initial_edits,
    load_document,
    render,
)
from .media import PEAKS_PER_SECOND, MediaFacts, audio_peaks, media_facts
from .results import FileCheck, check_edits, per_cue

MAX_TEXT = 5000               # characters in one cue's text
MAX_TIME = 100 * 3600 * 1000  # ms: 100 hours


class Conflict(CaptionsError):
    """The file changed on disk since it was opened: saving would overwrite someone's work."""


@dataclass
class ReviewFile:
    path: str
    doc: CaptionDocument
    profile: Profile
    language: Optional[str]        # --language, else None: the file's own (name or header)
    encoding: Optional[str]
    saved: tuple[Edit, ...]        # the cues as last saved (at first: as loaded)
    on_disk: bytes                 # the bytes last read or written


class ReviewSession:
    def __init__(self, video: str, files: list[ReviewFile], facts: MediaFacts,
                 ffmpeg: Optional[str] = None) -> None:
        self.video = video
        self.files = files
        self.facts = facts
        self.ffmpeg = ffmpeg
        self._lock = threading.Lock()          # one save at a time
        self._peaks_lock = threading.Lock()
        self._peaks: Optional[bytes] = None

    @classmethod
    def open(cls, video: str, captions: Sequence[str], *,
             languages: Sequence[Optional[str]] = (), profile: Optional[str] = None,
             encoding: Optional[str] = None, ffmpeg: Optional[str] = None) -> "ReviewSession":
        if not os.path.isfile(video):
            raise InputError("no such video file", path=video)
        if len(languages) > len(captions):
            raise UsageError(f"{len(languages)} languages given for {len(captions)} caption files")
        _refuse_repeats([video, *captions])
        files = []
        for n, path in enumerate(captions):
            language = languages[n] if n < len(languages) else None
            data = read_bytes(path)
            doc = load_document(data, path, encoding=encoding, language=language)
            chosen = load_profile(profile, language=language or doc.language)
            files.append(ReviewFile(path, doc, chosen, language, encoding,
                                    tuple(initial_edits(doc)), data))
        return cls(video, files, media_facts(video, ffmpeg=ffmpeg), ffmpeg)

    # -- what the page asks for

    def state(self) -> dict[str, Any]:
        from ..languages import lookup

        files = []
        for n, f in enumerate(self.files):
            language = f.language or f.doc.language or "en"
            known = lookup(language)
            files.append({
                "index": n, "name": Path(f.path).name, "path": f.path, "format": f.doc.format,
                "language": language, "label": known.name if known and known.name else language,
                "profile": f.profile.name, "min_gap": f.profile.min_gap,
                "exact": f.doc.exact,
                "cues": [edit_json(e, f.doc) for e in f.saved],
                "check": self.check(n, f.saved).to_json(),
            })
        return {
            "title": Path(self.video).name,
            "video": {"url": "media/video" + Path(self.video).suffix.lower(),
                      "duration_ms": self.facts.duration_ms, "fps": self.facts.fps,
                      "fps_from_video": self.facts.fps_from_video,
                      "has_audio": self.facts.has_audio},
            "peaks": {"url": "api/peaks", "per_second": PEAKS_PER_SECOND},
            "files": files,
        }

    def start_peaks(self) -> None:
        """Start computing the peaks now, so the waveform is ready when the page asks."""
        threading.Thread(target=self._peaks_quietly, name="captions-peaks", daemon=True).start()

    def _peaks_quietly(self) -> None:
        with contextlib.suppress(CaptionsError):   # the page asks again and is told why
            self.peaks()

    def peaks(self) -> bytes:
        """Computed once (an hour of audio takes seconds: ffmpeg decodes it all)."""
        with self._peaks_lock:
            if self._peaks is None:
                self._peaks = (audio_peaks(self.video, ffmpeg=self.ffmpeg)
                               if self.facts.has_audio else b"")
            return self._peaks

    def check(self, n: int, edits: Sequence[Edit]) -> FileCheck:
        f = self.files[n]
        return check_edits(f.doc, edits, f.profile, f.language)

    def save(self, n: int, edits: Sequence[Edit], *, force: bool = False) -> dict[str, Any]:
        """Write file ``n`` with ``edits``, keep what it replaces beside it, check it again."""
        f = self.files[n]
        with self._lock:
            rendered = render(f.doc, edits)
            try:
                data = encode_document(f.doc, rendered.text)
            except UnicodeEncodeError as exc:
                raise InputError(f"{exc.object[exc.start:exc.end]!r} cannot be written in "
                                 f"{f.doc.codec}, the file's encoding", path=f.path) from None
            current = _read_if_there(f.path)
            if current is not None and current != f.on_disk and not force:
                raise Conflict("changed on disk since it was opened here", path=f.path)
            backup = None
            if current != data:
                if current is not None:
                    backup = backup_path(f.path)
                    write_atomic(backup, current)
                write_atomic(f.path, data, inputs=(self.video,))
            f.on_disk, f.saved = data, tuple(edits)
            report = check_file(f.path, f.profile, language=f.language, encoding=f.encoding)
        return {"file": n, "written": current != data,
                "backup": None if backup is None else str(backup),
                "check": per_cue(report, rendered.spans).to_json()}


def edit_json(edit: Edit, doc: CaptionDocument) -> dict[str, Any]:
    rich = edit.key is not None and doc.cues[edit.key].rich and \
        edit.text == doc.cues[edit.key].text
    return {"key": edit.key, "start": edit.start, "end": edit.end, "text": edit.text,
            "voice": edit.voice, "rich": rich}


def edits_from_json(items: Any, doc: CaptionDocument) -> list[Edit]:
    """The page's cues, checked field by field (ValueError says what is wrong)."""
    if not isinstance(items, list):
        raise TypeError("cues must be a list")
    edits = []
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise TypeError(f"cue {n}: not an object")
        key, start, end = item.get("key"), item.get("start"), item.get("end")
        text, voice = item.get("text"), item.get("voice")
        if key is not None and not (_is_int(key) and 0 <= key < len(doc.cues)):
            raise ValueError(f"cue {n}: bad key")
        if not (isinstance(start, int) and isinstance(end, int) and _is_int(start)
                and _is_int(end) and 0 <= start <= end <= MAX_TIME):
            raise ValueError(f"cue {n}: times must be whole milliseconds, start <= end")
        if not isinstance(text, str) or len(text) > MAX_TEXT:
            raise ValueError(f"cue {n}: text must be a string of at most {MAX_TEXT} characters")
        if voice is not None and (not isinstance(voice, str) or len(voice) > 200):
            raise ValueError(f"cue {n}: bad voice")
        edits.append(Edit(key, start, end, text.replace("\r\n", "\n").replace("\r", "\n"),
                          voice or None))
    return edits


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def backup_path(path: str) -> Path:
    """``FILE.bak``, or ``FILE.bak.1``, ``FILE.bak.2``... if taken: a backup is never overwritten."""
    first = Path(path + ".bak")
    if not first.exists():
        return first
    n = 1
    while Path(f"{first}.{n}").exists():
        n += 1
    return Path(f"{first}.{n}")


def _read_if_there(path: str) -> Optional[bytes]:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=path) from None


def _refuse_repeats(paths: Sequence[str]) -> None:
    seen: list[str] = []
    for path in paths:
        for other in seen:
            if os.path.exists(path) and os.path.exists(other) and os.path.samefile(path, other):
                raise UsageError(f"{path} is named twice")
        seen.append(path)
