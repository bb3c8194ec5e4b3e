"""Hugging Face ``datasets``: clean with ``Dataset.map``, drop copies with ``Dataset.filter``.

:class:`~newsclean.integrations.columns.CleanBatch` and
:class:`~newsclean.integrations.columns.KeepCanonical` are frozen dataclasses of
plain data: they pickle the same way every time, so the ``datasets``
fingerprint (and with it the on-disk cache) is stable across runs. Give ``map``
the :func:`features` so that an early batch of failed records cannot fix a
column's type to ``null``::

    from datasets import Dataset
    from newsclean.integrations.datasets import CleanBatch, KeepCanonical, features

    ds = Dataset.from_dict({"text": pages})
    fn = CleanBatch()
    cleaned = ds.map(fn, batched=True, features=features(ds.features, fn))
    marked = mark_duplicates(cleaned)                        # cluster_id, duplicate_of, similarity
    unique = marked.filter(KeepCanonical(), batched=True)

:func:`clean_dataset` does the ``map`` call for you; :func:`mark_duplicates` is the dedup
pass (:class:`newsclean.dedup.Deduplicator`, on one machine). Needs ``pip install newsclean[datasets]``.
"""

from __future__ import annotations

from typing import Any

from newsclean.config import CleanConfig
from newsclean.config_file import PipelineConfig
from newsclean.dedup import DedupConfig, Deduplicator
from newsclean.integrations import require
from newsclean.integrations.columns import METADATA_COLUMNS, CleanBatch, KeepCanonical

__all__ = ["METADATA_COLUMNS", "CleanBatch", "KeepCanonical", "clean_dataset", "features", "mark_duplicates"]


def features(input_features: Any, fn: CleanBatch | None = None) -> Any:
    """The ``datasets.Features`` after ``map(fn)``: the input's, plus string columns and a list of tags."""
    datasets = require("datasets", "datasets")
    fn = fn or CleanBatch()
    out = datasets.Features(dict(input_features))
    for name in fn.columns():
        out[name] = datasets.Value("string")
    list_type = getattr(datasets, "List", None) or datasets.Sequence
    out["tags"] = list_type(datasets.Value("string"))
    return out


def clean_dataset(
    dataset: Any,
    config: CleanConfig | PipelineConfig | None = None,
    text_column: str = "text",
    body_column: str = "body",
    batch_size: int = 256,
    num_proc: int | None = None,
) -> Any:
    """Clean a ``datasets.Dataset``: ``dataset.map`` with :class:`CleanBatch` and the right features.

    Adds ``body_column``, the metadata columns and ``clean_error``; the other columns are kept.
    ``num_proc`` is passed to ``map`` (worker processes).
    """
    require("datasets", "datasets")
    fn = CleanBatch(text_column=text_column, body_column=body_column, config=config)
    return dataset.map(
        fn,
        batched=True,
        batch_size=batch_size,
        num_proc=num_proc,
        features=features(dataset.features, fn),
        desc="newsclean",
    )


def mark_duplicates(
    dataset: Any,
    config: DedupConfig | None = None,
    id_column: str = "id",
    text_column: str = "body",
    published_column: str | None = "published",
    batch_size: int = 1000,
) -> Any:
    """Add ``cluster_id``, ``duplicate_of`` and ``similarity`` (``Assignment.to_dict()``) to a dataset.

    Runs :class:`~newsclean.dedup.Deduplicator` over the rows in order (ids must be
    unique; ``text_column`` holds cleaned bodies; ``published_column``, if present,
    feeds the canonical rule). A row whose text is missing is never a copy. Follow with
    ``dataset.filter(KeepCanonical(), batched=True)`` to keep one article per cluster.
    """
    datasets = require("datasets", "datasets")
    for name, role in ((id_column, "id_column"), (text_column, "text_column")):
        if name not in dataset.column_names:
            raise KeyError(f"no column {name!r} (columns: {', '.join(dataset.column_names)}); set {role}=")
    with_dates = published_column is not None and published_column in dataset.column_names
    columns = [id_column, text_column] + ([published_column] if with_dates else [])
    ids: list[str] = []
    with Deduplicator(config) as dedup:
        for batch in dataset.select_columns(columns).iter(batch_size=batch_size):
            dates = batch[published_column] if with_dates else [None] * len(batch[id_column])
            for doc_id, text, published in zip(batch[id_column], batch[text_column], dates, strict=True):
                ids.append(str(doc_id))
                dedup.add(str(doc_id), text if isinstance(text, str) else "", published)
        found = [dedup.assignment(doc_id).to_dict() for doc_id in ids]
    marks = datasets.Dataset.from_dict(
        {name: [row[name] for row in found] for name in ("cluster_id", "duplicate_of", "similarity")},
        features=datasets.Features(
            {
                "cluster_id": datasets.Value("int64"),
                "duplicate_of": datasets.Value("string"),
                "similarity": datasets.Value("float64"),
            }
        ),
    )
    return datasets.concatenate_datasets([dataset, marks], axis=1)
