"""What the command line says on standard error: one line per message, each prefixed ``newsclean:``."""

from __future__ import annotations

import sys

from newsclean.io.records import Record


def report(message: str) -> None:
    """Write ``message`` as one line on standard error."""
    sys.stderr.write(f"newsclean: {message}\n")


def warn(record: Record) -> None:
    """Write each of ``record``'s warnings as one line on standard error."""
    for warning in record.warnings:
        report(f"warning: {warning}")
