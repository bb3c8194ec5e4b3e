"""Size limits: the stated rule for documents and lines too large to be an article.

The rule is applied twice. :func:`admit` runs before any filter: it refuses a text
with nothing visible in it or with NUL characters, and cuts the text to the limits of
the pipeline's :class:`LimitsFilter`, so that no pattern ever runs over what the limits
remove (a 16 MB line, or 30 MB of blank lines, costs what its first characters cost).
The filter then tags what was cut, so the removals explain it and replay on the
original text as on any other.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import ClassVar

from newsclean.article import Removal
from newsclean.checks import check_whole_numbers
from newsclean.document import _NEWLINES, _VISIBLE, shown
from newsclean.errors import BinaryInputError, EmptyDocumentError
from newsclean.filters.base import Context, Tag
from newsclean.reasons import Reason

#: The tail past the document limit is read in pieces of about this many characters.
_PIECE = 1 << 20


@dataclass(frozen=True)
class LimitsFilter:
    """Removes what is too large to be article text, so the rest of the page is still cleaned.

    - A line of more than ``max_line_chars`` characters is removed (rule ``long_line``):
      no paragraph a person wrote is that long; such lines are inline scripts, data
      blobs or a page flattened onto one line.
    - Every line that starts at or past character ``max_document_chars`` of the
      document, and every line past the first ``max_document_lines``, is removed (rule
      ``past_document_limit``): the document is cut at the last line break before the limit.

    Both removals carry :attr:`~newsclean.reasons.Reason.OVERSIZE`, so they are
    explained and replayed like any other. In a :class:`~newsclean.pipeline.Pipeline`
    the text is cut before any filter runs (see :func:`admit`); the removal of a long line
    then holds its first ``max_line_chars + 1`` characters.

    >>> f = LimitsFilter(max_document_chars=23, max_line_chars=8)
    >>> [(t.start, t.end, t.detail) for t in f.tag(Context.for_text("short\\nmuch too long\\nok\\nlater"))]
    [(1, 2, 'long_line'), (3, 4, 'past_document_limit')]
    """

    name: str = "limits"
    line_local: ClassVar[bool] = True
    """A line it keeps is kept again in any shorter text made of kept lines (see
    :attr:`~newsclean.filters.base.LinePatternFilter.line_local`)."""
    max_document_chars: int = 1_000_000
    max_line_chars: int = 20_000
    max_document_lines: int = 50_000
    """The most lines a document keeps (the longest of 297 real article pages measured has 1,732):
    the filters' work grows with the number of lines, whatever their length."""

    def __post_init__(self) -> None:
        check_whole_numbers(self, ("max_document_chars", "max_line_chars", "max_document_lines"))

    def tag(self, context: Context) -> Iterator[Tag]:
        lines = context.doc.lines
        cut = len(lines)
        if len(context.doc.text) > self.max_document_chars:
            cut = context.doc.line_at(self.max_document_chars).index
            cut += lines[cut].start < self.max_document_chars
        cut = min(cut, self.max_document_lines)
        for line in lines[:cut]:
            if line.end - line.start > self.max_line_chars:
                yield Tag(self.name, Reason.OVERSIZE, line.index, line.index + 1, "long_line")
        if cut < len(lines):
            yield Tag(self.name, Reason.OVERSIZE, cut, len(lines), "past_document_limit")


@dataclass(frozen=True)
class Admitted:
    """A text as the filters see it, and what was cut off it before they ran.

    ``text`` holds the lines that start before the document limit, each line longer than
    the line limit shortened to one character more than it (so the limits filter still
    tags it); ``tail`` is the removal of the lines past the document limit (empty when
    there are none), as the limits filter would have reported it.
    """

    text: str
    tail: tuple[Removal, ...] = ()


def admit(text: str, filters: Iterable[object]) -> Admitted:
    """Check ``text`` and cut it to the limits of the first :class:`LimitsFilter` in ``filters``.

    Raises :class:`~newsclean.errors.EmptyDocumentError` when the text holds no visible
    character (only white space, zero-width, bidi-control or combining characters) and
    :class:`~newsclean.errors.BinaryInputError` when it holds a NUL character. Without a
    limits filter the text is not cut. The work is linear in the text and allocates no
    object per line past the document limit.

    >>> cut = admit("one\\n" + "x" * 12 + "\\nthree\\nfour", [LimitsFilter(max_document_chars=20, max_line_chars=10)])
    >>> cut.text
    'one\\nxxxxxxxxxxx\\nthree'
    >>> [(r.rule, r.start, r.end, r.text) for r in cut.tail]
    [('past_document_limit', 3, 4, 'four')]
    """
    if _VISIBLE.search(text) is None:
        raise EmptyDocumentError("the document is empty: pass the text of a scraped page")
    nul = text.find("\x00")
    if nul >= 0:
        raise BinaryInputError(
            f"binary data (NUL character at offset {nul}), not text; pass the page's text or HTML"
        )
    limits = next((f for f in filters if isinstance(f, LimitsFilter)), None)
    if limits is None or len(text) < min(
        limits.max_line_chars, limits.max_document_chars, limits.max_document_lines
    ):
        return Admitted(text)  # too short to reach any limit
    text = normalise_newlines(text)
    tail: tuple[Removal, ...] = ()
    end = text.find("\n", limits.max_document_chars - 1) if len(text) > limits.max_document_chars else -1
    if text.count("\n", 0, end if end >= 0 else len(text)) >= limits.max_document_lines:
        end = _newline(text, limits.max_document_lines)
    if end >= 0:
        kept = text[:end]
        tail = _tail_removal(text, end + 1, kept.count("\n") + 1, limits.name)
        text = kept
    if len(text) > limits.max_line_chars:
        text = "\n".join(
            _shorten(line, limits.max_line_chars) if len(line) > limits.max_line_chars else line
            for line in text.split("\n")
        )
    return Admitted(text, tail)


def _newline(text: str, count: int) -> int:
    """The offset of the ``count``-th line break of ``text`` (there are at least that many)."""
    at = -1
    for _ in range(count):
        at = text.find("\n", at + 1)
    return at


def _visible_line(raw: str) -> str:
    """The text of a line as :class:`~newsclean.document.Document` keeps it ('' for a blank line)."""
    text = raw.strip()
    return text if shown(text) else ""


def _shorten(line: str, limit: int) -> str:
    """The first ``limit + 1`` characters of ``line``, still not blank if ``line`` is not."""
    head = line[: limit + 1]
    if not _visible_line(head) and _visible_line(line):
        first = _VISIBLE.search(line)
        head = head[:limit] + (first.group() if first else "")
    return head


def normalise_newlines(text: str) -> str:
    """``text`` with every line end written ``\\n``, as :class:`~newsclean.document.Document` reads it.

    >>> normalise_newlines("a\\r\\nb\\rc")
    'a\\nb\\nc'
    """
    return str(_NEWLINES.sub("\n", text))


def line_texts(text: str, start: int = 0) -> Iterator[list[str]]:
    """The lines of ``text`` (line ends normalised) from offset ``start``, as
    :class:`~newsclean.document.Document` keeps them (``''`` for a blank line), in lists of
    about a million characters' worth: no object is held per line beyond one list.

    >>> list(line_texts("a \\n\\u200b\\n b"))
    [['a', '', 'b']]
    """
    while start <= len(text):
        stop = text.find("\n", start + _PIECE)
        stop = len(text) if stop < 0 else stop
        piece = text[start:stop]
        start = stop + 1
        if not piece.strip():  # only blank lines: no need to look at each
            yield [""] * (piece.count("\n") + 1)
            continue
        yield [line if shown(line) else "" for line in (raw.strip() for raw in piece.split("\n"))]


def _tail_removal(text: str, start: int, first_index: int, name: str) -> tuple[Removal, ...]:
    """The removal of the lines of ``text`` from offset ``start`` (line ``first_index``) to the end."""
    joined = io.StringIO()
    first = last = -1
    index = first_index
    for lines in line_texts(text, start):
        visible = [i for i, line in enumerate(lines) if line]
        if visible:
            if first >= 0:
                joined.write("\n")
            first = index + visible[0] if first < 0 else first
            joined.write("\n".join(lines[i] for i in visible))
            last = index + visible[-1]
        index += len(lines)
    if first < 0:
        return ()
    return (Removal(name, Reason.OVERSIZE, "past_document_limit", first, last + 1, joined.getvalue()),)
