"""HTML mode against trafilatura on every shared benchmark set, in one run.

Usage (from the repository root)::

    python benchmarks/html_mode.py [--data ../shared/benchmarks] [--jobs 2] [--reuse-models]

Every system gets each page's raw bytes and its URL. The systems:

- trafilatura's ``extract()`` with its defaults (what a user calls without newsclean: the
  reference for speed), with ``include_comments=False`` (the baseline of accuracy), and that
  with ``favor_recall`` and with ``favor_precision``;
- newsclean's HTML mode (the block model, :mod:`newsclean.extraction.block_model`), as it is and
  with ``min_body_words=1`` (by default a page whose body has fewer than ten words fails, and counts
  as empty output here, where trafilatura returns the few words it found), and HTML mode without the
  block model (``HtmlConfig(block_model=False)``: trafilatura's text and the filters).

The block model is fitted on scrapinghub and readability only. On those two sets each page is
cleaned by a model fitted without its site: the training pages are split into five folds by
site, and one model is fitted per fold (``python -m newsclean.extraction.block_train``'s
fitting, its threshold and guard chosen within the fold's own training pages) and kept in
``benchmarks/out/`` with the sites of each fold (``--reuse-models`` reuses them all, or fits them
all again when one is missing). dragnet and cleaneval are never fitted
on; they are cleaned by the shipped model.

The table gives, per set, F1 (± bootstrap) with precision and recall as the benchmark scores
them (``scoring.py``; a page that fails counts as empty output); the comment leak on the
dragnet pages that carry ``comments.txt`` (the share of the comments' 4-token shingles found
in the output, averaged over those pages); and speed as pages per CPU second over all pages,
also as a ratio to trafilatura's defaults. Each page's systems run one after the other in one
worker process, so that a busy machine slows them alike.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any, TypeVar

import trafilatura

# the checkout's newsclean, not an installed one
sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent / "src")]
from scoring import PageScore, score_page, shingles, summarise  # noqa: E402

import newsclean  # noqa: E402
from newsclean.extraction.block_train import TRAINING_SETS, fit_block_model, training_pages  # noqa: E402
from newsclean.extraction.html_config import HtmlConfig  # noqa: E402
from newsclean.locator.dataset import site_of  # noqa: E402
from newsclean.locator.training import folds_of_sites  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
SETS = ("scrapinghub", "readability", "dragnet", "cleaneval")
FOLDS = 5
REFERENCE = "trafilatura, defaults"
SYSTEMS = (
    REFERENCE,
    "trafilatura, include_comments=False",
    "trafilatura, include_comments=False, favor_recall=True",
    "trafilatura, include_comments=False, favor_precision=True",
    "newsclean HTML mode",
    "newsclean HTML mode, min_body_words=1",
    "newsclean HTML mode, block_model=False",
)


@dataclass(frozen=True)
class Task:
    set_name: str
    folder: str
    model: str | None
    """The block model file for this page (``None``: the shipped one)."""


@dataclass(frozen=True)
class Result:
    outputs: dict[str, str]
    seconds: dict[str, float]
    gold: str
    comments: str | None


def _trafilatura(**options: Any) -> Callable[[bytes, str | None], str]:
    def run(html: bytes, url: str | None) -> str:
        return trafilatura.extract(html, url=url, **options) or ""

    return run


def _newsclean(config: HtmlConfig) -> Callable[[bytes, str | None], str]:
    def run(html: bytes, url: str | None) -> str:
        try:
            return newsclean.clean_html(html, url, config).body
        except newsclean.NewscleanError:  # no article found: an empty output, as the benchmark counts it
            return ""

    return run


def run_page(task: Task) -> Result:
    folder = Path(task.folder)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    url = meta.get("url")
    html = gzip.decompress((folder / "page.html.gz").read_bytes())
    systems = {
        REFERENCE: _trafilatura(),
        SYSTEMS[1]: _trafilatura(include_comments=False),
        SYSTEMS[2]: _trafilatura(include_comments=False, favor_recall=True),
        SYSTEMS[3]: _trafilatura(include_comments=False, favor_precision=True),
        SYSTEMS[4]: _newsclean(HtmlConfig(block_model_path=task.model)),
        SYSTEMS[5]: _newsclean(HtmlConfig(block_model_path=task.model, min_body_words=1)),
        SYSTEMS[6]: _newsclean(HtmlConfig(block_model=False)),
    }
    outputs, seconds = {}, {}
    for name, run in systems.items():
        start = time.process_time()
        outputs[name] = run(html, url)
        seconds[name] = time.process_time() - start
    comments_file = folder / "comments.txt"
    comments = comments_file.read_text(encoding="utf-8", errors="replace") if comments_file.exists() else None
    gold = (folder / "ground_truth.txt").read_text(encoding="utf-8", errors="replace")
    return Result(outputs, seconds, gold, comments)


def fold_models(data: Path, reuse: bool, jobs: int) -> dict[str, str]:
    """The fold model file of each training site (fitting the five models unless reused; a reused
    set of models comes with the sites of its folds, so the pages are not read again)."""
    paths = [OUT / f"blocks_fold{fold}.arrays" for fold in range(FOLDS)]
    sites_file = OUT / "blocks_folds.json"
    if reuse and sites_file.exists() and all(path.exists() for path in paths):
        fold_of: dict[str, int] = json.loads(sites_file.read_text(encoding="utf-8"))
        return {site: str(paths[fold]) for site, fold in fold_of.items()}
    pages = training_pages(data, jobs)
    fold_of = folds_of_sites((p.site for p in pages), FOLDS, seed=0)
    OUT.mkdir(exist_ok=True)
    for fold, path in enumerate(paths):
        model = fit_block_model([p for p in pages if fold_of[p.site] != fold], seed=0)
        path.write_bytes(model.dumps())
        print(f"fold {fold}: threshold {model.threshold:+.1f}, guard {model.guard:.1f}", file=sys.stderr)
    sites_file.write_text(json.dumps(fold_of, sort_keys=True), encoding="utf-8")
    return {site: str(paths[fold]) for site, fold in fold_of.items()}


def tasks_of(data: Path, sets: Sequence[str], model_of_site: dict[str, str]) -> list[Task]:
    tasks = []
    for set_name in sets:
        for folder in sorted(p for p in (data / set_name / "pages").iterdir() if p.is_dir()):
            model = None
            if set_name in TRAINING_SETS:
                meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
                model = model_of_site[site_of(set_name, folder.name, meta)]
            tasks.append(Task(set_name, str(folder), model))
    return tasks


T = TypeVar("T")


def arguments(description: str) -> argparse.ArgumentParser:
    """The options of every HTML-mode benchmark: ``--data``, ``--sets``, ``--jobs``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--data", type=Path, default=Path("../shared/benchmarks"))
    parser.add_argument("--sets", nargs="+", default=list(SETS), choices=SETS)
    parser.add_argument("--jobs", type=int, default=2)
    return parser


def map_by_set(
    tasks: Sequence[Task], work: Callable[[Task], T], jobs: int, chunksize: int
) -> dict[str, list[T]]:
    """``work`` run over ``tasks`` in ``jobs`` processes, its results grouped by set in page order."""
    with get_context("spawn").Pool(jobs) as pool:
        results = pool.map(work, tasks, chunksize=chunksize)
    by_set: dict[str, list[T]] = {}
    for task, result in zip(tasks, results, strict=True):
        by_set.setdefault(task.set_name, []).append(result)
    return by_set


def per_page_by_set(
    description: str, argv: Sequence[str] | None, work: Callable[[Task], T]
) -> dict[str, list[T]]:
    """The command line of a by-category reading (:func:`arguments`): ``work`` run over every page
    of the chosen sets, with the fold models reused (fitted first when missing), its results
    grouped by set in page order."""
    args = arguments(description).parse_args(argv)
    tasks = tasks_of(args.data, args.sets, fold_models(args.data, reuse=True, jobs=args.jobs))
    return map_by_set(tasks, work, args.jobs, chunksize=8)


def leak(output: str, comments: str) -> float | None:
    """The share of the comments' 4-token shingles found in ``output`` (``None``: no comments)."""
    thread = set(shingles(comments))
    if not comments.strip() or not thread:
        return None
    return len(thread & set(shingles(output))) / len(thread)


def main(argv: Sequence[str] | None = None) -> int:
    parser = arguments(__doc__.split("\n\n")[0])
    parser.add_argument("--bootstrap", type=int, default=200)
    parser.add_argument(
        "--reuse-models", action="store_true", help="reuse the fold models in benchmarks/out/"
    )
    args = parser.parse_args(argv)
    model_of_site = fold_models(args.data, args.reuse_models, args.jobs)
    tasks = tasks_of(args.data, args.sets, model_of_site)
    by_set = map_by_set(tasks, run_page, args.jobs, chunksize=4)
    results = [result for in_set in by_set.values() for result in in_set]

    print(f"{len(tasks)} pages; scrapinghub and readability cross-validated by site ({FOLDS} folds)\n")
    print("| system | " + " | ".join(f"{name} F1 (P / R)" for name in args.sets) + " |")
    print("| --- |" + " --- |" * len(args.sets))
    for system in SYSTEMS:
        cells = []
        for name in args.sets:
            scores: list[PageScore] = [score_page(r.outputs[system], r.gold) for r in by_set[name]]
            s = summarise(scores, args.bootstrap)
            cells.append(f"{s.f1:.3f} ± {s.f1_std:.3f} ({s.precision:.3f} / {s.recall:.3f})")
        print(f"| {system} | " + " | ".join(cells) + " |")
    reference = sum(r.seconds[REFERENCE] for r in results)
    print("\n| system | comment leak (dragnet) | pages per CPU second | × trafilatura, defaults |")
    print("| --- | --- | --- | --- |")
    for system in SYSTEMS:
        leaks = [
            value
            for r in by_set.get("dragnet", [])
            if r.comments is not None and (value := leak(r.outputs[system], r.comments)) is not None
        ]
        cell = f"{sum(leaks) / len(leaks):.3f} ({len(leaks)} pages)" if leaks else "-"
        seconds = sum(r.seconds[system] for r in results)
        print(f"| {system} | {cell} | {len(results) / seconds:.1f} | {reference / seconds:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
