"""Fitting an :class:`~newsclean.locator.forest.ObliviousForest`: gradient boosting on the log loss.

Training code, not needed to clean: it uses numpy only, is deterministic for a given seed
(rows are sampled with numpy's ``default_rng``; every sum is a ``bincount`` in row order),
and fits the ~60,000 labelled lines of the training pages in seconds.

Each tree is grown level by level; a level asks one question of every leaf, the
``feature > threshold`` that most improves the second-order approximation of the loss
summed over the leaves (``G²/(H+λ)``, as in XGBoost). Candidate thresholds are the
distinct quantiles of each feature over the training rows. Leaf values are Newton steps
shrunk by the learning rate.

>>> rng = np.random.default_rng(0)
>>> x = rng.random((400, 2)).astype(np.float32)
>>> y = (x[:, 0] > 0.6).astype(np.float64)
>>> forest = fit_forest(x, y, np.ones(400), BoostingParameters(trees=20, depth=2, learning_rate=0.5))
>>> bool(((forest.scores(x) > 0) == (y > 0)).mean() > 0.95)
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from newsclean.locator.forest import ObliviousForest


@dataclass(frozen=True)
class BoostingParameters:
    """How a forest is fitted."""

    trees: int = 200
    """Number of trees."""
    depth: int = 5
    """Questions per tree (``2**depth`` leaves)."""
    learning_rate: float = 0.1
    """Shrinkage of each tree's Newton step."""
    l2: float = 1.0
    """L2 penalty on leaf values (λ)."""
    bins: int = 32
    """Most candidate thresholds per feature."""
    subsample: float = 0.8
    """Share of rows each tree is fitted on."""
    colsample: float = 1.0
    """Share of features each tree may ask about (at least one)."""
    seed: int = 0
    """Seed of the row sampling."""


def candidate_thresholds(x: np.ndarray, bins: int) -> list[np.ndarray]:
    """Per feature, the distinct quantiles of its values that split the rows (the largest
    value is never a threshold: nothing is above it)."""
    quantiles = np.linspace(0.0, 1.0, bins + 1)[1:-1]
    out = []
    for column in x.T:
        values = np.unique(np.quantile(column, quantiles, method="lower").astype(np.float32))
        top = column.max() if len(column) else 0.0
        out.append(values[values < top])
    return out


def _binned(x: np.ndarray, thresholds: list[np.ndarray]) -> np.ndarray:
    """Bin index of every value: how many of its feature's thresholds lie below it."""
    return np.stack(
        [np.searchsorted(t, column, side="left") for t, column in zip(thresholds, x.T, strict=True)], axis=1
    ).astype(np.int32)


def _histograms(
    rows: np.ndarray, leaf: np.ndarray, g: np.ndarray, h: np.ndarray, leaves: int, width: int
) -> tuple[np.ndarray, np.ndarray]:
    """Sums of gradients and hessians by leaf, feature and bin (``rows``: the bin indexes of the
    features in play, each offset by its column's position times ``width``)."""
    n_features = rows.shape[1]
    cells = n_features * width
    index = (rows + (leaf * cells)[:, None]).ravel()
    size = leaves * cells
    hist_g = np.bincount(index, np.repeat(g, n_features), size).reshape(leaves, n_features, width)
    hist_h = np.bincount(index, np.repeat(h, n_features), size).reshape(leaves, n_features, width)
    return hist_g, hist_h


def fit_forest(
    x: np.ndarray, y: np.ndarray, weight: np.ndarray, parameters: BoostingParameters
) -> ObliviousForest:
    """Fit a forest on rows ``x`` (float32), labels ``y`` (0/1) and row weights."""
    p = parameters
    n, n_features = x.shape
    thresholds = candidate_thresholds(x, p.bins)
    widths = np.array([len(t) + 1 for t in thresholds], dtype=np.int64)
    width = int(widths.max()) if n_features else 1
    binned = _binned(x, thresholds).astype(np.int64)
    prior = float(np.clip(np.average(y, weights=weight), 1e-6, 1 - 1e-6))
    bias = float(np.log(prior / (1 - prior)))
    raw = np.full(n, bias)
    rng = np.random.default_rng(p.seed)
    tree_features = np.zeros((p.trees, p.depth), dtype=np.int64)
    tree_thresholds = np.zeros((p.trees, p.depth), dtype=np.float32)
    tree_leaves = np.zeros((p.trees, 2**p.depth), dtype=np.float32)
    valid = np.arange(width)[None, :] < (widths[:, None] - 1)  # (features, width): a real threshold
    for t in range(p.trees):
        prob = 1.0 / (1.0 + np.exp(-raw))
        grad = weight * (prob - y)
        hess = weight * prob * (1.0 - prob)
        sample = np.less(rng.random(n), p.subsample) if p.subsample < 1.0 else np.ones(n, dtype=bool)
        if p.colsample < 1.0:
            columns = np.sort(rng.permutation(n_features)[: max(1, round(p.colsample * n_features))])
        else:
            columns = np.arange(n_features)
        # bin indexes of the sampled rows and columns, each column offset into its own range
        rows = binned[np.ix_(sample, columns)] + np.arange(len(columns), dtype=np.int64) * width
        g, h = grad[sample], hess[sample]
        leaf = np.zeros(len(rows), dtype=np.int64)
        hist_g = hist_h = np.zeros((0, len(columns), width))
        for level in range(p.depth):
            if level == 0:
                hist_g, hist_h = _histograms(rows, leaf, g, h, 1, width)
            else:
                # the right children from their own rows, the left ones by subtraction from the parents
                top = 1 << (level - 1)
                right = (leaf & top) > 0
                rg, rh = _histograms(rows[right], leaf[right] - top, g[right], h[right], top, width)
                hist_g = np.concatenate((hist_g - rg, rg))
                hist_h = np.concatenate((hist_h - rh, rh))
            left_g, left_h = np.cumsum(hist_g, axis=2), np.cumsum(hist_h, axis=2)
            total_g, total_h = left_g[:, :, -1:], left_h[:, :, -1:]
            right_g, right_h = total_g - left_g, total_h - left_h
            gain = (
                left_g**2 / (left_h + p.l2) + right_g**2 / (right_h + p.l2) - total_g**2 / (total_h + p.l2)
            ).sum(axis=0)
            gain = np.where(valid[columns], gain, -np.inf)
            best = int(np.argmax(gain))
            chosen, split = divmod(best, width)
            if not np.isfinite(gain.flat[best]):
                chosen, split = 0, 0
            feature = int(columns[chosen])
            tree_features[t, level] = feature
            threshold = thresholds[feature][split] if len(thresholds[feature]) else np.float32(np.inf)
            tree_thresholds[t, level] = threshold
            leaf |= (rows[:, chosen] - chosen * width > split).astype(np.int64) << level
        sums_g = np.bincount(leaf, g, 2**p.depth)
        sums_h = np.bincount(leaf, h, 2**p.depth)
        values = -p.learning_rate * sums_g / (sums_h + p.l2)
        tree_leaves[t] = values
        answers = x[:, tree_features[t]] > tree_thresholds[t]
        raw += values[answers @ (1 << np.arange(p.depth))]
    return ObliviousForest(bias, tree_features, tree_thresholds, tree_leaves)
