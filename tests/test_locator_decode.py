"""The locator's decode against a brute-force oracle: every path through the four states, valued by hand's rule.

The oracle enumerates every sequence of states the automaton allows (``BEFORE* BODY (BODY|BOX)* AFTER*``
with boxes only between body lines, no line of a comment thread in the article or a box, and the article
opening no later than :func:`_last_start` allows) and values each one by the documented costs. The decoder
must return a valid path whose value is the largest.
"""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsclean.locator.decode import DecodeCosts, State, decode, decode_article

BEFORE, BODY, BOX, AFTER = State.BEFORE, State.BODY, State.BOX, State.AFTER
NEXT = {
    BEFORE: (BEFORE, BODY),
    BODY: (BODY, BOX, AFTER),
    BOX: (BOX, BODY),
    AFTER: (AFTER,),
}


def last_start(scores: list[float], stops: list[bool] | None, thread: float) -> int:
    """Written out again: the first stop line with ``thread`` of positive evidence above it."""
    if stops is None:
        return len(scores)
    for i in range(len(scores)):
        if stops[i] and sum(max(s, 0.0) for s in scores[:i]) >= thread:
            return i
    return len(scores)


def value(
    path: tuple[State, ...], scores: list[float], costs: DecodeCosts, stops: list[bool] | None
) -> float:
    """The path's value, or -inf when the automaton does not allow it."""
    if not path:
        return 0.0
    if path[0] not in (BEFORE, BODY) or path[-1] is BOX:
        return -math.inf
    opened_at = None
    total = 0.0
    for i, state in enumerate(path):
        if i and state not in NEXT[path[i - 1]]:
            return -math.inf
        if stops is not None and stops[i] and state in (BODY, BOX):
            return -math.inf
        if state is BODY:
            total += scores[i]
            if i == 0 or path[i - 1] is BEFORE:
                opened_at = i
                total -= costs.start
        elif state is BOX:
            total -= costs.box_line
            if path[i - 1] is BODY:
                total -= costs.box
        elif state is AFTER and path[i - 1] is BODY:
            total -= costs.end
    if opened_at is not None and opened_at > last_start(scores, stops, costs.thread):
        return -math.inf
    return total


def best_value(scores: list[float], costs: DecodeCosts, stops: list[bool] | None) -> float:
    return max(value(p, scores, costs, stops) for p in itertools.product(list(State), repeat=len(scores)))


small = st.integers(min_value=-4, max_value=4).map(float)
cost = st.integers(min_value=0, max_value=4).map(float)
costs_strategy = st.builds(
    DecodeCosts, cost, cost, cost, cost, st.one_of(st.just(math.inf), st.integers(0, 8).map(float))
)


@settings(max_examples=150, deadline=None)
@given(st.lists(small, min_size=1, max_size=5), costs_strategy, st.data())
@example([3.0, -1.0, 3.0], DecodeCosts(1.0, 1.0, 0.0, 1.0), None)  # a one-line box bridges
@example([3.0, -3.0, -3.0, 3.0], DecodeCosts(1.0, 1.0, 1.0, 1.0), None)  # a long gap: two articles? no, one
@example([2.0, -1.0, 3.0, 3.0], DecodeCosts(1.0, 1.0, 0.0, 0.5, thread=2.0), [False, True, False, False])
@example([2.0, -1.0, 3.0, 3.0], DecodeCosts(1.0, 1.0, 0.0, 0.5, thread=3.0), [False, True, False, False])
def test_the_decode_finds_the_best_allowed_path(
    scores: list[float], costs: DecodeCosts, data: object
) -> None:
    if isinstance(data, st.DataObject):
        stops = data.draw(
            st.one_of(st.none(), st.lists(st.booleans(), min_size=len(scores), max_size=len(scores)))
        )
    else:
        stops = data
    path = decode(scores, costs, stops)
    assert len(path) == len(scores)
    assert value(path, scores, costs, stops) == best_value(scores, costs, stops)


@pytest.mark.parametrize(
    ("scores", "costs", "stops", "expected", "why"),
    [
        ([], DecodeCosts(1.0, 1.0, 0.0, 1.0), None, (), "no lines"),
        ([1.0], DecodeCosts(1.0, 1.0, 0.0, 1.0), None, (BEFORE,), "1 - 1 = 0 ties no article: BEFORE wins"),
        ([1.5], DecodeCosts(1.0, 1.0, 0.0, 1.0), None, (BODY,), "1.5 - 1 > 0"),
        ([2.0, -1.0], DecodeCosts(1.0, 1.0, 0.0, 1.0), None, (BEFORE, BEFORE), "2 - 1 - 1 = 0 ties nothing"),
        ([3.0, -1.0], DecodeCosts(1.0, 1.0, 0.0, 1.0), None, (BODY, BODY), "-1 ties closing: BODY wins"),
        ([3.0, -1.5], DecodeCosts(1.0, 1.0, 0.0, 1.0), None, (BODY, AFTER), "closing costs less than -1.5"),
        ([3.0, -2.0, 3.0], DecodeCosts(1.0, 1.0, 0.0, 1.0), None, (BODY, BOX, BODY), "a box costs 1 < 2"),
        (
            [3.0, -1.0, 3.0],
            DecodeCosts(1.0, 1.0, 0.0, 1.0),
            None,
            (BODY, BODY, BODY),
            "-1 ties the box: BODY",
        ),
        (
            [3.0, -2.0, 3.0],
            DecodeCosts(1.0, 1.0, 1.0, 1.0),
            None,
            (BODY, BODY, BODY),
            "box + line = 2 ties -2",
        ),
        ([3.0, -2.0, 3.0], DecodeCosts(1.0, 0.5, 1.0, 1.0), None, (BODY, BOX, BODY), "box + line = 1.5 < 2"),
        ([3.0, -9.0, 2.0], DecodeCosts(1.0, 1.0, 0.0, 1.0), None, (BODY, BOX, BODY), "2 is worth the box"),
        ([3.0, -9.0, 0.0], DecodeCosts(1.0, 1.0, 0.0, 1.0), None, (BODY, BOX, BODY), "0 after the box ties"),
        ([3.0, -9.0, -0.5], DecodeCosts(1.0, 1.0, 0.0, 1.0), None, (BODY, AFTER, AFTER), "worth less: close"),
        ([-1.0, 2.0], DecodeCosts(1.0, 1.0, 0.0, 1.0), None, (BEFORE, BODY), "opens on the second line"),
        (
            [5.0, 3.0, 3.0],
            DecodeCosts(1.0, 1.0, 0.0, 1.0),
            [False, True, False],
            (BODY, AFTER, AFTER),
            "5-2 > 3-1",
        ),
        (
            [3.0, 3.0, 3.0],
            DecodeCosts(1.0, 1.0, 0.0, 1.0),
            [False, True, False],
            (BEFORE, BEFORE, BODY),
            "1 < 2",
        ),
        (
            [3.0, 3.0, 5.0],
            DecodeCosts(1.0, 1.0, 0.0, 1.0),
            [False, True, False],
            (BEFORE, BEFORE, BODY),
            "5 > 3",
        ),
        (
            [3.0, 3.0],
            DecodeCosts(1.0, 1.0, 0.0, 1.0),
            [True, False],
            (BEFORE, BODY),
            "a stop on the first line",
        ),
    ],
)
def test_decode_on_cases_worked_out_by_hand(
    scores: list[float], costs: DecodeCosts, stops: list[bool] | None, expected: tuple[State, ...], why: str
) -> None:
    assert decode(scores, costs, stops) == expected, why


def test_the_thread_bound_is_reached_at_exactly_its_evidence() -> None:
    # 2 of evidence above the stop: with thread 2 the article can no longer start below it
    scores, stops = [2.0, -1.0, 3.0, 3.0], [False, True, False, False]
    assert decode(scores, DecodeCosts(1.0, 1.0, 0.0, 0.5, thread=2.0), stops) == (BODY, AFTER, AFTER, AFTER)
    assert decode(scores, DecodeCosts(1.0, 1.0, 0.0, 0.5, thread=2.5), stops) == (BEFORE, BEFORE, BODY, BODY)
    # negative scores above bring no evidence
    scores = [2.0, -5.0, -1.0, 3.0, 3.0]
    stops = [False, False, True, False, False]
    assert decode(scores, DecodeCosts(1.0, 1.0, 0.0, 0.5, thread=2.0), stops)[3:] == (AFTER, AFTER)
    # without stops the thread bound does nothing
    assert decode([2.0, -1.0, 3.0, 3.0], DecodeCosts(1.0, 1.0, 0.0, 0.5, thread=0.0)) == (
        BODY,
        BODY,
        BODY,
        BODY,
    )


def test_decode_article_drops_the_open_and_close_costs_only_when_nothing_is_found() -> None:
    costs = DecodeCosts(start=2.0, box=1.0, box_line=0.5, end=1.0)
    assert decode_article([-1.0, 1.0, 1.5, -1.0], costs) == (BEFORE, BODY, BODY, AFTER)
    assert decode_article([-1.0, -0.5], costs) == (BEFORE, BEFORE)
    # found with the costs: their answer (4 - 2 - 0.9 = 1.1 > 4 - 2 - 1), not the one without
    # them (4 - 0.9 < 4 - 0)
    found = [4.0, -0.9]
    assert decode_article(found, costs) == decode(found, costs) == (BODY, BODY)
    assert decode(found, DecodeCosts(start=0.0, box=1.0, box_line=0.5, end=0.0)) == (BODY, AFTER)
    stops = [False, True]
    assert decode_article([1.0, 1.0], costs, stops) == (BODY, AFTER)


def test_states_print_by_name() -> None:
    assert repr(BOX) == "BOX"
    assert [int(s) for s in State] == [0, 1, 2, 3]


@pytest.mark.parametrize(
    ("scores", "costs", "expected", "why"),
    [
        # into BODY at line 1: reopening (-1) ties staying (-1 + 0): BEFORE, the smaller state, wins
        ([0.0, 5.0], DecodeCosts(1.0, 1.0, 0.0, 1.0), (BEFORE, BODY), "open ties stay"),
        # into BODY at line 2: reopening (-1) ties closing a box (1 - 1 - 1 = -1); staying is -5
        ([1.0, -5.0, 5.0], DecodeCosts(1.0, 1.0, 0.0, 1.0), (BEFORE, BEFORE, BODY), "open ties the box"),
        # into BOX at line 2: opening it there (3 - 1) ties a box since line 1 (4 - 1 - 1)
        ([5.0, -1.0, -9.0, 5.0], DecodeCosts(1.0, 1.0, 1.0, 1.0), (BODY, BODY, BOX, BODY), "late box"),
        # into AFTER at line 2: closing there (2 + 0 - 1) ties having closed at line 1 (2 - 1)
        ([3.0, 0.0, -9.0], DecodeCosts(1.0, 1.0, 0.0, 1.0), (BODY, BODY, AFTER), "late close"),
    ],
)
def test_ties_go_to_the_smaller_state(
    scores: list[float], costs: DecodeCosts, expected: tuple[State, ...], why: str
) -> None:
    assert decode(scores, costs) == expected, why


def test_only_positive_scores_are_evidence_above_a_thread() -> None:
    stops = [False, False, True, False, False]
    # nothing positive above the stop: the article may start below it, whatever the thread
    scores = [-1.0, -1.0, -1.0, 3.0, 3.0]
    assert decode(scores, DecodeCosts(1.0, 1.0, 0.0, 0.5, thread=0.5), stops) == (
        BEFORE,
        BEFORE,
        BEFORE,
        BODY,
        BODY,
    )
    # 0.5 + 0.5 above it: a thread of 1.0 is reached, one of 1.5 is not
    scores = [0.5, 0.5, -1.0, 3.0, 3.0]
    assert decode(scores, DecodeCosts(2.0, 1.0, 0.0, 0.5, thread=1.0), stops) == (BEFORE,) * 5
    assert decode(scores, DecodeCosts(2.0, 1.0, 0.0, 0.5, thread=1.5), stops) == (
        BEFORE,
        BEFORE,
        BEFORE,
        BODY,
        BODY,
    )


def test_stops_must_be_one_per_line() -> None:
    with pytest.raises(ValueError):
        decode([1.0, 2.0], DecodeCosts(1.0, 1.0, 0.0, 1.0, thread=1.0), [False, False, False])


def test_decode_article_keeps_the_stops() -> None:
    costs = DecodeCosts(1.0, 1.0, 0.0, 1.0)
    stops = [False, True, False]
    assert decode_article([5.0, 3.0, 3.0], costs, stops) == (BODY, AFTER, AFTER)
    assert decode_article([5.0, 3.0, 3.0], costs) == (BODY, BODY, BODY)
