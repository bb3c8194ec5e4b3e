"""The driver's part of :func:`newsclean.ray.dedup_dataset`: the verified pairs replayed into clusters.

The pairs come in the order the single-machine deduplicator meets them (by new document,
then earlier one) and follow its rule (:mod:`newsclean.dedup.replay`): a pair joins two
clusters only if their canonical members are copies too. A verified pair's score is the
verification's; the few other scores the rule asks for are judged here, with the two texts
read from their blocks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from newsclean.dedup import Member, UnionFind, choose_canonical
from newsclean.dedup.cluster import canonical_key
from newsclean.integrations.ray_dedup_blocks import Judge


@dataclass(frozen=True)
class Doc:
    """What the replay needs of a document: its id, what the canonical rule reads, its host key."""

    doc_id: Any
    member: Member
    host: int


class Scores:
    """The scores the replay asks for: a verified pair's from the verification, any other judged on the
    driver, with the two texts read by ``texts`` (sequence numbers to texts) from their blocks (a canonical
    check, a member's similarity to a canonical member it was not verified against: a few per cluster at most)."""

    def __init__(
        self,
        texts: Callable[[list[int]], dict[int, str]],
        docs: Mapping[int, Doc],
        judge: Judge,
        edges: list[tuple[int, int, float]],
    ) -> None:
        self._texts, self._docs, self._judge = texts, docs, judge
        self._known = {(new, old): score for new, old, score in edges}

    def __call__(self, a: int, b: int, exact: bool = False) -> float:
        """The score of documents ``a`` and ``b`` (``exact``: even below the threshold)."""
        known = self._known.get((max(a, b), min(a, b)))
        if known is not None:  # verified, so at least the threshold: the verifier did not stop early
            return known
        texts = self._texts(sorted({a, b}))
        x, y = self._docs[a], self._docs[b]
        return self._judge(texts[a], x.member.tokens, x.host, texts[b], y.member.tokens, y.host, exact)


def replay(
    edges: list[tuple[int, int, float]], docs: Mapping[int, Doc], score: Scores, threshold: float
) -> dict[int, tuple[int, Any, float]]:
    """Replay the verified pairs in (new, old) order, as ``Deduplicator`` meets them; then the clusters."""
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
                out[seq] = (min(members), docs[chosen].doc_id, round(score(seq, chosen, exact=True), 4))
    return out
