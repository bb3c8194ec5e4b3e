"""What ``newsclean dedup`` does once its arguments are parsed (see :mod:`newsclean.cli.dedup_cmd`)."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import fields, replace
from typing import IO, Any

from newsclean.api import clean
from newsclean.cli.dedup_cmd import PARAMETERS
from newsclean.cli.messages import report, warn
from newsclean.cli.progress import Progress, count_lines
from newsclean.cli.warc_input import is_warc_input, read_warc_records
from newsclean.dedup import DedupConfig, DedupIndexError, Deduplicator, SQLiteStore
from newsclean.errors import EmptyDocumentError, NewscleanError
from newsclean.extraction.html import clean_html_page
from newsclean.io.records import (
    REPORT_FIELDS,
    Record,
    failure_message,
    field_problem,
    finish_record,
    get_field,
    json_line,
    keep_input_fields,
    read_jsonl,
    read_text_inputs,
    write_json_line,
)

_JSONL_SUFFIXES = (".jsonl", ".ndjson")
#: Fields dedup writes: an input field of the same name is kept as ``input_NAME``.
RESERVED = (*REPORT_FIELDS, "cluster_id", "duplicate_of", "similarity", "explain")
EXIT_OK, EXIT_RECORD_FAILED, EXIT_USAGE = 0, 1, 2


def make_config(args: argparse.Namespace) -> DedupConfig:
    """The configuration: the options given, else the index's recorded parameters, else the defaults."""
    given = {name: getattr(args, name) for _, name, _, _ in PARAMETERS if getattr(args, name) is not None}
    config = DedupConfig()
    if args.index is not None and args.index.exists():
        recorded = SQLiteStore.recorded_parameters(args.index)
        known = {f.name for f in fields(DedupConfig)}
        stored: dict[str, Any] = {k: v for k, v in recorded.items() if k in known}
        config = replace(config, **stored)
    return replace(config, **given)


def run_dedup(args: argparse.Namespace) -> int:
    """Run ``newsclean dedup`` with the parsed ``args``; returns the exit code."""
    files: list[str] = args.files or ["-"]
    fmt = args.format or (
        "text" if all(f != "-" and not f.endswith(_JSONL_SUFFIXES) for f in files) else "jsonl"
    )
    try:
        config = make_config(args)
        dedup = Deduplicator(
            config,
            index_path=args.index,
            low_memory=args.low_memory,
            lock_timeout=args.lock_timeout,
            on_wait=lambda: report(
                f"index {args.index} is in use by another dedup run; waiting for it (up to {args.lock_timeout:g} s)"
            ),
        )
    except NewscleanError as failure:
        report(str(failure))
        return EXIT_USAGE
    progress = Progress("read", total=(lambda: count_lines(files)) if fmt == "jsonl" else len(files))
    written = Progress("wrote", total=lambda: progress.count)
    try:
        return _run(files, fmt, args, dedup, progress, written)
    except DedupIndexError as failure:  # the index as a whole failed: one line, no traceback
        report(str(failure))
        return EXIT_USAGE
    except (MemoryError, RecursionError) as failure:  # a batch, not one record, ran out: the run ends
        report(
            f"dedup stopped: {type(failure).__name__} while comparing a batch of documents; no record was "
            "written (an index keeps its last complete batch)"
        )
        return EXIT_RECORD_FAILED
    finally:
        progress.close()
        written.close()
        with contextlib.suppress(DedupIndexError):  # already reported; the index keeps its last batch
            dedup.close()


def _run(
    files: list[str],
    fmt: str,
    args: argparse.Namespace,
    dedup: Deduplicator,
    progress: Progress,
    written: Progress,
) -> int:
    failed = 0
    indexed_before = len(dedup)
    seen = bytearray(indexed_before)  # which of the documents indexed before this run it has met
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spill:
        for record in _records(files, fmt, args):
            progress.step()
            try:
                out, doc_id, problem, document = _take(record, args, dedup, indexed_before, seen)
            except Exception as error:  # a bug or a resource running out on this record: its error only
                out, doc_id, document = keep_input_fields(record.data, RESERVED), None, None
                problem = f"{_where(record, args)}: {failure_message(error)}"
            if document is not None:
                dedup.add(*document)  # outside the record's guard: a failing batch ends the run
            if fmt == "text" or record.html:  # the text of a file, the HTML of a WARC record
                out.pop(args.text_field, None)
            out, problem = finish_record(record, out, problem)
            if problem is not None:
                failed += 1
                report(problem)
            warn(record)
            spill.write(json_line([doc_id, out]))
        dedup.done_adding()  # the next run may write the index while this one writes its output
        progress.close()
        spill.seek(0)
        _write(spill, dedup, args, sys.stdout, written)
    return EXIT_RECORD_FAILED if failed else EXIT_OK


def _records(files: list[str], fmt: str, args: argparse.Namespace) -> Iterator[Record]:
    stdin = sys.stdin.buffer
    for path in files:
        if is_warc_input(path, stdin):
            url_field = args.url_field or "url"
            yield from read_warc_records(path, stdin, args.id_field, url_field, args.text_field)
        elif fmt == "text":
            yield from read_text_inputs([path], stdin, args.id_field, args.text_field, args.max_record_bytes)
        elif path == "-":
            yield from read_jsonl(stdin, "<stdin>", args.max_record_bytes)
        else:
            try:
                with open(path, "rb") as stream:
                    yield from read_jsonl(stream, path, args.max_record_bytes)
            except OSError as problem:
                yield Record(0, path, error=f"{path}: cannot read: {problem.strerror or problem}")


def _where(record: Record, args: argparse.Namespace) -> str:
    if record.where is not None:
        return f"{record.source}: {record.where}"
    text_input = record.data.get(args.id_field) == record.source and record.number > 0
    return record.source if text_input else f"{record.source}: line {record.number}"


def _take(
    record: Record, args: argparse.Namespace, dedup: Deduplicator, indexed_before: int, seen: bytearray
) -> tuple[dict[str, Any], Any, str | None, tuple[Any, str, str | None, str | None, str | None] | None]:
    """One record: its output object (without the dedup fields), id, error, and the document to add.

    An id already in ``dedup`` is a repeat when it was added in this run (after the first
    ``indexed_before`` documents, those an index file held before it), or when this run has
    met it already (``seen``, by sequence number). Every record is cleaned, even one
    indexed before, so that a run repeated on the same input prints the same output.
    """
    out = keep_input_fields(record.data, RESERVED)
    where = _where(record, args)
    if record.error is not None:
        message = (
            record.error if record.error.startswith(record.source) else f"{record.source}: {record.error}"
        )
        return out, None, message, None
    text = get_field(out, args.text_field)
    problem = field_problem(text, args.text_field, "name the text field with --text-field")
    if problem is not None:
        return out, None, f"{where}: {problem}", None
    doc_id = out.get(args.id_field)
    if doc_id is None:
        doc_id = out[args.id_field] = f"{record.source}:{record.number}"
    published = out.get(args.published_field)
    url = out.get(args.url_field or "url") if args.url_field or record.html else None
    body = text
    # the page the body came from is the evidence of what its site repeats
    page = out.get(args.page_field) if args.page_field else None if args.no_clean else text
    if not args.no_clean:
        try:
            if record.html:  # a WARC record: the page's HTML, cleaned as `clean --html` does
                cleaned = clean_html_page(text, url if isinstance(url, str) else None)
                article, page = cleaned.article, page if args.page_field else cleaned.extracted.text
            else:
                article = clean(text)
            body = article.body
            published = published or article.metadata.published
        except EmptyDocumentError:
            body = ""
        except NewscleanError as error:
            return out, None, f"{where}: {error}", None
    if doc_id in dedup:
        seq = dedup.seq(doc_id)
        if seq >= indexed_before or seen[seq]:
            shown = json.dumps(doc_id, ensure_ascii=False)
            return out, None, f"{where}: id {shown[:200]} repeats an earlier record; ids must be unique", None
        seen[seq] = 1  # indexed by an earlier run: its first text stands
        return out, doc_id, None, None
    return (
        out,
        doc_id,
        None,
        (
            doc_id,
            body,
            str(published) if published is not None else None,
            page if isinstance(page, str) else None,
            url if isinstance(url, str) else None,
        ),
    )


def _write(
    spill: IO[str], dedup: Deduplicator, args: argparse.Namespace, out: IO[str], progress: Progress
) -> None:
    for line in spill:
        progress.step()
        doc_id: Any
        obj: dict[str, Any]
        doc_id, obj = json.loads(line)
        if doc_id is None:
            obj.update({"cluster_id": None, "duplicate_of": None, "similarity": None})
            write_json_line(obj, out)
            continue
        assignment = dedup.assignment(doc_id)
        if args.drop_duplicates and assignment.duplicate_of is not None:
            continue
        obj.update(assignment.to_dict())
        if args.explain and assignment.duplicate_of is not None:
            obj["explain"] = dedup.explain(doc_id, assignment.duplicate_of).to_dict()
        write_json_line(obj, out)
