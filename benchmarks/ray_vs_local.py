"""The same corpus through the single-machine path and the Ray path: docs/s for each.

The corpus is ``corpus_samples/*.txt`` cycled to ``--docs`` documents. The local
path is :func:`newsclean.clean_many` (``--jobs`` worker processes); the Ray path
is :func:`newsclean.ray.clean_dataset` on a local Ray instance with ``--jobs``
CPUs (``--address`` connects to a running cluster instead). Ray's start-up is
timed separately and not counted in its docs/s.

    RAY_USAGE_STATS_ENABLED=0 python benchmarks/ray_vs_local.py --docs 3000 --jobs 2
"""

from __future__ import annotations

import argparse
import itertools
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def corpus(docs: int) -> list[str]:
    pages = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus_samples").glob("*.txt"))]
    return list(itertools.islice(itertools.cycle(pages), docs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--address", help="Ray cluster address (default: start a local instance)")
    args = parser.parse_args()
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")

    import newsclean

    texts = corpus(args.docs)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    rows = []

    start = time.perf_counter()
    local = [r.body for r in newsclean.clean_many(texts, jobs=args.jobs) if isinstance(r, newsclean.Article)]
    rows.append(("local clean_many", args.jobs, time.perf_counter() - start, 0.0))

    import ray

    from newsclean.ray import clean_dataset

    start = time.perf_counter()
    if args.address:
        ray.init(address=args.address, log_to_driver=False)
    else:
        ray.init(num_cpus=args.jobs, include_dashboard=False, log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    startup = time.perf_counter() - start
    ds = ray.data.from_items([{"id": i, "text": t} for i, t in enumerate(texts)])
    start = time.perf_counter()
    out = clean_dataset(ds, batch_size=args.batch_size).select_columns(["id", "body"]).take_all()
    rows.append(("ray clean_dataset", args.jobs, time.perf_counter() - start, startup))
    ray.shutdown()

    remote = [r["body"] for r in sorted(out, key=lambda r: r["id"])]
    same = remote == local

    print(f"{args.docs} documents, {megabytes:.1f} MB; same bodies from both paths: {same}")
    print(f"{'path':<18} {'cpus':>4} {'seconds':>8} {'docs/s':>8} {'MB/s':>6} {'start-up s':>10}")
    for name, cpus, seconds, setup in rows:
        print(
            f"{name:<18} {cpus:>4} {seconds:>8.1f} {args.docs / seconds:>8.0f} "
            f"{megabytes / seconds:>6.2f} {setup:>10.1f}"
        )


if __name__ == "__main__":
    main()
