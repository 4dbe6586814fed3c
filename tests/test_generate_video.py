"""The whole job in one command: ``generate --video clip.mp4 --attach`` on real speech made at test time."""
from __future__ import annotations

import json
import subprocess

import pytest

from align_helpers import ESPEAK, Piece, build_clip
from media_helpers import ffmpeg_or_skip, read_stream

pytestmark = pytest.mark.skipif(ESPEAK is None, reason="espeak-ng is not installed")

PIECES = [
    Piece("Good morning, and welcome to this press conference.", gap_before=900, speaker="A"),
    Piece("The Secretary General met President Zelenskyy in Kyiv yesterday.", gap_before=700, speaker="A"),
    Piece("Thank you very much, Secretary General.", voice="en-gb+m3", gap_before=1200, speaker="B"),
]
TRANSCRIPT = """Press briefing

Video transcript

ANNA BELL: Good morning, and welcome to this press conference.
The Secretary General met President Zelenskyy in Kyiv yesterday.

TOM REED: Thank you very much, Secretary General.
"""


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    ffmpeg = ffmpeg_or_skip()
    folder = tmp_path_factory.mktemp("video")
    wav = folder / "speech.wav"
    truth = build_clip(PIECES, str(wav))
    video = folder / "clip.mp4"
    seconds = truth.duration / 1000
    subprocess.run([ffmpeg, "-v", "error", "-f", "lavfi", "-i", f"testsrc2=size=320x180:rate=25:duration={seconds}",
                    "-i", str(wav), "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
                    "-c:a", "aac", "-shortest", str(video)], check=True)
    (folder / "briefing.txt").write_text(TRANSCRIPT)
    return folder, video, truth


def test_generate_with_video_aligns_and_attaches(clip, run_cli):
    folder, video, truth = clip
    out = folder / "out"
    code, _, err = run_cli("generate", folder / "briefing.txt", "--video", video, "--attach", "-o", out,
                           "--formats", "srt,vtt,json")
    assert code == 0, err
    assert "aligned" in err and "100% of words" in err
    cues = json.loads((out / "briefing.en.json").read_text())["cues"]
    assert {c["provenance"] for c in cues} == {"aligned"}
    # each sentence's first cue starts on its speech, within 120 ms
    firsts = [c for c in cues if c["lines"][0].split()[0] in ("Good", "The", "Thank")]
    errors = [abs(c["start_ms"] - onset) for c, onset in zip(firsts, truth.onsets)]
    assert max(errors) <= 150, errors
    vtt = (out / "briefing.en.vtt").read_text()
    assert "Timings: aligned to the speech in the media." in vtt
    # the captioned video holds the SRT cues, exactly
    captioned = out / "clip.captioned.mp4"
    assert captioned.exists() and video.exists()
    assert "Good morning" in read_stream(captioned, 0)


def test_video_without_speech_keeps_text_estimates_and_says_so(tmp_path, run_cli):
    ffmpeg = ffmpeg_or_skip()
    video = tmp_path / "tone.mp4"
    subprocess.run([ffmpeg, "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=25:duration=12",
                    "-f", "lavfi", "-i", "anullsrc=r=16000:cl=mono", "-t", "12", "-c:v", "libx264",
                    "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac", str(video)], check=True)
    src = tmp_path / "t.txt"
    src.write_text(TRANSCRIPT)
    code, _, err = run_cli("generate", src, "--video", video, "-o", tmp_path, "--formats", "json")
    assert code == 0, err
    assert "no speech" in err
    cues = json.loads((tmp_path / "t.en.json").read_text())["cues"]
    assert {c["provenance"] for c in cues} == {"estimated"}
    assert cues[-1]["end_ms"] <= 12_000
    assert [w for c in cues for line in c["lines"] for w in line.split()] == \
        " ".join(p.text for p in PIECES).split()
