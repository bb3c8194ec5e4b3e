"""Word shingles of many documents at once, hashed to 64-bit integers without Python loops.

A batch of texts is joined into one UTF-8 byte array and split into tokens: runs
of ASCII letters and digits and of non-ASCII characters other than punctuation
(U+00A0-U+00BF, and U+2000-U+207F: general punctuation and the superscripts after it;
quotes, dashes, no-break spaces are separators, so a change of quote style changes
no shingle). ASCII letters are lower-cased.
Each token is hashed from its length and its first and last eight bytes; a
shingle is ``shingle_size`` consecutive tokens of one
document, its hash a mix of theirs. Everything is numpy array arithmetic, so the
cost per document is a few dozen vector operations, not a loop over its words.

The hashes depend only on the text and the seed: they are stable across runs,
processes and machines, which the persistent index relies on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

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
_CHUNK_CHARS = 192_000
_WORD_BYTE = np.zeros(256, dtype=bool)
for _c in b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789":
    _WORD_BYTE[_c] = True
_WORD_BYTE[0x80:] = True
_WORD_BYTES = _WORD_BYTE.astype(np.uint8).tobytes()
_LOWER = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz")
#: Bytes that end a line, as ``str.splitlines`` reads them (the rare U+0085, U+2028, U+2029 do not here)
_BREAK_BYTE = np.zeros(256, dtype=bool)
_BREAK_BYTE[[0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E]] = True
_ZEROS = np.array([int.from_bytes(b"0" * k, "little") for k in range(9)], dtype=np.uint64)
_LANES_30, _LANES_0A, _HIGH = (
    np.uint64(int.from_bytes(bytes([b]) * 8, "little")) for b in (0x30, 0x0A, 0x80)
)
#: ``_HIGH_BITS[k]``: the top bit of each of the first ``k`` bytes of a word
_HIGH_BITS = np.array([int.from_bytes(b"\x80" * k, "little") for k in range(9)], dtype=np.uint64)


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


#: Words at each end of a line that make its head and its tail (:class:`LineBatch`).
END_WORDS = 6
_KEY_SALT = np.uint64(0x9E3779B97F4A7C15)
_END_SALTS = np.array([0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)
_END_MULTIPLIERS = np.random.default_rng(0x11E5).integers(
    0, 2**64 - 1, size=2 * END_WORDS, dtype=np.uint64
) | np.uint64(1)


@dataclass(frozen=True)
class LineBatch:
    """Keys of the lines of a batch of texts (those with a word), read in the shingling pass.

    ``doc[i]`` is the text (its index in the batch) of line ``i``; lines come in
    text order, then line order. A line's ``head`` and ``tail`` hash its first and
    its last :data:`END_WORDS` tokens, in order; its ``key`` its head, tail and
    ``words`` (its number of tokens). Every digit reads as ``0`` and every number
    as one token (``3`` and ``2024`` alike); a token is read from its first and last
    eight bytes, so one of more than 16 bytes with digits there is a number whatever
    its middle. See :mod:`newsclean.dedup.lines`.
    """

    doc: I64
    key: U64
    head: U64
    tail: U64
    words: I64

    def __len__(self) -> int:
        return len(self.doc)


@dataclass(frozen=True)
class _LineEnds:
    """The lines of one slice of a batch: text, words, and the raw words of their first and last tokens."""

    doc: I64
    words: I64
    head: U64  # (lines, 2 * END_WORDS): the first END_WORDS tokens, then the last END_WORDS
    tail: U64
    size: U64


@dataclass(frozen=True)
class ShingleBatch:
    """Shingle hashes of a batch of documents, laid out like a CSR matrix.

    The shingles of document ``i`` are ``hashes[offsets[i]:offsets[i + 1]]``;
    ``token_counts[i]`` is its number of tokens; ``lines`` its line keys, when
    asked for.
    """

    hashes: U64
    offsets: I64
    token_counts: I64
    lines: LineBatch | None = None

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
        hashes, doc_of_token, _ = self._tokens(texts, lines=False)
        return hashes, doc_of_token

    def _tokens(self, texts: Sequence[str], lines: bool) -> tuple[U64, I64, _LineEnds | None]:
        encoded = [t.encode("utf-8") for t in texts]
        lengths = np.fromiter((len(e) + 1 for e in encoded), dtype=np.int64, count=len(encoded))
        joined = (_PAD + b" ".join(encoded) + b" " + _PAD).translate(_LOWER)
        is_word = word_mask(joined).view(np.int8)
        edges = np.diff(is_word)
        starts = np.flatnonzero(edges == 1) + 1
        ends = np.flatnonzero(edges == -1) + 1
        if len(starts) == 0:
            empty, none = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
            no_ends = np.zeros((0, 2 * END_WORDS), dtype=np.uint64)
            return none, empty, _LineEnds(empty, empty, no_ends, no_ends, no_ends) if lines else None
        words = np.ndarray(shape=(len(joined) - 7,), dtype="<u8", buffer=joined, offset=0, strides=(1,))
        size = (ends - starts).astype(np.uint64)
        head = words[starts] & _HEAD_MASK[np.minimum(size, 8)]
        tail = words[ends - 8] & _TAIL_MASK[np.minimum(size, 9)]
        with np.errstate(over="ignore"):
            hashed = mix64(head * self._salt + tail * self._size_salt + size)
        doc_ends = np.cumsum(lengths) + len(_PAD)
        doc_of_token = np.searchsorted(doc_ends, starts, side="right").astype(np.int64)
        if not lines:
            return hashed, doc_of_token, None
        text_starts = doc_ends - lengths
        return hashed, doc_of_token, self._lines(joined, starts, text_starts, doc_of_token, head, tail, size)

    def _lines(
        self, joined: bytes, starts: I64, text_starts: I64, doc: I64, head: U64, tail: U64, size: U64
    ) -> _LineEnds:
        """The lines of one slice: text, words, and the bytes of their end tokens (hashed later, per batch).

        Only per-line work, bar finding the line ends: a line's first token is the
        first after a line end, or a text's first.
        """
        data = np.frombuffer(joined, dtype=np.uint8)
        control = np.flatnonzero(data < 0x1F)
        breaks = control[_BREAK_BYTE[data[control]]]
        first = np.union1d(np.searchsorted(starts, breaks), np.searchsorted(starts, text_starts))
        first = first[first < len(starts)]
        words = np.diff(np.append(first, len(starts)))
        width = np.minimum(words, END_WORDS)[:, None]
        span = np.minimum(np.arange(END_WORDS), width - 1)
        index = np.concatenate([first[:, None] + span, (first + words)[:, None] - width + span], axis=1)
        return _LineEnds(doc[first], words, head[index], tail[index], size[index])

    def _line_batch(self, parts: Sequence[_LineEnds], firsts: Sequence[int]) -> LineBatch:
        """The keys of the lines of a batch's slices (``firsts``: each slice's first text)."""
        doc = np.concatenate([p.doc + first for p, first in zip(parts, firsts, strict=True)])
        words = np.concatenate([p.words for p in parts])
        head, digits_head = _digits_as_zero(np.concatenate([p.head for p in parts]))
        tail, digits_tail = _digits_as_zero(np.concatenate([p.tail for p in parts]))
        size = np.concatenate([p.size for p in parts])
        number = (digits_head == _HIGH_BITS[np.minimum(size, 8)]) & (
            (size <= 8) | (digits_tail == _HIGH_BITS[8])
        )
        inside = np.tile(np.arange(END_WORDS), 2) < np.minimum(words, END_WORDS)[:, None]
        with np.errstate(over="ignore"):
            token = mix64(
                np.where(number, _ZEROS[1], head) * self._salt
                + np.where(number, 0, tail) * self._size_salt
                + np.where(number, 1, size)
            )
            spread = np.where(inside, token * _END_MULTIPLIERS, 0)
            ends = mix64(np.add.reduceat(spread, [0, END_WORDS], axis=1) ^ _END_SALTS) | np.uint64(1)
            key = mix64(ends[:, 0] * _KEY_SALT + ends[:, 1] + words.astype(np.uint64)) | np.uint64(1)
        return LineBatch(doc, key, ends[:, 0].copy(), ends[:, 1].copy(), words.astype(np.int64))

    def shingle(self, texts: Sequence[str], lines: bool = False) -> ShingleBatch:
        """Shingle hashes of every text; a text of fewer tokens than ``shingle_size`` has none.

        Texts are processed in slices of about ``_CHUNK_CHARS`` characters, which
        keeps the working arrays in the CPU cache. With ``lines``, the batch also
        holds the keys of the texts' lines (:class:`LineBatch`).
        """
        parts: list[tuple[ShingleBatch, _LineEnds | None]] = []
        firsts: list[int] = []
        start, size = 0, 0
        for end, text in enumerate(texts, start=1):
            size += len(text)
            if size >= _CHUNK_CHARS or end == len(texts):
                parts.append(self._shingle(texts[start:end], lines))
                firsts.append(start)
                start, size = end, 0
        if not parts:
            parts, firsts = [self._shingle([], lines)], [0]
        line_ends = [ends for _, ends in parts if ends is not None]
        line_batch = self._line_batch(line_ends, firsts) if lines else None
        if len(parts) == 1:
            return replace(parts[0][0], lines=line_batch)
        batches = [batch for batch, _ in parts]
        bases = np.cumsum([0] + [len(p.hashes) for p in batches[:-1]])
        offsets = np.concatenate(
            [[0]] + [p.offsets[1:] + base for p, base in zip(batches, bases, strict=True)]
        )
        return ShingleBatch(
            np.concatenate([p.hashes for p in batches]),
            offsets.astype(np.int64),
            np.concatenate([p.token_counts for p in batches]),
            line_batch,
        )

    def _shingle(self, texts: Sequence[str], lines: bool = False) -> tuple[ShingleBatch, _LineEnds | None]:
        n = self.shingle_size
        tokens, doc_of_token, line_ends = self._tokens(texts, lines)
        token_counts = np.bincount(doc_of_token, minlength=len(texts)).astype(np.int64)
        count = len(tokens) - n + 1
        if count <= 0:
            empty = ShingleBatch(
                np.zeros(0, dtype=np.uint64), np.zeros(len(texts) + 1, dtype=np.int64), token_counts
            )
            return empty, line_ends
        with np.errstate(over="ignore"):
            combined = tokens[:count] * self._combine[0]
            for j in range(1, n):
                combined += tokens[j : j + count] * self._combine[j]
        keep = doc_of_token[:count] == doc_of_token[n - 1 : n - 1 + count]
        hashes = mix64(combined[keep])
        shingle_docs = doc_of_token[:count][keep]
        offsets = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(np.bincount(shingle_docs, minlength=len(texts)), out=offsets[1:])
        return ShingleBatch(hashes, offsets, token_counts), line_ends


def _digits_as_zero(words: U64) -> tuple[U64, U64]:
    """Each byte of ``words`` that is a digit made ``0``, and the top bit of each byte that was (a SWAR trick:
    eight bytes a step, without a per-byte lookup)."""
    x = words ^ _LANES_30  # a digit byte becomes 0x00 .. 0x09
    with np.errstate(over="ignore"):
        below_ten = ~((x | _HIGH) - _LANES_0A)
    digits = below_ten & ~x & _HIGH
    lanes = (digits >> np.uint64(7)) * np.uint64(0xFF)
    return (words & ~lanes) | (_LANES_30 & lanes), digits
