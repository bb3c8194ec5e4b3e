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
from newsclean.filters import Context, LinePattern, LinePatternFilter
from newsclean.filters.base import compile_line_patterns
from newsclean.reasons import Reason


def _families() -> dict[str, tuple[LinePattern, ...]]:
    """Every pattern family in the package: module-level tuples of LinePattern and LinePatternFilters."""
    import importlib
    import pkgutil

    found: dict[str, tuple[LinePattern, ...]] = {}
    for info in pkgutil.walk_packages(newsclean.__path__, "newsclean."):
        if info.name.startswith(("newsclean.integrations", "newsclean.ray")):
            continue
        for name, value in vars(importlib.import_module(info.name)).items():
            if isinstance(value, LinePatternFilter):
                found[f"{info.name}.{name}"] = value.patterns
            elif isinstance(value, tuple) and value and all(isinstance(p, LinePattern) for p in value):
                found[f"{info.name}.{name}"] = value
    return found


FAMILIES = _families()
RUNS = [
    " ", "a", "A", "1", "a ", "A ", "Aa ", "1 ", "1,", "1.", "1,000 ", "A.", ". ", "► ", "| ", "/ ", "» ",
    "%", "▲ ", "-", "*", "’", "By A ", "Photo: ", "Sep 1, 2024 ", "Comments ", "Read more ", "Tags: a, ",
]  # fmt: skip


def test_families_were_found() -> None:
    assert "newsclean.filters.patterns.TICKER" in FAMILIES
    assert any(name.startswith("newsclean.filters.html_leftovers") for name in FAMILIES)


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


def _module_patterns() -> list[tuple[str, object]]:
    """Every compiled regular expression held at module level anywhere in the package."""
    import importlib
    import pkgutil

    import regex

    found = []
    for info in pkgutil.walk_packages(newsclean.__path__, "newsclean."):
        if info.name.startswith(("newsclean.integrations", "newsclean.ray")):
            continue  # optional heavy dependencies
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, regex.Pattern):
                found.append((f"{info.name}.{name}", value))
    return found


MODULE_PATTERNS = _module_patterns()


def test_module_patterns_were_found() -> None:
    names = {name for name, _ in MODULE_PATTERNS}
    assert "newsclean.extraction.metadata._DATELINE" in names
    assert len(names) >= 15


@pytest.mark.parametrize(("name", "compiled"), MODULE_PATTERNS, ids=[n for n, _ in MODULE_PATTERNS])
def test_every_module_pattern_finishes_on_long_runs(name: str, compiled) -> None:  # type: ignore[no-untyped-def]
    for run in RUNS:
        text = run * (20_000 // len(run))
        for candidate in (text, "x" + text + "x", text + "\n" + text):
            subject = candidate.encode() if isinstance(compiled.pattern, bytes) else candidate
            compiled.search(subject, timeout=2.0)
            list(compiled.finditer(subject[:5000], timeout=2.0))
