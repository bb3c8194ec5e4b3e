"""Document ids and the deduplicator's spill file of bodies, against values written out by hand.

An id's key is the id itself when it is a string UTF-8 can carry, else its canonical JSON
(sorted keys, no spaces, ASCII only, no NaN) as bytes; :class:`TextSpill` gives back each
text appended, by sequence number, whether or not the write buffer was flushed.
"""

from __future__ import annotations

import pytest

from newsclean.dedup import texts as texts_module
from newsclean.dedup.ids import DocumentIdError, id_key, id_value
from newsclean.dedup.texts import TextSpill
from newsclean.errors import NewscleanError

# --- ids ------------------------------------------------------------------------------------------

KEYS = [
    # (id, key, why)
    ("afp-1", "afp-1", "an ASCII string is its own key"),
    ("", "", "the empty string too"),
    ("café", "café", "a string beyond ASCII that UTF-8 carries is its own key"),
    ("日本", "日本", "any script"),
    ("a\ud800", b'"a\\ud800"', "a lone surrogate: UTF-8 cannot carry it, so its JSON"),
    ("\udfff", b'"\\udfff"', "the last surrogate"),
    (5, b"5", "a number: its JSON, so 5 and '5' are two ids"),
    (-5, b"-5", "a negative number"),
    (5.5, b"5.5", "a float"),
    (True, b"true", "a boolean"),
    (None, b"null", "null"),
    ([1, 2], b"[1,2]", "a list, without spaces after the comma"),
    ({"b": 2, "a": 1}, b'{"a":1,"b":2}', "an object: keys sorted, no spaces after the colon or comma"),
    (["é"], b'["\\u00e9"]', "a string inside a list: escaped to ASCII"),
    (
        {"k": [None, {"z": 0, "y": "é"}]},
        b'{"k":[null,{"y":"\\u00e9","z":0}]}',
        "nested: sorted all the way down",
    ),
]


@pytest.mark.parametrize(("doc_id", "key", "why"), KEYS)
def test_id_key(doc_id: object, key: str | bytes, why: str) -> None:
    got = id_key(doc_id)
    assert type(got) is type(key), why
    assert got == key, why


@pytest.mark.parametrize(("doc_id", "key", "why"), KEYS)
def test_id_value_gives_back_the_id(doc_id: object, key: str | bytes, why: str) -> None:
    assert id_value(key) == doc_id, why
    assert type(id_value(key)) is type(doc_id), why


def test_equal_objects_are_one_id_and_a_number_and_its_string_are_two() -> None:
    assert id_key({"a": 1, "b": 2}) == id_key({"b": 2, "a": 1})
    assert id_key(5) != id_key("5")
    assert id_key("5") == "5"


@pytest.mark.parametrize(
    ("doc_id", "shown"),
    [
        (float("nan"), "nan"),
        (float("inf"), "inf"),
        (float("-inf"), "-inf"),
        ([1.0, float("nan")], r"\[1\.0, nan\]"),
        ({1, 2}, r"\{1, 2\}"),
        (object, r"<class 'object'>"),
        ({"a": b"x"}, r"\{'a': b'x'\}"),
    ],
)
def test_an_id_that_is_not_json_is_refused_saying_what_to_use(doc_id: object, shown: str) -> None:
    with pytest.raises(
        DocumentIdError, match=rf"^document id {shown} is not a JSON value \(.+\): use a string or a number$"
    ) as caught:
        id_key(doc_id)
    assert isinstance(caught.value, TypeError) and isinstance(caught.value, NewscleanError)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_an_id_nested_too_deep_for_json_is_refused() -> None:
    deep: list[object] = []
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(DocumentIdError, match=r"^document id \[\[\[\[\[\[.*\]\]\]\]\]\] is not a JSON value"):
        id_key(deep)


def test_a_circular_id_is_refused() -> None:
    loop: list[object] = []
    loop.append(loop)
    with pytest.raises(DocumentIdError, match=r"Circular reference detected"):
        id_key(loop)


def test_a_long_id_is_shortened_in_the_message() -> None:
    with pytest.raises(DocumentIdError, match=r"^document id \{0, 1, 2, 3, 4, 5, \.\.\.\} is not"):
        id_key(set(range(100)))


# --- the spill file --------------------------------------------------------------------------------

TEXTS = ["first", "sécond", "", "日本語のテキスト", "a\nb\r\nc", "last one"]


def test_each_text_comes_back_by_its_sequence_number_before_and_after_a_flush() -> None:
    with TextSpill() as spill:
        assert isinstance(spill, TextSpill)
        assert len(spill) == 0
        for n, text in enumerate(TEXTS, 1):
            spill.append(text)
            assert len(spill) == n
            assert spill.get(n - 1) == text  # read straight after the write: from the buffer's flush
        assert [spill.get(i) for i in range(len(TEXTS))] == TEXTS
        assert [spill.get(i) for i in reversed(range(len(TEXTS)))] == TEXTS[::-1]
        spill.append("after the reads")  # appended at the end, not where the last read was
        assert spill.get(len(TEXTS)) == "after the reads"
        assert spill.get(0) == "first"


def test_texts_of_many_bytes_do_not_run_into_each_other() -> None:
    # "é" is two bytes in UTF-8: offsets count bytes, not characters
    with TextSpill() as spill:
        spill.append("éé")
        spill.append("x")
        spill.append("ééé")
        assert (spill.get(0), spill.get(1), spill.get(2)) == ("éé", "x", "ééé")


@pytest.mark.parametrize("stored", [0, 1, 3])
def test_a_sequence_number_out_of_range_is_a_key_error(stored: int) -> None:
    with TextSpill() as spill:
        for i in range(stored):
            spill.append(f"text {i}")
        for seq in (-1, stored, stored + 1):
            with pytest.raises(KeyError, match=rf"^'no text stored under sequence number {seq}'$"):
                spill.get(seq)
        if stored:
            assert spill.get(stored - 1) == f"text {stored - 1}"
            assert spill.get(0) == "text 0"


def test_without_pread_the_texts_come_back_and_appends_still_go_to_the_end(monkeypatch) -> None:
    monkeypatch.setattr(texts_module, "_PREAD", False)
    with TextSpill() as spill:
        for text in TEXTS:
            spill.append(text)
        assert spill.get(1) == "sécond"
        assert spill.get(3) == "日本語のテキスト"
        spill.append("appended after a read")
        spill.append("and another")
        assert [spill.get(i) for i in range(len(spill))] == [*TEXTS, "appended after a read", "and another"]


def test_close_deletes_the_file() -> None:
    spill = TextSpill()
    spill.append("x")
    spill.close()
    with pytest.raises(ValueError):
        spill.get(0)
    with TextSpill() as spill:
        spill.append("y")
    with pytest.raises(ValueError):
        spill.get(0)
