"""The result of cleaning: the body, the metadata, and every removal with its reason."""

from __future__ import annotations

from dataclasses import dataclass

from newsclean.extraction.metadata import Metadata
from newsclean.reasons import Reason


@dataclass(frozen=True, slots=True)
class Removal:
    """One removed line range and why: which filter, which of its rules, which reason.

    ``start`` and ``end`` are 0-based, half-open line indexes into the input (line
    endings normalised); :meth:`to_dict` gives 1-based inclusive ``lines`` for people.
    """

    filter: str
    reason: Reason
    rule: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form, as printed by ``--explain``."""
        return {
            "filter": self.filter,
            "reason": self.reason.value,
            "rule": self.rule,
            "lines": [self.start + 1, self.end],
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article.

    ``body`` is the kept paragraphs joined by one blank line (headline not included);
    ``removals`` explains every line that was dropped, in input order.
    """

    body: str
    paragraphs: tuple[str, ...]
    metadata: Metadata
    removals: tuple[Removal, ...]

    def to_dict(self, explain: bool = False) -> dict[str, object]:
        """Body and metadata as a flat JSON-ready dict; with ``explain``, the removals too."""
        out: dict[str, object] = {"body": self.body, **self.metadata.to_dict()}
        if explain:
            out["removals"] = [r.to_dict() for r in self.removals]
        return out
