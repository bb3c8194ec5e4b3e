"""A record that could not be cleaned, kept in its place in a stream of results."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Failure:
    """A record that could not be cleaned, in its place in the output stream.

    ``index`` is its 0-based position in the input, ``kind`` the exception's class
    name and ``message`` what the exception said (what went wrong, what to do).

    >>> Failure(3, "EmptyDocumentError", "the document is empty")
    Failure(index=3, kind='EmptyDocumentError', message='the document is empty')
    """

    index: int
    kind: str
    message: str

    def __str__(self) -> str:
        return f"record {self.index}: {self.kind}: {self.message}"
