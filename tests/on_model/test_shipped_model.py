"""The shipped locator model is what its training command makes from the shared data.

Fitting takes minutes, so this runs in its own tox environment (``tox -e model``), not in the
default test run. It needs the benchmark sets the model is fitted on: ``../shared/benchmarks``
next to the checkout, or the folder named by ``NEWSCLEAN_BENCHMARKS``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from newsclean.locator import train

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("NEWSCLEAN_BENCHMARKS", ROOT.parent / "shared" / "benchmarks"))


def _close(a: object, b: object, path: str = "") -> list[str]:
    """Where two JSON values differ beyond float32 rounding (an empty list: they agree)."""
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
    fresh = tmp_path / "locator.json"
    arguments = [
        "--data",
        str(DATA),
        "--samples",
        str(ROOT / "corpus_samples"),
        "--golden",
        str(ROOT / "tests" / "golden"),
    ]
    assert train.main([*arguments, "--out", str(fresh)]) == 0
    shipped = Path(train.__file__).with_name("locator.json")
    differences = _close(
        json.loads(shipped.read_text(encoding="utf-8")), json.loads(fresh.read_text(encoding="utf-8"))
    )
    assert not differences, (
        f"{len(differences)} differences, first: {differences[:5]}; refit with python -m newsclean.locator.train"
    )
