"""Character counts per line, from one pass over a document's code points.

Each code point is looked up once in a table of character classes (digits, capitals, other
letters, punctuation, spaces, separators, quotes ...); per-line counts of a class, or of a
short sequence of classes (a sentence end followed by a space and a capital; ``://``; ``@``
before a letter), are then differences of cumulative sums at the lines' offsets. No regular
expression and no per-character Python runs.

>>> import numpy as np
>>> text = "Home | World\\nHe said: It rained. Then it stopped.\\nmail me@example.com"
>>> starts, ends = np.array([0, 13, 50]), np.array([12, 49, 68])
>>> counts = line_counts(text, starts, ends)
>>> counts["separators"].tolist(), counts["sentences"].tolist(), counts["links"].tolist()
([1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0])
"""

from __future__ import annotations

import numpy as np

_DIGIT, _UPPER, _LOWER, _OTHER, _PUNCT, _SPACE, _SEPARATOR, _COMMA = 1, 2, 4, 8, 16, 32, 64, 128
_QUOTE, _APOSTROPHE, _END, _CLOSER, _AT, _COLON, _SLASH, _DOT = 256, 512, 1024, 2048, 4096, 8192, 16384, 32768
#: Code points past the table are letters of other scripts (CJK and beyond).
_TABLE_SIZE = 0x3000


def _table() -> np.ndarray:
    table = np.full(_TABLE_SIZE, _OTHER, dtype=np.uint32)
    table[:0xC0] = 0
    table[0x2000:0x2C00] = 0  # general punctuation, symbols, arrows, shapes
    for lo, hi, bits in ((48, 58, _DIGIT), (65, 91, _UPPER), (97, 123, _LOWER)):
        table[lo:hi] = bits
    for code in range(33, 127):
        if not table[code]:
            table[code] = _PUNCT
    for c in " \t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f":
        table[ord(c)] |= _SPACE
    for chars, bits in (
        ("|»›•·/►▸>", _SEPARATOR),
        (",", _COMMA),
        ('"“”«»„', _QUOTE),
        ("'’", _APOSTROPHE),
        (".!?…", _END),
        ("\"'”’)]»", _CLOSER),
        ("@", _AT),
        (":", _COLON),
        ("/", _SLASH),
        (".", _DOT),
    ):
        for c in chars:
            table[ord(c)] |= bits
    return table


_CLASSES = _table()
#: The classes counted per line, by name.
_COUNTED = {
    "digits": _DIGIT,
    "upper": _UPPER,
    "letters": _LOWER | _OTHER,
    "punctuation": _PUNCT,
    "separators": _SEPARATOR,
    "commas": _COMMA,
    "quotes": _QUOTE,
}


def _next(flags: np.ndarray, k: int = 1) -> np.ndarray:
    """``flags`` moved ``k`` characters left: position ``i`` holds the flag of character ``i + k``."""
    out = np.zeros_like(flags)
    if k < len(flags):
        out[: len(flags) - k] = flags[k:]
    return out


def line_counts(text: str, starts: np.ndarray, ends: np.ndarray) -> dict[str, np.ndarray]:
    """Per-line counts (float32) of the classes in ``_COUNTED``, of visible characters
    (``visible``), of capitals and digits that start a word (``capitals``), of sentence breaks
    inside a line (``sentences``: ``. `` or ``." `` before a capital or a quote) and of link
    marks (``links``: ``://``, ``www.``, ``@`` before a letter), for the lines ``[starts[i], ends[i])``."""
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    classes = _CLASSES[np.minimum(points, _TABLE_SIZE - 1)]  # the table's last entry is a letter
    has = {name: (classes & bits) > 0 for name, bits in _COUNTED.items()}
    space = (classes & _SPACE) > 0
    upper, digit = (classes & _UPPER) > 0, (classes & _DIGIT) > 0
    wordish = (classes & (_DIGIT | _UPPER | _LOWER | _OTHER | _APOSTROPHE)) > 0
    starts_word = np.concatenate(([True], ~wordish[:-1]))
    opening = upper | ((classes & _QUOTE) > 0)
    end = (classes & _END) > 0
    closer = (classes & _CLOSER) > 0
    sentence = end & (
        (_next(space) & _next(opening, 2)) | (_next(closer) & _next(space, 2) & _next(opening, 3))
    )
    letter = (classes & (_LOWER | _UPPER | _OTHER)) > 0
    w = points == ord("w")
    links = (
        (((classes & _COLON) > 0) & _next((classes & _SLASH) > 0) & _next((classes & _SLASH) > 0, 2))
        | (w & _next(w) & _next(w, 2) & _next((classes & _DOT) > 0, 3))
        | (((classes & _AT) > 0) & _next(letter))
    )
    # One row per class, so that each running total runs along contiguous memory, in int32 (many
    # times faster than int64 down a column) unless a document is too long for it.
    columns = np.stack([*has.values(), ~space, (upper | digit) & starts_word, sentence, links], axis=0)
    dtype = np.int32 if len(points) < 2**31 else np.int64
    total = np.zeros((len(columns), len(points) + 1), dtype=dtype)
    np.cumsum(columns, axis=1, dtype=dtype, out=total[:, 1:])
    sums = (total[:, ends] - total[:, starts]).astype(np.float32)
    names = (*_COUNTED, "visible", "capitals", "sentences", "links")
    return {name: sums[k] for k, name in enumerate(names)}
