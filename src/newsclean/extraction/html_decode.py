"""Decode the bytes of an HTML page into text, by one documented rule.

The first rule that applies wins:

1. a byte-order mark (UTF-8, UTF-16, UTF-32);
2. the charset the caller declares (an HTTP ``Content-Type`` header, say), if Python knows it;
3. the charset the page declares in its first 4,096 bytes (``<meta charset>``,
   ``<meta http-equiv="Content-Type" content="...; charset=...">`` or an XML declaration);
4. UTF-8, if the bytes are valid UTF-8;
5. the best guess of ``charset_normalizer``.

A declared charset (2 or 3) counts only when it names an encoding of the WHATWG
Encoding Standard (what browsers accept: ``hex``, ``base64``, ``rot13``, ``utf-7`` and
Python's other codecs are not page encodings) and the bytes decode with it; labels are
read as browsers read them (``iso-8859-1`` and ``ascii`` as ``windows-1252``,
``shift_jis`` as ``cp932``, ``gb2312`` as ``gbk``, ...). A UTF-16 or UTF-32 charset
declared by the page itself is ignored (the HTML standard's rule: a page that could
declare it in ASCII is not UTF-16). A single-byte charset (``iso-8859-1``,
``windows-1251``, ...) is also skipped when the bytes are valid UTF-8 with non-ASCII
characters: pages often declare ``iso-8859-1`` and serve UTF-8, and genuine
single-byte text is almost never valid UTF-8. Rule 5 is the only one whose result
carries a warning (:func:`decode_html_page`).
"""

from __future__ import annotations

import codecs
from functools import lru_cache

import regex

from newsclean.errors import BinaryInputError, DecodingError, EmptyDocumentError
from newsclean.io.decode import Decoded, detect_encoding

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
#: Python's names of the encodings browsers read, as browsers read their labels.
_BROWSER_ALIASES = {
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "gb2312": "gbk",
    "big5": "big5hkscs",
    "windows-874": "cp874",
    "x-mac-cyrillic": "mac-cyrillic",
    "iso-8859-8-i": "iso8859-8",
    "x-user-defined": "cp1252",
}
#: The encodings of the WHATWG Encoding Standard, by Python's names (after the aliases above).
_WEB_ENCODINGS = frozenset(
    {"utf-8", "utf-16", "utf-16-be", "utf-16-le", "cp866", "koi8-r", "koi8-u", "mac-roman", "mac-cyrillic"}
    | {f"iso8859-{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)}
    | {f"cp{n}" for n in (874, 932, 949, *range(1250, 1259))}
    | {"gbk", "gb18030", "big5hkscs", "euc_jp", "iso2022_jp"}
)
_WIDE = frozenset({"utf-16", "utf-16-be", "utf-16-le"})


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Decode HTML bytes to text (see the module documentation for the rule).

    >>> decode_html('<meta charset="windows-1251"><p>Привет</p>'.encode("cp1251"))
    '<meta charset="windows-1251"><p>Привет</p>'
    >>> decode_html("<p>café</p>".encode("utf-8"))
    '<p>café</p>'
    >>> decode_html("<p>café</p>".encode("latin-1"), declared="iso-8859-1")
    '<p>café</p>'
    >>> decode_html(b'<meta charset="hex"><p>caf\\xc3\\xa9</p>')  # not a page encoding: ignored
    '<meta charset="hex"><p>café</p>'
    """
    return decode_html_page(data, declared).text


def decode_html_page(data: bytes, declared: str | None = None) -> Decoded:
    """:func:`decode_html`, with the encoding used and a warning when it was guessed (rule 5)."""
    if not data.strip():
        raise EmptyDocumentError("the HTML is empty: pass the bytes of a web page")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(_decode(data, encoding, "its byte-order mark"), encoding)
    if b"\x00" in data[:4096] and _known(declared or "", from_page=False) not in _WIDE:
        raise BinaryInputError(
            "the input holds NUL bytes and no byte-order mark: it is not an HTML page "
            "(decompress it first if it is gzipped, or pass the declared charset if it is UTF-16)"
        )
    candidates: list[str | None] = []
    if declared:
        candidates.append(_known(declared, from_page=False))
    found = _META_CHARSET.search(data[:4096])
    if found:
        charset: bytes = found["charset"] or found["xml"]
        candidates.append(_known(charset.decode("ascii"), from_page=True))
    utf8 = _utf8(data)
    for codec in candidates:
        if codec is None:
            continue
        if utf8 is not None and _single_byte(codec) and not data.isascii():
            return Decoded(utf8, "utf-8")  # valid multi-byte UTF-8 is never meant as single-byte text
        try:
            return Decoded(data.decode(codec), codec)
        except UnicodeDecodeError:
            continue
    if utf8 is not None:
        return Decoded(utf8, "utf-8")
    detected = detect_encoding(data)
    if detected is None:
        raise DecodingError(
            "cannot tell the encoding of these bytes (no charset declared, not UTF-8, no confident guess): "
            "pass the charset as declared=..., or decode the page yourself and pass a str"
        )
    text, name = detected
    return Decoded(text, name, f"no charset declared and not UTF-8; decoded as {name} (detected)")


def _utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


@lru_cache(maxsize=64)
def _single_byte(codec: str) -> bool:
    """Whether ``codec`` writes every character in one byte (latin-1, windows-125x, koi8-r, ...)."""
    return all(len(char.encode(codec, "ignore")) <= 1 for char in "éжαא€")


def declares_charset(data: bytes) -> bool:
    """Whether the page declares a charset browsers read (rule 3) in its first 4,096 bytes, so that
    a charset from outside it (an HTTP header's) is only a fallback.

    >>> declares_charset(b'<meta charset="utf-8"><p>x</p>'), declares_charset(b"<p>x</p>")
    (True, False)
    """
    found = _META_CHARSET.search(data[:4096])
    return found is not None and _known((found["charset"] or found["xml"]).decode("ascii"), True) is not None


def known_charset(name: str) -> str | None:
    """The Python codec a caller-declared charset ``name`` is read with, or ``None`` when browsers
    would not read a page in it.

    >>> known_charset("ISO-8859-1"), known_charset("hex")
    ('cp1252', None)
    """
    return _known(name, from_page=False)


def _known(name: str, from_page: bool) -> str | None:
    """The Python codec for a declared charset ``name``, or ``None`` when browsers would not use it;
    a UTF-16 charset declared by the page itself is not used either."""
    label = name.strip().lower()
    try:
        canonical = codecs.lookup(label).name
    except LookupError:
        canonical = label
    codec = _BROWSER_ALIASES.get(canonical, canonical)
    if codec not in _WEB_ENCODINGS or (from_page and codec in _WIDE):
        return None
    return codec


def _decode(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise DecodingError(
            f"the bytes are not valid {encoding} although {source} says so ({error.reason} at byte "
            f"{error.start}): fix the page's encoding, or decode it yourself and pass a str"
        ) from error
