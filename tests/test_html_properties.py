"""Property tests for HTML mode: any page gives an article or a NewscleanError, and explanations replay."""

from __future__ import annotations

import html
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsclean import HtmlConfig, NewscleanError, apply_removals
from newsclean.extraction.html import clean_html_page

FIXTURES = Path(__file__).resolve().parent / "html"
LINES = [
    line.strip()
    for page in sorted(FIXTURES.glob("*.html"))
    for line in page.read_text(encoding="utf-8").splitlines()
    if line.strip()
]

text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=120)
paragraph = st.one_of(
    text.map(lambda t: f"<p>{html.escape(t)}</p>"),
    st.sampled_from(LINES),
    st.sampled_from(["<li>Related Headline Goes Here</li>", "<p>More:</p>", "<h2>Subheading</h2>", "<br>"]),
)
pages = st.tuples(st.lists(paragraph, max_size=30), st.booleans()).map(
    lambda pair: f"<html><body>{'<article>' if pair[1] else ''}{''.join(pair[0])}</body></html>"
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages, st.sampled_from(["str", "utf-8", "utf-16", "cp1252"]))
def test_any_page_gives_an_article_or_a_newsclean_error(page: str, form: str) -> None:
    data: str | bytes = page if form == "str" else page.encode(form, errors="replace")
    try:
        result = clean_html_page(data, config=HtmlConfig(min_body_words=1))
    except NewscleanError:
        return
    assert result.article.body
    assert apply_removals(result.extracted.text, result.article.removals) == result.article.body
