"""Related-story lists and single related-story links inside the body."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from newsclean.checks import check_fields
from newsclean.filters.base import Context, LinePatternFilter, Tag
from newsclean.filters.layout import is_headline_like, is_headline_text, is_prose
from newsclean.filters.patterns import RELATED_FOOTERS, RELATED_HEADERS
from newsclean.pattern_cache import cached_compile
from newsclean.reasons import Reason

_HEADERS = LinePatternFilter("related_headers", RELATED_HEADERS)
_FOOTERS = LinePatternFilter("related_footers", RELATED_FOOTERS)
#: A first-level list bullet: a related-stories box is often a bulleted list of headlines.
_BULLET = cached_compile(r"[*•·▪■►\-–]\h++")


@dataclass(frozen=True)
class RelatedListFilter:
    """Lists of links to other stories, found by their header or footer.

    A header ("Related", "More from World", "You may also like") and the run of
    headline-like lines under it; a footer ("Read more stories") and the run above
    it. A line another filter claimed (a comment widget, say) ends the run: it
    separates one block of the page from the next. (A run of headlines after the
    body with neither header nor footer is recognised by
    :class:`~newsclean.filters.body.OutsideBodyFilter`.)

    >>> text = "A sentence long enough to be prose, for sure.\\n\\nRelated\\nFirst story title here\\nSecond story"
    >>> [(t.start, t.end, t.detail) for t in RelatedListFilter().tag(Context.for_text(text))]
    [(2, 5, 'related_header')]
    """

    name: str = "related_list"
    max_link_words: int = 25

    def __post_init__(self) -> None:
        check_fields(self)

    def _is_link(self, ctx: Context, i: int) -> bool:
        if ctx.is_claimed(i):
            return False
        text = ctx.doc.lines[i].text
        bullet = _BULLET.match(text)
        if bullet is None:
            return is_headline_like(ctx, i, 2, self.max_link_words)
        return is_headline_text(text[bullet.end() :], 2, self.max_link_words)

    def _is_kicker(self, ctx: Context, i: int) -> bool:
        doc = ctx.doc
        return (
            not ctx.is_claimed(i)
            and doc.word_counts[i] == 1
            and not doc.ends_terminal[i]
            and is_headline_text(doc.lines[i].text, 1, 1)
        )

    def tag(self, context: Context) -> Iterator[Tag]:
        doc = context.doc
        taken: set[int] = set()
        for header in _HEADERS.tag(context):
            if context.is_claimed(header.start):
                continue
            end = header.end
            kicker = False
            for i in doc.nonblank(header.end):
                if i in taken:
                    break
                if self._is_link(context, i):
                    end, kicker = i + 1, False
                elif not kicker and self._is_kicker(context, i):
                    kicker = True  # a one-word label over the next headline ("Warning", "EXCLUSIVE")
                else:
                    break
            taken.update(range(header.start, end))
            yield Tag(self.name, Reason.RELATED_LIST, header.start, end, header.detail)
        for footer in _FOOTERS.tag(context):
            if context.is_claimed(footer.start) or footer.start in taken:
                continue
            start = footer.start
            for i in reversed(doc.nonblank(0, footer.start)):
                if i in taken or not self._is_link(context, i):
                    break
                start = i
            taken.update(range(start, footer.end))
            yield Tag(self.name, Reason.RELATED_LIST, start, footer.end, footer.detail)


@dataclass(frozen=True)
class RelatedLinkFilter:
    """A single link to another story standing alone inside the article body.

    A headline-like line of ``min_words`` to ``max_words`` words between two prose
    paragraphs (each of ``neighbour_min_words`` words or more), the first of which
    does not end with a colon (a colon introduces a quote or list). Neighbours are
    judged as they will stand after removal: lines other filters claimed are looked
    through. (Explicit links, "Also read: ...", are the ``read_more_links`` filter.)
    """

    name: str = "related_link"
    min_words: int = 6
    max_words: int = 20
    neighbour_min_words: int = 12

    def __post_init__(self) -> None:
        check_fields(self)

    def tag(self, context: Context) -> Iterator[Tag]:
        doc = context.doc
        lines = context.free_body_lines()
        for before, line, after in zip(lines, lines[1:], lines[2:], strict=False):
            if (
                is_headline_like(context, line, self.min_words, self.max_words)
                and not doc.ends_terminal[line]
                and is_prose(context, before, self.neighbour_min_words)
                and is_prose(context, after, self.neighbour_min_words)
            ):
                yield Tag(self.name, Reason.RELATED_LINK, line, line + 1, "headline_between_paragraphs")
