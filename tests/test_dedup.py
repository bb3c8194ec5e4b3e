"""Near-duplicate detection: what is a copy, what is not, clusters, canonical members, the index."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

import newsclean
from newsclean.dedup import (
    DedupConfig,
    DedupIndexError,
    Deduplicator,
    LSHIndex,
    MinHasher,
    Verifier,
    candidate_probability,
    jaccard,
)
from newsclean.errors import ConfigError, NewscleanError

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dedup_helpers import article, copy_of

ROOT = Path(__file__).resolve().parent.parent


def run(docs: list[tuple[str, str, str | None]], config: DedupConfig | None = None) -> dict[str, tuple]:
    with Deduplicator(config) as dedup:
        dedup.add_many(docs)
        return {d: tuple(dedup.assignment(d).to_dict().values()) for d, _, _ in docs}


def test_trimmed_edited_copy_is_found_and_earliest_is_canonical() -> None:
    story = article(1)
    result = run(
        [
            ("copy", copy_of(story), "2024-05-02T10:00:00"),
            ("orig", story, "2024-05-01T09:00:00"),
            ("other", article(2), "2024-05-01T08:00:00"),
        ]
    )
    assert result["orig"] == (0, None, 1.0)
    assert result["copy"][:2] == (0, "orig")
    assert 0.9 <= result["copy"][2] <= 1.0
    assert result["other"] == (None, None, None)


def test_same_event_by_different_writers_is_not_a_copy() -> None:
    seeds = sorted((ROOT / "corpus_samples").glob("seed_*.txt"))
    bodies = [newsclean.clean(p.read_text(encoding="utf-8")).body for p in seeds]
    verifier = Verifier()
    for i in range(len(bodies)):
        for j in range(i + 1, len(bodies)):
            assert verifier.score(bodies[i], bodies[j]) < 0.2
    result = run([(p.name, b, None) for p, b in zip(seeds, bodies, strict=True)])
    assert all(value == (None, None, None) for value in result.values())


def test_a_shared_template_does_not_make_a_copy() -> None:
    template_top = "\n".join(["Home", "World", "Business", "Sign in", "Subscribe now for one dollar a week"])
    template_end = "\n".join(f"Related story number {i} about something else entirely" for i in range(6))
    a = f"{template_top}\n{article(3)}\n{template_end}"
    b = f"{template_top}\n{article(4)}\n{template_end}"
    assert run([("a", a, None), ("b", b, None)]) == {"a": (None, None, None), "b": (None, None, None)}


def test_too_short_documents_are_never_flagged() -> None:
    short = "A short notice of twenty words or so about the harbour closing early today because of the storm."
    assert run([("a", short, None), ("b", short, None)]) == {"a": (None, None, None), "b": (None, None, None)}
    verifier = Verifier()
    assert not verifier.is_duplicate(short, short)
    assert verifier.explain(short, short).reason.startswith("too short")


def test_canonical_rule_date_then_length_then_first_seen() -> None:
    story = article(5)
    longer = story + "\n\nOne more paragraph that only this version carries, long enough to count here too."
    result = run([("first", story, None), ("second", story + " ", None), ("longer", longer, None)])
    assert {k: v[1] for k, v in result.items()} == {"first": "longer", "second": "longer", "longer": None}
    result = run([("first", story, None), ("second", story + " ", None)])
    assert result["second"][1] == "first"
    result = run([("undated", longer, None), ("dated", story, "2020-01-01")])
    assert result["undated"][1] == "dated"


def test_explain_names_the_matched_paragraphs() -> None:
    story = article(6)
    with Deduplicator() as dedup:
        dedup.add_many([("a", story, None), ("b", copy_of(story), None)])
        explanation = dedup.explain("a", "b")
    assert explanation.is_duplicate
    assert explanation.contained == "b"
    matched = {m.a_index for m in explanation.matches}
    assert matched == set(range(7))  # the trimmed last paragraph (index 7) has no counterpart
    assert all(m.ratio >= 95 for m in explanation.matches)
    assert explanation.to_dict()["score"] == round(explanation.score, 4)


def test_a_failed_cleaning_cannot_chain_unrelated_articles() -> None:
    comments = "\n\n".join(article(100 + i, paragraphs=1, words=30) for i in range(6))
    docs = [(f"story{i}", article(10 + i) + "\n\n" + comments, None) for i in range(3)]
    docs.append(("leftovers", comments, None))  # a page whose body is only the shared comment section
    result = run(docs)
    clusters = [v[0] for k, v in result.items() if k.startswith("story") and v[0] is not None]
    assert len(clusters) == len(set(clusters))  # no two stories in one cluster
    assert result["leftovers"][0] in {*clusters, None}


def test_signatures_estimate_jaccard_and_lsh_finds_candidates() -> None:
    hasher = MinHasher(num_perm=128)
    a, b, c = hasher.signatures([article(7), copy_of(article(7)), article(8)])
    assert jaccard(a, b) > 0.5 and jaccard(a, c) < 0.1
    index = LSHIndex(bands=32, rows=4)
    pairs = index.add(np.stack([a, b, c]), np.arange(3)).tolist()
    assert pairs == [[1, 0]]
    assert candidate_probability(0.9, 32, 4) > 0.999


def test_config_errors_say_what_to_do() -> None:
    with pytest.raises(ConfigError, match="lower bands or rows"):
        DedupConfig(num_perm=64, bands=64, rows=2)
    with pytest.raises(NewscleanError):
        replace(DedupConfig(), threshold=0.0)


def test_index_is_incremental_and_refuses_other_parameters(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    story = article(9)
    with Deduplicator(index_path=path) as dedup:
        dedup.add_many([("orig", story, "2024-01-01"), ("other", article(10), None)])
    with Deduplicator(index_path=path) as dedup:
        dedup.add_many([("copy", copy_of(story), "2024-01-02"), ("orig", "ignored: already indexed", None)])
        assert dedup.assignment("copy").duplicate_of == "orig"
        assert dedup.assignment("orig").similarity == 1.0
        assert len(dedup) == 3
    with pytest.raises(
        DedupIndexError, match=r"was built with threshold=0\.7, not 0\.9: pass the same parameters"
    ):
        Deduplicator(DedupConfig(threshold=0.9), index_path=path)
    with pytest.raises(DedupIndexError, match="does not exist; create it"):
        Deduplicator(index_path=tmp_path / "missing" / "index.sqlite")
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(DedupIndexError, match="give a new --index path"):
        Deduplicator(index_path=junk)


def test_deduplicators_share_no_state() -> None:
    story = article(11)
    with Deduplicator() as one, Deduplicator() as two:
        one.add("a", story)
        two.add("b", story)
        assert one.assignment("a").cluster_id is None and two.assignment("b").cluster_id is None
        with pytest.raises(KeyError, match="add it first"):
            one.assignment("b")
