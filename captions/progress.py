"""A one-line progress bar on stderr, drawn only when stderr is a terminal."""
from __future__ import annotations

import sys
import time
from typing import Optional


class ProgressBar:
    """``update(done, total)``; redraws at most 10 times a second; ``close()`` ends the line.

    ``enabled=None`` means "if stderr is a terminal", so logs and pipes never
    fill with carriage returns.  ``eta=True`` adds the time left, from the rate
    since the first update (so work that was done before, such as items a
    batch skips, does not make the estimate too hopeful).  ``note(text)``
    prints a line above the bar.
    """

    WIDTH = 30

    def __init__(self, label: str, *, unit: str = "", scale: float = 1.0,
                 enabled: Optional[bool] = None, stream=None, eta: bool = False) -> None:
        self.stream = stream or sys.stderr
        if enabled is None:
            enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = enabled
        self.label, self.unit, self.scale = label, unit, scale
        self.eta = eta
        self._last_draw = 0.0
        self._drawn = False
        self._baseline: Optional[tuple[float, int]] = None   # (time, done) at the first update
        self._last: tuple[int, int] = (0, 0)

    def update(self, done: int, total: int) -> None:
        if self._baseline is None:
            self._baseline = (time.monotonic(), done)
        self._last = (done, total)
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last_draw < 0.1 and done < total:
            return
        self._last_draw = now
        self._draw(done, total, now)

    def _draw(self, done: int, total: int, now: float) -> None:
        frac = min(1.0, done / total) if total else 0.0
        filled = int(frac * self.WIDTH)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        amount = f"{done * self.scale:.1f}" if self.scale != 1.0 else str(done)
        if total:
            whole = f"{total * self.scale:.1f}" if self.scale != 1.0 else str(total)
            amount += f"/{whole}"
        percent = f"{int(frac * 100):3d}% " if total else ""
        left = self.remaining(now)
        eta = f" ETA {format_duration(left)}" if self.eta and left is not None and done < total else ""
        self.stream.write(f"\r{self.label} [{bar}] {percent}{amount} {self.unit}".rstrip() + eta + " ")
        self.stream.flush()
        self._drawn = True

    def remaining(self, now: Optional[float] = None) -> Optional[float]:
        """Seconds left at the rate since the first update; None until something was done."""
        if self._baseline is None:
            return None
        started, first = self._baseline
        done, total = self._last
        elapsed = (time.monotonic() if now is None else now) - started
        if done <= first or elapsed <= 0 or not total:
            return None
        return (total - done) * elapsed / (done - first)

    # a download callback gets (bytes so far, Content-Length or 0)
    update_total = update

    def note(self, text: str) -> None:
        """A line of text above the bar (the bar is redrawn below it)."""
        if self.enabled and self._drawn:
            self.stream.write("\r\033[K")
        self.stream.write(text + "\n")
        if self.enabled and self._drawn:
            self._draw(*self._last, time.monotonic())
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self._drawn:
            self.stream.write("\n")
            self.stream.flush()


def format_duration(seconds: float) -> str:
    """``75`` -> ``1:15``; ``3725`` -> ``1:02:05``."""
    whole = int(round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
