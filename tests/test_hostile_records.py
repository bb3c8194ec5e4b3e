"""Hostile records through every command and mode: every record out, in order, errors in place.

The reproductions of the "no record lost, whatever the input" issue, as data: each is
one JSONL line (or one file) with what ``clean`` and ``dedup`` must say of it. One batch
holds them all, between good records, and goes through ``clean --format jsonl`` (in
the calling process and with ``--jobs 2``, where they land in worker processes),
``clean --html`` (JSONL and files), and ``dedup`` by default, ``--low-memory``, with
and without ``--index`` (run twice: a re-run prints the same output). Sizes are the
smallest that take the same code path as the issue's (a line over the line limit, a
document over the line-count limit); the memory and time of the issue's own sizes are
measured by ``benchmarks/hostile.py``.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from cli_helpers import run

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from dedup_helpers import article, copy_of  # noqa: E402

GOOD = "The council approved the new budget on Monday after a long debate about schools and roads, the mayor said."
STORY, OTHER = article(31), article(32)
OK = None  # the record comes out without an error


@dataclass(frozen=True)
class Case:
    """One hostile JSONL line, its id in the output (``None``: it has none), and the error each command
    must give it (a substring of the message), or ``OK``."""

    name: str
    line: bytes
    out_id: object
    clean: str | None
    dedup: str | None
    why: str


def _line(obj: dict[str, object]) -> bytes:
    return json.dumps(obj).encode()  # ASCII: a lone surrogate is written as an escape, as JSON allows


CASES = [
    Case("nested", b"[" * 1000, None, "invalid JSON: nested deeper than 100 levels",
         "invalid JSON: nested deeper than 100 levels", "issue #1: RecursionError ended the batch"),
    Case("deep", b'{"id": "deep", "text": "x", "x": ' + b"[" * 150 + b"]" * 150 + b"}", None,
         "nested deeper than 100 levels", "nested deeper than 100 levels", "#1: parses, but the stages after recurse"),
    Case("nan", b'{"id": "nan", "text": NaN}', None, "NaN is not a JSON number", "NaN is not a JSON number",
         "#1: a value JSON cannot write back"),
    Case("inf", b'{"id": "inf", "text": "x", "score": 1e400}', None, "too large for a float",
         "too large for a float", "#1: a float that becomes Infinity"),
    Case("digits", b'{"id": "digits", "n": 1' + b"0" * 5000 + b"}", None, "a number of 5,001 digits",
         "a number of 5,001 digits", "#1: Python refuses to convert it"),
    Case("surrogate-text", _line({"id": "surrogate-text", "text": "\ud800 " + GOOD}), "surrogate-text", OK, OK,
         "#2: UTF-8 cannot carry it to dedup's spill file or index"),
    Case("surrogate-id", _line({"id": "\ud800", "text": OTHER}), "\ud800", OK, OK, "#2: in the id"),
    Case("long-line", _line({"id": "long-line", "text": "word " * 6_000 + "\n" + GOOD}), "long-line", OK, OK,
         "#4: a line over max_line_chars is cut before any pattern runs"),
    Case("many-lines", _line({"id": "many-lines", "text": "\n" * 60_000 + GOOD}), "many-lines", OK, OK,
         "#5: lines past max_document_lines are cut before any pattern runs"),
    Case("zero-width", _line({"id": "zero-width", "text": "\u200b\u200b\ufeff"}), "zero-width",
         "the document is empty", OK, "#18: nothing visible (dedup takes it as an empty body)"),
    Case("combining", _line({"id": "combining", "text": "\u0301\u0302 \u0303"}), "combining",
         "the document is empty", OK, "#18"),
    Case("bidi", _line({"id": "bidi", "text": "\u202e\u2066\u200f"}), "bidi", "the document is empty", OK, "#18"),
    Case("null-text", _line({"id": "null-text", "text": None}), "null-text",
         "field 'text' is null, expected a string", "field 'text' is null, expected a string",
         "#18: was reported as no field"),
    Case("nul", _line({"id": "nul", "text": "a\u0000b " + GOOD}), "nul", "binary data (NUL character",
         "binary data (NUL character", "#18: an escaped NUL reached the body"),
    Case("error-field", _line({"id": "error-field", "text": GOOD, "error": "upstream"}), "error-field", OK, OK,
         "#18: an input field named error is kept as input_error"),
    Case("int-5", _line({"id": 5, "text": STORY}), 5, OK, OK, "#11: 5 and '5' are two ids"),
    Case("str-5", _line({"id": "5", "text": copy_of(STORY)}), "5", OK, OK, "#11: a copy of 5, not a repeat"),
    Case("object-id", _line({"id": {"k": [1, 2]}, "text": article(33)}), {"k": [1, 2]}, OK, OK,
         "#11: comes out as the object, not a Python repr"),
    Case("repeat", _line({"id": "g1", "text": GOOD + " Again."}), "g1", OK, "repeats an earlier record",
         "#10: a repeated id"),
]  # fmt: skip


def _good(i: int) -> bytes:
    return _line({"id": f"g{i}", "text": f"{GOOD} Item {i}."})


def batch(lead: int = 2) -> tuple[bytes, list[Case | None]]:
    """``lead`` good records, then every case with a good record after it (``None`` in the list)."""
    lines: list[bytes] = []
    layout: list[Case | None] = []
    for i in range(lead):
        lines.append(_good(i))
        layout.append(None)
    for i, case in enumerate(CASES):
        lines += [case.line, _good(lead + i)]
        layout += [case, None]
    return b"\n".join(lines) + b"\n", layout


def check(out: str, err: str, layout: list[Case | None], command: str) -> list[dict[str, object]]:
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == len(layout), "every record comes out, once"
    assert "Traceback" not in err
    good = 0
    for row, case in zip(rows, layout, strict=True):
        if case is None:
            assert "error" not in row, row
            assert row["id"] == f"g{good}"  # in order
            good += 1
            continue
        expected = case.clean if command == "clean" else case.dedup
        if case.out_id is not None:
            assert row["id"] == case.out_id, case.name
        if expected is OK:
            assert "error" not in row, (case.name, row.get("error"))
        else:
            assert expected in row["error"], (case.name, row.get("error"))
            assert f": {expected}" in err or expected in err, case.name
    return rows


@pytest.mark.parametrize("options", [[], ["--jobs", "2"]], ids=["in-process", "jobs-2"])
def test_clean_jsonl(monkeypatch, capsys, options: list[str]) -> None:
    data, layout = batch(lead=70 if options else 2)  # past the first chunk of 64: in the workers
    code, out, err = run(monkeypatch, capsys, ["clean", "--format", "jsonl", *options], data)
    assert code == 1
    rows = check(out, err, layout, "clean")
    by_id = {json.dumps(r.get("id")): r for r in rows}
    assert by_id['"error-field"']["input_error"] == "upstream" and "error" not in by_id['"error-field"']
    assert "word word" not in by_id['"long-line"']["text"] and by_id['"long-line"']["text"] == GOOD
    assert by_id['"many-lines"']["text"] == ""
    assert "lines 60001-60001 removed by the size limits (past_document_limit)" in err
    assert by_id['"surrogate-text"']["text"] == "\ud800 " + GOOD
    assert '"\\ud800"' in out  # written as an escape: valid JSON that round-trips


def _dedup_rows(monkeypatch, capsys, options: list[str]) -> tuple[int, str, str]:
    data, layout = batch()
    code, out, err = run(monkeypatch, capsys, ["dedup", *options], data)
    assert code == 1
    rows = check(out, err, layout, "dedup")
    by_id = {json.dumps(r.get("id")): r for r in rows}
    assert by_id['"5"']["duplicate_of"] == 5  # the number, as given
    assert by_id["5"]["duplicate_of"] is None and by_id["5"]["cluster_id"] is not None
    assert by_id['{"k": [1, 2]}']["cluster_id"] is None
    assert by_id['"error-field"']["input_error"] == "upstream"
    return code, out, err


@pytest.mark.parametrize("options", [[], ["--low-memory"]], ids=["default", "low-memory"])
def test_dedup(monkeypatch, capsys, tmp_path: Path, options: list[str]) -> None:
    first = _dedup_rows(monkeypatch, capsys, options)
    index = str(tmp_path / "index.db")
    indexed = _dedup_rows(monkeypatch, capsys, [*options, "--index", index])
    again = _dedup_rows(monkeypatch, capsys, [*options, "--index", index])
    assert first == indexed == again  # the same output with an index, and when the batch runs again


def test_rerun_of_a_repeated_id_prints_the_same(monkeypatch, capsys, tmp_path: Path) -> None:
    """#10: the second run used to give line 2 the first record's assignment, with no error."""
    data = b'{"id":"x","text":"first"}\n{"id":"x","text":"second"}\n'
    index = str(tmp_path / "r.db")
    runs = [run(monkeypatch, capsys, ["dedup", "--index", index], data) for _ in range(2)]
    assert runs[0] == runs[1]
    code, out, err = runs[0]
    assert code == 1 and len(out.splitlines()) == 2
    assert err == 'newsclean: <stdin>: line 2: id "x" repeats an earlier record; ids must be unique\n'


def test_lone_cr_separates_records(monkeypatch, capsys) -> None:
    """#18: JSONL separated by lone CR was one line, "cut short"."""
    data = _good(0) + b"\r" + _good(1) + b"\r\n" + _good(2) + b"\r"
    code, out, err = run(monkeypatch, capsys, ["clean", "--format", "jsonl"], data)
    assert (code, err) == (0, "")
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["g0", "g1", "g2"]


def test_cut_short_is_said_only_of_the_last_line(monkeypatch, capsys) -> None:
    code, out, err = run(monkeypatch, capsys, ["clean", "--format", "jsonl"], b'{"id": 1, "te\n{"id": 2, "te')
    assert code == 1 and len(out.splitlines()) == 2
    assert err == (
        "newsclean: <stdin>: line 1: invalid JSON: Unterminated string starting at (column 11)\n"
        "newsclean: <stdin>: line 2: invalid JSON: Unterminated string starting at (column 11) "
        "(the last line is cut short)\n"
    )


PAGE = (
    "<html><head><title>Budget</title></head><body><article>"
    + "".join(f"<p>Paragraph {i}: {GOOD}</p>" for i in range(4))
    + "</article></body></html>"
)
HTML_CASES = [
    ("surrogate", PAGE.replace("Paragraph 2", "Paragraph \ud800 2"), OK, "#12: lxml cut the body at it"),
    ("nul", PAGE.replace("Paragraph 2", "Paragraph \x00 2"), OK, "#12: the same for NUL"),
    ("deep", PAGE.replace("<article>", "<div>" * 300 + "<article>"), OK, "#13: 256 nested elements lost it"),
    ("attributes", PAGE.replace("<body>", "<body><p " + " ".join(f"a{i}" for i in range(1001)) + ">x</p>"),
     "more than 1,000 attributes (HtmlConfig.max_attributes)", "#6: quadratic in libxml2"),
    ("elements", PAGE.replace("<body>", "<body>" + "<i>a</i>" * 50_001), "more than HtmlConfig.max_elements",
     "#6: a million elements took 1.4 GB"),
    ("null", None, "field 'html' is null, expected a string", "#18"),
]  # fmt: skip


@pytest.mark.parametrize("options", [[], ["--jobs", "2"]], ids=["in-process", "jobs-2"])
def test_clean_html_jsonl(monkeypatch, capsys, options: list[str]) -> None:
    lead = 66 if options else 1
    records = [{"id": f"g{i}", "html": PAGE} for i in range(lead)]
    for name, html, _, _ in HTML_CASES:
        records.append({"id": name, "html": html})
    lines = [_line(r) for r in records] + [b"[" * 1000, b'{"id": "nan", "html": NaN}']
    code, out, err = run(
        monkeypatch, capsys, ["clean", "--html", "--format", "jsonl", *options], b"\n".join(lines)
    )
    assert code == 1 and "Traceback" not in err
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == len(lines)
    assert [r.get("id") for r in rows] == [r["id"] for r in records] + [None, None]
    for row, (name, _, expected, _) in zip(rows[lead:], HTML_CASES, strict=False):
        if expected is OK:
            assert "error" not in row, (name, row.get("error"))
            assert row["text"].startswith("Paragraph 0: The council") and "Paragraph 3" in row["text"], name
        else:
            assert expected in row["error"], (name, row["error"])
    assert "\ufffd" in rows[lead]["text"] and rows[lead]["warnings"] == [
        f"line {lead + 1}: 1 lone surrogate or NUL character(s) in the HTML read as U+FFFD"
    ]
