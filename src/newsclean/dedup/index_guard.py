"""Guarding an index file: one run writes it at a time, and SQLite's errors say what to do next.

Two ``newsclean dedup --index same.db`` runs at once would each number their new
documents from the count they read when they started, and the second to commit
would collide with the first. So a process that opens an index to add to it first
takes an exclusive lock on a file next to it (``PATH-lock``, an ``flock`` the
operating system releases when the process ends, however it ends); a second one
waits for it, up to ``lock_timeout`` seconds, then gives up with
:class:`DedupIndexError`. SQLite's own locks (another program writing the file) are
waited for as long, through SQLite's busy timeout.

Every SQLite error on the index becomes a :class:`DedupIndexError` whose message
says what happened in words (locked, read-only, damaged, disk full, cannot open)
and what to do; so does a row newsclean did not write (:func:`doc_problem`,
:func:`checked_parameters`).
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path

from newsclean.checks import MAX_COUNT
from newsclean.dedup.config import DedupConfig
from newsclean.errors import ConfigError, NewscleanError
from newsclean.io.records import parse_json

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no run lock (SQLite's own locks still hold)
    fcntl = None  # type: ignore[assignment]

#: How long, in seconds, a run waits for the index another run is writing (default).
LOCK_TIMEOUT = 60.0
_POLL_SECONDS = 0.2

# SQLite's primary result codes (the low byte of an extended code).
_BUSY, _LOCKED, _READONLY, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 11, 13, 14, 26


class DedupIndexError(NewscleanError, ValueError):
    """The index file cannot be used (not an index, another format or other parameters, locked,
    read-only, damaged); the message says what to do."""


def damaged(path: Path, what: str) -> DedupIndexError:
    """The error for an index whose content is not what newsclean writes."""
    return DedupIndexError(
        f"index {path} is damaged ({what}): check it with `sqlite3 {path} 'PRAGMA integrity_check'`, "
        "and rebuild it with a new --index path"
    )


def read_only(path: Path, why: str) -> DedupIndexError:
    """The error for an index this process cannot write."""
    return DedupIndexError(
        f"index {path} is read-only ({why}): dedup adds every run's documents to its index; give a "
        "writable --index path (copy the index there to keep what it holds)"
    )


def index_error(path: Path, error: sqlite3.Error, waited: float) -> DedupIndexError:
    """A :class:`DedupIndexError` for an SQLite error on the index ``path``, saying what to do.

    >>> index_error(Path("x.db"), sqlite3.OperationalError("database is locked"), 60).args[0]
    'index x.db is locked by another process (waited 60 s): run again when it is done, or raise --lock-timeout'
    """
    code = getattr(error, "sqlite_errorcode", None)  # Python 3.11+
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(error).lower()
    if primary in (_BUSY, _LOCKED) or "locked" in text or "busy" in text:
        return DedupIndexError(
            f"index {path} is locked by another process (waited {waited:g} s): run again when it is "
            "done, or raise --lock-timeout"
        )
    if primary == _READONLY or "readonly" in text:
        return read_only(path, str(error))
    if primary in (_CORRUPT, _NOTADB) or "malformed" in text or "not a database" in text:
        return damaged(path, str(error))
    if primary == _FULL or "disk is full" in text:
        return DedupIndexError(f"index {path}: the disk is full ({error}): free some space and run again")
    if primary == _CANTOPEN or "unable to open" in text:
        return DedupIndexError(f"cannot open index {path} ({error}): check the path and its permissions")
    return DedupIndexError(f"index {path}: {error}")


class RunLock:
    """An exclusive lock on ``PATH-lock`` for the life of one writer of the index ``PATH``.

    Waits up to ``timeout`` seconds for another holder (``on_wait`` is called once, when
    the first attempt finds it held), then raises :class:`DedupIndexError`.
    """

    def __init__(
        self, path: Path, timeout: float = LOCK_TIMEOUT, on_wait: Callable[[], None] | None = None
    ) -> None:
        self.path = path.with_name(path.name + "-lock")
        self._fd: int | None = None
        if fcntl is None:
            return
        try:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            if error.errno in (13, 30):  # EACCES, EROFS
                raise read_only(path, f"cannot create {self.path}: {error.strerror}") from None
            raise DedupIndexError(
                f"cannot open {self.path} ({error.strerror}): check the folder of the index"
            ) from None
        deadline = time.monotonic() + timeout
        waited = False
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                pass
            if not waited and on_wait is not None:
                on_wait()
            waited = True
            if time.monotonic() >= deadline:
                self.release()
                raise DedupIndexError(
                    f"index {path} is in use by another dedup run (waited {timeout:g} s): run one dedup at a "
                    "time per index, or raise --lock-timeout"
                )
            time.sleep(_POLL_SECONDS)

    def release(self) -> None:
        """Let the next writer in (closing the file releases the lock)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def check_writable(path: Path) -> None:
    """Refuse an index this process could not write, before waiting for or changing anything."""
    if not path.parent.is_dir():
        raise DedupIndexError(
            f"cannot create index {path}: the folder {path.parent} does not exist; "
            "create it or give another --index path"
        )
    if path.exists() and not path.is_file():
        raise DedupIndexError(f"{path} is not a file: give the path of an index file (created on first use)")
    if path.exists() and not os.access(path, os.W_OK):
        raise read_only(path, "no permission to write the file")
    if not os.access(path.parent, os.W_OK):
        raise read_only(path, f"no permission to write in {path.parent}, where SQLite keeps its journal")


def checked_parameters(path: Path, text: object) -> dict[str, object]:
    """The recorded parameters, each checked as :class:`DedupConfig` checks it."""
    try:
        parameters = parse_json(text) if isinstance(text, str) else None
    except ValueError as error:
        raise damaged(path, f"its parameters are not JSON: {error}") from None
    if not isinstance(parameters, dict):
        raise damaged(path, "it records no parameters")
    known = {f.name for f in fields(DedupConfig)}
    try:
        DedupConfig(**{k: v for k, v in parameters.items() if k in known})
    except (ConfigError, TypeError) as error:
        raise damaged(path, f"its parameters: {error}") from None
    return parameters


def doc_problem(
    expected: int, seq: object, doc_id: object, published: object, tokens: object, blob: object, width: int
) -> str | None:
    """What is wrong with a docs row, or ``None`` when it is one newsclean wrote."""
    if seq != expected:
        return f"sequence numbers must run 0, 1, 2, ...; expected {expected}"
    if not isinstance(doc_id, str | bytes):
        return f"the id is {type(doc_id).__name__}"
    if isinstance(doc_id, bytes) and not _json_value(doc_id):
        return "the id is a blob that is not JSON"
    if not isinstance(published, str | None):
        return f"the date is {type(published).__name__}"
    if isinstance(tokens, bool) or not isinstance(tokens, int) or not 0 <= tokens <= MAX_COUNT:
        return f"the word count is {tokens!r}"
    if blob is not None and (not isinstance(blob, bytes) or len(blob) != width):
        return f"the signature is not {width} bytes"
    return None


def evidence_problem(host: object, lines: object) -> str | None:
    """What is wrong with a docs row's site key and lines, or ``None`` when they are ones newsclean wrote
    (the lines as :meth:`newsclean.dedup.evidence.DocLines.encode` lays them out: a URL and a host key,
    then, for the body's lines and the page's, a count ``n`` and ``n`` keys, heads, tails and word counts).
    """
    if isinstance(host, bool) or not isinstance(host, int):
        return f"the site key is {type(host).__name__}"
    if not isinstance(lines, bytes):
        return f"the lines are {type(lines).__name__}, not a blob"
    at = 16
    for _ in range(2):  # the body's lines, then the page's
        if len(lines) < at + 4:
            at = -1
            break
        at += 4 + 28 * int.from_bytes(lines[at : at + 4], "little")
    if at != len(lines):
        return f"the lines are {len(lines)} bytes, not the layout of line keys"
    return None


def _json_value(blob: bytes) -> bool:
    try:
        parse_json(blob.decode("ascii"))
    except ValueError:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return False
    return True
