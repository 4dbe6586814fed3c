"""Captions in Arabic, Chinese and Thai as real players show them (issue 12).

Chromium renders the WebVTT we write from each fixture: every cue's text as
Chromium read it is the text in the file, and its screenshot shows as many
text lines as the cue has, none cut at the video's edges.  Then the
right-to-left decision of ``captions.lang.text.rtl_display_line`` (RLE ... PDF
around every RTL line) is checked the way it was made: a Hebrew line as we
write it must look exactly like the same line spelled out in visual order
under a left-to-right override (the truth, written here by hand), in
Chromium and in mpv; without the marks it does not.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from captions.lang import rules_for
from captions.lang.text import rtl_display_line, strip_direction_marks

from lang_helpers import (VIDEO_H, VIDEO_W, bands, chromium_shots, gray, make_video, mpv_shot,
                          page, serve, skip_without_font, text_extent)

FIXTURES = Path(__file__).parent / "fixtures" / "lang"
pytestmark = pytest.mark.slow


def _vtt_cue_texts(vtt: str) -> list[str]:
    """The cue text blocks of a WebVTT file we wrote (after each timing line)."""
    out = []
    for block in vtt.split("\n\n"):
        lines = block.split("\n")
        for k, line in enumerate(lines):
            if "-->" in line:
                out.append("\n".join(lines[k + 1:]).rstrip("\n"))
                break
    return out


@pytest.mark.parametrize("language", ["ar", "zh", "th"])
def test_chromium_shows_every_line_unclipped_and_in_order(language, tmp_path, run_cli):
    skip_without_font(language)
    code, _, err = run_cli("generate", FIXTURES / f"{language}.txt", "--language", language,
                           "-o", tmp_path, "--formats", "vtt,json", "-q")
    assert code == 0, err
    vtt_path = tmp_path / f"{language}.{language}.vtt"
    cues = json.loads((tmp_path / f"{language}.{language}.json").read_text(encoding="utf-8"))["cues"]
    written = _vtt_cue_texts(vtt_path.read_text(encoding="utf-8"))
    assert len(written) == len(cues)
    make_video(tmp_path / "clip.webm", seconds=max(5, cues[-1]["end_ms"] // 1000 + 2))
    # Lines spaced out so a screenshot shows one band of pixels per line.
    name = page(tmp_path, "spaced", "clip.webm", vtt_path.name, language, line_height=2.4)
    shots = tmp_path / "shots"
    shots.mkdir()
    with serve(tmp_path) as url:
        mid = [(c["start_ms"] + c["end_ms"]) / 2000 for c in cues]
        seen = chromium_shots(f"{url}/{name}", mid, shots, language)
    print(f"screenshots: {shots}")
    rtl = rules_for(language).rtl
    for cue, text, (shown, png) in zip(cues, written, seen):
        assert shown == text                     # Chromium read exactly what we wrote
        plain = re.sub(r"</?v[^>]*>", "", shown)
        assert [strip_direction_marks(line) for line in plain.split("\n")] == cue["shown"]
        if rtl:
            assert all(line.startswith("\u202b") and line.endswith("\u202c")
                       for line in plain.split("\n"))
        rows, left, right = text_extent(gray(png))
        assert bands(rows) == len(cue["lines"]), (png, cue["lines"])
        assert left > 4 and right < VIDEO_W - 5 and rows[-1] < VIDEO_H - 2, (png, left, right)


# A Hebrew line that ends in punctuation, and one that opens with a Latin word.
# Visual order (left to right on screen) written by hand: the truth.
HEBREW = [("שלום לכם.", ".םכל םולש"),
          ("NATO תומכת באוקראינה.", ".הניארקואב תכמות NATO")]
LRO, PDF = "\u202d", "\u202c"


def _files(folder: Path, name: str, lines: list[str]) -> tuple[Path, Path]:
    vtt = ["WEBVTT", ""]
    srt = []
    for k, line in enumerate(lines):
        start = 1 + 3 * k
        vtt += [f"00:00:{start:02d}.000 --> 00:00:{start + 2:02d}.000", line, ""]
        srt += [str(k + 1), f"00:00:{start:02d},000 --> 00:00:{start + 2:02d},000", line, ""]
    (folder / f"{name}.vtt").write_text("\n".join(vtt), encoding="utf-8")
    (folder / f"{name}.srt").write_text("\n".join(srt), encoding="utf-8")
    return folder / f"{name}.vtt", folder / f"{name}.srt"


def _difference(a: Path, b: Path) -> float:
    pa, pb = gray(a), gray(b)
    return sum(abs(x - y) for x, y in zip(pa, pb)) / len(pa)


@pytest.fixture
def hebrew_files(tmp_path):
    skip_without_font("he")
    ours = [rtl_display_line(logical, "he") for logical, _ in HEBREW]
    truth = [f"{LRO}{visual}{PDF}" for _, visual in HEBREW]
    plain = [logical for logical, _ in HEBREW]
    files = {name: _files(tmp_path, name, lines)
             for name, lines in (("ours", ours), ("truth", truth), ("plain", plain))}
    make_video(tmp_path / "clip.webm", seconds=8)
    return tmp_path, files


def test_rtl_lines_look_right_in_chromium(hebrew_files):
    folder, files = hebrew_files
    shots = folder / "shots"
    shots.mkdir()
    seen = {}
    with serve(folder) as url:
        for name in files:
            html = page(folder, name, "clip.webm", f"{name}.vtt", "he")
            seen[name] = chromium_shots(f"{url}/{html}", [2.0, 5.0], shots, f"chromium-{name}")
    print(f"screenshots: {shots}")
    assert [text for text, _ in seen["ours"]] == [rtl_display_line(h, "he") for h, _ in HEBREW]
    for k in range(2):
        assert _difference(seen["ours"][k][1], seen["truth"][k][1]) < 0.05
    # Without marks Chromium gets the Latin-first line wrong.
    assert _difference(seen["plain"][1][1], seen["truth"][1][1]) > 0.3


def test_rtl_lines_look_right_in_mpv(hebrew_files):
    folder, files = hebrew_files
    video = folder / "clip.webm"
    shot = {(name, k): mpv_shot(video, srt, 2.0 + 3 * k, folder / f"mpv-{name}-{k}.png")
            for name, (_, srt) in files.items() for k in range(2)}
    print(f"screenshots: {folder}")
    for k in range(2):
        assert _difference(shot["ours", k], shot["truth", k]) < 0.05
        # Without marks mpv (libass) lays both lines out left to right: wrong.
        assert _difference(shot["plain", k], shot["truth", k]) > 0.3
    # WebVTT through mpv: the same.
    vtt_ours = mpv_shot(video, files["ours"][0], 5.0, folder / "mpv-ours-vtt.png")
    assert _difference(vtt_ours, shot["truth", 1]) < 0.05
