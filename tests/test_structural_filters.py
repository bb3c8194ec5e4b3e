"""The structural filters at each limit (exactly at, one below, one above): unlabelled tag lines,
menu runs, the lines outside the body and the body's trailers.

The body is given by a locator written here (the lines it is told), so each filter is judged on its
own; word counts, shares and expected tags are worked out by hand from the texts written here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from newsclean.document import Document
from newsclean.filters.base import Context, Tag
from newsclean.filters.body import BodyTrailerFilter, OutsideBodyFilter
from newsclean.filters.layout import Block
from newsclean.filters.menus import MenuRunFilter
from newsclean.filters.tags import TagLineFilter
from newsclean.locator.base import BodyLines
from newsclean.reasons import Reason


@dataclass(frozen=True)
class Given:
    """A locator that says the body is ``lines`` (no body when empty)."""

    lines: tuple[int, ...]

    def locate(self, context: Context) -> BodyLines | None:
        if not self.lines:
            return None
        return BodyLines(frozenset(self.lines), Block(min(self.lines), max(self.lines) + 1))


def ctx(lines: list[str], body: tuple[int, ...] = (), claimed: tuple[int, ...] = ()) -> Context:
    context = Context(Document.from_text("\n".join(lines)), locator=Given(body))
    context.add([Tag("other", Reason.PATTERN, i, i + 1) for i in claimed])
    return context


def found(tags: object) -> list[tuple[int, int, str]]:
    return [(t.start, t.end, t.detail) for t in tags]  # type: ignore[attr-defined]


# --- unlabelled tag lines -----------------------------------------------------------------------

#: A body line whose words (casefolded, split on spaces) include alpha ... kappa.
BODY = "Alpha Beta Gamma Delta met epsilon zeta eta theta iota kappa in the town today."


def tag_lines(lines: list[str], body: tuple[int, ...] = (0,), f: TagLineFilter | None = None) -> list:
    return found((f or TagLineFilter()).tag(ctx(lines, body)))


def test_a_tag_line_of_two_words_both_from_the_body() -> None:
    tags = list(TagLineFilter().tag(ctx([BODY, "Alpha Beta"], (0,))))
    assert tags == [Tag("tags", Reason.TAGS, 1, 2, "unlabelled_tag_line")]
    # one word is never a tag line, even a known one
    assert tag_lines([BODY, "Alpha"]) == []


def test_a_tag_line_needs_two_words_from_the_body() -> None:
    # one known word of two: the share (1/2) is enough, the count is not
    assert tag_lines([BODY, "Alpha Omicron"]) == []
    assert tag_lines([BODY, "Alpha Omicron"], f=TagLineFilter(min_body_overlap=0.1)) == []


@pytest.mark.parametrize(
    ("line", "tagged", "why"),
    [
        ("Alpha Beta Omicron Rho", True, "2 known of 4: exactly 0.5"),
        ("Alpha Beta Omicron Rho Sigma", False, "2 of 5: 0.4"),
        ("Alpha Beta Gamma Rho Sigma", True, "3 of 5: 0.6"),
    ],
)
def test_half_the_words_from_the_body(line: str, tagged: bool, why: str) -> None:
    assert tag_lines([BODY, line]) == ([(1, 2, "unlabelled_tag_line")] if tagged else []), why


def test_the_overlap_share_is_configurable() -> None:
    assert tag_lines([BODY, "Alpha Beta Omicron Rho Sigma"], f=TagLineFilter(min_body_overlap=0.4)) == [
        (1, 2, "unlabelled_tag_line")
    ]
    assert tag_lines([BODY, "Alpha Beta Omicron Rho"], f=TagLineFilter(min_body_overlap=0.6)) == []


@pytest.mark.parametrize(
    ("line", "tagged", "why"),
    [
        ("Epsilon Zeta Eta Theta Iota Kappa Alpha beta gamma delta", True, "7 of 10 capitalised: 0.7"),
        ("Epsilon Zeta Eta Theta Iota Kappa alpha beta gamma delta", False, "6 of 10: 0.6"),
        ("Epsilon Zeta Eta Theta Iota Kappa Alpha Beta gamma delta", True, "8 of 10"),
    ],
)
def test_seven_tenths_of_the_words_capitalised(line: str, tagged: bool, why: str) -> None:
    # every word is in the body (in another case): only the capitals decide
    assert tag_lines([BODY, line]) == ([(1, 2, "unlabelled_tag_line")] if tagged else []), why


def test_the_capitalised_share_is_configurable() -> None:
    line = "Epsilon Zeta Eta Theta Iota Kappa alpha beta gamma delta"
    assert tag_lines([BODY, line], f=TagLineFilter(min_capitalised=0.6)) == [(1, 2, "unlabelled_tag_line")]
    line = "Epsilon Zeta Eta Theta Iota Kappa Alpha beta gamma delta"
    assert tag_lines([BODY, line], f=TagLineFilter(min_capitalised=0.8)) == []


def test_words_match_the_body_whatever_their_case() -> None:
    lower = "alpha beta gamma delta met here in the town today and talked."
    assert tag_lines([lower, "Alpha Beta"]) == [(1, 2, "unlabelled_tag_line")]
    assert tag_lines([BODY, "ALPHA BETA"]) == [(1, 2, "unlabelled_tag_line")]


@pytest.mark.parametrize("end", [".", ":", ";", "!", "?"])
def test_a_line_ending_like_a_sentence_is_no_tag_line(end: str) -> None:
    # "Gamma." is no body word, but alpha and beta are two of three
    assert tag_lines([BODY, "Alpha Beta Gamma" + end]) == []
    assert tag_lines([BODY, "Alpha Beta Gamma"]) == [(1, 2, "unlabelled_tag_line")]


def test_the_first_two_free_lines_after_the_body_are_looked_at() -> None:
    other = ["Omicron Rho", "Sigma Tau"]  # capitalised, but not from the body
    assert tag_lines([BODY, other[0], "Alpha Beta"]) == [(2, 3, "unlabelled_tag_line")]
    assert tag_lines([BODY, *other, "Alpha Beta"]) == []
    assert tag_lines([BODY, *other, "Alpha Beta"], f=TagLineFilter(lookahead=3)) == [
        (3, 4, "unlabelled_tag_line")
    ]
    assert tag_lines([BODY, "Alpha Beta"], f=TagLineFilter(lookahead=0)) == []
    # blank and claimed lines are not counted
    c = ctx([BODY, "", other[0], "Read our newsletter", "Alpha Beta"], (0,), claimed=(3,))
    assert found(TagLineFilter().tag(c)) == [(4, 5, "unlabelled_tag_line")]


def test_the_bodys_own_last_line_is_a_candidate_judged_against_the_other_body_lines() -> None:
    assert tag_lines([BODY, "Alpha Beta"], body=(0, 1)) == [(1, 2, "unlabelled_tag_line")]
    # its own words do not count as the body's
    assert tag_lines([BODY, "Omicron Rho"], body=(0, 1)) == []
    # only the last body line: the one above it is article
    assert tag_lines([BODY, "Alpha Beta", "Omicron Rho"], body=(0, 1, 2)) == []
    # with lookahead 0 only the body's last line is looked at
    assert tag_lines([BODY, "Alpha Beta"], body=(0, 1), f=TagLineFilter(lookahead=0)) == [
        (1, 2, "unlabelled_tag_line")
    ]


def test_only_the_first_tag_line_is_tagged() -> None:
    assert tag_lines([BODY, "Alpha Beta", "Gamma Delta"]) == [(1, 2, "unlabelled_tag_line")]
    assert tag_lines([BODY, "Alpha Beta", "Gamma Delta"], body=(0, 1)) == [(1, 2, "unlabelled_tag_line")]


def test_tag_line_shares_are_fractions_and_lookahead_may_be_zero() -> None:
    from newsclean.errors import ConfigError

    for field in ("min_capitalised", "min_body_overlap"):
        assert getattr(TagLineFilter(**{field: 1.0}), field) == 1.0
        with pytest.raises(ConfigError, match=rf"{field} must be a number in \[0.0, 1.0\], got 1.01"):
            TagLineFilter(**{field: 1.01})
    with pytest.raises(ConfigError, match="lookahead must be a whole number of at least 0"):
        TagLineFilter(lookahead=-1)


def test_no_body_no_tag_line() -> None:
    assert tag_lines([BODY, "Alpha Beta"], body=()) == []


# --- menu runs ----------------------------------------------------------------------------------


def menus(lines: list[str], claimed: tuple[int, ...] = (), f: MenuRunFilter | None = None) -> list:
    return found((f or MenuRunFilter()).tag(ctx(lines, claimed=claimed)))


PROSE = "The council met on Tuesday to vote on the budget for next year."


@pytest.mark.parametrize(
    ("n", "expected"), [(3, []), (4, [(0, 4, "4_short_lines")]), (5, [(0, 5, "5_short_lines")])]
)
def test_a_menu_is_four_short_lines_or_more(n: int, expected: list) -> None:
    assert menus([f"Item {i}" for i in range(n)] + [PROSE]) == expected
    assert menus([f"Item {i}" for i in range(n)]) == expected  # the document's end closes the run


def test_a_short_line_has_at_most_three_words() -> None:
    three = ["One two three"] * 4
    assert menus(three) == [(0, 4, "4_short_lines")]
    four = ["One two three four"] * 4
    assert menus(four) == []
    assert menus(four, f=MenuRunFilter(max_words=4)) == [(0, 4, "4_short_lines")]
    # a longer line splits a run in two runs too short
    assert menus(["Home", "World", "One two three four", "Sport", "Business"]) == []


def test_a_line_ending_a_sentence_ends_a_run() -> None:
    assert menus(["Home", "World", "Stop.", "Sport", "Business"]) == []
    assert menus(["Home", "World", "Go on:", "Sport"]) == [
        (0, 4, "4_short_lines")
    ]  # a colon is no sentence end


def test_blank_and_claimed_lines_do_not_break_a_run_nor_count_in_it() -> None:
    assert menus(["Home", "", "World", "", "Business", "", "Sport"]) == [(0, 7, "4_short_lines")]
    assert menus(["Home", "World", "Ad", "Business", "Sport"], claimed=(2,)) == [(0, 5, "4_short_lines")]
    assert menus(["Home", "World", "Ad", "Business"], claimed=(2,)) == []


def test_each_run_is_tagged_on_its_own() -> None:
    lines = ["A", "B", "C", "D", PROSE, "E", "F", "G", "H", "I", PROSE, "J", "K", "L"]
    assert menus(lines) == [(0, 4, "4_short_lines"), (5, 10, "5_short_lines")]
    tags = list(MenuRunFilter().tag(ctx(lines)))
    assert {(t.filter, t.reason) for t in tags} == {("menu_run", Reason.MENU_RUN)}


def test_the_run_length_is_configurable() -> None:
    assert menus(["A", "B", PROSE], f=MenuRunFilter(min_lines=2)) == [(0, 2, "2_short_lines")]
    assert menus(["A", "B", "C", "D", PROSE], f=MenuRunFilter(min_lines=5)) == []


# --- outside the body: headline, section label, boxes, what follows ------------------------------


def title(n: int) -> str:
    """A headline of ``n`` words: capitalised, no closing punctuation."""
    return " ".join(["Headline"] + [f"word{i}" for i in range(n - 1)])


def outside(
    lines: list[str],
    body: tuple[int, ...],
    claimed: tuple[int, ...] = (),
    f: OutsideBodyFilter | None = None,
) -> list[tuple[int, int, str]]:
    return found((f or OutsideBodyFilter()).tag(ctx(lines, body, claimed)))


def test_without_a_body_every_free_line_is_outside_it_in_one_tag() -> None:
    tags = list(OutsideBodyFilter().tag(ctx(["Menu", "", "Home"])))
    assert tags == [Tag("outside_body", Reason.OUTSIDE_BODY, 0, 3, "no_prose_found")]
    assert outside(["Menu", "", "Home", "Ad"], (), claimed=(0, 3)) == [(2, 3, "no_prose_found")]
    assert outside(["Menu"], (), claimed=(0,)) == []


@pytest.mark.parametrize(
    ("words", "headline"), [(2, False), (3, True), (4, True), (29, True), (30, True), (31, False)]
)
def test_a_headline_has_three_to_thirty_words(words: int, headline: bool) -> None:
    detail = "headline" if headline else "before_body"
    assert outside([title(words), PROSE], (1,)) == [(0, 1, detail)]


def test_headline_word_limits_are_configurable() -> None:
    assert outside([title(2), PROSE], (1,), f=OutsideBodyFilter(headline_min_words=2)) == [(0, 1, "headline")]
    assert outside([title(4), PROSE], (1,), f=OutsideBodyFilter(headline_max_words=3)) == [
        (0, 1, "before_body")
    ]


@pytest.mark.parametrize(
    ("end", "headline"), [(".", False), (":", False), (",", False), (";", True), ("!", True)]
)
def test_a_headline_does_not_end_with_a_full_stop_colon_or_comma(end: str, headline: bool) -> None:
    assert outside([title(4) + end, PROSE], (1,)) == [(0, 1, "headline" if headline else "before_body")]


def test_the_headline_is_the_nearest_headline_shaped_line_above_the_body() -> None:
    assert outside([title(5), title(4), "Ad", PROSE], (3,), claimed=(2,)) == [
        (0, 1, "before_body"),
        (1, 2, "headline"),
    ]
    # a line that is no headline is passed over on the way up
    assert outside([title(5), title(4) + ".", PROSE], (2,)) == [(0, 1, "headline"), (1, 2, "before_body")]


def test_a_section_label_is_the_short_line_just_above_the_headline() -> None:
    tags = list(OutsideBodyFilter().tag(ctx(["World", "", title(4), PROSE], (3,))))
    assert [(t.start, t.reason, t.detail) for t in tags] == [
        (0, Reason.SECTION_LABEL, "section_label"),
        (2, Reason.HEADLINE, "headline"),
    ]
    assert outside(["World News Today", title(4), PROSE], (2,)) == [
        (0, 1, "section_label"),
        (1, 2, "headline"),
    ]
    four = ["World News Today Now", title(4), PROSE]
    assert outside(four, (2,)) == [(0, 1, "before_body"), (1, 2, "headline")]
    assert outside(four, (2,), f=OutsideBodyFilter(section_max_words=4))[0] == (0, 1, "section_label")
    # a label starts with a capital or a digit; only the line just above the headline is one
    assert outside(["world", title(4), PROSE], (2,))[0] == (0, 1, "before_body")
    assert outside(["World", "Sport", title(4), PROSE], (3,))[:2] == [
        (0, 1, "before_body"),
        (1, 2, "section_label"),
    ]
    # no headline, no section label
    assert outside(["World", "Two words", PROSE], (2,)) == [(0, 1, "before_body"), (1, 2, "before_body")]


def test_a_section_label_claimed_as_template_is_taken_over_and_other_claims_are_not() -> None:
    c = ctx(["World", title(4), PROSE], (2,))
    c.add([Tag("templates", Reason.TEMPLATE, 0, 1)])
    assert list(OutsideBodyFilter().tag(c)) == [
        Tag("outside_body", Reason.SECTION_LABEL, 0, 1, "section_label"),
        Tag("outside_body", Reason.HEADLINE, 1, 2, "headline"),
    ]
    # a label claimed by another filter stays that filter's; the headline is still found
    assert outside(["World", title(4), PROSE], (2,), claimed=(0,)) == [(1, 2, "headline")]


def test_free_lines_between_body_lines_are_boxes() -> None:
    lines = [PROSE, "Advertisement box", "Newsletter", "", PROSE]
    tags = list(OutsideBodyFilter().tag(ctx(lines, (0, 4), claimed=(2,))))
    assert tags == [Tag("outside_body", Reason.OUTSIDE_BODY, 1, 2, "box_inside_body")]


def test_a_trailing_run_is_three_headlines_of_four_words_or_more() -> None:
    assert outside([PROSE, title(4), title(4), title(5)], (0,)) == [(1, 4, "trailing_headline_run")]
    assert outside([PROSE, title(4), title(4)], (0,)) == [(1, 2, "after_body"), (2, 3, "after_body")]
    # a three-word headline is no link: it ends the run
    assert outside([PROSE, title(4), title(4), title(3)], (0,)) == [
        (1, 2, "after_body"),
        (2, 3, "after_body"),
        (3, 4, "after_body"),
    ]
    assert outside([PROSE, title(4), title(4), title(3)], (0,), f=OutsideBodyFilter(min_link_words=3)) == [
        (1, 4, "trailing_headline_run")
    ]
    assert outside([PROSE, title(4), title(4)], (0,), f=OutsideBodyFilter(min_trailing_run=2)) == [
        (1, 3, "trailing_headline_run")
    ]
    tags = list(OutsideBodyFilter().tag(ctx([PROSE, title(4), title(4), title(4)], (0,))))
    assert [t.reason for t in tags] == [Reason.RELATED_LIST]


def test_a_trailing_run_starts_again_after_a_line_that_is_no_headline() -> None:
    lines = [PROSE, title(4), title(4), PROSE, title(4), "", title(4), title(4)]
    assert outside(lines, (0,)) == [
        (1, 2, "after_body"),
        (2, 3, "after_body"),
        (3, 4, "after_body"),
        (4, 8, "trailing_headline_run"),
    ]
    tags = list(OutsideBodyFilter().tag(ctx(lines, (0,))))
    assert tags == [
        Tag("outside_body", Reason.OUTSIDE_BODY, 1, 2, "after_body"),
        Tag("outside_body", Reason.OUTSIDE_BODY, 2, 3, "after_body"),
        Tag("outside_body", Reason.OUTSIDE_BODY, 3, 4, "after_body"),
        Tag("outside_body", Reason.RELATED_LIST, 4, 8, "trailing_headline_run"),
    ]


# --- the body's trailers ------------------------------------------------------------------------

CREDIT = "Jane Doe contributed reporting."
FRAGMENT = "* * *"


def trailers(
    lines: list[str], body: tuple[int, ...] | None = None, f: BodyTrailerFilter | None = None
) -> list[tuple[int, int, str]]:
    return found(
        (f or BodyTrailerFilter()).tag(ctx(lines, tuple(range(len(lines))) if body is None else body))
    )


def test_a_credit_line_in_the_body_is_a_trailer() -> None:
    tags = list(BodyTrailerFilter().tag(ctx([PROSE, PROSE, CREDIT], (0, 1, 2))))
    assert tags == [Tag("trailers", Reason.BYLINE, 2, 3, "contributed_reporting")]
    # not the body's first line, nor a line outside the body
    assert trailers([CREDIT, PROSE]) == []
    assert trailers([PROSE, CREDIT], body=(0,)) == []
    assert trailers([PROSE, CREDIT], body=()) == []


@pytest.mark.parametrize(("after", "tagged"), [(6, True), (7, True), (8, False)])
def test_trailers_are_looked_for_among_the_last_eight_body_lines(after: int, tagged: bool) -> None:
    # the credit is followed by ``after`` lines of prose: it is among the last eight with up to 7
    lines = [PROSE, CREDIT] + [PROSE] * after
    assert trailers(lines) == ([(1, 2, "contributed_reporting")] if tagged else [])
    wide = BodyTrailerFilter(tail_lines=after + 1)
    assert trailers(lines, f=wide) == [(1, 2, "contributed_reporting")]


def test_a_fragment_above_what_closes_the_body_goes_with_it() -> None:
    tags = list(BodyTrailerFilter().tag(ctx([PROSE, PROSE, FRAGMENT, CREDIT], (0, 1, 2, 3))))
    assert tags == [
        Tag("trailers", Reason.BYLINE, 3, 4, "contributed_reporting"),
        Tag("trailers", Reason.BYLINE, 2, 3, "trailer_separator"),
    ]
    # every fragment up to the body's second line; never the first
    assert trailers([PROSE, "Short", FRAGMENT, CREDIT]) == [
        (3, 4, "contributed_reporting"),
        (1, 2, "trailer_separator"),
        (2, 3, "trailer_separator"),
    ]
    assert trailers(["Short", FRAGMENT, CREDIT]) == [
        (2, 3, "contributed_reporting"),
        (1, 2, "trailer_separator"),
    ]
    # a fragment that closes the body itself is left alone, and so is one above a line of prose
    assert trailers([PROSE, CREDIT, FRAGMENT]) == [(1, 2, "contributed_reporting")]
    assert trailers([PROSE, PROSE, FRAGMENT]) == []


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("One two three four five six seven", True),
        ("One two three four five six seven eight", False),
        ("Short.", False),
        ("Short:", False),
    ],
)
def test_a_fragment_has_fewer_than_eight_words_and_no_sentence_end(line: str, fragment: bool) -> None:
    expected = [(3, 4, "contributed_reporting")] + ([(2, 3, "trailer_separator")] if fragment else [])
    assert trailers([PROSE, PROSE, line, CREDIT]) == expected


def test_an_author_box_closes_the_body_with_at_most_two_lines_under_its_header() -> None:
    bio = ["Jane writes about cities and their people.", "She lives in Lisbon with two cats."]
    assert trailers([PROSE, PROSE, "About Jane Doe", *bio]) == [(2, 5, "author_box")]
    assert trailers([PROSE, PROSE, "About Jane Doe", bio[0]]) == [(2, 4, "author_box")]
    three = [PROSE, PROSE, "About Jane Doe", *bio, "More of her work is online today."]
    assert trailers(three) == []
    assert trailers(three, f=BodyTrailerFilter(bio_max_lines=3)) == [(2, 6, "author_box")]
    # a header with nothing under it, or ending like a sentence, is no author box
    assert trailers([PROSE, PROSE, "About Jane Doe"]) == []
    assert trailers([PROSE, PROSE, "About Jane Doe:", bio[0]]) == []
    # the body's first line is never taken
    assert trailers(["About Jane Doe", bio[0]]) == []


def test_the_first_author_box_header_takes_the_rest_of_the_body() -> None:
    tags = list(
        BodyTrailerFilter().tag(ctx([PROSE, "About Jane Doe", "About John Roe", PROSE], (0, 1, 2, 3)))
    )
    assert tags == [Tag("trailers", Reason.BYLINE, 1, 4, "author_box")]


def test_a_header_on_the_bodys_first_line_is_the_only_one_looked_at() -> None:
    # the first header found ends the search, and a box opening the body is not taken
    assert trailers(["About Jane Doe", "About John Roe", "He writes about ports."]) == []
    assert trailers([PROSE, "About Jane Doe", "About John Roe", "He writes about ports."]) == [
        (1, 4, "author_box")
    ]


def test_trailers_and_an_author_box_together_and_the_fragment_above_them() -> None:
    lines = [PROSE, PROSE, FRAGMENT, CREDIT, "About Jane Doe", "Jane writes about cities."]
    assert trailers(lines) == [
        (3, 4, "contributed_reporting"),
        (4, 6, "author_box"),
        (2, 3, "trailer_separator"),
    ]


def test_a_slow_trailer_pattern_says_which_filter_and_how_long_a_line() -> None:
    from newsclean.errors import PatternTimeoutError

    line = "word " * 399 + "word"  # 1,999 characters
    c = Context(Document.from_text(f"{PROSE}\n{line}"), pattern_timeout=1e-12, locator=Given((0, 1)))
    message = r"^filter 'trailers' took longer than 1e-12 s on a line of (63|1999) characters$"
    with pytest.raises(PatternTimeoutError, match=message):
        list(BodyTrailerFilter().tag(c))


def test_trailer_and_outside_body_fields_are_checked() -> None:
    from newsclean.errors import ConfigError

    for cls, field in [(BodyTrailerFilter, "bio_max_lines"), (OutsideBodyFilter, "min_link_words")]:
        with pytest.raises(ConfigError, match=f"{field} must be a whole number of at least 1"):
            cls(**{field: 0})
