"""The command line: exact output, exit codes, bad input, pipes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsclean.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus_samples" / "seed_003_kim_putin.txt"
PAGE = "Comments\n\nThe body of the article is this sentence.\n"


def run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str], stdin: bytes = b""
):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_text_file_prints_the_body(monkeypatch, capsys) -> None:
    code, out, err = run(monkeypatch, capsys, ["clean", str(SEED)])
    golden = json.loads((ROOT / "tests" / "golden" / "seed_003_kim_putin.json").read_text(encoding="utf-8"))
    assert (code, out, err) == (0, golden["body"] + "\n", "")


def test_stdin_text(monkeypatch, capsys) -> None:
    assert run(monkeypatch, capsys, ["clean"], PAGE.encode()) == (
        0,
        "The body of the article is this sentence.\n",
        "",
    )


def test_several_files_get_headers(monkeypatch, capsys, tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(PAGE)
    b.write_text("Share\nAnother article body, one sentence long.\n")
    code, out, _ = run(monkeypatch, capsys, ["clean", str(a), str(b)])
    assert code == 0
    assert out == (
        f"==> {a} <==\nThe body of the article is this sentence.\n\n==> {b} <==\nAnother article body, one sentence long.\n"
    )


def test_explain_text(monkeypatch, capsys) -> None:
    code, out, _ = run(monkeypatch, capsys, ["clean", "--explain"], PAGE.encode())
    assert (code, out) == (
        0,
        "-[comments:comments_header] Comments\n+ The body of the article is this sentence.\n",
    )


def test_jsonl_keeps_fields_replaces_text_adds_metadata(monkeypatch, capsys) -> None:
    record = {"id": "a1", "url": "https://example.com/x", "text": PAGE}
    code, out, err = run(
        monkeypatch, capsys, ["clean", "--format", "jsonl"], (json.dumps(record) + "\n").encode()
    )
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "id": "a1",
        "url": "https://example.com/x",
        "text": "The body of the article is this sentence.",
        "title": None,
        "byline": None,
        "agency": None,
        "published": None,
        "dateline": None,
        "section": None,
        "tags": [],
    }


def test_jsonl_custom_fields_and_explain(monkeypatch, capsys) -> None:
    line = json.dumps({"doc": 7, "page": PAGE}) + "\n"
    code, out, _ = run(
        monkeypatch,
        capsys,
        ["clean", "--format", "jsonl", "--text-field", "page", "--id-field", "doc", "--explain"],
        line.encode(),
    )
    obj = json.loads(out)
    assert code == 0
    assert obj["page"] == "The body of the article is this sentence."
    assert obj["removals"] == [
        {
            "filter": "comments",
            "reason": "comments",
            "rule": "comments_header",
            "lines": [1, 1],
            "text": "Comments",
        }
    ]


def test_jsonl_bad_records_keep_order_and_fail_the_run(monkeypatch, capsys) -> None:
    lines = [
        json.dumps({"id": 1, "text": PAGE}).encode(),
        b"{not json",
        json.dumps({"id": 3}).encode(),
        json.dumps({"id": 4, "text": 42}).encode(),
        json.dumps({"id": 5, "text": "   "}).encode(),
        b'{"id": 6, "text": "caf\xe9"}',
        b"[1, 2]",
        json.dumps({"id": 8, "text": PAGE}).encode(),
    ]
    code, out, err = run(monkeypatch, capsys, ["clean", "--format", "jsonl"], b"\n".join(lines) + b"\n")
    objs = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert len(objs) == 8
    assert [o.get("id") for o in objs] == [1, None, 3, 4, 5, None, None, 8]
    assert [("error" in o) for o in objs] == [False, True, True, True, True, True, True, False]
    assert objs[1]["raw"] == "{not json"
    assert objs[2]["error"] == "line 3: no 'text' field; name the text field with --text-field"
    assert objs[3]["error"] == "line 4: field 'text' is int, expected a string"
    assert objs[3]["text"] == 42
    assert objs[5]["raw"] == '{"id": 6, "text": "caf\\xe9"}'
    assert len(err.splitlines()) == 6
    assert all(line.startswith("newsclean: <stdin>: line ") for line in err.splitlines())


def test_truncated_last_line_is_reported(monkeypatch, capsys) -> None:
    data = json.dumps({"id": 1, "text": PAGE}).encode() + b'\n{"id": 2, "te'
    code, out, err = run(monkeypatch, capsys, ["clean", "--format", "jsonl"], data)
    assert code == 1
    assert len(out.splitlines()) == 2
    assert "cut short" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"caf\xe9 au lait", "not valid UTF-8 (byte 0xe9 at offset 3)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary data"),
        (b"", "empty document"),
        (b"  \n\n ", "empty document"),
    ],
)
def test_bad_text_files(monkeypatch, capsys, tmp_path: Path, content: bytes, message: str) -> None:
    bad, good = tmp_path / "bad.txt", tmp_path / "good.txt"
    bad.write_bytes(content)
    good.write_text(PAGE)
    code, out, err = run(monkeypatch, capsys, ["clean", str(bad), str(good)])
    assert code == 1
    assert out == f"==> {good} <==\nThe body of the article is this sentence.\n"
    assert err.count("\n") == 1 and message in err and str(bad) in err


def test_missing_file(monkeypatch, capsys, tmp_path: Path) -> None:
    code, out, err = run(monkeypatch, capsys, ["clean", str(tmp_path / "nope.txt")])
    assert (code, out) == (1, "")
    assert "cannot read" in err


def test_usage_error_exits_2(monkeypatch, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run(monkeypatch, capsys, ["clean", "--format", "xml"])
    assert exit_info.value.code == 2


def test_quiet_when_reader_closes_pipe() -> None:
    lines = b"".join(json.dumps({"id": i, "text": PAGE}).encode() + b"\n" for i in range(5000))
    proc = subprocess.run(
        f"{sys.executable} -m newsclean clean --format jsonl | head -n 1",
        shell=True,
        input=lines,
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 0
    assert proc.stdout.count(b"\n") == 1
    assert b"Traceback" not in proc.stderr and b"BrokenPipe" not in proc.stderr


def test_no_progress_when_stderr_is_not_a_tty() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "newsclean", "clean", "--format", "jsonl"],
        input=json.dumps({"id": 1, "text": PAGE}).encode() + b"\n",
        capture_output=True,
        check=False,
    )
    assert (proc.returncode, proc.stderr) == (0, b"")
