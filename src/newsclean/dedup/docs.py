"""Where the deduplicator keeps what it knows of each document: in memory, or only in the index file.

Both tables answer the same questions (how many documents, the sequence number of
an id and the id of a number, the canonical rule's inputs, the body, the site, the
candidate pairs, a verified pair's score); :class:`ResidentDocs` keeps ids, dates,
token counts, site keys and candidate pairs in memory (about 160 bytes per
document with a short id, plus 16 per candidate pair) and bodies in a temporary
file or the index file; :class:`StoredDocs` keeps nothing per document in memory
and reads everything back from the index file, one indexed lookup per question.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence

import numpy as np
import numpy.typing as npt

from newsclean.dedup.cluster import Member
from newsclean.dedup.ids import Key
from newsclean.dedup.store import SQLiteStore
from newsclean.dedup.texts import TextSpill

#: One new document: (key of its id, published, tokens, body, host key).
NewDoc = tuple[Key, str | None, int, str, int]
I64 = npt.NDArray[np.int64]


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


class _Pairs:
    """Candidate pairs in memory: one sorted array per batch (a batch's pairs are its documents' own)."""

    def __init__(self) -> None:
        self._firsts: list[int] = []  # first document of each batch
        self._chunks: list[I64] = []  # each batch's pairs, sorted by (new, old)

    def add(self, first: int, pairs: I64) -> None:
        self._firsts.append(first)
        self._chunks.append(pairs.reshape(-1, 2).astype(np.int64))

    def since(self, first: int) -> Iterator[tuple[int, int]]:
        for chunk in self._chunks:
            if len(chunk) and chunk[-1, 0] >= first:
                yield from ((new, old) for new, old in chunk[chunk[:, 0] >= first].tolist())

    def of(self, seqs: Sequence[int]) -> list[tuple[int, int]]:
        found: list[tuple[int, int]] = []
        for seq in sorted(seqs):
            k = int(np.searchsorted(self._firsts, seq, side="right")) - 1
            if k < 0:
                continue
            chunk = self._chunks[k]
            a, b = np.searchsorted(chunk[:, 0], [seq, seq + 1])
            found += [(new, old) for new, old in chunk[a:b].tolist()]
        return found


class ResidentDocs:
    """Ids, dates, token counts, sites and pairs in memory; bodies in ``store`` if given, else a temporary file."""

    def __init__(self, store: SQLiteStore | None) -> None:
        self._store = store
        self._spill = TextSpill() if store is None else None
        self._ids: list[Key] = []
        self._seq_by_id: dict[Key, int] = {}
        self._hosts = array("Q")
        self.members = _Members()
        self._scores: dict[tuple[int, int], float] = {}
        self._pairs = _Pairs()

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

    def host(self, seq: int) -> int:
        return self._hosts[seq]

    def tokens(self, seq: int) -> int:
        """Document ``seq``'s number of words."""
        return self.members.tokens[seq]

    def append(self, docs: Sequence[NewDoc]) -> None:
        """Take the next documents in sequence order (their rows are written to the store by the caller)."""
        for doc_id, published, tokens, body, host in docs:
            self._seq_by_id[doc_id] = len(self._ids)
            self._ids.append(doc_id)
            self.members.append(published, tokens)
            self._hosts.append(host)
            if self._spill is not None:
                self._spill.append(body)

    def add_pairs(self, first: int, pairs: I64) -> None:
        """Keep the candidate pairs of the documents from ``first`` on (written to the store by the caller)."""
        self._pairs.add(first, pairs)

    def pairs(self, since: int) -> Iterable[tuple[int, int]]:
        """The candidate pairs of the documents from ``since`` on, in order."""
        return self._pairs.since(since)

    def pairs_of(self, seqs: Sequence[int]) -> list[tuple[int, int]]:
        """The candidate pairs of the documents ``seqs`` (as the later one), in order."""
        return self._pairs.of(seqs)

    def score(self, new: int, old: int) -> float | None:
        """The recorded score of the verified pair ``(new, old)`` (either order), if it is one."""
        return self._scores.get((max(new, old), min(new, old)))

    def record_score(self, new: int, old: int, score: float) -> None:
        self._scores[(max(new, old), min(new, old))] = score

    def forget_scores(self, seqs: Iterable[int]) -> None:
        """Drop the recorded scores of pairs of ``seqs`` (their verdicts are being revisited)."""
        gone = set(seqs)
        self._scores = {
            pair: s for pair, s in self._scores.items() if pair[0] not in gone and pair[1] not in gone
        }

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
        if not 0 <= seq < len(self):  # past the end: the end of the sequence, not a damaged index
            raise IndexError(f"no document {seq}: the index holds {len(self)}")
        published, tokens = self._store.member(seq)
        return Member(seq, published, tokens)


class StoredDocs:
    """Everything in the index file ``store``; nothing per document in memory.

    The caller writes each batch's rows to the store before :meth:`append`, in the
    transaction that adds it, so the lookups see them.
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

    def host(self, seq: int) -> int:
        return self._store.host(seq)

    def tokens(self, seq: int) -> int:
        """Document ``seq``'s number of words."""
        return self._store.member(seq)[1]

    def append(self, docs: Sequence[NewDoc]) -> None:
        self._count += len(docs)

    def reset(self, count: int) -> None:
        """Take ``count`` as the number of documents (as read in the snapshot the index was loaded in)."""
        self._count = count

    def add_pairs(self, first: int, pairs: I64) -> None:
        """Nothing to do: the caller writes the pairs to the store."""

    def pairs(self, since: int) -> Iterable[tuple[int, int]]:
        return self._store.pairs(since, self._count)

    def pairs_of(self, seqs: Sequence[int]) -> list[tuple[int, int]]:
        return self._store.pairs_of(seqs, self._count)

    def score(self, new: int, old: int) -> float | None:
        return self._store.edge_score(max(new, old), min(new, old))

    def record_score(self, new: int, old: int, score: float) -> None:
        """Nothing to do: the pair's score is in the store's edges."""

    def forget_scores(self, seqs: Iterable[int]) -> None:
        """Nothing to do: the store's edges are rewritten."""

    def close(self) -> None:
        """Nothing to release: the store is closed by its owner."""
