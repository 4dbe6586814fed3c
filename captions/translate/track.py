"""``translate_track``: a caption track in one language -> the same speech in another.

The public entry point of the translation feature (``captions generate
--translate`` and ``captions translate`` both call it).  Steps: find the
installed package, or two chained through English when there is no direct
one (never downloads), cut the track into sentences (``mapping``), protect
glossary terms, translate every sentence in one batched model call per
package (``engine``, cached on disk), restore the terms, lay the
translations out as cues on the source sentences' own time spans, keep
2-frame gaps, extend out-times for reading speed and report cues that still
read too fast.

Through a pivot (zh -> en -> uk) each whole source sentence is translated
into English and that English, whole, into the target: sentences are never
cut into cues in between.  Glossary placeholders ride through both models
and are restored once, at the end, with the glossary's target forms; a
sentence that loses one on either hop goes through both models again as
plain text.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

from ..errors import UsageError
from ..model import Track
from ..profiles import Profile, default_profile
from .glossary import Glossary, Protected, restore


@dataclass(frozen=True)
class TranslationResult:
    track: Track                               # language=target, same speech spans
    slow_cues: tuple[tuple[int, float], ...]   # (1-based cue number, cps) above cps_target
    sentences: int                             # sentences translated (incl. the title)
    cached: int = 0                            # of which served from the disk cache (every hop)
    model_seconds: float = 0.0                 # time spent in the model(s)
    glossary_fallbacks: int = 0                # sentences whose placeholders did not survive
    packages: tuple[str, ...] = ()             # e.g. ("translate-zh_en-1_9 1.9", "translate-en_uk 1.9")
    via: tuple[str, ...] = ()                  # pivot languages, e.g. ("en",); () when direct

    @property
    def package(self) -> str:
        """The package(s) used, e.g. "translate-en_uk 1.9" or "A 1.9 + B 1.9"."""
        return " + ".join(self.packages)


def translate_track(track: Track, target: str, *, glossary: Optional[Glossary] = None,
                    threads: int = 1, beam: int = 4, device: str = "auto",
                    cache: bool = True, progress: Optional[bool] = None,
                    source: Optional[str] = None, profile: Optional[Profile] = None,
                    labels: str = "turn",
                    detect_sentences: Optional[bool] = None) -> TranslationResult:
    """Translate ``track`` into ``target`` keeping its timing.

    Raises ``MissingPair`` (a MissingComponent, exit 1) when no installed
    package, nor two through English, translates ``source`` (default: the
    track's language) into ``target``; nothing is downloaded.  The layout
    follows ``profile``, by default the target language's.  ``progress``:
    False never draws a bar; otherwise a bar appears on a terminal for long
    runs.
    """
    from ..timing import extend_for_reading
    from .engine import SentenceTranslator
    from .mapping import map_translations, slow_cues, units_from_cues
    from .models import find_route

    source = (source or track.language or "en").lower()
    target = target.lower()
    if source == target:
        raise UsageError(f"the captions are already in {target}")
    if threads < 0 or beam < 1:
        raise UsageError("--threads must be 0 (all cores) or more and --beam 1 or more")
    glossary = glossary or Glossary()
    profile = profile or default_profile(target)
    route = find_route(source, target)

    units = units_from_cues(track.cues, detect=detect_sentences)
    originals = [s for unit in units for s in unit.sentence_texts()]
    if track.title:
        originals.append(track.title)
    protected = [glossary.protect(s) for s in originals]

    translators = [SentenceTranslator(pkg, threads=threads, beam=beam, device=device,
                                      cache=cache) for pkg in route]
    try:
        raw, cached = _through(translators, [p.text for p in protected], progress)
        finished, failed = _restore_terms(protected, raw)
        if failed:  # rare: translate those plainly, then swap terms copied through
            plain, _ = _through(translators, [originals[i] for i in failed], False)
            for i, text in zip(failed, plain):
                finished[i] = glossary.apply_plain(text)
    finally:
        for translator in translators:
            translator.close()

    title = finished.pop() if track.title else None
    per_unit, k = [], 0
    for unit in units:
        n = len(unit.sentences)
        per_unit.append(finished[k:k + n])
        k += n
    cues = map_translations(units, per_unit, profile=profile, language=target,
                            speaker_name=glossary.speaker_name, labels=labels)
    cues = list(extend_for_reading(cues, profile))
    names = tuple(f"{pkg.package_path.name} {pkg.package_version}".strip() for pkg in route)
    via = tuple(pkg.to_code for pkg in route[:-1])
    through = f" through {', '.join(via)}" if via else ""
    note = (f"Machine translation from {source}{through} by Argos Translate "
            f"({', then '.join(names)}).")
    translated = Track(cues=tuple(cues), language=target, title=title or track.title,
                       notes=tuple(track.notes) + (note,))
    return TranslationResult(
        track=translated, slow_cues=slow_cues(cues, profile), sentences=len(originals),
        cached=cached, model_seconds=sum(t.seconds for t in translators),
        glossary_fallbacks=len(failed),
        packages=names, via=via)


def _through(translators: Sequence, texts: list[str], progress: Optional[bool]
             ) -> tuple[list[str], int]:
    """``texts`` through every model in turn, whole sentences each time.

    Returns the last model's output and how many sentences the cache served
    on every hop.
    """
    all_cached = [True] * len(texts)
    for translator in translators:
        texts, hits = translator.translate_with_hits(texts, progress=progress)
        all_cached = [a and h for a, h in zip(all_cached, hits)]
    return texts, sum(all_cached)


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
