"""The pipeline's own logic with small filters written here, whose tags are known in advance.

Each filter below tags lines by a rule simple enough to follow by hand, so the expected
removals, body and passes over the body are worked out from the texts written here, never
by running the pipeline's code a second way.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

import pytest

from newsclean.article import Removal
from newsclean.errors import ConfigError
from newsclean.filters.base import Context, Filter, Tag
from newsclean.filters.layout import Block
from newsclean.filters.limits import LimitsFilter
from newsclean.locator.base import BodyLines
from newsclean.pipeline import SETTLE_BUDGET, Pipeline, apply_removals, removals_from
from newsclean.reasons import Reason


@dataclass(frozen=True)
class WholeBody:
    """A locator that takes every non-blank line for the body."""

    def locate(self, context: Context) -> BodyLines:
        lines = context.doc.nonblank()
        return BodyLines(frozenset(lines), Block(min(lines), max(lines) + 1))


@dataclass(frozen=True)
class Exact:
    """Tags every line whose text is ``word``, one tag a line (a line-local rule)."""

    word: str
    name: str = "exact"
    line_local: ClassVar[bool] = True

    def tag(self, context: Context) -> Iterator[Tag]:
        for line in context.doc.lines:
            if line.text == self.word:
                yield Tag(self.name, Reason.PATTERN, line.index, line.index + 1, f"is_{self.word}")


@dataclass(frozen=True)
class SecondAndThird:
    """Tags the second and third non-blank lines of the document as one tag (or the second
    alone when there is no third): a rule that depends on the whole document, so it finds
    more in a body that other lines were removed from."""

    name: str = "second_third"

    def tag(self, context: Context) -> Iterator[Tag]:
        lines = context.doc.nonblank()
        if len(lines) >= 2:
            yield Tag(self.name, Reason.NAVIGATION, lines[1], lines[min(2, len(lines) - 1)] + 1, "rank")


@dataclass(frozen=True)
class SecondToFourth:
    """Tags the second to the fourth non-blank lines (as many as there are) as one tag."""

    name: str = "second_fourth"

    def tag(self, context: Context) -> Iterator[Tag]:
        lines = context.doc.nonblank()
        if len(lines) >= 2:
            yield Tag(self.name, Reason.NAVIGATION, lines[1], lines[min(3, len(lines) - 1)] + 1, "rank")


@dataclass(frozen=True)
class FirstOfSeveralWithoutX:
    """Tags the first non-blank line when there are two or more and none of them is "x"."""

    name: str = "first_without_x"

    def tag(self, context: Context) -> Iterator[Tag]:
        lines = context.doc.nonblank()
        if len(lines) >= 2 and all(context.doc.lines[i].text != "x" for i in lines):
            yield Tag(self.name, Reason.HEADLINE, lines[0], lines[0] + 1, "first")


@dataclass(frozen=True)
class Last:
    """Tags the last non-blank line of the document, when there are at least two."""

    name: str = "last"

    def tag(self, context: Context) -> Iterator[Tag]:
        lines = context.doc.nonblank()
        if len(lines) >= 2:
            yield Tag(self.name, Reason.COMMENTS, lines[-1], lines[-1] + 1, "last_line")


@dataclass(frozen=True)
class FirstLine:
    """Tags the first line of every document it sees, yet says it is line-local: it runs in the
    first pass only, so a pass over the body that ran it would remove the body's first line."""

    name: str = "first_line"
    line_local: ClassVar[bool] = True

    def tag(self, context: Context) -> Iterator[Tag]:
        yield Tag(self.name, Reason.PATTERN, 0, 1, "first")


@dataclass
class Recorder:
    """Tags nothing; records what each context it is given holds."""

    name: str = "recorder"
    seen: list[tuple[object, float | None, str]] = field(default_factory=list)

    def tag(self, context: Context) -> Iterator[Tag]:
        self.seen.append((context.locator, context.pattern_timeout, context.doc.text))
        return iter(())


def lines(*texts: str) -> str:
    return "\n".join(texts)


def removal_rows(removals: tuple[Removal, ...]) -> list[tuple[str, str, str, int, int, str]]:
    return [(r.filter, r.reason.value, r.rule, r.start, r.end, r.text) for r in removals]


# --- construction -------------------------------------------------------------------------------


def test_an_object_without_a_tag_method_is_refused_by_name() -> None:
    class NoTag:
        name = "no_tag"

        def __repr__(self) -> str:
            return "NoTag(name='no_tag')"

    with pytest.raises(ConfigError) as raised:
        Pipeline([NoTag()])  # type: ignore[list-item]
    assert (
        str(raised.value)
        == "NoTag(name='no_tag') is not a filter: it needs a 'name' and a 'tag(context)' method"
    )


def test_an_object_without_a_name_is_refused() -> None:
    class NoName:
        def tag(self, context: Context) -> Iterator[Tag]:
            return iter(())

        def __repr__(self) -> str:
            return "NoName()"

    with pytest.raises(ConfigError, match=r"^NoName\(\) is not a filter"):
        Pipeline([NoName()])  # type: ignore[list-item]


def test_repeated_names_are_listed_once_each_sorted() -> None:
    filters = [
        Exact("b", name="zeta"),
        Exact("a", name="alpha"),
        Exact("c", name="zeta"),
        Exact("d", name="alpha"),
    ]
    with pytest.raises(ConfigError) as raised:
        Pipeline(filters)
    assert str(raised.value) == "filter names must be unique in a pipeline; repeated: alpha, zeta"


def test_one_repeat_is_enough_and_distinct_names_pass() -> None:
    with pytest.raises(ConfigError, match=r"repeated: exact$"):
        Pipeline([Exact("a"), Exact("b")])
    pipeline = Pipeline([Exact("a"), Exact("b", name="other")], pattern_timeout=1.5)
    assert pipeline.filters == (Exact("a"), Exact("b", name="other"))
    assert pipeline.pattern_timeout == 1.5
    assert pipeline.locator is None
    assert repr(pipeline) == "Pipeline([exact, other])"


def test_filters_may_be_any_iterable() -> None:
    filters: list[Filter] = [Exact("a"), Last()]
    pipeline = Pipeline(f for f in filters)
    assert [f.name for f in pipeline.filters] == ["exact", "last"]
    assert repr(Pipeline([])) == "Pipeline([])"


# --- one pass and the passes over the body -------------------------------------------------------


def test_every_context_gets_the_locator_and_the_timeout() -> None:
    locator, recorder = WholeBody(), Recorder()
    Pipeline([Last(), recorder], pattern_timeout=2.5, locator=locator).clean(lines("a", "b", "c"))
    # first pass over "a b c"; "c" goes, then a pass over "a\n\nb"; "b" goes; then over "a"
    assert recorder.seen == [
        (locator, 2.5, "a\nb\nc"),
        (locator, 2.5, "a\n\nb"),
        (locator, 2.5, "a"),
    ]


def test_a_line_belongs_to_the_first_filter_that_tagged_it() -> None:
    # "c" is tagged by both in the first pass and goes as the last line; a pass over "a b" then
    # takes "b" (the last line again); a pass over "a" takes nothing
    article = Pipeline([Last(), Exact("c")], locator=WholeBody()).clean(lines("a", "b", "c"))
    assert removal_rows(article.removals) == [
        ("last", "comments", "last_line", 1, 2, "b"),
        ("last", "comments", "last_line", 2, 3, "c"),
    ]
    article = Pipeline([Exact("c"), Last()], locator=WholeBody()).clean(lines("a", "b", "c"))
    assert removal_rows(article.removals) == [
        ("last", "comments", "last_line", 1, 2, "b"),
        ("exact", "pattern", "is_c", 2, 3, "c"),
    ]


def test_the_body_is_cleaned_again_until_nothing_more_goes() -> None:
    text = lines("A", "B", "C", "D", "E", "F")
    article = Pipeline([SecondAndThird()], locator=WholeBody()).clean(text)
    # pass 1 over A..F: B, C (lines 1-2, one tag); pass 2 over "A D E F": D, E (lines 3-4, one tag
    # over the original lines); pass 3 over "A F": F (line 5); pass 4 over "A": nothing.
    assert removal_rows(article.removals) == [
        ("second_third", "navigation", "rank", 1, 3, "B\nC"),
        ("second_third", "navigation", "rank", 3, 5, "D\nE"),
        ("second_third", "navigation", "rank", 5, 6, "F"),
    ]
    assert article.body == "A"
    assert article.paragraphs == ("A",)
    assert article.paragraph_lines == (0,)


def test_a_tag_of_the_body_pass_spans_the_lines_removed_between_its_paragraphs() -> None:
    # "x" lines go in the first pass (line-local). Pass 1 also tags the second and third
    # non-blank lines, x and B (lines 1-2; the x is already claimed). The body left is
    # "A C D E" (lines 0, 6, 8, 10): pass 2 tags C and D, one tag over original lines 6-8,
    # the x between them included (it stays the exact filter's); pass 3 over "A E" tags E.
    text = lines("A", "x", "B", "", "x", "", "C", "x", "D", "", "E")
    article = Pipeline([Exact("x"), SecondAndThird()], locator=WholeBody()).clean(text)
    assert removal_rows(article.removals) == [
        ("exact", "pattern", "is_x", 1, 2, "x"),
        ("second_third", "navigation", "rank", 2, 3, "B"),
        ("exact", "pattern", "is_x", 4, 5, "x"),
        ("second_third", "navigation", "rank", 6, 7, "C"),
        ("exact", "pattern", "is_x", 7, 8, "x"),
        ("second_third", "navigation", "rank", 8, 9, "D"),
        ("second_third", "navigation", "rank", 10, 11, "E"),
    ]
    context = Pipeline([Exact("x"), SecondAndThird()], locator=WholeBody()).tag(text)
    assert [(t.filter, t.start, t.end) for t in context.tags] == [
        ("exact", 1, 2),
        ("exact", 4, 5),
        ("exact", 7, 8),
        ("second_third", 1, 3),
        ("second_third", 6, 9),  # C and D of the body, over the x between them
        ("second_third", 10, 11),
    ]
    assert article.body == "A"


def test_a_body_pass_tag_over_three_paragraphs_starts_at_the_first() -> None:
    # pass 1 over A..H: B, C, D (lines 1-3); pass 2 over "A E F G H": E, F, G, one tag over the
    # original lines 4-6; pass 3 over "A H": H; pass 4 over "A": nothing
    context = Pipeline([SecondToFourth()], locator=WholeBody()).tag(lines(*"ABCDEFGH"))
    assert [(t.start, t.end) for t in context.tags] == [(1, 4), (4, 7), (7, 8)]
    assert context.free_lines() == [0]


def test_a_body_pass_can_remove_the_first_line_of_the_text() -> None:
    # pass 1 over "A x B": the x goes (the other filter sees an x and tags nothing); pass 2 over
    # "A B" tags A, line 0 of the text; pass 3 over "B" (one line) tags nothing
    article = Pipeline([Exact("x"), FirstOfSeveralWithoutX()], locator=WholeBody()).clean(
        lines("A", "x", "B")
    )
    assert removal_rows(article.removals) == [
        ("first_without_x", "headline", "first", 0, 1, "A"),
        ("exact", "pattern", "is_x", 1, 2, "x"),
    ]
    assert article.body == "B"
    assert article.paragraph_lines == (2,)


def test_the_last_paragraph_of_the_body_closes_its_run() -> None:
    # pass 1 over "A B": B (the last); pass 2 over "A": nothing. With three lines: C, then B.
    context = Pipeline([Last()], locator=WholeBody()).tag(lines("A", "B", "C"))
    assert [(t.filter, t.start, t.end) for t in context.tags] == [("last", 2, 3), ("last", 1, 2)]


def test_a_body_peeled_a_line_a_pass_settles_within_the_budget() -> None:
    assert SETTLE_BUDGET == 32
    text = lines(*(f"p{i}" for i in range(20)))
    article = Pipeline([Last()], locator=WholeBody()).clean(text)
    # 20 lines: the passes may read 640. The first pass takes p19; the passes over the body read
    # 19, 18, ..., 2 lines (189 in all), each taking its last, p18 to p1; the pass over p0 alone
    # (190) takes nothing, and the body has settled
    assert [r.start for r in article.removals] == list(range(1, 20))
    assert article.paragraphs == ("p0",)


def test_the_passes_over_the_body_read_at_most_settle_budget_times_the_page() -> None:
    # 210 lines: 6,720 to read. Passes over 209, 208, ..., 175 lines read 6,720 exactly: the
    # 35th still runs (it takes p174); the next would read 174 more, and does not
    text = lines(*(f"p{i}" for i in range(210)))
    article = Pipeline([Last()], locator=WholeBody()).clean(text)
    assert article.paragraphs == tuple(f"p{i}" for i in range(174))


def test_passes_stop_when_the_body_is_empty() -> None:
    # both lines go in the first pass: no body is left to clean again
    recorder = Recorder()
    article = Pipeline([Exact("a"), Exact("b", name="b"), recorder], locator=WholeBody()).clean(
        lines("a", "b")
    )
    assert article.body == ""
    assert article.paragraphs == ()
    assert len(recorder.seen) == 1


def test_a_pass_over_the_body_leaves_out_line_local_filters() -> None:
    article = Pipeline([FirstLine()], locator=WholeBody()).clean(lines("A", "B", "C"))
    assert removal_rows(article.removals) == [("first_line", "pattern", "first", 0, 1, "A")]
    assert article.body == "B\n\nC"


def test_tag_once_runs_line_local_filters_unless_on_a_body_pass() -> None:
    from newsclean.document import Document

    pipeline = Pipeline([FirstLine(), Last()], locator=WholeBody())
    doc = Document.from_text(lines("A", "B", "C"))
    assert [(t.filter, t.start) for t in pipeline.tag_once(doc).tags] == [("first_line", 0), ("last", 2)]
    assert [(t.filter, t.start) for t in pipeline.tag_once(doc, body_pass=True).tags] == [("last", 2)]
    assert [(t.filter, t.start) for t in pipeline.tag_once(doc, False).tags] == [
        ("first_line", 0),
        ("last", 2),
    ]


# --- removals ----------------------------------------------------------------------------------


def test_removals_join_a_tags_lines_across_blank_lines_and_split_at_other_claims() -> None:
    text = lines("keep", "x", "", "x", "y", "x", "keep", "x")
    article = Pipeline([Exact("x"), Exact("y", name="why")], locator=WholeBody()).clean(text)
    # each "x" line is its own tag: consecutive lines of different tags are separate removals
    assert removal_rows(article.removals) == [
        ("exact", "pattern", "is_x", 1, 2, "x"),
        ("exact", "pattern", "is_x", 3, 4, "x"),
        ("why", "pattern", "is_y", 4, 5, "y"),
        ("exact", "pattern", "is_x", 5, 6, "x"),
        ("exact", "pattern", "is_x", 7, 8, "x"),
    ]
    assert article.paragraph_lines == (0, 6)
    assert article.body == "keep\n\nkeep"


def test_one_tag_over_blank_lines_is_one_removal_of_its_visible_lines() -> None:
    from newsclean.document import Document

    context = Context(Document.from_text(lines("a", "b", "", "c", "d", "e")), locator=WholeBody())
    context.add([Tag("f", Reason.SHARE_BAR, 1, 4, "rule"), Tag("g", Reason.TAGS, 4, 5)])
    assert removal_rows(removals_from(context)) == [
        ("f", "share_bar", "rule", 1, 4, "b\nc"),
        ("g", "tags", "", 4, 5, "d"),
    ]


def test_a_tag_over_blank_lines_only_makes_no_removal() -> None:
    from newsclean.document import Document

    context = Context(Document.from_text(lines("a", "", "", "b")), locator=WholeBody())
    context.add([Tag("f", Reason.SHARE_BAR, 1, 3)])
    assert removals_from(context) == ()


def test_plan_is_the_removals_of_clean_with_the_cut_tail() -> None:
    limits = LimitsFilter(max_document_chars=10, max_line_chars=100, max_document_lines=100)
    pipeline = Pipeline([limits, Exact("x")], locator=WholeBody())
    text = lines("abc", "x", "defg", "late", "later")  # "late" starts at offset 11, past 10
    expected = [
        ("exact", "pattern", "is_x", 1, 2, "x"),
        ("limits", "oversize", "past_document_limit", 3, 5, "late\nlater"),
    ]
    assert removal_rows(pipeline.plan(text)) == expected
    article = pipeline.clean(text)
    assert removal_rows(article.removals) == expected
    assert article.body == "abc\n\ndefg"
    assert article.paragraph_lines == (0, 2)


# --- replaying removals ------------------------------------------------------------------------


def removal(start: int, end: int) -> Removal:
    return Removal("f", Reason.PATTERN, "", start, end, "")


def test_apply_removals_drops_the_ranges_and_joins_the_rest() -> None:
    text = lines("a", "b", "", "c", "d")
    assert apply_removals(text, [removal(1, 2), removal(4, 5)]) == "a\n\nc"
    assert apply_removals(text, []) == "a\n\nb\n\nc\n\nd"
    assert apply_removals("a\r\nb\r\nc", [removal(1, 2)]) == "a\n\nc"


def test_apply_removals_limits_exactly_at_and_one_over() -> None:
    text = lines("a", "b", "c")  # three lines
    assert apply_removals(text, [removal(0, 0), removal(3, 3)]) == "a\n\nb\n\nc"  # empty ranges
    assert apply_removals(text, [removal(0, 3)]) == ""
    assert apply_removals(text, [removal(2, 3)]) == "a\n\nb"
    with pytest.raises(ValueError) as raised:
        apply_removals(text, [removal(2, 4)])
    assert str(raised.value) == (
        "removal f:2-4 does not fit a text of 3 lines: replay it on the text it was made from"
    )
    with pytest.raises(ValueError, match="removal f:-1-1 does not fit a text of 3 lines"):
        apply_removals(text, [removal(-1, 1)])
    with pytest.raises(ValueError, match="removal f:2-1 does not fit"):
        apply_removals(text, [removal(2, 1)])
