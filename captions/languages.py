"""Language tags, in one place: codes, container codes, names, and the tag in a file name.

Our file names carry the two-letter ISO 639-1 code (``talk.uk.srt``);
containers want ISO 639-2 codes (Matroska and MP4 both use the bibliographic
"B" forms, e.g. ``ger`` rather than ``deu``: ffmpeg's MP4 muxer converts to
them anyway).  Players show a track's title in their menu, so the title is
the language's name in that language: a Ukrainian viewer looks for
"Українська", not "Ukrainian".  Argos Translate names Traditional Chinese
``zt`` and Brazilian Portuguese ``pb``; both are understood.

The checker, the translator and the media tools all read a file name's
language through ``split_caption_name``, so ``talk.uk.forced.srt`` is
Ukrainian (stem ``talk``) for all of them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, Optional

from .errors import UsageError

# ISO 639-1 -> (ISO 639-2/B, name in the language itself)
_LANGUAGES: dict[str, tuple[str, str]] = {
    "en": ("eng", "English"), "uk": ("ukr", "Українська"), "de": ("ger", "Deutsch"),
    "fr": ("fre", "Français"), "es": ("spa", "Español"), "it": ("ita", "Italiano"),
    "pt": ("por", "Português"), "ru": ("rus", "Русский"), "pl": ("pol", "Polski"),
    "nl": ("dut", "Nederlands"), "cs": ("cze", "Čeština"), "sk": ("slo", "Slovenčina"),
    "ro": ("rum", "Română"), "hu": ("hun", "Magyar"), "bg": ("bul", "Български"),
    "el": ("gre", "Ελληνικά"), "tr": ("tur", "Türkçe"), "ar": ("ara", "العربية"),
    "he": ("heb", "עברית"), "fa": ("per", "فارسی"), "zh": ("chi", "中文"),
    "ja": ("jpn", "日本語"), "ko": ("kor", "한국어"), "hi": ("hin", "हिन्दी"),
    "sv": ("swe", "Svenska"), "da": ("dan", "Dansk"), "no": ("nor", "Norsk"),
    "nb": ("nob", "Norsk bokmål"), "fi": ("fin", "Suomi"), "et": ("est", "Eesti"),
    "lv": ("lav", "Latviešu"), "lt": ("lit", "Lietuvių"), "ka": ("geo", "ქართული"),
    "be": ("bel", "Беларуская"), "kk": ("kaz", "Қазақ тілі"), "sr": ("srp", "Српски"),
    "hr": ("hrv", "Hrvatski"), "sl": ("slv", "Slovenščina"), "id": ("ind", "Bahasa Indonesia"),
    "vi": ("vie", "Tiếng Việt"), "th": ("tha", "ไทย"), "ca": ("cat", "Català"),
    "ga": ("gle", "Gaeilge"), "cy": ("wel", "Cymraeg"), "sq": ("alb", "Shqip"),
    "hy": ("arm", "Հայերեն"), "mk": ("mac", "Македонски"), "ms": ("may", "Bahasa Melayu"),
    "az": ("aze", "Azərbaycan dili"), "bn": ("ben", "বাংলা"), "eo": ("epo", "Esperanto"),
    "eu": ("baq", "Euskara"), "gl": ("glg", "Galego"), "ky": ("kir", "Кыргызча"),
    "tl": ("tgl", "Tagalog"), "ur": ("urd", "اردو"), "zt": ("chi", "繁體中文"),
    "pb": ("por", "Português (Brasil)"),
}
# ISO 639-2/T spellings people also use, mapped to the /B forms above.
_TERMINOLOGIC = {"deu": "ger", "fra": "fre", "ces": "cze", "nld": "dut", "ell": "gre",
                 "fas": "per", "zho": "chi", "slk": "slo", "ron": "rum", "kat": "geo",
                 "cym": "wel", "sqi": "alb", "hye": "arm", "mkd": "mac", "msa": "may",
                 "eus": "baq"}
_BY_ISO2 = {iso2: iso1 for iso1, (iso2, _) in _LANGUAGES.items() if iso1 not in ("zt", "pb")}
# Region and script subtags that Argos spells as languages of their own.
_ARGOS = {("zh", "hant"): "zt", ("zh", "tw"): "zt", ("zh", "hk"): "zt", ("pt", "br"): "pb"}


@dataclass(frozen=True)
class Language:
    """One track language: ``code`` as in our file names, ``iso639_2`` for containers."""

    code: str            # "uk" (or the 3-letter code when there is no 2-letter one)
    iso639_2: str        # "ukr"; "und" when unknown
    name: Optional[str]  # "Українська"; None when unknown

    @property
    def known(self) -> bool:
        return self.iso639_2 != "und"


UNDETERMINED = Language("und", "und", None)
_TAG_SHAPE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?$")


def lookup(tag: str) -> Optional[Language]:
    """``uk``, ``UK``, ``ukr``, ``uk-UA``, ``pt_BR``, ``deu``, ``zh-Hant`` -> Language; None if unknown."""
    parts = tag.strip().replace("_", "-").lower().split("-")
    base = parts[0]
    for sub in parts[1:]:
        base = _ARGOS.get((base, sub), base)
    if base in _LANGUAGES:
        iso2, name = _LANGUAGES[base]
        return Language(base, iso2, name)
    iso2 = _TERMINOLOGIC.get(base, base)
    if iso2 in _BY_ISO2:
        return lookup(_BY_ISO2[iso2])
    return None


def parse_language(tag: str) -> Language:
    """A language the user typed (``--language uk``); unknown codes are a usage error."""
    found = lookup(tag)
    if found is None:
        if len(tag) == 3 and tag.isalpha() and tag.isascii():
            return Language(tag.lower(), tag.lower(), None)  # a valid-looking 639-2 code we lack a name for
        raise UsageError(f"unknown language {tag!r}: use an ISO 639 code such as en, uk or deu")
    return found


class CaptionName(NamedTuple):
    """A caption file name taken apart: ``talk.uk.forced.srt``."""

    stem: str                   # "talk": what comes before the language tag
    language: Optional[str]     # "uk" (our code for it), None when the name has no tag
    tail: tuple[str, ...]       # ("forced",): parts between the tag and the extension
    extension: str              # "srt" (empty when there is none)


def split_caption_name(path: str) -> CaptionName:
    """Find the language tag in a caption file name.

    The tag is the dotted part nearest the extension that is a language code
    (two or three letters, optionally with a region or script: ``pt-BR``,
    ``zh-Hant``), so ``talk.uk.srt``, ``talk.uk.forced.srt`` and ``talk.ukr.srt``
    are all Ukrainian, and ``my.cat.srt`` is Catalan (``cat`` is its ISO
    639-2 code).  The first part is never the tag: ``uk.srt`` is a file
    named "uk".
    """
    name = Path(str(path)).name
    parts = name.split(".")
    if len(parts) < 2:
        return CaptionName(name, None, (), "")
    extension = parts[-1]
    for k in range(len(parts) - 2, 0, -1):
        part = parts[k]
        found = lookup(part) if _TAG_SHAPE.match(part) else None
        if found:
            return CaptionName(".".join(parts[:k]), found.code, tuple(parts[k + 1:-1]), extension)
    return CaptionName(".".join(parts[:-1]), None, (), extension)


def language_from_path(path: str) -> Language:
    """The language of a caption file from its name; UNDETERMINED when it has no tag."""
    code = split_caption_name(path).language
    found = lookup(code) if code else None
    return found or UNDETERMINED
