"""The pattern filter's keyword guard and its time bound, worked out line by line: which lines a guarded
pattern is tried on (keywords alone, ``max_words`` alone), which pattern wins a line, the time bound of
the guarded passes on a clock the test sets, the compiled pattern kept once per filter (and left out of
a pickled copy), and the configuration errors word for word."""

from __future__ import annotations

import pickle
from collections.abc import Callable

import pytest

from newsclean.document import Document
from newsclean.errors import PatternTimeoutError
from newsclean.filters import base
from newsclean.filters.base import Context, LinePattern, LinePatternFilter
from newsclean.reasons import Reason


def spans(f: LinePatternFilter, text: str) -> list[tuple[int, int, str]]:
    return [(t.start, t.end, t.detail) for t in f.tag(Context.for_text(text))]


# --- which lines a guarded pattern is tried on ----------------------------------------------------------
# The claims below are wrong on purpose (the pattern matches lines the guard leaves out): a line the
# guard leaves out is never tagged, which shows the guard at work.


def test_keywords_alone_guard_a_pattern() -> None:
    pair = LinePattern("pair", Reason.PATTERN, r"\w+ \w+", keywords=("zzz",))
    assert spans(LinePatternFilter("f", (pair,)), "hello world\nzzz world") == [(1, 2, "pair")]


def test_max_words_zero_alone_guards_a_pattern() -> None:
    # no keyword; at most 0 words: only a line without letters or digits is tried
    anything = LinePattern("anything", Reason.PATTERN, r".+", max_words=0)
    assert spans(LinePatternFilter("f", (anything,)), "hello\n• • •") == [(1, 2, "anything")]
    # the same pattern unguarded (max_words -1) runs on every line
    plain = LinePattern("anything", Reason.PATTERN, r".+")
    assert spans(LinePatternFilter("f", (plain,)), "hello\n• • •") == [(0, 2, "anything")]


def test_a_line_an_earlier_pattern_won_is_passed_over_and_the_next_ones_still_tried() -> None:
    early = LinePattern("early", Reason.PATTERN, r"share\h++\w+")
    late = LinePattern("late", Reason.PATTERN, r"share\W*", keywords=("share",))
    f = LinePatternFilter("f", (early, late))
    assert spans(f, "share this\nshare!") == [(0, 1, "early"), (1, 2, "late")]


def test_a_blank_candidate_line_is_passed_over_and_the_next_ones_still_tried() -> None:
    # line 0 holds only a zero-width space: blank to the document, no words, so a candidate of max_words 0
    visible = LinePattern("visible", Reason.PATTERN, r"\S.*", max_words=0)
    assert spans(LinePatternFilter("f", (visible,)), "\u200b\n• •\nwords") == [(1, 2, "visible")]


# --- the time bound, on a clock the test sets ----------------------------------------------------------


class Clock:
    """``time.monotonic`` reading the given values in turn, then the last one for ever."""

    def __init__(self, *readings: float) -> None:
        self.readings = list(readings)

    def monotonic(self) -> float:
        return self.readings.pop(0) if len(self.readings) > 1 else self.readings[0]


def test_left_is_the_time_to_the_deadline_and_none_is_no_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "time", Clock(100.0))
    assert base._left(None) is None
    assert base._left(100.5) == 0.5
    assert base._left(101.0) == 1.0
    with pytest.raises(TimeoutError):
        base._left(100.0)  # at the deadline: no time left
    with pytest.raises(TimeoutError):
        base._left(99.0)


def guarded_context(text: str) -> Context:
    return Context(Document.from_text(text), pattern_timeout=5.0)


def test_the_unguarded_pass_of_a_guarded_filter_keeps_the_time_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    plain = LinePattern("plain", Reason.PATTERN, r"\w+")
    guarded = LinePattern("guarded", Reason.PATTERN, r"\w+", keywords=("zzz",))  # no line holds zzz
    f = LinePatternFilter("f", (plain, guarded))
    # the deadline is set at 0 (0 + 5 s); the unguarded pass starts at 4 (1 s left), or at 5 (none)
    monkeypatch.setattr(base, "time", Clock(0.0, 4.0))
    assert [(t.start, t.detail) for t in f.tag(guarded_context("hello"))] == [(0, "plain")]
    monkeypatch.setattr(base, "time", Clock(0.0, 5.0))
    with pytest.raises(PatternTimeoutError, match=r"^filter 'f' took longer than 5\.0 s on a document of 5 "):
        list(f.tag(guarded_context("hello")))


def test_each_guarded_pattern_keeps_the_time_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    guarded = LinePattern("guarded", Reason.PATTERN, r"\w+", keywords=("hello",))
    f = LinePatternFilter("f", (guarded,))
    monkeypatch.setattr(base, "time", Clock(0.0, 4.0))
    assert [(t.start, t.detail) for t in f.tag(guarded_context("hello"))] == [(0, "guarded")]
    monkeypatch.setattr(base, "time", Clock(0.0, 5.0))
    with pytest.raises(PatternTimeoutError, match=r"^filter 'f' took longer than 5\.0 s"):
        list(f.tag(guarded_context("hello")))


# --- the compiled pattern: once per filter, never pickled ---------------------------------------------


def counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the calls to ``compile_line_patterns`` from the pattern filter."""
    calls: list[int] = []
    compile_: Callable[..., object] = base.compile_line_patterns

    def counted(patterns: tuple[LinePattern, ...]) -> object:
        calls.append(len(patterns))
        return compile_(patterns)

    monkeypatch.setattr(base, "compile_line_patterns", counted)
    return calls


def test_a_filter_compiles_its_patterns_on_first_use_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = counting(monkeypatch)
    f = LinePatternFilter("shouting", (LinePattern("caps", Reason.PATTERN, r"[A-Z ]+"),))
    assert calls == []  # built: validated, not compiled
    for _ in range(3):
        assert spans(f, "HELLO\nquiet") == [(0, 1, "caps")]
    assert calls == [1]
    # a copy sent to a worker leaves the compiled pattern behind and compiles it there, once
    copy = pickle.loads(pickle.dumps(f))
    assert calls == [1]
    for _ in range(2):
        assert spans(copy, "HELLO\nquiet") == [(0, 1, "caps")]
    assert calls == [1, 1]


# --- the configuration errors -------------------------------------------------------------------------

CAPS = LinePattern("caps", Reason.PATTERN, r"[A-Z ]+")

ERRORS = [
    ((), "a pattern filter needs at least one LinePattern", "no pattern"),
    ((CAPS, CAPS), "pattern names must be unique, got ['caps', 'caps']", "one name twice"),
    (
        (LinePattern("two words", Reason.PATTERN, "x"),),
        "pattern name 'two words' must be a Python identifier (snake_case)",
        "a name that cannot name a group",
    ),
    (
        (LinePattern("k", Reason.PATTERN, "x", keywords=("Cookie",)),),
        "keyword 'Cookie' must be lower-case ASCII letters, punctuation, symbols or digits",
        "a keyword the folded text cannot hold",
    ),
]


@pytest.mark.parametrize(("patterns", "message", "why"), ERRORS, ids=[e[2] for e in ERRORS])
def test_a_filter_that_cannot_be_built_says_why(
    patterns: tuple[LinePattern, ...], message: str, why: str
) -> None:
    with pytest.raises(ValueError) as error:
        LinePatternFilter("f", patterns)
    assert str(error.value) == message, why
