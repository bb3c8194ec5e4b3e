"""The same corpus through the single-machine path and the Ray path: docs/s for each.

The corpus is ``corpus_samples/*.txt`` cycled to ``--docs`` documents. The local
path is :func:`newsclean.clean_many` (``--jobs`` worker processes); the Ray path
is :func:`newsclean.ray.clean_dataset` on a local Ray instance with ``--jobs``
CPUs (``--address`` connects to a running cluster instead). Ray's start-up is
timed separately and not counted in its docs/s. Where ``newsclean.dedup`` is
installed, the cleaned bodies are also deduplicated both ways
(``Deduplicator`` and :func:`newsclean.ray.dedup_dataset`), with a check that
the assignments are identical. The corpus cycles a few pages, so every
document has many exact copies: a worst case for clusters, not a typical corpus.

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

    remote = [r["body"] for r in sorted(out, key=lambda r: r["id"])]
    same = remote == local
    dedup_same = None
    try:
        from newsclean.dedup import Deduplicator
    except ImportError:
        Deduplicator = None
    if Deduplicator is not None:
        from newsclean.ray import dedup_dataset

        docs = [{"id": f"d{i}", "body": body, "published": None} for i, body in enumerate(local)]
        start = time.perf_counter()
        with Deduplicator() as dedup:
            dedup.add_many((d["id"], d["body"], None) for d in docs)
            expected = [dedup.assignment(d["id"]).to_dict() for d in docs]
        rows.append(("local Deduplicator", 1, time.perf_counter() - start, 0.0))
        start = time.perf_counter()
        marked = dedup_dataset(ray.data.from_items(docs), num_partitions=2 * args.jobs).take_all()
        rows.append(("ray dedup_dataset", args.jobs, time.perf_counter() - start, 0.0))
        got = [{k: r[k] for k in ("cluster_id", "duplicate_of", "similarity")} for r in marked]
        dedup_same = got == expected
    ray.shutdown()

    print(f"{args.docs} documents, {megabytes:.1f} MB; same bodies from both paths: {same}")
    if dedup_same is not None:
        print(f"same dedup assignments from both paths: {dedup_same}")
    print(f"{'path':<19} {'cpus':>4} {'seconds':>8} {'docs/s':>8} {'MB/s':>6} {'start-up s':>10}")
    for name, cpus, seconds, setup in rows:
        print(
            f"{name:<19} {cpus:>4} {seconds:>8.1f} {args.docs / seconds:>8.0f} "
            f"{megabytes / seconds:>6.2f} {setup:>10.1f}"
        )


if __name__ == "__main__":
    main()
