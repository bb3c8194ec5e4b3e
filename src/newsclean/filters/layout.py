"""Where the article sits: line shapes and the main prose block.

The article body is the longest run of prose; boilerplate clusters at the edges
and comes in runs. :func:`main_block` scores each line (prose is positive, short
unpunctuated lines and lines other filters claimed are negative) and returns the
maximum-sum contiguous range, computed in one linear pass (Kadane's algorithm).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex

if TYPE_CHECKING:
    from newsclean.filters.base import Context

_STARTS_UPPER_OR_QUOTE = regex.compile(r"^[\p{Lu}\p{N}\"'“‘«¿¡]")
_CAPITALISED = regex.compile(r"^[\p{Lu}\p{N}]")
_WORDS = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}\p{M}'’.&-]*")


@dataclass(frozen=True, slots=True)
class Block:
    """A half-open line range ``[start, end)``; ``end`` is one past the last prose line."""

    start: int
    end: int

    def __contains__(self, index: object) -> bool:
        return isinstance(index, int) and self.start <= index < self.end


@dataclass(frozen=True, slots=True)
class BlockScoring:
    """How lines are scored when looking for the main prose block.

    A sentence-like line of ``prose_min_words`` or more scores its word count;
    shorter sentences score ``short_sentence_score``; lines without sentence
    punctuation cost ``fragment_cost`` plus half their words (long unpunctuated
    lines of ``long_line_words`` or more count as prose); a line another filter
    claimed costs ``claimed_cost`` or what it would cost unclaimed, whichever is
    more, so that claiming a line never makes the body more likely to reach over it.
    """

    prose_min_words: int = 8
    long_line_words: int = 25
    short_sentence_score: float = 1.0
    fragment_cost: float = 3.0
    claimed_cost: float = 4.0


def is_prose(ctx: Context, index: int, min_words: int = 8) -> bool:
    """A sentence-like line: ends like a sentence and has ``min_words`` words or more."""
    doc = ctx.doc
    return doc.ends_sentence[index] and doc.word_counts[index] >= min_words


def is_headline_like(ctx: Context, index: int, min_words: int = 2, max_words: int = 25) -> bool:
    """A line shaped like a headline or a link: a few words, capitalised, no closing full stop."""
    doc = ctx.doc
    text = doc.lines[index].text
    words = doc.word_counts[index]
    if not min_words <= words <= max_words or not _STARTS_UPPER_OR_QUOTE.match(text):
        return False
    return not text.endswith((".", ":", ";", ",")) or text.endswith("...")


def capitalised_share(text: str) -> float:
    """Share of words that start with a capital letter or digit."""
    words = _WORDS.findall(text)
    if not words:
        return 0.0
    return sum(1 for w in words if _CAPITALISED.match(w)) / len(words)


def main_block(ctx: Context, scoring: BlockScoring = BlockScoring()) -> Block | None:
    """The maximum-scoring contiguous range of lines, or ``None`` when no line scores above zero.

    >>> from newsclean.filters.base import Context
    >>> text = "Menu\\nHome\\nA first sentence that is long enough to count.\\n\\nAnd a second one, also long.\\nShare"
    >>> main_block(Context.for_text(text))
    Block(start=2, end=5)
    """
    doc = ctx.doc
    words = doc.word_counts
    ends = doc.ends_sentence
    best = 0.0
    best_range: tuple[int, int] | None = None
    running = 0.0
    run_start = 0
    for i, line in enumerate(doc.lines):
        if not line.text:
            continue
        if ends[i] and words[i] >= scoring.prose_min_words:
            score = float(words[i])
        elif words[i] >= scoring.long_line_words:
            score = words[i] * 0.7
        elif ends[i]:
            score = scoring.short_sentence_score
        else:
            score = -(scoring.fragment_cost + words[i] / 2)
        if ctx.is_claimed(i):
            score = min(score, -scoring.claimed_cost)
        if running <= 0:
            running = 0.0
            run_start = i
        running += score
        if running > best:
            best = running
            best_range = (run_start, i + 1)
    if best_range is None:
        return None
    return Block(*best_range)
