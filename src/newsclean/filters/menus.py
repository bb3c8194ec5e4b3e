"""Runs of very short lines: menus, footer link lists, section indexes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from newsclean.checks import check_fields
from newsclean.filters.base import Context, Tag
from newsclean.reasons import Reason


@dataclass(frozen=True)
class MenuRunFilter:
    """A run of at least ``min_lines`` consecutive lines of at most ``max_words`` words,
    none ending like a sentence (blank lines, and lines other filters claimed, may
    separate them). In the standard pipeline it runs after ``outside_body``, so it
    judges the lines of the body only.

    >>> text = "Home\\nWorld\\nBusiness\\nSport\\nA real sentence follows here."
    >>> [(t.start, t.end) for t in MenuRunFilter().tag(Context.for_text(text))]
    [(0, 4)]
    """

    name: str = "menu_run"
    min_lines: int = 4
    max_words: int = 3

    def __post_init__(self) -> None:
        check_fields(self)

    def tag(self, context: Context) -> Iterator[Tag]:
        doc = context.doc
        run: list[int] = []
        for i in [*doc.nonblank(), len(doc.lines)]:
            short = (
                i < len(doc.lines)
                and doc.word_counts[i] <= self.max_words
                and not doc.ends_sentence[i]
                and not context.is_claimed(i)
            )
            if short:
                run.append(i)
                continue
            if i < len(doc.lines) and context.is_claimed(i):
                continue  # judge adjacency as it will stand after removal
            if len(run) >= self.min_lines:
                yield Tag(self.name, Reason.MENU_RUN, run[0], run[-1] + 1, f"{len(run)}_short_lines")
            run = []
