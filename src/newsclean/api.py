"""The one-call entry points."""

from __future__ import annotations

from functools import lru_cache

from newsclean.article import Article
from newsclean.config import CleanConfig
from newsclean.config_file import PipelineConfig
from newsclean.pipeline import Pipeline


@lru_cache(maxsize=32)
def pipeline_for(config: CleanConfig | PipelineConfig | None = None) -> Pipeline:
    """The (cached) pipeline a configuration describes; ``None`` means the default ``CleanConfig()``.

    >>> pipeline_for(None) is pipeline_for(CleanConfig())
    True
    """
    if config is None:
        return pipeline_for(CleanConfig())
    if isinstance(config, PipelineConfig):
        return config.pipeline()
    if isinstance(config, CleanConfig):
        return Pipeline(config.filters(), config.pattern_timeout, config.scoring)
    raise TypeError(
        f"config must be a CleanConfig or a PipelineConfig (newsclean.load_config), got {type(config).__name__}"
    )


def clean(text: str, config: CleanConfig | PipelineConfig | None = None) -> Article:
    """Clean the plain text of a scraped news page.

    Returns the article body, the metadata learned on the way and every removal
    with its reason. Raises :class:`~newsclean.errors.EmptyDocumentError` for an
    empty or blank text. ``config`` is a :class:`~newsclean.CleanConfig` or a
    :class:`~newsclean.config_file.PipelineConfig` (from :func:`newsclean.load_config`).

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
    return pipeline_for(config).clean(text)
