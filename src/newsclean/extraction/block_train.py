"""Fit HTML mode's block model and write its file: ``python -m newsclean.extraction.block_train``.

    python -m newsclean.extraction.block_train [--data ../shared/benchmarks] [--out FILE] [--check]

Run it from the repository's root (the defaults are relative to it). Fits on the permissively
licensed benchmark sets only (scrapinghub: MIT; readability: Apache-2.0), never on dragnet or
cleaneval: those validate. Each page is read as HTML mode reads it
(:func:`~newsclean.extraction.block_page.read_block_page`); a block is labelled article text
when at least half of its 4-token shingles are in the page's gold body. Rows are weighted by
their tokens over the tokens of the page's article text, so that every page counts about
alike, as the benchmark's per-page averages do.

The threshold and the guard (:mod:`~newsclean.extraction.block_model`) are chosen on
out-of-fold scores: five models, each fitted without one fold of sites, score the pages of
that fold, and the pair with the best F1 over all pages (the benchmark's scoring) is kept.
The forest shipped is then fitted on every page. The same data, seed and numpy release make
the same file, byte for byte, on any x86-64 machine (the command runs itself again with
numpy's AVX-512 kernels off: :mod:`~newsclean.locator.reproducible`); ``--check`` compares
instead of writing and exits with status 1 when the file differs from what the data makes.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import numpy as np

from newsclean import arrays_file
from newsclean.errors import ExtractionError
from newsclean.extraction.block_features import ShingleSet
from newsclean.extraction.block_model import MODEL_FILE, BlockModel, verdicts_from_scores
from newsclean.extraction.block_page import BlockPage, read_block_page
from newsclean.extraction.html import parse_html
from newsclean.extraction.html_decode import decode_html
from newsclean.extraction.html_limits import sanitize_page
from newsclean.extraction.page_metadata import read_page_metadata
from newsclean.locator import reproducible
from newsclean.locator.boosting import BoostingParameters
from newsclean.locator.dataset import site_of
from newsclean.locator.labels import mean_f1, page_score, shingle_counts
from newsclean.locator.training import fit_rows, folds_of_sites, out_of_fold

TRAINING_SETS = ("scrapinghub", "readability")
PARAMETERS = BoostingParameters(trees=200, depth=6, learning_rate=0.1)
FOLDS = 5
#: The candidate thresholds (logits) and guards the out-of-fold scores choose from.
THRESHOLDS = (-1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5)
GUARDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
#: A block is article text when at least this share of its shingles is in the gold body.
LABEL_SHARE = 0.5
_BENCHMARK_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True, eq=False)
class TrainingPage:
    """One training page as the model sees it, with its gold body."""

    key: str
    site: str
    x: np.ndarray
    y: np.ndarray
    texts: list[str]
    tokens: list[list[str]]
    gold: str

    def weights(self) -> np.ndarray:
        """Row weights: a block's tokens over the page's article tokens (capped), plus a floor."""
        counts = np.array([len(t) for t in self.tokens], dtype=np.float64)
        article = max(20.0, float(counts[self.y > 0].sum()))
        return np.minimum(counts / article, 0.5) * 100.0 + 0.05


def read_benchmark_page(folder: Path) -> tuple[dict[str, Any], BlockPage, str]:
    """One benchmark page (``page.html.gz``, ``ground_truth.txt``, ``meta.json``) read as HTML mode
    reads it: its ``meta.json``, its :class:`~newsclean.extraction.block_page.BlockPage` and its gold
    body. A page that does not parse as HTML raises :class:`~newsclean.errors.ExtractionError`."""
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    url = meta.get("url")
    gold = (folder / "ground_truth.txt").read_text(encoding="utf-8", errors="replace")
    page, _ = sanitize_page(decode_html(gzip.decompress((folder / "page.html.gz").read_bytes()), None))
    tree = parse_html(page)
    if tree is None:
        raise ExtractionError(f"{folder}: the page does not parse as HTML")
    return meta, read_block_page(tree, url, read_page_metadata(tree, url).title), gold


def block_labels(read: BlockPage, gold: str) -> np.ndarray:
    """Each block's label: 1.0 when at least :data:`LABEL_SHARE` of its shingles are in ``gold``."""
    shingles = ShingleSet(gold)
    return np.array([shingles.share(t) >= LABEL_SHARE for t in read.tokens], dtype=np.float64)


def read_training_page(folder: Path, set_name: str) -> TrainingPage:
    """One benchmark page read for fitting (:func:`read_benchmark_page`)."""
    key = f"{set_name}/{folder.name}"
    try:
        meta, read, gold = read_benchmark_page(folder)
    except ExtractionError as error:
        raise SystemExit(f"{key}: {error}") from error
    texts = [b.text for b in read.blocks]
    y = block_labels(read, gold)
    return TrainingPage(key, site_of(set_name, folder.name, meta), read.x, y, texts, read.tokens, gold)


def _read(task: tuple[str, str]) -> TrainingPage:
    return read_training_page(Path(task[0]), task[1])


def training_pages(data: Path, jobs: int) -> list[TrainingPage]:
    """Every page of the training sets, in a fixed order."""
    tasks = [
        (str(folder), name)
        for name in TRAINING_SETS
        for folder in sorted(p for p in (data / name / "pages").iterdir() if p.is_dir())
    ]
    if jobs <= 1:
        return [_read(t) for t in tasks]
    with get_context("spawn").Pool(jobs) as pool:
        return pool.map(_read, tasks, chunksize=4)


def out_of_fold_scores(
    pages: Sequence[TrainingPage], parameters: BoostingParameters, seed: int
) -> list[np.ndarray]:
    """Each page's block scores from a model fitted without its fold of sites."""
    fold_of = folds_of_sites((p.site for p in pages), FOLDS, seed)
    ys, ws = [p.y for p in pages], [p.weights() for p in pages]
    return out_of_fold([p.x for p in pages], ys, ws, [fold_of[p.site] for p in pages], parameters)


def kept_blocks(page: TrainingPage, scores: np.ndarray, threshold: float, guard: float) -> list[int]:
    """The blocks of ``page`` that HTML mode's block step keeps with these scores and rules."""
    return verdicts_from_scores(scores, page.x, threshold, guard).kept


def choose_rules(
    pages: Sequence[TrainingPage], scores: Sequence[np.ndarray]
) -> tuple[float, float, dict[str, float]]:
    """The threshold and guard with the best out-of-fold F1 (the first of equals), and every pair's F1."""
    table: dict[str, float] = {}
    best: tuple[float, float, float] | None = None
    # the benchmark's tokens of each block and shingles of each gold body, once for the whole grid
    lines = [[_BENCHMARK_TOKEN.findall(t) for t in p.texts] for p in pages]
    golds = [shingle_counts(_BENCHMARK_TOKEN.findall(p.gold)) for p in pages]
    for threshold in THRESHOLDS:
        for guard in GUARDS:
            f1 = mean_f1(
                [
                    page_score(page_lines, kept_blocks(p, s, threshold, guard), gold)
                    for p, s, page_lines, gold in zip(pages, scores, lines, golds, strict=True)
                ]
            )
            table[f"{threshold:+.1f}/{guard:.1f}"] = round(f1, 4)
            if best is None or f1 > best[0]:
                best = (f1, threshold, guard)
    assert best is not None
    return best[1], best[2], table


def fit_block_model(pages: Sequence[TrainingPage], seed: int = 0) -> BlockModel:
    """The block model of ``pages``: rules chosen out of fold, the forest fitted on them all."""
    parameters = dataclasses.replace(PARAMETERS, seed=seed)
    threshold, guard, table = choose_rules(pages, out_of_fold_scores(pages, parameters, seed))
    trained_on = {
        "sets": sorted({p.key.split("/")[0] for p in pages}),
        "pages": len(pages),
        "blocks": sum(len(p.texts) for p in pages),
        "parameters": dataclasses.asdict(parameters),
        "label_share": LABEL_SHARE,
        "out_of_fold_f1": table,
    }
    forest = fit_rows([p.x for p in pages], [p.y for p in pages], [p.weights() for p in pages], parameters)
    return BlockModel(forest, threshold, guard, trained_on)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m newsclean.extraction.block_train", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--data", type=Path, default=Path("../shared/benchmarks"), help="benchmark sets folder"
    )
    parser.add_argument("--out", type=Path, default=Path("src/newsclean/extraction") / MODEL_FILE)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2, help="processes reading the pages")
    parser.add_argument("--check", action="store_true", help="compare with --out instead of writing it")
    args = parser.parse_args(argv)
    for name in TRAINING_SETS:
        if not (args.data / name / "pages").is_dir():
            parser.error(f"no benchmark set {name!r} under {args.data}: pass --data")
    pages = training_pages(args.data, args.jobs)
    print(f"{len(pages)} pages, {sum(len(p.texts) for p in pages)} blocks", file=sys.stderr)
    model = fit_block_model(pages, args.seed)
    print(
        f"threshold {model.threshold:+.1f}, guard {model.guard:.1f} "
        f"(out-of-fold F1 {max(model.trained_on['out_of_fold_f1'].values()):.4f})",
        file=sys.stderr,
    )
    return arrays_file.write_or_check(args.out, model.dumps(), args.check)


if __name__ == "__main__":
    # numpy without its AVX-512 kernels, so that every x86-64 machine makes the same file
    raise SystemExit(
        reproducible.main_with_settings(["-m", "newsclean.extraction.block_train", *sys.argv[1:]], main)
    )
