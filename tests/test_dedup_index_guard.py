"""The index file's guard as data: each SQLite error (by its code and by its text) and the message that
says what to do, the run lock (held, waited for, given up on), the checks before writing, and the rows
newsclean did not write, each at its limit. Messages word for word."""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
import threading
from pathlib import Path

import numpy as np
import pytest

from newsclean.dedup import index_guard
from newsclean.dedup.evidence import DocLines
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
    read_only,
)
from newsclean.dedup.lines import LineBatch
from newsclean.errors import NewscleanError

P = Path("x.db")
LOCKED = "index x.db is locked by another process (waited {} s): run again when it is done, or raise --lock-timeout"
READ_ONLY = (
    "index x.db is read-only ({}): dedup adds every run's documents to its index; give a writable --index path "
    "(copy the index there to keep what it holds)"
)
DAMAGED = (
    "index x.db is damaged ({}): check it with `sqlite3 x.db 'PRAGMA integrity_check'`, and rebuild it with a "
    "new --index path"
)
FULL = "index x.db: the disk is full ({}): free some space and run again"
CANT_OPEN = "cannot open index x.db ({}): check the path and its permissions"


def error(text: str, code: int | None = None) -> sqlite3.Error:
    found = sqlite3.OperationalError(text)
    found.sqlite_errorcode = code  # type: ignore[attr-defined]
    return found


#: (SQLite's message, its extended code or None, the message newsclean gives)
ERRORS = [
    ("anything", 5, LOCKED.format(60)),  # SQLITE_BUSY
    ("anything", 6, LOCKED.format(60)),  # SQLITE_LOCKED
    ("anything", 5 | 1 << 8, LOCKED.format(60)),  # SQLITE_BUSY_RECOVERY: the primary code is the low byte
    ("Database Is Locked", None, LOCKED.format(60)),
    ("the database file is busy", None, LOCKED.format(60)),
    ("anything", 8, READ_ONLY.format("anything")),  # SQLITE_READONLY
    ("anything", 8 | 3 << 8, READ_ONLY.format("anything")),  # SQLITE_READONLY_ROLLBACK
    ("attempt to write a readonly database", None, READ_ONLY.format("attempt to write a readonly database")),
    ("anything", 11, DAMAGED.format("anything")),  # SQLITE_CORRUPT
    ("anything", 26, DAMAGED.format("anything")),  # SQLITE_NOTADB
    ("database disk image is malformed", None, DAMAGED.format("database disk image is malformed")),
    ("file is not a database", None, DAMAGED.format("file is not a database")),
    ("anything", 13, FULL.format("anything")),  # SQLITE_FULL
    ("database or disk is full", None, FULL.format("database or disk is full")),
    ("anything", 14, CANT_OPEN.format("anything")),  # SQLITE_CANTOPEN
    ("unable to open database file", None, CANT_OPEN.format("unable to open database file")),
    ("no such table: docs", 1, "index x.db: no such table: docs"),  # SQLITE_ERROR: said as it is
    ("no such table: docs", None, "index x.db: no such table: docs"),
    ("anything", 1 | 5 << 8, "index x.db: anything"),  # a code whose high bits alone say 5
    ("anything", 256 + 13 - 256, FULL.format("anything")),
]


@pytest.mark.parametrize(("text", "code", "message"), ERRORS)
def test_each_sqlite_error_says_what_to_do(text: str, code: int | None, message: str) -> None:
    found = index_error(P, error(text, code), 60)
    assert isinstance(found, DedupIndexError)
    assert found.args == (message,)


def test_the_wait_is_said_in_seconds() -> None:
    assert index_error(P, error("locked"), 0.5).args[0] == LOCKED.format("0.5")
    assert index_error(P, error("locked"), 120.0).args[0] == LOCKED.format("120")


def test_an_error_without_a_code_attribute_is_read_by_its_text() -> None:
    assert index_error(P, sqlite3.DatabaseError("file is not a database"), 1).args[0] == DAMAGED.format(
        "file is not a database"
    )
    assert index_error(P, sqlite3.DatabaseError("something else"), 1).args[0] == "index x.db: something else"


def test_the_errors_are_value_errors_that_say_what_to_do() -> None:
    assert issubclass(DedupIndexError, ValueError) and issubclass(DedupIndexError, NewscleanError)
    assert damaged(P, "why").args == (DAMAGED.format("why"),)
    assert read_only(P, "why").args == (READ_ONLY.format("why"),)


# -- the run lock -------------------------------------------------------------------------------------------


def test_the_lock_is_a_file_next_to_the_index(tmp_path: Path) -> None:
    index = tmp_path / "corpus.db"
    lock = RunLock(index)
    assert lock.path == tmp_path / "corpus.db-lock"
    assert lock.path.is_file() and not index.exists()
    assert stat.S_IMODE(lock.path.stat().st_mode) == 0o644 & ~_umask()
    lock.release()
    lock.release()  # twice is harmless
    again = RunLock(index, timeout=0)
    again.release()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_held_lock_is_waited_for_then_refused(tmp_path: Path) -> None:
    index = tmp_path / "corpus.db"
    holder = RunLock(index)
    calls: list[int] = []
    message = (
        f"index {index} is in use by another dedup run (waited 0.45 s): run one dedup at a time per index, "
        "or raise --lock-timeout"
    )
    with pytest.raises(DedupIndexError) as refused:
        RunLock(index, timeout=0.45, on_wait=lambda: calls.append(1))
    assert refused.value.args == (message,)
    assert calls == [1]  # once, when the first attempt found the lock held
    with pytest.raises(DedupIndexError, match=r"\(waited 0 s\)"):
        RunLock(index, timeout=0)  # no on_wait: nothing to call
    holder.release()
    RunLock(index, timeout=0).release()  # free again: taken at once
    assert LOCK_TIMEOUT == 60.0


def test_a_lock_released_while_waited_for_is_taken(tmp_path: Path) -> None:
    index = tmp_path / "corpus.db"
    holder = RunLock(index)
    calls: list[int] = []
    timer = threading.Timer(0.3, holder.release)
    timer.start()
    try:
        waiter = RunLock(index, timeout=60, on_wait=lambda: calls.append(1))
    finally:
        timer.join()
    assert calls == [1]
    waiter.release()


def test_without_fcntl_there_is_no_run_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_guard, "fcntl", None)
    index = tmp_path / "corpus.db"
    first = RunLock(index)
    second = RunLock(index, timeout=0)  # nothing to wait for
    assert not first.path.exists()
    first.release()
    second.release()


def test_a_free_lock_calls_nobody(tmp_path: Path) -> None:
    calls: list[int] = []
    lock = RunLock(tmp_path / "corpus.db", timeout=0, on_wait=lambda: calls.append(1))
    assert calls == []
    lock.release()


def test_a_lock_whose_file_cannot_be_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    index = tmp_path / "missing" / "corpus.db"
    with pytest.raises(DedupIndexError) as refused:
        RunLock(index)
    assert refused.value.args == (
        f"cannot open {index}-lock (No such file or directory): check the folder of the index",
    )
    opener = os.open
    for number, why in ((errno.EACCES, "Permission denied"), (errno.EROFS, "Read-only file system")):

        def denied(path: object, *args: object, number: int = number, why: str = why) -> int:
            if str(path).endswith("-lock"):
                raise OSError(number, why)
            return opener(path, *args)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "open", denied)
        index = tmp_path / "corpus.db"
        with pytest.raises(DedupIndexError) as refused:
            RunLock(index)
        assert refused.value.args == (
            f"index {index} is read-only (cannot create {index}-lock: {why}): dedup adds every run's documents "
            "to its index; give a writable --index path (copy the index there to keep what it holds)",
        )
        monkeypatch.setattr(os, "open", opener)


# -- before writing ------------------------------------------------------------------------------------------


def test_check_writable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    check_writable(tmp_path / "new.db")  # a new file in a writable folder
    existing = tmp_path / "old.db"
    existing.write_bytes(b"")
    check_writable(existing)
    missing = tmp_path / "nowhere" / "x.db"
    with pytest.raises(DedupIndexError) as refused:
        check_writable(missing)
    assert refused.value.args == (
        f"cannot create index {missing}: the folder {missing.parent} does not exist; create it or give another "
        "--index path",
    )
    with pytest.raises(DedupIndexError) as refused:
        check_writable(tmp_path)
    assert refused.value.args == (
        f"{tmp_path} is not a file: give the path of an index file (created on first use)",
    )
    access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path) != existing and access(path, mode))
    with pytest.raises(DedupIndexError) as refused:
        check_writable(existing)
    assert refused.value.args == (read_only(existing, "no permission to write the file").args[0],)
    check_writable(tmp_path / "new.db")  # only that file is refused
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path) != tmp_path and access(path, mode))
    for path in (existing, tmp_path / "new.db"):
        with pytest.raises(DedupIndexError) as refused:
            check_writable(path)
        assert refused.value.args == (
            read_only(path, f"no permission to write in {tmp_path}, where SQLite keeps its journal").args[0],
        )


# -- what an index records -----------------------------------------------------------------------------------


def test_checked_parameters() -> None:
    given = '{"threshold": 0.8, "bands": 32, "something": "else"}'
    assert checked_parameters(P, given) == {"threshold": 0.8, "bands": 32, "something": "else"}
    assert checked_parameters(P, "{}") == {}
    for text, why in (
        (None, "it records no parameters"),
        (b"{}", "it records no parameters"),
        ("[1, 2]", "it records no parameters"),
        ('"text"', "it records no parameters"),
        ('{"threshold": 2}', "its parameters: threshold must be a number in (0.0, 1.0], got 2"),
        (
            '{"bands": true}',
            "its parameters: bands must be a whole number of at least 1 (and at most "
            "2,147,483,647), got True",
        ),
    ):
        with pytest.raises(DedupIndexError) as refused:
            checked_parameters(P, text)
        assert refused.value.args == (DAMAGED.format(why),), text
    with pytest.raises(DedupIndexError) as refused:
        checked_parameters(P, "{threshold")
    message = refused.value.args[0]
    assert message.startswith("index x.db is damaged (its parameters are not JSON: ")
    assert message.endswith(
        "): check it with `sqlite3 x.db 'PRAGMA integrity_check'`, and rebuild it with a new --index path"
    )


#: (why, the row's fields after the expected number: seq, id, date, word count, signature; the problem)
ROWS = [
    ("a row newsclean wrote", (3, "a", None, 10, None), None),
    ("a date and a signature", (3, "a", "2024-01-02", 0, b"12345678"), None),
    ("an id kept as a JSON blob", (3, b'{"n": 1}', None, 10, None), None),
    ("the largest word count", (3, "a", None, 2**31 - 1, None), None),
    (
        "a sequence number out of order",
        (4, "a", None, 10, None),
        "sequence numbers must run 0, 1, 2, ...; expected 3",
    ),
    ("one before", (2, "a", None, 10, None), "sequence numbers must run 0, 1, 2, ...; expected 3"),
    ("a number for an id", (3, 7, None, 10, None), "the id is int"),
    ("no id", (3, None, None, 10, None), "the id is NoneType"),
    ("a blob that is not JSON", (3, b"{oops", None, 10, None), "the id is a blob that is not JSON"),
    ("a blob that is not ASCII", (3, b'"\xff"', None, 10, None), "the id is a blob that is not JSON"),
    ("a date that is a number", (3, "a", 20240102, 10, None), "the date is int"),
    ("a negative word count", (3, "a", None, -1, None), "the word count is -1"),
    ("a word count past the limit", (3, "a", None, 2**31, None), "the word count is 2147483648"),
    ("a word count as text", (3, "a", None, "10", None), "the word count is '10'"),
    ("a word count that is a bool", (3, "a", None, True, None), "the word count is True"),
    ("a signature one byte short", (3, "a", None, 10, b"1234567"), "the signature is not 8 bytes"),
    ("a signature one byte long", (3, "a", None, 10, b"123456789"), "the signature is not 8 bytes"),
    ("a signature that is text", (3, "a", None, 10, "12345678"), "the signature is not 8 bytes"),
]


@pytest.mark.parametrize(("why", "row", "problem"), ROWS, ids=[r[0] for r in ROWS])
def test_doc_problem(why: str, row: tuple[object, ...], problem: str | None) -> None:
    assert doc_problem(3, *row, width=8) == problem


def _blob(body: int, page: int) -> bytes:
    def batch(n: int) -> LineBatch:
        values = (np.arange(n, dtype=t) for t in (np.uint64, np.uint64, np.uint64, np.int64))
        return LineBatch(np.zeros(n, dtype=np.int64), *values)  # all lines of document 0

    lines = DocLines(batch(body), batch(page), np.array([5], dtype=np.uint64), np.array([6], dtype=np.uint64))
    return lines.encode(0)


@pytest.mark.parametrize(("body", "page"), [(0, 0), (1, 0), (0, 2), (3, 1)])
def test_evidence_problem_accepts_the_layout_encode_writes(body: int, page: int) -> None:
    blob = _blob(body, page)
    assert len(blob) == 16 + 4 + 28 * body + 4 + 28 * page
    assert evidence_problem(7, blob) is None
    assert evidence_problem(0, blob) is None
    for wrong in (blob[:-1], blob + b"\0", blob[:16], blob[:19], blob[: 20 + 28 * body + 3], b"", b"\0"):
        assert evidence_problem(7, wrong) == f"the lines are {len(wrong)} bytes, not the layout of line keys"


def test_evidence_problem_types() -> None:
    blob = _blob(1, 1)
    assert evidence_problem(True, blob) == "the site key is bool"
    assert evidence_problem("7", blob) == "the site key is str"
    assert evidence_problem(None, blob) == "the site key is NoneType"
    assert evidence_problem(7, "lines") == "the lines are str, not a blob"
    assert evidence_problem(7, None) == "the lines are NoneType, not a blob"
    # a count that claims more lines than the blob holds
    assert evidence_problem(7, bytes(16) + (2).to_bytes(4, "little") + bytes(28) + bytes(4)) == (
        "the lines are 52 bytes, not the layout of line keys"
    )
