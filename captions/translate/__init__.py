"""Offline translation of caption tracks with Argos Translate packages (no torch).

Public API::

    from captions.translate import translate_track, load_glossary, MissingPair
    result = translate_track(track, "uk", glossary=load_glossary("names.tsv"))
    result.track, result.slow_cues, result.sentences

Nothing heavy is imported here: ctranslate2 and argostranslate load only when
a translation actually runs.
"""
from __future__ import annotations

from .glossary import Glossary, load_glossary
from .models import MissingPair, find_package, install_file, installed_pairs
from .track import TranslationResult, translate_track

__all__ = ["Glossary", "MissingPair", "TranslationResult", "find_package", "install_file",
           "installed_pairs", "load_glossary", "translate_track"]
