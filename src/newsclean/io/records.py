"""Input records: JSONL lines or whole files, each with its position, data, error and warnings.

A bad record is never dropped: it comes out as a :class:`Record` whose ``error``
says what is wrong, in input order, so the caller can report it and go on.
Memory is bounded by ``max_record_bytes`` per record, whatever the input.
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import regex

from newsclean.checks import MAX_COUNT
from newsclean.errors import NewscleanError
from newsclean.io.decode import decode_text

#: Default bound on one JSONL line or one input file, in bytes.
MAX_RECORD_BYTES = 64 * 1024 * 1024
_CHUNK = 1024 * 1024


@dataclass
class Record:
    """One input record.

    ``number`` is the 1-based line number (JSONL) or file position; ``data`` is the
    parsed object (empty when the record could not be parsed); ``raw`` keeps the
    unparsable input so that no data is lost; ``error`` is a one-line message, or
    ``None`` for a good record; ``warnings`` are one-line notes that do not fail it
    (an input that was not UTF-8, for example). ``where`` is how messages name the record
    (``line N`` when not given); ``html`` marks a record whose text field holds a page's HTML
    (read from a WARC archive).
    """

    number: int
    source: str
    data: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    raw: str | None = None
    warnings: list[str] = field(default_factory=list)
    where: str | None = None
    html: bool = False

    @property
    def position(self) -> str:
        """How a message names the record: ``where``, else ``line N``.

        >>> Record(3, "a.jsonl").position, Record(3, "a.warc", where="record 3").position
        ('line 3', 'record 3')
        """
        return self.where or f"line {self.number}"


#: Line ends of JSONL input: LF, CRLF or a lone CR (Python's universal newlines).
_LINE_END = regex.compile(rb"\r\n?+|\n")
#: JSON nested deeper than this is refused: no news record needs it, and the stages after
#: parsing (pickling for workers, writing) recurse once per level.
MAX_JSON_DEPTH = 100
#: JSON integers longer than this are refused (Python converts at most 4,300 digits by default).
MAX_JSON_DIGITS = 4_000


def _lines(stream: IO[bytes], max_record_bytes: int) -> Iterator[tuple[bytes, bool, bool]]:
    """Lines of at most ``max_record_bytes`` as ``(line, too_long, ended)``, their line end removed.

    A line ends at LF, CRLF or a lone CR. A longer line is consumed in chunks and yielded as
    its first 200 bytes with ``too_long`` set; ``ended`` is false for a last line without a
    line end. Reads what is available (``read1``), so each line is yielded as soon as it has
    arrived, and holds at most one line and one chunk in memory.
    """
    read = getattr(stream, "read1", stream.read)
    line = bytearray()
    too_long = False
    after_cr = False  # the last chunk ended in CR: an LF opening the next one belongs to it
    while chunk := read(_CHUNK):
        start = 1 if after_cr and chunk.startswith(b"\n") else 0
        after_cr = chunk.endswith(b"\r")
        for end in _LINE_END.finditer(chunk, start):
            too_long = _extend(line, chunk[start : end.start()], max_record_bytes, too_long)
            yield (bytes(line[:200]) if too_long else bytes(line)), too_long, True
            line.clear()
            too_long = False
            start = end.end()
        too_long = _extend(line, chunk[start:], max_record_bytes, too_long)
    if line or too_long:
        yield (bytes(line[:200]) if too_long else bytes(line)), too_long, False


def _extend(line: bytearray, piece: bytes, max_record_bytes: int, too_long: bool) -> bool:
    """Append ``piece`` to ``line`` unless that makes it longer than the bound; whether it is too long."""
    if too_long:
        return True
    if len(line) + len(piece) > max_record_bytes:
        del line[200:]
        line.extend(piece[: max(0, 200 - len(line))])
        return True
    line.extend(piece)
    return False


def read_jsonl(
    stream: IO[bytes], source: str = "<stdin>", max_record_bytes: int = MAX_RECORD_BYTES
) -> Iterator[Record]:
    """Parse a JSONL byte stream, one :class:`Record` per non-blank line, bad lines included.

    Lines end at LF, CRLF or a lone CR. A line that is not one JSON object, holds ``NaN``,
    ``Infinity``, a number too large to round-trip, or nesting deeper than
    :data:`MAX_JSON_DEPTH`, becomes a record with an ``error`` and the line as read in ``raw``.

    >>> import io
    >>> [(r.number, r.data, r.error) for r in read_jsonl(io.BytesIO(b'{"id": 1}\\r[1]\\n{oops\\n'))]
    [(1, {'id': 1}, None), (2, {}, 'line 2: expected a JSON object, got list'), (3, {}, 'line 3: invalid JSON: Expecting property name enclosed in double quotes (column 2)')]
    """
    for number, (line, too_long, ended) in enumerate(_lines(stream, max_record_bytes), start=1):
        if too_long:
            yield Record(
                number,
                source,
                error=f"line {number}: record longer than {max_record_bytes} bytes; skipped "
                "(raise the limit with --max-record-bytes)",
                raw=line.decode("utf-8", "backslashreplace") + "...",
            )
            continue
        if not line.strip():
            continue
        try:
            record = _parse_line(number, source, line, ended)
        except Exception as error:  # one line, whatever is wrong with it, must not end the stream
            raw = line.decode("utf-8", "backslashreplace")
            record = Record(number, source, error=f"line {number}: {failure_message(error)}", raw=raw)
        yield record


def _parse_line(number: int, source: str, line: bytes, ended: bool = True) -> Record:
    try:
        decoded = decode_text(line, f"line {number}")
    except NewscleanError as error:
        return Record(number, source, error=str(error), raw=line.decode("utf-8", "backslashreplace"))
    text = decoded.text
    warnings = [decoded.warning] if decoded.warning else []
    try:
        obj = parse_json(text)
    except json.JSONDecodeError as error:
        cut = "" if ended else " (the last line is cut short)"
        message = f"line {number}: invalid JSON: {error.msg} (column {error.colno}){cut}"
        return Record(number, source, error=message, raw=text, warnings=warnings)
    except ValueError as error:
        return Record(number, source, error=f"line {number}: {error}", raw=text, warnings=warnings)
    if not isinstance(obj, dict):
        message = f"line {number}: expected a JSON object, got {type(obj).__name__}"
        return Record(number, source, error=message, raw=text, warnings=warnings)
    return Record(number, source, obj, warnings=warnings)


def parse_json(text: str) -> Any:
    """``json.loads`` for untrusted input: only values that JSON can write back as they were.

    Raises :class:`json.JSONDecodeError` for text that is not JSON and :class:`ValueError` (with
    a message that says what is wrong) for ``NaN``/``Infinity``, a number too large to
    round-trip, or nesting deeper than :data:`MAX_JSON_DEPTH`.

    >>> parse_json('{"id": 1, "tags": ["a"]}')
    {'id': 1, 'tags': ['a']}
    >>> parse_json('{"score": NaN}')
    Traceback (most recent call last):
    ...
    ValueError: invalid JSON: NaN is not a JSON number; write it as a string or null
    """
    try:
        value = json.loads(
            text, parse_constant=_reject_constant, parse_float=_finite_float, parse_int=_short_int
        )
    except RecursionError:
        raise ValueError(f"invalid JSON: nested deeper than {MAX_JSON_DEPTH} levels") from None
    if text.count("[") + text.count("{") > MAX_JSON_DEPTH and _depth(value) > MAX_JSON_DEPTH:
        raise ValueError(f"invalid JSON: nested deeper than {MAX_JSON_DEPTH} levels")
    return value


def _reject_constant(name: str) -> Any:
    raise ValueError(f"invalid JSON: {name} is not a JSON number; write it as a string or null")


def _finite_float(literal: str) -> float:
    value = float(literal)
    if math.isinf(value):
        raise ValueError(
            f"invalid JSON: the number {literal[:20]}... is too large for a float; write it as a string"
        )
    return value


def _short_int(literal: str) -> int:
    digits = len(literal) - literal.startswith("-")  # a minus sign is no digit
    if digits > MAX_JSON_DIGITS:
        raise ValueError(
            f"invalid JSON: a number of {digits:,} digits (at most {MAX_JSON_DIGITS:,}); write it as a string"
        )
    return int(literal)


def _depth(value: Any) -> int:
    """How deeply ``value`` nests lists and objects (0 for a scalar), without recursion."""
    deepest = 0
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, depth + 1)
            if deepest > MAX_JSON_DEPTH:
                return deepest
            stack.extend((child, depth + 1) for child in item if isinstance(child, (dict, list)))
    return deepest


def read_file_inputs(
    paths: Iterable[str],
    stdin: IO[bytes],
    id_field: str,
    field: str,
    decode: Callable[[bytes, str], tuple[str, str | None]],
    max_record_bytes: int = MAX_RECORD_BYTES,
) -> Iterator[Record]:
    """Whole files (``-`` is standard input) as records ``{id_field: path, field: decoded}``.

    ``decode(data, name)`` returns the text and a warning (or ``None``) and raises a
    :class:`~newsclean.errors.NewscleanError` whose message names the input. A file that
    cannot be read or decoded, or is larger than ``max_record_bytes``, becomes a record
    with an ``error``; at most ``max_record_bytes + 1`` bytes are read.
    """
    for number, path in enumerate(paths, start=1):
        name = "<stdin>" if path == "-" else path
        try:
            if path == "-":
                data = stdin.read(max_record_bytes + 1)
            else:
                with open(Path(path), "rb") as stream:
                    data = stream.read(max_record_bytes + 1)
        except OSError as error:
            yield Record(
                number, name, {id_field: name}, error=f"{name}: cannot read: {error.strerror or error}"
            )
            continue
        if len(data) > max_record_bytes:
            message = f"{name}: larger than {max_record_bytes} bytes; skipped (raise the limit with --max-record-bytes)"
            yield Record(number, name, {id_field: name}, error=message)
            continue
        try:
            text, warning = decode(data, name)
        except NewscleanError as error:
            yield Record(number, name, {id_field: name}, error=str(error))
            continue
        except Exception as error:  # one file, whatever is wrong with it, must not end the batch
            yield Record(number, name, {id_field: name}, error=f"{name}: {failure_message(error)}")
            continue
        yield Record(number, name, {id_field: name, field: text}, warnings=[warning] if warning else [])


def read_text_inputs(
    paths: Iterable[str],
    stdin: IO[bytes],
    id_field: str,
    text_field: str,
    max_record_bytes: int = MAX_RECORD_BYTES,
) -> Iterator[Record]:
    """Whole text files (``-`` is standard input) as records ``{id_field: path, text_field: text}``,
    decoded by :func:`~newsclean.io.decode.decode_text`."""
    return read_file_inputs(paths, stdin, id_field, text_field, _decode_text, max_record_bytes)


def _decode_text(data: bytes, name: str) -> tuple[str, str | None]:
    decoded = decode_text(data, name)
    return decoded.text, decoded.warning


#: Fields a command writes to report on a record; an input field of the same name is kept under another name.
REPORT_FIELDS = ("error", "raw", "warnings")


def keep_input_fields(data: dict[str, Any], reserved: Iterable[str] = REPORT_FIELDS) -> dict[str, Any]:
    """A copy of a record's fields in which an input field named like a reserved (report) field is
    renamed ``input_NAME`` (``input_input_NAME`` if that is taken, and so on), so that an input's
    ``error`` is never read as the command's and no field is lost.

    >>> keep_input_fields({"id": 1, "error": "from upstream"})
    {'id': 1, 'input_error': 'from upstream'}
    """
    out = dict(data)
    for name in reserved:
        if name in out:
            new = f"input_{name}"
            while new in out:
                new = f"input_{new}"
            out[new] = out.pop(name)
    return out


def finish_record(
    record: Record, out: dict[str, Any], error: str | None
) -> tuple[dict[str, Any], str | None]:
    """The output object of a processed record: ``error`` (and ``raw``, when the input could
    not be parsed) added on failure, ``warnings`` whenever there are any. ``out`` should come
    from :func:`keep_input_fields`, so that these names are the command's own."""
    if error is not None:
        out["error"] = error
        if record.raw is not None:
            out["raw"] = record.raw
    if record.warnings:
        out["warnings"] = list(record.warnings)
    return out, error


def field_problem(value: Any, name: str, hint: str) -> str | None:
    """Why the field ``name`` cannot be used as text, or ``None`` when it is a string;
    ``hint`` says how to name another field when it is missing.

    >>> field_problem(None, "text", "name the text field with --text-field")
    "field 'text' is null, expected a string"
    >>> field_problem(get_field({}, "text"), "text", "name the text field with --text-field")
    "no 'text' field; name the text field with --text-field"
    """
    if isinstance(value, str):
        return None
    if value is _MISSING:
        return f"no '{name}' field; {hint}"
    kind = "null" if value is None else type(value).__name__
    return f"field '{name}' is {kind}, expected a string"


_MISSING: Any = object()


def worker_died(error: BaseException) -> str:
    """The message of a record whose worker process died while cleaning it (killed, or out of memory)."""
    return (
        f"the worker process cleaning this record died ({type(error).__name__}): it was killed, "
        "or ran out of memory; the record is skipped, the others go on"
    )


def failure_message(error: BaseException) -> str:
    """A one-line message for an exception that no rule expected on a record, naming it.

    >>> failure_message(KeyError("x"))
    "unexpected KeyError ('x'): the record is skipped; please report it, with the record"
    """
    if isinstance(error, MemoryError):
        return (
            "out of memory on this record: lower --max-record-bytes or the size limits, "
            "or give the process more memory"
        )
    text = " ".join(str(error).split())[:300] or "no message"
    return f"unexpected {type(error).__name__} ({text}): the record is skipped; please report it, with the record"


def get_field(data: dict[str, Any], name: str) -> Any:
    """``data[name]``, or a marker :func:`field_problem` reads as "no such field"."""
    return data.get(name, _MISSING)


def json_line(obj: Any) -> str:
    """One JSON value on one line, ending in a newline (non-ASCII kept, control characters escaped).

    Text holding lone surrogates (which UTF-8 cannot carry) is written with ``\\\\u``
    escapes instead, so the line stays valid JSON that round-trips.

    >>> json_line({"id": "\\ud800"})
    '{"id": "\\\\ud800"}\\n'
    """
    line = json.dumps(obj, ensure_ascii=False)
    if not line.isascii():
        try:
            line.encode("utf-8")
        except UnicodeEncodeError:
            line = json.dumps(obj)
    return line + "\n"


def write_json_line(obj: dict[str, Any], stream: IO[str]) -> None:
    """Write one JSON object on one line (see :func:`json_line`)."""
    stream.write(json_line(obj))


def positive_int(value: str) -> int:
    """An ``argparse`` type: a whole number from 1 to :data:`~newsclean.checks.MAX_COUNT`."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, got {number}")
    if number > MAX_COUNT:
        raise argparse.ArgumentTypeError(f"expected a number of at most {MAX_COUNT:,}, got {number}")
    return number
