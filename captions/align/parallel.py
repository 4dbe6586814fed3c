"""Chunk jobs side by side: worker processes, each with its own decoder made once.

Processes, not threads: pocketsphinx holds the GIL while it decodes (two
threads on two cores take twice as long as one).  Each worker builds one
decoder with the same extra pronunciations as this process's, and every job
starts with a fresh front end (its noise filter otherwise carries its
estimate from one utterance to the next), so a job's result never depends on
which worker ran it or what that worker ran before.  A job carries its own slice of
the audio (about 2 MB a minute), so workers never hold the whole file.

Workers are forked on Linux when this process runs a single thread (cheap,
and safe for scripts without a ``__main__`` guard), spawned otherwise (forking
a process with other threads can copy a lock some thread holds; spawned
workers re-import the main module, which then needs the guard).  If a worker
dies, the jobs left run here: the results are the same.
"""
from __future__ import annotations

import contextlib
import os
import sys
import threading
from typing import Any, Callable, Iterator, Mapping, Optional, Sequence

from .audio import ms_to_sample
from .chunks import ChunkJob, Run, Span, Words

Decode = Callable[[Any, Any, Sequence[str], Sequence[int], ChunkJob], Words]

_worker: dict = {}          # in a worker: its decoder, the decode function, the text, the cue starts


def workers_for(jobs: Optional[int], n_chunks: int) -> int:
    """How many worker processes: ``jobs``, never more than chunks.

    ``None``: one per core, except inside a worker process of a pool (a batch
    or a Dask worker already runs one job per core).  Never from a daemonic
    process, which may not have children.
    """
    import multiprocessing

    if multiprocessing.current_process().daemon:
        return 1
    if jobs is None:
        jobs = 1 if multiprocessing.parent_process() is not None else (os.cpu_count() or 1)
    return max(1, min(jobs, n_chunks))


def audio_for(pcm, job: ChunkJob):
    """The samples a job decodes."""
    return pcm[ms_to_sample(job.audio_start):ms_to_sample(job.audio_end)]


@contextlib.contextmanager
def chunk_runner(pcm, tokens: Sequence[str], groups: Sequence[int], decoder,
                 spans: Sequence[Span], *, decode: Decode, new_decoder: Callable[[], Any],
                 jobs: Optional[int] = None,
                 progress: Optional[Callable[[int, int], None]] = None) -> Iterator[Run]:
    """A ``run(jobs) -> {index: words}`` for ``align_chunks``, in workers or in this process.

    ``decode(decoder, audio, tokens, groups, job)`` aligns one chunk;
    ``new_decoder()`` makes a worker's decoder (both module-level functions,
    so that a spawned worker can be given them).
    """
    tokens, groups = tuple(tokens), tuple(groups)
    total_ms = spans[-1].core_end if spans else 0
    seen: set[int] = set()
    done_ms = [spans[0].core_start if spans else 0]

    def finished(job: ChunkJob) -> None:
        if job.index not in seen:
            seen.add(job.index)
            span = spans[job.index]
            done_ms[0] += span.core_end - span.core_start
            if progress:
                progress(min(done_ms[0], total_ms - 1), total_ms)

    def here(batch: Sequence[ChunkJob]) -> dict[int, Words]:
        out = {}
        for job in batch:
            decoder.reinit_feat()
            out[job.index] = decode(decoder, audio_for(pcm, job), tokens, groups, job)
            finished(job)
        return out

    n = workers_for(jobs, len(spans))
    if n <= 1:
        yield here
        return
    pool = _start_pool(n, tokens, groups, decoder, decode, new_decoder)
    broken = [False]

    def there(batch: Sequence[ChunkJob]) -> Mapping[int, Words]:
        from concurrent.futures import as_completed
        from concurrent.futures.process import BrokenProcessPool

        if broken[0]:
            return here(batch)
        # Longest first, so that no long chunk is left running alone at the end.
        ordered = sorted(batch, key=lambda job: job.audio_start - job.audio_end)
        futures = {pool.submit(_run_job, job, audio_for(pcm, job)): job for job in ordered}
        out: dict[int, Words] = {}
        try:
            for future in as_completed(futures):
                job = futures[future]
                out[job.index] = future.result()
                finished(job)
        except BrokenProcessPool:
            broken[0] = True
            out.update(here([job for job in batch if job.index not in out]))
        return out

    try:
        yield there
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _start_pool(n: int, tokens: tuple[str, ...], groups: tuple[int, ...], decoder,
                decode: Decode, new_decoder: Callable[[], Any]):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    single = threading.active_count() == 1
    method = "fork" if sys.platform.startswith("linux") and single else "spawn"
    phones = {t: decoder.lookup_word(t) for t in set(tokens)}
    return ProcessPoolExecutor(n, mp_context=multiprocessing.get_context(method),
                               initializer=_start_worker,
                               initargs=(decode, new_decoder, tokens, groups, phones))


def _start_worker(decode: Decode, new_decoder: Callable[[], Any], tokens: tuple[str, ...],
                  groups: tuple[int, ...], phones: dict[str, Optional[str]]) -> None:
    decoder = new_decoder()
    missing = sorted(t for t, p in phones.items() if p and decoder.lookup_word(t) is None)
    for i, word in enumerate(missing):    # the same words in the same order as the caller's
        decoder.add_word(word, phones[word], i == len(missing) - 1)
    _worker.update(decoder=decoder, decode=decode, tokens=tokens, groups=groups)


def _run_job(job: ChunkJob, audio) -> Words:
    decoder = _worker["decoder"]
    decoder.reinit_feat()
    return _worker["decode"](decoder, audio, _worker["tokens"], _worker["groups"], job)
