"""The fitted body locator's parameters, as shipped: one small, versioned JSON file.

``locator.json`` (next to this module) holds the lexicon, the two forests, the decoding costs
and the names of the features they were fitted on. It is plain data, made by
``python -m newsclean.locator.train`` from the permissively licensed benchmark pages and
the project's samples, loaded once per process and evaluated with numpy.

>>> model = load_model()
>>> model.format_version, len(model.features) == model.first.features.max() + 1 or model.first.trees > 0
(1, True)
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from newsclean.errors import NewscleanError
from newsclean.locator.decode import DecodeCosts
from newsclean.locator.features import FEATURES
from newsclean.locator.forest import ObliviousForest
from newsclean.locator.lexicon import LEXICAL_FEATURES, Lexicon
from newsclean.locator.stacking import CONTEXT_FEATURES

FORMAT = "newsclean-locator"
FORMAT_VERSION = 1
#: The columns the first forest sees, then the second (which sees the first's verdicts too).
FIRST_FEATURES: tuple[str, ...] = (*FEATURES, *LEXICAL_FEATURES)
SECOND_FEATURES: tuple[str, ...] = (*FIRST_FEATURES, *CONTEXT_FEATURES)


class ModelError(NewscleanError, ValueError):
    """A locator model file that this version of newsclean cannot use."""


@dataclass(frozen=True, eq=False)
class LocatorModel:
    """Everything the fitted locator needs at run time."""

    lexicon: Lexicon
    first: ObliviousForest
    """Scores each line from its own features and its neighbourhood's."""
    second: ObliviousForest
    """Scores it again with the first forest's verdicts around it."""
    costs: DecodeCosts
    offset: float
    """Subtracted from every score before decoding (the fitted balance of precision and recall)."""
    trained_on: dict[str, Any]
    """What it was fitted on: sets, pages, seed, parameters."""
    format_version: int = FORMAT_VERSION

    @property
    def features(self) -> tuple[str, ...]:
        """Names of the second forest's columns (the first forest uses a prefix of them)."""
        return SECOND_FEATURES

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form written to ``locator.json``."""
        return {
            "format": FORMAT,
            "format_version": self.format_version,
            "first_features": list(FIRST_FEATURES),
            "second_features": list(SECOND_FEATURES),
            "trained_on": self.trained_on,
            "lexicon": dict(self.lexicon.weights),
            "first": self.first.to_dict(),
            "second": self.second.to_dict(),
            "costs": {
                "start": self.costs.start,
                "box": self.costs.box,
                "box_line": self.costs.box_line,
                "end": self.costs.end,
                "thread": None if math.isinf(self.costs.thread) else self.costs.thread,
            },
            "offset": self.offset,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LocatorModel:
        """The model :meth:`to_dict` wrote; :class:`ModelError` if it was written for other features."""
        if data.get("format") != FORMAT or data.get("format_version") != FORMAT_VERSION:
            raise ModelError(
                f"not a newsclean locator model of format version {FORMAT_VERSION} "
                f"(found {data.get('format')!r} version {data.get('format_version')!r}): "
                "make it again with python -m newsclean.locator.train"
            )
        for key, names in (("first_features", FIRST_FEATURES), ("second_features", SECOND_FEATURES)):
            if tuple(data.get(key, ())) != names:
                raise ModelError(
                    f"the model's {key} differ from the features this version computes: "
                    "make it again with python -m newsclean.locator.train"
                )
        costs = data["costs"]
        return cls(
            lexicon=Lexicon({str(k): float(v) for k, v in data["lexicon"].items()}),
            first=ObliviousForest.from_dict(data["first"], len(FIRST_FEATURES)),
            second=ObliviousForest.from_dict(data["second"], len(SECOND_FEATURES)),
            costs=DecodeCosts(
                float(costs["start"]),
                float(costs["box"]),
                float(costs["box_line"]),
                float(costs["end"]),
                float("inf") if costs.get("thread") is None else float(costs["thread"]),
            ),
            offset=float(data["offset"]),
            trained_on=dict(data.get("trained_on", {})),
        )

    def dumps(self) -> str:
        """The model as the text of a JSON file (stable: the same model, the same bytes)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"


def offset_for(model: LocatorModel, body_threshold: float) -> float:
    """The score offset that keeps a line when the locator's probability of it being body,
    re-centred on the model's fitted balance, reaches ``body_threshold``.

    >>> import math
    >>> class M: offset = 0.25
    >>> offset_for(M, 0.5), round(offset_for(M, 0.75) - 0.25, 4) == round(math.log(3), 4)
    (0.25, True)
    """
    return model.offset + math.log(body_threshold / (1.0 - body_threshold))


MODEL_FILE = "locator.json"


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> LocatorModel:
    """The shipped model (or the one at ``path``), loaded once per process."""
    # what to do next: the shipped file is newsclean's own; a file the user named is theirs
    remedy = (
        "reinstall newsclean"
        if path is None
        else "give the path of a file made by python -m newsclean.locator.train"
    )
    try:
        if path is None:
            text = resources.files("newsclean.locator").joinpath(MODEL_FILE).read_text(encoding="utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ModelError(f"cannot read the locator model ({exc}): {remedy}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ModelError(f"the locator model is not valid JSON ({exc}): {remedy}") from exc
    return LocatorModel.from_dict(data)


def stack_columns(*parts: np.ndarray) -> np.ndarray:
    """Columns side by side, as float32 (the forests compare float32 values)."""
    return np.concatenate(parts, axis=1).astype(np.float32, copy=False)
