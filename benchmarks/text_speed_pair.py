"""Text mode's CPU time in two checkouts of newsclean, the two cleaning the same pages in turn.

Each checkout's ``src`` runs in a worker process of its own; the pages go to both, one at a
time, the order of the two alternating from page to page and from round to round, so a busy
machine slows both alike. Each worker reports the CPU time it spent on each page. Printed: the
CPU seconds of each round per checkout, and the sum over the pages of each page's least CPU time
over the rounds (the figure least moved by other jobs), with the ratio old / new (above 1: the new
checkout is faster).

    python benchmarks/text_speed_pair.py --old ../main --new . [--sets dragnet scrapinghub] [--limit 150] [--rounds 3]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "benchmarks"


def worker(src: str, data: Path, sets: list[str], limit: int) -> None:
    """Clean the page whose number each line of stdin gives; write its CPU seconds to stdout."""
    sys.path.insert(0, src)
    import newsclean

    texts = [
        (folder / "page_full.txt").read_text(encoding="utf-8", errors="replace")
        for set_name in sets
        for folder in sorted((data / set_name / "pages").iterdir())[:limit]
    ]
    newsclean.clean("Warm-up: the model and the patterns load here.\n\nA second line of text.")
    print(len(texts), flush=True)
    for line in sys.stdin:
        text = texts[int(line)]
        started = time.process_time()
        with contextlib.suppress(newsclean.NewscleanError):  # an empty page costs what it costs
            newsclean.clean(text)
        print(time.process_time() - started, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--old", type=Path, required=True, help="the checkout to compare with")
    parser.add_argument(
        "--new", type=Path, default=HERE.parent, help="the checkout measured (default: this one)"
    )
    parser.add_argument("--data", type=Path, default=DATA, help="folder holding the benchmark sets")
    parser.add_argument("--sets", nargs="*", default=["dragnet", "scrapinghub"])
    parser.add_argument("--limit", type=int, default=150, help="first N pages of each set")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, args.data, args.sets, args.limit)
        return 0
    common = ["--data", str(args.data), "--limit", str(args.limit), "--sets", *args.sets]
    workers = {
        name: subprocess.Popen(
            [sys.executable, __file__, "--old", "-", *common, "--worker", str(checkout.resolve() / "src")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for name, checkout in (("old", args.old), ("new", args.new))
    }
    counts = {int(w.stdout.readline()) for w in workers.values() if w.stdout is not None}
    if len(counts) != 1:
        raise SystemExit(f"the two workers read different numbers of pages: {sorted(counts)}")
    pages = counts.pop()
    least = {name: [float("inf")] * pages for name in workers}
    rounds: dict[str, list[float]] = {name: [] for name in workers}
    print("| round | old CPU s | new CPU s | old / new |\n| --- | ---: | ---: | ---: |")
    for r in range(args.rounds):
        spent = dict.fromkeys(workers, 0.0)
        for page in range(pages):
            for name in ("old", "new") if (page + r) % 2 == 0 else ("new", "old"):
                process = workers[name]
                assert process.stdin is not None and process.stdout is not None
                process.stdin.write(f"{page}\n")
                process.stdin.flush()
                seconds = float(process.stdout.readline())
                least[name][page] = min(least[name][page], seconds)
                spent[name] += seconds
        for name in workers:
            rounds[name].append(spent[name])
        print(f"| {r + 1} | {spent['old']:.2f} | {spent['new']:.2f} | {spent['old'] / spent['new']:.3f} |")
    old, new = sum(least["old"]), sum(least["new"])
    median = statistics.median(o / n for o, n in zip(rounds["old"], rounds["new"], strict=True))
    print(f"| each page's least | {old:.2f} | {new:.2f} | {old / new:.3f} |")
    print(f"\n{pages} pages; median of the rounds' ratios {median:.3f}")
    for process in workers.values():
        assert process.stdin is not None
        process.stdin.close()
        process.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
