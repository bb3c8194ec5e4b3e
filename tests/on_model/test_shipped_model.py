"""The shipped locator model is what its training command makes from the shared data.

Fitting takes minutes, so this runs in its own tox environment (``tox -e model``), not in the
default test run. It needs the benchmark sets the model is fitted on: ``../shared/benchmarks``
next to the checkout, or the folder named by ``NEWSCLEAN_BENCHMARKS``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from newsclean import arrays_file
from newsclean.locator import train
from newsclean.locator.model import MODEL_FILE

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("NEWSCLEAN_BENCHMARKS", ROOT.parent / "shared" / "benchmarks"))


def _close(a: object, b: object, path: str = "") -> list[str]:
    """Where two header values or arrays differ beyond float32 rounding (an empty list: they agree)."""
    if isinstance(a, np.ndarray) and isinstance(b, np.ndarray):
        if a.dtype != b.dtype or a.shape != b.shape:
            return [f"{path}: {a.dtype}{a.shape} and {b.dtype}{b.shape}"]
        close = np.isclose(a, b, rtol=1e-5, atol=1e-5) if a.dtype.kind == "f" else a == b
        return [] if bool(np.all(close)) else [f"{path}: {int(np.sum(~close))} values differ"]
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return [f"{path}: keys {sorted(a.keys() ^ b.keys())}"]
        return [d for k in a for d in _close(a[k], b[k], f"{path}.{k}")]
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: lengths {len(a)} and {len(b)}"]
        return [d for k, (x, y) in enumerate(zip(a, b, strict=True)) for d in _close(x, y, f"{path}[{k}]")]
    if isinstance(a, float) and isinstance(b, float):
        return [] if abs(a - b) <= 1e-5 * max(1.0, abs(a), abs(b)) else [f"{path}: {a} != {b}"]
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]


@pytest.mark.skipif(
    not (DATA / "scrapinghub" / "pages").is_dir(),
    reason=f"the training data is not here ({DATA}); set NEWSCLEAN_BENCHMARKS to the benchmark sets",
)
def test_the_shipped_model_is_what_training_makes(tmp_path: Path) -> None:
    fresh = tmp_path / MODEL_FILE
    arguments = [
        "--data",
        str(DATA),
        "--samples",
        str(ROOT / "corpus_samples"),
        "--golden",
        str(ROOT / "tests" / "golden"),
    ]
    # as a user runs it: the command runs itself again with numpy's AVX-512 kernels off
    command = [sys.executable, "-m", "newsclean.locator.train", *arguments, "--out", str(fresh)]
    assert subprocess.run(command, cwd=ROOT, check=False).returncode == 0
    shipped = Path(train.__file__).with_name(MODEL_FILE)
    differences = _close(
        list(arrays_file.loads(shipped.read_bytes())), list(arrays_file.loads(fresh.read_bytes()))
    )
    assert not differences, (
        f"{len(differences)} differences, first: {differences[:5]}; refit with python -m newsclean.locator.train"
    )
