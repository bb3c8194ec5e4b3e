"""Small WARC archives written byte by byte, as the WARC 1.0 standard lays them out (no WARC library:
what the reader is tested against must not come from a reader)."""

from __future__ import annotations

import gzip
from pathlib import Path

HTML_DIR = Path(__file__).resolve().parent / "html"
HARBOUR = (HTML_DIR / "harbour_news.html").read_bytes()
VALLEY = (HTML_DIR / "valley_blog.html").read_bytes()


def record(
    number: int,
    payload: bytes,
    kind: str = "response",
    status: str = "200 OK",
    content_type: str | None = "text/html",
    url: str | None = None,
) -> bytes:
    """One WARC record: ``<urn:uuid:N>``, dated 2024-05-0N, with an HTTP response around ``payload``
    (``kind`` other than response: the payload as the block)."""
    url = url or f"https://courier.example/story-{number}"
    if kind == "response":
        head = f"HTTP/1.1 {status}\r\n" + (f"Content-Type: {content_type}\r\n" if content_type else "")
        block = (head + "\r\n").encode("latin-1") + payload
        warc_type = "application/http; msgtype=response"
    else:
        block, warc_type = payload, "application/warc-fields"
    header = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{number}>\r\n"
        f"WARC-Target-URI: {url}\r\nWARC-Date: 2024-05-0{number % 10}T10:00:00Z\r\n"
        f"Content-Type: {warc_type}\r\nContent-Length: {len(block)}\r\n\r\n"
    )
    return header.encode("latin-1") + block + b"\r\n\r\n"


def archive(records: list[bytes], gzipped: bool) -> bytes:
    """The records as one archive: plain, or one gzip member per record as crawlers write them."""
    return b"".join(gzip.compress(r) for r in records) if gzipped else b"".join(records)


#: A crawl's mix: two pages, a request, a redirect, an image, a metadata record, a page of another host.
MIXED = [
    record(1, HARBOUR),
    record(2, b"GET /story-2 HTTP/1.1\r\nHost: courier.example\r\n\r\n", kind="request"),
    record(3, b"", status="301 Moved Permanently"),
    record(4, b"\x89PNG\r\n\x1a\n", content_type="image/png"),
    record(5, b"via: crawler\r\n", kind="metadata"),
    record(6, VALLEY, url="https://valley.example/blog/1"),
]
