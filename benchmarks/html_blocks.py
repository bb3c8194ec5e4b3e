"""What HTML mode's block model gains and loses, read by category over blocks, on every shared set.

Usage (from the repository root; the fold models of ``benchmarks/html_mode.py`` are reused, or fitted
first when missing)::

    python benchmarks/html_blocks.py [--data ../shared/benchmarks] [--jobs 2]

Each page is read as HTML mode reads it (its blocks, their features, trafilatura's main text) and
its blocks are labelled from the gold body as the training command labels them. scrapinghub and
readability pages are judged by the fold model fitted without their site (``benchmarks/out/``),
dragnet and cleaneval by the shipped model. The model's blocks are scored without the filters that
follow it, so the figures isolate the block step. Per set it prints, with the benchmark's scoring
(F1, P / R over pages that parse):

- the blocks the model keeps, the blocks trafilatura mostly kept (share of shingles above a half),
  trafilatura's own main text, and the model's blocks plus the headings that repeat the page's title;
- how much of the gold (tokens, averaged per page) lies in blocks the model drops, split by whether
  trafilatura kept them;
- the headings that repeat the page's title: how many are in the gold and how many are not;
- on dragnet pages with ``comments.txt``, the comment leak of the model's blocks, split into the
  shingles of blocks labelled article (their text is in the gold too) and the rest.

The categories are counts over all pages of a set; no page is looked at alone.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent / "src")]
from html_mode import Task, per_page_by_set  # noqa: E402
from scoring import PageScore, score_page, shingles, summarise  # noqa: E402

from newsclean.errors import ExtractionError  # noqa: E402
from newsclean.extraction.block_features import FEATURES  # noqa: E402
from newsclean.extraction.block_model import judge_blocks, load_block_model  # noqa: E402
from newsclean.extraction.block_train import block_labels, read_benchmark_page  # noqa: E402

OUTPUTS = ("model's blocks", "trafilatura's blocks", "trafilatura's text", "model's blocks + title headings")
_EXTRACTED = FEATURES.index("extracted")
_HEADING = FEATURES.index("owner_h")
_TITLE = FEATURES.index("title_share")


@dataclass
class PageFigures:
    scores: dict[str, PageScore] = field(default_factory=dict)
    lost: tuple[float, float] = (0.0, 0.0)
    """Shares of the gold tokens in blocks the model drops: those trafilatura kept, the others."""
    headings: tuple[int, int] = (0, 0)
    """Title headings in the gold, and not."""
    leak: tuple[float, float] | None = None
    """Comment leak of the model's blocks: in blocks labelled article, in the others."""


def page_figures(task: Task) -> PageFigures | None:
    folder, model_path = Path(task.folder), task.model
    try:
        _, read, gold = read_benchmark_page(folder)
    except ExtractionError:
        return None
    model = load_block_model(model_path)
    x, texts = read.x, [b.text for b in read.blocks]
    y = block_labels(read, gold)
    kept = judge_blocks(model, x).kept
    theirs = x[:, _EXTRACTED] > 0.5 if len(x) else np.zeros(0, dtype=bool)
    titled = {i for i in range(len(texts)) if x[i, _HEADING] > 0.5 and x[i, _TITLE] > 0.5}
    outputs = {
        OUTPUTS[0]: [texts[i] for i in kept],
        OUTPUTS[1]: [t for t, held in zip(texts, theirs, strict=True) if held],
        OUTPUTS[2]: [read.extracted],
        OUTPUTS[3]: [texts[i] for i in sorted(set(kept) | titled)],
    }
    figures = PageFigures({name: score_page("\n".join(lines), gold) for name, lines in outputs.items()})
    counts = np.array([len(t) for t in read.tokens], dtype=np.float64)
    article = float(counts[y > 0].sum())
    if article:
        lost = np.ones(len(texts), dtype=bool)
        lost[kept] = False
        lost &= y > 0
        figures.lost = (
            float(counts[lost & theirs].sum()) / article,
            float(counts[lost & ~theirs].sum()) / article,
        )
    figures.headings = (sum(y[i] > 0 for i in titled), sum(y[i] == 0 for i in titled))
    comments_file = folder / "comments.txt"
    if comments_file.exists():
        thread = set(shingles(comments_file.read_text(encoding="utf-8", errors="replace")))
        if thread:
            leaked = [set(shingles(texts[i])) & thread for i in kept]
            figures.leak = (
                sum(len(s) for i, s in zip(kept, leaked, strict=True) if y[i] > 0) / len(thread),
                sum(len(s) for i, s in zip(kept, leaked, strict=True) if y[i] == 0) / len(thread),
            )
    return figures


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def main(argv: Sequence[str] | None = None) -> int:
    read = per_page_by_set(__doc__.split("\n\n")[0], argv, page_figures)
    by_set = {name: [f for f in figures if f is not None] for name, figures in read.items()}
    print("| output | " + " | ".join(f"{n} ({len(by_set[n])} pages)" for n in by_set) + " |")
    print("| --- |" + " --- |" * len(by_set))
    for output in OUTPUTS:
        cells = []
        for name in by_set:
            s = summarise([f.scores[output] for f in by_set[name]], 20)
            cells.append(f"{s.f1:.3f} ({s.precision:.3f} / {s.recall:.3f})")
        print(f"| {output} | " + " | ".join(cells) + " |")
    rows = {
        "gold in dropped blocks trafilatura kept": lambda fs: f"{_mean([f.lost[0] for f in fs]):.3f}",
        "gold in dropped blocks trafilatura did not keep": lambda fs: f"{_mean([f.lost[1] for f in fs]):.3f}",
        "title headings in the gold / not": lambda fs: (
            f"{sum(f.headings[0] for f in fs):,} / {sum(f.headings[1] for f in fs):,}"
        ),
    }
    for label, cell in rows.items():
        print(f"| {label} | " + " | ".join(cell(by_set[name]) for name in by_set) + " |")
    leaks = [f.leak for f in by_set.get("dragnet", []) if f.leak is not None]
    if leaks:
        article, other = _mean([a for a, _ in leaks]), _mean([b for _, b in leaks])
        print(
            f"\ncomment leak of the model's blocks on dragnet ({len(leaks)} pages): {article + other:.4f}, "
            f"of which {article:.4f} in blocks labelled article and {other:.4f} in the others"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
