"""Near-duplicates on real corpora: dragnet + cleaneval pages as given, newsclean and datasketch in one run.

The pages are the benchmarks' ``page_full.txt`` (all the visible text of the page),
with the page URL where ``meta.json`` has one. The gold pairs follow one rule (the
one in the dragnet README): two pages whose gold bodies both have at least
``--min-words`` (80) words (``\\w+``, lower-cased) and share at least 80 % of the
smaller body's distinct word 5-grams are the same article. Only pages whose gold
body has 80 words or more take part. These sets are for validation only: nothing
that ships is fitted on them (the defaults were chosen on the generated sets of
``dedup_bench.py``).

Rows, measured in one run:

* ``newsclean dedup --url-field url`` (the command line, as a corpus builder runs
  it): each page cleaned, then compared; the page is the template evidence;
* the same with ``--no-clean`` (raw pages compared), then both without URLs;
* datasketch ``MinHashLSH`` (word 5-grams of the raw text, 128 permutations,
  threshold 0.5; clusters are connected components of the candidates).

Pairs are judged on the whole set: a predicted pair is two pages of one predicted
cluster. Wrong pairs are listed by kind (pages of one host; dragnet ``R`` pages, the
runs of one site, without a URL to tell; different hosts; other) and every wrong or
missed pair is written to ``benchmarks/out/dedup_real.json``.

    python benchmarks/dedup_real.py [--data ../shared/benchmarks] [--sets dragnet,cleaneval]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from dedup_bench import pairs_of, run_datasketch  # noqa: E402

from newsclean.dedup.evidence import host_of  # noqa: E402

OUT = REPO / "benchmarks" / "out"
DEFAULT_DATA = REPO / ".." / "shared" / "benchmarks"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Page:
    page_id: str
    url: str | None
    text: str
    gold: list[str]


def load(data: Path, sets: Sequence[str], min_words: int) -> list[Page]:
    pages = []
    for name in sets:
        folder = data / name / "pages"
        if not folder.is_dir():
            raise SystemExit(f"no pages under {folder}: pass the benchmarks folder with --data")
        for page in sorted(folder.iterdir()):
            gold_file = page / "ground_truth.txt"
            if not gold_file.exists():
                continue
            gold = _WORD.findall(gold_file.read_text(encoding="utf-8").lower())
            if len(gold) < min_words:
                continue
            meta = json.loads((page / "meta.json").read_text(encoding="utf-8"))
            text = (page / "page_full.txt").read_text(encoding="utf-8")
            pages.append(Page(f"{name}/{page.name}", meta.get("url") or None, text, gold))
    return pages


def gold_pairs(pages: Sequence[Page], share: float = 0.8) -> set[tuple[int, int]]:
    """Pairs of pages whose gold bodies share ``share`` of the smaller one's distinct word 5-grams."""
    grams = [{tuple(p.gold[i : i + 5]) for i in range(len(p.gold) - 4)} for p in pages]
    holders: dict[tuple[str, ...], list[int]] = {}
    for i, found in enumerate(grams):
        for gram in found:
            holders.setdefault(gram, []).append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for docs in holders.values():
        if len(docs) > 1:
            shared.update(itertools.combinations(docs, 2))
    return {(a, b) for (a, b), n in shared.items() if n >= share * min(len(grams[a]), len(grams[b]))}


def run_newsclean(pages: Sequence[Page], options: Sequence[str]) -> tuple[list[list[int]], float]:
    """``newsclean dedup`` over the pages as JSONL; clusters by index, and the command's CPU seconds."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "pages.jsonl"
        with source.open("w", encoding="utf-8") as out:
            for i, page in enumerate(pages):
                out.write(
                    json.dumps({"id": str(i), "text": page.text, "url": page.url}, ensure_ascii=False) + "\n"
                )
        before = os.times()
        result = subprocess.run(
            [sys.executable, "-m", "newsclean", "dedup", str(source), *options],
            check=False,
            capture_output=True,
            text=True,
        )
        after = os.times()
    if result.returncode not in (0, 1):
        raise SystemExit(f"newsclean dedup failed ({result.returncode}): {result.stderr[-2000:]}")
    clusters: dict[int, list[int]] = {}
    for line in result.stdout.splitlines():
        record = json.loads(line)
        if record.get("cluster_id") is not None:
            clusters.setdefault(record["cluster_id"], []).append(int(record["id"]))
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return list(clusters.values()), cpu


def kind(a: Page, b: Page) -> str:
    """What a wrong pair is: pages of one host, dragnet R pages (runs of one site) without a URL, or other."""
    host_a, host_b = host_of(a.url or ""), host_of(b.url or "")
    if host_a and host_a == host_b:
        return "one host"
    if host_a and host_b:
        return "different hosts"
    if a.page_id.startswith("dragnet/R") and b.page_id.startswith("dragnet/R"):
        return "R pages, no URL"
    return "other"


KINDS = ("one host", "R pages, no URL", "different hosts", "other")


def table(
    pages: Sequence[Page], truth: set[tuple[int, int]], runs: Iterable[tuple[str, list[list[int]], float]]
) -> tuple[list[str], dict[str, object]]:
    lines = [
        "| system | flagged | right | wrong | P | R | "
        + " | ".join(f"wrong: {k}" for k in KINDS)
        + " | CPU s |",
        "| --- | --- | --- | --- | --- | --- | " + " | ".join("---" for _ in KINDS) + " | --- |",
    ]
    detail: dict[str, object] = {}
    for name, groups, cpu in runs:
        predicted = pairs_of(groups)
        right = predicted & truth
        wrong = predicted - truth
        precision = len(right) / len(predicted) if predicted else 1.0
        recall = len(right) / len(truth) if truth else 1.0
        kinds = Counter(kind(pages[a], pages[b]) for a, b in wrong)
        lines.append(
            f"| {name} | {len(predicted)} | {len(right)} | {len(wrong)} | {precision:.3f} | {recall:.3f} | "
            + " | ".join(str(kinds[k]) for k in KINDS)
            + f" | {cpu:.1f} |"
        )
        detail[name] = {
            "wrong": [
                (pages[a].page_id, pages[b].page_id, kind(pages[a], pages[b])) for a, b in sorted(wrong)
            ],
            "missed": [(pages[a].page_id, pages[b].page_id) for a, b in sorted(truth - predicted)],
        }
    return lines, detail


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of the benchmark sets")
    parser.add_argument(
        "--sets", default="dragnet,cleaneval", help="comma-separated sets (default: %(default)s)"
    )
    parser.add_argument("--min-words", type=int, default=80, help="gold body words for a page to take part")
    args = parser.parse_args(argv)
    pages = load(args.data, [s for s in args.sets.split(",") if s], args.min_words)
    truth = gold_pairs(pages)
    runs = []
    variants = [
        ("newsclean, cleaned, URLs", ["--url-field", "url"]),
        ("newsclean, --no-clean, URLs", ["--url-field", "url", "--no-clean"]),
        ("newsclean, cleaned, no URLs", []),
        ("newsclean, --no-clean, no URLs", ["--no-clean"]),
    ]
    for name, options in variants:
        groups, cpu = run_newsclean(pages, options)
        runs.append((name, groups, cpu))
        print(f"{name}: done", file=sys.stderr)
    started = time.process_time()
    groups, _ = run_datasketch([p.text for p in pages])
    runs.append(("datasketch MinHashLSH, raw pages", groups, time.process_time() - started))
    lines, detail = table(pages, truth, runs)
    report = "\n".join(
        [
            f"{args.sets}: {len(pages)} pages with {args.min_words}+ gold words, {len(truth)} gold pairs "
            f"({sum(1 for p in pages if p.url)} with a URL)",
            "",
            *lines,
            "",
            f"Load average at the end of the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs.",
        ]
    )
    print(report)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "dedup_real.md").write_text(report + "\n", encoding="utf-8")
    (OUT / "dedup_real.json").write_text(json.dumps(detail, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
