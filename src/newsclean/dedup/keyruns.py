"""Tables of 64-bit keys with a 32-bit value each, kept as sorted runs in memory or in files.

The template evidence asks, for a batch of keys at a time, whether they were seen,
how many votes they have, or which documents hold them. :class:`KeyRuns` answers
from a few sorted runs (an LSM tree, as the band index keeps): a batch adds one
run, runs of similar size are merged, so adding ``n`` keys to a table of ``N``
costs ``O(n log N)`` amortised and a query one binary search per run.

With ``directory`` (the low-memory mode), each run lives in an unnamed temporary
file, cut into ``2**_PARTITION_BITS`` partitions by the top bits of the key, and
is read back a group of partitions at a time (about a million entries, grouped as the
disk band index groups its own),
so the memory is one batch and one slice whatever the table's size.

Values combine by ``mode``: ``"sum"`` adds the values of equal keys (vote
counts), ``"multi"`` keeps every entry (which documents hold a key).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import Literal

import numpy as np
import numpy.typing as npt

from newsclean.dedup.disk_index import _groups
from newsclean.dedup.index import _merge_sorted

U64 = npt.NDArray[np.uint64]
I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]

_PARTITION_BITS = 10
_PARTITIONS = 2**_PARTITION_BITS
#: the first key of every partition but the first
_PARTITION_STARTS = np.arange(1, _PARTITIONS, dtype=np.uint64) << np.uint64(64 - _PARTITION_BITS)
Mode = Literal["sum", "multi"]


class _Run:
    """One sorted run: keys and values, in memory or in two temporary files read by partition groups."""

    def __init__(self, directory: str | None, keys: U64 | None = None, values: I32 | None = None) -> None:
        self.size = 0
        self._memory: tuple[U64, I32] | None = None
        self._directory = directory
        if directory is None:
            empty = (np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int32))
            self._memory = (keys, values) if keys is not None and values is not None else empty
            self.size = len(self._memory[0])
            return
        self._keys = tempfile.TemporaryFile(prefix="newsclean-evidence-", dir=directory)  # noqa: SIM115
        self._values = tempfile.TemporaryFile(prefix="newsclean-evidence-", dir=directory)  # noqa: SIM115
        self.offsets = np.zeros(1, dtype=np.int64)
        if keys is not None and values is not None:
            self.append(keys, values, 0, _PARTITIONS)

    def append(self, keys: U64, values: I32, first: int, stop: int) -> None:
        """Append the entries of partitions ``first .. stop-1`` (file runs), after those already written."""
        keys.astype(np.uint64).tofile(self._keys)
        values.astype(np.int32).tofile(self._values)
        ends = np.append(np.searchsorted(keys, _PARTITION_STARTS[first : stop - 1]), len(keys))
        self.offsets = np.concatenate([self.offsets, ends.astype(np.int64) + self.size])
        self.size += len(keys)

    def read(self, first: int, stop: int) -> tuple[U64, I32]:
        """The entries of partitions ``first .. stop-1`` of a file run."""
        start, end = int(self.offsets[first]), int(self.offsets[stop])
        self._keys.seek(start * 8)
        self._values.seek(start * 4)
        return (
            np.fromfile(self._keys, dtype=np.uint64, count=end - start),
            np.fromfile(self._values, dtype=np.int32, count=end - start),
        )

    def slices(self) -> Iterator[tuple[U64, I32]]:
        """The run as consecutive sorted slices (one in memory; groups of partitions on disk)."""
        if self._memory is not None:
            yield self._memory
            return
        for first, stop in _groups(self.offsets):
            if self.offsets[stop] > self.offsets[first]:
                yield self.read(first, stop)

    def close(self) -> None:
        if self._memory is None:
            self._keys.close()
            self._values.close()
        self._memory = None


class KeyRuns:
    """A table of ``uint64`` keys with ``int32`` values, as sorted runs (see the module docstring).

    >>> votes = KeyRuns("sum")
    >>> votes.add(np.array([5, 9], dtype=np.uint64), np.array([1, 2], dtype=np.int32))
    >>> votes.add(np.array([9, 3], dtype=np.uint64), np.array([1, 1], dtype=np.int32))
    >>> votes.total(np.array([9, 4, 3], dtype=np.uint64)).tolist()
    [3, 0, 1]
    >>> holders = KeyRuns("multi")
    >>> holders.add(np.array([7, 7, 2], dtype=np.uint64), np.array([0, 1, 1], dtype=np.int32))
    >>> [(int(i), int(v)) for i, v in zip(*holders.find(np.array([7, 8], dtype=np.uint64)))]
    [(0, 0), (0, 1)]
    """

    def __init__(self, mode: Mode, directory: str | None = None) -> None:
        self.mode = mode
        self._directory = directory
        self._runs: list[_Run] = []

    def __len__(self) -> int:
        return sum(run.size for run in self._runs)

    def add(self, keys: U64, values: I32) -> None:
        """Add entries (any order; equal keys are combined by the mode)."""
        if not len(keys):
            return
        keys, values = _combine(keys.astype(np.uint64), values.astype(np.int32), self.mode)
        self._runs.append(_Run(self._directory, keys, values))
        while len(self._runs) > 1 and self._runs[-2].size <= 2 * self._runs[-1].size:
            newer, older = self._runs.pop(), self._runs.pop()
            self._runs.append(self._merge(older, newer))

    def _merge(self, older: _Run, newer: _Run) -> _Run:
        """One run of two (on disk: a group of partitions at a time); the inputs are deleted."""
        if self._directory is None:
            merged = _Run(
                None, *_combine(*_merge_sorted(next(older.slices()), next(newer.slices())), self.mode)
            )
        else:
            merged = _Run(self._directory)
            offsets = older.offsets + newer.offsets
            for first, stop in _groups(offsets):
                both = _merge_sorted(older.read(first, stop), newer.read(first, stop))
                merged.append(*_combine(*both, self.mode), first, stop)
        older.close()
        newer.close()
        return merged

    def total(self, keys: U64) -> I64:
        """The sum of the values of each of ``keys`` (0 for a key not in the table)."""
        out = np.zeros(len(keys), dtype=np.int64)
        order, query = _sort(keys)
        for run in self._runs:
            for run_keys, run_values in run.slices():
                lo = np.searchsorted(run_keys, query, side="left")
                hi = np.searchsorted(run_keys, query, side="right")
                hit = np.flatnonzero(hi > lo)  # in "sum" mode a run holds a key once
                out[order[hit]] += run_values[lo[hit]]
        return out

    def contains(self, keys: U64) -> npt.NDArray[np.bool_]:
        """Whether each of ``keys`` is in the table."""
        found = np.zeros(len(keys), dtype=bool)
        order, query = _sort(keys)
        for run in self._runs:
            for run_keys, _ in run.slices():
                lo = np.searchsorted(run_keys, query, side="left")
                inside = lo < len(run_keys)
                found[order[inside]] |= run_keys[lo[inside]] == query[inside]
        return found

    def find(self, keys: U64) -> tuple[I64, I32]:
        """Every entry of ``keys``: (index into ``keys``, value), in no particular order."""
        where: list[I64] = []
        values: list[I32] = []
        order, query = _sort(keys)
        for run in self._runs:
            for run_keys, run_values in run.slices():
                lo = np.searchsorted(run_keys, query, side="left")
                hi = np.searchsorted(run_keys, query, side="right")
                counts = hi - lo
                hit = counts > 0
                if not hit.any():
                    continue
                total = int(counts[hit].sum())
                starts = np.repeat(np.cumsum(counts[hit]) - counts[hit], counts[hit])
                positions = np.repeat(lo[hit], counts[hit]) + (np.arange(total) - starts)
                where.append(np.repeat(order[hit], counts[hit]).astype(np.int64))
                values.append(run_values[positions])
        if not where:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int32)
        return np.concatenate(where), np.concatenate(values)

    def close(self) -> None:
        """Delete the run files."""
        for run in self._runs:
            run.close()
        self._runs = []


def _combine(keys: U64, values: I32, mode: Mode) -> tuple[U64, I32]:
    """Entries sorted by key; in ``"sum"`` mode equal keys' values added into one entry."""
    if not _is_sorted(keys):
        order = np.argsort(keys, kind="stable")
        keys, values = keys[order], values[order]
    if mode == "multi" or not len(keys):
        return keys, values
    first = np.concatenate([[True], keys[1:] != keys[:-1]])
    starts = np.flatnonzero(first)
    return keys[starts], np.add.reduceat(values, starts).astype(np.int32)


def _is_sorted(keys: U64) -> bool:
    return bool(len(keys) < 2 or (keys[1:] >= keys[:-1]).all())


def _sort(keys: U64) -> tuple[I64, U64]:
    """The order that sorts ``keys``, and the keys in it (no sort when they are sorted already)."""
    if _is_sorted(keys):
        return np.arange(len(keys)), keys
    order = np.argsort(keys, kind="stable")
    return order, keys[order]
