"""Words that tell article text from a page's furniture, learned from labelled lines.

``Subscribe``, ``share``, ``comments``, ``rights``, ``newsletter`` open boilerplate on every
site; ``said``, ``according``, ``percent`` fill articles. A :class:`Lexicon` holds, for each
such word, the log-odds that a line containing it is article text, less the log-odds of
article text among all counted (line, word) pairs, shrunk towards zero for rare words
(a word in ``k`` lines keeps ``k / (k + shrinkage)`` of it). Only words seen on many different sites are kept,
so that a site's own topics (the teams of a sports blog, the products of a shop) are not
learned as evidence.

A line's lexical features are the mean, lowest and highest weight of its words and the
weight of its first word (``Follow``, ``Read``, ``Posted``).

>>> lexicon = Lexicon({"said": 1.0, "subscribe": -2.0})
>>> lexicon.columns([["Subscribe", "now"], ["Officials", "said", "so"], []]).tolist()
[[-1.0, -2.0, 0.0, -2.0], [0.3333333432674408, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 0.0]]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, repeat

import numpy as np

LEXICAL_FEATURES: tuple[str, ...] = ("lex_mean", "lex_min", "lex_max", "lex_first")
"""Names of the columns :meth:`Lexicon.columns` gives, in order."""


@dataclass(frozen=True)
class Lexicon:
    """Word weights (lower-case word to log-odds of article text)."""

    weights: Mapping[str, float] = field(default_factory=dict)

    def columns(self, tokens: Sequence[Sequence[str]]) -> np.ndarray:
        """The lexical columns (:data:`LEXICAL_FEATURES`) of lines given as lists of words."""
        counts = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
        return self.columns_of(list(map(str.lower, chain.from_iterable(tokens))), counts)

    def columns_of(self, lowered: Sequence[str], counts: np.ndarray) -> np.ndarray:
        """:meth:`columns` of lines given as one flat list of their lower-cased words, in line
        order, and the number of words of each line (``counts``, integers).

        >>> Lexicon({"said": 1.0}).columns_of(["officials", "said"], np.array([0, 2])).tolist()
        [[0.0, 0.0, 0.0, 0.0], [0.5, 0.0, 1.0, 0.0]]
        """
        out = np.zeros((len(counts), len(LEXICAL_FEATURES)), dtype=np.float32)
        has = np.flatnonzero(counts)
        if not len(has):
            return out
        values = np.fromiter(
            map(self.weights.get, lowered, repeat(0.0)), dtype=np.float64, count=len(lowered)
        )
        starts = (np.cumsum(counts) - counts)[has]
        out[has, 0] = np.add.reduceat(values, starts) / counts[has]
        out[has, 1] = np.minimum.reduceat(values, starts)
        out[has, 2] = np.maximum.reduceat(values, starts)
        out[has, 3] = values[starts]
        return out


@dataclass(frozen=True)
class LexiconParameters:
    """How a lexicon is learned."""

    min_sites: int = 10
    """A word must occur on pages of at least this many sites."""
    min_lines: int = 20
    """... and in at least this many lines."""
    shrinkage: float = 50.0
    """A word seen in ``k`` lines keeps ``k / (k + shrinkage)`` of its log-odds."""
    max_words: int = 4000
    """The most words kept (the most frequent)."""


class LexiconCounts:
    """Counts of words in article and other lines, by site, from which lexicons are learned
    (for all sites, or leaving some out: the lexicon a page's own features are computed with
    in training must not have seen its site)."""

    def __init__(self) -> None:
        self.vocabulary: dict[str, int] = {}
        self.sites: dict[str, int] = {}
        self._site: list[int] = []
        self._word: list[int] = []
        self._body: list[bool] = []
        self._totals: tuple[np.ndarray, ...] | None = None

    def add(self, site: str, tokens: Sequence[Sequence[str]], labels: Sequence[bool]) -> None:
        """Count the distinct lower-case words of each line with its label."""
        s = self.sites.setdefault(site, len(self.sites))
        vocabulary = self.vocabulary
        for words, label in zip(tokens, labels, strict=True):
            for w in sorted({w.lower() for w in words}):
                self._site.append(s)
                self._word.append(vocabulary.setdefault(w, len(vocabulary)))
                self._body.append(bool(label))
        self._totals = None

    def _arrays(self) -> tuple[np.ndarray, ...]:
        if self._totals is None:
            site = np.array(self._site, dtype=np.int64)
            word = np.array(self._word, dtype=np.int64)
            body = np.array(self._body, dtype=bool)
            n = len(self.vocabulary)
            b = np.bincount(word[body], minlength=n).astype(np.float64)
            o = np.bincount(word[~body], minlength=n).astype(np.float64)
            pairs = np.unique(site * n + word)
            sites = np.bincount(pairs % n, minlength=n).astype(np.float64)
            order = np.argsort(site, kind="stable")
            bounds = np.searchsorted(site[order], np.arange(len(self.sites) + 1))
            self._totals = (site, word, body, b, o, sites, order, bounds)
        return self._totals

    def learn(self, parameters: LexiconParameters, leave_out: Sequence[str] = ()) -> Lexicon:
        """The lexicon of all counted sites but ``leave_out``."""
        _, word, body, b, o, sites, order, bounds = self._arrays()
        b, o, sites = b.copy(), o.copy(), sites.copy()
        n = len(self.vocabulary)
        for name in leave_out:
            if name not in self.sites:
                continue
            s = self.sites[name]
            rows = order[bounds[s] : bounds[s + 1]]
            b -= np.bincount(word[rows][body[rows]], minlength=n)
            o -= np.bincount(word[rows][~body[rows]], minlength=n)
            sites[np.unique(word[rows])] -= 1
        return _learn(b, o, sites, list(self.vocabulary), parameters)


def _learn(
    b: np.ndarray, o: np.ndarray, sites: np.ndarray, words: list[str], p: LexiconParameters
) -> Lexicon:
    lines = b + o
    eligible = np.flatnonzero((sites >= p.min_sites) & (lines >= p.min_lines))
    eligible = eligible[np.argsort(-lines[eligible], kind="stable")][: p.max_words]
    prior = np.log((b.sum() + 1.0) / (o.sum() + 1.0))
    odds = np.log((b[eligible] + 0.5) / (o[eligible] + 0.5)) - prior
    weight = odds * lines[eligible] / (lines[eligible] + p.shrinkage)
    order = np.argsort(eligible)  # vocabulary order: the same words give the same mapping
    return Lexicon({words[int(eligible[k])]: round(float(weight[k]), 4) for k in order})
