"""Caption files as attach, preview and verify see them: path, format, language, cues.

Every caption file is read with our own strict reader before any tool sees
it, because ffmpeg's demuxers stop silently at the first cue they cannot
parse and browsers skip such a cue without a word: a file that is not
exactly right must fail loudly here, naming its line.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

from ..errors import InputError, UsageError
from ..model import Track
from ..languages import Language, language_from_path, parse_language



@dataclass(frozen=True)
class ShownCue:
    """A cue as a viewer sees it: times in ms and the text on screen.

    ``text`` is the display lines joined by "\n": tags removed, entities
    decoded, an SRT speaker label kept (it takes room on screen).  This is
    what every player's view is compared with.
    """

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class CaptionFile:
    path: str
    format: str          # "srt" or "vtt"
    language: Language
    track: Track
    shown: tuple[ShownCue, ...]

    @property
    def label(self) -> str:
        return self.language.name or self.language.code


def caption_format(path: str) -> str:
    from ..formats import format_of_path

    fmt = format_of_path(path)
    if fmt is None:
        raise UsageError(f"not a caption file (expected .srt or .vtt): {path}")
    return fmt


def load_caption(path: str, language: Optional[Language] = None) -> CaptionFile:
    """Read and validate one caption file (strict: any problem is an error)."""
    from ..formats.read import read_subtitles

    fmt = caption_format(path)
    result = read_subtitles(path, strict=True)
    problems = list(getattr(result, "problems", ()) or ())
    if problems:  # strict readers raise, but never trust a list we were handed
        raise InputError(f"not a valid {fmt.upper()} file: {problems[0]}", path=path)
    track = result.track
    if not track.cues:
        raise InputError(f"no cues in this {fmt.upper()} file", path=path)
    shown = tuple(ShownCue(c.start, c.end, display_text(raw.display))
                  for c, raw in zip(track.cues, result.raw_cues))
    return CaptionFile(path, fmt, language or language_from_path(path), track, shown)


def display_text(lines) -> str:
    """Lines as compared across players: each stripped, blank ones dropped."""
    return "\n".join(line.strip() for line in lines if line.strip())


def read_shown(path: str, fmt: str) -> tuple[list[ShownCue], list[str]]:
    """Leniently read what a player or ffmpeg wrote back: (cues, problems)."""
    from ..formats.read import read_subtitles

    result = read_subtitles(path, fmt=fmt)
    cues = [ShownCue(c.start, c.end, display_text(raw.display))
            for c, raw in zip(result.track.cues, result.raw_cues)]
    return cues, [str(p) for p in result.problems if p.severity == "error"]


def load_captions(paths: Sequence[str], languages: Optional[Sequence[Optional[str]]] = None
                  ) -> list[CaptionFile]:
    """Load several files; ``languages`` (same order, None = from the file name) override."""
    langs = list(languages or [])
    if len(langs) > len(paths):
        raise UsageError(f"{len(langs)} languages given for {len(paths)} caption files")
    langs += [None] * (len(paths) - len(langs))
    return [load_caption(p, parse_language(lang) if lang else None) for p, lang in zip(paths, langs)]


def parse_language_list(values: Optional[Sequence[str]]) -> list[Optional[str]]:
    """``--language uk,en --language de`` -> ["uk", "en", "de"]; ``-`` keeps the file name's."""
    out: list[Optional[str]] = []
    for value in values or ():
        for item in value.split(","):
            item = item.strip()
            out.append(None if item in ("", "-", "auto") else item)
    return out
