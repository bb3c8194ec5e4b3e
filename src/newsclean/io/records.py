"""Input records: JSONL lines or whole files, each with its position, data or error.

A bad record is never dropped: it comes out as a :class:`Record` whose ``error``
says what is wrong, in input order, so the caller can report it and go on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from newsclean.errors import NewscleanError
from newsclean.io.decode import decode_text


@dataclass
class Record:
    """One input record.

    ``number`` is the 1-based line number (JSONL) or file position; ``data`` is the
    parsed object (empty when the record could not be parsed); ``raw`` keeps the
    undecodable or unparsable input so that no data is lost; ``error`` is a one-line
    message, or ``None`` for a good record.
    """

    number: int
    source: str
    data: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    raw: str | None = None

    @property
    def where(self) -> str:
        """``source:number``, for messages."""
        return f"{self.source}:{self.number}"


def read_jsonl(stream: IO[bytes], source: str = "<stdin>") -> Iterator[Record]:
    """Parse a JSONL byte stream, one :class:`Record` per non-blank line, bad lines included.

    >>> import io
    >>> [(r.number, r.data, r.error) for r in read_jsonl(io.BytesIO(b'{"id": 1}\\n[1]\\n{oops\\n'))]
    [(1, {'id': 1}, None), (2, {}, 'line 2: expected a JSON object, got list'), (3, {}, 'line 3: invalid JSON: Expecting property name enclosed in double quotes (column 2)')]
    """
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        truncated = not line.endswith(b"\n")
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as error:
            yield Record(
                number,
                source,
                error=f"line {number}: not valid UTF-8 (offset {error.start}); re-encode the file as UTF-8",
                raw=line.decode("utf-8", "backslashreplace").rstrip("\n"),
            )
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as error:
            cut = " (the last line is cut short)" if truncated else ""
            yield Record(
                number,
                source,
                error=f"line {number}: invalid JSON: {error.msg} (column {error.colno}){cut}",
                raw=text.rstrip("\n"),
            )
            continue
        if not isinstance(obj, dict):
            yield Record(
                number,
                source,
                error=f"line {number}: expected a JSON object, got {type(obj).__name__}",
                raw=text.rstrip("\n"),
            )
            continue
        yield Record(number, source, obj)


def read_text_inputs(
    paths: Iterable[str], stdin: IO[bytes], id_field: str, text_field: str
) -> Iterator[Record]:
    """Whole files (``-`` is standard input) as records ``{id_field: path, text_field: text}``."""
    for number, path in enumerate(paths, start=1):
        name = "<stdin>" if path == "-" else path
        try:
            data = stdin.read() if path == "-" else Path(path).read_bytes()
            text = decode_text(data, name)
        except OSError as error:
            yield Record(
                number, name, {id_field: name}, error=f"{name}: cannot read: {error.strerror or error}"
            )
            continue
        except NewscleanError as error:
            yield Record(number, name, {id_field: name}, error=str(error))
            continue
        yield Record(number, name, {id_field: name, text_field: text})


def write_json_line(obj: dict[str, Any], stream: IO[str]) -> None:
    """Write one JSON object on one line (non-ASCII kept, control characters escaped).

    Text holding lone surrogates (which UTF-8 cannot carry) is written with ``\\u``
    escapes instead, so the line stays valid JSON that round-trips.
    """
    line = json.dumps(obj, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(obj)
    stream.write(line + "\n")
