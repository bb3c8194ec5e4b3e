"""The metadata reader of HTML mode (newsclean.extraction.page_metadata) on small hand-written pages."""

from __future__ import annotations

from copy import deepcopy

import pytest
from lxml.html import HtmlElement, document_fromstring, tostring

from newsclean.extraction.page_metadata import PageMetadata, read_page_metadata

BODY = "<body><p>The river rose by a metre overnight, the weather office said.</p></body>"


def page(head: str, body: str = BODY) -> HtmlElement:
    tree: HtmlElement = document_fromstring(f"<html><head>{head}</head>{body}</html>")
    return tree


def read(head: str, body: str = BODY, url: str | None = None) -> PageMetadata:
    return read_page_metadata(page(head, body), url, find_date=False)


def test_opengraph_and_article_tags() -> None:
    metadata = read(
        """<title>River rises | The Valley Post</title>
        <meta property="og:title" content="River rises after storm">
        <meta property="og:site_name" content="The Valley Post">
        <meta property="article:published_time" content="2024-03-05T09:30:00+01:00">
        <meta property="article:section" content="Local">
        <meta property="article:tag" content="weather">
        <meta property="article:tag" content="rivers">
        <meta name="author" content="By Mara Ellison">"""
    )
    assert metadata == PageMetadata(
        title="River rises after storm",
        author="Mara Ellison",
        date="2024-03-05",
        site_name="The Valley Post",
        categories=("Local",),
        tags=("weather", "rivers"),
    )


def test_twitter_card_keywords_and_news_keywords() -> None:
    metadata = read(
        """<meta name="twitter:title" content="Storm warning">
        <meta name="twitter:site" content="@valleypost">
        <meta name="news_keywords" content="storm; warning">"""
    )
    assert (metadata.title, metadata.site_name, metadata.tags) == (
        "Storm warning",
        "Valleypost",
        ("storm", "warning"),
    )
    # keywords, when the page has them, win over news_keywords
    both = read('<meta name="keywords" content="a, b"><meta name="news_keywords" content="c">')
    assert both.tags == ("a", "b")


def test_json_ld_article_with_a_list_of_authors() -> None:
    metadata = read(
        """<script type="application/ld+json">
        {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Dam holds &amp; river falls",
         "author": [{"@type": "Person", "name": "Ann Lee"}, {"@type": "Person", "name": "Bo Chan"},
                    {"@type": "Organization", "name": "Valley Post Staff"}],
         "datePublished": "2024-03-06T08:00:00Z", "publisher": {"@type": "Organization", "name": "The Valley Post"},
         "articleSection": ["Local", "Weather"], "keywords": ["dams", "rivers"]}
        </script>"""
    )
    assert metadata == PageMetadata(
        title="Dam holds & river falls",
        author="Ann Lee; Bo Chan",
        date="2024-03-06",
        site_name="The Valley Post",
        categories=("Local", "Weather"),
        tags=("dams", "rivers"),
    )


def test_json_ld_graph_with_a_dict_author_and_a_string_author() -> None:
    tree = page(
        """<script type="application/ld+json">
        {"@context": "https://schema.org", "@graph": [
          {"@type": "WebSite", "name": "Valley Post"},
          {"@type": ["Article", "NewsArticle"], "headline": "Ferry resumes",
           "author": {"@type": "Person", "name": "Jon Pike"}, "keywords": "ferries, harbour"}]}
        </script>
        <script type="application/ld+json">{"@type": "BlogPosting", "author": "Not Read"}</script>"""
    )
    metadata = read_page_metadata(tree, find_date=False)
    assert (metadata.title, metadata.author, metadata.site_name) == (
        "Ferry resumes",
        "Jon Pike",
        "Valley Post",
    )
    assert metadata.tags == ("ferries", "harbour")
    string_author = read(
        '<script type="application/ld+json">{"@type": "Article", "author": "Ann Lee and Bo Chan"}</script>'
    )
    assert string_author.author == "Ann Lee; Bo Chan"


def test_meta_and_json_ld_authors_are_merged_without_repeats() -> None:
    metadata = read(
        """<meta name="author" content="Sarah E. Needleman">
        <meta property="article:author" content="https://www.facebook.com/someone">
        <script type="application/ld+json">{"@type": "NewsArticle", "author": {"name": "Sarah E. Needleman"}}</script>"""
    )
    assert metadata.author == "Sarah E Needleman"


@pytest.mark.parametrize(
    "script",
    [
        '{"@type": "NewsArticle", "headline": "Cut short',
        "not json at all",
        "[1, 2, 3]",
        '"a string"',
        '{"@type": null, "author": {"name": ["x", 3]}, "@graph": "nothing"}',
        '{"@type": "NewsArticle", "headline": {"id": 7}, "author": [null, 3, {"@type": 5}], "publisher": [],'
        ' "datePublished": 20240306, "articleSection": {"x": 1}, "keywords": [1, null]}',
        "[" * 5000 + "]" * 5000,
        "",
    ],
)
def test_malformed_json_ld_does_not_crash(script: str) -> None:
    metadata = read(f'<title>Floods</title><script type="application/ld+json">{script}</script>')
    assert metadata.title == "Floods"
    assert (metadata.author, metadata.date, metadata.categories) == (None, None, ())


def test_a_page_that_declares_nothing() -> None:
    assert read("") == PageMetadata()
    assert (
        read_page_metadata(document_fromstring("<p>Only a paragraph.</p>"), find_date=False) == PageMetadata()
    )


def test_structure_fallbacks_title_and_site_name() -> None:
    # a lone h1 is the title; the title element's part with a dot names the site
    metadata = read(
        "<title>River rises - valleypost.example</title>", "<body><h1>River  rises\n now</h1></body>"
    )
    assert (metadata.title, metadata.site_name) == ("River rises now", "valleypost.example")
    # without a lone h1: the title element's part without a dot
    metadata = read("<title>River rises | valleypost.example</title>", "<body><h1>A</h1><h1>B</h1></body>")
    assert metadata.title == "River rises"
    # the site name falls back to the host of the URL, or of the canonical link
    assert read("", url="https://www.valleypost.example/news/1").site_name == "valleypost.example"
    assert read('<link rel="canonical" href="https://news.example/a">').site_name == "news.example"


def test_dates_url_first_then_meta_then_json_ld() -> None:
    head = '<meta property="article:published_time" content="2019-11-19T07:03:25+00:00">'
    assert read(head, url="https://news.example/2019/11/18/story/").date == "2019-11-18"
    assert read(head, url="https://news.example/story/").date == "2019-11-19"
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "Jun 12, 2024"}</script>'
    assert read(ld).date == "2024-06-12"
    # implausible dates are ignored
    assert read('<meta name="date" content="1970-01-01">').date is None
    assert read('<meta name="date" content="2999-01-01">').date is None


def test_htmldate_reads_the_date_only_when_the_markup_has_none() -> None:
    body = "<body><p>Published 14 September 2021</p><p>The river rose by a metre overnight.</p></body>"
    assert read_page_metadata(page("<title>River</title>", body)).date == "2021-09-14"
    assert read_page_metadata(page("<title>River</title>", body), find_date=False).date is None


def test_the_tree_is_not_modified() -> None:
    tree = page(
        '<title>River</title><script type="application/ld+json">{"@type": "Article"}</script>',
        "<body><h1>River</h1><div class='comments'><p>Posted 3 May 2020</p></div></body>",
    )
    before = tostring(deepcopy(tree))
    read_page_metadata(tree)
    assert tostring(tree) == before


def test_author_from_the_markup_when_the_page_declares_none() -> None:
    body = """<body><div class="comments"><span class="author">Comment Writer</span></div>
    <p class="byline">By Bryan DeArdo Nov 19, 2019 at 5:50 pm</p>
    <p>The river rose by a metre overnight, the weather office said.</p></body>"""
    assert read("", body).author == "Bryan DeArdo"
    # a declared author wins over the markup; a one-word handle is not an author
    assert read('<meta name="author" content="Ann Lee">', body).author == "Ann Lee"
    assert read("", '<body><a rel="author" href="/u/1">admin</a></body>').author is None
    assert read("", '<body><meta itemprop="author" content="Jon Pike"></body>').author == "Jon Pike"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("By Meg James Staff Writer Nov. 19, 2019 5:50 PM", "Meg James Staff Writer"),
        ("Amy Kuperinsky | NJ Advance Media for NJ.com", "Amy Kuperinsky; NJ Advance Media"),
        ("written by Jeff Foust Monday, November 18", "Jeff Foust"),
        ("ann lee & bo chan", "Ann Lee; Bo Chan"),
        ("Theresa May", "Theresa May"),
        ("@handle, https://example.com/ann, ann@example.com", None),
    ],
)
def test_author_values_are_cleaned(value: str, expected: str | None) -> None:
    assert read(f'<meta name="author" content="{value}">').author == expected
