"""A one-line progress bar on stderr for long media."""
from __future__ import annotations

import sys
import time
from typing import Callable, Optional


def stderr_bar(label: str = "aligning", width: int = 30, stream=None
               ) -> Callable[[int, int], None]:
    """A callback ``(done_ms, total_ms)`` that redraws a bar, and ends the line at 100 %."""
    out = stream or sys.stderr
    began = time.monotonic()
    state = {"last": -1}

    def update(done: int, total: int) -> None:
        share = 1.0 if total <= 0 else min(1.0, done / total)
        percent = int(share * 100)
        if percent == state["last"]:
            return
        state["last"] = percent
        filled = int(share * width)
        elapsed = time.monotonic() - began
        out.write(f"\r{label} [{'#' * filled}{' ' * (width - filled)}] {percent:3d}% "
                  f"{_clock(done)}/{_clock(total)} ({elapsed:.0f} s)")
        if share >= 1.0:
            out.write("\n")
        out.flush()

    return update


def _clock(ms: int) -> str:
    s = ms // 1000
    return f"{s // 60}:{s % 60:02d}"


def resolve(progress, total_ms: int, min_ms: int = 60_000) -> Optional[Callable[[int, int], None]]:
    """``True`` draws a bar for media of at least a minute; a callable is used as given."""
    if callable(progress):
        return progress
    if progress and total_ms >= min_ms:
        return stderr_bar()
    return None
