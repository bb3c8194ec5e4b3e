"""The Ray dedup's candidate pairs, made partition by partition and group by group (numpy only, no Ray), are the
single-machine band index's: the same pairs under the same ``max_bucket`` and ``max_candidates`` bounds."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.dedup import LSHIndex
from newsclean.integrations.ray_dedup_blocks import best_candidates, bucket_pairs


def ray_candidates(keys: np.ndarray, cuts: list[int], partitions: int, max_bucket: int, limit: int) -> list:
    """Band keys of documents (one row each) cut into blocks at ``cuts``, then as the Ray stages pair them:
    each block's keys cut by partition, each partition's pairs, all pairs ranked (one group)."""
    edges = [0, *cuts, len(keys)]
    offsets = np.array(edges, dtype=np.int64)
    blocks = [keys[a:b] for a, b in pairwise(edges)]
    packed, weights = [], []
    for p in range(partitions):
        part_keys, part_rows = [], []
        for block in blocks:
            flat = block.reshape(-1)
            rows = np.repeat(np.arange(len(block), dtype=np.int32), block.shape[1])
            mine = flat % np.uint32(partitions) == p
            part_keys.append(flat[mine])
            part_rows.append(rows[mine])
        pairs, weight = bucket_pairs(part_keys, part_rows, offsets, max_bucket)
        packed.append(pairs)
        weights.append(weight)
    return best_candidates(packed, weights, limit).tolist()


documents = st.integers(min_value=1, max_value=40).flatmap(
    lambda n: st.tuples(
        st.lists(st.lists(st.integers(0, 6), min_size=3, max_size=3), min_size=n, max_size=n),
        st.lists(st.integers(0, n), max_size=4),
    )
)


@settings(max_examples=150, deadline=None)
@given(
    documents,
    st.integers(min_value=1, max_value=3),
    st.integers(min_value=1, max_value=5),
    st.integers(min_value=1, max_value=6),
)
def test_same_candidates_as_the_band_index(
    docs: tuple[list[list[int]], list[int]], partitions: int, max_bucket: int, limit: int
) -> None:
    """Few distinct keys per band, so buckets overflow ``max_bucket`` and documents exceed ``limit`` candidates
    (each band's keys its own, as the band number is part of a real band key)."""
    rows, cuts = docs
    keys = np.array(rows, dtype=np.uint32) + np.array([0, 100, 200], dtype=np.uint32)
    expected = LSHIndex(bands=3, rows=1, max_bucket=max_bucket).add_keys(keys, np.arange(len(keys)), limit)
    got = ray_candidates(keys, sorted(cuts), partitions, max_bucket, limit)
    assert got == expected.tolist()


def test_a_full_bucket_pairs_with_its_earliest_documents_only() -> None:
    """Five documents share one key, ``max_bucket`` 2: each pairs with the first two before it, at half weight
    once two are before it (the weights are the band index's, written out)."""
    keys = [np.array([9, 9, 9], dtype=np.uint32), np.array([9, 9], dtype=np.uint32)]
    rows = [np.array([0, 1, 2], dtype=np.int32), np.array([0, 1], dtype=np.int32)]
    packed, weight = bucket_pairs(keys, rows, np.array([0, 3, 5]), max_bucket=2)
    pairs = [(int(p >> 32), int(p & 0xFFFFFFFF)) for p in packed]
    assert pairs == [(1, 0), (2, 0), (2, 1), (3, 0), (3, 1), (4, 0), (4, 1)]
    assert weight.tolist() == [2**20, 2**19, 2**19, 2**19, 2**19, 2**19, 2**19]
