"""Fitting the locator: lexicon, first forest, second forest, decoding costs.

All of it from labelled page tables (:mod:`~newsclean.locator.dataset`), deterministic for a
given seed, with numpy only:

1. The lexicon's word counts; each training page's lexical features come from the lexicon
   of the *other* sites, so that the forests learn how far a lexicon can be trusted on a
   site it has not seen.
2. Pages are split into folds by site. The first forest is fitted once per fold on the
   other folds and scores the fold's pages: those out-of-fold scores are what the second
   forest's context features are computed from (stacking). Then it is fitted on all pages.
3. The second forest likewise: out of fold (for the next step), then on all pages.
4. The decoding costs and the score offset are chosen, by coordinate ascent over a grid,
   to maximise the benchmark's F1 over the pages' out-of-fold second-forest scores.

Short cropped copies of pages and short stories are trained on but not used to choose the
decoding costs (those are chosen on whole pages: as they are, with comment threads, and
with another site's story).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from newsclean.locator.boosting import BoostingParameters, fit_forest
from newsclean.locator.dataset import PageTable, row_weights
from newsclean.locator.decode import DecodeCosts, State, decode_article
from newsclean.locator.features import FEATURES
from newsclean.locator.forest import ObliviousForest
from newsclean.locator.labels import mean_f1, page_score
from newsclean.locator.lexicon import Lexicon, LexiconCounts, LexiconParameters
from newsclean.locator.model import LocatorModel, stack_columns
from newsclean.locator.stacking import context_matrix

_LOG_WORDS = FEATURES.index("log_words")


@dataclass(frozen=True)
class TrainingParameters:
    """Everything that decides what a training run makes."""

    first: BoostingParameters = field(
        default_factory=lambda: BoostingParameters(
            trees=150, depth=6, learning_rate=0.1, subsample=0.5, seed=1
        )
    )
    """The first forest: line and neighbour features."""
    second: BoostingParameters = field(
        default_factory=lambda: BoostingParameters(
            trees=150, depth=6, learning_rate=0.1, subsample=0.5, seed=2
        )
    )
    """The second forest: the first forest's out-of-fold scores in context."""
    lexicon: LexiconParameters = field(default_factory=LexiconParameters)
    folds: int = 4
    """Folds (by site) for the out-of-fold scores the second forest and the decode are fitted on."""
    seed: int = 0
    """Seed of the fold assignment (the forests have their own)."""
    costs_grid: tuple[tuple[str, tuple[float, ...]], ...] = (
        ("offset", (-2.0, -1.5, -1.0, -0.5, -0.25, 0.0, 0.25, 0.5, 1.0)),
        ("start", (0.0, 1.0, 2.0, 4.0, 8.0)),
        ("box", (0.0, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0)),
        ("box_line", (0.0, 0.1, 0.3, 0.6, 1.0)),
        ("end", (0.0, 1.0, 2.0, 4.0, 8.0)),
        ("thread", (5.0, 10.0, 20.0, 40.0, 80.0, float("inf"))),
    )
    """The values tried for each decoding cost, in turn, twice over."""

    def describe(self) -> dict[str, Any]:
        """A JSON-ready summary, stored in the model file."""
        return {
            "first": vars(self.first),
            "second": vars(self.second),
            "lexicon": vars(self.lexicon),
            "folds": self.folds,
            "seed": self.seed,
        }


def folds_of_sites(sites: Iterable[str], folds: int, seed: int) -> dict[str, int]:
    """The fold of each site: sites dealt round-robin in a seeded shuffle.

    >>> folds_of_sites(["a", "b", "c", "b"], 2, seed=0) == folds_of_sites(["c", "a", "b"], 2, seed=0)
    True
    """
    ordered = sorted(set(sites))
    order = np.random.default_rng(seed).permutation(len(ordered))
    return {ordered[int(k)]: n % folds for n, k in enumerate(order)}


def site_folds(tables: Sequence[PageTable], folds: int, seed: int) -> list[int]:
    """The fold of each page: its site's (:func:`folds_of_sites`)."""
    fold_of = folds_of_sites((t.page.site for t in tables), folds, seed)
    return [fold_of[t.page.site] for t in tables]


def fit_rows(
    xs: Sequence[np.ndarray], ys: Sequence[np.ndarray], ws: Sequence[np.ndarray], params: BoostingParameters
) -> ObliviousForest:
    """A forest fitted on the rows of every page (features ``xs``, labels ``ys``, weights ``ws``)."""
    return fit_forest(np.concatenate(list(xs)), np.concatenate(list(ys)), np.concatenate(list(ws)), params)


def out_of_fold(
    xs: Sequence[np.ndarray],
    ys: Sequence[np.ndarray],
    ws: Sequence[np.ndarray],
    fold: Sequence[int],
    params: BoostingParameters,
) -> list[np.ndarray]:
    """Each page's row scores from a forest fitted (:func:`fit_rows`) on the pages of the other folds."""
    scores: list[np.ndarray] = [np.zeros(0)] * len(xs)
    for j in sorted(set(fold)):
        train = [k for k, f in enumerate(fold) if f != j]
        forest = fit_rows([xs[k] for k in train], [ys[k] for k in train], [ws[k] for k in train], params)
        for k, f in enumerate(fold):
            if f == j:
                scores[k] = forest.scores(xs[k])
    return scores


def lexical_inputs(
    tables: Sequence[PageTable], params: LexiconParameters
) -> tuple[Lexicon, list[np.ndarray]]:
    """The lexicon of all ``tables``, and each table's first-forest inputs with lexical
    features from the lexicon of the other sites."""
    counts = LexiconCounts()
    for t in tables:
        counts.add(t.page.site, t.words, (t.y > 0).tolist())
    by_site: dict[str, Lexicon] = {}
    inputs = []
    for t in tables:
        if t.page.site not in by_site:
            by_site[t.page.site] = counts.learn(params, leave_out=[t.page.site])
        inputs.append(stack_columns(t.x, by_site[t.page.site].columns(t.words)))
    return counts.learn(params), inputs


def decode_tables(
    tables: Sequence[PageTable], scores: Sequence[np.ndarray], costs: DecodeCosts, offset: float
) -> list[list[int]]:
    """The lines each page keeps when its scores are decoded (claimed lines never)."""
    kept = []
    for t, s in zip(tables, scores, strict=True):
        states = decode_article((s - offset).tolist(), costs, t.stops.tolist())
        keep = np.array([st is State.BODY for st in states], dtype=bool) & ~t.claimed
        kept.append([int(i) for i in t.rows[keep]])
    return kept


def benchmark_f1(tables: Sequence[PageTable], kept: Sequence[Sequence[int]]) -> float:
    """The benchmark's F1 of keeping ``kept`` lines on each page (:func:`~newsclean.locator.labels.mean_f1`)."""
    return mean_f1([page_score(t.score_tokens, lines, t.gold) for t, lines in zip(tables, kept, strict=True)])


def fit_costs(
    tables: Sequence[PageTable], scores: Sequence[np.ndarray], params: TrainingParameters
) -> tuple[DecodeCosts, float, float]:
    """The decoding costs and offset that maximise :func:`benchmark_f1`, and that F1."""
    current = {"offset": 0.0, "start": 2.0, "box": 2.0, "box_line": 0.3, "end": 2.0, "thread": float("inf")}
    best = -1.0

    def value(c: dict[str, float]) -> float:
        costs = DecodeCosts(c["start"], c["box"], c["box_line"], c["end"], c["thread"])
        return benchmark_f1(tables, decode_tables(tables, scores, costs, c["offset"]))

    for _ in range(2):
        for name, values in params.costs_grid:
            for v in values:
                trial = {**current, name: v}
                f = value(trial)
                if f > best + 1e-9:
                    best, current = f, trial
    costs = DecodeCosts(
        current["start"], current["box"], current["box_line"], current["end"], current["thread"]
    )
    return costs, current["offset"], best


def fit_model(
    tables: Sequence[PageTable],
    params: TrainingParameters = TrainingParameters(),
    trained_on: dict[str, Any] | None = None,
    progress: Callable[[str], None] | None = None,
) -> LocatorModel:
    """Fit a :class:`~newsclean.locator.model.LocatorModel` on ``tables`` (see the module docs)."""
    say = progress if progress is not None else (lambda message: None)
    lexicon, first_x = lexical_inputs(tables, params.lexicon)
    say(f"lexicon: {len(lexicon.weights)} words")
    fold = site_folds(tables, params.folds, params.seed)
    ys, ws = [t.y for t in tables], [row_weights(t) for t in tables]
    first_oof = out_of_fold(first_x, ys, ws, fold, params.first)
    first = fit_rows(first_x, ys, ws, params.first)
    say("first forest fitted")
    second_x = [
        stack_columns(x, context_matrix(s, x[:, _LOG_WORDS])) for x, s in zip(first_x, first_oof, strict=True)
    ]
    second_oof = out_of_fold(second_x, ys, ws, fold, params.second)
    second = fit_rows(second_x, ys, ws, params.second)
    say("second forest fitted")
    # the costs are chosen on whole pages: as they are, with comment threads, and with another site's
    # story (crops and short stories are not pages)
    whole = [k for k, t in enumerate(tables) if not t.page.piece]
    costs, offset, f1 = fit_costs([tables[k] for k in whole], [second_oof[k] for k in whole], params)
    say(f"decoding costs {costs}, offset {offset}: out-of-fold F1 {f1:.4f}")
    described = {**(trained_on or {}), "parameters": params.describe(), "out_of_fold_f1": round(f1, 4)}
    return LocatorModel(lexicon, first, second, costs, offset, described)


def stderr_progress(message: str) -> None:
    """Progress messages for the command line."""
    print(message, file=sys.stderr, flush=True)


def with_seed(params: TrainingParameters, seed: int) -> TrainingParameters:
    """``params`` with every seed derived from ``seed``."""
    return replace(
        params,
        seed=seed,
        first=replace(params.first, seed=seed * 2 + 1),
        second=replace(params.second, seed=seed * 2 + 2),
    )
