"""One frozen ``LanguageRules`` per language of the Argos Translate package index.

The 48 codes are those of argosopentech/argospm-index ``index.json`` (its
``from_code``/``to_code`` values; ``pb`` is Brazilian Portuguese, ``zt``
Traditional Chinese, as Argos names them).  Each entry says how captions in
that language are laid out and read:

* characters per line and reading speed: the Netflix Timed Text Style Guide
  of the language where one is published (figures as collected in
  caption-rules.md: Netflix English, French, German, Thai, Arabic and
  Simplified Chinese guides read directly; sublingo's 2026 summary of 30
  Netflix guides; the per-language table of Subtitle Edit's Netflix quality
  checker, ``NetflixQualityController.cs``, for reading speeds and line
  lengths); otherwise the script's default, and ``source`` says so.
  Where a guide publishes one reading speed it is the maximum; the target is
  then the same figure (only English and Ukrainian publish a lower target).
* dialogue dashes: the Netflix guides (English "-Text"; French, Thai
  "- Text"; Simplified Chinese "–Text"), elsewhere Subtitle Edit's Netflix
  checker table (``SpeakerStyle``): "- Text" on both lines for ar, cs, es,
  fr, hu, id, it, ko, ms, pl, pt-BR, ro, ru, sk, th, vi; only the second line
  "-Text" for fi, he, nl; only the second line "- Text" for bg; "-Text" on
  both lines for every other language.
* quotation marks and sentence-ending punctuation: each language's
  punctuation norms (primary and nested quotes as its style books teach).
* function words: ``captions.lang.words``.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from .words import BACKWARD, FORWARD

_LATIN_ENDS = ".!?…"
_CJK_ENDS = "。！？!?．…"


@dataclass(frozen=True)
class LanguageRules:
    code: str                     # the Argos code: "zh", "zt", "pb", "nb"
    name: str                     # English name
    script: str                   # ISO 15924: Latn Cyrl Grek Arab Hebr Deva Beng Thai Hans Hant Jpan Kore
    direction: str                # "ltr" | "rtl"
    spaces: bool                  # words separated by spaces
    max_chars: int                # characters per line (display_width)
    cps_target: float             # reading speed a cue should meet
    cps_max: float                # above this a cue is an error
    forward: frozenset[str]       # function words that stay with the word after them
    backward: frozenset[str]      # particles/clitics that stay with the word before them
    dialogue_dash: str            # "-" or "–"
    dialogue_space: bool          # "- Text" rather than "-Text"
    dialogue_both_lines: bool     # False: only the second speaker's line has the dash
    quotes: tuple[str, str]       # primary (open, close)
    nested_quotes: tuple[str, str]
    sentence_ends: str            # characters that end a sentence
    source: str                   # where the numbers come from

    @property
    def cased(self) -> bool:
        """Does the script have capital letters (so a capitalised word can be a name)?"""
        return self.script in ("Latn", "Cyrl", "Grek")

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    def dialogue_line(self, text: str, *, first: bool) -> str:
        """One speaker's line of a two-speaker cue, with this language's dash."""
        if first and not self.dialogue_both_lines:
            return text
        return f"{self.dialogue_dash}{' ' if self.dialogue_space else ''}{text}"


# Script defaults: (script, direction, spaces, max_chars, cps, quotes, nested, ends)
_SCRIPT = {
    "Latn": ("ltr", True, 42, 17.0, ("“", "”"), ("‘", "’"), _LATIN_ENDS),
    "Cyrl": ("ltr", True, 42, 17.0, ("«", "»"), ("„", "“"), _LATIN_ENDS),
    "Grek": ("ltr", True, 42, 17.0, ("«", "»"), ("“", "”"), ".!;;…"),
    "Arab": ("rtl", True, 42, 17.0, ("«", "»"), ("“", "”"), ".!؟…"),
    "Hebr": ("rtl", True, 42, 17.0, ("“", "”"), ("‘", "’"), _LATIN_ENDS),
    "Deva": ("ltr", True, 42, 17.0, ("“", "”"), ("‘", "’"), "।॥!?."),
    "Beng": ("ltr", True, 42, 17.0, ("“", "”"), ("‘", "’"), "।!?."),
    "Thai": ("ltr", False, 35, 17.0, ("“", "”"), ("‘", "’"), "!?."),
    "Hans": ("ltr", False, 16, 9.0, ("“", "”"), ("‘", "’"), _CJK_ENDS),
    "Hant": ("ltr", False, 16, 9.0, ("「", "」"), ("『", "』"), _CJK_ENDS),
    "Jpan": ("ltr", False, 13, 4.0, ("「", "」"), ("『", "』"), _CJK_ENDS),
    "Kore": ("ltr", True, 16, 12.0, ("“", "”"), ("‘", "’"), _LATIN_ENDS),
}

_NETFLIX = "Netflix Timed Text Style Guide"
_SE = "Subtitle Edit's Netflix checker"
_SUBLINGO = "sublingo summary of the Netflix guides"
_NO_RULE = "no published rule: {script} default"

# code: (name, script, overrides, source).  Overrides: max_chars, cps (max),
# target, dash ("-"/"–"), space (bool), both (bool), quotes, nested, ends.
_TABLE: dict[str, tuple[str, str, dict, str]] = {
    "en": ("English", "Latn", {"cps": 20.0, "target": 17.0},
           f"{_NETFLIX}, English (USA): 42 characters, 20 cps max; English template: 17 cps target; "
           "dialogue \"-Text\""),
    "uk": ("Ukrainian", "Cyrl", {"cps": 20.0, "target": 17.0},
           "Ukrainian vendor guide citing Netflix: 42 characters, 17 cps target; maximum 20 as "
           "English (Netflix's own Ukrainian page could not be read); quotes « » and „ “ "
           "(Ukrainian punctuation norms)"),
    "ar": ("Arabic", "Arab", {"cps": 20.0, "space": True},
           f"{_NETFLIX}, Arabic: 42 characters; 20 cps (Pixelogic's Arabic guide, {_SE}); "
           f"dialogue \"- Text\" ({_SE})"),
    "az": ("Azerbaijani", "Latn", {"quotes": ("«", "»"), "nested": ("“", "”")},
           _NO_RULE.format(script="Latin")),
    "bg": ("Bulgarian", "Cyrl", {"both": False, "space": True, "quotes": ("„", "“"),
                                 "nested": ("‘", "’")},
           f"{_SUBLINGO}: Cyrillic 42/17; dialogue: second line \"- Text\" ({_SE})"),
    "bn": ("Bengali", "Beng", {}, _NO_RULE.format(script="Bengali (Indic 42/17)")),
    "ca": ("Catalan", "Latn", {"quotes": ("«", "»"), "nested": ("“", "”")},
           _NO_RULE.format(script="Latin")),
    "cs": ("Czech", "Latn", {"space": True, "quotes": ("„", "“"), "nested": ("‚", "‘")},
           f"{_SUBLINGO}: Latin 42/17; dialogue \"- Text\" ({_SE})"),
    "da": ("Danish", "Latn", {"quotes": ("»", "«"), "nested": ("›", "‹")},
           f"{_SUBLINGO}: Latin 42/17"),
    "de": ("German", "Latn", {"quotes": ("„", "“"), "nested": ("‚", "‘")},
           f"{_NETFLIX}, German: 42 characters, dialogue \"-Text\"; 17 cps ({_SUBLINGO})"),
    "el": ("Greek", "Grek", {}, f"{_SUBLINGO}: Greek 42/17"),
    "eo": ("Esperanto", "Latn", {}, _NO_RULE.format(script="Latin")),
    "es": ("Spanish", "Latn", {"space": True, "quotes": ("«", "»"), "nested": ("“", "”")},
           f"{_SUBLINGO}: 42/17; dialogue \"- Text\" ({_SE})"),
    "et": ("Estonian", "Latn", {"quotes": ("„", "“")}, f"{_SUBLINGO}: Latin 42/17"),
    "eu": ("Basque", "Latn", {"quotes": ("«", "»"), "nested": ("“", "”")},
           _NO_RULE.format(script="Latin")),
    "fa": ("Persian", "Arab", {}, _NO_RULE.format(script="Arabic (caption-rules: 42/17)")),
    "fi": ("Finnish", "Latn", {"both": False, "quotes": ("”", "”"), "nested": ("’", "’")},
           f"{_SUBLINGO}: Latin 42/17; dialogue: second line \"-Text\" ({_SE})"),
    "fr": ("French", "Latn", {"space": True, "quotes": ("«", "»"), "nested": ("“", "”")},
           f"{_NETFLIX}, French: 42 characters, dialogue \"- Text\"; 17 cps ({_SUBLINGO})"),
    "ga": ("Irish", "Latn", {}, _NO_RULE.format(script="Latin")),
    "gl": ("Galician", "Latn", {"quotes": ("«", "»"), "nested": ("“", "”")},
           _NO_RULE.format(script="Latin")),
    "he": ("Hebrew", "Hebr", {"both": False},
           f"{_NO_RULE.format(script='Hebrew (caption-rules: 42/17)')}; dialogue: second line "
           f"\"-Text\" ({_SE})"),
    "hi": ("Hindi", "Deva", {"cps": 22.0},
           f"{_SUBLINGO}: 42 characters; 22 cps ({_SE}); sentence end ।"),
    "hu": ("Hungarian", "Latn", {"space": True, "quotes": ("„", "”"), "nested": ("»", "«")},
           f"{_SUBLINGO}: Latin 42/17; dialogue \"- Text\" ({_SE})"),
    "id": ("Indonesian", "Latn", {"space": True},
           f"{_SUBLINGO}: 42/17; dialogue \"- Text\" ({_SE})"),
    "it": ("Italian", "Latn", {"space": True, "quotes": ("«", "»"), "nested": ("“", "”")},
           f"{_SUBLINGO}: 42/17; dialogue \"- Text\" ({_SE})"),
    "ja": ("Japanese", "Jpan", {},
           f"{_SUBLINGO} and caption-rules: 13 full-width characters, 4 cps; kinsoku rules"),
    "ko": ("Korean", "Kore", {"space": True},
           f"{_SUBLINGO}: 16 characters, 12 cps; dialogue \"- Text\" ({_SE})"),
    "ky": ("Kyrgyz", "Cyrl", {}, _NO_RULE.format(script="Cyrillic")),
    "lt": ("Lithuanian", "Latn", {"quotes": ("„", "“")}, f"{_SUBLINGO}: Latin 42/17"),
    "lv": ("Latvian", "Latn", {"quotes": ("«", "»"), "nested": ("„", "“")},
           f"{_SUBLINGO}: Latin 42/17"),
    "ms": ("Malay", "Latn", {"space": True},
           f"{_NO_RULE.format(script='Latin')}; dialogue \"- Text\" ({_SE})"),
    "nb": ("Norwegian Bokmål", "Latn", {"quotes": ("«", "»"), "nested": ("‘", "’")},
           f"{_SUBLINGO}: Latin 42/17"),
    "nl": ("Dutch", "Latn", {"both": False}, f"{_SUBLINGO}: 42/17; dialogue: second line "
           f"\"-Text\" ({_SE})"),
    "pb": ("Portuguese (Brazil)", "Latn", {"space": True},
           f"{_SUBLINGO}: 42/17; dialogue \"- Text\" ({_SE}, Brazilian Portuguese)"),
    "pl": ("Polish", "Latn", {"space": True, "quotes": ("„", "”"), "nested": ("«", "»")},
           f"{_SUBLINGO}: 42/17; dialogue \"- Text\" ({_SE})"),
    "pt": ("Portuguese", "Latn", {"quotes": ("«", "»"), "nested": ("“", "”")},
           f"{_SUBLINGO}: 42/17 (European Portuguese: dialogue dash as the script default)"),
    "ro": ("Romanian", "Latn", {"space": True, "quotes": ("„", "”"), "nested": ("«", "»")},
           f"{_SUBLINGO}: Latin 42/17; dialogue \"- Text\" ({_SE})"),
    "ru": ("Russian", "Cyrl", {"space": True},
           f"{_SUBLINGO}: 42/17; dialogue \"- Text\" ({_SE})"),
    "sk": ("Slovak", "Latn", {"space": True, "quotes": ("„", "“"), "nested": ("‚", "‘")},
           f"{_SUBLINGO}: Latin 42/17; dialogue \"- Text\" ({_SE})"),
    "sl": ("Slovenian", "Latn", {"quotes": ("„", "“"), "nested": ("‚", "‘")},
           f"{_SUBLINGO}: Latin 42/17"),
    "sq": ("Albanian", "Latn", {"quotes": ("«", "»"), "nested": ("“", "”")},
           _NO_RULE.format(script="Latin")),
    "sv": ("Swedish", "Latn", {"quotes": ("”", "”"), "nested": ("’", "’")},
           f"{_SUBLINGO}: 42/17"),
    "th": ("Thai", "Thai", {"space": True},
           f"{_NETFLIX}, Thai: 35 characters per line, dialogue \"- Text\"; 17 cps "
           f"({_SUBLINGO}); words found by a dictionary segmenter"),
    "tl": ("Tagalog", "Latn", {}, _NO_RULE.format(script="Latin")),
    "tr": ("Turkish", "Latn", {}, f"{_SUBLINGO}: 42/17"),
    "ur": ("Urdu", "Arab", {"quotes": ("“", "”"), "nested": ("‘", "’"), "ends": ".!؟۔…"},
           _NO_RULE.format(script="Arabic (caption-rules: 42/17)")),
    "vi": ("Vietnamese", "Latn", {"space": True},
           f"{_SUBLINGO}: 42/17; dialogue \"- Text\" ({_SE})"),
    "zh": ("Chinese (Simplified)", "Hans", {"dash": "–"},
           f"{_NETFLIX}, Simplified Chinese: 16 characters, 9 cps, dialogue \"–Text\", "
           "full-width punctuation, · in foreign names"),
    "zt": ("Chinese (Traditional)", "Hant", {"dash": "–"},
           f"{_SUBLINGO}: 16 characters, 9 cps; dialogue as Simplified Chinese (no published "
           "rule found); quotes 「」『』"),
}


def _build(code: str) -> LanguageRules:
    name, script, o, source = _TABLE[code]
    direction, spaces, max_chars, cps, quotes, nested, ends = _SCRIPT[script]
    cps_max = o.get("cps", cps)
    return LanguageRules(
        code=code, name=name, script=script, direction=direction, spaces=spaces,
        max_chars=o.get("max_chars", max_chars), cps_target=o.get("target", cps_max),
        cps_max=cps_max, forward=FORWARD.get(code, frozenset()),
        backward=BACKWARD.get(code, frozenset()), dialogue_dash=o.get("dash", "-"),
        dialogue_space=o.get("space", False), dialogue_both_lines=o.get("both", True),
        quotes=o.get("quotes", quotes), nested_quotes=o.get("nested", nested),
        sentence_ends=o.get("ends", ends), source=source)


RULES: dict[str, LanguageRules] = {code: _build(code) for code in sorted(_TABLE)}

# Tags people write for the same languages.  (The lead's one parser of
# language tags may replace this; the mapping is the part that matters.)
_ALIASES = {
    "zh-hans": "zh", "zh-cn": "zh", "zh-sg": "zh", "zh-my": "zh", "cmn": "zh", "zho": "zh",
    "chi": "zh", "zh-hant": "zt", "zh-tw": "zt", "zh-hk": "zt", "zh-mo": "zt",
    "pt-br": "pb", "pt-pt": "pt", "no": "nb", "nob": "nb", "nn": "nb", "iw": "he", "in": "id",
    "fil": "tl", "ji": "yi", "eng": "en", "ukr": "uk", "deu": "de", "ger": "de", "fra": "fr",
    "fre": "fr", "spa": "es", "rus": "ru", "ara": "ar", "jpn": "ja", "kor": "ko", "tha": "th",
    "hin": "hi", "heb": "he", "per": "fa", "fas": "fa", "urd": "ur", "ell": "el", "gre": "el",
    "ita": "it", "por": "pt", "pol": "pl", "tur": "tr", "vie": "vi", "ind": "id", "nld": "nl",
    "dut": "nl", "swe": "sv", "dan": "da", "fin": "fi", "ces": "cs", "cze": "cs",
}


@lru_cache(maxsize=256)   # asked for every line and sentence: tags repeat
def find_rules(tag: Optional[str]) -> Optional[LanguageRules]:
    """The rules for a language tag ("zh", "zh-Hans", "zh_TW", "pt-BR", "nb"), or None."""
    if not tag:
        return None
    key = tag.strip().lower().replace("_", "-")
    if key in RULES:
        return RULES[key]
    if key in _ALIASES:
        return RULES.get(_ALIASES[key])
    parts = key.split("-")
    if parts[0] == "zh" and any(p in ("hant", "tw", "hk", "mo") for p in parts[1:]):
        return RULES["zt"]
    if parts[0] == "pt" and "br" in parts[1:]:
        return RULES["pb"]
    base = _ALIASES.get(parts[0], parts[0])
    return RULES.get(base)


def rules_for(tag: str) -> LanguageRules:
    """Like ``find_rules`` but a language we have no rules for is a LookupError."""
    found = find_rules(tag)
    if found is None:
        raise LookupError(f"no caption rules for language {tag!r}")
    return found


def all_rules() -> tuple[LanguageRules, ...]:
    """Every language, in code order."""
    return tuple(RULES.values())
