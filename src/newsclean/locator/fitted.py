"""The fitted body locator: features, two forests and a sequence decode, as one object.

It runs inside the pipeline, after the pattern filters: what they claimed (the menu, the
share line) is part of its evidence.

>>> import newsclean
>>> text = "Home\\nWorld\\nSport\\n\\nMayor opens new bridge\\n\\n"
>>> text += "SPRINGFIELD: The mayor opened the new bridge on Monday, two years after work began on it.\\n\\n"
>>> text += "About 3,000 people walked across it in the first hour, the city said in a statement.\\n\\nShare\\nTweet"
>>> article = newsclean.clean(text, newsclean.CleanConfig(body_threshold=0.5))
>>> [line[:24] for line in article.body.split("\\n\\n")]
['SPRINGFIELD: The mayor o', 'About 3,000 people walke']
>>> sorted({r.filter for r in article.removals})
['navigation', 'outside_body', 'share_bar']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from newsclean.errors import ConfigError
from newsclean.filters.layout import Block
from newsclean.locator.base import BodyLines
from newsclean.locator.decode import State, decode_article
from newsclean.locator.features import FEATURES, line_matrix
from newsclean.locator.model import LocatorModel, load_model, offset_for, stack_columns
from newsclean.locator.stacking import context_matrix
from newsclean.reasons import Reason

if TYPE_CHECKING:
    from newsclean.filters.base import Context

_LOG_WORDS = FEATURES.index("log_words")


@dataclass(frozen=True)
class LineScores:
    """The second forest's score of every non-blank line (``rows``: their indexes), and the
    decoded state of each."""

    rows: np.ndarray
    scores: np.ndarray
    states: tuple[State, ...]


def score_lines(context: Context, model: LocatorModel, offset: float) -> LineScores:
    """Score and decode the non-blank lines of ``context``'s document."""
    rows, base = line_matrix(context)
    if not len(rows):
        return LineScores(rows, np.zeros(0), ())
    doc = context.doc
    # blank lines have no words: the words of the rows are all the document's words, in order
    first_x = stack_columns(base, model.lexicon.columns_of(doc.lowered_words, doc.token_counts[rows]))
    first = model.first.scores(first_x)
    second = model.second.scores(stack_columns(first_x, context_matrix(first, first_x[:, _LOG_WORDS])))
    stops = [(claim := context.claim(int(i))) is not None and claim.reason is Reason.COMMENTS for i in rows]
    states = decode_article((second - offset).tolist(), model.costs, stops)
    return LineScores(rows, second, states)


@dataclass(frozen=True)
class FittedLocator:
    """The body as the fitted model sees it (see :mod:`newsclean.locator`).

    ``body_threshold`` trades precision for recall: a line is kept when the model's
    probability that it is article text, re-centred so that 0.5 is the balance fitted on
    the training pages, reaches it. Lower keeps more (recall), higher keeps less (precision).
    ``model_path`` names another model file (``None``: the one shipped with newsclean).
    """

    body_threshold: float = 0.5
    model_path: str | None = None

    def __post_init__(self) -> None:
        if not 0.0 < self.body_threshold < 1.0:
            raise ConfigError(
                f"body_threshold must be a probability between 0 and 1 (exclusive), got {self.body_threshold!r}"
            )

    def scores(self, context: Context) -> LineScores:
        """Every non-blank line's score and state (for explaining what the locator saw)."""
        model = load_model(self.model_path)
        return score_lines(context, model, offset_for(model, self.body_threshold))

    def locate(self, context: Context) -> BodyLines | None:
        scored = self.scores(context)
        lines = frozenset(
            int(i)
            for i, state in zip(scored.rows, scored.states, strict=True)
            if state is State.BODY and not context.is_claimed(int(i))
        )
        if not lines:
            return None
        return BodyLines(lines, Block(min(lines), max(lines) + 1))
