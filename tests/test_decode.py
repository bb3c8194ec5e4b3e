"""The binary-data rule of ``decode_text`` at its boundary: more than 5 % control bytes in the first 8 KiB."""

from __future__ import annotations

import pytest

from newsclean.errors import BinaryInputError
from newsclean.io.decode import decode_text, detect_encoding

CONTROL_CASES = [
    (5, 95, False, "5 control bytes in 100 is 5 %: still text"),
    (6, 94, True, "6 in 100 is over 5 %: binary"),
    (409, 7783, False, "409 in 8,192 is under 5 % of the first 8 KiB"),
    (410, 7782, True, "410 in 8,192 is over 5 %"),
]


@pytest.mark.parametrize(("control", "text", "binary", "why"), CONTROL_CASES)
def test_control_bytes_threshold(control: int, text: int, binary: bool, why: str) -> None:
    data = b"\x01" * control + b"a" * text + b"\x02" * 1000  # bytes past the first 8 KiB are not looked at
    data = data if control + text == 8192 else b"\x01" * control + b"a" * text
    if binary:
        with pytest.raises(BinaryInputError, match="control bytes"):
            decode_text(data, "x")
    else:
        assert decode_text(data, "x").text.count("\x01") == control, why


def test_tab_newline_form_feed_and_carriage_return_are_not_control_bytes() -> None:
    assert decode_text(b"\t\n\x0c\r" * 50 + b"text").text.endswith("text")


# --- Windows-1252 and the detected legacy encodings ----------------------------------------------

#: Windows-1252's characters for 0x80-0x9F, from its code chart; 0x81, 0x8D, 0x8F, 0x90 and 0x9D are
#: undefined there.
CP1252_80_9F = {
    0x80: "€", 0x82: "‚", 0x83: "ƒ", 0x84: "„", 0x85: "…", 0x86: "†", 0x87: "‡", 0x88: "ˆ", 0x89: "‰",
    0x8A: "Š", 0x8B: "‹", 0x8C: "Œ", 0x8E: "Ž", 0x91: "‘", 0x92: "’", 0x93: "“", 0x94: "”", 0x95: "•",
    0x96: "–", 0x97: "—", 0x98: "˜", 0x99: "™", 0x9A: "š", 0x9B: "›", 0x9C: "œ", 0x9E: "ž", 0x9F: "Ÿ",
}  # fmt: skip


def test_the_windows_1252_table_maps_its_27_defined_bytes() -> None:
    from newsclean.io.decode import _cp1252_table

    assert _cp1252_table() == CP1252_80_9F


def test_undetected_bytes_read_as_windows_1252_and_its_undefined_bytes_as_latin_1() -> None:
    # 256 bytes, every byte from 0x80 up twice: no encoding reads them as a language
    data = bytes(range(0x80, 0x100)) * 2
    assert detect_encoding(data) is None
    # Latin-1 is the first 256 code points: 0x80-0x9F as the chart says, 0xA0-0xFF as themselves
    expected = "".join(CP1252_80_9F.get(b, chr(b)) for b in range(0x80, 0xA0)) + "".join(
        map(chr, range(0xA0, 0x100))
    )
    decoded = decode_text(data, "r")
    assert (decoded.text, decoded.encoding, decoded.warning) == (
        expected * 2,
        "cp1252",
        "r: not valid UTF-8; decoded as cp1252",
    )


RUSSIAN = (
    "Москва - столица России, крупнейший город страны. В городе живёт более двенадцати миллионов человек, "
    "и каждый день сюда приезжают тысячи туристов. "
) * 2
DETECTED = [
    (RUSSIAN, "cp1251", "cp1251", "Cyrillic in Windows-1251"),
    (RUSSIAN, "koi8_r", "koi8-r", "the same text in KOI8-R"),
    (
        "Dün İstanbul'da yağmur yağdı, ama bugün Boğaz'ın üzerinde güneş parlıyor ve insanlar sahilde yürüyüş "
        "yapıyor. " * 3,
        "cp1254",
        "cp1254",
        "Windows-1252 reads it with less chaos (0.077 less), but Windows-1254 reads it as a language: within "
        "0.1, coherence wins",
    ),
    (
        "Zażółć gęślą jaźń. Wczoraj w Krakowie padał deszcz, a dzisiaj świeci słońce nad Wisłą i ludzie "
        "spacerują po rynku. " * 3,
        "iso8859_2",
        "iso8859-2",
        "Windows-1250 reads it as more of a language, but with 0.15 more chaos: past 0.1, chaos wins",
    ),
    (
        "La niña comió piña en la plaza mayor de la ciudad. " * 6,
        "latin-1",
        "cp1252",
        "ties with Windows-1250: 1252 wins",
    ),
    (
        "The café served a crème brûlée that the critic called the best in town, and the owner said business "
        "was good this year. " * 3,
        "latin-1",
        "cp1252",
        "ties with Windows-1250 and Windows-1257 (where è is č): 1252 wins",
    ),
]


@pytest.mark.parametrize(("text", "written", "read", "why"), DETECTED)
def test_a_detected_encoding_reads_the_text_back(text: str, written: str, read: str, why: str) -> None:
    data = text.encode(written)
    assert len(data) >= 256
    decoded = decode_text(data, "p")
    assert (decoded.text, decoded.encoding) == (text, read), why
    assert decoded.warning == f"p: not valid UTF-8; decoded as {read} (detected)"
