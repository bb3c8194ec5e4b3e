"""Parallel cleaning benchmark: records/s and peak memory of ``clean_many`` as the input grows.

The input is a stream generated on the fly by cycling the pages of
``corpus_samples/*.txt`` until the requested number of bytes has been produced;
nothing is held in memory or written to disk. Each (jobs, size) pair runs in a fresh
process, so its peak memory is its own. Memory is the resident set of the whole
process tree (driver and workers, summed), sampled every 50 ms (Linux ``/proc``).
If memory is constant in the size of the input, the peak does not grow down a
column of the table.

    python benchmarks/parallel_clean.py --sizes-mb 64 256 1024 --jobs 1 2
    python benchmarks/parallel_clean.py --sizes-mb 2048 --jobs 2 --progress 20000

Prints a table; ``--json`` also writes it to ``benchmarks/out/parallel_clean.json``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"


def stream(total_bytes: int) -> Iterator[str]:
    """Pages of ``corpus_samples`` cycled until ``total_bytes`` of UTF-8 have been yielded."""
    pages = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus_samples").glob("*.txt"))]
    sizes = [len(p.encode("utf-8")) for p in pages]
    produced = 0
    for page, size in itertools.cycle(zip(pages, sizes, strict=True)):
        if produced >= total_bytes:
            return
        produced += size
        yield page


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    out: list[int] = []
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as children:
                    kids = [int(k) for k in children.read().split()]
            except OSError:
                continue
            out.extend(kids)
            todo.extend(kids)
    return out


class TreeMemory:
    """Samples the summed RSS of this process and its descendants in a background thread."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.peak_kib = 0
        self.current_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            self.current_kib = sum(_rss_kib(pid) for pid in [me, *_descendants(me)])
            self.peak_kib = max(self.peak_kib, self.current_kib)
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def run_one(jobs: int, size_mb: float, progress: int = 0) -> dict[str, float]:
    """Clean ``size_mb`` MB of generated pages with ``jobs`` workers; measure in this process.

    With ``progress`` > 0, a line goes to stderr every ``progress`` records (records,
    input MB so far, seconds, resident memory of the process tree): the memory curve.
    """
    from newsclean import Failure, clean_many

    total = int(size_mb * 1e6)
    expected = sum(1 for _ in stream(total))
    records = failures = body_chars = 0
    checkpoints: list[float] = []
    with TreeMemory() as memory:
        start = time.perf_counter()
        for result in clean_many(stream(total), jobs=jobs):
            records += 1
            if isinstance(result, Failure):
                failures += 1
            else:
                body_chars += len(result.body)
            if records % 2000 == 0:
                checkpoints.append(memory.current_kib / 1024)
            if progress and records % progress == 0:
                print(
                    f"  jobs={jobs} records={records} input_mb={records * total / 1e6 / max(expected, 1):.0f}"
                    f" seconds={time.perf_counter() - start:.0f} rss_mb={memory.current_kib / 1024:.0f}",
                    file=sys.stderr,
                    flush=True,
                )
        seconds = time.perf_counter() - start
    return {
        "jobs": jobs,
        "size_mb": size_mb,
        "records": records,
        "failures": failures,
        "seconds": seconds,
        "records_per_s": records / seconds,
        "mb_per_s": size_mb / seconds,
        "peak_rss_mb": memory.peak_kib / 1024,
        "rss_first_mb": checkpoints[0] if checkpoints else memory.peak_kib / 1024,
        "rss_last_mb": checkpoints[-1] if checkpoints else memory.peak_kib / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes-mb", type=float, nargs="+", default=[16.0, 64.0, 256.0])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--json", action="store_true", help="also write benchmarks/out/parallel_clean.json")
    parser.add_argument(
        "--progress", type=int, default=0, metavar="N", help="print the memory every N records to stderr"
    )
    parser.add_argument("--one", nargs=2, type=float, metavar=("JOBS", "MB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(int(args.one[0]), args.one[1], args.progress)))
        return
    rows = []
    for jobs in args.jobs:
        for size in args.sizes_mb:
            child = subprocess.run(
                [sys.executable, __file__, "--one", str(jobs), str(size), "--progress", str(args.progress)],
                check=True,
                stdout=subprocess.PIPE,
                text=True,
            )
            rows.append(json.loads(child.stdout.strip().splitlines()[-1]))
            _print_row(rows[-1], header=len(rows) == 1)
    if args.json:
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / "parallel_clean.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


def _print_row(row: dict[str, float], header: bool) -> None:
    if header:
        print(
            f"{'jobs':>4} {'input MB':>9} {'records':>9} {'failed':>6} {'seconds':>8} {'records/s':>10} "
            f"{'MB/s':>6} {'RSS first MB':>12} {'RSS last MB':>11} {'peak RSS MB':>11}"
        )
    print(
        f"{row['jobs']:>4} {row['size_mb']:>9.0f} {row['records']:>9} {row['failures']:>6} {row['seconds']:>8.1f} "
        f"{row['records_per_s']:>10.0f} {row['mb_per_s']:>6.2f} {row['rss_first_mb']:>12.0f} "
        f"{row['rss_last_mb']:>11.0f} {row['peak_rss_mb']:>11.0f}",
        flush=True,
    )


if __name__ == "__main__":
    main()
