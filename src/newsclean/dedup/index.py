"""An in-memory LSH index over MinHash signatures (banding), kept in sorted numpy arrays.

A signature of ``bands * rows`` values is cut into ``bands`` bands of ``rows``
values; each band is hashed to a 32-bit key (the band number is part of the
key; a chance collision only adds a candidate pair, which verification drops).
Two documents are candidates when they share a key, which happens with
probability ``1 - (1 - J**rows) ** bands`` for Jaccard similarity ``J``.

Keys are kept as a few sorted runs (an LSM tree: a new batch is one run, runs of
similar size are merged), so adding a batch and finding its candidates costs
``O(batch * bands * log N)`` with no Python loop over documents, and the memory
is 8 bytes per (document, band). Each run is kept as ``2**_SEGMENT_BITS``
segments by the top bits of the key, and two runs are merged segment by
segment, so a merge needs temporary memory for one segment at a time, not for
the whole index. Sequence numbers must stay below 2**31.

The work per new document is bounded whatever the corpus: one band key pairs it
with at most ``max_bucket`` earlier documents (the earliest that share the key),
so it has at most ``bands * max_bucket`` candidates, and with ``limit`` only the
``limit`` of them that share the most weight (then the earliest) are returned:
each shared band key weighs ``2**20 // n``, where ``n`` is how many earlier
documents the key pairs the new one with, so the keys a site's furniture puts in
all its pages count little, the keys of an article shared by its few copies much
(without this, on a site with dozens of pages, the earliest pages sharing its
furniture would fill the ``limit`` and crowd out the copies of a story).
The batch is queried in slices of ``_CHUNK_DOCS`` documents, so the temporary
arrays stay bounded too.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from newsclean.dedup.shingles import mix64
from newsclean.errors import ConfigError

U32 = npt.NDArray[np.uint32]
I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
#: sorted keys of either width (the band index's 32-bit, the evidence runs' 64-bit)
K = TypeVar("K", npt.NDArray[np.uint32], npt.NDArray[np.uint64])

_BAND_SALT = np.uint64(0x9E3779B97F4A7C15)
_CHUNK_DOCS = 256
_SEGMENT_BITS = 4
_WEIGHT = 1 << 20
#: the first key of every segment but the first
_SEGMENT_STARTS = (np.arange(1, 2**_SEGMENT_BITS, dtype=np.uint64) << np.uint64(32 - _SEGMENT_BITS)).astype(
    np.uint32
)
Run = list[tuple[U32, I32]]  # the segments of one sorted run


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
        self._runs: list[Run] = []
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def close(self) -> None:
        """Release what the index holds outside memory (nothing here; see :class:`DiskLSHIndex`)."""

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

    def add(self, signatures: U32, seqs: npt.ArrayLike, limit: int | None = None) -> I64:
        """Index ``signatures`` of documents ``seqs`` (increasing, above any indexed before).

        Returns the candidate pairs ``[new_seq, earlier_seq]`` (shape ``(m, 2)``,
        unique, sorted) among the new documents and with documents indexed before;
        with ``limit``, at most ``limit`` per new document: those sharing the most
        bands with it, then the earliest.
        """
        return self.add_keys(self.keys(signatures), seqs, limit)

    def add_keys(self, keys: U32, seqs: npt.ArrayLike, limit: int | None = None) -> I64:
        """As :meth:`add`, from precomputed band keys (shape ``(len(seqs), bands)``)."""
        doc_seqs = np.asarray(seqs, dtype=np.int32)
        rows = keys.reshape(len(doc_seqs), keys.shape[1] if keys.ndim == 2 else 1)
        batch = _segments(*_sorted_run(rows, doc_seqs))
        found = [
            self._candidates(
                _sorted_run(rows[i : i + _CHUNK_DOCS], doc_seqs[i : i + _CHUNK_DOCS]), batch, limit
            )
            for i in range(0, len(doc_seqs), _CHUNK_DOCS)
        ]
        self._runs.append(batch)
        self._count += len(doc_seqs)
        while len(self._runs) > 1 and _size(self._runs[-2]) <= 2 * _size(self._runs[-1]):
            newer = self._runs.pop()
            self._runs.append(_merge(self._runs.pop(), newer))
        if not found:
            return np.zeros((0, 2), dtype=np.int64)
        return np.concatenate(found)

    def _candidates(self, query: tuple[U32, I32], batch: Run, limit: int | None) -> I64:
        """The candidates of the documents in ``query`` (some of those in ``batch``, not yet indexed).

        Runs are visited oldest first, and within a run equal keys are in sequence
        order, so each key's budget of ``max_bucket`` goes to its earliest documents.
        """
        budget = np.full(len(query[0]), self.max_bucket, dtype=np.int64)
        parts, entries = [], []
        for run in self._runs:
            pairs, taken, entry = self._matches(run, query, budget, same_batch=False)
            parts.append(pairs)
            entries.append(entry)
            budget -= taken
        pairs, _, entry = self._matches(batch, query, budget, same_batch=True)
        entry = np.concatenate([*entries, entry])
        return _best(
            np.concatenate([*parts, pairs]),
            limit,
            key_weights(np.bincount(entry, minlength=len(budget)))[entry],
        )

    @staticmethod
    def _matches(run: Run, query: tuple[U32, I32], budget: I64, same_batch: bool) -> tuple[I64, I64, I64]:
        """Pairs ``[query seq, run seq]`` of equal keys, at most ``budget`` per query key, how many, and the
        query entry of each pair.

        In ``same_batch`` mode the run holds the query documents themselves: only
        earlier documents pair, and the first ``budget`` entries of a key are all
        earlier than the query's own entry or include it.
        """
        keys, seqs = query
        edges = [0, *np.searchsorted(keys, _SEGMENT_STARTS).tolist(), len(keys)]
        counts = np.zeros(len(keys), dtype=np.int64)
        parts = [np.zeros((0, 2), dtype=np.int64)]
        entries = [np.zeros(0, dtype=np.int64)]
        for segment, (a, b) in zip(run, pairwise(edges), strict=True):
            if a < b and len(segment[0]):
                pairs, counts[a:b], entry = _segment_matches(
                    segment, (keys[a:b], seqs[a:b]), budget[a:b], same_batch
                )
                parts.append(pairs)
                entries.append(entry + a)
        return np.concatenate(parts), counts, np.concatenate(entries)


def key_weights(shared_by: I64) -> I64:
    """The weight of a shared band key in the candidates' ranking, by how many earlier documents it pairs
    with (at most ``max_bucket``): ``2**20 // n``. A key that a site's furniture puts in every one of its pages
    weighs little; a key of the story itself, shared by its few copies, much.

    >>> key_weights(np.array([1, 2, 64])).tolist()
    [1048576, 524288, 16384]
    """
    weights: I64 = (_WEIGHT // np.maximum(shared_by, 1)).astype(np.int64)
    return weights


def _segment_matches(
    segment: tuple[U32, I32], query: tuple[U32, I32], budget: I64, same_batch: bool
) -> tuple[I64, I64, I64]:
    """:meth:`LSHIndex._matches` within one segment."""
    run_keys, run_seqs = segment
    keys, seqs = query
    lo = np.searchsorted(run_keys, keys, side="left")
    # most keys are in no other document: the end of a key's entries is searched for the keys found only
    inside = np.flatnonzero(lo < len(run_keys))
    found = inside[run_keys[lo[inside]] == keys[inside]]
    hi = lo.copy()
    hi[found] = np.searchsorted(run_keys, keys[found], side="right")
    counts = np.minimum(hi - lo, budget)
    hit = counts > 0
    if not hit.any():
        return np.zeros((0, 2), dtype=np.int64), counts, np.zeros(0, dtype=np.int64)
    entry = np.flatnonzero(hit)
    lo, hits, query_seqs = lo[hit], counts[hit], seqs[hit]
    total = int(hits.sum())
    starts = np.repeat(np.cumsum(hits) - hits, hits)
    positions = np.repeat(lo, hits) + (np.arange(total) - starts)
    left = np.repeat(query_seqs, hits).astype(np.int64)
    right = run_seqs[positions].astype(np.int64)
    entries = np.repeat(entry, hits).astype(np.int64)
    if same_batch:
        keep = right < left
        left, right, entries = left[keep], right[keep], entries[keep]
    return np.stack([left, right], axis=1), counts, entries


def _sorted_run(keys: U32, seqs: I32) -> tuple[U32, I32]:
    """Band keys of documents (one row each) as a run: flattened, sorted by key, then by sequence number."""
    flat_keys = keys.reshape(-1)
    flat_seqs = np.repeat(seqs, keys.shape[1])
    # each key with its position below it in one 64-bit number: sorting those gives the order of a stable
    # argsort by key (equal keys in sequence order) several times faster (positions fit in 32 bits: a batch
    # of 2**32 band keys would be 16 GB of keys alone)
    packed = (flat_keys.astype(np.uint64) << np.uint64(32)) | np.arange(len(flat_keys), dtype=np.uint64)
    packed.sort()
    order = (packed & np.uint64(0xFFFFFFFF)).astype(np.intp)
    sorted_keys: U32 = (packed >> np.uint64(32)).astype(np.uint32)
    return sorted_keys, flat_seqs[order]


def _best(pairs: I64, limit: int | None, weights: I64) -> I64:
    """Unique pairs sorted; with ``limit``, per new document the ``limit`` with the most weight (the sum of
    the ``weights`` of the keys it shares), then the earliest."""
    return _ranked(*_tally(_pack(pairs), weights), limit)


def _pack(pairs: I64) -> I64:
    """Pairs ``[new, earlier]`` as one integer each, ``new << 32 | earlier``."""
    packed: I64 = (pairs[:, 0] << np.int64(32)) | pairs[:, 1]
    return packed


def _tally(packed: I64, shared: I64) -> tuple[I64, I64]:
    """Packed pairs made unique and sorted, with the weight of the keys each shares (``shared``: one weight
    per entry of ``packed``)."""
    unique, where = np.unique(packed, return_inverse=True)
    return unique, np.bincount(where.reshape(-1), weights=shared, minlength=len(unique)).astype(np.int64)


def _ranked(packed: I64, shared: I64, limit: int | None) -> I64:
    """:func:`_best` from a tally."""
    if len(packed) == 0:
        return np.zeros((0, 2), dtype=np.int64)
    new = packed >> np.int64(32)
    if limit is not None and len(packed) > limit:
        order = np.lexsort((packed, -shared, new))
        ranked = new[order]
        rank = np.arange(len(order)) - np.searchsorted(ranked, ranked, side="left")
        packed = np.sort(packed[order[rank < limit]])
        new = packed >> np.int64(32)
    return np.stack([new, packed & np.int64(0xFFFFFFFF)], axis=1)


def _segments(keys: U32, seqs: I32) -> Run:
    """A sorted run cut into its segments (copies: the run's arrays are not kept alive)."""
    edges = [0, *np.searchsorted(keys, _SEGMENT_STARTS).tolist(), len(keys)]
    return [(keys[a:b].copy(), seqs[a:b].copy()) for a, b in pairwise(edges)]


def _size(run: Run) -> int:
    return sum(len(keys) for keys, _ in run)


def _merge(older: Run, newer: Run) -> Run:
    """Merge two runs segment by segment, releasing each pair of input segments once merged."""
    merged = []
    for i in range(len(older)):
        merged.append(_merge_sorted(older[i], newer[i]))
        older[i] = newer[i] = (np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.int32))
    return merged


def _merge_sorted(older: tuple[K, I32], newer: tuple[K, I32]) -> tuple[K, I32]:
    """Merge two sorted arrays of keys (and their values: sequence numbers, counts), in linear
    time; among equal keys the older stay first. The keys keep their type (32 or 64 bits)."""
    (k1, s1), (k2, s2) = older, newer
    slots = np.searchsorted(k1, k2, side="right") + np.arange(len(k2))
    keys: K = np.empty(len(k1) + len(k2), dtype=np.result_type(k1, k2))
    seqs = np.empty(len(keys), dtype=np.int32)
    from_newer = np.zeros(len(keys), dtype=bool)
    from_newer[slots] = True
    keys[slots], seqs[slots] = k2, s2
    from_older = np.logical_not(from_newer, out=from_newer)
    keys[from_older], seqs[from_older] = k1, s1
    return keys, seqs
