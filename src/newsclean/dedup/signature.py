"""MinHash signatures by one-permutation hashing with optimal densification.

Classic MinHash applies ``num_perm`` hash functions to every shingle. One
permutation hashing (Li, Owen & Zhang 2012) hashes each shingle once: the top
bits of the 64-bit shingle hash pick one of ``num_perm`` bins, the low 32 bits
are its value, and the signature is the minimum value in each bin. A bin that
got no shingle (short documents) borrows the value of another bin chosen by a
fixed pseudo-random probe sequence (optimal densification, Shrivastava 2017),
so that, as with classic MinHash, the share of equal positions in two
signatures estimates the Jaccard similarity of the shingle sets. The cost is one
sort per batch instead of ``num_perm`` multiplications per shingle.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from newsclean.dedup.shingles import ShingleBatch, Shingler, mix64
from newsclean.errors import ConfigError

U32 = npt.NDArray[np.uint32]
EMPTY = np.uint32(0xFFFFFFFF)
_MAX_PROBES = 512
_CHUNK_DOCS = 64


class MinHasher:
    """Makes MinHash signatures (``num_perm`` unsigned 32-bit values per document).

    ``num_perm`` must be a power of two between 2 and 1024. A document without a
    single shingle (fewer tokens than the shingle size) gets a signature of
    :data:`EMPTY` values, equal to no other signature's values... but to other empty ones;
    callers skip such documents.

    >>> hasher = MinHasher(num_perm=64, shingle_size=3)
    >>> a, b, c = hasher.signatures([
    ...     "the quick brown fox jumps over the lazy dog near the river bank",
    ...     "the quick brown fox jumps over the lazy dog near the river",
    ...     "an entirely different sentence about markets and interest rates today",
    ... ])
    >>> jaccard(a, b) > 0.6, jaccard(a, c) < 0.2
    (True, True)
    """

    def __init__(self, num_perm: int = 128, shingle_size: int = 5, seed: int = 1) -> None:
        if num_perm < 2 or num_perm > 1024 or num_perm & (num_perm - 1):
            raise ConfigError(f"num_perm must be a power of two from 2 to 1024, got {num_perm}")
        self.num_perm = num_perm
        self.shingler = Shingler(shingle_size, seed)
        self._bits = num_perm.bit_length() - 1
        rng = np.random.default_rng([seed, 0xD3])
        self._probes = rng.integers(0, num_perm, size=(_MAX_PROBES, num_perm), dtype=np.int64)

    def signatures(self, texts: Sequence[str]) -> U32:
        """Signatures of ``texts``, one row each (shape ``(len(texts), num_perm)``)."""
        return self.from_shingles(self.shingler.shingle(texts))

    def signature(self, text: str) -> U32:
        """The signature of one text."""
        row: U32 = self.signatures([text])[0]
        return row

    def from_shingles(self, batch: ShingleBatch) -> U32:
        """Signatures of an already shingled batch (in slices of ``_CHUNK_DOCS`` documents)."""
        n_docs = len(batch.offsets) - 1
        if n_docs <= _CHUNK_DOCS:
            return self._from_shingles(batch)
        parts = []
        for start in range(0, n_docs, _CHUNK_DOCS):
            end = min(start + _CHUNK_DOCS, n_docs)
            lo, hi = batch.offsets[start], batch.offsets[end]
            part = ShingleBatch(
                batch.hashes[lo:hi], batch.offsets[start : end + 1] - lo, batch.token_counts[start:end]
            )
            parts.append(self._from_shingles(part))
        return np.concatenate(parts)

    def _from_shingles(self, batch: ShingleBatch) -> U32:
        n_docs = len(batch.offsets) - 1
        k = self.num_perm
        hashes = batch.hashes
        doc = np.repeat(np.arange(n_docs, dtype=np.uint64), np.diff(batch.offsets))
        cell = (doc << np.uint64(self._bits)) | (hashes >> np.uint64(64 - self._bits))
        packed = (cell << np.uint64(32)) | (hashes & np.uint64(0xFFFFFFFF))
        packed.sort()
        cells = packed >> np.uint64(32)
        first = np.ones(len(packed), dtype=bool)
        first[1:] = cells[1:] != cells[:-1]
        flat = np.full(n_docs * k, EMPTY, dtype=np.uint32)
        flat[cells[first].astype(np.int64)] = (packed[first] & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        signatures = flat.reshape(n_docs, k)
        filled = np.zeros(n_docs * k, dtype=bool)
        filled[cells[first].astype(np.int64)] = True
        self._densify(signatures, filled.reshape(n_docs, k))
        return signatures

    def _densify(self, signatures: U32, filled: npt.NDArray[np.bool_]) -> None:
        """Fill every empty bin of a document that has at least one filled bin."""
        has_any: npt.NDArray[np.bool_] = np.asarray(filled.any(axis=1))
        rows, cols = np.nonzero(~filled & has_any[:, None])
        for attempt in range(_MAX_PROBES):
            if len(rows) == 0:
                return
            source = self._probes[attempt, cols]
            hit = filled[rows, source]
            signatures[rows[hit], cols[hit]] = signatures[rows[hit], source[hit]]
            rows, cols = rows[~hit], cols[~hit]
        # a document with a handful of filled bins may outlast the probes; copy its first filled bin
        first_filled = np.argmax(filled, axis=1)
        signatures[rows, cols] = signatures[rows, first_filled[rows]]


def jaccard(a: U32, b: U32) -> float:
    """The Jaccard similarity that two signatures estimate: the share of equal positions.

    >>> jaccard(np.array([1, 2, 3, 4], dtype=np.uint32), np.array([1, 2, 0, 0], dtype=np.uint32))
    0.5
    """
    if a.shape != b.shape:
        raise ConfigError(
            f"signatures of different lengths ({len(a)} and {len(b)}) cannot be compared: "
            "make both with the same MinHasher"
        )
    return float(np.count_nonzero(a == b)) / len(a)


__all__ = ["EMPTY", "MinHasher", "jaccard", "mix64"]
