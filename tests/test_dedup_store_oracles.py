"""The index file row by row: what each method writes and reads back, each check on a row exactly at its
limit and one past it, and the errors word for word. Rows are written by the store or, for damage, by
plain SQL in the test."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from newsclean.dedup import DedupConfig, DedupIndexError
from newsclean.dedup.store import SQLiteStore

#: The lines of a document with no line: a URL and a host key (16 bytes), then two counts of 0.
NO_LINES = bytes(24)
CONFIG = DedupConfig(num_perm=8, bands=4, rows=2)


def damaged(path: Path | str, what: str) -> str:
    return (
        f"index {path} is damaged ({what}): check it with `sqlite3 {path} 'PRAGMA integrity_check'`, "
        "and rebuild it with a new --index path"
    )


def signature(start: int) -> np.ndarray:
    return np.arange(start, start + 8, dtype=np.uint32)


def filled(path: Path, docs: int = 3) -> SQLiteStore:
    """A store holding ``docs`` documents d0, d1, ... (d1 too short to have a signature)."""
    store = SQLiteStore(path, CONFIG)
    rows = [
        (i, f"d{i}", None if i % 2 else f"2024-01-0{i + 1}", 10 * i, f"body {i}", i, NO_LINES)
        for i in range(docs)
    ]
    with store.transaction():
        store.add_docs(rows, {i: signature(100 * i) for i in range(docs) if i != 1})
    return store


def edit(path: Path, *statements: str) -> None:
    with sqlite3.connect(path) as db:
        for statement in statements:
            db.execute(statement)


# --- creating and opening -----------------------------------------------------------------------------


def test_a_new_index_records_its_format_and_parameters(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    SQLiteStore(path, CONFIG).close()
    with sqlite3.connect(path) as db:
        meta = dict(db.execute("SELECT key, value FROM meta"))
    assert meta == {"format": "2", "parameters": json.dumps(CONFIG.index_parameters())}
    with SQLiteStore(path, CONFIG) as store:  # opened again with the same parameters
        assert store.parameters() == CONFIG.index_parameters()
        assert store.count() == 0 and store.settled() == 0
    assert SQLiteStore.recorded_parameters(path) == CONFIG.index_parameters()


@pytest.mark.parametrize(
    ("stored", "message"),
    [
        (
            "1",
            "index {path} was made by an earlier newsclean (format 1, without template evidence); this newsclean "
            "reads format 2: rebuild it from your records with a new --index path",
        ),
        (
            "3",
            "index {path} has format '3', this newsclean reads format '2': rebuild it with a new --index path",
        ),
        (
            "",
            "index {path} has format '', this newsclean reads format '2': rebuild it with a new --index path",
        ),
    ],
)
def test_an_index_of_another_format_is_refused(tmp_path: Path, stored: str, message: str) -> None:
    path = tmp_path / "index.sqlite"
    SQLiteStore(path, CONFIG).close()
    edit(path, f"UPDATE meta SET value = '{stored}' WHERE key = 'format'")
    with pytest.raises(DedupIndexError) as caught:
        SQLiteStore(path, CONFIG)
    assert str(caught.value) == message.format(path=path)
    SQLiteStore(tmp_path / "other.sqlite", CONFIG).close()  # the lock was released: another opens


def test_an_index_without_a_format_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    SQLiteStore(path, CONFIG).close()
    edit(path, "DELETE FROM meta WHERE key = 'format'")
    with pytest.raises(DedupIndexError, match=r"has format None, this newsclean reads format '2'"):
        SQLiteStore(path, CONFIG)


def test_other_parameters_are_refused_naming_the_first_that_differs(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    SQLiteStore(path, CONFIG).close()
    with pytest.raises(DedupIndexError) as caught:
        SQLiteStore(path, DedupConfig(num_perm=8, bands=4, rows=2, min_tokens=51))
    assert str(caught.value) == (
        f"index {path} was built with min_tokens=50, not 51: pass the same parameters as when it was built, "
        "or give a new --index path to start another index"
    )
    edit(path, "UPDATE meta SET value = '{}' WHERE key = 'parameters'")  # valid, but names none
    with pytest.raises(DedupIndexError, match=r"was built with shingle_size=None, not 5: pass the same"):
        SQLiteStore(path, CONFIG)
    # batch_size and max_candidates are not recorded: another value is no other index
    SQLiteStore(tmp_path / "b.sqlite", CONFIG).close()
    SQLiteStore(
        tmp_path / "b.sqlite", DedupConfig(num_perm=8, bands=4, rows=2, batch_size=7, max_candidates=3)
    ).close()


def test_a_file_that_is_no_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "junk.sqlite"
    path.write_bytes(b"not a database, just bytes " * 100)
    with pytest.raises(
        DedupIndexError,
        match=r"^.*junk\.sqlite is not a newsclean dedup index \(.*\): give a new --index path$",
    ):
        SQLiteStore(path, CONFIG)
    with pytest.raises(
        DedupIndexError, match=r"junk\.sqlite is not a newsclean dedup index \(.*\): give a new --index path$"
    ):
        SQLiteStore.recorded_parameters(path)


def test_the_recorded_parameters_of_files_that_hold_none(tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite"
    sqlite3.connect(empty).close()
    assert SQLiteStore.recorded_parameters(empty) == {}  # an empty database: the index is made in it
    other = tmp_path / "other.sqlite"
    edit(other, "CREATE TABLE t (x)")
    with pytest.raises(
        DedupIndexError, match=r"other\.sqlite is not a newsclean dedup index \(no such table: meta\)"
    ):
        SQLiteStore.recorded_parameters(other)
    half = tmp_path / "half.sqlite"
    edit(half, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    with pytest.raises(DedupIndexError) as caught:
        SQLiteStore.recorded_parameters(half)
    assert (
        str(caught.value)
        == f"{half} records no parameters: it is not a complete index; give a new --index path"
    )
    absent = tmp_path / "absent.sqlite"
    with pytest.raises(DedupIndexError) as caught:
        SQLiteStore.recorded_parameters(absent)
    assert str(caught.value) == (
        f"cannot open index {absent} (unable to open database file): check the path and its permissions"
    )
    assert not absent.exists()  # read only: nothing was created
    SQLiteStore(tmp_path / "bad.sqlite", CONFIG).close()
    edit(tmp_path / "bad.sqlite", "UPDATE meta SET value = '[1]' WHERE key = 'parameters'")
    with pytest.raises(DedupIndexError) as caught:
        SQLiteStore.recorded_parameters(tmp_path / "bad.sqlite")
    assert str(caught.value) == damaged(tmp_path / "bad.sqlite", "it records no parameters")


def test_a_temporary_index_leaves_no_file_and_is_named_in_messages(tmp_path: Path) -> None:
    with SQLiteStore(None, CONFIG) as store:
        assert str(store.path) == "<temporary index>"
        with pytest.raises(DedupIndexError) as caught:
            store.body(0)
        assert str(caught.value) == damaged("<temporary index>", "no text body for document 0")


# --- documents ------------------------------------------------------------------------------------------


def test_documents_are_read_back_as_written(tmp_path: Path) -> None:
    with filled(tmp_path / "index.sqlite") as store:
        assert store.count() == 3
        with store.snapshot():
            docs = list(store.docs())
        assert [(d.seq, d.doc_id, d.published, d.tokens, d.host, d.lines) for d in docs] == [
            (0, "d0", "2024-01-01", 0, 0, NO_LINES),
            (1, "d1", None, 10, 1, NO_LINES),
            (2, "d2", "2024-01-03", 20, 2, NO_LINES),
        ]
        assert docs[1].signature is None
        assert docs[0].signature is not None and docs[0].signature.dtype == np.uint32
        assert docs[0].signature.tolist() == list(range(8))
        assert docs[2].signature is not None and docs[2].signature.tolist() == list(range(200, 208))
        assert [store.body(i) for i in range(3)] == ["body 0", "body 1", "body 2"]
        assert [store.doc_id(i) for i in range(3)] == ["d0", "d1", "d2"]
        assert [store.member(i) for i in range(3)] == [("2024-01-01", 0), (None, 10), ("2024-01-03", 20)]
        assert [store.host(i) for i in range(3)] == [0, 1, 2]
        assert (store.seq_of("d2"), store.seq_of("d0"), store.seq_of("d9"), store.seq_of(b'"d0"')) == (
            2,
            0,
            None,
            None,
        )


def test_a_signature_is_stored_little_endian(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    filled(path).close()
    with sqlite3.connect(path) as db:
        blob = db.execute("SELECT signature FROM docs WHERE seq = 2").fetchone()[0]
    assert blob == b"".join(v.to_bytes(4, "little") for v in range(200, 208))


@pytest.mark.parametrize(
    ("host", "stored"),
    [(0, 0), (2**63 - 1, 2**63 - 1), (2**63, -(2**63)), (2**63 + 5, -(2**63) + 5), (2**64 - 1, -1)],
)
def test_a_64_bit_site_key_is_stored_signed_and_read_back_unsigned(
    tmp_path: Path, host: int, stored: int
) -> None:
    path = tmp_path / "index.sqlite"
    with SQLiteStore(path, CONFIG) as store:
        with store.transaction():
            store.add_docs([(0, "a", None, 5, "body", host, NO_LINES)], {})
        assert store.host(0) == host
        with store.snapshot():
            assert [d.host for d in store.docs()] == [host]
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT host FROM docs").fetchone()[0] == stored


def test_a_blob_id_is_kept_apart_from_a_text_id(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "index.sqlite", CONFIG) as store:
        with store.transaction():
            store.add_docs([(0, b"5", None, 5, "x", 0, NO_LINES), (1, "5", None, 5, "y", 0, NO_LINES)], {})
        assert (store.seq_of(b"5"), store.seq_of("5")) == (0, 1)
        assert (store.doc_id(0), store.doc_id(1)) == (b"5", "5")


@pytest.mark.parametrize(
    ("statement", "call", "what"),
    [
        ("UPDATE docs SET body = x'00ff' WHERE seq = 1", "body", "no text body for document 1"),
        # (a column's type affinity turns a number into text and back: what it cannot turn is a blob, or text)
        ("UPDATE docs SET host = 'site' WHERE seq = 1", "host", "no site key for document 1"),
        ("UPDATE docs SET host = x'01' WHERE seq = 1", "host", "no site key for document 1"),
        ("UPDATE docs SET tokens = 'ten' WHERE seq = 1", "member", "no date and word count for document 1"),
        (
            "UPDATE docs SET published = x'32303234' WHERE seq = 1",
            "member",
            "no date and word count for document 1",
        ),
        ("DELETE FROM docs WHERE seq = 1", "body", "no text body for document 1"),
        ("DELETE FROM docs WHERE seq = 1", "doc_id", "no id for document 1"),
        ("DELETE FROM docs WHERE seq = 1", "host", "no site key for document 1"),
        ("DELETE FROM docs WHERE seq = 1", "member", "no date and word count for document 1"),
    ],
)
def test_a_document_field_newsclean_did_not_write_is_damage(
    tmp_path: Path, statement: str, call: str, what: str
) -> None:
    path = tmp_path / "index.sqlite"
    filled(path).close()
    edit(path, "PRAGMA ignore_check_constraints = 1", statement)
    with SQLiteStore(path, CONFIG) as store:
        with pytest.raises(DedupIndexError) as caught:
            getattr(store, call)(1)
        assert str(caught.value) == damaged(path, what)
        assert getattr(store, call)(0) is not None  # the other rows are fine


def test_a_docs_row_newsclean_did_not_write_is_damage_when_the_documents_are_read(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    filled(path).close()
    edit(path, "UPDATE docs SET signature = x'00' WHERE seq = 2")
    with SQLiteStore(path, CONFIG) as store, store.snapshot():
        read = []
        with pytest.raises(DedupIndexError) as caught:
            for doc in store.docs():
                read.append(doc.seq)
        assert read == [0, 1]  # the rows before the damaged one come out
        assert str(caught.value) == damaged(path, "docs row seq=2: the signature is not 32 bytes")
    edit(path, "UPDATE docs SET signature = NULL, lines = x'00' WHERE seq = 2")
    with SQLiteStore(path, CONFIG) as store, store.snapshot(), pytest.raises(DedupIndexError) as caught:
        list(store.docs())
    assert str(caught.value) == damaged(
        path, "docs row seq=2: the lines are 1 bytes, not the layout of line keys"
    )


# --- pairs, edges, the settled count ------------------------------------------------------------------


def test_pairs_are_read_in_order_from_a_document_on(tmp_path: Path) -> None:
    with filled(tmp_path / "index.sqlite", docs=5) as store:
        with store.transaction():
            store.add_pairs([(4, 1), (2, 0), (3, 0), (4, 0), (2, 1), (3, 2)])
            store.add_pairs([(2, 0)])  # again: ignored
        everything = [(2, 0), (2, 1), (3, 0), (3, 2), (4, 0), (4, 1)]
        assert list(store.pairs()) == everything
        assert list(store.pairs(0, 5)) == everything
        assert list(store.pairs(2)) == everything
        assert list(store.pairs(3)) == everything[2:]
        assert list(store.pairs(4)) == everything[4:]
        assert list(store.pairs(5)) == []
        assert store.pairs_of([4, 2]) == [(2, 0), (2, 1), (4, 0), (4, 1)]
        assert store.pairs_of([3], count=4) == [(3, 0), (3, 2)]
        assert store.pairs_of([0]) == []
        with pytest.raises(DedupIndexError) as caught:
            list(store.pairs(0, 4))  # (4, 0) is past 4 documents
        assert str(caught.value) == damaged(store.path, "pairs row (4, 0) is not a candidate pair")
        with pytest.raises(DedupIndexError, match=r"pairs row \(4, 0\) is not a candidate pair"):
            store.pairs_of([4], count=4)


@pytest.mark.parametrize(
    ("new", "old", "ok"),
    [
        (1, 0, True),
        (4, 3, True),
        (5, 0, False),
        (2, 2, False),
        (1, 2, False),
        (1, -1, False),
        ("two", 1, False),
        (2, b"\x01", False),
    ],
)
def test_a_pairs_row_is_checked_against_the_document_count(
    tmp_path: Path, new: object, old: object, ok: bool
) -> None:
    path = tmp_path / "index.sqlite"
    filled(path, docs=5).close()
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO pairs VALUES (?, ?)", (new, old))
    with SQLiteStore(path, CONFIG) as store:
        if ok:
            assert list(store.pairs(0, 5)) == [(new, old)]
        else:
            with pytest.raises(DedupIndexError) as caught:
                list(store.pairs(0, 5))
            assert str(caught.value) == damaged(path, f"pairs row ({new!r}, {old!r}) is not a candidate pair")


def test_edges_are_written_read_scored_and_removed(tmp_path: Path) -> None:
    with filled(tmp_path / "index.sqlite", docs=5) as store:
        with store.transaction():
            store.add_edges([(3, 1, 0.75), (1, 0, 1.0), (4, 3, 0.0), (4, 0, 0.5)])
            store.add_edges([(1, 0, 0.2)])  # again: the first score stays
        assert list(store.edges()) == [(1, 0, 1.0), (3, 1, 0.75), (4, 0, 0.5), (4, 3, 0.0)]
        assert list(store.edges(5)) == [(1, 0, 1.0), (3, 1, 0.75), (4, 0, 0.5), (4, 3, 0.0)]
        assert (store.edge_score(3, 1), store.edge_score(1, 3), store.edge_score(2, 0)) == (0.75, None, None)
        assert store.edge_score(4, 3) == 0.0
        with store.transaction():
            store.remove_edges([4, 1])
        assert list(store.edges()) == [(3, 1, 0.75)]
        with pytest.raises(DedupIndexError) as caught:
            list(store.edges(3))
        assert str(caught.value) == damaged(store.path, "edges row (3, 1, 0.75) is not a verified pair")


@pytest.mark.parametrize(
    ("a", "b", "score", "ok"),
    [
        (1, 0, 0.0, True),
        (1, 0, 1.0, True),
        (4, 3, 0.5, True),
        (5, 0, 0.5, False),
        (2, 2, 0.5, False),
        (1, 2, 0.5, False),
        (1, -1, 0.5, False),
        (1, 0, 1.0000001, False),
        (1, 0, -0.0000001, False),
        (1, 0, "high", False),
        (1, 0, b"\x01", False),
        ("one", 0, 0.5, False),
        (1, b"\x00", 0.5, False),
    ],
)
def test_an_edges_row_is_checked(tmp_path: Path, a: object, b: object, score: object, ok: bool) -> None:
    path = tmp_path / "index.sqlite"
    filled(path, docs=5).close()
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO edges VALUES (?, ?, ?)", (a, b, score))
    with SQLiteStore(path, CONFIG) as store:
        if ok:
            assert list(store.edges(5)) == [(a, b, score)]
            assert store.edge_score(a, b) == score  # type: ignore[arg-type]
        else:
            with pytest.raises(DedupIndexError) as caught:
                list(store.edges(5))
            assert str(caught.value) == damaged(
                path, f"edges row ({a!r}, {b!r}, {score!r}) is not a verified pair"
            )


@pytest.mark.parametrize(
    ("score", "ok"),
    [(0.0, True), (1.0, True), (1.5, False), (-0.5, False), ("half", False), (b"\x01", False)],
)
def test_an_edge_score_is_checked(tmp_path: Path, score: object, ok: bool) -> None:
    path = tmp_path / "index.sqlite"
    filled(path, docs=3).close()
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO edges VALUES (2, 1, ?)", (score,))
    with SQLiteStore(path, CONFIG) as store:
        if ok:
            assert store.edge_score(2, 1) == score
        else:
            with pytest.raises(DedupIndexError) as caught:
                store.edge_score(2, 1)
            assert str(caught.value) == damaged(path, f"edges row (2, 1) has the score {score!r}")


@pytest.mark.parametrize(
    ("value", "settled"),
    [
        ("0", 0),
        ("17", 17),
        ("9" * 19, int("9" * 19)),
        ("1" * 20, None),
        ("", None),
        ("-1", None),
        ("1.5", None),
        (" 1", None),
        ("\u0661\u0662", None),  # Arabic-Indic digits: isdigit, not ASCII
        (b"7", None),
    ],
)
def test_the_settled_count(tmp_path: Path, value: object, settled: int | None) -> None:
    path = tmp_path / "index.sqlite"
    SQLiteStore(path, CONFIG).close()
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO meta VALUES ('settled', ?)", (value,))
    with SQLiteStore(path, CONFIG) as store:
        if settled is not None:
            assert store.settled() == settled
        else:
            with pytest.raises(DedupIndexError) as caught:
                store.settled()
            assert str(caught.value) == damaged(path, f"its settled count is {value!r}")


def test_set_settled_replaces_the_count(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "index.sqlite", CONFIG) as store:
        assert store.settled() == 0
        with store.transaction():
            store.set_settled(3)
        assert store.settled() == 3
        with store.transaction():
            store.set_settled(12)
        assert store.settled() == 12


# --- transactions, snapshots, the lock -------------------------------------------------------------------


def test_a_transaction_that_raises_writes_nothing(tmp_path: Path) -> None:
    with filled(tmp_path / "index.sqlite", docs=2) as store:
        with pytest.raises(RuntimeError, match="stop"), store.transaction():
            store.add_pairs([(1, 0)])
            store.set_settled(2)
            raise RuntimeError("stop")
        assert (list(store.pairs()), store.settled()) == ([], 0)
        with store.transaction():
            store.add_pairs([(1, 0)])
        assert list(store.pairs()) == [(1, 0)]


def test_a_write_error_says_what_happened(tmp_path: Path) -> None:
    with filled(tmp_path / "index.sqlite", docs=2) as store:
        with pytest.raises(DedupIndexError) as caught, store.transaction():
            store.add_docs([(0, "again", None, 1, "x", 0, NO_LINES)], {})  # seq 0 is taken
        assert str(caught.value).startswith(f"index {store.path}")
        assert store.count() == 2


def test_after_release_lock_the_store_only_reads_and_another_writer_can_open(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    store = filled(path, docs=2)
    store.release_lock()
    with pytest.raises(DedupIndexError) as caught:
        store.transaction()
    assert str(caught.value) == (
        f"index {path}: this process has stopped writing it (release_lock); open it again to add"
    )
    assert store.body(1) == "body 1"  # reading goes on
    with SQLiteStore(path, CONFIG, lock_timeout=0.1) as other, other.transaction():  # the lock is free
        other.add_pairs([(1, 0)])
    assert list(store.pairs()) == [(1, 0)]
    store.close()


def test_a_second_writer_waits_for_the_lock_then_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    waits: list[int] = []
    with SQLiteStore(path, CONFIG):
        with pytest.raises(DedupIndexError) as caught:
            SQLiteStore(path, CONFIG, lock_timeout=0.05, on_wait=lambda: waits.append(1))
        assert str(caught.value) == (
            f"index {path} is in use by another dedup run (waited 0.05 s): run one dedup at a time per index, "
            "or raise --lock-timeout"
        )
    assert waits == [1]
    SQLiteStore(path, CONFIG, lock_timeout=0.05).close()  # closed: free again


def test_a_snapshot_reads_the_index_as_of_its_first_read(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    store = filled(path, docs=2)
    store.release_lock()
    with store.snapshot():
        assert store.count() == 2
        with sqlite3.connect(path) as db:
            db.execute("INSERT INTO pairs VALUES (1, 0)")
        assert list(store.pairs()) == []
    assert list(store.pairs()) == [(1, 0)]
    store.close()


def test_parameters_removed_after_opening_are_damage(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    with SQLiteStore(path, CONFIG) as store:
        edit(path, "UPDATE meta SET value = '[1]' WHERE key = 'parameters'")
        with pytest.raises(DedupIndexError) as caught:
            store.parameters()
        assert str(caught.value) == damaged(path, "it records no parameters")
        edit(path, "DELETE FROM meta WHERE key = 'parameters'")
        with pytest.raises(DedupIndexError) as caught:
            store.parameters()
        assert str(caught.value) == damaged(path, "it records no parameters")


def test_a_transaction_that_sqlite_rolled_back_already_reports_the_first_error(tmp_path: Path) -> None:
    # SQLite may roll a transaction back itself (a full disk, say): the ROLLBACK that follows fails, and the
    # error reported is the one that stopped the transaction
    with filled(tmp_path / "index.sqlite", docs=1) as store:
        with pytest.raises(RuntimeError, match="disk full"), store.transaction():
            store.add_pairs([(1, 0)])
            store._db.execute("ROLLBACK")
            raise RuntimeError("disk full")
        assert list(store.pairs()) == []
        with store.transaction():  # the store goes on
            store.set_settled(1)
        assert store.settled() == 1
