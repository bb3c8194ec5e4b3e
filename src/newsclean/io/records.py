"""Input records: JSONL lines or whole files, each with its position, data, error and warnings.

A bad record is never dropped: it comes out as a :class:`Record` whose ``error``
says what is wrong, in input order, so the caller can report it and go on.
Memory is bounded by ``max_record_bytes`` per record, whatever the input.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

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
    (an input that was not UTF-8, for example).
    """

    number: int
    source: str
    data: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    raw: str | None = None
    warnings: list[str] = field(default_factory=list)


def _lines(stream: IO[bytes], max_record_bytes: int) -> Iterator[tuple[bytes, bool]]:
    """Lines of at most ``max_record_bytes``; a longer line is consumed in chunks and
    yielded as its first bytes with ``too_long`` set."""
    while True:
        line = stream.readline(max_record_bytes + 1)
        if not line:
            return
        if len(line) <= max_record_bytes or line.endswith(b"\n"):
            yield line, False
            continue
        rest = line
        while rest and not rest.endswith(b"\n"):
            rest = stream.readline(_CHUNK)
        yield line[:200], True


def read_jsonl(
    stream: IO[bytes], source: str = "<stdin>", max_record_bytes: int = MAX_RECORD_BYTES
) -> Iterator[Record]:
    """Parse a JSONL byte stream, one :class:`Record` per non-blank line, bad lines included.

    >>> import io
    >>> [(r.number, r.data, r.error) for r in read_jsonl(io.BytesIO(b'{"id": 1}\\n[1]\\n{oops\\n'))]
    [(1, {'id': 1}, None), (2, {}, 'line 2: expected a JSON object, got list'), (3, {}, 'line 3: invalid JSON: Expecting property name enclosed in double quotes (column 2)')]
    """
    for number, (line, too_long) in enumerate(_lines(stream, max_record_bytes), start=1):
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
        yield _parse_line(number, source, line)


def _parse_line(number: int, source: str, line: bytes) -> Record:
    truncated = not line.endswith(b"\n")
    try:
        decoded = decode_text(line, f"line {number}")
    except NewscleanError as error:
        return Record(
            number, source, error=str(error), raw=line.decode("utf-8", "backslashreplace").rstrip("\n")
        )
    text = decoded.text.rstrip("\n")
    warnings = [decoded.warning] if decoded.warning else []
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as error:
        cut = " (the last line is cut short)" if truncated else ""
        message = f"line {number}: invalid JSON: {error.msg} (column {error.colno}){cut}"
        return Record(number, source, error=message, raw=text, warnings=warnings)
    if not isinstance(obj, dict):
        message = f"line {number}: expected a JSON object, got {type(obj).__name__}"
        return Record(number, source, error=message, raw=text, warnings=warnings)
    return Record(number, source, obj, warnings=warnings)


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


def finish_record(
    record: Record, out: dict[str, Any], error: str | None
) -> tuple[dict[str, Any], str | None]:
    """The output object of a processed record: ``error`` (and ``raw``, when the input could
    not be parsed) added on failure, ``warnings`` whenever there are any."""
    if error is not None:
        out["error"] = error
        if record.raw is not None:
            out["raw"] = record.raw
    if record.warnings:
        out["warnings"] = list(record.warnings)
    return out, error


def write_json_line(obj: dict[str, Any], stream: IO[str]) -> None:
    """Write one JSON object on one line (non-ASCII kept, control characters escaped).

    Text holding lone surrogates (which UTF-8 cannot carry) is written with ``\\\\u``
    escapes instead, so the line stays valid JSON that round-trips.
    """
    line = json.dumps(obj, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(obj)
    stream.write(line + "\n")
