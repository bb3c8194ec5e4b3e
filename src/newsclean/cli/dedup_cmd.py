"""``newsclean dedup``: find the copies among text files or JSONL records.

Every input record comes out once, in input order, as one JSON line with three
fields added: ``cluster_id`` (shared by the members of a cluster of two or more,
null for a unique record), ``duplicate_of`` (the id of the cluster's canonical
member; null for the canonical member and for unique records) and
``similarity`` (the verification score against the canonical member). Bodies are
compared, so each text is cleaned first (``--no-clean`` compares the text as
given). A record that cannot be read or has no text comes out with an ``error``
field (and a one-line message on standard error); the exit code is then 1.

A site's template (a promo blurb, an author box, a disclaimer the cleaner left) is
not a copy: lines that recur in documents that each bring new text are learnt as
template and do not count (``--url-field`` names the page URL, so that two pages
of one host are enough; the full page each body was cleaned from is the evidence).

With ``--index PATH`` the documents are checked against, and added to, an SQLite
index that later runs reuse: a record whose id is already indexed is not added
again, so re-running a batch changes nothing and prints the same output. One run
writes an index at a time: a second one waits for it (``--lock-timeout``). An index
that cannot be used (locked past the wait, read-only, damaged, built with other
parameters) ends the run with one line on standard error and exit status 2.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from newsclean.checks import MAX_SECONDS, check_timeout
from newsclean.dedup.config import DedupConfig
from newsclean.dedup.index_guard import LOCK_TIMEOUT
from newsclean.errors import ConfigError
from newsclean.io.records import MAX_RECORD_BYTES, positive_int

#: Parameters settable on the command line: (option, DedupConfig field, type, help).
PARAMETERS: tuple[tuple[str, str, type, str], ...] = (
    ("--threshold", "threshold", float, "containment score (0-1) from which a pair is a copy"),
    ("--min-tokens", "min_tokens", int, "bodies with fewer words are never flagged"),
    ("--paragraph-threshold", "paragraph_threshold", float, "rapidfuzz ratio (0-100) for matched paragraphs"),
    ("--shingle-size", "shingle_size", int, "words per shingle"),
    ("--num-perm", "num_perm", int, "MinHash signature length (power of two)"),
    ("--bands", "bands", int, "LSH bands"),
    ("--rows", "rows", int, "LSH rows per band"),
    (
        "--template-documents",
        "template_documents",
        int,
        "a line held by this many documents that each brought new text is template, and does not count",
    ),
    (
        "--template-host-pages",
        "template_host_pages",
        int,
        "... or by this many such pages of one host (with --url-field)",
    ),
)


def add_parser(subparsers: Any) -> None:
    defaults = DedupConfig()
    parser = subparsers.add_parser(
        "dedup",
        help="find copies of the same article across records",
        description=__doc__.split("\n\n")[0].split(": ", 1)[1] + " " + " ".join(__doc__.split("\n\n")[1:]),
    )
    parser.add_argument(
        "files", nargs="*", metavar="FILE", help="input files; none or '-' reads JSONL from standard input"
    )
    parser.add_argument(
        "--format",
        choices=("text", "jsonl"),
        help="input format: one document per file (text) or one JSON object per line (jsonl); default: "
        "jsonl for standard input and .jsonl/.ndjson files, text otherwise. The output is always JSONL.",
    )
    parser.add_argument("--text-field", default="text", help="JSONL field holding the text (default: text)")
    parser.add_argument(
        "--id-field",
        default="id",
        help="JSONL field holding the record id (default: id); a record without one gets SOURCE:LINE",
    )
    parser.add_argument(
        "--published-field",
        default="published",
        help="JSONL field holding the publication date, used by the canonical rule (default: published; "
        "when absent, the date the cleaner found)",
    )
    parser.add_argument(
        "--url-field",
        metavar="NAME",
        help="JSONL field holding the page's URL: its host names the site, whose furniture then shows on two "
        "of its pages; a URL given twice is one page fetched twice (default: none)",
    )
    parser.add_argument(
        "--page-field",
        metavar="NAME",
        help="JSONL field holding the full page each text was cleaned from, the evidence of its site's "
        "furniture (default: the text itself, as read before cleaning)",
    )
    parser.add_argument(
        "--no-clean", action="store_true", help="compare the texts as given, without cleaning"
    )
    parser.add_argument(
        "--drop-duplicates", action="store_true", help="print only canonical and unique records (and errors)"
    )
    parser.add_argument("--explain", action="store_true", help="add to each copy the paragraphs that matched")
    parser.add_argument(
        "--index",
        type=Path,
        metavar="PATH",
        help="SQLite index to check against and add to (created on first use)",
    )
    parser.add_argument(
        "--low-memory",
        action="store_true",
        help="keep the band index in temporary files and every document's id, date and body in the SQLite "
        "index (--index, or a temporary one): memory stays flat whatever the number of records, at a cost in "
        "speed; the results are the same",
    )
    for option, name, kind, text in PARAMETERS:
        parser.add_argument(
            option,
            dest=name,
            type=kind,
            default=None,
            help=f"{text} (default: {getattr(defaults, name)}, or the index's)",
        )
    parser.add_argument(
        "--lock-timeout",
        type=_seconds,
        default=LOCK_TIMEOUT,
        metavar="SECONDS",
        help=f"how long to wait for an index another run is writing (default: {LOCK_TIMEOUT:g})",
    )
    parser.add_argument(
        "--max-record-bytes",
        type=positive_int,
        default=MAX_RECORD_BYTES,
        metavar="N",
        help=f"skip (with an error) a JSONL line or file larger than N bytes (default: {MAX_RECORD_BYTES})",
    )
    parser.set_defaults(run=run)


def _seconds(value: str) -> float:
    try:
        check_timeout("--lock-timeout", float(value))
    except (ValueError, ConfigError) as error:  # ConfigError is a ValueError
        raise argparse.ArgumentTypeError(
            f"expected a number of seconds, from 0 to {MAX_SECONDS:g}, got {value!r}"
        ) from error
    return float(value)


def run(args: argparse.Namespace) -> int:
    # the index, the cleaner and rapidfuzz load here, not when the parser is built: the other
    # commands start without them
    from newsclean.cli.dedup_run import run_dedup

    return run_dedup(args)
