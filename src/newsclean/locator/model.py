"""The fitted body locator's parameters, as shipped: one small, versioned data file.

``locator.arrays`` (next to this module) is an :mod:`~newsclean.arrays_file`: a JSON header
with the names of the features the model was fitted on, what it was fitted on, the lexicon,
the decoding costs, the score offset and the forests' biases, then the forests' arrays
(``first.features``, ``first.thresholds``, ``first.leaves``, and the same for ``second``) as
raw little-endian numbers, read with :func:`numpy.frombuffer` without parsing them. It is plain
data, made by ``python -m newsclean.locator.train`` from the permissively licensed benchmark
pages and the project's samples, loaded once per process and evaluated with numpy.

>>> model = load_model()
>>> model.format_version, len(model.features) == model.first.features.max() + 1 or model.first.trees > 0
(2, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from newsclean import arrays_file
from newsclean.errors import NewscleanError
from newsclean.locator.decode import DecodeCosts
from newsclean.locator.features import FEATURES
from newsclean.locator.forest import ObliviousForest
from newsclean.locator.lexicon import LEXICAL_FEATURES, Lexicon
from newsclean.locator.stacking import CONTEXT_FEATURES

FORMAT = "newsclean-locator"
FORMAT_VERSION = 2
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

    def dumps(self) -> bytes:
        """The model as the bytes of its file (stable: the same model, the same bytes)."""
        meta = {
            "format": FORMAT,
            "format_version": self.format_version,
            "first_features": list(FIRST_FEATURES),
            "second_features": list(SECOND_FEATURES),
            "trained_on": self.trained_on,
            "lexicon": dict(self.lexicon.weights),
            "costs": {
                "start": self.costs.start,
                "box": self.costs.box,
                "box_line": self.costs.box_line,
                "end": self.costs.end,
                "thread": None if math.isinf(self.costs.thread) else self.costs.thread,
            },
            "offset": self.offset,
            # float32 precision, as the forests' other numbers
            "first_bias": float(np.float32(self.first.bias)),
            "second_bias": float(np.float32(self.second.bias)),
        }
        arrays: dict[str, np.ndarray] = {}
        for name, forest in (("first", self.first), ("second", self.second)):
            arrays[f"{name}.features"] = forest.features.astype("<i8")
            arrays[f"{name}.thresholds"] = forest.thresholds.astype("<f4")
            arrays[f"{name}.leaves"] = forest.leaves.astype("<f4")
        return arrays_file.dumps(meta, arrays)

    @classmethod
    def loads(
        cls, data: bytes, remedy: str = "make it again with python -m newsclean.locator.train"
    ) -> LocatorModel:
        """The model :meth:`dumps` wrote; :class:`ModelError` (its message ending in ``remedy``,
        what to do next) if ``data`` is not such a model or it was written for other features."""
        try:
            meta, arrays = arrays_file.loads(data)
        except arrays_file.ArraysFileError as exc:
            raise ModelError(f"not a newsclean locator model file ({exc}): {remedy}") from exc
        if (
            not isinstance(meta, dict)
            or meta.get("format") != FORMAT
            or meta.get("format_version") != FORMAT_VERSION
        ):
            found = meta if not isinstance(meta, dict) else (meta.get("format"), meta.get("format_version"))
            raise ModelError(
                f"not a newsclean locator model of format version {FORMAT_VERSION} (found {found!r}): {remedy}"
            )
        for key, names in (("first_features", FIRST_FEATURES), ("second_features", SECOND_FEATURES)):
            if tuple(meta.get(key, ())) != names:
                raise ModelError(
                    f"the model's {key} differ from the features this version computes: {remedy}"
                )
        try:
            costs = meta["costs"]
            forests = [
                ObliviousForest.from_arrays(
                    float(meta[f"{name}_bias"]),
                    arrays[f"{name}.features"],
                    arrays[f"{name}.thresholds"],
                    arrays[f"{name}.leaves"],
                    len(names),
                )
                for name, names in (("first", FIRST_FEATURES), ("second", SECOND_FEATURES))
            ]
            return cls(
                lexicon=Lexicon({str(k): float(v) for k, v in meta["lexicon"].items()}),
                first=forests[0],
                second=forests[1],
                costs=DecodeCosts(
                    float(costs["start"]),
                    float(costs["box"]),
                    float(costs["box_line"]),
                    float(costs["end"]),
                    float("inf") if costs.get("thread") is None else float(costs["thread"]),
                ),
                offset=float(meta["offset"]),
                trained_on=dict(meta.get("trained_on", {})),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ModelError(f"the locator model lacks or mangles a part ({exc!r}): {remedy}") from exc


def offset_for(model: LocatorModel, body_threshold: float) -> float:
    """The score offset that keeps a line when the locator's probability of it being body,
    re-centred on the model's fitted balance, reaches ``body_threshold``.

    >>> import math
    >>> class M: offset = 0.25
    >>> offset_for(M, 0.5), round(offset_for(M, 0.75) - 0.25, 4) == round(math.log(3), 4)
    (0.25, True)
    """
    return model.offset + math.log(body_threshold / (1.0 - body_threshold))


MODEL_FILE = "locator.arrays"


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
        # the shipped one lies beside this module, as the wheel installs it (importlib.resources
        # would cost a start-up its zipfile import)
        data = Path(__file__).with_name(MODEL_FILE).read_bytes() if path is None else Path(path).read_bytes()
    except OSError as exc:
        raise ModelError(f"cannot read the locator model ({exc}): {remedy}") from exc
    return LocatorModel.loads(data, remedy)


def stack_columns(*parts: np.ndarray) -> np.ndarray:
    """Columns side by side, as float32 (the forests compare float32 values)."""
    return np.concatenate(parts, axis=1).astype(np.float32, copy=False)
