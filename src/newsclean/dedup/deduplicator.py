"""The deduplicator: signatures, index, template evidence, verification and clusters wired together."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import numpy as np
import numpy.typing as npt
import regex

from newsclean.dedup.cluster import Cluster, UnionFind, build_clusters
from newsclean.dedup.config import DedupConfig
from newsclean.dedup.disk_index import DiskLSHIndex
from newsclean.dedup.docs import NewDoc, ResidentDocs, StoredDocs
from newsclean.dedup.evidence import DocLines, Evidence
from newsclean.dedup.ids import DocumentIdError, Key, id_key, id_value
from newsclean.dedup.index import LSHIndex
from newsclean.dedup.index_guard import LOCK_TIMEOUT, DedupIndexError, damaged
from newsclean.dedup.signature import MinHasher
from newsclean.dedup.store import SQLiteStore
from newsclean.dedup.verdicts import Verdicts
from newsclean.dedup.verify import Explanation
from newsclean.errors import NewscleanError

#: Lone surrogates: UTF-8 cannot carry them to the temporary file or the index.
_SURROGATE = regex.compile(r"[\ud800-\udfff]")

#: A document waiting for its batch: (key of its id, body, published, page, url).
_Pending = tuple[Key, str, str | None, str | None, str | None]


class UnknownDocumentError(NewscleanError, KeyError):
    """An id that was never added to the deduplicator."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class Assignment:
    """Where one document landed.

    ``cluster_id`` is shared by the members of a cluster of two or more (the
    sequence number of its first-seen member) and ``None`` for a unique document;
    ``duplicate_of`` is the id of the cluster's canonical member (``None`` for the
    canonical member itself and for unique documents); ``similarity`` is the
    verification score against the canonical member (1.0 for it, ``None`` for
    unique documents).
    """

    doc_id: object
    cluster_id: int | None
    duplicate_of: object
    similarity: float | None

    def to_dict(self) -> dict[str, object]:
        """The three output fields."""
        return {
            "cluster_id": self.cluster_id,
            "duplicate_of": self.duplicate_of,
            "similarity": self.similarity,
        }


@dataclass
class DedupStats:
    """The work done so far, counted (not timed), for checking the bound on work per document.

    ``candidates`` is the number of candidate pairs the index returned (at most
    ``max_candidates`` per document), ``scored`` how many of them were verified (a
    candidate already in the document's cluster is not), ``canonical_checks`` the
    extra verifications of two clusters' canonical members before joining them.
    So ``scored + canonical_checks <= 2 * candidates <= 2 * max_candidates * documents``
    (more only where new template evidence made earlier verdicts be verified again).
    """

    documents: int = 0
    candidates: int = 0
    scored: int = 0
    canonical_checks: int = 0


class Deduplicator:
    """Finds copies among the documents added to it, and against an index file's documents if given.

    Add documents (``add``/``add_many``; an id is any JSON value, ``5`` and ``"5"``
    being two ids (see :mod:`newsclean.dedup.ids`); ids must be unique: adding an id
    again is a no-op, which makes re-running a batch idempotent), then ask for
    ``assignment``/``assignments``, ``clusters`` or ``explain``. Documents are
    signed, indexed and counted as evidence in batches of ``config.batch_size``;
    the verdicts are reached when results are asked for, with the template
    evidence of every document added so far (:mod:`newsclean.dedup.evidence`), and
    revisited when later documents show a line to be template. ``stats`` counts
    the work done.

    Memory: by default the deduplicator keeps, per document, its id (in a list
    and a dict), date, token count, site and cluster columns (about 60 bytes
    besides the id), its band keys in the LSH index (8 bytes per band: 512 bytes
    with the defaults), its candidate pairs (16 bytes each) and its lines' evidence
    (about 30 bytes per line); bodies go to a temporary file (or the index file).
    With ``low_memory=True`` the band keys and the evidence go to temporary files
    and everything else to the SQLite index (``index_path``, or a temporary one):
    what stays in memory is one batch, seven 32-bit columns by sequence number
    (28 bytes per document) and the template lines (8 bytes each). Results are
    the same either way.

    >>> story = "\\n".join(f"Paragraph {i} of the story says something about event {i}." for i in range(8))
    >>> with Deduplicator() as dedup:
    ...     dedup.add_many([("a", story, "2024-01-02"), ("b", "NEW TITLE\\n" + story, "2024-01-01"),
    ...                     ("c", story.replace("event", "matter").upper()[::-1], None)])
    ...     for doc_id in "abc":
    ...         print(dedup.assignment(doc_id).to_dict())
    {'cluster_id': 0, 'duplicate_of': 'b', 'similarity': 1.0}
    {'cluster_id': 0, 'duplicate_of': None, 'similarity': 1.0}
    {'cluster_id': None, 'duplicate_of': None, 'similarity': None}
    """

    def __init__(
        self,
        config: DedupConfig | None = None,
        index_path: str | Path | None = None,
        low_memory: bool = False,
        lock_timeout: float = LOCK_TIMEOUT,
        on_wait: Callable[[], None] | None = None,
    ) -> None:
        self.config = config or DedupConfig()
        c = self.config
        self.hasher = MinHasher(c.num_perm, c.shingle_size, c.seed)
        self.index: LSHIndex = (
            DiskLSHIndex(c.bands, c.rows, c.max_bucket)
            if low_memory
            else LSHIndex(c.bands, c.rows, c.max_bucket)
        )
        self.evidence = Evidence(
            c.template_documents,
            c.template_host_pages,
            c.min_tokens,
            tempfile.gettempdir() if low_memory else None,
        )
        self.stats = DedupStats()
        self._pending: list[_Pending] = []
        self._pending_ids: dict[Key, int] = {}  # id -> sequence number it will get
        self._failed: BaseException | None = None  # a batch that failed part way
        self._adding_done = False
        self._cluster_list: list[Cluster] | None = None
        self._index_path = index_path
        self._store = (
            SQLiteStore(index_path, self.config, lock_timeout, on_wait)
            if index_path is not None or low_memory
            else None
        )
        self._docs: ResidentDocs | StoredDocs = (
            StoredDocs(self._store) if low_memory and self._store is not None else ResidentDocs(self._store)
        )
        self._verdicts = Verdicts(self.config, self._docs, self.evidence, self.hasher.shingler, self._store)
        self._clustering = self._verdicts.clustering
        self.verifier = self._verdicts.verifier
        if self._store is not None:
            try:
                self._load()
            except BaseException:
                self._close(settle=False)  # what was read is incomplete: nothing to settle
                raise

    @property
    def sets(self) -> UnionFind:
        """The union-find of the clusters."""
        return self._clustering.sets

    # -- adding -----------------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._docs) + len(self._pending)

    def __contains__(self, doc_id: object) -> bool:
        try:
            key = id_key(doc_id)
        except DocumentIdError:
            return False
        return key in self._pending_ids or self._docs.seq(key) is not None

    def seq(self, doc_id: object) -> int:
        """The sequence number of ``doc_id``: its position in the order documents were added (0 is first).

        Unlike the results, this does not process pending documents.
        """
        key = id_key(doc_id)
        pending = self._pending_ids.get(key)
        seq = self._docs.seq(key) if pending is None else pending
        if seq is None:
            raise UnknownDocumentError(f"no document with id {doc_id!r} was added: add it first")
        return seq

    def add(
        self,
        doc_id: object,
        text: str,
        published: str | None = None,
        page: str | None = None,
        url: str | None = None,
    ) -> None:
        """Add one document (its cleaned body). An id seen before is ignored.

        ``page``: the full text the body was cleaned from, if any (its furniture is
        the best evidence of what is template); ``url``: the page's address (its
        host names the site; a URL given twice is one page fetched twice).

        Raises :class:`~newsclean.dedup.ids.DocumentIdError` for an id that is not a JSON
        value and ``TypeError`` for a text, date, page or URL that is not a string, before
        anything is added.
        """
        self._check_usable()
        if self._adding_done:
            raise DedupIndexError(
                "no document can be added after done_adding(): open the index again to add more"
            )
        key = id_key(doc_id)
        for what, value in (("text", text), ("date", published), ("page", page), ("URL", url)):
            if not isinstance(value, str) and (value is not None or what == "text"):
                raise TypeError(
                    f"the {what} of document {doc_id!r} is {type(value).__name__}, expected a string"
                )
        if key in self._pending_ids or self._docs.seq(key) is not None:
            return
        self._pending_ids[key] = len(self)
        self._pending.append((key, _storable(text), _optional(published), _optional(page), _optional(url)))
        if len(self._pending) >= self.config.batch_size:
            self.flush()

    def add_many(self, docs: Iterable[tuple[object, str, str | None]]) -> None:
        """Add ``(doc_id, text, published)`` triples."""
        for doc_id, text, published in docs:
            self.add(doc_id, text, published)

    def flush(self) -> None:
        """Sign, index and count the pending documents (and, with an index file, commit them).

        A batch that fails part way (the index file locked or full, memory running out) leaves
        the deduplicator unusable: every later call raises
        :class:`~newsclean.dedup.index_guard.DedupIndexError`, and the index file holds the last
        complete batch.
        """
        self._check_usable()
        if not self._pending:
            return
        try:
            self._flush()
        except BaseException as error:
            self._failed = error
            raise

    def done_adding(self) -> None:
        """Process the pending documents and reach their verdicts (written to the index file), then let
        another process write the index file (results can still be asked for; no document can be added
        any more)."""
        self._settle()
        self._adding_done = True
        if self._store is not None:
            self._store.release_lock()

    def _check_usable(self) -> None:
        if self._failed is not None:
            raise DedupIndexError(
                f"a batch of documents failed part way ({type(self._failed).__name__}: {self._failed}), so the "
                "results would be incomplete: start again (an index file holds the last complete batch)"
            ) from self._failed

    def _flush(self) -> None:
        batch, self._pending, self._pending_ids = self._pending, [], {}
        first = len(self._docs)
        texts = [text for _, text, _, _, _ in batch]
        shingles = self.hasher.shingler.shingle(texts, lines=True)
        assert shingles.lines is not None
        tokens = shingles.token_counts
        eligible = np.flatnonzero(tokens >= self.config.min_tokens)
        signatures = self.hasher.from_shingles(shingles)[eligible]
        seqs = eligible.astype(np.int64) + first
        pairs = self.index.add(signatures, seqs, limit=self.config.max_candidates)
        lines = DocLines.read(
            texts,
            [page for _, _, _, page, _ in batch],
            [url for _, _, _, _, url in batch],
            self.hasher.shingler,
            shingles.lines,
        )
        self.stats.documents += len(batch)
        self.stats.candidates += len(pairs)
        new: list[NewDoc] = [
            (doc_id, published, int(tokens[i]), text, int(lines.host[i]))
            for i, (doc_id, text, published, _, _) in enumerate(batch)
        ]
        self._cluster_list = None
        counted = self.evidence.add(first, lines)
        if self._store is None:
            self._take(first, new, pairs)
        else:
            with self._store.transaction():
                self._store.add_docs(
                    [
                        (first + i, doc_id, published, n, text, host, lines.encode(i))
                        for i, (doc_id, published, n, text, host) in enumerate(new)
                    ],
                    {int(s): sig for s, sig in zip(seqs, signatures, strict=True)},
                )
                self._store.add_pairs([(new, old) for new, old in pairs.tolist()])
                self._take(first, new, pairs)
        self._verdicts.count(first, counted)

    def _take(self, first: int, new: Sequence[NewDoc], pairs: npt.NDArray[np.int64]) -> None:
        self._docs.append(new)
        self._docs.add_pairs(first, pairs)
        self._clustering.grow(len(self._docs))
        self._clustering.link(pairs.tolist())

    def _load(self) -> None:
        """Read an index file back: documents, band keys, evidence (counted again), pairs and clusters."""
        assert self._store is not None
        with self._store.snapshot():  # the documents and the pairs between them, as of one moment
            self._load_snapshot(self._store)

    def _load_snapshot(self, store: SQLiteStore) -> None:
        settled = store.settled()
        chunk_seqs: list[int] = []
        chunk_sigs: list[np.ndarray] = []
        lines: list[bytes] = []
        resident = self._docs if isinstance(self._docs, ResidentDocs) else None
        count = 0
        for doc in store.docs():
            count += 1
            if resident is not None:
                resident.append([(doc.doc_id, doc.published, doc.tokens, "", doc.host)])
            if doc.signature is not None:
                chunk_seqs.append(doc.seq)
                chunk_sigs.append(doc.signature)
            if len(chunk_seqs) >= self.config.batch_size:
                self.index.add(np.stack(chunk_sigs), np.array(chunk_seqs, dtype=np.int64))
                chunk_seqs, chunk_sigs = [], []
            lines.append(doc.lines)
            if len(lines) >= self.config.batch_size or doc.seq + 1 == settled:
                self._count(doc.seq + 1 - len(lines), lines, settled)
                lines = []
        if chunk_seqs:
            self.index.add(np.stack(chunk_sigs), np.array(chunk_seqs, dtype=np.int64))
        if isinstance(self._docs, StoredDocs):
            self._docs.reset(count)  # the count read with the rows, in the same snapshot
        if settled > count:
            raise damaged(store.path, f"its clusters account for {settled} documents of {count}")
        if lines:
            self._count(count - len(lines), lines, settled)
        if resident is not None:
            stored = np.array(list(store.pairs(0, count)), dtype=np.int64).reshape(-1, 2)
            resident.add_pairs(0, stored)
        self._clustering.grow(len(self._docs))
        self._clustering.link(self._docs.pairs(0))
        for a, b, score in store.edges(count):
            self._clustering.join(a, b)
            self._docs.record_score(a, b, score)
        self._verdicts.settled = settled

    def _count(self, first: int, blobs: list[bytes], settled: int) -> None:
        """Count stored documents as evidence again; note the settled ones that later ones touch."""
        counted = self.evidence.add(first, DocLines.decode(blobs))
        self._verdicts.count(first, counted, settled if first >= settled else 0)

    # -- results ----------------------------------------------------------------------------------------

    def _seq(self, doc_id: object) -> int:
        self._settle()
        return self.seq(doc_id)

    def _settle(self) -> None:
        self.flush()
        if self._verdicts.pending:
            try:
                self._verdicts.settle()
            except BaseException as error:  # the clusters are half replayed: unusable, not inconsistent
                self._failed = error
                raise
            self.stats.scored = self._clustering.scored
            self.stats.canonical_checks = self._clustering.canonical_checks
            self._cluster_list = None

    def clusters(self) -> list[Cluster]:
        """Every cluster of two or more copies, ordered by cluster id."""
        self._settle()
        if self._cluster_list is None:
            by_seq = build_clusters(self.sets, self._docs.members)
            unique = {c.cluster_id: c for c in by_seq.values()}
            self._cluster_list = [unique[k] for k in sorted(unique)]
        return self._cluster_list

    def assignment(self, doc_id: object) -> Assignment:
        """The cluster, canonical member and similarity of one document (``duplicate_of`` is
        the canonical member's id as it was added)."""
        seq = self._seq(doc_id)
        root = self.sets.find(seq)
        if self.sets.size(root) < 2:
            return Assignment(doc_id, None, None, None)
        canonical, cluster_id = self._clustering.canon[root], self._clustering.first[root]
        if canonical == seq:
            return Assignment(doc_id, cluster_id, None, 1.0)
        score = self._docs.score(seq, canonical)
        if score is None:
            score = self._verdicts.judge(seq, canonical)
            self._docs.record_score(seq, canonical, score)
        return Assignment(doc_id, cluster_id, id_value(self._docs.doc_id(canonical)), round(score, 4))

    def assignments(self, doc_ids: Iterable[object]) -> list[Assignment]:
        """:meth:`assignment` for each id."""
        return [self.assignment(doc_id) for doc_id in doc_ids]

    def explain(self, a: object, b: object) -> Explanation:
        """Which paragraphs of documents ``a`` and ``b`` matched (and which were template), the score and the verdict."""
        seq_a, seq_b = self._seq(a), self._seq(b)
        body_a, body_b = self._docs.body(seq_a), self._docs.body(seq_b)
        mask_a, mask_b = self._verdicts.content(seq_a, body_a)[0], self._verdicts.content(seq_b, body_b)[0]
        return self.verifier.explain(body_a, body_b, mask_a, mask_b)

    def close(self) -> None:
        """Process pending documents (and, with an index file, reach their verdicts), then release everything."""
        self._close(settle=self._index_path is not None)

    def _close(self, settle: bool) -> None:
        try:
            if self._failed is None:
                self.flush()
                if settle:
                    self._settle()
        finally:
            self._docs.close()
            if self._store is not None:
                self._store.close()
            self.index.close()
            self.evidence.close()

    def __enter__(self) -> Deduplicator:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        if kind is None:
            self.close()
        else:  # do not commit a half-processed batch on an error
            self._pending = []
            self._close(settle=False)


def _storable(text: str) -> str:
    """``text`` with its lone surrogates (which UTF-8 cannot carry) read as U+FFFD."""
    if text.isascii() or _SURROGATE.search(text) is None:
        return text
    return str(_SURROGATE.sub("\ufffd", text))


def _optional(text: str | None) -> str | None:
    return None if text is None else _storable(text)
