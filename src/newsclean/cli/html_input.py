"""HTML input for ``newsclean clean --html``: whole HTML files, and JSONL records with an HTML field."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial
from typing import IO, Any

from newsclean.errors import NewscleanError
from newsclean.extraction.html_config import HtmlConfig
from newsclean.extraction.html_decode import decode_html_page
from newsclean.extraction.html_limits import sanitize_page
from newsclean.io.records import (
    MAX_RECORD_BYTES,
    Record,
    field_problem,
    finish_record,
    get_field,
    keep_input_fields,
    read_file_inputs,
)


def read_html_inputs(
    paths: Iterable[str],
    stdin: IO[bytes],
    id_field: str,
    html_field: str,
    max_record_bytes: int = MAX_RECORD_BYTES,
    charset: str | None = None,
) -> Iterator[Record]:
    """Whole HTML files (``-`` is standard input) as records ``{id_field: path, html_field: html}``.

    Bytes are decoded by :func:`~newsclean.extraction.html_decode.decode_html` (``charset``
    as the declared charset, when given); a file that cannot be read or decoded, or is
    larger than ``max_record_bytes``, becomes a record with an ``error``; a guessed
    encoding or characters the parser cannot read give it a warning.
    """
    return read_file_inputs(
        paths, stdin, id_field, html_field, partial(_decode_html, charset=charset), max_record_bytes
    )


def _decode_html(data: bytes, name: str, charset: str | None = None) -> tuple[str, str | None]:
    try:
        decoded = decode_html_page(data, charset)
    except NewscleanError as error:
        raise type(error)(f"{name}: {error}") from None
    page, replaced = sanitize_page(decoded.text)
    warnings = [w for w in (decoded.warning, _replaced(replaced)) if w]
    return page, "; ".join(f"{name}: {w}" for w in warnings) or None


def _replaced(count: int) -> str | None:
    if not count:
        return None
    return f"{count} lone surrogate or NUL character(s) in the HTML read as U+FFFD"


def clean_html_record(
    record: Record,
    html_field: str = "html",
    text_field: str = "text",
    url_field: str = "url",
    explain: bool = False,
    config: HtmlConfig | None = None,
) -> tuple[dict[str, Any], str | None]:
    """The output object for one JSONL record holding a page's HTML, and its error, if any.

    On success the HTML field is dropped, the body is written to ``text_field`` and the
    metadata is added (an input field of the same name wins); with ``explain`` the
    removals are added too, with the extracted text they refer to (``extracted``). The
    record's ``url_field``, if it is a string, is passed to the extractor. On failure
    the input fields are kept untouched and an ``error`` field is added.

    >>> page = "<html><body><article><p>" + "Rain fell on the plain all day long. " * 8 + "</p></article></body></html>"
    >>> out, error = clean_html_record(Record(1, "<stdin>", {"id": 7, "html": page}))
    >>> error is None, out["id"], "html" in out, out["text"][:22]
    (True, 7, False, 'Rain fell on the plain')
    """
    out = keep_input_fields(record.data)
    error = record.error
    if error is None:
        error = _clean_into(out, record, html_field, text_field, url_field, explain, config)
    return finish_record(record, out, error)


def _clean_into(
    out: dict[str, Any],
    record: Record,
    html_field: str,
    text_field: str,
    url_field: str,
    explain: bool,
    config: HtmlConfig | None,
) -> str | None:
    where = record.position
    html = get_field(out, html_field)
    problem = field_problem(html, html_field, "name the HTML field with --html-field")
    if problem is not None:
        return f"{where}: {problem}"
    html, replaced = sanitize_page(html)
    warning = _replaced(replaced)
    if warning:
        record.warnings.append(f"{where}: {warning}")
    url = out.get(url_field)
    from newsclean.extraction.html import clean_html_page  # lxml loads with the first page, not the CLI

    try:
        page = clean_html_page(html, url if isinstance(url, str) else None, config)
    except NewscleanError as error:
        return f"{where}: {error}"
    del out[html_field]
    out[text_field] = page.article.body
    page.article.add_fields(out, explain)
    if explain:
        out["extracted"] = page.extracted.text
    return None
