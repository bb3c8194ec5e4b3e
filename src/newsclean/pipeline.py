"""The pipeline: run filters in order, then remove what they tagged, and explain it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from newsclean.article import Article, Removal
from newsclean.document import Document
from newsclean.errors import ConfigError
from newsclean.extraction.metadata import extract_metadata
from newsclean.filters.base import Context, Filter, Tag
from newsclean.filters.layout import BlockScoring
from newsclean.filters.limits import Admitted, admit


class Pipeline:
    """An ordered set of filters.

    Each filter sees the document and the tags of the filters before it; a line
    belongs to the first filter that tagged it. Nothing is removed until every
    filter has run. ``pattern_timeout`` bounds each pattern filter's pass over one
    document, in seconds; past it :class:`~newsclean.errors.PatternTimeoutError` is raised.
    ``scoring`` says how lines are scored when the body is located.

    >>> from newsclean.filters import COMMENTS
    >>> article = Pipeline([COMMENTS]).clean("A paragraph of text.\\n\\nComments\\n200 characters")
    >>> article.body
    'A paragraph of text.'
    >>> [(r.filter, r.reason.value, r.start, r.end) for r in article.removals]
    [('comments', 'comments', 2, 3), ('comments', 'comments', 3, 4)]
    """

    def __init__(
        self,
        filters: Iterable[Filter],
        pattern_timeout: float | None = None,
        scoring: BlockScoring | None = None,
    ) -> None:
        self.filters: tuple[Filter, ...] = tuple(filters)
        self.pattern_timeout = pattern_timeout
        self.scoring = scoring if scoring is not None else BlockScoring()
        for f in self.filters:
            # what isinstance(f, Filter) checks, without the cost of a runtime protocol check
            # (about 80 µs a filter; HTML mode builds a pipeline per page)
            if not (hasattr(f, "name") and hasattr(f, "tag")):
                raise ConfigError(f"{f!r} is not a filter: it needs a 'name' and a 'tag(context)' method")
        names = [f.name for f in self.filters]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ConfigError(f"filter names must be unique in a pipeline; repeated: {', '.join(duplicates)}")

    def __repr__(self) -> str:
        return f"Pipeline([{', '.join(f.name for f in self.filters)}])"

    def tag(self, text: str) -> Context:
        """Run every filter over ``text`` (cut to the size limits first: see
        :func:`~newsclean.filters.limits.admit`) and return the context holding their tags."""
        return self._tag(admit(text, self.filters))

    def _tag(self, admitted: Admitted) -> Context:
        context = Context(Document.from_text(admitted.text), self.pattern_timeout, self.scoring)
        for f in self.filters:
            context.add(list(f.tag(context)))
        return context

    def plan(self, text: str) -> tuple[Removal, ...]:
        """The removals the pipeline would make, without building the article."""
        admitted = admit(text, self.filters)
        return removals_from(self._tag(admitted)) + admitted.tail

    def clean(self, text: str) -> Article:
        """Clean ``text``: the body, the metadata learned on the way, and the removals."""
        admitted = admit(text, self.filters)
        context = self._tag(admitted)
        removals = removals_from(context) + admitted.tail
        kept = [line for line in context.doc.lines if line.text and not context.is_claimed(line.index)]
        paragraphs = tuple(line.text for line in kept)
        metadata = extract_metadata(context, paragraphs)
        lines = tuple(line.index for line in kept)
        return Article("\n\n".join(paragraphs), paragraphs, metadata, removals, lines)


def removals_from(context: Context) -> tuple[Removal, ...]:
    """Group claimed lines into removals: consecutive lines (blank ones between allowed)
    that the same tag claimed form one removal."""
    doc = context.doc
    removals: list[Removal] = []
    current: Tag | None = None
    lines: list[int] = []

    def close() -> None:
        if current is not None and lines:
            text = "\n".join(doc.lines[i].text for i in lines)
            removals.append(
                Removal(current.filter, current.reason, current.detail, lines[0], lines[-1] + 1, text)
            )

    for line in doc.lines:
        if not line.text:
            continue
        claim = context.claim(line.index)
        if claim is not current:
            close()
            current, lines = claim, []
        if claim is not None:
            lines.append(line.index)
    close()
    return tuple(removals)


def apply_removals(text: str, removals: Sequence[Removal]) -> str:
    """Replay an explanation: drop the removed line ranges from ``text`` and join what is left.

    ``apply_removals(text, clean(text).removals) == clean(text).body`` always holds.
    """
    doc = Document.from_text(text)
    dropped = [False] * len(doc.lines)
    for removal in removals:
        if not 0 <= removal.start <= removal.end <= len(doc.lines):
            raise ValueError(
                f"removal {removal.filter}:{removal.start}-{removal.end} does not fit a text of "
                f"{len(doc.lines)} lines: replay it on the text it was made from"
            )
        for i in range(removal.start, removal.end):
            dropped[i] = True
    return "\n\n".join(line.text for line in doc.lines if line.text and not dropped[line.index])
