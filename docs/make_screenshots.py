"""Make the report screenshots in docs/: the sample report opened in headless Chromium.

The input is the one the browser tests read (corpus_samples/ plus three republished
copies of two of its articles), run through the real commands:

    newsclean clean --format jsonl --explain | newsclean dedup --no-clean --explain | newsclean report

Needs Debian's chromium and chromium-driver and the ``browser`` extra (selenium):

    python -m pip install -e '.[browser]' && python docs/make_screenshots.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))
from harness import browser_problem, chromium, sample_pages  # noqa: E402

#: (file in docs/, route of the page, window height)
SHOTS = (
    ("report-record.png", "#records?q=india", 1350),
    ("report-overview.png", "#overview", 1100),
    ("report-cluster.png", "#cluster/0", 900),
)


def newsclean(*args: str, stdin: bytes) -> bytes:
    result = subprocess.run(
        [sys.executable, "-m", "newsclean", *args], input=stdin, capture_output=True, check=True
    )
    return result.stdout


def main() -> None:
    problem = browser_problem()
    if problem is not None:
        sys.exit(f"cannot make the screenshots: {problem}")
    pages = b"".join((json.dumps(page, ensure_ascii=False) + "\n").encode() for page in sample_pages())
    cleaned = newsclean("clean", "--format", "jsonl", "--explain", stdin=pages)
    deduped = newsclean("dedup", "--no-clean", "--explain", stdin=cleaned)
    with tempfile.TemporaryDirectory() as work:
        report = Path(work) / "report.html"
        report.write_bytes(newsclean("report", stdin=deduped))
        for name, route, height in SHOTS:
            with chromium(1280, height) as driver:
                driver.get(report.as_uri() + route)
                if route.startswith("#records"):  # open the first record the search lists
                    driver.find_element("css selector", "#record-list tbody tr").click()
                time.sleep(0.3)
                driver.save_screenshot(str(ROOT / "docs" / name))
            print(f"docs/{name}")


if __name__ == "__main__":
    main()
