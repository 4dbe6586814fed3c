"""Progress for long media: the shared one-line bar, counting seconds of media."""
from __future__ import annotations

from typing import Callable, Optional

from ..progress import ProgressBar


def stderr_bar(label: str = "aligning", stream=None) -> Callable[[int, int], None]:
    """A callback ``(done_ms, total_ms)`` that redraws the bar and ends its line at 100 %."""
    bar = ProgressBar(label, unit="s of media", scale=0.001, enabled=True, stream=stream)
    finished = [False]

    def update(done: int, total: int) -> None:
        if finished[0]:
            return
        bar.update(done, total)
        if total and done >= total:
            bar.close()
            finished[0] = True

    return update


def resolve(progress, total_ms: int, min_ms: int = 60_000) -> Optional[Callable[[int, int], None]]:
    """``True`` draws a bar for media of at least a minute; a callable is used as given."""
    if callable(progress):
        return progress
    if progress and total_ms >= min_ms:
        return stderr_bar()
    return None
