"""WARC input for ``newsclean clean --html`` and ``newsclean dedup``: an archive, found by its content,
read record by record as JSONL-like records."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from typing import IO

from newsclean.cli.messages import report
from newsclean.errors import NewscleanError
from newsclean.failure import Failure
from newsclean.io.records import Record
from newsclean.io.warc import SNIFF_BYTES, WarcArchive, is_warc

#: The fields a WARC record adds besides its id, URL and HTML.
WARC_FIELDS = ("warc_date", "http_status")


def is_warc_input(path: str, stdin: IO[bytes]) -> bool:
    """Whether the input ``path`` (``-``: standard input, which is peeked at, not consumed) is a WARC
    archive, by its first bytes; a file that cannot be read is not (reading it reports why)."""
    try:
        if path == "-":
            if hasattr(stdin, "peek"):
                return is_warc(stdin.peek(SNIFF_BYTES)[:SNIFF_BYTES])
            if not stdin.seekable():
                return False
            head = stdin.read(SNIFF_BYTES)
            stdin.seek(-len(head), 1)
            return is_warc(head)
        with open(path, "rb") as stream:
            return is_warc(stream.read(SNIFF_BYTES))
    except OSError:
        return False


def read_warc_records(
    path: str, stdin: IO[bytes], id_field: str, url_field: str, html_field: str
) -> Iterator[Record]:
    """The HTML pages of the WARC archive ``path`` (``-``: standard input) as records
    ``{id_field, url_field, "warc_date", "http_status", html_field}``, numbered from 1 in archive
    order, marked as HTML; a damaged record as a record with an ``error``. When the archive has
    been read, one line on standard error says what it held and what was skipped."""
    name = "<stdin>" if path == "-" else path
    if path == "-":
        with tempfile.TemporaryFile() as spool:  # reading on after damage needs a seekable file
            shutil.copyfileobj(stdin, spool)
            yield from _records(WarcArchive(name, spool), id_field, url_field, html_field)
        return
    yield from _records(WarcArchive(name), id_field, url_field, html_field)


def _records(archive: WarcArchive, id_field: str, url_field: str, html_field: str) -> Iterator[Record]:
    name = str(archive.path)
    try:
        for number, item in enumerate(archive, start=1):
            where = f"record {number}"
            if isinstance(item, Failure):
                yield Record(
                    number, name, error=f"{where}: {item.message.removeprefix(name + ': ')}", where=where
                )
                continue
            data = {id_field: item.id, url_field: item.url}
            data.update((key, getattr(item, key)) for key in WARC_FIELDS)
            data[html_field] = item.html
            yield Record(number, name, data, warnings=list(item.warnings), where=where, html=True)
    except OSError as error:
        yield Record(0, name, error=f"cannot read: {error.strerror or error}")
    except NewscleanError as error:
        yield Record(0, name, error=str(error))
    report(archive.summary())
