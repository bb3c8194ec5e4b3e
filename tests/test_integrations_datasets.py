"""Hugging Face datasets: batched map and filter functions, stable fingerprints, identical results."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

datasets = pytest.importorskip("datasets")

from datasets.fingerprint import Hasher  # noqa: E402

from newsclean import CleanConfig, PipelineConfig, clean  # noqa: E402
from newsclean.integrations.datasets import (  # noqa: E402
    METADATA_COLUMNS,
    CleanBatch,
    KeepCanonical,
    clean_dataset,
    features,
    mark_duplicates,
)


@pytest.fixture(scope="module")
def pages(samples: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(samples.glob("*.txt"))]


@pytest.fixture()
def dataset(pages: list[str]):  # type: ignore[no-untyped-def]
    texts = ["", "  "] + pages * 3  # failures first: the column types must still be right
    return datasets.Dataset.from_dict({"id": [f"r{i}" for i in range(len(texts))], "text": texts})


def test_map_adds_body_metadata_and_errors(dataset) -> None:  # type: ignore[no-untyped-def]
    out = clean_dataset(dataset, batch_size=2)
    assert out.column_names == ["id", "text", "body", *METADATA_COLUMNS, "clean_error"]
    rows = out.to_list()
    assert rows[0]["body"] is None and rows[0]["clean_error"].startswith("EmptyDocumentError:")
    for row in rows[2:]:
        article = clean(row["text"])
        assert row["body"] == article.body and row["clean_error"] is None
        assert {k: row[k] for k in METADATA_COLUMNS} == article.metadata.to_dict()


def test_plain_map_with_features_and_in_place_body(dataset) -> None:  # type: ignore[no-untyped-def]
    fn = CleanBatch(body_column="text")
    out = dataset.map(fn, batched=True, batch_size=3, features=features(dataset.features, fn))
    assert out["text"][2] == clean(dataset["text"][2]).body
    assert out.features["tags"].feature == datasets.Value("string")


def test_hash_is_stable_across_constructions() -> None:
    config = CleanConfig(disabled=frozenset({"tags", "menu_run", "dates"}))
    assert Hasher.hash(CleanBatch(config=config)) == Hasher.hash(CleanBatch(config=config))
    assert Hasher.hash(CleanBatch()) == Hasher.hash(CleanBatch())
    assert Hasher.hash(CleanBatch()) != Hasher.hash(CleanBatch(body_column="text"))
    assert Hasher.hash(KeepCanonical()) == Hasher.hash(KeepCanonical())
    patterns = {"pattern_filters": [{"name": "x", "regex": "x+"}]}
    assert Hasher.hash(CleanBatch(config=PipelineConfig.from_mapping(patterns))) == Hasher.hash(
        CleanBatch(config=PipelineConfig.from_mapping(patterns))
    )


def test_hash_is_stable_across_processes() -> None:
    code = (
        "from datasets.fingerprint import Hasher\n"
        "from newsclean import CleanConfig\n"
        "from newsclean.integrations.datasets import CleanBatch\n"
        "print(Hasher.hash(CleanBatch(config=CleanConfig(disabled=frozenset({'tags', 'menu_run', 'dates'})))))\n"
    )
    hashes = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(hashes) == 1


def test_map_results_and_fingerprints_are_identical_across_runs(dataset) -> None:  # type: ignore[no-untyped-def]
    first = clean_dataset(dataset, batch_size=4)
    second = clean_dataset(dataset, batch_size=4)
    assert first._fingerprint == second._fingerprint
    assert first.to_list() == second.to_list()
    assert clean_dataset(dataset, batch_size=4, num_proc=2).to_list() == first.to_list()


def test_filter_keeps_one_article_per_cluster() -> None:
    marked = datasets.Dataset.from_dict(
        {
            "id": ["a", "b", "c", "d"],
            "cluster_id": ["a", "a", "c", "a"],
            "duplicate_of": [None, "a", None, "a"],
        }
    )
    kept = marked.filter(KeepCanonical(), batched=True, batch_size=3)
    assert kept["id"] == ["a", "c"]


def test_missing_columns_say_what_to_do() -> None:
    with pytest.raises(KeyError, match="name the text column with text_column="):
        CleanBatch()({"content": ["x"]})
    with pytest.raises(KeyError, match="run a dedup pass first"):
        KeepCanonical()({"id": ["x"]})


def test_dedup_pass_then_filter_keeps_one_per_cluster(pages: list[str]) -> None:
    from newsclean.dedup import Deduplicator

    bodies = [clean(p).body for p in pages]
    texts = [bodies[0], "UPDATED\n\n" + bodies[0], bodies[1], bodies[2], bodies[1] + "\n\nEditor's note."]
    dates = [None, "2024-01-01T00:00:00", None, None, None]
    ds = datasets.Dataset.from_dict({"id": list("abcde"), "body": texts, "published": dates})
    marked = mark_duplicates(ds, batch_size=2)
    assert marked.column_names == ["id", "body", "published", "cluster_id", "duplicate_of", "similarity"]
    with Deduplicator() as dedup:
        dedup.add_many(zip(ds["id"], texts, dates, strict=True))
        expected = [dedup.assignment(i).to_dict() for i in ds["id"]]
    assert [{k: r[k] for k in ("cluster_id", "duplicate_of", "similarity")} for r in marked] == expected
    assert marked["duplicate_of"][0] == "b"  # the dated copy is canonical
    kept = marked.filter(KeepCanonical(), batched=True)
    assert list(kept["id"]) == ["b", "d", "e"]  # c's copy e is longer: the canonical rule picks it
