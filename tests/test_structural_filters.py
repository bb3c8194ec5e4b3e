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


@pytest.mark.parametrize(("n", "expected"), [(3, []), (4, [(0, 4, "4_short_lines")]), (5, [(0, 5, "5_short_lines")])])
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
    assert menus(["Home", "World", "Go on:", "Sport"]) == [(0, 4, "4_short_lines")]  # a colon is no sentence end


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
