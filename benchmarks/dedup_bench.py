"""Near-duplicate detection benchmark: pair precision / recall / F1 and speed, newsclean versus datasketch.

Quality (one run, one table per set): the labelled syndication set built by
``make_syndication_set.py`` (same fixed seed), and the "one site, many articles"
set of ``make_template_set.py`` (its sites' furniture left in every body; as built,
with half the wire stories also on sites seen only once, and with five more wire
stories each run by 15-25 of its sites). Pairs are judged on
the whole set: a predicted pair is two records in one predicted cluster; a true
pair is two records of one source article. Rows:

* newsclean: ``newsclean.clean`` then :class:`newsclean.dedup.Deduplicator` (defaults),
  each body with the page it was cleaned from as template evidence, as the command
  line does; or the raw pages compared as given (``--no-clean``); on the template
  set, with and without the pages' URLs;
* datasketch ``MinHash`` + ``MinHashLSH`` (128 permutations, Jaccard threshold 0.5,
  clusters = connected components of the LSH candidates) on the raw page text and
  on the cleaned text, with the same word 5-gram shingles.

docs/s covers signatures, index, verification and clustering; cleaning is timed
apart and excluded, for every row alike. Each speed is given by wall clock and by
CPU time of the process (all of it single-threaded: on an idle machine the two
agree, on a shared one the CPU figure is the steadier); ratios use CPU time.

Scale (``--scale 10000,100000,1000000``): synthetic corpora of ~3 KB documents
(words drawn from the benchmark's bodies, 10 % of documents edited copies of
earlier ones), each size in its own process; docs/s and peak RSS of that process,
for the default and the low-memory deduplicator. datasketch is measured at the
first size for the ratio.

    python benchmarks/dedup_bench.py [--data ../shared/benchmarks/scrapinghub] [--scale 10000,100000]

Needs the ``bench`` extra (datasketch). Output also goes to benchmarks/out/.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import re
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from make_syndication_set import DEFAULT_DATA, DEFAULT_SEED, build  # noqa: E402
from make_template_set import DEFAULT_SEED as TEMPLATE_SEED  # noqa: E402
from make_template_set import build as build_template_set  # noqa: E402

import newsclean  # noqa: E402
from newsclean.dedup import DedupConfig, Deduplicator, UnionFind  # noqa: E402

OUT = REPO / "benchmarks" / "out"
_TOKEN = re.compile(r"[^\W_]+")
SHINGLE = DedupConfig().shingle_size


# -- quality ----------------------------------------------------------------------------------------------


def pairs_of(groups: Iterable[Sequence[int]]) -> set[tuple[int, int]]:
    return {(a, b) for g in groups for a, b in itertools.combinations(sorted(g), 2)}


def score(predicted: set[tuple[int, int]], truth: set[tuple[int, int]]) -> tuple[float, float, float]:
    tp = len(predicted & truth)
    precision = tp / len(predicted) if predicted else 1.0
    recall = tp / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def shingle_strings(text: str) -> list[bytes]:
    tokens = _TOKEN.findall(text.lower())
    return [" ".join(tokens[i : i + SHINGLE]).encode() for i in range(len(tokens) - SHINGLE + 1)]


@dataclass
class Timer:
    """Wall-clock and CPU seconds of this process, accumulated over ``with timer:`` blocks."""

    wall: float = 0.0
    cpu: float = 0.0
    _start: tuple[float, float] = field(default=(0.0, 0.0), repr=False)

    def __enter__(self) -> Timer:
        self._start = (time.perf_counter(), time.process_time())
        return self

    def __exit__(self, *_: object) -> None:
        self.wall += time.perf_counter() - self._start[0]
        self.cpu += time.process_time() - self._start[1]


def run_datasketch(texts: Sequence[str], threshold: float = 0.5) -> tuple[list[list[int]], Timer]:
    from datasketch import MinHash, MinHashLSH

    with Timer() as timer:
        lsh = MinHashLSH(threshold=threshold, num_perm=128)
        sets = UnionFind(len(texts))
        for i, text in enumerate(texts):
            shingles = shingle_strings(text)
            if not shingles:
                continue
            signature = MinHash(num_perm=128)
            signature.update_batch(shingles)
            for j in lsh.query(signature):
                sets.union(i, int(j))
            lsh.insert(i, signature)
        groups = [g for g in sets.groups() if len(g) > 1]
    return groups, timer


def run_newsclean(
    bodies: Sequence[str],
    published: Sequence[str | None],
    pages: Sequence[str | None] | None = None,
    urls: Sequence[str | None] | None = None,
) -> tuple[list[list[int]], Timer]:
    """The deduplicator over the bodies (``pages``: the texts they were cleaned from, the template
    evidence, as ``newsclean dedup`` gives it; ``urls``: the pages' addresses)."""
    with Timer() as timer, Deduplicator() as dedup:
        for i, (body, date) in enumerate(zip(bodies, published, strict=True)):
            dedup.add(str(i), body, date, pages[i] if pages else None, urls[i] if urls else None)
        groups = [list(c.members) for c in dedup.clusters()]
        dedup.assignments(str(i) for i in range(len(bodies)))
    return groups, timer


def rows(
    runs: Sequence[tuple[str, list[list[int]], Timer]], truth: set[tuple[int, int]], n: int, base: float
) -> list[str]:
    lines = []
    for name, groups, timer in runs:
        p, r, f = score(pairs_of(groups), truth)
        lines.append(
            f"| {name} | {p:.3f} | {r:.3f} | {f:.3f} | {n / timer.wall:,.0f} | {n / timer.cpu:,.0f} "
            f"| {n / timer.cpu / base:.1f}x |"
        )
    return lines


HEADER = [
    "| system | pair P | pair R | pair F1 | docs/s (wall) | docs/s (CPU) | speed vs datasketch (cleaned) |",
    "| --- | --- | --- | --- | --- | --- | --- |",
]


def quality(data: Path, seed: int) -> list[str]:
    records = build(data, seed)
    with (OUT / "syndication.jsonl").open("w", encoding="utf-8") as out:
        out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    texts = [str(r["text"]) for r in records]
    by_group: dict[str, list[int]] = {}
    for i, record in enumerate(records):
        by_group.setdefault(str(record["group"]), []).append(i)
    truth = pairs_of(by_group.values())
    with Timer() as cleaning:
        articles = [newsclean.clean(t) for t in texts]
    bodies = [a.body for a in articles]
    published = [a.metadata.published for a in articles]
    n = len(texts)
    runs = [("newsclean (cleaned)", *run_newsclean(bodies, published))]
    runs.append(
        (
            "newsclean (cleaned; the page as evidence, as the command line)",
            *run_newsclean(bodies, published, texts),
        )
    )
    runs.append(("newsclean (raw pages, --no-clean)", *run_newsclean(texts, [None] * n)))
    runs.append(("datasketch MinHashLSH (raw page)", *run_datasketch(texts)))
    runs.append(("datasketch MinHashLSH (cleaned)", *run_datasketch(bodies)))
    base = n / runs[4][2].cpu
    lines = [
        f"Syndication set (seed {seed}): {n} records, {len(truth)} true pairs "
        f"({sum(r['kind'] == 'copy' for r in records)} copies); "
        f"cleaning {n / cleaning.wall:,.0f} docs/s (excluded)",
        "",
        *HEADER,
        *rows(runs, truth, n, base),
    ]
    predicted = pairs_of(runs[1][1])
    detail = {
        "missed": [(records[a]["id"], records[b]["id"]) for a, b in sorted(truth - predicted)],
        "false": [(records[a]["id"], records[b]["id"]) for a, b in sorted(predicted - truth)],
    }
    (OUT / "dedup_errors.json").write_text(json.dumps(detail, indent=1), encoding="utf-8")
    return lines


def template_quality(seed: int) -> list[str]:
    """The "one site, many articles" set (``make_template_set.py``): bodies with their sites' furniture."""
    lines: list[str] = []
    variants = (
        ("as built", 0.0, 0),
        ("half the wire stories also on sites seen once", 0.5, 0),
        ("five more wire stories, each on 15-25 sites", 0.0, 5),
    )
    for title, once, wide in variants:
        records = build_template_set(seed, once=once, wide=wide)
        name = f"{once}" + (f"_wide{wide}" if wide else "")
        with (OUT / f"template_set_{name}.jsonl").open("w", encoding="utf-8") as out:
            out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        texts = [str(r["text"]) for r in records]
        urls = [str(r["url"]) for r in records]
        by_group: dict[str, list[int]] = {}
        for i, record in enumerate(records):
            by_group.setdefault(str(record["group"]), []).append(i)
        truth = pairs_of(by_group.values())
        n = len(texts)
        runs = [("newsclean, URLs", *run_newsclean(texts, [None] * n, None, urls))]
        runs.append(("newsclean, no URLs", *run_newsclean(texts, [None] * n)))
        runs.append(("datasketch MinHashLSH", *run_datasketch(texts)))
        base = n / runs[2][2].cpu
        kinds = {
            k: sum(r["kind"] == k for r in records)
            for k in ("article", "recrawl", "lost", "wire", "wide", "single")
        }
        lines += [
            f"Template set (seed {seed}, {title}): {n} records {kinds}, {len(truth)} true pairs",
            "",
            HEADER[0].replace("datasketch (cleaned)", "datasketch"),
            HEADER[1],
            *rows(runs, truth, n, base),
            "",
        ]
        predicted = pairs_of(runs[0][1])
        detail = {
            "missed": [(records[a]["id"], records[b]["id"]) for a, b in sorted(truth - predicted)],
            "false": [(records[a]["id"], records[b]["id"]) for a, b in sorted(predicted - truth)],
        }
        (OUT / f"template_errors_{name}.json").write_text(json.dumps(detail, indent=1), encoding="utf-8")
    return lines


# -- scale ------------------------------------------------------------------------------------------------


def synthetic(n: int, seed: int, data: Path) -> Iterator[tuple[str, str]]:
    """``n`` documents of ~3 KB: random word sequences, 10 % of them edited copies of earlier ones."""
    rng = random.Random(seed)
    vocabulary: list[str] = []
    for path in sorted((data / "pages").glob("*/ground_truth.txt"))[:60]:
        vocabulary += _TOKEN.findall(path.read_text(encoding="utf-8"))
    recent: list[str] = []
    for i in range(n):
        if recent and rng.random() < 0.1:
            paragraphs = rng.choice(recent).split("\n")
            paragraphs = paragraphs[: max(3, len(paragraphs) - rng.randint(0, 2))]
            text = "\n".join(["A NEW HEADLINE FOR THIS COPY", *paragraphs])
        else:
            words = rng.choices(vocabulary, k=520)
            text = "\n".join(" ".join(words[k : k + 65]) + "." for k in range(0, 520, 65))
            recent.append(text)
            if len(recent) > 2000:
                recent.pop(rng.randrange(len(recent)))
        yield f"doc{i}", text


def scale_child(n: int, data: Path, system: str) -> None:
    """Run one size in this process; print a JSON line with docs/s and peak RSS."""
    import resource

    chunk: list[tuple[str, str]] = []
    timer = Timer()
    if system.startswith("newsclean"):
        dedup = Deduplicator(DedupConfig(), low_memory=system == "newsclean --low-memory")
        for doc_id, text in synthetic(n, 7, data):
            chunk.append((doc_id, text))
            if len(chunk) == 10_000:
                with timer:
                    dedup.add_many((i, t, None) for i, t in chunk)
                chunk = []
        with timer:
            dedup.add_many((i, t, None) for i, t in chunk)
            clusters = dedup.clusters()
            for c in clusters:
                for seq in c.members:
                    dedup.assignment(f"doc{seq}")
            dedup.close()
        found = sum(len(c.members) - 1 for c in clusters)
    else:
        texts = [t for _, t in synthetic(n, 7, data)]
        groups, timer = run_datasketch(texts)
        found = sum(len(g) - 1 for g in groups)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "n": n,
        "system": system,
        "wall": timer.wall,
        "cpu": timer.cpu,
        "rss_mb": rss,
        "duplicates": found,
    }
    print(json.dumps(result))


def scale(sizes: Sequence[int], data: Path) -> list[str]:
    lines = [
        "| corpus | system | seconds (wall) | docs/s (wall) | docs/s (CPU) | peak RSS MB | duplicates found "
        "| speed vs datasketch (CPU) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    base = None
    for k, n in enumerate(sizes):
        systems = ["newsclean", "newsclean --low-memory"]
        if k == 0:
            systems.insert(0, "datasketch")
        for system in systems:
            out = subprocess.run(
                [sys.executable, __file__, "--scale-child", str(n), "--system", system, "--data", str(data)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            result = json.loads(out.strip().splitlines()[-1])
            speed = n / result["cpu"]
            if system == "datasketch":
                base = speed
            ratio = f"{speed / base:.1f}x" if base else "-"
            lines.append(
                f"| {n:,} x ~3 KB | {system} | {result['wall']:.1f} | {n / result['wall']:,.0f} | {speed:,.0f} | "
                f"{result['rss_mb']:,.0f} | {result['duplicates']:,} | {ratio} |"
            )
            print(lines[-1], file=sys.stderr)
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="near-duplicate detection benchmark")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="scrapinghub benchmark folder")
    parser.add_argument("--scale", default="", help="comma-separated corpus sizes, e.g. 10000,100000,1000000")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the syndication set")
    parser.add_argument("--template-seed", type=int, default=TEMPLATE_SEED, help="seed of the template set")
    parser.add_argument("--no-quality", action="store_true", help="skip the syndication-set table")
    parser.add_argument("--scale-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--system", default="newsclean", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.scale_child:
        scale_child(args.scale_child, args.data, args.system)
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    if not args.no_quality:
        lines += ["## Quality and speed on the syndication set", "", *quality(args.data, args.seed), ""]
        lines += ["## Quality on the template set", "", *template_quality(args.template_seed)]
    if args.scale:
        sizes = [int(s) for s in args.scale.split(",") if s]
        lines += ["## Scale (synthetic ~3 KB documents)", "", *scale(sizes, args.data), ""]
    lines.append(f"Load average at the end of the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs.")
    report = "\n".join(lines)
    print(report)
    (OUT / "dedup_bench.md").write_text(report + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
