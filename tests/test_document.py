"""The document model on texts whose lines, offsets, words and endings are counted by hand.

Each case is data: the input, what is expected, and why.
"""

from __future__ import annotations

from random import Random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.document import Document, Line, shown

# (text, expected (start, end, text) of each line, why)
SPLITS = [
    ("a\nb", [(0, 1, "a"), (2, 3, "b")], "LF"),
    ("a\r\nb", [(0, 1, "a"), (2, 3, "b")], "CRLF is one line end: offsets count it as one character"),
    ("a\rb", [(0, 1, "a"), (2, 3, "b")], "a lone CR"),
    ("a\r\rb", [(0, 1, "a"), (2, 2, ""), (3, 4, "b")], "two CRs are two line ends"),
    ("a\u2028b\u2029c\x85d", [(0, 1, "a"), (2, 3, "b"), (4, 5, "c"), (6, 7, "d")], "Unicode line ends"),
    ("a\n", [(0, 1, "a"), (2, 2, "")], "a final line end makes an empty last line"),
    ("  ab \t\nc", [(0, 6, "ab"), (7, 8, "c")], "text is stripped; offsets are the raw line's"),
    ("\u200b\u200d\nx", [(0, 2, ""), (3, 4, "x")], "zero-width characters only: blank"),
    (" \u0301 \nx", [(0, 3, ""), (4, 5, "x")], "a combining mark on its own: blank"),
    ("\x08\x7f\nx", [(0, 2, ""), (3, 4, "x")], "control characters only: blank"),
    ("\u200ba\u200b", [(0, 3, "\u200ba\u200b")], "a visible character keeps the line as it is"),
    ("", [(0, 0, "")], "an empty text is one blank line"),
]


@pytest.mark.parametrize(("text", "expected", "why"), SPLITS, ids=[c[2] for c in SPLITS])
def test_lines_offsets_and_texts(text: str, expected: list[tuple[int, int, str]], why: str) -> None:
    doc = Document.from_text(text)
    assert [(line.start, line.end, line.text) for line in doc.lines] == expected, why
    assert [line.index for line in doc.lines] == list(range(len(expected)))
    assert len(doc) == len(expected)
    assert list(doc) == list(doc.lines)
    assert [line.is_blank for line in doc] == [not t for _, _, t in expected]
    assert all(doc.text[line.start : line.end].strip() == line.text for line in doc if line.text)


def test_text_is_normalised_and_padded() -> None:
    doc = Document.from_text("a\r\nb\rc\u2028d")
    assert doc.text == "a\nb\nc\nd"
    assert doc.padded == "\na\nb\nc\nd\n"


def test_line_at_every_offset() -> None:
    doc = Document.from_text("ab\n\ncd")  # lines start at 0, 3, 4
    # an offset on a line end belongs to the line it ends
    assert [doc.line_at(i).index for i in range(len(doc.text) + 1)] == [0, 0, 0, 1, 2, 2, 2]


def test_starts_are_not_part_of_equality_or_repr() -> None:
    doc = Document.from_text("a")
    other = Document("a", (Line(0, 0, 1, "a"),), (7,))
    assert doc == other
    assert repr(doc) == "Document(text='a', lines=(Line(index=0, start=0, end=1, text='a'),))"


# (line text, shown, why)
SHOWN = [
    ("a", True, "printable ASCII"),
    ("", False, "empty"),
    ("\x08", False, "an ASCII control character"),
    ("a\x08", True, "ASCII, not all printable, with a letter"),
    ("\x7f", False, "DEL is a control character"),
    ("é", True, "a non-ASCII letter"),
    ("\u200b\u2060\ufeff\xad", False, "zero-width, word joiner, byte-order mark, soft hyphen"),
    ("\u202e", False, "a bidi control"),
    ("\u0301", False, "a combining mark on its own"),
    ("\ud800", False, "a lone surrogate"),
    ("\u3000x", True, "ideographic space, then a letter"),
    ("\u2003", False, "an em space only"),
    ("。", True, "CJK punctuation"),
]


@pytest.mark.parametrize(("text", "expected", "why"), SHOWN, ids=[c[2] for c in SHOWN])
def test_shown(text: str, expected: bool, why: str) -> None:
    assert shown(text) is expected, why


# (line, words, why)
TOKENS = [
    ("Hello, world!", ["Hello", "world"], "punctuation splits words"),
    ("It's U.S. rock&roll e-mail", ["It's", "U.S.", "rock&roll", "e-mail"], "inner ' . & - are kept"),
    ("'quoted' -dash", ["quoted'", "dash"], "a word starts with a letter or digit"),
    ("3.5 km — 10%", ["3.5", "km", "10"], "digits are words; a dash alone is not"),
    ("naïve café", ["naïve", "café"], "letters with accents (precomposed)"),
    ("nai\u0308ve", ["nai\u0308ve"], "a combining mark inside a word"),
    ("l’été", ["l’été"], "a typographic apostrophe inside a word"),
    ("--- *** ---", [], "no letters or digits"),
    (
        "\x1c\u3000 spaced\tout \u2003\x0b",
        ["spaced", "out"],
        "the white space str.strip takes off is no word",
    ),
]


@pytest.mark.parametrize(("line", "expected", "why"), TOKENS, ids=[c[2] for c in TOKENS])
def test_tokens(line: str, expected: list[str], why: str) -> None:
    doc = Document.from_text(f"{line}\n\n")
    assert doc.tokens == [expected, [], []], why
    doc = Document.from_text(f"first line\n{line}\nlast")  # the words of a line in the middle
    assert doc.tokens == [["first", "line"], expected, ["last"]], why
    assert doc.lowered_words == ["first", "line", *(w.lower() for w in expected), "last"], why


# (line, word count, why): a line of n words and more than 12 n characters counts one word
# for every two characters
WORD_COUNTS = [
    ("one two three", 3, "three words"),
    ("", 0, "a blank line"),
    ("---", 0, "no words: 3 characters, not counted as characters"),
    ("a" * 12, 1, "one word of 12 characters: exactly 12 per word, a word"),
    ("a" * 13, 6, "one word of 13 characters: more than 12 per word, 13 // 2"),
    ("a" * 11 + " b" * 1, 2, "two words in 13 characters"),
    ("a" * 22 + " b", 2, "two words in 24 characters: exactly 12 per word"),
    ("a" * 23 + " b", 12, "two words in 25 characters: 25 // 2"),
    ("新华社北京十一月三十日电记者", 7, "14 CJK characters, one run: 14 // 2"),
]


@pytest.mark.parametrize(("line", "expected", "why"), WORD_COUNTS, ids=[c[2] for c in WORD_COUNTS])
def test_word_counts(line: str, expected: int, why: str) -> None:
    doc = Document.from_text(f"x\n{line}")
    assert doc.word_counts == [1, expected], why


# (line, ends a sentence, ends terminal, why)
ENDINGS = [
    ("Done.", True, True, "full stop"),
    ("Really?", True, True, "question mark"),
    ("Now!", True, True, "exclamation mark"),
    ("Wait…", True, True, "ellipsis"),
    ("完了。", True, True, "ideographic full stop"),
    ("本当？", True, True, "full-width question mark"),
    ("すごい！", True, True, "full-width exclamation mark"),
    ('He said "yes."', True, True, "a closing straight quote after the stop"),
    ("He said “yes.”", True, True, "a closing curly quote"),
    ("(See below.)", True, True, "a closing parenthesis"),
    ("[Note.]", True, True, "a closing bracket"),
    ("«Oui.»", True, True, "a closing guillemet"),
    ("'Yes.'", True, True, "a closing single quote"),
    ("It’s done.’", True, True, "a closing curly single quote"),
    ('Done.")', True, True, "two closers"),
    ("Note:", False, True, "a colon ends a line, not a sentence"),
    ("first;", False, True, "a semicolon"),
    ("Done. Then", False, False, "a stop inside the line"),
    ("Done.x", False, False, "a letter after the stop"),
    ("Headline", False, False, "no punctuation"),
    ("A, B,", False, False, "a comma"),
    ("", False, False, "a blank line"),
]


@pytest.mark.parametrize(("line", "sentence", "terminal", "why"), ENDINGS, ids=[c[3] for c in ENDINGS])
def test_endings(line: str, sentence: bool, terminal: bool, why: str) -> None:
    doc = Document.from_text(f"{line}\nplain")
    assert doc.ends_sentence == [sentence, False], why
    assert doc.ends_terminal == [terminal, False], why


def test_nonblank_in_a_range() -> None:
    doc = Document.from_text("a\n\nb\nc\n\nd")  # non-blank: 0, 2, 3, 5
    assert doc.nonblank() == [0, 2, 3, 5]
    assert doc.nonblank(2) == [2, 3, 5]
    assert doc.nonblank(3) == [3, 5]
    assert doc.nonblank(0, 3) == [0, 2]
    assert doc.nonblank(1, 2) == []
    assert doc.nonblank(stop=6) == [0, 2, 3, 5]
    assert doc.nonblank(2, None) == [2, 3, 5]


ENGLISH = "The council said on Tuesday that it would not approve the budget for the new school this year."
GERMAN = (
    "Der Rat hat am Dienstag den Haushalt für die neue Schule nicht beschlossen, sagte die Stadt, "
    "und die Eltern sind darüber sehr verärgert, weil sie seit Jahren auf den Bau warten."
)


def test_the_language_is_read_from_the_lines_left() -> None:
    doc = Document.from_text(f"{GERMAN}\n{ENGLISH}")  # the German line is the longer
    assert doc.features.language == "German"
    assert doc.features_without(set()) is doc.features  # nothing left out: the cached features
    assert doc.features_without(frozenset()) is doc.features
    assert doc.features_without({0}).language == "English"
    assert doc.features_without({1}).language == "German"
    assert doc.language_of([1]) == "English"
    assert doc.language_of([0]) == "German"
    assert doc.language_of([0, 1]) == "German"
    assert doc.language_of([]) is None


def test_features_without_keeps_every_line() -> None:
    doc = Document.from_text(f"{GERMAN}\n{ENGLISH}\n* item")
    features = doc.features_without({0})
    assert list(features.list_marker) == ["", "", "*"]
    assert len(features.stop_density) == 3


def test_body_of_is_the_document_of_the_lines_joined() -> None:
    doc = Document.from_text("Menu\n  * First item.  \n\nJune 9 -- Berlin\nAnd SO on:\n")
    body = doc.body_of([1, 3, 4])
    assert body.text == "* First item.\n\nJune 9 -- Berlin\n\nAnd SO on:"
    assert [(line.index, line.start, line.end, line.text) for line in body.lines] == [
        (0, 0, 13, "* First item."),
        (1, 14, 14, ""),
        (2, 15, 31, "June 9 -- Berlin"),
        (3, 32, 32, ""),
        (4, 33, 43, "And SO on:"),
    ]
    assert body.line_starts == (0, 14, 15, 32, 33)
    assert body.tokens == [["First", "item."], [], ["June", "9", "Berlin"], [], ["And", "SO", "on"]]
    assert body.lowered_words == ["first", "item.", "june", "9", "berlin", "and", "so", "on"]
    assert body.word_counts == [2, 0, 3, 0, 3]
    assert body.ends_sentence == [True, False, False, False, False]
    assert body.ends_terminal == [True, False, False, False, True]
    assert body.shapes.list_marker == ("*", "", "", "", "")
    assert body.shapes.dated == (False, False, True, False, False)
    assert doc.body_of([]) == Document.from_text("")
    assert doc.body_of([4]).text == "And SO on:"


def test_body_of_equals_a_document_built_from_its_text() -> None:
    doc = Document.from_text(
        f"Home | World\n\n{GERMAN}\n\u3000{ENGLISH}  \n* Council Approves Budget After Long DebateThe council "
        "voted 7-2 on Tuesday to approve it.\nJune 9 -- Venue\nJune 10 -- Hall\nJune 11 -- Park\nName  Age  Town"
    )
    kept = [i for i in doc.nonblank() if i != 0]
    body = doc.body_of(kept)
    fresh = Document.from_text(body.text)
    assert body == fresh
    assert body.line_starts == fresh.line_starts
    for name in (
        "tokens",
        "lowered_words",
        "word_counts",
        "ends_sentence",
        "ends_terminal",
        "shapes",
        "features",
    ):
        assert getattr(body, name) == getattr(fresh, name), name


_LINES = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40),
    st.sampled_from(["", "  * Item one ", "June 9 -- Berlin", "Said so.", "a  b  c", ENGLISH, GERMAN]),
)


@given(st.lists(_LINES, min_size=1, max_size=20), st.randoms(use_true_random=False))
@settings(max_examples=200, deadline=None)
def test_body_of_any_lines_equals_a_document_built_from_its_text(lines: list[str], rng: Random) -> None:
    doc = Document.from_text("\n".join(lines))
    kept = [i for i in doc.nonblank() if rng.random() < 0.7]
    body = doc.body_of(kept)
    fresh = Document.from_text(body.text)
    assert (body, body.line_starts) == (fresh, fresh.line_starts)
    for name in ("tokens", "lowered_words", "word_counts", "ends_sentence", "ends_terminal", "shapes"):
        assert getattr(body, name) == getattr(fresh, name), name
