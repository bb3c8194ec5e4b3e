"""Start-up: CPU seconds of one ``newsclean clean`` in a fresh process, on a small page.

Each command runs ``--runs`` times in a fresh interpreter, the commands taking turns
round by round (a busy machine slows them alike); the table gives the median and the
least CPU time (user + system, from ``getrusage``), the ratio to the 0.5 s target and the
ratio to ``import numpy`` in the same run (a busy machine slows both):

- the bare interpreter (``python -c pass``) and ``import numpy``: what no change to
  newsclean can take away (the body locator's model runs on numpy);
- ``newsclean clean`` on one line of text and on a small news page (a seed page of
  ``corpus_samples``), with the compiled pattern families in the disk cache (every run
  after a machine's first) and with an empty cache (a fresh cache folder per run);
- with ``--compare PYTHON``, the same two pages with another installation's interpreter
  (an older newsclean, say), for a before/after in one run.

Bytecode is written to a scratch ``PYTHONPYCACHEPREFIX`` and warmed by a first round that
is not counted, so that every installation reads its modules as an installed package does.

    python benchmarks/startup.py [--runs 9] [--compare /path/to/other/venv/bin/python]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SMALL_PAGE = HERE.parent / "corpus_samples" / "seed_003_kim_putin.txt"
TARGET = 0.5


def cpu_seconds(command: list[str], data: bytes, env: dict[str, str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, input=data, stdout=subprocess.DEVNULL, env=env, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="runs per command (default: 9)")
    parser.add_argument("--compare", metavar="PYTHON", help="another installation's interpreter")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="newsclean-startup-"))
    short, small = b"short page text\n", SMALL_PAGE.read_bytes()
    clean = ["-m", "newsclean", "clean"]
    rows: list[tuple[str, list[str], bytes, str]] = [
        ("python -c pass", [sys.executable, "-c", "pass"], b"", "warm"),
        ("import numpy", [sys.executable, "-c", "import numpy"], b"", "warm"),
        ("clean, one line (warm cache)", [sys.executable, *clean], short, "warm"),
        ("clean, small page (warm cache)", [sys.executable, *clean], small, "warm"),
        ("clean, one line (empty cache)", [sys.executable, *clean], short, "cold"),
        ("clean, small page (empty cache)", [sys.executable, *clean], small, "cold"),
    ]
    if args.compare:
        rows += [
            ("--compare: clean, one line", [args.compare, *clean], short, "warm"),
            ("--compare: clean, small page", [args.compare, *clean], small, "warm"),
        ]
    times: dict[str, list[float]] = {name: [] for name, *_ in rows}
    for round_ in range(args.runs + 1):
        for row, (name, command, data, cache) in enumerate(rows):
            env = dict(os.environ, PYTHONPYCACHEPREFIX=str(scratch / "pyc" / str(hash(command[0]))))
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            folder = scratch / "cache" / ("warm" if cache == "warm" else f"empty-{round_}-{row}")
            env["NEWSCLEAN_CACHE_DIR"] = str(folder)
            seconds = cpu_seconds(command, data, env)
            if round_:  # the first round writes the bytecode and fills the warm cache
                times[name].append(seconds)
    print(f"Start-up, CPU seconds over {args.runs} runs (target: under {TARGET} s)\n")
    print("| command | median | least | median / target | median / import numpy |")
    print("| --- | ---: | ---: | ---: | ---: |")
    numpy_median = statistics.median(times["import numpy"])
    for name, *_ in rows:
        median = statistics.median(times[name])
        print(
            f"| {name} | {median:.3f} | {min(times[name]):.3f} | {median / TARGET:.2f} | {median / numpy_median:.2f} |"
        )


if __name__ == "__main__":
    main()
