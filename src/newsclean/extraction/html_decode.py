"""Decode the bytes of an HTML page into text, by one documented rule.

The first rule that applies wins:

1. a byte-order mark (UTF-8, UTF-16, UTF-32);
2. the charset the caller declares (an HTTP ``Content-Type`` header, say), if Python knows it;
3. the charset the page declares in its first 4,096 bytes (``<meta charset>``,
   ``<meta http-equiv="Content-Type" content="...; charset=...">`` or an XML declaration);
4. UTF-8, if the bytes are valid UTF-8;
5. the best guess of ``charset_normalizer``.

A declared charset (2 or 3) is skipped when Python does not know it or the bytes do
not decode with it. A single-byte charset (``iso-8859-1``, ``windows-1251``, ...) is
also skipped when the bytes are valid UTF-8 with non-ASCII characters: pages often
declare ``iso-8859-1`` and serve UTF-8, and genuine single-byte text is almost never
valid UTF-8. ``iso-8859-1`` and ``ascii`` are read as ``windows-1252``, as browsers do.
"""

from __future__ import annotations

import codecs
from functools import lru_cache

import regex
from charset_normalizer import from_bytes

from newsclean.errors import BinaryInputError, DecodingError, EmptyDocumentError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = regex.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*(?P<charset>[A-Za-z0-9._:\-]{1,40})"""
    rb"""|<\?xml[^>]{0,100}?encoding\s*=\s*["'](?P<xml>[A-Za-z0-9._:\-]{1,40})""",
    regex.IGNORECASE,
)
_BROWSER_ALIASES = {"iso8859-1": "cp1252", "ascii": "cp1252"}


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Decode HTML bytes to text (see the module documentation for the rule).

    >>> decode_html('<meta charset="windows-1251"><p>Привет</p>'.encode("cp1251"))
    '<meta charset="windows-1251"><p>Привет</p>'
    >>> decode_html("<p>café</p>".encode("utf-8"))
    '<p>café</p>'
    >>> decode_html("<p>café</p>".encode("latin-1"), declared="iso-8859-1")
    '<p>café</p>'
    """
    if not data.strip():
        raise EmptyDocumentError("the HTML is empty: pass the bytes of a web page")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode(data, encoding, "its byte-order mark")
    if b"\x00" in data[:4096]:
        raise BinaryInputError(
            "the input holds NUL bytes and no byte-order mark: it is not an HTML page "
            "(decompress it first if it is gzipped, or pass the declared charset if it is UTF-16)"
        )
    candidates: list[str] = []
    if declared:
        candidates.append(declared)
    found = _META_CHARSET.search(data[:4096])
    if found:
        charset: bytes = found["charset"] or found["xml"]
        candidates.append(charset.decode("ascii"))
    utf8 = _utf8(data)
    for name in candidates:
        codec = _known(name)
        if codec is None:
            continue
        if utf8 is not None and _single_byte(codec) and not data.isascii():
            return utf8  # valid multi-byte UTF-8 is never meant as single-byte text
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    if utf8 is not None:
        return utf8
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise DecodingError(
            "cannot tell the encoding of these bytes (no charset declared, not UTF-8, no confident guess): "
            "pass the charset as declared=..., or decode the page yourself and pass a str"
        )
    return str(best)


def _utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


@lru_cache(maxsize=64)
def _single_byte(codec: str) -> bool:
    """Whether ``codec`` writes every character in one byte (latin-1, windows-125x, koi8-r, ...)."""
    return all(len(char.encode(codec, "ignore")) <= 1 for char in "éжαא€")


def _known(name: str) -> str | None:
    try:
        canonical = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    return _BROWSER_ALIASES.get(canonical, canonical)


def _decode(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise DecodingError(
            f"the bytes are not valid {encoding} although {source} says so ({error.reason} at byte "
            f"{error.start}): fix the page's encoding, or decode it yourself and pass a str"
        ) from error
