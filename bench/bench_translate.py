#!/usr/bin/env python3
"""Benchmark: translating captions offline, our path against Argos Translate's own.

Headline (the default): the real OPUS-MT zh->en Argos package (translate-zh_en
1.9, 6+6 layers, width 512, int8 on CPU), on 76 Chinese news sentences laid
out as one-line cues the way Chinese subtitles are (clauses packed into cues
of at most 16 characters, ~2.5 cues a sentence), three ways, each in its own
fresh process, the median of ``--runs`` (default 3):

  argos  ``argostranslate.translate.translate`` once per cue, as cue-by-cue
         tools do (its own sentence splitter, MiniSBD, given a local rule-based
         zh model so that nothing downloads: every child process runs with
         non-loopback connections blocked and reports attempts);
  ours   ``captions.translate.translate_track`` end to end (sentences from
         cues, one batched call, layout, timing), cache off;
  raw    one ``translate_batch`` call on all the sentences: the floor.

At the same beam, one intra-op thread; then greedy (beam 1).  Figures:
sentences per second (source sentences, so per-cue argos is charged for the
same text) and peak memory (VmHWM) of the process.

``--placeholders`` measures, with the same real model, how often glossary
placeholders of several forms survive translation (the figures quoted in
captions/translate/glossary.py).

``--synthetic`` keeps the random-weight en->uk model of the size of Argos
models, only for what the real one cannot show: a long transcript of distinct
sentences (``--sentences``, default 500) in the direction this project was
built for.  How it is made to stop (random weights never pick </s>, and argos
passes no max_decoding_length) is described at ``build_spec``.

Needs the real model cached (``python3 tests/translate_helpers.py
--fetch-real-model``, as tests/run.sh does).  Run one benchmark at a time: two
side by side slow each other by 30-45 %.

Usage:  python bench/bench_translate.py [--placeholders] [--synthetic [--sentences N]]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # noqa: E402 (paths first)
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

CUE_CHARS = 16           # one line of Chinese subtitles (Netflix: 16 characters)


# ---------------------------------------------------------------- the real model

def chinese_cues(sentences: list[str]):
    """A Track of the sentences cut into one-line cues at clause ends (，、；：) as a
    subtitler would, packed up to CUE_CHARS characters; 200 ms per character."""
    from captions.model import Cue, Track

    cues, t = [], 0
    for number, sentence in enumerate(sentences):
        clauses = re.findall(r"[^，、；：]+[，、；：]?", sentence)
        parts: list[str] = []
        for clause in clauses:
            pieces = -(-len(clause) // CUE_CHARS)        # a long clause: even pieces
            size = -(-len(clause) // pieces)
            for k in range(0, len(clause), size):
                piece = clause[k:k + size]
                if parts and len(parts[-1]) + len(piece) <= CUE_CHARS:
                    parts[-1] += piece
                else:
                    parts.append(piece)
        for part in parts:
            end = t + 200 * len(part)
            cues.append(Cue(t, end, (part,), sentence=number, speech_end=end))
            t = end + 120
        t += 500
    return Track(tuple(cues), language="zh")


def install_real(env_root: Path) -> None:
    """Install the cached real package, plus a local MiniSBD zh model for argos."""
    from translate_helpers import REAL_MODEL, FETCH_COMMAND, minisbd_onnx, point_argos_at

    if not REAL_MODEL.is_file():
        raise SystemExit(f"the real zh->en model is not cached at {REAL_MODEL}; run {FETCH_COMMAND}")
    point_argos_at(env_root)
    from captions.translate.models import install_file

    installed = install_file(REAL_MODEL)
    (installed.path / "minisbd").mkdir(exist_ok=True)
    (installed.path / "minisbd" / "zh.onnx").write_bytes(minisbd_onnx("zh", "。！？"))


# ---------------------------------------------------------------- the synthetic model

D, HEADS, FFN, LAYERS, VOCAB = 512, 8, 2048, 6, 32000
NF = 8                      # frequencies of the reserved position code
P = 2 * NF
POS = D - P - 3             # reserved dims: [POS, POS+P) code, A = </s>, B = other, E = stop
A, B, E = D - 3, D - 2, D - 1
RATIO = 1.2                 # output length / source length
Q_SCALE = 40.0
STOP_GAIN = 40.0
RESIDUAL_GAIN = 0.3
STOP_SIGNAL = 4.0
N_POS = 1100

FUNCTION_WORDS = ("the of and to in we a is that for it with as on our this are be by will "
                  "have not you at from they all more support also can".split())


# ---------------------------------------------------------------- text

def pseudo_lexicon(rng: random.Random, n: int = 12000) -> list[str]:
    onsets = "b c d f g h k l m n p r s t v w z br dr st tr pl sh ch th".split()
    vowels = "a e i o u ai ea ou".split()
    codas = ["", "", "n", "r", "s", "t", "l", "nd", "st"]
    words = set()
    while len(words) < n:
        words.add("".join(rng.choice(onsets) + rng.choice(vowels) + rng.choice(codas)
                          for _ in range(rng.choice((1, 2, 2, 3, 3, 4)))))
    return sorted(words)


def sentences(rng: random.Random, lexicon: list[str], n: int) -> list[str]:
    cum, total = [], 0.0
    for i in range(len(lexicon)):  # Zipf-like word frequencies
        total += 1 / (i + 10)
        cum.append(total)
    out = []
    for _ in range(n):
        k = rng.randint(8, 26)
        content = rng.choices(lexicon, cum_weights=cum, k=k)
        words = [rng.choice(FUNCTION_WORDS) if rng.random() < 0.4 else content[i]
                 for i in range(k)]
        if k > 12 and rng.random() < 0.5:
            words[k // 2] += ","
        words[0] = words[0].capitalize()
        out.append(" ".join(words) + rng.choice(".....?!"))
    return out


# ---------------------------------------------------------------- model

def train_sentencepiece(path: Path, corpus: list[str]) -> list[str]:
    import sentencepiece as spm

    with open(path, "wb") as f:
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(corpus), model_writer=f, model_type="unigram",
            vocab_size=VOCAB, hard_vocab_limit=False, character_coverage=1.0,
            minloglevel=2, num_threads=2)
    sp = spm.SentencePieceProcessor(model_file=str(path))
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())]


def sinusoids(n: int, dim: int):
    import numpy as np

    pos = np.arange(n)[:, None]
    div = np.exp(np.arange(0, dim, 2) * -(np.log(10000.0) / dim))
    enc = np.zeros((n, dim), np.float32)
    enc[:, 0::2] = np.sin(pos * div)
    enc[:, 1::2] = np.cos(pos * div)
    return enc


def code(positions):
    import numpy as np

    periods = np.geomspace(3.0, 3000.0, NF)
    ang = np.asarray(positions, np.float64)[:, None] * (2 * np.pi / periods)[None, :]
    out = np.zeros((len(ang), P), np.float32)
    out[:, 0::2], out[:, 1::2] = np.cos(ang), np.sin(ang)
    return out


def build_spec(vocab: list[str], seed: int = 0):
    """A CTranslate2 Transformer of the size of Argos models (6+6 layers, width 512,
    8 heads, FFN 2048, shared 32k SentencePiece vocabulary trained on generated
    text), random weights, that stops at ~1.2x the source length.

    Random weights never choose </s> by themselves, and argos passes no
    max_decoding_length, so each call would decode 256 steps and the comparison
    would be meaningless.  So 19 of the 512 residual dimensions are reserved (no
    random layer writes into them).  The encoder marks source positions with a
    sinusoidal code and </s> with an indicator; the decoder carries the code of
    position t/1.2 at step t; one head of the last cross-attention matches those
    codes, so at step t it reads the source token at t/1.2; once that is </s>
    (past the source's end the nearest key is </s>), its output drives the </s>
    logit far above every other, and before that far below.  Random layers write
    with small gains so the residual stays near unit scale and LayerNorm does not
    drown the reserved dims.  Measured: output length 1.15-1.22x the source
    (median 1.19) at beam 1 and 4, int8.  The rest of the network is random and
    costs what a real model costs.
    """
    import numpy as np
    from ctranslate2.specs import transformer_spec

    rng = np.random.default_rng(seed)
    V = len(vocab)
    eos = vocab.index("</s>")

    def rand(*shape, scale=None):
        scale = scale if scale is not None else 1 / np.sqrt(shape[-1])
        return (rng.standard_normal(shape) * scale).astype(np.float32)

    def fill_attention(att, fused_rows: int):
        att.layer_norm.gamma, att.layer_norm.beta = np.ones(D, np.float32), np.zeros(D, np.float32)
        for k, linear in enumerate(att.linear):
            rows = fused_rows * D if k == 0 else D
            linear.weight, linear.bias = rand(rows, D), np.zeros(rows, np.float32)
        # Small outputs keep the residual stream near unit scale, so LayerNorm
        # does not shrink the reserved dims; the cost is the same.
        att.linear[-1].weight *= RESIDUAL_GAIN
        att.linear[-1].weight[POS:] = 0.0    # never write into the reserved dims

    def fill_ffn(ffn):
        ffn.layer_norm.gamma, ffn.layer_norm.beta = np.ones(D, np.float32), np.zeros(D, np.float32)
        ffn.linear_0.weight, ffn.linear_0.bias = rand(FFN, D), np.zeros(FFN, np.float32)
        ffn.linear_1.weight, ffn.linear_1.bias = rand(D, FFN), np.zeros(D, np.float32)
        ffn.linear_1.weight *= RESIDUAL_GAIN
        ffn.linear_1.weight[POS:] = 0.0

    spec = transformer_spec.TransformerSpec.from_config((LAYERS, LAYERS), num_heads=HEADS)
    spec.config.add_source_eos = True
    base = sinusoids(N_POS, D)
    base[:, POS:] = 0.0

    enc = spec.encoder
    enc.scale_embeddings = False
    emb = rand(V, D, scale=1.0)
    emb[:, POS:] = 0.0
    emb[:, B] = 1.0
    emb[eos, B], emb[eos, A] = 0.0, 1.0
    enc.embeddings[0].weight = emb
    pos = base.copy()
    pos[:, POS:POS + P] = code(range(N_POS))
    enc.position_encodings.encodings = pos
    for layer in enc.layer:
        fill_attention(layer.self_attention, 3)
        fill_ffn(layer.ffn)
    enc.layer_norm.gamma, enc.layer_norm.beta = np.ones(D, np.float32), np.zeros(D, np.float32)

    dec = spec.decoder
    dec.scale_embeddings = False
    demb = rand(V, D, scale=1.0)
    demb[:, POS:] = 0.0
    dec.embeddings.weight = demb
    dpos = base.copy()
    dpos[:, POS:POS + P] = code(np.arange(N_POS) / RATIO)
    dec.position_encodings.encodings = dpos
    for layer in dec.layer:
        fill_attention(layer.self_attention, 3)
        fill_attention(layer.attention, 1)
        layer.attention.linear[1].weight = rand(2 * D, D)
        layer.attention.linear[1].bias = np.zeros(2 * D, np.float32)
        fill_ffn(layer.ffn)
    # the stop head: last layer, cross-attention head 7
    att = dec.layer[-1].attention
    h = slice(0, D // HEADS)   # head 0: the alignment head, so return_attention shows it
    center = np.eye(P, dtype=np.float32) - 1.0 / P   # cancels LayerNorm's mean shift
    q = att.linear[0].weight
    q[h] = 0.0
    q[h.start:h.start + P, POS:POS + P] = Q_SCALE * center
    kv = att.linear[1].weight
    kv[h] = 0.0
    kv[h.start:h.start + P, POS:POS + P] = center
    kv[D + h.start:D + h.stop] = 0.0
    kv[D + h.start, A], kv[D + h.start, B] = 1.0, -1.0      # value: +1 at </s>, -1 elsewhere
    out = att.linear[2].weight
    out[:, h] = 0.0
    out[POS:] = 0.0
    out[E, h.start] = STOP_SIGNAL
    dec.layer_norm.gamma, dec.layer_norm.beta = np.ones(D, np.float32), np.zeros(D, np.float32)
    proj = rand(V, D, scale=0.05)
    proj[:, POS:] = 0.0
    proj[eos] = 0.0
    proj[eos, E] = STOP_GAIN
    dec.projection.weight, dec.projection.bias = proj, np.zeros(V, np.float32)
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.validate()
    return spec


def build_package(work: Path, corpus: list[str]) -> Path:
    from translate_helpers import minisbd_onnx, write_metadata, zip_package

    pkg = work / "translate-en_uk-bench"
    (pkg / "model").mkdir(parents=True)
    (pkg / "minisbd").mkdir()
    vocab = train_sentencepiece(pkg / "sentencepiece.model", corpus)
    spec = build_spec(vocab)
    spec.optimize(quantization="int8")   # shipped int8, as Argos packages are
    spec.save(str(pkg / "model"))
    (pkg / "minisbd" / "en.onnx").write_bytes(minisbd_onnx("en"))
    write_metadata(pkg, "en", "uk")
    return zip_package(pkg, work / "translate-en_uk-bench.argosmodel")


# ---------------------------------------------------------------- measurements (child)

def english_track(texts: list[str]):
    from captions.model import Transcript, Turn
    from captions.pipeline import make_track

    paragraphs = tuple(" ".join(texts[i:i + 5]) for i in range(0, len(texts), 5))
    return make_track(Transcript(turns=(Turn(None, paragraphs),)))


NETWORK_ATTEMPTS: list = []


def forbid_network() -> None:
    """Any non-loopback connection fails and is recorded (nothing may download)."""
    real = socket.socket.connect

    def connect(self, address):
        host = address[0] if isinstance(address, tuple) and address else "localhost"
        if host not in ("localhost", "127.0.0.1", "::1"):
            NETWORK_ATTEMPTS.append(str(address))
            raise OSError(f"network blocked in the benchmark: {address!r}")
        return real(self, address)

    socket.socket.connect = connect  # type: ignore[method-assign]


def measure(model: str, kind: str, beam: int, threads: int, texts: list[str]) -> dict:
    forbid_network()
    source, target = ("zh", "en") if model == "real" else ("en", "uk")
    track = chinese_cues(texts) if model == "real" else english_track(texts)
    cues = ["".join(c.lines) if model == "real" else " ".join(c.lines) for c in track.cues]
    result = {"model": model, "kind": kind, "beam": beam, "threads": threads,
              "cues": len(cues)}
    if kind == "argos":
        t0 = time.perf_counter()
        import argostranslate.translate as at
        from argostranslate import settings

        result["import_s"] = time.perf_counter() - t0
        settings.beam_size = beam
        settings.intra_threads = threads
        at.translate(cues[0], source, target)          # load the model outside the timing
        t0 = time.perf_counter()
        outs = [at.translate(c, source, target) for c in cues]
        result["seconds"] = time.perf_counter() - t0
        result["out_chars"] = sum(len(o) for o in outs)
    else:
        from captions.translate.engine import SentenceTranslator, decoding_cap
        from captions.translate.mapping import units_from_cues
        from captions.translate.models import find_package

        pkg = find_package(source, target)
        sents = [s for u in units_from_cues(track.cues) for s in u.sentence_texts()]
        result["sentences"] = len(sents)
        if kind == "raw":
            import ctranslate2

            tr = ctranslate2.Translator(str(pkg.package_path / "model"), device="cpu",
                                        compute_type="auto", intra_threads=threads)
            tr.translate_batch([pkg.tokenizer.encode(sents[0])], beam_size=beam)
            t0 = time.perf_counter()
            tokens = [pkg.tokenizer.encode(s) for s in sents]
            res = tr.translate_batch(tokens, beam_size=beam, length_penalty=0.2,
                                     replace_unknowns=True, max_batch_size=32,
                                     max_decoding_length=decoding_cap([len(t) for t in tokens]))
            outs = [pkg.tokenizer.decode(r.hypotheses[0]) for r in res]
            result["seconds"] = time.perf_counter() - t0
            result["out_chars"] = sum(len(o) for o in outs)
        else:  # ours, end to end
            from captions.translate import translate_track

            # Page the model in (like the others' first call), then time a second load
            # from the warm page cache: translate_track's own load costs that, and it
            # is taken out below.  Each translator is closed, so the model is in
            # memory once.
            for _ in range(2):
                warm = SentenceTranslator(pkg, threads=threads, beam=beam, cache=False)
                t0 = time.perf_counter()
                warm.translate([sents[0]], progress=False)
                result["load_s"] = time.perf_counter() - t0
                warm.close()
                del warm
            t0 = time.perf_counter()
            out = translate_track(track, target, threads=threads, beam=beam, cache=False,
                                  progress=False)
            # translate_track loads its own translator: take that load out, as for the others
            result["seconds"] = time.perf_counter() - t0 - result["load_s"]
            result["out_cues"] = len(out.track.cues)
            result["out_chars"] = sum(c.chars for c in out.track.cues)
    result["sentences"] = result.get("sentences") or len(texts)
    result["peak_rss_mb"] = peak_rss_mb()
    result["network_attempts"] = len(NETWORK_ATTEMPTS)
    return result


def peak_rss_mb() -> float:
    """This process's peak memory (VmHWM; ru_maxrss would include the parent's, inherited
    across fork+exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------- placeholders

PLACEHOLDER_FORMS = {
    "7001": lambda i: str(7001 + i),
    "X7001": lambda i: f"X{7001 + i}",
    "X1": lambda i: f"X{i + 1}",
    "#1": lambda i: f"#{i + 1}",
    "[1]": lambda i: f"[{i + 1}]",
    "<1>": lambda i: f"<{i + 1}>",
    "{1}": lambda i: f"{{{i + 1}}}",
    "__1__": lambda i: f"__{i + 1}__",
}


def placeholder_survival(beams=(4, 1)) -> None:
    """How often each placeholder form comes back from the real model."""
    from translate_helpers import ZH_EN_GLOSSARY, ZH_NEWS_SENTENCES

    from captions.translate import Glossary, find_package
    from captions.translate.engine import SentenceTranslator
    from captions.translate.glossary import restore

    glossary = Glossary(ZH_EN_GLOSSARY)
    pattern = glossary._pattern()
    assert pattern is not None
    ours = [glossary.protect(s) for s in ZH_NEWS_SENTENCES]
    terms = sum(len(pattern.findall(s)) for s in ZH_NEWS_SENTENCES)
    print(f"{len(ZH_NEWS_SENTENCES)} sentences, {terms} names "
          f"({sum(len(p.placeholders) for p in ours)} placeholders, one per name per sentence)")
    for beam in beams:
        translator = SentenceTranslator(find_package("zh", "en"), beam=beam, cache=False)
        outs = translator.translate([p.text for p in ours], progress=False)
        intact = sum(restore(o, p.placeholders) is not None for p, o in zip(ours, outs))
        slots = sum(len(p.placeholders) for p in ours)
        kept = sum(restore(o, (slot,)) is not None for p, o in zip(ours, outs)
                   for slot in p.placeholders)
        print(f"beam {beam}  XA XE ... (ours)  placeholders kept {kept}/{slots} "
              f"= {kept / slots:.0%}; sentences intact {intact}/{len(ours)}", flush=True)
        for name, form in PLACEHOLDER_FORMS.items():
            protected, codes = [], []
            for sentence in ZH_NEWS_SENTENCES:
                seen: dict[str, str] = {}
                protected.append(pattern.sub(
                    lambda m, seen=seen: seen.setdefault(m.group(0), form(len(seen))), sentence))
                codes.append(list(seen.values()))
            outs = translator.translate(protected, progress=False)
            found = [[re.search(rf"(?<![\w#@]){re.escape(c)}(?![\w])", o) is not None
                      for c in cs] for o, cs in zip(outs, codes)]
            kept = sum(sum(f) for f in found)
            slots = sum(len(f) for f in found)
            intact = sum(all(f) for f in found)
            print(f"beam {beam}  {name:16s}  placeholders kept {kept}/{slots} = "
                  f"{kept / slots:.0%}; sentences intact {intact}/{len(ours)}", flush=True)


# ---------------------------------------------------------------- driver

def run_child(env: dict, model: str, kind: str, beam: int, threads: int,
              texts_file: Path, runs: int = 1) -> dict:
    """The median run (by time) of ``runs`` fresh processes."""
    cmd = [sys.executable, __file__, "--child", model, kind, str(beam), str(threads),
           str(texts_file)]
    results = []
    for _ in range(runs):
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=3600)
        if out.returncode != 0:
            raise SystemExit(f"{model} {kind} beam {beam} threads {threads} failed:\n{out.stderr}")
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    results.sort(key=lambda r: r["seconds"])
    median = results[len(results) // 2]
    median["all_seconds"] = [round(r["seconds"], 2) for r in results]
    return median


def report(r: dict) -> None:
    extra = f", {r['cues']} cues" if r["kind"] == "argos" else ""
    if "load_s" in r:
        extra += f", model load {r['load_s']:.2f} s (not counted)"
    if "import_s" in r:
        extra += f", import argostranslate.translate {r['import_s']:.1f} s"
    if r["network_attempts"]:
        extra += f", NETWORK ATTEMPTS {r['network_attempts']}"
    if len(r.get("all_seconds", ())) > 1:
        extra += f"; runs {r['all_seconds']}"
    print(f"{r['model']:9s} {r['kind']:5s} beam {r['beam']} threads {r['threads'] or 'all'}: "
          f"{r['seconds']:7.2f} s = {r['sentences'] / r['seconds']:5.2f} sentences/s, "
          f"peak RSS {r['peak_rss_mb']:.0f} MB{extra}", flush=True)


def compare(results: dict, model: str, beam: int) -> None:
    a, c, b = (results[(model, k, beam)]["seconds"] for k in ("argos", "ours", "raw"))
    print(f"{model}, beam {beam}, 1 thread: argos-per-cue / ours = {a / c:.1f}x, "
          f"ours / raw floor = {c / b:.2f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--placeholders", action="store_true",
                    help="placeholder survival with the real model instead of speed")
    ap.add_argument("--synthetic", action="store_true",
                    help="also the random-weight en->uk model on a long transcript")
    ap.add_argument("--sentences", type=int, default=500, help="synthetic transcript length")
    ap.add_argument("--runs", type=int, default=3, help="fresh processes per figure (median)")
    ap.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        model, kind, beam, threads, texts = args.child
        print(json.dumps(measure(model, kind, int(beam), int(threads),
                                 json.loads(Path(texts).read_text()))))
        return

    with tempfile.TemporaryDirectory(prefix="bench_translate_") as tmp:
        work = Path(tmp)
        install_real(work / "argos")
        from translate_helpers import ZH_NEWS_SENTENCES

        if args.placeholders:
            placeholder_survival()
            return
        env = {**os.environ, "ARGOS_CHUNK_TYPE": "MINISBD", "PYTHONPATH": str(ROOT),
               **{k: os.environ[k] for k in ("XDG_DATA_HOME", "XDG_CONFIG_HOME",
                                             "XDG_CACHE_HOME", "ARGOS_PACKAGES_DIR")}}
        texts_file = work / "zh.json"
        texts_file.write_text(json.dumps(ZH_NEWS_SENTENCES, ensure_ascii=False))
        track = chinese_cues(ZH_NEWS_SENTENCES)
        print(f"real zh->en (translate-zh_en 1.9, int8): {len(ZH_NEWS_SENTENCES)} sentences, "
              f"{len(track.cues)} cues, {sum(c.chars for c in track.cues)} characters")
        results = {}
        for beam in (4, 1):
            for kind in ("argos", "ours", "raw"):
                r = run_child(env, "real", kind, beam, 1, texts_file, args.runs)
                results[("real", kind, beam)] = r
                report(r)
            compare(results, "real", beam)

        if args.synthetic:
            synthetic(work, env, args.sentences, args.runs)


def synthetic(work: Path, env: dict, n: int, runs: int) -> None:
    """The random-weight en->uk model: a long transcript of distinct sentences."""
    from translate_helpers import point_argos_at

    from captions.translate.models import install_file

    rng = random.Random(7)
    lexicon = pseudo_lexicon(rng, 40000)
    env_vars = point_argos_at(work / "argos-synthetic")
    t0 = time.perf_counter()
    installed = install_file(build_package(work, sentences(rng, lexicon, 60000)))
    size = sum(f.stat().st_size for f in installed.path.rglob("*") if f.is_file())
    print(f"synthetic en->uk: 6+6 layers, d={D}, {HEADS} heads, FFN {FFN}, vocab {VOCAB}, "
          f"random weights; built in {time.perf_counter() - t0:.0f} s; {size / 1e6:.0f} MB int8")
    texts_file = work / "en.json"
    texts_file.write_text(json.dumps(sentences(random.Random(11), lexicon, n)))
    env = {**env, **env_vars}
    results = {}
    for kind in ("argos", "ours", "raw"):
        r = run_child(env, "synthetic", kind, 4, 1, texts_file, runs)
        results[("synthetic", kind, 4)] = r
        report(r)
    compare(results, "synthetic", 4)


if __name__ == "__main__":
    main()
