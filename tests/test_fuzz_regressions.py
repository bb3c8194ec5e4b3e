"""Inputs the coverage-guided fuzzer (fuzz/run.sh) found, kept as regression tests.

Each file in tests/fuzz_regressions/ is raw bytes; its name says what broke.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import newsclean
from newsclean.errors import NewscleanError
from newsclean.io.decode import decode_text

CASES = sorted((Path(__file__).parent / "fuzz_regressions").glob("*.bin"))


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_fuzz_regression(case: Path) -> None:
    try:
        text = decode_text(case.read_bytes(), case.name).text
        article = newsclean.clean(text)
    except NewscleanError:
        return
    lines = [line.strip() for line in newsclean.Document.from_text(text).text.split("\n") if line.strip()]
    it = iter(lines)
    assert all(any(p == line for line in it) for p in article.paragraphs)
    assert newsclean.apply_removals(text, article.removals) == article.body
    assert newsclean.clean(article.body).body == article.body if article.body else True
