"""Configuration of HTML mode: the extractor's options and the filter set run on its output.

HTML mode runs a filter set of its own, built from the same filter objects as text
mode. trafilatura has already removed menus and sidebars and keeps the article's
subheadings and lists, so the text-mode filters that find the body by its shape
are left out: ``outside_body`` (the whole extracted text is the body), the
headline-between-paragraphs rule of ``related_link`` (it takes subheadings for
links), the trailing-headline-run rule of ``related_list`` (it takes in-article
lists for related stories; ``related_list`` keeps its header and footer rules) and
the unlabelled tag-line rule of ``tags``. ``menu_run`` and ``credits`` are available
but off by default: on trafilatura's output they removed only article text (short
list items, caption credits the article keeps) in our benchmark. ``ticker`` and
``share_bar`` are off by default too: quote strips and share buttons live in page
chrome that trafilatura drops (they removed nothing in the benchmark), and each
pattern pass costs about 3% of HTML mode's time. The page's title,
known from its metadata, marks the headline (``headline``); ``html_leftovers`` and
``trailing_links`` take what trafilatura leaves behind.

Override with :func:`dataclasses.replace`::

    >>> import dataclasses
    >>> sorted(HtmlConfig().disabled)
    ['credits', 'menu_run', 'share_bar', 'ticker']
    >>> config = dataclasses.replace(HtmlConfig(), disabled=frozenset())
    >>> [f.name for f in config.filters(title=None)] == list(HTML_FILTER_NAMES)
    True
"""

from __future__ import annotations

from dataclasses import dataclass

from newsclean.checks import check_known, check_timeout, check_whole_numbers
from newsclean.errors import ConfigError
from newsclean.filters import (
    BYLINES,
    COMMENTS,
    CREDITS,
    DATES,
    NAVIGATION,
    PROMPTS,
    SHARE_BAR,
    TICKER,
    Filter,
    LimitsFilter,
    LinePatternFilter,
    MenuRunFilter,
    RelatedListFilter,
)
from newsclean.filters.html_leftovers import (
    HTML_LEFTOVERS,
    TitleLineFilter,
    TrailingLinkListFilter,
)
from newsclean.filters.patterns import INLINE_RELATED, TAG_LINES

#: Names of the HTML-mode filters, in the order they run.
HTML_FILTER_NAMES = (
    "limits",
    "headline",
    "ticker",
    "navigation",
    "share_bar",
    "comments",
    "prompts",
    "bylines",
    "dates",
    "credits",
    "related_list",
    "tags",
    "related_link",
    "html_leftovers",
    "trailing_links",
    "menu_run",
)


@dataclass(frozen=True)
class HtmlConfig:
    """Options of HTML mode (:func:`newsclean.clean_html`)."""

    block_model: bool = True
    """Judge every text block of the page with the fitted block model
    (:mod:`newsclean.extraction.block_model`), which reads trafilatura's verdict with the
    evidence of the DOM, then run the HTML-mode filters; ``False``: run them on trafilatura's
    main text alone (``favor_precision`` and ``fallback_min_chars`` apply only then)."""
    block_model_path: str | None = None
    """Another block model file, made by ``python -m newsclean.extraction.block_train``
    (``None``: the one shipped with newsclean)."""
    favor_precision: bool = True
    """Without the block model: ask trafilatura to favour precision (it drops more doubtful blocks)."""
    include_tables: bool = True
    """Keep the text of tables inside the article."""
    page_metadata: bool = True
    """Read title, author, date, site name, categories and tags from the page's markup
    (:func:`~newsclean.extraction.page_metadata.read_page_metadata`); with ``False`` only what
    the text says is used."""
    fallback_min_chars: int = 250
    """When the precision-favouring extraction yields no text or a cleaned body shorter than
    this, extract again without favouring precision and keep the longer body (0: never)."""
    min_body_words: int = 10
    """A cleaned body of fewer words is not taken for an article: the page fails with
    :class:`~newsclean.errors.ExtractionError` (1: accept any non-empty body)."""
    disabled: frozenset[str] = frozenset({"ticker", "share_bar", "menu_run", "credits"})
    """Names of HTML-mode filters to leave out (see :data:`HTML_FILTER_NAMES`); pass
    ``frozenset()`` to run them all."""
    menu_min_lines: int = 4
    """How many consecutive very short lines make a menu."""
    menu_max_words: int = 3
    """The most words a line may have to count as a menu item."""
    trailing_list_min_items: int = 2
    """The fewest headline-like bullet items closing the text that make a related-story list."""
    trailing_list_max_items: int = 6
    """The most items such a list may have (a longer closing list is taken for content)."""
    max_document_chars: int = 1_000_000
    """Lines of the extracted text starting past this many characters are removed (reason
    ``oversize``), as in text mode."""
    max_line_chars: int = 20_000
    """A line of the extracted text longer than this is removed (reason ``oversize``), as in text mode."""
    max_document_lines: int = 50_000
    """Lines of the extracted text past this many are removed (reason ``oversize``), as in text mode."""
    pattern_timeout: float | None = 10.0
    """Seconds one pattern filter may spend on one extracted text before the page fails with
    :class:`~newsclean.errors.PatternTimeoutError` (``None``: no bound), as in text mode."""
    max_html_chars: int = 8_000_000
    """A page of more characters of HTML fails with :class:`~newsclean.errors.PageLimitError`,
    before it is parsed (the largest of 297 real article pages measured is 1.6 MB)."""
    max_elements: int = 50_000
    """A page with more start tags fails with :class:`~newsclean.errors.PageLimitError`, before it is
    parsed (the most in 297 real article pages is 9,892): parsing, copying and walking the tree cost
    memory and time per element."""
    max_attributes: int = 1_000
    """A page with an element of more attributes fails with :class:`~newsclean.errors.PageLimitError`,
    before it is parsed (the most on one element in 297 real article pages is 70): libxml2 compares each
    attribute with those before it."""
    max_page_attributes: int = 200_000
    """A page with more attributes in all fails with :class:`~newsclean.errors.PageLimitError`, once
    parsed (the most in 297 real article pages is 13,949): extraction costs about a kilobyte of memory
    per attribute."""
    time_limit: float | None = 30.0
    """Seconds of CPU time one page may take, parsing, extraction and cleaning together, before it fails
    with :class:`~newsclean.errors.PageLimitError` (``None``: no bound). CPU time, so that a page's outcome
    does not depend on how busy the machine is. Enforced with ``SIGPROF``, so only in the main thread of a
    process on a POSIX system (see :mod:`newsclean.deadline`)."""
    extra_filters: tuple[Filter, ...] = ()
    """More filters, run after ``limits`` and before the HTML-mode filters: the pattern filters of a
    configuration file and the template filter of a site profile (``newsclean clean --html --config
    FILE --profile FILE``; :meth:`newsclean.PipelineConfig.html_config`)."""

    def __post_init__(self) -> None:
        check_known("disabled", self.disabled, HTML_FILTER_NAMES, "HTML-mode filter name")
        check_whole_numbers(
            self,
            (
                "min_body_words",
                "menu_min_lines",
                "menu_max_words",
                "trailing_list_min_items",
                "trailing_list_max_items",
                "max_document_chars",
                "max_line_chars",
                "max_document_lines",
                "max_html_chars",
                "max_elements",
                "max_attributes",
                "max_page_attributes",
            ),
        )
        check_timeout("pattern_timeout", self.pattern_timeout)
        check_timeout("time_limit", self.time_limit)
        clash = sorted({f.name for f in self.extra_filters} & set(HTML_FILTER_NAMES))
        if clash:
            raise ConfigError(
                f"extra_filters: {clash[0]!r} is the name of an HTML-mode filter; give the filter another name"
            )
        check_whole_numbers(self, ("fallback_min_chars",), minimum=0)

    def filters(self, title: str | None) -> tuple[Filter, ...]:
        """The HTML-mode filters, in pipeline order; ``title`` is the page's title, if known."""
        every: tuple[Filter, ...] = (
            LimitsFilter(
                max_document_chars=self.max_document_chars,
                max_line_chars=self.max_line_chars,
                max_document_lines=self.max_document_lines,
            ),
            *self.extra_filters,
            TitleLineFilter(title),
            TICKER,
            NAVIGATION,
            SHARE_BAR,
            COMMENTS,
            PROMPTS,
            BYLINES,
            DATES,
            CREDITS,
            RelatedListFilter(),
            LinePatternFilter("tags", TAG_LINES),
            LinePatternFilter("related_link", INLINE_RELATED),
            HTML_LEFTOVERS,
            TrailingLinkListFilter(
                min_items=self.trailing_list_min_items, max_items=self.trailing_list_max_items
            ),
            MenuRunFilter(min_lines=self.menu_min_lines, max_words=self.menu_max_words),
        )
        return tuple(f for f in every if f.name not in self.disabled or f in self.extra_filters)
