"""Line shapes and the related-story filters at each limit (exactly at, one below, one above).

Word counts and expected tags are worked out by hand from the texts written here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from newsclean.document import Document
from newsclean.filters import COMMENTS
from newsclean.filters.base import Context, Tag
from newsclean.filters.layout import (
    Block,
    BlockScoring,
    capitalised_share,
    is_headline_like,
    is_headline_text,
    is_prose,
    main_block,
)
from newsclean.filters.related import RelatedLinkFilter, RelatedListFilter
from newsclean.locator.base import BodyLines
from newsclean.reasons import Reason


@dataclass(frozen=True)
class WholeBody:
    """A locator that takes every non-blank line for the body: the filters tested on their own."""

    def locate(self, context: Context) -> BodyLines:
        lines = context.doc.nonblank()
        return BodyLines(frozenset(lines), Block(min(lines), max(lines) + 1))


def context(*lines: str) -> Context:
    return Context(Document.from_text("\n".join(lines)), locator=WholeBody())


def title(n: int) -> str:
    """A capitalised headline of ``n`` words, without a full stop."""
    return " ".join(["Headline"] + [f"word{i}" for i in range(n - 1)])


def prose(n: int) -> str:
    """A sentence of ``n`` words, ending with a full stop."""
    return " ".join(["The"] + ["word"] * (n - 1)) + "."


# --- layout: line shapes ----------------------------------------------------------------------


def test_block_holds_its_start_and_not_its_end() -> None:
    block = Block(2, 4)
    assert [i in block for i in range(6)] == [False, False, True, True, False, False]
    assert "2" not in block
    assert 2.0 not in block


@pytest.mark.parametrize(
    ("words", "min_words", "expected"),
    [(8, 8, True), (7, 8, False), (9, 8, True), (3, 3, True), (2, 3, False)],
)
def test_prose_has_at_least_min_words_and_ends_like_a_sentence(
    words: int, min_words: int, expected: bool
) -> None:
    ctx = context(prose(words), prose(words)[:-1], prose(words)[:-1] + ":")
    assert is_prose(ctx, 0, min_words) is expected
    assert is_prose(ctx, 1, min_words) is False  # no full stop
    assert is_prose(ctx, 2, min_words) is False  # a colon does not end a sentence


def test_is_prose_defaults_to_eight_words() -> None:
    ctx = context(prose(8), prose(7))
    assert is_prose(ctx, 0) and not is_prose(ctx, 1)


@pytest.mark.parametrize(
    ("words", "expected"), [(1, False), (2, True), (3, True), (24, True), (25, True), (26, False)]
)
def test_a_headline_has_two_to_twenty_five_words_by_default(words: int, expected: bool) -> None:
    assert is_headline_text(title(words)) is expected
    assert is_headline_like(context(title(words)), 0) is expected


@pytest.mark.parametrize(
    ("text", "expected", "why"),
    [
        ("Rain closes the bridge", True, "capitalised, no full stop"),
        ("rain closes the bridge", False, "starts in lower case"),
        ("Rain closes the bridge.", False, "a full stop"),
        ("Rain closes the bridge:", False, "a colon"),
        ("Rain closes the bridge;", False, "a semicolon"),
        ("Rain closes the bridge,", False, "a comma"),
        ("Rain closes the bridge...", True, "an ellipsis is a headline's"),
        ("Rain closes the bridge!", True, "an exclamation mark"),
        ("“Rain” closes the bridge", True, "an opening quote"),
        ("«Rain» closes the bridge", True, "a guillemet"),
        ("'Rain' closes the bridge", True, "a straight quote"),
        ("2 bridges closed by rain", True, "a digit"),
        ("¿Rain closes the bridge?", True, "an inverted question mark"),
        ("(Rain) closes the bridge", False, "a parenthesis"),
    ],
)
def test_a_headline_starts_with_a_capital_digit_or_quote_and_has_no_closing_stop(
    text: str, expected: bool, why: str
) -> None:
    assert is_headline_text(text) is expected, why


def test_headline_word_limits_are_inclusive_on_both_sides() -> None:
    three = "Rain closes bridges"
    assert is_headline_text(three, 3, 3)
    assert not is_headline_text(three, 4, 5)
    assert not is_headline_text(three, 1, 2)
    ctx = context(three)
    assert is_headline_like(ctx, 0, 3, 3)
    assert not is_headline_like(ctx, 0, 4, 5)
    assert not is_headline_like(ctx, 0, 1, 2)


@pytest.mark.parametrize(
    ("text", "share"),
    [("", 0.0), ("...", 0.0), ("Rain in Paris", 2 / 3), ("rain in paris", 0.0), ("3 Bridges Closed", 1.0)],
)
def test_capitalised_share_counts_words_starting_with_a_capital_or_digit(text: str, share: float) -> None:
    assert capitalised_share(text) == pytest.approx(share)


# --- related-story lists ----------------------------------------------------------------------


def related(ctx: Context, f: RelatedListFilter | None = None) -> list[tuple[int, int, str]]:
    return [(t.start, t.end, t.detail) for t in (f or RelatedListFilter()).tag(ctx)]


def test_a_related_header_takes_the_headlines_under_it_up_to_max_link_words() -> None:
    assert related(context(prose(12), "Related", title(25), title(2))) == [(1, 4, "related_header")]
    # a 26-word line is no link: the list ends above it
    assert related(context(prose(12), "Related", title(2), title(26), title(2))) == [(1, 3, "related_header")]
    narrow = RelatedListFilter(max_link_words=3)
    assert related(context("Related", title(3), title(4)), narrow) == [(0, 2, "related_header")]
    assert related(context("Related", title(1))) == [(0, 1, "related_header")]  # one word is no link


def test_bulleted_links_are_judged_without_their_bullet() -> None:
    assert related(context("Related", "* " + title(25), "• " + title(2), "- " + title(26))) == [
        (0, 3, "related_header")
    ]
    # a bullet needs a space after it; a bulleted item in lower case is no link
    assert related(context("Related", "*" + title(2))) == [(0, 1, "related_header")]
    assert related(context("Related", "* story in lower case")) == [(0, 1, "related_header")]


def test_one_word_kicker_is_passed_over_once_and_not_twice() -> None:
    assert related(context("Related", "EXCLUSIVE", title(3), "Warning", title(3))) == [
        (0, 5, "related_header")
    ]
    # two kickers in a row end the list, and a kicker after the last link is not taken
    assert related(context("Related", title(3), "EXCLUSIVE", "Warning", title(3))) == [
        (0, 2, "related_header")
    ]
    assert related(context("Related", title(3), "EXCLUSIVE")) == [(0, 2, "related_header")]
    # a one-word line that ends a sentence, or is in lower case, is no kicker
    assert related(context("Related", "Warning.", title(3))) == [(0, 1, "related_header")]
    assert related(context("Related", "warning", title(3))) == [(0, 1, "related_header")]


def test_a_claimed_line_ends_a_related_list_and_a_claimed_header_starts_none() -> None:
    ctx = context(prose(12), "Related", title(3), "Comments", title(3))
    ctx.add(COMMENTS.tag(ctx))
    assert ctx.is_claimed(3)
    assert related(ctx) == [(1, 3, "related_header")]
    claimed = context(prose(12), "Related", title(3))
    from newsclean.filters.base import Tag

    claimed.add([Tag("other", Reason.PATTERN, 1, 2)])
    assert related(claimed) == []
    kicker_claimed = context("Related", "EXCLUSIVE", title(3))
    kicker_claimed.add([Tag("other", Reason.PATTERN, 1, 2)])
    assert related(kicker_claimed) == [(0, 1, "related_header")]


def test_a_footer_takes_the_headlines_above_it() -> None:
    assert related(context(prose(12), title(3), title(25), "Read more stories")) == [
        (1, 4, "read_more_footer")
    ]
    assert related(context(prose(12), title(26), title(3), "Read more stories")) == [
        (2, 4, "read_more_footer")
    ]
    assert related(context("Read more stories")) == [(0, 1, "read_more_footer")]


def test_a_footer_inside_a_headers_list_is_not_counted_twice() -> None:
    # "Read more stories" is shaped like a link, so the header's list runs over it; the footer
    # then lies in that list and makes no second tag
    out = related(context("Related", title(3), "Read more stories", title(3)))
    assert out == [(0, 4, "related_header")]
    # a footer just under a header's list, which it ends (in lower case: no link): its run
    # above stops at the header's lines
    out = related(context("Related", title(3), "read more stories", prose(12)))
    assert out == [(0, 2, "related_header"), (2, 3, "read_more_footer")]


def test_a_claimed_footer_is_skipped() -> None:
    from newsclean.filters.base import Tag

    ctx = context(prose(12), title(3), "Read more stories")
    ctx.add([Tag("other", Reason.PATTERN, 2, 3)])
    assert related(ctx) == []


# --- a single related link inside the body -----------------------------------------------------


def links(ctx: Context, f: RelatedLinkFilter | None = None) -> list[tuple[int, int]]:
    return [(t.start, t.end) for t in (f or RelatedLinkFilter()).tag(ctx)]


@pytest.mark.parametrize(("words", "tagged"), [(5, False), (6, True), (7, True), (20, True), (21, False)])
def test_a_related_link_has_six_to_twenty_words(words: int, tagged: bool) -> None:
    assert links(context(prose(12), title(words), prose(12))) == ([(1, 2)] if tagged else [])


@pytest.mark.parametrize(("words", "tagged"), [(11, False), (12, True), (13, True)])
def test_each_neighbour_of_a_related_link_has_twelve_words_or_more(words: int, tagged: bool) -> None:
    assert links(context(prose(words), title(8), prose(12))) == ([(1, 2)] if tagged else [])
    assert links(context(prose(12), title(8), prose(words))) == ([(1, 2)] if tagged else [])


def test_related_link_limits_are_configurable() -> None:
    f = RelatedLinkFilter(min_words=3, max_words=4, neighbour_min_words=5)
    assert links(context(prose(5), title(3), prose(5)), f) == [(1, 2)]
    assert links(context(prose(5), title(4), prose(5)), f) == [(1, 2)]
    assert links(context(prose(5), title(5), prose(5)), f) == []
    assert links(context(prose(5), title(2), prose(5)), f) == []
    assert links(context(prose(4), title(3), prose(5)), f) == []


def test_a_related_link_is_not_a_line_ending_a_sentence_or_between_non_prose() -> None:
    assert links(context(prose(12), title(8) + "!", prose(12))) == []
    assert links(context(prose(12), title(8) + "?", prose(12))) == []
    assert links(context(prose(12)[:-1], title(8), prose(12))) == []
    assert links(context(prose(12), title(8), prose(12)[:-1])) == []
    # two links in a row: neither sits between two paragraphs
    assert links(context(prose(12), title(8), title(8), prose(12))) == []
    # one after the other, each between paragraphs
    assert links(context(prose(12), title(8), prose(12), title(9), prose(12))) == [(1, 2), (3, 4)]


def test_neighbours_claimed_by_other_filters_are_looked_through() -> None:
    from newsclean.filters.base import Tag

    ctx = context(prose(12), "Advertisement", title(8), prose(12))
    ctx.add([Tag("other", Reason.PATTERN, 1, 2)])
    assert links(ctx) == [(2, 3)]


# --- the rule-based body locator (main_block): Kadane's sums worked out by hand ---------------
#
# The lines are made of tokens of no language, so no line is judged by its function words.
# ``sentence(n)`` scores n (n >= 8) or 1 (n < 8); ``fragment(k)`` (k words, no full stop)
# costs 6 + k / 2, and the k-th line of a run of non-prose lines costs min(1 + 0.5 (k - 1), 3)
# times its own cost; a claimed line costs at least 5. The block is the first range of lines
# whose sum is largest (a later range must beat it, not tie it).


def sentence(n: int) -> str:
    return " ".join(["Qx"] + ["zv"] * (n - 1)) + "."


def fragment(k: int) -> str:
    return " ".join(["Mnq"] * k)


def block(
    *lines: str, tags: tuple[tuple[Reason, int], ...] = (), scoring: BlockScoring | None = None
) -> Block | None:
    from newsclean.filters.base import Tag

    ctx = Context.for_text("\n".join(lines))
    assert ctx.features().language is None
    ctx.add([Tag("test", reason, i, i + 1) for reason, i in tags])
    return main_block(ctx) if scoring is None else main_block(ctx, scoring)


def test_a_fragment_costs_six_plus_half_its_words() -> None:
    # 10 - 8 + 8 = 10 ties the first line alone: the block stays (0, 1); 10 - 8 + 9 = 11 beats it
    assert block(sentence(10), fragment(4), sentence(8)) == Block(0, 1)
    assert block(sentence(10), fragment(4), sentence(9)) == Block(0, 3)
    # 10 - 7 + 8 = 11 with a fragment of two words
    assert block(sentence(10), fragment(2), sentence(8)) == Block(0, 3)
    assert block(sentence(10), fragment(4), sentence(8), scoring=BlockScoring(fragment_cost=5.0)) == Block(
        0, 3
    )


def test_a_sentence_of_prose_min_words_scores_its_words_and_a_shorter_one_scores_one() -> None:
    # 10 - 7 + 8 = 11 > 10 (above); a 7-word sentence scores 1: 10 - 6.5 + 1 = 4.5
    assert block(sentence(10), fragment(1), sentence(7)) == Block(0, 1)
    assert block(sentence(10), sentence(7)) == Block(0, 2)  # 10 + 1
    assert block(sentence(10), sentence(7), scoring=BlockScoring(short_sentence_score=0.0)) == Block(0, 1)
    # with prose from 7 words: 10 - 6.5 + 7 = 10.5
    assert block(sentence(10), fragment(1), sentence(7), scoring=BlockScoring(prose_min_words=7)) == Block(
        0, 3
    )


def test_a_run_of_fragments_costs_more_the_longer_it_runs() -> None:
    # 30 - 8 - 8 * 1.5 = 10, then + 20 ties 30, + 21 beats it
    assert block(sentence(30), fragment(4), fragment(4), sentence(20)) == Block(0, 1)
    assert block(sentence(30), fragment(4), fragment(4), sentence(21)) == Block(0, 4)
    # a prose line ends the run: the next fragment costs its own cost again
    assert block(sentence(30), fragment(4), sentence(8), fragment(4), sentence(9)) == Block(0, 5)


def test_the_growth_of_a_run_stops_at_three_times_a_lines_cost() -> None:
    # six one-word fragments: 6.5 * (1 + 1.5 + 2 + 2.5 + 3 + 3) = 84.5; 90 - 84.5 = 5.5
    lines = [sentence(90)] + [fragment(1)] * 6
    assert block(*lines, sentence(85)) == Block(0, 8)  # 5.5 + 85 = 90.5 > 90
    assert block(*lines, sentence(84)) == Block(0, 1)  # 89.5


def test_a_long_line_without_punctuation_counts_as_prose_from_twenty_five_words() -> None:
    # 25 words: 25 * 0.7 = 17.5; 24 words: a fragment costing 6 + 12
    assert block(sentence(10), fragment(25)) == Block(0, 2)
    assert block(sentence(10), fragment(24)) == Block(0, 1)
    assert block(fragment(25)) == Block(0, 1)


def test_blank_lines_are_neither_prose_nor_gaps() -> None:
    assert block(sentence(10), "", "", fragment(4), "", sentence(9)) == Block(0, 6)


def test_no_line_scoring_above_zero_is_no_block() -> None:
    assert block(fragment(3), fragment(2)) is None
    assert block("") is None


def test_a_claimed_line_costs_at_least_the_claimed_cost() -> None:
    # a list item scores half: "* " + 10 words = 5; a claimed line then costs 5: 5 - 5 = 0,
    # which does not carry on; 5.5 - 5 = 0.5 does
    assert block("* " + sentence(10), sentence(20), sentence(20), tags=((Reason.PATTERN, 1),)) == Block(2, 3)
    assert block("* " + sentence(11), sentence(20), sentence(20), tags=((Reason.PATTERN, 1),)) == Block(0, 3)
    # a claimed fragment costs what it costs unclaimed when that is more: 10 - 11 < 0
    assert block(sentence(10), fragment(10), sentence(11), tags=((Reason.PATTERN, 1),)) == Block(2, 3)


def test_a_comment_thread_ends_the_block_once_it_has_scored_forty() -> None:
    comments = ((Reason.COMMENTS, 1),)
    assert block(sentence(40), fragment(1), sentence(50), tags=comments) == Block(0, 1)
    # 39 - 6.5 + 50 = 82.5: below forty, a comment counter does not end the block
    assert block(sentence(39), fragment(1), sentence(50), tags=comments) == Block(0, 3)


def test_a_byline_after_a_short_run_drops_what_came_before() -> None:
    byline = ((Reason.BYLINE, 1),)
    # 99 before a byline: teasers, the run restarts (and 99 stays the best, as the 20 after is less)
    assert block(sentence(99), fragment(2), sentence(20), tags=byline) == Block(0, 1)
    assert block(sentence(10), fragment(2), sentence(20), tags=byline) == Block(2, 3)
    # 100 before it: the article itself, 100 - 7 + 20
    assert block(sentence(100), fragment(2), sentence(20), tags=byline) == Block(0, 3)
    assert block(sentence(10), fragment(2), sentence(20), tags=((Reason.DATE_LINE, 1),)) == Block(2, 3)
    # any other claim does not restart the run
    assert block(sentence(10), fragment(2), sentence(20), tags=((Reason.PATTERN, 1),)) == Block(0, 3)


def test_a_related_list_box_costs_line_by_line_without_growth() -> None:
    # two claimed lines: 5 + 5 as a related list (20 - 10 + 11 = 21 > 20), 5 + 7.5 otherwise
    # (20 - 12.5 + 11 = 18.5)
    related_box = ((Reason.RELATED_LIST, 1), (Reason.RELATED_LIST, 2))
    assert block(sentence(20), sentence(8), sentence(8), sentence(11), tags=related_box) == Block(0, 4)
    other = ((Reason.PATTERN, 1), (Reason.PATTERN, 2))
    assert block(sentence(20), sentence(8), sentence(8), sentence(11), tags=other) == Block(0, 1)


def test_bulleted_links_obey_max_link_words() -> None:
    narrow = RelatedListFilter(max_link_words=3)
    assert related(context("Related", "* " + title(3), "* " + title(4)), narrow) == [(0, 2, "related_header")]


def test_a_header_inside_another_headers_list_ends_its_own_list_at_once() -> None:
    # "Latest news" is a header and, shaped like a link, part of the list under "Related"
    # (a header line right under another is one header with it: a link comes between here)
    out = related(context("Related", title(3), "Latest news", title(3), prose(12), "Related", title(3)))
    assert out == [(0, 4, "related_header"), (2, 3, "related_header"), (5, 7, "related_header")]


def test_a_footer_above_a_header_is_its_own() -> None:
    out = related(context("read more stories", "Related", title(3)))
    assert out == [(1, 3, "related_header"), (0, 1, "read_more_footer")]


def test_claimed_headers_and_footers_are_skipped_and_the_others_kept() -> None:
    ctx = context("Related", title(3), prose(12), "Related", title(3), prose(12))
    ctx.add([Tag("other", Reason.PATTERN, 0, 1)])
    assert related(ctx) == [(3, 5, "related_header")]
    ctx = context(title(3), "Read more stories", prose(12), title(3), "Read more stories")
    ctx.add([Tag("other", Reason.PATTERN, 1, 2)])
    assert related(ctx) == [(3, 5, "read_more_footer")]


def test_a_footer_takes_the_run_just_above_it_up_to_the_first_line() -> None:
    assert related(context(title(3), title(3), "Read more stories")) == [(0, 3, "read_more_footer")]
    # the lines below the footer do not matter
    assert related(context(title(3), "Read more stories", prose(12))) == [(0, 2, "read_more_footer")]


def test_a_second_footer_stops_at_the_first_ones_lines() -> None:
    out = related(context(title(3), "Read more stories", title(3), "Read more stories"))
    assert out == [(0, 2, "read_more_footer"), (2, 4, "read_more_footer")]


def test_a_single_line_scoring_one_is_a_block() -> None:
    assert block("Qx zv.") == Block(0, 1)  # a short sentence: 1
    assert block("* Qx zv.") == Block(0, 1)  # a short list item: 0.5


def test_a_list_item_scores_half_a_paragraph() -> None:
    # 0.5, -6.5, 1: the plain sentence alone is the best; were the item worth 1, it would tie first
    assert block("* Qx zv.", fragment(1), "Qx zv.") == Block(2, 3)
    # 10 words as an item: 5; 5 - 6.5 + 8: the last line alone
    assert block("* " + sentence(10), fragment(1), sentence(8)) == Block(2, 3)


def test_a_long_line_without_punctuation_scores_seven_tenths_of_its_words() -> None:
    # 30 - 8 - 12 + 17.5 = 27.5 < 30
    assert block(sentence(30), fragment(4), fragment(4), fragment(25)) == Block(0, 1)
    # 10 - 8 + 17.5 = 19.5 > 17.5 > 10
    assert block(sentence(10), fragment(4), fragment(25)) == Block(0, 3)


def test_nested_list_items_cost_like_fragments_even_as_sentences() -> None:
    nested = "+ " + sentence(4)  # 4 words: costs 6 + 2
    assert block(sentence(10), nested, sentence(8)) == Block(0, 1)  # 10 - 8 + 8 ties
    assert block(sentence(10), nested, sentence(9)) == Block(0, 3)


def test_a_lowercase_list_item_continues_a_sentence_and_scores_like_a_table_row() -> None:
    # "* zv zv": two words, lower case after the bullet: 1 (table row score) * 0.5 = 0.5
    assert block(sentence(10), "* zv zv") == Block(0, 2)
    # one word after the bullet, or a capital: a fragment
    assert block(sentence(10), "* zv") == Block(0, 1)
    assert block(sentence(10), "* Zv zv") == Block(0, 1)
    # a nested bullet in lower case is still a fragment
    assert block(sentence(10), "+ zv zv") == Block(0, 1)
    assert block(sentence(10), "* zv zv", scoring=BlockScoring(table_row_score=0.0)) == Block(0, 1)


def test_a_table_row_scores_the_table_row_score() -> None:
    assert block(sentence(10), "Qx  zv  zv") == Block(0, 2)  # 10 + 1
    assert block(sentence(10), "Qx  zv  zv", scoring=BlockScoring(table_row_score=0.0)) == Block(0, 1)


def test_a_prose_length_line_without_function_words_is_a_fragment_when_the_language_is_known() -> None:
    from newsclean.filters.base import Context

    english = "The council voted on the budget today and the mayor said that it was a good day for the town."
    nine = "The mayor said that it was a good day."  # 9 words
    # 20 - 10 + 9 = 19 < 20: the line of 8 words without a function word costs 6 + 4
    ctx = Context.for_text("\n".join([english, "Qx zv zv zv zv zv zv zv.", nine]))
    assert ctx.features().language == "English"
    assert main_block(ctx) == Block(0, 1)
    # seven such words are no prose-length line: a short sentence, 1
    ctx = Context.for_text("\n".join([english, "Qx zv zv zv zv zv zv.", nine]))
    assert main_block(ctx) == Block(0, 3)


def test_a_start_line_drops_the_run_above_even_when_claims_cost_nothing() -> None:
    free = BlockScoring(claimed_cost=0.0)
    byline = ((Reason.BYLINE, 1),)
    # 0.5 above the byline: dropped, the byline scores 0 and the run restarts below it
    assert block("* Qx zv.", sentence(8), sentence(20), tags=byline, scoring=free) == Block(2, 3)
    assert block("* Qx zv.", sentence(8), sentence(20), tags=((Reason.PATTERN, 1),), scoring=free) == Block(
        0, 3
    )


def test_a_line_scoring_zero_ends_a_run_of_fragments() -> None:
    free = BlockScoring(claimed_cost=0.0)
    claimed = ((Reason.PATTERN, 2),)
    # 30 - 8 + 0 - 8 + 17 = 31 > 30: the claimed line (0) restarts the growth
    assert block(
        sentence(30), fragment(4), sentence(8), fragment(4), sentence(17), tags=claimed, scoring=free
    ) == (Block(0, 5))
    # a line scoring 0.5 ends the run too: 30 - 8 + 0.5 - 8 + 16 = 30.5
    assert block(sentence(30), fragment(4), "* Qx zv.", fragment(4), sentence(16)) == Block(0, 5)


def test_block_scoring_fields_are_checked() -> None:
    from newsclean.errors import ConfigError

    with pytest.raises(ConfigError, match="min_stop_density"):
        BlockScoring(min_stop_density=1.5)
    assert BlockScoring(min_stop_density=1.0).min_stop_density == 1.0
    assert BlockScoring(gap_cap=1.5).gap_cap == 1.5


def test_the_rule_locator_returns_the_blocks_free_lines() -> None:
    from newsclean.filters.base import Context
    from newsclean.filters.layout import RuleLocator

    ctx = Context.for_text("\n".join([fragment(3), sentence(10), "", sentence(12), fragment(3)]))
    body = RuleLocator().locate(ctx)
    assert body is not None
    assert (body.block, sorted(body.lines)) == (Block(1, 4), [1, 3])
    assert RuleLocator().locate(Context.for_text(fragment(3))) is None
