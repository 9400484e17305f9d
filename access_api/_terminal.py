"""Progress on a terminal for the long commands: what is being done, how far, how long.

Shown on standard error, and only when it is a terminal: a pipe or a file
gets nothing (the output stays clean for scripts). One line, redrawn in
place at most five times a second; a clock ticks while a step that cannot
count its work runs, so a long wait never looks like a hang.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from types import TracebackType

__all__ = ["TerminalProgress", "duration"]

_REDRAW_SECONDS = 0.2
_CLEAR_LINE = "\r\x1b[K"


def duration(seconds: float) -> str:
    """``75`` -> "1 min 15 s", ``8`` -> "8 s"."""
    seconds = max(0, round(seconds))
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min {seconds} s" if minutes else f"{seconds} s"


class TerminalProgress:
    """One line of progress on ``stream``, when it is a terminal; use it as a context manager."""

    def __init__(self, stream: TextIO | None = None) -> None:
        """Show progress on ``stream`` (standard error by default) if it is a terminal."""
        self._stream = stream or sys.stderr
        self.shown = self._stream.isatty()
        self._lock = threading.Lock()
        self._what = ""
        # (done, total, when) of the step's last count, and (done, when) of its first
        self._counted: tuple[int, int, float] | None = None
        self._first: tuple[int, float] = (0, 0.0)
        self._started = self._step_started = time.monotonic()
        self._drawn_at = 0.0
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    def __enter__(self) -> TerminalProgress:
        if self.shown:
            self._ticker = threading.Thread(target=self._tick, name="progress", daemon=True)
            self._ticker.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
        if self.shown:
            with self._lock:
                self._stream.write(_CLEAR_LINE)
                self._stream.flush()

    def step(self, what: str) -> None:
        """Start a step whose work cannot be counted: "Summarising 185 sentences"."""
        with self._lock:
            self._what, self._counted = what, None
            self._step_started = time.monotonic()
            self._draw(force=True)

    def count(self, what: str, done: int, total: int) -> None:
        """``done`` of ``total`` of a step's work, with the time left at this pace."""
        with self._lock:
            now = time.monotonic()
            starting = self._what != what or self._counted is None
            if starting:
                self._what, self._step_started, self._first = what, now, (done, now)
            self._counted = (done, total, now)
            self._draw(force=starting or done >= total)

    def _line(self) -> str:
        now = time.monotonic()
        if self._counted is None:
            return f"{self._what}... {duration(now - self._step_started)}"
        done, total, at = self._counted
        line = f"{self._what}: {done} of {total}"
        first_done, first_at = self._first
        if first_done < done < total:
            # The pace since the first count, so that loading before it is not counted.
            left = (at - first_at) / (done - first_done) * (total - done)
            line += f", about {duration(left)} left"
        return line

    def _draw(self, *, force: bool = False) -> None:
        if not self.shown or not self._what:
            return
        now = time.monotonic()
        if force or now - self._drawn_at >= _REDRAW_SECONDS:
            self._stream.write(_CLEAR_LINE + self._line())
            self._stream.flush()
            self._drawn_at = now

    def _tick(self) -> None:
        while not self._stop.wait(_REDRAW_SECONDS):
            with self._lock:
                if self._counted is None:
                    self._draw()
