"""Size limits: the stated rule for documents and lines too large to be an article."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from newsclean.filters.base import Context, Tag
from newsclean.reasons import Reason


@dataclass(frozen=True)
class LimitsFilter:
    """Removes what is too large to be article text, so the rest of the page is still cleaned.

    - A line of more than ``max_line_chars`` characters is removed (rule ``long_line``):
      no paragraph a person wrote is that long; such lines are inline scripts, data
      blobs or a page flattened onto one line.
    - Every line that starts at or past character ``max_document_chars`` of the
      document is removed (rule ``past_document_limit``): the document is cut at the
      last line break before the limit.

    Both removals carry :attr:`~newsclean.reasons.Reason.OVERSIZE`, so they are
    explained and replayed like any other. Run this filter first.

    >>> f = LimitsFilter(max_document_chars=23, max_line_chars=8)
    >>> [(t.start, t.end, t.detail) for t in f.tag(Context.for_text("short\\nmuch too long\\nok\\nlater"))]
    [(1, 2, 'long_line'), (3, 4, 'past_document_limit')]
    """

    name: str = "limits"
    line_local: ClassVar[bool] = True
    """A line it keeps is kept again in any shorter text made of kept lines (see
    :attr:`~newsclean.filters.base.LinePatternFilter.line_local`)."""
    max_document_chars: int = 1_000_000
    max_line_chars: int = 20_000

    def tag(self, context: Context) -> Iterator[Tag]:
        lines = context.doc.lines
        cut = len(lines)
        if len(context.doc.text) > self.max_document_chars:
            cut = context.doc.line_at(self.max_document_chars).index
            cut += lines[cut].start < self.max_document_chars
        for line in lines[:cut]:
            if line.end - line.start > self.max_line_chars:
                yield Tag(self.name, Reason.OVERSIZE, line.index, line.index + 1, "long_line")
        if cut < len(lines):
            yield Tag(self.name, Reason.OVERSIZE, cut, len(lines), "past_document_limit")
