"""From line scores to the body: the best path through four states.

A page reads, top to bottom: lines before the article (``BEFORE``), the article (``BODY``),
boxes inside the article that are not part of it (``BOX``: a related-stories box, an
advertisement, a newsletter prompt between two paragraphs), and lines after it
(``AFTER``). The decoder picks the path through those states that maximises the summed
evidence: a line in ``BODY`` gains its score (a logit: positive when the forest believes
it is article text), every other state gains nothing, and the path pays fixed costs to open
the article, to open a box, for every line a box holds, and to close the article.
Those costs (:class:`DecodeCosts`) are fitted, with the scores, on labelled pages.

So a lone prose paragraph far below the article (a promo, a disclaimer, a comment) joins it
only when it is worth more than the box it would have to bridge, and a short box inside the
article does not end it. This is a Viterbi decode over an automaton of four states, one
pass over the lines.

>>> decode([-2.0, 3.0, 4.0, -2.0, 5.0, -3.0, -2.0], DecodeCosts(start=1.0, box=1.0, box_line=0.5, end=1.0))
(BEFORE, BODY, BODY, BOX, BODY, AFTER, AFTER)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import IntEnum


class State(IntEnum):
    """Where a line stands relative to the article."""

    BEFORE = 0
    BODY = 1
    BOX = 2
    AFTER = 3

    def __repr__(self) -> str:
        return self.name


@dataclass(frozen=True)
class DecodeCosts:
    """The fixed costs of the decode, in the scores' units (logits)."""

    start: float
    """Cost of opening the article: how much evidence a body must bring to exist at all."""
    box: float
    """Cost of opening a box inside the article."""
    box_line: float
    """Cost of each line a box holds: long gaps separate, short boxes interrupt."""
    end: float
    """Cost of closing the article before the page ends."""
    thread: float = float("inf")
    """Article evidence (summed positive scores) above a comment thread's start from which the
    article can no longer start below it: a thread under an article is not the article, even
    when it is longer (a comment counter under the headline, with little above it, is no such start)."""


_NEVER = float("-inf")


def decode(
    scores: Sequence[float], costs: DecodeCosts, stops: Sequence[bool] | None = None
) -> tuple[State, ...]:
    """The state of each line on the best path (all ``BEFORE`` when no article is worth its cost).

    A line flagged in ``stops`` (the start of a comment thread) is never in the article or in
    a box inside it: the article ends before it or starts after it, whichever is worth more.
    Ties go to the state with the smaller number (``BEFORE`` before ``BODY`` before ``BOX``).

    >>> decode([3.0, 3.0, -1.0, 3.0], DecodeCosts(1.0, 1.0, 0.0, 1.0), stops=[False, False, True, False])
    (BODY, BODY, AFTER, AFTER)

    Below a stop line with ``costs.thread`` of evidence above it, the article cannot start:

    >>> scores, stops = [2.0, -1.0, 3.0, 3.0], [False, True, False, False]
    >>> decode(scores, DecodeCosts(1.0, 1.0, 0.0, 0.5, thread=5.0), stops)
    (BEFORE, BEFORE, BODY, BODY)
    >>> decode(scores, DecodeCosts(1.0, 1.0, 0.0, 0.5, thread=2.0), stops)
    (BODY, AFTER, AFTER, AFTER)
    """
    n = len(scores)
    if not n:
        return ()
    stop = stops if stops is not None else [False] * n
    start, box, box_line, end = costs.start, costs.box, costs.box_line, costs.end
    last_start = _last_start(scores, stop if stops is not None else None, costs.thread)
    # best path value ending in each state, and back-pointers per line
    before, body, boxed, after = 0.0, _NEVER if stop[0] else -start + scores[0], _NEVER, _NEVER
    back_body: list[State] = [State.BEFORE]
    back_box: list[State] = [State.BODY]
    back_after: list[State] = [State.BODY]
    for i in range(1, n):
        score = scores[i]
        # into BODY: from BEFORE (open), BODY (stay) or BOX (close the box)
        open_body = before - start if i <= last_start else _NEVER
        if open_body >= body and open_body >= boxed:
            new_body, from_body = open_body, State.BEFORE
        elif body >= boxed:
            new_body, from_body = body, State.BODY
        else:
            new_body, from_body = boxed, State.BOX
        # into BOX: from BODY (open a box) or BOX (stay)
        open_box = body - box
        if open_box >= boxed:
            new_box, from_box = open_box - box_line, State.BODY
        else:
            new_box, from_box = boxed - box_line, State.BOX
        # into AFTER: from BODY (close the article) or AFTER (stay)
        close = body - end
        if close >= after:
            new_after, from_after = close, State.BODY
        else:
            new_after, from_after = after, State.AFTER
        if stop[i]:
            new_body = new_box = _NEVER
        before, body, boxed, after = before, new_body + score, new_box, new_after
        back_body.append(from_body)
        back_box.append(from_box)
        back_after.append(from_after)
    # the article may run to the page's end (no closing cost); a box may not end the page
    finals = ((before, State.BEFORE), (body, State.BODY), (after, State.AFTER))
    state = max(finals, key=lambda pair: pair[0])[1]
    path = [state]
    for i in range(n - 1, 0, -1):
        if state is State.BODY:
            state = back_body[i]
        elif state is State.BOX:
            state = back_box[i]
        elif state is State.AFTER:
            state = back_after[i]
        path.append(state)
    path.reverse()
    return tuple(path)


def _last_start(scores: Sequence[float], stops: Sequence[bool] | None, thread: float) -> int:
    """The last line the article may start on: the first stop line with ``thread`` of evidence
    above it (or the last line)."""
    if stops is None:
        return len(scores)
    evidence = 0.0
    for i, (score, stop) in enumerate(zip(scores, stops, strict=True)):
        if stop and evidence >= thread:
            return i
        evidence += max(score, 0.0)
    return len(scores)


def decode_article(
    scores: Sequence[float], costs: DecodeCosts, stops: Sequence[bool] | None = None
) -> tuple[State, ...]:
    """:func:`decode`, and when no article is worth its cost, the best run without the
    costs of opening and closing it.

    A short page (a few paragraphs between a menu and a footer) may hold less evidence than
    those costs; when the model believes some of its lines are article text, that text is
    still the article. Only a page without a line of positive evidence has no body.

    >>> costs = DecodeCosts(start=2.0, box=1.0, box_line=0.5, end=1.0)
    >>> decode([-1.0, 1.0, 1.5, -1.0], costs)
    (BEFORE, BEFORE, BEFORE, BEFORE)
    >>> decode_article([-1.0, 1.0, 1.5, -1.0], costs)
    (BEFORE, BODY, BODY, AFTER)
    >>> decode_article([-1.0, -0.5], costs)
    (BEFORE, BEFORE)
    """
    states = decode(scores, costs, stops)
    if State.BODY in states:
        return states
    return decode(scores, replace(costs, start=0.0, end=0.0), stops)
