"""``newsclean clean``: clean plain-text pages or JSONL records from files or standard input."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from functools import partial
from typing import IO, Any

from newsclean.api import clean
from newsclean.article import Article
from newsclean.cli.progress import Progress
from newsclean.config import CleanConfig
from newsclean.config_file import PipelineConfig, load_config
from newsclean.document import Document
from newsclean.errors import NewscleanError
from newsclean.io.records import Record, read_jsonl, read_text_inputs, write_json_line
from newsclean.parallel import default_jobs, ordered_map

_JSONL_SUFFIXES = (".jsonl", ".ndjson")


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "clean",
        help="clean pages into article text",
        description=(
            "Clean scraped news pages. Plain-text files (or standard input) print the article body; "
            "with --format jsonl each input line is a JSON object whose text field is replaced by the "
            "body, with the metadata added. Exit 0 when every record was cleaned, 1 when any failed."
        ),
    )
    parser.add_argument(
        "files", nargs="*", metavar="FILE", help="input files; none or '-' reads standard input"
    )
    parser.add_argument(
        "--format",
        choices=("text", "jsonl"),
        help="input and output format (default: jsonl for .jsonl/.ndjson files, text otherwise)",
    )
    parser.add_argument(
        "--text-field", default="text", help="JSONL field holding the page text (default: text)"
    )
    parser.add_argument("--id-field", default="id", help="JSONL field holding the record id (default: id)")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="text: print every input line marked kept (+) or removed (-) with filter and rule; "
        "jsonl: add a 'removals' list to each record",
    )
    parser.add_argument(
        "--config",
        metavar="TOML",
        help="pipeline definition file: filters, order, parameters, pattern filters (see README)",
    )
    parser.add_argument(
        "--jobs",
        type=_jobs,
        default=None,
        metavar="N",
        help=f"worker processes; output order is kept (default: one per core, here {default_jobs()})",
    )
    parser.set_defaults(run=run)


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return jobs


def run(args: argparse.Namespace) -> int:
    files: list[str] = args.files or ["-"]
    fmt = args.format or ("jsonl" if all(f.endswith(_JSONL_SUFFIXES) for f in files) else "text")
    try:
        args.pipeline_config = load_config(args.config) if args.config else None
    except NewscleanError as error:
        _report(str(error))
        return 2
    progress = Progress("cleaned")
    try:
        if fmt == "jsonl":
            failed = _run_jsonl(files, args, sys.stdout, progress)
        else:
            failed = _run_text(files, args, sys.stdout, progress)
    finally:
        progress.close()
    return 1 if failed else 0


def _report(message: str) -> None:
    sys.stderr.write(f"newsclean: {message}\n")


def _run_text(files: list[str], args: argparse.Namespace, out: IO[str], progress: Progress) -> int:
    failed = 0
    first = True
    records = read_text_inputs(files, sys.stdin.buffer, args.id_field, args.text_field)
    work = partial(_clean_text_record, text_field=args.text_field, config=args.pipeline_config)
    for record, article in ordered_map(work, records, args.jobs):
        progress.step()
        if article is None:
            failed += 1
            _report(record.error or f"{record.source}: failed")
            continue
        if len(files) > 1:
            out.write(("" if first else "\n") + f"==> {record.source} <==\n")
        first = False
        if args.explain:
            out.write(annotate(record.data[args.text_field], article))
        elif article.body:
            out.write(article.body + "\n")
    return failed


def _clean_text_record(
    record: Record, text_field: str, config: CleanConfig | PipelineConfig | None
) -> tuple[Record, Article | None]:
    """Clean one whole-file record; on failure the record's ``error`` says why."""
    if record.error is None:
        try:
            return record, clean(record.data[text_field], config)
        except NewscleanError as error:
            record.error = f"{record.source}: {error}"
    return record, None


def annotate(text: str, article: Article) -> str:
    """Every non-blank input line, marked ``+`` (kept) or ``-[filter:rule]`` (removed)."""
    doc = Document.from_text(text)
    marks: dict[int, str] = {}
    for removal in article.removals:
        for i in range(removal.start, removal.end):
            marks[i] = f"-[{removal.filter}:{removal.rule}]"
    return "".join(f"{marks.get(line.index, '+')} {line.text}\n" for line in doc.lines if line.text)


def _jsonl_records(files: list[str]) -> Iterator[Record]:
    for path in files:
        if path == "-":
            yield from read_jsonl(sys.stdin.buffer, "<stdin>")
            continue
        try:
            with open(path, "rb") as stream:
                yield from read_jsonl(stream, path)
        except OSError as error:
            yield Record(0, path, error=f"cannot read: {error.strerror or error}")


def _run_jsonl(files: list[str], args: argparse.Namespace, out: IO[str], progress: Progress) -> int:
    failed = 0
    work = partial(
        _clean_jsonl_record, text_field=args.text_field, explain=args.explain, config=args.pipeline_config
    )
    for record, result, error in ordered_map(work, _jsonl_records(files), args.jobs):
        progress.step()
        if error is not None:
            failed += 1
            _report(f"{record.source}: {error}")
        write_json_line(result, out)
    return failed


def _clean_jsonl_record(
    record: Record, text_field: str, explain: bool, config: CleanConfig | PipelineConfig | None
) -> tuple[Record, dict[str, Any], str | None]:
    source = Record(record.number, record.source)  # what the report needs, not the data twice
    return (source, *clean_record(record, text_field, explain, config))


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
    that could not be parsed) is added.
    """
    out = dict(record.data)
    error = record.error
    if error is None:
        error = _clean_into(out, record.number, text_field, explain, config)
    if error is not None:
        out["error"] = error
        if record.raw is not None:
            out["raw"] = record.raw
    return out, error


def _clean_into(
    out: dict[str, Any],
    number: int,
    text_field: str,
    explain: bool,
    config: CleanConfig | PipelineConfig | None = None,
) -> str | None:
    text = out.get(text_field)
    if text is None:
        return f"line {number}: no '{text_field}' field; name the text field with --text-field"
    if not isinstance(text, str):
        return f"line {number}: field '{text_field}' is {type(text).__name__}, expected a string"
    try:
        article = clean(text, config)
    except NewscleanError as error:
        return f"line {number}: {error}"
    out[text_field] = article.body
    for key, value in article.to_dict(explain=explain).items():
        if key != "body" and out.get(key) is None:
            out[key] = value
    return None
