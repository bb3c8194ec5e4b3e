"""Input records (JSONL framing, JSON limits, whole files) and output lines, at every limit's boundary."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path
from typing import ClassVar

import pytest

from cli_helpers import run
from newsclean.checks import MAX_COUNT
from newsclean.errors import NewscleanError
from newsclean.io.records import (
    MAX_JSON_DEPTH,
    MAX_JSON_DIGITS,
    Record,
    failure_message,
    field_problem,
    finish_record,
    get_field,
    json_line,
    keep_input_fields,
    parse_json,
    positive_int,
    read_file_inputs,
    read_jsonl,
    read_text_inputs,
    worker_died,
)


class Pieces(io.RawIOBase):
    """A stream that hands out its data in the pieces given (what a pipe does), through ``read1``."""

    def __init__(self, *pieces: bytes) -> None:
        self.pieces = list(pieces)

    def readable(self) -> bool:
        return True

    def read1(self, size: int = -1) -> bytes:
        return self.pieces.pop(0) if self.pieces else b""

    def read(self, size: int = -1) -> bytes:
        return self.read1(size)


def records(
    data: bytes | Pieces, max_record_bytes: int = 1000
) -> list[tuple[int, dict, str | None, str | None]]:
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    return [(r.number, r.data, r.error, r.raw) for r in read_jsonl(stream, "in", max_record_bytes)]


# --- framing --------------------------------------------------------------------------------


def test_blank_and_whitespace_lines_are_skipped_but_counted() -> None:
    data = b'{"a": 1}\n\n   \n\t\r\n{"a": 2}\n\n'
    assert records(data) == [(1, {"a": 1}, None, None), (5, {"a": 2}, None, None)]


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b'{"a": 1}\n{"a": 2}\n', "LF"),
        (b'{"a": 1}\r\n{"a": 2}\r\n', "CRLF"),
        (b'{"a": 1}\r{"a": 2}\r', "lone CR"),
        (b'{"a": 1}\n{"a": 2}', "no line end after the last line"),
    ],
)
def test_lines_end_at_lf_crlf_or_a_lone_cr(data: bytes, why: str) -> None:
    assert records(data) == [(1, {"a": 1}, None, None), (2, {"a": 2}, None, None)], why


def test_a_crlf_split_between_two_reads_is_one_line_end() -> None:
    assert records(Pieces(b'{"a": 1}\r', b'\n{"a": 2}\r', b"\n")) == [
        (1, {"a": 1}, None, None),
        (2, {"a": 2}, None, None),
    ]
    # a CR at the end of one read, then a read not opening with LF: the CR ended the line
    assert records(Pieces(b'{"a": 1}\r', b'{"a": 2}\n')) == [
        (1, {"a": 1}, None, None),
        (2, {"a": 2}, None, None),
    ]
    # a line spread over three reads
    assert records(Pieces(b'{"a"', b": 12", b"3}\n")) == [(1, {"a": 123}, None, None)]


def test_a_record_of_exactly_max_record_bytes_is_read_and_one_byte_more_is_not() -> None:
    at = b'{"a": "' + b"x" * 91 + b'"}'  # 100 bytes
    assert len(at) == 100
    assert records(at + b"\n", max_record_bytes=100) == [(1, {"a": "x" * 91}, None, None)]
    over = b'{"a": "' + b"x" * 92 + b'"}'  # 101 bytes
    [(number, data, error, raw)] = records(over + b"\n" + at + b"\n", max_record_bytes=100)[:1]
    assert (number, data) == (1, {})
    assert error == "line 1: record longer than 100 bytes; skipped (raise the limit with --max-record-bytes)"
    assert raw == over.decode() + "..."
    assert records(over + b"\n" + at + b"\n", max_record_bytes=100)[1] == (2, {"a": "x" * 91}, None, None)


def test_a_too_long_line_keeps_its_first_200_bytes_whichever_read_it_arrives_in() -> None:
    line = b"".join(b"%03d," % i for i in range(100))  # 400 bytes
    expected = line[:200].decode() + "..."
    for stream in (io.BytesIO(line + b"\n{}\n"), Pieces(line[:150], line[150:320], line[320:] + b"\n{}\n")):
        out = records(stream, max_record_bytes=300)
        assert out[0][3] == expected
        assert out[1] == (2, {}, None, None)
    # the cut last line, too long, without a line end
    [(number, _, error, raw)] = records(Pieces(line[:250], line[250:]), max_record_bytes=300)
    assert (number, raw) == (1, expected)
    assert error.startswith("line 1: record longer than 300 bytes")


def test_a_too_long_line_then_more_input_in_the_same_read() -> None:
    line = b"y" * 250
    out = records(Pieces(b"y" * 100, b"y" * 150 + b'\n{"b": 1}\n'), max_record_bytes=200)
    assert out[0][3] == (line[:200]).decode() + "..."
    assert out[1] == (2, {"b": 1}, None, None)


def test_the_last_line_cut_short_says_so() -> None:
    assert records(b'{"a": 1}\n{"a": ') == [
        (1, {"a": 1}, None, None),
        (2, {}, "line 2: invalid JSON: Expecting value (column 7) (the last line is cut short)", '{"a": '),
    ]
    assert records(b'{"a": \n') == [(1, {}, "line 1: invalid JSON: Expecting value (column 7)", '{"a": ')]


# --- what a line holds ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "error"),
    [
        (b"[1]", "line 1: expected a JSON object, got list"),
        (b'"text"', "line 1: expected a JSON object, got str"),
        (b"null", "line 1: expected a JSON object, got NoneType"),
        (b'{"a": NaN}', "line 1: invalid JSON: NaN is not a JSON number; write it as a string or null"),
        (
            b'{"a": -Infinity}',
            "line 1: invalid JSON: -Infinity is not a JSON number; write it as a string or null",
        ),
        (
            b'{"a": 1e400}',
            "line 1: invalid JSON: the number 1e400... is too large for a float; write it as a string",
        ),
        (
            b"\x00\x00\x00",
            "line 1: binary data (NUL byte at offset 0), not text; pass the page's text or HTML",
        ),
    ],
)
def test_a_line_that_is_no_usable_json_object_is_an_error_record_with_its_text(
    line: bytes, error: str
) -> None:
    [(number, data, message, raw)] = records(line + b"\n")
    assert (number, data) == (1, {})
    assert message is not None and message.startswith(error)
    assert raw == line.decode("utf-8", "backslashreplace")


def test_a_line_that_is_not_utf8_is_read_with_a_warning() -> None:
    [record] = read_jsonl(io.BytesIO('{"a": "caf\u00e9"}\n'.encode("cp1252")), "in")
    assert (record.data, record.error) == ({"a": "café"}, None)
    assert len(record.warnings) == 1 and record.warnings[0].startswith("line 1: ")
    [bad] = read_jsonl(io.BytesIO('["caf\u00e9"]\n'.encode("cp1252")), "in")
    assert bad.error == "line 1: expected a JSON object, got list"
    assert bad.warnings == record.warnings and bad.raw == '["café"]'


def test_numbers_of_exactly_max_json_digits_are_read_and_longer_ones_are_not() -> None:
    at = "9" * MAX_JSON_DIGITS
    assert parse_json(f'{{"n": {at}}}') == {"n": int(at)}
    assert parse_json(f'{{"n": -{at}}}') == {"n": -int(at)}
    over = "9" * (MAX_JSON_DIGITS + 1)
    with pytest.raises(
        ValueError, match=r"^invalid JSON: a number of 4,001 digits \(at most 4,000\); write it as a string$"
    ):
        parse_json(f'{{"n": {over}}}')
    with pytest.raises(ValueError, match=r"^invalid JSON: a number of 4,001 digits \(at most 4,000\)"):
        parse_json(f'{{"n": -{over}}}')


def nested(depth: int) -> str:
    return '{"a": ' * (depth - 1) + "[1]" + "}" * (depth - 1)


def test_nesting_of_exactly_max_json_depth_is_read_and_one_more_level_is_not() -> None:
    assert MAX_JSON_DEPTH == 100
    value = parse_json(nested(MAX_JSON_DEPTH))
    for _ in range(MAX_JSON_DEPTH - 1):
        value = value["a"]
    assert value == [1]
    with pytest.raises(ValueError, match=r"^invalid JSON: nested deeper than 100 levels$"):
        parse_json(nested(MAX_JSON_DEPTH + 1))
    # brackets inside strings do not count as nesting
    assert parse_json(json.dumps({"a": "[" * 500})) == {"a": "[" * 500}
    # far deeper than the recursion limit: refused with the same message
    with pytest.raises(ValueError, match=r"^invalid JSON: nested deeper than 100 levels$"):
        parse_json("[" * 100_000 + "]" * 100_000)


def test_depth_counts_lists_and_objects_wherever_they_are() -> None:
    wide = "[" + ", ".join(["{}"] * 150) + "]"  # 151 brackets, depth 2
    assert parse_json(wide) == [{}] * 150
    deep_in_a_list = "[1, " + nested(MAX_JSON_DEPTH) + "]"  # depth 101, behind a sibling
    with pytest.raises(ValueError, match="nested deeper than 100 levels"):
        parse_json(deep_in_a_list)
    deep_in_a_value = '{"x": 1, "y": ' + nested(MAX_JSON_DEPTH) + "}"
    with pytest.raises(ValueError, match="nested deeper than 100 levels"):
        parse_json(deep_in_a_value)


# --- whole files ------------------------------------------------------------------------------


def test_whole_files_are_records_named_by_their_path(tmp_path: Path) -> None:
    good, big, empty = tmp_path / "good.txt", tmp_path / "big.txt", tmp_path / "empty.txt"
    good.write_bytes(b"x" * 10)
    big.write_bytes(b"x" * 11)
    empty.write_bytes(b"")
    missing = tmp_path / "missing.txt"
    stdin = io.BytesIO(b"from stdin")
    out = list(
        read_text_inputs([str(good), str(big), "-", str(missing), str(empty)], stdin, "id", "text", 10)
    )
    assert [(r.number, r.source, r.data, r.error) for r in out] == [
        (1, str(good), {"id": str(good), "text": "x" * 10}, None),
        (
            2,
            str(big),
            {"id": str(big)},
            f"{big}: larger than 10 bytes; skipped (raise the limit with --max-record-bytes)",
        ),
        (3, "<stdin>", {"id": "<stdin>", "text": "from stdin"}, None),
        (4, str(missing), {"id": str(missing)}, f"{missing}: cannot read: No such file or directory"),
        (5, str(empty), {"id": str(empty)}, f"{empty}: empty document, nothing to clean"),
    ]
    assert all(r.warnings == [] for r in out)


def test_a_file_decoder_failing_in_any_way_makes_an_error_record_and_the_next_file_goes_on(
    tmp_path: Path,
) -> None:
    for name in ("refused.html", "broken.html", "warned.html", "good.html"):
        (tmp_path / name).write_bytes(b"<p>x</p>")

    def decode(data: bytes, name: str) -> tuple[str, str | None]:
        if name.endswith("refused.html"):
            raise NewscleanError(f"{name}: not a page")
        if name.endswith("broken.html"):
            raise KeyError("charset")
        return data.decode(), (f"{name}: read as Latin-1" if name.endswith("warned.html") else None)

    paths = [str(tmp_path / n) for n in ("refused.html", "broken.html", "warned.html", "good.html")]
    out = list(read_file_inputs(paths, io.BytesIO(b""), "id", "html", decode))
    refused, broken, warned, good = paths
    assert [(r.number, r.source, r.data, r.error, r.warnings) for r in out] == [
        (1, refused, {"id": refused}, f"{refused}: not a page", []),
        (
            2,
            broken,
            {"id": broken},
            f"{broken}: unexpected KeyError ('charset'): the record is skipped; please report it, with the record",
            [],
        ),
        (3, warned, {"id": warned, "html": "<p>x</p>"}, None, [f"{warned}: read as Latin-1"]),
        (4, good, {"id": good, "html": "<p>x</p>"}, None, []),
    ]


class CountingReads(io.BytesIO):
    """A stream that remembers how many bytes each read asked for."""

    asked: ClassVar[list[int | None]] = []

    def read(self, size: int | None = -1) -> bytes:
        CountingReads.asked.append(size)
        return super().read(size)


def test_at_most_one_byte_more_than_the_limit_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsclean.io.records as records_module

    CountingReads.asked = []
    list(read_text_inputs(["-"], CountingReads(b"y" * 50), "id", "text", 5))
    assert CountingReads.asked == [6]
    (tmp_path / "f.txt").write_bytes(b"y" * 50)
    monkeypatch.setattr(
        records_module, "open", lambda path, mode: CountingReads(Path(path).read_bytes()), raising=False
    )
    CountingReads.asked = []
    [record] = read_text_inputs([str(tmp_path / "f.txt")], io.BytesIO(b""), "id", "text", 5)
    assert CountingReads.asked == [6]
    assert record.error is not None and "larger than 5 bytes" in record.error


def test_stdin_of_exactly_the_limit_is_read_and_one_byte_more_is_not() -> None:
    [at] = read_text_inputs(["-"], io.BytesIO(b"y" * 5), "id", "text", 5)
    assert (at.data, at.error) == ({"id": "<stdin>", "text": "yyyyy"}, None)
    [over] = read_text_inputs(["-"], io.BytesIO(b"y" * 6), "id", "text", 5)
    assert over.error == "<stdin>: larger than 5 bytes; skipped (raise the limit with --max-record-bytes)"


# --- output -----------------------------------------------------------------------------------


def test_input_fields_named_like_report_fields_are_kept_under_another_name() -> None:
    data = {"id": 1, "error": "e", "input_error": "ie", "raw": "r", "warnings": ["w"]}
    assert keep_input_fields(data) == {
        "id": 1,
        "input_input_error": "e",
        "input_error": "ie",
        "input_raw": "r",
        "input_warnings": ["w"],
    }
    assert data["error"] == "e"  # the input is not changed
    assert keep_input_fields({"id": 1, "x": 2}, reserved=("x",)) == {"id": 1, "input_x": 2}


def test_finish_record_adds_error_raw_and_warnings_only_when_there_are_some() -> None:
    plain = Record(1, "in")
    assert finish_record(plain, {"id": 1}, None) == ({"id": 1}, None)
    failed = Record(2, "in", raw="not json", warnings=["w"])
    out, error = finish_record(failed, {}, "bad")
    assert (out, error) == ({"error": "bad", "raw": "not json", "warnings": ["w"]}, "bad")
    assert out["warnings"] is not failed.warnings
    assert finish_record(Record(3, "in"), {}, "bad") == ({"error": "bad"}, "bad")
    assert finish_record(Record(4, "in", raw="x"), {}, None) == ({}, None)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("text", None),
        ("", None),
        (None, "field 'body' is null, expected a string"),
        (3, "field 'body' is int, expected a string"),
        (["a"], "field 'body' is list, expected a string"),
    ],
)
def test_field_problem_names_the_field_and_what_it_holds(value: object, problem: str | None) -> None:
    assert field_problem(value, "body", "hint") == problem


def test_a_missing_field_is_not_a_null_one() -> None:
    assert (
        field_problem(get_field({"body": None}, "body"), "body", "hint")
        == "field 'body' is null, expected a string"
    )
    assert (
        field_problem(get_field({}, "body"), "body", "use --text-field")
        == "no 'body' field; use --text-field"
    )
    assert get_field({"body": "x"}, "body") == "x"


def test_failure_messages_are_one_line_of_at_most_300_characters_of_the_error() -> None:
    assert failure_message(ValueError("a\n  b\tc")) == (
        "unexpected ValueError (a b c): the record is skipped; please report it, with the record"
    )
    assert failure_message(RuntimeError()) == (
        "unexpected RuntimeError (no message): the record is skipped; please report it, with the record"
    )
    long = failure_message(ValueError("z" * 301))
    assert "(" + "z" * 300 + ")" in long
    assert failure_message(MemoryError("x")) == (
        "out of memory on this record: lower --max-record-bytes or the size limits, "
        "or give the process more memory"
    )


def test_json_lines_keep_non_ascii_and_escape_lone_surrogates() -> None:
    assert json_line({"a": "café"}) == '{"a": "café"}\n'
    assert json_line({"a": "x"}) == '{"a": "x"}\n'
    line = json_line({"a": "café \ud800"})
    assert line == '{"a": "caf\\u00e9 \\ud800"}\n'
    assert json.loads(line) == {"a": "café \ud800"}
    line.encode("utf-8")  # writable as UTF-8


def test_a_lone_surrogate_in_a_record_comes_out_escaped_from_the_cli(monkeypatch, capsys) -> None:
    text = "A sentence long enough to stay in the body of the article, with a lone \ud800 surrogate."
    stdin = json.dumps({"id": "s\udc00", "text": text}) + "\n"  # JSON escapes them: valid UTF-8 input
    code, out, err = run(monkeypatch, capsys, ["clean", "--format", "jsonl"], stdin)
    assert code == 0, err
    out.encode("utf-8")
    [line] = out.splitlines()
    assert "\\ud800" in line and "\\udc00" in line
    assert json.loads(line)["id"] == "s\udc00"


@pytest.mark.parametrize(("value", "number"), [("1", 1), (str(MAX_COUNT), MAX_COUNT), (" 7 ", 7)])
def test_positive_int_accepts_one_to_max_count(value: str, number: int) -> None:
    assert positive_int(value) == number


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "expected a number of at least 1, got 0"),
        ("-3", "expected a number of at least 1, got -3"),
        (str(MAX_COUNT + 1), f"expected a number of at most {MAX_COUNT:,}, got {MAX_COUNT + 1}"),
        ("ten", "expected a whole number, got 'ten'"),
        ("1.5", "expected a whole number, got '1.5'"),
    ],
)
def test_positive_int_refuses_anything_else(value: str, message: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError) as raised:
        positive_int(value)
    assert str(raised.value) == message


def test_a_dead_worker_is_named_with_what_to_do() -> None:
    assert worker_died(BrokenPipeError()) == (
        "the worker process cleaning this record died (BrokenPipeError): it was killed, "
        "or ran out of memory; the record is skipped, the others go on"
    )
