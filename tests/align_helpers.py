"""Speech made at test time with espeak-ng, with known sentence edges.

Each piece is synthesised to its own wav, its true speech onset and end are
measured inside it (espeak adds leading and trailing silence, so the wav's
start is not the speech's start), and the pieces are joined with silences
of known length.  Noise can be added at a given signal-to-noise ratio.
"""
from __future__ import annotations

import dataclasses
import functools
import random
import os
import shutil
import subprocess
import tempfile
import wave
from dataclasses import dataclass, field
from typing import Optional, Sequence

import numpy as np

ESPEAK = shutil.which("espeak-ng")
RATE = 22050      # espeak-ng's own rate; ffmpeg resamples to 16 kHz as a real file would be
EDGE_THRESHOLD = 0.02   # of the piece's peak: where speech begins and ends inside a wav


@dataclass(frozen=True)
class Piece:
    text: str
    voice: str = "en-us"
    speed: int = 175
    gap_before: int = 600        # ms of silence before this piece
    speaker: str = "A"
    spoken: bool = True          # False: in the transcript only (not in the audio)
    in_transcript: bool = True   # False: in the audio only


@dataclass
class Clip:
    path: str
    pieces: list[Piece]
    onsets: list[Optional[int]] = field(default_factory=list)   # ms, per piece (None: not spoken)
    ends: list[Optional[int]] = field(default_factory=list)
    duration: int = 0


@functools.lru_cache(maxsize=None)
def synth(text: str, voice: str = "en-us", speed: int = 175) -> np.ndarray:
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "s.wav")
        subprocess.run([ESPEAK, "-v", voice, "-s", str(speed), "-w", out, text], check=True)
        with wave.open(out) as w:
            assert w.getframerate() == RATE and w.getsampwidth() == 2
            return np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16)


def speech_edges(samples: np.ndarray) -> tuple[int, int]:
    """First and last sample above the threshold (the true speech inside a wav)."""
    level = np.abs(samples.astype(np.int32))
    loud = np.nonzero(level > EDGE_THRESHOLD * level.max())[0]
    return int(loud[0]), int(loud[-1]) + 1


def build_clip(pieces: Sequence[Piece], path: str, *, snr_db: Optional[float] = None,
               tail_ms: int = 800, seed: int = 1, repeat: int = 1) -> Clip:
    """Write a wav of the spoken pieces (``repeat`` times over) and record their true edges.

    A negative ``gap_before`` makes a piece start before the previous one ends:
    the voices overlap (mixed), as in a lively conversation.
    """
    clip = Clip(path, list(pieces) * repeat)
    placed: list[tuple[int, np.ndarray]] = []
    pos = 0
    for piece in clip.pieces:
        if not piece.spoken:
            clip.onsets.append(None)
            clip.ends.append(None)
            continue
        audio = synth(piece.text, piece.voice, piece.speed)
        pos = max(0, pos + piece.gap_before * RATE // 1000)
        placed.append((pos, audio))
        a, b = speech_edges(audio)
        clip.onsets.append((pos + a) * 1000 // RATE)
        clip.ends.append((pos + b) * 1000 // RATE)
        pos += len(audio)
    length = max(p + len(a) for p, a in placed) + tail_ms * RATE // 1000
    signal = np.zeros(length, dtype=np.float64)
    for at, audio in placed:
        signal[at:at + len(audio)] += audio
    if snr_db is not None:
        rng = np.random.default_rng(seed)
        speech_power = np.mean(np.concatenate([a for _, a in placed]).astype(np.float64) ** 2)
        signal += rng.normal(0, np.sqrt(speech_power / 10 ** (snr_db / 10)), length)
    pcm = np.clip(np.rint(signal), -32768, 32767).astype(np.int16)
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm.tobytes())
    clip.duration = length * 1000 // RATE
    return clip


def cues_for(pieces: Sequence[Piece]):
    """Cues as the generator makes them (segmenter + text estimate) for the transcript pieces.

    Each piece is its own paragraph (a turn when the speaker changes), so each
    piece's first cue starts at the piece's onset.
    """
    from captions.model import Transcript, Turn
    from captions.pipeline import make_track

    turns: list[Turn] = []
    for piece in pieces:
        if not piece.in_transcript:
            continue
        if turns and turns[-1].speaker == piece.speaker:
            turns[-1] = Turn(piece.speaker, turns[-1].paragraphs + (piece.text,))
        else:
            turns.append(Turn(piece.speaker, (piece.text,)))
    return make_track(Transcript(tuple(turns))).cues


def first_cue_of_piece(cues, pieces: Sequence[Piece]) -> list[Optional[int]]:
    """Index of the first cue of each transcript piece (pieces are whole sentences or turns)."""
    out, k = [], 0
    for piece in pieces:
        if not piece.in_transcript:
            out.append(None)
            continue
        out.append(k)
        words = len(piece.text.split())
        while words > 0:
            words -= len(cues[k].words())
            k += 1
    return out


def edge_errors(cues, clip: Clip) -> list[int]:
    """|cue start - true onset| and |speech_end - true end| for every piece in audio and text."""
    idx = first_cue_of_piece(cues, clip.pieces)
    errors = []
    for n, piece in enumerate(clip.pieces):
        if idx[n] is None or clip.onsets[n] is None:
            continue
        first = cues[idx[n]]
        last_i = (idx[n + 1] if n + 1 < len(idx) and idx[n + 1] is not None else None)
        if last_i is None:
            last_i = next((idx[m] for m in range(n + 1, len(idx)) if idx[m] is not None), len(cues))
        last = cues[last_i - 1]
        errors.append(abs(first.start - clip.onsets[n]))
        errors.append(abs((last.speech_end or last.end) - clip.ends[n]))
    return errors


def percentile(values: Sequence[float], q: float) -> float:
    return float(np.percentile(np.asarray(values, dtype=float), q))


BRIEFING = [
    "Good morning, and welcome to this press conference.",
    "The Secretary General met President Zelenskyy in Kyiv yesterday.",
    "They discussed air defence, ammunition and the reconstruction of the energy grid.",
    "Thirty one allies have now pledged new support.",
    "We will take a few questions at the end.",
    "Thank you very much, Secretary General.",
    "My first question is about the summit in Vilnius.",
    "What do you expect from the meeting on 12 July?",
    "I expect allies to agree on a stronger package.",
    "Ukraine's future is in NATO, and we are helping them get there.",
]


def briefing_pieces(*, fast: bool = False, gaps: Sequence[int] = (700, 450, 900, 350, 600)) -> list[Piece]:
    """Two speakers (en-us and en-gb+m3), ten sentences, varied pauses."""
    pieces = []
    for i, text in enumerate(BRIEFING):
        speaker = "A" if i < 5 or i == 8 or i == 9 else "B"
        voice = "en-us" if speaker == "A" else "en-gb+m3"
        pieces.append(Piece(text, voice, 220 if fast else 170, gaps[i % len(gaps)], speaker))
    return pieces


def speaker_change_pieces() -> list[Piece]:
    """Short pauses and a second voice taking over in the middle of a sentence."""
    return [
        Piece("Good morning, and welcome to this press conference.", gap_before=500),
        Piece("The Secretary General met President", gap_before=250),
        Piece("Zelenskyy in Kyiv yesterday, as you know.", voice="en-gb+m3", speaker="B",
              gap_before=0),
        Piece("Thank you very much.", voice="en-gb+m3", speaker="B", gap_before=200),
        Piece("Next question, please.", speaker="A", gap_before=150),
    ]


def rule_problems(cues, profile) -> list[str]:
    """Every display rule an aligned track must still obey.

    The in-time on the speech wins (captions/fit.py): a cue may be shorter than the
    minimum only where the next cue's speech begins too soon, and may stay longer
    than ``max_extension`` after its speech (at most 1.5 s) only to be read no faster
    than ``cps_max``.
    """
    import math

    problems = []
    for i, c in enumerate(cues):
        nxt = cues[i + 1] if i + 1 < len(cues) else None
        squeezed = nxt is not None and nxt.start - profile.min_gap - c.start < profile.min_duration
        if c.duration > profile.max_duration or (c.duration < profile.min_duration and not squeezed):
            problems.append(f"cue {i}: duration {c.duration}")
        speech_end = c.speech_end if c.speech_end is not None else c.end
        readable = min(c.start + math.ceil(c.chars * 1000 / profile.cps_max), speech_end + 1500)
        if c.end > max(speech_end + profile.max_extension, c.start + profile.min_duration, readable):
            problems.append(f"cue {i}: out-time {c.end} too far past speech {speech_end}")
        if i + 1 < len(cues):
            nxt = cues[i + 1]
            if nxt.start <= c.start:
                problems.append(f"cue {i + 1}: start not after cue {i}")
            if nxt.start - c.end < profile.min_gap:
                problems.append(f"cue {i}: gap {nxt.start - c.end} ms to the next cue")
    return problems


# Rapid exchanges (issue 13): two voices, turns of one to three words, gaps of 100 to
# 300 ms and some turns overlapping by up to 200 ms.
WORDS = "yes no what really okay look here tape recorder my father why now come on sure fine".split()


def rapid_pieces(seed: int, turns: int = 14) -> list[Piece]:
    rng = random.Random(seed)
    pieces = []
    for k in range(turns):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3))).capitalize()
        gap = rng.choice([100, 150, 200, 250, 300, -100, -200]) if k else 400
        pieces.append(Piece(text + rng.choice(".?!"), voice=("en-us", "en-gb+m3")[k % 2],
                            speaker="AB"[k % 2], gap_before=gap))
    return pieces


def varied_briefing(repeats: int, *, first_speed: int = 0) -> list[Piece]:
    """The briefing ``repeats`` times over, each time at another speed and with longer
    pauses, as in a long recording (the long-file benchmark's text)."""
    pieces = []
    for k in range(repeats):
        for p in briefing_pieces():
            pieces.append(dataclasses.replace(p, speed=(150, 175, 200, 220)[(k + first_speed) % 4],
                                              gap_before=p.gap_before + 100 * (k % 3)))
    return pieces


_WHO = ["The minister", "Our correspondent", "The committee", "A spokesman", "The mayor",
        "The delegation", "Her deputy", "The council"]
_DID = ["visited", "described", "inspected", "praised", "criticised", "funded", "opened",
        "reviewed"]
_WHAT = ["the new hospital", "a flooded village", "the harbour project", "two rural schools",
         "the power station", "a research centre", "the old railway", "the central market"]
_WHEN = ["on Tuesday", "last winter", "before the election", "after long delays",
         "in the spring", "this weekend", "without notice", "for the first time"]


def distinct_pieces(n: int) -> list[Piece]:
    """``n`` different sentences (no sentence twice, so a stretch of them cannot be
    mistaken for another), two voices, varied speeds and pauses."""
    pieces = []
    for i in range(n):
        text = (f"{_WHO[i % 8]} {_DID[(i // 8 + i) % 8]} {_WHAT[(i * 3) % 8]} "
                f"{_WHEN[(i * 5 + i // 8) % 8]}.")
        voice, speaker = ("en-us", "A") if (i // 3) % 2 == 0 else ("en-gb+m3", "B")
        pieces.append(Piece(text, voice, (160, 185, 210)[i % 3], (500, 800, 350, 650)[i % 4],
                            speaker))
    return pieces
