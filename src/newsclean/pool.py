"""The worker pool behind :func:`~newsclean.parallel.ordered_map`: chunks in flight, in order, and
recovery from a worker that dies.

Imported when an input proves longer than one chunk: a short run never loads
``multiprocessing`` and ``concurrent.futures``.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def _run_chunk(fn: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [fn(item) for item in chunk]


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


#: How often, in seconds, a worker checks that the process that started it is still there.
_PARENT_CHECK_SECONDS = 1.0


def _exit_with_parent(parent: int) -> None:
    """Worker initializer: end this worker once ``parent`` is gone.

    A driver killed outright (``SIGKILL``, out of memory) cannot shut its pool down,
    and workers of the forkserver method are not its children, so nothing else
    would stop them: they would wait for work forever, holding their memory.
    """

    def watch() -> None:
        while True:
            time.sleep(_PARENT_CHECK_SECONDS)
            try:
                os.kill(parent, 0)
            except (ProcessLookupError, PermissionError):  # gone, or its pid reused by another user
                os._exit(1)

    threading.Thread(target=watch, name="newsclean-parent-watch", daemon=True).start()


def _executor(jobs: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=jobs, mp_context=_context(), initializer=_exit_with_parent, initargs=(os.getpid(),)
    )


def pooled(
    fn: Callable[[T], R],
    chunks: Iterator[list[T]],
    jobs: int,
    window: int,
    on_crash: Callable[[T, BaseException], R] | None = None,
) -> Iterator[R]:
    """``fn`` over ``chunks`` in ``jobs`` worker processes, at most ``window`` chunks in flight; the
    results in order (see :func:`~newsclean.parallel.ordered_map`)."""
    pending: deque[tuple[Future[list[R]], list[T]]] = deque()
    pool = [_executor(jobs)]  # replaced when a worker's death breaks it
    try:
        for chunk in chunks:
            pending.append((pool[0].submit(_run_chunk, fn, chunk), chunk))
            if len(pending) >= window:
                yield from _next_results(fn, pending, pool, jobs, on_crash)
        while pending:
            yield from _next_results(fn, pending, pool, jobs, on_crash)
    finally:
        pool[0].shutdown(wait=True, cancel_futures=True)


def _next_results(
    fn: Callable[[T], R],
    pending: deque[tuple[Future[list[R]], list[T]]],
    pool: list[ProcessPoolExecutor],
    jobs: int,
    on_crash: Callable[[T, BaseException], R] | None,
) -> list[R]:
    """The results of the oldest chunk in flight. When the pool broke, every chunk in flight that did
    not finish is run again, one item at a time, and resubmitted to a new pool; an item whose worker
    dies again gets ``on_crash``'s result."""
    future, chunk = pending.popleft()
    try:
        return future.result()
    except BrokenProcessPool:
        if on_crash is None:
            raise
    pool[0].shutdown(wait=True, cancel_futures=True)
    suspects = [(future, chunk), *pending]
    pending.clear()
    alone = [_executor(1)]
    try:
        results = [
            done.result()
            if done.done() and not done.cancelled() and done.exception() is None
            else [_alone(fn, item, on_crash, alone) for item in items]
            for done, items in suspects
        ]
    finally:
        alone[0].shutdown(wait=True, cancel_futures=True)
    pool[0] = _executor(jobs)
    for later in results[1:]:  # already computed: hand them back in order, as finished futures
        finished: Future[list[R]] = Future()
        finished.set_result(later)
        pending.append((finished, []))
    return results[0]


def _alone(
    fn: Callable[[T], R],
    item: T,
    on_crash: Callable[[T, BaseException], R],
    alone: list[ProcessPoolExecutor],
) -> R:
    """``fn(item)`` in a one-worker pool, or ``on_crash(item, error)`` when its worker dies (the
    pool is then replaced): one item at a time, so the one that kills its worker is known."""
    try:
        return alone[0].submit(fn, item).result()
    except BrokenProcessPool as error:
        alone[0].shutdown(wait=True, cancel_futures=True)
        alone[0] = _executor(1)
        return on_crash(item, error)
