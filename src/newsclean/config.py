"""Configuration of the standard text cleaner: one field per option, frozen.

Override with :func:`dataclasses.replace`::

    >>> import dataclasses
    >>> config = dataclasses.replace(CleanConfig(), disabled=frozenset({"tags"}))
    >>> "tags" in [f.name for f in config.filters()]
    False
"""

from __future__ import annotations

from dataclasses import dataclass

from newsclean.checks import check_known, check_probability, check_timeout, check_whole_numbers
from newsclean.errors import ConfigError
from newsclean.filters import (
    BYLINES,
    COMMENTS,
    CREDITS,
    DATES,
    NAVIGATION,
    PROMPTS,
    READ_MORE_LINKS,
    SHARE_BAR,
    TAG_LABELS,
    TICKER,
    BlockScoring,
    BodyTrailerFilter,
    Filter,
    LimitsFilter,
    MenuRunFilter,
    OutsideBodyFilter,
    RelatedLinkFilter,
    RelatedListFilter,
    TagLineFilter,
)
from newsclean.filters.layout import RuleLocator
from newsclean.locator.base import Locator
from newsclean.locator.fitted import FittedLocator
from newsclean.profile import SiteProfile, TemplateFilter

#: Names of the standard filters, in the order they run.
FILTER_NAMES = (
    "limits",
    "ticker",
    "navigation",
    "share_bar",
    "comments",
    "prompts",
    "bylines",
    "dates",
    "credits",
    "tag_labels",
    "read_more_links",
    "markdown_links",
    "template",
    "related_list",
    "tags",
    "outside_body",
    "menu_run",
    "related_link",
    "trailers",
)


@dataclass(frozen=True)
class CleanConfig:
    """Options of the standard text cleaner."""

    disabled: frozenset[str] = frozenset()
    """Names of standard filters to leave out (see :data:`FILTER_NAMES`)."""
    related_link_min_words: int = 6
    """A lone headline-like line inside the body needs this many words to be taken for a related link."""
    related_trailing_run: int = 3
    """How many headline-like lines after the body make a related-story list."""
    menu_min_lines: int = 4
    """How many consecutive very short lines make a menu."""
    menu_max_words: int = 3
    """The most words a line may have to count as a menu item."""
    tag_lookahead: int = 2
    """How many lines after the body are searched for an unlabelled tag line."""
    body_threshold: float = 0.5
    """How sure the fitted body locator must be that a line is article text to keep it: a
    probability, re-centred so that 0.5 is the balance of precision and recall fitted on the
    training pages. Lower keeps more (favours recall), higher keeps less (favours precision)."""
    locator_model: str | None = None
    """Path of a locator model file made by ``python -m newsclean.locator.train`` (``None``: the
    model shipped with newsclean)."""
    scoring: BlockScoring | None = None
    """``None`` (the default): the body is located by the fitted locator
    (:class:`~newsclean.locator.fitted.FittedLocator`). A :class:`BlockScoring`: by the
    rule-based locator of earlier versions with those hand-set weights
    (:class:`~newsclean.filters.layout.RuleLocator`), kept for comparison; ``body_threshold``
    then plays no part."""
    max_document_chars: int = 1_000_000
    """Lines starting past this many characters are removed with reason ``oversize``
    (the largest of 181 real article pages measured is 56,500 characters)."""
    max_line_chars: int = 20_000
    """A line longer than this is removed with reason ``oversize`` (the longest real paragraph
    measured is 2,071 characters)."""
    pattern_timeout: float | None = 10.0
    """Seconds one pattern filter may spend on one document before the document fails with
    :class:`~newsclean.errors.PatternTimeoutError` (``None``: no bound). Every pattern is
    written to run in linear time; this guards against what testing missed."""
    profile: SiteProfile | None = None
    """A learned site profile: lines it has seen on many pages of the site are removed as template
    (:class:`~newsclean.profile.TemplateFilter`, run with the pattern filters, before the body is located)."""
    markdown: bool = False
    """The text is markdown (what Firecrawl, Crawl4AI, Jina Reader or html2text make of a page): it is
    parsed and rendered as text (:func:`~newsclean.markdown.render_markdown`), and the lines that are
    only links are claimed by the ``markdown_links`` filter (:class:`~newsclean.markdown.LinkLinesFilter`),
    run with the pattern filters. Removals refer to the lines of the rendered text."""
    keep_markdown: bool = False
    """With ``markdown``: the body is the markdown of the kept lines (links, emphasis and all) instead of
    their plain text."""

    def __post_init__(self) -> None:
        check_known("disabled", self.disabled, FILTER_NAMES)
        check_whole_numbers(
            self,
            (
                "related_link_min_words",
                "related_trailing_run",
                "menu_min_lines",
                "menu_max_words",
                "max_document_chars",
                "max_line_chars",
            ),
        )
        check_timeout("pattern_timeout", self.pattern_timeout)
        check_probability("body_threshold", self.body_threshold)
        check_whole_numbers(self, ("tag_lookahead",), minimum=0)
        if self.locator_model is not None and not str(self.locator_model).strip():
            raise ConfigError(
                "locator_model is empty: give the path of a model file, or None for the model shipped with newsclean"
            )
        if self.keep_markdown and not self.markdown:
            raise ConfigError("keep_markdown needs markdown=True (the text must be markdown to keep it)")

    def locator(self) -> Locator:
        """The body locator this configuration describes."""
        if self.scoring is not None:
            return RuleLocator(self.scoring)
        return FittedLocator(self.body_threshold, self.locator_model)

    def filters(self) -> tuple[Filter, ...]:
        """The standard filters this configuration describes, in pipeline order."""
        template: tuple[Filter, ...] = () if self.profile is None else (TemplateFilter(self.profile),)
        every: tuple[Filter, ...] = (
            LimitsFilter(max_document_chars=self.max_document_chars, max_line_chars=self.max_line_chars),
            TICKER,
            NAVIGATION,
            SHARE_BAR,
            COMMENTS,
            PROMPTS,
            BYLINES,
            DATES,
            CREDITS,
            TAG_LABELS,
            READ_MORE_LINKS,
            *template,
            RelatedListFilter(),
            # Structural filters: the body is located once, when the first of them asks
            # (Context.body_lines), and all of them judge lines against that one body.
            TagLineFilter(lookahead=self.tag_lookahead),
            OutsideBodyFilter(min_trailing_run=self.related_trailing_run),
            MenuRunFilter(min_lines=self.menu_min_lines, max_words=self.menu_max_words),
            RelatedLinkFilter(min_words=self.related_link_min_words),
            BodyTrailerFilter(),
        )
        return tuple(f for f in every if f.name not in self.disabled)
