"""Site profiles: a site's template lines, learned by the rule near-duplicate detection counts templates with.

A :class:`SiteProfile` learns from a site's documents which lines are its template, with
the corpus evidence of :mod:`newsclean.dedup.evidence` (one mechanism for both): a
document that brings ``novel_words`` words in lines the profile had not seen (a new
article) votes for each of its lines, and a line is template once ``min_documents``
documents voted for it. A page fetched twice, or a story the site ran again, brings
nothing new and does not vote, so an article does not become the site's template however
often the corpus holds it. Learn a profile in a first pass and save it (``newsclean
learn``), then clean with it (:class:`TemplateFilter`, ``CleanConfig(profile=...)``); or
learn as you go with :func:`newsclean.clean_stream`, which cleans each document with what
it and the documents before it taught.

Lines are keyed as the evidence keys them (:mod:`newsclean.dedup.lines`: their first and
last words and their length, case, digits and punctuation ignored), so a profile holds
64-bit keys, no text.

>>> profile = SiteProfile(min_documents=2, novel_words=3)
>>> stories = ["Ashford opens a library.", "Brampton fixes its roads.", "Carlow elects a mayor.", "Carlow elects a mayor."]
>>> for story in stories:
...     profile.add(f"Site menu\\n{story}\\n© 2024 Example")
>>> profile.documents, profile.is_template("© 2031 Example"), profile.is_template("Carlow elects a mayor.")
(4, True, False)
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from newsclean.checks import MAX_COUNT, check_whole_numbers
from newsclean.errors import NewscleanError
from newsclean.filters.base import Context, Tag
from newsclean.io.records import parse_json
from newsclean.reasons import Reason

if TYPE_CHECKING:  # numpy and the evidence are imported on first use (start-up of the command line)
    import numpy as np
    import numpy.typing as npt

    from newsclean.config import CleanConfig
    from newsclean.dedup.evidence import Evidence

    U64 = npt.NDArray[np.uint64]

#: A profile file larger than this is refused unread (2,000,000 template lines take about 40 MB).
MAX_PROFILE_BYTES = 256 * 1024 * 1024
_FORMAT = "newsclean-site-profile"
_VERSION = 2


class ProfileError(NewscleanError, ValueError):
    """A profile file cannot be read."""


@dataclass(eq=False)
class SiteProfile:
    """The template lines of a site, learned from its documents (see the module docstring).

    ``add`` learns one document; ``is_template`` asks about a line. A loaded profile
    keeps learning: its template lines stay, and new ones are counted from the load on.
    """

    min_documents: int = 3
    """Novel documents that must hold a line for it to count as template (at least 2)."""
    novel_words: int = 50
    """Words in lines not seen before that make a document novel (a new article, which votes for its
    lines); the ``min_tokens`` of :class:`~newsclean.dedup.DedupConfig`."""
    documents: int = 0
    """Documents learned so far (the loaded profile's included)."""
    _loaded: U64 | None = field(default=None, repr=False)
    _evidence: Evidence | None = field(default=None, init=False, repr=False)
    _template: U64 | None = field(default=None, init=False, repr=False)
    _version: int = field(default=-1, init=False, repr=False)

    def __post_init__(self) -> None:
        check_whole_numbers(self, ("min_documents",), minimum=2)
        check_whole_numbers(self, ("novel_words",))
        check_whole_numbers(self, ("documents",), minimum=0)

    def add(self, text: str, body: str | None = None) -> None:
        """Learn one document: the page ``text`` and the article ``body`` cleaned from it (``None``: the
        whole page stands for the body). The document votes for the lines of its page when its body brings
        ``novel_words`` words in lines the profile had not seen, which a page read again or a story run
        again does not, whatever else its page brings (new comments, other related headlines). Lines are
        read in one pass: a text of millions of lines costs its lines' keys, not a copy of them.

        >>> profile = SiteProfile(min_documents=2, novel_words=1)
        >>> profile.add("Menu\\r\\nMenu\\x0bStory"); profile.add("Menu\\nOther story")
        >>> profile.is_template("MENU"), profile.is_template("Story")
        (True, False)
        """
        from newsclean.dedup.evidence import DocLines, Evidence
        from newsclean.dedup.lines import line_batch

        if self._evidence is None:
            self._evidence = Evidence(self.min_documents, self.min_documents, self.novel_words)
        evidence = self._evidence
        lines = line_batch([text if body is None else body])
        page = None if body is None else line_batch([text])
        evidence.add(evidence.count, DocLines.of(lines, page, [None], [None]))
        self.documents += 1

    def update(self, texts: Iterable[str], bodies: Iterable[str] | None = None) -> SiteProfile:
        """Learn many documents (with their cleaned ``bodies``, one per text, when given); returns ``self``."""
        if bodies is None:
            for text in texts:
                self.add(text)
        else:
            for text, body in zip(texts, bodies, strict=True):
                self.add(text, body)
        return self

    def learn(self, texts: Iterable[str], config: CleanConfig | None = None) -> SiteProfile:
        """Clean each page (with ``config``, without a profile) and learn it with its body: what
        ``newsclean learn`` does, and the way to learn a site whose pages may hold one story more than once.
        Returns ``self``.

        >>> menu = "Home | News | Sport | Weather | Contact"
        >>> ashford, carlow = (f"The council of {town} met on Monday and approved the budget of {town}." for town in ("Ashford", "Carlow"))
        >>> pages = [f"{menu}\\n\\n{story}" for story in (ashford, carlow, carlow, carlow)]
        >>> profile = SiteProfile(min_documents=2, novel_words=10).learn(pages)
        >>> profile.documents, profile.is_template(menu), profile.is_template(carlow)
        (4, True, False)
        """
        from newsclean.api import clean

        for text in texts:
            self.add(text, clean(text, config).body)
        return self

    @property
    def template(self) -> U64:
        """The template lines' keys, sorted (what :meth:`save` writes)."""
        import numpy as np

        version = -1 if self._evidence is None else self._evidence.version
        if self._template is None or version != self._version:
            learned = np.zeros(0, dtype=np.uint64) if self._evidence is None else self._evidence.template
            loaded = np.zeros(0, dtype=np.uint64) if self._loaded is None else self._loaded
            self._template, self._version = np.union1d(loaded, learned), version
        return self._template

    @property
    def template_lines(self) -> int:
        """How many lines are template."""
        return len(self.template)

    def template_mask(self, lines: list[str]) -> list[bool]:
        """Which of ``lines`` (one line each) are template, computed for all of them at once.

        >>> SiteProfile().template_mask(["Anything", ""])
        [False, False]
        """
        from newsclean.dedup.evidence import template_mask
        from newsclean.dedup.lines import paragraph_keys

        if not lines:
            return []
        mask: list[bool] = template_mask(self.template, paragraph_keys(lines), 0).tolist()
        return mask

    def is_template(self, text: str) -> bool:
        """Whether the line ``text`` is template."""
        return self.template_mask([text])[0]

    def save(self, path: str | Path) -> None:
        """Write the profile as JSON: its thresholds, the documents learned and the template lines' keys."""
        data = {
            "format": _FORMAT,
            "version": _VERSION,
            "documents": self.documents,
            "min_documents": self.min_documents,
            "novel_words": self.novel_words,
            "template": [f"{int(k):016x}" for k in self.template],
        }
        Path(path).write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> SiteProfile:
        """Read a profile written by :meth:`save`.

        Raises :class:`ProfileError` for anything that is not a profile: a missing or unreadable
        file, a device or pipe, a file over :data:`MAX_PROFILE_BYTES`, text that is not UTF-8
        JSON, a profile of another version, or values out of range."""
        import numpy as np

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
            keys = data["template"]
            if not isinstance(keys, list):
                raise ValueError(f"template is a list of line keys, got {type(keys).__name__}")
            template = np.unique(np.array([_key(k) for k in keys], dtype=np.uint64))
            return cls(
                min_documents=_count(data["min_documents"]),
                novel_words=_count(data["novel_words"]),
                documents=_count(data["documents"]),
                _loaded=template,
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
    """Tags every line the profile holds as template (its keys read for the whole document at once).

    >>> profile = SiteProfile(min_documents=2, novel_words=2)
    >>> profile = profile.update(["Menu\\nOne story.", "Menu\\nAnother story."])
    >>> [(t.start, t.reason.value) for t in TemplateFilter(profile).tag(Context.for_text("Menu\\nA third."))]
    [(0, 'template')]
    """

    profile: SiteProfile
    name: str = "template"
    line_local: ClassVar[bool] = True
    """A line's tag depends on its text alone (see
    :attr:`~newsclean.filters.base.LinePatternFilter.line_local`)."""

    def tag(self, context: Context) -> Iterator[Tag]:
        lines = [line for line in context.doc.lines if line.text]
        mask = self.profile.template_mask([line.text for line in lines])
        for line, template in zip(lines, mask, strict=True):
            if template:
                yield Tag(self.name, Reason.TEMPLATE, line.index, line.index + 1, "seen_in_many_documents")
