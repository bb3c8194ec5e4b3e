"""The one-call entry points."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from newsclean.article import Article
from newsclean.config import CleanConfig
from newsclean.pipeline import Pipeline
from newsclean.profile import SiteProfile

if TYPE_CHECKING:  # configuration files and markdown load only when a run uses them (start-up)
    from newsclean.config_file import PipelineConfig
    from newsclean.markdown import MarkdownLine


@lru_cache(maxsize=32)
def pipeline_for(config: CleanConfig | PipelineConfig | None = None) -> Pipeline:
    """The (cached) pipeline a configuration describes; ``None`` means the default ``CleanConfig()``.

    >>> pipeline_for(None) is pipeline_for(CleanConfig())
    True
    """
    if config is None:
        return pipeline_for(CleanConfig())
    if isinstance(config, CleanConfig):
        return Pipeline(config.filters(), config.pattern_timeout, config.locator())
    from newsclean.config_file import PipelineConfig

    if isinstance(config, PipelineConfig):
        return config.pipeline()
    raise TypeError(
        f"config must be a CleanConfig or a PipelineConfig (newsclean.load_config), got {type(config).__name__}"
    )


def clean(text: str, config: CleanConfig | PipelineConfig | None = None) -> Article:
    """Clean the plain text of a scraped news page.

    Returns the article body, the metadata learned on the way and every removal
    with its reason. Raises :class:`~newsclean.errors.EmptyDocumentError` for an
    empty or blank text. ``config`` is a :class:`~newsclean.CleanConfig` or a
    :class:`~newsclean.config_file.PipelineConfig` (from :func:`newsclean.load_config`).

    >>> text = "World\\n\\nMayor opens new bridge\\n\\n"
    >>> text += "SPRINGFIELD: The mayor opened the new bridge on Monday, two years after work began on it.\\n\\nShare"
    >>> article = clean(text)
    >>> article.body
    'SPRINGFIELD: The mayor opened the new bridge on Monday, two years after work began on it.'
    >>> article.metadata.title, article.metadata.section, article.metadata.dateline
    ('Mayor opens new bridge', 'World', 'SPRINGFIELD')
    """
    if not isinstance(text, str):
        raise TypeError(
            f"clean() takes str, got {type(text).__name__}; decode bytes first (newsclean.io.decode)"
        )
    if isinstance(config, CleanConfig) and config.markdown:
        return clean_markdown(text, config)
    return pipeline_for(config).clean(text)


def clean_markdown(text: str, config: CleanConfig | None = None) -> Article:
    """Clean a page given as markdown (see :attr:`CleanConfig.markdown`): the text pipeline over its
    rendering, with the ``markdown_links`` filter claiming the lines that are only links.

    >>> page = "[Home](/) [World](/world) [Sport](/sport)\\n\\n# Bridge opens\\n\\n"
    >>> page += "SPRINGFIELD: The mayor opened the new [bridge](/bridge) on Monday, two years after work began.\\n\\n"
    >>> page += "## More news\\n\\n- [Floods close the coast road again](/a)\\n- [School year starts a week late](/b)\\n"
    >>> print(clean_markdown(page).body)
    SPRINGFIELD: The mayor opened the new bridge on Monday, two years after work began.
    >>> import dataclasses
    >>> print(clean_markdown(page, CleanConfig(markdown=True, keep_markdown=True)).body)
    SPRINGFIELD: The mayor opened the new [bridge](/bridge) on Monday, two years after work began.
    """
    from newsclean.markdown import LinkLinesFilter, render_markdown

    config = config if config is not None else CleanConfig(markdown=True)
    rendered = render_markdown(text)
    base = pipeline_for(dataclasses.replace(config, markdown=False, keep_markdown=False))
    filters = list(base.filters)
    if "markdown_links" not in config.disabled:
        at = next((n for n, f in enumerate(filters) if f.name in _AFTER_PATTERNS), len(filters))
        filters.insert(at, LinkLinesFilter(rendered.lines))
    article = Pipeline(filters, base.pattern_timeout, base.locator).clean(rendered.text)
    if not config.keep_markdown:
        return article
    paragraphs = tuple(
        _source(rendered.lines, i, text)
        for i, text in zip(article.paragraph_lines, article.paragraphs, strict=True)
    )
    return dataclasses.replace(article, body="\n\n".join(paragraphs), paragraphs=paragraphs)


#: The first filters after the pattern filters: the link filter runs before them.
_AFTER_PATTERNS = frozenset({"template", "related_list", "tags", "outside_body"})


def _source(lines: tuple[MarkdownLine | None, ...], index: int, text: str) -> str:
    line = lines[index] if index < len(lines) else None
    return line.source if line is not None and line.source else text


def clean_stream(texts: Iterable[str], profile: SiteProfile | None = None) -> Iterator[Article]:
    """Streaming mode: clean documents in order, learning the site template as it goes.

    Each document is learned, then cleaned with what it and the documents before it
    taught: a line is template once ``min_documents`` of the documents so far that brought new
    text hold it, as in the two-pass mode. Pass a loaded profile to start warm; it keeps learning.

    >>> footer = "The Valley Post is an independent newspaper for the whole valley."
    >>> towns = ["Ashford", "Brampton", "Carlow", "Dunmore", "Elmsley"]
    >>> texts = [f"{town} council votes on Monday on the budget of {town}.\\n{footer}" for town in towns]
    >>> profile = SiteProfile(min_documents=3, novel_words=10)
    >>> [footer in article.body for article in clean_stream(texts, profile)]
    [True, True, False, False, False]
    """
    profile = profile if profile is not None else SiteProfile()
    config = CleanConfig(profile=profile)
    for text in texts:
        article = clean(text, config)
        learned = profile.template_lines
        profile.add(text, article.body)  # counted with the current document, as in the two-pass mode
        yield article if profile.template_lines == learned else clean(text, config)
