"""Browser tests: skipped (with the reason) when no browser can be started, unless
NEWSCLEAN_REQUIRE_BROWSER is set (``tox -e browser``), where a missing browser fails them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import browser_problem, chromium, sample_pages

#: Records written as ``newsclean clean --explain`` would, each made to break out of the page.
HOSTILE_EXPLAINED = [
    {
        "id": "huge",
        "text": "<script>window.__injected = 'huge'</script>" + "x" * 20_000_000,
        "title": "<img src=x onerror=\"window.__injected = 'title'\">",
        "removals": [],
        "paragraph_lines": [1],
    },
    {"id": "closer", "error": "line 9: </script><script>window.__injected = 'error'</script>"},
    {
        "id": "rtl-\u202etxt.exe",
        "text": "Kept \u2067isolate\u2069 line",
        "removals": [
            {
                "filter": "<b onmouseover=alert(1)>",
                "reason": "javascript:alert(1)",
                "rule": "</script>",
                "lines": [1, 1],
                "text": "<iframe src=\"javascript:window.__injected = 'iframe'\"></iframe>",
            }
        ],
        "paragraph_lines": [2],
    },
]
#: A pair as ``newsclean dedup --explain`` writes it once it tells template paragraphs apart:
#: each match has ``template`` and the explanation counts them in ``template_paragraphs``.
TEMPLATE_PAIR = [
    {
        "id": "wire/original",
        "text": "Ministers agreed the plan on Friday after talks that ran late.\n\nSubscribe to our newsletter",
        "cluster_id": "tpl",
        "duplicate_of": None,
        "similarity": 1.0,
    },
    {
        "id": "wire/copy",
        "text": "Ministers agreed a plan on Friday after talks that ran late.\n\nSubscribe to our newsletter",
        "cluster_id": "tpl",
        "duplicate_of": "wire/original",
        "similarity": 0.97,
        "explain": {
            "score": 0.97,
            "is_duplicate": True,
            "reason": "contained",
            "contained": "a",
            "matches": [
                {
                    "a_paragraph": 0,
                    "b_paragraph": 0,
                    "ratio": 97.5,
                    "a_text": "Ministers agreed a plan on Friday after talks that ran late.",
                    "b_text": "Ministers agreed the plan on Friday after talks that ran late.",
                    "template": False,
                },
                {
                    "a_paragraph": 1,
                    "b_paragraph": 1,
                    "ratio": 100.0,
                    "a_text": "Subscribe to our newsletter",
                    "b_text": "Subscribe to our newsletter",
                    "template": True,
                },
            ],
            "unmatched": [],
            "template_paragraphs": 1,
        },
    },
]
#: Pages sent through the real ``newsclean clean``: hostile markup in a page's own lines.
HOSTILE_PAGES = [
    {
        "id": "<script>window.__injected = 'id'</script>",
        "text": "<script>window.__injected = 'script'</script>\n\n"
        "The council approved the new budget on Tuesday after a long debate, officials said.\n\n"
        "<img src=x onerror=\"window.__injected = 'img'\">\n\n"
        "<a href=\"javascript:window.__injected = 'link'\">Read more</a>\n\n"
        "The mayor said the plan \u202eevil\u202c would take effect early next year.\n",
    },
]
#: A line that is not JSON at all, which clean reports with the line as read (``raw``).
HOSTILE_LINE = '{"id": "<img src=x onerror=\\"window.__injected = \'raw\'\\">", "text": <script>\n'


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip the browser tests, saying why, when no browser can start; under NEWSCLEAN_REQUIRE_BROWSER
    leave them to run (and fail in the ``browser`` fixture)."""
    problem = browser_problem()
    if problem is None or os.environ.get("NEWSCLEAN_REQUIRE_BROWSER"):
        return
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.skip(reason=f"no browser: {problem}"))


def newsclean(*args: str, stdin: bytes) -> bytes:
    result = subprocess.run(
        [sys.executable, "-m", "newsclean", *args], input=stdin, capture_output=True, check=False
    )
    assert result.returncode in (0, 1), result.stderr.decode()
    return result.stdout


@pytest.fixture(scope="session")
def explained(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """corpus_samples/, three republished copies and the hostile pages, cleaned and deduplicated
    (``clean --explain | dedup --no-clean --explain``), plus the hostile explained records and a
    pair with template paragraphs."""
    pages = b"".join(
        (json.dumps(page, ensure_ascii=False) + "\n").encode() for page in [*sample_pages(), *HOSTILE_PAGES]
    )
    cleaned = newsclean("clean", "--format", "jsonl", "--explain", stdin=pages + HOSTILE_LINE.encode())
    deduped = newsclean("dedup", "--no-clean", "--explain", stdin=cleaned)
    path = tmp_path_factory.mktemp("report") / "explained.jsonl"
    extra = b"".join(
        (json.dumps(r, ensure_ascii=False) + "\n").encode() for r in [*HOSTILE_EXPLAINED, *TEMPLATE_PAIR]
    )
    path.write_bytes(deduped + extra)
    return path


@pytest.fixture(scope="session")
def report(explained: Path) -> Path:
    page = explained.with_name("report.html")
    result = subprocess.run(
        [sys.executable, "-m", "newsclean", "report", str(explained), "--sample", "1000", "-o", str(page)],
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    return page


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    problem = browser_problem()
    if problem is not None:
        pytest.fail(f"the browser tests need a browser: {problem}")
    with chromium() as driver:
        yield driver
