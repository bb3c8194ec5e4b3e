"""The key-run tables against a Python dictionary, in memory and in files, and their merge policy by hand.

Every answer (``total``, ``contains``, ``find``) is checked against a plain ``dict`` fed the
same entries. The file runs are read in groups of partitions; the group size is made small
here so that a few dozen keys spread over the top bits span many groups.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

from newsclean.dedup import disk_index, keyruns
from newsclean.dedup.keyruns import KeyRuns, _combine, _is_sorted, _sort


def u64(*values: int) -> np.ndarray:
    return np.array(values, dtype=np.uint64)


def i32(*values: int) -> np.ndarray:
    return np.array(values, dtype=np.int32)


class Reference:
    """The table as a dictionary of lists of values."""

    def __init__(self) -> None:
        self.entries: dict[int, list[int]] = defaultdict(list)

    def add(self, keys: np.ndarray, values: np.ndarray) -> None:
        for key, value in zip(keys.tolist(), values.tolist(), strict=True):
            self.entries[key].append(value)

    def total(self, keys: np.ndarray) -> list[int]:
        return [sum(self.entries.get(k, [])) for k in keys.tolist()]

    def contains(self, keys: np.ndarray) -> list[bool]:
        return [k in self.entries for k in keys.tolist()]

    def find(self, keys: np.ndarray) -> list[tuple[int, int]]:
        return sorted((i, v) for i, k in enumerate(keys.tolist()) for v in self.entries.get(k, []))


def found(table: KeyRuns, keys: np.ndarray) -> list[tuple[int, int]]:
    where, values = table.find(keys)
    assert where.dtype == np.int64 and values.dtype == np.int32
    return sorted(zip(where.tolist(), values.tolist(), strict=True))


def batches(seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Batches of keys spread over the top bits (so over partitions) with repeats, in any order."""
    rng = np.random.default_rng(seed)
    pool = rng.integers(0, 2**64 - 1, size=40, dtype=np.uint64)
    pool[:4] = u64(0, 1, 2**64 - 1, 2**63)
    out = []
    for _ in range(12):
        n = int(rng.integers(0, 30))
        keys = pool[rng.integers(0, len(pool), size=n)]
        out.append((keys, rng.integers(-3, 50, size=n).astype(np.int32)))
    return out


def queries(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    pool = rng.integers(0, 2**64 - 1, size=40, dtype=np.uint64)
    pool[:4] = u64(0, 1, 2**64 - 1, 2**63)
    return np.concatenate([pool, pool[::-1], u64(5, 2**64 - 2, 2**63 + 1)])  # unsorted, repeats, absent


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("on_disk", [False, True])
def test_sum_and_multi_tables_answer_as_a_dictionary(
    tmp_path: Path, monkeypatch, seed: int, on_disk: bool
) -> None:
    monkeypatch.setattr(disk_index, "_GROUP_ENTRIES", 3)  # file runs read a few partitions at a time
    directory = str(tmp_path) if on_disk else None
    votes, holders, reference = KeyRuns("sum", directory), KeyRuns("multi", directory), Reference()
    asked = queries(seed)
    for keys, values in batches(seed):
        votes.add(keys, values)
        holders.add(keys, values)
        reference.add(keys, values)
        assert votes.total(asked).tolist() == reference.total(asked)
        assert votes.contains(asked).tolist() == reference.contains(asked)
        assert holders.contains(asked).tolist() == reference.contains(asked)
        assert found(holders, asked) == reference.find(asked)
        assert len(holders) == sum(len(v) for v in reference.entries.values())
        assert len(votes) >= len(reference.entries)
    assert votes.total(asked).dtype == np.int64
    sorted_asked = np.sort(asked)
    assert votes.total(sorted_asked).tolist() == reference.total(sorted_asked)
    assert found(holders, sorted_asked) == reference.find(sorted_asked)
    votes.close()
    holders.close()
    assert len(votes) == 0 and votes.total(asked).tolist() == [0] * len(asked)


def test_an_empty_table_and_empty_batches(tmp_path: Path) -> None:
    for directory in (None, str(tmp_path)):
        table = KeyRuns("multi", directory)
        table.add(u64(), i32())
        assert len(table) == 0 and table._runs == []
        assert table.total(u64(3)).tolist() == [0]
        assert table.contains(u64(3)).tolist() == [False]
        where, values = table.find(u64(3))
        assert where.tolist() == [] and values.tolist() == []
        assert where.dtype == np.int64 and values.dtype == np.int32
        table.add(u64(3), i32(1))
        where, values = table.find(u64(4))
        assert where.tolist() == [] and values.tolist() == []


def test_keys_past_the_largest_and_before_the_smallest(tmp_path: Path) -> None:
    for directory in (None, str(tmp_path)):
        table = KeyRuns("sum", directory)
        table.add(u64(10, 20), i32(1, 2))
        assert table.contains(u64(30, 5, 20, 10, 15)).tolist() == [False, False, True, True, False]
        assert table.total(u64(30, 5, 20, 10, 15)).tolist() == [0, 0, 2, 1, 0]


def test_sum_mode_adds_equal_keys_into_one_entry() -> None:
    table = KeyRuns("sum")
    table.add(u64(9, 3, 9, 9), i32(1, 5, 2, 4))
    assert len(table) == 2
    assert table.total(u64(9, 3)).tolist() == [7, 5]
    table.add(u64(3), i32(-5))
    assert table.total(u64(3, 9)).tolist() == [0, 7]
    assert table.contains(u64(3)).tolist() == [True]  # a key whose votes add up to 0 is still there


def test_multi_mode_keeps_every_entry() -> None:
    table = KeyRuns("multi")
    table.add(u64(7, 7, 2), i32(0, 1, 1))
    table.add(u64(7), i32(4))
    assert len(table) == 4
    assert found(table, u64(7, 8, 2)) == [(0, 0), (0, 1), (0, 4), (2, 1)]


# --- the merge policy ----------------------------------------------------------------------


@pytest.mark.parametrize("on_disk", [False, True])
def test_runs_of_similar_size_are_merged(tmp_path: Path, on_disk: bool) -> None:
    # a new run is merged into the one before while that one is at most twice its size
    cases = [
        ((4, 2), [6]),
        ((5, 2), [5, 2]),
        ((3, 2), [5]),
        ((4, 1), [4, 1]),
        ((4, 1, 1), [6]),
        ((4, 1, 1, 1), [6, 1]),
        ((8, 3, 1), [8, 3, 1]),  # the last run against the one before it, not against the second
    ]
    for sizes, expected in cases:
        table = KeyRuns("multi", str(tmp_path) if on_disk else None)
        first = 0
        for n in sizes:
            table.add(
                np.arange(first, first + n, dtype=np.uint64) << np.uint64(54), np.arange(n, dtype=np.int32)
            )
            first += n
        assert [run.size for run in table._runs] == expected, sizes
        assert len(table) == first
        keys = np.arange(first, dtype=np.uint64) << np.uint64(54)
        assert table.contains(keys).all()
        table.close()


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts open files through /proc")
def test_close_releases_every_run_file(tmp_path: Path) -> None:
    def open_files() -> int:
        return len(os.listdir("/proc/self/fd"))

    before = open_files()
    table = KeyRuns("sum", str(tmp_path))
    table.add(u64(1, 2, 3), i32(1, 1, 1))
    table.add(u64(4), i32(1))  # 3 > 2 * 1: a second run
    assert open_files() == before + 4
    table.add(u64(5), i32(1))  # merged with the second, then the first: one run
    assert open_files() == before + 2
    table.close()
    assert open_files() == before


def test_run_files_go_to_the_directory_given(tmp_path: Path) -> None:
    table = KeyRuns("sum", str(tmp_path / "missing"))
    with pytest.raises(FileNotFoundError):
        table.add(u64(1), i32(1))


# --- the helpers -----------------------------------------------------------------------------


def test_combine_sorts_and_adds() -> None:
    keys, values = _combine(u64(9, 3, 9, 1, 3), i32(1, 2, 3, 4, 5), "sum")
    assert keys.tolist() == [1, 3, 9] and values.tolist() == [4, 7, 4]
    assert values.dtype == np.int32
    keys, values = _combine(u64(9, 3, 9, 1, 3), i32(1, 2, 3, 4, 5), "multi")
    assert keys.tolist() == [1, 3, 3, 9, 9] and values.tolist() == [4, 2, 5, 1, 3]  # stable
    keys, values = _combine(u64(), i32(), "sum")
    assert keys.tolist() == [] and values.tolist() == []
    keys, values = _combine(u64(2, 2, 5), i32(1, 1, 1), "sum")  # sorted already
    assert keys.tolist() == [2, 5] and values.tolist() == [2, 1]


def test_is_sorted_and_sort() -> None:
    assert _is_sorted(u64()) and _is_sorted(u64(4)) and _is_sorted(u64(1, 1, 2))
    assert not _is_sorted(u64(2, 1)) and not _is_sorted(u64(1, 3, 2))
    order, keys = _sort(u64(5, 1, 5, 0))
    assert order.tolist() == [3, 1, 0, 2] and keys.tolist() == [0, 1, 5, 5]
    order, keys = _sort(u64(0, 1, 1))
    assert order.tolist() == [0, 1, 2] and keys.tolist() == [0, 1, 1]


def test_every_run_file_is_made_in_the_directory_given(tmp_path: Path, monkeypatch) -> None:
    made: list[object] = []
    real = keyruns.tempfile.TemporaryFile

    def recording(*args, **kwargs):
        made.append(kwargs.get("dir"))
        return real(*args, **kwargs)

    monkeypatch.setattr(keyruns.tempfile, "TemporaryFile", recording)
    table = KeyRuns("multi", str(tmp_path))
    for key in range(3):  # 1 and 1 merge into 2, 2 and 1 into 3
        table.add(u64(key), i32(key))
    assert [run.size for run in table._runs] == [3]
    assert len(made) == 2 * 5  # three runs and two merges, two files each
    assert set(made) == {str(tmp_path)}
    table.close()


def test_a_key_found_only_in_a_later_group_of_partitions(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(disk_index, "_GROUP_ENTRIES", 1)  # one partition a group
    table = KeyRuns("multi", str(tmp_path))
    top = np.uint64(54)  # the top 10 bits name the partition
    table.add(np.array([1, 2, 3], dtype=np.uint64) << top, i32(10, 20, 30))
    assert found(table, np.array([3], dtype=np.uint64) << top) == [(0, 30)]
    assert found(table, np.array([3, 0, 2], dtype=np.uint64) << top) == [(0, 30), (2, 20)]
    table.close()
