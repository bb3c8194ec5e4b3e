"""What the fitted body locator knows of each line: one row of numbers per non-blank line.

The features are computed per document, as arrays over line offsets: character classes
from one pass over the text's code points, a few regular expressions run once over the
whole text, and everything about a line's neighbourhood from shifted copies and
cumulative sums of those columns. Nothing here is fitted; :data:`FEATURES` names the
columns, in order, and the model file records the names it was fitted with.

>>> from newsclean.filters.base import Context
>>> text = "Home\\nWorld\\nThe council voted on the budget today, officials said.\\n\\nIt passed by seven votes to two."
>>> rows, matrix = line_matrix(Context.for_text(text))
>>> rows.tolist(), matrix.shape == (4, len(FEATURES))
([0, 1, 2, 4], True)
>>> [float(v) for v in matrix[:, FEATURES.index("ends_sentence")]]
[0.0, 0.0, 1.0, 1.0]
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import numpy as np

from newsclean.filters.layout import NESTED_MARKERS
from newsclean.locator.characters import line_counts
from newsclean.pattern_cache import cached_compile
from newsclean.reasons import Reason

if TYPE_CHECKING:
    from newsclean.filters.base import Context

#: The claims of the pattern filters, grouped by what they say about the page's layout.
CLAIM_GROUPS: tuple[tuple[str, frozenset[Reason]], ...] = (
    ("navigation", frozenset({Reason.NAVIGATION, Reason.SECTION_LABEL, Reason.MENU_RUN})),
    ("byline", frozenset({Reason.BYLINE, Reason.DATE_LINE})),
    ("credit", frozenset({Reason.PHOTO_CREDIT})),
    ("share", frozenset({Reason.SHARE_BAR})),
    ("comments", frozenset({Reason.COMMENTS})),
    ("related", frozenset({Reason.RELATED_LIST, Reason.RELATED_LINK})),
    ("tags", frozenset({Reason.TAGS})),
    ("prompt", frozenset({Reason.NEWSLETTER, Reason.APP_PROMO, Reason.COOKIE_NOTICE, Reason.ADVERTISEMENT})),
    ("ticker", frozenset({Reason.TICKER})),
)
_GROUP_OF = {reason: k for k, (_, reasons) in enumerate(CLAIM_GROUPS) for reason in reasons}

#: Per-line columns before context is added.
_LINE = (
    "log_words",
    "log_chars",
    "ends_sentence",
    "ends_colon",
    "ends_comma",
    "stop_density",
    "language_known",
    "list_item",
    "nested_item",
    "table_row",
    "teaser",
    "capitalised",
    "digits",
    "upper",
    "punctuation",
    "separators",
    "word_length",
    "starts_upper",
    "starts_lower",
    "starts_digit",
    "starts_symbol",
    "sentences",
    "commas",
    "link",
    "dateline",
    "quote",
    "repeated",
    "headline_shape",
    "blank_before",
    "blank_after",
    "claimed",
    *(f"claim_{name}" for name, _ in CLAIM_GROUPS),
)
#: Columns whose values at the neighbouring lines (-2, -1, +1, +2) are features too.
_NEIGHBOUR = ("log_words", "ends_sentence", "stop_density", "claimed", "list_item", "headline_shape", "link")
_OFFSETS = (-2, -1, 1, 2)
#: Columns averaged over windows of lines around each line (half widths).
_WINDOWED = ("prose", "short", "claimed", "list_item", "log_words", "link", "claim_byline", "claim_comments")
_WINDOWS = (3, 8, 20)
_DOCUMENT = (
    "position",
    "char_position",
    "prose_words_before",
    "log_lines",
    "log_prose_words",
    "prose_mass",
    "prose_mass_rank",
    "lines_to_prose_above",
    "lines_to_prose_below",
    "short_run",
    "list_run",
    "headline_run",
    "comments_above",
    "comments_below",
    "lines_since_comments",
    "after_related",
    "before_first_prose",
    "dateline_above",
)
FEATURES: tuple[str, ...] = (
    *_LINE,
    *(f"{name}@{offset:+d}" for offset in _OFFSETS for name in _NEIGHBOUR),
    *(f"{name}~{width}" for width in _WINDOWS for name in _WINDOWED),
    *_DOCUMENT,
)
"""The names of the feature columns, in order."""

_PROSE_WORDS = 8
_SHORT_WORDS = 4
_DATELINE = cached_compile(
    r"\A\p{Lu}[\p{Lu}\p{M}.'’\-]*+(?:\h\p{Lu}[\p{Lu}\p{M}.'’\-]*+){0,3}"
    r"(?:,\h*+[\p{L}.\h]{2,30}?)?(?:\h*+\([^()\n]{1,40}\))?\h*+(?::|—|–|-{1,2})\h"
)


def _is_not_none(value: object) -> bool:
    return value is not None


def _shift(column: np.ndarray, offset: int, fill: float = 0.0) -> np.ndarray:
    out = np.full_like(column, fill)
    if offset > 0:
        out[:-offset] = column[offset:]
    elif offset < 0:
        out[-offset:] = column[:offset]
    else:
        out[:] = column
    return out


def _window_mean(column: np.ndarray, half: int) -> np.ndarray:
    """Mean of ``column`` (or of each column of a 2-d array) over the lines ``half`` above to
    ``half`` below each line, the window cut at the document's edges."""
    return _window_means(column, (half,))[0]


def _window_means(column: np.ndarray, halves: tuple[int, ...]) -> list[np.ndarray]:
    """:func:`_window_mean` for each of ``halves``, from one running total.

    >>> [m.tolist() for m in _window_means(np.array([1.0, 2.0, 3.0, 6.0]), (0, 1))]
    [[1.0, 2.0, 3.0, 6.0], [1.5, 2.0, 3.6666667461395264, 4.5]]
    """
    n = len(column)
    total = np.cumsum(column, axis=0, dtype=np.float64)
    total = np.concatenate((np.zeros((1, *total.shape[1:])), total))
    index = np.arange(n)
    out = []
    for half in halves:
        lo = np.maximum(index - half, 0)
        hi = np.minimum(index + half + 1, n)
        width = (hi - lo).astype(np.float64)
        if column.ndim == 2:
            width = width[:, None]
        out.append(((total[hi] - total[lo]) / width).astype(np.float32))
    return out


def _distance_to(flags: np.ndarray, cap: int = 50) -> tuple[np.ndarray, np.ndarray]:
    """Lines from each line to the nearest flagged line above and below (capped)."""
    n = len(flags)
    index = np.arange(n)
    last = np.where(flags, index, -(10**9))
    above = index - np.maximum.accumulate(last)
    nxt = np.where(flags, index, 10**9)
    below = np.minimum.accumulate(nxt[::-1])[::-1] - index
    return np.minimum(above, cap).astype(np.float32), np.minimum(below, cap).astype(np.float32)


def _run_length(flags: np.ndarray) -> np.ndarray:
    """For each line, the length of the run of consecutive flagged lines it belongs to (0 if not flagged)."""
    n = len(flags)
    out = np.zeros(n, dtype=np.float32)
    if not n:
        return out
    change = np.flatnonzero(np.diff(np.concatenate(([0], flags.astype(np.int8), [0]))))
    for start, stop in zip(change[::2], change[1::2], strict=True):
        out[start:stop] = stop - start
    return out


def line_matrix(context: Context) -> tuple[np.ndarray, np.ndarray]:
    """The non-blank line indexes of ``context.doc`` and their feature rows (float32, one
    column per name in :data:`FEATURES`)."""
    doc = context.doc
    lines = doc.lines
    n_all = len(lines)
    starts = np.asarray(doc.line_starts, dtype=np.int64)
    ends = np.empty(n_all, dtype=np.int64)  # a line ends where the next starts, less its newline
    ends[:-1] = starts[1:] - 1
    ends[-1:] = len(doc.text)
    all_texts = [line.text for line in lines]
    rows = np.flatnonzero(np.fromiter(map(bool, all_texts), dtype=bool, count=n_all))
    n = len(rows)
    if not n:
        return rows, np.zeros((0, len(FEATURES)), dtype=np.float32)
    indexes = rows.tolist()
    texts = [all_texts[i] for i in indexes]
    features = context.features()
    words = np.asarray(doc.word_counts, dtype=np.float32)[rows]
    chars = line_counts(doc.text, starts, ends)
    visible = np.maximum(chars["visible"][rows], 1.0)
    letters = chars["letters"][rows]
    claims = [context.claim(i) for i in indexes]
    group = np.full(n, -1, dtype=np.int64)
    for k, claim in enumerate(claims):
        if claim is not None:
            group[k] = _GROUP_OF.get(claim.reason, -1)
    claimed = np.fromiter(map(_is_not_none, claims), dtype=np.float32, count=n)
    markers = [features.list_marker[i] for i in indexes]
    nested = np.fromiter(map(NESTED_MARKERS.__contains__, markers), dtype=bool, count=n)
    first = [t[0] for t in texts]
    last = [t[-1] for t in texts]
    ends_sentence = np.asarray(doc.ends_sentence, dtype=np.float32)[rows]
    ends_terminal = np.asarray(doc.ends_terminal, dtype=np.float32)[rows]
    starts_upper = np.fromiter(map(str.isupper, first), dtype=np.float32, count=n)
    counts = Counter(texts)
    col: dict[str, np.ndarray] = {
        "log_words": np.log1p(words),
        "log_chars": np.log1p(np.fromiter(map(len, texts), dtype=np.float32, count=n)),
        "ends_sentence": ends_sentence,
        "ends_colon": ends_terminal * (1.0 - ends_sentence),
        "ends_comma": np.fromiter(map(",".__eq__, last), dtype=np.float32, count=n),
        "stop_density": np.asarray(features.stop_density, dtype=np.float32)[rows],
        "language_known": np.full(n, float(features.language is not None), dtype=np.float32),
        "list_item": (np.fromiter(map(bool, markers), dtype=bool, count=n) & ~nested).astype(np.float32),
        "nested_item": nested.astype(np.float32),
        "table_row": np.asarray(features.table_row, dtype=np.float32)[rows],
        "teaser": np.asarray(features.teaser, dtype=np.float32)[rows],
        "capitalised": chars["capitals"][rows] / np.maximum(words, 1.0),
        "digits": chars["digits"][rows] / visible,
        "upper": chars["upper"][rows] / np.maximum(letters + chars["upper"][rows], 1.0),
        "punctuation": chars["punctuation"][rows] / visible,
        "separators": chars["separators"][rows],
        "word_length": (letters + chars["upper"][rows] + chars["digits"][rows]) / np.maximum(words, 1.0),
        "starts_upper": starts_upper,
        "starts_lower": np.fromiter(map(str.islower, first), dtype=np.float32, count=n),
        "starts_digit": np.fromiter(map(str.isdigit, first), dtype=np.float32, count=n),
        "starts_symbol": 1.0 - np.fromiter(map(str.isalnum, first), dtype=np.float32, count=n),
        "sentences": chars["sentences"][rows],
        "commas": chars["commas"][rows] / np.maximum(words, 1.0),
        "link": np.minimum(chars["links"][rows], 3.0),
        "dateline": np.fromiter(
            (len(t) > 3 and t[1].isupper() and _DATELINE.match(t) is not None for t in texts), np.float32, n
        ),
        "quote": np.minimum(chars["quotes"][rows], 2.0),
        "repeated": (np.fromiter(map(counts.__getitem__, texts), dtype=np.int64, count=n) > 1).astype(
            np.float32
        ),
        "headline_shape": starts_upper
        * (words >= 2)
        * (words <= 25)
        * (1.0 - np.fromiter(map(".:;,".__contains__, last), dtype=np.float32, count=n)),
        "blank_before": np.concatenate(([1.0], (np.diff(rows) > 1).astype(np.float32))),
        "blank_after": np.concatenate(((np.diff(rows) > 1).astype(np.float32), [1.0])),
        "claimed": claimed,
    }
    for k, (name, _) in enumerate(CLAIM_GROUPS):
        col[f"claim_{name}"] = (group == k).astype(np.float32)
    prose = ((ends_terminal > 0) & (words >= _PROSE_WORDS) & (claimed == 0)).astype(np.float32)
    col["prose"] = prose
    col["short"] = ((words < _SHORT_WORDS) & (ends_sentence == 0)).astype(np.float32)
    out = [col[name] for name in _LINE]
    neighbours = np.stack([col[name] for name in _NEIGHBOUR], axis=1)
    for offset in _OFFSETS:
        shifted = _shift(neighbours, offset)
        out.extend(shifted[:, k] for k in range(len(_NEIGHBOUR)))
    windowed = np.stack([col[name] for name in _WINDOWED], axis=1)
    for means in _window_means(windowed, _WINDOWS):
        out.extend(means[:, k] for k in range(len(_WINDOWED)))
    out.extend(_document_columns(col, rows, starts, len(doc.text)))
    return rows, np.stack(out, axis=1).astype(np.float32, copy=False)


def _document_columns(
    col: dict[str, np.ndarray], rows: np.ndarray, starts: np.ndarray, length: int
) -> list[np.ndarray]:
    n = len(rows)
    prose = col["prose"]
    prose_words = prose * np.expm1(col["log_words"])
    total_prose = float(prose_words.sum())
    mass = _window_mean(prose_words, 8) * 17
    peak = float(mass.max()) if n else 0.0
    rank = np.argsort(np.argsort(-mass, kind="stable"), kind="stable").astype(np.float32)
    above, below = _distance_to(prose > 0)
    comment_lines = col["claim_comments"]
    comments_above = np.cumsum(comment_lines) - comment_lines
    comments_below = comment_lines.sum() - np.cumsum(comment_lines)
    since_comments, _ = _distance_to(comment_lines > 0)
    related = np.maximum.accumulate(col["claim_related"]) - col["claim_related"]
    before_prose = (np.cumsum(prose) == 0).astype(np.float32)
    dateline = np.maximum.accumulate(col["dateline"] * prose)
    return [
        np.arange(n, dtype=np.float32) / max(n - 1, 1),
        starts[rows].astype(np.float32) / max(length, 1),
        (np.cumsum(prose_words) - prose_words) / max(total_prose, 1.0),
        np.full(n, np.log1p(n), dtype=np.float32),
        np.full(n, np.log1p(total_prose), dtype=np.float32),
        mass / max(peak, 1.0),
        np.log1p(rank),
        np.log1p(above),
        np.log1p(below),
        np.log1p(_run_length(col["short"] > 0)),
        np.log1p(_run_length(col["list_item"] > 0)),
        np.log1p(_run_length(col["headline_shape"] > 0)),
        np.log1p(comments_above),
        np.log1p(comments_below),
        np.log1p(np.where(comments_above > 0, since_comments, 50.0)),
        np.minimum(related, 1.0),
        before_prose,
        dateline,
    ]
