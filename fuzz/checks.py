"""The invariants the fuzz targets check, as plain functions (no atheris), so that
tests/test_fuzz_regressions.py replays every kept finding through the same checks.

Each ``check_*`` takes the raw bytes a fuzzer produced and raises ``AssertionError`` (or
lets an unexpected exception out) when newsclean breaks a stated rule on them.
"""

from __future__ import annotations

import contextlib
import io
import json
import sqlite3
import tempfile
from pathlib import Path

import regex

from newsclean import PipelineConfig, clean, load_config
from newsclean.cli.clean_records import clean_record
from newsclean.dedup import DedupConfig, Deduplicator
from newsclean.errors import NewscleanError
from newsclean.io.records import json_line, read_jsonl
from newsclean.profile import SiteProfile

#: Line ends of JSONL, written independently of newsclean's reader: LF, CRLF, lone CR.
_LINE_ENDS = regex.compile(rb"\r\n|\r|\n")
_SAMPLE = "Home\nWorld\n\nThe council approved the budget on Monday after a long debate, the mayor said.\n"
MAX_RECORD_BYTES = 4096


def check_jsonl(data: bytes) -> None:
    """JSONL framing: one record per non-blank line, in order, each either parsed or an error with
    the line kept; every output line is JSON that reads back as what was written."""
    lines = _LINE_ENDS.split(data)
    expected = [i for i, line in enumerate(lines, start=1) if line.strip()]
    records = list(read_jsonl(io.BytesIO(data), "fuzz", MAX_RECORD_BYTES))
    assert [r.number for r in records] == expected, "one record per non-blank line, numbered as the lines"
    for record in records:
        if record.error is None:
            assert isinstance(record.data, dict) and record.raw is None
        else:
            assert record.data == {} and record.raw is not None and "\n" not in record.error
        out, _ = clean_record(record, "text")
        line = json_line(out)
        assert line.count("\n") == 1 and line.endswith("\n"), "one output line per record"
        assert json.loads(line) == out, "the output reads back as written"
        if record.error is None:
            assert json.loads(json_line(record.data)) == record.data, "a parsed record round-trips"


def check_config(data: bytes) -> None:
    """A configuration file and a profile file: a ConfigError/ProfileError or a working pipeline."""
    with tempfile.TemporaryDirectory(prefix="newsclean-fuzz-") as folder:
        path = Path(folder) / "fuzz.toml"
        path.write_bytes(data)
        try:
            config = load_config(path)
        except NewscleanError:
            config = None
        if config is not None:
            assert isinstance(config, PipelineConfig)
            with contextlib.suppress(NewscleanError):  # a pattern timeout, say: documented errors only
                clean(_SAMPLE, config)
            config.html_config()
        with contextlib.suppress(NewscleanError):
            SiteProfile.load(path)


#: A small index the index fuzzer damages: built once per process.
_BASE: dict[str, bytes] = {}
_STORY = " ".join(f"Sentence {i} tells the story of the harbour, the boats and the tide." for i in range(12))


def _base_index() -> bytes:
    if "index" not in _BASE:
        with tempfile.TemporaryDirectory(prefix="newsclean-fuzz-") as folder:
            path = Path(folder) / "base.db"
            with Deduplicator(DedupConfig(batch_size=4, min_tokens=5), index_path=path) as dedup:
                for i in range(10):
                    dedup.add(
                        i if i % 2 else f"d{i}", _STORY if i % 3 else f"Other story {i}. " + _STORY[::-1]
                    )
            with sqlite3.connect(path) as db:
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                db.execute("PRAGMA journal_mode=DELETE")
            _BASE["index"] = path.read_bytes()
    return _BASE["index"]


# 13 columns: a stored regression input picks the column it picked among the first 10 (3 and 133 mod 13)
_COLUMNS = (
    ("docs", "seq"), ("docs", "doc_id"), ("docs", "published"), ("docs", "tokens"), ("docs", "signature"),
    ("docs", "body"), ("edges", "a"), ("edges", "b"), ("edges", "score"), ("meta", "value"),
    ("docs", "host"), ("docs", "lines"), ("meta", "key"),
)  # fmt: skip


def check_index(data: bytes) -> None:
    """A damaged index file: opening, adding to and reading it raise DedupIndexError or work."""
    base = bytearray(_base_index())
    with tempfile.TemporaryDirectory(prefix="newsclean-fuzz-") as folder:
        path = Path(folder) / "index.db"
        if data[:1] == b"\x00":  # byte patches: (2-byte offset, 1 byte value)*
            for i in range(1, len(data) - 2, 3):
                offset = int.from_bytes(data[i : i + 2], "big") % len(base)
                base[offset] = data[i + 2]
            path.write_bytes(bytes(base))
        else:  # value edits: one column of one row set to a value chosen by the bytes
            path.write_bytes(bytes(base))
            table, column = _COLUMNS[data[0] % len(_COLUMNS)] if data else _COLUMNS[0]
            value = _value(data[1:])
            try:
                with sqlite3.connect(path) as db:
                    db.execute(
                        f"UPDATE {table} SET {column} = ? WHERE rowid = (SELECT MIN(rowid) FROM {table})",
                        (value,),
                    )
            except sqlite3.Error:
                return  # a constraint refused the edit: nothing to check
        for low_memory in (False, True):
            try:
                with Deduplicator(
                    DedupConfig(batch_size=4, min_tokens=5),
                    index_path=path,
                    low_memory=low_memory,
                    lock_timeout=1,
                ) as dedup:
                    dedup.add("new", _STORY + " A new ending.")
                    for doc_id in ("d0", 1, "new"):
                        if doc_id in dedup:
                            dedup.assignment(doc_id)
                    dedup.clusters()
            except NewscleanError:
                pass


def _value(data: bytes) -> object:
    kind = data[0] % 5 if data else 0
    rest = data[1:]
    if kind == 0:
        return int.from_bytes(rest[:8], "big", signed=True)
    if kind == 1:
        return rest.decode("utf-8", "replace")
    if kind == 2:
        return bytes(rest)
    if kind == 3:
        return None
    return float(int.from_bytes(rest[:4], "big")) / 7.0
