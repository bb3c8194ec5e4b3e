"""Line keys, paragraph keys, text keys and scoped keys against plain-Python readings of their documentation.

The line keys come from ``shingle_reference`` (one token and one line at a time, Python
integers); ``text_key`` is checked against ``hashlib`` directly; ``scoped`` against the
splitmix64 finaliser written out in Python. Key values are pinned exactly: the index file
stores them.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

import shingle_reference as ref
from newsclean.dedup.lines import line_batch, paragraph_keys, paragraphs, scoped, text_key
from newsclean.dedup.shingles import Shingler

HOST_SALT = 0x27D4EB2F165667C5

#: (text, its paragraphs, why)
PARAGRAPHS = [
    ("", [], "nothing"),
    ("One.", ["One."], "one line"),
    ("One.\n\n  Two.  \nThree.", ["One.", "Two.", "Three."], "blank lines dropped, lines stripped"),
    (" \t\n\r\n\u00a0\n", [], "only blank lines"),
    ("a\r\nb\rc\u2028d", ["a", "b", "c", "d"], "every line end str.splitlines knows"),
    ("  x  y  ", ["x  y"], "inner spaces kept"),
]


@pytest.mark.parametrize(("text", "expected", "why"), PARAGRAPHS)
def test_paragraphs(text: str, expected: list[str], why: str) -> None:
    assert paragraphs(text) == expected, why


def rows(batch) -> list[tuple[int, int, int, int, int]]:
    return list(
        zip(
            batch.doc.tolist(),
            batch.head.tolist(),
            batch.tail.tolist(),
            batch.key.tolist(),
            batch.words.tolist(),
            strict=True,
        )
    )


def test_line_batch_matches_the_reference_with_the_default_and_a_given_shingler() -> None:
    texts = [
        "Posted 12 May.\nThe same story here, in its first copy: read on",
        "posted 3 may\n\n***\nThe same story here, in its second copy: read on",
        "",
        "one line only",
    ]
    assert rows(line_batch(texts)) == ref.text_lines(texts, seed=1)
    assert rows(line_batch(texts, Shingler(shingle_size=2, seed=9))) == ref.text_lines(texts, seed=9)
    assert rows(line_batch(texts, Shingler(seed=9))) != rows(line_batch(texts))


def test_paragraph_keys_one_a_line_and_zero_without_a_word() -> None:
    lines = ["Posted 12 May.", "---", "posted 3 may", "", "A longer line of seven words here"]
    keys = paragraph_keys(lines)
    assert keys.dtype == np.uint64 and len(keys) == 5
    expected = {doc: key for doc, _, _, key, _ in ref.text_lines(lines)}
    assert keys.tolist() == [expected.get(i, 0) for i in range(5)]
    assert keys[1] == 0 and keys[3] == 0 and keys[0] == keys[2] != 0


def test_paragraph_keys_with_words() -> None:
    lines = ["One two", "---", "three four five", "«six»"]
    keys, words = paragraph_keys(lines, with_words=True)
    assert words.dtype == np.int64 and words.tolist() == [2, 0, 3, 1]
    assert keys.tolist() == paragraph_keys(lines).tolist()
    seeded, seeded_words = paragraph_keys(lines, Shingler(seed=3), with_words=True)
    assert seeded.tolist() == [
        dict((d, k) for d, _, _, k, _ in ref.text_lines(lines, seed=3)).get(i, 0) for i in range(4)
    ]
    assert seeded_words.tolist() == [2, 0, 3, 1]


@pytest.mark.parametrize("text", ["example.com", "https://example.com/a?b=1", "é", "a"])
def test_text_key_is_blake2b_of_eight_bytes_made_odd(text: str) -> None:
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest()
    assert text_key(text) == int.from_bytes(digest, "little") | 1
    assert text_key(text) % 2 == 1


def test_text_key_of_the_empty_string_is_zero() -> None:
    assert text_key("") == 0


def reference_scoped(key: int, scope: int) -> int:
    if key == 0:
        return 0
    salt = ref.mix64(scope * HOST_SALT + HOST_SALT)
    return ref.mix64(key ^ salt)


def test_scoped_keys_with_one_scope() -> None:
    keys = np.array([5, 7, 0, 2**64 - 1], dtype=np.uint64)
    for scope in (0, 3, 2**64 - 1):
        got = scoped(keys, scope)
        assert got.dtype == np.uint64
        assert got.tolist() == [reference_scoped(k, scope) for k in keys.tolist()], scope
    assert keys.tolist() == [5, 7, 0, 2**64 - 1]  # the input is left alone


def test_scoped_keys_with_a_scope_each() -> None:
    keys = np.array([5, 5, 0, 9], dtype=np.uint64)
    scopes = np.array([1, 2, 3, 1], dtype=np.uint64)
    got = scoped(keys, scopes)
    assert got.tolist() == [
        reference_scoped(k, s) for k, s in zip(keys.tolist(), scopes.tolist(), strict=True)
    ]
    assert got[0] != got[1] and got[2] == 0
