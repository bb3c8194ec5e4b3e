"""Metadata a page declares in its markup, read from its parsed tree.

HTML mode parses a page once (:func:`trafilatura.load_html`) and reads the page's own
declarations from that tree before trafilatura extracts the text from it:

- ``<meta>`` tags in ``<head>``: OpenGraph (``og:title``, ``og:site_name``),
  ``article:*`` (``published_time``, ``section``, ``tag``, ``author``), Twitter cards,
  ``name="author"``, ``keywords``, ``news_keywords``, Dublin Core and similar names;
- JSON-LD (``<script type="application/ld+json">``, anywhere in the page): an article's
  ``headline``, ``author`` (a name, a person, or a list of them), ``datePublished``,
  ``publisher``, ``articleSection`` and ``keywords``; an organisation's ``name``.
  A block that is not valid JSON is skipped;
- the page's structure where the declarations say nothing: a lone ``<h1>`` or the
  ``<title>`` for the title; the first short element marked as the author's
  (``rel="author"``, an ``author`` or ``byline`` class, ``itemprop="author"``, outside
  comments and sidebars) for the author; ``<link rel="canonical">`` or the URL for the
  site name;
- the date: a full date in the URL (``/2019/11/18/``, the site's own calendar day) first,
  as htmldate does; then meta tags and JSON-LD; when they give none,
  :func:`htmldate.find_date` (the original publication date, searching the page's text).

Dates are ``YYYY-MM-DD``; authors are cleaned by :mod:`newsclean.extraction.page_authors`
and joined with ``"; "``, as trafilatura writes them; a one-word author from a meta tag or
the markup (``admin``) is taken for a handle and dropped.
Fields the page leaves empty are ``None`` or ``()``; HTML mode then takes them from the
text (:mod:`newsclean.extraction.metadata`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from html import unescape
from typing import Any

import regex
from lxml.html import HtmlElement

from newsclean.extraction.dates import parse_datetime
from newsclean.extraction.page_authors import author_names, authors_from_markup, fullest_names

# fmt: off
_TITLE_KEYS = (
    "og:title", "twitter:title", "title", "headline", "dc.title", "dcterms.title", "parsely-title",
    "sailthru.title", "citation_title",
)
_AUTHOR_KEYS = (
    "author", "article:author", "og:article:author", "authors", "byl", "dc.creator", "dc:creator",
    "dcterms.creator", "parsely-author", "sailthru.author", "citation_author", "creator",
)
_DATE_KEYS = (  # the first is read before JSON-LD, the others after it
    "article:published_time", "og:article:published_time", "og:published_time", "datepublished", "pubdate",
    "publishdate", "publish-date", "publish_date", "date_published", "publication_date", "parsely-pub-date",
    "sailthru.date", "article.published", "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date",
    "dcterms.created", "citation_publication_date", "date",
)
_SITE_KEYS = (
    "publisher", "dc.publisher", "dcterms.publisher", "article:publisher", "sailthru.publisher",
    "application-name", "twitter:site",
)
# fmt: on
_CATEGORY_KEYS = ("article:section",)
_TAG_KEYS = ("article:tag", "keywords", "parsely-tags", "tags", "citation_keywords", "dcterms.subject")

_ARTICLE_TYPE = regex.compile(r"(?i)(?:article|posting|report)$")
_ORGANISATION_TYPES = frozenset({"organization", "newsmediaorganization", "website"})
_TITLE_SEPARATOR = regex.compile(r"\s[–•·—|⁄*⋆~‹«<›»>:-]\s")
_LIST_SPLIT = regex.compile(r"[,;]")
_URL_DATE = regex.compile(
    r"(?<![0-9])(?P<year>(?:19|20)[0-9]{2})[/_-](?P<month>[01]?[0-9])[/_-](?P<day>[0-3]?[0-9])(?![0-9])"
)
_HOST = regex.compile(r"^https?://(?:www\.|w[0-9]+\.)?+(?P<host>[^/:?#\s]+)", regex.IGNORECASE)
_EARLIEST = date(1995, 1, 1)  # htmldate's lower bound: older "dates" are template defaults


@dataclass(frozen=True)
class PageMetadata:
    """What a page declares about its article; absent values are ``None`` or empty."""

    title: str | None = None
    author: str | None = None
    date: str | None = None
    site_name: str | None = None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


def read_page_metadata(tree: HtmlElement, url: str | None = None, *, find_date: bool = True) -> PageMetadata:
    """The metadata ``tree`` (a page parsed by lxml) declares; ``tree`` is not modified.

    ``url`` is the page's address (the canonical link's is used when it is ``None``):
    the site name falls back to its host. ``find_date`` asks htmldate for the date
    when meta tags and JSON-LD give none.

    >>> from lxml.html import document_fromstring
    >>> page = document_fromstring('''<html><head><title>Rain | Daily</title>
    ... <meta property="og:site_name" content="The Daily">
    ... <meta property="article:published_time" content="2024-03-05T09:30:00Z">
    ... <meta name="keywords" content="weather, rain">
    ... <script type="application/ld+json">{"@type": "NewsArticle", "headline": "Rain falls",
    ...  "author": [{"@type": "Person", "name": "Ann Lee"}, "Bo Chan"], "articleSection": "Local"}</script>
    ... </head><body><p>Text</p></body></html>''')
    >>> read_page_metadata(page)
    PageMetadata(title='Rain falls', author='Ann Lee; Bo Chan', date='2024-03-05', site_name='The Daily', categories=('Local',), tags=('weather', 'rain'))
    """
    head = tree.find("head")
    meta = _meta_values(head if head is not None else tree)
    ld = _LinkedData.read(tree)
    page_url = url or _canonical(head)

    title = _first(meta, _TITLE_KEYS) or ld.title or _title_from_structure(tree)
    meta_authors = [name for name in author_names(meta.get(key, ()) for key in _AUTHOR_KEYS) if " " in name]
    authors = list(dict.fromkeys(meta_authors + author_names([ld.authors]))) or authors_from_markup(tree)
    published = _url_date(page_url) or _first_date(meta.get(_DATE_KEYS[0], ())) or _first_date(ld.dates)
    published = published or _first_date(value for key in _DATE_KEYS[1:] for value in meta.get(key, ()))
    if published is None and find_date:
        published = _htmldate(tree, page_url)
    # og:site_name, or the article's publisher in JSON-LD if longer ("Wall Street Journal" over "WSJ")
    site_name = max(_plain([*meta.get("og:site_name", [])[:1], ld.publisher or ""]), key=len, default=None)
    site_name = site_name or next(
        iter(_plain(value for key in _SITE_KEYS for value in meta.get(key, ()))), None
    )
    site_name = site_name or ld.organisation or _site_from_title(head) or _host(page_url)
    categories = ld.sections or _unique(value for key in _CATEGORY_KEYS for value in meta.get(key, ()))
    tags = _split(value for key in _TAG_KEYS for value in meta.get(key, ()))
    tags = tags or _split(meta.get("news_keywords", ())) or _split(ld.keywords)
    return PageMetadata(
        title=title,
        author="; ".join(fullest_names(authors)) or None,
        date=published,
        site_name=_site_name(site_name),
        categories=_parts(categories),
        tags=_parts(tags),
    )


def _meta_values(root: HtmlElement) -> dict[str, list[str]]:
    """``<meta>`` contents by lower-cased ``property``, ``name`` or ``itemprop``, in page order."""
    values: dict[str, list[str]] = {}
    for element in root.iter("meta"):
        content = _text(element.get("content"))
        if not content:
            continue
        for attribute in ("property", "name", "itemprop"):
            for key in (element.get(attribute) or "").lower().split():  # itemprop="datePublished dateCreated"
                values.setdefault(key, []).append(content)
    return values


@dataclass
class _LinkedData:
    """The fields read from a page's JSON-LD blocks (the first article's, the first organisation's)."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    publisher: str | None = None
    organisation: str | None = None
    sections: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    seen_article: bool = False

    @classmethod
    def read(cls, tree: HtmlElement) -> _LinkedData:
        found = cls()
        for script in tree.iter("script"):
            if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
                continue
            try:
                data = json.loads(_unwrap(script.text), strict=False)
            except (ValueError, RecursionError):  # malformed JSON-LD is common: skip the block
                continue
            for node in _nodes(data):
                found._take(node)
        return found

    def _take(self, node: dict[str, Any]) -> None:
        types = {kind.lower() for kind in _as_list(node.get("@type")) if isinstance(kind, str)}
        if any(_ARTICLE_TYPE.search(kind) for kind in types):
            if self.seen_article:
                return
            self.seen_article = True
            headline = node.get("headline") or (node.get("name") if "article" in types else None)
            self.title = _text(headline)
            self.authors = tuple(_person_names(node.get("author")))
            self.dates = tuple(
                value for value in _as_list(node.get("datePublished")) if isinstance(value, str)
            )
            publisher = next(iter(_as_list(node.get("publisher"))), None)
            self.publisher = _text(publisher.get("name") if isinstance(publisher, dict) else publisher)
            self.sections = _unique(_strings(node.get("articleSection")))
            self.keywords = tuple(_strings(node.get("keywords")))
        elif types & _ORGANISATION_TYPES and self.organisation is None:
            self.organisation = _text(node.get("name"))


def _nodes(data: Any) -> Iterator[dict[str, Any]]:
    """The objects of a JSON-LD block: the top level and its ``@graph``."""
    for item in _as_list(data):
        if isinstance(item, dict):
            yield item
            for inner in _as_list(item.get("@graph")):
                if isinstance(inner, dict):
                    yield inner


def _person_names(value: Any) -> Iterator[str]:
    for author in _as_list(value):
        if isinstance(author, str):
            yield author
        elif isinstance(author, dict):
            kinds = [kind for kind in _as_list(author.get("@type")) if isinstance(kind, str)]
            if kinds and "Person" not in kinds:
                continue  # an organisation credited as author is not a byline
            name = author.get("name")
            if isinstance(name, dict):
                name = name.get("name")
            if name is None and isinstance(author.get("familyName"), str):
                name = " ".join(
                    str(author[part])
                    for part in ("givenName", "familyName")
                    if isinstance(author.get(part), str)
                )
            yield from (part for part in _as_list(name) if isinstance(part, str))


def _first_date(values: Iterable[Any]) -> str | None:
    latest = _latest()
    for value in values:
        if not isinstance(value, str):
            continue
        found = parse_datetime(value)
        if found is None:
            continue
        try:
            day = date.fromisoformat(found[:10])
        except ValueError:
            continue
        if _EARLIEST <= day <= latest:
            return day.isoformat()
    return None


def _url_date(url: str | None) -> str | None:
    """A full date in the page's address (``/2019/11/18/``), as htmldate reads it first."""
    found = _URL_DATE.search(url) if url else None
    if found is None:
        return None
    try:
        day = date(int(found["year"]), int(found["month"]), int(found["day"]))
    except ValueError:
        return None
    return day.isoformat() if _EARLIEST <= day <= _latest() else None


def _latest() -> date:
    return (datetime.now(timezone.utc) + timedelta(days=1)).date()


def _htmldate(tree: HtmlElement, url: str | None) -> str | None:
    from htmldate import find_date  # imported on first use, like trafilatura

    latest = datetime.now().astimezone().strftime("%Y-%m-%d")
    try:
        found = find_date(tree, url=url, original_date=True, extensive_search=True, max_date=latest)
    except Exception:  # a date is a nicety: a failure inside htmldate never costs the article
        return None
    return found if isinstance(found, str) else None


def _title_from_structure(tree: HtmlElement) -> str | None:
    """A lone ``<h1>``; else the ``<title>`` (its part before a separator when that has no dot); else the first ``<h1>``."""
    headings = tree.findall(".//h1")
    if len(headings) == 1 and (text := _element_text(headings[0])):
        return text
    element = tree.find(".//title")
    title = _element_text(element) if element is not None else None
    if title:
        for candidate in _title_parts(title):
            if "." not in candidate:
                return candidate
        if "." not in title or not headings:
            return title
    return next((text for heading in headings if (text := _element_text(heading))), None)


def _site_from_title(head: HtmlElement | None) -> str | None:
    """The part of ``<title>`` after (or before) a separator that looks like a domain."""
    element = head.find("title") if head is not None else None
    title = _element_text(element) if element is not None else None
    return next((part for part in _title_parts(title or "") if "." in part), None)


def _title_parts(title: str) -> tuple[str, ...]:
    """The parts of a title before and after its last separator (``Rain | Daily``), if it has one."""
    separators = list(_TITLE_SEPARATOR.finditer(title))
    if not separators:
        return ()
    last = separators[-1]
    return tuple(part for part in (title[: last.start()].strip(), title[last.end() :].strip()) if part)


def _canonical(head: HtmlElement | None) -> str | None:
    if head is None:
        return None
    for link in head.iter("link"):
        if (link.get("rel") or "").strip().lower() == "canonical" and link.get("href"):
            return str(link.get("href")).strip()
    return None


def _host(url: str | None) -> str | None:
    found = _HOST.match(url) if url else None
    return found["host"].lower() if found else None


def _site_name(name: str | None) -> str | None:
    if name is None:
        return None
    name = name.lstrip("@").strip()
    if name and "." not in name and not name[0].isupper():
        name = name.title()
    return name or None


def _first(meta: dict[str, list[str]], keys: tuple[str, ...]) -> str | None:
    return next((meta[key][0] for key in keys if key in meta), None)


def _plain(values: Iterable[str]) -> list[str]:
    """The values that are not links (``article:publisher`` is often a profile URL)."""
    return [value for value in values if value and not value.lower().startswith("http")]


def _split(values: Iterable[str]) -> tuple[str, ...]:
    parts = (_text(part.strip("\"'")) for value in values for part in _LIST_SPLIT.split(unescape(value)))
    return tuple(dict.fromkeys(part for part in parts if part))


def _parts(values: Iterable[str]) -> tuple[str, ...]:
    """Each value cut at commas and semicolons, parts stripped, each part once (a section
    declared as "Business, Markets" is two categories)."""
    return tuple(
        dict.fromkeys(p for value in values for part in _LIST_SPLIT.split(value) if (p := part.strip()))
    )


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(text for value in values if (text := _text(value))))


def _strings(value: Any) -> Iterator[str]:
    yield from (item for item in _as_list(value) if isinstance(item, str))


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _unwrap(script: str) -> str:
    """The JSON inside a script's text, without an HTML comment or CDATA wrapper."""
    text = script.strip()
    for opening, closing in (("<!--", "-->"), ("//<![CDATA[", "//]]>"), ("<![CDATA[", "]]>")):
        if text.startswith(opening) and text.endswith(closing):
            text = text[len(opening) : -len(closing)].strip()
    return text


def _element_text(element: HtmlElement) -> str | None:
    return _text(" ".join(element.itertext()))


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    if "&" in value:
        value = unescape(value)
    value = " ".join(value.split())
    return value or None
