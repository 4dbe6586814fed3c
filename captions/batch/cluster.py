"""Run the items on an existing Dask cluster (``distributed``, the ``cluster`` extra).

Each item is one Dask task calling the same ``run_item`` as a local worker.
Inputs and outputs travel by path, not by value: every worker must see the
files at the same paths (a shared filesystem), and a worker that cannot see
an input fails that item with a message saying so.  A worker lost in the
middle of a task costs nothing: the scheduler runs the task again elsewhere
(up to its ``allowed-failures``), and since a task only writes files
atomically with the same bytes, running it twice is harmless.  A task that
raises (not a user error: those are failed records) is retried ``RETRIES``
times.  ``distributed`` is imported only here.
"""
from __future__ import annotations

import logging
import os
import uuid
from typing import Any, Callable, Sequence

from ..errors import CaptionsError, MissingComponent
from .work import Record, Task, failed, run_item

RETRIES = 2
CONNECT_TIMEOUT = "20s"


def connect(scheduler: str) -> Any:
    """A ``distributed.Client`` for ``tcp://HOST:PORT`` or a scheduler file (JSON), or one
    line saying why not."""
    try:
        from distributed import Client
    except ImportError:
        raise MissingComponent("--scheduler needs Dask distributed: pip install 'captions[cluster]'") from None
    # the client's own log lines (reconnecting, heartbeats) would drown the batch's summary
    logging.getLogger("distributed").setLevel(logging.ERROR)
    try:
        if os.path.isfile(scheduler):
            return Client(scheduler_file=scheduler, timeout=CONNECT_TIMEOUT)
        return Client(scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise CaptionsError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None


def run_cluster(tasks: Sequence[Task], on_record: Callable[[Record], None], *, client: Any) -> None:
    """Run every task on the cluster; KeyboardInterrupt cancels what is not finished (a task
    already running finishes its item on its worker; it writes only whole files)."""
    from distributed import as_completed

    run = uuid.uuid4().hex[:8]
    futures = {client.submit(run_item, task, key=f"captions-{run}-{n}", pure=False,
                             retries=RETRIES): task
               for n, task in enumerate(tasks)}
    try:
        for future in as_completed(futures):
            task = futures[future]
            try:
                record = future.result()
            except Exception as exc:   # KilledWorker: it took its workers down too often
                name = type(exc).__name__
                why = ("the workers running this item died too often (Dask's KilledWorker)"
                       if name == "KilledWorker" else f"internal error: {name}: {exc}")
                record = failed(task, why)
            on_record(record)
    except KeyboardInterrupt:
        client.cancel(list(futures))
        raise
