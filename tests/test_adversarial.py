"""Patterns on inputs built to make regular expressions backtrack.

Each family's compiled pattern runs over long runs of the characters its
patterns repeat, under the regex module's timeout: a pattern that backtracks
super-linearly on 20,000 characters raises instead of finishing.
"""

from __future__ import annotations

import dataclasses

import pytest

import newsclean
from newsclean import CleanConfig, PatternTimeoutError
from newsclean.filters import Context, LinePattern, LinePatternFilter, patterns
from newsclean.filters.base import compile_line_patterns
from newsclean.reasons import Reason

FAMILIES = {
    name: getattr(patterns, name)
    for name in (
        "TICKER", "NAVIGATION", "DATES", "BYLINES", "CREDITS", "SHARE", "COMMENTS",
        "RELATED_HEADERS", "RELATED_FOOTERS", "INLINE_RELATED", "PROMPTS", "TAG_LINES",
    )
}  # fmt: skip
RUNS = [
    " ", "a", "A", "1", "a ", "A ", "Aa ", "1 ", "1,", "1.", "1,000 ", "A.", ". ", "► ", "| ", "/ ", "» ",
    "%", "▲ ", "-", "*", "’", "By A ", "Photo: ", "Sep 1, 2024 ", "Comments ", "Read more ", "Tags: a, ",
]  # fmt: skip


@pytest.mark.parametrize("family", FAMILIES, ids=str)
@pytest.mark.parametrize("run", RUNS, ids=repr)
def test_patterns_finish_on_long_runs(family: str, run: str) -> None:
    compiled = compile_line_patterns(FAMILIES[family])
    text = run * (20_000 // len(run))
    for candidate in (text, text + "\n" + text, "x" + text + "x"):
        list(compiled.finditer(candidate, timeout=2.0))


def test_whole_pipeline_on_a_huge_single_line() -> None:
    line = ("AGL 35.72 Decreased By ▼ -1.28 (-3.46%) Home | World " * 20_000).strip()
    article = newsclean.clean(line)
    assert article.body in ("", line)


def test_timeout_is_reported_as_an_error_not_a_hang() -> None:
    # a user-defined pattern that backtracks exponentially on a run of "a"
    evil = LinePatternFilter("evil", (LinePattern("nested", Reason.PATTERN, r"(?:a|aa)+(?!a)x"),))
    context = Context(Context.for_text("a" * 60 + "!").doc, pattern_timeout=0.05)
    with pytest.raises(PatternTimeoutError, match=r"filter 'evil' took longer than 0\.05 s"):
        list(evil.tag(context))


def test_pattern_timeout_is_configurable() -> None:
    with pytest.raises(newsclean.ConfigError, match="pattern_timeout"):
        dataclasses.replace(CleanConfig(), pattern_timeout=0)
    assert newsclean.clean("A sentence that is the body.", CleanConfig(pattern_timeout=None)).body
