"""``captions batch``: a folder or a manifest, on every core or a real Dask cluster, resumable.

The archive: eight transcripts, three with speech made by espeak-ng (aligned), one
in a subfolder, one that is not valid UTF-8.  Every output is read back with
``captions check`` and compared with the report.  The cluster is real: a ``dask
scheduler`` and two ``dask worker`` processes on 127.0.0.1, started here.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("numpy", reason="numpy not installed")
pytest.importorskip("pocketsphinx", reason="pocketsphinx not installed")
if not shutil.which("espeak-ng"):
    pytest.skip("espeak-ng not installed (apt install espeak-ng)", allow_module_level=True)

from align_helpers import BRIEFING, Piece, build_clip  # noqa: E402
from translate_helpers import transliterate  # noqa: E402

from captions.check import check_file  # noqa: E402
from captions.formats.read import read_subtitles  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "transcripts" / "stoltenberg-kyiv.txt"


def environment() -> dict[str, str]:
    """For the processes a test starts: this checkout, and the environment as it is now
    (the tiny translation model's folders, once its fixture has run)."""
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path}


SPOKEN = {"speech_a": BRIEFING[0:3], "speech_b": BRIEFING[5:8], "speech_c": BRIEFING[3:5] + BRIEFING[8:10]}
ITEMS = ["broken", "kyiv", "plain", "speech_a", "speech_b", "speech_c", "sub/nested", "turns"]


def spoken_transcript(sentences) -> str:
    return "".join(f"{'ANN' if i % 2 == 0 else 'BOB'}: {s}\n\n" for i, s in enumerate(sentences))


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """The archive, built once: copied afresh for each test that changes it."""
    folder = tmp_path_factory.mktemp("archive")
    for stem, sentences in SPOKEN.items():
        pieces = [Piece(s, "en-us" if i % 2 == 0 else "en-gb+m3", 170, 500, "AB"[i % 2])
                  for i, s in enumerate(sentences)]
        build_clip(pieces, str(folder / f"{stem}.wav"))
        (folder / f"{stem}.txt").write_text(spoken_transcript(sentences))
    shutil.copy(SEED, folder / "kyiv.txt")
    (folder / "plain.txt").write_text("A plain paragraph with no speakers at all.\n\n"
                                      "And a second one, which follows it.\n")
    (folder / "turns.txt").write_text("Anna Smith: Good evening. Here is the news.\n"
                                      "Bob Jones: Thank you, Anna. First, the weather.\n")
    (folder / "sub").mkdir()
    (folder / "sub" / "nested.txt").write_text("NESTED: A transcript in a subfolder.\n")
    (folder / "broken.txt").write_bytes(b"ANN: caf\xc3\x28 is not UTF-8.\n")
    (folder / "notes.md").write_text("not a transcript\n")
    return folder


@pytest.fixture
def archive(template, tmp_path) -> Path:
    return Path(shutil.copytree(template, tmp_path / "archive"))


def report_of(path: Path) -> dict[str, dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]          # every line whole JSON
    assert len({r["item"] for r in records}) == len(records)  # one record per item
    return {r["item"]: r for r in records}


def assert_outputs_match_report(out: Path, records: dict[str, dict], max_chars: dict[str, int] = {}) -> None:
    """Every file the report lists exists, is what ``captions check`` says it is (with the
    item's --max-chars), and nothing half written is left anywhere."""
    from captions.profiles import load_profile

    for item, record in records.items():
        for entry in record["outputs"]:
            path = Path(entry["path"])
            assert path.is_file() and path.stat().st_size == entry["size"], path
            if entry["format"] in ("srt", "vtt"):
                profile = load_profile(None, language=entry["language"]).with_overrides(
                    max_chars=max_chars.get(item))
                report = check_file(str(path), profile)
                assert (report.errors, report.warnings) == (entry["errors"], entry["warnings"]), path
                assert len(report.track.cues) == entry["cues"] == record["cues"][entry["language"]]
        assert record["errors"] == sum(e.get("errors", 0) for e in record["outputs"])
    leftovers = [p for p in out.rglob("*") if p.name.startswith(".") or ".part" in p.name]
    assert leftovers == []


def run_batch_process(*argv, timeout=180) -> subprocess.CompletedProcess:
    """``captions batch`` in a fresh interpreter that reports, on its last stdout line,
    whether Dask was imported (it must not be without --scheduler)."""
    code = ("import sys, captions.cli as c; code = c.main(sys.argv[1:]); "
            "print('dask imported:', 'distributed' in sys.modules or 'dask' in sys.modules); sys.exit(code)")
    return subprocess.run([sys.executable, "-c", code, "batch", *map(str, argv)], capture_output=True,
                          text=True, timeout=timeout, env=environment())


# ---------------------------------------------------------------- a folder, resumed

def test_a_folder_is_captioned_then_only_what_changed_is_redone(archive, tmp_path, run_cli):
    out = tmp_path / "out"
    started = time.monotonic()
    proc = run_batch_process(archive, "-o", out, "--jobs", "2")
    first_seconds = time.monotonic() - started
    assert proc.returncode == 1, proc.stderr                     # the broken item, and only it
    assert "1 of 8 items failed" in proc.stderr and "dask imported: False" in proc.stdout
    assert "status" in proc.stderr and "total" in proc.stderr    # the summary table
    records = report_of(out / "report.jsonl")
    assert sorted(records) == ITEMS
    assert {i: r["status"] for i, r in records.items() if r["status"] != "ok"} == {"broken": "failed"}
    assert "not valid UTF-8" in records["broken"]["error"] and "broken.txt" in records["broken"]["error"]
    assert f"failed: broken: {records['broken']['error']}" in proc.stderr
    assert_outputs_match_report(out, records)
    for stem in SPOKEN:                                          # paired by stem, aligned
        assert records[stem]["media"] == str(archive / f"{stem}.wav")
        assert records[stem]["aligned"] >= 0.9
        vtt = (out / f"{stem}.en.vtt").read_text()
        assert "estimated from the text" not in vtt
    assert records["kyiv"]["media"] is None and records["kyiv"]["aligned"] is None
    assert records["kyiv"]["cues"]["en"] > 20
    assert (out / "sub" / "nested.en.srt").is_file()             # subfolders are kept
    assert not list(out.glob("notes*"))
    assert len({r["worker"]["pid"] for r in records.values()}) <= 2

    # Rerun: nothing changed, so nothing is read or redone but the broken item.
    started = time.monotonic()
    code, _, err = run_cli("batch", archive, "-o", out, "--jobs", "2")
    rerun_seconds = time.monotonic() - started
    assert code == 1 and "8 items, 7 up to date, 1 to do" in err
    again = report_of(out / "report.jsonl")
    assert {i: r["status"] for i, r in again.items()} == {i: "failed" if i == "broken" else "skipped"
                                                          for i in ITEMS}
    for item in ITEMS[1:]:   # carried over as they were: the same files, the same figures
        assert {**again[item], "status": "ok", "seconds": records[item]["seconds"]} == records[item]
    assert rerun_seconds < first_seconds / 2, (rerun_seconds, first_seconds)

    # Edit one transcript; touch a media file without changing it.
    with open(archive / "plain.txt", "a") as handle:
        handle.write("\nA third paragraph, added later.\n")
    os.utime(archive / "speech_b.wav", ns=(time.time_ns(), time.time_ns()))
    code, _, err = run_cli("batch", archive, "-o", out, "--jobs", "2")
    assert code == 1 and "8 items, 5 up to date, 3 to do" in err
    third = report_of(out / "report.jsonl")
    assert {i for i, r in third.items() if r["status"] == "ok"} == {"plain"}
    assert third["speech_b"]["status"] == "skipped"              # hashed again: same content
    assert "added later" in (out / "plain.en.srt").read_text()
    assert third["plain"]["cues"]["en"] == records["plain"]["cues"]["en"] + 1
    assert_outputs_match_report(out, third)
    code, _, err = run_cli("batch", archive, "-o", out)           # and now it is known
    assert "8 items, 7 up to date, 1 to do" in err

    # --force redoes everything
    code, _, err = run_cli("batch", archive, "-o", out, "--force", "-q")
    assert code == 1 and err.strip() == f"captions: 1 of 8 items failed (report: {out / 'report.jsonl'})"
    forced = report_of(out / "report.jsonl")
    assert sorted(i for i, r in forced.items() if r["status"] == "ok") == ITEMS[1:]
    assert_outputs_match_report(out, forced)


def test_a_report_elsewhere_and_a_half_line_left_by_a_crash(archive, tmp_path, run_cli):
    for name in ("kyiv", "broken", "speech_a", "speech_b", "speech_c"):
        (archive / f"{name}.txt").unlink()
    out, report = tmp_path / "out", tmp_path / "logs" / "day.jsonl"
    code, _, err = run_cli("batch", archive, "-o", out, "--report", report, "--jobs", "1")
    assert code == 0, err
    assert not (out / "report.jsonl").exists() and len(report_of(report)) == 3
    with open(report, "ab") as handle:                            # a crash mid-write
        handle.write(b'{"item": "plain", "status": "ok", "fing')
    code, _, err = run_cli("batch", archive, "-o", out, "--report", report)
    assert code == 0 and "3 items, 3 up to date" in err
    assert len(report_of(report)) == 3                            # rewritten whole


# ---------------------------------------------------------------- manifests

def test_manifests_csv_and_jsonl_with_options_per_item(template, tmp_path, run_cli, tiny_argos, fresh_cache):
    archive = template
    listing = tmp_path / "list.csv"
    listing.write_text("transcript,media,languages,max-chars,formats\n"
                       f"{archive}/speech_a.txt,{archive}/speech_a.wav,uk,,\n"
                       f"{archive}/plain.txt,,,32,srt\n"
                       f"{archive}/turns.txt,,\"en,uk\",,\"srt,json\"\n")
    out = tmp_path / "out"
    code, _, err = run_cli("batch", listing, "-o", out, "--no-cache", "--jobs", "1", "--max-chars", "40")
    assert code == 0, err
    records = report_of(out / "report.jsonl")
    assert sorted(records) == ["plain", "speech_a", "turns"]
    assert_outputs_match_report(out, records, {"plain": 32, "speech_a": 40, "turns": 40})
    names = sorted(p.name for p in out.iterdir())
    assert names == ["plain.en.srt", "report.jsonl", "speech_a.en.srt", "speech_a.en.vtt", "speech_a.uk.srt",
                     "speech_a.uk.vtt", "turns.en.json", "turns.en.srt", "turns.uk.json", "turns.uk.srt"]
    assert records["speech_a"]["aligned"] >= 0.9
    uk = read_subtitles(str(out / "speech_a.uk.srt")).track
    assert transliterate("Good morning") in " ".join(uk.cues[0].lines)
    plain = read_subtitles(str(out / "plain.en.srt")).track
    assert max(len(line) for cue in plain.cues for line in cue.lines) <= 32
    assert max(len(line) for cue in read_subtitles(str(out / "turns.en.srt")).track.cues
               for line in cue.lines) <= 40                      # the batch's --max-chars
    # one worker, two items translated, the model loaded once
    workers = {r["worker"]["pid"] for r in records.values()}
    assert len(workers) == 1
    assert max(r["worker"]["models_loaded"] for r in records.values()) == 1

    lines = tmp_path / "list.jsonl"
    lines.write_text(json.dumps({"transcript": str(SEED), "max_chars": 37, "start": 2.5,
                                 "speaker_labels": "none", "name": "seed"}) + "\n\n"
                     + json.dumps({"transcript": "turns.txt", "--max-lines": 1, "bom": True,
                                   "formats": ["srt"]}) + "\n")
    shutil.copy(archive / "turns.txt", tmp_path / "turns.txt")   # relative to the manifest
    out2 = tmp_path / "out2"
    code, _, err = run_cli("batch", lines, "-o", out2)
    assert code == 0, err
    seed = read_subtitles(str(out2 / "seed.en.srt")).track
    assert seed.cues[0].start >= 2500
    assert not any(":" in cue.lines[0].split()[0] for cue in seed.cues)   # no speaker labels
    assert max(len(line) for cue in seed.cues for line in cue.lines) <= 37
    raw = (out2 / "turns.en.srt").read_bytes()
    assert raw.startswith("\ufeff".encode()) and not (out2 / "turns.en.vtt").exists()
    assert all(len(cue.lines) == 1 for cue in read_subtitles(str(out2 / "turns.en.srt")).track.cues)


@pytest.mark.parametrize("name, text, message, code", [
    ("a.csv", "transcript,colour\nx.txt,red\n", "a.csv:1: unknown column 'colour'", 2),
    ("b.jsonl", '{"transcript": "x.txt"}\n{"transcript": "y.txt", "max_chars": "wide"}\n',
     "b.jsonl:2: max_chars: invalid literal", 2),
    ("c.jsonl", '{"transcript": "x.txt"}\n{"transcript": "y.txt", "wpm": 0}\n', "c.jsonl:2: --wpm", 2),
    ("d.jsonl", '{"transcript": "x.txt"}\n{"media": "y.wav"}\n', "d.jsonl:2: no transcript", 2),
    ("e.jsonl", '{"transcript": "x.txt"}\n["y.txt"]\n', "e.jsonl:2: each line must be a JSON object", 1),
    ("f.csv", "transcript,name\nx.txt,clip\ny.txt,clip\n", "two items are named 'clip'", 2),
    ("g.csv", "transcript,bom\nx.txt,maybe\n", "g.csv:2: bom: 'maybe' is not true or false", 2),
])
def test_a_bad_manifest_stops_before_any_work(tmp_path, run_cli, name, text, message, code):
    manifest = tmp_path / name
    manifest.write_text(text)
    got, _, err = run_cli("batch", manifest, "-o", tmp_path / "out")
    assert got == code and message in err, err
    assert len(err.strip().splitlines()) == 1 and not (tmp_path / "out").exists()


def test_usage_errors(tmp_path, run_cli, archive):
    assert run_cli("batch", archive, "--media", "x.wav")[0] == 2
    code, _, err = run_cli("batch", archive, "--jobs", "2", "--scheduler", "tcp://127.0.0.1:1")
    assert code == 2 and "--jobs is for a local run" in err
    code, _, err = run_cli("batch", tmp_path / "nothing-here", "-o", tmp_path / "out")
    assert code == 1 and "no such folder or manifest" in err
    code, _, err = run_cli("batch", archive, "--report", archive / "plain.txt", "-o", tmp_path / "o")
    assert code == 1 and "would overwrite the input" in err
    assert (archive / "plain.txt").read_text().startswith("A plain paragraph")


def test_media_is_paired_by_stem_videos_first(tmp_path):
    from captions.batch.sources import folder_items

    for name in ("a.txt", "a.wav", "a.mp4", "talk.uk.txt", "talk.WAV", "solo.txt", ".hidden.txt"):
        (tmp_path / name).write_text("x")
    found = {item.item: item.media.name if item.media else None for item in folder_items(tmp_path)}
    assert found == {"a": "a.mp4", "talk.uk": "talk.WAV", "solo": None}


# ---------------------------------------------------------------- Ctrl-C

@pytest.fixture
def six_clips(template, tmp_path) -> Path:
    """Six aligned items: seconds of work left when the first one is done."""
    archive = tmp_path / "speech"
    archive.mkdir()
    for n in range(6):
        stem = ("speech_a", "speech_b", "speech_c")[n % 3]
        shutil.copy(template / f"{stem}.wav", archive / f"clip{n}.wav")
        shutil.copy(template / f"{stem}.txt", archive / f"clip{n}.txt")
    return archive


def start_batch(*argv) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "captions", "batch", *map(str, argv)],
                            stderr=subprocess.PIPE, text=True, env=environment())


def wait_for_first_record(proc: subprocess.Popen, report: Path) -> None:
    """The ready signal: the report has its first line (never a sleep and a hope)."""
    deadline = time.monotonic() + 120
    while not (report.exists() and report.read_text().strip()):
        assert proc.poll() is None and time.monotonic() < deadline, "no item finished"
        time.sleep(0.02)


def worker_processes(parent: int) -> list[int]:
    """The pool's worker processes of ``parent`` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (stat.parent / "cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            continue
        if ppid == parent and b"spawn_main" in cmdline:
            found.append(int(stat.parent.name))
    return found


def test_ctrl_c_keeps_what_finished_and_the_next_run_does_the_rest(six_clips, tmp_path):
    archive, out = six_clips, tmp_path / "out"
    report = out / "report.jsonl"
    proc = start_batch(archive, "-o", out, "--jobs", "1")
    wait_for_first_record(proc, report)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted:" in err and "run the same command again" in err and "Traceback" not in err
    finished = report_of(report)
    assert 1 <= len(finished) < 6 and all(r["status"] == "ok" for r in finished.values())
    assert_outputs_match_report(out, finished)
    written = {p.name.split(".")[0] for p in out.glob("clip*")}
    assert written == set(finished)                     # nothing from an unfinished item
    worker = next(iter(finished.values()))["worker"]["pid"]
    with pytest.raises(ProcessLookupError):              # no worker left behind
        os.kill(worker, 0)

    again = subprocess.run([sys.executable, "-m", "captions", "batch", str(archive), "-o", str(out),
                            "--jobs", "2"], capture_output=True, text=True, env=environment(), timeout=180)
    assert again.returncode == 0, again.stderr
    done = report_of(report)
    assert {i for i, r in done.items() if r["status"] == "skipped"} == set(finished)
    assert sorted(i for i, r in done.items() if r["status"] == "ok") == sorted(
        f"clip{n}" for n in range(6) if f"clip{n}" not in finished)
    assert_outputs_match_report(out, done)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the workers through /proc")
def test_a_worker_process_that_dies_costs_only_a_rerun_of_its_item(six_clips, tmp_path):
    """SIGKILL, as the kernel's OOM killer would: the pool breaks, the items in flight are
    run again one at a time (so a crashing item would be found), the rest go on."""
    out = tmp_path / "out"
    proc = start_batch(six_clips, "-o", out, "--jobs", "2")
    wait_for_first_record(proc, out / "report.jsonl")
    workers = worker_processes(proc.pid)
    assert workers, "no worker process found"
    os.kill(workers[0], signal.SIGKILL)
    _, err = proc.communicate(timeout=180)
    assert proc.returncode == 0, err
    records = report_of(out / "report.jsonl")
    assert len(records) == 6 and all(r["status"] == "ok" for r in records.values())
    assert_outputs_match_report(out, records)


def test_a_busy_worker_stops_on_sigterm(tmp_path):
    """When the pool breaks (a worker killed) or the batch is interrupted, the parent sends
    SIGTERM to the other workers and joins them.  A worker busy with an item must then end:
    the pool's own worker loop catches every BaseException (our SystemExit too) and would
    wait for another item, so the parent would wait for ever (seen: a batch hung after a
    worker was killed while the other was mid-item)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from captions.batch.work import Task, init_local_worker, run_item
    from captions.job import JobOptions

    big = tmp_path / "big.txt"     # about 15 s of work: busy when the signal comes
    big.write_text(("We discussed the summit and the results. " * 200 + "\n\n") * 1200)
    task = Task("big", JobOptions(str(big), output=str(tmp_path / "out"), formats=("srt",)))
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                               initializer=init_local_worker)
    try:
        future = pool.submit(run_item, task)
        deadline = time.monotonic() + 60
        while not getattr(pool, "_processes", None):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        (worker,) = pool._processes.values()
        while _cpu_seconds(worker.pid) < 2.0:       # at work on the item, past start-up
            assert not future.done() and time.monotonic() < deadline
            time.sleep(0.05)
        worker.terminate()
        worker.join(20)
        assert not worker.is_alive(), "a busy worker ignored SIGTERM"
        assert worker.exitcode == 128 + signal.SIGTERM
        out = tmp_path / "out"
        assert not out.exists() or list(out.glob(".*")) == []     # no temporary file left
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------- translation model, once

def test_the_translation_model_is_loaded_once_per_process(tiny_argos, fresh_cache):
    from captions.pipeline import make_track
    from captions.transcript import parse_transcript
    from captions.translate import engine, translate_track

    first = make_track(parse_transcript("ANN: Hello world. The cat sits on the mat.\n"))
    second = make_track(parse_transcript("ANN: How are you today?\n"))
    translate_track(first, "uk", cache=False)
    loaded = engine.models_loaded()
    result = translate_track(second, "uk", cache=False)
    assert engine.models_loaded() == loaded and loaded >= 1
    assert result.model_seconds > 0 and result.track.cues[0].lines == (transliterate("How are you today?"),)
    translate_track(second, "uk", cache=False, threads=2)   # other settings: another model
    assert engine.models_loaded() == loaded + 1


# ---------------------------------------------------------------- a real Dask cluster

@pytest.fixture(scope="module")
def cluster(tmp_path_factory, tiny_argos):
    distributed = pytest.importorskip("distributed", reason="the cluster extra is not installed")
    if not shutil.which("dask"):
        pytest.skip("the dask command is not installed")
    folder = tmp_path_factory.mktemp("dask")
    scheduler_file = folder / "scheduler.json"
    started = []

    def start(*argv):
        log = open(folder / f"{argv[1]}-{len(started)}.log", "w")
        # its own session: killing the group takes the worker's nanny and process together,
        # as losing a machine would
        started.append(subprocess.Popen(["dask", *argv], cwd=folder, stdout=log, stderr=log, env=environment(),
                                        start_new_session=True))

    start("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
          "--scheduler-file", str(scheduler_file))
    deadline = time.monotonic() + 60
    while not scheduler_file.exists():
        assert started[0].poll() is None and time.monotonic() < deadline, "dask scheduler did not start"
        time.sleep(0.1)
    workers = {}
    for name in ("w1", "w2"):
        start("worker", "--scheduler-file", str(scheduler_file), "--nthreads", "1", "--host", "127.0.0.1",
              "--no-dashboard", "--name", name, "--death-timeout", "60")
        workers[name] = started[-1]
    client = distributed.Client(scheduler_file=str(scheduler_file), timeout="60s")
    client.wait_for_workers(2, timeout=90)
    try:
        yield scheduler_file, client, workers
    finally:
        client.close()
        for process in reversed(started):
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass


def same_files(a: Path, b: Path) -> list[str]:
    names = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file() and p.name != "report.jsonl")
    assert names == sorted(p.relative_to(b).as_posix() for p in b.rglob("*")
                           if p.is_file() and p.name != "report.jsonl")
    assert [n for n in names if (a / n).read_bytes() != (b / n).read_bytes()] == []
    return names


def test_on_a_dask_cluster_the_outputs_are_the_local_ones_byte_for_byte(archive, tmp_path, cluster, run_cli):
    scheduler_file, _, _ = cluster
    local, remote = tmp_path / "local", tmp_path / "remote"
    translated = ("--translate", "uk", "--no-cache")    # the model runs on the workers too
    assert run_cli("batch", archive, "-o", local, "--jobs", "2", *translated)[0] == 1
    address = json.loads(scheduler_file.read_text())["address"]
    code, _, err = run_cli("batch", archive, "-o", remote, "--scheduler", address, *translated)
    assert code == 1 and "1 of 8 items failed" in err
    assert len(same_files(local, remote)) == 28                  # 7 items x en, uk x srt, vtt
    assert transliterate("Good evening") in (remote / "turns.uk.srt").read_text()
    records = report_of(remote / "report.jsonl")
    assert {i: r["status"] for i, r in records.items()} == {i: "failed" if i == "broken" else "ok" for i in ITEMS}
    assert "not valid UTF-8" in records["broken"]["error"]
    code, _, err = run_cli("batch", archive, "-o", remote, "--scheduler", address, *translated)
    assert code == 1 and "8 items, 7 up to date, 1 to do" in err   # resumable there too

    # a worker that cannot see an input says so
    manifest = tmp_path / "list.jsonl"
    manifest.write_text(json.dumps({"transcript": str(archive / "plain.txt")}) + "\n"
                        + json.dumps({"transcript": str(archive / "turns.txt"),
                                      "media": str(tmp_path / "elsewhere" / "turns.wav")}) + "\n")
    code, _, err = run_cli("batch", manifest, "-o", tmp_path / "m", "--scheduler", str(scheduler_file))
    assert code == 1
    record = report_of(tmp_path / "m" / "report.jsonl")["turns"]
    assert record["status"] == "failed"
    assert "the media is not visible on worker" in record["error"] and "shared filesystem" in record["error"]


def test_a_lost_worker_costs_nothing(archive, tmp_path, cluster):
    scheduler_file, client, workers = cluster
    for name in ("kyiv", "broken", "plain", "turns", "sub/nested"):
        (archive / f"{name}.txt").unlink()
    for n in range(3, 6):   # six aligned items
        stem = ("speech_a", "speech_b", "speech_c")[n % 3]
        shutil.copy(archive / f"{stem}.wav", archive / f"more{n}.wav")
        shutil.copy(archive / f"{stem}.txt", archive / f"more{n}.txt")
    local = tmp_path / "local"
    assert subprocess.run([sys.executable, "-m", "captions", "batch", str(archive), "-o", str(local), "-q"],
                          env=environment(), timeout=180).returncode == 0
    out = tmp_path / "remote"
    proc = subprocess.Popen([sys.executable, "-m", "captions", "batch", str(archive), "-o", str(out),
                             "--scheduler", str(scheduler_file)], stderr=subprocess.PIPE, text=True, env=environment())
    report = out / "report.jsonl"
    deadline = time.monotonic() + 120
    victim = None
    while victim is None:       # ready: an item finished and a worker is busy with another
        assert proc.poll() is None and time.monotonic() < deadline, "never caught a worker at work"
        if report.exists() and report.read_text().strip():
            info = client.scheduler_info()["workers"]
            busy = [info[address]["name"] for address, keys in client.processing().items()
                    if keys and address in info]
            victim = busy[0] if busy else None
        time.sleep(0.05)
    done_before = len(report.read_text().splitlines())
    os.killpg(workers[victim].pid, signal.SIGKILL)     # the worker and its nanny: a lost machine
    _, err = proc.communicate(timeout=180)
    assert proc.returncode == 0, err
    assert done_before < 6
    records = report_of(report)
    assert len(records) == 6 and all(r["status"] == "ok" for r in records.values())
    same_files(local, out)


def test_the_progress_bar_estimates_the_time_left_from_this_run_only():
    import io

    from captions.progress import ProgressBar, format_duration

    stream = io.StringIO()
    bar = ProgressBar("batch", unit="items", eta=True, enabled=True, stream=stream)
    bar.update(4, 10)                    # four items were up to date: the clock starts here
    started = bar._baseline[0]
    assert bar.remaining(started + 5) is None            # nothing done in this run yet
    bar.update(6, 10)
    assert bar.remaining(started + 8) == pytest.approx(16.0)   # 2 items in 8 s, 4 left
    bar.note("failed clip: why")
    text = stream.getvalue()
    assert "failed clip: why\n" in text and "6/10 items ETA " in text.rsplit("\n", 1)[1]   # redrawn below
    assert [format_duration(s) for s in (0, 75, 3725)] == ["0:00", "1:15", "1:02:05"]


def test_the_python_api_of_the_readme(template, tmp_path):
    from captions import JobOptions
    from captions.batch import BatchItem, run_batch

    items = [BatchItem(stem, JobOptions(str(template / f"{stem}.txt"), output=str(tmp_path / "out")))
             for stem in ("plain", "turns")]
    seen = []
    result = run_batch(items, report=tmp_path / "out" / "report.jsonl", jobs=1,
                       on_record=lambda record, done, total: seen.append((record["item"], done, total)))
    assert result.counts == {"ok": 2, "skipped": 0, "failed": 0} and result.exit_code == 0
    assert sorted(item for item, _, _ in seen) == ["plain", "turns"] and [d for _, d, _ in seen] == [1, 2]
    assert [r["item"] for r in result.records] == ["plain", "turns"]
    again = run_batch(items, report=tmp_path / "out" / "report.jsonl")
    assert again.counts == {"ok": 0, "skipped": 2, "failed": 0}
