"""Coverage-guided fuzz target for the dedup index file.

Each input damages a small valid index: a first byte 0 means byte patches of the file
(two bytes of offset, one of value, repeated), anything else one column of one row set
to a value the bytes choose. The index is then opened, added to and read, in both
memory modes: the only error allowed is a ``DedupIndexError`` (a ``NewscleanError``).
Run with ``fuzz/run.sh index SECONDS``; keep a finding as tests/fuzz_regressions/index_*.bin.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))
with atheris.instrument_imports():
    from checks import check_index


def main() -> None:
    atheris.Setup(sys.argv, check_index)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
