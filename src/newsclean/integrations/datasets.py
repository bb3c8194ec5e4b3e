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
    unique = marked.filter(KeepCanonical(), batched=True)  # after a dedup pass

:func:`clean_dataset` does the ``map`` call for you. Needs ``pip install newsclean[datasets]``.
"""

from __future__ import annotations

from typing import Any

from newsclean.config import CleanConfig
from newsclean.config_file import PipelineConfig
from newsclean.integrations import require
from newsclean.integrations.columns import METADATA_COLUMNS, CleanBatch, KeepCanonical

__all__ = ["METADATA_COLUMNS", "CleanBatch", "KeepCanonical", "clean_dataset", "features"]


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
