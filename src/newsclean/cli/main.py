"""Entry point of the ``newsclean`` command: argument parsing, exit codes, pipe handling.

Exit codes: 0 every record was processed, 1 some record failed (each failure has
a one-line message on standard error), 2 the command line itself is wrong.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from newsclean import __version__
from newsclean.cli import clean_cmd, dedup_cmd, learn_cmd, report_cmd

EXIT_OK = 0
EXIT_RECORD_FAILED = 1
EXIT_USAGE = 2

#: Sub-command modules; each has ``add_parser(subparsers)`` and ``run(args) -> int``.
COMMANDS = (clean_cmd, dedup_cmd, learn_cmd, report_cmd)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsclean",
        description="Clean scraped news pages into article text; find copies across a corpus.",
    )
    parser.add_argument("--version", action="version", version=f"newsclean {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, as Unix filters do.
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        sys.stderr.write("newsclean: interrupted; the output so far is complete up to the last full line\n")
        return EXIT_RECORD_FAILED
    except OSError as error:
        # a full disk or an output that went away mid-write: say so, no traceback
        sys.stderr.write(f"newsclean: cannot write output: {error.strerror or error}\n")
        _silence_stdout()
        return EXIT_RECORD_FAILED
    return code


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def entry_point() -> None:
    """Console-script entry: ``sys.exit(main())``."""
    sys.exit(main())
