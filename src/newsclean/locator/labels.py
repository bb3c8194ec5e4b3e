"""Line labels from a gold body: which lines of a page's text are the article.

The fitted body locator learns from lines labelled body or not. The labels come from
aligning a page's all-visible-text dump with its gold body, token by token, in order:

1. Both texts are cut into the benchmark scoring's tokens (``\\w+``, case kept), the page's
   tokens remembering their line.
2. ``difflib.SequenceMatcher`` aligns the two token sequences (no junk heuristic). An
   alignment is monotone, so of a line that occurs twice on the page (a headline at the top
   and again in a related list) only the occurrence in the gold's order is matched; a
   run of fewer than ``_MIN_BLOCK`` matched tokens is dropped unless its line has no more
   tokens than that (``Home`` found somewhere in the gold is a coincidence).
3. A line is body when at least half of its tokens are matched.
4. Gold text the page holds out of order (a caption the gold moved, a headline the page
   shows last) is recovered afterwards: a line left unlabelled whose 4-gram shingles are
   mostly in gold shingles that no labelled line used is labelled body.

It also gives the benchmark's page score (4-gram shingle multisets, precision and recall
normalised by ``tp + fp + fn``) over a choice of lines, fast enough to fit the locator's
decoding costs; ``benchmarks/scoring.py`` is the reference it is tested against.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence

from newsclean.document import Document

_TOKEN = re.compile(r"\w+")
#: A matched run of fewer tokens than this, standing alone, is a coincidence.
_MIN_BLOCK = 3
#: Share of a line's tokens (or of its shingles, for lines found out of order) that must match.
_MIN_SHARE = 0.5


def _shingles(tokens: Sequence[str], n: int = 4) -> list[tuple[str, ...]]:
    if len(tokens) < n:
        return [tuple(tokens)] if tokens else []
    return [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]


def label_lines(page: str, gold: str) -> list[bool | None]:
    """Whether each line of ``page`` (as :class:`newsclean.Document` splits it) belongs to
    ``gold``; ``None`` for blank lines.

    >>> page = "Home\\nWorld\\nThe council voted on the budget today.\\nShare\\nIt passed by seven votes."
    >>> label_lines(page, "The council voted on the budget today. It passed by seven votes.")
    [False, False, True, False, True]
    """
    doc = Document.from_text(page)
    line_tokens = [_TOKEN.findall(line.text) if line.text else [] for line in doc.lines]
    owner: list[int] = []
    tokens: list[str] = []
    for index, words in enumerate(line_tokens):
        tokens.extend(words)
        owner.extend([index] * len(words))
    gold_tokens = _TOKEN.findall(gold)
    matched = [0] * len(doc.lines)
    used_gold = [False] * len(gold_tokens)
    matcher = difflib.SequenceMatcher(None, tokens, gold_tokens, autojunk=False)
    for block in matcher.get_matching_blocks():
        if block.size == 0:
            continue
        lines_in_block = {owner[block.a + k] for k in range(block.size)}
        if block.size < _MIN_BLOCK and any(
            block.size < min(_MIN_BLOCK, len(line_tokens[i])) for i in lines_in_block
        ):
            continue
        for k in range(block.size):
            matched[owner[block.a + k]] += 1
            used_gold[block.b + k] = True
    labels: list[bool | None] = [
        None if not words else matched[i] >= _MIN_SHARE * len(words) for i, words in enumerate(line_tokens)
    ]
    # Out of order: gold shingles no labelled line used.
    free: Counter[tuple[str, ...]] = Counter()
    run: list[str] = []
    for token, used in [*zip(gold_tokens, used_gold, strict=True), ("", True)]:
        if not used:
            run.append(token)
            continue
        free.update(_shingles(run))
        run = []
    if free:
        for i, words in enumerate(line_tokens):
            if labels[i] is not False:
                continue
            grams = _shingles(words)
            found = [g for g in grams if free[g] > 0]
            if grams and len(words) >= _MIN_BLOCK and len(found) >= _MIN_SHARE * len(grams):
                labels[i] = True
                free.subtract(found)
    return labels


def tokens_by_line(page: str) -> list[list[str]]:
    """The scoring's tokens of each line of ``page`` (as :class:`newsclean.Document` splits it)."""
    return [_TOKEN.findall(line.text) if line.text else [] for line in Document.from_text(page).lines]


def shingle_counts(tokens: Sequence[str]) -> Counter[tuple[str, ...]]:
    """The multiset of 4-token shingles of ``tokens`` (fewer than 4 tokens: one shingle)."""
    if len(tokens) < 4:
        return Counter([tuple(tokens)])
    return Counter(zip(tokens, tokens[1:], tokens[2:], tokens[3:], strict=False))


def page_score(
    lines: Sequence[Sequence[str]], kept: Sequence[int], gold: Counter[tuple[str, ...]]
) -> tuple[float, float, float]:
    """``(tp, fp, fn)`` of keeping the lines ``kept`` (indexes into ``lines``, token lists), each
    divided by their sum, against the gold's shingle counts (:func:`shingle_counts`).

    >>> lines = [["Home"], ["The", "council", "voted", "on", "the", "budget"]]
    >>> gold = shingle_counts(["The", "council", "voted", "on", "the", "budget"])
    >>> page_score(lines, [1], gold)
    (1.0, 0.0, 0.0)
    """
    predicted = shingle_counts([t for i in kept for t in lines[i]])
    tp = sum(min(count, gold[k]) for k, count in predicted.items())
    fp = sum(predicted.values()) - tp
    fn = sum(gold.values()) - tp
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def mean_f1(counts: Sequence[tuple[float, float, float]]) -> float:
    """The benchmark's F1 over pages, each given as :func:`page_score`'s ``(tp, fp, fn)``: the
    harmonic mean of the mean page precision and the mean page recall (pages where either is
    undefined left out; a page without a false positive or negative scores 1 on both).

    >>> round(mean_f1([(0.5, 0.5, 0.0), (1.0, 0.0, 0.0)]), 4)
    0.8571
    """
    precisions = [1.0 if fp == 0 and fn == 0 else tp / (tp + fp) for tp, fp, fn in counts if tp + fp > 0]
    recalls = [1.0 if fp == 0 and fn == 0 else tp / (tp + fn) for tp, fp, fn in counts if tp + fn > 0]
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0
