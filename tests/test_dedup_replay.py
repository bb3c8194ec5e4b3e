"""The cluster replay (`newsclean.dedup.replay.Clustering`) on small corpora whose verdicts are
given by hand: the threshold reached exactly by a pair and by its canonical members, a failed
canonical check that skips one pair and not the ones after it, the counters of scored pairs and
canonical checks, and the cluster id (smallest member) and canonical member kept by ``join``."""

from __future__ import annotations

import pytest

from newsclean.dedup.cluster import Member
from newsclean.dedup.replay import Clustering, Judge


def _clustering(tokens: list[int], threshold: float = 0.7) -> Clustering:
    members = [Member(i, None, n) for i, n in enumerate(tokens)]
    clustering = Clustering(members.__getitem__, threshold)
    clustering.grow(len(tokens))
    return clustering


def _judge(scores: dict[tuple[int, int], float]) -> Judge:
    return lambda a, b: scores[(a, b)]


@pytest.mark.parametrize(("score", "joined"), [(0.69, []), (0.7, [(1, 0, 0.7)]), (0.71, [(1, 0, 0.71)])])
def test_a_pair_at_the_threshold_joins(score: float, joined: list[tuple[int, int, float]]) -> None:
    clustering = _clustering([100, 100])
    assert clustering.replay([(1, 0)], _judge({(1, 0): score})) == joined
    assert clustering.sets.connected(0, 1) is bool(joined)


@pytest.mark.parametrize(("canonical_score", "joins"), [(0.69, False), (0.7, True), (0.71, True)])
def test_canonical_members_at_the_threshold(canonical_score: float, joins: bool) -> None:
    # (1, 0) joins: canonical 0 (equal tokens: the smallest seq). (2, 1) scores 0.9, but its
    # canonical members are 2 and 0, judged on their own
    clustering = _clustering([100, 100, 100])
    scores = {(1, 0): 0.9, (2, 1): 0.9, (2, 0): canonical_score}
    joined = clustering.replay([(1, 0), (2, 1)], _judge(scores))
    assert joined == ([(1, 0, 0.9), (2, 1, 0.9)] if joins else [(1, 0, 0.9)])
    assert clustering.sets.connected(2, 0) is joins


def test_a_failed_canonical_check_skips_that_pair_only() -> None:
    clustering = _clustering([100, 100, 100, 100])
    scores = {(1, 0): 0.9, (2, 1): 0.9, (2, 0): 0.5, (3, 2): 0.8}
    joined = clustering.replay([(1, 0), (2, 1), (3, 2)], _judge(scores))
    assert joined == [(1, 0, 0.9), (3, 2, 0.8)]  # (3, 2): both their own canonicals, no check
    assert not clustering.sets.connected(2, 0)


def test_counters_of_scored_pairs_and_canonical_checks() -> None:
    clustering = _clustering([100, 100, 100, 100])
    scores = {(1, 0): 0.9, (2, 1): 0.9, (2, 0): 0.9, (3, 1): 0.9, (3, 0): 0.9}
    clustering.replay([(1, 0), (2, 1), (1, 0), (2, 0), (3, 1)], _judge(scores))
    # (1, 0) scored; (2, 1) scored and checked (canonicals 2, 0); (1, 0) and (2, 0) in one cluster:
    # skipped; (3, 1) scored and checked (canonicals 3, 0)
    assert (clustering.scored, clustering.canonical_checks) == (3, 2)
    clustering.replay([(2, 0), (3, 2)], _judge(scores))
    assert (clustering.scored, clustering.canonical_checks) == (3, 2)


def test_join_keeps_the_smallest_member_and_the_canonical_one() -> None:
    # 1 has the most tokens: canonical; 0 is the smallest member: the cluster id
    clustering = _clustering([100, 300, 200])
    clustering.join(0, 1)
    root = clustering.sets.find(0)
    assert (clustering.first[root], clustering.canon[root]) == (0, 1)
    clustering.join(2, 0)
    root = clustering.sets.find(2)
    assert (clustering.first[root], clustering.canon[root]) == (0, 1)


def test_grow_to_the_same_size_keeps_the_clusters() -> None:
    clustering = _clustering([100, 100])
    clustering.join(1, 0)
    clustering.grow(2)
    clustering.grow(1)
    assert len(clustering) == 2 and clustering.sets.connected(0, 1)
