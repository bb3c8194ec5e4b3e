"""The HTML-mode filters that judge a line's place, at each limit (exactly at, one below, one
above): the page title repeated among the first lines, and a bulleted list of headlines closing
the text. Lengths, word counts and shares are worked out by hand from the texts written here.
"""

from __future__ import annotations

import pytest

from newsclean.document import Document
from newsclean.errors import ConfigError
from newsclean.filters.base import Context, Tag
from newsclean.filters.html_leftovers import TitleLineFilter, TrailingLinkListFilter
from newsclean.reasons import Reason

PROSE = "The council met on Tuesday to vote on the budget for next year."


def context(lines: list[str], claimed: tuple[int, ...] = ()) -> Context:
    ctx = Context(Document.from_text("\n".join(lines)))
    ctx.add([Tag("other", Reason.PATTERN, i, i + 1) for i in claimed])
    return ctx


def titled(
    title: str | None, lines: list[str], claimed: tuple[int, ...] = (), **options: object
) -> list[int]:
    return [t.start for t in TitleLineFilter(title, **options).tag(context(lines, claimed))]  # type: ignore[arg-type]


# --- the page title -----------------------------------------------------------------------------


def test_a_line_equal_to_the_title_but_for_case_and_punctuation() -> None:
    tags = list(
        TitleLineFilter("COUNCIL approves: the budget!").tag(context(["Council Approves the Budget", PROSE]))
    )
    assert tags == [Tag("headline", Reason.HEADLINE, 0, 1, "page_title")]
    # a title of one word is matched whole, not as a start
    assert titled("Budget", ["Budget", PROSE]) == [0]
    assert titled("Budget", ["Budg", PROSE]) == []


@pytest.mark.parametrize(
    ("title", "tagged", "why"),
    [
        ("aaa bbb cccc dddddd", True, "the line (12 characters) is 12 / 19 of the title"),
        ("aaa bbb cccc ddddddd", True, "12 / 20 = 0.6 exactly"),
        ("aaa bbb cccc dddddddd", False, "12 / 21 < 0.6"),
    ],
)
def test_a_line_the_title_starts_with_covers_six_tenths_of_it(title: str, tagged: bool, why: str) -> None:
    assert titled(title, ["Aaa bbb cccc", PROSE]) == ([0] if tagged else []), why


def test_the_share_is_configurable_and_the_start_has_three_words() -> None:
    assert titled("aaa bbb cccc dddddddd", ["Aaa bbb cccc", PROSE], min_share=0.5) == [0]
    assert titled("aaa bbb cccc ddddddd", ["Aaa bbb cccc", PROSE], min_share=0.7) == []
    # two words are no start of a title, however much of it they cover
    assert titled("aaa bbbbbbbbbbbbbbbb c", ["Aaa bbbbbbbbbbbbbbbb", PROSE]) == []
    assert titled("aaa bbbbbbbbbbbbbbbb c d", ["Aaa bbbbbbbbbbbbbbbb c", PROSE]) == [0]
    # a line that is no start of the title
    assert titled("aaa bbb cccc ddd", ["Bbb cccc ddd", PROSE]) == []


def test_the_title_is_looked_for_among_the_first_three_non_blank_lines() -> None:
    assert titled("Budget day", ["Menu", "", "Home", "Budget day", PROSE]) == [3]
    assert titled("Budget day", ["Menu", "Home", "News", "Budget day", PROSE]) == []
    assert titled("Budget day", ["Menu", "Home", "News", "Budget day"], lookahead=4) == [3]
    assert titled("Budget day", ["Budget day"], lookahead=0) == []


def test_a_claimed_title_line_ends_the_search() -> None:
    assert titled("Budget day", ["Budget day", "Budget day", PROSE], claimed=(0,)) == []
    assert titled("Budget day", ["Budget day", "Budget day", PROSE]) == [0]


def test_no_title_or_a_title_without_letters_tags_nothing() -> None:
    assert titled(None, ["Budget day", PROSE]) == []
    assert titled("", ["Budget day", PROSE]) == []
    assert titled(" - | - ", ["***", PROSE]) == []


def test_title_letters_are_compared_casefolded() -> None:
    assert titled("STRASSE closed today", ["Straße closed today", PROSE]) == [0]


def test_title_filter_fields_are_checked() -> None:
    with pytest.raises(ConfigError, match=r"min_share must be a number in \[0.0, 1.0\], got 1.5"):
        TitleLineFilter("T", min_share=1.5)
    assert TitleLineFilter("T", min_share=1.0).min_share == 1.0
    assert TitleLineFilter("T", lookahead=0).lookahead == 0
    with pytest.raises(ConfigError, match="lookahead must be a whole number of at least 0"):
        TitleLineFilter("T", lookahead=-1)


# --- a bulleted list of headlines closing the text ------------------------------------------------


def item(n: int = 4) -> str:
    """A bulleted headline of ``n`` words, all capitalised."""
    return "- " + " ".join(["Ferry"] + [f"W{i}" for i in range(n - 1)])


def closing(lines: list[str], claimed: tuple[int, ...] = (), **options: object) -> list[tuple[int, int]]:
    f = TrailingLinkListFilter(**options)  # type: ignore[arg-type]
    return [(t.start, t.end) for t in f.tag(context(lines, claimed))]


@pytest.mark.parametrize(("n", "tagged"), [(1, False), (2, True), (3, True), (6, True), (7, False)])
def test_a_closing_list_has_two_to_six_items(n: int, tagged: bool) -> None:
    assert closing([PROSE] + [item()] * n) == ([(1, n + 1)] if tagged else [])


def test_the_item_count_limits_are_configurable() -> None:
    assert closing([PROSE, item()], min_items=1) == [(1, 2)]
    assert closing([PROSE] + [item()] * 7, max_items=7) == [(1, 8)]
    assert closing([PROSE] + [item()] * 3, min_items=4) == []
    assert closing([PROSE] + [item()] * 3, max_items=2) == []


def test_a_closing_list_is_a_related_list_tag() -> None:
    tags = list(TrailingLinkListFilter().tag(context([PROSE, item(), "", item()])))
    assert tags == [Tag("trailing_links", Reason.RELATED_LIST, 1, 4, "closing_headline_list")]


@pytest.mark.parametrize(("words", "tagged"), [(2, False), (3, True), (20, True), (21, False)])
def test_an_item_has_three_to_twenty_words(words: int, tagged: bool) -> None:
    assert closing([PROSE, item(words), item(words)]) == ([(1, 3)] if tagged else [])


def test_item_word_limits_are_configurable() -> None:
    assert closing([PROSE, item(2), item(2)], min_words=2) == [(1, 3)]
    assert closing([PROSE, item(4), item(4)], max_words=3) == []


@pytest.mark.parametrize("end", [".", ";", ",", ":", "!", "?"])
def test_an_item_has_no_closing_punctuation(end: str) -> None:
    assert closing([PROSE, item() + end, item() + end]) == []


@pytest.mark.parametrize(
    ("text", "tagged"),
    [
        ("- Ferry crossing Delayed again", True),
        ("- Ferry crossing delayed again", False),
        ("- Ferry Crossing Delayed again", True),
    ],
)
def test_half_an_items_words_are_capitalised(text: str, tagged: bool) -> None:
    # 2 of 4 capitalised: 0.5, enough; 1 of 4 is not
    assert closing([PROSE, text, text]) == ([(1, 3)] if tagged else [])


def test_the_capitalised_share_is_configurable() -> None:
    text = "- Ferry crossing delayed again"
    assert closing([PROSE, text, text], min_capitalised=0.25) == [(1, 3)]
    text = "- Ferry crossing Delayed again"
    assert closing([PROSE, text, text], min_capitalised=0.75) == []


@pytest.mark.parametrize("bullet", ["-", "•", "*", "–", "·"])
def test_each_bullet_followed_by_a_space(bullet: str) -> None:
    text = bullet + item()[1:]
    assert closing([PROSE, text, text]) == [(1, 3)]
    assert closing([PROSE, bullet + item()[2:], bullet + item()[2:]]) == []


def test_a_claimed_item_ends_the_list() -> None:
    assert closing([PROSE, item(), item(), item()], claimed=(1,)) == [(2, 4)]
    assert closing([PROSE, item(), item(), item()], claimed=(2,)) == []


@pytest.mark.parametrize(("after", "tagged"), [(2, True), (3, True), (4, False)])
def test_at_most_three_lines_after_the_list(after: int, tagged: bool) -> None:
    lines = [PROSE, item(), item()] + [PROSE] * after
    assert closing(lines) == ([(1, 3)] if tagged else [])
    assert closing(lines, tail_lines=after) == [(1, 3)]


def test_a_list_making_up_the_whole_text_and_a_short_text() -> None:
    assert closing([item(), item()]) == [(0, 2)]
    assert closing([item(), item(), PROSE]) == [(0, 2)]
    # with nothing above the list, no line introduces it (the text's last line is not above it)
    assert closing([item(), item(), "More below:"]) == [(0, 2)]


def test_a_list_introduced_by_a_colon_is_content() -> None:
    assert closing([PROSE[:-1] + ":", item(), item()]) == []
    assert closing([PROSE[:-1] + ";", item(), item()]) == [(1, 3)]


def test_the_last_run_of_items_decides_even_when_it_is_too_short() -> None:
    # one item closing the text is no list, and the two above it are not looked at
    assert closing([PROSE, item(), item(), PROSE, item()]) == []
    assert closing([PROSE, item(), item(), PROSE, PROSE]) == [(1, 3)]


def test_closing_list_fields_are_checked() -> None:
    with pytest.raises(ConfigError, match=r"min_capitalised must be a number in \[0.0, 1.0\], got 1.5"):
        TrailingLinkListFilter(min_capitalised=1.5)
    assert TrailingLinkListFilter(min_capitalised=1.0).min_capitalised == 1.0
    with pytest.raises(ConfigError, match="tail_lines must be a whole number of at least 1"):
        TrailingLinkListFilter(tail_lines=0)
