"""Running the command line in-process, as the CLI tests do."""

from __future__ import annotations

import io
import sys

import pytest

from newsclean.cli.main import main


def run(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    stdin: bytes | str = b"",
) -> tuple[int, str, str]:
    """``newsclean ARGS`` with ``stdin`` (text is sent as UTF-8): exit code, stdout, stderr."""
    data = stdin.encode() if isinstance(stdin, str) else stdin
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err
