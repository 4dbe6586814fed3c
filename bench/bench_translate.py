#!/usr/bin/env python3
"""Benchmark: translating a 500-sentence transcript offline, three ways.

  (a) ``argostranslate.translate.translate`` once per cue, as cue-by-cue tools do;
  (b) one raw ``translate_batch`` call on all the sentences: the floor, both as
      one batch of everything ("raw") and with ``max_batch_size=32`` ("raw32",
      CTranslate2 sorts by length and cuts batches: what our engine asks for);
  (c) our path, ``captions.translate.translate_track`` end to end (sentences
      from cues, one batched call, layout, timing), cache off.

All with one intra-op thread and the same beam, each in its own fresh process
(run one benchmark at a time: two side by side slow each other by 30-45 %).
Then the beam-size trade-off for (b)/(c) and the effect of letting CTranslate2
use all cores (threads=0) for (a) and (c).

The model: a CTranslate2 Transformer of the size of Argos models (6+6 layers,
width 512, 8 heads, FFN 2048, shared 32k SentencePiece vocabulary trained on
generated text), random weights, int8 on CPU (compute_type "auto", like
argos), packaged and installed as a real Argos package.  Random weights never
choose </s> by themselves, and argos passes no max_decoding_length, so each
call would decode 256 steps and the comparison would be meaningless.  So the
weights stop the output at ~1.2x the source length: 19 of the 512 residual
dimensions are reserved (no random layer writes into them).  The encoder
marks source positions with a sinusoidal code and </s> with an indicator;
the decoder carries the code of position t/1.2 at step t; one head of the
last cross-attention matches those codes, so at step t it reads the source
token at t/1.2; once that is </s> (past the source's end the nearest key
is </s>), its output drives the </s> logit far above every other, and before
that far below.  Random layers write with small gains so the residual stays
near unit scale and LayerNorm does not drown the reserved dims.  Measured:
output length 1.15-1.22x the source (median 1.19) at beam 1 and 4, int8.  The rest of the network is random and costs what a real
model costs.

Usage:  python bench/bench_translate.py [--sentences 500] [--quick]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # noqa: E402 (paths first)
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

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


def measure(kind: str, beam: int, threads: int, texts: list[str]) -> dict:
    track = english_track(texts)
    cues = [" ".join(c.lines) for c in track.cues]
    result = {"kind": kind, "beam": beam, "threads": threads, "cues": len(cues)}
    if kind == "argos":
        t0 = time.perf_counter()
        import argostranslate.translate as at
        from argostranslate import settings

        result["import_s"] = time.perf_counter() - t0
        settings.beam_size = beam
        settings.intra_threads = threads
        at.translate(cues[0], "en", "uk")          # load the model outside the timing
        t0 = time.perf_counter()
        outs = [at.translate(c, "en", "uk") for c in cues]
        result["seconds"] = time.perf_counter() - t0
        result["out_chars"] = sum(len(o) for o in outs)
    else:
        from captions.translate.engine import SentenceTranslator, decoding_cap
        from captions.translate.mapping import units_from_cues
        from captions.translate.models import find_package

        pkg = find_package("en", "uk")
        sents = [s for u in units_from_cues(track.cues) for s in u.sentence_texts()]
        result["sentences"] = len(sents)
        if kind in ("raw", "raw32"):
            import ctranslate2

            tr = ctranslate2.Translator(str(pkg.package_path / "model"), device="cpu",
                                        compute_type="auto", intra_threads=threads)
            tr.translate_batch([pkg.tokenizer.encode("Warm up.")], beam_size=beam)
            t0 = time.perf_counter()
            tokens = [pkg.tokenizer.encode(s) for s in sents]
            # raw: one batch of everything; raw32: CTranslate2 sorts by length and
            # cuts batches of 32 (what our engine asks for)
            res = tr.translate_batch(tokens, beam_size=beam, length_penalty=0.2,
                                     replace_unknowns=True,
                                     max_batch_size=32 if kind == "raw32" else 0,
                                     max_decoding_length=decoding_cap([len(t) for t in tokens]))
            outs = [pkg.tokenizer.decode(r.hypotheses[0]) for r in res]
            result["seconds"] = time.perf_counter() - t0
            result["src_tokens"] = sum(len(t) for t in tokens)
            result["out_tokens"] = sum(len(r.hypotheses[0]) for r in res)
        else:  # ours, end to end
            from captions.translate import translate_track

            warm = SentenceTranslator(pkg, threads=threads, beam=beam, cache=False)
            t0 = time.perf_counter()
            warm.translate(["Warm up."], progress=False)   # page the model in, like (a) and (b)
            result["load_s"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            out = translate_track(track, "uk", threads=threads, beam=beam, cache=False,
                                  progress=False)
            # translate_track loads its own translator: take that load out, as for (a), (b)
            result["seconds"] = time.perf_counter() - t0 - result["load_s"]
            result["uk_cues"] = len(out.track.cues)
    result["peak_rss_mb"] = peak_rss_mb()
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


# ---------------------------------------------------------------- driver

def run_child(env: dict, kind: str, beam: int, threads: int, texts_file: Path) -> dict:
    cmd = [sys.executable, __file__, "--child", kind, str(beam), str(threads), str(texts_file)]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=3600)
    if out.returncode != 0:
        raise SystemExit(f"{kind} beam {beam} threads {threads} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sentences", type=int, default=500)
    ap.add_argument("--quick", action="store_true", help="only the beam-4 one-thread comparison")
    ap.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        kind, beam, threads, texts = args.child
        print(json.dumps(measure(kind, int(beam), int(threads),
                                 json.loads(Path(texts).read_text()))))
        return

    rng = random.Random(7)
    lexicon = pseudo_lexicon(rng, 40000)
    with tempfile.TemporaryDirectory(prefix="bench_translate_") as tmp:
        work = Path(tmp)
        from translate_helpers import point_argos_at

        env_vars = point_argos_at(work / "argos")
        t0 = time.perf_counter()
        model_file = build_package(work, sentences(rng, lexicon, 60000))
        from captions.translate.models import install_file

        installed = install_file(model_file)
        size = sum(f.stat().st_size for f in installed.path.rglob("*") if f.is_file())
        print(f"model: 6+6 layers, d={D}, {HEADS} heads, FFN {FFN}, vocab {VOCAB}; "
              f"built in {time.perf_counter() - t0:.0f} s; installed {size / 1e6:.0f} MB "
              f"(int8)")
        texts_file = work / "texts.json"
        texts_file.write_text(json.dumps(sentences(random.Random(11), lexicon, args.sentences)))
        env = {**os.environ, **env_vars, "ARGOS_CHUNK_TYPE": "MINISBD",
               "PYTHONPATH": str(ROOT)}

        runs = [("argos", 4, 1), ("raw", 4, 1), ("raw32", 4, 1), ("ours", 4, 1)]
        if not args.quick:
            runs += [("raw32", 2, 1), ("ours", 2, 1), ("raw32", 1, 1), ("ours", 1, 1),
                     ("argos", 1, 1), ("argos", 4, 0), ("ours", 4, 0)]
        results = {}
        for kind, beam, threads in runs:
            r = run_child(env, kind, beam, threads, texts_file)
            results[(kind, beam, threads)] = r
            n = r.get("sentences") or args.sentences
            extra = f", {r['cues']} cues" if kind == "argos" else ""
            if "out_tokens" in r:
                extra += f", output/source tokens {r['out_tokens'] / r['src_tokens']:.2f}"
            if "load_s" in r:
                extra += f", model load {r['load_s']:.2f} s (not counted)"
            if "import_s" in r:
                extra += f", import argostranslate.translate {r['import_s']:.1f} s"
            print(f"{kind:5s} beam {beam} threads {threads or 'all'}: {r['seconds']:7.2f} s "
                  f"= {n / r['seconds']:5.1f} sentences/s, peak RSS {r['peak_rss_mb']:.0f} MB"
                  f"{extra}", flush=True)

        a, b, b32, c = (results[(k, 4, 1)]["seconds"] for k in ("argos", "raw", "raw32", "ours"))
        print(f"beam 4, 1 thread: ours/raw = {c / b:.2f}x, ours/raw32 = {c / b32:.2f}x "
              f"(target <= 1.15), argos-per-cue/ours = {a / c:.1f}x (target >= 2.5), "
              f"argos/raw = {a / b:.1f}x, argos/raw32 = {a / b32:.1f}x")
        if not args.quick:
            for beam in (2, 1):
                r32 = results[('raw32', beam, 1)]['seconds']
                ours = results[('ours', beam, 1)]['seconds']
                print(f"beam {beam}: ours {c / ours:.1f}x faster than at beam 4; "
                      f"ours/raw32 = {ours / r32:.2f}x")
            a1 = results[("argos", 1, 1)]["seconds"]
            print(f"greedy: argos-per-cue/ours = {a1 / results[('ours', 1, 1)]['seconds']:.1f}x")
            print(f"threads=all cores vs 1: argos {results[('argos', 4, 0)]['seconds'] / a:.2f}x "
                  f"the time, ours {results[('ours', 4, 0)]['seconds'] / c:.2f}x")


if __name__ == "__main__":
    main()
