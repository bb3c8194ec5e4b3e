"""Properties of near-duplicate detection, checked on generated inputs."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, example, given, settings
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
# equally long texts, whose two directions differ (0.5 one way, 1.0 the other): the larger counts
@example("market river\nbudget court", "market river\nmarket river")
@example("market river\nmarket river", "market river\nbudget court")
def test_score_is_symmetric(a: str, b: str) -> None:
    assert VERIFIER.score(a, b) == VERIFIER.score(b, a)
    assert VERIFIER.is_duplicate(a, b) == VERIFIER.is_duplicate(b, a)


def shuffled_words(a: str, seed: int) -> str:
    """``a`` with the words of each paragraph reordered: as long as ``a``, paragraph by paragraph."""
    rng = random.Random(seed)
    out = []
    for line in a.split("\n"):
        words = line.split(" ")
        rng.shuffle(words)
        out.append(" ".join(words))
    return "\n".join(out)


@FAST
@given(text, st.integers(min_value=0, max_value=1000))
def test_score_is_symmetric_between_equally_long_texts(a: str, seed: int) -> None:
    b = shuffled_words(a, seed)
    assert VERIFIER.score(a, b) == VERIFIER.score(b, a)
    assert VERIFIER.score(a, b, at_least=0.7) == VERIFIER.score(b, a, at_least=0.7)


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


# any text at all: words, numbers, punctuation, quotes, line ends of every kind, blank and wordless lines
messy = st.lists(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
    | st.sampled_from(["\n", "\r\n", "\r", " ", "2024", "3", "“quoted”", "é", "word", "---"]),
    max_size=40,
).map("".join)


@FAST
@given(st.lists(messy, min_size=1, max_size=4))
def test_line_keys_of_a_whole_text_are_those_of_its_paragraphs(texts: list[str]) -> None:
    """The evidence reads lines in one pass over a batch; the verifier keys a text's paragraphs one by one:
    both must give every paragraph the same key, or a template line would not be recognised."""
    from newsclean.dedup.lines import line_batch, paragraph_keys, paragraphs

    batch = line_batch(texts)
    for i, text in enumerate(texts):
        if any(c in text for c in "\x85\u2028\u2029"):
            continue  # lines end there for str.splitlines, not for the one pass (documented)
        expected = [int(k) for k in paragraph_keys(paragraphs(text)).tolist() if k]
        assert batch.key[batch.doc == i].tolist() == expected


@FAST
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(1, 3)), max_size=200), st.integers(1, 50))
def test_key_runs_answer_alike_in_memory_and_in_files(entries: list[tuple[int, int]], step: int) -> None:
    import tempfile

    from newsclean.dedup import disk_index
    from newsclean.dedup.keyruns import KeyRuns

    keys = np.array([k * 0x9E3779B97F4A7C15 % 2**64 for k, _ in entries], dtype=np.uint64)
    values = np.array([v for _, v in entries], dtype=np.int32)
    query = np.array([k * 0x9E3779B97F4A7C15 % 2**64 for k in range(45)], dtype=np.uint64)
    folder = tempfile.mkdtemp()
    disk_index._GROUP_ENTRIES, saved = (
        7,
        disk_index._GROUP_ENTRIES,
    )  # many slices per file (the groups are disk_index's)
    try:
        tables = [(KeyRuns("sum"), KeyRuns("sum", folder)), (KeyRuns("multi"), KeyRuns("multi", folder))]
        for start in range(0, len(entries), step):
            for table in (t for pair in tables for t in pair):
                table.add(keys[start : start + step], values[start : start + step])
        totals = {int(k): 0 for k in query}
        for k, v in zip(keys.tolist(), values.tolist(), strict=True):
            totals[k] += v
        for table in tables[0]:
            assert table.total(query).tolist() == [totals[int(k)] for k in query]
            assert table.contains(query).tolist() == [int(k) in set(keys.tolist()) for k in query]
        for table in tables[1]:
            where, found = table.find(query)
            assert sorted(zip(query[where].tolist(), found.tolist(), strict=True)) == sorted(
                zip(keys.tolist(), values.tolist(), strict=True)
            )
    finally:
        disk_index._GROUP_ENTRIES = saved
