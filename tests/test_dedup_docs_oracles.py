"""The deduplicator's two document tables on the same documents, with every answer written out by hand.

:class:`ResidentDocs` (bodies in a temporary file, or in the index file) and :class:`StoredDocs`
(everything in the index file) must answer alike: ids and sequence numbers, dates and word
counts, bodies, sites, candidate pairs since a document or of some documents, and the scores
of verified pairs in either order.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import numpy as np
import pytest

from newsclean.dedup import DedupConfig
from newsclean.dedup.cluster import Member
from newsclean.dedup.docs import ResidentDocs, StoredDocs, _Pairs
from newsclean.dedup.index_guard import DedupIndexError
from newsclean.dedup.store import SQLiteStore

#: (id key, published, tokens, body, host key)
DOCS = [
    ("a", "2024-01-01", 5, "body of a", 11),
    ("b", None, 7, "body of b, sécond", 0),
    (b"c", "2023-05-05", 3, "body of c", 2**64 - 1),
    ("d", None, 1, "", 4),
    ("e", "2022-02-02", 9, "body of e", 5),
]
#: the candidate pairs of each batch: documents 0-1, then 2-4
BATCHES = [(0, [[1, 0]]), (2, [[3, 0], [3, 2], [4, 1], [4, 3]])]
ALL_PAIRS = [(1, 0), (3, 0), (3, 2), (4, 1), (4, 3)]


def fill(docs, store: SQLiteStore | None) -> None:
    """Add the documents and pairs in two batches, writing the store's rows first as the caller does."""
    for (first, pairs), end in zip(BATCHES, (2, 5), strict=True):
        batch = DOCS[first:end]
        if store is not None:
            with store.transaction():
                rows = [(first + i, *doc[:3], doc[3], doc[4], b"") for i, doc in enumerate(batch)]
                store.add_docs(rows, {})
                store.add_pairs([tuple(p) for p in pairs])
        docs.append(batch)
        docs.add_pairs(first, np.array(pairs, dtype=np.int64))


@pytest.fixture(params=["resident", "resident with a store", "stored"])
def tables(request, tmp_path) -> Iterator[tuple[ResidentDocs | StoredDocs, SQLiteStore | None]]:
    store = None if request.param == "resident" else SQLiteStore(tmp_path / "index.sqlite", DedupConfig())
    docs = StoredDocs(store) if request.param == "stored" else ResidentDocs(store)
    fill(docs, store)
    yield docs, store
    docs.close()
    if store is not None:
        store.close()


def test_ids_and_sequence_numbers(tables) -> None:
    docs, _ = tables
    assert len(docs) == 5
    assert [docs.doc_id(seq) for seq in range(5)] == ["a", "b", b"c", "d", "e"]
    assert [docs.seq(key) for key in ["a", "b", b"c", "d", "e"]] == [0, 1, 2, 3, 4]
    assert docs.seq("c") is None and docs.seq("z") is None


def test_bodies_sites_and_word_counts(tables) -> None:
    docs, _ = tables
    assert [docs.body(seq) for seq in (4, 0, 3, 1)] == ["body of e", "body of a", "", "body of b, sécond"]
    assert [docs.host(seq) for seq in range(5)] == [11, 0, 2**64 - 1, 4, 5]
    assert [docs.tokens(seq) for seq in range(5)] == [5, 7, 3, 1, 9]


def test_members_are_the_canonical_rules_inputs(tables) -> None:
    docs, _ = tables
    assert len(docs.members) == 5
    assert docs.members[2] == Member(2, "2023-05-05", 3)
    assert docs.members[1] == Member(1, None, 7)
    assert list(docs.members) == [Member(seq, doc[1], doc[2]) for seq, doc in enumerate(DOCS)]
    with pytest.raises(IndexError):
        docs.members[5]


def test_stored_members_end_where_the_index_does(tmp_path) -> None:
    # iterating the stored members used to run past the end into "index ... is damaged"
    with SQLiteStore(tmp_path / "index.sqlite", DedupConfig()) as store:
        stored = StoredDocs(store)
        fill(stored, store)
        stored.reset(4)
        assert [m.seq for m in stored.members] == [0, 1, 2, 3]
        with pytest.raises(IndexError, match=r"^no document 4: the index holds 4$"):
            stored.members[4]
        with pytest.raises(IndexError, match=r"^no document -1: the index holds 4$"):
            stored.members[-1]
        assert stored.members[3] == Member(3, None, 1)
        assert stored.members[0] == Member(0, "2024-01-01", 5)


def test_candidate_pairs_since_a_document(tables) -> None:
    docs, _ = tables
    assert list(docs.pairs(0)) == ALL_PAIRS
    assert list(docs.pairs(1)) == ALL_PAIRS
    assert list(docs.pairs(2)) == ALL_PAIRS[1:]
    assert list(docs.pairs(3)) == ALL_PAIRS[1:]
    assert list(docs.pairs(4)) == [(4, 1), (4, 3)]
    assert list(docs.pairs(5)) == []


def test_candidate_pairs_of_some_documents(tables) -> None:
    docs, _ = tables
    assert docs.pairs_of([4, 1]) == [(1, 0), (4, 1), (4, 3)]
    assert docs.pairs_of([3]) == [(3, 0), (3, 2)]
    assert docs.pairs_of([0, 2]) == []
    assert docs.pairs_of([]) == []


def test_scores_of_verified_pairs_in_either_order(tables) -> None:
    docs, store = tables
    assert docs.score(3, 0) is None
    if store is not None:
        with store.transaction():
            store.add_edges([(3, 0, 0.75), (4, 1, 1.0)])
    docs.record_score(3, 0, 0.75)
    docs.record_score(1, 4, 1.0)
    assert docs.score(3, 0) == 0.75 and docs.score(0, 3) == 0.75
    assert docs.score(4, 1) == 1.0 and docs.score(1, 4) == 1.0
    assert docs.score(3, 2) is None


def test_resident_scores_are_forgotten_for_the_documents_revisited() -> None:
    docs = ResidentDocs(None)
    fill(docs, None)
    docs.record_score(3, 0, 0.75)
    docs.record_score(4, 1, 1.0)
    docs.record_score(2, 1, 0.9)
    docs.forget_scores([0])
    assert docs.score(3, 0) is None and docs.score(4, 1) == 1.0 and docs.score(2, 1) == 0.9
    docs.forget_scores(iter([1]))
    assert docs.score(4, 1) is None and docs.score(2, 1) is None
    docs.record_score(3, 2, 0.8)
    docs.record_score(4, 2, 0.85)
    docs.forget_scores([3])  # the later document of a pair
    assert docs.score(3, 2) is None and docs.score(4, 2) == 0.85
    docs.close()


def test_stored_docs_count_what_the_index_holds(tmp_path) -> None:
    with SQLiteStore(tmp_path / "index.sqlite", DedupConfig()) as store:
        fill(ResidentDocs(store), store)
        stored = StoredDocs(store)
        assert len(stored) == 5 and len(stored.members) == 5
        stored.reset(3)
        assert len(stored) == 3 and len(stored.members) == 3
        stored.append(DOCS[:2])
        assert len(stored) == 5
        stored.forget_scores([0])
        stored.record_score(4, 1, 0.5)
        assert stored.score(4, 1) is None  # the score is in the store's edges, written by the caller
        stored.add_pairs(5, np.array([[5, 0]]))
        assert list(stored.pairs(0)) == ALL_PAIRS  # the pairs are the store's
        stored.close()
        assert stored.body(0) == "body of a"  # the store stays open: its owner closes it


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts open files through /proc")
def test_resident_bodies_without_a_store_go_to_a_temporary_file_closed_with_the_table() -> None:
    before = len(os.listdir("/proc/self/fd"))
    docs = ResidentDocs(None)
    assert len(os.listdir("/proc/self/fd")) == before + 1
    docs.close()
    assert len(os.listdir("/proc/self/fd")) == before


def test_resident_bodies_with_a_store_are_read_from_it(tmp_path) -> None:
    with SQLiteStore(tmp_path / "index.sqlite", DedupConfig()) as store:
        before = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else None
        docs = ResidentDocs(store)
        if before is not None:
            assert len(os.listdir("/proc/self/fd")) == before  # no temporary file
        with store.transaction():
            store.add_docs([(0, "a", None, 5, "from the store", 0, b"")], {})
        docs.append([("a", None, 5, "not this one", 0)])
        assert docs.body(0) == "from the store"
        docs.close()


def test_pairs_in_memory_by_batch() -> None:
    pairs = _Pairs()
    pairs.add(2, np.array([[2, 0], [3, 1], [3, 2]]))
    pairs.add(4, np.zeros((0, 2), dtype=np.int64))  # a batch without pairs
    pairs.add(6, np.array([6, 5, 7, 0]))  # flat: read as rows of two
    assert list(pairs.since(0)) == [(2, 0), (3, 1), (3, 2), (6, 5), (7, 0)]
    assert list(pairs.since(3)) == [(3, 1), (3, 2), (6, 5), (7, 0)]
    assert list(pairs.since(4)) == [(6, 5), (7, 0)]
    assert list(pairs.since(7)) == [(7, 0)]
    assert list(pairs.since(8)) == []
    assert pairs.of([0, 1]) == []  # before the first batch
    assert pairs.of([6, 1]) == [(6, 5)]  # one before the first batch, one after
    assert pairs.of([7, 3, 2]) == [(2, 0), (3, 1), (3, 2), (7, 0)]
    assert pairs.of([4, 5]) == []
    assert pairs.of([6]) == [(6, 5)]
    assert all(isinstance(v, int) for pair in pairs.of([6]) for v in pair)


def test_stored_pairs_past_the_documents_counted_are_damage(tmp_path) -> None:
    # the count is the snapshot's: a pair naming a document past it cannot be from the same snapshot
    with SQLiteStore(tmp_path / "index.sqlite", DedupConfig()) as store:
        stored = StoredDocs(store)
        fill(stored, store)
        stored.reset(4)
        with pytest.raises(DedupIndexError, match=r"pairs row \(4, 1\) is not a candidate pair"):
            list(stored.pairs(0))
        with pytest.raises(DedupIndexError, match=r"pairs row \(4, 1\) is not a candidate pair"):
            stored.pairs_of([4])
        assert stored.pairs_of([3]) == [(3, 0), (3, 2)]
