"""Headless Chromium for the report's browser tests and for the screenshots in docs/.

Uses Debian's ``chromium`` and ``chromium-driver`` through Selenium, with a fresh
profile directory per browser. :func:`browser_problem` says why no browser can be
started (``None`` when one can), so tests can skip with that reason.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMEDRIVER = ("/usr/bin/chromedriver",)
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
)


def _first(paths: tuple[str, ...]) -> str | None:
    return next((p for p in paths if Path(p).exists()), None)


def browser_problem() -> str | None:
    """Why the browser tests cannot run here, or ``None`` when they can."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install 'newsclean[browser]', or run tox -e browser)"
    if _first(CHROMIUM) is None:
        return "no Chromium at /usr/bin/chromium (apt-get install chromium chromium-driver)"
    if _first(CHROMEDRIVER) is None:
        return "no chromedriver at /usr/bin/chromedriver (apt-get install chromium-driver)"
    return None


@contextmanager
def chromium(width: int = 1280, height: int = 900) -> Iterator[Any]:
    """A Selenium driver of headless Chromium with a fresh profile, closed and removed afterwards."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="newsclean-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = _first(CHROMIUM) or CHROMIUM[0]
    for flag in (*FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(_first(CHROMEDRIVER) or CHROMEDRIVER[0]))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


ROOT = Path(__file__).resolve().parents[2]
#: Sites that republish two of the sample articles, each with its own menu and footer.
COPIES = (
    ("seed_000_kim_shoigu.txt", "Valley Post"),
    ("seed_000_kim_shoigu.txt", "Harbour Times"),
    ("seed_003_kim_putin.txt", "Evening Ledger"),
)


def syndicated_copy(page: str, site: str) -> str:
    """The article of ``page`` as another site republishes it: its own menu and footer around
    the same paragraphs, the last one dropped and a word left out of the first."""
    import newsclean

    article = newsclean.clean(page)
    paragraphs = list(article.paragraphs[:-1])
    words = paragraphs[0].split(" ")
    paragraphs[0] = " ".join(words[: len(words) // 2] + words[len(words) // 2 + 1 :])
    header = [site, "Home | World | Business | Sport | Opinion", "", article.metadata.title or ""]
    footer = [f"© 2024 {site}. All rights reserved.", "Privacy | Terms | Contact us"]
    return "\n".join(header) + "\n\n" + "\n\n".join(paragraphs) + "\n\n" + "\n".join(footer) + "\n"


def sample_pages() -> list[dict[str, str]]:
    """The text pages of corpus_samples/ and the republished copies, as JSONL records."""
    pages = [
        {"id": path.name, "text": path.read_text(encoding="utf-8")}
        for path in sorted((ROOT / "corpus_samples").glob("*.txt"))
    ]
    texts = {page["id"]: page["text"] for page in pages}
    for name, site in COPIES:
        slug = site.lower().replace(" ", "_")
        pages.append(
            {"id": f"{slug}/{name.removesuffix('.txt')}", "text": syndicated_copy(texts[name], site)}
        )
    return pages
