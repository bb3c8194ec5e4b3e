"""The LSH index with its sorted runs in files: memory stays the same however many documents it holds.

:class:`DiskLSHIndex` answers exactly as :class:`~newsclean.dedup.index.LSHIndex`
(same keys, same ``max_bucket`` and ``limit`` rules, same pairs) but keeps each
sorted run of (band key, sequence number) entries in two files of a folder, and
reads them back in slices of at most about ``_GROUP_ENTRIES`` entries, so its
memory is one batch plus one slice, whatever the corpus.

A run is split into ``2**_PARTITION_BITS`` partitions by the top bits of the
key; a slice is a group of consecutive partitions, so equal keys never straddle
two slices, and two runs are merged slice by slice into a new file. Only the
earliest ``max_bucket`` entries of each key are kept in a run: a query takes at
most ``max_bucket`` entries per key, runs oldest first and each key's entries
earliest first, so the later ones could never be returned (this also bounds
what a page copied a million times costs on disk).

Each batch is checked against every run once (a sequential read of the whole
index, from the operating system's file cache when it fits there), so the work
per batch grows with the index; use a large ``batch_size`` for large corpora.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from types import TracebackType

import numpy as np
import numpy.typing as npt

from newsclean.dedup.index import (
    I32,
    I64,
    U32,
    LSHIndex,
    _merge_sorted,
    _pack,
    _ranked,
    _segment_matches,
    _sorted_run,
    _tally,
    key_weights,
)

_PARTITION_BITS = 12
_PARTITION_STARTS = np.arange(2**_PARTITION_BITS, dtype=np.uint64) << np.uint64(32 - _PARTITION_BITS)
_PARTITIONS = len(_PARTITION_STARTS)
_GROUP_ENTRIES = 1 << 20
_CHUNK_DOCS = 256
_TALLY_EVERY = 1 << 16  # raw pairs held per query slice before they are counted into its tally


class _FileRun:
    """One sorted run in two unnamed temporary files, with the offset of every partition (32 KB in memory).

    The files have no name (they are deleted as soon as they are made), so they
    vanish with the process, even one that is killed.
    """

    def __init__(self, directory: str | None) -> None:
        self._keys = tempfile.TemporaryFile(prefix="newsclean-lsh-", dir=directory)  # noqa: SIM115 (closed by delete())
        self._seqs = tempfile.TemporaryFile(prefix="newsclean-lsh-", dir=directory)  # noqa: SIM115
        self.offsets = np.zeros(1, dtype=np.int64)

    def __len__(self) -> int:
        return int(self.offsets[-1])

    def append(self, keys: U32, seqs: I32, first: int, stop: int) -> None:
        """Append the entries of partitions ``first .. stop-1``, which come after those already written."""
        self._keys.seek(0, 2)
        self._seqs.seek(0, 2)
        keys.astype(np.uint32).tofile(self._keys)
        seqs.astype(np.int32).tofile(self._seqs)
        ends = np.append(np.searchsorted(keys, _PARTITION_STARTS[first + 1 : stop]), len(keys))
        self.offsets = np.concatenate([self.offsets, ends.astype(np.int64) + len(self)])

    def read_keys(self, first: int, stop: int) -> U32:
        """The keys of partitions ``first .. stop-1`` (without their sequence numbers)."""
        start, end = int(self.offsets[first]), int(self.offsets[stop])
        self._keys.seek(start * 4)
        return np.fromfile(self._keys, dtype=np.uint32, count=end - start)

    def read(self, first: int, stop: int) -> tuple[U32, I32]:
        """The entries of partitions ``first .. stop-1``."""
        start, end = int(self.offsets[first]), int(self.offsets[stop])
        self._keys.seek(start * 4)
        self._seqs.seek(start * 4)
        keys = np.fromfile(self._keys, dtype=np.uint32, count=end - start)
        seqs = np.fromfile(self._seqs, dtype=np.int32, count=end - start)
        return keys, seqs

    def groups(self) -> list[tuple[int, int]]:
        """Consecutive partition ranges of about ``_GROUP_ENTRIES`` entries (a big partition alone)."""
        return _groups(self.offsets)

    def delete(self) -> None:
        """Close the files (which deletes them)."""
        self._keys.close()
        self._seqs.close()


def _groups(offsets: I64) -> list[tuple[int, int]]:
    """Cut the partitions of a run (by their offsets) into groups of at most ``_GROUP_ENTRIES`` entries."""
    groups, first = [], 0
    partitions = len(offsets) - 1
    while first < partitions:
        stop = int(np.searchsorted(offsets, offsets[first] + _GROUP_ENTRIES, side="right")) - 1
        stop = min(max(stop, first + 1), partitions)
        groups.append((first, stop))
        first = stop
    return groups


def _prune(keys: U32, seqs: I32, max_bucket: int) -> tuple[U32, I32]:
    """Keep the first ``max_bucket`` entries of each key (sorted by key, then sequence number)."""
    rank = np.arange(len(keys)) - np.searchsorted(keys, keys, side="left")
    keep = rank < max_bucket
    if keep.all():
        return keys, seqs
    return keys[keep], seqs[keep]


class _Tally:
    """The candidate pairs of one query slice and the weight of the keys each shares, counted as they come.

    Raw pairs are folded into the count every ``_TALLY_EVERY`` pairs, so a slice of
    documents that all share the same crowded keys (a page copied many times) holds
    its distinct pairs, not one row per shared key.
    """

    def __init__(self) -> None:
        self._raw: list[I64] = []
        self._weights: list[I64] = []
        self._size = 0
        self._packed = np.zeros(0, dtype=np.int64)
        self._shared = np.zeros(0, dtype=np.int64)

    def append(self, pairs: I64, weights: I64) -> None:
        self._raw.append(pairs)
        self._weights.append(weights)
        self._size += len(pairs)
        if self._size >= _TALLY_EVERY:
            self._fold()

    def _fold(self) -> None:
        if not self._raw:
            return
        packed, shared = _tally(_pack(np.concatenate(self._raw)), np.concatenate(self._weights))
        self._packed, self._shared = _tally(
            np.concatenate([self._packed, packed]), np.concatenate([self._shared, shared])
        )
        self._raw, self._weights, self._size = [], [], 0

    def total(self) -> tuple[I64, I64]:
        """Every pair (packed, unique, sorted) and the number of keys it shares."""
        self._fold()
        return self._packed, self._shared


class DiskLSHIndex(LSHIndex):
    """An :class:`LSHIndex` whose runs live in temporary files in ``directory`` (the system's if ``None``).

    >>> with DiskLSHIndex(bands=2, rows=2) as index:
    ...     sigs = np.array([[1, 2, 3, 4], [1, 2, 9, 9], [7, 7, 7, 7]], dtype=np.uint32)
    ...     index.add(sigs, np.array([0, 1, 2])).tolist()
    ...     index.add(np.array([[5, 5, 3, 4]], dtype=np.uint32), np.array([3])).tolist()
    [[1, 0]]
    [[3, 0]]
    """

    def __init__(
        self, bands: int = 32, rows: int = 4, max_bucket: int = 64, directory: str | Path | None = None
    ) -> None:
        super().__init__(bands, rows, max_bucket)
        self._directory = None if directory is None else str(directory)
        self._files: list[_FileRun] = []

    def add_keys(self, keys: U32, seqs: npt.ArrayLike, limit: int | None = None) -> I64:
        doc_seqs = np.asarray(seqs, dtype=np.int32)
        rows = keys.reshape(len(doc_seqs), keys.shape[1] if keys.ndim == 2 else 1)
        batch = _sorted_run(rows, doc_seqs)
        queries = [
            _sorted_run(rows[i : i + _CHUNK_DOCS], doc_seqs[i : i + _CHUNK_DOCS])
            for i in range(0, len(doc_seqs), _CHUNK_DOCS)
        ]
        budgets = [np.full(len(query[0]), self.max_bucket, dtype=np.int64) for query in queries]
        found = [_Tally() for _ in queries]
        edges = [
            np.append(np.searchsorted(query[0], _PARTITION_STARTS), len(query[0])).tolist()
            for query in queries
        ]
        weights = [key_weights(shared) for shared in self._shared_by(batch, queries, edges)]
        for run in self._files:  # oldest first: each key's budget goes to its earliest documents
            for first, stop in run.groups():
                entries = run.read(first, stop)
                if not len(entries[0]):
                    continue
                for query, edge, budget, parts, weight in zip(
                    queries, edges, budgets, found, weights, strict=True
                ):
                    a, b = edge[first], edge[stop]
                    if a < b:
                        pairs, taken, entry = _segment_matches(
                            entries, (query[0][a:b], query[1][a:b]), budget[a:b], same_batch=False
                        )
                        budget[a:b] -= taken
                        parts.append(pairs, weight[entry + a])
        for query, budget, parts, weight in zip(queries, budgets, found, weights, strict=True):
            pairs, _, entry = _segment_matches(batch, query, budget, same_batch=True)
            parts.append(pairs, weight[entry])
        self._store(*_prune(*batch, self.max_bucket))
        self._count += len(doc_seqs)
        if not queries:
            return np.zeros((0, 2), dtype=np.int64)
        return np.concatenate([_ranked(*tally.total(), limit) for tally in found])

    def _shared_by(
        self, batch: tuple[U32, I32], queries: list[tuple[U32, I32]], edges: list[list[int]]
    ) -> list[I64]:
        """For each query entry, how many earlier documents its key pairs it with (at most ``max_bucket``),
        counted first from the runs' keys alone, so that each pair can be weighed as it is found."""
        shared = [np.zeros(len(query[0]), dtype=np.int64) for query in queries]
        for run in self._files:
            for first, stop in run.groups():
                keys = run.read_keys(first, stop)
                for query, edge, count in zip(queries, edges, shared, strict=True):
                    a, b = edge[first], edge[stop]
                    if a < b and len(keys):
                        found = query[0][a:b]
                        count[a:b] += np.searchsorted(keys, found, side="right") - np.searchsorted(
                            keys, found
                        )
        packed = (batch[0].astype(np.uint64) << np.uint64(32)) | batch[1].astype(np.uint64)
        for query, count in zip(queries, shared, strict=True):
            position = np.searchsorted(
                packed, (query[0].astype(np.uint64) << np.uint64(32)) | query[1].astype(np.uint64)
            )
            count += position - np.searchsorted(batch[0], query[0])  # earlier documents of the batch
        return [np.minimum(count, self.max_bucket) for count in shared]

    def _store(self, keys: U32, seqs: I32) -> None:
        run = _FileRun(self._directory)
        run.append(keys, seqs, 0, _PARTITIONS)
        self._files.append(run)
        while len(self._files) > 1 and len(self._files[-2]) <= 2 * len(self._files[-1]):
            newer = self._files.pop()
            older = self._files.pop()
            self._files.append(self._merge(older, newer))

    def _merge(self, older: _FileRun, newer: _FileRun) -> _FileRun:
        """Merge two runs a group of partitions at a time; the inputs' files are deleted."""
        merged = _FileRun(self._directory)
        for first, stop in _groups(older.offsets + newer.offsets):
            keys, seqs = _prune(
                *_merge_sorted(older.read(first, stop), newer.read(first, stop)), self.max_bucket
            )
            merged.append(keys, seqs, first, stop)
        older.delete()
        newer.delete()
        return merged

    def close(self) -> None:
        """Delete the run files."""
        for run in self._files:
            run.delete()
        self._files = []

    def __enter__(self) -> DiskLSHIndex:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
