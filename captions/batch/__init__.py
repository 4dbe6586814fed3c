"""Caption a whole archive: many jobs, on every core or on a Dask cluster, resumable.

::

    from captions import JobOptions
    from captions.batch import BatchItem, run_batch

    items = [BatchItem(stem, JobOptions(f"in/{stem}.txt", output="out", media=f"in/{stem}.mp4"))
             for stem in ("clip1", "clip2")]
    result = run_batch(items, report="out/report.jsonl")        # all cores
    print(result.counts, result.exit_code)

Each item is one ``run_job``, run by ``work.run_item`` in a worker process
(``local``) or on a Dask cluster (``cluster``).  The report (``report``)
gets a record per item as it finishes; a rerun reads it and skips every
item whose inputs, options and models are unchanged (``state``) and whose
files are still there.  Nothing here prints: the command does.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Optional, Sequence, Union

from ..errors import UsageError
from .state import describe_inputs, fingerprint, input_files, installed_model, model_identities, up_to_date
from .report import ReportWriter, read_report
from .work import Record, Task, skipped

if TYPE_CHECKING:
    from ..job import JobOptions

__all__ = ["BatchItem", "BatchResult", "run_batch"]

OnRecord = Callable[[Record, int, int], None]    # (record, items done, items in all)
OnStart = Callable[[int, int], None]             # (items up to date, items in all)


@dataclass(frozen=True)
class BatchItem:
    item: str                 # its name in the report: unique in the batch
    options: "JobOptions"
    where: str = ""           # where it was listed, for messages ("list.csv:4")


@dataclass
class BatchResult:
    records: list[Record]     # in item order; without the items an interrupted run did not finish
    total: int
    report: Path
    interrupted: bool = False
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def failed(self) -> list[Record]:
        return [r for r in self.records if r["status"] == "failed"]

    @property
    def exit_code(self) -> int:
        return 130 if self.interrupted else (1 if self.failed else 0)


def run_batch(items: Sequence[BatchItem], *, report: Union[str, Path], jobs: Optional[int] = None,
              scheduler: Optional[str] = None, force: bool = False,
              on_record: Optional[OnRecord] = None, on_start: Optional[OnStart] = None,
              inputs: Sequence[str] = ()) -> BatchResult:
    """Run every item; ``jobs`` worker processes (default: one per core), or the Dask
    cluster at ``scheduler``.  ``inputs`` are files the report must never overwrite
    (a manifest).  Ctrl-C stops it cleanly: the result says ``interrupted``."""
    started = time.perf_counter()
    report = Path(report)
    check_items(items)
    if jobs is not None and jobs < 1:
        raise UsageError(f"--jobs must be 1 or more, not {jobs}")
    previous = read_report(report)
    carried, tasks = plan(items, previous, force=force, remote=scheduler is not None)

    client = None
    if scheduler is not None and tasks:
        from .cluster import connect

        client = connect(scheduler)
    from ..textio import ensure_folder

    ensure_folder(report.parent)
    protected = [*inputs, *(p for item in items for p in input_files(item.options).values())]
    writer = ReportWriter(report, carried, inputs=protected)
    done: dict[str, Record] = {}
    total = len(items)

    def take(record: Record, *, write: bool = True) -> None:
        if write:
            writer.add(record)
        done[record["item"]] = record
        if on_record is not None:
            on_record(record, len(done), total)

    interrupted = False
    try:
        if on_start is not None:
            on_start(len(carried), total)
        for record in carried:
            take(record, write=False)
        if tasks and client is not None:
            from .cluster import run_cluster

            run_cluster(tasks, take, client=client)
        elif tasks:
            from .local import run_local

            run_local(tasks, take, jobs=jobs or default_jobs())
    except KeyboardInterrupt:
        interrupted = True
    finally:
        writer.close()
        if client is not None:
            client.close()
    records = [done[item.item] for item in items if item.item in done]
    counts = {status: sum(1 for r in records if r["status"] == status)
              for status in ("ok", "skipped", "failed")}
    return BatchResult(records, total, report, interrupted, time.perf_counter() - started, counts)


def plan(items: Sequence[BatchItem], previous: dict[str, Record], *, force: bool,
         remote: bool) -> tuple[list[Record], list[Task]]:
    """Records of the items known to be up to date without reading a file (same sizes and
    times as recorded), and tasks for the rest.  A task gets the item's last good record,
    so that its worker can still skip it after hashing the inputs (a file touched, not
    changed)."""
    models: dict[tuple[str, str], str] = {}

    def identity(source: str, target: str) -> str:
        if (source, target) not in models:
            models[source, target] = installed_model(source, target)
        return models[source, target]

    carried, tasks = [], []
    for item in items:
        old = previous.get(item.item)
        good = old if old is not None and old.get("status") in ("ok", "skipped") else None
        if good is not None and not force:
            inputs = describe_inputs(item.options, good, read=False)
            if inputs is not None:
                digest = fingerprint(item.options, inputs,
                                           model_identities(item.options, identity=identity))
                if up_to_date(good, digest, read=False):
                    carried.append(skipped(good))
                    continue
        tasks.append(Task(item.item, item.options, previous=good, force=force, remote=remote))
    return carried, tasks


def check_items(items: Sequence[BatchItem]) -> None:
    """Every item has its own name and its own output files (checked before any work)."""
    names: dict[str, BatchItem] = {}
    outputs: dict[str, BatchItem] = {}
    for item in items:
        if item.item in names:
            raise UsageError(f"two items are named {item.item!r} ({names[item.item].where} and "
                             f"{item.where}): give each its own name")
        names[item.item] = item
        for path in planned_outputs(item.options):
            other = outputs.setdefault(path, item)
            if other is not item:
                raise UsageError(f"{other.where} and {item.where} would both write {path}: "
                                 "give one of them another name")


def planned_outputs(options: "JobOptions") -> list[str]:
    languages = (options.source_language, *options.translate)
    return [os.path.abspath(options.output_path(language, fmt))
            for language in languages for fmt in options.formats]


def default_jobs() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:     # not on Linux
        return max(1, os.cpu_count() or 1)
