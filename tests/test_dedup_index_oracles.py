"""The LSH band index against references written in the test: the band keys by a pure-Python splitmix64,
the candidates by brute force (each key pairs a document with its earliest ``max_bucket`` holders, weighs
2**20 // how many), the bucket and the limit at, under and over their bounds, keys at the edges of the
index's segments, batches larger than one query slice, and the merge of two sorted runs."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

from newsclean.dedup import LSHIndex, candidate_probability
from newsclean.dedup.disk_index import DiskLSHIndex
from newsclean.dedup.index import _merge_sorted, _segment_matches, _sorted_run, key_weights
from newsclean.errors import ConfigError

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dedup_helpers import reference

MASK = 2**64 - 1
SALT = 0x9E3779B97F4A7C15


def splitmix(z: int) -> int:
    """The splitmix64 finaliser on one Python integer."""
    z ^= z >> 30
    z = (z * 0xBF58476D1CE4E5B9) & MASK
    z ^= z >> 27
    z = (z * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def band_key(band: int, values: list[int]) -> int:
    """A band's key as the module docstring describes it: the band number, then each value in turn."""
    key = (band * SALT) & MASK
    for j, value in enumerate(values):
        key = splitmix(key ^ ((value + (j + 1) * SALT) & MASK))
    return key >> 32


def pairs(
    index: LSHIndex, keys: list[list[int]], seqs: list[int], limit: int | None = None
) -> list[list[int]]:
    found: list[list[int]] = index.add_keys(np.array(keys, dtype=np.uint32), seqs, limit).tolist()
    return found


# -- the probability and the parameters ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("jaccard", "bands", "rows", "expected"),
    [
        (0.5, 2, 1, 0.75),  # 1 - (1 - 0.5) ** 2
        (0.5, 1, 2, 0.25),  # 1 - (1 - 0.25) ** 1
        (0.5, 3, 2, 0.578125),  # 1 - 0.75 ** 3
        (1.0, 4, 3, 1.0),
        (0.0, 4, 3, 0.0),
    ],
)
def test_candidate_probability(jaccard: float, bands: int, rows: int, expected: float) -> None:
    assert candidate_probability(jaccard, bands=bands, rows=rows) == pytest.approx(expected, abs=1e-12)
    assert isinstance(candidate_probability(jaccard, bands, rows), float)


def test_the_defaults_and_the_bounds_of_bands_and_rows() -> None:
    index = LSHIndex()
    assert (index.bands, index.rows, index.max_bucket, len(index)) == (32, 4, 64, 0)
    assert LSHIndex(bands=1, rows=1).bands == 1
    for bands, rows in ((0, 1), (1, 0), (-1, 4)):
        with pytest.raises(
            ConfigError, match=rf"^bands and rows must be positive, got bands={bands}, rows={rows}$"
        ):
            LSHIndex(bands=bands, rows=rows)
    index.close()  # nothing to release
    assert len(index) == 0


# -- band keys ----------------------------------------------------------------------------------------------


def test_band_keys_match_the_reference() -> None:
    signatures = np.array(
        [[1, 2, 3, 4, 5, 6], [0, 0, 0, 0, 99, 99], [2**32 - 1, 7, 3, 4, 0, 0]], dtype=np.uint32
    )
    index = LSHIndex(bands=2, rows=2)
    keys = index.keys(signatures)  # the last two values of each signature are left out: bands * rows = 4
    assert keys.dtype == np.uint32 and keys.shape == (3, 2)
    expected = [[band_key(b, row[2 * b : 2 * b + 2]) for b in range(2)] for row in signatures.tolist()]
    assert keys.tolist() == expected
    # rows of three: one band of values 1, 2, 3
    assert LSHIndex(bands=1, rows=3).keys(signatures[:1]).tolist() == [[band_key(0, [1, 2, 3])]]


def test_band_keys_wrap_around_without_a_warning() -> None:
    # the band salts overflow 64 bits on purpose (from the second row on): no RuntimeWarning for the caller
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        keys = LSHIndex(bands=4, rows=4).keys(np.full((2, 16), 2**32 - 1, dtype=np.uint32))
    assert keys.tolist()[0] == [band_key(b, [2**32 - 1] * 4) for b in range(4)]


def test_band_keys_depend_on_the_band_the_order_and_every_value() -> None:
    index = LSHIndex(bands=2, rows=2)
    keys = index.keys(np.array([[1, 2, 1, 2], [2, 1, 2, 1], [1, 3, 1, 2]], dtype=np.uint32)).tolist()
    assert keys[0][0] != keys[0][1]  # the same values in another band
    assert keys[0][0] != keys[1][0]  # the same values in another order
    assert keys[0][0] != keys[2][0] and keys[0][1] == keys[2][1]  # the second value of band 0


@pytest.mark.parametrize(("width", "ok"), [(3, False), (4, True), (5, True)])
def test_signatures_need_bands_times_rows_values(width: int, ok: bool) -> None:
    index = LSHIndex(bands=2, rows=2)
    signatures = np.zeros((2, width), dtype=np.uint32)
    if ok:
        assert index.keys(signatures).shape == (2, 2)
    else:
        with pytest.raises(
            ConfigError,
            match=r"^signatures need at least bands\*rows = 4 values each, got shape \(2, 3\): "
            r"make them with num_perm >= bands \* rows$",
        ):
            index.keys(signatures)


def test_a_signature_must_be_a_matrix() -> None:
    with pytest.raises(ConfigError, match=r"got shape \(8,\)"):
        LSHIndex(bands=2, rows=2).keys(np.zeros(8, dtype=np.uint32))


def test_add_hashes_the_signatures_into_band_keys() -> None:
    signatures = np.array([[1, 2, 3, 4], [1, 2, 9, 9], [5, 5, 3, 4]], dtype=np.uint32)
    index = LSHIndex(bands=2, rows=2)
    assert index.add(signatures[:2], [0, 1]).tolist() == [[1, 0]]  # the first band
    assert index.add(signatures[2:], [2]).tolist() == [[2, 0]]  # the second band
    assert len(index) == 3
    # the limit is passed on: document 3 shares a band with 0, 1 and 2, and keeps the earliest
    same = np.array([[1, 2, 3, 4]], dtype=np.uint32)
    assert index.add(same, [3], limit=1).tolist() == [[3, 0]]
    assert index.add(same, [4]).tolist() == [[4, 0], [4, 1], [4, 2], [4, 3]]


def test_one_band_keys_may_come_as_a_vector() -> None:
    index = LSHIndex(bands=1, rows=1)
    assert index.add_keys(np.array([5, 6, 5], dtype=np.uint32), [0, 1, 2]).tolist() == [[2, 0]]
    assert index.add_keys(np.array([6], dtype=np.uint32), [3]).tolist() == [[3, 1]]


# -- candidates ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("holders", "expected"), [(2, [0, 1]), (3, [0, 1, 2]), (4, [0, 1, 2])])
def test_a_key_pairs_with_at_most_max_bucket_earliest_holders(holders: int, expected: list[int]) -> None:
    for batched in (True, False):
        index = LSHIndex(bands=1, rows=1, max_bucket=3)
        if batched:
            pairs(index, [[7]] * holders, list(range(holders)))
        else:
            for seq in range(holders):
                pairs(index, [[7]], [seq])
        assert pairs(index, [[7]], [holders]) == [[holders, old] for old in expected], batched


@pytest.mark.parametrize("max_bucket", [2, 3, 4])
def test_max_bucket_within_one_batch(max_bucket: int) -> None:
    found = pairs(LSHIndex(bands=1, rows=1, max_bucket=max_bucket), [[7]] * 5, list(range(5)))
    expected = [[new, old] for new in range(5) for old in range(min(new, max_bucket))]
    assert found == expected


def test_max_bucket_is_spent_over_older_runs_first() -> None:
    index = LSHIndex(bands=1, rows=1, max_bucket=3)
    pairs(index, [[7], [8]], [0, 1])
    pairs(index, [[7]], [2])  # a run of its own
    pairs(index, [[8], [8]], [3, 4])
    # 5 holds 7 (0 and 2 before it) and 8 (1, 3, 4): 8's three earliest
    assert pairs(index, [[7], [8], [8]], [5, 6, 7]) == [
        [5, 0],
        [5, 2],
        [6, 1],
        [6, 3],
        [6, 4],
        [7, 1],
        [7, 3],
        [7, 4],
    ]


@pytest.mark.parametrize(
    ("limit", "expected"), [(1, [[9, 0]]), (2, [[9, 0], [9, 2]]), (3, [[9, 0], [9, 1], [9, 2]])]
)
def test_the_limit_keeps_the_heaviest_then_the_earliest(limit: int, expected: list[list[int]]) -> None:
    # document 9 shares with 0 a key no other document holds (2**20), with 1 two keys each held by four
    # earlier documents (2 * 2**18 = 2**19), with 2 one key held by two (2**19): 1 and 2 tie, 1 is earlier
    keys = [
        [100, 201, 300, 400],  # 0
        [101, 200, 301, 401],  # 1
        [102, 201, 302, 402],  # 2
        [103, 200, 303, 401],  # 3
        [104, 205, 304, 401],  # 4
        [105, 200, 305, 401],  # 5
        [106, 200, 306, 406],  # 6
        [107, 207, 307, 407],  # 7
        [108, 208, 308, 408],  # 8
    ]
    new = [[100, 201, 309, 401]]  # 100: 0 only; 201: 0 and 2; 401: 1, 3, 4, 5
    index = LSHIndex(bands=4, rows=1)
    pairs(index, keys, list(range(9)))
    found = pairs(index, new, [9], limit=limit)
    # weights: 0: 2**20 + 2**19 (100 and 201); 1, 3, 4, 5: 2**18 each (401); 2: 2**19 (201)
    ranked = {1: [[9, 0]], 2: [[9, 0], [9, 2]], 3: [[9, 0], [9, 1], [9, 2]]}
    assert found == ranked[limit] == expected
    assert reference(np.array([*keys, *new]), 64, limit)[-limit:] == expected


@pytest.mark.parametrize("limit", [3, 4, 5])
def test_a_document_with_limit_candidates_or_fewer_keeps_them_all(limit: int) -> None:
    index = LSHIndex(bands=1, rows=1)
    found = pairs(index, [[7]] * 5, list(range(5)), limit=limit)
    assert [p for p in found if p[0] == 4] == [[4, old] for old in range(min(4, limit))]
    assert len(found) == sum(min(n, limit) for n in range(5))


def test_equal_weights_keep_the_earliest() -> None:
    index = LSHIndex(bands=1, rows=1)
    assert pairs(index, [[7]] * 4, [10, 11, 12, 13], limit=2) == [
        [11, 10],
        [12, 10],
        [12, 11],
        [13, 10],
        [13, 11],
    ]


def test_an_empty_batch_has_no_pairs() -> None:
    index = LSHIndex(bands=2, rows=1)
    found = index.add_keys(np.zeros((0, 2), dtype=np.uint32), [])
    assert found.shape == (0, 2) and found.dtype == np.int64
    assert len(index) == 0
    found = index.add(np.zeros((0, 2), dtype=np.uint32), [], limit=3)
    assert found.shape == (0, 2)


def test_documents_sharing_nothing_have_no_pairs() -> None:
    index = LSHIndex(bands=2, rows=1)
    assert pairs(index, [[1, 2], [3, 4]], [0, 1]).__len__() == 0
    found = index.add_keys(np.array([[5, 6]], dtype=np.uint32), [2], limit=1)
    assert found.shape == (0, 2) and found.dtype == np.int64


def test_keys_at_the_edges_of_the_segments() -> None:
    # the index cuts its keys in 16 segments by their top four bits: keys on either side of each cut
    edges = [(s << 28) + d for s in range(1, 16) for d in (-1, 0)] + [0, 2**32 - 1]
    rows = [[key] for key in edges]
    index = LSHIndex(bands=1, rows=1)
    assert pairs(index, rows, list(range(len(rows)))) == []
    assert pairs(index, rows[::-1], list(range(100, 100 + len(rows)))) == [
        [100 + n, len(rows) - 1 - n] for n in range(len(rows))
    ]
    # and within one batch, with the batch's own later documents
    found = pairs(LSHIndex(bands=1, rows=1), rows + rows, list(range(2 * len(rows))))
    assert found == [[len(rows) + n, n] for n in range(len(rows))]


def test_a_batch_larger_than_a_query_slice_matches_the_reference() -> None:
    rng = np.random.default_rng(4)
    bands = 3
    values = rng.integers(0, 40, size=(700, bands))
    keys = (((np.arange(bands) * 977 + values) * 2654435761) % 2**32).astype(np.uint32)
    for max_bucket, limit in ((2, None), (5, 3)):
        index = LSHIndex(bands=bands, rows=1, max_bucket=max_bucket)
        found = index.add_keys(keys, np.arange(700), limit).tolist()
        assert found == reference(keys, max_bucket, limit)
        assert len(index) == 700


def test_many_equal_keys_in_one_batch_pair_with_the_earliest() -> None:
    index = LSHIndex(bands=1, rows=1, max_bucket=2)
    found = index.add_keys(np.full((3000, 1), 5, dtype=np.uint32), np.arange(3000))
    assert found[found[:, 0] == 2999].tolist() == [[2999, 0], [2999, 1]]
    assert found[found[:, 0] == 1].tolist() == [[1, 0]]
    assert len(found) == 1 + 2 * 2998


def test_runs_of_many_sizes_match_the_reference_in_memory_and_on_disk(tmp_path: Path) -> None:
    rng = np.random.default_rng(11)
    bands = 4
    values = rng.integers(0, 6, size=(400, bands))
    keys = (((np.arange(bands) * 13 + values) * 2654435761) % 2**32).astype(np.uint32)
    for max_bucket, limit in ((2, None), (4, 2)):
        expected = reference(keys, max_bucket, limit)
        for make in (LSHIndex, DiskLSHIndex):
            index = make(bands=bands, rows=1, max_bucket=max_bucket)
            found, start = [], 0
            for size in (1, 1, 2, 5, 40, 3, 90, 1, 257, 0):
                found += index.add_keys(
                    keys[start : start + size], np.arange(start, start + size), limit
                ).tolist()
                start += size
            index.close()
            assert found == expected, (make.__name__, max_bucket, limit)


# -- weights and merges -------------------------------------------------------------------------------------


def test_key_weights() -> None:
    got = key_weights(np.array([0, 1, 2, 3, 64, 2**20, 2**20 + 1]))
    assert got.tolist() == [2**20, 2**20, 2**19, 349525, 2**14, 1, 0]
    assert got.dtype == np.int64


def test_merge_sorted_keeps_the_older_first_among_equal_keys() -> None:
    older = (np.array([1, 3, 3, 5], dtype=np.uint32), np.array([10, 11, 12, 13], dtype=np.int32))
    newer = (np.array([0, 3, 6], dtype=np.uint32), np.array([20, 21, 22], dtype=np.int32))
    keys, seqs = _merge_sorted(older, newer)
    assert keys.tolist() == [0, 1, 3, 3, 3, 5, 6]
    assert seqs.tolist() == [20, 10, 11, 12, 21, 13, 22]
    assert keys.dtype == np.uint32 and seqs.dtype == np.int32
    wide = (np.array([2**40], dtype=np.uint64), np.array([1], dtype=np.int32))
    keys, seqs = _merge_sorted(
        wide, (np.array([2**40, 2**41], dtype=np.uint64), np.array([2, 3], dtype=np.int32))
    )
    assert keys.tolist() == [2**40, 2**40, 2**41] and seqs.tolist() == [1, 2, 3]
    assert keys.dtype == np.uint64
    # keys of two widths: the wider one is kept, whichever run holds it
    narrow = (np.array([3, 2**32 - 1], dtype=np.uint32), np.array([4, 5], dtype=np.int32))
    for runs in ((wide, narrow), (narrow, wide)):
        keys, seqs = _merge_sorted(*runs)
        assert keys.dtype == np.uint64
        assert keys.tolist() == [3, 2**32 - 1, 2**40] and seqs.tolist() == [4, 5, 1]
    keys, seqs = _merge_sorted(older, (np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.int32)))
    assert keys.tolist() == [1, 3, 3, 5] and seqs.tolist() == [10, 11, 12, 13]


def test_a_sorted_run_is_keys_in_order_then_sequence_numbers_as_32_bit_keys() -> None:
    """Band keys of three documents (two bands each) flattened and sorted by key, equal keys in sequence
    order: worked out by hand, and the keys stay 32-bit (a run is most of the index's memory)."""
    keys = np.array([[7, 2**32 - 1], [7, 0], [3, 7]], dtype=np.uint32)
    seqs = np.array([4, 5, 9], dtype=np.int32)
    run_keys, run_seqs = _sorted_run(keys, seqs)
    assert run_keys.tolist() == [0, 3, 7, 7, 7, 2**32 - 1]
    assert run_seqs.tolist() == [5, 9, 4, 5, 9, 4]
    assert run_keys.dtype == np.uint32


def test_segment_matches_counts_a_key_s_entries_up_to_the_budget() -> None:
    """Keys found once, three times, past the end and before the start, worked out by hand."""
    run = (np.array([2, 5, 5, 5, 9], dtype=np.uint32), np.array([0, 1, 2, 3, 4], dtype=np.int32))
    query = (np.array([1, 2, 5, 10], dtype=np.uint32), np.array([7, 8, 9, 6], dtype=np.int32))
    pairs, counts, entries = _segment_matches(run, query, np.array([3, 3, 2, 3]), same_batch=False)
    assert counts.tolist() == [0, 1, 2, 0]
    assert pairs.tolist() == [[8, 0], [9, 1], [9, 2]]
    assert entries.tolist() == [1, 2, 2]
