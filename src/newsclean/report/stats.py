"""The overview of a report: counts over every record read, in memory that does not grow with the input.

Each table is keyed by a name taken from the input (an error kind, a reason, a
filter, a rule); past :data:`MAX_KEYS` distinct names the rest are counted together
under :data:`OTHER`, so that even an input made to have a million reasons keeps the
overview small.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from newsclean.report.views import RemovalEntry

#: Distinct names kept per table; later ones are counted under :data:`OTHER`.
MAX_KEYS = 200
OTHER = "(other)"
#: Lower edges of the body-length bins, in characters (the last bin is open).
LENGTH_EDGES = (0, 1, 200, 500, 1_000, 2_000, 5_000, 10_000, 50_000)


@dataclass
class Tally:
    """Removals, removed (non-blank) lines and removed characters of one reason, filter or rule."""

    removals: int = 0
    lines: int = 0
    chars: int = 0
    records: int = 0

    def as_list(self) -> list[int]:
        return [self.removals, self.lines, self.chars, self.records]


@dataclass
class _Table:
    tallies: dict[str, Tally] = field(default_factory=dict)

    def resolve(self, key: str) -> str:
        """``key`` itself while the table has room for it, else :data:`OTHER`."""
        return key if key in self.tallies or len(self.tallies) < MAX_KEYS else OTHER

    def get(self, key: str) -> Tally:
        """The tally of a key :meth:`resolve` gave."""
        return self.tallies.setdefault(key, Tally())

    def rows(self) -> list[list[Any]]:
        """``[name, removals, lines, chars, records]`` rows, most characters first."""
        ordered = sorted(self.tallies.items(), key=lambda item: (-item[1].chars, -item[1].lines, item[0]))
        return [[name, *tally.as_list()] for name, tally in ordered]


@dataclass
class Overview:
    """Counts over every record read.

    ``chars_seen`` is the text the cleaner looked at: the body plus every removed line.
    Shares of text removed are ``chars`` over it.

    >>> overview = Overview()
    >>> overview.add_explained("kept text", [RemovalEntry("menus", "navigation", "menu", 1, 2, ("Home", "World"))])
    >>> overview.to_dict()["by_reason"]
    [['navigation', 1, 2, 9, 1]]
    >>> overview.chars_seen, overview.chars_removed
    (18, 9)
    """

    records: int = 0
    failed: int = 0
    explained: int = 0
    with_removals: int = 0
    chars_seen: int = 0
    chars_removed: int = 0
    unreadable: int = 0
    failed_by_kind: dict[str, int] = field(default_factory=dict)
    by_reason: _Table = field(default_factory=_Table)
    by_filter: _Table = field(default_factory=_Table)
    by_rule: _Table = field(default_factory=_Table)
    lengths: list[int] = field(default_factory=lambda: [0] * len(LENGTH_EDGES))

    def add_failure(self, kind: str, unreadable: bool = False) -> None:
        """Count one failed record (``unreadable``: its line could not be read as a JSON object)."""
        self.failed += 1
        self.unreadable += unreadable
        if kind not in self.failed_by_kind and len(self.failed_by_kind) >= MAX_KEYS:
            kind = OTHER
        self.failed_by_kind[kind] = self.failed_by_kind.get(kind, 0) + 1

    def add_text(self, body: str) -> None:
        """Count the length of one record's body (or text) in the length distribution."""
        self.lengths[bisect.bisect_right(LENGTH_EDGES, len(body)) - 1] += 1

    def add_explained(self, body: str, removals: list[RemovalEntry]) -> None:
        """Count one record that ``newsclean clean --explain`` wrote: its body and its removals."""
        self.explained += 1
        self.with_removals += bool(removals)
        self.add_text(body)
        self.chars_seen += len(body)
        seen: set[tuple[int, str]] = set()
        for entry in removals:
            lines = len(entry.lines)
            chars = sum(len(line) for line in entry.lines)
            self.chars_seen += chars
            self.chars_removed += chars
            rule = f"{entry.filter}:{entry.rule}"
            for which, table, key in (
                (0, self.by_reason, entry.reason),
                (1, self.by_filter, entry.filter),
                (2, self.by_rule, rule),
            ):
                key = table.resolve(key)
                tally = table.get(key)
                tally.removals += 1
                tally.lines += lines
                tally.chars += chars
                if (which, key) not in seen:
                    seen.add((which, key))
                    tally.records += 1

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form for the page."""
        return {
            "records": self.records,
            "failed": self.failed,
            "unreadable": self.unreadable,
            "explained": self.explained,
            "with_removals": self.with_removals,
            "chars_seen": self.chars_seen,
            "chars_removed": self.chars_removed,
            "failed_by_kind": [
                [kind, count]
                for kind, count in sorted(self.failed_by_kind.items(), key=lambda i: (-i[1], i[0]))
            ],
            "by_reason": self.by_reason.rows(),
            "by_filter": self.by_filter.rows(),
            "by_rule": self.by_rule.rows(),
            "length_edges": list(LENGTH_EDGES),
            "lengths": list(self.lengths),
        }
