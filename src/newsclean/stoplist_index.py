"""Which stoplists hold a word, answered from arrays kept in the disk cache.

jusText's stoplists hold 178,000 entries (154,000 distinct words) in 99 files: reading them
into Python sets costs about 0.1 s of CPU, more than cleaning a small page. The index
answers the only question the language guess asks (which lists hold each of a few hundred
words) from four arrays: every distinct word's 64-bit key (:func:`word_keys`), sorted; the words themselves,
in that order, as one UTF-8 blob with their bounds; and the numbers of the lists that hold
each. A lookup hashes the question's words, finds them with one binary search and compares
the bytes of every candidate, so the answer is exact (words sharing a key only cost a compare).

The first run builds the index from the stoplist files and writes it to the cache folder of
:mod:`newsclean.pattern_cache` (an :mod:`~newsclean.arrays_file`); the runs after it read
it in a few milliseconds. The file is named by a hash of the stoplists' names, sizes and
modification times, so that an upgraded jusText never meets an old index; a missing,
damaged or mismatched file is rebuilt.

>>> index = build_index(("A", "B"), (frozenset({"the", "of"}), frozenset({"the", "der"})))
>>> [ids.tolist() for ids in index.lookup(["the", "der", "xyz"])]
[[0, 1], [1], []]
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

import numpy as np

from newsclean import arrays_file
from newsclean.pattern_cache import cache_dir, store_bytes

FORMAT = "newsclean-stoplist-index"
#: Raised whenever the layout or :func:`word_keys` changes: an index made otherwise is never read.
FORMAT_VERSION = 2
_EMPTY = np.zeros(0, dtype=np.intp)


#: The multiplier of :func:`word_keys` (FNV's 64-bit prime).
MULTIPLIER = 0x100000001B3


def word_keys(words: Sequence[bytes]) -> np.ndarray:
    """The 64-bit key (uint64) the index sorts each word by: ``len(word) + sum(word[i] * M**(i + 1))``
    modulo 2**64, ``M`` being :data:`MULTIPLIER`, computed for all words at once. The same on
    every machine and run; words that share a key are told apart by their bytes.

    >>> word_keys([b"", b"a"]).tolist() == [0, 1 + 97 * MULTIPLIER]
    True
    """
    lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    keys = lengths.astype(np.uint64)
    total = int(lengths.sum())
    if not total:
        return keys
    data = np.frombuffer(b"".join(words), dtype=np.uint8).astype(np.uint64)
    starts = np.cumsum(lengths) - lengths
    position = np.arange(total, dtype=np.int64) - np.repeat(starts, lengths)
    # powers M**1 .. M**longest, wrapping modulo 2**64 as unsigned integers do
    powers = np.cumprod(np.full(int(lengths.max()), MULTIPLIER, dtype=np.uint64))
    present = lengths > 0
    keys[present] += np.add.reduceat(data * powers[position], starts[present])
    return keys


@dataclass(frozen=True, eq=False)
class StoplistIndex:
    """The stoplists' names, their sizes, and for every word the lists that hold it."""

    names: tuple[str, ...]
    sizes: tuple[int, ...]
    """Distinct words in each list."""
    hashes: np.ndarray
    """:func:`word_keys` of every distinct word, sorted (uint64)."""
    words: np.ndarray
    """The words' UTF-8 bytes one after the other, in hash order (uint8)."""
    bounds: np.ndarray
    """Word ``k`` is ``words[bounds[k]:bounds[k + 1]]``."""
    starts: np.ndarray
    """The lists holding word ``k`` are ``lists[starts[k]:starts[k + 1]]``."""
    lists: np.ndarray
    """List numbers (ascending for each word)."""
    longest: int
    """Bytes in the longest word."""

    def lookup(self, words: Sequence[str]) -> list[np.ndarray]:
        """For each of ``words``, the numbers of the lists that hold it (empty: none)."""
        # a word longer than every listed word is in no list (and costs no key)
        longest = self.longest
        encoded = [w.encode("utf-8", "surrogatepass") for w in words]
        wanted = word_keys([w if len(w) <= longest else b"" for w in encoded])
        first = np.searchsorted(self.hashes, wanted).tolist()
        hashes, bounds, starts = self.hashes, self.bounds, self.starts
        out: list[np.ndarray] = []
        for word, value, k in zip(encoded, wanted.tolist(), first, strict=True):
            ids = _EMPTY
            while len(word) <= longest and k < len(hashes) and int(hashes[k]) == value:
                if self.words[bounds[k] : bounds[k + 1]].tobytes() == word:
                    ids = self.lists[starts[k] : starts[k + 1]].astype(np.intp)
                    break
                k += 1
            out.append(ids)
        return out

    def dumps(self) -> bytes:
        """The index as an arrays file."""
        meta = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "names": self.names,
            "sizes": self.sizes,
            "longest": self.longest,
        }
        arrays = {
            "hashes": self.hashes.astype("<u8"),
            "words": self.words.astype("|u1"),
            "bounds": self.bounds.astype("<i8"),
            "starts": self.starts.astype("<i8"),
            "lists": self.lists.astype("<u2"),
        }
        return arrays_file.dumps(meta, arrays)

    @classmethod
    def loads(cls, data: bytes) -> StoplistIndex:
        """The index :meth:`dumps` wrote; :class:`~newsclean.arrays_file.ArraysFileError` if
        ``data`` is anything else."""
        meta, arrays = arrays_file.loads(data)
        if not isinstance(meta, dict) or (meta.get("format"), meta.get("format_version")) != (
            FORMAT,
            FORMAT_VERSION,
        ):
            raise arrays_file.ArraysFileError(f"it is not a {FORMAT} of version {FORMAT_VERSION}")
        try:
            index = cls(
                tuple(map(str, meta["names"])),
                tuple(map(int, meta["sizes"])),
                arrays["hashes"],
                arrays["words"],
                arrays["bounds"],
                arrays["starts"],
                arrays["lists"],
                int(meta["longest"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise arrays_file.ArraysFileError(f"it lacks part of a stoplist index ({exc})") from exc
        words = len(index.hashes)
        if (
            len(index.sizes) != len(index.names)
            or len(index.bounds) != words + 1
            or len(index.starts) != words + 1
            or (words and (index.bounds[-1] != len(index.words) or index.starts[-1] != len(index.lists)))
            or (len(index.lists) and int(index.lists.max()) >= len(index.names))
        ):
            raise arrays_file.ArraysFileError("its arrays do not fit together")
        return index


def build_index(names: Sequence[str], lists: Sequence[frozenset[str]]) -> StoplistIndex:
    """The index of ``lists`` (list ``k`` named ``names[k]``)."""
    encoded = [[word.encode("utf-8", "surrogatepass") for word in words] for words in lists]
    every = list(chain.from_iterable(encoded))  # (word, list) pairs: a word once per list that holds it
    numbers = np.repeat(np.arange(len(lists), dtype=np.int64), [len(words) for words in encoded])
    distinct = list(dict.fromkeys(every))
    keys = word_keys(distinct)
    order = np.argsort(keys, kind="stable")
    rank = np.empty(len(distinct), dtype=np.int64)
    rank[order] = np.arange(len(distinct), dtype=np.int64)
    place = dict(zip(distinct, rank.tolist(), strict=True))
    pair_rank = np.fromiter(map(place.__getitem__, every), dtype=np.int64, count=len(every))
    ordered = [distinct[k] for k in order.tolist()]
    lengths = np.fromiter(map(len, ordered), dtype=np.int64, count=len(ordered))
    return StoplistIndex(
        names=tuple(names),
        sizes=tuple(len(words) for words in lists),
        hashes=keys[order],
        words=np.frombuffer(b"".join(ordered), dtype=np.uint8),
        bounds=np.concatenate((np.zeros(1, dtype=np.int64), np.cumsum(lengths))),
        starts=np.concatenate(
            (np.zeros(1, dtype=np.int64), np.cumsum(np.bincount(pair_rank, minlength=len(distinct))))
        ),
        lists=numbers[np.lexsort((numbers, pair_rank))].astype(np.uint16),
        longest=int(lengths.max(initial=0)),
    )


def index_file(folder: Path, files: Sequence[Path]) -> Path:
    """The cache file of the index of the stoplist ``files`` as they are now (names, sizes, times)."""
    key = [f"{FORMAT} {FORMAT_VERSION}"]
    for path in files:
        status = os.stat(path)
        key.append(f"{os.fspath(path)}\0{status.st_size}\0{status.st_mtime_ns}")
    digest = hashlib.sha256("\n".join(key).encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return folder / f"stoplists-{digest}.arrays"


def cached_index(
    names: Sequence[str], files: Sequence[Path], read: Callable[[Path], frozenset[str]]
) -> StoplistIndex:
    """The index of the stoplists in ``files`` (named ``names``, each read by ``read``), from the
    disk cache when an earlier run built it from the same files, else built and cached."""
    folder = cache_dir()
    path = None if folder is None else index_file(folder, files)
    if path is not None:
        try:
            index = StoplistIndex.loads(path.read_bytes())
        except (OSError, arrays_file.ArraysFileError):
            pass  # missing or damaged: built again and rewritten below
        else:
            if index.names == tuple(names):
                return index
    index = build_index(names, [read(file) for file in files])
    if path is not None:
        store_bytes(path, index.dumps())
    return index
