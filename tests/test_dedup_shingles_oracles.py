"""The shingler against a plain-Python reading of its documentation (``shingle_reference``).

The reference tokenises one character at a time, hashes one token at a time with Python
integers, and splits lines with a regular expression, so every array trick of the numpy
code (the word mask over UTF-8 bytes, unaligned 64-bit reads, the SWAR digit test, the
batched line ends, the slices of about 192,000 characters) is checked against it. The
hashes are pinned exactly: the persistent index stores them, so they must not change.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import shingle_reference as ref
from newsclean.dedup import shingles
from newsclean.dedup.shingles import ShingleBatch, Shingler, count_tokens, mix64, word_mask
from newsclean.errors import ConfigError

# --- the word mask, character by character ---------------------------------------------------

#: (character, is it part of a word, why)
CHARACTERS = [
    ("a", True, "ASCII letter"),
    ("Z", True, "ASCII capital"),
    ("0", True, "ASCII digit"),
    ("9", True, "ASCII digit"),
    ("_", False, "ASCII punctuation"),
    ("\x7f", False, "the last ASCII byte, a control"),
    ("\x80", True, "the first two-byte character (C2 80), below the Latin-1 punctuation"),
    ("\x9f", True, "C2 9F, the last before it"),
    ("\xa0", False, "no-break space, C2 A0: the first Latin-1 separator"),
    ("«", False, "C2 AB, inside the Latin-1 separators"),
    ("\xbf", False, "inverted question mark, C2 BF: the last Latin-1 separator"),
    ("À", True, "C3 80, the first Latin-1 letter"),
    ("é", True, "C3 A9: a second byte of A0-BF after another lead byte is a letter's"),
    ("ſ", True, "C5 BF"),
    ("\u1fff", True, "E1 BF BF, just below general punctuation"),
    ("\u2000", False, "E2 80 80, the first general punctuation character"),
    ("’", False, "E2 80 99, a right single quote"),
    ("\u206f", False, "E2 81 AF"),
    ("\u207f", False, "E2 81 BF: the last character whose second byte is 81"),
    ("\u2080", True, "E2 82 80: the first after the separators"),
    ("€", True, "E2 82 AC, the euro sign"),
    ("中", True, "E4 B8 AD, a CJK ideograph"),
    ("😀", True, "F0 9F 98 80, four bytes"),
]


@pytest.mark.parametrize(("char", "is_word", "why"), CHARACTERS)
def test_word_mask_of_one_character_at_either_end_and_inside(char: str, is_word: bool, why: str) -> None:
    size = len(char.encode())
    for text, where in ((char, 0), ("x" + char, 1), (char + "y", 0), ("x" + char + "y", 1), ("xy" + char, 2)):
        mask = word_mask(text.encode()).tolist()
        assert len(mask) == len(text.encode()), why
        assert mask[where : where + size] == [is_word] * size, (why, text)
        assert all(mask[:where]) and all(mask[where + size :]), (why, text)


def test_word_mask_agrees_with_the_reference_byte_by_byte() -> None:
    text = "« Ça va ? » — ‘oui’\u00a0!¿¡ naïve 中文 😀 x\u2070y\u2080z"
    expected = [ref.is_word_char(c) for c in text for _ in c.encode()]
    assert word_mask(text.encode()).tolist() == expected
    assert word_mask(b"").tolist() == []


# --- mix64 -----------------------------------------------------------------------------------


def test_mix64_is_splitmix64s_finaliser() -> None:
    values = [0, 1, 2, 0x30, 2**32 - 1, 2**63, 2**64 - 1, 0x0123456789ABCDEF]
    got = mix64(np.array(values, dtype=np.uint64)).tolist()
    assert got == [ref.mix64(v) for v in values]
    assert got[1] == 6238072747940578789  # splitmix64's published first output for a state of 1


def test_mix64_of_a_scalar_wraps_around_without_a_warning() -> None:
    # numpy warns of overflow in scalar arithmetic (not in arrays): the finaliser must not
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert int(mix64(np.uint64(2**63 + 5))) == ref.mix64(2**63 + 5)


# --- tokens ----------------------------------------------------------------------------------

#: (text, its tokens, why)
TOKENS = [
    ("", [], "nothing"),
    ("a", [b"a"], "a one-letter text"),
    ("It’s 9 o'clock", [b"it", b"s", b"9", b"o", b"clock"], "quotes of either kind split"),
    ("ÉTÉ Été", ["ÉtÉ".encode(), "Été".encode()], "only ASCII letters are lower-cased"),
    ("  lead and trail  ", [b"lead", b"and", b"trail"], "spaces at either end"),
    ("x—y\u00a0z", [b"x", b"y", b"z"], "a dash and a no-break space separate"),
]


@pytest.mark.parametrize(("text", "expected", "why"), TOKENS)
def test_tokens_as_written(text: str, expected: list[bytes], why: str) -> None:
    assert ref.tokens(text) == expected, why
    assert count_tokens(text) == len(expected), why
    hashes, docs = Shingler().token_hashes([text])
    assert hashes.tolist() == [ref.token_hash(t) for t in expected], why
    assert docs.tolist() == [0] * len(expected)


def test_count_tokens_at_the_texts_ends() -> None:
    assert count_tokens("word") == 1
    assert count_tokens("two words") == 2
    assert count_tokens(" x ") == 1
    assert count_tokens("«»") == 0
    assert count_tokens("a,b") == 2


@pytest.mark.parametrize("size", [1, 2, 7, 8, 9, 10, 15, 16, 17, 24])
def test_a_token_of_each_length_hashes_its_head_tail_and_length(size: int) -> None:
    token = "abcdefghijklmnopqrstuvwxyz"[:size]
    hashes, _ = Shingler().token_hashes([token, "Q" + token, token + "Q"])
    expected = [ref.token_hash(t.encode()) for t in (token, "q" + token, token + "q")]
    assert hashes.tolist() == expected
    assert len(set(expected)) == 3


def test_tokens_longer_than_sixteen_bytes_agreeing_on_length_head_and_tail_collide() -> None:
    hashes, _ = Shingler().token_hashes(["abcdefgh1xyzwvuts abcdefgh2xyzwvuts abcdefgh2xyzwvut"])
    assert hashes[0] == hashes[1]
    assert hashes[1] != hashes[2]


def test_token_hashes_number_each_tokens_text() -> None:
    texts = ["one two", "", "three", "  ", "four five six"]
    hashes, docs = Shingler(seed=3).token_hashes(texts)
    assert docs.tolist() == [0, 0, 2, 4, 4, 4]
    words = [b"one", b"two", b"three", b"four", b"five", b"six"]
    assert hashes.tolist() == [ref.token_hash(w, seed=3) for w in words]


def test_token_hashes_of_texts_without_a_token() -> None:
    hashes, docs = Shingler().token_hashes(["", "--", "« »"])
    assert hashes.dtype == np.uint64 and docs.dtype == np.int64
    assert hashes.tolist() == [] and docs.tolist() == []


# --- shingles --------------------------------------------------------------------------------


def test_shingle_size_below_one_is_refused() -> None:
    with pytest.raises(ConfigError, match=r"^shingle_size must be at least 1, got 0$"):
        Shingler(shingle_size=0)
    assert Shingler(shingle_size=1).shingle_size == 1


@pytest.mark.parametrize(("size", "seed"), [(1, 1), (2, 1), (3, 7), (5, 1), (5, 2)])
def test_shingles_of_each_text_match_the_reference(size: int, seed: int) -> None:
    texts = [
        "the quick brown fox jumps over the lazy dog",
        "one two",  # fewer tokens than most sizes
        "",
        "a b c",  # exactly three tokens
        "a b c d e",  # exactly five
        "Café au lait, 12 € le bol — « pas cher »",
    ]
    shingler = Shingler(shingle_size=size, seed=seed)
    batch = shingler.shingle(texts)
    assert shingler.seed == seed
    counts = [len(ref.tokens(t)) for t in texts]
    assert batch.token_counts.tolist() == counts
    assert batch.token_counts.dtype == np.int64 and batch.offsets.dtype == np.int64
    expected = [ref.shingle_hashes(t, size, seed) for t in texts]
    assert [batch.of(i).tolist() for i in range(len(texts))] == expected
    assert batch.offsets.tolist() == list(np.cumsum([0] + [max(0, c - size + 1) for c in counts]))
    assert batch.lines is None


def test_shingles_never_span_two_texts() -> None:
    batch = Shingler(shingle_size=2).shingle(["a", "b", "c d", "e"])
    assert batch.offsets.tolist() == [0, 0, 0, 1, 1]
    assert batch.of(2).tolist() == ref.shingle_hashes("c d", 2)


def test_a_slice_too_short_for_one_shingle_among_others(monkeypatch) -> None:
    monkeypatch.setattr(shingles, "_CHUNK_CHARS", 10)
    # three slices of one text each; the second has two tokens, too few for a shingle of three
    texts = ["one two three four", "x ---------- y", "five six seven eight"]
    batch = Shingler(shingle_size=3).shingle(texts)
    assert batch.hashes.dtype == np.uint64
    assert batch.offsets.tolist() == [0, 2, 2, 4]
    assert [batch.of(i).tolist() for i in range(3)] == [ref.shingle_hashes(t, 3) for t in texts]


def test_a_batch_too_short_for_one_shingle() -> None:
    batch = Shingler(shingle_size=4).shingle(["a b", "c"], lines=True)  # 3 tokens in all
    assert batch.hashes.dtype == np.uint64
    assert batch.hashes.tolist() == []
    assert batch.offsets.tolist() == [0, 0, 0]
    assert batch.token_counts.tolist() == [2, 1]
    assert batch.lines is not None
    assert batch.lines.doc.tolist() == [0, 1]
    assert batch.lines.words.tolist() == [2, 1]


def test_an_empty_batch() -> None:
    batch = Shingler().shingle([], lines=True)
    assert batch.hashes.tolist() == [] and batch.offsets.tolist() == [0]
    assert batch.token_counts.tolist() == []
    assert batch.lines is not None and len(batch.lines) == 0
    assert batch.lines.key.dtype == np.uint64 and batch.lines.doc.dtype == np.int64
    without = Shingler().shingle(["", "..."], lines=True)
    assert without.offsets.tolist() == [0, 0, 0] and without.token_counts.tolist() == [0, 0]
    assert without.lines is not None and len(without.lines) == 0
    assert without.lines.head.shape == (0,) and without.lines.tail.shape == (0,)


def test_texts_in_several_slices_match_the_reference(monkeypatch) -> None:
    # slices of about 40 characters here (192,000 in use): texts shorter and longer than a slice,
    # empty ones, and a slice boundary after a text without a token
    monkeypatch.setattr(shingles, "_CHUNK_CHARS", 40)
    texts = [
        "- " * 22,  # a slice of its own without a token
        "Title one\nalpha beta gamma delta epsilon zeta eta theta",
        "short one",
        "",
        "iota kappa\nlambda mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega",
        "***",
        "one two three four five",
        "six seven eight nine ten eleven twelve thirteen fourteen fifteen",
        "a b c d",
    ]
    shingler = Shingler(shingle_size=4)
    batch = shingler.shingle(texts, lines=True)
    for i, text in enumerate(texts):
        assert batch.of(i).tolist() == ref.shingle_hashes(text, 4), i
    counts = [len(ref.tokens(t)) for t in texts]
    assert batch.token_counts.tolist() == counts
    assert batch.offsets.tolist() == list(np.cumsum([0] + [max(0, c - 3) for c in counts]))
    assert batch.offsets.dtype == np.int64 and batch.hashes.dtype == np.uint64
    assert batch.lines is not None
    got = list(
        zip(
            batch.lines.doc.tolist(),
            batch.lines.head.tolist(),
            batch.lines.tail.tolist(),
            batch.lines.key.tolist(),
            batch.lines.words.tolist(),
            strict=True,
        )
    )
    assert got == ref.text_lines(texts)


def test_of_reads_one_documents_slice() -> None:
    batch = ShingleBatch(
        np.array([5, 6, 7], dtype=np.uint64),
        np.array([0, 2, 2, 3], dtype=np.int64),
        np.array([2, 0, 1], dtype=np.int64),
    )
    assert [batch.of(i).tolist() for i in range(3)] == [[5, 6], [], [7]]


# --- line keys -------------------------------------------------------------------------------


def rows(texts: list[str], seed: int = 1) -> list[tuple[int, int, int, int, int]]:
    lines = Shingler(seed=seed).shingle(texts, lines=True).lines
    assert lines is not None
    assert len(lines) == len(lines.doc)
    return list(
        zip(
            lines.doc.tolist(),
            lines.head.tolist(),
            lines.tail.tolist(),
            lines.key.tolist(),
            lines.words.tolist(),
            strict=True,
        )
    )


def test_every_line_break_ends_a_line() -> None:
    for brk in ["\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e"]:
        text = f"first line here{brk}second line"
        got = rows([text])
        assert [r[4] for r in got] == [3, 2], repr(brk)
        assert got == ref.text_lines([text]), repr(brk)


def test_characters_that_end_no_line_here() -> None:
    # U+0085 is a word character here (C2 85): it joins the words either side
    for sep, words in [("\x1f", 4), ("\t", 4), ("\x85", 3), ("\u2028", 4), ("\u2029", 4)]:
        got = rows([f"first line{sep}still first"])
        assert [r[4] for r in got] == [words], repr(sep)


@pytest.mark.parametrize("words", [1, 2, 5, 6, 7, 11, 12, 13])
def test_a_line_of_each_length_keys_its_first_and_last_six_words(words: int) -> None:
    line = " ".join(f"w{chr(97 + i)}" for i in range(words))
    got = rows([line, "x\n" + line + "\n"], seed=5)
    assert got == ref.text_lines([line, "x\n" + line + "\n"], seed=5)
    assert [r[0] for r in got] == [0, 1, 1]
    assert got[0][1:] == got[2][1:]


def test_line_keys_read_ends_and_length_only() -> None:
    base = "one two three four five six SEVEN eight nine ten eleven twelve thirteen"
    edited = base.replace("SEVEN", "edited")
    longer = base.replace("SEVEN", "seven more")
    moved = "two one three four five six SEVEN eight nine ten eleven twelve thirteen"
    a, b, c, d = rows([base, edited, longer, moved])
    assert a[1:] == b[1:]  # a middle word edited: same head, tail, key and length
    assert (c[1], c[2]) == (a[1], a[2]) and c[3] != a[3] and c[4] == 14
    assert d[1] != a[1] and d[2] == a[2]  # word order in the head counts


#: (line, line that must share its key, why)
NUMBERS = [
    ("© 2023 Example", "© 2024 Example", "a year is a number"),
    ("at 9 pm", "at 12345678 pm", "numbers of 1 and 8 digits"),
    ("at 123456789 pm", "at 7 pm", "9 digits"),
    ("at 1234567890123456 pm", "at 0 pm", "16 digits"),
    ("at 12345678901234567 pm", "at 5 pm", "17 digits"),
    ("at 12345678a12345678 pm", "at 5 pm", "17 bytes, digits at both ends: the middle byte is not read"),
    ("flight ab123 lands", "flight ab999 lands", "digits inside a word read as 0"),
    ("the 3rd day", "the 7rd day", "digits before letters"),
    ("x 12€ y", "x 99€ y", "a digit next to a non-ASCII character"),
]


@pytest.mark.parametrize(("line", "same", "why"), NUMBERS)
def test_numbers_and_digits_read_as_zero(line: str, same: str, why: str) -> None:
    got = rows([line, same])
    assert got == ref.text_lines([line, same]), why
    assert got[0][1:] == got[1][1:], why


#: (line, line that must not share its key, why)
NOT_NUMBERS = [
    ("at 12 pm", "at 1a pm", "a letter after a digit makes a word"),
    ("at 12345678a pm", "at 1 pm", "a letter after 8 digits"),
    ("at 1234567a pm", "at 1 pm", "a letter as the eighth byte"),
    ("at 123456789012a pm", "at 1 pm", "a letter as the last of 13 bytes"),
    ("at 1234567a12345678 pm", "at 1 pm", "16 bytes: a letter as the eighth"),
    ("at 12345678a1234567 pm", "at 1 pm", "16 bytes: a letter as the ninth"),
    ("at a12345678 pm", "at 1 pm", "a letter before 8 digits"),
    ("at 12345678/ pm", "at 1/ pm", "a separator is no digit (equal by themselves)"),
    ("room 101 b", "room : b", "a number is a token"),
    ("at 0 pm", "at o pm", "the digit 0 is not the letter o"),
    ("x : y", "x ; y", "equal lines: separators read alike"),
]


@pytest.mark.parametrize(("line", "other", "why"), NOT_NUMBERS)
def test_what_is_not_a_number(line: str, other: str, why: str) -> None:
    got = rows([line, other])
    assert got == ref.text_lines([line, other]), why


def test_lines_without_a_token_have_no_row() -> None:
    text = "***\n\nheadline here\n  — \nbody line\n"
    got = rows(["", text, "—"])
    assert [(r[0], r[4]) for r in got] == [(1, 2), (1, 2)]
    assert got == ref.text_lines(["", text, "—"])


ALPHABET = st.sampled_from([*"ab Z09é’«\u00a0\u2080\n\r\x1e\x0b.-", "ab", "12345678", "xyz"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(ALPHABET, max_size=30).map("".join), max_size=5), st.integers(1, 4))
def test_random_texts_match_the_reference(texts: list[str], size: int) -> None:
    batch = Shingler(shingle_size=size, seed=11).shingle(texts, lines=True)
    assert [batch.of(i).tolist() for i in range(len(texts))] == [
        ref.shingle_hashes(t, size, seed=11) for t in texts
    ]
    assert batch.token_counts.tolist() == [len(ref.tokens(t)) for t in texts]
    assert [count_tokens(t) for t in texts] == [len(ref.tokens(t)) for t in texts]
    assert rows(texts, seed=11) == ref.text_lines(texts, seed=11)


def test_the_defaults() -> None:
    shingler = Shingler()
    assert (shingler.shingle_size, shingler.seed) == (5, 1)
    text = "one two three four five six"
    assert shingler.shingle([text]).of(0).tolist() == ref.shingle_hashes(text, 5, seed=1)


def test_line_batch_columns_are_64_bit() -> None:
    lines = Shingler().shingle(["one two\nthree"], lines=True).lines
    assert lines is not None
    assert lines.doc.dtype == np.int64 and lines.words.dtype == np.int64
    assert lines.key.dtype == np.uint64 and lines.head.dtype == np.uint64 and lines.tail.dtype == np.uint64


def test_a_batch_in_exactly_two_slices(monkeypatch) -> None:
    monkeypatch.setattr(shingles, "_CHUNK_CHARS", 10)
    texts = ["one two three four five", "six seven eight"]  # a slice each
    batch = Shingler(shingle_size=2).shingle(texts)
    assert batch.offsets.tolist() == [0, 4, 6]
    assert [batch.of(i).tolist() for i in range(2)] == [ref.shingle_hashes(t, 2) for t in texts]
