"""Site profiles on the text-mode benchmark: the effect of corpus evidence, in one table.

The benchmark's pages come from 126 hosts, 55 of them with two pages. For those
pages this compares newsclean alone, the two-pass mode (learn a profile from the
host's pages as ``newsclean learn`` does, each page with its cleaned body, then clean
each of them with it) and the streaming mode (clean the host's pages in order,
learning as it goes), with ``--min-documents`` (default 2).

    python benchmarks/profile_mode.py [DATA] [--min-documents N]

The benchmark data is MIT-licensed (scrapinghub/article-extraction-benchmark).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from scoring import page_dirs, score_page, summarise  # noqa: E402

import newsclean  # noqa: E402
from newsclean import clean_stream  # noqa: E402
from newsclean.profile import SiteProfile  # noqa: E402

Site = list[tuple[str, str]]  # (page text, gold) in page order


def alone(site: Site, _: int) -> list[str]:
    return [newsclean.clean(text).body for text, _ in site]


def two_pass(site: Site, min_documents: int) -> list[str]:
    profile = SiteProfile(min_documents=min_documents).learn(text for text, _ in site)
    config = newsclean.CleanConfig(profile=profile)
    return [newsclean.clean(text, config).body for text, _ in site]


def streaming(site: Site, min_documents: int) -> list[str]:
    profile = SiteProfile(min_documents=min_documents)
    return [a.body for a in clean_stream((text for text, _ in site), profile)]


MODES: dict[str, Callable[[Site, int], list[str]]] = {
    "newsclean alone": alone,
    "two-pass profile (learn the host, then clean)": two_pass,
    "streaming (learn as it goes)": streaming,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(HERE.parent.parent / "shared/benchmarks/scrapinghub"))
    parser.add_argument("--min-documents", type=int, default=2)
    args = parser.parse_args(argv)
    sites: dict[str, Site] = defaultdict(list)
    for page in page_dirs(Path(args.data)):
        host = urlparse(json.loads((page / "meta.json").read_text())["url"]).netloc
        text = (page / "page_full.txt").read_text(encoding="utf-8")
        sites[host].append((text, (page / "ground_truth.txt").read_text(encoding="utf-8")))
    shared = {host: pages for host, pages in sites.items() if len(pages) > 1}
    n_pages = sum(len(p) for p in shared.values())
    print(f"{len(shared)} hosts with more than one page, {n_pages} pages", end="")
    print(f"; min_documents={args.min_documents}\n")
    print("| mode | F1 | P | R | CPU s |")
    print("| --- | --- | --- | --- | --- |")
    for name, mode in MODES.items():
        started = time.process_time()
        scores = []
        for pages in shared.values():
            outputs = mode(pages, args.min_documents)
            scores += [score_page(out, gold) for out, (_, gold) in zip(outputs, pages, strict=True)]
        cpu = time.process_time() - started
        s = summarise(scores)
        print(f"| {name} | {s.f1:.3f} ± {s.f1_std:.3f} | {s.precision:.3f} | {s.recall:.3f} | {cpu:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
