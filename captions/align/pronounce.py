"""Words as the aligner hears them: dictionary tokens and pronunciations.

Each caption word becomes zero or more tokens the pocketsphinx dictionary
knows.  The caption text itself never changes; this is for alignment only.

* Numbers are spelled out ("31" -> "thirty one"); strings of five or more
  digits are read digit by digit (phone numbers, codes), shorter ones as
  cardinals.
* Words missing from CMUdict (Zelenskyy, Kyiv) get a pronunciation, tried in
  this order (the order that worked best on real recordings): the base word
  plus "'s"; a split into two dictionary words ("taperecorder"); espeak-ng's
  IPA mapped to ARPABET; and, only when espeak-ng is missing, a crude
  letter-by-letter guess so that the word still occupies time.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from typing import Callable, Iterable, Optional, Sequence

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
         "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"))
_ORDINAL = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
            "nine": "ninth", "twelve": "twelfth"}
_SYMBOLS = {"&": "and", "%": "percent", "+": "plus", "=": "equals", "@": "at"}
_CURRENCY = {"$": "dollars", "£": "pounds", "€": "euros"}

_EDGE_PUNCT = "\"'“”‘’«»„()[]{}<>.,;:!?…-–—*_/\\|~^`#"
_NUMBER = re.compile(r"^([$£€]?)(\d[\d,]*(?:\.\d+)?)(st|nd|rd|th|s|%)?$")


def cardinal(n: int) -> list[str]:
    if n < 20:
        return [_ONES[n]]
    if n < 100:
        tens, ones = divmod(n, 10)
        return [_TENS[tens]] + ([_ONES[ones]] if ones else [])
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return [_ONES[hundreds], "hundred"] + (cardinal(rest) if rest else [])
    for value, name in _SCALES:
        if n >= value:
            high, rest = divmod(n, value)
            return cardinal(high) + [name] + (cardinal(rest) if rest else [])
    return [_ONES[n]]  # unreachable


def ordinal(n: int) -> list[str]:
    words = cardinal(n)
    last = words[-1]
    if last in _ORDINAL:
        last = _ORDINAL[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return words[:-1] + [last]


def spell_number(token: str) -> Optional[list[str]]:
    """Words a reader says for a number token, or None if it is not one."""
    match = _NUMBER.match(token)
    if not match:
        return None
    currency, digits, suffix = match.groups()
    if "," in digits and not re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", digits):
        return None
    whole, _, fraction = digits.replace(",", "").partition(".")
    if len(whole) >= 5 and "," not in digits and not fraction:
        words = [_ONES[int(d)] for d in whole]
    else:
        words = ordinal(int(whole)) if suffix in ("st", "nd", "rd", "th") else cardinal(int(whole))
    if fraction:
        words += ["point"] + [_ONES[int(d)] for d in fraction]
    if suffix == "s":  # "1990s", "80s": near enough for timing
        words[-1] = words[-1][:-1] + "ies" if words[-1].endswith("y") else words[-1] + "s"
    if suffix == "%":
        words.append("percent")
    if currency:
        words.append(_CURRENCY[currency])
    return words


def normalise(word: str) -> list[str]:
    """Plain lowercase candidate tokens for one caption word (may be empty)."""
    word = unicodedata.normalize("NFKC", word).replace("’", "'").replace("‘", "'")
    word = word.strip(_EDGE_PUNCT)
    if not word:
        return []
    if word in _SYMBOLS:
        return [_SYMBOLS[word]]
    number = spell_number(word.rstrip("%") + ("%" if word.endswith("%") else ""))
    if number:
        return number
    word = word.lower()
    tokens: list[str] = []
    for part in re.split(r"[-–—/&+]+", word):
        part = part.strip(_EDGE_PUNCT)
        if not part:
            continue
        number = spell_number(part)
        if number:
            tokens += number
        elif re.search(r"[^\W\d_]", part):
            # letters and digits mixed ("mp3", "covid19"): split runs, spell the digits
            for run in re.findall(r"\d+|[^\W\d_](?:[^\W\d_]|')*", part):
                tokens += spell_number(run) or [run.replace("_", "")]
    return tokens


# --- pronunciations for words missing from the dictionary --------------------------------

# IPA (as espeak-ng writes it for en-us) to the en-us model's ARPABET phones; longest first.
_IPA = {
    "tʃ": "CH", "dʒ": "JH", "eɪ": "EY", "aɪ": "AY", "ɔɪ": "OY", "aʊ": "AW", "oʊ": "OW", "əʊ": "OW",
    "ɪə": "IH R", "eə": "EH R", "ʊə": "UH R", "ɜː": "ER", "ɚ": "ER", "ɝ": "ER", "iː": "IY",
    "uː": "UW", "ɑː": "AA", "ɔː": "AO", "æ": "AE", "ʌ": "AH", "ə": "AH", "ɐ": "AH", "ɪ": "IH",
    "ᵻ": "IH", "i": "IY", "ʊ": "UH", "u": "UW", "ɛ": "EH", "e": "EH", "ɑ": "AA", "ɒ": "AA",
    "ɔ": "AO", "o": "OW", "a": "AE", "ɾ": "D", "θ": "TH", "ð": "DH", "ʃ": "SH", "ʒ": "ZH",
    "ŋ": "NG", "j": "Y", "ɹ": "R", "r": "R", "l": "L", "ɫ": "L", "w": "W", "h": "HH", "b": "B",
    "p": "P", "t": "T", "d": "D", "k": "K", "ɡ": "G", "g": "G", "f": "F", "v": "V", "s": "S",
    "z": "Z", "m": "M", "n": "N", "x": "HH", "ç": "HH", "y": "UW", "ø": "ER", "œ": "ER",
    "ɨ": "IH", "ɯ": "UW", "ɣ": "G", "β": "V", "ɲ": "N Y", "ʎ": "L Y", "c": "K", "ɟ": "G",
    "q": "K", "ʁ": "R", "ʀ": "R", "ɬ": "L", "ʋ": "V",
}
_IPA_KEYS = sorted(_IPA, key=len, reverse=True)
_IPA_IGNORED = set("ˈˌː.ˑ_-‿ʔ̩̃ʲʰ'ʼ ")

# Last resort when espeak-ng is missing: one phone per letter (digraphs first).
_LETTERS = {"ch": "CH", "sh": "SH", "th": "TH", "ph": "F", "ng": "NG", "ee": "IY", "oo": "UW",
            "a": "AE", "b": "B", "c": "K", "d": "D", "e": "EH", "f": "F", "g": "G", "h": "HH",
            "i": "IH", "j": "JH", "k": "K", "l": "L", "m": "M", "n": "N", "o": "AA", "p": "P",
            "q": "K", "r": "R", "s": "S", "t": "T", "u": "AH", "v": "V", "w": "W", "x": "K S",
            "y": "IY", "z": "Z"}


def ipa_to_arpabet(ipa: str) -> list[str]:
    phones: list[str] = []
    i = 0
    while i < len(ipa):
        if ipa[i] in _IPA_IGNORED or unicodedata.combining(ipa[i]):
            i += 1
            continue
        for key in _IPA_KEYS:
            if ipa.startswith(key, i):
                phones += _IPA[key].split()
                i += len(key)
                break
        else:
            i += 1  # a symbol we do not know: skip rather than guess
    return phones


def letters_to_arpabet(word: str) -> list[str]:
    phones: list[str] = []
    i = 0
    word = re.sub(r"[^a-z]", "", word.lower())
    while i < len(word):
        if word[i:i + 2] in _LETTERS:
            phones += _LETTERS[word[i:i + 2]].split()
            i += 2
        else:
            phones += _LETTERS.get(word[i], "").split()
            i += 1
    return phones or ["AH"]


def espeak_ipa(words: Sequence[str], *, voice: str = "en-us") -> dict[str, str]:
    """IPA for each word from one espeak-ng call (one clause per line); {} if it is missing."""
    exe = shutil.which("espeak-ng") or shutil.which("espeak")
    if not exe or not words:
        return {}
    text = "".join(f"{w}.\n" for w in words)
    try:
        proc = subprocess.run([exe, "-q", "--ipa", "-v", voice], input=text.encode(),
                              capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    lines = [line.strip() for line in proc.stdout.decode("utf-8", "replace").splitlines() if line.strip()]
    if proc.returncode != 0 or len(lines) != len(words):
        # clauses did not come back one per line: ask word by word
        if len(words) == 1:
            return {words[0]: lines[0]} if proc.returncode == 0 and lines else {}
        out: dict[str, str] = {}
        for w in words:
            out.update(espeak_ipa([w], voice=voice))
        return out
    return dict(zip(words, lines))


def _possessive(word: str, lookup: Callable[[str], Optional[str]]) -> Optional[str]:
    for suffix in ("'s", "s'", "'"):
        if word.endswith(suffix) and len(word) > len(suffix):
            base = lookup(word[: -len(suffix)])
            if base:
                last = base.split()[-1]
                if last in ("S", "Z", "SH", "ZH", "CH", "JH"):
                    return base + ("" if suffix != "'s" else " IH Z")
                return base + (" S" if last in ("P", "T", "K", "F", "TH") else " Z")
    return None


def _compound(word: str, lookup: Callable[[str], Optional[str]]) -> Optional[str]:
    best = None
    for cut in range(3, len(word) - 2):
        left, right = lookup(word[:cut]), lookup(word[cut:])
        if left and right:
            balance = min(cut, len(word) - cut)
            if best is None or balance > best[0]:
                best = (balance, left + " " + right)
    return best[1] if best else None


def pronunciations(words: Iterable[str], lookup: Callable[[str], Optional[str]],
                   *, espeak: Callable[[Sequence[str]], dict[str, str]] = espeak_ipa,
                   guessed: Optional[list[str]] = None) -> dict[str, str]:
    """ARPABET pronunciations for the tokens ``lookup`` does not know; one espeak-ng call in all.

    Words only guessed from their spelling (espeak-ng missing or silent) are
    appended to ``guessed`` when it is given.
    """
    missing = sorted({w for w in words if not lookup(w)})
    found: dict[str, str] = {}
    for word in missing:
        pron = _possessive(word, lookup) or _compound(word, lookup)
        if pron:
            found[word] = pron
    rest = [w for w in missing if w not in found]
    ipa = espeak(rest) if rest else {}
    for word in rest:
        phones = ipa_to_arpabet(ipa.get(word, ""))
        if not phones and guessed is not None:
            guessed.append(word)
        found[word] = " ".join(phones or letters_to_arpabet(word))
    return found
