"""The deduplicator: signatures, index, verification and clusters wired together, in one object."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import numpy as np
import regex

from newsclean.dedup.cluster import Cluster, UnionFind, build_clusters, canonical_key
from newsclean.dedup.config import DedupConfig
from newsclean.dedup.disk_index import DiskLSHIndex
from newsclean.dedup.docs import NewDoc, ResidentDocs, StoredDocs
from newsclean.dedup.ids import DocumentIdError, Key, id_key, id_value
from newsclean.dedup.index import LSHIndex
from newsclean.dedup.index_guard import LOCK_TIMEOUT, DedupIndexError
from newsclean.dedup.signature import MinHasher
from newsclean.dedup.store import SQLiteStore
from newsclean.dedup.verify import Explanation, Verifier
from newsclean.errors import NewscleanError

#: Lone surrogates: UTF-8 cannot carry them to the temporary file or the index.
_SURROGATE = regex.compile(r"[\ud800-\udfff]")


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
    So ``scored + canonical_checks <= 2 * candidates <= 2 * max_candidates * documents``.
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
    processed in batches of ``config.batch_size``; asking for results processes
    the pending ones. ``stats`` counts the work done.

    Memory: by default the deduplicator keeps, per document, its id (in a list
    and a dict), date, token count and union-find entry (about 30 bytes besides
    the id) and its band keys in the LSH index (8 bytes per band: 512 bytes with
    the defaults); bodies go to a temporary file (or the index file). With
    ``low_memory=True`` the band keys go to temporary files and everything else to
    the SQLite index (``index_path``, or a temporary one): what stays in memory is
    one batch and four 32-bit columns by sequence number (union-find parent and
    size, each cluster's canonical and smallest member: 16 bytes per document);
    each batch reads the whole band index back once. Results are the same either
    way.

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
        self.verifier = Verifier(c.threshold, c.paragraph_threshold, c.min_tokens, c.min_paragraph_words)
        self.index: LSHIndex = (
            DiskLSHIndex(c.bands, c.rows, c.max_bucket)
            if low_memory
            else LSHIndex(c.bands, c.rows, c.max_bucket)
        )
        self.sets = UnionFind()
        self.stats = DedupStats()
        self._pending: list[tuple[Key, str, str | None]] = []
        self._pending_ids: dict[Key, int] = {}  # id -> sequence number it will get
        self._failed: BaseException | None = None  # a batch that failed part way
        self._adding_done = False
        self._cluster_list: list[Cluster] | None = None
        # per union-find root: the canonical member and the smallest member of its cluster
        self._canon = array("i")
        self._first = array("i")
        self._store = (
            SQLiteStore(index_path, self.config, lock_timeout, on_wait)
            if index_path is not None or low_memory
            else None
        )
        self._docs: ResidentDocs | StoredDocs = (
            StoredDocs(self._store) if low_memory and self._store is not None else ResidentDocs(self._store)
        )
        if self._store is not None:
            try:
                self._load()
            except BaseException:
                self.close()
                raise

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

    def add(self, doc_id: object, text: str, published: str | None = None) -> None:
        """Add one document (its cleaned body). An id seen before is ignored.

        Raises :class:`~newsclean.dedup.ids.DocumentIdError` for an id that is not a JSON
        value and ``TypeError`` for a text or date that is not a string, before anything
        is added.
        """
        self._check_usable()
        if self._adding_done:
            raise DedupIndexError(
                "no document can be added after done_adding(): open the index again to add more"
            )
        key = id_key(doc_id)
        if not isinstance(text, str):
            raise TypeError(f"the text of document {doc_id!r} is {type(text).__name__}, expected a string")
        if published is not None and not isinstance(published, str):
            raise TypeError(
                f"the date of document {doc_id!r} is {type(published).__name__}, expected a string"
            )
        if key in self._pending_ids or self._docs.seq(key) is not None:
            return
        self._pending_ids[key] = len(self)
        self._pending.append((key, _storable(text), None if published is None else _storable(published)))
        if len(self._pending) >= self.config.batch_size:
            self.flush()

    def add_many(self, docs: Iterable[tuple[object, str, str | None]]) -> None:
        """Add ``(doc_id, text, published)`` triples."""
        for doc_id, text, published in docs:
            self.add(doc_id, text, published)

    def flush(self) -> None:
        """Sign, index and verify the pending documents (and, with an index file, commit them).

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
        """Process the pending documents, then let another process write the index file (results can
        still be asked for; no document can be added any more)."""
        self.flush()
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
        texts = [text for _, text, _ in batch]
        shingles = self.hasher.shingler.shingle(texts)
        tokens = shingles.token_counts
        eligible = np.flatnonzero(tokens >= self.config.min_tokens)
        signatures = self.hasher.from_shingles(shingles)[eligible]
        seqs = eligible.astype(np.int64) + first
        pairs = self.index.add(signatures, seqs, limit=self.config.max_candidates)
        self.stats.documents += len(batch)
        self.stats.candidates += len(pairs)
        new: list[NewDoc] = [
            (doc_id, published, int(tokens[i]), text) for i, (doc_id, text, published) in enumerate(batch)
        ]
        self._cluster_list = None
        if self._store is None:
            self._docs.append(new)
            self._grow()
            self._verify(pairs, texts, first)
            return
        with self._store.transaction():
            self._store.add_docs(
                [
                    (first + i, doc_id, published, n, text)
                    for i, (doc_id, published, n, text) in enumerate(new)
                ],
                {int(s): sig for s, sig in zip(seqs, signatures, strict=True)},
            )
            self._docs.append(new)
            self._grow()
            self._store.add_edges(self._verify(pairs, texts, first))

    def _verify(self, pairs: np.ndarray, texts: Sequence[str], first: int) -> list[tuple[int, int, float]]:
        """Verify candidate pairs in order; join the clusters of each copy pair whose canonicals agree.

        A pair joins two clusters only if their canonical members are copies of each
        other too (checked when they are not the pair itself). Without this, one
        document whose cleaning failed (say, only a site's comment section left)
        would chain unrelated articles that carry the same leftovers into one cluster.
        The index returns at most ``max_candidates`` candidates per new document.
        """

        def text(seq: int) -> str:
            return texts[seq - first] if seq >= first else self._docs.body(seq)

        edges: list[tuple[int, int, float]] = []
        threshold = self.config.threshold
        for new, old in pairs.tolist():
            root_new, root_old = self.sets.find(new), self.sets.find(old)
            if root_new == root_old:
                continue
            self.stats.scored += 1
            score = self.verifier.score(text(new), text(old), at_least=threshold)
            if score < threshold:
                continue
            canon_new, canon_old = self._canon[root_new], self._canon[root_old]
            if (canon_new, canon_old) != (new, old):
                self.stats.canonical_checks += 1
                if self.verifier.score(text(canon_new), text(canon_old), at_least=threshold) < threshold:
                    continue
            self._join(new, old)
            edges.append((new, old, score))
            self._docs.record_score(new, old, score)
        return edges

    def _grow(self) -> None:
        """Make room in the union-find and the per-root columns for every document taken so far."""
        start, size = len(self._canon), len(self._docs)
        self.sets.grow(size)
        self._canon.extend(range(start, size))
        self._first.extend(range(start, size))

    def _join(self, a: int, b: int) -> None:
        roots = (self.sets.find(a), self.sets.find(b))
        canon_a, canon_b = self._canon[roots[0]], self._canon[roots[1]]
        smallest = min(self._first[roots[0]], self._first[roots[1]])
        self.sets.union(a, b)
        members = self._docs.members
        root = self.sets.find(a)
        self._canon[root] = min(members[canon_a], members[canon_b], key=canonical_key).seq
        self._first[root] = smallest

    def _load(self) -> None:
        assert self._store is not None
        with self._store.snapshot():  # the documents and the pairs between them, as of one moment
            self._load_snapshot(self._store)

    def _load_snapshot(self, store: SQLiteStore) -> None:
        chunk_seqs: list[int] = []
        chunk_sigs: list[np.ndarray] = []
        resident = self._docs if isinstance(self._docs, ResidentDocs) else None
        count = 0
        for doc in store.docs():
            count += 1
            if resident is not None:
                resident.append([(doc.doc_id, doc.published, doc.tokens, "")])
            if doc.signature is not None:
                chunk_seqs.append(doc.seq)
                chunk_sigs.append(doc.signature)
            if len(chunk_seqs) >= self.config.batch_size:
                self.index.add(np.stack(chunk_sigs), np.array(chunk_seqs, dtype=np.int64))
                chunk_seqs, chunk_sigs = [], []
        if chunk_seqs:
            self.index.add(np.stack(chunk_sigs), np.array(chunk_seqs, dtype=np.int64))
        if isinstance(self._docs, StoredDocs):
            self._docs.reset(count)  # the count read with the rows, in the same snapshot
        self._grow()
        for a, b, _ in store.edges(count):
            self._join(a, b)

    # -- results ----------------------------------------------------------------------------------------

    def _seq(self, doc_id: object) -> int:
        self.flush()
        return self.seq(doc_id)

    def clusters(self) -> list[Cluster]:
        """Every cluster of two or more copies, ordered by cluster id."""
        self.flush()
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
        canonical, cluster_id = self._canon[root], self._first[root]
        if canonical == seq:
            return Assignment(doc_id, cluster_id, None, 1.0)
        score = self._docs.score(seq, canonical)
        if score is None:
            score = self.verifier.score(self._docs.body(seq), self._docs.body(canonical))
            self._docs.record_score(seq, canonical, score)
        return Assignment(doc_id, cluster_id, id_value(self._docs.doc_id(canonical)), round(score, 4))

    def assignments(self, doc_ids: Iterable[object]) -> list[Assignment]:
        """:meth:`assignment` for each id."""
        return [self.assignment(doc_id) for doc_id in doc_ids]

    def explain(self, a: object, b: object) -> Explanation:
        """Which paragraphs of documents ``a`` and ``b`` matched, the score and the verdict."""
        return self.verifier.explain(self._docs.body(self._seq(a)), self._docs.body(self._seq(b)))

    def close(self) -> None:
        """Process pending documents, then release the index file and the temporary files."""
        try:
            if self._failed is None:
                self.flush()
        finally:
            self._docs.close()
            if self._store is not None:
                self._store.close()
            self.index.close()

    def __enter__(self) -> Deduplicator:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        if kind is None:
            self.close()
        else:  # do not commit a half-processed batch on an error
            self._pending = []
            self.close()


def _storable(text: str) -> str:
    """``text`` with its lone surrogates (which UTF-8 cannot carry) read as U+FFFD."""
    if text.isascii() or _SURROGATE.search(text) is None:
        return text
    return str(_SURROGATE.sub("\ufffd", text))
