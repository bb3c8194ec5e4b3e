"""Bytes to text, by one documented rule.

Text input must be UTF-8 (a byte-order mark is allowed and dropped). Input with a
NUL byte is taken for binary data. Both are errors that name the input and say
how to fix it; nothing is guessed silently.
"""

from __future__ import annotations

from newsclean.errors import BinaryInputError, DecodingError, EmptyDocumentError


def decode_text(data: bytes, source: str = "<input>") -> str:
    """Decode ``data`` as UTF-8 text, or raise an error that names ``source``.

    >>> decode_text("Grüße".encode())
    'Grüße'
    >>> decode_text(b"caf\\xe9", "page.txt")
    Traceback (most recent call last):
    ...
    newsclean.errors.DecodingError: page.txt: not valid UTF-8 (byte 0xe9 at offset 3); re-encode it as UTF-8, for example with iconv -f latin1 -t utf-8
    """
    if b"\x00" in data:
        raise BinaryInputError(
            f"{source}: binary data (NUL byte at offset {data.index(0)}), not text; pass the page's text or HTML"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = data[error.start : error.start + 1].hex()
        raise DecodingError(
            f"{source}: not valid UTF-8 (byte 0x{bad} at offset {error.start}); "
            "re-encode it as UTF-8, for example with iconv -f latin1 -t utf-8"
        ) from None
    if not text.strip():
        raise EmptyDocumentError(f"{source}: empty document, nothing to clean")
    return text
