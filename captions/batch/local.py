"""Run the items on this machine's cores: one worker process per job.

Processes, not threads: alignment and translation are CPU-bound Python and
C++.  Workers are started with ``spawn`` (a clean interpreter, no inherited
locks or threads) and live for the whole batch, so a translation model is
loaded once per worker.  At most one item per worker is handed out at a
time, so the items in flight are known exactly: when a worker dies (a crash
in native code, the kernel's OOM killer), the pool is rebuilt and the items
that were in flight are run again one at a time, which finds the one that
kills its worker; it is reported failed and the others go on.
"""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Sequence

from .work import Record, Task, failed, init_local_worker, run_item

STOP_TIMEOUT = 10.0     # seconds a worker gets to unwind after SIGTERM before SIGKILL


def run_local(tasks: Sequence[Task], on_record: Callable[[Record], None], *, jobs: int) -> None:
    """Run every task and hand each record to ``on_record`` as it arrives.

    KeyboardInterrupt stops the workers (each running job unwinds and leaves
    no partial file) and is raised again.
    """
    # Longest first (by the size of its media, else its transcript): the last items
    # handed out are then the short ones, so no worker idles long at the end.
    queue = sorted(tasks, key=_work_size, reverse=True)
    while queue:
        in_flight = _run_pool(queue, on_record, workers=min(jobs, len(queue)), alone=False)
        for task in [task for task in queue if task.item in in_flight]:
            _run_pool([task], on_record, workers=1, alone=True)
            queue.remove(task)


def _work_size(task: Task) -> int:
    path = task.options.media_path or task.options.source
    try:
        return os.stat(path).st_size
    except (OSError, TypeError, ValueError):
        return 0


def _run_pool(batch: list[Task], on_record: Callable[[Record], None], *, workers: int,
              alone: bool) -> set[str]:
    """Run the tasks of ``batch``, removing each from it as it finishes.  When a worker
    dies, stop and return the items that were in flight (with ``alone``, one task at a
    time, such an item is reported failed instead)."""
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=init_local_worker)
    running: dict[Future, Task] = {}
    todo = list(batch)
    try:
        while todo or running:
            while todo and len(running) < workers:
                task = todo.pop(0)
                running[pool.submit(run_item, task)] = task
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                task = running.pop(future)
                try:
                    record = future.result()
                except BrokenProcessPool:
                    if not alone:
                        broken = True
                        running[future] = task     # keep it among those in flight
                        continue
                    record = failed(task, "the worker process died while running this item "
                                    "(a crash or out of memory)")
                except Exception as exc:           # a bug: report it, go on with the rest
                    record = failed(task, f"internal error: {type(exc).__name__}: {exc}")
                batch.remove(task)
                on_record(record)
            if broken:
                in_flight = {task.item for task in running.values()}
                pool.shutdown(wait=True, cancel_futures=True)
                return in_flight
    except KeyboardInterrupt:
        _stop_workers(pool)
        raise
    pool.shutdown(wait=True)
    return set()


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """SIGTERM every worker (each raises SystemExit in its job, whose atomic writes clean
    up), wait for them, SIGKILL any that will not stop."""
    # The executor has no public way to reach its workers before Python 3.14
    # (terminate_workers); its process table has been the same since 3.2.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)   # idle workers get their stop sentinel
    for process in processes:
        process.join(STOP_TIMEOUT)
        if process.is_alive():
            process.kill()
            process.join()
