"""Fit the body locator and write its model file: ``python -m newsclean.locator.train``.

    python -m newsclean.locator.train [--data ../shared/benchmarks] [--out FILE] [--seed 0] [--check]

Run it from the repository's root: the defaults (``../shared/benchmarks``, ``corpus_samples``,
``tests/golden``, ``src/newsclean/locator/locator.arrays``) are relative to the current folder.

Fits on the permissively licensed benchmark sets (scrapinghub: MIT; readability:
Apache-2.0) and the project's own samples (``corpus_samples/`` with ``tests/golden/``), each
page once as it is and, for half of them, once more with a comment thread written in
(:mod:`~newsclean.locator.synthetic`), and for half of them a short piece around one end of
the article (a short text, or a cleaned body cleaned again, looks like that). Never on dragnet or cleaneval: those validate.
The same data, seed and numpy release make the same file, byte for byte, on any x86-64 machine (the
command runs itself again with numpy's AVX-512 kernels off: :mod:`~newsclean.locator.reproducible`);
``--check`` compares instead of writing and exits with status 1 when the file differs from what the
data makes.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from newsclean import arrays_file
from newsclean.locator import reproducible
from newsclean.locator.dataset import (
    LabelledPage,
    benchmark_pages,
    cropped,
    sample_pages,
    short_story,
    tables,
    transplanted,
    with_comments,
)
from newsclean.locator.model import MODEL_FILE
from newsclean.locator.training import (
    TrainingParameters,
    fit_model,
    folds_of_sites,
    stderr_progress,
    with_seed,
)

TRAINING_SETS = ("scrapinghub", "readability")
#: Share of training pages that get a copy with a comment thread, and a short cropped copy
#: (without cropped copies the fit was worse out of fold: F1 0.923 against 0.932).
COMMENT_SHARE = 0.5
CROP_SHARE = 0.5
#: Share of training pages that get a copy holding another site's story (:func:`transplanted`),
#: and a copy holding only a sentence or two of the page's own story (:func:`short_story`).
STORY_SHARE = 0.5
SHORT_SHARE = 0.5
#: The site folds the story donors are drawn within: ``benchmarks/text_mode.py``'s default
#: cross-validation folds, so that a fold's model never reads a story of the sites it scores.
STORY_FOLDS = 5


def training_pages(
    data: Path, samples: Path, golden: Path, seed: int, story_folds: int = STORY_FOLDS
) -> Iterator[LabelledPage]:
    """Every training page, and its augmented copies, in a fixed order. A story copy's donor
    comes from another site in the same one of ``story_folds`` site folds."""
    pages: list[LabelledPage] = []
    for name in TRAINING_SETS:
        pages.extend(benchmark_pages(data / name))
    pages.extend(sample_pages(samples, golden))
    fold_of = folds_of_sites((p.site for p in pages), story_folds, seed)
    donors: dict[int, list[LabelledPage]] = {}
    for page in pages:
        if any(page.labels):
            donors.setdefault(fold_of[page.site], []).append(page)
    for page in pages:
        yield page
        # each kind of copy drawn with a chance of its own, seeded by the page
        chance = {
            key: random.Random(f"{seed}:{page.key}:{key}")
            for key in ("share", "crop share", "story share", "short share")
        }
        copies: list[LabelledPage | None] = []
        if chance["share"].random() < COMMENT_SHARE:
            copies.append(with_comments(page, seed))
        if chance["crop share"].random() < CROP_SHARE:
            copies.append(cropped(page, seed))
        if chance["story share"].random() < STORY_SHARE:
            others = [d for d in donors.get(fold_of[page.site], []) if d.site != page.site]
            copies.append(transplanted(page, chance["story share"].choice(others)) if others else None)
        if chance["short share"].random() < SHORT_SHARE:
            copies.append(short_story(page, seed))
        yield from (copy for copy in copies if copy is not None)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m newsclean.locator.train", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--data", type=Path, default=Path("../shared/benchmarks"), help="benchmark sets folder"
    )
    parser.add_argument(
        "--samples", type=Path, default=Path("corpus_samples"), help="the project's text samples"
    )
    parser.add_argument("--golden", type=Path, default=Path("tests/golden"), help="their golden files")
    parser.add_argument("--out", type=Path, default=Path("src/newsclean/locator") / MODEL_FILE)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2, help="processes for the feature tables")
    parser.add_argument("--check", action="store_true", help="compare with --out instead of writing it")
    args = parser.parse_args(argv)
    for name in TRAINING_SETS:
        if not (args.data / name / "pages").is_dir():
            parser.error(f"no benchmark set {name!r} under {args.data}: pass --data")
    if not args.samples.is_dir() or not args.golden.is_dir():
        parser.error(
            f"no samples at {args.samples} or golden files at {args.golden}: run from the repository root"
        )
    pages = list(training_pages(args.data, args.samples, args.golden, args.seed))
    stderr_progress(f"{len(pages)} pages ({sum(p.augmented for p in pages)} of them augmented copies)")
    page_tables = tables(pages, jobs=args.jobs)
    trained_on = {
        "sets": [*TRAINING_SETS, "corpus_samples"],
        "pages": sum(not p.augmented for p in pages),
        "commented_copies": sum(p.key.endswith("+comments") for p in pages),
        "cropped_copies": sum(p.key.endswith("+crop") for p in pages),
        "story_copies": sum("+story:" in p.key for p in pages),
        "short_copies": sum(p.key.endswith("+short") for p in pages),
        "lines": int(sum(len(t.rows) for t in page_tables)),
    }
    model = fit_model(page_tables, with_seed(TrainingParameters(), args.seed), trained_on, stderr_progress)
    return arrays_file.write_or_check(args.out, model.dumps(), args.check)


if __name__ == "__main__":
    # numpy without its AVX-512 kernels, so that every x86-64 machine makes the same file
    raise SystemExit(reproducible.main_with_settings(["-m", "newsclean.locator.train", *sys.argv[1:]], main))
