"""The result of cleaning: the body, the metadata, and every removal with its reason."""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass

from newsclean.reasons import Reason


@dataclass(frozen=True)
class Metadata:
    """What was learned about the article while cleaning it. Absent values are ``None`` or empty.

    ``published`` is ISO 8601; ``dateline`` is the place that opens the first
    paragraph (``SEOUL`` for ``SEOUL: ...``). ``site_name`` and ``categories`` are
    only known in HTML mode, where the page declares them.
    """

    title: str | None = None
    byline: str | None = None
    agency: str | None = None
    published: str | None = None
    dateline: str | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    site_name: str | None = None
    """The site's name (HTML mode: from the page's metadata)."""
    categories: tuple[str, ...] = ()
    """The page's own categories (HTML mode: from the page's metadata)."""

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready dict; tags become a list.

        ``site_name`` and ``categories`` are included only when known (HTML mode), so
        text-mode output keeps its fields.

        >>> sorted(Metadata(title="T").to_dict())
        ['agency', 'byline', 'dateline', 'published', 'section', 'tags', 'title']
        >>> Metadata(site_name="Daily", categories=("World",)).to_dict()["categories"]
        ['World']
        """
        out: dict[str, object] = {
            "title": self.title,
            "byline": self.byline,
            "agency": self.agency,
            "published": self.published,
            "dateline": self.dateline,
            "section": self.section,
            "tags": list(self.tags),
        }
        if self.site_name is not None or self.categories:
            out["site_name"] = self.site_name
            out["categories"] = list(self.categories)
        return out


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
    ``removals`` explains every line that was dropped, in input order;
    ``paragraph_lines`` gives the 0-based input line of each paragraph (empty when
    not known), so that the kept and the removed lines can be put back in order.
    """

    body: str
    paragraphs: tuple[str, ...]
    metadata: Metadata
    removals: tuple[Removal, ...]
    paragraph_lines: tuple[int, ...] = ()

    def to_dict(self, explain: bool = False) -> dict[str, object]:
        """Body and metadata as a flat JSON-ready dict; with ``explain``, the removals and the
        1-based input line of each paragraph (``paragraph_lines``) too.

        >>> article = Article("Kept.", ("Kept.",), Metadata(), (), (2,))
        >>> article.to_dict(explain=True)["paragraph_lines"]
        [3]
        """
        out: dict[str, object] = {"body": self.body, **self.metadata.to_dict()}
        if explain:
            out["removals"] = [r.to_dict() for r in self.removals]
            out["paragraph_lines"] = [i + 1 for i in self.paragraph_lines]
        return out

    def add_fields(self, fields: MutableMapping[str, object], explain: bool = False) -> None:
        """Add :meth:`to_dict`'s fields but the body to ``fields`` (a record being written), each
        only where ``fields`` has no value under that name: a record's own field wins.

        >>> record = {"id": 7, "title": "From the feed", "byline": None}
        >>> Article("Kept.", ("Kept.",), Metadata(title="T", byline="By Ann"), ()).add_fields(record)
        >>> record["title"], record["byline"], "body" in record
        ('From the feed', 'By Ann', False)
        """
        for key, value in self.to_dict(explain=explain).items():
            if key != "body" and fields.get(key) is None:
                fields[key] = value
