"""The same corpora through the single-machine path and the Ray path: docs per CPU-second for each.

Cleaning: ``corpus_samples/*.txt`` cycled to ``--clean-docs`` pages, through
:func:`newsclean.clean_many` (``--jobs`` processes) and :func:`newsclean.ray.clean_dataset`.

Dedup (the point of this script): a realistic corpus at each of ``--dedup-docs``
sizes (20,000 and 200,000 by default), through :class:`newsclean.dedup.Deduplicator`
(one process) and :func:`newsclean.ray.dedup_dataset`, with a check that every
assignment is identical. The corpus is made of real news sentences (the gold
bodies of the scrapinghub and readability sets, sentences of Latin script): an
original article is 6-9 paragraphs of 2-4 sentences drawn at random, a quarter of
their words swapped for other words of the sentences (200,000 articles would
otherwise reuse each sentence hundreds of times, and a real corpus does not), about
3 KB; 10 % of the documents are edited copies of a recent original (a paragraph or
two trimmed, a new first line, a typo). Ids are unique, 70 % of the documents have
a date.

CPU time is what is compared (the machine may be shared; wall-clock is printed too):
for the local path, the CPU time of this process; for the Ray path, the CPU time of
this process (the driver: Ray Data's executor, the evidence and the replay) plus that
of every process of the local Ray instance (workers, raylet, GCS and the rest:
everything ``ray.init`` started, read from ``/proc/<pid>/stat`` every 0.2 s, each
process counted up to its last reading; so Linux only, and only a local instance:
``--address`` gives wall-clock only). The Ray path's time per stage
(``dedup_dataset(on_stage=...)``) is printed, and the driver's peak memory during
each dedup (its own resident memory, resident minus shared pages, read from
``/proc/self/statm``; the corpus this script holds and the object store's shared
memory are not in it).

    RAY_USAGE_STATS_ENABLED=0 python benchmarks/ray_vs_local.py [--dedup-docs 20000,200000] [--jobs 2]
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import re
import resource
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / ".." / "shared" / "benchmarks"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“‘A-Z0-9])")
_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


# -- corpora ----------------------------------------------------------------------------------------------


def samples(docs: int) -> list[str]:
    pages = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus_samples").glob("*.txt"))]
    return list(itertools.islice(itertools.cycle(pages), docs))


def sentences(data: Path) -> list[str]:
    """The sentences of 8-60 words, in Latin script, of the gold bodies of scrapinghub and readability."""
    pool = set()
    for name in ("scrapinghub", "readability"):
        for path in sorted((data / name / "pages").glob("*/ground_truth.txt")):
            for paragraph in path.read_text(encoding="utf-8").splitlines():
                for sentence in _SENTENCE_END.split(paragraph.strip()):
                    letters = [c for c in sentence if c.isalpha()]
                    if 8 <= len(sentence.split()) <= 60 and sum(c.isascii() for c in letters) >= 0.98 * len(
                        letters
                    ):
                        pool.add(sentence.strip())
    if not pool:
        raise SystemExit(f"no sentences under {data}: give --data (the folder of the benchmark sets)")
    return sorted(pool)


def realistic(n: int, data: Path, seed: int = 20) -> list[dict[str, Any]]:
    """``n`` documents as described in the module docstring: ``id``, ``body``, ``published``."""
    rng = random.Random(seed)
    draw = np.random.default_rng(seed)
    pool = [s.split() for s in sentences(data)]
    vocabulary = np.array(sorted({w for s in pool for w in s}), dtype=object)
    originals: list[list[str]] = []
    docs = []
    for i in range(n):
        if originals and rng.random() < 0.1:
            paragraphs = list(rng.choice(originals))
            if rng.random() < 0.5:
                paragraphs = paragraphs[: max(3, len(paragraphs) - rng.randint(1, 2))]
            if rng.random() < 0.5:
                paragraphs.insert(0, "Updated: " + " ".join(rng.choice(pool)))
            if rng.random() < 0.3:
                k = rng.randrange(len(paragraphs))
                paragraphs[k] = paragraphs[k].replace(" the ", " teh ", 1)
        else:
            paragraphs = []
            for _ in range(rng.randint(6, 9)):
                words = np.array(
                    [w for _ in range(rng.randint(2, 4)) for w in rng.choice(pool)], dtype=object
                )
                swap = draw.random(len(words)) < 0.25
                words[swap] = vocabulary[draw.integers(0, len(vocabulary), int(swap.sum()))]
                paragraphs.append(" ".join(words))
            originals.append(paragraphs)
            if len(originals) > 5000:
                originals.pop(rng.randrange(len(originals)))
        published = f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}T08:00:00Z" if rng.random() < 0.7 else None
        docs.append({"id": f"doc-{i}", "body": "\n\n".join(paragraphs), "published": published})
    return docs


# -- measuring --------------------------------------------------------------------------------------------


def _stat(pid: int) -> tuple[int, float]:
    """Parent and CPU seconds (user + system) of process ``pid``."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:
        text = f.read()
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICK


def private_memory() -> int:
    """This process's resident memory that is its own, in bytes: resident minus shared pages (the Ray
    object store's shared memory, mapped when a block is read, is the object store's, not the driver's)."""
    with open("/proc/self/statm", encoding="ascii") as f:
        fields = f.read().split()
    return (int(fields[1]) - int(fields[2])) * os.sysconf("SC_PAGE_SIZE")


@dataclass
class Meter:
    """CPU seconds of this process and of every process descended from it (a local Ray instance), and this
    process's peak resident memory since :meth:`reset_peak`, sampled every ``period`` seconds."""

    period: float = 0.2
    seen: dict[int, float] = field(default_factory=dict)
    peak: int = 0
    overhead: float = 0.0  # the sampling thread's own CPU seconds, not counted
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.sample()
        threading.Thread(target=self._loop, daemon=True).start()

    def _loop(self) -> None:
        while True:
            time.sleep(self.period)
            start = time.thread_time()
            self.sample()
            with self.lock:
                self.overhead += time.thread_time() - start

    def sample(self) -> None:
        if not os.path.isdir("/proc"):
            return
        table: dict[int, tuple[int, float]] = {}
        for name in os.listdir("/proc"):
            if name.isdigit():
                try:
                    table[int(name)] = _stat(int(name))
                except (OSError, ValueError, IndexError):
                    continue
        children: dict[int, list[int]] = {}
        for pid, (parent, _) in table.items():
            children.setdefault(parent, []).append(pid)
        stack = list(children.get(os.getpid(), []))
        with self.lock:
            while stack:
                pid = stack.pop()
                self.seen[pid] = max(self.seen.get(pid, 0.0), table[pid][1])
                stack += children.get(pid, [])
            self.peak = max(self.peak, private_memory())

    def reset_peak(self) -> None:
        with self.lock:
            self.peak = 0
        self.sample()

    def read(self) -> tuple[float, float, float]:
        """Wall-clock, this process's CPU seconds, its descendants' CPU seconds."""
        self.sample()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        with self.lock:
            driver = usage.ru_utime + usage.ru_stime - self.overhead
            return time.perf_counter(), driver, sum(self.seen.values())

    def resident(self) -> int:
        """This process's own resident memory now (:func:`private_memory`)."""
        return private_memory()


@dataclass
class Stages:
    """The Ray path's time per stage: ``(name, wall, driver CPU, Ray processes' CPU, driver's peak memory
    so far)``; ``peak``: the driver's peak memory until the output stage ended (the dedup itself)."""

    meter: Meter
    rows: list[tuple[str, float, float, float, int]] = field(default_factory=list)
    last: tuple[float, float, float] = (0.0, 0.0, 0.0)
    peak: int = 0

    def start(self) -> None:
        self.last = self.meter.read()

    def __call__(self, name: str) -> None:
        now = self.meter.read()
        wall, driver, others = (b - a for a, b in zip(self.last, now, strict=True))
        self.rows.append((name, wall, driver, others, self.meter.peak))
        self.last = now
        if name == "output":
            self.peak = self.meter.peak


# -- the runs ---------------------------------------------------------------------------------------------


def run_local(docs: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    from newsclean.dedup import Deduplicator

    with Deduplicator() as dedup:
        dedup.add_many((d["id"], d["body"], d["published"]) for d in docs)
        return [dedup.assignment(d["id"]).to_dict() for d in docs]


def run_ray(dataset: Any, partitions: int, on_stage: Stages) -> list[dict[str, Any]]:
    from newsclean.ray import dedup_dataset

    marked = dedup_dataset(dataset, num_partitions=partitions, on_stage=on_stage)
    rows = marked.take_all()
    on_stage("take_all")
    return [{k: r[k] for k in ("cluster_id", "duplicate_of", "similarity")} for r in rows]


def dedup_rows(ray: Any, meter: Meter, n: int, args: argparse.Namespace) -> list[str]:
    docs = realistic(n, args.data)
    megabytes = sum(len(d["body"].encode("utf-8")) for d in docs) / 1e6
    base = meter.resident()
    meter.reset_peak()
    before = meter.read()
    expected = run_local(docs)
    local = meter.read()
    local_peak = meter.peak - base
    dataset = ray.data.from_items(docs).materialize()  # in the object store before the clock starts
    stages = Stages(meter)
    base = meter.resident()
    meter.reset_peak()
    stages.start()
    got = run_ray(dataset, args.partitions, stages)
    ray_peak = stages.peak - base
    local_cpu = local[1] - before[1]
    ray_driver = sum(r[2] for r in stages.rows)
    ray_others = sum(r[3] for r in stages.rows)
    ray_wall = sum(r[1] for r in stages.rows)
    ray_cpu = ray_driver + ray_others
    copies = sum(e["duplicate_of"] is not None for e in expected)
    clustered = sum(e["cluster_id"] is not None for e in expected)
    lines = [
        "",
        f"dedup: {n:,} documents, {megabytes:.0f} MB, {copies:,} marked copies ({clustered:,} documents in "
        f"clusters); "
        f"identical assignments on both paths: {got == expected}",
        f"{'path':<22} {'CPU s':>8} {'wall s':>8} {'docs/CPU-s':>11} {'vs local':>9} {'driver peak +MB':>15}",
        f"{'local Deduplicator':<22} {local_cpu:>8.1f} {local[0] - before[0]:>8.1f} {n / local_cpu:>11,.0f} "
        f"{'1.00':>9} {local_peak / 2**20:>15,.0f}",
        f"{'ray dedup_dataset':<22} {ray_cpu:>8.1f} {ray_wall:>8.1f} {n / ray_cpu:>11,.0f} "
        f"{local_cpu / ray_cpu:>9.2f} {ray_peak / 2**20:>15,.0f}",
        f"  {'ray stage':<20} {'driver CPU s':>12} {'Ray CPU s':>10} {'share':>6} {'wall s':>8} "
        f"{'driver peak +MB':>15}",
    ]
    for name, wall, driver, others, peak in stages.rows:
        lines.append(
            f"  {name:<20} {driver:>12.1f} {others:>10.1f} {(driver + others) / ray_cpu:>6.0%} {wall:>8.1f} "
            f"{(peak - base) / 2**20:>15,.0f}"
        )
    return lines


def clean_rows(ray: Any, meter: Meter, args: argparse.Namespace) -> list[str]:
    import newsclean
    from newsclean.ray import clean_dataset

    texts = samples(args.clean_docs)
    before = meter.read()
    local = [r.body for r in newsclean.clean_many(texts, jobs=args.jobs) if isinstance(r, newsclean.Article)]
    after = meter.read()
    dataset = ray.data.from_items([{"id": i, "text": t} for i, t in enumerate(texts)])
    out = clean_dataset(dataset, batch_size=128).select_columns(["id", "body"]).take_all()
    done = meter.read()
    same = [r["body"] for r in sorted(out, key=lambda r: r["id"])] == local
    local_cpu = after[1] - before[1] + after[2] - before[2]  # the worker processes are descendants too
    ray_cpu = done[1] - after[1] + done[2] - after[2]
    return [
        f"clean: {len(texts):,} pages (corpus_samples cycled); same bodies from both paths: {same}",
        f"{'path':<22} {'CPU s':>8} {'wall s':>8} {'docs/CPU-s':>11} {'vs local':>9}",
        f"{'local clean_many':<22} {local_cpu:>8.1f} {after[0] - before[0]:>8.1f} {len(texts) / local_cpu:>11,.0f} {'1.00':>9}",
        f"{'ray clean_dataset':<22} {ray_cpu:>8.1f} {done[0] - after[0]:>8.1f} {len(texts) / ray_cpu:>11,.0f} "
        f"{local_cpu / ray_cpu:>9.2f}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--dedup-docs", default="20000,200000", help="corpus sizes for dedup, comma-separated"
    )
    parser.add_argument("--clean-docs", type=int, default=3000, help="pages for cleaning (0: skip)")
    parser.add_argument("--jobs", type=int, default=2, help="CPUs of the local Ray instance (and clean_many)")
    parser.add_argument("--partitions", type=int, default=8, help="dedup_dataset's num_partitions")
    parser.add_argument("--data", type=Path, default=DATA, help="the folder of the benchmark sets")
    args = parser.parse_args()
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")

    import ray

    meter = Meter()
    start = meter.read()
    ray.init(num_cpus=args.jobs, include_dashboard=False, log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    started = meter.read()
    print(
        f"Ray start-up: {started[0] - start[0]:.1f} s, {started[1] + started[2] - start[1] - start[2]:.1f} CPU s "
        f"(not counted below); {args.jobs} CPUs",
        flush=True,
    )
    lines: list[str] = []
    if args.clean_docs:
        lines += clean_rows(ray, meter, args)
        print("\n".join(lines), flush=True)
    for n in [int(x) for x in args.dedup_docs.split(",") if x]:
        block = dedup_rows(ray, meter, n, args)
        print("\n".join(block), flush=True)
        lines += block
    ray.shutdown()
    print("\n" + "\n".join(lines), file=sys.stderr)


if __name__ == "__main__":
    main()
