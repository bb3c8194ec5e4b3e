"""Text mode on the scrapinghub article-extraction benchmark: one table, measured in one run.

Every system gets each page's all-visible-text dump (``page_full.txt``) and is scored
against ``ground_truth.txt`` with the benchmark's own method (:mod:`scoring`).
Throughput is input bytes over the CPU seconds spent in that system alone, after one
warm-up call (imports, stoplists and compiled patterns are loaded once per process).

    python benchmarks/text_mode.py [DATA] [--split all|even|odd] [--systems ...]

For every page, ``benchmarks/out/text_mode/<page>.txt`` lists the lines newsclean
kept that share no 4-gram with the gold, and the gold lines it lost.
The benchmark data is MIT-licensed (scrapinghub/article-extraction-benchmark).
"""

from __future__ import annotations

import argparse
import html
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from scoring import PageScore, page_dirs, score_page, summarise, unmatched_lines  # noqa: E402

import newsclean  # noqa: E402

OUT = HERE / "out" / "text_mode"


def keep_everything(text: str) -> str:
    return text


def _as_html(text: str) -> str:
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    return f"<html><body>{paragraphs}</body></html>"


def justext_on_text(text: str) -> str:
    import justext

    stoplist = justext.get_stoplist("English")
    paragraphs = justext.justext(_as_html(text), stoplist)
    return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def trafilatura_on_text(text: str) -> str:
    import trafilatura

    return trafilatura.extract(_as_html(text), include_comments=False) or ""


def newsclean_text(text: str) -> str:
    return newsclean.clean(text).body


SYSTEMS: dict[str, Callable[[str], str]] = {
    "keep everything": keep_everything,
    "jusText on the text (English)": justext_on_text,
    "trafilatura on the text": trafilatura_on_text,
    "newsclean": newsclean_text,
}


def write_misses(page: str, predicted: str, gold: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    extra = unmatched_lines(predicted, gold)
    lost = unmatched_lines(gold, predicted)
    with (OUT / f"{page}.txt").open("w", encoding="utf-8") as out:
        out.write(f"# kept, not in gold ({len(extra)})\n")
        out.writelines(f"+ {line}\n" for line in extra)
        out.write(f"\n# in gold, lost ({len(lost)})\n")
        out.writelines(f"- {line}\n" for line in lost)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(HERE.parent.parent / "shared/benchmarks/scrapinghub"))
    parser.add_argument(
        "--split", choices=("all", "even", "odd"), default="all", help="pages by their sorted position"
    )
    parser.add_argument("--systems", nargs="*", default=list(SYSTEMS), help="subset of systems to run")
    args = parser.parse_args(argv)
    pages = page_dirs(Path(args.data))
    if args.split != "all":
        pages = pages[args.split == "odd" :: 2]
    inputs = [(p.name, (p / "page_full.txt").read_text(encoding="utf-8")) for p in pages]
    golds = [(p / "ground_truth.txt").read_text(encoding="utf-8") for p in pages]
    total_bytes = sum(len(text.encode("utf-8")) for _, text in inputs)
    print(f"{len(pages)} pages, {total_bytes / 1e6:.2f} MB of text (split: {args.split})\n")
    print("| system | F1 | P | R | MB/s per core | empty outputs |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name in args.systems:
        system = SYSTEMS[name]
        system(inputs[0][1])  # warm up: imports, stoplists and compiled patterns load once per process
        outputs = []
        cpu = 0.0
        for _page, text in inputs:
            started = time.process_time()
            outputs.append(system(text))
            cpu += time.process_time() - started
        scores: list[PageScore] = [score_page(out, gold) for out, gold in zip(outputs, golds, strict=True)]
        if name == "newsclean":
            for (page, _), out, gold in zip(inputs, outputs, golds, strict=True):
                write_misses(page, out, gold)
        s = summarise(scores)
        empty = sum(1 for out in outputs if not out.strip())
        speed = total_bytes / 1e6 / cpu if cpu else float("inf")
        row = f"{s.f1:.3f} ± {s.f1_std:.3f} | {s.precision:.3f} | {s.recall:.3f} | {speed:.1f} | {empty}"
        print(f"| {name} | {row} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
