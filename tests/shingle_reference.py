"""A plain-Python reading of the shingler's documented hashing, to check the numpy one against.

One token, one line, one shingle at a time, with Python integers taken modulo 2**64: nothing
here is vectorised, and nothing calls the code under test. The random salts come from numpy's
generator, seeded as the documentation of each class says.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np

MASK = 2**64 - 1
#: the bytes that end a line for the shingler (``str.splitlines``' but for U+0085, U+2028, U+2029)
BREAKS = re.compile("[\n\x0b\x0c\r\x1c\x1d\x1e]")


def mix64(value: int) -> int:
    """The splitmix64 finaliser on one integer."""
    z = value & MASK
    z ^= z >> 30
    z = (z * 0xBF58476D1CE4E5B9) & MASK
    z ^= z >> 27
    z = (z * 0x94D049BB133111EB) & MASK
    z ^= z >> 31
    return z


def is_word_char(char: str) -> bool:
    """ASCII letters and digits, and non-ASCII characters but for U+00A0-U+00BF and U+2000-U+207F."""
    code = ord(char)
    if code < 0x80:
        return char.isalnum()
    return not (0xA0 <= code <= 0xBF or 0x2000 <= code <= 0x207F)


def tokens(text: str) -> list[bytes]:
    """The word tokens of ``text`` in order, as UTF-8 bytes with ASCII letters lower-cased."""
    found, current = [], []
    for char in text + " ":
        if is_word_char(char):
            current.append(char.lower() if char.isascii() else char)
        elif current:
            found.append("".join(current).encode("utf-8"))
            current = []
    return found


@cache
def salts(seed: int, shingle_size: int) -> tuple[int, int, list[int]]:
    """The token salt, the size salt and the shingle multipliers of ``Shingler(shingle_size, seed)``."""
    rng = np.random.default_rng([seed, 0x5EED])
    salt, size_salt = (int(v) for v in rng.integers(0, 2**64 - 1, size=2, dtype=np.uint64))
    combine = [int(v) | 1 for v in rng.integers(0, 2**64 - 1, size=shingle_size, dtype=np.uint64)]
    return salt, size_salt, combine


def raw_hash(head: int, tail: int, size: int, seed: int = 1) -> int:
    salt, size_salt, _ = salts(seed, 1)
    return mix64(head * salt + tail * size_salt + size)


def token_hash(token: bytes, seed: int = 1) -> int:
    """A token's hash: its first eight bytes, its last eight when it is longer than eight, and its length."""
    head = int.from_bytes(token[:8], "little")
    tail = int.from_bytes(token[-8:], "little") if len(token) > 8 else 0
    return raw_hash(head, tail, len(token), seed)


def shingle_hashes(text: str, shingle_size: int, seed: int = 1) -> list[int]:
    """The hashes of the shingles of one text, in order."""
    _, _, combine = salts(seed, shingle_size)
    hashed = [token_hash(t, seed) for t in tokens(text)]
    return [
        mix64(sum(hashed[i + j] * combine[j] for j in range(shingle_size)))
        for i in range(len(hashed) - shingle_size + 1)
    ]


def line_token_hash(token: bytes, seed: int = 1) -> int:
    """A token as the line keys read it: a number is ``0``, and every other digit reads as ``0``.

    A number is a token whose first eight and last eight bytes are digits (all of it, up to 16 bytes;
    beyond that the middle is not read, as it is not for a token's hash either)."""
    if token[:8].isdigit() and token[-8:].isdigit():
        return raw_hash(ord("0"), 0, 1, seed)
    zeroed = bytes(ord("0") if 0x30 <= b <= 0x39 else b for b in token)
    return token_hash(zeroed, seed)


@cache
def end_multipliers() -> list[int]:
    """The multipliers of a line's first and last six tokens (seeded as the shingler's module says)."""
    rng = np.random.default_rng(0x11E5)
    return [int(v) | 1 for v in rng.integers(0, 2**64 - 1, size=12, dtype=np.uint64)]


def line_keys(line: str, seed: int = 1) -> tuple[int, int, int, int]:
    """(head, tail, key, words) of one line with at least one token."""
    multipliers = end_multipliers()
    hashed = [line_token_hash(t, seed) for t in tokens(line)]
    words = len(hashed)
    width = min(words, 6)
    head = sum(h * m for h, m in zip(hashed[:width], multipliers[:6], strict=False))
    tail = sum(h * m for h, m in zip(hashed[words - width :], multipliers[6:], strict=False))
    head = mix64((head & MASK) ^ 0xC2B2AE3D27D4EB4F) | 1
    tail = mix64((tail & MASK) ^ 0x165667B19E3779F9) | 1
    key = mix64(head * 0x9E3779B97F4A7C15 + tail + words) | 1
    return head, tail, key, words


def text_lines(texts: list[str], seed: int = 1) -> list[tuple[int, int, int, int, int]]:
    """(text, head, tail, key, words) of every line with a token of every text, in order."""
    rows = []
    for doc, text in enumerate(texts):
        for line in BREAKS.split(text):
            if tokens(line):
                rows.append((doc, *line_keys(line, seed)))
    return rows
