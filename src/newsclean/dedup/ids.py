"""Document ids: any JSON value, each kept apart from every other.

A JSONL record's id may be a string, a number, or anything else JSON holds. The
deduplicator keys a document by :func:`id_key`: a string is its own key when UTF-8
can carry it; any other value (a number, an object, a string with a lone surrogate)
is keyed by its canonical JSON as bytes. So ``5`` and ``"5"`` are two documents,
``{"a": 1, "b": 2}`` and ``{"b": 2, "a": 1}`` are one, and :func:`id_value` gives
back the id as it was given (an object as an object, never as a Python repr). In the
index file a key is text or a blob, two SQLite storage classes that never compare
equal.
"""

from __future__ import annotations

import json
import reprlib

import regex

from newsclean.errors import NewscleanError

#: What a document is keyed by: a string id, or the canonical JSON of any other id.
Key = str | bytes

_SURROGATE = regex.compile(r"[\ud800-\udfff]")


class DocumentIdError(NewscleanError, TypeError):
    """A document id that is not a JSON value (a set, an object of a class, NaN)."""


def id_key(doc_id: object) -> Key:
    """The key of the document id ``doc_id``.

    >>> id_key("afp-1"), id_key(5), id_key({"b": 2, "a": 1})
    ('afp-1', b'5', b'{"a":1,"b":2}')
    >>> id_key(float("nan"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    newsclean.dedup.ids.DocumentIdError: document id nan is not a JSON value (...): use a string or a number
    """
    if isinstance(doc_id, str) and (doc_id.isascii() or _SURROGATE.search(doc_id) is None):
        return doc_id
    try:
        text = json.dumps(doc_id, sort_keys=True, ensure_ascii=True, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError, RecursionError) as error:
        raise DocumentIdError(
            f"document id {reprlib.repr(doc_id)} is not a JSON value ({error}): use a string or a number"
        ) from None
    return text.encode("ascii")


def id_value(key: Key) -> object:
    """The id a key was made from (a JSON value).

    >>> id_value(id_key(5)), id_value(id_key("5")), id_value(id_key(["a", 1]))
    (5, '5', ['a', 1])
    """
    return key if isinstance(key, str) else json.loads(key)
