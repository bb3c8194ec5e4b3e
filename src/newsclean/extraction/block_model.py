"""HTML mode's fitted block model: which of a page's text blocks are article text.

A forest of oblivious trees (:class:`~newsclean.locator.forest.ObliviousForest`) scores every
block of :func:`~newsclean.extraction.blocks.segment` from its features
(:mod:`~newsclean.extraction.block_features`); a block is kept when its score passes the
model's ``threshold``. Two rules follow, with values fitted with the forest:

- **guard**: when the kept blocks hold less than ``guard`` of the tokens of the blocks
  trafilatura kept, the page is one the model does not know (an index page, a page whose
  article is a list of links); trafilatura's blocks are kept instead;
- **comments**: a block inside a comment section
  (:func:`~newsclean.extraction.blocks.is_comment_section`, the sections trafilatura prunes when it
  leaves comments out) is dropped.

``blocks.arrays`` (next to this module) is an :mod:`~newsclean.arrays_file` made by
``python -m newsclean.extraction.block_train`` from the permissively licensed benchmark pages,
loaded once per process and evaluated with numpy.

>>> model = load_block_model()
>>> model.format_version, model.forest.trees > 0, 0.0 <= model.guard < 1.0
(1, True, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from newsclean import arrays_file
from newsclean.errors import NewscleanError
from newsclean.extraction.block_features import FEATURES
from newsclean.locator.forest import ObliviousForest
from newsclean.reasons import Reason

FORMAT = "newsclean-blocks"
FORMAT_VERSION = 1
MODEL_FILE = "blocks.arrays"
_EXTRACTED = FEATURES.index("extracted")
_LOG_TOKENS = FEATURES.index("log_tokens")
_COMMENT_SECTION = FEATURES.index("comment_section")


class BlockModelError(NewscleanError, ValueError):
    """A block model file that this version of newsclean cannot use."""


@dataclass(frozen=True, eq=False)
class BlockModel:
    """Everything HTML mode's block model needs at run time."""

    forest: ObliviousForest
    threshold: float
    """A block is kept when its score (a logit) is above this."""
    guard: float
    """Below this share of trafilatura's blocks' tokens kept, trafilatura's blocks are kept instead."""
    trained_on: dict[str, Any]
    """What it was fitted on: sets, pages, parameters, and how the rules' values were chosen."""
    format_version: int = FORMAT_VERSION

    def dumps(self) -> bytes:
        """The model as the bytes of its file (the same model, the same bytes)."""
        meta = {
            "format": FORMAT,
            "format_version": self.format_version,
            "features": list(FEATURES),
            "threshold": self.threshold,
            "guard": self.guard,
            "bias": float(np.float32(self.forest.bias)),
            "trained_on": self.trained_on,
        }
        arrays = {
            "features": self.forest.features.astype("<i8"),
            "thresholds": self.forest.thresholds.astype("<f4"),
            "leaves": self.forest.leaves.astype("<f4"),
        }
        return arrays_file.dumps(meta, arrays)

    @classmethod
    def loads(
        cls, data: bytes, remedy: str = "make it again with python -m newsclean.extraction.block_train"
    ) -> BlockModel:
        """The model :meth:`dumps` wrote; :class:`BlockModelError` (ending in ``remedy``) otherwise."""
        try:
            meta, arrays = arrays_file.loads(data)
        except arrays_file.ArraysFileError as exc:
            raise BlockModelError(f"not a newsclean block model file ({exc}): {remedy}") from exc
        if not isinstance(meta, dict) or (meta.get("format"), meta.get("format_version")) != (
            FORMAT,
            FORMAT_VERSION,
        ):
            found = (meta.get("format"), meta.get("format_version")) if isinstance(meta, dict) else meta
            raise BlockModelError(
                f"not a newsclean block model of format version {FORMAT_VERSION} (found {found!r}): {remedy}"
            )
        if tuple(meta.get("features", ())) != FEATURES:
            raise BlockModelError(f"the model's features differ from those this version computes: {remedy}")
        try:
            forest = ObliviousForest.from_arrays(
                float(meta["bias"]), arrays["features"], arrays["thresholds"], arrays["leaves"], len(FEATURES)
            )
            return cls(
                forest, float(meta["threshold"]), float(meta["guard"]), dict(meta.get("trained_on", {}))
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise BlockModelError(f"the block model lacks or mangles a part ({exc!r}): {remedy}") from exc


@lru_cache(maxsize=4)
def load_block_model(path: str | None = None) -> BlockModel:
    """The shipped model (or the one at ``path``), loaded once per process."""
    if path is None:
        data = resources.files("newsclean.extraction").joinpath(MODEL_FILE).read_bytes()
        return BlockModel.loads(data, "reinstall newsclean")
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise BlockModelError(
            f"cannot read the block model {path!r} ({exc.strerror}): check the path"
        ) from exc
    return BlockModel.loads(
        data, "give the path of a file made by python -m newsclean.extraction.block_train"
    )


@dataclass(frozen=True)
class BlockVerdicts:
    """What the model made of a page's blocks."""

    scores: np.ndarray
    """Each block's score (a logit: above the model's threshold, article text)."""
    dropped: tuple[tuple[int, Reason, str], ...]
    """The dropped blocks: index, reason, and the rule that dropped it."""
    guarded: bool
    """Whether the guard rule kept trafilatura's blocks instead of the model's."""

    @property
    def kept(self) -> list[int]:
        """The blocks kept (those not :attr:`dropped`), in order."""
        dropped = {i for i, _, _ in self.dropped}
        return [i for i in range(len(self.scores)) if i not in dropped]


def judge_blocks(model: BlockModel, x: np.ndarray) -> BlockVerdicts:
    """Which blocks (their feature rows ``x``) the model keeps.

    >>> from newsclean.extraction.block_features import block_matrix
    >>> model = load_block_model()
    >>> x = np.zeros((0, len(FEATURES)), np.float32)
    >>> judge_blocks(model, x).dropped
    ()
    """
    scores = model.forest.scores(x) if len(x) else np.zeros(0)
    return verdicts_from_scores(scores, x, model.threshold, model.guard)


def verdicts_from_scores(scores: np.ndarray, x: np.ndarray, threshold: float, guard: float) -> BlockVerdicts:
    """:func:`judge_blocks` for blocks already scored (the training command chooses ``threshold``
    and ``guard`` with it)."""
    kept = scores > threshold
    counts = np.expm1(x[:, _LOG_TOKENS]) if len(x) else np.zeros(0)
    extracted = x[:, _EXTRACTED] > 0.5 if len(x) else np.zeros(0, dtype=bool)
    theirs = float(counts[extracted].sum())
    guarded = theirs > 0 and float(counts[extracted & kept].sum()) < guard * theirs
    if guarded:
        kept = extracted
    why = "trafilatura's blocks (the model kept too little of them)" if guarded else "block model"
    dropped = [(i, Reason.PAGE_BLOCK, why) for i in np.flatnonzero(~kept).tolist()]
    if len(x):
        thread = kept & (x[:, _COMMENT_SECTION] > 0.5)
        dropped += [(i, Reason.COMMENTS, "a comment section") for i in np.flatnonzero(thread).tolist()]
        dropped.sort()
    return BlockVerdicts(scores, tuple(dropped), guarded)
