"""Ray Data: find near-duplicate articles in a ``ray.data.Dataset``, with the single-machine results.

The same pieces as :class:`newsclean.dedup.Deduplicator`, spread over a cluster:

1. signatures and LSH band keys per batch (``map_batches``: ``MinHasher``, ``LSHIndex.keys``);
2. candidate pairs: rows ``(band key, document)`` grouped on the key (``groupby().map_groups``),
   each group pairing a document with the earliest ``max_bucket`` documents before it,
   duplicates summed away with a second ``groupby`` (the sum is the weight of the shared band
   keys), and each document's best ``max_candidates`` kept with a third;
3. the template evidence (:mod:`newsclean.dedup.evidence`): each row's line keys are read
   with its signature, and counted on the driver in row order, as the single-machine
   deduplicator counts them (a few dozen bytes per line streamed; the template lines come
   out);
4. verification of every candidate pair next to both texts (two ``join``s, then
   ``Verifier.score`` on the content outside the template lines, in ``map_batches``);
5. connected components and the canonical member: the verified pairs, in the order the
   single-machine deduplicator meets them, replayed on the driver with the same rule
   (two clusters join only if their canonical members are copies too), which needs
   the bodies of the documents that have a verified copy, and only those.

The output is the input plus ``cluster_id``, ``duplicate_of`` and ``similarity``, equal to
``Deduplicator.assignment`` for the same documents added in the dataset's row order.
Where more than ``max_bucket`` documents share a band key, both pair a document with the
earliest ``max_bucket`` of them, and both verify at most ``max_candidates`` candidates per
document: those sharing the most band keys with it, then the earliest (a ``groupby`` on the
new document after the pairs are counted).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from newsclean.dedup import DedupConfig, LSHIndex, Member, MinHasher, UnionFind, Verifier, choose_canonical
from newsclean.dedup.cluster import canonical_key
from newsclean.dedup.evidence import DocLines, Evidence, content
from newsclean.dedup.index import key_weights
from newsclean.integrations import require

__all__ = ["DEDUP_COLUMNS", "dedup_dataset"]

#: Columns added by :func:`dedup_dataset`, as in ``Assignment.to_dict()``.
DEDUP_COLUMNS = ("cluster_id", "duplicate_of", "similarity")

_SEQ = "_newsclean_seq"
_TOKENS = "_newsclean_tokens"
_KEYS = "_newsclean_keys"
_LINES = "_newsclean_lines"
_HOST = "_newsclean_host"


def _verifier(config: DedupConfig) -> Verifier:
    return Verifier(
        config.threshold, config.paragraph_threshold, config.min_tokens, config.min_paragraph_words
    )


@dataclass(frozen=True)
class SignBatch:
    """Word count and band keys of each text (no keys when it is too short to be compared), and its
    template evidence: its lines (and its page's, with ``page_column``), its URL's and host's keys."""

    config: DedupConfig
    text_column: str
    page_column: str | None = None
    url_column: str | None = None

    def __call__(self, table: Any) -> Any:
        pa = require("pyarrow", "ray")
        c = self.config
        hasher = MinHasher(c.num_perm, c.shingle_size, c.seed)
        texts = [t if isinstance(t, str) else "" for t in table.column(self.text_column).to_pylist()]
        shingles = hasher.shingler.shingle(texts, lines=True)
        tokens = np.asarray(shingles.token_counts, dtype=np.int64)
        keys: Any = LSHIndex(c.bands, c.rows, c.max_bucket).keys(hasher.from_shingles(shingles))
        lists = [keys[i].tolist() if tokens[i] >= c.min_tokens else [] for i in range(len(texts))]
        lines = DocLines.read(
            texts,
            _strings(table, self.page_column),
            _strings(table, self.url_column),
            hasher.shingler,
            shingles.lines,
        )
        table = table.append_column(_TOKENS, pa.array(tokens, type=pa.int64()))
        table = table.append_column(_KEYS, pa.array(lists, type=pa.list_(pa.uint32())))
        table = table.append_column(
            _LINES, pa.array([lines.encode(i) for i in range(len(texts))], type=pa.binary())
        )
        return table.append_column(_HOST, pa.array(lines.host, type=pa.uint64()))


def _strings(table: Any, column: str | None) -> list[str | None]:
    if column is None:
        return [None] * table.num_rows
    return [v if isinstance(v, str) else None for v in table.column(column).to_pylist()]


def _explode_keys(table: Any) -> Any:
    pa = require("pyarrow", "ray")
    pc = require("pyarrow.compute", "ray")
    keys = table.column(_KEYS)
    parents = pc.list_parent_indices(keys)
    seqs = pc.take(table.column(_SEQ), parents)
    return pa.table({"key": pc.list_flatten(keys), "seq": seqs})


def _bucket_pairs(group: Mapping[str, Any], max_bucket: int) -> dict[str, Any]:
    """All ``(later, earlier)`` pairs of one band key's documents, the earlier among the first ``max_bucket``,
    each with the key's weight for the later one (:func:`~newsclean.dedup.index.key_weights`)."""
    seqs: Any = np.unique(np.asarray(group["seq"], dtype=np.int64))
    counts: Any = np.minimum(np.arange(len(seqs)), max_bucket)
    total = int(counts.sum())
    starts: Any = np.repeat(np.cumsum(counts) - counts, counts)
    new: Any = np.repeat(seqs, counts)
    old: Any = seqs[np.arange(total) - starts]
    return {"pair": (new << np.int64(32)) | old, "weight": np.repeat(key_weights(counts), counts)}


def _unpack_pairs(batch: Mapping[str, Any]) -> dict[str, Any]:
    packed = np.asarray(batch["pair"], dtype=np.int64)
    return {
        "new": packed >> np.int64(32),
        "old": packed & np.int64(0xFFFFFFFF),
        "shared": np.asarray(batch["sum(weight)"], dtype=np.int64),
    }


def _best_candidates(group: Mapping[str, Any], limit: int) -> dict[str, Any]:
    """One document's candidates: the ``limit`` sharing the most weight of band keys with it, then the
    earliest, as the single-machine index picks them (``max_candidates``)."""
    old = np.asarray(group["old"], dtype=np.int64)
    shared = np.asarray(group["shared"], dtype=np.int64)
    keep = np.lexsort((old, -shared))[:limit]
    return {"new": np.asarray(group["new"], dtype=np.int64)[keep], "old": old[keep]}


@dataclass(frozen=True)
class ScorePairs:
    """Verify candidate pairs on their content (``template``: the template lines' keys); keep the copies."""

    config: DedupConfig
    template: Any

    def __call__(self, batch: Mapping[str, Any]) -> dict[str, Any]:
        judge = _Judge(self.config, self.template)
        scores = np.array(
            [
                judge(a, int(host_a), b, int(host_b))
                for a, host_a, b, host_b in zip(
                    batch["text_new"], batch["host_new"], batch["text_old"], batch["host_old"], strict=True
                )
            ],
            dtype=np.float64,
        )
        keep = scores >= self.config.threshold
        return {
            "new": np.asarray(batch["new"])[keep],
            "old": np.asarray(batch["old"])[keep],
            "score": scores[keep],
        }


class _Judge:
    """The score that decides (0 when a text is too short outside its template lines), as the deduplicator's."""

    def __init__(self, config: DedupConfig, template: Any) -> None:
        self._verifier = _verifier(config)
        self._shingler = MinHasher(config.num_perm, config.shingle_size, config.seed).shingler
        self._template = template
        self._min_tokens = config.min_tokens

    def __call__(self, a: str, host_a: int, b: str, host_b: int) -> float:
        mask_a, words_a = content(a, host_a, self._template, self._shingler)
        mask_b, words_b = content(b, host_b, self._template, self._shingler)
        if min(words_a, words_b) < self._min_tokens:
            return 0.0
        return self._verifier.score(a, b, 0.0, mask_a, mask_b)


@dataclass(frozen=True)
class _Doc:
    doc_id: Any
    text: str
    member: Member
    host: int


@dataclass(frozen=True)
class AssignBatch:
    """Add the dedup columns from the driver's assignments (``seq -> (cluster_id, duplicate_of, similarity)``)
    to the input ``columns``, in their input order."""

    assignments: Mapping[int, tuple[int, Any, float]]
    columns: tuple[str, ...]

    def __call__(self, table: Any) -> Any:
        pa = require("pyarrow", "ray")
        found = [self.assignments.get(seq) for seq in table.column(_SEQ).to_pylist()]
        table = table.select(list(self.columns))
        table = table.append_column(
            "cluster_id", pa.array([a[0] if a else None for a in found], type=pa.int64())
        )
        duplicate_of = [None if a is None or a[1] is None else str(a[1]) for a in found]
        table = table.append_column("duplicate_of", pa.array(duplicate_of, type=pa.string()))
        return table.append_column(
            "similarity", pa.array([a[2] if a else None for a in found], type=pa.float64())
        )


def dedup_dataset(
    dataset: Any,
    config: DedupConfig | None = None,
    id_column: str = "id",
    text_column: str = "body",
    published_column: str | None = "published",
    num_partitions: int = 8,
    batch_size: int = 256,
    page_column: str | None = None,
    url_column: str | None = "url",
) -> Any:
    """Mark near-duplicates in a ``ray.data.Dataset``: adds ``cluster_id``, ``duplicate_of``, ``similarity``.

    Documents are taken in the dataset's row order (the order of ``Deduplicator.add``),
    ids must be unique, ``text_column`` holds cleaned bodies (see
    :func:`newsclean.ray.clean_dataset`) and ``published_column`` (optional) the ISO
    publication time used by the canonical rule; ``page_column`` (optional) the full
    pages the bodies were cleaned from and ``url_column`` (optional, used when the
    dataset has it) their URLs, the template evidence (``Deduplicator.add``'s ``page``
    and ``url``). ``num_partitions`` is the number of shuffle partitions of the
    groupings and joins. Returns a materialized dataset in input order. Drop the
    copies with ``ds.filter(lambda row: row["duplicate_of"] is None)``.
    """
    ray = require("ray", "ray")
    config = config or DedupConfig()
    # Row order defines the sequence numbers. A dataset keeps its own copy of the data
    # context from when it was made, so the order is asked of it as well as of the
    # current context (for the datasets made here), and both are restored afterwards.
    contexts = {id(c): c for c in (ray.data.DataContext.get_current(), dataset.context)}.values()
    saved = [(c, c.execution_options.preserve_order) for c in contexts]
    for c, _ in saved:
        c.execution_options.preserve_order = True
    try:
        return _dedup(
            ray,
            dataset,
            config,
            (id_column, text_column, published_column, page_column, url_column),
            num_partitions,
            batch_size,
        )
    finally:
        for c, was in saved:
            c.execution_options.preserve_order = was


def _dedup(
    ray: Any,
    dataset: Any,
    config: DedupConfig,
    names: tuple[str, str, str | None, str | None, str | None],
    num_partitions: int,
    batch_size: int,
) -> Any:
    id_column, text_column, published_column, page_column, url_column = names
    columns = dataset.columns()
    for name, role in ((id_column, "id_column"), (text_column, "text_column"), (page_column, "page_column")):
        if name is not None and name not in columns:
            raise KeyError(f"no column {name!r} in the dataset (columns: {', '.join(columns)}); set {role}=")
    published_column = published_column if published_column in columns else None
    url_column = url_column if url_column in columns else None
    numbered = _numbered(ray, dataset, id_column, num_partitions)
    signed = numbered.map_batches(
        SignBatch(config, text_column, page_column, url_column), batch_format="pyarrow", batch_size=batch_size
    ).materialize()
    template = _template(signed, config)

    band_rows = signed.select_columns([_SEQ, _KEYS]).map_batches(_explode_keys, batch_format="pyarrow")
    candidates = (
        band_rows.groupby("key", num_partitions=num_partitions)
        .map_groups(_bucket_pairs, batch_format="numpy", fn_kwargs={"max_bucket": config.max_bucket})
        .groupby("pair", num_partitions=num_partitions)
        .sum("weight")
        .map_batches(_unpack_pairs, batch_format="numpy")
        .groupby("new", num_partitions=num_partitions)
        .map_groups(_best_candidates, batch_format="numpy", fn_kwargs={"limit": config.max_candidates})
    )
    texts = signed.filter(lambda row: row[_TOKENS] >= config.min_tokens).select_columns(
        [_SEQ, text_column, _HOST]
    )
    text_new = texts.rename_columns({_SEQ: "new", text_column: "text_new", _HOST: "host_new"})
    text_old = texts.rename_columns({_SEQ: "old", text_column: "text_old", _HOST: "host_old"})
    verified = (
        candidates.join(text_new, join_type="inner", num_partitions=num_partitions, on=("new",))
        .join(text_old, join_type="inner", num_partitions=num_partitions, on=("old",))
        .map_batches(ScorePairs(config, template), batch_format="numpy", batch_size=batch_size)
    )
    edges = sorted((int(r["new"]), int(r["old"]), float(r["score"])) for r in verified.take_all())
    involved = frozenset(s for new, old, _ in edges for s in (new, old))
    wanted = [_SEQ, id_column, text_column, _TOKENS, _HOST] + ([published_column] if published_column else [])
    docs = {
        int(row[_SEQ]): _Doc(
            row[id_column],
            row[text_column],
            Member(int(row[_SEQ]), row[published_column] if published_column else None, int(row[_TOKENS])),
            int(row[_HOST]),
        )
        for row in signed.filter(lambda row: row[_SEQ] in involved).select_columns(wanted).take_all()
    }
    assignments = _assign(edges, docs, _Judge(config, template), config.threshold)
    out = numbered.map_batches(
        AssignBatch(assignments, tuple(columns)), batch_format="pyarrow", batch_size=batch_size
    )
    return out.materialize()


def _template(signed: Any, config: DedupConfig) -> Any:
    """The template lines' keys: every row's evidence counted on the driver, in row order."""
    evidence = Evidence(config.template_documents, config.template_host_pages, config.min_tokens)
    blobs: list[bytes] = []
    for batch in signed.select_columns([_LINES]).iter_batches(batch_format="pyarrow"):
        blobs += batch.column(_LINES).to_pylist()
        while len(blobs) >= config.batch_size:
            evidence.add(evidence.count, DocLines.decode(blobs[: config.batch_size]))
            blobs = blobs[config.batch_size :]
    if blobs:
        evidence.add(evidence.count, DocLines.decode(blobs))
    return evidence.template


def _numbered(ray: Any, dataset: Any, id_column: str, num_partitions: int) -> Any:
    """The dataset with a sequence-number column in row order, sorted by it.

    The ids stream to the driver in row order (the order is preserved by the caller),
    are numbered there, and come back by a join on the id: a join on a shared key
    rather than ``Dataset.zip``, which relies on blocks arriving in order and is
    being removed from Ray Data.
    """
    pa = require("pyarrow", "ray")
    pc = require("pyarrow.compute", "ray")
    chunks = [
        batch.column(id_column)
        for batch in dataset.select_columns([id_column]).iter_batches(batch_format="pyarrow")
    ]
    ids = pa.chunked_array(chunks).combine_chunks() if chunks else pa.array([])
    if len(pc.unique(ids)) != len(ids):
        raise ValueError(
            f"ids in column {id_column!r} are not unique: give every document its own id "
            "(the dedup columns name documents by id)"
        )
    numbers = ray.data.from_arrow(pa.table({id_column: ids, _SEQ: pa.array(range(len(ids)), pa.int64())}))
    joined = dataset.join(numbers, join_type="inner", num_partitions=num_partitions, on=(id_column,))
    return joined.sort(_SEQ).materialize()


def _assign(
    edges: list[tuple[int, int, float]], docs: Mapping[int, _Doc], judge: _Judge, threshold: float
) -> dict[int, tuple[int, Any, float]]:
    """Replay the verified pairs in (new, old) order, as ``Deduplicator`` meets them; then the clusters."""

    def score(a: int, b: int) -> float:
        return judge(docs[a].text, docs[a].host, docs[b].text, docs[b].host)

    seqs = sorted(docs)
    compact = {seq: i for i, seq in enumerate(seqs)}
    sets = UnionFind(len(seqs))
    canonical: dict[int, int] = {}  # root -> canonical sequence number of its cluster
    for new, old, _ in edges:
        root_new, root_old = sets.find(compact[new]), sets.find(compact[old])
        if root_new == root_old:
            continue
        canon_new = canonical.get(root_new, seqs[root_new])
        canon_old = canonical.get(root_old, seqs[root_old])
        if (canon_new, canon_old) != (new, old) and score(canon_new, canon_old) < threshold:
            continue
        sets.union(root_new, root_old)
        canonical.pop(root_new, None)
        canonical.pop(root_old, None)
        best = min(docs[canon_new].member, docs[canon_old].member, key=canonical_key)
        canonical[sets.find(root_new)] = best.seq
    out: dict[int, tuple[int, Any, float]] = {}
    for group in sets.groups():
        if len(group) < 2:
            continue
        members = [seqs[i] for i in group]
        chosen = choose_canonical(docs[s].member for s in members).seq
        for seq in members:
            if seq == chosen:
                out[seq] = (min(members), None, 1.0)
            else:
                out[seq] = (min(members), docs[chosen].doc_id, round(score(seq, chosen), 4))
    return out
