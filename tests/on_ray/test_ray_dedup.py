"""Ray Data dedup against a real local Ray instance: the single-machine Deduplicator's results exactly."""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

import pytest

from newsclean import clean

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from dedup_helpers import template_corpus

dedup = pytest.importorskip("newsclean.dedup")  # the single-machine dedup, merged from its own branch
DedupConfig = dedup.DedupConfig
Deduplicator = dedup.Deduplicator

pytestmark = pytest.mark.ray


def corpus(pages: list[str], seed: int = 7) -> list[dict[str, Any]]:
    """Originals, edited copies (headline, trimmed, dropped paragraph, typos), mixtures and a short text."""
    rng = random.Random(seed)
    bodies = [clean(p).body for p in pages]
    docs: list[dict[str, Any]] = []
    for a, body in enumerate(bodies):
        paragraphs = body.split("\n\n")
        docs.append({"text": body, "published": f"2024-0{1 + a % 9}-1{a % 10}T10:00:00"})
        for c in range(rng.randint(1, 4)):
            edited = list(paragraphs)
            if rng.random() < 0.8:
                edited.insert(0, f"Headline number {c} for story {a}")
            if rng.random() < 0.5 and len(edited) > 3:
                edited = edited[:-1]
            if rng.random() < 0.3 and len(edited) > 4:
                del edited[len(edited) // 2]
            if rng.random() < 0.5:
                edited = [p.replace(" the ", " teh ", 1) for p in edited]
            published = rng.choice([None, f"2024-0{1 + a % 9}-0{c + 1}T08:00:00Z", "2024-12-31"])
            docs.append({"text": "\n\n".join(edited), "published": published})
    for a in range(len(bodies) - 1):  # halves of two stories: a copy of neither, a bridge between them
        first, second = bodies[a].split("\n\n"), bodies[a + 1].split("\n\n")
        mixed = first[: len(first) // 2 + 1] + second[len(second) // 2 :]
        docs.append({"text": "\n\n".join(mixed), "published": None})
    docs.append({"text": "Too short to compare.", "published": None})
    rng.shuffle(docs)
    return [
        {"id": f"doc-{i:03d}", "body": d["text"], "published": d["published"]} for i, d in enumerate(docs)
    ]


def single_machine(docs: list[dict[str, Any]], config: Any) -> list[dict[str, Any]]:
    with Deduplicator(config) as dedup:
        dedup.add_many((d["id"], d["body"], d["published"]) for d in docs)
        return [{"id": d["id"], **dedup.assignment(d["id"]).to_dict()} for d in docs]


@pytest.mark.parametrize("config", [DedupConfig(), DedupConfig(min_tokens=20, threshold=0.6, max_bucket=4)])
def test_same_clusters_as_the_single_machine_deduplicator(
    ray_instance: Any, pages: list[str], config: Any
) -> None:
    from newsclean.integrations.ray_dedup import dedup_dataset

    docs = corpus(pages)
    expected = single_machine(docs, config)
    assert sum(e["duplicate_of"] is not None for e in expected) >= 6  # the corpus has copies to find
    ds = ray_instance.data.from_items(docs)
    out = dedup_dataset(ds, config, num_partitions=3, batch_size=7)
    rows = out.take_all()
    assert [r["id"] for r in rows] == [d["id"] for d in docs]  # input order kept
    assert out.columns() == ["id", "body", "published", "cluster_id", "duplicate_of", "similarity"]
    got = [{k: r[k] for k in ("id", "cluster_id", "duplicate_of", "similarity")} for r in rows]
    assert got == expected


def test_keep_canonical_after_dedup(ray_instance: Any, pages: list[str]) -> None:
    from newsclean.integrations.ray_dedup import dedup_dataset

    docs = corpus(pages, seed=3)
    out = dedup_dataset(ray_instance.data.from_items(docs))
    kept = out.filter(lambda row: row["duplicate_of"] is None).take_all()
    expected = [e for e in single_machine(docs, DedupConfig()) if e["duplicate_of"] is None]
    assert [r["id"] for r in kept] == [e["id"] for e in expected]


def test_missing_columns_say_which_to_set(ray_instance: Any) -> None:
    from newsclean.integrations.ray_dedup import dedup_dataset

    with pytest.raises(KeyError, match="set text_column="):
        dedup_dataset(ray_instance.data.from_items([{"id": "a", "text": "x"}]))


def test_repeated_ids_are_refused(ray_instance: Any) -> None:
    from newsclean.integrations.ray_dedup import dedup_dataset

    rows = [{"id": "a", "body": "one text"}, {"id": "b", "body": "two"}, {"id": "a", "body": "three"}]
    with pytest.raises(ValueError, match="not unique"):
        dedup_dataset(ray_instance.data.from_items(rows))


def template_rows(pages: bool) -> list[dict[str, Any]]:
    """The template corpus of the dedup tests: furniture in the bodies, or only in the pages they came from."""
    rows = []
    for doc_id, text, url, _ in template_corpus(seed=4):
        body = "\n\n".join(text.split("\n\n")[2:-1]) if pages else text  # cleaned: the article alone
        rows.append({"id": doc_id, "body": body, "page": text, "url": url, "published": None})
    return rows


@pytest.mark.parametrize("pages", [False, True])
def test_template_evidence_gives_the_single_machine_clusters(ray_instance: Any, pages: bool) -> None:
    from newsclean.integrations.ray_dedup import dedup_dataset

    rows = template_rows(pages)
    config = DedupConfig(batch_size=5)
    with Deduplicator(config) as dedup:
        for r in rows:
            dedup.add(r["id"], r["body"], None, r["page"] if pages else None, r["url"])
        expected = [{"id": r["id"], **dedup.assignment(r["id"]).to_dict()} for r in rows]
    assert sum(e["cluster_id"] is not None for e in expected) >= 6
    assert all(e["cluster_id"] is None for e in expected if not e["id"].startswith("w"))
    out = dedup_dataset(
        ray_instance.data.from_items(rows),
        config,
        num_partitions=3,
        batch_size=4,
        page_column="page" if pages else None,
    )
    got = [{k: r[k] for k in ("id", "cluster_id", "duplicate_of", "similarity")} for r in out.take_all()]
    assert got == expected


def test_two_nodes_give_the_single_machine_clusters(two_nodes: Any, pages: list[str]) -> None:
    """Blocks, band-key partitions and groups of blocks spread over two nodes (two object stores): the
    pairs and texts cross between them, and the results are still the single-machine deduplicator's."""
    from newsclean.integrations.ray_dedup import dedup_dataset

    alive = [node for node in two_nodes.nodes() if node["Alive"]]
    assert len(alive) == 2
    docs = corpus(pages, seed=11)
    expected = single_machine(docs, DedupConfig())
    assert sum(e["duplicate_of"] is not None for e in expected) >= 6
    ds = two_nodes.data.from_items(docs, override_num_blocks=12)
    out = dedup_dataset(ds, num_partitions=3, batch_size=5)
    got = [{k: r[k] for k in ("id", "cluster_id", "duplicate_of", "similarity")} for r in out.take_all()]
    assert got == expected

    rows = template_rows(pages=True)
    config = DedupConfig(batch_size=5)
    with Deduplicator(config) as dedup:
        for r in rows:
            dedup.add(r["id"], r["body"], None, r["page"], r["url"])
        expected = [{"id": r["id"], **dedup.assignment(r["id"]).to_dict()} for r in rows]
    ds = two_nodes.data.from_items(rows, override_num_blocks=6)
    out = dedup_dataset(ds, config, num_partitions=2, page_column="page")
    got = [{k: r[k] for k in ("id", "cluster_id", "duplicate_of", "similarity")} for r in out.take_all()]
    assert got == expected


def test_empty_blocks_and_an_empty_dataset(ray_instance: Any) -> None:
    """Fewer rows than blocks (Ray Data then makes blocks without rows or columns), a missing body, and no
    rows at all: every row comes out, with the dedup columns."""
    from newsclean.integrations.ray_dedup import dedup_dataset

    rows = [{"id": "a", "body": "one short text"}, {"id": "b", "body": None}]
    out = dedup_dataset(ray_instance.data.from_items(rows, override_num_blocks=8))
    assert out.take_all() == [
        {"id": "a", "body": "one short text", "cluster_id": None, "duplicate_of": None, "similarity": None},
        {"id": "b", "body": None, "cluster_id": None, "duplicate_of": None, "similarity": None},
    ]
    empty = ray_instance.data.from_items(rows).filter(lambda row: False)
    out = dedup_dataset(empty)
    assert out.take_all() == []
    assert out.columns() == ["id", "body", "cluster_id", "duplicate_of", "similarity"]
