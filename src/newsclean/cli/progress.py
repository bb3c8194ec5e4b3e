"""A progress bar on standard error (tqdm: count, rate, and an ETA when the total is known), only on a terminal."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tqdm import tqdm

_CHUNK = 1024 * 1024


class Progress:
    """Counts records; on a terminal draws ``<verb>: 42%|####  | 420/1000 [00:02<00:03, 180.5 records/s]``.

    ``total`` is the number of records expected, or a function that counts them: it is
    called once, when the first record is counted and only on a terminal, so that
    counting costs nothing when no bar is shown. Off a terminal nothing is written.
    """

    def __init__(
        self,
        verb: str,
        stream: IO[str] | None = None,
        total: int | Callable[[], int | None] | None = None,
    ) -> None:
        self.verb = verb
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.total = total
        self.count = 0
        self._bar: tqdm[Any] | None = None

    def step(self) -> None:
        """Count one record and move the bar."""
        self.count += 1
        if not self.enabled:
            return
        if self._bar is None:
            from tqdm import tqdm  # on a terminal only: a run in a pipe never pays for importing it

            total = self.total() if callable(self.total) else self.total
            self._bar = tqdm(
                total=total,
                desc=self.verb,
                unit=" records",
                file=self.stream,
                mininterval=0.25,
                dynamic_ncols=True,
            )
        self._bar.update(1)

    def close(self) -> None:
        """Finish the bar (once: a second call writes nothing); a run that counted nothing draws none."""
        if self._bar is not None:
            if self._bar.total is not None and self._bar.n != self._bar.total:
                self._bar.total = self._bar.n  # the count was an estimate (blank lines): end at 100 %
            self._bar.close()
        self._bar = None
        self.enabled = False


def count_lines(paths: Iterable[str], stdin: IO[bytes] | None = None) -> int | None:
    """Lines in the JSONL inputs (``-`` is standard input), or ``None`` when one cannot be counted
    without reading it (a pipe). A last line without a newline counts; blank lines count too.

    Standard input is counted when it is a regular file, without moving its position.
    """
    total = 0
    for path in paths:
        try:
            if path == "-":
                stream = stdin if stdin is not None else sys.stdin.buffer
                fd = stream.fileno()
                if not stat.S_ISREG(os.fstat(fd).st_mode):
                    return None
                total += _count_fd(fd, stream.tell())
            else:
                with open(path, "rb", buffering=0) as handle:
                    total += _count_fd(handle.fileno(), 0)
        except (OSError, ValueError):
            return None
    return total


def _count_fd(fd: int, offset: int) -> int:
    lines = 0
    last = b"\n"
    while chunk := os.pread(fd, _CHUNK, offset):
        lines += chunk.count(b"\n")
        last = chunk[-1:]
        offset += len(chunk)
    return lines + (last != b"\n")
