"""The work of :func:`newsclean.ray.dedup_dataset` on one block, one partition or one group of blocks.

Each function takes and returns numpy arrays or Arrow tables (no Python loop over rows, but
for the verification of a candidate pair, which is the work itself), and knows nothing of Ray:
:mod:`newsclean.integrations.ray_dedup` runs them as tasks and moves their results. A document
is numbered by its place in the dataset (its *sequence number*): block ``b`` holds the
documents ``offsets[b] .. offsets[b + 1] - 1``. The blocks are cut into ``groups`` of
consecutive blocks; a candidate pair travels to the group of its new document, which adds
that document's text, then to the group of the earlier one, which adds its own and verifies.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np
import numpy.typing as npt

from newsclean.dedup import DedupConfig, LSHIndex, MinHasher, Verifier
from newsclean.dedup.evidence import DocLines, content
from newsclean.dedup.index import _ranked, _tally, key_weights
from newsclean.dedup.shingles import LineBatch, mix64
from newsclean.integrations import require

I64 = npt.NDArray[np.int64]
U32 = npt.NDArray[np.uint32]
U64 = npt.NDArray[np.uint64]

_ID_SALT = np.uint64(0x9E3779B97F4A7C15)


@dataclass(frozen=True)
class Columns:
    """The input columns the dedup reads (``None``: not in the dataset)."""

    doc_id: str
    text: str
    published: str | None
    page: str | None
    url: str | None


@dataclass(frozen=True)
class Signed:
    """One block signed: per document its token count and host key; its band keys cut by partition
    (``keys[p]``, ``rows[p]``: the keys ``key % partitions == p`` and the row in the block holding each);
    its ids cut the same way by their hash (for the check that ids are unique); its template evidence."""

    tokens: npt.NDArray[np.int32]
    host: U64
    keys: list[U32]
    rows: list[npt.NDArray[np.int32]]
    ids: list[Any]
    lines: DocLines


def sign_block(table: Any, config: DedupConfig, columns: Columns, partitions: int, batch_size: int) -> Signed:
    """Signatures, band keys, token counts and line evidence of one block's documents (``batch_size`` at a time)."""
    pa = require("pyarrow", "ray")
    hasher = MinHasher(config.num_perm, config.shingle_size, config.seed)
    index = LSHIndex(config.bands, config.rows, config.max_bucket)
    if not table.num_rows:  # an empty block may have no columns at all
        table = pa.table({columns.doc_id: pa.array([], pa.string()), columns.text: pa.array([], pa.string())})
        columns = Columns(columns.doc_id, columns.text, None, None, None)
    texts = [t if isinstance(t, str) else "" for t in table.column(columns.text).to_pylist()]
    tokens, keys, rows, bodies = [], [], [], []
    for start in range(0, len(texts), max(1, batch_size)):
        chunk = texts[start : start + batch_size]
        shingles = hasher.shingler.shingle(chunk, lines=True)
        assert shingles.lines is not None
        counts = np.asarray(shingles.token_counts, dtype=np.int32)
        eligible = np.flatnonzero(counts >= config.min_tokens)
        band_keys = index.keys(hasher.from_shingles(shingles)[eligible])
        tokens.append(counts)
        keys.append(band_keys.reshape(-1))
        rows.append(np.repeat(eligible.astype(np.int32) + start, band_keys.shape[1]))
        line = shingles.lines
        bodies.append(LineBatch(line.doc + start, line.key, line.head, line.tail, line.words))
    body = _concat_lines(bodies)
    lines = DocLines.read(
        texts, _strings(table, columns.page), _strings(table, columns.url), hasher.shingler, body
    )
    all_keys = np.concatenate(keys) if keys else np.zeros(0, dtype=np.uint32)
    all_rows = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int32)
    part = all_keys % np.uint32(partitions)
    order = np.argsort(part, kind="stable")
    bounds = np.searchsorted(part[order], np.arange(partitions + 1))
    ids = table.column(columns.doc_id).combine_chunks()
    id_bucket = id_hashes(ids) % np.uint64(partitions)
    return Signed(
        np.concatenate(tokens) if tokens else np.zeros(0, dtype=np.int32),
        lines.host,
        [all_keys[order[a:b]] for a, b in pairwise(bounds)],
        [all_rows[order[a:b]] for a, b in pairwise(bounds)],
        [ids.filter(pa.array(id_bucket == p)) for p in range(partitions)],
        lines,
    )


def id_hashes(ids: Any) -> U64:
    """A 64-bit hash of each id of an Arrow array, the same in every process (it only spreads the ids over
    partitions: equal ids are then compared as they are).

    >>> import pyarrow as pa
    >>> a, b = id_hashes(pa.array(["x1", "", "x2"])), id_hashes(pa.array(["x2", "x1"]))
    >>> bool(a[0] == b[1]) and bool(a[2] == b[0]) and bool(a[0] != a[2])
    True
    """
    pa = require("pyarrow", "ray")
    pc = require("pyarrow.compute", "ray")
    if pa.types.is_integer(ids.type):
        values = np.asarray(ids.fill_null(0).to_numpy(zero_copy_only=False)).astype(np.uint64)
        return mix64(values)
    strings = (
        pc.cast(ids, pa.large_binary()).fill_null(b"") if not pa.types.is_large_binary(ids.type) else ids
    )
    strings = strings.combine_chunks() if hasattr(strings, "combine_chunks") else strings
    offsets = np.frombuffer(strings.buffers()[1], dtype=np.int64)[
        strings.offset : strings.offset + len(strings) + 1
    ]
    data = strings.buffers()[2]
    raw = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, dtype=np.uint8)
    lengths = np.diff(offsets)
    out = np.zeros(len(strings), dtype=np.uint64)
    if not len(strings) or offsets[-1] == offsets[0]:
        return out
    position = np.arange(offsets[0], offsets[-1]) - np.repeat(offsets[:-1], lengths)
    with np.errstate(over="ignore"):
        mixed = mix64(raw[offsets[0] : offsets[-1]].astype(np.uint64) + position.astype(np.uint64) * _ID_SALT)
    filled = np.flatnonzero(lengths > 0)
    out[filled] = np.bitwise_xor.reduceat(mixed, (offsets[:-1] - offsets[0])[filled])
    return out


def _concat_lines(parts: Sequence[LineBatch]) -> LineBatch:
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return LineBatch(
            empty, empty.astype(np.uint64), empty.astype(np.uint64), empty.astype(np.uint64), empty
        )
    return LineBatch(
        *(np.concatenate([getattr(p, f) for p in parts]) for f in ("doc", "key", "head", "tail", "words"))
    )


def _strings(table: Any, column: str | None) -> list[str | None]:
    if column is None:
        return [None] * table.num_rows
    return [v if isinstance(v, str) else None for v in table.column(column).to_pylist()]


def repeated_id(pieces: Sequence[Any]) -> Any:
    """An id found twice among ``pieces`` (Arrow arrays: one partition's ids from every block), else ``None``."""
    pa = require("pyarrow", "ray")
    pc = require("pyarrow.compute", "ray")
    arrays = [p for p in pieces if len(p)]
    if not arrays:
        return None
    kind = arrays[0].type
    ids = pa.concat_arrays([a if a.type == kind else a.cast(kind) for a in arrays])
    counts = pc.value_counts(ids)
    repeated = counts.filter(pc.greater(counts.field("counts"), 1))
    return repeated.field("values")[0].as_py() if len(repeated) else None


def bucket_pairs(
    keys: Sequence[U32], rows: Sequence[npt.NDArray[np.int32]], offsets: I64, max_bucket: int
) -> tuple[I64, I64]:
    """The candidate pairs of one band-key partition (its keys and rows from every block, in block order):
    each document with the earliest ``max_bucket`` documents before it that share a key, as packed pairs
    ``new << 32 | old``, each with the key's weight for the new document (:func:`key_weights`), as the
    single-machine index pairs them.

    >>> packed, weight = bucket_pairs([np.array([7, 7, 9], dtype=np.uint32), np.array([7, 9], dtype=np.uint32)],
    ...     [np.array([0, 1, 1], dtype=np.int32), np.array([0, 0], dtype=np.int32)], np.array([0, 2, 3]), 64)
    >>> [(int(p >> 32), int(p & 0xFFFFFFFF)) for p in packed], (weight >> 19).tolist()
    ([(1, 0), (2, 0), (2, 1), (2, 1)], [2, 1, 1, 2])
    """
    seqs = [offsets[b] + r.astype(np.int64) for b, r in enumerate(rows)]
    key = np.concatenate(keys) if keys else np.zeros(0, dtype=np.uint32)
    seq = np.concatenate(seqs) if seqs else np.zeros(0, dtype=np.int64)
    order = np.lexsort((seq, key))
    key, seq = key[order], seq[order]
    if len(key):
        fresh = np.concatenate([[True], (key[1:] != key[:-1]) | (seq[1:] != seq[:-1])])
        key, seq = key[fresh], seq[fresh]  # a document holding one key twice is one holder of it
    starts = (
        np.flatnonzero(np.concatenate([[True], key[1:] != key[:-1]])) if len(key) else np.zeros(0, np.int64)
    )
    first = np.repeat(starts, np.diff(np.append(starts, len(key))))
    counts = np.minimum(np.arange(len(key)) - first, max_bucket)
    total = int(counts.sum())
    within = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    new = np.repeat(seq, counts)
    old = seq[np.repeat(first, counts) + within]
    return (new << np.int64(32)) | old, np.repeat(key_weights(counts), counts)


def best_candidates(packed: Sequence[I64], weights: Sequence[I64], limit: int) -> I64:
    """One group's candidate pairs ``[new, old]`` (every new document of the group, from every band
    partition): each document's ``limit`` sharing the most weight of band keys, then the earliest, sorted.

    >>> pairs = [np.array([1 << 32 | 0, 2 << 32 | 0, 2 << 32 | 1]), np.array([2 << 32 | 1])]
    >>> best_candidates(pairs, [np.array([4, 4, 2]), np.array([3])], limit=1).tolist()
    [[1, 0], [2, 1]]
    """
    if not packed:
        return np.zeros((0, 2), dtype=np.int64)
    return _ranked(*_tally(np.concatenate(packed), np.concatenate(weights)), limit)


@dataclass(frozen=True)
class Group:
    """Consecutive blocks: their texts (one column), the first one's first sequence number, and every
    document's token count and host key."""

    texts: Any
    start: int
    tokens: npt.NDArray[np.int32]
    host: U64

    @classmethod
    def of(cls, tables: Sequence[Any], column: str, start: int, infos: Sequence[tuple[Any, U64]]) -> Group:
        """The group of blocks ``tables`` (Arrow), the first holding document ``start``, with their
        :class:`Signed` token counts and host keys."""
        pa = require("pyarrow", "ray")
        kept = [t.select([column]) for t in tables if t.num_rows]  # an empty block may have no columns
        texts = (
            pa.concat_tables(kept, promote_options="permissive").column(column)
            if kept
            else pa.chunked_array([], type=pa.string())
        )
        return cls(
            texts,
            start,
            np.concatenate([i[0] for i in infos]) if infos else np.zeros(0, dtype=np.int32),
            np.concatenate([i[1] for i in infos]) if infos else np.zeros(0, dtype=np.uint64),
        )

    def take(self, seqs: I64) -> tuple[Any, npt.NDArray[np.int32], U64]:
        """The texts, the token counts and the host keys of the documents ``seqs``, in order."""
        pa = require("pyarrow", "ray")
        rows = seqs - self.start
        return self.texts.take(pa.array(rows)).combine_chunks(), self.tokens[rows], self.host[rows]


def with_new_texts(pairs: I64, group: Group, group_starts: I64) -> list[Any]:
    """The pairs of new documents of ``group`` with the new document's text, token count and host key,
    cut by the group of the old document (one Arrow table per group)."""
    pa = require("pyarrow", "ray")
    texts, tokens, host = group.take(pairs[:, 0])
    table = pa.table(
        {"new": pairs[:, 0], "old": pairs[:, 1], "text_new": texts, "tokens_new": tokens, "host_new": host}
    )
    target = np.searchsorted(group_starts, pairs[:, 1], side="right") - 1
    order = np.argsort(target, kind="stable")
    bounds = np.searchsorted(target[order], np.arange(len(group_starts)))
    return [table.take(pa.array(order[a:b])) for a, b in pairwise(bounds)]


def verify(pieces: Sequence[Any], group: Group, config: DedupConfig, template: U64) -> tuple[I64, I64, Any]:
    """The pairs whose old documents are in ``group`` (tables from :func:`with_new_texts`) that verify as
    copies: ``new``, ``old`` and their scores, as the single-machine deduplicator judges them."""
    pa = require("pyarrow", "ray")
    table = pa.concat_tables([p for p in pieces if p.num_rows]) if any(p.num_rows for p in pieces) else None
    if table is None:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
    old = np.asarray(table.column("old").to_numpy(), dtype=np.int64)
    texts_old, tokens_old, host_old = group.take(old)
    judge = Judge(config, template)
    scores = np.array(
        [
            judge(a, int(na), int(ha), b, int(nb), int(hb))
            for a, na, ha, b, nb, hb in zip(
                table.column("text_new").to_pylist(),
                table.column("tokens_new").to_numpy(),
                table.column("host_new").to_numpy(),
                texts_old.to_pylist(),
                tokens_old,
                host_old,
                strict=True,
            )
        ],
        dtype=np.float64,
    )
    keep = scores >= config.threshold
    return np.asarray(table.column("new").to_numpy(), dtype=np.int64)[keep], old[keep], scores[keep]


class Judge:
    """The score that decides (0 when a text is too short outside its template lines), as the deduplicator's:
    below the threshold, only that it is below (the verifier stops early)."""

    def __init__(self, config: DedupConfig, template: U64) -> None:
        self._verifier = Verifier(
            config.threshold, config.paragraph_threshold, config.min_tokens, config.min_paragraph_words
        )
        self._shingler = MinHasher(config.num_perm, config.shingle_size, config.seed).shingler
        self._template = template
        self._min_tokens = config.min_tokens
        self._threshold = config.threshold

    def __call__(
        self, a: str, tokens_a: int, host_a: int, b: str, tokens_b: int, host_b: int, exact: bool = False
    ) -> float:
        mask_a, words_a = self._content(a, tokens_a, host_a)
        mask_b, words_b = self._content(b, tokens_b, host_b)
        if min(words_a, words_b) < self._min_tokens:
            return 0.0
        return self._verifier.score(a, b, 0.0 if exact else self._threshold, mask_a, mask_b)

    def _content(self, text: str, tokens: int, host: int) -> tuple[Any, int]:
        if not len(self._template):
            return None, tokens
        mask, words = content(text, host, self._template, self._shingler)
        return (None, tokens) if mask is None else (mask, words)


def table_of(blocks: Sequence[Any]) -> Any:
    """One Arrow table of consecutive blocks (no copy; empty blocks, which may have no columns, left out)."""
    pa = require("pyarrow", "ray")
    kept = [b for b in blocks if b.num_rows] or list(blocks[:1])
    return kept[0] if len(kept) == 1 else pa.concat_tables(kept, promote_options="permissive")


def take_docs(table: Any, info: tuple[Any, U64], rows: I64, columns: Columns) -> tuple[Any, ...]:
    """Ids, dates, token counts and host keys of the documents at ``rows`` of a block (``info``: its
    :class:`Signed` token counts and host keys)."""
    pa = require("pyarrow", "ray")
    where = pa.array(rows)
    published = (
        [v if isinstance(v, str) else None for v in table.column(columns.published).take(where).to_pylist()]
        if columns.published
        else [None] * len(rows)
    )
    return (
        table.column(columns.doc_id).take(where).to_pylist(),
        published,
        info[0][rows],
        info[1][rows],
    )


def mark(
    table: Any, offset: int, assigned: tuple[I64, I64, list[str | None], Any], columns: Sequence[str]
) -> Any:
    """A block (its first document is number ``offset``) with its input ``columns`` and the dedup columns;
    ``assigned``: the clustered documents' sequence numbers (sorted), cluster ids, canonical ids (as text,
    ``None`` for a canonical member) and similarities.

    >>> import pyarrow as pa
    >>> block = pa.table({"id": ["a", "b", "c"], "body": ["x", "y", "z"]})
    >>> marked = mark(block, 10, (np.array([11, 12]), np.array([11, 11]), [None, "b"], np.array([1.0, 0.9])), ["id"])
    >>> marked.to_pylist()[0], marked.to_pylist()[2]
    ({'id': 'a', 'cluster_id': None, 'duplicate_of': None, 'similarity': None}, {'id': 'c', 'cluster_id': 11, 'duplicate_of': 'b', 'similarity': 0.9})
    """
    pa = require("pyarrow", "ray")
    seqs, cluster, canonical, similarity = assigned
    mine = np.arange(offset, offset + table.num_rows, dtype=np.int64)
    at = np.searchsorted(seqs, mine)
    hit = at < len(seqs)
    hit[hit] = seqs[at[hit]] == mine[hit]
    where = pa.array(np.where(hit, at, 0), mask=~hit)
    table = table.select(list(columns))
    table = table.append_column("cluster_id", pa.array(cluster, type=pa.int64()).take(where))
    table = table.append_column("duplicate_of", pa.array(canonical, type=pa.string()).take(where))
    return table.append_column("similarity", pa.array(similarity, type=pa.float64()).take(where))
