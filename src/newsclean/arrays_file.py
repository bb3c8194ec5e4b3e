"""Named numpy arrays and a small JSON header in one file, read without parsing the arrays.

Data that must load fast at start-up (the body locator's model, the stoplists' index) is kept
in this plain, versioned layout rather than as JSON lists, whose parse costs more than the
numbers are worth:

- a first line ``NEWSCLEAN-ARRAYS 1`` (the layout's name and version);
- a second line: a JSON object with the caller's ``meta`` (any JSON value) and, for each
  array in order, its ``name``, ``dtype`` (a little-endian numpy type string such as
  ``"<f4"``) and ``shape``;
- the arrays' bytes, one after the other in that order, each in C order.

The same arrays and meta make the same bytes (keys are written sorted), so a file can be
compared byte for byte with what its writer makes. Reading maps each array onto the file's
bytes with :func:`numpy.frombuffer` (read-only views, no copy) after checking that the sizes
add up; anything else raises :class:`ArraysFileError` naming what is wrong.

>>> data = dumps({"kind": "demo"}, {"a": np.arange(3, dtype="<i4"), "b": np.ones((2, 2), dtype="<f4")})
>>> meta, arrays = loads(data)
>>> meta, arrays["a"].tolist(), arrays["b"].shape
({'kind': 'demo'}, [0, 1, 2], (2, 2))
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from newsclean.errors import NewscleanError

MAGIC = b"NEWSCLEAN-ARRAYS 1\n"
#: The numpy types an arrays file may hold (all little-endian or single bytes).
DTYPES = frozenset({"<f4", "<f8", "<i4", "<i8", "|u1", "|i1", "|S1", "<u2", "<u4", "<u8"})


class ArraysFileError(NewscleanError, ValueError):
    """Bytes that are not a complete arrays file."""


def dumps(meta: Any, arrays: Mapping[str, np.ndarray]) -> bytes:
    """The file holding ``meta`` (JSON-ready) and ``arrays`` (each stored as its own dtype,
    which must be one of :data:`DTYPES`)."""
    header = {"meta": meta, "arrays": []}
    parts = []
    for name, array in arrays.items():
        dtype = array.dtype.str
        if dtype not in DTYPES:
            raise ValueError(f"array {name!r} has type {dtype}; store it as one of {sorted(DTYPES)}")
        header["arrays"].append({"name": name, "dtype": dtype, "shape": list(array.shape)})
        parts.append(np.ascontiguousarray(array).tobytes())
    line = json.dumps(header, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return b"".join([MAGIC, line.encode("utf-8"), b"\n", *parts])


def loads(data: bytes) -> tuple[Any, dict[str, np.ndarray]]:
    """The meta and the arrays (read-only views of ``data``) of a file :func:`dumps` made."""
    if not data.startswith(MAGIC):
        raise ArraysFileError(f"it does not start with {MAGIC.decode().strip()!r}")
    end = data.find(b"\n", len(MAGIC))
    if end < 0:
        raise ArraysFileError("its header line is cut short")
    try:
        header = json.loads(data[len(MAGIC) : end].decode("utf-8"))
        entries = [
            (str(e["name"]), np.dtype(e["dtype"]), tuple(int(n) for n in e["shape"]))
            for e in header["arrays"]
        ]
        meta = header["meta"]
    except (UnicodeDecodeError, ValueError, TypeError, KeyError) as exc:
        raise ArraysFileError(f"its header is not what an arrays file holds ({exc})") from exc
    arrays: dict[str, np.ndarray] = {}
    offset = end + 1
    for name, dtype, shape in entries:
        if dtype.str not in DTYPES or any(n < 0 for n in shape):
            raise ArraysFileError(f"array {name!r} has type {dtype.str} and shape {shape}")
        size = math.prod(shape)
        if offset + size * dtype.itemsize > len(data):
            raise ArraysFileError(f"array {name!r} is cut short")
        arrays[name] = np.frombuffer(data, dtype=dtype, count=size, offset=offset).reshape(shape)
        offset += size * dtype.itemsize
    if offset != len(data):
        raise ArraysFileError(f"{len(data) - offset} bytes follow its last array")
    return meta, arrays


def write_or_check(out: Path, data: bytes, check: bool) -> int:
    """What a training command does with the file it made: write it to ``out``, or with ``check``
    compare it with ``out`` byte for byte. The exit status (1: ``out`` differs); what happened is
    said on standard error."""
    if check:
        current = out.read_bytes() if out.exists() else b""
        if current != data:
            print(f"{out} differs from what the training data makes", file=sys.stderr)
            return 1
        print(f"{out} is what the training data makes", file=sys.stderr)
        return 0
    out.write_bytes(data)
    print(f"wrote {out} ({len(data) / 1e3:.0f} kB)", file=sys.stderr)
    return 0
