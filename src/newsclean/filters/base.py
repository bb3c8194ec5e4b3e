"""What a filter is: an object with a ``name`` that looks at a document and reports tags.

A filter never edits text. It returns :class:`Tag` objects (a line range and a
:class:`~newsclean.reasons.Reason`); the :class:`~newsclean.pipeline.Pipeline`
collects them and removes the tagged lines afterwards. Tag first, remove second:
that is what makes every removal explainable and replayable.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

import numpy as np
import regex

from newsclean.document import Document
from newsclean.errors import PatternTimeoutError
from newsclean.filters.keywords import check_keywords, fold, keyword_lines
from newsclean.filters.layout import Block
from newsclean.linefeatures import LineFeatures
from newsclean.pattern_cache import cached_compile
from newsclean.reasons import Reason

if TYPE_CHECKING:
    from newsclean.locator.base import BodyLines, Locator

_OVER_TEMPLATE = frozenset({Reason.SECTION_LABEL, Reason.HEADLINE})


@dataclass(frozen=True, slots=True)
class Tag:
    """A claim by one filter that lines ``[start, end)`` are boilerplate.

    ``detail`` names the rule inside the filter that fired (a pattern name, or a
    short phrase), so that an explanation can say why, not only which filter.
    """

    filter: str
    reason: Reason
    start: int
    end: int
    detail: str = ""


class Context:
    """What a filter sees: the document and the lines earlier filters have claimed.

    Filters run in pipeline order; a later filter may use what earlier ones found
    (a related-story list ends where the comment widget starts, for example), but
    it cannot undo another filter's tag. ``pattern_timeout`` bounds, in seconds,
    each pattern filter's pass over the document (``None``: no bound); ``locator``
    finds the article body for :meth:`body_lines` (``None``: the fitted locator).

    >>> ctx = Context(Document.from_text("a\\nb\\nc"))
    >>> ctx.add([Tag("demo", Reason.PATTERN, 1, 2)])
    >>> [ctx.is_claimed(i) for i in range(3)]
    [False, True, False]
    """

    __slots__ = (
        "_body",
        "_body_located",
        "_claimed",
        "_features",
        "_folded",
        "_keyword_lines",
        "_short_counts",
        "_short_lines",
        "doc",
        "locator",
        "pattern_timeout",
        "tags",
    )

    def __init__(
        self, doc: Document, pattern_timeout: float | None = None, locator: Locator | None = None
    ) -> None:
        self.doc = doc
        self.pattern_timeout = pattern_timeout
        if locator is None:
            from newsclean.locator.fitted import FittedLocator

            locator = FittedLocator()
        self.locator: Locator = locator
        self._body: BodyLines | None = None
        self._body_located = False
        self._features: LineFeatures | None = None
        self._folded: tuple[str | None] | None = None
        self._short_lines: dict[int, list[int]] = {}
        self._keyword_lines: dict[str, frozenset[int]] = {}
        self._short_counts: np.ndarray | None = None
        self.tags: list[Tag] = []
        self._claimed: list[Tag | None] = [None] * len(doc.lines)

    @classmethod
    def for_text(cls, text: str) -> Context:
        """A fresh context over ``text``: handy to run one filter on its own."""
        return cls(Document.from_text(text))

    def add(self, tags: Iterable[Tag]) -> None:
        """Record tags; a line keeps the reason of the first filter that claimed it, except
        that a section label or headline tag takes a line over from a template claim (it
        says more about the line than "seen on many pages")."""
        for tag in tags:
            self.tags.append(tag)
            for i in range(tag.start, tag.end):
                claim = self._claimed[i]
                if claim is None or (claim.reason is Reason.TEMPLATE and tag.reason in _OVER_TEMPLATE):
                    self._claimed[i] = tag

    def body_lines(self) -> BodyLines | None:
        """The article body (its lines and their range), located once per document.

        The first call asks the locator, with the tags recorded so far; every later caller
        sees the same body, so that the structural filters judge lines against one body.
        ``None`` when the document holds no article text.
        """
        if not self._body_located:
            self._body = self.locator.locate(self)
            self._body_located = True
        return self._body

    def body_block(self) -> Block | None:
        """The line range from the body's first line to its last (see :meth:`body_lines`)."""
        body = self.body_lines()
        return body.block if body is not None else None

    def free_body_lines(self) -> list[int]:
        """The body's lines that no filter has claimed so far, in order (empty without a body)."""
        body = self.body_lines()
        if body is None:
            return []
        return [i for i in self.free_lines(body.block.start, body.block.end) if i in body.lines]

    def judge_language_from(self, indexes: list[int]) -> None:
        """Read the document's language from the lines ``indexes`` only, from now on."""
        self._features = self.doc.features_without(set(range(len(self.doc.lines))).difference(indexes))

    def features(self) -> LineFeatures:
        """The document's line features, with its language read from the lines no filter
        has claimed so far; computed once, on first call (the body locator's).

        Reading the language only from unclaimed lines keeps it what it will be when the
        cleaned body is cleaned again, and keeps long boilerplate in another language
        (a cookie notice, a footer) from deciding it.
        """
        if self._features is None:
            claimed = {i for i, claim in enumerate(self._claimed) if claim is not None}
            self._features = self.doc.features_without(claimed)
        return self._features

    def folded(self) -> str | None:
        """The document's padded text case-folded for keyword search (:func:`fold`), computed
        once for all the keyword-guarded filters of a pass."""
        if self._folded is None:
            self._folded = (fold(self.doc.padded),)
        return self._folded[0]

    def keyword_lines(self, keywords: tuple[str, ...]) -> set[int]:
        """Indexes of the lines holding one of ``keywords`` in the :meth:`folded` text (not ``None``),
        each keyword looked for once per pass, whichever patterns name it (see
        :func:`~newsclean.filters.keywords.keyword_lines`).

        >>> sorted(Context.for_text("We use cookies\\nCOOKIE policy\\nProse").keyword_lines(("cookie", "policy")))
        [0, 1]
        """
        folded = self.folded()
        if folded is None:
            raise ValueError("lower-casing changes this document's length: search it without keywords")
        found: set[int] = set()
        for keyword in keywords:
            lines = self._keyword_lines.get(keyword)
            if lines is None:
                lines = self._keyword_lines[keyword] = frozenset(
                    keyword_lines(folded, self.doc.line_starts, (keyword,))
                )
            found |= lines
        return found

    def lines_of_at_most(self, words: int) -> list[int]:
        """Indexes of the non-blank lines of at most ``words`` words (:attr:`Document.tokens
        <newsclean.document.Document.tokens>`); computed once per count for all the filters
        of a pass.

        >>> Context.for_text("Home\\nThe talks went on.\\n\\n* \\nSport").lines_of_at_most(1)
        [0, 3, 4]
        """
        found = self._short_lines.get(words)
        if found is None:
            if self._short_counts is None:
                lines = self.doc.lines
                # a blank line counts past any limit: no pattern matches it
                counts = self.doc.token_counts.copy()
                counts[~np.fromiter((bool(line.text) for line in lines), dtype=bool, count=len(lines))] = (
                    2**62
                )
                self._short_counts = counts
            found = np.flatnonzero(self._short_counts <= words).tolist()
            self._short_lines[words] = found
        return found

    def is_claimed(self, index: int) -> bool:
        """Whether an earlier filter tagged line ``index``."""
        return self._claimed[index] is not None

    def claim(self, index: int) -> Tag | None:
        """The tag that claimed line ``index`` first, or ``None`` if it is unclaimed."""
        return self._claimed[index]

    def free_lines(self, start: int = 0, stop: int | None = None) -> list[int]:
        """Indexes of non-blank, unclaimed lines in ``[start, stop)``."""
        lines = self.doc.lines
        stop = len(lines) if stop is None else stop
        return [i for i in range(start, stop) if lines[i].text and self._claimed[i] is None]


@runtime_checkable
class Filter(Protocol):
    """The filter protocol: a snake_case ``name`` and a ``tag`` method."""

    @property
    def name(self) -> str:
        """Stable snake_case identifier, used in explanations and configuration."""
        ...

    def tag(self, context: Context) -> Iterable[Tag]:
        """Report the boilerplate line ranges this filter finds. Must not mutate ``context``."""
        ...


@dataclass(frozen=True, slots=True)
class LinePattern:
    """A named regular expression that matches one whole (stripped) line.

    ``pattern`` is written for the ``regex`` module and is anchored for you: it
    must match the entire line, leading and trailing white space excluded.

    ``keywords`` and ``max_words`` make the filter run the pattern only on the lines that
    hold one of the keywords (lower-case ASCII letters, punctuation, symbols, digits) or
    that have at most ``max_words`` words (tokens of :attr:`Document.tokens
    <newsclean.document.Document.tokens>`; -1: no such lines): name them only when every
    line the pattern can match qualifies, whatever its case (see
    :mod:`newsclean.filters.keywords`). Without either it runs on every line.
    """

    name: str
    reason: Reason
    pattern: str
    keywords: tuple[str, ...] = ()
    max_words: int = -1


#: What ``str.strip`` strips, but line ends: the white space around a line's text.
_LINE_SPACE = r"[\t\x0b\x0c\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"


def check_line_patterns(patterns: tuple[LinePattern, ...]) -> None:
    """Raise ``ValueError`` unless ``patterns`` can make one alternation: at least one pattern, and
    names that are unique Python identifiers (each becomes a named group).

    >>> check_line_patterns((LinePattern("a b", Reason.PATTERN, "x"),))
    Traceback (most recent call last):
    ...
    ValueError: pattern name 'a b' must be a Python identifier (snake_case)
    """
    if not patterns:
        raise ValueError("a pattern filter needs at least one LinePattern")
    names = [p.name for p in patterns]
    if len(set(names)) != len(names):
        raise ValueError(f"pattern names must be unique, got {names}")
    for name in names:
        if not name.isidentifier():
            raise ValueError(f"pattern name {name!r} must be a Python identifier (snake_case)")
    for pattern in patterns:
        check_keywords(pattern.keywords)


@lru_cache(maxsize=256)
def compile_line_patterns(patterns: tuple[LinePattern, ...]) -> regex.Pattern[str]:
    """Compile patterns into one alternation over whole lines; each pattern is a named group.

    Compiled once per distinct pattern set and cached, so building many filter
    objects with the same patterns costs nothing. The filters call it on first use, not
    when they are built, and a family compiled by an earlier run is loaded from the disk
    cache (:mod:`newsclean.pattern_cache`): the ``regex`` module's parser is pure Python.
    """
    check_line_patterns(patterns)
    body = "|".join(f"(?P<{p.name}>{p.pattern})" for p in patterns)
    # Anchored on a literal newline rather than ``(?m)^``: the engine then jumps from
    # line start to line start instead of trying every position. Run it over
    # :attr:`Document.padded`, where a match starting at ``i`` covers the line at offset ``i``.
    # Multiline still, for the ``$`` some patterns use inside lookaheads. A blank line is passed over at
    # its first character (``(?=[^\s...])``): no pattern can tag it, and a page can be mostly blank lines.
    # Around a line, white space is what ``str.strip`` strips (the separators U+001C-U+001F too), as
    # :class:`~newsclean.document.Document` does: a pattern sees the line's text, on a first pass and
    # on a pass over the cleaned body alike.
    return cached_compile(rf"(?m)\n{_LINE_SPACE}*+(?=[^\s\x1c-\x1f])(?:{body}){_LINE_SPACE}*(?=\n)", regex.V0)


def _only_blank_between(doc: Document, start: int, stop: int) -> bool:
    return all(not doc.lines[i].text for i in range(start, stop))


@dataclass(frozen=True)
class LinePatternFilter:
    """A filter made of named whole-line patterns; each match becomes a tag.

    All patterns run as one compiled regular expression over the whole document,
    not line by line. Consecutive lines matched by the same pattern are reported
    as one tag.

    >>> f = LinePatternFilter("shouting", (LinePattern("caps", Reason.PATTERN, r"[A-Z ]+"),))
    >>> [(t.start, t.end, t.detail) for t in f.tag(Context.for_text("HELLO\\nHELLO\\nquiet"))]
    [(0, 2, 'caps')]
    """

    name: str
    patterns: tuple[LinePattern, ...]
    line_local: ClassVar[bool] = True
    """Whether a line's tag depends on that line's text alone (a whole-line pattern does): such a
    filter tags nothing new when a cleaned body is cleaned again, so the pipeline's passes over
    the body skip it."""
    _by_name: dict[str, LinePattern] = field(init=False, repr=False, compare=False)
    _compiled: regex.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # validated when built, compiled on first use (see compile_line_patterns): importing the
        # standard filters compiles nothing
        check_line_patterns(self.patterns)
        object.__setattr__(self, "_by_name", {p.name: p for p in self.patterns})

    def __getstate__(self) -> dict[str, object]:
        # sent to a worker without the compiled pattern: compiled there on first use, once per process
        # (the worker's pipeline cache keeps the filter)
        return {key: value for key, value in self.__dict__.items() if key != "_compiled"}

    def tag(self, context: Context) -> Iterator[Tag]:
        doc = context.doc
        run: Tag | None = None
        try:
            if any(p.keywords or p.max_words >= 0 for p in self.patterns):
                matches = self._guarded_matches(context)
            else:
                compiled = self.__dict__.get("_compiled")
                if compiled is None:
                    # kept per filter once compiled: the shared cache would recompile every family on
                    # every document once a pipeline held more pattern filters than the cache does
                    compiled = compile_line_patterns(self.patterns)
                    object.__setattr__(self, "_compiled", compiled)
                matches = [
                    (doc.line_at(match.start()).index, self._by_name[match.lastgroup or ""])
                    for match in compiled.finditer(doc.padded, timeout=context.pattern_timeout)
                ]
        except TimeoutError:
            raise PatternTimeoutError(
                f"filter {self.name!r} took longer than {context.pattern_timeout} s on a document of "
                f"{len(doc.text)} characters; the input may be built to make patterns backtrack: "
                "skip the document, or raise CleanConfig.pattern_timeout"
            ) from None
        for index, pattern in matches:
            if not doc.lines[index].text:
                continue
            if run is not None and run.detail == pattern.name and _only_blank_between(doc, run.end, index):
                run = Tag(self.name, pattern.reason, run.start, index + 1, pattern.name)
                continue
            if run is not None:
                yield run
            run = Tag(self.name, pattern.reason, index, index + 1, pattern.name)
        if run is not None:
            yield run

    def _guarded_matches(self, context: Context) -> list[tuple[int, LinePattern]]:
        """The (line, pattern) pairs of :meth:`tag` when some patterns have keywords: the others run
        together over the whole text, as without keywords; each guarded one runs alone on the lines
        that hold one of its keywords (see :class:`LinePattern`). A line goes to the first pattern,
        in the filter's order, that matches it, as in one alternation of them all."""
        doc = context.doc
        padded = doc.padded
        deadline = None if context.pattern_timeout is None else time.monotonic() + context.pattern_timeout
        order = {p.name: n for n, p in enumerate(self.patterns)}
        won: dict[int, LinePattern] = {}
        unguarded = tuple(p for p in self.patterns if not p.keywords and p.max_words < 0)
        if unguarded:
            for match in compile_line_patterns(unguarded).finditer(padded, timeout=_left(deadline)):
                won[doc.line_at(match.start()).index] = self._by_name[match.lastgroup or ""]
        folded = context.folded()
        starts = doc.line_starts
        for pattern in self.patterns:
            if not pattern.keywords and pattern.max_words < 0:
                continue
            if folded is None:
                lines: Iterable[int] = range(len(doc.lines))
            else:
                candidates = context.keyword_lines(pattern.keywords)
                if pattern.max_words >= 0:
                    candidates.update(context.lines_of_at_most(pattern.max_words))
                lines = sorted(candidates)
            compiled = compile_line_patterns((pattern,))
            rank = order[pattern.name]
            for index in lines:
                earlier = won.get(index)
                if (earlier is not None and order[earlier.name] < rank) or not doc.lines[index].text:
                    continue
                if compiled.match(padded, starts[index], timeout=_left(deadline)) is not None:
                    won[index] = pattern
        return sorted(won.items())


def _left(deadline: float | None) -> float | None:
    """Seconds left before ``deadline`` (``None``: no bound); ``TimeoutError`` once it has passed."""
    if deadline is None:
        return None
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    return left
