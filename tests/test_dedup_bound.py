"""The work per document is bounded: a pile of look-alikes costs at most a constant number of verifications each."""

from __future__ import annotations

import random
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

from newsclean.dedup import DedupConfig, Deduplicator, LSHIndex, MinHasher

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dedup_helpers import article, copy_of, reference

K = 8


def excerpts(count: int, seed: int = 3) -> list[tuple[str, str, str | None]]:
    """Windows of 3-8 consecutive paragraphs of a pool of 60: every document looks like hundreds of others."""
    pool = [p for s in range(8) for p in article(500 + s, paragraphs=8).split("\n\n")]
    rng = random.Random(seed)
    docs = []
    for i in range(count):
        start = rng.randrange(len(pool) - 8)
        docs.append((f"d{i}", "\n\n".join(pool[start : start + rng.randint(3, 8)]), None))
    return docs


def run(
    docs: list[tuple[str, str, str | None]], config: DedupConfig
) -> tuple[dict[str, tuple], Deduplicator]:
    with Deduplicator(config) as dedup:
        dedup.add_many(docs)
        result = {d: tuple(dedup.assignment(d).to_dict().values()) for d, _, _ in docs}
    return result, dedup


def test_verifications_per_document_are_bounded_on_a_pile_of_excerpts() -> None:
    docs = excerpts(2000)
    config = DedupConfig(max_candidates=K, batch_size=500)
    _, dedup = run(docs, config)
    stats = dedup.stats
    assert stats.documents == len(docs)
    assert stats.candidates <= K * len(docs)
    assert stats.scored <= stats.candidates
    assert stats.scored + stats.canonical_checks <= 2 * K * len(docs)
    # without the bound the same corpus has many times more candidate pairs to verify
    hasher = MinHasher(config.num_perm, config.shingle_size, config.seed)
    signatures = hasher.signatures([text for _, text, _ in docs])
    unbounded = LSHIndex(config.bands, config.rows, config.max_bucket).add(signatures, np.arange(len(docs)))
    assert len(unbounded) > 10 * K * len(docs)


def test_thousands_of_copies_of_one_page_cost_about_one_verification_each() -> None:
    story = article(42)
    docs = [(f"c{i}", copy_of(story, seed=i), None) for i in range(2000)]
    result, dedup = run(docs, DedupConfig(max_candidates=K, batch_size=500))
    assert len({value[0] for value in result.values()}) == 1  # one cluster
    assert sum(value[1] is None for value in result.values()) == 1  # one canonical member
    assert dedup.stats.candidates <= K * len(docs)
    assert dedup.stats.scored + dedup.stats.canonical_checks <= 2 * len(docs)


def test_the_bound_changes_nothing_where_documents_have_fewer_candidates() -> None:
    docs: list[tuple[str, str, str | None]] = []
    for family in range(40):
        story = article(700 + family)
        docs.append((f"s{family}", story, f"2024-01-{1 + family % 28:02d}"))
        docs += [(f"s{family}-{c}", copy_of(story, seed=c), None) for c in range(family % 4)]
    random.Random(5).shuffle(docs)
    bounded, dedup = run(docs, DedupConfig())
    unbounded, _ = run(docs, replace(DedupConfig(), max_candidates=10**6))
    assert bounded == unbounded
    assert dedup.stats.candidates < DedupConfig().max_candidates * len(docs)
    assert sum(value[1] is not None for value in bounded.values()) == sum(f % 4 for f in range(40))


def test_the_candidates_kept_share_the_most_bands_then_come_first() -> None:
    index = LSHIndex(bands=4, rows=1)
    old = np.array([[1, 2, 3, 4], [1, 9, 9, 9], [1, 2, 8, 8], [7, 7, 7, 7]], dtype=np.uint32)
    index.add(old, np.arange(4))
    new = np.array([[1, 2, 3, 5]], dtype=np.uint32)  # shares 3 bands with 0, 2 with 2, 1 with 1
    assert index.add(new, [4], limit=2).tolist() == [[4, 0], [4, 2]]  # sorted by sequence number
    assert LSHIndex(bands=4, rows=1).add(np.concatenate([old, new]), np.arange(5), limit=1).tolist() == [
        [1, 0],
        [2, 0],
        [4, 0],
    ]


def test_a_crowded_band_key_pairs_with_its_earliest_documents_across_batches() -> None:
    index = LSHIndex(bands=1, rows=1, max_bucket=3)
    same = np.ones((1, 1), dtype=np.uint32)
    for seq in range(10):
        index.add(same, [seq])
    assert index.add(same, [10]).tolist() == [[10, 0], [10, 1], [10, 2]]
    batch = LSHIndex(bands=1, rows=1, max_bucket=3).add(np.ones((6, 1), dtype=np.uint32), np.arange(6))
    assert batch[batch[:, 0] == 5].tolist() == [[5, 0], [5, 1], [5, 2]]


def test_the_index_matches_a_brute_force_reference_over_batches_and_merges() -> None:
    rng = np.random.default_rng(9)
    bands = 6
    values = rng.integers(0, 5, size=(900, bands))
    keys = (((np.arange(bands) * 7 + values) * 2654435761) % 2**32).astype(np.uint32)  # spread over segments
    for max_bucket, limit in ((3, None), (3, 2), (50, 4)):
        index, found, start = LSHIndex(bands=bands, rows=1, max_bucket=max_bucket), [], 0
        for size in (1, 7, 100, 3, 300, 289, 200):  # uneven batches: runs of every size, merged
            found += index.add_keys(
                keys[start : start + size], np.arange(start, start + size), limit
            ).tolist()
            start += size
        assert found == reference(keys, max_bucket, limit)


def test_ray_pipeline_keeps_the_same_candidates_as_the_index() -> None:
    """The Ray dedup's per-document selection (the weights of shared band keys summed over the partitions
    the pairs came from) keeps the pairs the single-machine index keeps: the ``limit`` sharing the most
    weight, then the earliest."""
    from newsclean.dedup.index import _best
    from newsclean.integrations.ray_dedup_blocks import best_candidates

    rng = np.random.default_rng(5)
    new = rng.integers(50, 60, size=3000)
    pairs = np.stack([new, rng.integers(0, 50, size=3000)], axis=1).astype(np.int64)
    for limit in (1, 3, 8, 100):
        weights = rng.integers(1, 2**20, size=len(pairs))
        expected = _best(pairs, limit, weights).tolist()
        packed = (pairs[:, 0] << np.int64(32)) | pairs[:, 1]
        part = rng.integers(0, 3, size=len(pairs))  # the band-key partition each (pair, key) came from
        got = best_candidates(
            [packed[part == p] for p in range(3)], [weights[part == p] for p in range(3)], limit
        )
        assert got.tolist() == expected
