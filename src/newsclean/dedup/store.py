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
skips the documents already indexed (by id) and finishes the rest.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import numpy as np
import numpy.typing as npt

from newsclean.dedup.config import DedupConfig
from newsclean.errors import NewscleanError

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


class DedupIndexError(NewscleanError, ValueError):
    """The index file cannot be used (not an index, another format, or other parameters)."""


@dataclass(frozen=True)
class StoredDoc:
    """One document row, as read back when an index is opened."""

    seq: int
    doc_id: str
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
    newsclean.dedup.store.DedupIndexError: index ... was built with threshold=0.7, not 0.9: pass the same ...
    """

    def __init__(self, path: str | Path | None, config: DedupConfig) -> None:
        self.path = Path(path) if path is not None else Path("<temporary index>")
        self.config = config
        if path is not None and not self.path.parent.is_dir():
            raise DedupIndexError(
                f"cannot create index {self.path}: the folder {self.path.parent} does not exist; "
                "create it or give another --index path"
            )
        try:
            # "" is SQLite's private temporary database: a file deleted as soon as it is opened
            self._db = sqlite3.connect("" if path is None else self.path, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._check_or_create()
        except sqlite3.DatabaseError as error:
            raise DedupIndexError(
                f"{self.path} is not a newsclean dedup index ({error}): give a new --index path"
            ) from error

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
        stored = json.loads(rows["parameters"])
        for name, value in wanted.items():
            if stored.get(name) != value:
                raise DedupIndexError(
                    f"index {self.path} was built with {name}={stored.get(name)}, not {value}: pass the same "
                    "parameters as when it was built, or give a new --index path to start another index"
                )

    @staticmethod
    def recorded_parameters(path: str | Path) -> dict[str, object]:
        """The parameters recorded in the index file ``path``, read without changing it."""
        try:
            with sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True) as db:
                row = db.execute("SELECT value FROM meta WHERE key = 'parameters'").fetchone()
        except sqlite3.DatabaseError as error:
            raise DedupIndexError(
                f"{path} is not a newsclean dedup index ({error}): give a new --index path"
            ) from error
        if row is None:
            raise DedupIndexError(
                f"{path} records no parameters: it is not a complete index; give a new --index path"
            )
        parameters: dict[str, object] = json.loads(row[0])
        return parameters

    def transaction(self) -> _Transaction:
        """A context manager: everything inside is committed together, or not at all."""
        return _Transaction(self._db)

    def parameters(self) -> dict[str, object]:
        """The parameters recorded in the index."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'parameters'").fetchone()
        parameters: dict[str, object] = json.loads(row[0])
        return parameters

    def docs(self) -> Iterator[StoredDoc]:
        """Every document, in sequence order."""
        cursor = self._db.execute(
            "SELECT seq, doc_id, published, tokens, signature, host, lines FROM docs ORDER BY seq"
        )
        for seq, doc_id, published, tokens, blob, host, lines in cursor:
            signature = None if blob is None else np.frombuffer(blob, dtype="<u4").astype(np.uint32)
            yield StoredDoc(seq, doc_id, published, tokens, signature, _unsigned(host), bytes(lines))

    def edges(self) -> Iterator[tuple[int, int, float]]:
        """Every pair that joined two clusters ``(a, b, score)``, in order."""
        yield from self._db.execute("SELECT a, b, score FROM edges ORDER BY a, b")

    def pairs(self, since: int = 0) -> Iterator[tuple[int, int]]:
        """The candidate pairs of the documents from ``since`` on, in order (read a page at a time, so that
        the file can be written between two pages)."""
        query = "SELECT new, old FROM pairs WHERE (new, old) > (?, ?) ORDER BY new, old LIMIT ?"
        last = (since, -1)
        while page := self._db.execute(query, (*last, _PAGE)).fetchall():
            yield from page
            last = page[-1]

    def pairs_of(self, seqs: Sequence[int]) -> list[tuple[int, int]]:
        """The candidate pairs of the documents ``seqs`` (as the later document), in order."""
        query = "SELECT new, old FROM pairs WHERE new = ? ORDER BY old"
        return [(new, old) for seq in sorted(seqs) for new, old in self._db.execute(query, (seq,))]

    def settled(self) -> int:
        """How many documents the clusters (``edges``) account for."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'settled'").fetchone()
        return 0 if row is None else int(row[0])

    def set_settled(self, count: int) -> None:
        """Record that the clusters account for the first ``count`` documents; call inside :meth:`transaction`."""
        self._db.execute("INSERT OR REPLACE INTO meta VALUES ('settled', ?)", (str(count),))

    def body(self, seq: int) -> str:
        """The body of document ``seq``."""
        row = self._db.execute("SELECT body FROM docs WHERE seq = ?", (seq,)).fetchone()
        if row is None:
            raise KeyError(f"no document with sequence number {seq} in {self.path}")
        body: str = row[0]
        return body

    def count(self) -> int:
        """How many documents the index holds."""
        row = self._db.execute("SELECT COUNT(*) FROM docs").fetchone()
        return int(row[0])

    def seq_of(self, doc_id: str) -> int | None:
        """The sequence number of ``doc_id``, or ``None`` when it is not in the index."""
        row = self._db.execute("SELECT seq FROM docs WHERE doc_id = ?", (doc_id,)).fetchone()
        return None if row is None else int(row[0])

    def doc_id(self, seq: int) -> str:
        """The id of document ``seq``."""
        row = self._db.execute("SELECT doc_id FROM docs WHERE seq = ?", (seq,)).fetchone()
        if row is None:
            raise KeyError(f"no document with sequence number {seq} in {self.path}")
        return str(row[0])

    def host(self, seq: int) -> int:
        """The key of document ``seq``'s site (0: unknown)."""
        row = self._db.execute("SELECT host FROM docs WHERE seq = ?", (seq,)).fetchone()
        if row is None:
            raise KeyError(f"no document with sequence number {seq} in {self.path}")
        return _unsigned(row[0])

    def member(self, seq: int) -> tuple[str | None, int]:
        """The date and token count of document ``seq`` (what the canonical rule looks at)."""
        row = self._db.execute("SELECT published, tokens FROM docs WHERE seq = ?", (seq,)).fetchone()
        if row is None:
            raise KeyError(f"no document with sequence number {seq} in {self.path}")
        return row[0], int(row[1])

    def edge_score(self, a: int, b: int) -> float | None:
        """The score of the verified pair ``(a, b)`` (``a > b``), or ``None`` when it is not one."""
        row = self._db.execute("SELECT score FROM edges WHERE a = ? AND b = ?", (a, b)).fetchone()
        return None if row is None else float(row[0])

    def add_docs(
        self,
        rows: Sequence[tuple[int, str, str | None, int, str, int, bytes]],
        signatures: dict[int, npt.NDArray[np.uint32]],
    ) -> None:
        """Insert documents ``(seq, doc_id, published, tokens, body, host, lines)``; call inside :meth:`transaction`."""
        self._db.executemany(
            "INSERT INTO docs (seq, doc_id, published, tokens, signature, body, host, lines) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (seq, doc_id, published, tokens, _blob(signatures.get(seq)), body, _signed(host), lines)
                for seq, doc_id, published, tokens, body, host, lines in rows
            ],
        )

    def add_pairs(self, pairs: Sequence[tuple[int, int]]) -> None:
        """Insert candidate pairs; call inside :meth:`transaction`."""
        self._db.executemany("INSERT OR IGNORE INTO pairs (new, old) VALUES (?, ?)", pairs)

    def add_edges(self, edges: Sequence[tuple[int, int, float]]) -> None:
        """Insert pairs that joined clusters; call inside :meth:`transaction`."""
        self._db.executemany("INSERT OR IGNORE INTO edges (a, b, score) VALUES (?, ?, ?)", edges)

    def remove_edges(self, seqs: Sequence[int]) -> None:
        """Remove the pairs that joined the clusters of ``seqs`` (as the later document); inside :meth:`transaction`."""
        self._db.executemany("DELETE FROM edges WHERE a = ?", [(seq,) for seq in seqs])

    def close(self) -> None:
        """Close the file."""
        self._db.close()

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
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        if kind is None:
            self._db.execute("COMMIT")
        else:
            self._db.execute("ROLLBACK")
