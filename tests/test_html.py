"""HTML mode: newsclean.clean_html on small pages written for these tests (tests/html/)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import newsclean
from newsclean import (
    ConfigError,
    EmptyDocumentError,
    ExtractionError,
    HtmlConfig,
    NewscleanError,
    Reason,
    apply_removals,
    clean_html,
)
from newsclean.extraction.html import clean_html_page
from newsclean.extraction.page_metadata import PageMetadata

PAGES = Path(__file__).resolve().parent / "html"
HARBOUR = (PAGES / "harbour_news.html").read_text(encoding="utf-8")
VALLEY = (PAGES / "valley_blog.html").read_text(encoding="utf-8")

BOILERPLATE = (
    "Facebook",
    "Twitter",
    "Sport",
    "Opinion",
    "Comments",
    "Leave a Reply",
    "About time they did this",
    "Who is paying",
    "Storm closes coast road",
    "Most read",
    "newsletter",
    "contributed to this report",
    "All rights reserved",
    "Council Approves New Ferry Timetable",
)


def test_news_page_body_is_the_article_paragraphs() -> None:
    article = clean_html(HARBOUR)
    assert len(article.paragraphs) == 5
    assert article.paragraphs[0].startswith("PORT WILLOW: Dredging of the inner harbour will begin in April")
    assert article.paragraphs[-1].endswith("approved its part of the funding last month after a long debate.")
    assert article.body == "\n\n".join(article.paragraphs)
    for text in BOILERPLATE:
        assert text not in article.body, text


def test_every_removal_has_a_reason_and_replays() -> None:
    page = clean_html_page(HARBOUR)
    reasons = {(r.filter, r.reason) for r in page.article.removals}
    assert reasons == {
        # the page's menus, the share bar and the byline under it, related stories, comments, footer
        ("page_blocks", Reason.PAGE_BLOCK),
        ("headline", Reason.HEADLINE),
        ("prompts", Reason.NEWSLETTER),
        ("html_leftovers", Reason.BYLINE),
    }
    assert page.article.metadata.byline == "Mara Ellison"  # the page's markup names the author
    assert apply_removals(page.extracted.text, page.article.removals) == page.article.body


def test_leftovers_trafilatura_keeps_are_removed_with_their_reasons() -> None:
    page = clean_html_page(VALLEY)
    assert "[Related:" in page.extracted.text  # trafilatura kept them ...
    removed = {r.rule: r.reason for r in page.article.removals}
    assert removed == {  # ... newsclean says why it drops each
        "block model": Reason.PAGE_BLOCK,  # the menu, the title above the story and the blog's footer
        "bracketed_related": Reason.RELATED_LINK,
        "share_pitch": Reason.SHARE_BAR,
        "comment_invitation": Reason.COMMENTS,
        "closing_headline_list": Reason.RELATED_LIST,
    }
    assert page.article.body.startswith("Growers across the valley")
    assert page.article.body.endswith("when much of the crop went to juice.")
    assert len(page.article.paragraphs) == 4


def test_metadata_comes_from_the_page() -> None:
    metadata = clean_html(HARBOUR, url="https://courier.example/local/harbour-dredging").metadata
    assert metadata.title == "Harbour dredging to start in spring, port authority says"
    assert metadata.byline == "Mara Ellison"
    assert metadata.published == "2024-03-05"
    assert metadata.site_name == "Coastline Courier"
    assert metadata.categories == ("Local",)
    assert metadata.tags == ("harbour", "dredging", "port authority")
    assert metadata.dateline == "PORT WILLOW"  # from the text: pages do not declare it


def test_metadata_falls_back_to_the_text() -> None:
    page = VALLEY.replace("<p>Growers across", "<p>ORCHARD HILL (Reuters) - Growers across")
    metadata = clean_html(page).metadata
    assert metadata.title == "Valley orchards expect a record apple harvest"
    assert (metadata.byline, metadata.published, metadata.site_name, metadata.categories) == (
        None,
        None,
        None,
        (),
    )
    assert (metadata.dateline, metadata.agency) == ("ORCHARD HILL", "Reuters")


def test_metadata_to_dict_has_html_fields_only_when_known() -> None:
    assert clean_html(HARBOUR).to_dict()["site_name"] == "Coastline Courier"
    assert "site_name" not in newsclean.clean("A body sentence that is long enough to keep.").to_dict()


def test_page_without_metadata_extraction() -> None:
    article = clean_html(HARBOUR, config=HtmlConfig(page_metadata=False))
    assert (article.metadata.title, article.metadata.site_name) == (None, None)
    # without the page's title the headline line is not recognised; the rest is as usual
    assert article.paragraphs[0] == "Harbour dredging to start in spring, port authority says"
    assert article.paragraphs[1:] == clean_html(HARBOUR).paragraphs


@pytest.mark.parametrize(
    "page",
    [
        '<html><body><div id="app"></div><script>window.render()</script></body></html>',
        "<html><body><nav><a href='/'>Home</a> <a href='/x'>News</a></nav></body></html>",
        "not html at all, just a few words",
        "<",  # does not parse as HTML at all
    ],
)
def test_page_without_article_text_raises_extraction_error(page: str) -> None:
    with pytest.raises(ExtractionError, match="no article text") as error:
        clean_html(page)
    assert isinstance(error.value, NewscleanError)
    assert "newsclean.clean(text)" in str(error.value)  # says what to try next


def test_a_failure_inside_trafilatura_is_an_extraction_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    def broken(*args: object, **kwargs: object) -> None:
        raise AssertionError

    monkeypatch.setattr(trafilatura, "bare_extraction", broken)
    with pytest.raises(ExtractionError, match=r"trafilatura failed on this page \(AssertionError") as error:
        clean_html(HARBOUR)
    assert isinstance(error.value.__cause__, AssertionError)
    assert "skip the page" in str(error.value)


def test_min_body_words_can_be_lowered() -> None:
    page = "<html><body><p>A short note of a few words.</p></body></html>"
    with pytest.raises(ExtractionError, match="only 7 word"):
        clean_html(page)
    assert clean_html(page, config=HtmlConfig(min_body_words=1)).body == "A short note of a few words."


def test_page_that_is_only_boilerplate_raises_extraction_error() -> None:
    page = (
        "<html><body><article>"
        + "<p>Sign up for our newsletter to get the best stories delivered to your inbox every day.</p>" * 4
        + "</article></body></html>"
    )
    with pytest.raises(ExtractionError, match="boilerplate"):
        clean_html(page)


@pytest.mark.parametrize("page", ["", "   \n ", b"", b"  "])
def test_empty_input(page: str | bytes) -> None:
    with pytest.raises(EmptyDocumentError):
        clean_html(page)


def test_wrong_type() -> None:
    with pytest.raises(TypeError, match="str or bytes"):
        clean_html(42)  # type: ignore[arg-type]


def test_bytes_and_str_give_the_same_article() -> None:
    assert clean_html(HARBOUR.encode("utf-8")) == clean_html(HARBOUR)


def test_config_is_validated_and_filters_can_be_disabled() -> None:
    with pytest.raises(ConfigError, match="unknown HTML-mode filter"):
        HtmlConfig(disabled=frozenset({"outside_body"}))
    with pytest.raises(ConfigError):
        HtmlConfig(fallback_min_chars=-1)
    config = dataclasses.replace(
        HtmlConfig(), disabled=HtmlConfig().disabled | {"headline", "html_leftovers"}
    )
    article = clean_html(HARBOUR, config=config)
    assert article.paragraphs[0] == "Harbour dredging to start in spring, port authority says"
    assert "contributed to this report" in article.body


def test_fallback_extraction_when_the_precise_one_is_too_short(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsclean.extraction import html as html_mode

    calls: list[bool] = []
    reads: list[object] = []
    trees: list[object] = []

    def fake(page: object, url: str | None = None, *, precise: bool, config: HtmlConfig) -> str:
        calls.append(precise)
        trees.append(page)
        if precise:
            return "Reprint rights reserved."
        return "A long enough paragraph of the article, kept by the second pass."

    def read(tree: object, url: str | None = None) -> PageMetadata:
        reads.append(tree)
        return PageMetadata(title="T", site_name="S")

    monkeypatch.setattr(html_mode, "extract_main_text", fake)
    monkeypatch.setattr(html_mode, "read_page_metadata", read)
    page = clean_html_page(
        "<html><body><p>x</p></body></html>", config=HtmlConfig(block_model=False, fallback_min_chars=40)
    )
    assert calls == [True, False]
    assert len(reads) == 1 and trees == [reads[0], reads[0]]  # parsed once, metadata read once
    assert page.precise is False
    assert page.article.body == "A long enough paragraph of the article, kept by the second pass."
    assert (page.article.metadata.title, page.article.metadata.site_name) == ("T", "S")


def test_no_fallback_when_the_precise_body_is_long_enough(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsclean.extraction import html as html_mode

    calls: list[bool] = []

    def fake(page: object, url: str | None = None, *, precise: bool, config: HtmlConfig) -> str:
        calls.append(precise)
        return "A long enough paragraph of the article, from the first pass."

    monkeypatch.setattr(html_mode, "extract_main_text", fake)
    page = clean_html_page(
        "<html><body><p>x</p></body></html>", config=HtmlConfig(block_model=False, fallback_min_chars=40)
    )
    assert (calls, page.precise) == ([True], True)
