"""Ray Data: clean a ``ray.data.Dataset`` on every core of a cluster.

Needs ``pip install newsclean[ray]``. Ray is imported when a function is called,
not when this module is imported. Connect first with ``ray.init()`` (a local
instance) or ``ray.init(address="ray://head:10001")`` (a cluster); every worker
needs newsclean installed.

``clean_dataset`` adds the body, metadata and ``clean_error`` columns with fixed
Arrow types (strings, and a list of strings for ``tags``) and keeps every other
column. Ray does not keep row order unless asked
(``DataContext.get_current().execution_options.preserve_order = True``): carry an
id column to join on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsclean.config import CleanConfig
from newsclean.config_file import PipelineConfig
from newsclean.integrations import require
from newsclean.integrations.columns import METADATA_COLUMNS, CleanBatch

__all__ = ["METADATA_COLUMNS", "ArrowCleanBatch", "clean_dataset"]


@dataclass(frozen=True)
class ArrowCleanBatch:
    """:class:`~newsclean.integrations.columns.CleanBatch` over a ``pyarrow.Table``: the input
    columns plus the new ones, typed (a column of the same name is replaced)."""

    fn: CleanBatch = field(default_factory=CleanBatch)

    def __call__(self, table: Any) -> Any:
        pa = require("pyarrow", "ray")
        texts = table.column(self.fn.text_column).to_pylist()
        for name, values in self.fn({self.fn.text_column: texts}).items():
            kind = pa.list_(pa.string()) if name == "tags" else pa.string()
            column = pa.array(values, type=kind)
            if name in table.column_names:
                table = table.set_column(table.column_names.index(name), name, column)
            else:
                table = table.append_column(name, column)
        return table


def clean_dataset(
    dataset: Any,
    config: CleanConfig | PipelineConfig | None = None,
    text_column: str = "text",
    body_column: str = "body",
    batch_size: int = 256,
    **map_batches_args: Any,
) -> Any:
    """Clean the ``text_column`` of a ``ray.data.Dataset`` with ``map_batches``; lazy, like any Ray transform.

    Adds ``body_column`` (``None`` for a failed record), the metadata columns and
    ``clean_error``; other keyword arguments (``concurrency``, ``num_cpus``, ...) go to
    ``map_batches``.
    """
    require("ray", "ray")
    fn = ArrowCleanBatch(CleanBatch(text_column=text_column, body_column=body_column, config=config))
    return dataset.map_batches(fn, batch_format="pyarrow", batch_size=batch_size, **map_batches_args)
