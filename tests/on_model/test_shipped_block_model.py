"""The shipped block model of HTML mode is what its training command makes from the shared data.

Fitting takes minutes, so this runs in the ``model`` tox environment (``tox -e model``), not in the
default test run. It needs the benchmark sets the model is fitted on: ``../shared/benchmarks``
next to the checkout, or the folder named by ``NEWSCLEAN_BENCHMARKS``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsclean.extraction import block_train
from newsclean.extraction.block_model import MODEL_FILE

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("NEWSCLEAN_BENCHMARKS", ROOT.parent / "shared" / "benchmarks"))


@pytest.mark.skipif(
    not (DATA / "scrapinghub" / "pages").is_dir(),
    reason=f"the training data is not here ({DATA}); set NEWSCLEAN_BENCHMARKS to the benchmark sets",
)
def test_the_shipped_block_model_is_what_training_makes() -> None:
    shipped = Path(block_train.__file__).with_name(MODEL_FILE)
    # as a user runs it: the command runs itself again with numpy's AVX-512 kernels off, and
    # compares the file it makes with the shipped one byte for byte
    command = [
        sys.executable,
        "-m",
        "newsclean.extraction.block_train",
        "--data",
        str(DATA),
        "--out",
        str(shipped),
        "--check",
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "is what the training data makes" in done.stderr
