"""A dedup index under hostile conditions: two writers, a lock held, read-only, damaged, hand-edited;
and ids that are not strings. The index is refused with exit 2 and one line, never a traceback."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from cli_helpers import run
from newsclean.cli.main import main
from newsclean.dedup import DedupConfig, DedupIndexError, Deduplicator, DocumentIdError, SQLiteStore

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from dedup_helpers import article, copy_of  # noqa: E402

BATCH = "".join(
    json.dumps({"id": f"d{i}", "text": article(i % 40) if i % 3 else copy_of(article(i % 40))}) + "\n"
    for i in range(300)
)


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "newsclean", "dedup", "--no-clean", *args]


def test_two_runs_at_once_wait_for_each_other(tmp_path: Path) -> None:
    """#8: the second died with IntegrityError or IndexError, or printed a false repeated id."""
    data = tmp_path / "batch.jsonl"
    data.write_text(BATCH)
    index = str(tmp_path / "same.db")
    alone = subprocess.run(
        _command("--index", str(tmp_path / "alone.db"), str(data)), capture_output=True, text=True
    )
    runs = [
        subprocess.Popen(_command("--index", index, str(data)), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]  # fmt: skip
    results = [proc.communicate(timeout=120) for proc in runs]
    assert [proc.returncode for proc in runs] == [0, 0], results
    for out, err in results:
        assert out == alone.stdout  # each prints what a run alone prints
        assert "Traceback" not in err and "repeats" not in err


def test_a_lock_held_past_the_wait_is_refused(monkeypatch, capsys, tmp_path: Path) -> None:
    """#8: a lock held by another program gave a traceback, or advice to give a new --index path."""
    index = tmp_path / "locked.db"
    assert run(monkeypatch, capsys, ["dedup", "--no-clean", "--index", str(index)], BATCH)[0] == 0
    holder = sqlite3.connect(index, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        code, out, err = run(
            monkeypatch,
            capsys,
            ["dedup", "--no-clean", "--index", str(index), "--lock-timeout", "0.3"],
            BATCH,
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert (code, out) == (2, "")
    assert err == (
        f"newsclean: index {index} is locked by another process (waited 0.3 s): run again when it is done, "
        "or raise --lock-timeout\n"
    )


def test_another_dedup_run_holding_the_index_is_waited_for_then_refused(
    monkeypatch, capsys, tmp_path
) -> None:
    index = tmp_path / "busy.db"
    with Deduplicator(index_path=index):  # holds the run lock
        code, out, err = run(
            monkeypatch,
            capsys,
            ["dedup", "--no-clean", "--index", str(index), "--lock-timeout", "0.3"],
            BATCH,
        )
    assert (code, out) == (2, "")
    assert err == (
        f"newsclean: index {index} is in use by another dedup run; waiting for it (up to 0.3 s)\n"
        f"newsclean: index {index} is in use by another dedup run (waited 0.3 s): run one dedup at a time per "
        "index, or raise --lock-timeout\n"
    )
    assert run(monkeypatch, capsys, ["dedup", "--no-clean", "--index", str(index)], BATCH)[0] == 0  # released


def _as_nobody(args: list[str]) -> tuple[int, str, str]:
    """Run the command line in a forked child that has given up root (which may write anything)."""
    out_read, out_write = os.pipe()
    err_read, err_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: no exec, so the interpreter's files need not be readable by nobody
        code = 99
        try:
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            os.dup2(out_write, 1)
            os.dup2(err_write, 2)
            sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115
            sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
            code = main(args)
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)
    os.close(out_write)
    os.close(err_write)
    with open(out_read, encoding="utf-8") as out, open(err_read, encoding="utf-8") as err:
        stdout, stderr = out.read(), err.read()
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), stdout, stderr


def test_read_only_index_is_refused(tmp_path: Path) -> None:
    """#7: an OperationalError traceback, 0 records out. As an unprivileged user when we are root,
    else with the file and its folder made read-only."""
    folder = Path(tempfile.mkdtemp(prefix="newsclean-ro-"))
    try:
        os.chmod(folder, 0o755)
        data = folder / "batch.jsonl"
        data.write_text(BATCH)
        index = folder / "ro.db"
        subprocess.run(_command("--index", str(index), str(data)), check=True, capture_output=True)
        args = ["dedup", "--no-clean", "--index", str(index), str(data)]
        if os.geteuid() == 0:
            os.chmod(data, 0o644)
            code, out, err = _as_nobody(args)
        else:
            os.chmod(index, 0o444)
            os.chmod(folder, 0o555)
            proc = subprocess.run(_command("--index", str(index), str(data)), capture_output=True, text=True)
            code, out, err = proc.returncode, proc.stdout, proc.stderr
    finally:
        os.chmod(folder, 0o755)
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()
    assert (code, out) == (2, "")
    assert err.startswith(f"newsclean: index {index} is read-only (") and err.count("\n") == 1
    assert err.endswith("give a writable --index path (copy the index there to keep what it holds)\n")


def _indexed(tmp_path: Path, monkeypatch, capsys) -> Path:
    index = tmp_path / "index.db"
    assert run(monkeypatch, capsys, ["dedup", "--no-clean", "--index", str(index)], BATCH)[0] == 0
    with sqlite3.connect(index) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return index


def _corrupt_docs_page(index: Path) -> None:
    with sqlite3.connect(index) as db:
        root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'docs'").fetchone()[0]
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(index.read_bytes())
    start = (root - 1) * page_size
    data[start : start + page_size] = b"\xa5" * page_size  # not a B-tree page any more
    index.write_bytes(bytes(data))


EDITS = [
    ("corrupt page", _corrupt_docs_page, "PRAGMA integrity_check"),
    ("meta not JSON", "UPDATE meta SET value = '{oops' WHERE key = 'parameters'", "its parameters are not JSON"),
    ("meta wrong type", """UPDATE meta SET value = '{"threshold": "high"}' WHERE key = 'parameters'""",
     "threshold must be a number in (0.0, 1.0], got 'high'"),
    ("tokens text", "UPDATE docs SET tokens = 'many' WHERE seq = 3", "docs row seq=3: the word count is 'many'"),
    ("signature cut", "UPDATE docs SET signature = x'0102' WHERE seq = 4", "docs row seq=4: the signature is not 512 bytes"),
    ("seq gap", "DELETE FROM docs WHERE seq = 5", "docs row seq=6: sequence numbers must run 0, 1, 2, ...; expected 5"),
    ("edge to nowhere", "INSERT INTO edges VALUES (100000, 1, 0.9)", "edges row (100000, 1, 0.9) is not a verified pair"),
    ("host text", "UPDATE docs SET host = 'site' WHERE seq = 1", "docs row seq=1: the site key is str"),
    ("lines cut", "UPDATE docs SET lines = x'0102' WHERE seq = 2", "docs row seq=2: the lines are 2 bytes, not the layout"),
    ("lines text", "UPDATE docs SET lines = 'lines' WHERE seq = 2", "docs row seq=2: the lines are str, not a blob"),
    ("lines count past the end", f"UPDATE docs SET lines = x'{'00' * 16}01000000{'00' * 4}' WHERE seq = 2",
     "docs row seq=2: the lines are 24 bytes, not the layout"),
    ("pair to nowhere", "INSERT INTO pairs VALUES (100000, 1)", "pairs row (100000, 1) is not a candidate pair"),
    ("pair backwards", "INSERT INTO pairs VALUES (1, 2)", "pairs row (1, 2) is not a candidate pair"),
    ("settled text", "INSERT OR REPLACE INTO meta VALUES ('settled', 'many')", "its settled count is 'many'"),
    ("settled past the end", "INSERT OR REPLACE INTO meta VALUES ('settled', '100000')",
     "its clusters account for 100000 documents of"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "edit", "message"), EDITS, ids=[e[0] for e in EDITS])
@pytest.mark.parametrize("options", [[], ["--low-memory"]], ids=["default", "low-memory"])
def test_damaged_index_is_refused(monkeypatch, capsys, tmp_path: Path, name, edit, message, options) -> None:
    """#9: DatabaseError, JSONDecodeError, TypeError, IndexError tracebacks, exit 1."""
    index = _indexed(tmp_path, monkeypatch, capsys)
    if callable(edit):
        edit(index)
    else:
        with sqlite3.connect(index) as db:
            db.execute(edit)
    code, out, err = run(monkeypatch, capsys, ["dedup", "--no-clean", *options, "--index", str(index)], BATCH)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and message in err and "Traceback" not in err
    assert "PRAGMA integrity_check" in err or "damaged" in err or "not a newsclean dedup index" in err


def test_a_body_that_is_not_text_is_a_damaged_index(monkeypatch, capsys, tmp_path: Path) -> None:
    index = _indexed(tmp_path, monkeypatch, capsys)
    with sqlite3.connect(index) as db:
        db.execute("UPDATE docs SET body = x'00ff' WHERE seq = 0")
    store = SQLiteStore(index, DedupConfig())
    try:
        with pytest.raises(
            DedupIndexError, match=r"is damaged \(no text body for document 0\): check it with"
        ):
            store.body(0)
    finally:
        store.close()


def test_library_ids_are_json_values(tmp_path: Path) -> None:
    """#11: add(5, t) twice was not a repeat; with an index a repeated non-string id raised a raw
    IntegrityError, lost the batch and broke the next flush; 5 and "5" were one id."""
    story = article(7)
    for index in (None, tmp_path / "ids.db"):
        with Deduplicator(DedupConfig(batch_size=4), index_path=index) as dedup:
            for i in range(10):
                dedup.add(f"good-{i}", article(100 + i))
            dedup.add(5, story)
            dedup.add(5, "another text")  # a repeat: ignored
            dedup.add("5", copy_of(story))
            dedup.add({"site": "b", "n": [1]}, copy_of(copy_of(story)))
            with pytest.raises(DocumentIdError, match="is not a JSON value"):
                dedup.add(object(), story)
            with pytest.raises(TypeError, match="expected a string"):
                dedup.add("bad-text", 42)  # type: ignore[arg-type]
            dedup.flush()
            assert len(dedup) == 13
            assert dedup.assignment("5").duplicate_of == 5
            assert dedup.assignment({"n": [1], "site": "b"}).duplicate_of == 5  # keys in any order
            assert dedup.assignment(5).duplicate_of is None and dedup.assignment(5).cluster_id is not None
            assert all(dedup.assignment(f"good-{i}").cluster_id is None for i in range(10))


def test_an_id_with_a_lone_surrogate_is_not_its_replacement(tmp_path: Path) -> None:
    """#2: the text is stored with U+FFFD for the surrogate, the id is not: "a\\ud800" and "a\\ufffd" are two
    documents, and the copy of the first names it as given, with an index and without, and when reopened."""
    index = tmp_path / "surrogate.db"
    for path in (None, index, index):
        with Deduplicator(DedupConfig(batch_size=2), index_path=path) as dedup:
            dedup.add("a\ud800", article(1) + " \ud800")
            dedup.add("a\ufffd", article(2))
            dedup.add("c", copy_of(article(1)))
            dedup.flush()
            assert len(dedup) == 3
            assert dedup.assignment("c").duplicate_of == "a\ud800"
            assert dedup.assignment("a\ud800").duplicate_of is None
            assert dedup.assignment("a\ufffd").cluster_id is None


def test_a_failed_batch_leaves_the_deduplicator_refusing(tmp_path: Path) -> None:
    index = tmp_path / "full.db"
    dedup = Deduplicator(DedupConfig(batch_size=2), index_path=index)
    dedup.add("a", article(1))
    holder = sqlite3.connect(index, isolation_level=None, timeout=0)
    dedup._store.lock_timeout = 0  # type: ignore[union-attr]
    dedup._store._db.execute("PRAGMA busy_timeout = 0")  # type: ignore[union-attr]
    holder.execute("BEGIN EXCLUSIVE")
    with pytest.raises(DedupIndexError, match="is locked by another process"):
        dedup.add("b", article(2))  # the batch's commit cannot take the lock
    holder.execute("ROLLBACK")
    with pytest.raises(DedupIndexError, match="a batch of documents failed part way"):
        dedup.add("c", article(3))
    dedup.close()
    with Deduplicator(DedupConfig(batch_size=2), index_path=index) as again:
        assert len(again) == 0  # the failed batch was not committed: the index holds the last complete one


def test_page_and_url_with_lone_surrogates_are_kept_apart_from_the_index(tmp_path: Path) -> None:
    """A page or URL holding a lone surrogate (which UTF-8 cannot carry) is read as U+FFFD for the
    evidence, in memory and with an index; one that is not a string is refused before anything is added."""
    story = article(3)
    for index in (None, tmp_path / "pages.db"):
        with Deduplicator(index_path=index) as dedup:
            dedup.add("a", story, None, page="menu\ud800\n" + story, url="https://x\udc00.example/a")
            dedup.add("b", story, None, page=story, url="https://x\ufffd.example/b")
            with pytest.raises(TypeError, match="the URL of document 'c' is int, expected a string"):
                dedup.add("c", story, None, url=5)  # type: ignore[arg-type]
            assert "c" not in dedup
            assert dedup.assignment("a").to_dict() == {
                "cluster_id": 0,
                "duplicate_of": None,
                "similarity": 1.0,
            }
            assert dedup.assignment("b").to_dict() == {
                "cluster_id": 0,
                "duplicate_of": "a",
                "similarity": 1.0,
            }
