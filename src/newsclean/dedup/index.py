"""An in-memory LSH index over MinHash signatures (banding), kept in sorted numpy arrays.

A signature of ``bands * rows`` values is cut into ``bands`` bands of ``rows``
values; each band is hashed to a 32-bit key (the band number is part of the
key; a chance collision only adds a candidate pair, which verification drops).
Two documents are candidates when they share a key, which happens with
probability ``1 - (1 - J**rows) ** bands`` for Jaccard similarity ``J``.

Keys are kept as a few sorted runs (an LSM tree: a new batch is one run, runs of
similar size are merged), so adding a batch and finding its candidates costs
``O(batch * bands * log N)`` with no Python loop over documents, and the memory
is 8 bytes per (document, band). Sequence numbers must stay below 2**31.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from newsclean.dedup.shingles import mix64
from newsclean.errors import ConfigError

U32 = npt.NDArray[np.uint32]
I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]

_BAND_SALT = np.uint64(0x9E3779B97F4A7C15)


def candidate_probability(jaccard: float, bands: int, rows: int) -> float:
    """Chance that two documents of Jaccard similarity ``jaccard`` share at least one band.

    >>> round(candidate_probability(0.5, bands=32, rows=4), 3)
    0.873
    """
    return float(1.0 - (1.0 - jaccard**rows) ** bands)


class LSHIndex:
    """Documents (by integer sequence number) and their band keys; answers "who shares a band?".

    ``max_bucket`` bounds how many earlier documents one band key can pair a new
    document with (a template shared by thousands of short documents must not
    make the candidate set quadratic); the earliest ones are kept.

    >>> index = LSHIndex(bands=2, rows=2)
    >>> sigs = np.array([[1, 2, 3, 4], [1, 2, 9, 9], [7, 7, 7, 7]], dtype=np.uint32)
    >>> index.add(sigs, np.array([0, 1, 2])).tolist()
    [[1, 0]]
    >>> index.add(np.array([[5, 5, 3, 4]], dtype=np.uint32), np.array([3])).tolist()
    [[3, 0]]
    >>> len(index)
    4
    """

    def __init__(self, bands: int = 32, rows: int = 4, max_bucket: int = 64) -> None:
        if bands < 1 or rows < 1:
            raise ConfigError(f"bands and rows must be positive, got bands={bands}, rows={rows}")
        self.bands = bands
        self.rows = rows
        self.max_bucket = max_bucket
        self._runs: list[tuple[U32, I32]] = []
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def keys(self, signatures: U32) -> U32:
        """Band keys, shape ``(len(signatures), bands)``: 32-bit hashes of each band and its number."""
        needed = self.bands * self.rows
        if signatures.ndim != 2 or signatures.shape[1] < needed:
            raise ConfigError(
                f"signatures need at least bands*rows = {needed} values each, got shape {signatures.shape}: "
                "make them with num_perm >= bands * rows"
            )
        values = signatures[:, :needed].reshape(len(signatures), self.bands, self.rows).astype(np.uint64)
        key = np.broadcast_to(np.arange(self.bands, dtype=np.uint64) * _BAND_SALT, values.shape[:2]).copy()
        with np.errstate(over="ignore"):
            for j in range(self.rows):
                key = mix64(key ^ (values[:, :, j] + np.uint64(j + 1) * _BAND_SALT))
        result: U32 = (key >> np.uint64(32)).astype(np.uint32)
        return result

    def add(self, signatures: U32, seqs: npt.ArrayLike) -> I64:
        """Index ``signatures`` of documents ``seqs`` (increasing, above any indexed before).

        Returns the candidate pairs ``[new_seq, earlier_seq]`` (shape ``(m, 2)``,
        unique, sorted) among the new documents and with documents indexed before.
        """
        return self.add_keys(self.keys(signatures), seqs)

    def add_keys(self, keys: U32, seqs: npt.ArrayLike) -> I64:
        """As :meth:`add`, from precomputed band keys."""
        doc_seqs = np.asarray(seqs, dtype=np.int32)
        flat_keys = keys.reshape(-1)
        flat_seqs = np.repeat(doc_seqs, keys.shape[1] if keys.ndim == 2 else 1)
        order = np.argsort(flat_keys, kind="stable")
        run = (flat_keys[order], flat_seqs[order])
        found = [self._matches(run, run, same_batch=True)]
        found += [self._matches(old, run, same_batch=False) for old in self._runs]
        self._runs.append(run)
        self._count += len(doc_seqs)
        while len(self._runs) > 1 and len(self._runs[-2][0]) <= 2 * len(self._runs[-1][0]):
            newer = self._runs.pop()
            self._runs.append(_merge(self._runs.pop(), newer))
        pairs = np.concatenate(found)
        if len(pairs) == 0:
            return np.zeros((0, 2), dtype=np.int64)
        packed = np.unique((pairs[:, 0] << np.int64(32)) | pairs[:, 1])
        return np.stack([packed >> np.int64(32), packed & np.int64(0xFFFFFFFF)], axis=1)

    def _matches(self, run: tuple[U32, I32], query: tuple[U32, I32], same_batch: bool) -> I64:
        """Pairs ``[query seq, run seq]`` of equal keys (queries are sorted: the searches stay local)."""
        run_keys, run_seqs = run
        keys, seqs = query
        lo = np.searchsorted(run_keys, keys, side="left")
        hi = np.searchsorted(run_keys, keys, side="right")
        counts = np.minimum(hi - lo, self.max_bucket + (1 if same_batch else 0))
        hit = counts > (1 if same_batch else 0)
        if not hit.any():
            return np.zeros((0, 2), dtype=np.int64)
        lo, counts, query_seqs = lo[hit], counts[hit], seqs[hit]
        total = int(counts.sum())
        starts = np.repeat(np.cumsum(counts) - counts, counts)
        positions = np.repeat(lo, counts) + (np.arange(total) - starts)
        left = np.repeat(query_seqs, counts).astype(np.int64)
        right = run_seqs[positions].astype(np.int64)
        keep = right < left if same_batch else left != right
        return np.stack([left[keep], right[keep]], axis=1)


def _merge(older: tuple[U32, I32], newer: tuple[U32, I32]) -> tuple[U32, I32]:
    """Merge two sorted runs; among equal keys the older entries stay first."""
    (k1, s1), (k2, s2) = older, newer
    slots = np.searchsorted(k1, k2, side="right") + np.arange(len(k2))
    keys = np.empty(len(k1) + len(k2), dtype=np.uint32)
    seqs = np.empty(len(keys), dtype=np.int32)
    from_newer = np.zeros(len(keys), dtype=bool)
    from_newer[slots] = True
    keys[slots], seqs[slots] = k2, s2
    keys[~from_newer], seqs[~from_newer] = k1, s1
    return keys, seqs
