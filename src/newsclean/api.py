"""The one-call entry points."""

from __future__ import annotations

from functools import lru_cache

from newsclean.article import Article
from newsclean.config import CleanConfig
from newsclean.pipeline import Pipeline


@lru_cache(maxsize=32)
def _pipeline(config: CleanConfig) -> Pipeline:
    return Pipeline(config.filters(), config.pattern_timeout, config.scoring)


def clean(text: str, config: CleanConfig | None = None) -> Article:
    """Clean the plain text of a scraped news page.

    Returns the article body, the metadata learned on the way and every removal
    with its reason. Raises :class:`~newsclean.errors.EmptyDocumentError` for an
    empty or blank text.

    >>> article = clean("World\\n\\nA headline about things\\n\\nSEOUL: The first paragraph of the story, long enough.")
    >>> article.body
    'SEOUL: The first paragraph of the story, long enough.'
    >>> article.metadata.title, article.metadata.section, article.metadata.dateline
    ('A headline about things', 'World', 'SEOUL')
    """
    if not isinstance(text, str):
        raise TypeError(
            f"clean() takes str, got {type(text).__name__}; decode bytes first (newsclean.io.decode)"
        )
    return _pipeline(config or CleanConfig()).clean(text)
