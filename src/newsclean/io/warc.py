"""WARC archives: read the HTML pages a crawl holds, record by record, in constant memory.

:func:`read_warc` streams a WARC file (plain, or gzipped record by record as crawls
write them) with `FastWARC <https://resiliparse.chatnoir.eu/>`_ and yields one
:class:`WarcPage` per ``response`` record whose payload is HTML: its ``WARC-Record-ID``,
``WARC-Target-URI``, ``WARC-Date``, HTTP status and decoded HTML. The HTTP header's
charset decodes the page when the page declares none (a page's own declaration wins).
Other records (requests, metadata, ``warcinfo``, revisits, images, PDFs and other
payloads, redirects) are skipped and counted in :attr:`WarcArchive.skipped`.

A damaged record (a header that is not WARC, a cut-off payload, a broken gzip member)
comes out as a :class:`~newsclean.parallel.Failure` in its place, and reading goes on at
the next record the archive holds; a cut-off archive ends with one. Nothing after the
damage is lost.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import regex

from newsclean.errors import MissingDependencyError, NewscleanError
from newsclean.failure import Failure
from newsclean.pattern_cache import cached_compile

#: How a plain WARC file starts, and how gzip data starts.
_WARC_START = b"WARC/1."
_GZIP_START = b"\x1f\x8b\x08"
#: How many bytes :func:`is_warc` needs to see.
SNIFF_BYTES = 1024
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
#: The start of an HTML payload served without a Content-Type (compiled on first use: a run that
#: only asks whether its input is a WARC archive never needs it).
_LOOKS_HTML = rb"\A\s*+(?:<!--.*?-->\s*+)*+<(?:!doctype\s++html|html|head|body)\b"


@lru_cache(maxsize=1)
def _looks_html() -> regex.Pattern[bytes]:
    return regex.compile(_LOOKS_HTML, regex.I)


#: Where to look again after damage: a record's first line (plain), a gzip member (gzipped).
_PLAIN_RESYNC = b"\nWARC/1."
_SCAN_CHUNK = 1024 * 1024


def is_warc(head: bytes) -> bool:
    """Whether ``head``, the first bytes of a file (:data:`SNIFF_BYTES` are enough), is a WARC archive,
    plain or gzipped.

    >>> import gzip
    >>> is_warc(b"WARC/1.1\\r\\nWARC-Type: warcinfo\\r\\n"), is_warc(gzip.compress(b"WARC/1.0\\r\\n"))
    (True, True)
    >>> is_warc(b"<html><body>WARC/1.0</body></html>"), is_warc(gzip.compress(b"<html>"))
    (False, False)
    """
    if head.startswith(_WARC_START):
        return True
    return head.startswith(_GZIP_START) and _gunzip_head(head).startswith(_WARC_START)


def _gunzip_head(data: bytes) -> bytes:
    try:
        return zlib.decompressobj(31).decompress(data, 16)
    except zlib.error:
        return b""


@dataclass(frozen=True)
class WarcPage:
    """One HTML ``response`` record of a WARC archive.

    ``offset`` is where the record starts in the file (in the compressed file, for a
    gzipped archive); ``warnings`` say what decoding had to guess.
    """

    id: str
    url: str | None
    warc_date: str | None
    http_status: int | None
    html: str
    offset: int
    charset: str | None = None
    warnings: tuple[str, ...] = ()

    def fields(self) -> dict[str, Any]:
        """The record's fields as the command line writes them (the HTML left out).

        >>> WarcPage("<urn:uuid:1>", "https://example.com/a", "2024-05-01T10:00:00Z", 200, "<p>", 0).fields()
        {'id': '<urn:uuid:1>', 'url': 'https://example.com/a', 'warc_date': '2024-05-01T10:00:00Z', 'http_status': 200}
        """
        return {"id": self.id, "url": self.url, "warc_date": self.warc_date, "http_status": self.http_status}


@dataclass
class WarcArchive:
    """A WARC file to read: iterate it for its HTML pages (and failures), in archive order.

    After (or during) the iteration, :attr:`skipped` counts the records that are not HTML
    pages, by kind, and :attr:`pages` the pages yielded.
    """

    path: str | Path
    stream: IO[bytes] | None = None
    """An open binary stream to read instead of opening ``path`` (it must be seekable)."""
    skipped: Counter[str] = field(default_factory=Counter)
    pages: int = 0
    failures: int = 0

    def __iter__(self) -> Iterator[WarcPage | Failure]:
        ArchiveIterator = _fastwarc()
        if self.stream is not None:
            yield from self._read(self.stream, ArchiveIterator)
            return
        with open(self.path, "rb") as stream:
            yield from self._read(stream, ArchiveIterator)

    def summary(self) -> str:
        """One line on what the archive held.

        >>> archive = WarcArchive("crawl.warc.gz", pages=2, skipped=Counter({"request": 2, "image/jpeg": 1}))
        >>> archive.summary()
        'crawl.warc.gz: 2 HTML pages; 3 other records skipped (2 request, 1 image/jpeg)'
        """
        line = f"{self.path}: {self.pages:,} HTML page{'s' * (self.pages != 1)}"
        if self.failures:
            line += f", {self.failures:,} damaged record{'s' * (self.failures != 1)}"
        total = sum(self.skipped.values())
        if total:
            kinds = ", ".join(f"{count:,} {kind}" for kind, count in self.skipped.most_common())
            line += f"; {total:,} other record{'s' * (total != 1)} skipped ({kinds})"
        return line

    def _read(self, stream: IO[bytes], archive_iterator: Any) -> Iterator[WarcPage | Failure]:
        stream.seek(0)
        gzipped = stream.read(len(_GZIP_START)) == _GZIP_START
        start = 0  # where the current pass began reading
        index = 0
        while True:
            stream.seek(start)
            last = -1  # the offset of the last record read in this pass
            last_failed = False  # whether that record was reported damaged
            problem: str | None = None
            try:
                for record in archive_iterator(stream, parse_http=False):
                    last = record.stream_pos  # where the record starts in the file
                    item = self._page(record, last, index)
                    last_failed = isinstance(item, Failure)
                    if item is not None:
                        index += 1
                        yield item
            except (OSError, ValueError) as error:
                problem = str(error) or type(error).__name__
            # Look for a record after the last one read: after damage, or after an end that came early.
            resume = _next_record(stream, max(last, start) + 1, gzipped)
            if resume is None:
                if problem is None and not last_failed:
                    problem = _cut_off(stream, last, start, gzipped)
                if problem is not None:
                    yield self._failure(index, max(last, start), f"{problem}; nothing after it could be read")
                return
            if problem is None:
                problem = "the archive stops being readable here"
            if last >= 0 or start == 0:
                yield self._failure(index, max(last, start), f"{problem}; reading goes on at byte {resume:,}")
                index += 1
            start = resume

    def _failure(self, index: int, offset: int, message: str) -> Failure:
        self.failures += 1
        return Failure(
            index,
            "WarcRecordError",
            f"{self.path}: damaged data after the record at byte {offset:,}: {message}",
        )

    def _page(self, record: Any, offset: int, index: int) -> WarcPage | Failure | None:
        where = f"{self.path}: record at byte {offset:,}"
        block: bytes = record.reader.read()
        declared = record.headers.get("Content-Length")
        if declared is None or not declared.strip().isdigit():
            self.failures += 1
            return Failure(
                index, "WarcRecordError", f"{where}: no valid Content-Length; the record is skipped"
            )
        if len(block) < int(declared):
            self.failures += 1
            return Failure(
                index,
                "WarcRecordError",
                f"{where}: cut short ({len(block):,} of {int(declared):,} bytes); the record is skipped",
            )
        kind = str(record.record_type)
        if kind != "response":
            self.skipped[kind] += 1
            return None
        status, headers, payload = _split_http(block)
        content_type = headers.get("content-type", "")
        mime = content_type.split(";", 1)[0].strip().lower()
        if status is not None and 300 <= status < 400:
            self.skipped["redirect"] += 1
            return None
        if mime not in _HTML_TYPES and not (not mime and _looks_html().match(payload[:4096])):
            self.skipped[mime or "response without a type"] += 1
            return None
        record_id = record.headers.get("WARC-Record-ID") or f"{self.path}@{offset}"
        charset = _charset(content_type)
        try:
            from newsclean.extraction.html_decode import declares_charset, decode_html_page

            decoded = decode_html_page(payload, None if declares_charset(payload) else charset)
        except NewscleanError as error:
            self.failures += 1
            return Failure(index, type(error).__name__, f"{where} ({record_id}): {error}")
        warnings = (f"{where}: {decoded.warning}",) if decoded.warning else ()
        self.pages += 1
        return WarcPage(
            id=record_id,
            url=record.headers.get("WARC-Target-URI"),
            warc_date=record.headers.get("WARC-Date"),
            http_status=status,
            html=decoded.text,
            offset=offset,
            charset=decoded.encoding,
            warnings=warnings,
        )


def read_warc(path: str | Path, stream: IO[bytes] | None = None) -> WarcArchive:
    """The HTML pages of the WARC archive at ``path``, as :class:`WarcPage` objects (a damaged
    record as a :class:`~newsclean.parallel.Failure` in its place), read lazily.

    The result can be passed to :func:`~newsclean.clean_many` as it is: each page is cleaned
    as HTML with its URL, each failure passes through. Its :attr:`WarcArchive.skipped` counts
    the records that are not HTML pages.

    >>> import io
    >>> http = b"HTTP/1.1 200 OK\\r\\nContent-Type: text/html; charset=utf-8\\r\\n\\r\\n<p>Hi</p>"
    >>> head = b"WARC/1.0\\r\\nWARC-Type: response\\r\\nWARC-Record-ID: <urn:uuid:1>\\r\\n"
    >>> head += b"WARC-Target-URI: https://example.com/a\\r\\nContent-Length: %d\\r\\n\\r\\n" % len(http)
    >>> [page.fields() for page in read_warc("a.warc", io.BytesIO(head + http + b"\\r\\n\\r\\n"))]
    [{'id': '<urn:uuid:1>', 'url': 'https://example.com/a', 'warc_date': None, 'http_status': 200}]
    """
    return WarcArchive(path, stream)


def _fastwarc() -> Any:
    try:
        from fastwarc.warc import ArchiveIterator
    except ImportError:
        raise MissingDependencyError(
            "reading WARC archives needs fastwarc, which newsclean depends on: pip install fastwarc"
        ) from None
    return ArchiveIterator


def _split_http(block: bytes) -> tuple[int | None, dict[str, str], bytes]:
    """An HTTP response block as its status, headers (lower-case names) and payload.

    >>> _split_http(b"HTTP/1.1 404 Not Found\\r\\nContent-Type: text/html\\r\\n\\r\\n<p>gone</p>")
    (404, {'content-type': 'text/html'}, b'<p>gone</p>')
    """
    end, skip = block.find(b"\r\n\r\n"), 4
    bare = block.find(b"\n\n")  # a head ended by bare line feeds: the first blank line of either kind ends it
    if bare >= 0 and (end < 0 or bare < end):
        end, skip = bare, 2
    if end < 0 or not block.startswith(b"HTTP/"):
        return None, {}, block
    lines = block[:end].decode("latin-1").splitlines()
    parts = lines[0].split(None, 2)
    status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        if colon:
            headers.setdefault(name.strip().lower(), value.strip())
    return status, headers, block[end + skip :]


_CHARSET = cached_compile(r"""charset\s*+=\s*+["']?+([A-Za-z0-9._:\-]{1,40})""", regex.I)


def _charset(content_type: str) -> str | None:
    """The charset an HTTP Content-Type header names, if any.

    >>> _charset("text/html; charset=ISO-8859-1"), _charset("text/html")
    ('ISO-8859-1', None)
    """
    found = _CHARSET.search(content_type)
    return found[1] if found else None


def _next_record(stream: IO[bytes], after: int, gzipped: bool) -> int | None:
    """The offset of the first record that starts past ``after``: a gzip member that inflates
    to a WARC header (gzipped), or a WARC version line at the start of a line (plain)."""
    position = after
    while True:
        stream.seek(position)
        chunk = stream.read(_SCAN_CHUNK + SNIFF_BYTES)
        if not chunk:
            return None
        if gzipped:
            found = chunk.find(_GZIP_START)
            while 0 <= found < _SCAN_CHUNK:
                stream.seek(position + found)
                if _gunzip_head(stream.read(SNIFF_BYTES)).startswith(_WARC_START):
                    return position + found
                found = chunk.find(_GZIP_START, found + 1)
        else:
            found = chunk.find(_PLAIN_RESYNC, 0, _SCAN_CHUNK + len(_PLAIN_RESYNC))
            if found >= 0:
                return position + found + 1
        if len(chunk) <= _SCAN_CHUNK:
            return None
        position += _SCAN_CHUNK


def _cut_off(stream: IO[bytes], last: int, start: int, gzipped: bool) -> str | None:
    """Why the archive ends early, after a pass that read to its end without an error: the last
    gzip member cut short or followed by bytes that are no record, or (from the start of the file)
    bytes that held no record at all."""
    if last < 0:
        stream.seek(start)
        return "the archive holds no whole record" if start == 0 and stream.read(1) else None
    if not gzipped:
        return None
    stream.seek(last)
    inflate = zlib.decompressobj(31)
    used = 0
    try:
        while not inflate.eof and (chunk := stream.read(_SCAN_CHUNK)):
            inflate.decompress(chunk)
            used += len(chunk)
    except zlib.error:
        return None  # not one gzip member per record: nothing to tell
    if not inflate.eof:
        return "the archive is cut off inside the gzip data of this record"
    end = last + used - len(inflate.unused_data)
    size = stream.seek(0, 2)
    return (
        f"the archive is cut off: its last {size - end:,} bytes are not a whole record"
        if end < size
        else None
    )
