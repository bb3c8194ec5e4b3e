"""Extraction: metadata learned while cleaning (and, in HTML mode, from the page)."""

from newsclean.extraction.dates import parse_datetime
from newsclean.extraction.metadata import extract_metadata

__all__ = ["extract_metadata", "parse_datetime"]
