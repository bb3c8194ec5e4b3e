"""Ray Data cleaning against a real local Ray instance (run with ``tox -e ray``)."""

from __future__ import annotations

from typing import Any

import pytest

from newsclean import PipelineConfig, clean
from newsclean.integrations.ray import METADATA_COLUMNS, clean_dataset

pytestmark = pytest.mark.ray


def test_clean_dataset_matches_clean_row_for_row(ray_instance: Any, pages: list[str]) -> None:
    texts = ["", "  "] + pages * 4  # failures first: the column types must not become null
    ds = ray_instance.data.from_items([{"id": i, "text": t} for i, t in enumerate(texts)])
    out = clean_dataset(ds, batch_size=3)
    schema = out.schema()
    assert schema.names == ["id", "text", "body", *METADATA_COLUMNS, "clean_error"]
    assert str(schema.types[schema.names.index("title")]) == "string"
    assert str(schema.types[schema.names.index("tags")]) == "list<item: string>"
    rows = sorted(out.take_all(), key=lambda row: row["id"])
    assert [r["id"] for r in rows] == list(range(len(texts)))
    for row, text in zip(rows, texts, strict=True):
        if text.strip():
            article = clean(text)
            assert row["body"] == article.body and row["clean_error"] is None
            assert {k: row[k] for k in METADATA_COLUMNS if k != "tags"} == {
                k: v for k, v in article.metadata.to_dict().items() if k != "tags"
            }
            assert list(row["tags"]) == list(article.metadata.tags)
        else:
            assert row["body"] is None and row["clean_error"].startswith("EmptyDocumentError")


def test_config_and_in_place_body(ray_instance: Any, pages: list[str]) -> None:
    config = PipelineConfig.from_mapping({"pattern_filters": [{"name": "x", "regex": r".*\bthe\b.*"}]})
    ds = ray_instance.data.from_items([{"id": i, "text": t} for i, t in enumerate(pages)])
    rows = sorted(clean_dataset(ds, config=config, body_column="text").take_all(), key=lambda r: r["id"])
    assert [r["text"] for r in rows] == [clean(p, config).body for p in pages]


def test_short_import_name(ray_instance: Any) -> None:
    import newsclean.ray

    assert newsclean.ray.clean_dataset is clean_dataset
