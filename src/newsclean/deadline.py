"""A limit on the CPU time of a block of Python code, for work no library lets us bound otherwise.

HTML mode spends its time inside trafilatura, htmldate and lxml, which take no
deadline. :func:`time_limit` arms the process's CPU-time timer (``ITIMER_PROF``, which
counts the time the process runs and the system runs for it, and signals ``SIGPROF``)
around a block and stops it with :class:`TimeLimitExceeded` when the time is up. CPU
time, not time on the clock: a page's outcome does not depend on how busy the machine
is (on a loaded machine a page of 10 s of CPU took 35 s on the clock). The signal is
handled between Python bytecodes, so a single long call into C finishes first; the
size limits checked before parsing keep those calls short.

The limit needs what ``SIGPROF`` needs: a POSIX system, the main thread of the
process, and no other user of the timer (a sampling profiler, say). Elsewhere (a
worker thread, Windows, or a timer already armed) the block runs without a limit.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class TimeLimitExceeded(BaseException):
    """Raised inside the block when its CPU time is up.

    A ``BaseException``, like ``KeyboardInterrupt``, so that the ``except Exception``
    blocks of the libraries the block calls do not swallow it; :func:`time_limit`'s
    caller turns it into an error of its own.
    """


class _Armed:
    active = False


_state = _Armed()


def _expire(signum: int, frame: FrameType | None) -> None:
    if _state.active:
        raise TimeLimitExceeded


def can_limit() -> bool:
    """Whether :func:`time_limit` can bound a block run here (``SIGPROF``, main thread, timer free).

    >>> isinstance(can_limit(), bool)
    True
    """
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_PROF)[0] == 0
        and not _state.active
    )


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Run the block for at most ``seconds`` of CPU time (``None``: no limit); past it, raise
    :class:`TimeLimitExceeded`. Time spent waiting (asleep, or for the CPU) does not count.

    >>> try:
    ...     with time_limit(0.05):
    ...         while True:
    ...             pass
    ... except TimeLimitExceeded:
    ...     print("stopped")
    stopped
    """
    if seconds is None or not can_limit():
        yield
        return
    previous = signal.signal(signal.SIGPROF, _expire)
    _state.active = True
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        while True:  # the signal may come while the timer is being disarmed: disarm it again
            try:
                _state.active = False
                signal.setitimer(signal.ITIMER_PROF, 0)
                signal.signal(signal.SIGPROF, previous)
                break
            except TimeLimitExceeded:
                continue
