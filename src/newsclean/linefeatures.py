"""Per-line shape features of a document, computed in one pass.

What the body locator needs beyond word counts: the share of function words (in the
document's own language, see :mod:`newsclean.stoplists`) and list markers, which is
how text dumps of HTML render ``<li>`` items (``*`` for the first level, ``+``,
``o``, ``-`` or ``•`` below it, ``1.`` for ordered lists).

>>> from newsclean.document import Document
>>> doc = Document.from_text("Home\\n+ World\\nThe talks went on for most of the day, officials said.")
>>> f = doc.features
>>> f.language, f.list_marker
('English', ('', '+', ''))
>>> [round(d, 2) for d in f.stop_density]
[1.0, 1.0, 0.73]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from newsclean.stoplists import detect_language, stoplist

_LIST_MARKER = regex.compile(r"([*+o•\-–·▪■►]|\d{1,3}[.)])\h")
_LANGUAGE_SAMPLE_MIN_CHARS = 60
_LANGUAGE_SAMPLE_WORDS = 1000
_LANGUAGE_SAMPLE_MIN_WORDS = 50


@dataclass(frozen=True, slots=True)
class LineFeatures:
    """Features of every line of one document, indexed like :attr:`Document.lines`.

    ``stop_density`` is the share of a line's words that are function words of
    ``language``; it is 0.0 for every line when no language was recognised.
    ``list_marker`` is the list bullet opening the line (``"*"``, ``"+"``, ``"1."``) or ``""``.
    """

    language: str | None
    stop_density: Sequence[float]
    list_marker: Sequence[str]


def compute_features(lines: Sequence[str], tokens: Sequence[Sequence[str]]) -> LineFeatures:
    """Features of stripped ``lines`` whose words are ``tokens`` (one list per line)."""
    sample: list[str] = []
    for text, words in zip(lines, tokens, strict=True):
        if len(text) >= _LANGUAGE_SAMPLE_MIN_CHARS:
            sample.extend(words)
            if len(sample) >= _LANGUAGE_SAMPLE_WORDS:
                break
    if len(sample) < _LANGUAGE_SAMPLE_MIN_WORDS:  # a short text: every line is a sample
        sample = [w for words in tokens for w in words][:_LANGUAGE_SAMPLE_WORDS]
    language = detect_language(sample) if sample else None
    stops = stoplist(language) if language else frozenset()
    density: list[float] = []
    markers: list[str] = []
    for text, words in zip(lines, tokens, strict=True):
        if stops and words:
            density.append(sum(1 for w in words if w.lower() in stops) / len(words))
        else:
            density.append(0.0)
        found = _LIST_MARKER.match(text) if text else None
        markers.append(found.group(1) if found else "")
    return LineFeatures(language, tuple(density), tuple(markers))
