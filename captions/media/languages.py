"""Language codes for subtitle tracks: file-name tags to ISO 639-2 and native names.

Containers want ISO 639-2 codes (Matroska and MP4 both use the bibliographic
"B" forms, e.g. ``ger`` rather than ``deu``: ffmpeg's MP4 muxer converts to
them anyway), while our file names carry the two-letter ISO 639-1 code
(``talk.uk.srt``).  Players show a track's title in their menu, so the title
is the language's name in that language: a Ukrainian viewer looks for
"Українська", not "Ukrainian".
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..errors import UsageError

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
}
# ISO 639-2/T spellings people also use, mapped to the /B forms above.
_TERMINOLOGIC = {"deu": "ger", "fra": "fre", "ces": "cze", "nld": "dut", "ell": "gre",
                 "fas": "per", "zho": "chi", "slk": "slo", "ron": "rum", "kat": "geo",
                 "cym": "wel", "sqi": "alb", "hye": "arm", "mkd": "mac", "msa": "may"}
_BY_ISO2 = {iso2: iso1 for iso1, (iso2, _) in _LANGUAGES.items()}


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


def lookup(tag: str) -> Optional[Language]:
    """``uk``, ``UK``, ``ukr``, ``uk-UA``, ``pt_BR``, ``deu`` -> Language; None if unknown."""
    base = tag.strip().replace("_", "-").split("-")[0].lower()
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


def language_from_path(path: str) -> Language:
    """The language tag in a caption file name: ``talk.uk.srt`` -> Ukrainian.

    The tag is the dotted part nearest the extension that is a language code
    (``talk.uk.forced.srt`` works too); UNDETERMINED when there is none.
    """
    parts = Path(path).name.split(".")
    for part in reversed(parts[1:-1]):
        found = lookup(part) if 2 <= len(part) <= 5 else None
        if found:
            return found
    return UNDETERMINED
