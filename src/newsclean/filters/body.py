"""The edges of the article: headline, section label, and whatever else lies outside the body."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from newsclean.checks import check_fields
from newsclean.errors import PatternTimeoutError
from newsclean.filters.base import Context, Tag, compile_line_patterns
from newsclean.filters.html_leftovers import TRAILERS
from newsclean.filters.layout import is_headline_like
from newsclean.filters.pattern_parts import PERSON
from newsclean.pattern_cache import cached_compile
from newsclean.reasons import Reason

_SECTION = cached_compile(r"^[\p{Lu}\p{N}][\p{L}\p{N}&'’.\- ]{0,30}$")


@dataclass(frozen=True)
class OutsideBodyFilter:
    """Everything outside the article body that no other filter claimed: before it, after it,
    and in boxes inside it (lines the locator left out between two of its lines).

    Before the block, the nearest headline-shaped line (``headline_min_words`` to
    ``headline_max_words`` words, no closing full stop) is tagged as the headline and a
    bare label of up to ``section_max_words`` words just above it as the section.
    After the block, a run of ``min_trailing_run`` or more headline-like lines of
    ``min_link_words`` words or more is a related-story list. The rest is tagged
    :attr:`~newsclean.reasons.Reason.OUTSIDE_BODY`. Run it after the
    filters that recognise specific boilerplate, so that their reasons explain what they find.
    """

    name: str = "outside_body"
    headline_min_words: int = 3
    headline_max_words: int = 30
    section_max_words: int = 3
    min_trailing_run: int = 3
    min_link_words: int = 4

    def __post_init__(self) -> None:
        check_fields(self)

    def tag(self, context: Context) -> Iterator[Tag]:
        doc = context.doc
        block = context.body_block()
        if block is None:
            free = context.free_lines()
            if free:
                yield Tag(self.name, Reason.OUTSIDE_BODY, free[0], free[-1] + 1, "no_prose_found")
            return
        before = context.free_lines(0, block.start)
        headline = self._headline(context, before)
        section = None
        if headline is not None:
            above = [i for i in doc.nonblank(0, headline)]
            claim = context.claim(above[-1]) if above else None
            # a section label recurs on every page of a site: it may already be claimed as template
            open_line = claim is None or claim.reason is Reason.TEMPLATE
            if above and open_line and self._is_section(context, above[-1]):
                section = above[-1]
        if section is not None and context.is_claimed(section):
            yield Tag(self.name, Reason.SECTION_LABEL, section, section + 1, "section_label")
        for i in before:
            if i == headline:
                yield Tag(self.name, Reason.HEADLINE, i, i + 1, "headline")
            elif i == section:
                yield Tag(self.name, Reason.SECTION_LABEL, i, i + 1, "section_label")
            else:
                yield Tag(self.name, Reason.OUTSIDE_BODY, i, i + 1, "before_body")
        body = context.body_lines()
        if body is not None:
            for i in body.boxes(context.free_lines(block.start, block.end)):
                yield Tag(self.name, Reason.OUTSIDE_BODY, i, i + 1, "box_inside_body")
        yield from self._after(context, context.free_lines(block.end))

    def _after(self, context: Context, after: list[int]) -> Iterator[Tag]:
        run: list[int] = []
        for i in [*after, -1]:
            if i >= 0 and context.doc.word_counts[i] >= self.min_link_words and is_headline_like(context, i):
                run.append(i)
                continue
            if len(run) >= self.min_trailing_run:
                yield Tag(self.name, Reason.RELATED_LIST, run[0], run[-1] + 1, "trailing_headline_run")
            else:
                for j in run:
                    yield Tag(self.name, Reason.OUTSIDE_BODY, j, j + 1, "after_body")
            run = []
            if i >= 0:
                yield Tag(self.name, Reason.OUTSIDE_BODY, i, i + 1, "after_body")

    def _headline(self, context: Context, before: list[int]) -> int | None:
        doc = context.doc
        for i in reversed(before):
            text = doc.lines[i].text
            words = doc.word_counts[i]
            if self.headline_min_words <= words <= self.headline_max_words and not text.endswith(
                (".", ":", ",")
            ):
                return i
        return None

    def _is_section(self, context: Context, index: int) -> bool:
        doc = context.doc
        return doc.word_counts[index] <= self.section_max_words and bool(
            _SECTION.match(doc.lines[index].text)
        )


#: The header of an author box: "About Jane Doe", "Sobre Carlos Lima", "Über Max Muster".
_ABOUT_PERSON = cached_compile(
    rf"(?i:about|sobre|über|à\h++propos\h++de|acerca\h++de|informazioni\h++su|over)\h++{PERSON}"
)
#: Words a line of prose has (shorter lines without a sentence end are fragments).
_PROSE_MIN_WORDS = 8


def _fragment(context: Context, index: int) -> bool:
    """A line that cannot end a body: no sentence end and fewer words than a line of prose."""
    doc = context.doc
    return not doc.ends_terminal[index] and doc.word_counts[index] < _PROSE_MIN_WORDS


@dataclass(frozen=True)
class BodyTrailerFilter:
    """Lines at the end of the body that are about its authors, not its story.

    Among the last ``tail_lines`` lines of the body: agency trailers and reporting
    credits (``Keith Bradsher contributed reporting``, ``(Reporting by ...; Editing by
    ...)``), contact and follow-me lines (``Email Jane Doe at ... or follow her @...``) —
    the ``TRAILERS`` patterns of HTML mode, matched on those lines only, which keeps the
    pass cheap — and an author box closing the body: a header ``About`` / ``Sobre`` /
    ``Über`` and a name, followed by at most ``bio_max_lines`` lines up to the end of the
    body. All are tagged :attr:`~newsclean.reasons.Reason.BYLINE`.
    """

    name: str = "trailers"
    bio_max_lines: int = 2
    tail_lines: int = 8

    def __post_init__(self) -> None:
        check_fields(self)

    def tag(self, context: Context) -> Iterator[Tag]:
        lines = context.free_body_lines()
        if not lines:
            return
        # The body's first line is not a trailer: taking it would leave what follows it to open
        # the body, and a second cleaning could judge that differently.
        tags = [
            t
            for t in (*self._trailers(context, lines), *self._author_box(context, lines))
            if t.start > lines[0]
        ]
        yield from tags
        # A fragment (``___``, ``* * *``, a stray label) left directly above what closes the body goes
        # with it: left alone, it would end the body, and a second cleaning would remove it.
        tagged = {i for t in tags for i in range(t.start, t.end)}
        end = len(lines)
        while end and lines[end - 1] in tagged:
            end -= 1
        start = end
        while end < len(lines) and start > 1 and _fragment(context, lines[start - 1]):
            start -= 1
        for i in lines[start:end]:
            yield Tag(self.name, Reason.BYLINE, i, i + 1, "trailer_separator")

    def _trailers(self, context: Context, lines: list[int]) -> Iterator[Tag]:
        doc = context.doc
        padded = doc.padded
        trailers = compile_line_patterns(TRAILERS)  # compiled on the first body that reaches here
        for i in lines[max(0, len(lines) - self.tail_lines) :]:
            try:
                found = trailers.match(padded, doc.lines[i].start, timeout=context.pattern_timeout)
            except TimeoutError:
                raise PatternTimeoutError(
                    f"filter {self.name!r} took longer than {context.pattern_timeout} s on a line of "
                    f"{len(doc.lines[i].text)} characters"
                ) from None
            if found is not None:
                yield Tag(self.name, Reason.BYLINE, i, i + 1, found.lastgroup or "trailer")

    def _author_box(self, context: Context, lines: list[int]) -> Iterator[Tag]:
        doc = context.doc
        for k in range(max(0, len(lines) - self.bio_max_lines - 1), len(lines) - 1):
            header = lines[k]
            if not doc.ends_terminal[header] and _ABOUT_PERSON.fullmatch(doc.lines[header].text):
                yield Tag(self.name, Reason.BYLINE, header, lines[-1] + 1, "author_box")
                return
