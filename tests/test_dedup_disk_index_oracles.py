"""The disk band index against hand-worked cases and against the in-memory index.

:class:`~newsclean.dedup.index.LSHIndex` is the oracle: the disk index must return the same
pairs for every batch (same keys, same ``max_bucket`` and ``limit`` rules). Its own pieces
(the partition offsets of a run file, the groups of partitions read at a time, the pruning of
a key's later entries, the merge policy of its runs) are checked on cases counted by hand,
with the slice sizes made small so a few entries span many groups.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from newsclean.dedup import disk_index
from newsclean.dedup.disk_index import DiskLSHIndex, _FileRun, _groups, _prune
from newsclean.dedup.index import LSHIndex


def u32(*values: int) -> np.ndarray:
    return np.array(values, dtype=np.uint32)


def i32(*values: int) -> np.ndarray:
    return np.array(values, dtype=np.int32)


# --- groups of partitions ------------------------------------------------------------------


def test_groups_hold_at_most_the_group_size_and_a_big_partition_alone(monkeypatch) -> None:
    monkeypatch.setattr(disk_index, "_GROUP_ENTRIES", 4)
    # partitions of 3, 2, 4, 0 and 11 entries: 3 + 2 > 4; 4 + 0 = 4 fits exactly; 11 alone
    offsets = np.array([0, 3, 5, 9, 9, 20], dtype=np.int64)
    assert _groups(offsets) == [(0, 1), (1, 2), (2, 4), (4, 5)]
    # 2 + 2 = 4 fits, one more entry does not
    assert _groups(np.array([0, 2, 4, 5], dtype=np.int64)) == [(0, 2), (2, 3)]
    assert _groups(np.array([0, 2, 4, 4, 4], dtype=np.int64)) == [(0, 4)]
    assert _groups(np.array([0], dtype=np.int64)) == []


def test_one_group_for_a_run_within_the_group_size() -> None:
    offsets = np.array([0, 10, 10, 500], dtype=np.int64)
    assert _groups(offsets) == [(0, 3)]


# --- pruning --------------------------------------------------------------------------------


def test_prune_keeps_the_first_max_bucket_entries_of_each_key() -> None:
    keys, seqs = u32(1, 1, 1, 2, 3, 3), i32(0, 1, 2, 0, 5, 6)
    pruned = _prune(keys, seqs, 2)
    assert pruned[0].tolist() == [1, 1, 2, 3, 3] and pruned[1].tolist() == [0, 1, 0, 5, 6]
    pruned = _prune(keys, seqs, 1)
    assert pruned[0].tolist() == [1, 2, 3] and pruned[1].tolist() == [0, 0, 5]
    pruned = _prune(keys, seqs, 3)
    assert pruned[0].tolist() == keys.tolist() and pruned[1].tolist() == seqs.tolist()


# --- run files ------------------------------------------------------------------------------


def test_a_run_file_keeps_each_partitions_offsets(tmp_path: Path) -> None:
    p = 1 << 20  # the first key of partition 1: 32 - 12 bits
    run = _FileRun(str(tmp_path))
    run.append(u32(5, p, p + 1), i32(10, 11, 12), 0, 2)  # partitions 0 and 1
    run.append(u32(3 * p, 4095 * p + 7), i32(13, 14), 2, 4096)  # the rest
    assert len(run.offsets) == 4097
    assert run.offsets[:6].tolist() == [0, 1, 3, 3, 4, 4]
    assert run.offsets[4095].tolist() == 4 and run.offsets[4096].tolist() == 5
    assert len(run) == 5
    keys, seqs = run.read(1, 2)
    assert keys.tolist() == [p, p + 1] and seqs.tolist() == [11, 12]
    assert keys.dtype == np.uint32 and seqs.dtype == np.int32
    assert run.read_keys(0, 4).tolist() == [5, p, p + 1, 3 * p]
    assert run.read_keys(3, 4095).tolist() == [3 * p]
    assert run.read_keys(4095, 4096).tolist() == [4095 * p + 7]
    keys, seqs = run.read(0, 4096)
    assert keys.tolist() == [5, p, p + 1, 3 * p, 4095 * p + 7] and seqs.tolist() == [10, 11, 12, 13, 14]
    assert run.groups() == [(0, 4096)]
    run.delete()


def test_run_files_go_to_the_directory_given(tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    with pytest.raises(FileNotFoundError), DiskLSHIndex(bands=2, rows=2, directory=missing) as index:
        index.add(np.array([[1, 2, 3, 4]], dtype=np.uint32), [0])
    with DiskLSHIndex(bands=2, rows=2, directory=tmp_path) as index:
        index.add(np.array([[1, 2, 3, 4]], dtype=np.uint32), [0])
        assert index._directory == str(tmp_path)


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts open files through /proc")
def test_close_and_the_with_block_release_every_run_file(tmp_path: Path) -> None:
    def open_files() -> int:
        return len(os.listdir("/proc/self/fd"))

    before = open_files()
    index = DiskLSHIndex(bands=2, rows=2, directory=tmp_path)
    signatures = np.array([[1, 2, 3, 4], [5, 6, 7, 8], [1, 2, 0, 0], [9, 9, 9, 9]], dtype=np.uint32)
    index.add(signatures[:3], [0, 1, 2])  # one run of 6 entries: two files
    index.add(signatures[3:], [3])  # a second run of 2 (6 > 2 * 2): two more
    assert open_files() == before + 4
    index.close()
    assert open_files() == before
    with DiskLSHIndex(bands=2, rows=2, directory=tmp_path) as index:
        index.add(signatures, [0, 1, 2, 3])
        assert open_files() == before + 2
    assert open_files() == before


# --- the merge policy ----------------------------------------------------------------------


def test_runs_of_similar_size_are_merged(tmp_path: Path) -> None:
    # two bands: two entries a document. A new run is merged into the one before while that one
    # is at most twice its size: 8 and 4 merge, 10 and 4 do not; 8, 2, 2 cascade into one.
    cases = [
        ((4, 2), [12]),
        ((5, 2), [10, 4]),
        ((3, 2), [10]),
        ((4, 1), [8, 2]),
        ((4, 1, 1), [12]),
        ((4, 1, 1, 1), [12, 2]),
    ]
    for sizes, expected in cases:
        with DiskLSHIndex(bands=2, rows=2, directory=tmp_path) as index:
            seq = 0
            for n in sizes:
                docs = np.arange(seq, seq + n, dtype=np.uint32)[:, None] * 4 + np.arange(4, dtype=np.uint32)
                index.add(docs, range(seq, seq + n))
                seq += n
            assert [len(r) for r in index._files] == expected, sizes
            assert len(index) == seq


# --- pairs, by hand and against the memory index ---------------------------------------------


def test_the_documented_example(tmp_path: Path) -> None:
    with DiskLSHIndex(bands=2, rows=2, directory=tmp_path) as index:
        sigs = np.array([[1, 2, 3, 4], [1, 2, 9, 9], [7, 7, 7, 7]], dtype=np.uint32)
        assert index.add(sigs, np.array([0, 1, 2])).tolist() == [[1, 0]]
        assert index.add(np.array([[5, 5, 3, 4]], dtype=np.uint32), np.array([3])).tolist() == [[3, 0]]
        assert index.add(np.zeros((0, 4), dtype=np.uint32), np.zeros(0)).tolist() == []
        assert index.add(np.zeros((0, 4), dtype=np.uint32), np.zeros(0)).shape == (0, 2)
        assert len(index) == 4


def test_a_page_copied_many_times_pairs_with_its_earliest_max_bucket_copies(tmp_path: Path) -> None:
    page = np.array([[1, 2, 3, 4]], dtype=np.uint32)
    with DiskLSHIndex(bands=2, rows=2, max_bucket=2, directory=tmp_path) as index:
        assert index.add(np.repeat(page, 3, axis=0), [0, 1, 2]).tolist() == [[1, 0], [2, 0], [2, 1]]
        assert index.add(page, [3]).tolist() == [[3, 0], [3, 1]]
        assert index.add(np.repeat(page, 2, axis=0), [4, 5]).tolist() == [[4, 0], [4, 1], [5, 0], [5, 1]]
        # each key keeps its two earliest entries on disk: 2 keys x 2
        assert sum(len(run) for run in index._files) == 4


def test_limit_keeps_the_pairs_sharing_the_rarest_keys(tmp_path: Path) -> None:
    # document 3 shares band 0 with 0, 1 and 2 (a crowded key, weight 2**20 / 3 each) and band 1
    # with document 2 alone (weight 2**20): with limit 1, its pair is (3, 2)
    sigs = np.array([[1, 1, 5, 5], [1, 1, 6, 6], [1, 1, 7, 7], [1, 1, 7, 7]], dtype=np.uint32)
    with DiskLSHIndex(bands=2, rows=2, directory=tmp_path) as index:
        index.add(sigs[:3], [0, 1, 2])
        assert index.add(sigs[3:], [3], limit=1).tolist() == [[3, 2]]
    with DiskLSHIndex(bands=2, rows=2, directory=tmp_path) as index:
        assert index.add(sigs, [0, 1, 2, 3], limit=1).tolist() == [[1, 0], [2, 0], [3, 2]]
    with DiskLSHIndex(bands=2, rows=2, directory=tmp_path) as index:
        assert index.add(sigs, [0, 1, 2, 3], limit=2).tolist() == [[1, 0], [2, 0], [2, 1], [3, 0], [3, 2]]


def scenario(seed: int, spread: bool = False) -> list[tuple[np.ndarray, np.ndarray, int | None]]:
    """Batches of signatures with crowded keys (few distinct values), some with one page copied; with
    ``spread``, band 0 crowded and each later band twice as varied (keys of unequal weights)."""
    rng = np.random.default_rng(seed)
    batches, first = [], 0
    high = np.array([4, 8, 16, 32] if spread else [4, 4, 4, 4], dtype=np.uint64)
    for batch in range(9):
        n = int(rng.integers(1, 40))
        signatures = rng.integers(0, high, size=(n, 4), dtype=np.uint64).astype(np.uint32)
        if batch % 3 == 1:
            signatures[: n // 2] = signatures[0]
        batches.append((signatures, np.arange(first, first + n), [None, 1, 2][batch % 3]))
        first += n
    return batches


@pytest.mark.parametrize(("seed", "spread"), [(0, False), (1, False), (2, True), (3, True)])
@pytest.mark.parametrize("max_bucket", [1, 3])
def test_the_same_pairs_as_the_memory_index_in_small_slices(
    tmp_path: Path, monkeypatch, seed: int, spread: bool, max_bucket: int
) -> None:
    monkeypatch.setattr(disk_index, "_GROUP_ENTRIES", 5)  # runs read in many groups
    monkeypatch.setattr(disk_index, "_TALLY_EVERY", 7)  # pairs counted in several steps
    monkeypatch.setattr(disk_index, "_CHUNK_DOCS", 4)  # a batch queried in several slices
    memory = LSHIndex(bands=4, rows=1, max_bucket=max_bucket)
    with DiskLSHIndex(bands=4, rows=1, max_bucket=max_bucket, directory=tmp_path) as disk:
        for signatures, seqs, limit in scenario(seed, spread):
            expected = memory.add(signatures, seqs, limit=limit).tolist()
            assert disk.add(signatures, seqs, limit=limit).tolist() == expected
        assert len(disk) == len(memory)


@pytest.mark.parametrize("seed", [4, 5])
def test_the_same_pairs_as_the_memory_index_in_whole_batches(tmp_path: Path, seed: int) -> None:
    memory = LSHIndex(bands=4, rows=1, max_bucket=2)
    with DiskLSHIndex(bands=4, rows=1, max_bucket=2, directory=tmp_path) as disk:
        for signatures, seqs, limit in scenario(seed):
            expected = memory.add(signatures, seqs, limit=limit).tolist()
            assert disk.add(signatures, seqs, limit=limit).tolist() == expected


def test_limit_weighs_keys_and_does_not_count_them(tmp_path: Path) -> None:
    # one value a band (rows=1). Document 4 shares bands 0 and 1 with each of 0, 1 and 2 (keys that
    # pair it with three documents: 2**20 // 3 each, 699,050 for two) and band 2 with document 3 alone
    # (2**20 = 1,048,576): with limit 1 its pair is (4, 3), though it shares two keys with the others
    sigs = np.array([[1, 2, 50], [1, 2, 51], [1, 2, 52], [60, 61, 9], [1, 2, 9]], dtype=np.uint32)
    with DiskLSHIndex(bands=3, rows=1, directory=tmp_path) as index:
        index.add(sigs[:4], [0, 1, 2, 3])
        assert index.add(sigs[4:], [4], limit=1).tolist() == [[4, 3]]
    with DiskLSHIndex(bands=3, rows=1, directory=tmp_path) as index:
        assert index.add(sigs, [0, 1, 2, 3, 4], limit=1).tolist() == [[1, 0], [2, 0], [4, 3]]


def test_every_run_file_is_made_in_the_directory_given(tmp_path: Path, monkeypatch) -> None:
    made: list[object] = []
    real = disk_index.tempfile.TemporaryFile

    def recording(*args, **kwargs):
        made.append(kwargs.get("dir"))
        return real(*args, **kwargs)

    monkeypatch.setattr(disk_index.tempfile, "TemporaryFile", recording)
    with DiskLSHIndex(bands=2, rows=2, directory=tmp_path) as index:
        # runs of 2 entries: 2 and 2 merge into 4, 4 and 2 into 6, then 6 and 2 stay apart
        for seq in range(4):
            index.add(np.array([[seq, 1, seq, 2]], dtype=np.uint32), [seq])
        assert [len(run) for run in index._files] == [6, 2]
    assert len(made) == 2 * 6  # four runs and two merges, two files each
    assert set(made) == {str(tmp_path)}


def test_a_partition_bigger_than_a_group_after_empty_ones_is_read(tmp_path: Path, monkeypatch) -> None:
    # a group holds at most 2 entries here: the empty partitions before a key of 6 entries make a
    # group of their own, with nothing in it, and the key's partition comes after it
    monkeypatch.setattr(disk_index, "_GROUP_ENTRIES", 2)
    page = np.array([[7]], dtype=np.uint32)
    with DiskLSHIndex(bands=1, rows=1, max_bucket=10, directory=tmp_path) as index:
        index.add(np.repeat(page, 6, axis=0), range(6))
        (run,) = index._files
        assert len(run.groups()) > 1 and run.read(*run.groups()[0])[0].tolist() == []
        assert index.add(page, [6]).tolist() == [[6, 0], [6, 1], [6, 2], [6, 3], [6, 4], [6, 5]]


def test_band_keys_in_one_column_or_a_flat_array(tmp_path: Path) -> None:
    keys = np.array([11, 12, 11], dtype=np.uint32)
    with DiskLSHIndex(bands=1, rows=1, directory=tmp_path) as index:
        assert index.add_keys(keys, [0, 1, 2]).tolist() == [[2, 0]]
        assert index.add_keys(keys[:, None], [3, 4, 5]).tolist() == [
            [3, 0],
            [3, 2],
            [4, 1],
            [5, 0],
            [5, 2],
            [5, 3],
        ]


def test_defaults_are_the_memory_indexs() -> None:
    index = DiskLSHIndex()
    assert (index.bands, index.rows, index.max_bucket) == (32, 4, 64)
    memory = LSHIndex()
    assert (memory.bands, memory.rows, memory.max_bucket) == (32, 4, 64)
    index.close()


def test_no_documents_no_pairs_as_an_integer_array(tmp_path: Path) -> None:
    with DiskLSHIndex(bands=2, rows=2, directory=tmp_path) as index:
        pairs = index.add(np.zeros((0, 4), dtype=np.uint32), [])
        assert pairs.shape == (0, 2) and pairs.dtype == np.int64
        assert len(index) == 0


def test_close_twice_and_then_leave_the_with_block(tmp_path: Path) -> None:
    with DiskLSHIndex(bands=2, rows=2, directory=tmp_path) as index:
        index.add(np.array([[1, 2, 3, 4]], dtype=np.uint32), [0])
        index.close()
        index.close()
        assert index._files == []
