"""The command line: exact output, exit codes, bad input, pipes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cli_helpers import run
from newsclean.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus_samples" / "seed_003_kim_putin.txt"
PAGE = "Comments\n\nThe body of the article is this sentence.\n"


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


def test_explain_marks_every_line_of_a_text_past_the_limits(monkeypatch, capsys) -> None:
    """Lines of 32 characters: the first to start at or past character 1,000,000 (max_document_chars) is
    line 31,251; from there on, across the pieces the input is read in, every line is marked removed by
    the limits, and every input line comes out once, in order, after its mark."""
    lines = [f"line {i:06d} of a long document." for i in range(1, 80_001)]
    assert {len(line) + 1 for line in lines} == {32}
    code, out, _ = run(monkeypatch, capsys, ["clean", "--explain"], "\n".join(lines).encode())
    assert code == 0
    marked = out.splitlines()
    assert [line.split("] ", 1)[-1].removeprefix("+ ") for line in marked] == lines
    assert all(line.startswith("-[limits:past_document_limit] ") for line in marked[31_250:])
    assert not any(line.startswith("-[limits:past_document_limit] ") for line in marked[:31_250])


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
    # the body's one paragraph is input line 3 (line 2 is blank)
    assert obj["paragraph_lines"] == [3]


def test_jsonl_bad_records_keep_order_and_fail_the_run(monkeypatch, capsys) -> None:
    lines = [
        json.dumps({"id": 1, "text": PAGE}).encode(),
        b"{not json",
        json.dumps({"id": 3}).encode(),
        json.dumps({"id": 4, "text": 42}).encode(),
        json.dumps({"id": 5, "text": "   "}).encode(),
        b'{"id": 6, "text": "The caf\xe9 opened on Monday, its owner said."}',
        b"[1, 2]",
        b'{"id": 8, "text": "nul \x00 byte"}',
        json.dumps({"id": 9, "text": PAGE}).encode(),
    ]
    code, out, err = run(monkeypatch, capsys, ["clean", "--format", "jsonl"], b"\n".join(lines) + b"\n")
    objs = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert [o.get("id") for o in objs] == [1, None, 3, 4, 5, 6, None, None, 9]
    assert [("error" in o) for o in objs] == [False, True, True, True, True, False, True, True, False]
    assert objs[1]["raw"] == "{not json"
    assert objs[2]["error"] == "line 3: no 'text' field; name the text field with --text-field"
    assert objs[3]["error"] == "line 4: field 'text' is int, expected a string"
    assert objs[3]["text"] == 42
    assert objs[5]["text"] == "The café opened on Monday, its owner said."
    assert objs[5]["warnings"] == ["line 6: not valid UTF-8; decoded as cp1252"]
    assert objs[7]["error"].startswith("line 8: binary data (NUL byte")
    assert objs[7]["raw"] == '{"id": 8, "text": "nul \x00 byte"}'
    errors = [line for line in err.splitlines() if not line.startswith("newsclean: warning: ")]
    assert len(errors) == 6
    assert all(line.startswith("newsclean: <stdin>: line ") for line in errors)
    assert err.count("newsclean: warning: line 6: not valid UTF-8") == 1


def test_oversize_jsonl_record_is_skipped_with_bounded_reading(monkeypatch, capsys) -> None:
    big = json.dumps({"id": 2, "text": "word " * 1000}).encode()
    data = b"\n".join(
        [json.dumps({"id": 1, "text": PAGE}).encode(), big, json.dumps({"id": 3, "text": PAGE}).encode()]
    )
    code, out, _ = run(
        monkeypatch, capsys, ["clean", "--format", "jsonl", "--max-record-bytes", "500"], data + b"\n"
    )
    objs = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert [o.get("error") is None for o in objs] == [True, False, True]
    assert (
        objs[1]["error"]
        == "line 2: record longer than 500 bytes; skipped (raise the limit with --max-record-bytes)"
    )
    assert objs[1]["raw"].startswith('{"id": 2, "text": "word word')
    assert [o.get("id") for o in objs] == [1, None, 3]


def test_long_lines_are_removed_and_warned(monkeypatch, capsys) -> None:
    page = "x" * 30_000 + "\nThe body of the article is this sentence.\n"
    code, out, err = run(monkeypatch, capsys, ["clean"], page.encode())
    assert (code, out) == (0, "The body of the article is this sentence.\n")
    assert err == "newsclean: warning: <stdin>: lines 1-1 removed by the size limits (long_line)\n"


def test_full_disk_is_an_error_not_a_traceback() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "newsclean", "clean", str(SEED)],
        stdout=open("/dev/full", "w"),  # noqa: SIM115
        stderr=subprocess.PIPE,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stderr == b"newsclean: cannot write output: No space left on device\n"


def test_truncated_last_line_is_reported(monkeypatch, capsys) -> None:
    data = json.dumps({"id": 1, "text": PAGE}).encode() + b'\n{"id": 2, "te'
    code, out, err = run(monkeypatch, capsys, ["clean", "--format", "jsonl"], data)
    assert code == 1
    assert len(out.splitlines()) == 2
    assert "cut short" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary data (NUL byte at offset 8)"),
        (bytes(range(1, 9)) * 20, "binary data (control bytes)"),
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


@pytest.mark.parametrize(
    ("content", "warning"),
    [
        (b"The caf\xe9 opened on Monday, its owner said.", "not valid UTF-8; decoded as cp1252"),
        (
            ("Новости дня: рынок вырос на два процента, сообщили аналитики. " * 6).encode("cp1251"),
            "not valid UTF-8; decoded as cp1251 (detected)",
        ),
        ("The café opened on Monday, its owner said.".encode("utf-16"), None),
        (b"\xef\xbb\xbfThe caf\xc3\xa9 opened on Monday, its owner said.", None),
    ],
    ids=["latin1", "cp1251", "utf16-bom", "utf8-bom"],
)
def test_encodings_are_decoded_by_the_rule_and_flagged(
    monkeypatch, capsys, tmp_path: Path, content: bytes, warning: str | None
) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes(content)
    code, out, err = run(monkeypatch, capsys, ["clean", str(page)])
    assert code == 0
    assert out.strip() and "\ufffd" not in out
    if warning is None:
        assert err == ""
    else:
        assert err == f"newsclean: warning: {page}: {warning}\n"


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


def test_learn_then_clean_with_profile(monkeypatch, capsys, tmp_path: Path) -> None:
    body = "The council approved the new budget on Tuesday after a long debate, officials said."
    pages = []
    for i, town in enumerate(("Ashford", "Brampton", "Carlow")):
        page = tmp_path / f"p{i}.txt"
        page.write_text(
            f"Valley Gazette Sunday Digest Edition\n{town}: {body} Item {town}.\nMore words follow here in a sentence.\n"
        )
        pages.append(str(page))
    profile = tmp_path / "site.json"
    code, _, err = run(monkeypatch, capsys, ["learn", *pages, "-o", str(profile), "--novel-words", "10"])
    assert code == 0 and profile.exists()
    code, out, _ = run(monkeypatch, capsys, ["clean", "--explain", "--profile", str(profile), pages[0]])
    assert code == 0
    assert "-[template:" in out and "Valley Gazette Sunday Digest Edition" in out
    code, out, err = run(
        monkeypatch, capsys, ["clean", "--profile", str(tmp_path / "missing.json"), pages[0]]
    )
    assert (code, out) == (2, "")
    assert err.startswith("newsclean: --profile: cannot read profile")


def test_ctrl_c_ends_cleanly() -> None:
    import os
    import signal
    import time

    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsclean", "clean", "--format", "jsonl"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        # a test runner may leave SIGINT ignored, and an ignored signal is inherited: give the
        # child the default disposition a terminal would
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(json.dumps({"id": 1, "text": PAGE}).encode() + b"\n")
    proc.stdin.flush()
    first = proc.stdout.readline()  # each record is flushed: the process now waits for more input
    time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=30)
    assert json.loads(first)["text"] == "The body of the article is this sentence."
    assert proc.returncode == 1
    assert err.startswith(b"newsclean: interrupted") and b"Traceback" not in err


# --- the body locator's knob ----------------------------------------------------------------

WIRE = ROOT / "corpus_samples" / "us_wire_markets.txt"


def test_body_threshold_at_its_default_changes_nothing(monkeypatch, capsys) -> None:
    default = run(monkeypatch, capsys, ["clean", str(WIRE)])
    assert run(monkeypatch, capsys, ["clean", "--body-threshold", "0.5", str(WIRE)]) == default


def test_a_higher_body_threshold_keeps_a_subsequence_of_the_lines(monkeypatch, capsys) -> None:
    _, loose, _ = run(monkeypatch, capsys, ["clean", "--body-threshold", "0.1", str(WIRE)])
    code, strict, err = run(monkeypatch, capsys, ["clean", "--body-threshold", "0.9", str(WIRE)])
    assert (code, err) == (0, "")
    kept = strict.strip().split("\n\n")
    assert set(kept) <= set(loose.strip().split("\n\n"))


@pytest.mark.parametrize("value", ["0", "1", "1.2", "-0.1", "half"])
def test_body_threshold_outside_zero_one_is_a_usage_error(capsys, value: str) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["clean", f"--body-threshold={value}", str(WIRE)])
    out, err = capsys.readouterr()
    assert (exit_.value.code, out) == (2, "")
    assert "argument --body-threshold: expected a number between 0 and 1" in err


def test_body_threshold_is_refused_where_no_fitted_locator_runs(monkeypatch, capsys, tmp_path: Path) -> None:
    code, _, err = run(monkeypatch, capsys, ["clean", "--html", "--body-threshold", "0.4", str(WIRE)])
    assert (code, err) == (
        2,
        "newsclean: --body-threshold applies to text mode (HTML mode finds the body with trafilatura)\n",
    )
    rules = tmp_path / "rules.toml"
    rules.write_text("[clean.scoring]\nprose_min_words = 10\n", encoding="utf-8")
    code, _, err = run(
        monkeypatch, capsys, ["clean", "--config", str(rules), "--body-threshold", "0.4", str(WIRE)]
    )
    assert (code, err) == (
        2,
        "newsclean: --body-threshold applies to the fitted locator; the configuration selects the rule-based one\n",
    )
