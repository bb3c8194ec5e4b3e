"""One input record as the report shows it: its lines in input order, removed ones marked, cut to a bound.

A record comes from the JSONL that ``newsclean clean --explain`` or ``newsclean dedup``
writes, or from anything else: every value is checked before it is used, a value of
the wrong type is shown as text or left out, and every string is cut to the bounds of
:class:`~newsclean.report.config.ReportConfig`. Nothing here escapes: the page puts
every string into the document as text.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import regex

from newsclean.report.config import ReportConfig

#: Metadata fields shown on a record's page, in this order, when present.
META_FIELDS = (
    "title",
    "byline",
    "agency",
    "published",
    "dateline",
    "section",
    "tags",
    "site_name",
    "categories",
    "url",
)
#: ``SOURCE: line N: `` or ``line N: `` that opens an error message.
_LOCATION = regex.compile(r"^(?:[^\n]*?:\s)?line \d+:\s*")
#: Where the kind of an error ends and its details begin.
_DETAILS = regex.compile(r" \(|;|: ")
_MAX_KIND_CHARS = 60


def error_kind(message: str, source: str = "") -> str:
    """The kind of an error: its message without the location and the details.

    >>> error_kind("line 3: invalid JSON: Expecting value (column 1)")
    'invalid JSON'
    >>> error_kind("feed.jsonl: line 9: no 'text' field; name the text field with --text-field")
    "no 'text' field"
    >>> error_kind("pages/a.txt: the document is empty", source="pages/a.txt")
    'the document is empty'
    """
    text = _LOCATION.sub("", message, count=1)
    if text == message and source and text.startswith(source + ": "):
        text = text[len(source) + 2 :]
    kind = _DETAILS.split(text, maxsplit=1)[0].strip()
    return kind[:_MAX_KIND_CHARS] or "(no message)"


def shown(value: object) -> str:
    """A value as one string for the page: strings as they are, lists joined, the rest as JSON.

    >>> shown(["World", "Asia"]), shown(3), shown(None)
    ('World, Asia', '3', '')
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(value)
    return json.dumps(value, ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class RemovalEntry:
    """A removal as read from a record: 1-based first and last input line, and its non-blank lines."""

    filter: str
    reason: str
    rule: str
    first: int
    last: int
    lines: tuple[str, ...]


def read_removals(value: object) -> tuple[list[RemovalEntry], int]:
    """The well-formed entries of a ``removals`` list, and how many were not.

    >>> entries, bad = read_removals([{"filter": "f", "reason": "r", "rule": "x", "lines": [2, 3], "text": "a\\nb"}, 5])
    >>> entries[0].lines, entries[0].first, bad
    (('a', 'b'), 2, 1)
    """
    if not isinstance(value, list):
        return [], 0 if value is None else 1
    entries: list[RemovalEntry] = []
    for item in value:
        entry = _removal(item)
        if entry is not None:
            entries.append(entry)
    return entries, len(value) - len(entries)


def _removal(item: object) -> RemovalEntry | None:
    if not isinstance(item, dict):
        return None
    names = [item.get(key) for key in ("filter", "reason", "rule")]
    lines, text = item.get("lines"), item.get("text")
    if not all(isinstance(name, str) for name in names) or not isinstance(text, str):
        return None
    if not (isinstance(lines, list) and len(lines) == 2 and all(type(n) is int for n in lines)):
        return None
    first, last = lines
    if not 1 <= first <= last:
        return None
    filter_name, reason, rule = (str(name) for name in names)
    return RemovalEntry(filter_name, reason, rule, first, last, tuple(text.split("\n")))


def kept_paragraphs(body: str) -> list[str]:
    """The paragraphs of a body or text: its non-blank lines, stripped (as dedup counts them)."""
    return [line.strip() for line in body.split("\n") if line.strip()]


@dataclass(frozen=True, slots=True)
class Line:
    """A line for the page: 1-based input line number (``None`` when not known), text, removal index or -1."""

    number: int | None
    text: str
    removal: int


def lines_in_order(
    paragraphs: list[str], paragraph_lines: object, removals: list[RemovalEntry]
) -> tuple[list[Line], bool]:
    """Kept and removed lines merged in input order, and whether the order is exact.

    With ``paragraph_lines`` (one 1-based line number per paragraph, rising) the
    order is exact. Without it the kept lines fill the gaps between removals in
    order, as many as each gap has room for: a guess, said as such on the page.

    >>> removals = [RemovalEntry("f", "r", "x", 1, 1, ("Menu",)), RemovalEntry("f", "r", "x", 5, 5, ("Share",))]
    >>> [(l.number, l.text, l.removal) for l in lines_in_order(["A", "B"], [3, 7], removals)[0]]
    [(1, 'Menu', 0), (3, 'A', -1), (5, 'Share', 1), (7, 'B', -1)]
    """
    numbers = _rising_numbers(paragraph_lines, len(paragraphs))
    keyed: list[tuple[tuple[int, int], Line]] = []
    for index, entry in enumerate(removals):
        exact = len(entry.lines) == entry.last - entry.first + 1
        for k, text in enumerate(entry.lines):
            if exact or k == 0:
                number: int | None = entry.first + k
            else:
                number = entry.last if k == len(entry.lines) - 1 else None
            keyed.append(((entry.first, k), Line(number, text, index)))
    if numbers is not None:
        keyed.extend(((n, 0), Line(n, p, -1)) for n, p in zip(numbers, paragraphs, strict=True))
        keyed.sort(key=lambda pair: pair[0])
        return [line for _, line in keyed], True
    return _fill_gaps(paragraphs, removals, [line for _, line in sorted(keyed, key=lambda p: p[0])]), False


def _rising_numbers(value: object, count: int) -> list[int] | None:
    """``value`` when it is a list of ``count`` rising positive line numbers, else ``None``."""
    if not isinstance(value, list) or len(value) != count or not all(type(n) is int for n in value):
        return None
    return value if all(a < b for a, b in pairwise([0, *value])) else None


def _fill_gaps(paragraphs: list[str], removals: list[RemovalEntry], removed: list[Line]) -> list[Line]:
    out: list[Line] = []
    kept = iter(paragraphs)
    left = len(paragraphs)
    previous_end = 0
    by_removal: dict[int, list[Line]] = {}
    for line in removed:
        by_removal.setdefault(line.removal, []).append(line)
    for index, entry in enumerate(removals):
        room = min(left, max(0, entry.first - previous_end - 1))
        out.extend(Line(None, next(kept), -1) for _ in range(room))
        left -= room
        out.extend(by_removal.get(index, []))
        previous_end = max(previous_end, entry.last)
    out.extend(Line(None, text, -1) for text in kept)
    return out


def make_view(
    seq: int, source: str, number: int, data: dict[str, Any], error: str | None, config: ReportConfig
) -> dict[str, Any]:
    """The page's view of one record: id, status, metadata, lines (cut to the bounds), removals, cluster.

    ``seq`` is the record's 1-based position across all inputs, ``source`` and
    ``number`` its input and line; ``error`` is the record's failure (its ``error``
    field, or why its line could not be read).
    """
    budget = _Budget(config.max_line_chars, config.max_record_chars)
    raw_id = data.get(config.id_field)
    view: dict[str, Any] = {
        "n": seq,
        "src": f"{source}:{number}",
        "id": budget.cut(shown(raw_id)) if raw_id is not None else f"{source}:{number}",
    }
    removals, malformed = read_removals(data.get("removals"))
    text = data.get(config.text_field)
    paragraphs = kept_paragraphs(text) if isinstance(text, str) else []
    explained = "removals" in data
    if explained:
        lines, exact = lines_in_order(paragraphs, data.get("paragraph_lines"), removals)
    else:  # a text nothing explains (dedup alone): its lines as they are
        lines, exact = (_numbered_text_lines(text) if isinstance(text, str) else []), True
    view["lines"] = [[line.number, budget.cut(line.text), line.removal] for line in budget.take(lines)]
    view["hidden_lines"] = len(lines) - len(view["lines"])
    view["hidden_chars"] = budget.hidden
    view["exact_order"] = exact or not removals
    view["removals"] = [[r.filter, r.reason, r.rule, r.first, r.last] for r in removals]
    view["reasons"] = sorted({r.reason for r in removals})
    view["filters"] = sorted({r.filter for r in removals})
    view["explained"] = explained
    notes = (
        [f"{malformed} entries of its removals list are not well-formed and are not shown"]
        if malformed
        else []
    )
    if text is not None and not isinstance(text, str):
        notes.append(f"its {config.text_field!r} field is {type(text).__name__}, not text")
    view["notes"] = notes
    view["meta"] = [
        [name, budget.cut(shown(data[name]))] for name in META_FIELDS if data.get(name) not in (None, [], "")
    ]
    warnings = data.get("warnings")
    view["warnings"] = [budget.cut(shown(w)) for w in warnings[:20]] if isinstance(warnings, list) else []
    view["error"] = budget.cut(error) if error is not None else None
    view["error_kind"] = error_kind(error, source) if error is not None else None
    raw = data.get("raw")
    view["raw"] = budget.cut(raw) if isinstance(raw, str) else None
    view["cluster"] = cluster_fields(data)
    return view


def _numbered_text_lines(text: str) -> list[Line]:
    """The non-blank lines of a text that nothing explains, each with its line number."""
    return [Line(i, line.strip(), -1) for i, line in enumerate(text.split("\n"), start=1) if line.strip()]


def cluster_fields(data: dict[str, Any]) -> dict[str, Any] | None:
    """``cluster_id``, ``duplicate_of`` and ``similarity`` of a record that went through dedup, else ``None``."""
    if "cluster_id" not in data:
        return None
    return {
        "id": shown(data.get("cluster_id")) if data.get("cluster_id") is not None else None,
        "duplicate_of": shown(data.get("duplicate_of")) if data.get("duplicate_of") is not None else None,
        "similarity": finite_number(data.get("similarity")),
    }


def finite_number(value: object) -> int | float | None:
    """``value`` when it is a finite number (not a bool), else ``None``.

    >>> finite_number(0.93), finite_number(float("nan")), finite_number(True), finite_number("1")
    (0.93, None, None, None)
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value if math.isfinite(value) else None


class _Budget:
    """Cuts lines to ``per_line`` characters and a record to ``total``, counting what it left out."""

    def __init__(self, per_line: int, total: int) -> None:
        self.per_line = per_line
        self.left = total
        self.hidden = 0

    def cut(self, text: str) -> str:
        limit = min(self.per_line, max(self.left, 0))
        if len(text) <= limit:
            self.left -= len(text)
            return text
        self.hidden += len(text) - limit
        self.left -= limit
        return text[:limit]

    def take(self, lines: list[Line]) -> list[Line]:
        """The first lines whose text fits in what is left (at least one), the others left out."""
        taken: list[Line] = []
        used = 0
        for line in lines:
            if taken and used + min(len(line.text), self.per_line) > self.left:
                self.hidden += sum(len(rest.text) for rest in lines[len(taken) :])
                break
            used += min(len(line.text), self.per_line)
            taken.append(line)
        return taken
