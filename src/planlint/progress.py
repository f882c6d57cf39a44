"""The progress line of a long run on a terminal: files done of all, and the rate, on standard error.

A person at a terminal waiting on a thousand plans wants to know the run is moving; a CI log, a pipe
or a program reading a machine format wants none of it. The line appears once the run has taken a
second, is rewritten in place (carriage return, then erase to the end of the line) and is erased
before anything else is printed and at the end, so it never stays in what the terminal shows.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import TextIO

# Formats a person reads; the others are read by programs, whose callers want standard error quiet.
FOR_PEOPLE = frozenset({"text", "html"})
ERASE = "\r\x1b[K"


def wanted(stream: TextIO, fmt: str, *, quiet: bool, environ: Mapping[str, str]) -> bool:
    """A progress line only for a person: a terminal, outside CI, a format for people, not --quiet."""
    if quiet or fmt not in FOR_PEOPLE or environ.get("CI", "").strip().lower() not in ("", "0", "false"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a replaced or closed stream
        return False


class ProgressLine:
    """Shows `planlint: 412/1000 files, 38 files/s` on `stream`, at most every `every` seconds."""

    def __init__(
        self, stream: TextIO, *, after: float = 1.0, every: float = 0.1, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.stream = stream
        self.after = after
        self.every = every
        self.clock = clock
        self.started = clock()
        self.drawn_at: float | None = None  # when the line now shown was drawn (None: none shown)

    def update(self, done: int, total: int) -> None:
        now = self.clock()
        elapsed = now - self.started
        if elapsed < self.after or (self.drawn_at is not None and now - self.drawn_at < self.every):
            return
        rate = done / elapsed if elapsed > 0 else 0.0
        self._write(f"{ERASE}planlint: {done}/{total} files, {rate:.0f} files/s")
        self.drawn_at = now

    def clear(self) -> None:
        """Erase the line (before other output, and at the end); the next update draws it again."""
        if self.drawn_at is not None:
            self._write(ERASE)
            self.drawn_at = None

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()
