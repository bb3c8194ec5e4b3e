"""What a body locator is: an object that tells which lines of a document are the article.

The structural filters (``outside_body``, ``related_link``, ``trailers``, ``tags``) judge
lines against the body a locator found, located once per document by
:meth:`newsclean.filters.base.Context.body_lines`. Two locators exist: the fitted one
(:class:`~newsclean.locator.fitted.FittedLocator`, the default) and the rule-based one of
earlier versions (:class:`~newsclean.filters.layout.RuleLocator`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from newsclean.filters.base import Context
    from newsclean.filters.layout import Block


@dataclass(frozen=True)
class BodyLines:
    """The article's lines (indexes of non-blank lines no filter had claimed), and ``block``,
    the range from its first line to its last; lines of the range not in ``lines`` are boxes
    inside the article (or lines other filters claimed).

    >>> from newsclean.filters.layout import Block
    >>> body = BodyLines(frozenset({2, 3, 6}), Block(2, 7))
    >>> sorted(body.boxes(range(2, 7)))
    [4, 5]
    """

    lines: frozenset[int]
    block: Block

    def boxes(self, candidates: range | list[int]) -> list[int]:
        """The ``candidates`` inside :attr:`block` that are not article lines."""
        return [i for i in candidates if i in self.block and i not in self.lines]


class Locator(Protocol):
    """Finds the article body of a document whose pattern filters have run."""

    def locate(self, context: Context) -> BodyLines | None:
        """The body, or ``None`` when the document holds no article text."""
        ...
