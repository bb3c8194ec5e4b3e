"""The pipeline: run filters in order, then remove what they tagged, and explain it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from newsclean.article import Article, Removal
from newsclean.document import Document
from newsclean.errors import ConfigError
from newsclean.extraction.metadata import extract_metadata
from newsclean.filters.base import Context, Filter, Tag
from newsclean.filters.limits import Admitted, admit
from newsclean.locator.base import Locator

#: The passes over the body (cleaning it again until that removes nothing) read together at most
#: this many times as many lines as the page has non-blank lines, a pass reading the body it cleans:
#: cleaning stays linear in the page's length, and a body that loses a line a pass (a run of short
#: lines the locator peels off its top) still settles when the run is shorter than about twice this.
SETTLE_BUDGET = 32


class Pipeline:
    """An ordered set of filters.

    Each filter sees the document and the tags of the filters before it; a line
    belongs to the first filter that tagged it. Nothing is removed until every
    filter has run. ``pattern_timeout`` bounds each pattern filter's pass over one
    document, in seconds; past it :class:`~newsclean.errors.PatternTimeoutError` is raised.
    ``locator`` finds the article body for the structural filters (``None``: the fitted
    locator, :class:`~newsclean.locator.fitted.FittedLocator`).

    Cleaning is idempotent by construction: once the filters have run, the body they leave
    is cleaned again, and whatever that second pass removes is removed too (with the filter
    and reason that removed it), until a pass removes nothing (the passes together reading at
    most :data:`SETTLE_BUDGET` times the page's non-blank lines). The body of a cleaned page is
    then its own body.

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
        locator: Locator | None = None,
    ) -> None:
        self.filters: tuple[Filter, ...] = tuple(filters)
        self.pattern_timeout = pattern_timeout
        self.locator = locator
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
        :func:`~newsclean.filters.limits.admit`) and return the context holding their tags, those
        of the passes over the body included (see the class documentation)."""
        return self._tag(admit(text, self.filters))

    def _tag(self, admitted: Admitted) -> Context:
        context = self.tag_once(Document.from_text(admitted.text))
        budget = SETTLE_BUDGET * len(context.doc.nonblank())
        while True:
            kept = context.free_lines()
            budget -= len(kept)
            if not kept or budget < 0 or not self._settle(context, kept):
                break
        return context

    def tag_once(self, doc: Document, body_pass: bool = False) -> Context:
        """One run of the filters over ``doc``, without the passes over the body. A pass over a
        cleaned body (``body_pass``) leaves out the filters whose tags depend on a line's text
        alone (``line_local``): they tagged none of the body's lines the first time, and cannot
        now."""
        context = Context(doc, self.pattern_timeout, self.locator)
        for f in self.filters:
            if body_pass and getattr(f, "line_local", False):
                continue
            context.add(list(f.tag(context)))
        return context

    def _settle(self, context: Context, kept: list[int]) -> bool:
        """Clean the body made of the lines ``kept`` again; add what that pass tags to
        ``context``, in the original line numbers. Whether it tagged anything."""
        again = self.tag_once(context.doc.body_of(kept), body_pass=True)
        # paragraph k of the body is line 2k of its document; each run of paragraphs the same
        # tag claimed becomes one tag over the original lines (lines between them were removed)
        spans: list[Tag] = []
        run: tuple[Tag, int, int] | None = None
        for k, index in enumerate([*kept, -1]):
            claim = again.claim(2 * k) if index >= 0 else None
            if run is not None and claim is run[0]:
                run = (run[0], run[1], index)
                continue
            if run is not None:
                tag, first, last = run
                spans.append(Tag(tag.filter, tag.reason, first, last + 1, tag.detail))
            run = (claim, index, index) if claim is not None else None
        context.add(spans)
        return bool(spans)

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
    lines = context.doc.lines
    claim_of = context.claim
    runs: list[tuple[Tag, list[int]]] = []
    current: Tag | None = None
    for line in lines:
        if not line.text:
            continue
        claim = claim_of(line.index)
        if claim is not current:
            current = claim
            if claim is not None:
                runs.append((claim, []))
        if claim is not None:
            runs[-1][1].append(line.index)
    return tuple(
        Removal(
            tag.filter, tag.reason, tag.detail, run[0], run[-1] + 1, "\n".join([lines[i].text for i in run])
        )
        for tag, run in runs
    )


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
