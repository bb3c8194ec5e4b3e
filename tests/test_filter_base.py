"""What every filter relies on: the context's claims, its one body and its language, and the
whole-line pattern filter (runs of lines, blank lines, its time bound, a copy sent to a worker)."""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field

import pytest

from newsclean.document import Document
from newsclean.errors import PatternTimeoutError
from newsclean.filters.base import Context, LinePattern, LinePatternFilter, Tag
from newsclean.filters.layout import Block
from newsclean.locator.base import BodyLines
from newsclean.reasons import Reason

ENGLISH = (
    "The council met on Tuesday to vote on the budget for the next year and the mayor said that it was a "
    "good day for the town."
)
GERMAN = (
    "Der Rat hat am Dienstag über den Haushalt für das nächste Jahr abgestimmt und der Bürgermeister sagte, "
    "dass es ein guter Tag für die Stadt war."
)


@dataclass
class Counting:
    """A locator that says the body is line 0, then line 1, and so on, counting its calls."""

    calls: list[int] = field(default_factory=list)

    def locate(self, context: Context) -> BodyLines:
        line = len(self.calls)
        self.calls.append(line)
        return BodyLines(frozenset({line}), Block(line, line + 1))


@dataclass(frozen=True)
class Nowhere:
    def locate(self, context: Context) -> None:
        return None


# --- the context --------------------------------------------------------------------------------


def test_free_lines_are_the_non_blank_unclaimed_lines_from_line_zero() -> None:
    ctx = Context.for_text("a\n\nb\nc\nd")
    ctx.add([Tag("x", Reason.PATTERN, 3, 4)])
    assert ctx.free_lines() == [0, 2, 4]
    assert ctx.free_lines(2) == [2, 4]
    assert ctx.free_lines(0, 4) == [0, 2]


@pytest.mark.parametrize(
    ("first", "second", "kept"),
    [
        (Reason.TEMPLATE, Reason.HEADLINE, "second"),
        (Reason.TEMPLATE, Reason.SECTION_LABEL, "second"),
        (Reason.TEMPLATE, Reason.PATTERN, "first"),
        (Reason.PATTERN, Reason.HEADLINE, "first"),
        (Reason.PATTERN, Reason.SECTION_LABEL, "first"),
        (Reason.HEADLINE, Reason.TEMPLATE, "first"),
    ],
)
def test_a_line_keeps_its_first_claim_but_a_headline_or_label_takes_over_a_template(
    first: Reason, second: Reason, kept: str
) -> None:
    ctx = Context.for_text("a\nb")
    tags = [Tag("first", first, 0, 2), Tag("second", second, 1, 2)]
    ctx.add(tags[:1])
    ctx.add(tags[1:])
    assert ctx.tags == tags
    claim = ctx.claim(1)
    assert claim is not None and claim.filter == kept
    assert ctx.claim(0) == tags[0]


def test_the_body_is_located_once_per_document() -> None:
    locator = Counting()
    ctx = Context(Document.from_text("a\nb"), locator=locator)
    assert ctx.body_block() == Block(0, 1)
    assert ctx.body_block() == Block(0, 1)
    assert ctx.free_body_lines() == [0]
    assert locator.calls == [0]


def test_without_a_body_there_is_no_block_and_no_body_line() -> None:
    ctx = Context(Document.from_text("a\nb"), locator=Nowhere())
    assert ctx.body_lines() is None
    assert ctx.body_block() is None
    assert ctx.free_body_lines() == []


def test_the_language_is_read_from_the_lines_no_filter_claimed() -> None:
    assert Context.for_text(f"{ENGLISH}\n{GERMAN}\n{GERMAN}").features().language == "German"
    ctx = Context.for_text(f"{ENGLISH}\n{GERMAN}\n{GERMAN}")
    ctx.add([Tag("x", Reason.PATTERN, 1, 3)])
    assert ctx.features().language == "English"


def test_the_language_can_be_read_from_given_lines() -> None:
    ctx = Context.for_text(f"{ENGLISH}\n{ENGLISH}\n{GERMAN}")
    assert ctx.features().language == "English"
    ctx.judge_language_from([2])
    assert ctx.features().language == "German"
    ctx = Context.for_text(f"{GERMAN}\n{GERMAN}\n{ENGLISH}")
    ctx.judge_language_from([2])
    assert ctx.features().language == "English"


# --- the pattern filter -------------------------------------------------------------------------

CAPS = LinePattern("caps", Reason.PATTERN, r"[A-Z ]+")
DIGITS = LinePattern("digits", Reason.DATE_LINE, r"[0-9 ]+")


def test_consecutive_lines_matched_by_one_pattern_are_one_tag() -> None:
    f = LinePatternFilter("shouting", (CAPS, DIGITS))
    text = "HELLO\n\nHELLO\n12\n34\nquiet\nHI"
    assert list(f.tag(Context.for_text(text))) == [
        Tag("shouting", Reason.PATTERN, 0, 3, "caps"),
        Tag("shouting", Reason.DATE_LINE, 3, 5, "digits"),
        Tag("shouting", Reason.PATTERN, 6, 7, "caps"),
    ]


def test_a_line_without_a_visible_character_is_never_tagged() -> None:
    # U+200B is no white space to the pattern, but the line is blank to the document: passed over
    # (first line), and between two lines the pattern tags, a blank line that joins their run
    f = LinePatternFilter("any", (LinePattern("any", Reason.PATTERN, r"\S+"),))
    assert [(t.start, t.end) for t in f.tag(Context.for_text("\u200b\nabc\n\u200b\ndef"))] == [(1, 4)]


def test_a_filter_sent_to_a_worker_leaves_its_compiled_pattern_behind_and_tags_alike() -> None:
    f = LinePatternFilter("shouting", (CAPS, DIGITS))
    assert "_compiled" not in f.__getstate__()
    copy = pickle.loads(pickle.dumps(f))
    assert copy == f
    text = "HELLO\n12\nquiet"
    expected = [
        Tag("shouting", Reason.PATTERN, 0, 1, "caps"),
        Tag("shouting", Reason.DATE_LINE, 1, 2, "digits"),
    ]
    assert list(copy.tag(Context.for_text(text))) == expected
    assert list(copy.tag(Context.for_text(text))) == expected  # compiled on first use, kept


def test_a_pattern_filter_past_its_time_bound_says_what_to_do() -> None:
    f = LinePatternFilter("slow", (LinePattern("words", Reason.PATTERN, r"(?:\w+ )*\w+"),))
    doc = Document.from_text("word " * 399 + "word")  # 1,999 characters
    message = (
        r"^filter 'slow' took longer than 1e-12 s on a document of 1999 characters; the input may be "
        r"built to make patterns backtrack: skip the document, or raise CleanConfig.pattern_timeout$"
    )
    with pytest.raises(PatternTimeoutError, match=message):
        list(f.tag(Context(doc, pattern_timeout=1e-12)))
    assert Context(doc, pattern_timeout=2.5).pattern_timeout == 2.5
