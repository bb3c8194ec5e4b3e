"""HTML mode: a fitted block model picks the page's article blocks, newsclean's filters clean them.

:func:`clean_html` takes a page (``str``, or ``bytes`` decoded by
:func:`~newsclean.extraction.html_decode.decode_html`) and parses it once; reads the
metadata the page declares from that tree
(:func:`~newsclean.extraction.page_metadata.read_page_metadata`); cuts the page's visible
text into blocks and judges each with the block model, which reads trafilatura's verdict
beside the DOM's evidence (:mod:`newsclean.extraction.block_model`); then runs the
HTML-mode filter set (see :mod:`newsclean.extraction.html_config`) over the kept blocks.
The result is an :class:`~newsclean.article.Article`, as in text mode, whose removals
(the model's, reason ``page_block``, and the filters') refer to the page's blocks, one a
line (:attr:`HtmlArticle.extracted`). With ``HtmlConfig(block_model=False)`` the filters
run on trafilatura's main text instead (without comments, one line per paragraph, list
item or table row), and the removals refer to its lines.

Metadata comes from the page where it declares it (title, author, date, site name,
categories, tags) and from the text otherwise (byline, agency, dateline, section,
and any field the page leaves empty).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from newsclean.article import Article, Metadata, Removal
from newsclean.deadline import TimeLimitExceeded, time_limit
from newsclean.document import Document
from newsclean.errors import EmptyDocumentError, ExtractionError, PageLimitError
from newsclean.extraction.block_model import BlockVerdicts, judge_blocks, load_block_model
from newsclean.extraction.block_page import bare_extraction, read_block_page
from newsclean.extraction.html_config import HtmlConfig
from newsclean.extraction.html_decode import decode_html
from newsclean.extraction.html_limits import check_page, sanitize_page
from newsclean.extraction.page_metadata import PageMetadata, read_page_metadata
from newsclean.pipeline import Pipeline

#: libxml2 stops reading a page nested deeper than 256 elements (2,048 with its "huge" option) and
#: drops the rest: a tree reaching this depth was cut short, and is parsed again with the option.
_CUT_DEPTH = 250
_HUGE_DEPTH = 2040
_REACHES_CUT = etree.XPath("boolean(" + "/*" * _CUT_DEPTH + ")")
_REACHES_HUGE = etree.XPath("boolean(" + "/*" * _HUGE_DEPTH + ")")
_COUNT_ATTRIBUTES = etree.XPath("count(//@*)")
#: trafilatura's parser options, and libxml2's "huge" option for deep trees.
_DEEP_PARSER = lxml.html.HTMLParser(
    collect_ids=False,
    default_doctype=False,
    encoding="utf-8",
    remove_comments=True,
    remove_pis=True,
    huge_tree=True,
)

_WHAT_NEXT = (
    "check that it is an article page and not a script-rendered shell, a listing or an error page; "
    "if you have its visible text, clean that with newsclean.clean(text)"
)


@dataclass(frozen=True)
class Extracted:
    """What was extracted from a page: trafilatura's main text and the metadata the page declares."""

    text: str
    declared: PageMetadata = field(default_factory=PageMetadata)


@dataclass(frozen=True)
class HtmlArticle:
    """An article cleaned from HTML, with the extracted text its removals refer to."""

    article: Article
    extracted: Extracted
    precise: bool
    """Whether the precision-favouring extraction was kept (``False``: the fallback was, or the
    block model ran: it reads trafilatura's default extraction)."""
    blocks: BlockVerdicts | None = None
    """The block model's verdicts on the page's blocks, one per line of :attr:`extracted`
    (``None`` when :attr:`HtmlConfig.block_model <newsclean.extraction.html_config.HtmlConfig.block_model>` is off)."""


def parse_html(page: str) -> HtmlElement | None:
    """``page`` parsed by trafilatura's loader, or ``None`` when it is not HTML.

    HTML mode parses a page once: the metadata is read from this tree, and trafilatura
    extracts the text from (a copy of) it. A page nested deeper than libxml2 reads by
    default (256 elements) is parsed again with its option for deep trees; one nested
    deeper than that reads at all (2,048) raises :class:`~newsclean.errors.PageLimitError`.
    An exception inside the parser becomes an :class:`~newsclean.errors.ExtractionError`
    chained to it.

    >>> parse_html("<html><body><p>Rain fell.</p><p>Then it stopped.</p></body></html>").tag
    'html'
    """
    import trafilatura  # imported on first use: text mode and the CLI start without it

    try:
        tree: HtmlElement | None = trafilatura.load_html(page)
        if tree is not None and _REACHES_CUT(tree.getroottree()):
            tree = _parse_deep(page)
    except PageLimitError:
        raise
    except Exception as error:  # the boundary with an untyped third-party library: report, never hide
        raise ExtractionError(
            f"the page could not be parsed ({type(error).__name__}: {str(error) or 'no message'}); "
            "skip the page, or pass its visible text to newsclean.clean(text)"
        ) from error
    return tree


def _parse_deep(page: str) -> HtmlElement:
    try:
        tree: HtmlElement = lxml.html.fromstring(page, parser=_DEEP_PARSER)
    except ValueError:  # a str with an encoding declaration: lxml wants bytes
        tree = lxml.html.fromstring(page.encode("utf-8"), parser=_DEEP_PARSER)
    if _REACHES_HUGE(tree.getroottree()):
        raise PageLimitError(
            f"the page nests elements more than {_HUGE_DEPTH:,} deep, past what the HTML parser reads "
            "(the rest of the page would be lost): it is not an article page; skip it"
        )
    return tree


def extract_main_text(
    page: str | HtmlElement,
    url: str | None = None,
    *,
    precise: bool = True,
    config: HtmlConfig | None = None,
) -> str | None:
    """The main text of ``page`` (HTML, or a tree from :func:`parse_html`) according to trafilatura.

    Comments are never included; ``precise`` asks trafilatura to favour precision.
    trafilatura's own metadata pass is not run (:func:`read_page_metadata` reads the
    page's metadata), and a tree passed in is not modified (trafilatura works on a copy).
    ``None`` when trafilatura finds no text. An exception inside trafilatura (or the
    libraries it calls) becomes an :class:`~newsclean.errors.ExtractionError` chained to it.

    >>> page = "<html><body><article><p>" + "Rain fell all day. " * 20
    >>> extract_main_text(page + "</p></article></body></html>")[:37]
    'Rain fell all day. Rain fell all day.'
    """
    config = config or HtmlConfig()
    document = bare_extraction(
        page, url, include_comments=False, favor_precision=precise, include_tables=config.include_tables
    )
    if document is None or not (document.text or "").strip():
        return None
    return str(document.text)


def clean_html_page(
    html: str | bytes,
    url: str | None = None,
    config: HtmlConfig | None = None,
    charset: str | None = None,
) -> HtmlArticle:
    """Like :func:`clean_html`, and also return the extracted text the removals refer to."""
    config = config or HtmlConfig()
    if isinstance(html, bytes | bytearray):
        page = decode_html(bytes(html), charset)
    elif isinstance(html, str):
        page = html
    else:
        raise TypeError(f"clean_html() takes str or bytes, got {type(html).__name__}")
    page, _ = sanitize_page(page)
    if not page.strip():
        raise EmptyDocumentError("the HTML is empty: pass the source of a web page")
    check_page(page, config.max_html_chars, config.max_elements, config.max_attributes)
    try:
        with time_limit(config.time_limit):
            return _clean_page(page, url, config)
    except TimeLimitExceeded:
        raise PageLimitError(
            f"cleaning this page took more CPU time than HtmlConfig.time_limit ({config.time_limit} s): "
            "skip it, or raise the limit"
        ) from None


def _clean_page(page: str, url: str | None, config: HtmlConfig) -> HtmlArticle:
    tree = parse_html(page)
    if tree is None:
        raise ExtractionError(
            f"found no article text in this page: it does not parse as HTML ({len(page)} characters): {_WHAT_NEXT}"
        )
    # an attribute takes two characters at least: only a long page can have too many
    if len(page) > 2 * config.max_page_attributes:
        attributes = int(_COUNT_ATTRIBUTES(tree.getroottree()))
        if attributes > config.max_page_attributes:
            raise PageLimitError(
                f"the page has {attributes:,} HTML attributes, more than HtmlConfig.max_page_attributes "
                f"({config.max_page_attributes:,}): it is not an article page; skip it, or raise the limit"
            )
    declared = read_page_metadata(tree, url) if config.page_metadata else PageMetadata()
    if config.block_model:
        best = _judge_blocks(tree, url, declared, config)
    else:
        best = _extract_and_clean(tree, url, declared, config)
    if best is None:
        raise ExtractionError(
            f"trafilatura found no article text in this page ({len(page)} characters of HTML): {_WHAT_NEXT}"
        )
    return _checked(best, config)


def _judge_blocks(
    tree: HtmlElement, url: str | None, declared: PageMetadata, config: HtmlConfig
) -> HtmlArticle | None:
    """The page's blocks, one a line, cleaned after the block model's verdicts (``None``: no text)."""
    read = read_block_page(tree, url, declared.title, config.include_tables)
    if not read.blocks:
        return None
    verdicts = judge_blocks(load_block_model(config.block_model_path), read.x)
    # a list item is written as trafilatura writes it ("- item"), which the filters read
    texts = [f"- {b.text}" if b.owner == "li" else b.text for b in read.blocks]
    kept = verdicts.kept
    # the filters read the kept blocks alone, as they read trafilatura's text; their removals are
    # then put back in the page's block numbers, beside the block model's
    if kept:
        article = _clean(Extracted("\n".join(texts[i] for i in kept), declared), config)
    else:  # the model kept nothing: no text for the filters, and the page fails in _checked
        article = Article("", (), merge_metadata(Extracted("", declared), Metadata()), ())
    return HtmlArticle(
        _in_block_lines(article, kept, texts, verdicts),
        Extracted("\n".join(texts), declared),
        False,
        verdicts,
    )


def _in_block_lines(article: Article, kept: list[int], texts: list[str], verdicts: BlockVerdicts) -> Article:
    """``article`` (cleaned from the ``kept`` blocks, one a line) with its line numbers those of the
    page's blocks, and a removal for each run of blocks the model dropped for one reason and rule."""
    removals = []
    for run, (reason, rule) in _runs([(i, (reason, rule)) for i, reason, rule in verdicts.dropped]):
        removals.append(
            Removal("page_blocks", reason, rule, run[0], run[-1] + 1, "\n".join(texts[i] for i in run))
        )
    for removal in article.removals:
        lines = [(kept[j], None) for j in range(removal.start, min(removal.end, len(kept)))]
        for run, _ in _runs(lines):
            text = "\n".join(texts[i] for i in run)
            removals.append(dataclasses.replace(removal, start=run[0], end=run[-1] + 1, text=text))
    removals.sort(key=lambda r: r.start)
    return dataclasses.replace(
        article, removals=tuple(removals), paragraph_lines=tuple(kept[j] for j in article.paragraph_lines)
    )


def _runs(items: list[tuple[int, Any]]) -> list[tuple[list[int], Any]]:
    """Runs of consecutive line numbers that carry the same value.

    >>> _runs([(1, "a"), (2, "a"), (4, "a"), (5, "b")])
    [([1, 2], 'a'), ([4], 'a'), ([5], 'b')]
    """
    runs: list[tuple[list[int], Any]] = []
    for line, value in items:
        if runs and runs[-1][0][-1] == line - 1 and runs[-1][1] == value:
            runs[-1][0].append(line)
        else:
            runs.append(([line], value))
    return runs


def _extract_and_clean(
    tree: HtmlElement, url: str | None, declared: PageMetadata, config: HtmlConfig
) -> HtmlArticle | None:
    """trafilatura's main text, cleaned by the HTML-mode filters (``None``: no text)."""
    best: HtmlArticle | None = None
    text = extract_main_text(tree, url, precise=config.favor_precision, config=config)
    if text is not None:
        primary = Extracted(text, declared)
        best = HtmlArticle(_clean(primary, config), primary, config.favor_precision)
    if config.favor_precision and (best is None or len(best.article.body) < config.fallback_min_chars):
        text = extract_main_text(tree, url, precise=False, config=config)
        if text is not None:
            secondary = Extracted(text, declared)
            candidate = HtmlArticle(_clean(secondary, config), secondary, False)
            if best is None or len(candidate.article.body) > len(best.article.body):
                best = candidate
    return best


def _checked(best: HtmlArticle, config: HtmlConfig) -> HtmlArticle:
    """``best``, unless its body is empty or too short to be an article (:class:`ExtractionError`)."""
    if not best.article.body:
        reasons = sorted({r.reason.value for r in best.article.removals})
        raise ExtractionError(
            "everything extracted from this page was boilerplate "
            f"({', '.join(reasons)}): the page holds no article body; inspect "
            "clean_html_page(...).extracted, or disable filters with HtmlConfig(disabled=...)"
        )
    words = 0
    for paragraph in best.article.paragraphs:  # counted until there are enough
        words += sum(Document.from_text(paragraph).word_counts)
        if words >= config.min_body_words:
            break
    if words < config.min_body_words:
        raise ExtractionError(
            f"trafilatura found no article text in this page, only {words} word(s) "
            f"(HtmlConfig.min_body_words is {config.min_body_words}): {_WHAT_NEXT}"
        )
    return best


def clean_html(
    html: str | bytes, url: str | None = None, config: HtmlConfig | None = None, charset: str | None = None
) -> Article:
    """Clean a news page given as HTML: its article body, metadata and every removal.

    ``html`` is the page's source; bytes are decoded by the rule of
    :func:`~newsclean.extraction.html_decode.decode_html`, with ``charset`` as the declared
    charset (an HTTP ``Content-Type`` header's, say) when given. Lone surrogates and NUL
    characters are read as U+FFFD. ``url`` is the page's address
    (the site name falls back to its host; dates in it count). Raises :class:`~newsclean.errors.ExtractionError` when no article
    text can be extracted (:class:`~newsclean.errors.PageLimitError`, one of its kinds, when the page
    goes past one of :class:`~newsclean.extraction.html_config.HtmlConfig`'s limits),
    :class:`~newsclean.errors.EmptyDocumentError` for an empty page.

    >>> page = '''<html><head><title>Rain falls on the plain</title></head><body>
    ... <nav><a href="/">Home</a> <a href="/world">World</a></nav><article>
    ... <h1>Rain falls on the plain</h1>
    ... <p>The rain fell all day on the plain, and the farmers were glad of it after the long summer.</p>
    ... <p>Rivers rose by a metre, the weather office said on Tuesday, and more rain is expected.</p>
    ... <p>Sign up for our newsletter to get the weather in your inbox every morning.</p>
    ... </article></body></html>'''
    >>> article = clean_html(page)
    >>> print(article.body)
    The rain fell all day on the plain, and the farmers were glad of it after the long summer.
    <BLANKLINE>
    Rivers rose by a metre, the weather office said on Tuesday, and more rain is expected.
    >>> article.metadata.title
    'Rain falls on the plain'
    >>> [(r.reason.value, r.text) for r in article.removals]
    [('page_block', 'Home World'), ('headline', 'Rain falls on the plain'), ('newsletter', 'Sign up for our newsletter to get the weather in your inbox every morning.')]
    """
    return clean_html_page(html, url, config, charset).article


def _clean(extracted: Extracted, config: HtmlConfig) -> Article:
    article = Pipeline(config.filters(extracted.declared.title), config.pattern_timeout).clean(extracted.text)
    return dataclasses.replace(article, metadata=merge_metadata(extracted, article.metadata))


def merge_metadata(extracted: Extracted, from_text: Metadata) -> Metadata:
    """The page's metadata where it has a value, what the text says otherwise.

    >>> page = Extracted("", PageMetadata(title="T", site_name="S"))
    >>> merged = merge_metadata(page, Metadata(title="x", byline="B"))
    >>> merged.title, merged.byline, merged.site_name
    ('T', 'B', 'S')
    """
    declared = extracted.declared
    return dataclasses.replace(
        from_text,
        title=declared.title or from_text.title,
        byline=declared.author or from_text.byline,
        published=declared.date or from_text.published,
        site_name=declared.site_name or from_text.site_name,
        categories=declared.categories or from_text.categories,
        tags=declared.tags or from_text.tags,
    )
