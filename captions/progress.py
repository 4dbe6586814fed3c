"""A one-line progress bar on stderr, drawn only when stderr is a terminal."""
from __future__ import annotations

import sys
import time
from typing import Optional


class ProgressBar:
    """``update(done, total)``; redraws at most 10 times a second; ``close()`` ends the line.

    ``enabled=None`` means "if stderr is a terminal", so logs and pipes never
    fill with carriage returns.
    """

    WIDTH = 30

    def __init__(self, label: str, *, unit: str = "", scale: float = 1.0,
                 enabled: Optional[bool] = None, stream=None) -> None:
        self.stream = stream or sys.stderr
        if enabled is None:
            enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = enabled
        self.label, self.unit, self.scale = label, unit, scale
        self._last_draw = 0.0
        self._drawn = False

    def update(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last_draw < 0.1 and done < total:
            return
        self._last_draw = now
        frac = min(1.0, done / total) if total else 0.0
        filled = int(frac * self.WIDTH)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        amount = f"{done * self.scale:.1f}" if self.scale != 1.0 else str(done)
        if total:
            whole = f"{total * self.scale:.1f}" if self.scale != 1.0 else str(total)
            amount += f"/{whole}"
        percent = f"{int(frac * 100):3d}% " if total else ""
        self.stream.write(f"\r{self.label} [{bar}] {percent}{amount} {self.unit}".rstrip() + " ")
        self.stream.flush()
        self._drawn = True

    # a download callback gets (bytes so far, Content-Length or 0)
    update_total = update

    def close(self) -> None:
        if self.enabled and self._drawn:
            self.stream.write("\n")
            self.stream.flush()
