"""A parsed page read for the block model: its blocks, their features, and trafilatura's verdict.

:func:`read_block_page` asks trafilatura once for the page's main text (comments left out),
cuts the page into blocks (:func:`~newsclean.extraction.blocks.segment`) and computes their
features (:func:`~newsclean.extraction.block_features.block_matrix`). HTML mode judges the
result with the shipped model; the training command fits the model on the same reading of
the training pages, so that what is fitted is what runs.

>>> import lxml.html
>>> page = lxml.html.fromstring("<html><body><ul><li><a href='/'>Home</a></li></ul><article><p>"
...     + "Rain fell all day on the plain. " * 12 + "</p></article></body></html>")
>>> read = read_block_page(page, None, None)
>>> [b.owner for b in read.blocks], read.x.shape[0], read.extracted[:30]
(['li', 'p'], 2, 'Rain fell all day on the plain')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from lxml.html import HtmlElement

from newsclean.errors import ExtractionError
from newsclean.extraction.block_features import block_matrix, tokens_of
from newsclean.extraction.blocks import TextBlock, segment
from newsclean.stoplists import detect_language, stoplist

#: Words of the page read to guess its language (for the function-word feature).
LANGUAGE_WORDS = 3_000


@dataclass(frozen=True, eq=False)
class BlockPage:
    """A page's blocks and what the model reads of them."""

    blocks: list[TextBlock]
    tokens: list[list[str]]
    """Each block's lowercase tokens."""
    x: np.ndarray
    """The feature rows, one per block."""
    extracted: str
    """trafilatura's main text of the page (comments left out)."""


def bare_extraction(page: str | HtmlElement, url: str | None, **options: Any) -> Any:
    """trafilatura's ``bare_extraction`` of ``page`` (its document, or ``None``), its metadata pass
    skipped. An exception inside trafilatura (or the libraries it calls) becomes an
    :class:`~newsclean.errors.ExtractionError` chained to it."""
    import trafilatura  # imported on first use: text mode and the CLI start without it

    try:
        return trafilatura.bare_extraction(page, url=url, with_metadata=False, **options)
    except Exception as error:  # the boundary with an untyped third-party library: report, never hide
        raise ExtractionError(
            f"trafilatura failed on this page ({type(error).__name__}: {str(error) or 'no message'}); "
            "skip the page, and report the page to trafilatura if it is a real article"
        ) from error


def trafilatura_reading(tree: HtmlElement, url: str | None, include_tables: bool) -> str:
    """trafilatura's main text of a parsed page, comments left out (``include_comments=False``: it
    then prunes comment sections before it looks for the article); the tree is not modified. An
    exception inside trafilatura becomes an :class:`~newsclean.errors.ExtractionError`."""
    document = bare_extraction(tree, url, include_comments=False, include_tables=include_tables)
    return "" if document is None else str(document.text or "")


def read_block_page(
    tree: HtmlElement, url: str | None, title: str | None, include_tables: bool = True
) -> BlockPage:
    """Read a parsed page (:func:`~newsclean.extraction.html.parse_html`) for the block model;
    ``title`` is the page's declared title, if known."""
    extracted = trafilatura_reading(tree, url, include_tables)
    blocks = segment(tree)
    tokens = [tokens_of(b.text) for b in blocks]
    words: list[str] = []
    for some in tokens:
        words.extend(some)
        if len(words) >= LANGUAGE_WORDS:
            break
    language = detect_language(words)
    function_words = stoplist(language) if language else frozenset()
    x = block_matrix(blocks, extracted, function_words, title, tokens)
    return BlockPage(blocks, tokens, x, extracted)
