"""A tiny, real Argos Translate package (en -> uk), built at test time.

No download and no training: a character-level SentencePiece model is trained
on a few built-in lines, and a one-layer CTranslate2 Transformer is wired by
hand with numpy so that it copies every source token; its target vocabulary
spells token i as the Cyrillic transliteration of source token i.  So the
"translation" of "Hello world." is exactly "Хелло ворлд." and a test can
predict every character of the output, proving nothing was lost, duplicated
or reordered.  Mechanism: one-hot token embeddings plus explicit sinusoidal
position codes; decoder step t cross-attends sharply to source position t and
copies its token; decoding stops at the source </s> (add_source_eos=True).

The package ships ``minisbd/en.onnx`` (a one-node rule-based sentence
splitter, written as raw protobuf) so that argostranslate's own splitter
never goes to the network, should anything ever call it.

``install_tiny_package(tmp)`` points ARGOS_PACKAGES_DIR and the XDG folders
at ``tmp`` and installs the package there; tests and the benchmark share it
(the benchmark imports the package-writing helpers).  The pytest fixtures at
the end (``tiny_argos``, ``fresh_cache``, ``network_guard``) are imported by
the test modules.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

LAT = "abcdefghijklmnopqrstuvwxyz"
CYR = "абкдефгхійклмнопкрстуввхиз"  # a->а b->б c->к ... w->в x->х y->и z->з
TRANSLIT = {**dict(zip(LAT, CYR)), **dict(zip(LAT.upper(), CYR.upper()))}
UK = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
CORPUS_LINES = [
    "Hello world. The cat sits on the mat. How are you today?",
    "Привіт, світе! Кіт сидить на килимку. Як ти сьогодні?",
    LAT + " " + LAT.upper() + " 0123456789",
    UK + " " + UK.upper() + " ’ʼ'",
    ".,!?;:'\"-–—()[]{}/\\@#$%&*+=<>_«»№…“”„‘",
]

N_POS = 1100   # >= the Translator's max_input_length (1024) + </s>
N_FREQ = 8     # position code = 8 (cos, sin) pairs -> 16 dims
Q_SCALE = 8.0  # sharpness of the position-matching cross-attention
OUT_GAIN = 10.0
PROJ_GAIN = 4.0


def transliterate(text: str) -> str:
    """What the tiny model makes of ``text``: Latin letters in Cyrillic."""
    return "".join(TRANSLIT.get(ch, ch) for ch in text)


def _train_sentencepiece(workdir: str):
    import sentencepiece as spm

    path = os.path.join(workdir, "sentencepiece.model")
    with open(path, "wb") as f:  # iterator + writer: no temp paths inside the model
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(CORPUS_LINES), model_writer=f,
            model_type="char", vocab_size=1000, hard_vocab_limit=False,
            character_coverage=1.0, normalization_rule_name="identity",
            minloglevel=2,
        )
    sp = spm.SentencePieceProcessor(model_file=path)
    return path, [sp.id_to_piece(i) for i in range(sp.get_piece_size())]


def _position_codes(n: int, dim: int):
    import numpy as np

    periods = np.geomspace(2.5, 2000.0, N_FREQ)
    ang = np.arange(n)[:, None] * (2 * np.pi / periods)[None, :]
    enc = np.zeros((n, dim), np.float32)
    enc[:, -2 * N_FREQ::2] = np.cos(ang)
    enc[:, -2 * N_FREQ + 1::2] = np.sin(ang)
    return enc


def _build_spec(vocab, target_prefix: str = ""):
    import numpy as np
    from ctranslate2.specs import transformer_spec

    V, P = len(vocab), 2 * N_FREQ
    d, ff = V + P, 4                       # token block [0,V), position block [V,d)

    def z(*shape):
        return np.zeros(shape, np.float32)

    ones = np.ones(d, np.float32)
    specials = {"<unk>", "<s>", "</s>", "<blank>"}
    spec = transformer_spec.TransformerSpec.from_config((1, 1), num_heads=1)
    spec.config.add_source_eos = True      # source "... </s>" -> decoder copies </s>
    onehot = np.eye(V, d, dtype=np.float32)
    pos = _position_codes(N_POS, d)
    center = np.eye(P, dtype=np.float32) - 1.0 / P  # cancels LayerNorm's mean shift

    def residual_only(layer):
        for ln in (layer.self_attention.layer_norm, layer.ffn.layer_norm):
            ln.gamma, ln.beta = ones, z(d)
        layer.self_attention.linear[0].weight = z(3 * d, d)
        layer.self_attention.linear[1].weight = z(d, d)
        layer.ffn.linear_0.weight, layer.ffn.linear_1.weight = z(ff, d), z(d, ff)

    enc = spec.encoder
    enc.scale_embeddings = False
    enc.embeddings[0].weight = onehot
    enc.position_encodings.encodings = pos
    residual_only(enc.layer[0])
    enc.layer_norm.gamma, enc.layer_norm.beta = ones, z(d)

    dec = spec.decoder
    dec.scale_embeddings = False
    dec.embeddings.weight = z(V, d)        # decoder input = its position code only
    if target_prefix:
        # The forced prefix takes decoder step 0, so step t copies source t-1.
        pos = np.concatenate([pos[:1], pos[:-1]])
    dec.position_encodings.encodings = pos
    layer = dec.layer[0]
    residual_only(layer)
    att = layer.attention
    att.layer_norm.gamma, att.layer_norm.beta = ones, z(d)
    wq = z(d, d)
    wq[V:, V:] = Q_SCALE * center                      # query: my position
    wkv = z(2 * d, d)
    wkv[V:d, V:] = center                              # key: source position
    wkv[d:d + V, :V] = np.eye(V)                       # value: source token
    wo = z(d, d)
    wo[:V, :V] = OUT_GAIN * np.eye(V)
    att.linear[0].weight, att.linear[1].weight, att.linear[2].weight = wq, wkv, wo
    dec.layer_norm.gamma, dec.layer_norm.beta = ones, z(d)
    targets = [t if t in specials else transliterate(t) for t in vocab]
    projection = PROJ_GAIN * onehot
    if target_prefix:  # an extra target token the model never emits by itself
        targets.append(target_prefix)
        projection = np.concatenate([projection, z(1, d)])
        dec.embeddings.weight = z(V + 1, d)
    dec.projection.weight = projection
    # The network only copies token ids; the "translation" lives in the
    # target vocabulary.  One-hot rows keep int8 (compute_type "auto" on CPU)
    # exact.
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(targets)
    spec.validate()
    return spec


# ---- a tiny MiniSBD model, so argostranslate's splitter never downloads ----

def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b, n = n & 0x7F, n >> 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _pb(num: int, val) -> bytes:
    """One protobuf field: int -> varint, str/bytes -> length-delimited."""
    if isinstance(val, int):
        return _varint(num << 3) + _varint(val)
    if isinstance(val, str):
        val = val.encode()
    return _varint(num << 3 | 2) + _varint(len(val)) + val


def _value_info(name, elem_type, dims) -> bytes:
    dim = b"".join(_pb(1, _pb(2, d) if isinstance(d, str) else _pb(1, d)) for d in dims)
    return _pb(1, name) + _pb(2, _pb(1, _pb(1, elem_type) + _pb(2, dim)))


def minisbd_onnx(lang: str = "en", enders: str = ".!?…") -> bytes:
    """ONNX bytes of a Gather node: logits = table[char], sentence ends after enders."""
    import numpy as np

    vocab = ["<PAD>", "<UNK>"] + list(enders)
    table = np.zeros((len(vocab), 5), np.float32)
    table[:2, 0] = 1.0
    table[2:, 2] = 1.0
    tensor = (b"".join(_pb(1, d) for d in table.shape) + _pb(2, 1)
              + _pb(8, "table") + _pb(9, table.tobytes()))
    node = _pb(1, "table") + _pb(1, "units") + _pb(2, "logits") + _pb(4, "Gather")
    graph = (_pb(1, node) + _pb(2, "sbd") + _pb(5, tensor)
             + _pb(11, _value_info("units", 7, ["B", "T"]))
             + _pb(11, _value_info("features", 1, ["B", "T", "F"]))
             + _pb(12, _value_info("logits", 1, ["B", "T", 5])))
    meta = {
        "lang_code": lang,
        "config": json.dumps({"feat_funcs": [], "max_seqlen": 1000}),
        "vocab": json.dumps({"lang": lang, "idx": 0, "cutoff": 0, "lower": False,
                             "_id2unit": vocab,
                             "_unit2id": {u: i for i, u in enumerate(vocab)}}),
        "lexicon": "null",
    }
    return (_pb(1, 8) + _pb(2, "captions-tests") + _pb(7, graph)
            + _pb(8, _pb(1, "") + _pb(2, 13))
            + b"".join(_pb(14, _pb(1, k) + _pb(2, v)) for k, v in meta.items()))


def zip_package(pkg_dir: Path, out_path: Path) -> Path:
    """Zip a package folder as an .argosmodel (one top-level folder, fixed times)."""
    with zipfile.ZipFile(out_path, "w", zipfile.ZIP_DEFLATED) as zf:
        for root, _, files in sorted(os.walk(pkg_dir)):
            for name in sorted(files):
                full = os.path.join(root, name)
                rel = os.path.relpath(full, pkg_dir.parent)
                info = zipfile.ZipInfo(rel, (1980, 1, 1, 0, 0, 0))
                with open(full, "rb") as fh:
                    zf.writestr(info, fh.read(), zipfile.ZIP_DEFLATED)
    return out_path


def write_metadata(pkg_dir: Path, from_code: str, to_code: str, **extra) -> None:
    names = {"en": "English", "uk": "Ukrainian", "de": "German"}
    meta = {
        "package_version": "0.0.1", "argos_version": "1.0",
        "from_code": from_code, "from_name": names.get(from_code, from_code),
        "to_code": to_code, "to_name": names.get(to_code, to_code),
        "type": "translate", "links": [], **extra,
    }
    (pkg_dir / "metadata.json").write_text(json.dumps(meta, indent=2))


def build_tiny_argosmodel(out_path, from_code: str = "en", to_code: str = "uk", *,
                          target_prefix: str = "", name: str = "") -> Path:
    """Write the tiny transliterating package to ``out_path`` (~140 KB, ~0.3 s).

    With ``target_prefix`` the package declares one (as multilingual Argos
    packages do) and the model expects it: every output starts with it.
    """
    out_path = Path(out_path)
    work = Path(tempfile.mkdtemp(prefix="tiny_argos_"))
    try:
        pkg = work / (name or f"translate-{from_code}_{to_code}-tiny")
        (pkg / "model").mkdir(parents=True)
        sp_path, vocab = _train_sentencepiece(str(work))
        shutil.copy(sp_path, pkg / "sentencepiece.model")
        _build_spec(vocab, target_prefix).save(str(pkg / "model"))
        (pkg / "minisbd").mkdir()
        (pkg / "minisbd" / f"{from_code}.onnx").write_bytes(minisbd_onnx(from_code))
        write_metadata(pkg, from_code, to_code,
                       **({"target_prefix": target_prefix} if target_prefix else {}))
        (pkg / "README.md").write_text("Tiny synthetic test model (transliterates).\n")
        return zip_package(pkg, out_path)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def point_argos_at(root: Path) -> dict:
    """Set ARGOS_PACKAGES_DIR and the XDG folders under ``root``; return them.

    argostranslate reads these once, at import, so this must run before
    anything imports it.  Our own code reads them at call time.
    """
    env = {
        "XDG_DATA_HOME": str(root / "data"),
        "XDG_CONFIG_HOME": str(root / "config"),
        "XDG_CACHE_HOME": str(root / "cache"),
        "ARGOS_PACKAGES_DIR": str(root / "data" / "argos-translate" / "packages"),
    }
    for value in env.values():
        Path(value).mkdir(parents=True, exist_ok=True)
    os.environ.update(env)
    return env


def install_tiny_package(root: Path) -> Path:
    """Point argos at ``root``, build the tiny en->uk package, install it offline.

    Returns the path of the .argosmodel file (tests reuse it for
    ``captions models install FILE``).
    """
    root = Path(root)
    point_argos_at(root)
    model_file = build_tiny_argosmodel(root / "translate-en_uk-tiny.argosmodel")
    from captions.translate.models import install_file

    install_file(model_file)
    return model_file


# ---- pytest fixtures (import them into a test module to use them) ----------

import pytest  # noqa: E402  (the builder above needs no pytest; the bench imports it too)

ENV_KEYS = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "ARGOS_PACKAGES_DIR",
            "ARGOS_PACKAGE_INDEX")


@pytest.fixture(scope="session")
def tiny_argos(tmp_path_factory):
    """The tiny en->uk package, built once per session and installed in a temp folder.

    Yields the .argosmodel path.  The environment points at the temp folder
    for the rest of the session (argostranslate reads it once, at import).
    """
    saved = {k: os.environ.get(k) for k in ENV_KEYS}
    model_file = install_tiny_package(tmp_path_factory.mktemp("argos"))
    yield model_file
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    """An empty translation cache for this test only."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "captions" / "translations.sqlite3"

