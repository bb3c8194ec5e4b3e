"""The size limits at each limit (exactly at, one below, one above): the limits filter's tags, and
``admit``'s cut of the text before any filter runs, on texts whose offsets are counted by hand.

``one\\ntwo\\nthree\\nfour``: ``one`` at 0-2, a line break at 3, ``two`` at 4-6, a break at 7,
``three`` at 8-12, a break at 13, ``four`` at 14-17; 18 characters, 4 lines.
"""

from __future__ import annotations

import pytest

from newsclean.article import Removal
from newsclean.errors import BinaryInputError, EmptyDocumentError
from newsclean.filters import COMMENTS
from newsclean.filters.base import Context
from newsclean.filters.limits import LimitsFilter, admit, line_texts, normalise_newlines
from newsclean.reasons import Reason

TEXT = "one\ntwo\nthree\nfour"
BIG = 1_000_000  # a limit no text here reaches


def limits(chars: int = BIG, line: int = BIG, lines: int = BIG) -> LimitsFilter:
    return LimitsFilter(max_document_chars=chars, max_line_chars=line, max_document_lines=lines)


def tags(f: LimitsFilter, text: str) -> list[tuple[int, int, str]]:
    found = list(f.tag(Context.for_text(text)))
    assert {(t.filter, t.reason) for t in found} <= {("limits", Reason.OVERSIZE)}
    return [(t.start, t.end, t.detail) for t in found]


def tail(start: int, end: int, text: str, name: str = "limits") -> tuple[Removal, ...]:
    return (Removal(name, Reason.OVERSIZE, "past_document_limit", start, end, text),)


# the document limit: lines that start at or past character max_document_chars are cut
DOCUMENT_CASES = [
    (18, [], "the whole text: 18 characters"),
    (17, [], "four starts at 14, before 17"),
    (15, [], "four starts at 14, before 15"),
    (14, [(3, 4, "past_document_limit")], "four starts at 14: cut"),
    (13, [(3, 4, "past_document_limit")], "the break before four is at 13; four starts past it"),
    (9, [(3, 4, "past_document_limit")], "three starts at 8, before 9"),
    (8, [(2, 4, "past_document_limit")], "three starts at 8: cut"),
    (1, [(1, 4, "past_document_limit")], "one starts at 0, before 1"),
]


@pytest.mark.parametrize(("chars", "expected", "why"), DOCUMENT_CASES)
def test_the_filter_cuts_at_the_first_line_starting_at_the_document_limit(
    chars: int, expected: list[tuple[int, int, str]], why: str
) -> None:
    assert tags(limits(chars=chars), TEXT) == expected, why


ADMIT_CASES = [
    (18, TEXT, (), "the whole text"),
    (17, TEXT, (), "four starts before 17"),
    (15, TEXT, (), "four starts before 15"),
    (14, "one\ntwo\nthree", tail(3, 4, "four"), "four starts at 14"),
    (13, "one\ntwo\nthree", tail(3, 4, "four"), "four starts past 13"),
    (9, "one\ntwo\nthree", tail(3, 4, "four"), "three starts before 9"),
    (8, "one\ntwo", tail(2, 4, "three\nfour"), "three starts at 8"),
    (1, "one", tail(1, 4, "two\nthree\nfour"), "one is kept: it starts at 0"),
]


@pytest.mark.parametrize(("chars", "kept", "removed", "why"), ADMIT_CASES)
def test_admit_cuts_where_the_filter_does(
    chars: int, kept: str, removed: tuple[Removal, ...], why: str
) -> None:
    cut = admit(TEXT, [limits(chars=chars)])
    assert (cut.text, cut.tail) == (kept, removed), why


@pytest.mark.parametrize(
    ("lines", "expected", "kept", "removed"),
    [
        (5, [], TEXT, ()),
        (4, [], TEXT, ()),
        (3, [(3, 4, "past_document_limit")], "one\ntwo\nthree", tail(3, 4, "four")),
        (2, [(2, 4, "past_document_limit")], "one\ntwo", tail(2, 4, "three\nfour")),
        (1, [(1, 4, "past_document_limit")], "one", tail(1, 4, "two\nthree\nfour")),
    ],
)
def test_the_line_limit_keeps_the_first_max_document_lines(
    lines: int, expected: list[tuple[int, int, str]], kept: str, removed: tuple[Removal, ...]
) -> None:
    assert tags(limits(lines=lines), TEXT) == expected
    cut = admit(TEXT, [limits(lines=lines)])
    assert (cut.text, cut.tail) == (kept, removed)


def test_the_tighter_of_the_two_document_limits_cuts() -> None:
    assert tags(limits(chars=14, lines=2), TEXT) == [(2, 4, "past_document_limit")]
    assert tags(limits(chars=8, lines=3), TEXT) == [(2, 4, "past_document_limit")]
    assert admit(TEXT, [limits(chars=14, lines=2)]).text == "one\ntwo"
    assert admit(TEXT, [limits(chars=8, lines=3)]).text == "one\ntwo"
    # the character limit cuts to three lines, and those three are within a limit of three
    assert admit(TEXT, [limits(chars=14, lines=3)]).tail == tail(3, 4, "four")


def test_the_line_count_starts_with_a_blank_first_line() -> None:
    # "", "a", "b", "c": the second line break is at 2
    assert admit("\na\nb\nc", [limits(lines=2)]).text == "\na"
    assert admit("\na\nb\nc", [limits(lines=3)]).tail == tail(3, 4, "c")
    assert tags(limits(lines=2), "\na\nb\nc") == [(2, 4, "past_document_limit")]


@pytest.mark.parametrize(("line", "tagged"), [(6, False), (5, False), (4, True)])
def test_a_long_line_has_more_than_max_line_chars(line: int, tagged: bool) -> None:
    # "three" is the longest line, 5 characters
    assert tags(limits(line=line), TEXT) == ([(2, 3, "long_line")] if tagged else [])


def test_a_long_line_past_the_document_limit_is_not_a_long_line() -> None:
    assert tags(limits(line=4, lines=2), TEXT) == [(2, 4, "past_document_limit")]
    assert tags(limits(line=3, lines=3), TEXT) == [(2, 3, "long_line"), (3, 4, "past_document_limit")]


def test_a_long_line_is_counted_with_its_white_space() -> None:
    assert tags(limits(line=4), "ab  \n  cd") == []
    assert tags(limits(line=3), "ab  \n  cd") == [(0, 1, "long_line"), (1, 2, "long_line")]


@pytest.mark.parametrize(
    ("line", "text", "expected"),
    [
        (6, TEXT, TEXT),
        (5, TEXT, TEXT),
        (4, TEXT, "one\ntwo\nthree\nfour"),  # "three" is 5: max_line_chars + 1, kept whole
        (3, TEXT, "one\ntwo\nthre\nfour"),
        (2, TEXT, "one\ntwo\nthr\nfou"),
    ],
)
def test_admit_shortens_a_long_line_to_one_character_more_than_the_limit(
    line: int, text: str, expected: str
) -> None:
    cut = admit(text, [limits(line=line)])
    assert (cut.text, cut.tail) == (expected, ())


def test_a_shortened_line_still_shows_a_character() -> None:
    # six spaces then x: the first 6 characters are blank, so the first visible one replaces the 6th
    assert admit("ab\n      xyz", [limits(line=5)]).text == "ab\n     x"
    assert admit("ab\n" + "\u200b" * 6 + "xyz", [limits(line=5)]).text == "ab\n" + "\u200b" * 5 + "x"
    # a blank line stays as blank as it was
    assert admit("ab\n" + " " * 9, [limits(line=5)]).text == "ab\n" + " " * 6


def test_admit_refuses_an_empty_text_and_nul_characters() -> None:
    for empty in ("", " \n\t", "\u200b\u200d", "\u0301"):
        with pytest.raises(
            EmptyDocumentError, match=r"^the document is empty: pass the text of a scraped page$"
        ):
            admit(empty, [LimitsFilter()])
    message = r"^binary data \(NUL character at offset {}\), not text; pass the page's text or HTML$"
    with pytest.raises(BinaryInputError, match=message.format(0)):
        admit("\x00abc", [LimitsFilter()])
    with pytest.raises(BinaryInputError, match=message.format(3)):
        admit("abc\x00", [])


def test_admit_uses_the_first_limits_filter_and_none_without_one() -> None:
    assert admit(TEXT, [COMMENTS, limits(lines=2), limits(lines=1)]).text == "one\ntwo"
    assert admit(TEXT, [COMMENTS]).text == TEXT
    assert admit(TEXT, []).tail == ()
    named = LimitsFilter(name="size", max_document_chars=BIG, max_line_chars=BIG, max_document_lines=3)
    assert admit(TEXT, [named]).tail == tail(3, 4, "four", name="size")


def test_admit_leaves_line_ends_alone_when_it_cuts_nothing() -> None:
    assert admit("a\r\nb\rc", [LimitsFilter()]).text == "a\r\nb\rc"
    assert admit("a\r\nb\rc", []).text == "a\r\nb\rc"
    # cutting, it writes every line end as \n: "a", "b", "c", "d"
    cut = admit("a\r\nb\rc\u2028d", [limits(lines=2)])
    assert (cut.text, cut.tail) == ("a\nb", tail(2, 4, "c\nd"))


def test_the_removed_tail_runs_from_its_first_to_its_last_visible_line() -> None:
    # lines: 0 keep, 1 "", 2 " x ", 3 "", 4 " y", 5 "", 6 ""
    assert admit("keep\n\n x \n\n y\n\n", [limits(lines=1)]).tail == tail(2, 5, "x\ny")
    # a tail of blank lines removes nothing
    cut = admit("keep\n\n \n\u200b", [limits(lines=1)])
    assert (cut.text, cut.tail) == ("keep", ())


def test_the_removed_tail_is_read_across_pieces_of_a_million_characters() -> None:
    # "a" on line 1, 12,000 blank lines of 99 spaces (1.2 million characters), "b" on line 12,002,
    # "c" on line 12,003
    cut = admit("keep\na" + ("\n" + " " * 99) * 12_000 + "\nb\nc", [limits(lines=1)])
    assert cut.tail == tail(1, 12_004, "a\nb\nc")
    row = "y" * 999
    cut = admit("keep\n" + (row + "\n") * 2000 + "z", [limits(lines=1)])
    assert cut.tail == tail(1, 2002, "\n".join([row] * 2000 + ["z"]))


def test_line_texts_reads_pieces_of_about_a_million_characters() -> None:
    # line breaks at 999 + 1000 k: the first at or past 2 ** 20 = 1,048,576 is at 1,048,999 (k = 1048),
    # so the first piece holds 1,049 lines; the rest, 951 lines and the empty one after the last break
    pieces = list(line_texts(("y" * 999 + "\n") * 2000))
    assert [len(p) for p in pieces] == [1049, 952]
    assert pieces[0] == ["y" * 999] * 1049
    assert pieces[1] == ["y" * 999] * 951 + [""]
    # a line break as the last character of a piece: the empty line after it is a piece of its own
    assert list(line_texts("x" * 2**20 + "\n")) == [["x" * 2**20], [""]]


def test_line_texts_from_an_offset_and_blank_lines() -> None:
    assert list(line_texts("ab\ncd", 3)) == [["cd"]]
    assert list(line_texts("\n\n")) == [["", "", ""]]
    assert list(line_texts(" a \n\u200b\n b")) == [["a", "", "b"]]
    assert list(line_texts("")) == [[""]]


def test_normalise_newlines_writes_every_line_end_as_a_line_feed() -> None:
    assert normalise_newlines("a\r\nb\rc\u2028d\u2029e\x85f\n") == "a\nb\nc\nd\ne\nf\n"
    assert normalise_newlines("\r\r\n") == "\n\n"


def test_a_line_break_as_the_last_character_at_the_document_limit() -> None:
    # "ab\n" is 3 characters; its second line (empty) starts at 3
    assert tags(limits(chars=3), "ab\n") == []
    assert admit("ab\n", [limits(chars=3)]).text == "ab\n"
    assert tags(limits(chars=2), "ab\n") == [(1, 2, "past_document_limit")]
    assert admit("ab\n", [limits(chars=2)]) == admit("ab", [])
    # "a", "b", "": three lines, the third past a limit of two (and blank: nothing to remove)
    assert tags(limits(lines=2), "a\nb\n") == [(2, 3, "past_document_limit")]
    assert admit("a\nb\n", [limits(lines=2)]).text == "a\nb"


def test_a_cut_at_the_first_character() -> None:
    # "", "ab", "cd": the line break at 0 ends the first line, which alone starts before 1
    cut = admit("\nab\ncd", [limits(chars=1)])
    assert (cut.text, cut.tail) == ("", tail(1, 3, "ab\ncd"))
    cut = admit("\nab\ncd", [limits(chars=1, lines=2)])
    assert (cut.text, cut.tail) == ("", tail(1, 3, "ab\ncd"))
    assert tags(limits(chars=1), "\nab\ncd") == [(1, 3, "past_document_limit")]


def test_a_text_as_long_as_a_limit_has_its_line_ends_normalised() -> None:
    # shorter than every limit, a text is returned as it is; from the shortest limit on, its line
    # ends are written as \n (nothing else changes: no limit is passed)
    assert admit("a\r\nb", [limits(chars=5, line=5, lines=5)]).text == "a\r\nb"
    assert admit("a\r\nb", [limits(chars=4)]).text == "a\nb"
    assert admit("a\r\nb", [limits(line=4)]).text == "a\nb"
    assert admit("a\r\nb", [limits(lines=4)]).text == "a\nb"


def test_the_nul_character_reported_is_the_first() -> None:
    with pytest.raises(BinaryInputError, match=r"offset 1\)"):
        admit("a\x00b\x00", [])


def test_line_texts_reads_on_past_a_piece_of_blank_lines() -> None:
    assert list(line_texts(" " * 2**20 + "\nx")) == [[""], ["x"]]
