"""Every language convention in one place: ``LanguageRules`` per Argos language.

    from captions.lang import rules_for, display_width, spoken_units
    zh = rules_for("zh-Hans")        # LanguageRules(code="zh", max_chars=16, cps_max=9.0, ...)
    display_width("北约NATO")          # 6
    spoken_units("北约秘书长", "zh")    # 5 (one syllable a character)

``rules`` holds the table (numbers and their sources), ``words`` the function
words that bind to a neighbour, ``text`` the measures every script needs
(width as shown, kinsoku, spoken units) and ``segmenters`` the word
segmenters of Chinese, Japanese and Thai (optional, imported lazily).
"""
from __future__ import annotations

from .rules import LanguageRules, all_rules, find_rules, rules_for
from .text import (NO_LINE_END, NO_LINE_START, display_width, forbidden_line_end,
                   forbidden_line_start, spoken_units, word_equivalents)

__all__ = ["LanguageRules", "NO_LINE_END", "NO_LINE_START", "all_rules", "display_width",
           "find_rules", "forbidden_line_end", "forbidden_line_start", "rules_for",
           "spoken_units", "word_equivalents"]
