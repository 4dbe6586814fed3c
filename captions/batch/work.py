"""One item of a batch, as a worker runs it: a pure function of its task, safe to repeat.

``run_item(task) -> record`` runs in a worker process (a local pool's or a
Dask worker's).  It hashes the inputs, skips the item when its previous
record is still up to date, otherwise runs the job and describes what was
written.  The job writes every file atomically, so running a task twice (a
Dask worker lost mid-task, a retry) only writes the same bytes again.  An
error a user can cause becomes a ``failed`` record with its one-line
message; anything else (a bug, a crash) is left to the caller, which
retries or reports it.
"""
from __future__ import annotations

import os
import signal
import socket
import sys
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional

from .. import __version__
from ..errors import CaptionsError, InputError
from .state import describe_inputs, describe_output, fingerprint, input_files, model_identities, up_to_date

if TYPE_CHECKING:
    from ..job import JobOptions, JobResult

Record = dict[str, Any]


@dataclass(frozen=True)
class Task:
    item: str                          # the item's name in the report (its output stem)
    options: "JobOptions"
    previous: Optional[Record] = None  # its last good record, to skip it when nothing changed
    force: bool = False
    remote: bool = False               # on a cluster: inputs may be invisible to the worker
    version: str = __version__         # the submitting side's version (a cluster may differ)


def run_item(task: Task) -> Record:
    started = time.perf_counter()
    try:
        if task.version != __version__:
            raise CaptionsError(f"this worker runs captions {__version__}, the batch {task.version}: "
                                "install the same version everywhere")
        if task.remote:
            _check_visible(task.options)
        inputs = describe_inputs(task.options, task.previous)
        assert inputs is not None
        digest = fingerprint(task.options, inputs, model_identities(task.options))
        if not task.force and up_to_date(task.previous, digest):
            assert task.previous is not None
            return skipped(task.previous, inputs=inputs, outputs=[
                describe_output(out["path"]) | _checked(out) for out in task.previous["outputs"]])
        from ..job import run_job

        result = run_job(task.options)
    except CaptionsError as exc:
        return failed(task, str(exc), started)
    except SystemExit as stop:
        if not _in_local_worker:
            raise
        # The parent's SIGTERM (_stop): the job has unwound, its atomic writes have
        # removed their temporary files.  Leave now: the pool's worker loop catches
        # every BaseException, sends it back as a result and waits for the next item,
        # so a SystemExit would never end the process and the parent, which joins its
        # workers once the pool is broken or stopped, would wait for ever.
        os._exit(stop.code if isinstance(stop.code, int) else 1)
    return finished(task, result, inputs, digest, started)


def _check_visible(options: "JobOptions") -> None:
    for role, path in input_files(options).items():
        if not os.path.exists(path):
            raise InputError(f"the {role} is not visible on worker {socket.gethostname()}: inputs "
                             "travel by path, so every worker needs the same shared filesystem "
                             "at the same path", path=path)


def _checked(output: Record) -> Record:
    """The check figures of a described output, carried into a new record."""
    return {k: output[k] for k in ("language", "format", "cues", "errors", "warnings") if k in output}


def finished(task: Task, result: "JobResult", inputs: dict, digest: str, started: float) -> Record:
    outputs: list[Record] = []
    cues: dict[str, int] = {}
    for written in result.tracks:
        language = written.track.language
        cues[language] = len(written.track.cues)
        reports = {report.path: report for report in written.reports}
        for path in written.paths:
            out = describe_output(str(path)) | {"language": language, "format": path.suffix[1:]}
            report = reports.get(str(path))
            if report is not None:
                out |= {"cues": len(report.track.cues) if report.track else 0,
                        "errors": report.errors, "warnings": report.warnings}
            outputs.append(out)
    if result.attached is not None:
        outputs.append(describe_output(str(result.attached.output)) | {"format": "video"})
    errors = [f"{language}: {error}" for language, error in result.failures]
    record = base(task, "failed" if errors else "ok", started)
    record.update(
        cues=cues,
        aligned=None if result.alignment is None else round(result.alignment.aligned_fraction, 4),
        errors=sum(out.get("errors", 0) for out in outputs),
        warnings=sum(out.get("warnings", 0) for out in outputs),
        outputs=outputs, inputs=inputs, fingerprint=digest,
        error=errors[-1] if errors else None, failures=errors,
        notes=list(result.warnings) + (list(result.alignment.messages) if result.alignment else []))
    return record


def skipped(previous: Record, *, inputs: Optional[dict] = None,
            outputs: Optional[list] = None) -> Record:
    """The previous record again, marked ``skipped`` (its outputs are up to date)."""
    record = dict(previous, status="skipped", seconds=0.0)
    if inputs is not None:
        record["inputs"] = inputs
    if outputs is not None:
        record["outputs"] = outputs
    return record


def failed(task: Task, error: str, started: Optional[float] = None) -> Record:
    record = base(task, "failed", started)
    record.update(cues={}, aligned=None, errors=0, warnings=0, outputs=[], inputs=None,
                  fingerprint=None, error=error, failures=[error], notes=[])
    return record


def base(task: Task, status: str, started: Optional[float]) -> Record:
    options = task.options
    return {
        "item": task.item, "status": status,
        "transcript": options.source, "media": options.media_path,
        "languages": [options.source_language, *options.translate],
        "seconds": round(time.perf_counter() - started, 3) if started is not None else 0.0,
        "version": __version__, "worker": worker_info(),
    }


def worker_info() -> Record:
    """Which process did the work, its peak memory, and how many models it has loaded."""
    engine = sys.modules.get("captions.translate.engine")
    loaded = engine.models_loaded() if engine is not None else 0
    return {"host": socket.gethostname(), "pid": os.getpid(), "peak_mb": peak_memory_mb(),
            "models_loaded": loaded}


def peak_memory_mb() -> Optional[float]:
    try:
        import resource
    except ImportError:   # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1 << 20 if sys.platform == "darwin" else 1 << 10), 1)


# ---------------------------------------------------------------- local worker processes

_in_local_worker = False   # set in the processes of a local pool (init_local_worker)


def init_local_worker() -> None:
    """In each worker of a local pool: Ctrl-C is the parent's to handle (a terminal sends it
    to every process; the parent stops the workers), and the parent's SIGTERM unwinds the
    running job like an exception, so its atomic writes remove their temporary files."""
    global _in_local_worker
    _in_local_worker = True
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop)


def _stop(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)
