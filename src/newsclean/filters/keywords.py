"""Which lines a keyword-guarded pattern can match: the lines holding one of its keywords.

A :class:`~newsclean.filters.base.LinePattern` may name ``keywords``: words one of which
every line it matches holds, compared as its ``(?i)`` compares letters, unless the line has
at most ``max_words`` words. Its filter then runs it on those lines only, instead of at the
start of every line: most of a page is prose, and a pattern that opens with a bounded lazy
prefix (``.{0,120}?we use cookies``) costs up to that many attempts on each prose line.

Keywords are found with ``str.find`` in the page lower-cased once (:func:`fold`). That
finds every place the pattern's case-insensitive match could: the ``regex`` module matches
an ASCII letter, ignoring case, with that letter in either case and with three other
characters, the Kelvin sign (which ``str.lower`` makes ``k``), the long s and the capital I
with a dot (replaced with ``s`` and ``i`` before lower-casing). When lower-casing changes the
page's length (another character that lower-cases to two), offsets would not line up, and
every line is a candidate.

>>> folded = fold("\\nWe use COOKIES\\nPlain prose\\n")
>>> keyword_lines(folded, (0, 15, 27), ("cookie", "notice"))
{0}
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Sequence


def fold(padded: str) -> str | None:
    """``padded`` lower-cased for keyword search, or ``None`` when lower-casing changes its length.

    >>> fold("\\nſIGN İN\\n")
    '\\nsign in\\n'
    """
    folded = padded.replace("\u0130", "i").lower().replace("\u017f", "s")
    return folded if len(folded) == len(padded) else None


def check_keywords(keywords: tuple[str, ...]) -> None:
    """Raise ``ValueError`` unless every keyword is made of lower-case ASCII letters (what :func:`fold`
    makes of a letter the pattern matches, whatever its case), punctuation, symbols and digits (which
    have no case).

    >>> check_keywords(("cookie", "»", "Like"))
    Traceback (most recent call last):
    ...
    ValueError: keyword 'Like' must be lower-case ASCII letters, punctuation, symbols or digits
    """
    for keyword in keywords:
        if not keyword or not all(
            (c.isascii() and c.isalpha() and c.islower()) or unicodedata.category(c) in _CASELESS
            for c in keyword
        ):
            raise ValueError(
                f"keyword {keyword!r} must be lower-case ASCII letters, punctuation, symbols or digits"
            )


#: Unicode categories without case: punctuation, symbols, decimal digits.
_CASELESS = frozenset({"Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Nd"})


def keyword_lines(folded: str, starts: Sequence[int], keywords: tuple[str, ...]) -> set[int]:
    """Indexes of the lines holding one of ``keywords`` in ``folded`` (a document's padded text
    folded, the line starting at offset ``starts[i]`` of its text)."""
    found: set[int] = set()
    last = len(starts) - 1
    for keyword in keywords:
        at = folded.find(keyword)
        while at >= 0:
            line = (
                bisect_right(starts, at - 1) - 1
            )  # offset ``at`` of the padded text is ``at - 1`` of the text
            found.add(line)
            # on from the next line: one hit is enough for a line
            at = folded.find(keyword, starts[line + 1] + 1) if line < last else -1
    return found
