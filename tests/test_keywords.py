"""Keyword-guarded line patterns: a pattern runs only on the lines holding one of its keywords (or with at
most ``max_words`` words), and the filter's tags are those of the plain alternation of its patterns."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.errors import PatternTimeoutError
from newsclean.filters import lines as families
from newsclean.filters.base import Context, LinePattern, LinePatternFilter, Tag
from newsclean.filters.keywords import check_keywords, fold, keyword_lines
from newsclean.reasons import Reason

ROOT = Path(__file__).resolve().parent.parent
STANDARD = [f for f in vars(families).values() if isinstance(f, LinePatternFilter)]
GUARDED = [f for f in STANDARD if any(p.keywords or p.max_words >= 0 for p in f.patterns)]


def unguarded(f: LinePatternFilter) -> LinePatternFilter:
    """The same filter without keywords: one alternation over every line, the reference."""
    return LinePatternFilter(
        f.name, tuple(dataclasses.replace(p, keywords=(), max_words=-1) for p in f.patterns)
    )


def tags(f: LinePatternFilter, text: str) -> list[Tag]:
    return list(f.tag(Context.for_text(text)))


def test_the_costly_families_are_guarded() -> None:
    assert {f.name for f in GUARDED} >= {"prompts", "credits", "comments", "navigation", "bylines", "ticker"}


# --- the case-folding the keyword search relies on -------------------------------------------------


def test_fold_finds_every_character_the_regex_module_matches_ignoring_case() -> None:
    # every character that regex's (?i) matches to a character of a standard keyword folds to that
    # character (a keyword search on the folded text finds whatever the pattern could match)
    everything = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    wanted = {c for f in STANDARD for p in f.patterns for k in p.keywords for c in k}
    assert {"s", "i", "k", "(", "/", ":"} <= wanted
    for char in sorted(wanted):
        matched = regex.compile(f"(?i){regex.escape(char)}", regex.V0).findall(everything)
        folded = fold("\n" + "".join(matched) + "\n")
        assert folded == "\n" + char * len(matched) + "\n", (char, matched)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\nSUBSCRIBE\n", "\nsubscribe\n"),
        ("\nſubſcribe\n", "\nsubscribe\n"),  # long s: regex matches it with s
        ("\nİNBOX\n", "\ninbox\n"),  # capital I with a dot: regex matches it with i
        ("\nKelvin\n", "\nkelvin\n"),  # the Kelvin sign lower-cases to k
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_fold_gives_up_when_lower_casing_changes_the_length() -> None:
    # no such character is known today; the guard keeps offsets honest if Unicode adds one
    assert fold("\nabc\n") is not None
    assert all(len(chr(c).lower()) == 1 or chr(c) == "\u0130" for c in range(sys.maxunicode + 1))


@pytest.mark.parametrize(
    ("keyword", "valid", "why"),
    [
        ("cookie", True, "lower-case ASCII letters"),
        ("(", True, "punctuation has no case"),
        ("»", True, "a symbol-like quotation mark has no case"),
        ("Cookie", False, "an upper-case letter: the folded text has none"),
        ("café", False, "a letter beyond ASCII: its case-folding is not fold's"),
        ("sign in", False, "a space: patterns write \\h++ between words"),
        ("", False, "empty: every line would qualify"),
    ],
)
def test_check_keywords(keyword: str, valid: bool, why: str) -> None:
    if valid:
        check_keywords((keyword,))
    else:
        with pytest.raises(ValueError, match="must be lower-case ASCII letters"):
            check_keywords((keyword,))


def test_keyword_lines() -> None:
    text = "Share\nWe use cookies here\n\nSign up for our newsletter\nprose"
    padded = f"\n{text}\n"
    starts = [0, 6, 26, 27, 54]  # "Share", "We use cookies here", "", "Sign up ... newsletter", "prose"
    folded = fold(padded)
    assert folded is not None
    assert keyword_lines(folded, starts, ("cookie", "newsletter", "here")) == {1, 3}
    assert keyword_lines(folded, starts, ("s",)) == {0, 1, 3, 4}


# --- what a guard claims, and what it costs when the claim is wrong ------------------------------------


def test_a_guarded_pattern_runs_on_keyword_lines_and_short_lines_only() -> None:
    two_words = LinePattern("two", Reason.PATTERN, r"\w+ \w+", keywords=("zzz",), max_words=1)
    one_word = LinePattern("one", Reason.PATTERN, r"\w+", keywords=("zzz",), max_words=1)
    f = LinePatternFilter("demo", (two_words, one_word))
    found = tags(f, "hello world\nZZZ world\nhi")
    assert [(t.start, t.detail) for t in found] == [(1, "two"), (2, "one")]


def test_max_words_boundary() -> None:
    pattern = LinePattern("any", Reason.PATTERN, r"[\w ]+", keywords=("zzz",), max_words=2)
    f = LinePatternFilter("demo", (pattern,))
    assert [t.start for t in tags(f, "one two\none two three")] == [0]


def test_the_first_pattern_in_order_wins_a_line_guarded_or_not() -> None:
    late = LinePattern("late", Reason.PATTERN, r"share\h++this", keywords=("share",))
    early = LinePattern("early", Reason.PATTERN, r"share\h++\w+")
    assert [t.detail for t in tags(LinePatternFilter("a", (early, late)), "share this")] == ["early"]
    assert [t.detail for t in tags(LinePatternFilter("b", (late, early)), "share this")] == ["late"]


def test_a_guarded_filter_keeps_the_pattern_timeout() -> None:
    evil = LinePattern("nested", Reason.PATTERN, r"(?:a|aa)+(?!a)x", keywords=("a",))
    context = Context(Context.for_text("a" * 60 + "!").doc, pattern_timeout=0.05)
    with pytest.raises(PatternTimeoutError, match=r"filter 'evil' took longer than 0\.05 s"):
        list(LinePatternFilter("evil", (evil,)).tag(context))


# --- the standard families: guarded tags == plain tags --------------------------------------------------

PHRASES = [
    "Subscribe now",
    "Sign up for our newsletter",
    "We use cookies to improve your experience",
    "ok",
    "I accept",
    "Got it!",
    "AD",
    "ads",
    "Skip ad",
    "Advertisement - Scroll to continue",
    "Follow us on Twitter",
    "Download the free app today",
    "Photo: AFP",
    "Crowds in the square (Image: Getty)",
    "A gas hob burns in a kitchen. Picture: PA",
    "Jane Doe/Reuters",
    "Image caption The minister at the summit",
    "Credit... Doug Mills/The New York Times",
    "12 Comments",
    "200 characters left",
    "Leave a comment",
    "John said:",
    "As you comment, please be respectful of other readers and keep the conversation civil at all times.",
    "The minister said the talks would go on for another week, and that nobody expected a deal soon.",
    "ſubscribe",
    "İnbox",
    "Home | World | Sport",
    "News / World / Asia",
    "x",
    "• • •",
    "© 2024 Example Media. All rights reserved.",
    "Privacy Policy | Terms of Use",
    "Company logo",
    "International Edition",
    "By Jane Doe and John Roe",
    "AFP Published 14 Sep, 2024 11:02am",
    "Staff Reporter",
    "AGL 35.72 Decreased By ▼ -1.28 (-3.46%)",
    "KSE100 79,333 up 120 pts",
    "EUR/USD 1.0856",
    "Dollar to PKR 278.50",
    "Market Data",
]


@st.composite
def pages(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        phrase = draw(st.sampled_from(PHRASES))
        phrase = "".join(c.upper() if draw(st.booleans()) else c for c in phrase)
        space = draw(st.sampled_from([" ", "  ", "\t", "\u00a0", "\u2003"]))
        lines.append(draw(st.sampled_from(["", " ", "\u3000"])) + phrase.replace(" ", space))
    return "\n".join(lines)


@settings(max_examples=300, deadline=None)
@given(pages())
def test_guarded_families_tag_as_the_plain_alternation(text: str) -> None:
    for f in GUARDED:
        assert tags(f, text) == tags(unguarded(f), text), f.name


@pytest.mark.parametrize("path", sorted((ROOT / "corpus_samples").glob("*.txt")), ids=lambda p: p.name)
def test_guarded_families_on_the_sample_pages(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for f in GUARDED:
        assert tags(f, text) == tags(unguarded(f), text), f.name
