"""Cleaning one record of ``newsclean clean``: JSONL records (text or HTML fields), the inputs that
mix WARC archives, JSONL files and pages, and the messages on standard error."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from functools import partial
from typing import IO, TYPE_CHECKING, Any, cast

from newsclean.api import clean
from newsclean.article import Article
from newsclean.cli.messages import report, warn
from newsclean.cli.progress import Progress
from newsclean.config import CleanConfig
from newsclean.errors import NewscleanError
from newsclean.io.records import (
    Record,
    failure_message,
    field_problem,
    finish_record,
    get_field,
    keep_input_fields,
    read_jsonl,
    worker_died,
    write_json_line,
)
from newsclean.markdown import looks_like_markdown
from newsclean.parallel import ordered_map
from newsclean.reasons import Reason

if TYPE_CHECKING:  # HTML, WARC and configuration files load only in runs that read them (start-up)
    from newsclean.config_file import PipelineConfig
    from newsclean.extraction.html_config import HtmlConfig

JSONL_SUFFIXES = (".jsonl", ".ndjson")
#: What a text that reads as markdown is cleaned with when no configuration is given.
MARKDOWN_CONFIG = CleanConfig(markdown=True)


def oversize_warnings(article: Article, where: str) -> list[str]:
    """One warning per removal made by the size limits, naming the lines."""
    return [
        f"{where}: lines {r.start + 1}-{r.end} removed by the size limits ({r.rule})"
        for r in article.removals
        if r.reason is Reason.OVERSIZE
    ]


def jsonl_records(files: list[str], max_record_bytes: int) -> Iterator[Record]:
    for path in files:
        if path == "-":
            yield from read_jsonl(sys.stdin.buffer, "<stdin>", max_record_bytes)
            continue
        try:
            with open(path, "rb") as stream:
                yield from read_jsonl(stream, path, max_record_bytes)
        except OSError as error:
            yield Record(0, path, error=f"cannot read: {error.strerror or error}")


def mixed_records(files: list[str], args: argparse.Namespace) -> Iterator[Record]:
    """With --html and a WARC archive among the inputs: each WARC archive's pages, each JSONL file's
    records, and each other file as one page, in the order given."""
    from newsclean.cli.html_input import read_html_inputs
    from newsclean.cli.warc_input import is_warc_input, read_warc_records

    stdin = sys.stdin.buffer
    for path in files:
        if is_warc_input(path, stdin):
            yield from read_warc_records(path, stdin, args.id_field, args.url_field, args.html_field)
        elif path.endswith(JSONL_SUFFIXES):
            yield from jsonl_records([path], args.max_record_bytes)
        else:
            yield from read_html_inputs(
                [path], stdin, args.id_field, args.html_field, args.max_record_bytes, args.charset
            )


def run_jsonl(records: Iterator[Record], args: argparse.Namespace, out: IO[str], progress: Progress) -> int:
    failed = 0
    work = partial(
        _clean_jsonl_record,
        html_field=args.html_field if args.html else None,
        text_field=args.text_field,
        url_field=args.url_field,
        explain=args.explain,
        config=args.html_config if args.html else args.pipeline_config,
    )
    for record, result, error in ordered_map(work, records, args.jobs, on_crash=_crashed_jsonl_record):
        progress.step()
        if error is not None:
            failed += 1
            report(f"{record.source}: {error}")
        warn(record)
        write_json_line(result, out)
        out.flush()  # one record at a time: a reader downstream sees each as soon as it is cleaned
    return failed


def _clean_jsonl_record(
    record: Record,
    html_field: str | None,
    text_field: str,
    url_field: str,
    explain: bool,
    config: CleanConfig | PipelineConfig | HtmlConfig | None,
) -> tuple[Record, dict[str, Any], str | None]:
    """Clean one JSONL record (in a worker); returns what the report needs, not the data twice.

    Whatever goes wrong becomes the record's error: one record never ends the batch."""
    try:
        if html_field is not None:
            from newsclean.cli.html_input import clean_html_record
            from newsclean.extraction.html_config import HtmlConfig

            html_config = config if isinstance(config, HtmlConfig) else None
            result, error = clean_html_record(record, html_field, text_field, url_field, explain, html_config)
        else:  # text mode is never given an HTML configuration
            result, error = clean_record(
                record, text_field, explain, cast("CleanConfig | PipelineConfig | None", config)
            )
    except Exception as failure:  # a bug or a resource running out on this record: its error, not the batch's
        result, error = finish_record(
            record, keep_input_fields(record.data), f"{record.position}: {failure_message(failure)}"
        )
    return Record(record.number, record.source, warnings=record.warnings), result, error


def _crashed_jsonl_record(record: Record, error: BaseException) -> tuple[Record, dict[str, Any], str | None]:
    """The result of a record whose worker process died (``ordered_map``'s ``on_crash``)."""
    result, message = finish_record(
        record, keep_input_fields(record.data), f"{record.position}: {worker_died(error)}"
    )
    return Record(record.number, record.source, warnings=record.warnings), result, message


def clean_record(
    record: Record,
    text_field: str,
    explain: bool = False,
    config: CleanConfig | PipelineConfig | None = None,
) -> tuple[dict[str, Any], str | None]:
    """The output object for one JSONL record and its error, if any.

    On success the input fields are kept, the text field is replaced by the body and
    the metadata is added (an input field of the same name wins). On failure the
    input fields are kept untouched and an ``error`` field (plus ``raw`` for a line
    that could not be parsed) is added. Warnings (appended to ``record.warnings``)
    go into a ``warnings`` list. An input field named ``error``, ``raw`` or ``warnings``
    is kept as ``input_error`` (and so on).
    """
    out = keep_input_fields(record.data)
    error = record.error
    if error is None:
        error = _clean_into(out, record, text_field, explain, config)
    return finish_record(record, out, error)


def _clean_into(
    out: dict[str, Any],
    record: Record,
    text_field: str,
    explain: bool,
    config: CleanConfig | PipelineConfig | None = None,
) -> str | None:
    number = record.number
    text = get_field(out, text_field)
    problem = field_problem(text, text_field, "name the text field with --text-field")
    if problem is not None:
        return f"line {number}: {problem}"
    if config is None and looks_like_markdown(text):
        config = MARKDOWN_CONFIG
    try:
        article = clean(text, config)
    except NewscleanError as error:
        return f"line {number}: {error}"
    record.warnings.extend(oversize_warnings(article, f"line {number}"))
    out[text_field] = article.body
    article.add_fields(out, explain)
    return None
