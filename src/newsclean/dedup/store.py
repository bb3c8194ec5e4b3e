"""The persistent index: an SQLite file holding documents, signatures, template evidence and clusters.

Schema (``format`` 2):

* ``meta(key, value)``: ``format`` and ``parameters`` (JSON of
  :meth:`DedupConfig.index_parameters`), written when the file is created, and
  ``settled``: how many documents the clusters (``edges``) account for;
* ``docs(seq, doc_id, published, tokens, signature, body, host, lines)``: one row
  per indexed document; ``seq`` is its first-seen order, ``signature`` its MinHash
  values (little-endian uint32; NULL when the document is too short to index),
  ``host`` the key of its site (0: unknown), ``lines`` the keys of its lines and
  of its page's (:meth:`newsclean.dedup.evidence.DocLines.encode`), from which the
  template evidence is counted again when the index is opened;
* ``pairs(new, old)``: the candidate pairs (``new > old``), verified or not;
* ``edges(a, b, score)``: the candidate pairs that joined two clusters (``a > b``),
  from which the clusters are rebuilt by union-find.

Format 1 (newsclean before template evidence) had no ``host``, ``lines`` or
``pairs``: such a file is refused with a message to rebuild it.

Every batch is written in one transaction, so a run killed at any moment leaves
the index as it was after the last complete batch; running the same input again
skips the documents already indexed (by id) and finishes the rest. An id is stored
as text when it is a string UTF-8 can carry, else as a blob of its JSON (see
:mod:`newsclean.dedup.ids`), so ``5`` and ``"5"`` are two ids.

One process writes an index at a time (:class:`~newsclean.dedup.index_guard.RunLock`);
the documents and pairs are read back in one snapshot; every row read is checked, and
an SQLite error or a row newsclean did not write raises
:class:`~newsclean.dedup.index_guard.DedupIndexError` saying what to do.
"""

from __future__ import annotations

import contextlib
import json
import math
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np
import numpy.typing as npt

from newsclean.dedup.config import DedupConfig
from newsclean.dedup.ids import Key
from newsclean.dedup.index_guard import (
    LOCK_TIMEOUT,
    DedupIndexError,
    RunLock,
    check_writable,
    checked_parameters,
    damaged,
    doc_problem,
    evidence_problem,
    index_error,
)

FORMAT = "2"
_PAGE = 65536  # rows read at a time
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
    seq INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL UNIQUE,
    published TEXT,
    tokens INTEGER NOT NULL,
    signature BLOB,
    body TEXT NOT NULL,
    host INTEGER NOT NULL DEFAULT 0,
    lines BLOB NOT NULL DEFAULT x''
);
CREATE TABLE IF NOT EXISTS pairs (
    new INTEGER NOT NULL,
    old INTEGER NOT NULL,
    PRIMARY KEY (new, old)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS edges (
    a INTEGER NOT NULL,
    b INTEGER NOT NULL,
    score REAL NOT NULL,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
"""


@dataclass(frozen=True)
class StoredDoc:
    """One document row, as read back when an index is opened."""

    seq: int
    doc_id: Key
    published: str | None
    tokens: int
    signature: npt.NDArray[np.uint32] | None
    host: int
    lines: bytes


class SQLiteStore:
    """An index file; created with ``config``'s parameters on first use, checked against them after.

    With ``path=None`` the index is a private temporary file (SQLite deletes it at
    once, so it leaves nothing behind, even when the process is killed).

    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "index.sqlite")
    >>> SQLiteStore(path, DedupConfig()).close()
    >>> SQLiteStore(path, DedupConfig(threshold=0.9))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    newsclean.dedup.index_guard.DedupIndexError: index ... was built with threshold=0.7, not 0.9: pass the same ...
    """

    def __init__(
        self,
        path: str | Path | None,
        config: DedupConfig,
        lock_timeout: float = LOCK_TIMEOUT,
        on_wait: Callable[[], None] | None = None,
    ) -> None:
        self.path = Path(path) if path is not None else Path("<temporary index>")
        self.config = config
        self.lock_timeout = lock_timeout
        self._lock: RunLock | None = None
        self._read_only = False
        if path is not None:
            check_writable(self.path)
            self._lock = RunLock(self.path, lock_timeout, on_wait)
        try:
            # "" is SQLite's private temporary database: a file deleted as soon as it is opened
            self._db = sqlite3.connect(
                "" if path is None else self.path, isolation_level=None, timeout=lock_timeout
            )
        except sqlite3.Error as error:
            self._release()
            raise index_error(self.path, error, lock_timeout) from error
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._check_or_create()
        except sqlite3.Error as error:
            self.close()
            if isinstance(error, sqlite3.DatabaseError) and "not a database" in str(error):
                raise DedupIndexError(
                    f"{self.path} is not a newsclean dedup index ({error}): give a new --index path"
                ) from error
            raise index_error(self.path, error, lock_timeout) from error
        except BaseException:
            self.close()
            raise

    def _check_or_create(self) -> None:
        wanted = self.config.index_parameters()
        with self.transaction():
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    self._db.execute(statement)
            rows = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
            if not rows:
                self._db.execute("INSERT INTO meta VALUES ('format', ?)", (FORMAT,))
                self._db.execute("INSERT INTO meta VALUES ('parameters', ?)", (json.dumps(wanted),))
                return
        if rows.get("format") == "1":
            raise DedupIndexError(
                f"index {self.path} was made by an earlier newsclean (format 1, without template evidence); "
                f"this newsclean reads format {FORMAT}: rebuild it from your records with a new --index path"
            )
        if rows.get("format") != FORMAT:
            raise DedupIndexError(
                f"index {self.path} has format {rows.get('format')!r}, this newsclean reads format "
                f"{FORMAT!r}: rebuild it with a new --index path"
            )
        stored = checked_parameters(self.path, rows.get("parameters"))
        for name, value in wanted.items():
            if stored.get(name) != value:
                raise DedupIndexError(
                    f"index {self.path} was built with {name}={stored.get(name)}, not {value}: pass the same "
                    "parameters as when it was built, or give a new --index path to start another index"
                )

    @staticmethod
    def recorded_parameters(path: str | Path) -> dict[str, object]:
        """The parameters recorded in the index file ``path``, read without changing it (none for an
        empty database, which the index will be created in)."""
        path = Path(path)
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=LOCK_TIMEOUT) as db:
                if db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] == 0:
                    return {}  # an empty database: another run may be creating the index this moment
                row = db.execute("SELECT value FROM meta WHERE key = 'parameters'").fetchone()
        except sqlite3.DatabaseError as error:
            if "not a database" in str(error) or "no such table" in str(error):
                raise DedupIndexError(
                    f"{path} is not a newsclean dedup index ({error}): give a new --index path"
                ) from error
            raise index_error(path, error, LOCK_TIMEOUT) from error
        except sqlite3.Error as error:
            raise index_error(path, error, LOCK_TIMEOUT) from error
        if row is None:
            raise DedupIndexError(
                f"{path} records no parameters: it is not a complete index; give a new --index path"
            )
        return checked_parameters(path, row[0])

    def transaction(self) -> _Transaction:
        """A context manager: everything inside is committed together, or not at all."""
        if self._read_only:
            raise DedupIndexError(
                f"index {self.path}: this process has stopped writing it (release_lock); open it again to add"
            )
        return _Transaction(self._db, self.path, self.lock_timeout)

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """A context manager: every read inside sees the index as it was at its first read."""
        try:
            self._db.execute("BEGIN")
        except sqlite3.Error as error:
            raise index_error(self.path, error, self.lock_timeout) from error
        try:
            yield
        finally:
            with contextlib.suppress(sqlite3.Error):  # nothing was written: the snapshot only ends
                self._db.execute("COMMIT")

    def _rows(self, query: str, parameters: tuple[Any, ...] = ()) -> list[Any]:
        """Every row of ``query``; an SQLite error becomes a :class:`DedupIndexError`."""
        try:
            return self._db.execute(query, parameters).fetchall()
        except sqlite3.Error as error:
            raise index_error(self.path, error, self.lock_timeout) from error

    def _one(self, query: str, parameters: tuple[Any, ...] = ()) -> Any:
        """The first row of ``query``, or ``None``; an SQLite error becomes a :class:`DedupIndexError`."""
        try:
            return self._db.execute(query, parameters).fetchone()
        except sqlite3.Error as error:
            raise index_error(self.path, error, self.lock_timeout) from error

    def parameters(self) -> dict[str, object]:
        """The parameters recorded in the index."""
        row = self._one("SELECT value FROM meta WHERE key = 'parameters'")
        return checked_parameters(self.path, None if row is None else row[0])

    def docs(self) -> Iterator[StoredDoc]:
        """Every document, in sequence order, each row checked (call inside :meth:`snapshot`)."""
        width = 4 * self.config.num_perm
        try:
            cursor = self._db.execute(
                "SELECT seq, doc_id, published, tokens, signature, host, lines FROM docs ORDER BY seq"
            )
            for expected, (seq, doc_id, published, tokens, blob, host, lines) in enumerate(cursor):
                problem = doc_problem(expected, seq, doc_id, published, tokens, blob, width)
                problem = problem or evidence_problem(host, lines)
                if problem:
                    raise damaged(self.path, f"docs row seq={seq!r}: {problem}")
                signature = None if blob is None else np.frombuffer(blob, dtype="<u4").astype(np.uint32)
                yield StoredDoc(seq, doc_id, published, tokens, signature, _unsigned(host), lines)
        except sqlite3.Error as error:
            raise index_error(self.path, error, self.lock_timeout) from error

    def edges(self, count: int | None = None) -> Iterator[tuple[int, int, float]]:
        """Every pair that joined two clusters ``(a, b, score)``, in order, each checked against ``count``
        documents if given."""
        limit = math.inf if count is None else count
        try:
            for a, b, score in self._db.execute("SELECT a, b, score FROM edges ORDER BY a, b"):
                ok = isinstance(a, int) and isinstance(b, int) and 0 <= b < a < limit
                if not ok or not isinstance(score, float) or not 0.0 <= score <= 1.0:
                    raise damaged(self.path, f"edges row ({a!r}, {b!r}, {score!r}) is not a verified pair")
                yield a, b, score
        except sqlite3.Error as error:
            raise index_error(self.path, error, self.lock_timeout) from error

    def pairs(self, since: int = 0, count: int | None = None) -> Iterator[tuple[int, int]]:
        """The candidate pairs of the documents from ``since`` on, in order, each checked against ``count``
        documents if given (read a page at a time, so that the file can be written between two pages)."""
        query = "SELECT new, old FROM pairs WHERE (new, old) > (?, ?) ORDER BY new, old LIMIT ?"
        last: tuple[int, int] = (since, -1)
        while page := self._rows(query, (*last, _PAGE)):
            yield from self._checked_pairs(page, count)
            last = page[-1]

    def pairs_of(self, seqs: Sequence[int], count: int | None = None) -> list[tuple[int, int]]:
        """The candidate pairs of the documents ``seqs`` (as the later document), in order."""
        query = "SELECT new, old FROM pairs WHERE new = ? ORDER BY old"
        return [
            pair for seq in sorted(seqs) for pair in self._checked_pairs(self._rows(query, (seq,)), count)
        ]

    def _checked_pairs(self, rows: list[Any], count: int | None) -> list[tuple[int, int]]:
        limit = math.inf if count is None else count
        for new, old in rows:
            if not (isinstance(new, int) and isinstance(old, int) and 0 <= old < new < limit):
                raise damaged(self.path, f"pairs row ({new!r}, {old!r}) is not a candidate pair")
        return [(new, old) for new, old in rows]

    def settled(self) -> int:
        """How many documents the clusters (``edges``) account for (check it against the count)."""
        row = self._one("SELECT value FROM meta WHERE key = 'settled'")
        if row is None:
            return 0
        value = row[0]
        if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > 19:
            raise damaged(self.path, f"its settled count is {value!r}")
        return int(value)

    def set_settled(self, count: int) -> None:
        """Record that the clusters account for the first ``count`` documents; call inside :meth:`transaction`."""
        self._write("INSERT OR REPLACE INTO meta VALUES ('settled', ?)", [(str(count),)])

    def body(self, seq: int) -> str:
        """The body of document ``seq``."""
        row = self._one("SELECT body FROM docs WHERE seq = ?", (seq,))
        if row is None or not isinstance(row[0], str):
            raise damaged(self.path, f"no text body for document {seq}")
        body: str = row[0]
        return body

    def count(self) -> int:
        """How many documents the index holds."""
        return int(self._one("SELECT COUNT(*) FROM docs")[0])

    def seq_of(self, doc_id: Key) -> int | None:
        """The sequence number of ``doc_id``, or ``None`` when it is not in the index."""
        row = self._one("SELECT seq FROM docs WHERE doc_id = ?", (doc_id,))
        return None if row is None else int(row[0])

    def doc_id(self, seq: int) -> Key:
        """The id of document ``seq``."""
        row = self._one("SELECT doc_id FROM docs WHERE seq = ?", (seq,))
        if row is None or not isinstance(row[0], str | bytes):
            raise damaged(self.path, f"no id for document {seq}")
        key: Key = row[0]
        return key

    def host(self, seq: int) -> int:
        """The key of document ``seq``'s site (0: unknown)."""
        row = self._one("SELECT host FROM docs WHERE seq = ?", (seq,))
        if row is None or isinstance(row[0], bool) or not isinstance(row[0], int):
            raise damaged(self.path, f"no site key for document {seq}")
        return _unsigned(row[0])

    def member(self, seq: int) -> tuple[str | None, int]:
        """The date and token count of document ``seq`` (what the canonical rule looks at)."""
        row = self._one("SELECT published, tokens FROM docs WHERE seq = ?", (seq,))
        if row is None or not isinstance(row[1], int) or not isinstance(row[0], str | None):
            raise damaged(self.path, f"no date and word count for document {seq}")
        return row[0], int(row[1])

    def edge_score(self, a: int, b: int) -> float | None:
        """The score of the verified pair ``(a, b)`` (``a > b``), or ``None`` when it is not one."""
        row = self._one("SELECT score FROM edges WHERE a = ? AND b = ?", (a, b))
        if row is None:
            return None
        if not isinstance(row[0], float) or not 0.0 <= row[0] <= 1.0:
            raise damaged(self.path, f"edges row ({a}, {b}) has the score {row[0]!r}")
        return row[0]

    def add_docs(
        self,
        rows: Sequence[tuple[int, Key, str | None, int, str, int, bytes]],
        signatures: dict[int, npt.NDArray[np.uint32]],
    ) -> None:
        """Insert documents ``(seq, doc_id, published, tokens, body, host, lines)``; call inside :meth:`transaction`."""
        self._write(
            "INSERT INTO docs (seq, doc_id, published, tokens, signature, body, host, lines) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (seq, doc_id, published, tokens, _blob(signatures.get(seq)), body, _signed(host), lines)
                for seq, doc_id, published, tokens, body, host, lines in rows
            ],
        )

    def add_pairs(self, pairs: Sequence[tuple[int, int]]) -> None:
        """Insert candidate pairs; call inside :meth:`transaction`."""
        self._write("INSERT OR IGNORE INTO pairs (new, old) VALUES (?, ?)", pairs)

    def add_edges(self, edges: Sequence[tuple[int, int, float]]) -> None:
        """Insert pairs that joined clusters; call inside :meth:`transaction`."""
        self._write("INSERT OR IGNORE INTO edges (a, b, score) VALUES (?, ?, ?)", edges)

    def remove_edges(self, seqs: Sequence[int]) -> None:
        """Remove the pairs that joined the clusters of ``seqs`` (as the later document); inside :meth:`transaction`."""
        self._write("DELETE FROM edges WHERE a = ?", [(seq,) for seq in seqs])

    def _write(self, statement: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run ``statement`` for each of ``rows``; an SQLite error becomes a :class:`DedupIndexError`."""
        try:
            self._db.executemany(statement, rows)
        except sqlite3.Error as error:
            raise index_error(self.path, error, self.lock_timeout) from error

    def close(self) -> None:
        """Close the file and let the next writer in."""
        with contextlib.suppress(sqlite3.Error):  # every batch was committed or rolled back already
            self._db.close()
        self._release()

    def release_lock(self) -> None:
        """Let another process write the index (this one only reads it from now on: rows are only
        ever appended, so what it reads about its own documents does not change)."""
        self._release()
        self._read_only = True

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _signed(key: int) -> int:
    """A 64-bit key as SQLite's signed integer."""
    return key - (1 << 64) if key >= 1 << 63 else key


def _unsigned(value: int) -> int:
    """A 64-bit key read back from SQLite's signed integer."""
    return value + (1 << 64) if value < 0 else value


def _blob(signature: npt.NDArray[np.uint32] | None) -> bytes | None:
    return None if signature is None else signature.astype("<u4").tobytes()


class _Transaction:
    def __init__(self, db: sqlite3.Connection, path: Path, waited: float) -> None:
        self._db = db
        self._path = path
        self._waited = waited

    def __enter__(self) -> None:
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise index_error(self._path, error, self._waited) from error

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        if kind is None:
            try:
                self._db.execute("COMMIT")
            except sqlite3.Error as error:
                self._rollback()
                raise index_error(self._path, error, self._waited) from error
        else:
            self._rollback()

    def _rollback(self) -> None:
        # SQLite may have rolled back already (a full disk, say): the first error is the one to report
        with contextlib.suppress(sqlite3.Error):
            self._db.execute("ROLLBACK")
