"""A progress bar for long runs, drawn only on a terminal.

The library never prints: analyses take a ``progress(done, total)`` callback, and the
command line passes a `Bar` when stderr is a terminal, so pipes and logs stay clean.
"""

from __future__ import annotations

import time
from typing import TextIO

#: Runs shorter than this (seconds) never show a bar.
DELAY = 0.5
WIDTH = 30


class Bar:
    """``progress(done, total)`` drawing ``[#####.....]  45%  4,500/10,000 samples``."""

    def __init__(self, stream: TextIO, what: str = "samples") -> None:
        self.stream = stream
        self.what = what
        self.start = time.monotonic()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.shown and time.monotonic() - self.start < DELAY:
            return
        filled = WIDTH * done // max(total, 1)
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (WIDTH - filled)}] {done / max(total, 1):>4.0%}"
            f"  {done:,}/{total:,} {self.what}{self._pace(done, total)}\033[K"
        )
        self.stream.flush()
        self.shown = True

    def _pace(self, done: int, total: int) -> str:
        """The rate and the time left, once there is something to go by."""
        spent = time.monotonic() - self.start
        if done <= 0 or spent <= 0:
            return ""
        rate = done / spent
        left = max(total - done, 0) / rate
        return f"  {rate:,.0f}/s  {_clock(left)} left"

    def step(self, what: str) -> None:
        """Start the bar again for the next pass of a long run (`what` it counts)."""
        if what != self.what:
            self.what = what
            self.start = time.monotonic()

    def close(self) -> None:
        """Erase the bar, so what follows starts on a clean line."""
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.shown = False


def _clock(seconds: float) -> str:
    minutes, s = divmod(int(seconds + 0.5), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{s:02d}" if hours else f"{minutes}:{s:02d}"


def bar_for(stream: TextIO, what: str = "samples") -> Bar | None:
    """A `Bar` on `stream` when it is a terminal, else None (no progress shown)."""
    isatty = getattr(stream, "isatty", None)
    return Bar(stream, what) if isatty is not None and isatty() else None
