"""Bytes to text, by one documented rule.

1. Input with a NUL byte (and no UTF-16/32 byte-order mark), or whose first 8 KiB are
   more than 5% control characters, is binary data: :class:`BinaryInputError`.
2. A UTF-16 or UTF-32 byte-order mark decides the encoding.
3. Valid UTF-8 is UTF-8 (a byte-order mark is dropped). This is the only case with no warning.
4. Otherwise, for inputs of at least 256 bytes, the encoding detected by
   ``charset_normalizer`` is used.
5. Otherwise Windows-1252 (what browsers read unlabelled Western text as), and
   Latin-1 for the five bytes Windows-1252 leaves undefined; this never fails.

In cases 4 and 5 the result carries a warning that names the input and the
encoding chosen, so that a caller can flag the record. Nothing is dropped.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from newsclean.errors import BinaryInputError, EmptyDocumentError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = frozenset(range(32)) - {9, 10, 12, 13}
_CONTROL_BYTES = bytes(sorted(_CONTROL))  # for bytes.translate, which counts them in C
_DETECT_MIN_BYTES = 256


def _cp1252_table() -> dict[int, str]:
    table = {}
    for byte in range(0x80, 0xA0):
        try:
            table[byte] = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            continue  # undefined in Windows-1252: keep the Latin-1 reading
    return table


#: Latin-1 text to Windows-1252 text: only 0x80-0x9F differ.
_CP1252_FROM_LATIN1 = _cp1252_table()


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text, the encoding it was read with, and a warning when that encoding was not UTF-8."""

    text: str
    encoding: str
    warning: str | None = None


def decode_text(data: bytes, source: str = "<input>") -> Decoded:
    """Decode ``data`` by the module's rule; errors and warnings name ``source``.

    >>> decode_text("Grüße".encode()).text
    'Grüße'
    >>> decoded = decode_text(b"caf\\xe9 au lait", "page.txt")
    >>> decoded.text, decoded.encoding
    ('café au lait', 'cp1252')
    >>> decoded.warning
    'page.txt: not valid UTF-8; decoded as cp1252'
    >>> decode_text(b"GIF89a\\x00\\x01", "x.gif")
    Traceback (most recent call last):
    ...
    newsclean.errors.BinaryInputError: x.gif: binary data (NUL byte at offset 6), not text; pass the page's text or HTML
    """
    decoded = _decode(data, source)
    if not decoded.text.strip():
        raise EmptyDocumentError(f"{source}: empty document, nothing to clean")
    return decoded


def _decode(data: bytes, source: str) -> Decoded:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(encoding, "replace"), encoding)
    if b"\x00" in data:
        raise BinaryInputError(
            f"{source}: binary data (NUL byte at offset {data.index(0)}), not text; pass the page's text or HTML"
        )
    head = data[:8192]
    if head and len(head) - len(head.translate(None, _CONTROL_BYTES)) > 0.05 * len(head):
        raise BinaryInputError(
            f"{source}: binary data (control bytes), not text; pass the page's text or HTML"
        )
    try:
        return Decoded(data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError:
        pass
    if len(data) >= _DETECT_MIN_BYTES:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None and best.encoding not in ("utf_8", "utf-8"):
            name = codecs.lookup(best.encoding).name
            return Decoded(str(best), name, f"{source}: not valid UTF-8; decoded as {name} (detected)")
    text = data.decode("latin-1").translate(_CP1252_FROM_LATIN1)
    return Decoded(text, "cp1252", f"{source}: not valid UTF-8; decoded as cp1252")
