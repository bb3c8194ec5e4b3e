"""The fitted locator's features on a small hand-made page, and its array helpers against plain loops.

The per-line values are worked out by hand from the page's lines; the neighbour, window and run
columns are checked against simple loop implementations written here (never against the code's
own helpers).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsclean.filters.base import Context, Tag
from newsclean.locator.features import FEATURES, _distance_to, _run_length, _shift, _window_mean, line_matrix
from newsclean.reasons import Reason

PAGE = "\n".join(
    [
        "Home",  # 0
        "",  # 1
        "PARIS (AFP) - The council voted on the budget today, officials said.",  # 2
        "It passed by seven votes to two, after a long debate:",  # 3
        "* Schools get more money",  # 4
        "+ nested item",  # 5
        "Read the report, here,",  # 6
        "",  # 7
        "Home",  # 8
        "3 COMMENTS",  # 9
    ]
)


@pytest.fixture  # per test: the mutation run maps each test to the functions it calls
def page() -> tuple[np.ndarray, np.ndarray]:
    ctx = Context.for_text(PAGE)
    ctx.add([Tag("comments", Reason.COMMENTS, 9, 10), Tag("menu", Reason.NAVIGATION, 0, 1)])
    return line_matrix(ctx)


def column(page: tuple[np.ndarray, np.ndarray], name: str) -> list[float]:
    return [round(float(v), 4) for v in page[1][:, FEATURES.index(name)]]


def test_rows_are_the_non_blank_lines(page) -> None:
    rows, matrix = page
    assert rows.tolist() == [0, 2, 3, 4, 5, 6, 8, 9]
    assert matrix.shape == (8, len(FEATURES))
    assert matrix.dtype == np.float32


# words per row, counted by hand: "PARIS (AFP) - The council voted on the budget today, officials said."
# has 11 (PARIS, AFP, The, ..., said), the next line 11, the list items 4 and 2, and so on
WORDS = [1, 11, 11, 4, 2, 4, 1, 2]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("log_words", [round(math.log1p(w), 4) for w in WORDS]),
        ("ends_sentence", [0, 1, 0, 0, 0, 0, 0, 0]),
        ("ends_colon", [0, 0, 1, 0, 0, 0, 0, 0]),
        ("ends_comma", [0, 0, 0, 0, 0, 1, 0, 0]),
        ("list_item", [0, 0, 0, 1, 0, 0, 0, 0]),
        ("nested_item", [0, 0, 0, 0, 1, 0, 0, 0]),
        ("starts_upper", [1, 1, 1, 0, 0, 1, 1, 0]),
        ("starts_lower", [0, 0, 0, 0, 0, 0, 0, 0]),
        ("starts_digit", [0, 0, 0, 0, 0, 0, 0, 1]),
        ("starts_symbol", [0, 0, 0, 1, 1, 0, 0, 0]),
        ("repeated", [1, 0, 0, 0, 0, 0, 1, 0]),
        ("blank_before", [1, 1, 0, 0, 0, 0, 1, 0]),
        ("blank_after", [1, 0, 0, 0, 0, 1, 0, 1]),
        ("claimed", [1, 0, 0, 0, 0, 0, 0, 1]),
        ("claim_navigation", [1, 0, 0, 0, 0, 0, 0, 0]),
        ("claim_comments", [0, 0, 0, 0, 0, 0, 0, 1]),
        ("claim_byline", [0] * 8),
        ("headline_shape", [0, 0, 0, 0, 0, 0, 0, 0]),
        ("dateline", [0, 1, 0, 0, 0, 0, 0, 0]),
        ("log_chars", [round(math.log1p(len(t)), 4) for t in PAGE.split("\n") if t]),
    ],
)
def test_line_columns_worked_out_by_hand(page, name: str, expected: list[float]) -> None:
    assert column(page, name) == pytest.approx(expected, abs=1e-4)


def test_document_columns_worked_out_by_hand(page) -> None:
    # prose: ends with . ! ? : ; and 8 words or more, unclaimed: rows 1 and 2 (11 words each)
    assert column(page, "position") == pytest.approx([k / 7 for k in range(8)], abs=1e-4)
    assert column(page, "log_lines") == pytest.approx([math.log1p(8)] * 8, abs=1e-4)
    assert column(page, "log_prose_words") == pytest.approx([math.log1p(22)] * 8, abs=1e-4)
    assert column(page, "prose_words_before") == pytest.approx([0, 0, 0.5, 1, 1, 1, 1, 1], abs=1e-4)
    assert column(page, "before_first_prose") == [1, 0, 0, 0, 0, 0, 0, 0]
    assert column(page, "lines_to_prose_above") == pytest.approx(
        [math.log1p(50), 0, 0, math.log1p(1), math.log1p(2), math.log1p(3), math.log1p(4), math.log1p(5)],
        abs=1e-4,
    )
    assert column(page, "lines_to_prose_below") == pytest.approx(
        [math.log1p(1), 0, 0] + [math.log1p(50)] * 5, abs=1e-4
    )
    assert column(page, "comments_above") == [0] * 8
    assert column(page, "comments_below") == pytest.approx([math.log1p(1)] * 7 + [0], abs=1e-4)
    assert column(page, "lines_since_comments") == pytest.approx([math.log1p(50)] * 8, abs=1e-4)
    assert column(page, "dateline_above") == [0, 1, 1, 1, 1, 1, 1, 1]
    assert column(page, "after_related") == [0] * 8
    starts = [0, 6, 75, 129, 154, 168, 192, 197]
    assert column(page, "char_position") == pytest.approx([s / len(PAGE) for s in starts], abs=1e-4)


def test_neighbour_and_window_columns_follow_their_line_column(page) -> None:
    for name in ("log_words", "ends_sentence", "claimed", "list_item"):
        base = column(page, name)
        for offset in (-2, -1, 1, 2):
            shifted = [base[k + offset] if 0 <= k + offset < 8 else 0.0 for k in range(8)]
            assert column(page, f"{name}@{offset:+d}") == pytest.approx(shifted, abs=1e-4)
        for width in (3, 8, 20):
            if f"{name}~{width}" in FEATURES:
                expected = [np.mean(base[max(0, k - width) : k + width + 1]) for k in range(8)]
                assert column(page, f"{name}~{width}") == pytest.approx(expected, abs=1e-4)
    # short: fewer than 4 words and no full stop: rows 0, 4, 6 and 7 (runs of 1, 1 and 2)
    one, two = math.log1p(1), math.log1p(2)
    assert column(page, "short_run") == pytest.approx([one, 0, 0, 0, one, 0, two, two], abs=1e-4)
    assert column(page, "list_run") == pytest.approx([0, 0, 0, one, 0, 0, 0, 0], abs=1e-4)
    assert column(page, "headline_run") == [0] * 8


# --- the helpers, against plain loops --------------------------------------------------------

values = st.lists(st.integers(min_value=-3, max_value=3).map(float), min_size=1, max_size=12)
flags = st.lists(st.booleans(), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(values, st.integers(min_value=-3, max_value=3))
@example([1.0, 2.0, 3.0], 0)
def test_shift_moves_values_by_offset_and_fills_with_zero(column_values: list[float], offset: int) -> None:
    n = len(column_values)
    expected = [column_values[k + offset] if 0 <= k + offset < n else 0.0 for k in range(n)]
    assert _shift(np.array(column_values, dtype=np.float32), offset).tolist() == expected


@settings(max_examples=60, deadline=None)
@given(values, st.integers(min_value=0, max_value=5))
def test_window_mean_averages_the_window_cut_at_the_edges(column_values: list[float], half: int) -> None:
    n = len(column_values)
    expected = [
        sum(column_values[max(0, k - half) : k + half + 1])
        / len(column_values[max(0, k - half) : k + half + 1])
        for k in range(n)
    ]
    assert _window_mean(np.array(column_values, dtype=np.float32), half).tolist() == pytest.approx(
        expected, abs=1e-5
    )
    two = np.stack([np.array(column_values), -np.array(column_values)], axis=1)
    assert _window_mean(two, half)[:, 1].tolist() == pytest.approx([-v for v in expected], abs=1e-5)


@settings(max_examples=60, deadline=None)
@given(flags, st.integers(min_value=1, max_value=6))
@example([False, True, False, False], 50)
@example([True] + [False] * 59, 50)  # far from any flag below: capped at 50
@example([False] * 5, 200)  # no flag at all: the cap, whatever it is
def test_distance_to_the_nearest_flag_above_and_below(line_flags: list[bool], cap: int) -> None:
    n = len(line_flags)
    above = [min(next((d for d in range(k + 1) if line_flags[k - d]), 10**9), cap) for k in range(n)]
    below = [min(next((d for d in range(n - k) if line_flags[k + d]), 10**9), cap) for k in range(n)]
    got_above, got_below = _distance_to(np.array(line_flags), cap)
    assert got_above.tolist() == above
    assert got_below.tolist() == below


@settings(max_examples=60, deadline=None)
@given(flags)
@example([True, True, False, True])
def test_run_length_of_each_flagged_line(line_flags: list[bool]) -> None:
    expected = []
    for k, flag in enumerate(line_flags):
        if not flag:
            expected.append(0.0)
            continue
        start = k
        while start > 0 and line_flags[start - 1]:
            start -= 1
        stop = k
        while stop < len(line_flags) and line_flags[stop]:
            stop += 1
        expected.append(float(stop - start))
    assert _run_length(np.array(line_flags)).tolist() == expected
    assert _run_length(np.array([], dtype=bool)).tolist() == []


def test_an_empty_page_has_no_rows() -> None:
    rows, matrix = line_matrix(Context.for_text("\n\n"))
    assert rows.tolist() == [] and matrix.shape == (0, len(FEATURES))


# --- character columns of one line, counted by hand ----------------------------------------------

LINE = 'We said "Go. Now" at 10, see www.ab.cd'
# visible (not spaces) 31: 3 capitals (W G N), 2 digits, 20 other letters, 6 punctuation marks
# (two quotes, three full stops, a comma); 8 words (We, said, Go., Now, at, 10, see, www.ab.cd), of
# which 4 start with a capital or a digit (We, Go., Now, 10); one sentence break (". N"); one
# link mark ("www.")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("digits", 2 / 31),
        ("upper", 3 / 23),
        ("punctuation", 6 / 31),
        ("separators", 0.0),
        ("word_length", 25 / 8),
        ("capitalised", 4 / 8),
        ("commas", 1 / 8),
        ("sentences", 1.0),
        ("link", 1.0),
        ("quote", 2.0),
        ("ends_sentence", 0.0),
        ("starts_upper", 1.0),
        ("log_words", math.log1p(8)),
        ("log_chars", math.log1p(len(LINE))),
    ],
)
def test_character_columns_of_a_line_counted_by_hand(name: str, expected: float) -> None:
    _, matrix = line_matrix(Context.for_text(LINE))
    assert float(matrix[0, FEATURES.index(name)]) == pytest.approx(expected, abs=1e-5)


def test_separators_upper_case_and_capped_counts() -> None:
    # "MENU | NEWS": 9 visible, 8 capitals, one separator (also punctuation), 2 words of 4 letters
    _, matrix = line_matrix(
        Context.for_text("MENU | NEWS\n“a” “b” “c” http://x https://y ftp://z www.q me@x")
    )
    row = {name: float(matrix[0, FEATURES.index(name)]) for name in FEATURES}
    assert (row["separators"], row["upper"], row["word_length"], row["capitalised"]) == (1.0, 1.0, 4.0, 1.0)
    assert row["punctuation"] == pytest.approx(1 / 9)
    second = {name: float(matrix[1, FEATURES.index(name)]) for name in FEATURES}
    assert (second["quote"], second["link"]) == (2.0, 3.0)  # six quotes, five links: capped


# --- document columns on a page with comments and a related box in the middle -------------------


def sentence(n: int) -> str:
    return " ".join(["Qx"] + ["zv"] * (n - 1)) + "."


def test_comment_and_related_columns_worked_out_by_hand() -> None:
    ctx = Context.for_text("\n".join([sentence(10), "Comments", sentence(10), "More stories", sentence(10)]))
    ctx.add([Tag("c", Reason.COMMENTS, 1, 2), Tag("r", Reason.RELATED_LIST, 3, 4)])
    _, matrix = line_matrix(ctx)

    def col(name: str) -> list[float]:
        return [round(float(v), 4) for v in matrix[:, FEATURES.index(name)]]

    l1, l2, l3, l50 = (round(math.log1p(v), 4) for v in (1, 2, 3, 50))
    assert col("comments_above") == [0, 0, l1, l1, l1]
    assert col("comments_below") == [l1, 0, 0, 0, 0]
    assert col("lines_since_comments") == [l50, l50, l1, l2, l3]
    assert col("after_related") == [0, 0, 0, 0, 1]
    assert col("claim_related") == [0, 0, 0, 1, 0]
    # prose: rows 0, 2 and 4, ten words each; a window of 8 either side covers the page
    assert col("prose_mass") == [1.0] * 5
    assert col("prose_mass_rank") == [round(math.log1p(k), 4) for k in range(5)]
    assert col("prose_words_before") == pytest.approx([0, 1 / 3, 1 / 3, 2 / 3, 2 / 3], abs=1e-4)
    assert col("lines_to_prose_above") == [0, l1, 0, l1, 0]  # a prose line is 0 from itself
    assert col("lines_to_prose_below") == [0, l1, 0, l1, 0]
    prose = [1.0, 0.0, 1.0, 0.0, 1.0]
    short = [0.0, 1.0, 0.0, 1.0, 0.0]  # under 4 words, no full stop
    for width in (3, 8, 20):
        for name, base in (("prose", prose), ("short", short), ("claim_comments", [0.0, 1.0, 0, 0, 0])):
            expected = [
                sum(base[max(0, k - width) : k + width + 1]) / len(base[max(0, k - width) : k + width + 1])
                for k in range(5)
            ]
            assert col(f"{name}~{width}") == pytest.approx(expected, abs=1e-4)
    assert col("language_known") == [0.0] * 5
    assert col("table_row") == [0.0] * 5


def test_ratios_of_one_character_and_one_word_lines() -> None:
    # divided by at least 1, not more: "X" is all capitals, "7" all digits, "Home," one word
    # with one comma, four letters and a capital
    _, matrix = line_matrix(Context.for_text("X\n7\nHome,"))
    row = [{name: float(matrix[k, FEATURES.index(name)]) for name in FEATURES} for k in range(3)]
    assert (row[0]["upper"], row[1]["digits"]) == (1.0, 1.0)
    assert (row[2]["capitalised"], row[2]["word_length"], row[2]["commas"]) == (1.0, 4.0, 1.0)
    assert row[2]["punctuation"] == pytest.approx(1 / 5)


@pytest.mark.parametrize(
    ("line", "shape"),
    [
        ("Rain", 0.0),  # one word
        ("Rain falls", 1.0),  # two
        (" ".join(["Rain"] * 25), 1.0),
        (" ".join(["Rain"] * 26), 0.0),
        ("Rain falls.", 0.0),
        ("Rain falls:", 0.0),
        ("Rain falls;", 0.0),
        ("Rain falls,", 0.0),
        ("Rain falls!", 1.0),
        ("rain falls", 0.0),
        ("Rain at the BOX", 1.0),  # any last character but . : ; ,
    ],
)
def test_headline_shape_worked_out_by_hand(line: str, shape: float) -> None:
    _, matrix = line_matrix(Context.for_text(line))
    assert float(matrix[0, FEATURES.index("headline_shape")]) == shape


@pytest.mark.parametrize(
    ("line", "dateline"),
    [
        ("PARIS (AFP) - The council met.", 1.0),
        ("AB - the council met.", 1.0),  # capitals, then a dash
        ("A - the council met.", 0.0),  # one capital is too short a place name
        ("Paris - the council met.", 0.0),  # not in capitals
        ("PARIS the council met.", 0.0),  # no separator
    ],
)
def test_dateline_worked_out_by_hand(line: str, dateline: float) -> None:
    _, matrix = line_matrix(Context.for_text(line))
    assert float(matrix[0, FEATURES.index("dateline")]) == dateline


def test_prose_is_eight_words_or_more_ending_a_sentence_and_unclaimed() -> None:
    lines = [sentence(8), sentence(7), sentence(9)[:-1], sentence(9), sentence(9)]
    ctx = Context.for_text("\n".join(lines))
    ctx.add([Tag("other", Reason.PATTERN, 4, 5)])
    _, matrix = line_matrix(ctx)
    # lines_to_prose_above is 0 exactly on prose lines: rows 0 and 3
    above = matrix[:, FEATURES.index("lines_to_prose_above")].tolist()
    assert [v == 0.0 for v in above] == [True, False, False, True, False]
    # a claim outside every group is claimed, in no group
    assert float(matrix[4, FEATURES.index("claimed")]) == 1.0
    assert [float(matrix[4, FEATURES.index(f"claim_{g}")]) for g in ("navigation", "byline", "credit")] == [
        0,
        0,
        0,
    ]


def test_position_and_headline_runs() -> None:
    _, matrix = line_matrix(Context.for_text("Rain falls\nSnow falls\nQx."))
    assert matrix[:, FEATURES.index("position")].tolist() == [0.0, 0.5, 1.0]
    runs = matrix[:, FEATURES.index("headline_run")].tolist()
    assert runs == pytest.approx([math.log1p(2), math.log1p(2), 0.0])
    _, two = line_matrix(Context.for_text("Rain falls\nQx."))
    assert two[:, FEATURES.index("position")].tolist() == [0.0, 1.0]


def test_prose_mass_and_its_rank_against_a_plain_loop() -> None:
    # 40 lines: prose of 10, 12 and 23 words at rows 3, 5 and 30, fragments elsewhere (no two
    # windows hold the same mean but for windows over the same lines: ties are by row)
    words = {3: 10, 5: 12, 30: 23}
    lines = [sentence(words[k]) if k in words else "Mnq" for k in range(40)]
    _, matrix = line_matrix(Context.for_text("\n".join(lines)))
    prose_words = [float(words.get(k, 0)) for k in range(40)]
    mass = []
    for k in range(40):
        window = prose_words[max(0, k - 8) : k + 9]
        mass.append(sum(window) / len(window) * 17)
    peak = max(mass)
    assert matrix[:, FEATURES.index("prose_mass")].tolist() == pytest.approx(
        [m / peak for m in mass], abs=1e-5
    )
    order = sorted(range(40), key=lambda k: -mass[k])  # Python's sort is stable: ties by row
    rank = [0] * 40
    for position, k in enumerate(order):
        rank[k] = position
    assert matrix[:, FEATURES.index("prose_mass_rank")].tolist() == pytest.approx(
        [math.log1p(r) for r in rank], abs=1e-5
    )
