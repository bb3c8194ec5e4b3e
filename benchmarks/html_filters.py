"""What each of HTML mode's filters gains and loses after the block model, on every shared set in one run.

Usage (from the repository root; the fold models of ``benchmarks/html_mode.py`` are reused, or fitted
first when missing)::

    python benchmarks/html_filters.py [--data ../shared/benchmarks] [--jobs 2]

Each page goes through HTML mode's block step once (scrapinghub and readability pages judged by the
fold model fitted without their site, dragnet and cleaneval by the shipped model). The blocks the model
keeps are then cleaned by HTML mode's own filter step and body check under each configuration:

- the defaults (the same figures as ``newsclean HTML mode`` in ``benchmarks/html_mode.py``);
- no filters at all, and the defaults with ``min_body_words=1``;
- the defaults less each filter that runs by default (``-name``), and plus each one that does not
  (``+name``).

F1 (benchmark scoring, a failed page counting as empty output) per set, and the change against the
defaults. A filter whose removal raises F1 on the training sets (scrapinghub, readability) is a
candidate to disable; dragnet and cleaneval say whether that holds on sites nothing was fitted on.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent / "src")]
from html_mode import Task, per_page_by_set  # noqa: E402
from scoring import PageScore, score_page, summarise  # noqa: E402

from newsclean.errors import NewscleanError  # noqa: E402

# the filter step and body check of HTML mode itself, so that no copy of them can drift
from newsclean.extraction.html import Extracted, HtmlArticle, _checked, _clean, clean_html_page  # noqa: E402
from newsclean.extraction.html_config import HTML_FILTER_NAMES, HtmlConfig  # noqa: E402

DEFAULTS = "defaults"


def variants() -> dict[str, HtmlConfig]:
    """The configurations compared, by label."""
    base = HtmlConfig()
    out = {
        DEFAULTS: base,
        "no filters": dataclasses.replace(base, disabled=frozenset(HTML_FILTER_NAMES)),
        "min_body_words=1": dataclasses.replace(base, min_body_words=1),
    }
    for name in HTML_FILTER_NAMES:
        if name in base.disabled:
            out[f"+{name}"] = dataclasses.replace(base, disabled=base.disabled - {name})
        else:
            out[f"-{name}"] = dataclasses.replace(base, disabled=base.disabled | {name})
    return out


def page_scores(task: Task) -> dict[str, PageScore]:
    folder = Path(task.folder)
    url = json.loads((folder / "meta.json").read_text(encoding="utf-8")).get("url")
    html = gzip.decompress((folder / "page.html.gz").read_bytes())
    gold = (folder / "ground_truth.txt").read_text(encoding="utf-8", errors="replace")
    configs = variants()
    try:  # the block step alone: no filters, and no body check
        blocks = clean_html_page(
            html,
            url,
            HtmlConfig(block_model_path=task.model, disabled=frozenset(HTML_FILTER_NAMES), min_body_words=1),
        )
    except NewscleanError:  # no text at all: every configuration fails on this page
        return {label: score_page("", gold) for label in configs}
    assert blocks.blocks is not None
    lines = blocks.extracted.text.split("\n")
    kept = Extracted("\n".join(lines[i] for i in blocks.blocks.kept), blocks.extracted.declared)
    scores = {}
    for label, config in configs.items():
        try:
            body = _checked(HtmlArticle(_clean(kept, config), kept, False), config).article.body
        except NewscleanError:
            body = ""
        scores[label] = score_page(body, gold)
    return scores


def main(argv: Sequence[str] | None = None) -> int:
    by_set = per_page_by_set(__doc__.split("\n\n")[0], argv, page_scores)
    f1 = {
        (label, name): summarise([s[label] for s in by_set[name]], 1).f1
        for label in variants()
        for name in by_set
    }
    print("| configuration | " + " | ".join(f"{n} ({len(by_set[n])} pages)" for n in by_set) + " |")
    print("| --- |" + " --- |" * len(by_set))
    for label in variants():
        cells = []
        for name in by_set:
            value = f1[label, name]
            delta = value - f1[DEFAULTS, name]
            cells.append(f"{value:.4f}" if label == DEFAULTS else f"{value:.4f} ({delta:+.4f})")
        print(f"| {label} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
