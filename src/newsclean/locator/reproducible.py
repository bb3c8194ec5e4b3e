"""The numpy settings under which fitting the locator makes the same file on every x86-64 machine.

numpy chooses its SIMD kernels by the CPU it runs on, and its AVX-512 kernels for ``float64``
``exp`` and ``log`` round differently, in the last bit, from the C library that serves a CPU without
AVX-512 (numpy issue 23523). The booster feeds such numbers back into itself tree after tree: a fit
on a machine without AVX-512 agreed with the file fitted on another machine for nine trees, then
differed by 1e-7 in a leaf, then chose other splits from tree 23 on. On a machine with AVX-512, the
fit made with these kernels turned off is the shipped file, byte for byte, and the fit made with them on
differs from it. Training therefore runs with numpy's AVX-512 kernels turned off
(``NPY_DISABLE_CPU_FEATURES``), so that the file depends on the data, the seed and the numpy release,
not on the CPU. The variable takes effect when numpy is imported: ``python -m
newsclean.locator.train`` runs itself again with it when it is not set (:func:`main_with_settings`),
as do the benchmark scripts that fit fold models. Cleaning in a user's process is not affected.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from importlib import metadata

#: The environment variable numpy reads at import to turn kernels off.
VARIABLE = "NPY_DISABLE_CPU_FEATURES"


def disabled_features() -> str:
    """The AVX-512 targets numpy dispatches to, in the names of the installed numpy release
    (numpy 2.4 groups them as ``X86_V4``), read without importing numpy.

    >>> "AVX512_SPR" in disabled_features()
    True
    """
    try:
        major, minor = (int(part) for part in metadata.version("numpy").split(".")[:2])
    except (metadata.PackageNotFoundError, ValueError):
        major, minor = 0, 0
    if (major, minor) >= (2, 4):
        return "X86_V4 AVX512_ICL AVX512_SPR"
    return "AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL AVX512_SPR"


def in_effect(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether ``environ`` (this process's, by default) has the settings, so that a numpy imported
    with it runs without AVX-512."""
    return environ.get(VARIABLE) == disabled_features()


def command(target: Sequence[str], environ: Mapping[str, str]) -> tuple[list[str], dict[str, str]] | None:
    """The command line and environment that run ``python target...`` again with the settings (for
    example ``["-m", "newsclean.locator.train", "--check"]``), or ``None`` when ``environ`` already
    has them.

    >>> again = command(["-m", "newsclean.locator.train", "--check"], {})
    >>> again[0][1:], again[1][VARIABLE] == disabled_features()
    (['-m', 'newsclean.locator.train', '--check'], True)
    >>> command(["fit.py"], {VARIABLE: disabled_features()}) is None
    True
    """
    if in_effect(environ):
        return None
    return [sys.executable, *target], {**environ, VARIABLE: disabled_features()}


def run_again(target: Sequence[str]) -> int | None:
    """Run ``python target...`` again in a child process with the settings and return its exit
    status, or ``None`` when this process already has them (then go on here)."""
    again = command(target, os.environ)
    if again is None:
        return None
    return subprocess.run(again[0], env=again[1], check=False).returncode


def main_with_settings(target: Sequence[str], main: Callable[[], int]) -> int:
    """A command's exit status: ``main()`` here when this process has the settings, else that of
    ``python target...`` run again with them (how the training command and the fold-fitting
    benchmarks start)."""
    status = run_again(target)
    return main() if status is None else status
