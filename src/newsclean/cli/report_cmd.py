"""``newsclean report``: one HTML page showing what ``clean --explain`` and ``dedup`` did to a corpus."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from typing import IO, Any

from newsclean.cli.messages import report
from newsclean.cli.progress import Progress, count_lines
from newsclean.errors import NewscleanError
from newsclean.io.records import MAX_RECORD_BYTES
from newsclean.report import ReportConfig, render

EXIT_OK, EXIT_RECORD_FAILED, EXIT_USAGE = 0, 1, 2


def add_parser(subparsers: Any) -> None:
    defaults = ReportConfig()
    parser = subparsers.add_parser(
        "report",
        help="write an HTML report of what clean --explain and dedup did",
        description=(
            "Read the JSONL that 'newsclean clean --explain' and/or 'newsclean dedup --explain' write "
            "(files, or standard input) in one streaming pass, and write one self-contained HTML page: "
            "an overview of every record, a sample of records shown line by line with their removals, "
            "every failed record and the largest clusters side by side. The page loads nothing and runs "
            "no code from the input. Exit 0, or 1 when a line of the input could not be read."
        ),
    )
    parser.add_argument(
        "files", nargs="*", metavar="FILE", help="JSONL inputs; none or '-' reads standard input"
    )
    parser.add_argument(
        "-o",
        "--output",
        default="-",
        metavar="HTML",
        help="where to write the page (default: standard output)",
    )
    options = (
        ("--sample", "sample", "records shown whole, drawn at random across removal reasons"),
        ("--clusters", "clusters", "largest clusters shown"),
        ("--copies", "copies_per_cluster", "copies shown per cluster"),
        ("--max-failed", "max_failed", "failed records shown whole (all are counted)"),
        ("--seed", "seed", "seed of the random sample"),
    )
    for option, name, text in options:
        parser.add_argument(
            option,
            dest=name,
            type=_count,
            default=getattr(defaults, name),
            metavar="N",
            help=f"{text} (default: {getattr(defaults, name)})",
        )
    parser.add_argument("--text-field", default="text", help="JSONL field holding the body (default: text)")
    parser.add_argument("--id-field", default="id", help="JSONL field holding the record id (default: id)")
    parser.add_argument(
        "--max-record-bytes",
        type=_count,
        default=MAX_RECORD_BYTES,
        metavar="N",
        help=f"a line longer than N bytes is shown as a failed record, never held whole (default: {MAX_RECORD_BYTES})",
    )
    parser.set_defaults(run=run)


def _count(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more, got {number}")
    return number


def run(args: argparse.Namespace) -> int:
    from newsclean.report import collect  # the reader (and sqlite3) load for this command only

    files: list[str] = args.files or ["-"]
    try:
        config = ReportConfig(
            sample=args.sample,
            clusters=args.clusters,
            copies_per_cluster=args.copies_per_cluster,
            max_failed=args.max_failed,
            seed=args.seed,
            text_field=args.text_field,
            id_field=args.id_field,
        )
    except NewscleanError as error:
        report(str(error))
        return EXIT_USAGE
    problems = 0

    def problem(message: str) -> None:
        nonlocal problems
        problems += 1
        report(message)

    progress = Progress("read", total=lambda: count_lines(files))
    try:
        data = collect(_inputs(files, problem), config, args.max_record_bytes, progress.step, problem)
    finally:
        progress.close()
    page = render(data).encode("utf-8")
    if args.output == "-":
        sys.stdout.buffer.write(page)
    else:
        try:
            with open(args.output, "wb") as out:
                out.write(page)
        except OSError as error:
            report(f"cannot write {args.output}: {error.strerror or error}")
            return EXIT_RECORD_FAILED
    return EXIT_RECORD_FAILED if problems else EXIT_OK


def _inputs(files: list[str], problem: Any) -> Iterator[tuple[str, IO[bytes]]]:
    for path in files:
        if path == "-":
            yield "<stdin>", sys.stdin.buffer
            continue
        try:
            stream = open(path, "rb")  # noqa: SIM115 - closed below, after the reader is done with it
        except OSError as error:
            problem(f"{path}: cannot read: {error.strerror or error}")
            continue
        with stream:
            yield path, stream
