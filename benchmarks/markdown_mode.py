"""Markdown input on every shared benchmark set: the same pages rendered two ways, cleaned by text mode.

Each page's HTML is rendered as markdown with html2text (``body_width=0``: no wrapping; what LLM-era
crawlers hand over, menus, related lists and ``[text](url)`` links included), after its ``script`` and
``style`` elements are dropped from the parsed page as those crawlers do before converting (html2text
alone stops rendering at an unbalanced ``</script>``), and compared with the
inscriptis rendering the sets ship (``page_full.txt``). Rows, all scored against ``ground_truth.txt`` with
the benchmark's method (``scoring.py``), measured in one run:

- keep everything, on each rendering (the markdown scored as it is, URLs and markup included);
- text mode on the inscriptis rendering (the fitted locator, as ``benchmarks/text_mode.py`` runs it);
- text mode on the markdown read as plain text (what a user gets without ``--markdown``);
- markdown mode (``CleanConfig(markdown=True)``): parsed with markdown-it-py, link syntax understood, the
  ``markdown_links`` filter on;
- markdown mode without the ``markdown_links`` filter (the parse alone).

Every row uses the shipped locator model. It was fitted on the inscriptis renderings of the scrapinghub
and readability pages, so on those two sets the inscriptis rows are in-sample and favoured; dragnet and
cleaneval were never fitted on. ``--cross-validate`` cleans each scrapinghub and readability page with the
model fitted without its site instead (the fold models of ``benchmarks/text_mode.py``; about 20 minutes of
fitting per fold on two cores; ``--reuse-models`` reads them back from ``benchmarks/out/cv/``).

    python benchmarks/markdown_mode.py [--sets scrapinghub readability dragnet cleaneval] [--cross-validate] [--drop-hidden]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import re
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "src")]

from scoring import PageScore, page_dirs, score_page, summarise  # noqa: E402
from text_mode import DATA, SETS, TRAINING_SETS, fold_models  # noqa: E402

import newsclean  # noqa: E402
from newsclean.extraction.html_decode import decode_html  # noqa: E402
from newsclean.io.decode import decode_text  # noqa: E402

#: An inline style a browser shows nothing of.
_HIDING_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b", re.IGNORECASE)


def to_markdown(html: bytes, drop_hidden: bool = False) -> str:
    """The page as a markdown crawler hands it over: parsed, ``script`` and ``style`` dropped,
    converted by html2text without wrapping (a page lxml cannot parse is converted as it is).
    With ``drop_hidden``, the elements a browser does not show are dropped too (a ``hidden``
    attribute, an inline ``display: none`` or ``visibility: hidden``), as a crawler that converts
    the rendered page sees it; html2text alone renders them."""
    import html2text
    import lxml.html
    from lxml import etree

    text = decode_html(html)
    with contextlib.suppress(etree.ParserError, ValueError):
        root = lxml.html.document_fromstring(text)
        etree.strip_elements(root, "script", "style", with_tail=False)
        if drop_hidden:
            for element in root.xpath("//*[@hidden or @style]"):
                hiding = element.get("hidden") is not None or _HIDING_STYLE.search(element.get("style") or "")
                if hiding and element.getparent() is not None:
                    element.drop_tree()
        text = lxml.html.tostring(root, encoding="unicode")
    converter = html2text.HTML2Text()
    converter.body_width = 0
    return str(converter.handle(text))


def _clean(config: newsclean.CleanConfig) -> Callable[[str], str]:
    def run(text: str) -> str:
        try:
            return newsclean.clean(text, config).body
        except newsclean.NewscleanError:
            return ""

    return run


#: (row, rendering it reads, cleaner given the model path).
ROWS: tuple[tuple[str, str, Callable[[str | None], Callable[[str], str]]], ...] = (
    ("keep everything, inscriptis", "text", lambda _m: lambda t: t),
    ("keep everything, markdown", "markdown", lambda _m: lambda t: t),
    ("text mode, inscriptis", "text", lambda m: _clean(newsclean.CleanConfig(locator_model=m))),
    (
        "text mode, markdown read as text",
        "markdown",
        lambda m: _clean(newsclean.CleanConfig(locator_model=m)),
    ),
    (
        "markdown mode",
        "markdown",
        lambda m: _clean(newsclean.CleanConfig(locator_model=m, markdown=True)),
    ),
    (
        "markdown mode without markdown_links",
        "markdown",
        lambda m: _clean(
            newsclean.CleanConfig(locator_model=m, markdown=True, disabled=frozenset({"markdown_links"}))
        ),
    ),
)


def run_page(task: tuple[str, str | None], drop_hidden: bool = False) -> tuple[str, list[str]]:
    folder, model = task
    page = Path(folder)
    renderings = {"text": "", "markdown": ""}  # an empty page stays empty, and scores as such
    with contextlib.suppress(newsclean.EmptyDocumentError):
        renderings["text"] = decode_text((page / "page_full.txt").read_bytes(), "page_full.txt").text
    with contextlib.suppress(newsclean.EmptyDocumentError):
        renderings["markdown"] = to_markdown(
            gzip.decompress((page / "page.html.gz").read_bytes()), drop_hidden
        )
    return folder, [make(model)(renderings[which]) for _, which, make in ROWS]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--sets", nargs="*", default=list(SETS))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--cross-validate", action="store_true", help="fold models on the training sets")
    parser.add_argument("--reuse-models", action="store_true")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--limit", type=int, help="only the first N pages of each set")
    parser.add_argument(
        "--drop-hidden", action="store_true", help="render without the elements a browser does not show"
    )
    args = parser.parse_args(argv)
    models: dict[str, str] = {}
    if args.cross_validate and set(args.sets) & set(TRAINING_SETS):
        models = fold_models(args.data, args.folds, args.reuse_models)
    render_and_clean = functools.partial(run_page, drop_hidden=args.drop_hidden)
    with ProcessPoolExecutor(args.jobs) as pool:
        for set_name in args.sets:
            pages = page_dirs(args.data / set_name)[: args.limit]
            tasks = [
                (str(p), models.get(f"{set_name}/{p.name}") if set_name in TRAINING_SETS else None)
                for p in pages
            ]
            outputs = dict(pool.map(render_and_clean, tasks, chunksize=4))
            scores: list[list[PageScore]] = [[] for _ in ROWS]
            for p in pages:
                gold = (p / "ground_truth.txt").read_text(encoding="utf-8")
                for n, output in enumerate(outputs[str(p)]):
                    scores[n].append(score_page(output, gold))
            how = (
                ("site-disjoint cross-validation" if args.cross_validate else "fitted on: in-sample")
                if set_name in TRAINING_SETS
                else "never fitted on"
            )
            shown = ", hidden elements dropped" if args.drop_hidden else ""
            print(f"\n#### {set_name}: {len(pages)} pages ({how}{shown})\n")
            print("| rendering, system | F1 ± sd | precision | recall |")
            print("| --- | --- | --- | --- |")
            for (name, _, _), row in zip(ROWS, scores, strict=True):
                print(f"| {name} | {summarise(row, bootstrap=200).row()} |")
    return 0


if __name__ == "__main__":
    # numpy without its AVX-512 kernels, as the locator's training runs: the fold models and the
    # scores are then the same on every x86-64 machine
    from newsclean.locator import reproducible

    sys.exit(reproducible.main_with_settings([__file__, *sys.argv[1:]], main))
