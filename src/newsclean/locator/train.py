"""Fit the body locator and write its model file: ``python -m newsclean.locator.train``.

    python -m newsclean.locator.train [--data ../shared/benchmarks] [--out FILE] [--seed 0] [--check]

Run it from the repository's root: the defaults (``../shared/benchmarks``, ``corpus_samples``,
``tests/golden``, ``src/newsclean/locator/locator.arrays``) are relative to the current folder.

Fits on the permissively licensed benchmark sets (scrapinghub: MIT; readability:
Apache-2.0) and the project's own samples (``corpus_samples/`` with ``tests/golden/``), each
page once as it is and, for half of them, once more with a comment thread written in
(:mod:`~newsclean.locator.synthetic`), and for half of them a short piece around one end of
the article (a short text, or a cleaned body cleaned again, looks like that). Never on dragnet or cleaneval: those validate.
The same data and seed make the same file, byte for byte; ``--check`` compares instead of
writing and exits with status 1 when the file differs from what the data makes.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from newsclean.locator.dataset import (
    LabelledPage,
    benchmark_pages,
    cropped,
    sample_pages,
    tables,
    with_comments,
)
from newsclean.locator.model import MODEL_FILE
from newsclean.locator.training import TrainingParameters, fit_model, stderr_progress, with_seed

TRAINING_SETS = ("scrapinghub", "readability")
#: Share of training pages that get a copy with a comment thread, and a short cropped copy
#: (without cropped copies the fit was worse out of fold: F1 0.923 against 0.932).
COMMENT_SHARE = 0.5
CROP_SHARE = 0.5


def training_pages(data: Path, samples: Path, golden: Path, seed: int) -> Iterator[LabelledPage]:
    """Every training page, and the commented copies, in a fixed order."""
    pages: list[LabelledPage] = []
    for name in TRAINING_SETS:
        pages.extend(benchmark_pages(data / name))
    pages.extend(sample_pages(samples, golden))
    for page in pages:
        yield page
        if random.Random(f"{seed}:{page.key}:share").random() < COMMENT_SHARE:
            commented = with_comments(page, seed)
            if commented is not None:
                yield commented
        if random.Random(f"{seed}:{page.key}:crop share").random() < CROP_SHARE:
            crop = cropped(page, seed)
            if crop is not None:
                yield crop


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
        "lines": int(sum(len(t.rows) for t in page_tables)),
    }
    model = fit_model(page_tables, with_seed(TrainingParameters(), args.seed), trained_on, stderr_progress)
    data = model.dumps()
    if args.check:
        current = args.out.read_bytes() if args.out.exists() else b""
        if current != data:
            print(f"{args.out} differs from what the training data makes", file=sys.stderr)
            return 1
        print(f"{args.out} is what the training data makes", file=sys.stderr)
        return 0
    args.out.write_bytes(data)
    print(f"wrote {args.out} ({len(data) / 1e3:.0f} kB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
