"""HTML input for ``newsclean clean --html``: whole HTML files, and JSONL records with an HTML field."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from newsclean.errors import NewscleanError
from newsclean.extraction.html import clean_html_page
from newsclean.extraction.html_config import HtmlConfig
from newsclean.extraction.html_decode import decode_html
from newsclean.io.records import MAX_RECORD_BYTES, Record


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
    for number, path in enumerate(paths, start=1):
        name = "<stdin>" if path == "-" else path
        try:
            if path == "-":
                data = stdin.read(max_record_bytes + 1)
            else:
                with open(Path(path), "rb") as stream:
                    data = stream.read(max_record_bytes + 1)
        except OSError as error:
            yield Record(
                number, name, {id_field: name}, error=f"{name}: cannot read: {error.strerror or error}"
            )
            continue
        if len(data) > max_record_bytes:
            message = f"{name}: larger than {max_record_bytes} bytes; skipped (raise the limit with --max-record-bytes)"
            yield Record(number, name, {id_field: name}, error=message)
            continue
        try:
            html = decode_html(data)
        except NewscleanError as error:
            yield Record(number, name, {id_field: name}, error=f"{name}: {error}")
            continue
        yield Record(number, name, {id_field: name, html_field: html})


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
    if error is not None:
        out["error"] = error
        if record.raw is not None:
            out["raw"] = record.raw
    if record.warnings:
        out["warnings"] = list(record.warnings)
    return out, error


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
