"""The labelled pages the locator is fitted on, and their feature tables.

Pages come from benchmark folders (``pages/<id>/page_full.txt`` with ``ground_truth.txt``,
labelled by :func:`~newsclean.locator.labels.label_lines`) and from the project's own
samples (``corpus_samples/<name>.txt`` with the body stated in ``tests/golden/<name>.json``).
Each page is tagged by the pattern filters of the standard pipeline (the structural filters
need a located body, which is what is being learned), then turned into one row of features
per non-blank line.

Training code: nothing here runs when a page is cleaned.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newsclean.config import CleanConfig
from newsclean.document import Document
from newsclean.locator.features import line_matrix
from newsclean.locator.labels import label_lines, shingle_counts
from newsclean.locator.synthetic import comment_counter, comment_thread
from newsclean.pipeline import Pipeline
from newsclean.reasons import Reason

#: The standard filters that locate the body or judge lines against it: left out when tagging.
STRUCTURAL = frozenset({"tags", "outside_body", "menu_run", "related_link", "trailers"})


@dataclass(frozen=True)
class LabelledPage:
    """A page's text, the site it comes from (for site-disjoint folds) and, for every line of
    its :class:`~newsclean.Document`, whether it is article text."""

    key: str
    site: str
    text: str
    labels: tuple[bool, ...]
    gold: str
    augmented: bool = False
    piece: bool = False
    """A piece of a page (a crop, a short story), not a whole page: the decoding costs are
    chosen on whole pages only."""


@dataclass(frozen=True, eq=False)
class PageTable:
    """One page as the forests see it: the non-blank line indexes, their base features,
    labels, whether a pattern filter claimed them, their words, and the scoring tokens of
    every line and the gold's shingles (to score a choice of lines against the gold)."""

    page: LabelledPage
    rows: np.ndarray
    x: np.ndarray
    y: np.ndarray
    claimed: np.ndarray
    stops: np.ndarray
    words: list[list[str]]
    score_tokens: list[list[str]]
    gold: Counter[tuple[str, ...]]


_NUMBERED = re.compile(r"-\d+$")


def site_of(set_name: str, page_id: str, meta: dict[str, object]) -> str:
    """The site a benchmark page comes from: its URL's host, or for a set without URLs
    the page's name less a trailing number (``nytimes-2`` -> ``nytimes``).

    >>> site_of("scrapinghub", "x", {"url": "https://www.example.com/a/b"})
    'example.com'
    >>> site_of("readability", "nytimes-2", {"url": None})
    'readability:nytimes'
    """
    url = meta.get("url")
    if isinstance(url, str) and "//" in url:
        return re.sub(r"^www\.", "", url.split("/")[2].lower())
    return f"{set_name}:{_NUMBERED.sub('', page_id)}"


def benchmark_pages(folder: Path) -> Iterator[LabelledPage]:
    """The labelled pages of one benchmark set (``folder/pages/<id>/``), in name order;
    pages without text are skipped."""
    for page_dir in sorted(p for p in (folder / "pages").iterdir() if p.is_dir()):
        text = (page_dir / "page_full.txt").read_text(encoding="utf-8")
        if not text.strip():
            continue
        gold = (page_dir / "ground_truth.txt").read_text(encoding="utf-8")
        meta_file = page_dir / "meta.json"
        meta = json.loads(meta_file.read_text(encoding="utf-8")) if meta_file.exists() else {}
        labels = tuple(bool(x) for x in label_lines(text, gold))
        yield LabelledPage(
            f"{folder.name}/{page_dir.name}", site_of(folder.name, page_dir.name, meta), text, labels, gold
        )


def sample_pages(samples: Path, golden: Path) -> Iterator[LabelledPage]:
    """The project's own text samples, labelled by the body their golden file states."""
    for path in sorted(samples.glob("*.txt")):
        expected = json.loads((golden / f"{path.stem}.json").read_text(encoding="utf-8"))
        text = path.read_text(encoding="utf-8")
        body = str(expected["body"])
        site = "samples:seed" if path.stem.startswith("seed_") else f"samples:{path.stem}"
        labels = tuple(bool(x) for x in label_lines(text, body))
        yield LabelledPage(f"samples/{path.stem}", site, text, labels, body)


def with_comments(page: LabelledPage, seed: int) -> LabelledPage | None:
    """``page`` with a comment thread written in after its article (labelled not body), or
    ``None`` when the page has no article lines to put one after."""
    doc = Document.from_text(page.text)
    body = [i for i, label in enumerate(page.labels) if label]
    if not body:
        return None
    rng = random.Random(f"{seed}:{page.key}")
    after = [i for i in range(body[-1] + 1, len(doc.lines)) if doc.lines[i].text]
    at = after[min(rng.randrange(4), len(after) - 1)] if after and rng.random() < 0.5 else body[-1]
    thread = comment_thread([doc.lines[i].text for i in body], rng)
    lines = [line.text for line in doc.lines]
    text_lines = [*lines[: at + 1], *thread, *lines[at + 1 :]]
    labels = [*page.labels[: at + 1], *(False for _ in thread), *page.labels[at + 1 :]]
    if rng.random() < 0.3:  # a counter under the headline too, above the article
        top = max(0, body[0] - rng.randrange(1, 4))
        text_lines.insert(top, comment_counter(rng))
        labels.insert(top, False)
    text = "\n".join(text_lines)
    return LabelledPage(f"{page.key}+comments", page.site, text, tuple(labels), page.gold, augmented=True)


def cropped(page: LabelledPage, seed: int) -> LabelledPage | None:
    """A short piece of ``page`` around one end of its article (the furniture above it and its
    first paragraphs, or its last paragraphs and the furniture below), labelled as in the
    page: what a short scraped text, or a cleaned body cleaned again, looks like. ``None`` when
    the page has no article lines."""
    found = _article_rows(page)
    if found is None:
        return None
    doc, lines, body = found
    rng = random.Random(f"{seed}:{page.key}:crop")
    if rng.random() < 0.5:  # the head: what is above the article, and its first paragraphs
        start = max(0, body[0] - rng.randrange(0, 9))
        stop = min(len(lines), body[0] + rng.randrange(1, 5))
    else:  # the tail: its last paragraphs, and what is below
        start = max(0, body[-1] - rng.randrange(0, 4))
        stop = min(len(lines), body[-1] + 1 + rng.randrange(0, 11))
    kept = lines[start:stop]
    text = "\n\n".join(doc.lines[i].text for i in kept)
    labels = _paragraph_labels([page.labels[i] for i in kept])
    gold = "\n\n".join(doc.lines[i].text for i in kept if page.labels[i])
    return LabelledPage(f"{page.key}+crop", page.site, text, labels, gold, augmented=True, piece=True)


def _article_rows(page: LabelledPage) -> tuple[Document, list[int], list[int]] | None:
    """``page``'s document, its non-blank lines, and the positions among those of its article
    lines; ``None`` when it has none."""
    doc = Document.from_text(page.text)
    lines = [i for i, line in enumerate(doc.lines) if line.text]
    body = [k for k, i in enumerate(lines) if page.labels[i]]
    return (doc, lines, body) if body else None


def _paragraph_labels(labels: Sequence[bool]) -> tuple[bool, ...]:
    """The labels of lines joined by blank lines (which are never article text).

    >>> _paragraph_labels([True, False, True])
    (True, False, False, False, True)
    """
    joined: list[bool] = []
    for n, label in enumerate(labels):
        joined.extend([label, False] if n < len(labels) - 1 else [label])
    return tuple(joined)


def transplanted(host: LabelledPage, donor: LabelledPage) -> LabelledPage | None:
    """``host``'s furniture around ``donor``'s story: the host's lines from its first to its
    last article line are replaced by the donor's (with the donor's labels, boxes inside its
    article included). A site's pages all pair one template with one kind of story; a copy
    pairs them across sites (a short wire story under a long list of teasers, say). ``None``
    when either page has no article lines."""
    host_lines = [line.text for line in Document.from_text(host.text).lines]
    donor_lines = [line.text for line in Document.from_text(donor.text).lines]
    host_body = [i for i, label in enumerate(host.labels) if label]
    donor_body = [i for i, label in enumerate(donor.labels) if label]
    if not host_body or not donor_body:
        return None
    first, last = donor_body[0], donor_body[-1] + 1
    text_lines = [*host_lines[: host_body[0]], *donor_lines[first:last], *host_lines[host_body[-1] + 1 :]]
    labels = [*host.labels[: host_body[0]], *donor.labels[first:last], *host.labels[host_body[-1] + 1 :]]
    gold = "\n\n".join(donor_lines[i] for i in range(first, last) if donor.labels[i])
    return LabelledPage(
        f"{host.key}+story:{donor.key}", host.site, "\n".join(text_lines), tuple(labels), gold, augmented=True
    )


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“(]?[A-Z])")


def short_story(page: LabelledPage, seed: int) -> LabelledPage | None:
    """A short text: one or two sentences of ``page``'s article (its first, or a later
    paragraph's) between a few of the lines around the article, a menu word above and a share
    line below, say. ``None`` when the page has no article lines."""
    found = _article_rows(page)
    if found is None:
        return None
    doc, lines, body = found
    rng = random.Random(f"{seed}:{page.key}:short")
    at = body[0] if rng.random() < 0.5 else rng.choice(body)
    sentences = _SENTENCE_END.split(doc.lines[lines[at]].text)
    story = " ".join(sentences[: rng.randrange(1, 3)])
    above = [lines[k] for k in range(max(0, body[0] - rng.randrange(0, 4)), body[0])]
    below = [lines[k] for k in range(body[-1] + 1, min(len(lines), body[-1] + 1 + rng.randrange(0, 4)))]
    texts = [*(doc.lines[i].text for i in above), story, *(doc.lines[i].text for i in below)]
    labels = _paragraph_labels([n == len(above) for n in range(len(texts))])
    return LabelledPage(
        f"{page.key}+short", page.site, "\n\n".join(texts), labels, story, augmented=True, piece=True
    )


def claim_pipeline(config: CleanConfig | None = None) -> Pipeline:
    """The standard pipeline without its structural filters: the pattern filters whose claims
    the locator reads."""
    config = config if config is not None else CleanConfig()
    return Pipeline([f for f in config.filters() if f.name not in STRUCTURAL], config.pattern_timeout)


_SCORE_TOKEN = re.compile(r"\w+")


def page_table(page: LabelledPage, pipeline: Pipeline) -> PageTable:
    """Tag ``page`` with ``pipeline``'s filters (once, without the passes over the body) and
    compute its feature rows."""
    context = pipeline.tag_once(Document.from_text(page.text))
    rows, x = line_matrix(context)
    doc = context.doc
    claims = [context.claim(int(i)) for i in rows]
    return PageTable(
        page=page,
        rows=rows,
        x=x,
        y=np.array([page.labels[i] for i in rows], dtype=np.float64),
        claimed=np.array([c is not None for c in claims], dtype=bool),
        stops=np.array([c is not None and c.reason is Reason.COMMENTS for c in claims], dtype=bool),
        words=[list(doc.tokens[i]) for i in rows],
        score_tokens=[_SCORE_TOKEN.findall(line.text) for line in doc.lines],
        gold=shingle_counts(_SCORE_TOKEN.findall(page.gold)),
    )


def tables(pages: Iterable[LabelledPage], jobs: int = 1) -> list[PageTable]:
    """The feature tables of ``pages``, in order (``jobs`` worker processes)."""
    pages = list(pages)
    if jobs <= 1:
        pipeline = claim_pipeline()
        return [page_table(page, pipeline) for page in pages]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(jobs) as pool:
        return list(pool.map(_table_of, pages, chunksize=8))


def _table_of(page: LabelledPage) -> PageTable:
    return page_table(page, claim_pipeline())


def row_weights(table: PageTable) -> np.ndarray:
    """Training weight of each row: a page's rows share a total of ``sqrt(rows)``, in
    proportion to their words (the benchmark scores words, and every page counts; a long page
    counts for more, but not in proportion: equal totals per page fitted worse out of fold)."""
    words = np.array([len(w) for w in table.words], dtype=np.float64) + 1.0
    weights: np.ndarray = words / words.sum() * np.sqrt(len(words))
    return weights
