"""A progress counter on standard error, shown only when standard error is a terminal."""

from __future__ import annotations

import sys
import time
from typing import IO


class Progress:
    """Prints ``<verb> N records`` over itself at most a few times a second; silent off a TTY."""

    def __init__(self, verb: str, stream: IO[str] | None = None, interval: float = 0.25) -> None:
        self.verb = verb
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.interval = interval
        self.count = 0
        self._last = 0.0

    def step(self) -> None:
        """Count one record; redraw if enough time has passed."""
        self.count += 1
        if self.enabled:
            now = time.monotonic()
            if now - self._last >= self.interval:
                self._last = now
                self.stream.write(f"\r{self.verb} {self.count} records")
                self.stream.flush()

    def close(self) -> None:
        """Finish the line (once: a second call writes nothing)."""
        if self.enabled and self.count:
            self.stream.write(f"\r{self.verb} {self.count} records\n")
            self.stream.flush()
        self.enabled = False
