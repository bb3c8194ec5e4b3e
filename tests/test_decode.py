"""The binary-data rule of ``decode_text`` at its boundary: more than 5 % control bytes in the first 8 KiB."""

from __future__ import annotations

import pytest

from newsclean.errors import BinaryInputError
from newsclean.io.decode import decode_text

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
