"""Coverage-guided fuzz target for the configuration and profile loaders.

Each input is written to a file and read by ``newsclean.load_config`` and by
``SiteProfile.load``: the only errors allowed are ``ConfigError`` and ``ProfileError``; a
configuration that loads must clean a sample page and give an HTML-mode configuration.
Run with ``fuzz/run.sh config SECONDS``; keep a finding as tests/fuzz_regressions/config_*.bin.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))
with atheris.instrument_imports():
    from checks import check_config


def main() -> None:
    atheris.Setup(sys.argv, check_config)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
