"""Related-story lists and single related-story links inside the body."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from newsclean.filters.base import Context, LinePatternFilter, Tag
from newsclean.filters.layout import is_headline_like, is_prose, main_block
from newsclean.filters.patterns import INLINE_RELATED, RELATED_FOOTERS, RELATED_HEADERS
from newsclean.reasons import Reason

_HEADERS = LinePatternFilter("related_headers", RELATED_HEADERS)
_FOOTERS = LinePatternFilter("related_footers", RELATED_FOOTERS)
_INLINE = LinePatternFilter("related_inline", INLINE_RELATED)


@dataclass(frozen=True)
class RelatedListFilter:
    """Lists of links to other stories.

    Three shapes are recognised: a header ("Related", "More from World", "You may
    also like") and the run of headline-like lines under it; a footer ("Read more
    stories") and the run above it; and, after the article body, a run of at least
    ``min_trailing_run`` headline-like lines of ``min_link_words`` words or more.

    >>> text = "A sentence long enough to be prose, for sure.\\n\\nRelated\\nFirst story title here\\nSecond story"
    >>> [(t.start, t.end, t.detail) for t in RelatedListFilter().tag(Context.for_text(text))]
    [(2, 5, 'related_header')]
    """

    name: str = "related_list"
    max_link_words: int = 25
    min_link_words: int = 4
    min_trailing_run: int = 3

    def _is_link(self, ctx: Context, i: int) -> bool:
        return not ctx.is_claimed(i) and is_headline_like(ctx, i, 2, self.max_link_words)

    def tag(self, context: Context) -> Iterator[Tag]:
        doc = context.doc
        taken: set[int] = set()
        for header in _HEADERS.tag(context):
            if context.is_claimed(header.start):
                continue
            end = header.end
            for i in doc.nonblank(header.end):
                if not self._is_link(context, i):
                    break
                end = i + 1
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
        block = main_block(context)
        if block is None:
            return
        run: list[int] = []
        for i in [*doc.nonblank(block.end), len(doc.lines)]:
            link = (
                i < len(doc.lines)
                and i not in taken
                and self._is_link(context, i)
                and doc.word_counts[i] >= self.min_link_words
            )
            if link:
                run.append(i)
                continue
            if len(run) >= self.min_trailing_run:
                yield Tag(self.name, Reason.RELATED_LIST, run[0], run[-1] + 1, "trailing_headline_run")
            run = []


@dataclass(frozen=True)
class RelatedLinkFilter:
    """A single link to another story standing inside the article body.

    Either an explicit one ("Also read: ...", "READ MORE: ...") or a bare
    headline-like line of ``min_words`` to ``max_words`` words standing alone between
    two prose paragraphs (each of ``neighbour_min_words`` words or more), the first
    of which does not end with a colon (a colon introduces a quote or list).
    """

    name: str = "related_link"
    min_words: int = 6
    max_words: int = 20
    neighbour_min_words: int = 12

    def tag(self, context: Context) -> Iterator[Tag]:
        doc = context.doc
        explicit: set[int] = set()
        for found in _INLINE.tag(context):
            for i in range(found.start, found.end):
                if doc.lines[i].text and not context.is_claimed(i):
                    explicit.add(i)
                    yield Tag(self.name, Reason.RELATED_LINK, i, i + 1, found.detail)
        block = main_block(context)
        if block is None:
            return
        # judge neighbours as they will stand after removal: skip the explicit links too
        lines = [i for i in context.free_lines(block.start, block.end) if i not in explicit]
        for before, line, after in zip(lines, lines[1:], lines[2:], strict=False):
            if (
                is_headline_like(context, line, self.min_words, self.max_words)
                and not doc.ends_terminal[line]
                and is_prose(context, before, self.neighbour_min_words)
                and is_prose(context, after, self.neighbour_min_words)
            ):
                yield Tag(self.name, Reason.RELATED_LINK, line, line + 1, "headline_between_paragraphs")
