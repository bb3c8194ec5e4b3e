"""Inputs the coverage-guided fuzzers (fuzz/run.sh) found, kept as regression tests, with the
reproductions of the hostile-input issue in each fuzz target's form (named ``*_issue_*``).

Each file in tests/fuzz_regressions/ is raw bytes; its name says what broke. A name that
starts with ``jsonl_``, ``config_`` or ``index_`` is replayed through that fuzz target's
check (fuzz/checks.py); any other through the text entry point's invariants.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import newsclean
from newsclean.errors import NewscleanError
from newsclean.io.decode import decode_text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "fuzz"))
from checks import check_config, check_index, check_jsonl  # noqa: E402

CASES = sorted((Path(__file__).parent / "fuzz_regressions").glob("*.bin"))
TARGETS = {"jsonl": check_jsonl, "config": check_config, "index": check_index}


def check_clean(data: bytes) -> None:
    try:
        text = decode_text(data, "fuzz").text
        article = newsclean.clean(text)
    except NewscleanError:
        return
    lines = [line.strip() for line in newsclean.Document.from_text(text).text.split("\n") if line.strip()]
    it = iter(lines)
    assert all(any(p == line for line in it) for p in article.paragraphs)
    assert newsclean.apply_removals(text, article.removals) == article.body
    assert newsclean.clean(article.body).body == article.body if article.body else True


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_fuzz_regression(case: Path) -> None:
    TARGETS.get(case.stem.split("_", 1)[0], check_clean)(case.read_bytes())


def test_every_target_has_a_case() -> None:
    kept = {case.stem.split("_", 1)[0] for case in CASES}
    assert set(TARGETS) <= kept
