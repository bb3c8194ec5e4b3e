"""``newsclean learn``: learn a site profile (its template lines) from a corpus of text files.

    newsclean learn pages/ more/page.txt -o site.profile.json [--min-documents 3] [--novel-words 50]
    newsclean clean --profile site.profile.json page.txt

Each file is one document, decoded as ``newsclean clean`` decodes it (binary and empty files
are skipped with a message); directories are searched for ``--glob`` files (``*.txt``).
Give it pages of one site: a line held by ``--min-documents`` of them that each brought
``--novel-words`` words not seen before (new articles; a page read twice or a story run
again does not count) is the site's template, and ``clean --profile`` removes it. The rule
is the one ``newsclean dedup`` learns a template by.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsclean.errors import NewscleanError
from newsclean.io.records import read_text_inputs
from newsclean.profile import SiteProfile


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the ``learn`` sub-command; the parsed namespace carries ``run=run``."""
    parser = subparsers.add_parser(
        "learn",
        help="learn a site profile (template lines) from pages of one site",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("inputs", nargs="+", type=Path, help="text files, or directories of them")
    parser.add_argument("-o", "--output", type=Path, required=True, help="profile file to write (JSON)")
    parser.add_argument(
        "--min-documents",
        type=int,
        default=3,
        help="a line in at least this many novel documents is template (default: 3)",
    )
    parser.add_argument(
        "--novel-words",
        type=int,
        default=50,
        help="words in lines not seen before that make a document novel (default: 50)",
    )
    parser.add_argument("--glob", default="*.txt", help="files to read in directories (default: *.txt)")
    parser.set_defaults(run=run)


def _files(inputs: list[Path], pattern: str) -> list[Path]:
    files: list[Path] = []
    for path in inputs:
        if path.is_dir():
            try:
                files.extend(sorted(p for p in path.rglob(pattern) if p.is_file()))
            except (NotImplementedError, ValueError) as error:  # an absolute or empty pattern
                raise UsageError(
                    f"--glob {pattern!r}: {error}; give a pattern relative to the folders, such as *.txt"
                ) from None
        elif path.is_file():
            files.append(path)
        else:
            raise UsageError(f"{path}: no such file or directory")
    return files


class UsageError(Exception):
    """The command line names no usable input (exit status 2)."""


def run(args: argparse.Namespace) -> int:
    """Learn the profile and write it. Exit status: 0 written, 1 a file could not be read (the
    others are learned) or the profile not written, 2 the command line names no usable input."""
    try:
        profile = SiteProfile(min_documents=args.min_documents, novel_words=args.novel_words)
        files = _files(args.inputs, args.glob)
    except (UsageError, NewscleanError) as exc:
        print(f"newsclean learn: {exc}", file=sys.stderr)
        return 2
    failed = False
    for record in read_text_inputs([str(f) for f in files], sys.stdin.buffer, "path", "text"):
        for warning in record.warnings:
            print(f"newsclean learn: warning: {warning}", file=sys.stderr)
        if record.error is not None:  # binary data, an empty or unreadable file: said, then skipped
            print(f"newsclean learn: {record.error}; skipped", file=sys.stderr)
            failed = True
            continue
        try:
            profile.learn((record.data["text"],))  # cleaned, then learned with its body
        except NewscleanError as exc:  # a page over a size limit: said, then skipped
            print(f"newsclean learn: {record.data['path']}: {exc}; skipped", file=sys.stderr)
            failed = True
    if profile.documents == 0:
        message = f"no documents found (looked for {args.glob}); pass text files or directories"
        print(f"newsclean learn: {message}", file=sys.stderr)
        return 2
    try:
        profile.save(args.output)
    except OSError as exc:
        print(
            f"newsclean learn: cannot write {args.output}: {exc.strerror or exc}; check the path",
            file=sys.stderr,
        )
        return 1
    summary = f"learned {profile.documents} documents: {profile.template_lines} template lines"
    print(f"{summary} -> {args.output}", file=sys.stderr)
    return 1 if failed else 0
