"""Tag and topic lines: "Tags: a, b", or a bare line of names right after the body."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from newsclean.filters.base import Context, LinePatternFilter, Tag
from newsclean.filters.layout import capitalised_share, main_block
from newsclean.filters.patterns import TAG_LINES
from newsclean.reasons import Reason

_LABELLED = LinePatternFilter("tag_labels", TAG_LINES)


@dataclass(frozen=True)
class TagLineFilter:
    """Tag lines.

    A labelled line ("Tags: Russia, North Korea", "Filed under: ...") anywhere, and
    an unlabelled one: within the first ``lookahead`` unclaimed lines after the body,
    a line without sentence punctuation whose words are mostly capitalised
    (``min_capitalised``) and mostly (``min_body_overlap``, and at least two) words
    that occur in the body, like ``Russia Kim Jong Un North Korea Sergei Shoigu``.
    """

    name: str = "tags"
    lookahead: int = 2
    min_capitalised: float = 0.7
    min_body_overlap: float = 0.5

    def tag(self, context: Context) -> Iterator[Tag]:
        doc = context.doc
        labelled: set[int] = set()
        for found in _LABELLED.tag(context):
            if not context.is_claimed(found.start):
                labelled.update(range(found.start, found.end))
                yield Tag(self.name, Reason.TAGS, found.start, found.end, found.detail)
        block = main_block(context)
        if block is None:
            return
        body_words = {
            word.casefold()
            for i in context.free_lines(block.start, block.end)
            for word in doc.lines[i].text.split()
        }
        # look at the lines after the body as they will stand after removal
        after = [i for i in context.free_lines(block.end) if i not in labelled]
        for i in after[: self.lookahead]:
            text = doc.lines[i].text
            words = text.split()
            if len(words) < 2 or doc.ends_terminal[i] or capitalised_share(text) < self.min_capitalised:
                continue
            known = sum(1 for w in words if w.casefold() in body_words)
            if known >= 2 and known / len(words) >= self.min_body_overlap:
                yield Tag(self.name, Reason.TAGS, i, i + 1, "unlabelled_tag_line")
                return
