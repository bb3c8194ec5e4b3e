"""The edges of the article: headline, section label, and whatever else lies outside the body."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import regex

from newsclean.filters.base import Context, Tag
from newsclean.filters.layout import BlockScoring, main_block
from newsclean.reasons import Reason

_SECTION = regex.compile(r"^[\p{Lu}\p{N}][\p{L}\p{N}&'’.\- ]{0,30}$")


@dataclass(frozen=True)
class OutsideBodyFilter:
    """Everything before and after the main prose block that no other filter claimed.

    Before the block, the nearest headline-shaped line (``headline_min_words`` to
    ``headline_max_words`` words, no closing full stop) is tagged as the headline and a
    bare label of up to ``section_max_words`` words just above it as the section;
    the rest is tagged :attr:`~newsclean.reasons.Reason.OUTSIDE_BODY`. Run it after the
    filters that recognise specific boilerplate, so that their reasons explain what they find.
    """

    name: str = "outside_body"
    headline_min_words: int = 3
    headline_max_words: int = 30
    section_max_words: int = 3
    scoring: BlockScoring = field(default_factory=BlockScoring)

    def tag(self, context: Context) -> Iterator[Tag]:
        doc = context.doc
        block = main_block(context, self.scoring)
        if block is None:
            free = context.free_lines()
            if free:
                yield Tag(self.name, Reason.OUTSIDE_BODY, free[0], free[-1] + 1, "no_prose_found")
            return
        before = context.free_lines(0, block.start)
        headline = self._headline(context, before)
        section = None
        if headline is not None:
            above = [i for i in doc.nonblank(0, headline)]
            claim = context.claim(above[-1]) if above else None
            # a section label recurs on every page of a site: it may already be claimed as template
            open_line = claim is None or claim.reason is Reason.TEMPLATE
            if above and open_line and self._is_section(context, above[-1]):
                section = above[-1]
        if section is not None and context.is_claimed(section):
            yield Tag(self.name, Reason.SECTION_LABEL, section, section + 1, "section_label")
        for i in before:
            if i == headline:
                yield Tag(self.name, Reason.HEADLINE, i, i + 1, "headline")
            elif i == section:
                yield Tag(self.name, Reason.SECTION_LABEL, i, i + 1, "section_label")
            else:
                yield Tag(self.name, Reason.OUTSIDE_BODY, i, i + 1, "before_body")
        after = context.free_lines(block.end)
        if after:
            yield Tag(self.name, Reason.OUTSIDE_BODY, after[0], after[-1] + 1, "after_body")

    def _headline(self, context: Context, before: list[int]) -> int | None:
        doc = context.doc
        for i in reversed(before):
            text = doc.lines[i].text
            words = doc.word_counts[i]
            if self.headline_min_words <= words <= self.headline_max_words and not text.endswith(
                (".", ":", ",")
            ):
                return i
        return None

    def _is_section(self, context: Context, index: int) -> bool:
        doc = context.doc
        return doc.word_counts[index] <= self.section_max_words and bool(
            _SECTION.match(doc.lines[index].text)
        )
