"""The report of corpus_samples/ plus hostile records, opened in headless Chromium.

Expected counts are read from the JSONL input here, never from the report's own code.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import HOSTILE_EXPLAINED, HOSTILE_PAGES

NO_INJECTION = """
const found = [];
if (window.__injected !== undefined) found.push('global set: ' + window.__injected);
if (document.scripts.length !== 2) found.push(document.scripts.length + ' script elements');
document.querySelectorAll('img, iframe, object, embed, frame, link, base, form, svg, math').forEach(
  e => found.push('element ' + e.tagName));
document.querySelectorAll('*').forEach(e => { for (const a of e.attributes) {
  if (a.name.startsWith('on') || a.name === 'src' || a.name === 'srcdoc') found.push(e.tagName + ' ' + a.name);
}});
document.querySelectorAll('a').forEach(a => {
  if (!(a.getAttribute('href') || '').startsWith('#')) found.push('link ' + a.getAttribute('href'));
});
return found;
"""


def records(path: Path) -> list[dict[str, Any] | None]:
    """Every non-blank line of the input: its object, or ``None`` when it is not one."""
    out: list[dict[str, Any] | None] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                obj = None
            out.append(obj if isinstance(obj, dict) else None)
    return out


def failed(obj: dict[str, Any] | None) -> bool:
    return obj is None or obj.get("error") is not None


@pytest.fixture(scope="module")
def page(browser: Any, report: Path) -> Any:
    browser.get(report.as_uri())
    browser.get_log("browser")  # start from an empty console
    return browser


def text_of(driver: Any, css: str) -> str:
    return str(driver.find_element("css selector", css).text)


# The report routes on "hashchange", which the browser fires after the script that changed the hash has
# returned. These helpers wait for that event (their listener is added after the report's, so it runs after
# the report has drawn the new view); without the wait the next lookup races the redraw and can find the
# previous view's rows, or no title yet.
NAVIGATE = """
const [route, element, done] = arguments;
if (route !== null && location.hash === route) { done(); return; }
window.addEventListener('hashchange', () => done(), {once: true});
if (route !== null) location.hash = route; else element.click();
"""


def open_route(driver: Any, route: str) -> None:
    """Go to ``route`` and return once the report has drawn it."""
    driver.execute_async_script(NAVIGATE, route, None)


def follow(driver: Any, element: Any) -> None:
    """Click ``element``, which changes the route, and return once the report has drawn the new view."""
    driver.execute_async_script(NAVIGATE, None, element)


def test_overview_counts_match_the_input(page: Any, explained: Path) -> None:
    objs = records(explained)
    open_route(page, "#overview")
    assert text_of(page, "#count-records .value") == f"{len(objs):,}"
    assert text_of(page, "#count-failed .value") == str(sum(failed(o) for o in objs))
    assert text_of(page, "#count-explained .value") == str(
        sum(1 for o in objs if not failed(o) and "removals" in o)  # type: ignore[operator]
    )
    clustered = [o for o in objs if o is not None and o.get("cluster_id") is not None]
    assert len(clustered) == 7  # two sample articles with three copies between them, and the template pair
    assert text_of(page, "#count-clustered .value") == str(len(clustered))
    assert text_of(page, "#count-copies .value") == str(sum(o["duplicate_of"] is not None for o in clustered))


def test_clicking_a_reason_lists_the_records_with_it(page: Any, explained: Path) -> None:
    objs = [o for o in records(explained) if not failed(o)]
    with_ticker = [
        str(o["id"])
        for o in objs
        if o is not None and any(r["reason"] == "ticker" for r in o.get("removals", []))
    ]
    assert len(with_ticker) >= 3  # the sample pages open with stock tickers
    open_route(page, "#overview")
    chips = page.find_elements("css selector", "table.list tr td .chip")
    follow(page, next(c for c in chips if c.text == "ticker"))
    assert page.execute_script("return location.hash") == "#records?reason=ticker"
    rows = page.find_elements("css selector", "#record-list tbody tr")
    assert sorted(r.find_elements("css selector", "td")[1].text for r in rows) == sorted(with_ticker)
    assert page.find_element("css selector", "#filter-reason").get_attribute("value") == "ticker"


def test_a_record_shows_its_removed_lines_by_reason(page: Any, explained: Path) -> None:
    obj = next(o for o in records(explained) if o is not None and o.get("id") == "seed_002_lavrov_choe.txt")
    removed = sum(len(r["text"].split("\n")) for r in obj["removals"])
    kept = len([p for p in obj["text"].split("\n") if p.strip()])
    open_route(page, "#records?q=lavrov")
    follow(page, page.find_element("css selector", "#record-list tbody tr"))
    assert text_of(page, "#record-title") == "Record seed_002_lavrov_choe.txt"
    assert len(page.find_elements("css selector", "#record-lines tr.removed")) == removed
    assert len(page.find_elements("css selector", "#record-lines tr.kept")) == kept
    labels = {e.text for e in page.find_elements("css selector", "#record-lines tr.removed .chip")}
    assert labels == {f"{r['filter']}:{r['rule']}" for r in obj["removals"]}
    assert page.find_element("css selector", "#prev").get_attribute("disabled") == "true"  # one record listed


def test_a_cluster_shows_canonical_and_copy_side_by_side(page: Any, explained: Path) -> None:
    copy = next(
        o for o in records(explained) if o is not None and o.get("id") == "evening_ledger/seed_003_kim_putin"
    )
    matches = copy["explain"]["matches"]
    open_route(page, "#clusters")
    rows = page.find_elements("css selector", "#cluster-list tbody tr")
    assert [r.find_elements("css selector", "td")[1].text for r in rows] == ["3", "2", "2"]
    follow(page, rows[1])
    assert "seed_003_kim_putin.txt" in text_of(page, "main")
    columns = page.find_elements("css selector", ".side > div")
    assert len(columns[0].find_elements("css selector", ".par.match")) == len(matches)
    assert len(columns[1].find_elements("css selector", ".par.match")) == len(matches)
    badges = [b.text for b in columns[1].find_elements("css selector", ".par.match .badge")]
    assert badges == [f"#{i} · {m['ratio']:g}" for i, m in enumerate(matches, start=1)]


def test_template_paragraphs_are_shown_as_not_counted(page: Any) -> None:
    open_route(page, "#clusters")
    rows = page.find_elements("css selector", "#cluster-list tbody tr")
    follow(page, next(r for r in rows if r.find_elements("css selector", "td")[0].text == "tpl"))
    assert (
        text_of(page, "#pair-summary")
        == "score 0.97 · 1 matched paragraph · 1 template paragraph, not counted"
    )
    for column in page.find_elements("css selector", ".side > div"):
        assert [b.text for b in column.find_elements("css selector", ".par.template .badge")] == [
            "template · not counted"
        ]
        assert [b.text for b in column.find_elements("css selector", ".par.match .badge")] == ["#1 · 97.5"]


def test_hostile_records_render_as_text_and_run_nothing(page: Any) -> None:
    for route in ["#overview", "#records", "#clusters", "#cluster/0", "#records?status=failed"]:
        open_route(page, route)
        assert page.execute_script(NO_INJECTION) == [], route
    open_route(page, "#records?q=script")
    follow(page, page.find_element("css selector", "#record-list tbody tr"))
    assert HOSTILE_PAGES[0]["id"] in text_of(page, "#record-title")
    body = text_of(page, "#record-lines")
    for line in (
        "<script>window.__injected = 'script'</script>",
        "<img src=x onerror=\"window.__injected = 'img'\">",
    ):
        assert line in body
    assert page.execute_script(NO_INJECTION) == []
    open_route(page, "#records?q=huge")
    follow(page, page.find_element("css selector", "#record-list tbody tr"))
    assert HOSTILE_EXPLAINED[0]["title"] in text_of(page, "dl.meta")
    assert "too long to show" in text_of(page, "main")
    # the right-to-left override in an id is shown as a visible mark, not obeyed
    open_route(page, "#records?q=rtl")
    follow(page, page.find_element("css selector", "#record-list tbody tr"))
    assert [e.text for e in page.find_elements("css selector", "#record-title .ctl")] == ["U+202E"]
    assert page.execute_script(NO_INJECTION) == []
    errors = [e for e in page.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def test_the_policy_blocks_a_script_added_later(page: Any) -> None:
    """Even a script element that got into the page would not run: the policy allows only the report's own."""
    ran = page.execute_script(
        "const s = document.createElement('script'); s.textContent = \"window.__injected = 'late'\";"
        "document.body.appendChild(s); return window.__injected !== undefined;"
    )
    assert ran is False
    assert any("Content Security Policy" in e["message"] for e in page.get_log("browser"))
