"""``newsclean report`` on the command line, and the progress bars of clean, dedup and report."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path
from typing import BinaryIO

import pytest

GOOD = [
    {"id": "a", "text": "Kept one.", "removals": [], "paragraph_lines": [1]},
    {"id": "b", "error": "line 2: the document is empty"},
    {"id": "c", "text": "Kept two.", "removals": [], "paragraph_lines": [1]},
]
PAGES = [
    {"id": i, "text": f"Headline {i}\n\nThe council met on Tuesday to discuss item {i}, officials said."}
    for i in range(3)
]


def lines(objs: list[dict[str, object]]) -> bytes:
    return b"".join(json.dumps(o).encode() + b"\n" for o in objs)


def newsclean(*args: str, stdin: bytes = b"", cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "newsclean", *args], input=stdin, capture_output=True, check=False, cwd=cwd
    )


def test_standard_input_to_standard_output() -> None:
    result = newsclean("report", stdin=lines(GOOD))
    assert (result.returncode, result.stderr) == (0, b"")
    assert result.stdout.startswith(b"<!DOCTYPE html>") and result.stdout.endswith(b"</html>\n")


def test_output_file(tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_bytes(lines(GOOD))
    result = newsclean("report", "in.jsonl", "-o", "out.html", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, b"", b"")
    assert (tmp_path / "out.html").read_bytes().startswith(b"<!DOCTYPE html>")


def test_unreadable_line_is_one_message_and_exit_1() -> None:
    result = newsclean("report", stdin=lines(GOOD[:1]) + b"{oops\n" + lines(GOOD[2:]))
    assert result.returncode == 1
    assert result.stderr == (
        b"newsclean: <stdin>: line 2: invalid JSON: Expecting property name enclosed in double quotes (column 2)\n"
    )
    assert b"Expecting property name" in result.stdout  # the page still comes out, the line among the failed


def test_missing_file_is_one_message_and_the_others_are_read(tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_bytes(lines(GOOD))
    result = newsclean("report", "nope.jsonl", "in.jsonl", "-o", "out.html", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        1,
        b"newsclean: nope.jsonl: cannot read: No such file or directory\n",
    )
    assert b"Kept two." in (tmp_path / "out.html").read_bytes()


def test_bad_option_is_exit_2() -> None:
    result = newsclean("report", "--sample", "-1")
    assert result.returncode == 2
    assert result.stderr.endswith(b"argument --sample: expected 0 or more, got -1\n")


@pytest.mark.parametrize(
    "command",
    [["clean", "--format", "jsonl"], ["dedup"], ["report", "-o", os.devnull]],
    ids=["clean", "dedup", "report"],
)
def test_no_progress_when_standard_error_is_not_a_terminal(command: list[str]) -> None:
    result = newsclean(*command, stdin=lines(PAGES))
    assert result.returncode == 0
    assert result.stderr == b""


def on_a_terminal(args: list[str], cwd: Path, stdin: bytes | BinaryIO | None = None) -> str:
    """Run newsclean with standard error on a pseudo-terminal 120 columns wide; what it drew there.

    ``stdin`` is bytes sent through a pipe, or an open file given as standard input."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsclean", *args],
        stdin=subprocess.PIPE if isinstance(stdin, bytes) else stdin or subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=slave,
        cwd=cwd,
    )
    os.close(slave)
    if isinstance(stdin, bytes):
        assert proc.stdin is not None
        proc.stdin.write(stdin)
        proc.stdin.close()
    drawn = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        drawn += chunk
    os.close(master)
    assert proc.wait() == 0
    return drawn.decode("utf-8", "replace")


def bar(verb: str, count: int) -> re.Pattern[str]:
    """The finished bar: 100 %, the count, the time taken, no time left, and a rate."""
    return re.compile(rf"{verb}: 100%\|[^|]*\| {count}/{count} \[\d\d:\d\d<00:00, +[\d.]+ records/s\]")


@pytest.fixture
def explained(tmp_path: Path) -> Path:
    (tmp_path / "pages.jsonl").write_bytes(lines(PAGES))
    return tmp_path


def test_clean_draws_a_bar_with_rate_and_eta(explained: Path) -> None:
    drawn = on_a_terminal(["clean", "pages.jsonl"], explained)
    assert bar("cleaned", 3).search(drawn), drawn


def test_dedup_draws_a_bar_for_reading_and_for_writing(explained: Path) -> None:
    drawn = on_a_terminal(["dedup", "pages.jsonl"], explained)
    assert bar("read", 3).search(drawn), drawn
    assert bar("wrote", 3).search(drawn), drawn


def test_report_draws_a_bar(explained: Path) -> None:
    drawn = on_a_terminal(["report", "pages.jsonl", "-o", "r.html"], explained)
    assert bar("read", 3).search(drawn), drawn


def test_a_pipe_has_no_total_so_the_bar_counts_with_a_rate(explained: Path) -> None:
    drawn = on_a_terminal(["clean", "--format", "jsonl"], explained, stdin=lines(PAGES))
    assert re.search(r"cleaned: 3 records \[\d\d:\d\d, +[\d.]+ records/s\]", drawn), drawn


def test_standard_input_from_a_file_is_counted_for_the_eta(explained: Path) -> None:
    with open(explained / "pages.jsonl", "rb") as stream:
        drawn = on_a_terminal(["report"], explained, stdin=stream)
    assert bar("read", 3).search(drawn), drawn
