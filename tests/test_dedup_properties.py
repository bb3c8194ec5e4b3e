"""Properties of near-duplicate detection, checked on generated inputs."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsclean.dedup import DedupConfig, Deduplicator, MinHasher, Verifier, jaccard

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dedup_helpers import WORDS, article

word = st.sampled_from(WORDS[:12])
paragraph = st.lists(word, min_size=1, max_size=30).map(" ".join)
text = st.lists(paragraph, min_size=1, max_size=8).map("\n".join)
long_text = st.lists(st.lists(word, min_size=12, max_size=30).map(" ".join), min_size=5, max_size=8).map(
    "\n".join
)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
VERIFIER = Verifier()


@FAST
@given(text, text)
def test_score_is_symmetric(a: str, b: str) -> None:
    assert VERIFIER.score(a, b) == VERIFIER.score(b, a)
    assert VERIFIER.is_duplicate(a, b) == VERIFIER.is_duplicate(b, a)


@FAST
@given(text, text)
def test_score_is_between_zero_and_one(a: str, b: str) -> None:
    assert 0.0 <= VERIFIER.score(a, b) <= 1.0


@FAST
@given(long_text)
def test_a_document_is_a_duplicate_of_itself(a: str) -> None:
    assert VERIFIER.score(a, a) == 1.0
    assert VERIFIER.is_duplicate(a, a)
    signature = MinHasher().signature(a)
    assert jaccard(signature, signature) == 1.0


@FAST
@given(text)
def test_signatures_do_not_depend_on_the_batch(a: str) -> None:
    hasher = MinHasher()
    alone = hasher.signature(a)
    in_batch = hasher.signatures([article(1), a, article(2)])[1]
    assert np.array_equal(alone, in_batch)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(min_value=0, max_value=6), min_size=1, max_size=8), st.data())
def test_reindexing_a_batch_is_idempotent(tmp_path_factory, seeds: list[int], data: st.DataObject) -> None:
    path = tmp_path_factory.mktemp("index") / "index.sqlite"
    # repeated seeds make exact copies; ids are unique
    docs = [(f"d{i}", article(seed), None) for i, seed in enumerate(seeds)]
    config = DedupConfig(batch_size=data.draw(st.integers(min_value=1, max_value=4)))
    with Deduplicator(config, index_path=path) as first:
        first.add_many(docs)
        before = [first.assignment(d) for d, _, _ in docs]
    with Deduplicator(config, index_path=path) as second:
        second.add_many(docs)
        after = [second.assignment(d) for d, _, _ in docs]
        assert len(second) == len(docs)
    assert before == after
    with Deduplicator(config) as fresh:
        fresh.add_many(docs)
        assert [fresh.assignment(d) for d, _, _ in docs] == before
