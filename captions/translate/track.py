"""``translate_track``: a caption track in one language -> the same speech in another.

The public entry point of the translation feature (``captions generate
--translate`` and ``captions translate`` both call it).  Steps: find the
installed package (never downloads), cut the track into sentences
(``mapping``), protect glossary terms, translate every sentence in one
batched model call (``engine``, cached on disk), restore the terms, lay the
translations out as cues on the source sentences' own time spans, keep
2-frame gaps, extend out-times for reading speed and report cues that still
read too fast.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..errors import UsageError
from ..model import Track
from ..profiles import Profile, default_profile
from .glossary import Glossary, Protected, restore


@dataclass(frozen=True)
class TranslationResult:
    track: Track                               # language=target, same speech spans
    slow_cues: tuple[tuple[int, float], ...]   # (1-based cue number, cps) above cps_target
    sentences: int                             # sentences translated (incl. the title)
    cached: int = 0                            # of which served from the disk cache
    model_seconds: float = 0.0                 # time spent in the model
    glossary_fallbacks: int = 0                # sentences whose placeholders did not survive
    empty: int = 0                             # sentences the model returned empty
    package: str = ""                          # e.g. "translate-en_uk 1.9"


def translate_track(track: Track, target: str, *, glossary: Optional[Glossary] = None,
                    threads: int = 1, beam: int = 4, device: str = "auto",
                    cache: bool = True, progress: Optional[bool] = None,
                    source: Optional[str] = None, profile: Optional[Profile] = None,
                    reserve_labels: bool = True,
                    detect_sentences: Optional[bool] = None) -> TranslationResult:
    """Translate ``track`` into ``target`` keeping its timing.

    Raises ``MissingPair`` (a MissingComponent, exit 1) when no installed
    package translates ``source`` (default: the track's language) into
    ``target``; nothing is downloaded.  ``progress``: False never draws a
    bar; otherwise a bar appears on a terminal for long runs.
    """
    from ..timing import extend_for_reading
    from .engine import SentenceTranslator
    from .mapping import map_translations, slow_cues, units_from_cues
    from .models import find_package

    source = (source or track.language or "en").lower()
    target = target.lower()
    if source == target:
        raise UsageError(f"the captions are already in {target}")
    if threads < 0 or beam < 1:
        raise UsageError("--threads must be 0 (all cores) or more and --beam 1 or more")
    glossary = glossary or Glossary()
    profile = profile or default_profile(target)
    pkg = find_package(source, target)

    units = units_from_cues(track.cues, detect=detect_sentences)
    originals = [s for unit in units for s in unit.sentence_texts()]
    if track.title:
        originals.append(track.title)
    protected = [glossary.protect(s) for s in originals]

    translator = SentenceTranslator(pkg, threads=threads, beam=beam, device=device, cache=cache)
    try:
        raw = translator.translate([p.text for p in protected], progress=progress)
        finished, failed = _restore_terms(protected, raw)
        if failed:  # rare: translate those plainly, then swap terms copied through
            plain = translator.translate([originals[i] for i in failed], progress=False)
            for i, text in zip(failed, plain):
                finished[i] = glossary.apply_plain(text)
    finally:
        translator.close()

    title = finished.pop() if track.title else None
    per_unit, k = [], 0
    for unit in units:
        n = len(unit.sentences)
        per_unit.append(finished[k:k + n])
        k += n
    cues = map_translations(units, per_unit, profile=profile, language=target,
                            speaker_name=glossary.speaker_name, reserve_labels=reserve_labels)
    cues = list(extend_for_reading(cues, profile))
    name = f"{pkg.package_path.name} {pkg.package_version}".strip()
    note = f"Machine translation from {source} by Argos Translate ({name})."
    translated = Track(cues=tuple(cues), language=target, title=title or track.title,
                       notes=tuple(track.notes) + (note,))
    return TranslationResult(
        track=translated, slow_cues=slow_cues(cues, profile), sentences=len(originals),
        cached=translator.cache_hits, model_seconds=translator.seconds,
        glossary_fallbacks=len(failed), empty=sum(1 for t in finished if not t.strip()),
        package=name)


def _restore_terms(protected: list[Protected], raw: list[str]) -> tuple[list[str], list[int]]:
    finished, failed = [], []
    for i, (p, text) in enumerate(zip(protected, raw)):
        if not p.placeholders:
            finished.append(text)
            continue
        restored = restore(text, p.placeholders)
        if restored is None:
            failed.append(i)
            finished.append(text)
        else:
            finished.append(restored)
    return finished, failed
