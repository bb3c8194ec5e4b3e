"""Build a labelled syndication set from the scrapinghub pages: originals, edited copies, hard negatives.

Every page's full text (``page_full.txt``: menus, tickers, footers and all) is
one *original* record. Each article whose gold body has at least
``MIN_COPY_WORDS`` words is republished 1-4 times: its gold body, edited, is
wrapped in the boilerplate of another page (the lines before and after that
page's own article in its ``page_full.txt``), so every copy carries a foreign
template. The donor templates come from a small pool, so many *different*
articles share one template (hard negatives, as are the pages of the benchmark
that share a host). A donor's lines longer than ``MAX_TEMPLATE_LINE`` characters
are left out of its template: they are that page's own prose (reader comments,
teasers, captions), which another article on the same site would not carry.
The three seed pages in ``corpus_samples/`` (three stories
on one event by different writers) are added as same-topic hard negatives.

Edits, each drawn independently per copy: a new headline (80 %), the last
paragraphs trimmed (50 %), an agency or editor line (50 %), a middle paragraph
dropped (30 %), typos (50 %), quote style switched (50 %).

The set is a JSONL file, one record per page: ``id``, ``text``, ``group`` (the
source article: records with the same group are copies, the positive pairs),
``kind`` (original, copy, seed) and ``edits``. Same seed, same file.

    python benchmarks/make_syndication_set.py [--data ../shared/benchmarks/scrapinghub] [--seed 20241123]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO / ".." / "shared" / "benchmarks" / "scrapinghub"
DEFAULT_OUT = REPO / "benchmarks" / "out" / "syndication.jsonl"
DEFAULT_SEED = 20241123
MIN_COPY_WORDS = 120
TEMPLATE_POOL = 24
MAX_TEMPLATE_LINE = 150

AGENCY_PREFIXES = [
    "NEW YORK (AP) — ",
    "LONDON (Reuters) - ",
    "PARIS (AFP) - ",
    "WASHINGTON — ",
    "BERLIN (dpa) - ",
]
AGENCY_LINES = [
    "(Reporting by Jane Doe; Editing by Mark Potter)",
    "— Agence France-Presse",
    "Copyright 2024 The Associated Press. All rights reserved.",
    "This story has been edited by our staff and is published from a syndicated feed.",
    "Additional reporting by Reuters and AFP.",
]


@dataclass(frozen=True)
class Page:
    page_id: str
    host: str
    full: list[str]
    body: list[str]


def load_pages(data: Path) -> list[Page]:
    pages = []
    for folder in sorted((data / "pages").iterdir()):
        if not (folder / "ground_truth.txt").exists():
            continue
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        host = meta.get("url", "").split("/")[2] if "//" in meta.get("url", "") else ""
        full = (folder / "page_full.txt").read_text(encoding="utf-8").splitlines()
        body = [p.strip() for p in (folder / "ground_truth.txt").read_text(encoding="utf-8").splitlines()]
        pages.append(Page(folder.name, host, full, [p for p in body if p]))
    if not pages:
        raise SystemExit(f"no pages under {data}/pages: pass the benchmark folder with --data")
    return pages


def template(page: Page) -> tuple[list[str], list[str]] | None:
    """The page's lines before and after its own article, or None when the article cannot be located."""
    starts = {p[:60] for p in page.body if len(p) > 30}
    hits = [i for i, line in enumerate(page.full) if line.strip()[:60] in starts]
    if not hits:
        return None
    prefix = [line for line in page.full[: hits[0]] if len(line) <= MAX_TEMPLATE_LINE]
    suffix = [line for line in page.full[hits[-1] + 1 :] if len(line) <= MAX_TEMPLATE_LINE]
    return prefix, suffix


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 4 or not word.isalpha():
        return word
    i = rng.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def edit(body: list[str], rng: random.Random) -> tuple[list[str], list[str], str | None]:
    """An edited copy of ``body``: its paragraphs, the names of the edits, and a new headline or None."""
    paragraphs = list(body)
    edits: list[str] = []
    headline = None
    if rng.random() < 0.8:
        words = " ".join(paragraphs).split()
        start = rng.randrange(0, max(1, len(words) - 10))
        headline = " ".join(words[start : start + rng.randint(5, 10)]).strip(".,;:").title()
        edits.append("headline")
    if len(paragraphs) >= 4 and rng.random() < 0.5:
        cut = rng.randint(1, max(1, len(paragraphs) // 3))
        paragraphs = paragraphs[:-cut]
        edits.append(f"trim{cut}")
    if len(paragraphs) >= 5 and rng.random() < 0.3:
        del paragraphs[rng.randrange(1, len(paragraphs) - 1)]
        edits.append("drop")
    if rng.random() < 0.5:
        if rng.random() < 0.5:
            paragraphs[0] = rng.choice(AGENCY_PREFIXES) + paragraphs[0]
        else:
            paragraphs.append(rng.choice(AGENCY_LINES))
        edits.append("agency")
    if rng.random() < 0.5:
        for _ in range(rng.randint(1, 6)):
            i = rng.randrange(len(paragraphs))
            words = paragraphs[i].split(" ")
            j = rng.randrange(len(words))
            words[j] = typo(words[j], rng)
            paragraphs[i] = " ".join(words)
        edits.append("typos")
    if rng.random() < 0.5:
        if any("“" in p or "’" in p for p in paragraphs):
            table = str.maketrans({"“": '"', "”": '"', "’": "'", "‘": "'"})
        else:
            table = str.maketrans({'"': "“", "'": "’"})
        paragraphs = [p.translate(table) for p in paragraphs]
        edits.append("quotes")
    return paragraphs, edits, headline


def build(data: Path, seed: int) -> list[dict[str, object]]:
    rng = random.Random(seed)
    pages = load_pages(data)
    templates = {p.page_id: t for p in pages if (t := template(p)) is not None}
    pool = rng.sample(sorted(templates), min(TEMPLATE_POOL, len(templates)))
    records: list[dict[str, object]] = []
    for page in pages:
        records.append(
            {
                "id": f"orig-{page.page_id[:10]}",
                "text": "\n".join(page.full),
                "group": page.page_id,
                "kind": "original",
                "host": page.host,
                "edits": [],
            }
        )
    for page in pages:
        if sum(len(p.split()) for p in page.body) < MIN_COPY_WORDS:
            continue
        donors = [d for d in pool if d != page.page_id]
        for n in range(rng.randint(1, 4)):
            prefix, suffix = templates[rng.choice(donors)]
            paragraphs, edits, headline = edit(page.body, rng)
            lines = [
                *prefix,
                *([headline] if headline else []),
                "",
                *"\n\n".join(paragraphs).split("\n"),
                "",
                *suffix,
            ]
            records.append(
                {
                    "id": f"copy{n}-{page.page_id[:10]}",
                    "text": "\n".join(lines),
                    "group": page.page_id,
                    "kind": "copy",
                    "host": "",
                    "edits": edits,
                }
            )
    for seed_page in sorted((REPO / "corpus_samples").glob("seed_*.txt")):
        records.append(
            {
                "id": seed_page.stem,
                "text": seed_page.read_text(encoding="utf-8"),
                "group": seed_page.stem,
                "kind": "seed",
                "host": "",
                "edits": [],
            }
        )
    rng.shuffle(records)
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="scrapinghub benchmark folder")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    records = build(args.data, args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    kinds = {k: sum(r["kind"] == k for r in records) for k in ("original", "copy", "seed")}
    print(f"wrote {len(records)} records to {args.out} ({kinds})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
