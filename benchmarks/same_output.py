"""Whether a change to the code keeps text mode's output byte-identical on every shared page.

Cleans each page's all-visible-text dump (``page_full.txt``) of the shared sets with the default
configuration and writes one line per page: set, page id, then the SHA-256 of the body, of the
metadata (its JSON, keys sorted), of the removals (filter, reason, rule, line span and text of
each, in order, with the paragraphs' input lines) and of the error, if cleaning raised one (its
class and message; an empty digest otherwise). Run it once on the code before a change
(``--out``), then with ``--compare`` on the code after it: every page whose digests differ is
listed, and the exit status is 1 when there is one.

    python benchmarks/same_output.py --out before.tsv
    python benchmarks/same_output.py --compare before.tsv [--sets dragnet] [--limit 100]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

import newsclean  # noqa: E402

DATA = HERE.parent.parent / "shared" / "benchmarks"
SETS = ("scrapinghub", "readability", "dragnet", "cleaneval")
FIELDS = ("body", "metadata", "removals", "error")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def digests(text: str) -> dict[str, str]:
    """The digest of each part of ``newsclean.clean(text)`` (``FIELDS``)."""
    try:
        article = newsclean.clean(text)
    except newsclean.NewscleanError as error:
        return {
            "body": "",
            "metadata": "",
            "removals": "",
            "error": _digest(f"{type(error).__name__}: {error}"),
        }
    removals = [[r.filter, r.reason.value, r.rule, r.start, r.end, r.text] for r in article.removals]
    return {
        "body": _digest(article.body),
        "metadata": _digest(json.dumps(article.metadata.to_dict(), sort_keys=True, ensure_ascii=False)),
        "removals": _digest(
            json.dumps([removals, list(article.paragraph_lines)], ensure_ascii=False, separators=(",", ":"))
        ),
        "error": "",
    }


def page_line(task: tuple[str, str]) -> str:
    set_name, folder = task
    path = Path(folder)
    text = (path / "page_full.txt").read_text(encoding="utf-8", errors="replace")
    found = digests(text)
    return "\t".join([set_name, path.name, *(found[f] for f in FIELDS)])


def tasks(data: Path, sets: list[str], limit: int | None) -> Iterator[tuple[str, str]]:
    for set_name in sets:
        folders = sorted(p for p in (data / set_name / "pages").iterdir() if p.is_dir())[:limit]
        for folder in folders:
            yield set_name, str(folder)


def read(path: Path) -> dict[tuple[str, str], list[str]]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        set_name, page, *values = line.split("\t")
        out[(set_name, page)] = values
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="folder holding the benchmark sets")
    parser.add_argument("--sets", nargs="*", default=list(SETS))
    parser.add_argument("--limit", type=int, help="only the first N pages of each set")
    parser.add_argument("--jobs", type=int, default=2)
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--out", type=Path, help="write the digests of every page to this file")
    target.add_argument("--compare", type=Path, help="compare every page with the digests in this file")
    args = parser.parse_args(argv)
    work = list(tasks(args.data, args.sets, args.limit))
    with ProcessPoolExecutor(args.jobs) as pool:
        lines = list(pool.map(page_line, work, chunksize=8))
    if args.out:
        args.out.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
        print(f"{len(lines)} pages written to {args.out}")
        return 0
    before = read(args.compare)
    differ = 0
    for line in lines:
        set_name, page, *values = line.split("\t")
        old = before.get((set_name, page))
        if old is None:
            print(f"{set_name}/{page}: not in {args.compare}")
            differ += 1
        elif old != values:
            parts = [f for f, a, b in zip(FIELDS, old, values, strict=True) if a != b]
            print(f"{set_name}/{page}: {', '.join(parts)} differ")
            differ += 1
    print(f"{len(lines)} pages compared, {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
