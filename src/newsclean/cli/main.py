"""Entry point of the ``newsclean`` command: argument parsing, exit codes, pipe handling.

Exit codes: 0 every record was processed, 1 some record failed (each failure has
a one-line message on standard error), 2 the command line itself is wrong.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from newsclean import __version__

EXIT_OK = 0
EXIT_RECORD_FAILED = 1
EXIT_USAGE = 2

#: Sub-command names and their modules; each module has ``add_parser(subparsers)`` and ``run(args) -> int``.
COMMANDS = {
    "clean": "newsclean.cli.clean_cmd",
    "dedup": "newsclean.cli.dedup_cmd",
    "learn": "newsclean.cli.learn_cmd",
    "report": "newsclean.cli.report_cmd",
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with ``only`` (a name of :data:`COMMANDS`), one that knows
    that sub-command alone, so that a run imports what its command needs and nothing else
    (``newsclean clean`` never loads the deduplicator's modules). Its usage and errors for
    that command are the full parser's."""
    parser = argparse.ArgumentParser(
        prog="newsclean",
        description="Clean scraped news pages into article text; find copies across a corpus.",
    )
    parser.add_argument("--version", action="version", version=f"newsclean {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, module in COMMANDS.items():
        if only is None or name == only:
            importlib.import_module(module).add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    # the first argument names the command (or is an option such as --help: then every command)
    parser = build_parser(arguments[0] if arguments and arguments[0] in COMMANDS else None)
    args = parser.parse_args(arguments)
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
