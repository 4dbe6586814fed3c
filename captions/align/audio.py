"""Audio for alignment: 16 kHz mono 16-bit PCM, read through ffmpeg.

The aligner and the VAD both want 16 kHz mono samples.  ffmpeg decodes any
container the user gives (video or audio) and writes raw samples to a pipe,
so no temporary file is needed.  Digital silence (runs of exact zeros, common
in edited or synthetic audio) makes pocketsphinx fail with "Final result does
not match the grammar", so a faint, deterministic noise floor is added.
"""
from __future__ import annotations

from typing import Optional

from ..errors import InputError
from ..ffmpeg import local, probe, run_ffmpeg

SAMPLE_RATE = 16000
NOISE_SIGMA = 16.0          # LSB of 16-bit audio: about -66 dBFS, inaudible, enough for the models
_NOISE_BLOCK = 1 << 20      # samples per block, so 30 minutes never need a float copy in memory


def extract_pcm(media_path: str, *, ffmpeg: Optional[str] = None):
    """Decode the first audio stream of ``media_path`` to an int16 numpy array (16 kHz mono)."""
    import numpy as np

    # Probing first also says "no audio" plainly: ffmpeg's own error for a
    # ``-map 0:a:0`` that matches nothing is only "Invalid argument".
    if not probe(media_path, ffmpeg=ffmpeg).of_kind("audio"):
        raise InputError("has no audio stream to align to", path=media_path)
    proc = run_ffmpeg(["-i", local(media_path), "-map", "0:a:0", "-vn", "-ac", "1",
                       "-ar", str(SAMPLE_RATE), "-f", "s16le", "-"],
                      ffmpeg=ffmpeg, what=f"reading the audio of {media_path}")
    data = proc.stdout
    if len(data) % 2:
        data = data[:-1]
    return np.frombuffer(data, dtype=np.int16)   # read-only view: callers make new arrays


def add_noise_floor(pcm, *, sigma: float = NOISE_SIGMA, seed: int = 0):
    """Return ``pcm`` plus faint Gaussian noise (same seed, same result), clipped to int16."""
    import numpy as np

    rng = np.random.default_rng(seed)
    out = np.empty_like(pcm)
    for begin in range(0, len(pcm), _NOISE_BLOCK):
        block = pcm[begin:begin + _NOISE_BLOCK].astype(np.float32)
        block += rng.normal(0.0, sigma, size=len(block)).astype(np.float32)
        np.clip(block, -32768, 32767, out=block)
        out[begin:begin + len(block)] = np.rint(block).astype(np.int16)
    return out


def duration_ms(pcm) -> int:
    return len(pcm) * 1000 // SAMPLE_RATE


def ms_to_sample(ms: int) -> int:
    return ms * SAMPLE_RATE // 1000
