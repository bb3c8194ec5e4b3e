"""Ray Data: find near-duplicate articles in a ``ray.data.Dataset``, with the single-machine results.

The same pieces as :class:`newsclean.dedup.Deduplicator`, spread over a cluster as tasks on the
dataset's blocks (numpy and Arrow columns, no Python loop over rows but where a pair of texts is
verified, see :mod:`newsclean.integrations.ray_dedup_blocks`):

1. *sign*: one task per block numbers its documents (block ``b`` holds the documents
   ``offsets[b] ..``, in the dataset's row order), computes their signatures, band keys and
   line evidence, and cuts the band keys (and the ids) into ``num_partitions`` partitions
   by their value; the texts stay where they are;
2. *evidence*: the driver counts each block's line evidence in row order, as the
   single-machine deduplicator does (its tables in temporary files, read back a slice at a
   time), and sends the template lines back (:mod:`newsclean.dedup.evidence`);
3. *candidates*: one shuffle. A task per band-key partition pairs each document with the
   earliest ``max_bucket`` documents before it that share a key, vectorised over every key
   of the partition, and sends the pairs to the group of blocks holding the new document;
   a task per group keeps each document's ``max_candidates`` pairs sharing the most weight
   of band keys (then the earliest), adds the new document's text from its own blocks, and
   sends the pairs on to the group holding the earlier document;
4. *verify*: a task per group adds the earlier document's text and verifies the pairs on
   their content (``Verifier.score``, template lines left out); only the copies come back
   to the driver;
5. *replay*: the verified pairs, in the order the single-machine deduplicator meets them,
   replayed on the driver with the same rule (two clusters join only if their canonical
   members are copies too), with the ids, dates and token counts of the documents in them;
   a pair's score is the verification's, and the few pairs it did not score (a canonical
   check, a member's similarity to a canonical member it was not verified against) are
   judged on the driver, their two texts read from their blocks
   (:mod:`newsclean.integrations.ray_dedup_replay`);
6. *output*: a task per block adds the three columns.

The driver holds the block references, the template lines, the verified pairs and what the
replay needs of the documents they name (no text): its memory is bounded by the verified
pairs, not the corpus. The texts
move once per candidate pair, not once per document per join.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from functools import partial
from itertools import pairwise
from typing import Any

import numpy as np

from newsclean.dedup import DedupConfig, Member
from newsclean.dedup.evidence import Evidence
from newsclean.integrations import require
from newsclean.integrations.ray_dedup_blocks import (
    Columns,
    Group,
    Judge,
    Signed,
    best_candidates,
    bucket_pairs,
    mark,
    repeated_id,
    sign_block,
    table_of,
    take_docs,
    verify,
    with_new_texts,
)
from newsclean.integrations.ray_dedup_replay import Doc, Scores, replay

__all__ = ["DEDUP_COLUMNS", "STAGES", "dedup_dataset"]

#: Columns added by :func:`dedup_dataset`, as in ``Assignment.to_dict()``.
DEDUP_COLUMNS = ("cluster_id", "duplicate_of", "similarity")
#: The stages of :func:`dedup_dataset`, in order (what ``on_stage`` is called with as each ends).
STAGES = ("sign", "evidence", "candidates", "verify", "replay", "output")


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
    on_stage: Callable[[str], None] | None = None,
) -> Any:
    """Mark near-duplicates in a ``ray.data.Dataset``: adds ``cluster_id``, ``duplicate_of``, ``similarity``.

    Documents are taken in the dataset's row order (the order of ``Deduplicator.add``),
    ids must be unique, ``text_column`` holds cleaned bodies (see
    :func:`newsclean.ray.clean_dataset`) and ``published_column`` (optional) the ISO
    publication time used by the canonical rule; ``page_column`` (optional) the full
    pages the bodies were cleaned from and ``url_column`` (optional, used when the
    dataset has it) their URLs, the template evidence (``Deduplicator.add``'s ``page``
    and ``url``). ``num_partitions`` is the number of partitions of the band keys (and of
    the groups of blocks the candidate pairs travel to); ``batch_size`` the number of
    texts signed at a time; ``on_stage`` is called with the name of each stage of
    :data:`STAGES` as it ends. Returns a materialized dataset in input order. Drop the
    copies with ``ds.filter(lambda row: row["duplicate_of"] is None)``.
    """
    ray = require("ray", "ray")
    config = config or DedupConfig()
    if num_partitions < 1:
        raise ValueError(f"num_partitions must be at least 1, got {num_partitions}")
    columns = dataset.columns()
    for name, role in ((id_column, "id_column"), (text_column, "text_column"), (page_column, "page_column")):
        if name is not None and name not in columns:
            raise KeyError(f"no column {name!r} in the dataset (columns: {', '.join(columns)}); set {role}=")
    names = Columns(
        id_column,
        text_column,
        published_column if published_column in columns else None,
        page_column,
        url_column if url_column in columns else None,
    )
    # Row order defines the sequence numbers. A dataset keeps its own copy of the data
    # context from when it was made, so the order is asked of it as well as of the current one.
    contexts = {id(c): c for c in (ray.data.DataContext.get_current(), dataset.context)}.values()
    saved = [(c, c.execution_options.preserve_order) for c in contexts]
    for c, _ in saved:
        c.execution_options.preserve_order = True
    try:
        blocks = dataset.to_arrow_refs()
    finally:
        for c, was in saved:
            c.execution_options.preserve_order = was
    run = _Run(ray, config, names, blocks, num_partitions, batch_size, on_stage or (lambda _: None))
    return run.dedup(tuple(columns))


class _Run:
    """One call of :func:`dedup_dataset`: the stages, as tasks on the blocks ``blocks`` (Arrow tables)."""

    def __init__(
        self,
        ray: Any,
        config: DedupConfig,
        columns: Columns,
        blocks: Sequence[Any],
        partitions: int,
        batch_size: int,
        on_stage: Callable[[str], None],
    ) -> None:
        self.ray = ray
        self.config = config
        self.columns = columns
        # runs of consecutive blocks, a task's work (about 4 per partition)
        size = max(1, -(-len(blocks) // (4 * partitions)))
        self.units = [list(blocks[i : i + size]) for i in range(0, len(blocks), size)]
        self.partitions = partitions
        self.batch_size = batch_size
        self.on_stage = on_stage

    def _task(self, function: Callable[..., Any], returns: int) -> Any:
        return self.ray.remote(function).options(num_returns=returns)

    def _blocks(self, first: int, stop: int) -> list[Any]:
        """The blocks of the units ``first .. stop - 1``."""
        return [block for unit in self.units[first:stop] for block in unit]

    def dedup(self, input_columns: tuple[str, ...]) -> Any:
        ray, config, parts, text = self.ray, self.config, self.partitions, self.columns.text
        sign = self._task(_sign, 3 + parts)
        signed = [sign.remote(config, self.columns, parts, self.batch_size, *unit) for unit in self.units]
        counts = ray.get([s[0] for s in signed])
        offsets = np.concatenate([[0], np.cumsum(counts, dtype=np.int64)]).astype(np.int64)
        infos, lines = [s[1] for s in signed], [s[2] for s in signed]
        self.on_stage("sign")

        template = _template(ray, lines, offsets, config)
        del lines
        self.on_stage("evidence")

        groups = _groups(offsets, parts)  # each group's first unit, and the number of units
        starts = offsets[groups]  # the first document of each group, and the end
        width = len(groups) - 1
        bucket = self._task(_bucket, 1 + width)
        buckets = [
            bucket.remote(offsets, config.max_bucket, starts, *[s[3 + p] for s in signed])
            for p in range(parts)
        ]
        del signed
        repeated = [r for r in ray.get([b[0] for b in buckets]) if r is not None]
        if repeated:
            raise ValueError(
                f"ids in column {self.columns.doc_id!r} are not unique ({repeated[0]!r} is repeated): give "
                "every document its own id (the dedup columns name documents by id)"
            )
        rank = self._task(_rank, width)
        ranked = []
        for g in range(width):
            first, stop = groups[g], groups[g + 1]
            blocks = self._blocks(first, stop)
            ranked.append(
                _list(
                    rank.remote(
                        config.max_candidates,
                        (text, int(starts[g]), starts, len(blocks), stop - first),
                        *blocks,
                        *infos[first:stop],
                        *[b[1 + g] for b in buckets],
                    ),
                    width,
                )
            )
        del buckets
        ray.wait([r for rs in ranked for r in rs], num_returns=width * width, fetch_local=False)
        self.on_stage("candidates")

        check = self._task(_verify, 1)
        template_ref = ray.put(template)
        found = []
        for g in range(width):
            first, stop = groups[g], groups[g + 1]
            blocks = self._blocks(first, stop)
            found.append(
                check.remote(
                    config,
                    template_ref,
                    (text, int(starts[g]), starts, len(blocks), stop - first),
                    *blocks,
                    *infos[first:stop],
                    *[r[g] for r in ranked],
                )
            )
        del ranked
        verified = ray.get(found)
        new = np.concatenate([v[0] for v in verified])
        old = np.concatenate([v[1] for v in verified])
        score = np.concatenate([v[2] for v in verified])
        order = np.lexsort((old, new))
        edges = list(zip(new[order].tolist(), old[order].tolist(), score[order].tolist(), strict=True))
        del verified, new, old, score, order
        self.on_stage("verify")

        docs = self._fetch(offsets, infos, sorted({s for new, old, _ in edges for s in (new, old)}))
        scores = Scores(partial(self.texts, offsets), docs, Judge(config, template), edges)
        assignments = replay(edges, docs, scores, config.threshold)
        self.on_stage("replay")

        seqs = np.array(sorted(assignments), dtype=np.int64)
        table = ray.put(
            (
                seqs,
                np.array([assignments[s][0] for s in seqs.tolist()], dtype=np.int64),
                [None if assignments[s][1] is None else str(assignments[s][1]) for s in seqs.tolist()],
                np.array([assignments[s][2] for s in seqs.tolist()], dtype=np.float64),
            )
        )
        marker = self._task(_mark, 1)
        out = [
            marker.remote(int(offsets[u]), table, input_columns, *unit)
            for u, unit in enumerate(self.units)
            if counts[u]  # an empty unit may have no columns at all
        ]
        if not out:
            pa = require("pyarrow", "ray")
            names = [*input_columns, *DEDUP_COLUMNS]
            out = [ray.put(pa.table({name: pa.array([], pa.null()) for name in names}))]
        result = ray.data.from_arrow_refs(out)
        ray.wait(out, num_returns=len(out), fetch_local=False)
        self.on_stage("output")
        return result

    def _fetch(self, offsets: Any, infos: Sequence[Any], seqs: Sequence[int]) -> dict[int, Doc]:
        """What the replay needs of the documents ``seqs`` (sorted; not their texts), read from their units."""
        docs: dict[int, Doc] = {}
        for wanted, (ids, published, tokens, host) in self._read(offsets, seqs, _take_docs, infos):
            for i, seq in enumerate(wanted.tolist()):
                docs[seq] = Doc(ids[i], Member(seq, published[i], int(tokens[i])), int(host[i]))
        return docs

    def texts(self, offsets: Any, seqs: Sequence[int]) -> dict[int, str]:
        """The texts of the documents ``seqs`` (sorted), read from their units."""
        out: dict[int, str] = {}
        for wanted, texts in self._read(offsets, seqs, _take_texts, None):
            out.update(
                (seq, t if isinstance(t, str) else "") for seq, t in zip(wanted.tolist(), texts, strict=True)
            )
        return out

    def _read(
        self, offsets: Any, seqs: Sequence[int], task: Callable[..., Any], infos: Sequence[Any] | None
    ) -> list[tuple[Any, Any]]:
        """``task`` on each unit holding some of ``seqs``, with their rows: the sequence numbers and the result."""
        wanted = np.asarray(seqs, dtype=np.int64)
        unit = np.searchsorted(offsets, wanted, side="right") - 1
        remote = self._task(task, 1)
        refs = []
        for u in np.unique(unit).tolist():
            rows = wanted[unit == u] - offsets[u]
            info = infos[u] if infos is not None else None
            refs.append((wanted[unit == u], remote.remote(info, rows, self.columns, *self.units[u])))
        return [(seqs_u, self.ray.get(ref)) for seqs_u, ref in refs]


def _list(refs: Any, width: int) -> list[Any]:
    return [refs] if width == 1 else list(refs)


def _groups(offsets: Any, parts: int) -> Any:
    """Cut the blocks into at most ``parts`` runs of consecutive blocks of about as many documents:
    the first block of each run, and the number of blocks."""
    blocks = len(offsets) - 1
    if blocks <= 0:
        return np.array([0, 0], dtype=np.int64)
    total = max(int(offsets[-1]), 1)
    cuts = np.searchsorted(offsets[:-1], np.arange(1, parts) * total / parts, side="left")
    return np.unique(np.concatenate([[0], cuts, [blocks]])).astype(np.int64)


def _template(ray: Any, lines: Sequence[Any], offsets: Any, config: DedupConfig) -> Any:
    """The template lines' keys: every block's evidence counted on the driver, in row order (in files)."""
    evidence = Evidence(
        config.template_documents, config.template_host_pages, config.min_tokens, tempfile.gettempdir()
    )
    try:
        for b, ref in enumerate(lines):
            evidence.add(int(offsets[b]), ray.get(ref))
        return evidence.template
    finally:
        evidence.close()


# -- the tasks (module-level functions, so that workers import them) --------------------------------


def _sign(
    config: DedupConfig, columns: Columns, parts: int, batch_size: int, *blocks: Any
) -> tuple[Any, ...]:
    signed: Signed = sign_block(table_of(blocks), config, columns, parts, batch_size)
    partitions = [(signed.keys[p], signed.rows[p], signed.ids[p]) for p in range(parts)]
    return (len(signed.tokens), (signed.tokens, signed.host), signed.lines, *partitions)


def _bucket(offsets: Any, max_bucket: int, starts: Any, *parts: Any) -> tuple[Any, ...]:
    packed, weight = bucket_pairs([p[0] for p in parts], [p[1] for p in parts], offsets, max_bucket)
    target = np.searchsorted(starts, packed >> np.int64(32), side="right") - 1
    order = np.argsort(target, kind="stable")
    bounds = np.searchsorted(target[order], np.arange(len(starts)))
    pieces = [(packed[order[a:b]], weight[order[a:b]]) for a, b in pairwise(bounds)]
    return (repeated_id([p[2] for p in parts]), *pieces)


def _group(where: tuple[str, int, Any, int, int], args: Sequence[Any]) -> tuple[Group, Any, Sequence[Any]]:
    """The group of blocks the arguments of a group task name, the starts of every group, and the rest."""
    text, start, starts, blocks, units = where
    infos = args[blocks : blocks + units]
    return Group.of(args[:blocks], text, start, infos), starts, args[blocks + units :]


def _rank(limit: int, where: tuple[str, int, Any, int, int], *args: Any) -> Any:
    group, starts, pieces = _group(where, args)
    pairs = best_candidates([p[0] for p in pieces], [p[1] for p in pieces], limit)
    out = with_new_texts(pairs, group, starts)
    return out[0] if len(out) == 1 else tuple(out)


def _verify(config: DedupConfig, template: Any, where: tuple[str, int, Any, int, int], *args: Any) -> Any:
    group, _, pieces = _group(where, args)
    return verify(pieces, group, config, template)


def _take_docs(info: Any, rows: Any, columns: Columns, *blocks: Any) -> tuple[Any, ...]:
    return take_docs(table_of(blocks), info, rows, columns)


def _take_texts(_: Any, rows: Any, columns: Columns, *blocks: Any) -> list[Any]:
    pa = require("pyarrow", "ray")
    texts: list[Any] = table_of(blocks).column(columns.text).take(pa.array(rows)).to_pylist()
    return texts


def _mark(offset: int, assigned: Any, columns: tuple[str, ...], *blocks: Any) -> Any:
    return mark(table_of(blocks), offset, assigned, columns)
