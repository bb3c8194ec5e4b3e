"""Exceptions raised by newsclean.

Every error says what went wrong and what to do next. The library never returns
``None`` to mean "failed"; it raises one of these.
"""

from __future__ import annotations


class NewscleanError(Exception):
    """Base class of every error newsclean raises on purpose."""


class EmptyDocumentError(NewscleanError, ValueError):
    """The document holds no text to clean (empty or only white space)."""


class BinaryInputError(NewscleanError, ValueError):
    """The input looks like binary data (NUL bytes), not text."""


class DecodingError(NewscleanError, ValueError):
    """The input bytes are not valid in the expected encoding."""


class RecordError(NewscleanError, ValueError):
    """A JSONL record cannot be processed (malformed JSON, missing or wrong-typed field)."""


class ConfigError(NewscleanError, ValueError):
    """A configuration value is not allowed."""


class PatternTimeoutError(NewscleanError):
    """A pattern filter ran longer than the configured bound on one document."""


class MissingDependencyError(NewscleanError, ImportError):
    """An optional dependency of an integration is not installed (``pip install newsclean[EXTRA]``)."""


class DocumentError(NewscleanError, ValueError):
    """A document of a batch could not be cleaned (raised by integrations set to stop on errors)."""


class ExtractionError(NewscleanError, ValueError):
    """No article text could be extracted from an HTML page."""


class PageLimitError(ExtractionError):
    """An HTML page goes past one of HTML mode's stated limits (size, elements, attributes on one
    element, nesting depth, time); see :class:`~newsclean.extraction.html_config.HtmlConfig`."""
