"""Translation library: exact output of a real (tiny) model, timing kept, glossary, cache.

The tiny Argos package built at test time transliterates Latin letters to
Cyrillic character by character, so the whole Ukrainian output is predictable:
a test can prove that nothing was lost, duplicated or reordered.
"""
from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("ctranslate2", reason="needs the translate extra: pip install 'captions[translate]'")
pytest.importorskip("argostranslate.package",
                    reason="needs the translate extra: pip install 'captions[translate]'")
pytest.importorskip("sentencepiece", reason="needs the translate extra")

from translate_helpers import (assert_inside_source_spans, build_tiny_argosmodel, sentence_spans,
                               transliterate)

from captions.errors import InputError
from captions.model import Cue, Track
from captions.profiles import NETFLIX_UK

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "transcripts" / "stoltenberg-kyiv.txt"
SEED_GLOSSARY = ROOT / "transcripts" / "stoltenberg-kyiv.glossary.tsv"

TRANSCRIPT = """JENS STOLTENBERG: Thank you for receiving me and my delegation. It's also \
great to see your delegation, President Zelenskyy, here in Kyiv.

VOLODYMYR ZELENSKYY: Thank you. We discussed the results of the Vilnius summit, the \
situation on the battlefield and the air-defense issues for the winter, and the future \
meetings in Brussels; NATO will stand with Ukraine for as long as it takes.
"""


def english_track(text=TRANSCRIPT):
    from captions.pipeline import make_track
    from captions.transcript import parse_transcript

    return make_track(parse_transcript(text))


def assert_layout(track, profile=NETFLIX_UK):
    previous = None
    for cue in track.cues:
        assert cue.start < cue.end
        assert 1 <= len(cue.lines) <= profile.max_lines
        assert all(0 < len(line) <= profile.max_chars for line in cue.lines), cue.lines
        if previous is not None:
            assert cue.start - previous.end >= profile.min_gap, (previous, cue)
        previous = cue


# ---------------------------------------------------------------- the engine

def test_every_word_transliterated_in_order(tiny_argos, fresh_cache):
    from captions.translate import translate_track

    en = english_track()
    result = translate_track(en, "uk", cache=False)
    uk = result.track
    assert uk.language == "uk"
    assert result.sentences == len(sentence_spans(en))
    assert uk.words() == [transliterate(w) for w in en.words()]
    assert_layout(uk)
    assert_inside_source_spans(en, uk)


def test_seed_transcript_exact_and_on_time(tiny_argos, fresh_cache):
    from captions.pipeline import make_track
    from captions.transcript import read_transcript
    from captions.translate import translate_track

    transcript = read_transcript(str(SEED))
    en = make_track(transcript)
    result = translate_track(en, "uk")
    uk = result.track
    assert uk.words() == [transliterate(w) for w in en.words()]
    assert uk.title == transliterate(en.title)
    assert_layout(uk)
    assert_inside_source_spans(en, uk)
    # speakers and turns carry over cue by cue
    assert [(c.speaker, c.turn) for c in uk.cues if c.sentence == 0][0] == \
        (en.cues[0].speaker, en.cues[0].turn)
    assert {c.turn for c in uk.cues} == {c.turn for c in en.cues}
    assert any("Argos Translate" in note for note in uk.notes)


def test_one_batched_model_call_and_no_torch_on_the_path(tiny_argos, fresh_cache):
    """Run in a fresh interpreter: the test process itself imported torch to build the model."""
    code = f"""
import sys, ctranslate2
calls = []
real = ctranslate2.Translator.translate_batch
class Counting(ctranslate2.Translator):
    def translate_batch(self, *a, **k):
        calls.append(len(a[0]))
        return real(self, *a, **k)
ctranslate2.Translator = Counting
sys.path.insert(0, {str(ROOT)!r})
from captions.pipeline import make_track
from captions.transcript import read_transcript
from captions.translate import translate_track
r = translate_track(make_track(read_transcript({str(SEED)!r})), "uk", cache=False)
heavy = [m for m in ("torch", "argostranslate.translate", "stanza", "spacy") if m in sys.modules]
import json
print(json.dumps(dict(calls=calls, sentences=r.sentences, heavy=heavy)))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["heavy"] == []
    # every distinct sentence (repeats are translated once) in one call
    assert len(report["calls"]) == 1 and 10 < report["calls"][0] <= report["sentences"]


def test_cache_makes_a_rerun_skip_the_model(tiny_argos, fresh_cache):
    from captions.translate import translate_track

    en = english_track()
    first = translate_track(en, "uk")
    assert first.cached == 0 and fresh_cache.exists()
    second = translate_track(en, "uk")
    assert second.cached == second.sentences
    assert second.model_seconds == 0.0
    assert second.track == first.track
    # a different beam is a different translation setting: not served from the cache
    third = translate_track(en, "uk", beam=1)
    assert third.cached == 0


def test_target_prefix_is_honoured_and_stripped(tiny_argos, fresh_cache, tmp_path):
    from captions.translate import install_file, translate_track

    install_file(build_tiny_argosmodel(tmp_path / "p.argosmodel", "en", "de",
                                       target_prefix="__de__"))
    en = english_track()
    de = translate_track(en, "de").track
    assert de.words() == [transliterate(w) for w in en.words()]
    assert "__de__" not in " ".join(de.words())


def test_missing_pair_names_both_install_commands_and_downloads_nothing(
        tiny_argos, network_guard):
    from captions.errors import MissingComponent
    from captions.translate import MissingPair, translate_track

    with pytest.raises(MissingPair) as err:
        translate_track(english_track(), "fr")
    assert isinstance(err.value, MissingComponent) and err.value.exit_code == 1
    message = str(err.value)
    assert "\n" not in message
    assert "captions models install en fr" in message
    assert "captions models install FILE.argosmodel" in message
    assert network_guard == []


# ---------------------------------------------------------------- mapping

def _cue(start, end, *lines, sentence=0, turn=0, speaker=None, speech_end=None,
         provenance="source"):
    return Cue(start=start, end=end, lines=tuple(lines), speaker=speaker, sentence=sentence,
               turn=turn, speech_end=speech_end, provenance=provenance)


def test_sentence_ending_inside_a_cue_is_found_and_placed_by_time(tiny_argos, fresh_cache):
    from captions.translate import translate_track

    cues = (
        _cue(1000, 3000, "We met in the capital.", "Then we"),
        _cue(3100, 5000, "talked about the summit."),
    )
    result = translate_track(Track(cues), "uk", cache=False)
    uk = result.track
    assert result.sentences == 2
    texts = [" ".join(c.lines) for c in uk.cues]
    assert texts == [transliterate("We met in the capital."),
                     transliterate("Then we talked about the summit.")]
    first, second = uk.cues
    # "Then we" starts about 22/30 of the way through the first cue's time
    assert 1000 + 2000 * 22 / 30 - 50 <= second.start <= 1000 + 2000 * 23 / 30 + 50
    assert second.start - first.end >= 83
    assert first.start == 1000 and second.end >= 5000


def test_long_sentence_split_in_proportion_inside_its_span(tiny_argos, fresh_cache):
    from captions.translate import translate_track

    words = ("the leaders discussed the situation on the battlefield and the air defence "
             "of cities and power plants before the winter and the next summit").split()
    cues = (_cue(0, 6000, " ".join(words[:11]), sentence=0, provenance="estimated",
                 speech_end=6000),
            _cue(6083, 12000, " ".join(words[11:]) + ".", sentence=0, provenance="estimated",
                 speech_end=11500))
    uk = translate_track(Track(cues), "uk", cache=False).track
    assert uk.words() == [transliterate(w) for w in (" ".join(words) + ".").split()]
    assert len(uk.cues) >= 2
    assert uk.cues[0].start == 0 and uk.cues[-1].end <= 12000
    assert_layout(uk)
    chars = [c.chars for c in uk.cues]
    durations = [c.duration for c in uk.cues]
    # proportional: the longest cue in characters also lasts longest (within a gap)
    assert durations.index(max(durations)) == chars.index(max(chars)) or \
        abs(max(durations) - durations[chars.index(max(chars))]) <= 200


def test_reading_speed_extension_and_report(tiny_argos, fresh_cache):
    from captions.translate import translate_track

    cues = (
        _cue(0, 1200, "Thank you very much for everything you did.", sentence=0,
             speech_end=1200, provenance="estimated"),
        _cue(1300, 2000, "Yes.", sentence=1, speech_end=2000, provenance="estimated"),
        _cue(5000, 6000, "Ukraine will win this war with our help.", sentence=2,
             speech_end=6000, provenance="estimated"),
    )
    result = translate_track(Track(cues), "uk", cache=False)
    uk = result.track.cues
    assert uk[0].end == 1300 - 83                     # blocked by the next cue
    assert uk[2].end == 6500                          # extended by the full 0.5 s
    assert [i for i, _ in result.slow_cues] == [1, 3]
    assert all(cps > 17 for _, cps in result.slow_cues)


def test_dialogue_cue_stays_one_cue(tiny_argos, fresh_cache):
    from captions.translate import translate_track

    cues = (_cue(0, 2000, "-Are you coming?", "-In a minute."),)
    uk = translate_track(Track(cues), "uk", cache=False).track
    assert [c.shown for c in uk.cues] == [("-" + transliterate("Are you coming?"),
                                           "-" + transliterate("In a minute."))]
    assert (uk.cues[0].start, uk.cues[0].end) == (0, 2000)


def test_keep_gaps_only_shrinks_cues():
    from captions.translate.mapping import keep_gaps

    cues = [_cue(0, 1000, "a"), _cue(1000, 2000, "b"), _cue(2050, 3000, "c")]
    out = keep_gaps(cues, 83)
    for before, after in zip(cues, out):
        assert before.start <= after.start < after.end <= before.end
    assert all(b.start - a.end >= 83 for a, b in zip(out, out[1:]))


# ---------------------------------------------------------------- glossary

def test_glossary_terms_survive_and_speakers_are_named(tiny_argos, fresh_cache, tmp_path):
    from captions.translate import load_glossary, translate_track

    path = tmp_path / "names.tsv"
    path.write_text("source\ttarget\n# names\nZelenskyy\tЗеленський\nKyiv\tКиїв\n"
                    "Jens Stoltenberg\tЄнс Столтенберг\nVilnius\tВільнюс\n", encoding="utf-8")
    glossary = load_glossary(path)
    en = english_track()
    uk = translate_track(en, "uk", glossary=glossary).track
    text = " ".join(uk.words())
    for term in ("Зеленський", "Київ", "Вільнюс"):
        assert term in text
    assert not re.search(r"\b[XХ][AEKMOTАЕКМОТ]+\b", text)  # no placeholder leaks
    expected = " ".join(transliterate(w) for w in en.words())
    for source, target in (("Zelenskyy", "Зеленський"), ("Kyiv", "Київ"),
                           ("Vilnius", "Вільнюс")):
        expected = expected.replace(transliterate(source), target)
    assert text == expected
    speakers = {c.speaker for c in uk.cues}
    assert "Єнс Столтенберг" in speakers or "ЄНС СТОЛТЕНБЕРГ" in speakers


def test_numbers_in_text_never_clash_with_placeholders(tiny_argos, fresh_cache):
    from captions.translate import Glossary, translate_track

    glossary = Glossary((("Kyiv", "Київ"),))
    cues = (_cue(0, 3000, "Kyiv had 7001 and 8001 visitors."),)
    uk = translate_track(Track(cues), "uk", glossary=glossary, cache=False).track
    assert " ".join(uk.words()) == "Київ хад 7001 анд 8001 вісіторс."


def test_restore_accepts_cyrillic_lookalikes_and_reports_lost_placeholders():
    from captions.translate.glossary import Glossary, restore

    g = Glossary((("NATO", "НАТО"), ("Jens Stoltenberg", "Єнс Столтенберг"),
                  ("Stoltenberg", "Столтенберг"), ("air defense", "протиповітряна оборона")))
    p = g.protect("Jens Stoltenberg met NATO. Stoltenberg said: air defense, Air defense.")
    assert "Stoltenberg" not in p.text and "NATO" not in p.text
    assert len(p.placeholders) == 5
    assert [code for code, _ in p.placeholders] == ["XA", "XE", "XK", "XM", "XO"]
    cyrillic = str.maketrans("XAEKMOT", "ХАЕКМОТ")  # what a model writing Cyrillic may do
    out = p.text.translate(cyrillic)
    assert out != p.text
    restored = restore(out, p.placeholders)
    assert restored == ("Єнс Столтенберг met НАТО. Столтенберг said: протиповітряна оборона, "
                        "Протиповітряна оборона.")
    assert restore("lost it", p.placeholders) is None
    assert restore(p.text.replace("XA", "XAT"), p.placeholders) is None  # glued: not ours
    assert restore(p.text.lower(), p.placeholders) is None  # "ха" is a Ukrainian word
    assert g.apply_plain("NATO and Stoltenberg") == "НАТО and Столтенберг"
    assert g.speaker_name("JENS STOLTENBERG") == "ЄНС СТОЛТЕНБЕРГ"
    assert g.speaker_name("Jens Stoltenberg") == "Єнс Столтенберг"
    assert g.speaker_name("Anna Smith") == "Anna Smith"
    assert g.protect("NATOs and ANATO").placeholders == ()  # whole words only


def test_load_glossary_csv_tsv_and_errors(tmp_path):
    from captions.translate import load_glossary

    csv_file = tmp_path / "g.csv"
    csv_file.write_text('source,target\n"Secretary General","Генеральний секретар"\nKyiv,Київ\n',
                        encoding="utf-8")
    assert dict(load_glossary(csv_file).entries) == {
        "Secretary General": "Генеральний секретар", "Kyiv": "Київ"}
    bad = tmp_path / "bad.tsv"
    bad.write_text("Kyiv\tКиїв\nVilnius\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_glossary(bad)
    assert ":2:" in str(err.value)
    clash = tmp_path / "clash.csv"
    clash.write_text("Kyiv,Київ\nKyiv,Кіев\n", encoding="utf-8")
    with pytest.raises(InputError, match="twice"):
        load_glossary(clash)
    with pytest.raises(InputError):
        load_glossary(tmp_path / "missing.tsv")


def test_seed_glossary_covers_the_seed_names():
    from captions.translate import load_glossary

    entries = dict(load_glossary(SEED_GLOSSARY).entries)
    for name, target in (("Stoltenberg", "Столтенберг"), ("Zelenskyy", "Зеленський"),
                         ("Kyiv", "Київ"), ("Vilnius", "Вільнюс"), ("NATO", "НАТО")):
        assert entries[name] == target


def test_model_reports_progress_while_it_runs(tiny_argos):
    from captions.translate import find_package
    from captions.translate.engine import SentenceTranslator

    seen = []
    translator = SentenceTranslator(find_package("en", "uk"), cache=False)
    sentences = [f"Sentence number {i} is here." for i in range(70)]
    out = translator.run_model(sentences, progress=lambda done, total: seen.append((done, total)))
    assert out == [transliterate(s) for s in sentences]
    assert seen[-1] == (70, 70) and all(total == 70 for _, total in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_progress_bar_draws_only_when_enabled():
    from captions.progress import ProgressBar

    stream = io.StringIO()
    bar = ProgressBar("translating", unit="sentences", enabled=True, stream=stream)
    bar.update(5, 10)
    bar.update(10, 10)
    bar.close()
    assert "10/10 sentences" in stream.getvalue() and stream.getvalue().endswith("\n")
    quiet = io.StringIO()
    bar = ProgressBar("translating", stream=quiet)  # StringIO is not a terminal
    bar.update(10, 10)
    bar.close()
    assert quiet.getvalue() == ""
