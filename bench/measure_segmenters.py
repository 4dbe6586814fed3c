"""Which word segmenter for line breaks in Chinese, Japanese and Thai?  (issue 12)

Measures, on real text found offline (CPython's own test data: the
``test/cjkencodings/*-utf8.txt`` paragraphs, Simplified and Traditional
Chinese and Japanese; for Thai the Wikipedia titles shipped with pythainlp
and our Thai fixture), how often a phrase segmenter (BudouX) puts a break
inside a word of a dictionary segmenter (jieba, janome, pythainlp newmm), plus
import time.  Run: ``python bench/measure_segmenters.py`` (needs budoux, jieba,
janome, pythainlp installed).  Figures are indicative on a shared machine.
"""
from __future__ import annotations

import re
import sys
import time
from pathlib import Path
from typing import Callable, Iterable

HERE = Path(__file__).resolve().parent
TESTDATA = Path(sys.modules["os"].__file__).parent / "test" / "cjkencodings"


def boundaries(pieces: Iterable[str]) -> set[int]:
    out, pos = set(), 0
    for piece in pieces:
        pos += len(piece)
        out.add(pos)
    return out


def inside_words(text: str, breaks: set[int], words: list[str],
                 is_word: Callable[[str], bool] = lambda w: True) -> tuple[int, list[str]]:
    """Breaks that fall strictly inside one of ``words`` (a word of ``is_word``)."""
    bad, pos = [], 0
    for w in words:
        for b in breaks:
            if pos < b < pos + len(w) and is_word(w):
                bad.append(f"{text[max(0, b - 6):b]}|{text[b:b + 6]}")
        pos += len(w)
    return len(bad), bad


def chunks(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    return [c for c in re.split(r"[\s\n]+", text) if len(c) > 3]


def timed(label: str, fn):
    t = time.perf_counter()
    value = fn()
    print(f"  {label}: {time.perf_counter() - t:.2f} s")
    return value


def main() -> int:
    import budoux

    print("import/load times (first call):")
    zh_b = timed("budoux zh-hans", budoux.load_default_simplified_chinese_parser)
    zt_b = timed("budoux zh-hant", budoux.load_default_traditional_chinese_parser)
    ja_b = timed("budoux ja", budoux.load_default_japanese_parser)
    th_b = timed("budoux th", budoux.load_default_thai_parser)

    def jieba_load():
        import jieba
        jieba.setLogLevel(60)
        jieba.initialize()
        return jieba
    jieba = timed("jieba", jieba_load)

    def janome_load():
        from janome.tokenizer import Tokenizer
        return Tokenizer(wakati=True)
    janome = timed("janome", janome_load)

    def newmm_load():
        from pythainlp.tokenize.newmm import segment
        segment("ทดสอบ")
        return segment
    newmm = timed("pythainlp newmm", newmm_load)
    from pythainlp.corpus import thai_words
    dictionary = thai_words()

    def report(name, texts, phrase, words, is_word=lambda w: True):
        total_breaks = bad_total = n_words = 0
        examples = []
        for text in texts:
            p = phrase(text)
            w = words(text)
            assert "".join(p) == text and "".join(w) == text
            breaks = boundaries(p[:-1])
            n, bad = inside_words(text, breaks, w, is_word)
            total_breaks += len(breaks)
            bad_total += n
            n_words += len(w)
            examples += bad
        share = bad_total / total_breaks if total_breaks else 0.0
        print(f"{name}: {n_words} words, {total_breaks} phrase breaks, "
              f"{bad_total} inside a word ({share:.1%}); e.g. {examples[:6]}")

    zh = [c for f in ("gb2312", "gbk", "gb18030") for c in chunks(TESTDATA / f"{f}-utf8.txt")]
    zt = chunks(TESTDATA / "big5-utf8.txt")
    ja = [c for f in ("euc_jp", "euc_jisx0213") for c in chunks(TESTDATA / f"{f}-utf8.txt")]
    th_titles = (Path(newmm.__code__.co_filename).parent.parent / "corpus" / "wikipedia_titles_th.txt")
    th = [t.strip() for t in th_titles.read_text(encoding="utf-8").splitlines() if len(t.strip()) > 12][:400]
    fixture = HERE.parent / "tests" / "fixtures" / "lang" / "th.txt"
    if fixture.exists():
        th += [c for c in fixture.read_text(encoding="utf-8").split() if len(c) > 3]

    def cut(text: str) -> list[str]:
        return jieba.lcut(text, HMM=True)

    report("zh budoux vs jieba", zh, zh_b.parse, cut)
    report("zt budoux vs jieba", zt, zt_b.parse, cut)
    report("ja budoux vs janome", ja, ja_b.parse, lambda t: list(janome.tokenize(t)))
    report("th budoux vs newmm (dictionary words)", th, th_b.parse, newmm,
           lambda w: w in dictionary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
