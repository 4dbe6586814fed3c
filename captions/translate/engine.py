"""Sentence translation with CTranslate2 and an installed Argos package, no torch.

argostranslate's own ``translate()`` splits text with a sentence splitter
that may download a model, imports spacy/stanza/torch (~4 s, 300 MB) and
calls the model about once per sentence.  Here every sentence of a run goes
to the model in ONE ``translate_batch`` call (CTranslate2 sorts and batches
internally), tokenised with the package's own tokenizer, with the package's
``target_prefix`` honoured and stripped, exactly as argostranslate decodes.

Settings match argostranslate's (beam 4, length penalty 0.2, unknown tokens
copied from the source) so results equal what ``argos-translate`` prints;
unlike argos we cap the decoding length relative to the longest source so a
degenerate model cannot repeat itself for 256 tokens.
"""
from __future__ import annotations

import re
import threading
import time
from typing import Any, Callable, Optional, Sequence

from ..errors import CaptionsError, MissingComponent
from .cache import TranslationCache, entry_key, package_identity
from ..progress import ProgressBar

LENGTH_PENALTY = 0.2        # argostranslate's value
BATCH_EXAMPLES = 32         # sentences per internal batch: progress granularity, bounded memory
PROGRESS_MIN_SENTENCES = 20  # below this a bar only flickers

# Loaded models, kept for the life of the process: a batch worker translates many items
# with the same model, and loading it (hundreds of MB read and laid out) costs more than
# translating a short clip.  Keyed by everything the loaded object depends on: the model
# folder, the package identity (so a reinstalled package is loaded afresh), device, threads.
_MODELS: dict[tuple[str, str, str, int], Any] = {}
_MODELS_LOCK = threading.Lock()     # a Dask worker may run several items in threads
_loads = 0


def models_loaded() -> int:
    """How many models this process has loaded so far (the batch report shows it)."""
    return _loads


def decoding_cap(source_lengths: Sequence[int]) -> int:
    """max_decoding_length for a batch: twice the longest source plus slack.

    Real translations are rarely more than ~1.5x the source in tokens; the cap
    only stops runaway repetition.
    """
    return max(16, 2 * max(source_lengths, default=0) + 10)


# OPUS-MT models trained on Moses-tokenised English sometimes emit the
# apostrophe of "city's" or "won't" as a token of its own: "city ' s".
_LOOSE_APOSTROPHE = re.compile(r"(?<=\w) ' (?=(?:s|t|re|ve|ll|d|m)\b)")


def tidy(text: str, language: str) -> str:
    """Undo tokenisation artefacts a model leaves in ``language`` text."""
    if language == "en":
        text = _LOOSE_APOSTROPHE.sub("'", text)
    return text


def resolve_device(device: str = "auto") -> str:
    if device != "auto":
        return device
    try:
        import ctranslate2

        return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
    except Exception:  # no CUDA runtime at all
        return "cpu"


class SentenceTranslator:
    """Translate lists of sentences with one installed Argos package."""

    def __init__(self, pkg, *, threads: int = 1, beam: int = 4, device: str = "auto",
                 cache: bool = True) -> None:
        if threads < 0 or beam < 1:
            raise ValueError("threads must be >= 0 and beam >= 1")
        self.pkg = pkg
        self.threads, self.beam = threads, beam
        self.device = resolve_device(device)
        self.prefix = (getattr(pkg, "target_prefix", "") or "").strip()
        self.identity = package_identity(pkg)
        self.target = str(getattr(pkg, "to_code", "") or "")
        self.settings = f"beam={beam}|lp={LENGTH_PENALTY}|prefix={self.prefix}|v2"
        self.cache = TranslationCache() if cache else None
        self._translator = None
        self.cache_hits = 0
        self.model_sentences = 0
        self.seconds = 0.0

    # -- tokenizer -------------------------------------------------------
    def _tokenizer(self):
        tok = getattr(self.pkg, "tokenizer", None)
        if tok is None:
            raise MissingComponent(f"package {self.pkg.package_path} has no tokenizer "
                                   "(sentencepiece.model or bpe.model)")
        return tok

    def encode(self, sentence: str) -> list[str]:
        return self._tokenizer().encode(sentence)

    def decode(self, tokens: list[str]) -> str:
        if self.prefix and tokens[:1] == [self.prefix]:
            tokens = tokens[1:]
        tok = self._tokenizer()
        processor = getattr(tok, "lazy_processor", None)
        if processor is not None:
            # argos also turns "_" into spaces, which corrupts real underscores
            text = processor().decode_pieces(tokens).replace("\u2581", " ")
        else:
            text = tok.decode(tokens)
        if self.prefix and text.startswith(self.prefix):
            text = text[len(self.prefix):]
        return tidy(text.strip(), self.target)

    # -- model -----------------------------------------------------------
    def _load(self):
        if self._translator is None:
            model = str(self.pkg.package_path / "model")
            key = (model, self.identity, self.device, self.threads)
            with _MODELS_LOCK:
                if key not in _MODELS:
                    _MODELS[key] = self._new_translator(model)
                self._translator = _MODELS[key]
        return self._translator

    def _new_translator(self, model: str):
        global _loads
        try:
            import ctranslate2
        except ImportError:
            raise MissingComponent("translation needs CTranslate2: "
                                   "pip install 'captions[translate]'") from None
        try:
            translator = ctranslate2.Translator(
                model, device=self.device, compute_type="auto",
                inter_threads=1, intra_threads=self.threads,
                # an unbounded queue lets translate_batch return at once, so the
                # progress bar can count finished sentences while the model works
                max_queued_batches=-1)
        except (RuntimeError, ValueError, OSError) as exc:
            raise CaptionsError(f"cannot load translation model {model}: {exc}") from None
        _loads += 1
        return translator

    def run_model(self, sentences: Sequence[str],
                  progress: Optional[Callable[[int, int], None]] = None) -> list[str]:
        """Translate ``sentences`` (no cache) in one translate_batch call."""
        if not sentences:
            return []
        translator = self._load()
        tokens = [self.encode(s) for s in sentences]
        prefix = [[self.prefix]] * len(tokens) if self.prefix else None
        cap = decoding_cap([len(t) for t in tokens]) + (1 if self.prefix else 0)
        started = time.perf_counter()
        try:
            pending = translator.translate_batch(
                tokens, target_prefix=prefix, beam_size=self.beam,
                length_penalty=LENGTH_PENALTY, replace_unknowns=True,
                max_decoding_length=cap, max_batch_size=BATCH_EXAMPLES,
                asynchronous=True)
            if progress:
                done = 0
                while done < len(pending):
                    done = sum(1 for p in pending if p.done())
                    progress(done, len(pending))
                    if done < len(pending):
                        time.sleep(0.05)
            results = [p.result() for p in pending]
        except (RuntimeError, ValueError) as exc:
            raise CaptionsError(f"translation failed: {exc}") from None
        self.seconds += time.perf_counter() - started
        self.model_sentences += len(sentences)
        return [self.decode(r.hypotheses[0]) if r.hypotheses else "" for r in results]

    def translate(self, sentences: Sequence[str], *,
                  progress: Optional[bool] = None) -> list[str]:
        """Translations of ``sentences`` in order; cached ones are not recomputed."""
        return self.translate_with_hits(sentences, progress=progress)[0]

    def translate_with_hits(self, sentences: Sequence[str], *, progress: Optional[bool] = None
                            ) -> tuple[list[str], list[bool]]:
        """Translations, and for each sentence whether the disk cache served it."""
        keys = [entry_key(self.identity, self.settings, s) for s in sentences]
        known = self.cache.get_many(keys) if self.cache else {}
        hits = [k in known for k in keys]
        todo = list(dict.fromkeys(s for s, hit in zip(sentences, hits)
                                  if not hit and s.strip()))
        self.cache_hits += sum(hits)
        if todo:
            # a bar only on a terminal and only for long runs; False: never
            enabled = None if (progress is not False
                               and len(todo) >= PROGRESS_MIN_SENTENCES) else False
            bar = ProgressBar("translating", unit="sentences", enabled=enabled)
            fresh = self.run_model(todo, bar.update if bar.enabled else None)
            bar.close()
            new = {entry_key(self.identity, self.settings, s): t for s, t in zip(todo, fresh)}
            if self.cache:
                self.cache.put_many(new)
            known = {**known, **new}
        texts = [known.get(k, "") if s.strip() else "" for s, k in zip(sentences, keys)]
        return texts, hits

    def close(self) -> None:
        if self.cache:
            self.cache.close()
        self._translator = None
