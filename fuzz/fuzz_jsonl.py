"""Coverage-guided fuzz target for JSONL framing: line ends, JSON that cannot round-trip, bad bytes.

Each input is a JSONL stream; the check (fuzz/checks.py) reads it as ``newsclean clean
--format jsonl`` does and checks one record per non-blank line, in order, each parsed
or an error with its line kept, and every output line JSON that reads back as written.
Run with ``fuzz/run.sh jsonl SECONDS``; keep a finding as tests/fuzz_regressions/jsonl_*.bin.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))
with atheris.instrument_imports():
    from checks import check_jsonl


def main() -> None:
    atheris.Setup(sys.argv, check_jsonl)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
