"""Every command on every kind of broken input: a truthful exit code, one line, nothing lost (issue 7).

``generate`` has its own file (test_robust_generate.py); this one covers
``check``, ``translate``, ``attach``, ``preview`` and ``models``.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from media_helpers import ffmpeg_or_skip, make_clip

ROOT = Path(__file__).resolve().parent.parent
GOOD_SRT = (ROOT / "output" / "stoltenberg-kyiv.en.srt").read_bytes()
SEED = ROOT / "transcripts" / "stoltenberg-kyiv.txt"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"

BAD_FILES = {
    "empty": b"",
    "whitespace": b"  \n\n\t \r\n",
    "png": PNG,
    "cp1252": "1\n00:00:01,000 --> 00:00:02,000\nCaf\xe9 cr\xe8me\n".encode("cp1252"),
}


def one_line(err: str) -> None:
    assert "Traceback" not in err, err
    assert len([line for line in err.strip().splitlines() if line.startswith("captions")]) == 1, err


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    ffmpeg_or_skip()
    return make_clip(tmp_path_factory.mktemp("clip") / "clip.mp4", "mp4")


def bad_path(tmp_path: Path, kind: str) -> Path:
    if kind == "directory":
        d = tmp_path / "folder.en.srt"
        d.mkdir()
        return d
    if kind == "missing":
        return tmp_path / "missing.en.srt"
    p = tmp_path / f"{kind}.en.srt"
    p.write_bytes(BAD_FILES[kind])
    return p


KINDS = sorted(BAD_FILES) + ["directory", "missing"]


@pytest.mark.parametrize("kind", KINDS)
def test_check_on_bad_files(kind, tmp_path, run_cli):
    path = bad_path(tmp_path, kind)
    code, out, err = run_cli("check", path)
    # empty and whitespace-only files are readable and hold no cues: an error in the report
    assert code == (1 if kind in ("empty", "whitespace") else 2), (code, out, err)
    assert "Traceback" not in err + out


@pytest.mark.parametrize("kind", KINDS)
def test_translate_on_bad_files(kind, tmp_path, run_cli, tiny_argos):
    path = bad_path(tmp_path, kind)
    out = tmp_path / "out"
    out.mkdir()
    code, _, err = run_cli("translate", path, "--to", "uk", "-o", out)
    assert code == 1, err
    one_line(err)
    assert list(out.iterdir()) == []
    if path.is_file():
        assert path.read_bytes() == BAD_FILES[kind]


@pytest.mark.parametrize("kind", KINDS)
def test_attach_and_preview_on_bad_caption_files(kind, tmp_path, run_cli, clip):
    path = bad_path(tmp_path, kind)
    out = tmp_path / "out.mp4"
    code, _, err = run_cli("attach", clip, path, "-o", out)
    assert code == 1, err
    one_line(err)
    assert not out.exists()
    proc = subprocess.run([sys.executable, "-m", "captions", "preview", str(clip), str(path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=30)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    one_line(proc.stderr)


@pytest.mark.parametrize("kind", KINDS)
def test_attach_and_preview_on_bad_videos(kind, tmp_path, run_cli):
    video = bad_path(tmp_path, kind).rename(tmp_path / f"{kind}.mp4") if kind not in ("directory", "missing") \
        else bad_path(tmp_path, kind)
    subs = tmp_path / "ok.en.srt"
    subs.write_bytes(GOOD_SRT)
    code, _, err = run_cli("attach", video, subs, "-o", tmp_path / "out.mp4")
    assert code == 1, err
    one_line(err)
    assert not (tmp_path / "out.mp4").exists()
    # In a subprocess with a time limit: a regression here would serve forever.
    proc = subprocess.run([sys.executable, "-m", "captions", "preview", str(video), str(subs)],
                          cwd=ROOT, capture_output=True, text=True, timeout=30)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    one_line(proc.stderr)


def test_utf16_captions_are_read_everywhere(tmp_path, run_cli, clip, tiny_argos):
    subs = tmp_path / "u16.en.srt"
    subs.write_bytes(b"\xff\xfe" + "1\r\n00:00:00,500 --> 00:00:02,000\r\nHello there.\r\n".encode("utf-16-le"))
    assert run_cli("check", subs)[0] == 0
    assert run_cli("translate", subs, "--to", "uk", "-o", tmp_path)[0] == 0
    assert "Хелло тхере." in (tmp_path / "u16.uk.srt").read_text()
    assert run_cli("attach", clip, subs, "-o", tmp_path / "a.mp4")[0] == 0


def test_outputs_equal_to_inputs_are_refused(tmp_path, run_cli, clip, tiny_argos):
    subs = tmp_path / "talk.en.srt"
    subs.write_bytes(GOOD_SRT)
    code, _, err = run_cli("translate", subs, "--to", "uk", "-o", subs)
    assert code == 1 and "overwrite the input" in err
    before = clip.read_bytes()
    code, _, err = run_cli("attach", clip, subs, "-o", clip)
    assert code == 1 and "overwrite" in err
    assert clip.read_bytes() == before and subs.read_bytes() == GOOD_SRT


def _mount(path: Path, options: str) -> bool:
    path.mkdir()
    return subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)],
                          capture_output=True).returncode == 0


def test_unwritable_folder_and_full_disk(tmp_path, run_cli, clip, tiny_argos):
    subs = tmp_path / "talk.en.srt"
    subs.write_bytes(GOOD_SRT)
    ro, small = tmp_path / "ro", tmp_path / "small"
    if not (_mount(ro, "ro,size=64k") and _mount(small, "size=8k")):
        pytest.skip("cannot mount tmpfs here (needs root)")
    try:
        for argv in (("translate", subs, "--to", "uk", "-o", ro),
                     ("attach", clip, subs, "-o", ro / "a.mp4"),
                     ("attach", clip, subs, "-o", small / "a.mp4")):
            code, _, err = run_cli(*argv)
            assert code == 1, (argv, err)
            one_line(err)
        (small / "filler").write_bytes(b"x" * 4096)
        code, _, err = run_cli("translate", subs, "--to", "uk", "-o", small, "--formats", "srt,vtt,json")
        assert code == 1 and "No space left" in err
        assert sorted(p.name for p in small.iterdir()) == ["filler"]  # no partial file
    finally:
        subprocess.run(["umount", str(ro)])
        subprocess.run(["umount", str(small)])


def test_ctrl_c_during_preview_and_attach(tmp_path, clip):
    """Interrupted while at work (a ready signal, never a guess): exit 130, nothing half-written."""
    subs = tmp_path / "talk.en.srt"
    subs.write_bytes(GOOD_SRT)
    long_clip = make_clip(tmp_path / "long.mp4", "mp4", seconds=120)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "burned.mp4"

    def serving(proc):       # preview is ready when it has printed its URL
        return proc.stdout.readline().startswith("preview: http://127.0.0.1:")

    def muxing(proc):        # attach is at work when ffmpeg has begun its temporary output
        deadline = time.monotonic() + 60
        while not any(p.name.startswith(".burned.mp4.") for p in out_dir.iterdir()):
            assert proc.poll() is None and time.monotonic() < deadline, "attach never started writing"
            time.sleep(0.02)
        return True

    for argv, ready in ((["preview", str(clip), str(subs), "--port", "0"], serving),
                        (["attach", str(long_clip), str(subs), "-o", str(out), "--burn", "en"], muxing)):
        proc = subprocess.Popen([sys.executable, "-m", "captions", *argv], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert ready(proc), argv
        assert proc.poll() is None, "finished before the interrupt"
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 130, (argv, proc.returncode, err)
        one_line(err)
    assert not out.exists()
    assert list(out_dir.iterdir()) == []          # the temporary file went with the interrupt


@pytest.mark.parametrize("kind", KINDS)
def test_models_install_on_bad_files(kind, tmp_path, run_cli, tiny_argos):
    path = bad_path(tmp_path, kind)
    code, _, err = run_cli("models", "install", path)
    assert code == 1, err
    one_line(err)


def test_models_install_offline_is_one_clear_line(run_cli, tiny_argos, monkeypatch, network_guard):
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "https://example.invalid/index.json")
    code, _, err = run_cli("models", "install", "en", "xx")
    assert code == 1, err
    one_line(err)


def test_usage_errors_exit_2(run_cli, tmp_path):
    for argv in (["check"], ["translate", "x.srt"], ["attach", "v.mp4"], ["preview"], ["models", "nope"],
                 ["check", "x.srt", "--format", "yaml"]):
        code, _, err = run_cli(*argv)
        assert code == 2, (argv, err)
        assert "Traceback" not in err


# ------------------------------------------------ messages that tell the truth (issue 11)

def test_encoding_hint_only_where_the_option_exists(tmp_path, run_cli, clip):
    cp = tmp_path / "talk.en.srt"
    cp.write_bytes("1\n00:00:00,500 --> 00:00:02,000\nCafé crème.\n".encode("cp1252"))
    for argv in (["attach", clip, cp, "-o", tmp_path / "out.mkv"], ["preview", clip, cp],
                 ["verify", clip, cp]):
        code, _, err = run_cli(*argv)
        assert code == 1 and "not valid UTF-8" in err and "--encoding" not in err, (argv, err)
        one_line(err)
    code, _, err = run_cli("check", cp)
    assert "give --encoding" in err
    code, _, err = run_cli("check", cp, "--encoding", "utf-16-le")   # given, and still wrong
    assert "--encoding" not in err.replace("utf-16-le", "")
    transcript = tmp_path / "t.txt"
    transcript.write_bytes("Café crème, s’il vous plaît.\n".encode("cp1252"))
    code, _, err = run_cli("generate", transcript, "-o", tmp_path)
    assert code == 1 and "give --encoding" in err
    code, _, err = run_cli("generate", transcript, "-o", tmp_path, "--encoding", "ascii")
    assert code == 1 and "not valid ascii" in err and "give --encoding" not in err


def test_a_video_given_as_a_transcript_is_called_binary(tmp_path, run_cli, clip):
    code, _, err = run_cli("generate", clip, "-o", tmp_path)
    assert code == 1 and "binary data" in err and "not valid UTF-8" not in err
    one_line(err)


def test_duration_too_short_names_duration_and_what_is_needed(tmp_path, run_cli):
    code, _, err = run_cli("generate", SEED, "-o", tmp_path, "--duration", "10")
    assert code == 1 and "--duration 10 s" in err and "--start" not in err and "need at least" in err
    code, _, err = run_cli("generate", SEED, "-o", tmp_path, "--duration", "10", "--start", "5")
    assert code in (1, 2) and "--start" in err


def test_wpm_zero_says_what_is_allowed(tmp_path, run_cli):
    code, _, err = run_cli("generate", SEED, "-o", tmp_path, "--wpm", "0")
    assert code == 2 and "more than 0" in err and "between 0" not in err


def test_preview_open_without_a_display_says_so(tmp_path, clip):
    subs = tmp_path / "talk.en.srt"
    subs.write_bytes(GOOD_SRT)
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    proc = subprocess.Popen([sys.executable, "-m", "captions", "preview", str(clip), str(subs), "--open"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().startswith("preview: http://127.0.0.1:")
        line = proc.stderr.readline()
        assert "no display" in line, line
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)
