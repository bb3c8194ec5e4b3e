"""Line features (`newsclean.linefeatures`) pinned at their limits, with expected values counted
by hand: the teaser shapes at their word limits (3 words before the glue point, 6 after), the
capitalised share of a teaser headline (three quarters), the language sample (300 words, the
longest lines first, boilerplate left out), the function-word density at ``min_words``, the
column gaps of a table row, and runs of dated rows (3 or more)."""

from __future__ import annotations

import pytest

from newsclean.linefeatures import (
    LineFeatures,
    compute_features,
    is_dateline_teaser,
    is_teaser,
    line_shapes,
    sample_language,
)

# English prose (the language is read from it; its own density is not asserted here)
ENGLISH = [
    "the",
    "council",
    "said",
    "that",
    "it",
    "would",
    "vote",
    "on",
    "the",
    "budget",
    "of",
    "Springfield",
]
GERMAN = [
    "der",
    "Rat",
    "hat",
    "am",
    "Dienstag",
    "den",
    "Haushalt",
    "beschlossen",
    "sagte",
    "die",
    "Stadt",
    "und",
]

# (text, expected, why): words are counted with str.split, the glue point is the capitalised word
# glued to three lower-case letters (or ? !) and followed by a space, comma or colon
TEASERS = [
    (
        "Approves Budget DebateThe council voted on the budget",
        True,
        "3 head words, 6 tail words: both limits met",
    ),
    ("Budget DebateThe council voted on the new budget", False, "2 head words: one under the limit"),
    ("Council Approves Budget DebateThe council voted on the budget", True, "4 head words"),
    ("Approves Budget DebateThe council voted on budget", False, "5 tail words: one under the limit"),
    ("Approves Budget DebateThe council voted on the new budget", True, "7 tail words"),
    (
        "Council approves Budget DebateThe council voted on the budget",
        True,
        "3 of 4 head words capitalised: 0.75 exactly",
    ),
    (
        "Council approves budget DebateThe council voted on the budget",
        False,
        "2 of 4 capitalised: under 0.75",
    ),
    ("7 Budget Cuts DebateThe council voted on the budget", True, "a digit counts as a capital"),
    (
        "Big NewsToday Approves Budget After DebateThe council voted on the new budget",
        True,
        "the first glue point has 2 head words; the second one is a teaser",
    ),
    ("Approves Budget DebateThe", False, "nothing after the glue point"),
    ("the council voted on the budget after a long debate today", False, "no glue point"),
]


@pytest.mark.parametrize(("text", "expected", "why"), TEASERS)
def test_is_teaser(text: str, expected: bool, why: str) -> None:
    assert is_teaser(text) is expected, why


DATELINE_TEASERS = [
    (
        "* Council approves budget SPRINGFIELD: The council voted on the budget",
        True,
        "4 words before the dateline (the marker counted), 6 from the summary's first word",
    ),
    (
        "* Council budget SPRINGFIELD: The council voted on the budget",
        False,
        "3 words before: not more than 3",
    ),
    ("* Council approves budget SPRINGFIELD: The council voted on budget", False, "5 summary words"),
    (
        "* Council approves budget SPRINGFIELD: A council voted on the budget",
        True,
        "the summary's one-letter first word counts: 6 words",
    ),
    ("* Council approves budget SPRINGFIELD: A council voted on budget", False, "A + 4 words: 5"),
    ("* Council approves the new budget", False, "no dateline"),
]


@pytest.mark.parametrize(("text", "expected", "why"), DATELINE_TEASERS)
def test_is_dateline_teaser(text: str, expected: bool, why: str) -> None:
    assert is_dateline_teaser(text) is expected, why


@pytest.mark.parametrize(("english_words", "expected"), [(299, "German"), (300, "English"), (301, "English")])
def test_language_sample_stops_at_300_words(english_words: int, expected: str) -> None:
    # the longest line (by characters) gives its words first; once 300 are in, the sample stops
    words = (ENGLISH * 30)[:english_words]
    lines = ["x" * 1000, "y" * 10]
    assert sample_language(lines, [words, GERMAN * 100]) == expected


def test_language_sample_takes_the_longest_lines_first() -> None:
    # the German line is the longer one: its 1,200 words fill the sample, the English line is not read
    lines = ["x" * 10, "y" * 1000]
    assert sample_language(lines, [ENGLISH * 30, GERMAN * 100]) == "German"


def test_language_sample_leaves_out_known_boilerplate() -> None:
    lines = ["y" * 1000, "x" * 10]
    assert sample_language(lines, [GERMAN * 100, ENGLISH * 30], frozenset({0})) == "English"
    assert sample_language(lines, [GERMAN * 100, ENGLISH * 30], frozenset({1})) == "German"


def test_language_sample_of_nothing_is_none() -> None:
    assert sample_language(["Menu"], [["Menu"]], frozenset({0})) is None
    assert sample_language([], []) is None


def _features(
    lines: list[str], min_words: int = 4, boilerplate: frozenset[int] = frozenset()
) -> LineFeatures:
    return compute_features(lines, [line.split() for line in lines], min_words, boilerplate)


def test_density_at_min_words() -> None:
    # English prose to recognise the language, then lines of 3, 4 and 5 words; "The" counts lower-cased
    prose = " ".join(ENGLISH * 3)
    f = _features([prose, "The budget of Springfield", "The budget of", "The budget of the Springfield"])
    assert f.language == "English"
    assert f.stop_density[1:] == (0.5, 0.0, 0.6)  # 2 of 4 words; 3 words < 4: not scored; 3 of 5


def test_density_with_min_words_set() -> None:
    prose = " ".join(ENGLISH * 3)
    f = _features([prose, "The budget of", "The budget"], min_words=3)
    assert f.stop_density[1:] == (pytest.approx(2 / 3), 0.0)


def test_density_without_a_language_is_zero() -> None:
    f = _features(["Menu Home World Sport Business Culture"])
    assert f.language is None
    assert f.stop_density == (0.0,)


def test_blank_lines_have_empty_features() -> None:
    prose = " ".join(ENGLISH * 3)
    f = _features(["", prose, "", "+ World"])
    assert f.stop_density[0] == 0.0 and f.stop_density[2] == 0.0
    assert f.list_marker == ("", "", "", "+")
    assert f.table_row == (False, False, False, False)
    assert f.teaser == (False, False, False, False)


@pytest.mark.parametrize(
    ("line", "marker"),
    [
        ("+ World", "+"),
        ("* Home", "*"),
        ("1. First", "1."),
        ("12) Twelfth", "12)"),
        ("Home", ""),
        ("+World", ""),
    ],
)
def test_list_marker(line: str, marker: str) -> None:
    assert _features([line]).list_marker == (marker,)


@pytest.mark.parametrize(
    ("line", "row"),
    [
        ("Name  Age  City", True),  # two gaps of two spaces
        ("Name  Age City", False),  # one gap
        ("Name   Age    City   Country", True),  # three gaps
        ("Name Age City", False),
    ],
)
def test_table_row_needs_two_column_gaps(line: str, row: bool) -> None:
    assert _features([line]).table_row == (row,)


def test_teaser_needs_nine_words() -> None:
    text = "Council Approves Budget DebateThe council voted on the budget"  # a teaser, 9 split words
    nine = text.split()
    assert compute_features([text], [nine]).teaser == (True,)
    assert compute_features([text], [nine[:8]]).teaser == (False,)


def test_dateline_teaser_needs_a_list_marker() -> None:
    item = "* Council approves budget SPRINGFIELD: The council voted on the budget"
    f = _features([item, item[2:] + " today"])
    assert f.teaser == (True, False)


# (lines, table_row flags, why): dated rows are "June 9 -- Venue" and the like
DATED = [
    (["June 9 -- Berlin", "June 10 -- Paris", "June 12 -- Rome"], (True, True, True), "three in a row"),
    (["June 9 -- Berlin", "June 10 -- Paris", "Tickets on sale"], (False, False, False), "two: under three"),
    (
        ["June 9 -- Berlin", "", "June 10 -- Paris", "", "June 12 -- Rome", "Tickets"],
        (True, False, True, False, True, False),
        "blank lines do not break the run",
    ),
    (
        ["Tour", "June 9 -- Berlin", "June 10 -- Paris", "June 12 -- Rome", "June 14 -- Oslo"],
        (False, True, True, True, True),
        "a run that ends the document",
    ),
    (
        ["June 9 -- Berlin", "June 10 -- Paris", "Tickets", "June 12 -- Rome"],
        (False, False, False, False),
        "two, then one: no run of three",
    ),
]


@pytest.mark.parametrize(("lines", "rows", "why"), DATED)
def test_dated_rows(lines: list[str], rows: tuple[bool, ...], why: str) -> None:
    assert _features(lines).table_row == rows, why


def test_default_min_words_is_four() -> None:
    prose = " ".join(ENGLISH * 3)
    lines = [prose, "The budget of Springfield"]  # 4 words, 2 of them function words
    f = compute_features(lines, [line.split() for line in lines])
    assert f.stop_density[1] == 0.5


def test_features_read_the_language_without_known_boilerplate() -> None:
    german = " ".join(GERMAN * 3)
    english = " ".join(ENGLISH * 2)
    lines = [german, english, "The budget of Springfield"]
    assert _features(lines).language == "German"
    f = _features(lines, boilerplate=frozenset({0}))
    assert f.language == "English"
    assert f.stop_density[2] == 0.5


def test_one_token_list_per_line() -> None:
    with pytest.raises(ValueError, match="zip"):
        compute_features(["Home"], [["Home"], ["World"]])


# (line, list marker, starts with a date, why): lines whose first character is ASCII are only
# matched when it can open a marker or a date
OPENINGS = [
    ("* June 9 -- Venue", "*", True, "a bullet before a date"),
    ("o item", "o", False, "a small o is a bullet"),
    ("O item", "", False, "a capital O is not (markers are matched with case)"),
    ("12) item", "12)", False, "a numbered item"),
    ("• item", "•", False, "a bullet that is not ASCII"),
    ("x item", "", False, "no marker opens with x"),
    ("JUNE 9 -- Venue", "", True, "a month in capitals"),
    ("june 9 -- Venue", "", True, "a month in small letters"),
    ("Enero 9 -- Venue", "", True, "a Spanish month (e)"),
    ("Lug 9 -- Venue", "", True, "an Italian month (l)"),
    ("10 de março – Interlagos", "", True, "a day then a month"),
    ("\u017fep 9 -- Venue", "", True, "a long s matches s ignoring case: not ASCII, never passed over"),
    ("Sunday 9 -- Venue", "", False, "an S that opens no month"),
    ("Xmas 9 -- Venue", "", False, "no month opens with x"),
    ("", "", False, "a blank line"),
]


@pytest.mark.parametrize(("line", "marker", "dated", "why"), OPENINGS, ids=[c[3] for c in OPENINGS])
def test_line_shapes_by_opening(line: str, marker: str, dated: bool, why: str) -> None:
    shapes = line_shapes([line], [line.split()])
    assert (shapes.list_marker, shapes.dated) == ((marker,), (dated,)), why
