"""Unlabelled tag lines: a bare line of names right after the body."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from newsclean.checks import check_fields
from newsclean.filters.base import Context, Tag
from newsclean.filters.layout import capitalised_share
from newsclean.reasons import Reason


@dataclass(frozen=True)
class TagLineFilter:
    """An unlabelled tag line, like ``Russia Kim Jong Un North Korea Sergei Shoigu``.

    The body's last line, or one of the first ``lookahead`` unclaimed lines after the body: a line without
    sentence punctuation whose words are mostly capitalised (``min_capitalised``)
    and mostly (``min_body_overlap``, and at least two) words that occur in the
    body. (Labelled lines, "Tags: a, b", are the ``tag_labels`` filter.)

    >>> body = "Kim Jong Un met Sergei Shoigu in North Korea to discuss ties with Russia, officials said."
    >>> [(t.start, t.detail) for t in TagLineFilter().tag(Context.for_text(body + "\\nRussia Kim Jong Un"))]
    [(1, 'unlabelled_tag_line')]
    """

    name: str = "tags"
    lookahead: int = 2
    min_capitalised: float = 0.7
    min_body_overlap: float = 0.5

    def __post_init__(self) -> None:
        check_fields(self, ("min_capitalised", "min_body_overlap"), may_be_zero=("lookahead",))

    def tag(self, context: Context) -> Iterator[Tag]:
        doc = context.doc
        block = context.body_block()
        if block is None:
            return
        body = context.free_body_lines()
        # the body's own last line (a locator may take a tag line for the body's end), then the
        # first lines after the body
        last = body[-1:] if len(body) > 1 else []
        candidates = [*last, *context.free_lines(block.end)[: self.lookahead]]
        for i in candidates:
            text = doc.lines[i].text
            words = text.split()
            if len(words) < 2 or doc.ends_terminal[i] or capitalised_share(text) < self.min_capitalised:
                continue
            body_words = {word.casefold() for j in body if j != i for word in doc.lines[j].text.split()}
            known = sum(1 for w in words if w.casefold() in body_words)
            if known >= 2 and known / len(words) >= self.min_body_overlap:
                yield Tag(self.name, Reason.TAGS, i, i + 1, "unlabelled_tag_line")
                return
