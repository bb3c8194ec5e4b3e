"""Word shingles of many documents at once, hashed to 64-bit integers without Python loops.

A batch of texts is joined into one UTF-8 byte array and split into tokens: runs
of ASCII letters and digits and of non-ASCII characters other than punctuation
(U+00A0-U+00BF and U+2000-U+206F: quotes, dashes, no-break spaces are separators,
so a change of quote style changes no shingle). ASCII letters are lower-cased.
Each token is hashed from its length and its first and last eight bytes; a
shingle is ``shingle_size`` consecutive tokens of one
document, its hash a mix of theirs. Everything is numpy array arithmetic, so the
cost per document is a few dozen vector operations, not a loop over its words.

The hashes depend only on the text and the seed: they are stable across runs,
processes and machines, which the persistent index relies on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newsclean.errors import ConfigError

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]

_PAD = b" " * 8
#: ``_HEAD_MASK[k]`` keeps the first ``k`` bytes of a little-endian word; ``_TAIL_MASK[k]`` keeps the
#: last eight bytes of a token of ``k`` bytes only when they are not all in its head already.
_HEAD_MASK = np.array([(1 << (8 * k)) - 1 for k in range(8)] + [2**64 - 1], dtype=np.uint64)
_TAIL_MASK = np.array([0] * 9 + [2**64 - 1], dtype=np.uint64)
_CHUNK_CHARS = 48_000
_WORD_BYTE = np.zeros(256, dtype=bool)
for _c in b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789":
    _WORD_BYTE[_c] = True
_WORD_BYTE[0x80:] = True
_WORD_BYTES = _WORD_BYTE.astype(np.uint8).tobytes()
_LOWER = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz")


def word_mask(data: bytes) -> npt.NDArray[np.bool_]:
    """Which bytes of UTF-8 ``data`` belong to words (see the module docstring).

    >>> word_mask("a’b «c»".encode()).astype(int).tolist()
    [1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0]
    """
    padded = data + b"\0\0"
    is_word = np.frombuffer(bytearray(padded.translate(_WORD_BYTES)), dtype=np.bool_)
    array = np.frombuffer(padded, dtype=np.uint8)
    lead = np.flatnonzero((array[:-2] == 0xC2) | (array[:-2] == 0xE2))
    second = array[lead + 1]
    latin = lead[(array[lead] == 0xC2) & (second >= 0xA0) & (second <= 0xBF)]
    is_word[latin] = False
    is_word[latin + 1] = False
    general = lead[(array[lead] == 0xE2) & ((second == 0x80) | (second == 0x81))]
    for k in range(3):
        is_word[general + k] = False
    return is_word[: len(data)]


def mix64(values: U64) -> U64:
    """The splitmix64 finaliser, element-wise: spreads every input bit over every output bit.

    >>> int(mix64(np.array([1], dtype=np.uint64))[0])
    6238072747940578789
    """
    with np.errstate(over="ignore"):
        z = values ^ (values >> np.uint64(30))
        z = z * np.uint64(0xBF58476D1CE4E5B9)
        z ^= z >> np.uint64(27)
        z = z * np.uint64(0x94D049BB133111EB)
        z ^= z >> np.uint64(31)
    mixed: U64 = z
    return mixed


def count_tokens(text: str) -> int:
    """The number of word tokens in ``text``, as the shingler counts them.

    >>> count_tokens("It’s 9 o'clock — “late”.")
    6
    """
    data = (b" " + text.encode("utf-8") + b"   ").translate(_LOWER)
    is_word = word_mask(data)
    return int(np.count_nonzero(is_word[1:] & ~is_word[:-1]))


@dataclass(frozen=True)
class ShingleBatch:
    """Shingle hashes of a batch of documents, laid out like a CSR matrix.

    The shingles of document ``i`` are ``hashes[offsets[i]:offsets[i + 1]]``;
    ``token_counts[i]`` is its number of tokens.
    """

    hashes: U64
    offsets: I64
    token_counts: I64

    def of(self, i: int) -> U64:
        """The shingle hashes of document ``i`` (duplicates included)."""
        return self.hashes[self.offsets[i] : self.offsets[i + 1]]


class Shingler:
    """Turns texts into word-shingle hashes; the same ``shingle_size`` and ``seed`` give the same hashes.

    >>> shingler = Shingler(shingle_size=3)
    >>> batch = shingler.shingle(["One two three four.", "one TWO three", "x"])
    >>> batch.token_counts.tolist(), [len(batch.of(i)) for i in range(3)]
    ([4, 3, 1], [2, 1, 0])
    >>> bool(batch.of(0)[0] == batch.of(1)[0])
    True
    """

    def __init__(self, shingle_size: int = 5, seed: int = 1) -> None:
        if shingle_size < 1:
            raise ConfigError(f"shingle_size must be at least 1, got {shingle_size}")
        self.shingle_size = shingle_size
        self.seed = seed
        rng = np.random.default_rng([seed, 0x5EED])
        self._salt, self._size_salt = (
            np.uint64(v) for v in rng.integers(0, 2**64 - 1, size=2, dtype=np.uint64)
        )
        self._combine: U64 = rng.integers(0, 2**64 - 1, size=shingle_size, dtype=np.uint64) | np.uint64(1)

    def token_hashes(self, texts: Sequence[str]) -> tuple[U64, I64]:
        """Hashes of every token of every text, and each token's document number.

        A token's hash mixes its length, its first eight bytes and its last eight
        bytes (read as unaligned 64-bit words straight from the byte buffer), so the
        work is per token, not per byte; two tokens longer than 16 bytes that agree
        on length, head and tail collide, which shingling can afford.
        """
        encoded = [t.encode("utf-8") for t in texts]
        lengths = np.fromiter((len(e) + 1 for e in encoded), dtype=np.int64, count=len(encoded))
        joined = (_PAD + b" ".join(encoded) + b" " + _PAD).translate(_LOWER)
        is_word = word_mask(joined).view(np.int8)
        edges = np.diff(is_word)
        starts = np.flatnonzero(edges == 1) + 1
        ends = np.flatnonzero(edges == -1) + 1
        if len(starts) == 0:
            return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
        words = np.ndarray(shape=(len(joined) - 7,), dtype="<u8", buffer=joined, offset=0, strides=(1,))
        size = (ends - starts).astype(np.uint64)
        head = words[starts] & _HEAD_MASK[np.minimum(size, 8)]
        tail = words[ends - 8] & _TAIL_MASK[np.minimum(size, 9)]
        with np.errstate(over="ignore"):
            hashed = mix64(head * self._salt + tail * self._size_salt + size)
        doc_ends = np.cumsum(lengths) + len(_PAD)
        doc_of_token = np.searchsorted(doc_ends, starts, side="right").astype(np.int64)
        return hashed, doc_of_token

    def shingle(self, texts: Sequence[str]) -> ShingleBatch:
        """Shingle hashes of every text; a text of fewer tokens than ``shingle_size`` has none.

        Texts are processed in slices of about ``_CHUNK_CHARS`` characters, which
        keeps the working arrays in the CPU cache.
        """
        parts: list[ShingleBatch] = []
        start, size = 0, 0
        for end, text in enumerate(texts, start=1):
            size += len(text)
            if size >= _CHUNK_CHARS or end == len(texts):
                parts.append(self._shingle(texts[start:end]))
                start, size = end, 0
        if len(parts) == 1:
            return parts[0]
        if not parts:
            return self._shingle([])
        bases = np.cumsum([0] + [len(p.hashes) for p in parts[:-1]])
        offsets = np.concatenate([[0]] + [p.offsets[1:] + base for p, base in zip(parts, bases, strict=True)])
        return ShingleBatch(
            np.concatenate([p.hashes for p in parts]),
            offsets.astype(np.int64),
            np.concatenate([p.token_counts for p in parts]),
        )

    def _shingle(self, texts: Sequence[str]) -> ShingleBatch:
        n = self.shingle_size
        tokens, doc_of_token = self.token_hashes(texts)
        token_counts = np.bincount(doc_of_token, minlength=len(texts)).astype(np.int64)
        count = len(tokens) - n + 1
        if count <= 0:
            return ShingleBatch(
                np.zeros(0, dtype=np.uint64), np.zeros(len(texts) + 1, dtype=np.int64), token_counts
            )
        with np.errstate(over="ignore"):
            combined = tokens[:count] * self._combine[0]
            for j in range(1, n):
                combined += tokens[j : j + count] * self._combine[j]
        keep = doc_of_token[:count] == doc_of_token[n - 1 : n - 1 + count]
        hashes = mix64(combined[keep])
        shingle_docs = doc_of_token[:count][keep]
        offsets = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(np.bincount(shingle_docs, minlength=len(texts)), out=offsets[1:])
        return ShingleBatch(hashes, offsets, token_counts)
