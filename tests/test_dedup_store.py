"""The persistent index survives a killed run: consistent after, and the next run finishes the work."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsclean.dedup import DedupConfig, Deduplicator

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from dedup_helpers import article  # noqa: E402

BATCH = 20
CHILD = f"""
import sys
sys.path.insert(0, {str(HERE)!r})
from dedup_helpers import article
from newsclean.dedup import DedupConfig, Deduplicator
low = sys.argv[2] == "low"
with Deduplicator(DedupConfig(batch_size={BATCH}), index_path=sys.argv[1], low_memory=low) as dedup:
    for i in range(1_000_000):
        dedup.add(f"d{{i}}", article(i % 150), None)
"""


def docs(n: int) -> list[tuple[str, str, None]]:
    return [(f"d{i}", article(i % 150), None) for i in range(n)]


def count(path: Path) -> int:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            return int(db.execute("SELECT count(*) FROM docs").fetchone()[0])
    except sqlite3.Error:
        return 0


@pytest.mark.parametrize("low_memory", [False, True])
def test_killed_run_leaves_a_consistent_index_and_the_next_run_finishes(
    tmp_path: Path, low_memory: bool
) -> None:
    path = tmp_path / "index.sqlite"
    mode = "low" if low_memory else "resident"
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path), mode], env=os.environ.copy())
    try:
        deadline = time.monotonic() + 30
        while count(path) < 8 * BATCH and time.monotonic() < deadline:
            time.sleep(0.02)
        assert child.poll() is None, "the child ended before it could be killed"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        seqs = [row[0] for row in db.execute("SELECT seq FROM docs ORDER BY seq")]
        edges = db.execute("SELECT a, b FROM edges").fetchall()
    indexed = len(seqs)
    assert indexed >= 8 * BATCH
    assert indexed % BATCH == 0, "a batch was half written"
    assert seqs == list(range(indexed))
    assert all(0 <= b < a < indexed for a, b in edges)

    total = indexed + 3 * BATCH + 7
    with Deduplicator(DedupConfig(batch_size=BATCH), index_path=path, low_memory=low_memory) as resumed:
        resumed.add_many(docs(total))
        after = [resumed.assignment(d) for d, _, _ in docs(total)]
        assert len(resumed) == total
    with Deduplicator(DedupConfig(batch_size=BATCH)) as fresh:
        fresh.add_many(docs(total))
        assert after == [fresh.assignment(d) for d, _, _ in docs(total)]
    assert count(path) == total
