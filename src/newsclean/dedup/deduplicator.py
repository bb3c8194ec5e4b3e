"""The deduplicator: signatures, index, verification and clusters wired together, in one object."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import numpy as np

from newsclean.dedup.cluster import Cluster, Member, UnionFind, build_clusters, canonical_key
from newsclean.dedup.config import DedupConfig
from newsclean.dedup.index import LSHIndex
from newsclean.dedup.signature import MinHasher
from newsclean.dedup.store import SQLiteStore
from newsclean.dedup.texts import TextSpill
from newsclean.dedup.verify import Explanation, Verifier
from newsclean.errors import NewscleanError


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

    doc_id: str
    cluster_id: int | None
    duplicate_of: str | None
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


class _Members(Sequence[Member]):
    """The canonical rule's inputs of every document, as two compact columns (no object per document)."""

    def __init__(self) -> None:
        self.published: list[str | None] = []
        self.tokens = array("i")

    def append(self, published: str | None, tokens: int) -> None:
        self.published.append(published)
        self.tokens.append(tokens)

    def __len__(self) -> int:
        return len(self.tokens)

    def __getitem__(self, seq: int) -> Member:  # type: ignore[override]
        return Member(seq, self.published[seq], self.tokens[seq])

    def __iter__(self) -> Iterator[Member]:
        return (self[seq] for seq in range(len(self)))


class Deduplicator:
    """Finds copies among the documents added to it, and against an index file's documents if given.

    Add documents (``add``/``add_many``; ids must be unique: adding an id again
    is a no-op, which makes re-running a batch idempotent), then ask for
    ``assignment``/``assignments``, ``clusters`` or ``explain``. Documents are
    processed in batches of ``config.batch_size``; asking for results processes
    the pending ones. ``stats`` counts the work done.

    Memory per document: its id (in a list and a dict), its date, token count
    and union-find entry (about 30 bytes besides the id), its band keys in the
    LSH index (8 bytes per band: 512 bytes with the defaults) and an offset into
    a temporary file that holds the bodies (or the SQLite index file). Bodies and
    signatures are not kept in memory.

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

    def __init__(self, config: DedupConfig | None = None, index_path: str | Path | None = None) -> None:
        self.config = config or DedupConfig()
        c = self.config
        self.hasher = MinHasher(c.num_perm, c.shingle_size, c.seed)
        self.index = LSHIndex(c.bands, c.rows, c.max_bucket)
        self.verifier = Verifier(c.threshold, c.paragraph_threshold, c.min_tokens, c.min_paragraph_words)
        self.sets = UnionFind()
        self._ids: list[str] = []
        self._seq_by_id: dict[str, int] = {}
        self._members = _Members()
        self.stats = DedupStats()
        self._pending: list[tuple[str, str, str | None]] = []
        self._pending_ids: set[str] = set()
        self._clusters: dict[int, Cluster] | None = None
        self._cluster_list: list[Cluster] = []
        self._similarity: dict[tuple[int, int], float] = {}
        self._canonical: dict[int, int] = {}  # union-find root -> canonical member of its cluster
        self._store: SQLiteStore | None = None
        self._spill: TextSpill | None = None
        if index_path is None:
            self._spill = TextSpill()
        else:
            self._store = SQLiteStore(index_path, self.config)
            self._load()

    # -- adding -----------------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._ids) + len(self._pending)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._seq_by_id or doc_id in self._pending_ids

    def add(self, doc_id: str, text: str, published: str | None = None) -> None:
        """Add one document (its cleaned body). An id seen before is ignored."""
        if doc_id in self:
            return
        self._pending.append((doc_id, text, published))
        self._pending_ids.add(doc_id)
        if len(self._pending) >= self.config.batch_size:
            self.flush()

    def add_many(self, docs: Iterable[tuple[str, str, str | None]]) -> None:
        """Add ``(doc_id, text, published)`` triples."""
        for doc_id, text, published in docs:
            self.add(doc_id, text, published)

    def flush(self) -> None:
        """Sign, index and verify the pending documents (and, with an index file, commit them)."""
        if not self._pending:
            return
        batch, self._pending, self._pending_ids = self._pending, [], set()
        first = len(self._ids)
        texts = [text for _, text, _ in batch]
        shingles = self.hasher.shingler.shingle(texts)
        tokens = shingles.token_counts
        eligible = np.flatnonzero(tokens >= self.config.min_tokens)
        signatures = self.hasher.from_shingles(shingles)[eligible]
        seqs = eligible.astype(np.int64) + first
        pairs = self.index.add(signatures, seqs, limit=self.config.max_candidates)
        self.stats.documents += len(batch)
        self.stats.candidates += len(pairs)
        for offset, (doc_id, _, published) in enumerate(batch):
            self._seq_by_id[doc_id] = first + offset
            self._ids.append(doc_id)
            self._members.append(published, int(tokens[offset]))
        self.sets.grow(len(self._ids))
        edges = self._verify(pairs, texts, first)
        if self._spill is not None:
            for text in texts:
                self._spill.append(text)
        if self._store is not None:
            rows = [
                (first + i, doc_id, published, int(tokens[i]), text)
                for i, (doc_id, text, published) in enumerate(batch)
            ]
            with self._store.transaction():
                self._store.add_docs(rows, {int(s): sig for s, sig in zip(seqs, signatures, strict=True)})
                self._store.add_edges(edges)
        self._clusters = None

    def _verify(self, pairs: np.ndarray, texts: Sequence[str], first: int) -> list[tuple[int, int, float]]:
        """Verify candidate pairs in order; join the clusters of each copy pair whose canonicals agree.

        A pair joins two clusters only if their canonical members are copies of each
        other too (checked when they are not the pair itself). Without this, one
        document whose cleaning failed (say, only a site's comment section left)
        would chain unrelated articles that carry the same leftovers into one cluster.
        The index returns at most ``max_candidates`` candidates per new document.
        """

        def text(seq: int) -> str:
            return texts[seq - first] if seq >= first else self._body(seq)

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
            canon_new = self._canonical.get(root_new, root_new)
            canon_old = self._canonical.get(root_old, root_old)
            if (canon_new, canon_old) != (new, old):
                self.stats.canonical_checks += 1
                if self.verifier.score(text(canon_new), text(canon_old), at_least=threshold) < threshold:
                    continue
            self._join(new, old, canon_new, canon_old)
            edges.append((new, old, score))
            self._similarity[(new, old)] = self._similarity[(old, new)] = round(score, 4)
        return edges

    def _join(self, a: int, b: int, canon_a: int, canon_b: int) -> None:
        roots = (self.sets.find(a), self.sets.find(b))
        self.sets.union(a, b)
        for root in roots:
            self._canonical.pop(root, None)
        best = min(self._members[canon_a], self._members[canon_b], key=canonical_key)
        self._canonical[self.sets.find(a)] = best.seq

    def _load(self) -> None:
        assert self._store is not None
        chunk_seqs: list[int] = []
        chunk_sigs: list[np.ndarray] = []
        for doc in self._store.docs():
            self._seq_by_id[doc.doc_id] = doc.seq
            self._ids.append(doc.doc_id)
            self._members.append(doc.published, doc.tokens)
            if doc.signature is not None:
                chunk_seqs.append(doc.seq)
                chunk_sigs.append(doc.signature)
            if len(chunk_seqs) >= self.config.batch_size:
                self.index.add(np.stack(chunk_sigs), np.array(chunk_seqs, dtype=np.int64))
                chunk_seqs, chunk_sigs = [], []
        if chunk_seqs:
            self.index.add(np.stack(chunk_sigs), np.array(chunk_seqs, dtype=np.int64))
        self.sets.grow(len(self._ids))
        for a, b, _ in self._store.edges():
            canon_a = self._canonical.get(self.sets.find(a), self.sets.find(a))
            canon_b = self._canonical.get(self.sets.find(b), self.sets.find(b))
            self._join(a, b, canon_a, canon_b)

    def _body(self, seq: int) -> str:
        if self._store is not None:
            return self._store.body(seq)
        assert self._spill is not None
        return self._spill.get(seq)

    # -- results ----------------------------------------------------------------------------------------

    def _seq(self, doc_id: str) -> int:
        self.flush()
        try:
            return self._seq_by_id[doc_id]
        except KeyError:
            raise UnknownDocumentError(f"no document with id {doc_id!r} was added: add it first") from None

    def clusters(self) -> list[Cluster]:
        """Every cluster of two or more copies, ordered by cluster id."""
        self.flush()
        if self._clusters is None:
            self._clusters = build_clusters(self.sets, self._members)
            unique = {c.cluster_id: c for c in self._clusters.values()}
            self._cluster_list = [unique[k] for k in sorted(unique)]
        return self._cluster_list

    def assignment(self, doc_id: str) -> Assignment:
        """The cluster, canonical member and similarity of one document."""
        seq = self._seq(doc_id)
        self.clusters()
        assert self._clusters is not None
        cluster = self._clusters.get(seq)
        if cluster is None:
            return Assignment(doc_id, None, None, None)
        if cluster.canonical == seq:
            return Assignment(doc_id, cluster.cluster_id, None, 1.0)
        key = (seq, cluster.canonical)
        if key not in self._similarity:
            score = self.verifier.score(self._body(seq), self._body(cluster.canonical))
            self._similarity[key] = round(score, 4)
        return Assignment(doc_id, cluster.cluster_id, self._ids[cluster.canonical], self._similarity[key])

    def assignments(self, doc_ids: Iterable[str]) -> list[Assignment]:
        """:meth:`assignment` for each id."""
        return [self.assignment(doc_id) for doc_id in doc_ids]

    def explain(self, a: str, b: str) -> Explanation:
        """Which paragraphs of documents ``a`` and ``b`` matched, the score and the verdict."""
        return self.verifier.explain(self._body(self._seq(a)), self._body(self._seq(b)))

    def close(self) -> None:
        """Process pending documents, then release the index file or the temporary text store."""
        try:
            self.flush()
        finally:
            if self._store is not None:
                self._store.close()
            if self._spill is not None:
                self._spill.close()

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
