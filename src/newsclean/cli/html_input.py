"""HTML input for ``newsclean clean --html``: whole HTML files, and JSONL records with an HTML field."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO, Any

from newsclean.errors import NewscleanError
from newsclean.extraction.html import clean_html_page
from newsclean.extraction.html_config import HtmlConfig
from newsclean.extraction.html_decode import decode_html
from newsclean.io.records import MAX_RECORD_BYTES, Record, finish_record, read_file_inputs


def read_html_inputs(
    paths: Iterable[str],
    stdin: IO[bytes],
    id_field: str,
    html_field: str,
    max_record_bytes: int = MAX_RECORD_BYTES,
) -> Iterator[Record]:
    """Whole HTML files (``-`` is standard input) as records ``{id_field: path, html_field: html}``.

    Bytes are decoded by :func:`~newsclean.extraction.html_decode.decode_html`; a file that
    cannot be read or decoded, or is larger than ``max_record_bytes``, becomes a record
    with an ``error``.
    """
    return read_file_inputs(paths, stdin, id_field, html_field, _decode_html, max_record_bytes)


def _decode_html(data: bytes, name: str) -> tuple[str, str | None]:
    try:
        return decode_html(data), None
    except NewscleanError as error:
        raise type(error)(f"{name}: {error}") from None


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
    out = dict(record.data)
    error = record.error
    if error is None:
        error = _clean_into(out, record.number, html_field, text_field, url_field, explain, config)
    return finish_record(record, out, error)


def _clean_into(
    out: dict[str, Any],
    number: int,
    html_field: str,
    text_field: str,
    url_field: str,
    explain: bool,
    config: HtmlConfig | None,
) -> str | None:
    html = out.get(html_field)
    if html is None:
        return f"line {number}: no '{html_field}' field; name the HTML field with --html-field"
    if not isinstance(html, str):
        return f"line {number}: field '{html_field}' is {type(html).__name__}, expected a string"
    url = out.get(url_field)
    try:
        page = clean_html_page(html, url if isinstance(url, str) else None, config)
    except NewscleanError as error:
        return f"line {number}: {error}"
    del out[html_field]
    out[text_field] = page.article.body
    for key, value in page.article.to_dict(explain=explain).items():
        if key != "body" and out.get(key) is None:
            out[key] = value
    if explain:
        out["extracted"] = page.extracted.text
    return None
