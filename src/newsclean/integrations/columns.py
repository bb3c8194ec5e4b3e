"""Columnar cleaning: one batch of texts in, body, metadata and error columns out.

The shared core of the ``datasets`` and Ray integrations. A batch is a mapping of
column name to a sequence of values (a dict of lists, or of NumPy arrays).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from newsclean.api import clean
from newsclean.config import CleanConfig
from newsclean.config_file import PipelineConfig
from newsclean.errors import NewscleanError

#: Metadata columns added next to the body, in this order.
METADATA_COLUMNS = ("title", "byline", "agency", "published", "dateline", "section", "tags")


@dataclass(frozen=True)
class CleanBatch:
    """Clean the ``text_column`` of a batch; returns the new columns.

    ``body_column`` gets the article body (``None`` when the record failed), the
    metadata columns (:data:`METADATA_COLUMNS`) what was learned, and
    ``error_column`` the failure message or ``None``. A failed record never stops the
    batch. Set ``body_column`` to ``text_column`` to replace the text in place.
    Frozen and made of plain data, so it pickles and hashes the same every time.

    >>> page = "World\\n\\nMayor opens new bridge\\n\\nThe mayor opened the new bridge on Monday, two years after work began.\\n\\nShare"
    >>> out = CleanBatch()({"text": [page, ""]})
    >>> out["body"], out["title"], out["tags"], out["clean_error"][1]
    (['The mayor opened the new bridge on Monday, two years after work began.', None], ['Mayor opens new bridge', None], [[], []], 'EmptyDocumentError: the document is empty: pass the text of a scraped page')
    """

    text_column: str = "text"
    body_column: str = "body"
    error_column: str = "clean_error"
    config: CleanConfig | PipelineConfig | None = None
    """A :class:`~newsclean.CleanConfig` is stored as the equivalent :class:`~newsclean.PipelineConfig`:
    its ``disabled`` set would pickle in a different order in every process, and so
    change the ``datasets`` fingerprint from run to run."""

    def __post_init__(self) -> None:
        if isinstance(self.config, CleanConfig):
            object.__setattr__(self, "config", PipelineConfig.from_clean_config(self.config))

    def __reduce__(self) -> tuple[Any, ...]:
        # Sets inside the configuration (BlockScoring's reasons) pickle in hash order, which
        # changes from process to process; pickle a canonical form so the bytes do not.
        fields = (self.text_column, self.body_column, self.error_column, _canonical(self.config))
        return (_rebuild_clean_batch, fields)

    def columns(self) -> tuple[str, ...]:
        """Names of the columns this function writes."""
        return (self.body_column, *METADATA_COLUMNS, self.error_column)

    def __call__(self, batch: Mapping[str, Sequence[Any]]) -> dict[str, list[Any]]:
        if self.text_column not in batch:
            raise KeyError(
                f"no column {self.text_column!r} in the batch (columns: {', '.join(batch)}); "
                "name the text column with text_column="
            )
        out: dict[str, list[Any]] = {name: [] for name in self.columns()}
        for text in batch[self.text_column]:
            try:
                if not isinstance(text, str):
                    raise TypeError(f"the text is {type(text).__name__}, expected a string")
                article = clean(text, self.config)
            except (NewscleanError, TypeError) as error:
                out[self.body_column].append(None)
                for name in METADATA_COLUMNS:
                    out[name].append([] if name == "tags" else None)
                out[self.error_column].append(f"{type(error).__name__}: {error}")
                continue
            out[self.body_column].append(article.body)
            for name, value in article.metadata.to_dict().items():
                out[name].append(value)
            out[self.error_column].append(None)
        return out


def _rebuild_clean_batch(text_column: str, body_column: str, error_column: str, config: Any) -> CleanBatch:
    return CleanBatch(text_column, body_column, error_column, _rebuild(config))


_SET, _DATACLASS, _DICT = "__set__", "__dataclass__", "__dict__"


def _canonical(value: Any) -> Any:
    """A form of ``value`` that pickles to the same bytes in every process (sets sorted).

    >>> _canonical(frozenset({"b", "a"}))
    ('__set__', ('a', 'b'))
    """
    if isinstance(value, (set, frozenset)):
        return (_SET, tuple(sorted((_canonical(v) for v in value), key=repr)))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        init = tuple(
            (f.name, _canonical(getattr(value, f.name))) for f in dataclasses.fields(value) if f.init
        )
        return (_DATACLASS, type(value), init)
    if isinstance(value, dict):
        return (_DICT, tuple(sorted(((k, _canonical(v)) for k, v in value.items()), key=repr)))
    if isinstance(value, (tuple, list)):
        return type(value)(_canonical(v) for v in value)
    return value


def _rebuild(value: Any) -> Any:
    """The inverse of :func:`_canonical`.

    >>> _rebuild(_canonical(frozenset({"b", "a"}))) == frozenset({"a", "b"})
    True
    """
    if isinstance(value, tuple) and value and value[0] == _SET:
        return frozenset(_rebuild(v) for v in value[1])
    if isinstance(value, tuple) and value and value[0] == _DATACLASS:
        return value[1](**{name: _rebuild(v) for name, v in value[2]})
    if isinstance(value, tuple) and value and value[0] == _DICT:
        return {k: _rebuild(v) for k, v in value[1]}
    if isinstance(value, (tuple, list)):
        return type(value)(_rebuild(v) for v in value)
    return value


@dataclass(frozen=True)
class KeepCanonical:
    """A batched predicate: keep rows whose ``duplicate_of_column`` is empty (``None``).

    After a dedup pass has written ``cluster_id`` / ``duplicate_of``, this drops every
    article that copies another and keeps one per cluster.

    >>> KeepCanonical()({"duplicate_of": [None, "a1", None]})
    [True, False, True]
    """

    duplicate_of_column: str = "duplicate_of"

    def __call__(self, batch: Mapping[str, Sequence[Any]]) -> list[bool]:
        if self.duplicate_of_column not in batch:
            raise KeyError(
                f"no column {self.duplicate_of_column!r} in the batch (columns: {', '.join(batch)}); "
                "run a dedup pass first, or name the column with duplicate_of_column="
            )
        return [value is None for value in batch[self.duplicate_of_column]]
