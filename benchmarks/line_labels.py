"""Line labels from the gold: which lines of ``page_full.txt`` are the article body.

The fitted body locator (``newsclean.locator``) learns from lines labelled body or not; the
labels come from aligning each page's all-visible-text dump with its gold body
(``newsclean.locator.labels.label_lines``: token alignment in order, then shingles for gold
text the page holds out of order).

How good the labels are is measured the way the cleaner is: keep the labelled lines,
score them against the gold with the benchmark's scoring. It should be near 1.0; what is
missing is gold text that is not on the page as lines (the gold's own edits).

    python benchmarks/line_labels.py [--sets scrapinghub readability dragnet cleaneval]

prints one row per set. ``--write DIR`` stores the labels as JSONL (one page per line:
``page``, ``labels`` as a string of ``1``/``0``/``-``, ``-`` for lines without tokens).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from scoring import page_dirs, score_page, summarise  # noqa: E402

from newsclean.document import Document  # noqa: E402
from newsclean.locator.labels import label_lines  # noqa: E402

DATA = HERE.parent.parent / "shared" / "benchmarks"
SETS = ("scrapinghub", "readability", "dragnet", "cleaneval")


def label_page(folder: Path) -> tuple[str, list[bool | None], str, str]:
    """The labels of one benchmark page, with its text and gold."""
    page = (folder / "page_full.txt").read_text(encoding="utf-8")
    gold = (folder / "ground_truth.txt").read_text(encoding="utf-8")
    return folder.name, label_lines(page, gold), page, gold


def _labelled_body(page: str, labels: Sequence[bool | None]) -> str:
    doc = Document.from_text(page)
    return "\n\n".join(line.text for line, keep in zip(doc.lines, labels, strict=True) if keep)


def _encode(labels: Sequence[bool | None]) -> str:
    return "".join("-" if x is None else "1" if x else "0" for x in labels)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DATA), help="folder holding the benchmark sets")
    parser.add_argument("--sets", nargs="*", default=list(SETS))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--write", help="folder to write <set>.jsonl label files to")
    args = parser.parse_args(argv)
    print("| set | pages | lines | labelled body | F1 of the labelled lines | P | R | pages under 0.5 | s |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    with ProcessPoolExecutor(args.jobs) as pool:
        for name in args.sets:
            started = time.perf_counter()
            folders = page_dirs(Path(args.data) / name)
            results = list(pool.map(label_page, folders, chunksize=4))
            scores = [score_page(_labelled_body(page, labels), gold) for _, labels, page, gold in results]
            lines = sum(sum(1 for x in labels if x is not None) for _, labels, _, _ in results)
            body = sum(sum(1 for x in labels if x) for _, labels, _, _ in results)
            s = summarise(scores, bootstrap=200)
            low = sum(1 for sc in scores if sc.f1 is not None and sc.f1 < 0.5)
            print(
                f"| {name} | {len(folders)} | {lines:,} | {body / lines:.1%} | {s.f1:.3f} | {s.precision:.3f} "
                f"| {s.recall:.3f} | {low / len(scores):.1%} | {time.perf_counter() - started:.0f} |",
                flush=True,
            )
            if args.write:
                out = Path(args.write)
                out.mkdir(parents=True, exist_ok=True)
                with (out / f"{name}.jsonl").open("w", encoding="utf-8") as f:
                    for page_id, labels, _, _ in results:
                        f.write(json.dumps({"page": page_id, "labels": _encode(labels)}) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
