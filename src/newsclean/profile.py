"""Corpus evidence: lines that recur across many documents of one site are its template.

A :class:`SiteProfile` counts, for every normalised line, how many documents hold it.
Learn one from a corpus in a first pass and save it (``newsclean learn``), then clean
with it (:class:`TemplateFilter`, ``CleanConfig(profile=...)``); or learn as you go
with :func:`newsclean.clean_stream`, which cleans each document with what it and the documents
before it taught.

Lines are normalised (case folded, digits mapped to ``0``, white space collapsed) and
stored as 64-bit hashes, so a profile holds no text and stays small.

>>> profile = SiteProfile(min_documents=2)
>>> for n in range(3):
...     profile.add(f"Site menu\\nStory number {n} is a sentence of its own.\\n© 2024 Example")
>>> profile.documents, profile.is_template("© 2031 Example"), profile.is_template("Story number 9")
(3, True, False)
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import regex

from newsclean.checks import MAX_COUNT, check_whole_numbers
from newsclean.errors import NewscleanError
from newsclean.filters.base import Context, Tag
from newsclean.io.records import parse_json
from newsclean.reasons import Reason

#: A profile file larger than this is refused unread (2,000,000 lines take about 50 MB).
MAX_PROFILE_BYTES = 256 * 1024 * 1024
_FORMAT = "newsclean-site-profile"
_VERSION = 1
_DIGITS = regex.compile(r"\d")
_SPACE = regex.compile(r"\s+")
#: A line as ``str.splitlines`` cuts them (its line end not included).
_LINE = regex.compile(r"[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]++")


class ProfileError(NewscleanError, ValueError):
    """A profile file cannot be read."""


def line_key(text: str) -> int:
    """The 64-bit hash of a line after normalisation (case, digits, white space).

    >>> line_key("Posted 12 May") == line_key("  posted 3   may ")
    False
    >>> line_key("Posted 12 May") == line_key("  posted 34   may ")
    True
    """
    normal = _SPACE.sub(" ", _DIGITS.sub("0", text.casefold())).strip()
    return int.from_bytes(hashlib.blake2b(normal.encode("utf-8"), digest_size=8).digest(), "big")


@dataclass(eq=False)
class SiteProfile:
    """How many documents of a site hold each (normalised) line.

    A line held by ``min_documents`` documents or more is template. ``add`` counts a
    line once per document; ``max_keys`` bounds memory: when exceeded, lines seen in
    only one document are forgotten.
    """

    min_documents: int = 3
    """Documents a line must occur in to count as template."""
    max_keys: int = 2_000_000
    """Most distinct lines kept in memory before the once-seen ones are dropped."""
    documents: int = 0
    """Documents learned so far."""
    counts: dict[int, int] = field(default_factory=dict, repr=False)
    """Line hash to number of documents holding it."""

    def __post_init__(self) -> None:
        check_whole_numbers(self, ("min_documents",), minimum=2)
        check_whole_numbers(self, ("max_keys",))
        check_whole_numbers(self, ("documents",), minimum=0)

    def add(self, text: str) -> None:
        """Learn one document (its lines as ``str.splitlines`` cuts them, read one at a time: a text of
        millions of lines costs its distinct lines, not a list of them all).

        >>> profile = SiteProfile()
        >>> profile.add("Menu\\r\\nMenu\\x0bStory\\n\\n"); sorted(profile.counts.values())
        [1, 1]
        """
        counts = self.counts
        distinct = {line[0] for line in _LINE.finditer(text)}
        for key in {line_key(line) for line in distinct if line.strip()}:
            counts[key] = counts.get(key, 0) + 1
        self.documents += 1
        if len(counts) > self.max_keys:
            self.counts = {k: v for k, v in counts.items() if v > 1}

    def update(self, texts: Iterable[str]) -> SiteProfile:
        """Learn many documents; returns ``self``."""
        for text in texts:
            self.add(text)
        return self

    def seen(self, text: str) -> int:
        """In how many learned documents the line ``text`` occurs."""
        return self.counts.get(line_key(text), 0)

    def is_template(self, text: str) -> bool:
        """Whether the line ``text`` occurs in ``min_documents`` learned documents or more."""
        return self.seen(text) >= self.min_documents

    def save(self, path: str | Path) -> None:
        """Write the profile as JSON (only lines seen in two documents or more are kept)."""
        data = {
            "format": _FORMAT,
            "version": _VERSION,
            "documents": self.documents,
            "min_documents": self.min_documents,
            "lines": {f"{k:016x}": v for k, v in sorted(self.counts.items()) if v > 1},
        }
        Path(path).write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path, min_documents: int | None = None) -> SiteProfile:
        """Read a profile written by :meth:`save`; ``min_documents`` overrides the stored threshold.

        Raises :class:`ProfileError` for anything that is not a profile: a missing or unreadable
        file, a device or pipe, a file over :data:`MAX_PROFILE_BYTES`, text that is not UTF-8
        JSON, or values out of range."""
        path = Path(path)
        if path.exists() and not path.is_file():  # /dev/zero or a pipe would be read forever
            raise ProfileError(
                f"{path} is not a regular file; give the path of a profile saved by `newsclean learn`"
            )
        try:
            with open(path, "rb") as stream:
                raw = stream.read(MAX_PROFILE_BYTES + 1)
        except OSError as exc:
            raise ProfileError(f"cannot read profile {path}: {exc.strerror}; check the path") from exc
        if len(raw) > MAX_PROFILE_BYTES:
            raise ProfileError(f"{path} is larger than {MAX_PROFILE_BYTES:,} bytes: not a profile")
        try:
            data = parse_json(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:  # JSONDecodeError is a ValueError
            raise ProfileError(f"{path} is not JSON; build a profile with `newsclean learn`") from exc
        if not isinstance(data, dict) or data.get("format") != _FORMAT:
            raise ProfileError(f"{path} is not a newsclean site profile; build one with `newsclean learn`")
        if data.get("version") != _VERSION:
            version = data.get("version")
            raise ProfileError(f"{path} is a version {version} profile; rebuild it with `newsclean learn`")
        try:
            counts = {_key(k): _count(v) for k, v in data["lines"].items()}
            return cls(
                min_documents=_count(min_documents or data["min_documents"]),
                documents=_count(data["documents"]),
                counts=counts,
            )
        except (KeyError, ValueError, TypeError, AttributeError) as exc:  # ConfigError is a ValueError
            raise ProfileError(f"{path} is damaged ({exc}); rebuild it with `newsclean learn`") from exc


def _key(text: object) -> int:
    if not isinstance(text, str) or len(text) != 16:
        raise ValueError(f"a line key is 16 hexadecimal digits, got {text!r}")
    return int(text, 16)


def _count(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
        raise ValueError(f"a count is a whole number from 0 to {MAX_COUNT:,}, got {value!r}")
    return value


@dataclass(frozen=True, eq=False)
class TemplateFilter:
    """Tags every line the profile has seen in ``profile.min_documents`` documents or more.

    >>> profile = SiteProfile(min_documents=2).update(["Menu\\nOne story.", "Menu\\nAnother story."])
    >>> [(t.start, t.reason.value) for t in TemplateFilter(profile).tag(Context.for_text("Menu\\nA third."))]
    [(0, 'template')]
    """

    profile: SiteProfile
    name: str = "template"
    line_local: ClassVar[bool] = True
    """A line's tag depends on its text alone (see
    :attr:`~newsclean.filters.base.LinePatternFilter.line_local`)."""

    def tag(self, context: Context) -> Iterator[Tag]:
        counts = self.profile.counts
        threshold = self.profile.min_documents
        for line in context.doc.lines:
            if line.text and counts.get(line_key(line.text), 0) >= threshold:
                yield Tag(self.name, Reason.TEMPLATE, line.index, line.index + 1, "seen_in_many_documents")
