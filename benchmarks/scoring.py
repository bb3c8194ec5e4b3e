"""The scrapinghub article-extraction benchmark's scoring, re-implemented exactly.

Tokens are ``re.findall(r"\\w+", text)``; each text is a multiset of 4-token
shingles (a text of fewer than 4 tokens is one shingle). Per page, tp/fp/fn are
normalised by their sum; precision is averaged over pages with tp+fp > 0, recall
over pages with tp+fn > 0, and F1 is the harmonic mean of the two averages. The
± is the standard deviation over 1,000 bootstrap resamples of pages.

The benchmark data (``../shared/benchmarks/scrapinghub``) is MIT-licensed; see its LICENSE.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


@dataclass(frozen=True)
class PageScore:
    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float | None:
        if self.tp + self.fp == 0:
            return None
        if self.fp == 0 and self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        if self.tp + self.fn == 0:
            return None
        if self.fp == 0 and self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        """The page's own F1 (``None`` where precision or recall is undefined: an empty gold
        or an empty output)."""
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


def score_page(predicted: str, gold: str) -> PageScore:
    true, pred = shingles(gold), shingles(predicted)
    tp = sum(min(true[k], pred[k]) for k in true.keys() | pred.keys())
    fp = sum(max(0, pred[k] - true[k]) for k in pred)
    fn = sum(max(0, true[k] - pred[k]) for k in true)
    total = tp + fp + fn
    if total == 0:
        return PageScore(0.0, 0.0, 0.0)
    return PageScore(tp / total, fp / total, fn / total)


@dataclass(frozen=True)
class Summary:
    f1: float
    precision: float
    recall: float
    f1_std: float

    def row(self) -> str:
        return f"{self.f1:.3f} ± {self.f1_std:.3f} | {self.precision:.3f} | {self.recall:.3f}"


def _f1_prp(scores: Sequence[PageScore]) -> tuple[float, float, float]:
    ps = [p for p in (s.precision for s in scores) if p is not None]
    rs = [r for r in (s.recall for s in scores) if r is not None]
    precision = sum(ps) / len(ps) if ps else 0.0
    recall = sum(rs) / len(rs) if rs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, precision, recall


def summarise(scores: Sequence[PageScore], bootstrap: int = 1000, seed: int = 0) -> Summary:
    f1, precision, recall = _f1_prp(scores)
    rng = random.Random(seed)
    samples = []
    for _ in range(bootstrap):
        resample = [scores[rng.randrange(len(scores))] for _ in scores]
        samples.append(_f1_prp(resample)[0])
    mean = sum(samples) / len(samples)
    std = (sum((x - mean) ** 2 for x in samples) / len(samples)) ** 0.5
    return Summary(f1, precision, recall, std)


def page_dirs(data: Path) -> list[Path]:
    pages = sorted(p for p in (data / "pages").iterdir() if p.is_dir())
    if not pages:
        raise SystemExit(f"no pages under {data / 'pages'}: pass the benchmark folder as the data path")
    return pages


def unmatched_lines(text: str, reference: str) -> list[str]:
    """Lines of ``text`` that share no 4-gram with ``reference`` (for miss reports)."""
    known = set(shingles(reference))
    return [line for line in text.splitlines() if line.strip() and not (set(shingles(line)) & known)]


def mean(values: Iterable[float]) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0
