"""Low-memory dedup: band keys in files, documents in the SQLite index; the results must not change."""

from __future__ import annotations

import io
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

from newsclean.cli.main import main
from newsclean.dedup import DedupConfig, Deduplicator, LSHIndex, disk_index
from newsclean.dedup.disk_index import DiskLSHIndex

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from dedup_helpers import article, copy_of  # noqa: E402


def corpus(n: int) -> list[tuple[str, str, str | None]]:
    """Articles, each fourth a copy of an earlier one, some dated so the canonical rule has work to do."""
    docs: list[tuple[str, str, str | None]] = []
    for i in range(n):
        text = copy_of(article(i // 4), seed=i) if i % 4 == 3 else article(i)
        docs.append((f"d{i}", text, f"2024-01-{1 + i % 28:02d}" if i % 3 == 0 else None))
    return docs


def planted_clusters(n: int) -> list[list[int]]:
    """The clusters :func:`corpus` makes: each fourth document with the article it copies, when
    that article is in the corpus (document ``i // 4``, unless that one is itself a copy)."""
    return [[i // 4, i] for i in range(3, n, 4) if (i // 4) % 4 != 3]


def results(
    dedup: Deduplicator, docs: list[tuple[str, str, str | None]]
) -> tuple[list[object], list[object]]:
    return [dedup.assignment(d) for d, _, _ in docs], dedup.clusters()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_disk_index_returns_the_same_pairs_as_the_memory_index(monkeypatch, seed: int) -> None:
    monkeypatch.setattr(disk_index, "_GROUP_ENTRIES", 3000)  # many slices per run
    monkeypatch.setattr(disk_index, "_TALLY_EVERY", 500)  # pairs counted in several steps
    rng = np.random.default_rng(seed)
    memory = LSHIndex(bands=16, rows=2, max_bucket=5)
    with DiskLSHIndex(bands=16, rows=2, max_bucket=5) as disk:
        first = 0
        for batch in range(25):
            n = int(rng.integers(1, 600))
            high = 30 if seed == 0 else 2**32  # seed 0: few distinct values, crowded keys
            signatures = rng.integers(0, high, size=(n, 32), dtype=np.uint64).astype(np.uint32)
            if seed == 2:
                signatures[: n // 2] = signatures[0]  # half the batch one page copied
            seqs = np.arange(first, first + n)
            first += n
            limit = None if batch % 2 else 7
            expected = memory.add(signatures, seqs, limit=limit)
            assert disk.add(signatures, seqs, limit=limit).tolist() == expected.tolist()
        assert len(disk) == len(memory) == first


def test_crowded_keys_are_pruned_to_max_bucket_on_disk() -> None:
    signatures = np.ones((500, 8), dtype=np.uint32)
    with DiskLSHIndex(bands=4, rows=2, max_bucket=3) as disk:
        for start in range(0, 500, 50):
            disk.add(signatures[start : start + 50], np.arange(start, start + 50))
        assert sum(len(run) for run in disk._files) <= 3 * 4 * len(disk._files)


def test_low_memory_gives_the_same_clusters_and_leaves_no_files(tmp_path: Path, monkeypatch) -> None:
    docs = corpus(120)
    config = DedupConfig(batch_size=16)
    with Deduplicator(config) as resident:
        resident.add_many(docs)
        expected = results(resident, docs)
    assert any(a.duplicate_of for a in expected[0])
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # where SQLite and tempfile put temporary files
    monkeypatch.setattr(tempfile, "tempdir", None)
    with Deduplicator(config, low_memory=True) as low:
        low.add_many(docs)
        assert results(low, docs) == expected
        # and both are right: the corpus's own copies, known from how it was made
        assert [list(c.members) for c in low.clusters()] == planted_clusters(len(docs))
        assert low.explain("d3", "d0") == resident.verifier.explain(docs[3][1], docs[0][1])
        assert list(tmp_path.iterdir()) == []  # the files in use have no name: a kill leaves nothing


def test_low_memory_index_file_resumes_and_mixes_with_resident_runs(tmp_path: Path) -> None:
    docs = corpus(100)
    config = DedupConfig(batch_size=16)
    path = tmp_path / "index.sqlite"
    with Deduplicator(config, index_path=path) as first:
        first.add_many(docs[:40])
    with Deduplicator(config, index_path=path, low_memory=True) as second:
        second.add_many(docs[30:70])  # 30-39 are already indexed: ignored
        assert second.seq("d35") == 35 and second.seq("d69") == 69
    with Deduplicator(config, index_path=path, low_memory=True) as third:
        third.add_many(docs)
        got = results(third, docs)
    with Deduplicator(config) as fresh:
        fresh.add_many(docs)
        assert got == results(fresh, docs)
    assert [list(c.members) for c in got[1]] == planted_clusters(len(docs))


def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str], stdin: str):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_low_memory_output_is_byte_identical(monkeypatch, capsys) -> None:
    import json

    lines = [json.dumps({"id": d, "text": t, "published": p}) for d, t, p in corpus(40)]
    lines[5] = "not json"
    lines[9] = json.dumps({"id": "d1", "text": "a repeated id"})
    stdin = "\n".join(lines) + "\n"
    default = cli(monkeypatch, capsys, ["dedup", "--no-clean"], stdin)
    low = cli(monkeypatch, capsys, ["dedup", "--no-clean", "--low-memory"], stdin)
    assert low == default
    assert default[0] == 1
    assert default[2].count("\n") == 2
    assert 'id "d1" repeats an earlier record' in default[2]
