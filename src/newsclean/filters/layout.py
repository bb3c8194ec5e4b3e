"""Line shapes, and the rule-based body locator of earlier versions.

The rule-based locator takes the article body to be the longest run of prose:
:func:`main_block` scores each line by hand-set weights (prose is positive, short
unpunctuated lines and lines other filters claimed are negative) and returns the
maximum-sum contiguous range, computed in one linear pass (Kadane's algorithm).
:class:`RuleLocator` makes it a locator. The default is the fitted locator
(:mod:`newsclean.locator`); this one is kept for comparison.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsclean.checks import check_fields
from newsclean.document import WORD
from newsclean.pattern_cache import cached_compile
from newsclean.reasons import Reason

if TYPE_CHECKING:
    from newsclean.filters.base import Context
    from newsclean.locator.base import BodyLines

_STARTS_UPPER_OR_QUOTE = cached_compile(r"^[\p{Lu}\p{N}\"'“‘«¿¡]")
_CAPITALISED = cached_compile(r"^[\p{Lu}\p{N}]")
#: A list item that starts in lowercase continues a sentence (ingredients, conditions).
_LOWERCASE = cached_compile(r"\p{Ll}")
#: List bullets of nested levels in text dumps: almost never article text.
NESTED_MARKERS = frozenset({"+", "o", "-", "–", "•", "·", "▪", "■", "►"})


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
    more, so that claiming a line never makes the body more likely to reach over it. Nested list items (``+``, ``o``, ``-`` bullets)
    link cards (a headline glued to its summary, see :func:`~newsclean.linefeatures.is_teaser`)
    and long lines almost without function words score like fragments; first-level
    list items score ``list_item_weight`` of a paragraph, table rows ``table_row_score``, and so do
    first-level list items of two words or more that start with a lowercase letter (a list inside a
    sentence: ingredients, conditions; links and menu items start with a capital).
    A run of non-prose lines costs more the longer it runs (``gap_growth``), except the
    lines of a related-stories box another filter recognised (reason ``related_list``):
    they cost what they cost one by one, since the article often goes on below such a box. A byline
    or date line (``start_reasons``) after a short run of prose (under
    ``start_max_score``) opens a new block: the prose above was teasers. The block never
    runs past the start of a comment thread (a line claimed for one of ``stop_reasons``)
    once it has scored ``stop_min_score``. Sentence-like means ending with ``.``, ``!``,
    ``?``, ``:`` or ``;`` (a colon introduces a list or a quote).
    """

    prose_min_words: int = 8
    """Words a sentence-like line needs to count as prose."""
    long_line_words: int = 25
    """Words from which a line without sentence punctuation still counts as prose."""
    short_sentence_score: float = 1.0
    """Score of a sentence shorter than ``prose_min_words``."""
    fragment_cost: float = 6.0
    """Base cost of a line that is not prose (plus half its words)."""
    claimed_cost: float = 5.0
    """Cost of a line another filter claimed."""
    min_stop_density: float = 0.1
    """A prose-length line with a smaller share of function words is scored as a fragment
    (only when the document's language was recognised)."""
    table_row_score: float = 1.0
    """Score of a line laid out in columns (a table row): neither prose nor boilerplate."""
    list_item_weight: float = 0.5
    """Factor applied to the positive score of a first-level list item (``*``, ``1.``)."""
    gap_growth: float = 0.5
    """Extra cost of each further line in a run of non-prose lines: the k-th costs
    ``min(1 + gap_growth * (k - 1), gap_cap)`` times its own cost (boilerplate comes in runs)."""
    start_reasons: frozenset[Reason] = frozenset({Reason.BYLINE, Reason.DATE_LINE})
    """Reasons of claimed lines that open an article (bylines, dates)."""
    start_max_score: float = 100.0
    """A run scoring less than this before a start line is dropped (teasers above the article)."""
    gap_cap: float = 3.0
    """The most a line of a non-prose run costs, as a multiple of its own cost (a long list of
    short items inside an article stays affordable)."""
    stop_reasons: frozenset[Reason] = frozenset({Reason.COMMENTS})
    """Reasons of claimed lines that end the article (the start of a comment thread)."""
    stop_min_score: float = 40.0
    """Score the block must already have for a stop line to end it (a comment counter
    under the headline does not)."""

    def __post_init__(self) -> None:
        check_fields(self, ("min_stop_density",))


def is_prose(ctx: Context, index: int, min_words: int = 8) -> bool:
    """A sentence-like line: ends like a sentence and has ``min_words`` words or more."""
    doc = ctx.doc
    return doc.ends_sentence[index] and doc.word_counts[index] >= min_words


def is_headline_like(ctx: Context, index: int, min_words: int = 2, max_words: int = 25) -> bool:
    """A line shaped like a headline or a link: a few words, capitalised, no closing full stop."""
    doc = ctx.doc
    return _headline_shaped(doc.lines[index].text, doc.word_counts[index], min_words, max_words)


def is_headline_text(text: str, min_words: int = 2, max_words: int = 25) -> bool:
    """:func:`is_headline_like` for a piece of a line (a list item without its bullet, say)."""
    return _headline_shaped(text, len(WORD.findall(text)), min_words, max_words)


def _headline_shaped(text: str, words: int, min_words: int, max_words: int) -> bool:
    if not min_words <= words <= max_words or not _STARTS_UPPER_OR_QUOTE.match(text):
        return False
    return not text.endswith((".", ":", ";", ",")) or text.endswith("...")


def capitalised_share(text: str) -> float:
    """Share of words that start with a capital letter or digit."""
    words = WORD.findall(text)
    if not words:
        return 0.0
    return sum(1 for w in words if _CAPITALISED.match(w)) / len(words)


def main_block(ctx: Context, scoring: BlockScoring = BlockScoring()) -> Block | None:
    """The maximum-scoring contiguous range of lines, or ``None`` when no line scores above zero.

    >>> from newsclean.filters.base import Context
    >>> text = "Menu\\nHome\\nA first sentence that is long enough to count.\\n\\n"
    >>> text += "And a second one, also long.\\nShare"
    >>> main_block(Context.for_text(text))
    Block(start=2, end=5)
    """
    doc = ctx.doc
    words = doc.word_counts
    ends = doc.ends_terminal  # a sentence introducing a list or quote ends with ":"
    features = ctx.features()
    density = features.stop_density if features.language else None
    markers = features.list_marker
    rows = features.table_row
    teasers = features.teaser
    best = 0.0
    best_range: tuple[int, int] | None = None
    running = 0.0
    run_start = 0
    gap = 0
    for i, line in enumerate(doc.lines):
        if not line.text:
            continue
        n = words[i]
        marker = markers[i]
        claim = ctx.claim(i)
        in_sentence = (
            marker
            and marker not in NESTED_MARKERS
            and n >= 2
            and _LOWERCASE.match(line.text, len(marker) + 1)
        )
        if rows[i] or in_sentence:
            score = scoring.table_row_score
        elif (
            teasers[i]
            or (marker and marker in NESTED_MARKERS)
            or (
                density is not None and n >= scoring.prose_min_words and density[i] < scoring.min_stop_density
            )
        ):
            score = -(scoring.fragment_cost + n / 2)
        elif ends[i] and n >= scoring.prose_min_words:
            score = float(n)
        elif n >= scoring.long_line_words:
            score = n * 0.7
        elif ends[i]:
            score = scoring.short_sentence_score
        else:
            score = -(scoring.fragment_cost + n / 2)
        if marker and score > 0:
            score *= scoring.list_item_weight
        if claim is not None:
            if claim.reason in scoring.stop_reasons and best >= scoring.stop_min_score:
                break  # a comment thread starts: the article is over
            if claim.reason in scoring.start_reasons and 0 < running < scoring.start_max_score:
                running = -1.0  # an article header: what came just before belongs to something else
            score = min(score, -scoring.claimed_cost)
        if score < 0:
            gap += 1
            if claim is None or claim.reason is not Reason.RELATED_LIST:
                score *= min(1.0 + scoring.gap_growth * (gap - 1), scoring.gap_cap)
        else:
            gap = 0
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


@dataclass(frozen=True)
class RuleLocator:
    """The rule-based body locator: the maximum-scoring contiguous run of lines under
    ``scoring`` (:func:`main_block`), hand-weighted. Superseded by the fitted locator
    (:class:`~newsclean.locator.fitted.FittedLocator`); kept so that the two can be compared.

    When the body's own lines read as another language than the page's, the page is judged
    in the body's language and the body located again, as a second cleaning would see it.
    """

    scoring: BlockScoring = BlockScoring()

    def locate(self, ctx: Context) -> BodyLines | None:
        from newsclean.locator.base import BodyLines

        block = main_block(ctx, self.scoring)
        if block is None:
            return None
        # A body too short to name any language is left as found: judging the page without a
        # language could move the body to lines that name one again.
        body = ctx.free_lines(block.start, block.end)
        language = ctx.doc.language_of(body)
        if language is not None and language != ctx.features().language:
            ctx.judge_language_from(body)
            block = main_block(ctx, self.scoring)
            if block is None:
                return None
        return BodyLines(frozenset(ctx.free_lines(block.start, block.end)), block)
