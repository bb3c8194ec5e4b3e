"""Where the deduplicator keeps what it knows of each document: in memory, or only in the index file.

Both tables answer the same questions (how many documents, the sequence number of
an id and the id of a number, the canonical rule's inputs, the body, a verified
pair's score); :class:`ResidentDocs` keeps ids, dates and token counts in memory
(about 150 bytes per document with a short id) and bodies in a temporary file or
the index file; :class:`StoredDocs` keeps nothing per document in memory and reads
everything back from the index file, one indexed lookup per question.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence

from newsclean.dedup.cluster import Member
from newsclean.dedup.ids import Key
from newsclean.dedup.store import SQLiteStore
from newsclean.dedup.texts import TextSpill

#: One new document: (key of its id, published, tokens, body).
NewDoc = tuple[Key, str | None, int, str]


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


class ResidentDocs:
    """Ids, dates and token counts in memory; bodies in ``store`` if given, else in a temporary file."""

    def __init__(self, store: SQLiteStore | None) -> None:
        self._store = store
        self._spill = TextSpill() if store is None else None
        self._ids: list[Key] = []
        self._seq_by_id: dict[Key, int] = {}
        self.members = _Members()
        self._scores: dict[tuple[int, int], float] = {}

    def __len__(self) -> int:
        return len(self._ids)

    def seq(self, doc_id: Key) -> int | None:
        """The sequence number of ``doc_id``, or ``None`` when it is not here."""
        return self._seq_by_id.get(doc_id)

    def doc_id(self, seq: int) -> Key:
        return self._ids[seq]

    def body(self, seq: int) -> str:
        if self._store is not None:
            return self._store.body(seq)
        assert self._spill is not None
        return self._spill.get(seq)

    def append(self, docs: Sequence[NewDoc]) -> None:
        """Take the next documents in sequence order (their rows are written to the store by the caller)."""
        for doc_id, published, tokens, body in docs:
            self._seq_by_id[doc_id] = len(self._ids)
            self._ids.append(doc_id)
            self.members.append(published, tokens)
            if self._spill is not None:
                self._spill.append(body)

    def score(self, new: int, old: int) -> float | None:
        """The recorded score of the verified pair ``(new, old)`` (either order), if it is one."""
        return self._scores.get((max(new, old), min(new, old)))

    def record_score(self, new: int, old: int, score: float) -> None:
        self._scores[(max(new, old), min(new, old))] = score

    def close(self) -> None:
        if self._spill is not None:
            self._spill.close()


class _StoredMembers(Sequence[Member]):
    def __init__(self, store: SQLiteStore, size: ResidentDocs | StoredDocs) -> None:
        self._store = store
        self._size = size

    def __len__(self) -> int:
        return len(self._size)

    def __getitem__(self, seq: int) -> Member:  # type: ignore[override]
        published, tokens = self._store.member(seq)
        return Member(seq, published, tokens)


class StoredDocs:
    """Everything in the index file ``store``; nothing per document in memory.

    The caller writes each batch's rows to the store before :meth:`append`, in the
    transaction that verifies it, so the lookups see them.
    """

    def __init__(self, store: SQLiteStore) -> None:
        self._store = store
        self._count = store.count()
        self.members = _StoredMembers(store, self)

    def __len__(self) -> int:
        return self._count

    def seq(self, doc_id: Key) -> int | None:
        """The sequence number of ``doc_id``, or ``None`` when it is not in the index."""
        return self._store.seq_of(doc_id)

    def doc_id(self, seq: int) -> Key:
        return self._store.doc_id(seq)

    def body(self, seq: int) -> str:
        return self._store.body(seq)

    def append(self, docs: Sequence[NewDoc]) -> None:
        self._count += len(docs)

    def reset(self, count: int) -> None:
        """Take ``count`` as the number of documents (as read in the snapshot the index was loaded in)."""
        self._count = count

    def score(self, new: int, old: int) -> float | None:
        return self._store.edge_score(max(new, old), min(new, old))

    def record_score(self, new: int, old: int, score: float) -> None:
        """Nothing to do: the pair's score is in the store's edges."""

    def close(self) -> None:
        """Nothing to release: the store is closed by its owner."""
