"""Keys of the lines of many texts at once: what the template evidence counts.

A text's lines are its non-blank lines, stripped (the paragraphs the verifier
aligns). Each line gets three 64-bit keys, read with numpy in the shingling pass
(:meth:`newsclean.dedup.Shingler.shingle` with ``lines=True``):

* its *head* and its *tail*: its first and its last :data:`END_WORDS` word tokens,
  in order (tokens as the shingler reads them: runs of letters and digits, ASCII
  lower-cased, punctuation and quote style ignored; every digit read as ``0`` and
  every number as one token, so ``© 2023`` and ``© 2024``, or two dates, are one);
* its *key*: its head, its tail and its number of tokens. So two lines that agree
  on their first and last six words and on their length are one line for the
  evidence, a middle word edited or not: a site's furniture repeats whole lines,
  and reading each line's ends only keeps the pass fast.

The evidence asks whether a line's head and tail were seen before: a copy whose
paragraph got a typo or a house-style edit in the middle keeps both, so it is
still known text. A line without a token (``***``) has no key (0), which the
evidence never counts. Lines end where ``str.splitlines`` ends them, but for the
rare U+0085, U+2028 and U+2029, which do not end one here. The keys depend only
on the text and the shingler's seed: they are the same in every process and machine.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from newsclean.dedup.shingles import END_WORDS, LineBatch, Shingler, mix64

U64 = npt.NDArray[np.uint64]

__all__ = ["END_WORDS", "LineBatch", "line_batch", "paragraph_keys", "paragraphs", "scoped", "text_key"]

_TOKENS = Shingler()
_HOST_SALT = np.uint64(0x27D4EB2F165667C5)


def paragraphs(text: str) -> list[str]:
    """The non-blank lines of ``text``, stripped.

    >>> paragraphs("One.\\n\\n  Two.  \\nThree.")
    ['One.', 'Two.', 'Three.']
    """
    return [line for line in map(str.strip, text.splitlines()) if line]


def line_batch(texts: Sequence[str], shingler: Shingler | None = None) -> LineBatch:
    """Keys of every line of every text (``shingler``: the one whose batch is read, if already made).

    >>> one = "Posted 12 May.\\nThe same story here, in its first copy: read on"
    >>> two = "posted 3 may\\n\\n***\\nThe same story here, in its second copy: read on"
    >>> batch = line_batch([one, two])
    >>> batch.doc.tolist(), batch.words.tolist()
    ([0, 0, 1, 1], [3, 10, 3, 10])
    >>> keys = batch.key.tolist(); keys[0] == keys[2], keys[1] == keys[3]
    (True, False)
    >>> bool(batch.head[1] == batch.head[3]), bool(batch.tail[1] == batch.tail[3])
    (True, False)
    """
    lines = (shingler or _TOKENS).shingle(texts, lines=True).lines
    assert lines is not None
    return lines


def paragraph_keys(lines: Sequence[str], shingler: Shingler | None = None, with_words: bool = False) -> Any:
    """The key of each of ``lines`` (one line each; 0 for a line without a word); ``with_words``: and its
    number of words, as a second array.

    >>> keys = paragraph_keys(["Posted 12 May.", "---", "posted 3 may"])
    >>> bool(keys[1] == 0), bool(keys[0] == keys[2])
    (True, True)
    >>> paragraph_keys(["One two", "---"], with_words=True)[1].tolist()
    [2, 0]
    """
    batch = line_batch(lines, shingler)
    keys = np.zeros(len(lines), dtype=np.uint64)
    keys[batch.doc] = batch.key
    if not with_words:
        return keys
    words = np.zeros(len(lines), dtype=np.int64)
    words[batch.doc] = batch.words
    return keys, words


def text_key(text: str) -> int:
    """A stable 64-bit key of a string (a URL, a host); 0 for the empty string.

    >>> text_key("") == 0, text_key("example.com") == text_key("example.com")
    (True, True)
    """
    if not text:
        return 0
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little") | 1


def scoped(keys: U64, scope: int | U64) -> U64:
    """``keys`` as seen within one scope (a host; an array gives each key its own): other keys, the same
    for the same scope. Key 0 (no key) stays 0.

    >>> a = np.array([5, 7, 0], dtype=np.uint64)
    >>> bool(scoped(a, 3)[2] == 0), bool((scoped(a, 3)[:2] != a[:2]).all()), bool((scoped(a, 3) == scoped(a, 3)).all())
    (True, True, True)
    """
    with np.errstate(over="ignore"):
        salt = mix64(np.asarray(scope, dtype=np.uint64) * _HOST_SALT + _HOST_SALT)
        out: U64 = mix64(keys ^ salt)
    out[keys == 0] = 0
    return out
