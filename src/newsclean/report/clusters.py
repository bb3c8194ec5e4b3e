"""Clusters seen in ``newsclean dedup`` output, counted on disk, and the largest ones laid out for the page.

Every clustered record adds one to its cluster's size in a temporary SQLite file
(memory stays flat however many clusters there are); the canonical member and the
first copies of each cluster are kept there too, as read, so that the largest
clusters can be shown once the whole input is read. Each copy's explanation
(``explain`` from ``dedup --explain``) is paired with the paragraphs of both texts:
``a`` is the copy, ``b`` the canonical member. An entry marked ``"template": true``
is a template paragraph that the score did not count.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import tempfile
from typing import Any

from newsclean.report.views import finite_number, shown

_SCHEMA = """
CREATE TABLE clusters (id TEXT PRIMARY KEY, size INTEGER, copies INTEGER, first INTEGER) WITHOUT ROWID;
CREATE TABLE members (cluster TEXT, seq INTEGER, canonical INTEGER, member TEXT);
"""
_BATCH = 10_000


class ClusterStore:
    """Cluster sizes and the members worth showing, in a temporary SQLite file removed on :meth:`close`."""

    def __init__(self, copies_per_cluster: int) -> None:
        self.copies_per_cluster = copies_per_cluster
        handle, self.path = tempfile.mkstemp(prefix="newsclean-report-", suffix=".sqlite")
        os.close(handle)
        self.db = sqlite3.connect(self.path)
        self.db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-8000;")
        self.db.executescript(_SCHEMA)
        self._pending = 0

    def add(self, cluster: str, seq: int, canonical: bool) -> bool:
        """Count one member of ``cluster``; true when it should be kept (see :meth:`keep`)."""
        row = self.db.execute("SELECT copies FROM clusters WHERE id = ?", (cluster,)).fetchone()
        copies = 0 if row is None else int(row[0])
        keep = canonical or copies < self.copies_per_cluster
        if row is None:
            self.db.execute("INSERT INTO clusters VALUES (?, 1, ?, ?)", (cluster, int(not canonical), seq))
        else:
            self.db.execute(
                "UPDATE clusters SET size = size + 1, copies = copies + ? WHERE id = ?",
                (int(not canonical), cluster),
            )
        self._tick()
        return keep

    def keep(self, cluster: str, seq: int, canonical: bool, member: dict[str, Any]) -> None:
        """Keep a member (JSON-ready) to show if its cluster is among the largest."""
        self.db.execute(
            "INSERT INTO members VALUES (?, ?, ?, ?)",
            (cluster, seq, int(canonical), json.dumps(member)),
        )

    def _tick(self) -> None:
        self._pending += 1
        if self._pending >= _BATCH:
            self.db.commit()
            self._pending = 0

    def sizes(self) -> list[list[int]]:
        """``[size, clusters]`` rows: how many clusters have each size, smallest size first."""
        rows = self.db.execute("SELECT size, COUNT(*) FROM clusters GROUP BY size ORDER BY size")
        return [[int(size), int(count)] for size, count in rows]

    def largest(self, count: int) -> list[dict[str, Any]]:
        """The ``count`` largest clusters (ties: first seen first), each with its kept members."""
        self.db.commit()
        self.db.execute("CREATE INDEX IF NOT EXISTS members_by_cluster ON members (cluster, seq)")
        top = self.db.execute(
            "SELECT id, size FROM clusters ORDER BY size DESC, first LIMIT ?", (count,)
        ).fetchall()
        clusters = []
        for cluster, size in top:
            members = self.db.execute(
                "SELECT canonical, member FROM members WHERE cluster = ? ORDER BY seq", (cluster,)
            ).fetchall()
            canonical = next((json.loads(m) for c, m in members if c), None)
            copies = [json.loads(m) for c, m in members if not c]
            clusters.append({"id": cluster, "size": int(size), "canonical": canonical, "copies": copies})
        return clusters

    def close(self) -> None:
        """Close and remove the temporary file."""
        self.db.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)


def pair_paragraphs(
    copy_view: dict[str, Any], canonical_view: dict[str, Any] | None, explain: object, line_chars: int
) -> dict[str, Any]:
    """A copy's explanation laid against the paragraphs both texts show on the page.

    Each match becomes ``[copy paragraph, canonical paragraph, ratio, template]``, the
    paragraphs as indexes into the ``lines`` of each view (``None`` when the
    page does not show it: the text was cut, or dedup compared cleaned text that the
    record does not hold; such a match also carries its two texts). A paragraph is found by its text cut to
    ``line_chars``, as the page cuts it.

    >>> copy = {"lines": [[1, "Menu", 0], [2, "Same words.", -1]]}
    >>> canon = {"lines": [[1, "Same words!", -1]]}
    >>> match = {"a_paragraph": 0, "b_paragraph": 0, "ratio": 95.0, "a_text": "Same words.", "b_text": "Same words!"}
    >>> pair_paragraphs(copy, canon, {"matches": [match]}, 5000)["pairs"]
    [[1, 0, 95.0, False]]
    """
    copy_pars = shown_paragraphs(copy_view)
    canonical_pars = shown_paragraphs(canonical_view) if canonical_view else []
    pairs: list[list[Any]] = []
    data = explain if isinstance(explain, dict) else {}
    matches = data.get("matches")
    for match in matches if isinstance(matches, list) else []:
        if not isinstance(match, dict):
            continue
        a_text, b_text = shown(match.get("a_text")), shown(match.get("b_text"))
        a = _place(copy_pars, match.get("a_paragraph"), a_text.strip()[:line_chars])
        b = _place(canonical_pars, match.get("b_paragraph"), b_text.strip()[:line_chars])
        pair: list[Any] = [a, b, finite_number(match.get("ratio")), match.get("template") is True]
        if a is None or b is None:
            pair.extend([a_text[:2000], b_text[:2000]])
        pairs.append(pair)
    templates = data.get("template_paragraphs")
    return {
        "pairs": pairs,
        "score": finite_number(data.get("score")),
        "template_paragraphs": templates if type(templates) is int else None,
        "explained": bool(data),
    }


def shown_paragraphs(view: dict[str, Any]) -> list[tuple[int, str]]:
    """The kept lines of a view, as (index into its ``lines``, text): what dedup calls its paragraphs."""
    return [(i, line[1]) for i, line in enumerate(view.get("lines", [])) if line[2] < 0]


def _place(paragraphs: list[tuple[int, str]], index: object, text: str) -> int | None:
    """The line index of the matched paragraph: at its own index when the text agrees, else found by text."""
    if type(index) is int and 0 <= index < len(paragraphs) and paragraphs[index][1] == text:
        return paragraphs[index][0]
    return next((line for line, shown_text in paragraphs if shown_text == text), None)
