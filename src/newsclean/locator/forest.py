"""A forest of oblivious decision trees: how the fitted body locator turns features into scores.

Every tree of depth ``d`` asks the same ``d`` questions (``feature > threshold``) of every
line, whatever the earlier answers were; the answers, read as the bits of a number, pick one
of the tree's ``2**d`` leaf values, and a line's score is the sum of its leaves over all trees
(a logit: ``score > 0`` means body is more likely than not). Trees of this shape (as in
CatBoost) are evaluated for all lines and all trees at once with a handful of numpy
operations, whatever their number, and they generalise well because each is a coarse,
symmetric partition of the features.

>>> forest = ObliviousForest(bias=-1.0, features=np.array([[0]]), thresholds=np.array([[0.5]], dtype=np.float32),
...                          leaves=np.array([[0.0, 3.0]], dtype=np.float32))
>>> forest.scores(np.array([[0.2], [0.9]], dtype=np.float32)).tolist()
[-1.0, 2.0]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

#: Rows :meth:`ObliviousForest.scores` scores at a time (about 60 MB of questions for 150 trees of
#: depth 6; a whole document of 50,000 lines at once took 500 MB more).
BLOCK_ROWS = 8192


@dataclass(frozen=True, eq=False)
class ObliviousForest:
    """``bias`` plus, for each tree ``t``, ``leaves[t, k]`` where bit ``j`` of ``k`` says
    whether ``x[features[t, j]] > thresholds[t, j]``."""

    bias: float
    features: np.ndarray
    """Feature column of each tree's question at each depth, shape ``(trees, depth)``."""
    thresholds: np.ndarray
    """Threshold of each question, float32, shape ``(trees, depth)``."""
    leaves: np.ndarray
    """Leaf values, float32, shape ``(trees, 2**depth)``."""

    def __post_init__(self) -> None:
        trees, depth = self.features.shape
        if self.thresholds.shape != (trees, depth) or self.leaves.shape != (trees, 2**depth):
            raise ValueError(
                f"a forest of {trees} trees of depth {depth} needs thresholds of shape {(trees, depth)} "
                f"and leaves of shape {(trees, 2**depth)}, got {self.thresholds.shape} and {self.leaves.shape}"
            )
        object.__setattr__(self, "_flat_features", self.features.reshape(-1))
        object.__setattr__(self, "_flat_thresholds", self.thresholds.reshape(-1))
        object.__setattr__(self, "_offsets", np.arange(trees, dtype=np.intp) * (2**depth))

    @property
    def trees(self) -> int:
        """Number of trees."""
        return int(self.features.shape[0])

    def scores(self, x: np.ndarray) -> np.ndarray:
        """The score (a logit) of each row of ``x`` (shape ``(rows, features)``), scored
        :data:`BLOCK_ROWS` rows at a time: a block's questions take ``rows * trees * depth``
        values, so memory stays bounded however many lines a document has."""
        trees, depth = self.features.shape
        if not trees or not len(x):
            return np.full(len(x), self.bias, dtype=np.float64)
        total = np.empty(len(x), dtype=np.float64)
        flat_leaves = self.leaves.reshape(-1)
        small = np.uint8 if depth <= 8 else np.intp
        for start in range(0, len(x), BLOCK_ROWS):
            block = x[start : start + BLOCK_ROWS]
            # Questions asked feature by feature (rows of the transposed block are contiguous, so
            # gathering them is cheap); the answers, read as bits, number each tree's leaf.
            answers = np.ascontiguousarray(block.T)[self._flat_features] > self._flat_thresholds[:, None]  # type: ignore[attr-defined]
            answers = answers.reshape(trees, depth, len(block)).view(np.uint8)
            # bits gathered in bytes when a tree's leaves are numbered in one (depth 8 at most), then widened once
            bits = np.zeros((trees, len(block)), dtype=small)
            for bit in range(depth):
                bits |= answers[:, bit, :].astype(small, copy=False) << small(bit)
            leaf = bits.astype(np.intp, copy=False)
            leaf += self._offsets[:, None]  # type: ignore[attr-defined]
            # summed line by line over the trees, in the order the trees are stored
            picked = np.ascontiguousarray(flat_leaves[leaf].T)
            total[start : start + len(block)] = picked.sum(axis=1, dtype=np.float64) + self.bias
        return total

    @classmethod
    def from_arrays(
        cls, bias: float, features: Any, thresholds: Any, leaves: Any, n_features: int
    ) -> ObliviousForest:
        """The forest of these numbers (arrays or nested lists); every feature index must be
        below ``n_features``."""
        features = np.asarray(features, dtype=np.int64)
        if features.ndim != 2:
            features = features.reshape(0, 0)
        if features.size and (features.min() < 0 or features.max() >= n_features):
            raise ValueError(f"a tree asks about a feature outside the {n_features} the model names")
        return cls(
            bias=bias,
            features=features,
            thresholds=np.asarray(thresholds, dtype=np.float32).reshape(features.shape),
            leaves=np.asarray(leaves, dtype=np.float32).reshape(len(features), -1),
        )
