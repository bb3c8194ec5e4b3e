"""Filters: each looks at a document and reports boilerplate line ranges with a reason.

:func:`default_filters` gives the standard set in the order the pipeline runs them.
"""

from __future__ import annotations

from newsclean.filters.base import Context, Filter, LinePattern, LinePatternFilter, Tag
from newsclean.filters.body import BodyTrailerFilter, OutsideBodyFilter
from newsclean.filters.layout import Block, BlockScoring, main_block
from newsclean.filters.limits import LimitsFilter
from newsclean.filters.lines import (
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
)
from newsclean.filters.menus import MenuRunFilter
from newsclean.filters.related import RelatedLinkFilter, RelatedListFilter
from newsclean.filters.tags import TagLineFilter

__all__ = [
    "BYLINES",
    "COMMENTS",
    "CREDITS",
    "DATES",
    "NAVIGATION",
    "PROMPTS",
    "READ_MORE_LINKS",
    "SHARE_BAR",
    "TAG_LABELS",
    "TICKER",
    "Block",
    "BlockScoring",
    "BodyTrailerFilter",
    "Context",
    "Filter",
    "LimitsFilter",
    "LinePattern",
    "LinePatternFilter",
    "MenuRunFilter",
    "OutsideBodyFilter",
    "RelatedLinkFilter",
    "RelatedListFilter",
    "Tag",
    "TagLineFilter",
    "main_block",
]
