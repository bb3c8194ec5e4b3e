"""A time limit on a block of Python code, for work no library lets us bound otherwise.

HTML mode spends its time inside trafilatura, htmldate and lxml, which take no
deadline. :func:`time_limit` arms the process's real-time timer (``SIGALRM``) around
a block and stops it with :class:`TimeLimitExceeded` when the time is up. The signal
is handled between Python bytecodes, so a single long call into C finishes first; the
size limits checked before parsing keep those calls short.

The limit needs what ``SIGALRM`` needs: a POSIX system, the main thread of the
process, and no other user of the timer. Elsewhere (a worker thread, Windows, or a
timer already armed by the caller) the block runs without a limit.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class TimeLimitExceeded(BaseException):
    """Raised inside the block when its time is up.

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
    """Whether :func:`time_limit` can bound a block run here (``SIGALRM``, main thread, timer free).

    >>> isinstance(can_limit(), bool)
    True
    """
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
        and not _state.active
    )


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Run the block for at most ``seconds`` (``None``: no limit); past it, raise :class:`TimeLimitExceeded`.

    >>> import time
    >>> try:
    ...     with time_limit(0.05):
    ...         time.sleep(1)
    ... except TimeLimitExceeded:
    ...     print("stopped")
    stopped
    """
    if seconds is None or not can_limit():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _expire)
    _state.active = True
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        while True:  # the signal may come while the timer is being disarmed: disarm it again
            try:
                _state.active = False
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
                break
            except TimeLimitExceeded:
                continue
