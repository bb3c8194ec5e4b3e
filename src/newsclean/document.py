"""The document model: text split into lines, with offsets and per-line shape.

Every filter looks at a :class:`Document`; none of them edits text. A document is
built once per input and computes the per-line facts that several filters need
(stripped text, word count, terminal punctuation) in one pass.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate, chain
from typing import TypeVar

import numpy as np

from newsclean.linefeatures import LineFeatures, LineShapes, compute_features, line_shapes, sample_language
from newsclean.pattern_cache import cached_compile

_NEWLINES = cached_compile(r"\r\n?|[\u2028\u2029\x85]")
#: A word, as every part of newsclean counts words: a letter or digit, then letters, digits, marks
#: and the joiners of "don't", "U.S." and "AT&T".
WORD = cached_compile(r"[\p{L}\p{N}][\p{L}\p{N}\p{M}'’.&-]*")
#: A word (:data:`WORD`) or a line break: one search over a whole document finds every line's words.
#: A word holds no white space, so it never runs over a line's end, and the white space that
#: :meth:`str.strip` takes off a line holds none.
_WORD_OR_BREAK = cached_compile(rf"\n|{WORD.pattern}")
#: What may close a sentence after its last mark (quotes, brackets).
_CLOSERS = "\"'”’»)]"
_SENTENCE_MARKS = frozenset(".!?。！？…")
_TERMINAL_MARKS = _SENTENCE_MARKS | {":", ";"}
#: Characters that take no space (zero-width spaces and joiners, word joiner, byte-order mark, soft hyphen).
#: A character a reader sees: not white space, a control or format character (zero-width,
#: bidi controls), a lone surrogate or a combining mark on its own.
_VISIBLE = cached_compile(r"[^\s\p{Cc}\p{Cf}\p{Cs}\p{M}]")


def shown(text: str) -> bool:
    """Whether ``text`` (a line stripped of white space) holds a character a reader sees; a line that
    holds none (zero-width, control, bidi-control or combining characters only) is blank.

    >>> shown("a"), shown("\\u200b\\x08\\u0301"), shown("")
    (True, False, False)
    """
    return bool(text) and ((text.isascii() and text.isprintable()) or _VISIBLE.search(text) is not None)


def _ends_with(text: str, marks: frozenset[str]) -> bool:
    """Whether ``text`` ends with one of ``marks``, followed by closing quotes or brackets only.

    >>> _ends_with('He said "so."', _SENTENCE_MARKS), _ends_with("Menu", _SENTENCE_MARKS)
    (True, False)
    """
    bare = text.rstrip(_CLOSERS)
    return bool(bare) and bare[-1] in marks


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a document.

    ``start`` and ``end`` are character offsets of the raw line (newline excluded)
    in :attr:`Document.text`; ``text`` is the line with surrounding white space removed
    (empty for a line of zero-width, control or combining characters only: it looks blank to a reader).
    """

    index: int
    start: int
    end: int
    text: str

    @property
    def is_blank(self) -> bool:
        """True when the line holds only white space."""
        return not self.text


@dataclass(frozen=True)
class Document:
    """A text split into lines.

    Line endings are normalised to ``\\n`` on construction, so offsets refer to
    :attr:`text`, not to the caller's original string.

    >>> doc = Document.from_text("Headline\\r\\n\\nFirst paragraph.\\n")
    >>> [line.text for line in doc.lines]
    ['Headline', '', 'First paragraph.', '']
    >>> doc.line_at(11).index
    2
    """

    text: str
    lines: tuple[Line, ...]
    _starts: tuple[int, ...] = field(repr=False, compare=False)

    @classmethod
    def from_text(cls, text: str) -> Document:
        """Build a document from a string (any line-ending convention)."""
        normalised = _NEWLINES.sub("\n", text)
        lines: list[Line] = []
        starts: list[int] = []
        offset = 0
        for index, raw in enumerate(normalised.split("\n")):
            starts.append(offset)
            text = raw.strip()
            if text and not shown(text):
                text = ""  # nothing a reader sees (zero-width or control characters): a blank line
            lines.append(Line(index, offset, offset + len(raw), text))
            offset += len(raw) + 1
        return cls(normalised, tuple(lines), tuple(starts))

    def body_of(self, indexes: Sequence[int]) -> Document:
        """The document of the lines ``indexes`` (non-blank, in order) joined by blank lines, as
        ``Document.from_text("\\n\\n".join(texts))`` builds it, with what each line's text alone
        decides (its words, its end, its shape) taken over from this document instead of
        computed again.

        >>> doc = Document.from_text("Menu\\n  First paragraph.\\n\\nSecond one")
        >>> body = doc.body_of([1, 3])
        >>> body.text, [line.text for line in body.lines], body.tokens
        ('First paragraph.\\n\\nSecond one', ['First paragraph.', '', 'Second one'], [['First', 'paragraph.'], [], ['Second', 'one']])
        """
        if not indexes:
            return Document.from_text("")
        texts = [self.lines[i].text for i in indexes]
        lines: list[Line] = []
        starts: list[int] = []
        offset = 0
        for k, text in enumerate(texts):
            if k:
                lines.append(Line(2 * k - 1, offset, offset, ""))
                starts.append(offset)
                offset += 1
            lines.append(Line(2 * k, offset, offset + len(text), text))
            starts.append(offset)
            offset += len(text) + 1
        body = Document("\n\n".join(texts), tuple(lines), tuple(starts))
        tokens = self.tokens
        first = list(accumulate(map(len, tokens), initial=0))  # each line's first word in lowered_words
        lowered = self.lowered_words
        shapes = self.shapes
        # what cached_property would compute, set as it sets it
        known = body.__dict__
        known["tokens"] = _spread([tokens[i] for i in indexes], [])
        known["lowered_words"] = list(chain.from_iterable(lowered[first[i] : first[i + 1]] for i in indexes))
        known["word_counts"] = _spread([self.word_counts[i] for i in indexes], 0)
        known["ends_sentence"] = _spread([self.ends_sentence[i] for i in indexes], False)
        known["ends_terminal"] = _spread([self.ends_terminal[i] for i in indexes], False)
        known["shapes"] = LineShapes(
            tuple(_spread([shapes.list_marker[i] for i in indexes], "")),
            tuple(_spread([shapes.columns[i] for i in indexes], False)),
            tuple(_spread([shapes.teaser[i] for i in indexes], False)),
            tuple(_spread([shapes.dated[i] for i in indexes], False)),
        )
        return body

    def __len__(self) -> int:
        return len(self.lines)

    def __iter__(self) -> Iterator[Line]:
        return iter(self.lines)

    @property
    def line_starts(self) -> tuple[int, ...]:
        """The offset in :attr:`text` where each line starts (``lines[i].start``), in order."""
        return self._starts

    def line_at(self, offset: int) -> Line:
        """The line that contains character ``offset`` of :attr:`text`."""
        return self.lines[bisect.bisect_right(self._starts, offset) - 1]

    @cached_property
    def padded(self) -> str:
        """:attr:`text` between two newlines, so that every line starts after a ``\\n``:
        offset ``i`` of this string is the newline before the line at offset ``i`` of :attr:`text`."""
        return f"\n{self.text}\n"

    @cached_property
    def tokens(self) -> Sequence[Sequence[str]]:
        """The words of each line (runs of letters and digits), in order.

        Found in one search over the whole text, cut at the line breaks: the same words as a
        search of each line's text (see :data:`_WORD_OR_BREAK`).
        """
        found = _WORD_OR_BREAK.findall(self.text)
        found.append("\n")
        index = found.index
        out: list[list[str]] = []
        start = 0
        for _ in self.lines:
            stop = index("\n", start)
            out.append(found[start:stop])
            start = stop + 1
        return out

    @cached_property
    def token_counts(self) -> np.ndarray:
        """The number of :attr:`tokens` of each line, as an int64 array (0 for a blank line).

        >>> Document.from_text("Two words\\n\\nthree more words").token_counts.tolist()
        [2, 0, 3]
        """
        return np.fromiter(map(len, self.tokens), dtype=np.int64, count=len(self.lines))

    @cached_property
    def lowered_words(self) -> Sequence[str]:
        """The words of every line (:attr:`tokens`), lower-cased, one flat list in line order."""
        return list(map(str.lower, chain.from_iterable(self.tokens)))

    @cached_property
    def word_counts(self) -> Sequence[int]:
        """Number of words on each line (letters or digits runs; CJK counts one per two characters)."""
        counts = []
        for line, tokens in zip(self.lines, self.tokens, strict=True):
            words = len(tokens)
            # Scripts written without spaces: approximate words from characters.
            if words and len(line.text) > 12 * words:
                words = len(line.text) // 2
            counts.append(words)
        return counts

    @cached_property
    def shapes(self) -> LineShapes:
        """What each line's text alone says: list marker, columns, teaser, date (see :mod:`newsclean.linefeatures`)."""
        return line_shapes([line.text for line in self.lines], self.tokens)

    @cached_property
    def features(self) -> LineFeatures:
        """Function-word density, list markers and language (see :mod:`newsclean.linefeatures`)."""
        return compute_features(
            [line.text for line in self.lines], self.tokens, lowered=self.lowered_words, shapes=self.shapes
        )

    def features_without(self, boilerplate: AbstractSet[int]) -> LineFeatures:
        """:attr:`features` with the language read from the lines not in ``boilerplate``
        (indexes); the cached :attr:`features` when there are none."""
        if not boilerplate:
            return self.features
        return compute_features(
            [line.text for line in self.lines],
            self.tokens,
            known_boilerplate=boilerplate,
            lowered=self.lowered_words,
            shapes=self.shapes,
        )

    def language_of(self, indexes: Sequence[int]) -> str | None:
        """The language of the lines ``indexes`` (increasing), read as :meth:`features_without` reads it."""
        return sample_language([self.lines[i].text for i in indexes], [self.tokens[i] for i in indexes])

    @cached_property
    def ends_sentence(self) -> Sequence[bool]:
        """Whether each line ends like a sentence (``.``, ``!``, ``?``, ellipsis, closing quotes)."""
        return [bool(line.text) and _ends_with(line.text, _SENTENCE_MARKS) for line in self.lines]

    @cached_property
    def ends_terminal(self) -> Sequence[bool]:
        """Like :attr:`ends_sentence` but also counting ``:`` and ``;``."""
        return [bool(line.text) and _ends_with(line.text, _TERMINAL_MARKS) for line in self.lines]

    def nonblank(self, start: int = 0, stop: int | None = None) -> list[int]:
        """Indexes of the non-blank lines in ``[start, stop)``."""
        stop = len(self.lines) if stop is None else stop
        return [i for i in range(start, stop) if self.lines[i].text]


_T = TypeVar("_T")


def _spread(values: list[_T], blank: _T) -> list[_T]:
    """``values`` with ``blank`` between each two: the lines of texts joined by blank lines.

    >>> _spread([1, 2, 3], 0)
    [1, 0, 2, 0, 3]
    """
    out = [blank] * (2 * len(values) - 1) if values else []
    out[::2] = values
    return out
