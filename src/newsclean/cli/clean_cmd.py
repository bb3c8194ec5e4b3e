"""``newsclean clean``: clean plain-text or HTML pages or JSONL records from files or standard input."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Iterator
from functools import partial
from typing import IO, TYPE_CHECKING, Any, cast

from newsclean.api import clean
from newsclean.article import Article
from newsclean.cli.clean_records import (
    JSONL_SUFFIXES,
    MARKDOWN_CONFIG,
    jsonl_records,
    mixed_records,
    oversize_warnings,
    run_jsonl,
)
from newsclean.cli.messages import report, warn
from newsclean.cli.progress import Progress, count_lines
from newsclean.cli.warc_input import is_warc_input
from newsclean.config import CleanConfig
from newsclean.errors import NewscleanError
from newsclean.filters.limits import line_texts, normalise_newlines
from newsclean.io.records import (
    MAX_RECORD_BYTES,
    Record,
    failure_message,
    positive_int,
    read_text_inputs,
    worker_died,
)
from newsclean.locator.fitted import FittedLocator
from newsclean.markdown import looks_like_markdown, render_markdown
from newsclean.parallel import default_jobs, ordered_map
from newsclean.profile import SiteProfile

if TYPE_CHECKING:  # HTML and configuration files load only in runs that read them (start-up)
    from newsclean.config_file import PipelineConfig
    from newsclean.extraction.html_config import HtmlConfig

_MARKDOWN_SUFFIXES = (".md", ".markdown")


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
        "--html",
        action="store_true",
        help="inputs are HTML: files or standard input hold a page's HTML, JSONL records hold it in "
        "--html-field; trafilatura extracts the main text, then the HTML-mode filters clean it",
    )
    parser.add_argument(
        "--html-field",
        default="html",
        help="with --html, JSONL field holding the page's HTML (default: html); it is replaced by "
        "the body in --text-field",
    )
    parser.add_argument(
        "--url-field", default="url", help="with --html, JSONL field holding the page's URL (default: url)"
    )
    parser.add_argument(
        "--charset",
        metavar="NAME",
        help="with --html, the charset of HTML files and standard input, as an HTTP header would declare "
        "it (default: what the page declares, else UTF-8, else a guess)",
    )
    parser.add_argument(
        "--markdown",
        action="store_true",
        help="inputs are markdown (Firecrawl, Crawl4AI, Jina Reader, html2text): parsed, links understood, the "
        "body printed as plain text (default without it: .md/.markdown files, and texts that are plainly "
        "markdown, are read as markdown)",
    )
    parser.add_argument(
        "--keep-markdown",
        action="store_true",
        help="with markdown input, print the body as markdown (links, emphasis) instead of plain text",
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="text: print every input line marked kept (+) or removed (-) with filter and rule; "
        "jsonl: add a 'removals' list to each record",
    )
    parser.add_argument(
        "--profile",
        metavar="FILE",
        help="a site profile written by 'newsclean learn': lines it has seen on many pages are removed as "
        "template (with --html, from the extracted text)",
    )
    parser.add_argument(
        "--max-record-bytes",
        type=positive_int,
        default=MAX_RECORD_BYTES,
        metavar="N",
        help=f"skip (with an error) a JSONL line or file larger than N bytes (default: {MAX_RECORD_BYTES})",
    )
    parser.add_argument(
        "--config",
        metavar="TOML",
        help="pipeline definition file: filters, order, parameters, pattern filters (see docs/cleaning.md)",
    )
    parser.add_argument(
        "--body-threshold",
        type=_probability,
        metavar="X",
        help="text mode: how sure the body locator must be that a line is article text, between 0 and 1 "
        "(default 0.5; lower keeps more, higher keeps less)",
    )
    parser.add_argument(
        "--jobs",
        type=positive_int,
        default=None,
        metavar="N",
        help=f"worker processes; output order is kept (default: one per core, here {default_jobs()})",
    )
    parser.set_defaults(run=run)


def _probability(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, got {value!r}") from None
    if not 0.0 < number < 1.0:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1 (exclusive), got {value}")
    return number


def run(args: argparse.Namespace) -> int:
    try:
        profile = SiteProfile.load(args.profile) if args.profile else None
    except NewscleanError as error:
        report(f"--profile: {error}")
        return 2
    files: list[str] = args.files or ["-"]
    fmt = args.format or ("jsonl" if all(f.endswith(JSONL_SUFFIXES) for f in files) else "text")
    # a WARC archive holds many pages, each with its id and URL: the output is JSONL
    warc = next((f for f in files if is_warc_input(f, sys.stdin.buffer)), None)
    if warc is not None and not args.html:
        report(
            f"{warc if warc != '-' else '<stdin>'} is a WARC archive: add --html to clean the pages it holds"
        )
        return 2
    fmt = "jsonl" if warc is not None else fmt
    try:
        config = _load_config(args.config) if args.config else None
        if profile is not None:
            config = config.with_profile(profile) if config else _standard_pipeline(profile)
        args.html_config = config.html_config() if args.html and config else None
    except NewscleanError as error:
        report(str(error))
        return 2
    if args.charset is not None and _unknown_charset(args.charset):
        report(
            f"--charset: {args.charset!r} is not a charset browsers read pages in; give one such as utf-8 or windows-1252"
        )
        return 2
    if args.markdown or args.keep_markdown:
        if args.html or args.config:
            report(
                f"--markdown reads text with the standard filters; it takes no {'--html' if args.html else '--config'}"
            )
            return 2
        config = _standard_pipeline(profile) if profile else None
    if args.body_threshold is not None:
        if args.html:
            report("--body-threshold applies to text mode (HTML mode finds the body with trafilatura)")
            return 2
        base = config if config is not None else _standard_pipeline(None)
        if not isinstance(base.locator, FittedLocator):
            report(
                "--body-threshold applies to the fitted locator; the configuration selects the rule-based one"
            )
            return 2
        config = dataclasses.replace(
            base, locator=dataclasses.replace(base.locator, body_threshold=args.body_threshold)
        )
    args.pipeline_config = config
    if args.markdown or args.keep_markdown:
        threshold = args.body_threshold if args.body_threshold is not None else CleanConfig.body_threshold
        args.pipeline_config = CleanConfig(
            markdown=True, keep_markdown=args.keep_markdown, profile=profile, body_threshold=threshold
        )
    total = None if warc is not None else partial(count_lines, files) if fmt == "jsonl" else len(files)
    progress = Progress("cleaned", total=total)
    try:
        if fmt == "jsonl":
            records = (
                mixed_records(files, args)
                if warc is not None
                else jsonl_records(files, args.max_record_bytes)
            )
            failed = run_jsonl(records, args, sys.stdout, progress)
        else:
            failed = _run_text(files, args, sys.stdout, progress)
    finally:
        progress.close()
    return 1 if failed else 0


# The configuration and HTML modules load only in the runs that use them (start-up).


def _load_config(path: str) -> PipelineConfig:
    from newsclean.config_file import load_config

    return load_config(path)


def _standard_pipeline(profile: SiteProfile | None) -> PipelineConfig:
    """The standard pipeline as a configuration, with the site ``profile`` if one is given."""
    from newsclean.config_file import PipelineConfig

    return PipelineConfig.from_clean_config(CleanConfig(profile=profile))


def _unknown_charset(name: str) -> bool:
    from newsclean.extraction.html_decode import known_charset

    return known_charset(name) is None


def _run_text(files: list[str], args: argparse.Namespace, out: IO[str], progress: Progress) -> int:
    failed = 0
    first = True
    if args.html:
        from newsclean.cli.html_input import read_html_inputs

        records = read_html_inputs(
            files, sys.stdin.buffer, args.id_field, args.html_field, args.max_record_bytes, args.charset
        )
    else:
        records = read_text_inputs(
            files, sys.stdin.buffer, args.id_field, args.text_field, args.max_record_bytes
        )
    field = args.html_field if args.html else args.text_field
    config = args.html_config if args.html else args.pipeline_config
    work = partial(_clean_text_record, field=field, html=args.html, config=config)
    for record, article, source in ordered_map(work, records, args.jobs, on_crash=_crashed_text_record):
        progress.step()
        warn(record)
        if article is None:
            failed += 1
            report(record.error or f"{record.source}: failed")
            continue
        if len(files) > 1:
            out.write(("" if first else "\n") + f"==> {record.source} <==\n")
        first = False
        if args.explain:
            out.writelines(annotate(source, article))
        elif article.body:
            out.write(article.body + "\n")
    return failed


def _clean_text_record(
    record: Record, field: str, html: bool, config: CleanConfig | PipelineConfig | HtmlConfig | None
) -> tuple[Record, Article | None, str]:
    """Clean one whole-file record (in a worker): the record, its article or ``None``, the cleaned text.

    Whatever goes wrong becomes the record's error: one record never ends the batch."""
    article, source = None, ""
    if record.error is None:
        try:
            if html:
                from newsclean.extraction.html import clean_html_page  # lxml loads in HTML mode only
                from newsclean.extraction.html_config import HtmlConfig

                html_config = config if isinstance(config, HtmlConfig) else None
                page = clean_html_page(record.data[field], config=html_config)
                article, source = page.article, page.extracted.text
            else:
                config = cast("CleanConfig | PipelineConfig | None", config)  # never an HTML one here
                source = record.data[field]
                if config is None and (
                    record.source.endswith(_MARKDOWN_SUFFIXES) or looks_like_markdown(source)
                ):
                    config = MARKDOWN_CONFIG
                article = clean(source, config)
                if isinstance(config, CleanConfig) and config.markdown:
                    source = render_markdown(source).text  # the text the removals refer to
            record.warnings.extend(oversize_warnings(article, record.source))
        except NewscleanError as error:
            article, record.error = None, f"{record.source}: {error}"
        # a bug or a resource running out on this record: its error, not the batch's
        except Exception as error:
            article, record.error = None, f"{record.source}: {failure_message(error)}"
    return record, article, source


def _crashed_text_record(record: Record, error: BaseException) -> tuple[Record, Article | None, str]:
    """The result of a record whose worker process died (``ordered_map``'s ``on_crash``)."""
    record.error = f"{record.source}: {worker_died(error)}"
    return record, None, ""


def annotate(text: str, article: Article) -> Iterator[str]:
    """Every non-blank input line, marked ``+`` (kept) or ``-[filter:rule]`` (removed), in strings of
    consecutive lines that share a mark; read in pieces, so a huge input costs no memory per line, and
    a long run of lines with one mark (the lines past the size limits) is joined in one step.

    >>> list(annotate("Comments\\n\\nThe body.", clean("Comments\\n\\nThe body.")))
    ['-[comments:comments_header] Comments\\n', '+ The body.\\n']
    """
    removals = sorted(article.removals, key=lambda removal: removal.start)
    at = 0  # the first removal that may still cover a line
    index = 0  # the line index of the piece's first line
    for lines in line_texts(normalise_newlines(text)):
        stop = index + len(lines)
        position = index
        while position < stop:
            while at < len(removals) and removals[at].end <= position:
                at += 1
            if at < len(removals) and removals[at].start <= position:
                removal = removals[at]
                mark, end = f"-[{removal.filter}:{removal.rule}] ", min(removal.end, stop)
            else:
                mark, end = "+ ", min(removals[at].start, stop) if at < len(removals) else stop
            run = [line for line in lines[position - index : end - index] if line]
            if run:
                yield mark + ("\n" + mark).join(run) + "\n"
            position = end
        index = stop
