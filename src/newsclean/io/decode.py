"""Bytes to text, by one documented rule.

1. Input with a NUL byte (and no UTF-16/32 byte-order mark), or whose first 8 KiB are
   more than 5% control characters, is binary data: :class:`BinaryInputError`.
2. A UTF-16 or UTF-32 byte-order mark decides the encoding.
3. Valid UTF-8 is UTF-8 (a byte-order mark is dropped). This is the only case with no warning.
4. Otherwise, for inputs of at least 256 bytes, the encoding detected by
   ``charset_normalizer`` among those browsers read pages in is used
   (:func:`detect_encoding`: when Windows-1252 reads the bytes as well, it wins).
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
        detected = detect_encoding(data)
        if detected is not None and detected[1] != "utf-8":
            text, name = detected
            return Decoded(text, name, f"{source}: not valid UTF-8; decoded as {name} (detected)")
    text = data.decode("latin-1").translate(_CP1252_FROM_LATIN1)
    return Decoded(text, "cp1252", f"{source}: not valid UTF-8; decoded as cp1252")


#: The encodings :func:`detect_encoding` chooses from (charset_normalizer's names): the legacy encodings
#: browsers guess unlabelled pages in (those Firefox's detector, chardetng, returns), and UTF-8/16.
_WEB_ENCODINGS = (
    "cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258", "cp874",
    "iso8859_2", "iso8859_5", "iso8859_6", "iso8859_7", "iso8859_8", "iso8859_13", "koi8_r", "koi8_u",
    "cp866", "gb18030", "big5hkscs", "cp932", "euc_jp", "cp949", "iso2022_jp", "utf_8", "utf_16",
)  # fmt: skip


def detect_encoding(data: bytes) -> tuple[str, str] | None:
    """The text of ``data`` and the encoding ``charset_normalizer`` finds for it, or ``None``.

    Only the encodings browsers guess unlabelled pages in are considered. Among the readings
    about as clean as the best (chaos within 0.1), the one that reads most like a language
    (coherence) is taken. Short Western texts read equally well in several encodings; when
    Windows-1252 reads the bytes with about as little chaos (within 0.02) and as much
    coherence, it wins (it is what browsers use for unlabelled Western pages, and what
    Latin-1 text almost always is).

    >>> detect_encoding("La niña comió piña en la plaza mayor de la ciudad. ".encode("latin-1") * 3)[1]
    'cp1252'
    """
    from charset_normalizer import from_bytes

    matches = from_bytes(data, cp_isolation=list(_WEB_ENCODINGS))
    best = matches.best()
    if best is None or best.encoding is None:
        return None
    # A reading that is about as clean (chaos within 0.1) and reads as a language wins over one that
    # reads as none (a few accented letters in English guessed as Big5, say).
    close = [match for match in matches if match.chaos <= best.chaos + 0.1]
    best = max(close, key=lambda match: match.coherence) if close else best
    for match in matches:
        if (
            match.encoding == "cp1252"
            and match.chaos <= best.chaos + 0.02
            and match.coherence >= best.coherence
        ):
            best = match
    name = codecs.lookup(best.encoding).name
    if name == "cp1252":  # its five undefined bytes read as Latin-1, as in rule 5: no byte is dropped
        return data.decode("latin-1").translate(_CP1252_FROM_LATIN1), name
    return data.decode(name, "replace"), name
