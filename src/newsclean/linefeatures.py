"""Per-line shape features of a document, computed in one pass.

What the body locator needs beyond word counts: the share of function words (in the
document's own language, see :mod:`newsclean.stoplists`) and list markers, which is
how text dumps of HTML render ``<li>`` items (``*`` for the first level, ``+``,
``o``, ``-`` or ``•`` below it, ``1.`` for ordered lists).

>>> from newsclean.document import Document
>>> doc = Document.from_text("Home\\n+ World\\nThe talks went on for most of the day, officials said.")
>>> f = doc.features
>>> f.language, f.list_marker, f.table_row
('English', ('', '+', ''), (False, False, False))
>>> [round(d, 2) for d in f.stop_density]
[0.0, 0.0, 0.73]
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from itertools import chain

import numpy as np

from newsclean.pattern_cache import cached_compile
from newsclean.stoplists import detect_language, stoplist

_LIST_MARKER = cached_compile(r"([*+o•\-–·▪■►]|\d{1,3}[.)])\h")
_COLUMN_GAP = cached_compile(r"\S {2,}(?=\S)")
_LANGUAGE_SAMPLE_WORDS = 300
#: Where a link card's headline runs into its summary with no space between them:
#: "... After Long DebateThe council voted ..." or "... On The Rise?Violence is ...".
_GLUED = cached_compile(r"(?<=\p{Ll}{3}|[?!])\p{Lu}\p{Ll}*+(?=[\h,:])")
_CAPITALISED_WORD = cached_compile(r"[\p{Lu}\d$'‘’\"“(]")
#: Where a news-list item's headline runs into the dateline of its summary:
#: "... fraud scheme in US NEW YORK: An Indian-origin man ..." or "... talks BERLIN — The ...".
_DATELINE = cached_compile(
    r"(?<=[\p{Ll}\p{N}?!'’\"”)])\h++\p{Lu}{2,}+(?:[\h\-]\p{Lu}{2,}+){0,2}+\h*+[:—–]\h++[\p{Lu}\"“‘'«]"
)
#: Words a teaser line needs before and after the glue point.
_TEASER_HEAD_WORDS = 3
_TEASER_TAIL_WORDS = 6
#: Month names (English, German, French, Spanish, Portuguese, Italian, Dutch), full or cut to
#: their first letters by the alternation's prefixes; a stem may be followed by more letters.
_MONTH = (
    r"(?i:jan|feb|fév|fev|mar|mär|apr|avr|abr|may|mai|mag|maa|jun|jui|giu|jul|lug|aug|ago|aoû|sep|set"
    r"|oct|okt|out|ott|nov|dec|dez|déc|dic|ene|gen|janv|enero|febr)\p{L}*+\.?"
)
#: A row that starts with a calendar day, then a separator and more: ``June 9 -- Venue, City``,
#: ``10 de março – Interlagos``, ``3. Oktober: Berlin``. A run of them is a schedule or a timeline.
_DATED_ROW = cached_compile(
    rf"(?:[*•\-–]\h++)?(?:{_MONTH}\h++\d{{1,2}}(?:st|nd|rd|th)?+|\d{{1,2}}(?:\.|º|er)?+\h++(?:de\h++)?{_MONTH})"
    r"(?:,?+\h++\d{4})?+\h*+(?:--|[\-–—:@|])\h*+[\p{L}\p{N}]"
)
#: The ASCII characters a line :data:`_LIST_MARKER` matches can start with (other lines starting with an
#: ASCII character are passed over without running it).
_MARKER_OPENINGS = frozenset("*+o-0123456789")
#: The same for :data:`_DATED_ROW`: a bullet, a digit, or the first letter of a month in either case
#: (the other characters that match one of them ignoring case, such as the long s, are not ASCII).
_DATE_OPENINGS = frozenset("*-0123456789jfmasondglJFMASONDGL" + "eE")
#: Consecutive dated rows that make a schedule.
_MIN_DATED_ROWS = 3


def is_teaser(text: str) -> bool:
    """Whether ``text`` reads like a link card rendered as text: a headline in title case
    glued, without a space, to the sentence of its summary.

    >>> is_teaser("Council Approves Budget After Long DebateThe council voted 7-2 on Tuesday to approve it.")
    True
    >>> is_teaser("The 16-inch MacBook Pro features a redesigned scissor switch keyboard, largely new.")
    False
    """
    for glued in _GLUED.finditer(text):
        head = text[: glued.start()].split()
        if len(head) < _TEASER_HEAD_WORDS or len(text[glued.start() :].split()) < _TEASER_TAIL_WORDS:
            continue
        if sum(1 for word in head if _CAPITALISED_WORD.match(word)) >= 0.75 * len(head):
            return True
    return False


def is_dateline_teaser(text: str) -> bool:
    """Whether ``text`` (a list item) reads like an item of a news list: a headline, then the
    summary opening with its dateline in capitals.

    >>> is_dateline_teaser("* Council approves budget after long debate SPRINGFIELD: The council voted 7-2 on Tuesday.")
    True
    >>> is_dateline_teaser("* The council voted 7-2 on Tuesday, officials said, after a long debate.")
    False
    """
    found = _DATELINE.search(text)
    return (
        found is not None
        and len(text[: found.start()].split()) > _TEASER_HEAD_WORDS
        and len(text[found.end() - 1 :].split()) >= _TEASER_TAIL_WORDS
    )


@dataclass(frozen=True, slots=True)
class LineFeatures:
    """Features of every line of one document, indexed like :attr:`Document.lines`.

    ``stop_density`` is the share of a line's words that are function words of
    ``language``; it is 0.0 for every line when no language was recognised, and for
    lines too short to be prose.
    ``list_marker`` is the list bullet opening the line (``"*"``, ``"+"``, ``"1."``) or ``""``.
    ``table_row`` says whether the line is laid out in columns (two or more gaps of
    several spaces), as text dumps render table rows, or belongs to a run of lines that
    start with a date (a schedule or a timeline, one row per line).
    """

    language: str | None
    stop_density: Sequence[float]
    list_marker: Sequence[str]
    table_row: Sequence[bool]
    teaser: Sequence[bool]


def sample_language(
    lines: Sequence[str], tokens: Sequence[Sequence[str]], known_boilerplate: AbstractSet[int] = frozenset()
) -> str | None:
    """The language of the longest lines not in ``known_boilerplate`` (up to a few hundred words).

    >>> sample_language(["Menu", "Der Rat hat am Dienstag den Haushalt beschlossen, sagte die Stadt."],
    ...                 [["Menu"], "Der Rat hat am Dienstag den Haushalt beschlossen sagte die Stadt".split()])
    'German'
    """
    sample: list[str] = []
    for index in sorted(range(len(lines)), key=list(map(len, lines)).__getitem__, reverse=True):
        if index in known_boilerplate:
            continue
        sample.extend(tokens[index])
        if len(sample) >= _LANGUAGE_SAMPLE_WORDS:
            break
    return detect_language(sample) if sample else None


@dataclass(frozen=True, slots=True)
class LineShapes:
    """What each line's text alone says, whatever the document's language and neighbours;
    indexed like the lines (a blank line: ``""`` and ``False``).

    ``list_marker`` is the list bullet opening the line or ``""``; ``columns`` whether it
    holds two or more gaps of several spaces; ``teaser`` whether it reads like a link card;
    ``dated`` whether it starts with a calendar day and a separator (a schedule's row, when
    enough of them follow each other).
    """

    list_marker: tuple[str, ...]
    columns: tuple[bool, ...]
    teaser: tuple[bool, ...]
    dated: tuple[bool, ...]


def line_shapes(lines: Sequence[str], tokens: Sequence[Sequence[str]]) -> LineShapes:
    """The :class:`LineShapes` of stripped ``lines`` whose words are ``tokens``.

    >>> line_shapes(["* Item one", "", "June 9 -- Berlin"], [["Item", "one"], [], ["June", "9", "Berlin"]]).dated
    (False, False, True)
    """
    markers: list[str] = []
    columns: list[bool] = []
    teasers: list[bool] = []
    dated: list[bool] = []
    match_marker = _LIST_MARKER.match
    match_date = _DATED_ROW.match
    for text, words in zip(lines, tokens, strict=True):
        if not text:
            markers.append("")
            columns.append(False)
            teasers.append(False)
            dated.append(False)
            continue
        opening = text[0]
        ascii_opening = opening.isascii()
        found = match_marker(text) if not ascii_opening or opening in _MARKER_OPENINGS else None
        markers.append(found.group(1) if found else "")
        columns.append("  " in text and len(_COLUMN_GAP.findall(text)) >= 2)
        teasers.append(
            len(words) >= _TEASER_HEAD_WORDS + _TEASER_TAIL_WORDS
            and (is_teaser(text) or (found is not None and is_dateline_teaser(text)))
        )
        dated.append((not ascii_opening or opening in _DATE_OPENINGS) and match_date(text) is not None)
    return LineShapes(tuple(markers), tuple(columns), tuple(teasers), tuple(dated))


def compute_features(
    lines: Sequence[str],
    tokens: Sequence[Sequence[str]],
    min_words: int = 4,
    known_boilerplate: AbstractSet[int] = frozenset(),
    lowered: Sequence[str] | None = None,
    shapes: LineShapes | None = None,
) -> LineFeatures:
    """Features of stripped ``lines`` whose words are ``tokens`` (one list per line); the
    function-word density is computed for lines of ``min_words`` words or more (0.0 below).
    ``lowered``, when given, is every word of ``tokens`` lower-cased, in one flat list in order
    (:attr:`Document.lowered_words <newsclean.document.Document.lowered_words>`), and ``shapes``
    the lines' :func:`line_shapes`.

    The language is read from the longest lines, prose rather than menus, leaving out
    the line indexes in ``known_boilerplate``: a long cookie notice in the site's
    language must not decide the language of an article written in another one.
    """
    if shapes is None:
        shapes = line_shapes(lines, tokens)
    language = sample_language(lines, tokens, known_boilerplate)
    stops = stoplist(language) if language else frozenset()
    density: tuple[float, ...] = (0.0,) * len(lines)
    if stops:
        # function words counted once over the document's words: a line's count is the difference
        # of the running count past its last word and at its first
        words_lowered = list(map(str.lower, chain.from_iterable(tokens))) if lowered is None else lowered
        hits = np.zeros(len(words_lowered) + 1, dtype=np.int64)
        hits[1:] = np.fromiter(map(stops.__contains__, words_lowered), dtype=bool, count=len(words_lowered))
        np.cumsum(hits, out=hits)
        counts = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
        past = np.cumsum(counts)
        # only lines long enough to be prose are scored on their function words (a blank line has none)
        scored = (counts >= min_words) & np.fromiter(map(bool, lines), dtype=bool, count=len(lines))
        found = (hits[past] - hits[past - counts]).astype(np.float64)
        density = tuple(np.where(scored, found / np.maximum(counts, 1), 0.0).tolist())
    rows = list(shapes.columns)
    if any(shapes.dated):
        _mark_dated_runs(lines, shapes.dated, rows)
    return LineFeatures(language, density, shapes.list_marker, tuple(rows), shapes.teaser)


def _mark_dated_runs(lines: Sequence[str], dated: Sequence[bool], rows: list[bool]) -> None:
    """Mark as table rows the lines of every run of ``_MIN_DATED_ROWS`` or more consecutive
    non-blank lines that start with a date (``dated``): a tour schedule or a timeline is a table
    rendered one row per line."""
    run: list[int] = []
    for index, text in enumerate([*lines, "-"]):
        if not text:
            continue
        if index < len(dated) and dated[index]:
            run.append(index)
            continue
        if len(run) >= _MIN_DATED_ROWS:
            for i in run:
                rows[i] = True
        run = []
