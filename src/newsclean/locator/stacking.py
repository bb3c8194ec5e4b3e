"""The second look: each line's features joined with the first forest's verdicts around it.

A line's own features say whether it looks like article text; whether it *is* the article
depends on what surrounds it: a paragraph among a dozen body-like lines is the story, the
same paragraph alone among menus is a promo. The second forest sees the first forest's
scores of the neighbouring lines, their averages over windows of several sizes, and where
the line stands relative to the page's strongest run of body-like lines (the maximum-sum
run of ``p - 0.5``, weighted by words). These are "stacked" features: the second forest is
fitted on first-forest scores the first forest gave to pages it was not fitted on.

>>> import numpy as np
>>> words = np.log1p(np.array([1, 1, 20, 25, 2], dtype=np.float32))
>>> m = context_matrix(np.array([-3.0, -2.0, 2.5, 3.0, -1.0]), words)
>>> m.shape == (5, len(CONTEXT_FEATURES))
True
>>> m[:, CONTEXT_FEATURES.index("in_best_run")].tolist()
[0.0, 0.0, 1.0, 1.0, 0.0]
"""

from __future__ import annotations

import numpy as np

from newsclean.locator.features import _shift, _window_means

_CLIP = 8.0
_OFFSETS = (-3, -2, -1, 1, 2, 3)
_WINDOWS = (2, 5, 12, 30)
#: Half width of the window a line's score is ranked in (``local_rank``).
_LOCAL = 5
CONTEXT_FEATURES: tuple[str, ...] = (
    "score",
    *(f"score@{offset:+d}" for offset in _OFFSETS),
    *(f"p~{width}" for width in _WINDOWS),
    *(f"body_words~{width}" for width in _WINDOWS),
    "in_best_run",
    "log_lines_to_best_run",
    "after_best_run",
    "best_run_share",
    "body_mass_above",
    "local_rank",
)
"""Names of the columns :func:`context_matrix` adds, in order."""


def best_run(gain: np.ndarray) -> tuple[int, int]:
    """The half-open range with the largest sum of ``gain`` (empty ``(0, 0)`` when none is positive).

    >>> best_run(np.array([-1.0, 2.0, -0.5, 3.0, -4.0, 1.0]))
    (1, 4)
    """
    if not len(gain):
        return 0, 0
    prefix = np.concatenate(([0.0], np.cumsum(gain)))[:-1]  # sum of the gains before each line
    low = np.minimum.accumulate(prefix)
    # where the lowest prefix up to each line was reached (the latest, for the shortest run)
    low_at = np.maximum.accumulate(np.where(prefix <= low, np.arange(len(gain)), 0))
    value = prefix + gain - low
    end = int(np.argmax(value))
    if value[end] <= 0:
        return 0, 0
    return int(low_at[end]), end + 1


def context_matrix(scores: np.ndarray, log_words: np.ndarray) -> np.ndarray:
    """The context columns (:data:`CONTEXT_FEATURES`) of lines whose first-forest scores are
    ``scores`` and whose ``log1p`` word counts are ``log_words``."""
    n = len(scores)
    s = np.clip(scores, -_CLIP, _CLIP).astype(np.float32)
    p = 1.0 / (1.0 + np.exp(-s))
    words = np.expm1(log_words).astype(np.float32)
    mass = p * words
    columns = [s]
    columns.extend(_shift(s, offset, -_CLIP) for offset in _OFFSETS)
    p_means = _window_means(p, (*_WINDOWS, _LOCAL))
    columns.extend(p_means[: len(_WINDOWS)])
    columns.extend(
        np.log1p(means * (2 * width + 1))
        for means, width in zip(_window_means(mass, _WINDOWS), _WINDOWS, strict=True)
    )
    start, stop = best_run((p - 0.5) * log_words)
    index = np.arange(n)
    inside = (index >= start) & (index < stop)
    distance = np.where(index < start, start - index, np.where(index >= stop, index - stop + 1, 0))
    total = float(mass.sum())
    run_share = float(mass[start:stop].sum()) / total if total > 0 else 0.0
    local = p_means[-1]
    rank = np.argsort(np.argsort(-local, kind="stable"), kind="stable")
    columns.extend(
        [
            inside.astype(np.float32),
            np.log1p(distance).astype(np.float32),
            (index >= stop).astype(np.float32) if stop > start else np.zeros(n, dtype=np.float32),
            np.full(n, run_share, dtype=np.float32),
            ((np.cumsum(mass) - mass) / total).astype(np.float32) if total > 0 else np.zeros(n, np.float32),
            (rank / max(n - 1, 1)).astype(np.float32),
        ]
    )
    return np.stack(columns, axis=1).astype(np.float32, copy=False)
