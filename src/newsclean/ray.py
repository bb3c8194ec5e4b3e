"""``newsclean.ray``: the Ray Data integration, :mod:`newsclean.integrations.ray` under a short name."""

from newsclean.integrations.ray import METADATA_COLUMNS, ArrowCleanBatch, clean_dataset

__all__ = ["METADATA_COLUMNS", "ArrowCleanBatch", "clean_dataset"]
