"""A clip with real speech and its captions, and the review page driven in Chromium.

The clip is made at test time: espeak-ng speaks three sentences with known
pauses (``align_helpers.build_clip`` measures where each sentence really
starts and ends), ffmpeg puts them under a 25 fps test picture.  The caption
files are written by hand here, independently of the code under test.
"""
from __future__ import annotations

import contextlib
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from media_helpers import binary_or_skip, chromium_or_skip, ffmpeg_or_skip

SENTENCES = ["Good morning, and welcome to this press conference.",
             "The Secretary General met the President in Kyiv yesterday.",
             "Thank you very much."]


@dataclass(frozen=True)
class SpeechClip:
    video: Path
    onsets: tuple[int, ...]    # ms: where each sentence's speech really starts
    ends: tuple[int, ...]
    duration: int              # ms


def make_speech_clip(folder: Path) -> SpeechClip:
    binary_or_skip("espeak-ng")
    ffmpeg = ffmpeg_or_skip()
    from align_helpers import Piece, build_clip

    pieces = [Piece(SENTENCES[0], gap_before=1500, speaker="A"),
              Piece(SENTENCES[1], gap_before=700, speaker="B", voice="en-gb+m3"),
              Piece(SENTENCES[2], gap_before=900, speaker="A")]
    wav = folder / "speech.wav"
    clip = build_clip(pieces, str(wav), tail_ms=1500)
    video = folder / "clip.mp4"
    seconds = clip.duration / 1000
    subprocess.run([ffmpeg, "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    f"testsrc2=size=320x180:rate=25:duration={seconds}", "-i", str(wav),
                    "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac",
                    "-shortest", str(video)], check=True, capture_output=True)
    return SpeechClip(video, tuple(clip.onsets), tuple(clip.ends), clip.duration)


def ms_stamp(ms: int, sep: str = ",") -> str:
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, f = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{f:03d}"


def english_srt(clip: SpeechClip) -> str:
    """SRT as a subtitler would write it: labels on each turn's first cue, on the speech."""
    texts = ["ANNA: Good morning, and welcome\nto this press conference.",
             "BORIS: The Secretary General met\nthe President in Kyiv yesterday.",
             "ANNA: Thank you very much."]
    blocks = [f"{n}\n{ms_stamp(a)} --> {ms_stamp(b)}\n{t}\n"
              for n, (a, b, t) in enumerate(zip(clip.onsets, clip.ends, texts), 1)]
    return "\n".join(blocks)


def ukrainian_vtt(clip: SpeechClip) -> str:
    """WebVTT from elsewhere: a header NOTE, cue ids, voice spans, a NOTE between cues."""
    texts = ["<v Анна>Доброго ранку, і ласкаво просимо\nна цю пресконференцію.",
             "<v Борис>Генеральний секретар зустрівся\nз Президентом у Києві вчора.",
             "<v Анна>Дуже дякую."]
    out = ["WEBVTT\n\nNOTE\nLanguage: uk\n"]
    for n, (a, b, t) in enumerate(zip(clip.onsets, clip.ends, texts), 1):
        if n == 3:
            out.append("NOTE checked by the desk\n")
        out.append(f"uk-{n}\n{ms_stamp(a, '.')} --> {ms_stamp(b, '.')}\n{t}\n")
    return "\n".join(out)


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """The system Chromium through Playwright, as captions verify launches it."""
    chromium_or_skip()
    from playwright.sync_api import sync_playwright

    from captions.media.verify import CHROMIUM_FLAGS, find_chromium

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_chromium(), headless=True,
                                    args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def review_page(browser, video: Path, captions: list[Path], *, width: int = 1280,
                height: int = 760) -> Iterator[tuple[object, object, list[str]]]:
    """(page, server, URLs the page asked for) with the page loaded and its waveform drawn."""
    from captions.review import open_review

    server = open_review(str(video), [str(p) for p in captions])
    server.start()
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    asked: list[str] = []
    problems: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    page.on("pageerror", lambda e: problems.append(str(e)))
    try:
        page.goto(server.url)
        page.wait_for_selector("body[data-ready='1']", timeout=20000)
        yield page, server, asked
        assert not problems, problems
    finally:
        context.close()
        server.shutdown()
        server.server_close()


def settle(page) -> None:
    """Wait until the page's check results are for its cues as they are now."""
    page.wait_for_timeout(50)
    page.wait_for_selector("body[data-settled='1']", timeout=10000)


def page_flags(page, file: int = 0) -> dict[int, list[tuple[str, str, str]]]:
    """Per cue number: the (rule, severity, message) the page shows in data-field="flags"."""
    return page.evaluate("""(file) => {
      const out = {};
      for (const cue of document.querySelectorAll(`.cue[data-file="${file}"]`)) {
        out[cue.dataset.cueIndex] = [...cue.querySelectorAll('[data-field="flags"] li')].map(
          (li) => [li.dataset.rule, li.dataset.severity, li.querySelector('.msg').textContent]);
      }
      return out;
    }""", file)
