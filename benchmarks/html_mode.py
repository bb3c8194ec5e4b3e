"""HTML mode on the scrapinghub article-extraction benchmark, against trafilatura alone.

Usage (from the repository root)::

    python benchmarks/html_mode.py [DATA] [--split all|even|odd] [--bootstrap 1000] [--rounds 3]

``DATA`` is the benchmark folder (default ``../shared/benchmarks/scrapinghub``), with
``pages/<id>/page.html.gz``, ``ground_truth.txt`` and ``meta.json``. Every system gets
the page's raw bytes and its URL, in one process, after a warm-up on the first
pages; the systems take turns page by page, so that a busy machine slows them
alike, and each page's time is the CPU time of its fastest of ``--rounds`` runs. The table gives F1 (± bootstrap), precision and
recall as the benchmark scores them (``scoring.py``), pages per CPU second spent in
that system, that figure as a ratio to "trafilatura, defaults" (``trafilatura.extract(html,
url=...)``, what a user would call without newsclean), and how many pages gave no
output (trafilatura returned nothing; HTML mode raised ``ExtractionError``). The row
with ``with_metadata=True`` is the extraction HTML mode asks for plus trafilatura's own
metadata pass (which HTML mode does not run: it reads the page's metadata itself), for context.

Leftovers are the output lines that share no 4-gram with the gold body (a line of
fewer than four tokens: whose tokens do not occur in that order in the gold). They
are counted by kind: lines trafilatura took from the page's comment section, then
newsclean's own reasons (HTML-mode filters, all enabled) on the leftover lines,
grouped as comments, newsletter/subscribe, related lists, app promotions, timestamps
and other. Per-page scores and every leftover line go to ``benchmarks/out/``.
``--split even`` / ``odd`` scores every other page (sorted by id), for holdout checks.

The benchmark data is MIT-licensed (scrapinghub/article-extraction-benchmark); see its LICENSE.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import trafilatura

# the checkout's newsclean, not an installed one
sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent / "src")]
from scoring import PageScore, page_dirs, score_page, shingles, summarise  # noqa: E402

import newsclean  # noqa: E402
from newsclean.extraction.html_config import HtmlConfig  # noqa: E402
from newsclean.pipeline import Pipeline  # noqa: E402
from newsclean.reasons import Reason  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
_TOKEN = re.compile(r"\w+")
KINDS = ("comments", "newsletter", "related", "app_promo", "timestamps", "other")
_KIND_OF_REASON = {
    Reason.COMMENTS: "comments",
    Reason.NEWSLETTER: "newsletter",
    Reason.RELATED_LIST: "related",
    Reason.RELATED_LINK: "related",
    Reason.APP_PROMO: "app_promo",
    Reason.DATE_LINE: "timestamps",
}


@dataclass(frozen=True)
class Page:
    id: str
    url: str | None
    html: bytes
    gold: str


def load(data: Path, which: str) -> list[Page]:
    pages = []
    for index, folder in enumerate(page_dirs(data)):
        if (which == "even" and index % 2) or (which == "odd" and not index % 2):
            continue
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        pages.append(
            Page(
                folder.name,
                meta.get("url"),
                gzip.decompress((folder / "page.html.gz").read_bytes()),
                (folder / "ground_truth.txt").read_text(encoding="utf-8"),
            )
        )
    return pages


def _traf(**options: object) -> Callable[[Page], str]:
    def run(page: Page) -> str:
        return trafilatura.extract(page.html, url=page.url, **options) or ""

    return run


def _traf_with_metadata(page: Page) -> str:
    document = trafilatura.bare_extraction(
        page.html, url=page.url, include_comments=False, favor_precision=True, with_metadata=True
    )
    return (document.text or "") if document is not None else ""


def _newsclean(config: HtmlConfig) -> Callable[[Page], str]:
    def run(page: Page) -> str:
        try:
            return newsclean.clean_html(page.html, page.url, config).body
        except newsclean.ExtractionError:
            return ""

    return run


SYSTEMS: tuple[tuple[str, Callable[[Page], str]], ...] = (
    ("trafilatura, defaults", _traf()),
    ("trafilatura, include_comments=False", _traf(include_comments=False)),
    (
        "trafilatura, favor_precision=True, include_comments=False",
        _traf(favor_precision=True, include_comments=False),
    ),
    (
        "trafilatura, favor_precision=True, include_comments=False, with_metadata=True",
        _traf_with_metadata,
    ),
    ("newsclean HTML mode", _newsclean(HtmlConfig())),
    ("newsclean HTML mode, page_metadata=False", _newsclean(HtmlConfig(page_metadata=False))),
)
REFERENCE = "trafilatura, defaults"


def run_systems(
    systems: Sequence[tuple[str, Callable[[Page], str]]], pages: Sequence[Page], rounds: int, warmup: int
) -> tuple[dict[str, list[str]], dict[str, float]]:
    """Every system's outputs, and its pages per second.

    The systems take turns page by page, so that a machine whose speed drifts slows
    them alike; each page's time is its fastest of ``rounds`` runs.
    """
    for _, fn in systems:
        for page in pages[:warmup]:
            fn(page)
    outputs: dict[str, list[str]] = {name: [""] * len(pages) for name, _ in systems}
    best: dict[str, list[float]] = {name: [float("inf")] * len(pages) for name, _ in systems}
    for _ in range(rounds):
        for index, page in enumerate(pages):
            for name, fn in systems:
                start = time.process_time()
                outputs[name][index] = fn(page)
                best[name][index] = min(best[name][index], time.process_time() - start)
    return outputs, {name: len(pages) / sum(times) for name, times in best.items()}


def leftover_lines(output: str, gold: str) -> list[str]:
    """Output lines sharing no 4-gram with ``gold`` (short lines: not found in it as a token run)."""
    known = set(shingles(gold))
    gold_run = " " + " ".join(_TOKEN.findall(gold)) + " "
    lines = []
    for line in output.splitlines():
        tokens = _TOKEN.findall(line)
        if not tokens:
            continue
        if len(tokens) >= 4:
            if not set(shingles(line)) & known:
                lines.append(line.strip())
        elif " " + " ".join(tokens) + " " not in gold_run:
            lines.append(line.strip())
    return lines


def classify(lines: list[str], comment_lines: set[str], classifier: Pipeline) -> list[tuple[str, str]]:
    """(kind, reason) of each leftover line: trafilatura's comment section first, then newsclean's reasons."""
    if not lines:
        return []
    context = classifier.tag("\n".join(lines))
    kinds = []
    for index, line in enumerate(lines):
        claim = context.claim(index)
        if line in comment_lines:
            kinds.append(("comments", "comment_section"))
        elif claim is None:
            kinds.append(("other", "untagged"))
        else:
            kinds.append((_KIND_OF_REASON.get(claim.reason, "other"), claim.reason.value))
    return kinds


def comment_sections(pages: Sequence[Page]) -> list[set[str]]:
    """The lines trafilatura extracts from each page's comment section (not timed)."""
    found = []
    for page in pages:
        document = trafilatura.bare_extraction(page.html, url=page.url, include_comments=True)
        comments = (document.comments or "") if document is not None else ""
        found.append({line.strip() for line in comments.splitlines() if line.strip()})
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", default="../shared/benchmarks/scrapinghub", type=Path)
    parser.add_argument("--split", choices=("all", "even", "odd"), default="all")
    parser.add_argument("--bootstrap", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=10, help="pages run before timing each system")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="timed runs of every system on every page; each page's fastest run counts (default 3)",
    )
    args = parser.parse_args(argv)
    pages = load(args.data, args.split)
    OUT.mkdir(exist_ok=True)
    classifier = Pipeline(HtmlConfig(disabled=frozenset()).filters(title=None))
    comments = comment_sections(pages)

    rows = []
    per_page: list[dict[str, object]] = []
    leftovers_out: list[dict[str, object]] = []
    outputs_of, speeds = run_systems(SYSTEMS, pages, args.rounds, args.warmup)
    for name, _ in SYSTEMS:
        outputs, speed = outputs_of[name], speeds[name]
        scores: list[PageScore] = [score_page(o, p.gold) for o, p in zip(outputs, pages, strict=True)]
        kinds: Counter[str] = Counter()
        for page, output, score, page_comments in zip(pages, outputs, scores, comments, strict=True):
            lines = leftover_lines(output, page.gold)
            classified = classify(lines, page_comments, classifier)
            kinds.update(kind for kind, _ in classified)
            per_page.append(
                {
                    "system": name,
                    "page": page.id,
                    "precision": score.precision,
                    "recall": score.recall,
                    "leftover_lines": len(lines),
                }
            )
            leftovers_out.extend(
                {"system": name, "page": page.id, "kind": kind, "reason": reason, "line": line}
                for line, (kind, reason) in zip(lines, classified, strict=True)
            )
        rows.append((name, summarise(scores, args.bootstrap), speed, kinds))

    with (OUT / "html_mode_pages.jsonl").open("w", encoding="utf-8") as stream:
        stream.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in per_page)
    with (OUT / "html_mode_leftovers.jsonl").open("w", encoding="utf-8") as stream:
        stream.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in leftovers_out)

    print(
        f"{len(pages)} pages ({args.split}), {args.bootstrap} bootstrap resamples, "
        f"systems taking turns page by page, each page's fastest of {args.rounds} runs\n"
    )
    print("| system | F1 | P | R | pages/s per core | × trafilatura, defaults | empty outputs |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, summary, speed, _ in rows:
        empty = sum(1 for output in outputs_of[name] if not output.strip())
        print(f"| {name} | {summary.row()} | {speed:.1f} | {speed / speeds[REFERENCE]:.2f} | {empty} |")
    print("\nLeftover lines (no 4-gram shared with the gold), by kind:\n")
    print("| system | total | " + " | ".join(KINDS) + " |")
    print("| --- | --- | " + " | ".join("---" for _ in KINDS) + " |")
    for name, _, _, kinds in rows:
        print(f"| {name} | {sum(kinds.values())} | " + " | ".join(str(kinds[k]) for k in KINDS) + " |")
    print(
        f"\nPer-page scores and leftover lines: {OUT.name}/html_mode_pages.jsonl, html_mode_leftovers.jsonl"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
