"""WARC input on the shared benchmark pages: reading, one-command cleaning, and datatrove's extractor.

Usage (from the repository root)::

    python benchmarks/warc_mode.py [--data ../shared/benchmarks] [--sets scrapinghub,readability,...]
                                   [--jobs 1] [--rounds 3] [--skip-cli]

Builds ``benchmarks/out/shared.warc.gz`` (with warcio, the reference writer) from every page of the
sets, in order (``pages/<id>/page.html.gz``, the URL from ``meta.json``, else ``https://<set>.invalid/<id>``),
one ``response`` record per page with an HTTP ``Content-Type: text/html`` header and no charset (the
benchmarks do not keep the original headers), plus one ``request`` record every tenth page (it must be
skipped). Then, in one run:

1. **Readers**: CPU time to read every record's headers and payload with FastWARC and warcio, and to
   iterate ``newsclean.read_warc`` (which decodes each page), best of ``--rounds``.
2. **One command**: ``newsclean clean --html shared.warc.gz --jobs 1`` in a child process (its CPU time;
   with more jobs the workers' time would not be counted). Checked: every page comes out once, in archive order, with its URL; the F1 of its
   bodies against the ground truth, beside HTML mode (``newsclean.clean_html(bytes, url)``) on the same
   pages in this process; the share of the run's CPU time that reading the WARC costs (``read_warc``'s
   CPU time over the command's).
3. **Against datatrove**: pages per CPU second, newsclean HTML mode against datatrove's ``Trafilatura``
   extractor (its ``extract``, favour_precision as in datatrove's default, called in this process, as
   its sandbox would in a worker) on the pages of the same archive, taking turns page by page, with the F1
   of each.

Scores are the benchmark's (``scoring.py``: 4-gram F1 macro-averaged over pages).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent / "src")]
from scoring import PageScore, page_dirs, score_page, summarise  # noqa: E402

import newsclean  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
SETS = ("scrapinghub", "readability", "dragnet", "cleaneval")


@dataclass(frozen=True)
class Page:
    set: str
    id: str
    url: str
    gold: str


def build_archive(data: Path, sets: tuple[str, ...], path: Path) -> list[Page]:
    """Write the WARC; the pages in archive order."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    pages: list[Page] = []
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for name in sets:
            for folder in page_dirs(data / name):
                meta_file = folder / "meta.json"
                meta = json.loads(meta_file.read_text(encoding="utf-8")) if meta_file.exists() else {}
                url = meta.get("url") or f"https://{name}.invalid/{folder.name}"
                html = gzip.decompress((folder / "page.html.gz").read_bytes())
                if len(pages) % 10 == 0:
                    request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "x")], is_http_request=True)
                    writer.write_record(
                        writer.create_warc_record(
                            url, "request", payload=io.BytesIO(b""), http_headers=request
                        )
                    )
                headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
                writer.write_record(
                    writer.create_warc_record(url, "response", payload=io.BytesIO(html), http_headers=headers)
                )
                gold = (folder / "ground_truth.txt").read_text(encoding="utf-8")
                pages.append(Page(name, folder.name, url, gold))
    return pages


def _cpu(run: Callable[[], object], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def _fastwarc(path: Path) -> None:
    from fastwarc.warc import ArchiveIterator

    with open(path, "rb") as stream:
        for record in ArchiveIterator(stream, parse_http=False):
            record.headers.get("WARC-Target-URI")
            record.reader.read()


def _warcio(path: Path) -> None:
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as stream:
        for record in ArchiveIterator(stream):
            record.rec_headers.get_header("WARC-Target-URI")
            record.content_stream().read()


def _read_warc(path: Path) -> None:
    for _ in newsclean.read_warc(path):
        pass


def readers(path: Path, rounds: int) -> float:
    rows = [
        ("FastWARC 2 (headers and payload)", _cpu(lambda: _fastwarc(path), rounds)),
        ("warcio (headers and payload)", _cpu(lambda: _warcio(path), rounds)),
        ("newsclean.read_warc (FastWARC, pages decoded)", _cpu(lambda: _read_warc(path), rounds)),
    ]
    print("\n### Reading the archive (CPU seconds, best of", rounds, "rounds)\n")
    print("| reader | CPU s | ratio to FastWARC |")
    print("| --- | ---: | ---: |")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.2f} | {seconds / rows[0][1]:.2f} |")
    return rows[2][1]


def _macro(scores: list[PageScore]) -> str:
    return summarise(scores, bootstrap=200).row()


def one_command(path: Path, pages: list[Page], jobs: int, read_cpu: float) -> dict[str, str]:
    """Run the CLI on the archive; check its output; the bodies by URL."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    command = [sys.executable, "-m", "newsclean", "clean", "--html", str(path), "--jobs", str(jobs)]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    records = [json.loads(line) for line in done.stdout.splitlines()]
    urls = [r.get("url") for r in records]
    in_order = urls == [p.url for p in pages]
    ids = [r.get("id") for r in records]
    errors = sum(1 for r in records if "error" in r)
    print(f"\n### One command: `newsclean clean --html {path.name} --jobs {jobs}`\n")
    print(f"- exit status {done.returncode}; {len(records):,} records out for {len(pages):,} HTML responses")
    print(f"- every page once, in archive order, with its URL: {in_order and len(set(ids)) == len(ids)}")
    print(f"- records with an error (no article found): {errors:,}")
    summary = [line for line in done.stderr.splitlines() if " HTML pages" in line]
    print(f"- standard error, the archive's line: `{summary[0] if summary else ''}`")
    print(f"- CPU time of the command: {cpu:.1f} s; {len(pages) / cpu:.1f} pages per CPU second")
    print(f"- reading the WARC (read_warc, CPU): {read_cpu:.2f} s = {100 * read_cpu / cpu:.1f} % of the run")
    return {r["url"]: r.get("text", "") for r in records if isinstance(r.get("url"), str)}


def _datatrove_extract() -> Callable[[str], str] | None:
    try:
        from datatrove.pipeline.extractors import Trafilatura
    except ImportError:
        return None
    extractor = Trafilatura()

    def run(html: str) -> str:
        return extractor.extract(html) or ""

    return run


def _newsclean_body(html: str, url: str | None) -> str:
    try:
        return newsclean.clean_html(html, url).body
    except newsclean.NewscleanError:
        return ""


def against_datatrove(path: Path, pages: list[Page], cli_bodies: dict[str, str] | None) -> None:
    peer = _datatrove_extract()
    gold = {p.url: p for p in pages}
    mode_scores: dict[str, list[PageScore]] = {s: [] for s in SETS}
    warc_scores: dict[str, list[PageScore]] = {s: [] for s in SETS}
    peer_scores: dict[str, list[PageScore]] = {s: [] for s in SETS}
    same = 0
    differ: list[str] = []
    ours = theirs = 0.0
    for item in newsclean.read_warc(path):
        if not isinstance(item, newsclean.WarcPage) or item.url not in gold:
            continue
        page = gold[item.url]
        start = time.process_time()
        body = _newsclean_body(item.html, item.url)
        middle = time.process_time()
        other = peer(item.html) if peer is not None else ""
        ours, theirs = ours + middle - start, theirs + time.process_time() - middle
        mode_scores[page.set].append(score_page(body, page.gold))
        peer_scores[page.set].append(score_page(other, page.gold))
        if cli_bodies is not None:
            cli_body = cli_bodies.get(item.url, "")
            same += cli_body == body
            if cli_body != body:
                differ.append(item.url)
            warc_scores[page.set].append(score_page(cli_body, page.gold))
    if cli_bodies is not None:
        print("\n### F1 from the WARC (one command) and in HTML mode on the same pages\n")
        print(
            f"Bodies identical to HTML mode's: {same:,} of {len(pages):,} (others: {', '.join(differ[:5])}).\n"
        )
        print("| set | pages | WARC, one command: F1 ± sd | P | R | HTML mode: F1 ± sd | P | R |")
        print("| --- | ---: | --- | --- | --- | --- | --- | --- |")
        for name in SETS:
            if mode_scores[name]:
                print(
                    f"| {name} | {len(mode_scores[name])} | {_macro(warc_scores[name])} | {_macro(mode_scores[name])} |"
                )
    print("\n### Pages per CPU second on the same archive, newsclean against datatrove\n")
    print(
        "| system | CPU s | pages per CPU s | ratio to datatrove | "
        + " | ".join(f"F1 {s}" for s in SETS)
        + " |"
    )
    print("| --- | ---: | ---: | ---: |" + " ---: |" * len(SETS))
    count = sum(len(v) for v in mode_scores.values())
    rows = [("newsclean HTML mode", ours, mode_scores)]
    if peer is not None:
        rows.insert(0, ("datatrove `Trafilatura()` extractor", theirs, peer_scores))
    else:
        print("(datatrove is not installed: pip install 'newsclean[datatrove]')")
    for name, seconds, scores in rows:
        f1s = " | ".join(f"{summarise(scores[s], bootstrap=1).f1:.3f}" if scores[s] else "-" for s in SETS)
        ratio = f"{(count / seconds) / (count / theirs):.2f}" if peer is not None else "-"
        print(f"| {name} | {seconds:.1f} | {count / seconds:.1f} | {ratio} | {f1s} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "benchmarks")
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument(
        "--jobs", type=int, default=1, help="--jobs of the command (1: its CPU time is all in one process)"
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-cli", action="store_true", help="do not run the one-command check")
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    path = OUT / "shared.warc.gz"
    pages = build_archive(args.data, tuple(args.sets.split(",")), path)
    size = path.stat().st_size
    print(
        f"Archive: {len(pages):,} pages ({len(pages) // 10 + 1} request records beside them), {size / 1e6:.1f} MB gzipped."
    )
    read_cpu = readers(path, args.rounds)
    bodies = None if args.skip_cli else one_command(path, pages, args.jobs, read_cpu)
    against_datatrove(path, pages, bodies)
    return 0


if __name__ == "__main__":
    sys.exit(main())
