"""``newsclean.ray``: the Ray Data integration under a short name.

``clean_dataset`` is :func:`newsclean.integrations.ray.clean_dataset`; ``dedup_dataset``
is :func:`newsclean.integrations.ray_dedup.dedup_dataset`, with its ``DEDUP_COLUMNS`` and ``STAGES``
(imported on first use).
"""

from __future__ import annotations

from typing import Any

from newsclean.integrations.ray import METADATA_COLUMNS, ArrowCleanBatch, clean_dataset

__all__ = ["METADATA_COLUMNS", "ArrowCleanBatch", "clean_dataset"]  # and, lazily, the three below


def __getattr__(name: str) -> Any:
    if name in ("DEDUP_COLUMNS", "STAGES", "dedup_dataset"):
        from newsclean.integrations import ray_dedup

        return getattr(ray_dedup, name)
    raise AttributeError(f"module 'newsclean.ray' has no attribute {name!r}")
