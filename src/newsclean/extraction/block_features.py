"""The features of a page's text blocks, as the fitted block model reads them.

One row per :class:`~newsclean.extraction.blocks.TextBlock`, one float32 column per name of
:data:`FEATURES`: the block's own text (length, link share, punctuation, function words),
its DOM evidence (owner element, ancestors, class and id word groups), trafilatura's verdict
(how much of the block is in trafilatura's main text), and its neighbourhood (the blocks
around it, its siblings, its place in the page).

>>> from newsclean.extraction.blocks import TextBlock
>>> import numpy as np
>>> groups = np.zeros(16, np.float32)
>>> blocks = [TextBlock("Home", 4, "li", 5, groups, frozenset({"a", "li"}), 1, False),
...           TextBlock("The mayor opened the bridge on Monday.", 0, "p", 6, groups, frozenset({"p"}), 2, False)]
>>> x = block_matrix(blocks, "The mayor opened the bridge on Monday.", frozenset({"the", "on"}), None)
>>> x.shape == (2, len(FEATURES))
True
>>> x[:, FEATURES.index("extracted")].tolist(), x[:, FEATURES.index("link_ratio")].tolist()
([0.0, 1.0], [1.0, 0.0])
"""

from __future__ import annotations

import math

import numpy as np
import regex

from newsclean.extraction.block_words import WORD_GROUPS
from newsclean.extraction.blocks import ANCESTORS, OWNERS, TextBlock

_TOKEN = regex.compile(r"\w+")
_SENTENCE_END = regex.compile(r"[.!?…。！？\"”’)»]\s*$")
_DATE = regex.compile(r"\b(?:19|20)\d\d\b|\b\d{1,2}:\d{2}\b")
_SEPARATOR = regex.compile(r"[|•·»›>/]")
_DIGIT = regex.compile(r"\d")
_PUNCTUATION = regex.compile(r"[^\w\s]")
_CAPITALISED = regex.compile(r"(?:^|\s)\p{Lu}")
#: Blocks on each side that the window features read.
WINDOW = 3
#: Blocks longer than this many tokens are not compared with the title.
TITLE_MAX_TOKENS = 40

_OWN = (
    "log_tokens", "log_chars", "link_ratio", "digit_ratio", "capitalised_ratio", "punctuation_per_token",
    "ends_sentence", "starts_upper", "function_word_ratio", "commas_per_token", "date_like",
    "separators_per_token", "depth", "hidden", "mean_token_length", "comment_section",
)  # fmt: skip
_PAGE = (
    "extracted", "position", "tokens_before", "page_log_tokens", "page_extracted_share", "sibling_extracted",
    "sibling_log_tokens", "window_extracted", "window_link_ratio", "window_log_tokens", "after_last_extracted",
    "before_first_extracted", "title_share", "repeats",
)  # fmt: skip
_NEIGHBOUR = ("log_tokens", "link_ratio", "extracted", "ends_sentence")
#: The names of the feature columns, in order.
FEATURES: tuple[str, ...] = (
    *_OWN,
    *(f"owner_{k}" for k in OWNERS),
    *(f"in_{t}" for t in ANCESTORS),
    *(f"class_{g}" for g in WORD_GROUPS),
    *_PAGE,
    *(f"previous_{n}" for n in _NEIGHBOUR),
    *(f"next_{n}" for n in _NEIGHBOUR),
)
_COLUMN = {name: i for i, name in enumerate(FEATURES)}


class ShingleSet:
    """The 4-token shingles of a text, to ask what share of a block's shingles it holds. A block of
    fewer than four tokens has no shingle: it is held (1.0) when it is a whole line of the text, else
    not (0.0); a menu item that happens to be a word of the article is not the article's.

    >>> ShingleSet("one two three four five").share(["two", "three", "four", "five", "six"])
    0.5
    >>> ShingleSet("Local news\\nOne two, three.").share(["one", "two", "three"])
    1.0
    >>> ShingleSet("Local news\\nOne two, three.").share(["local"])
    0.0
    """

    def __init__(self, text: str) -> None:
        lowered = text.lower()
        tokens = _TOKEN.findall(lowered)
        self._grams = {" ".join(tokens[i : i + 4]) for i in range(len(tokens) - 3)}
        self._lines = {" ".join(_TOKEN.findall(line)) for line in lowered.splitlines()}
        self._empty = not tokens

    def share(self, tokens: list[str]) -> float:
        """The share of ``tokens``' shingles in this set (lowercase tokens, as :func:`tokens_of` gives)."""
        if self._empty or not tokens:
            return 0.0
        if len(tokens) < 4:
            return 1.0 if " ".join(tokens) in self._lines else 0.0
        grams = [" ".join(tokens[i : i + 4]) for i in range(len(tokens) - 3)]
        return sum(g in self._grams for g in grams) / len(grams)


def tokens_of(text: str) -> list[str]:
    """The lowercase word tokens of ``text``, as the features and the labels count them."""
    tokens: list[str] = _TOKEN.findall(text.lower())
    return tokens


def block_matrix(
    blocks: list[TextBlock],
    extracted: str,
    function_words: frozenset[str],
    title: str | None,
    tokens: list[list[str]] | None = None,
) -> np.ndarray:
    """The feature rows of ``blocks``: ``extracted`` is trafilatura's main text of the page,
    ``function_words`` the stoplist of its language, ``title`` its title if known, ``tokens``
    each block's :func:`tokens_of` if already known."""
    n = len(blocks)
    x = np.zeros((n, len(FEATURES)), dtype=np.float32)
    if not n:
        return x
    if tokens is None:
        tokens = [tokens_of(b.text) for b in blocks]
    main, heading = ShingleSet(extracted), ShingleSet(title or "")
    seen: dict[str, int] = {}
    for b in blocks:
        seen[b.text] = seen.get(b.text, 0) + 1
    owner_column = {k: _COLUMN[f"owner_{k}"] for k in OWNERS}
    ancestor_column = {t: _COLUMN[f"in_{t}"] for t in ANCESTORS}
    first_group = _COLUMN[f"class_{WORD_GROUPS[0]}"]
    for i, (b, words) in enumerate(zip(blocks, tokens, strict=True)):
        text, row = b.text, x[i]
        count, chars = max(1, len(words)), len(text)
        row[0] = math.log1p(len(words))
        row[1] = math.log1p(chars)
        row[2] = b.link_chars / chars
        row[3] = len(_DIGIT.findall(text)) / chars
        row[4] = len(_CAPITALISED.findall(text)) / max(1, text.count(" ") + 1)
        row[5] = len(_PUNCTUATION.findall(text)) / count
        row[6] = _SENTENCE_END.search(text) is not None
        row[7] = text[:1].isupper()
        row[8] = sum(w in function_words for w in words) / count
        row[9] = text.count(",") / count
        row[10] = _DATE.search(text) is not None
        row[11] = len(_SEPARATOR.findall(text)) / count
        row[12] = b.depth
        row[13] = b.hidden
        row[14] = sum(map(len, words)) / count
        row[15] = b.in_comments
        row[owner_column[b.owner]] = 1.0
        for tag in b.ancestors:
            if tag in ancestor_column:
                row[ancestor_column[tag]] = 1.0
        row[first_group : first_group + len(WORD_GROUPS)] = b.groups
        row[_COLUMN["extracted"]] = main.share(words)
        row[_COLUMN["title_share"]] = heading.share(words) if len(words) <= TITLE_MAX_TOKENS else 0.0
        row[_COLUMN["repeats"]] = math.log(seen[text])
    _page_columns(x, blocks, np.array([len(w) for w in tokens], dtype=np.float32))
    return x


def _page_columns(x: np.ndarray, blocks: list[TextBlock], counts: np.ndarray) -> None:
    """Fill the columns that read the page around each block."""
    n = len(blocks)
    total = float(counts.sum()) or 1.0
    extracted = x[:, _COLUMN["extracted"]]
    x[:, _COLUMN["position"]] = np.arange(n) / max(1, n - 1)
    x[:, _COLUMN["tokens_before"]] = (np.cumsum(counts) - counts) / total
    x[:, _COLUMN["page_log_tokens"]] = math.log1p(total)
    x[:, _COLUMN["page_extracted_share"]] = float((extracted * counts).sum()) / total
    siblings: dict[int, list[int]] = {}
    for i, b in enumerate(blocks):
        siblings.setdefault(b.parent, []).append(i)
    for members in siblings.values():
        rows = np.array(members)
        weight = counts[rows]
        summed = float(weight.sum())
        x[rows, _COLUMN["sibling_extracted"]] = float((extracted[rows] * weight).sum()) / (summed or 1.0)
        x[rows, _COLUMN["sibling_log_tokens"]] = math.log1p(summed)
    link = x[:, _COLUMN["link_ratio"]]
    cumulative = [np.concatenate([[0.0], np.cumsum(v * counts)]) for v in (np.ones(n), extracted, link)]
    low = np.clip(np.arange(n) - WINDOW, 0, n)
    high = np.clip(np.arange(n) + WINDOW + 1, 0, n)
    tokens = cumulative[0][high] - cumulative[0][low]
    x[:, _COLUMN["window_extracted"]] = (cumulative[1][high] - cumulative[1][low]) / np.maximum(tokens, 1)
    x[:, _COLUMN["window_link_ratio"]] = (cumulative[2][high] - cumulative[2][low]) / np.maximum(tokens, 1)
    x[:, _COLUMN["window_log_tokens"]] = np.log1p(tokens)
    kept = np.flatnonzero(extracted > 0.5)
    if len(kept):
        x[:, _COLUMN["after_last_extracted"]] = np.maximum(0, np.arange(n) - kept[-1]) / n
        x[:, _COLUMN["before_first_extracted"]] = np.maximum(0, kept[0] - np.arange(n)) / n
    else:
        x[:, _COLUMN["after_last_extracted"]] = -1.0
        x[:, _COLUMN["before_first_extracted"]] = -1.0
    for name in _NEIGHBOUR:
        source = x[:, _COLUMN[name]].copy()
        before, after = _COLUMN[f"previous_{name}"], _COLUMN[f"next_{name}"]
        x[1:, before], x[0, before] = source[:-1], -1.0
        x[:-1, after], x[-1, after] = source[1:], -1.0
