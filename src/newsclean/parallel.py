"""All cores of one machine: clean a stream of texts in worker processes, in order, in bounded memory.

The input is read lazily, in chunks; at most ``window`` chunks are in flight at
once, so memory stays constant however long the stream is. Results come out in
input order. A record that fails does not stop the stream: it comes out, in its
place, as a :class:`Failure`.

Workers are started with the ``forkserver`` method where the platform has it
(``spawn`` elsewhere), so the usual rule applies to scripts: call
:func:`clean_many` from under ``if __name__ == "__main__":``. The first chunk is
cleaned in the calling process, each record as soon as it is read (an input that fits in
one chunk starts no workers); past it, results come a window behind the input.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from itertools import chain, islice
from typing import TYPE_CHECKING, TypeVar

from newsclean.api import clean
from newsclean.article import Article
from newsclean.config import CleanConfig
from newsclean.errors import ConfigError
from newsclean.failure import Failure

if TYPE_CHECKING:  # HTML, WARC and configuration files load only in runs that use them (start-up)
    from newsclean.config_file import PipelineConfig
    from newsclean.extraction.html_config import HtmlConfig
    from newsclean.io.warc import WarcPage

T = TypeVar("T")
R = TypeVar("R")

#: Records per chunk sent to a worker: large enough to amortise inter-process traffic.
DEFAULT_CHUNK_SIZE = 64


def default_jobs() -> int:
    """One job per core this process may run on.

    >>> default_jobs() >= 1
    True
    """
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def ordered_map(
    fn: Callable[[T], R],
    items: Iterable[T],
    jobs: int | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    window: int | None = None,
    on_crash: Callable[[T, BaseException], R] | None = None,
) -> Iterator[R]:
    """``map(fn, items)`` over worker processes: lazy, in order, with bounded memory.

    ``fn`` must be picklable (a module-level function, or a :func:`functools.partial`
    of one). ``jobs`` defaults to one per core; ``window`` (default ``4 * jobs``) is
    the most chunks of ``chunk_size`` items in flight at once. With ``jobs=1``, or
    when the input fits in one chunk, everything runs in the calling process; the first
    chunk always does, each result yielded as soon as its item has been read.

    A worker process that dies (killed, out of memory) breaks the pool and every chunk in
    flight. With ``on_crash``, the items of those chunks are run again one at a time in a
    new pool, and the item whose worker dies again gets ``on_crash(item, error)`` as its
    result: only that item fails. Without it, the error is raised.

    >>> list(ordered_map(abs, [-3, 2, -1], jobs=2))
    [3, 2, 1]
    """
    jobs = _check_jobs(jobs)
    if chunk_size < 1:
        raise ConfigError(f"chunk_size must be at least 1, got {chunk_size}")
    window = 4 * jobs if window is None else window
    if window < 1:
        raise ConfigError(f"window must be at least 1 chunk, got {window}")
    iterator = iter(items)
    done = 0
    for item in iterator:
        # The first chunk is mapped here, one item at a time, so that a slow (interactive)
        # input gets each result as soon as its item arrives; workers start only once
        # the input proves longer than a chunk.
        if jobs == 1 or done < chunk_size:
            yield fn(item)
            done += 1
            continue
        # the pool (multiprocessing, concurrent.futures) loads only for an input longer than a chunk
        from newsclean.pool import pooled

        yield from pooled(fn, _chunks(chain([item], iterator), chunk_size), jobs, window, on_crash)
        return


def clean_many(
    texts: Iterable[str | WarcPage | Failure],
    jobs: int | None = None,
    config: CleanConfig | PipelineConfig | HtmlConfig | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    window: int | None = None,
) -> Iterator[Article | Failure]:
    """Clean many texts on all cores: one :class:`~newsclean.Article` or :class:`Failure` per text, in order.

    Reads ``texts`` lazily and keeps at most ``window`` chunks of ``chunk_size``
    texts in flight (see :func:`ordered_map`), so it runs over streams of any length
    in constant memory. ``jobs`` defaults to one per core.

    With an :class:`~newsclean.HtmlConfig` the texts are HTML pages, cleaned by
    :func:`~newsclean.clean_html`. The pages of :func:`~newsclean.read_warc` are cleaned as
    HTML with their URL (and ``config``, when it is an ``HtmlConfig``), and a
    :class:`Failure` it yields passes through in its place.

    >>> results = list(clean_many(["A paragraph of text, long enough.", "  "], jobs=1))
    >>> results[0].body
    'A paragraph of text, long enough.'
    >>> results[1]
    Failure(index=1, kind='EmptyDocumentError', message='the document is empty: pass the text of a scraped page')
    """
    numbered = enumerate(texts)
    return ordered_map(partial(_clean_numbered, config), numbered, jobs, chunk_size, window)


def _clean_numbered(
    config: CleanConfig | PipelineConfig | HtmlConfig | None, item: tuple[int, str | WarcPage | Failure]
) -> Article | Failure:
    index, text = item
    try:
        if isinstance(text, Failure):
            return Failure(index, text.kind, text.message)
        if isinstance(text, str) and (config is None or isinstance(config, CleanConfig)):
            return clean(text, config)  # text mode: no HTML, WARC or configuration module needed
        from newsclean.extraction.html_config import HtmlConfig
        from newsclean.io.warc import WarcPage

        html_config = config if isinstance(config, HtmlConfig) else None
        if isinstance(text, WarcPage):
            return _html_cleaner()(text.html, text.url, html_config)
        if not isinstance(text, str):
            raise TypeError(
                f"expected str, got {type(text).__name__}; decode bytes first (newsclean.io.decode)"
            )
        if html_config is not None:
            return _html_cleaner()(text, config=html_config)
        assert not isinstance(config, HtmlConfig)
        return clean(text, config)
    except Exception as error:  # one bad record must not end the stream
        return Failure(index, type(error).__name__, str(error))


def _html_cleaner() -> Callable[..., Article]:
    """:func:`~newsclean.clean_html`, imported when the first HTML page comes (text mode never loads lxml)."""
    from newsclean.extraction.html import clean_html

    return clean_html


def _check_jobs(jobs: int | None) -> int:
    if jobs is None:
        return default_jobs()
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ConfigError(f"jobs must be a whole number of at least 1 (or None: one per core), got {jobs!r}")
    return jobs


def _chunks(iterator: Iterator[T], size: int) -> Iterator[list[T]]:
    while chunk := list(islice(iterator, size)):
        yield chunk
