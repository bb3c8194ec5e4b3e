"""Clusters from candidate pairs, replayed in order, and rebuilt where new template evidence changes a verdict.

The clusters are defined by one rule: take every candidate pair ``(new, old)`` in
order (by ``new``, then ``old``); skip it when both are in one cluster already;
else, when it verifies as a copy, join the two clusters, but only if their
canonical members verify as copies too (so one page whose cleaning failed cannot
chain unrelated articles). A verdict reads the template evidence of the whole
corpus, which grows as documents arrive; so when a line becomes template, the
verdicts of the documents holding it may change, and with them the clusters.

Clusters never span two *candidate components* (documents linked by candidate
pairs, verified or not), and the rule's outcome in a component depends only on
its own pairs. So :class:`Clustering` keeps the components (a second union-find,
with a list of members each) and, when documents are touched, resets and replays
their components only. Everything is 32-bit columns by sequence number: 28 bytes
per document.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Sequence

from newsclean.dedup.cluster import Member, UnionFind, canonical_key

#: ``judge(a, b)``: the score that decides whether documents ``a`` and ``b`` are copies.
Judge = Callable[[int, int], float]


class Clustering:
    """Clusters (union-find with each cluster's canonical and smallest member) and candidate components.

    >>> members = [Member(i, None, 100) for i in range(4)]
    >>> scores = {(1, 0): 0.9, (2, 0): 0.8, (3, 2): 0.2}
    >>> clustering = Clustering(members.__getitem__, threshold=0.7)
    >>> clustering.grow(4)
    >>> clustering.link([(1, 0), (2, 0), (3, 2)])
    >>> joined = clustering.replay([(1, 0), (2, 0), (3, 2)], lambda a, b: scores.get((a, b), 1.0))
    >>> joined, clustering.sets.connected(2, 1), clustering.component(3)
    ([(1, 0, 0.9), (2, 0, 0.8)], True, [0, 1, 2, 3])
    """

    def __init__(self, member: Callable[[int], Member], threshold: float) -> None:
        self._member = member
        self.threshold = threshold
        self.sets = UnionFind()
        self.canon = array("i")  # per cluster root: its canonical member
        self.first = array("i")  # per cluster root: its smallest member (the cluster id)
        self._links = UnionFind()  # candidate components
        self._next = array("i")  # circular list of each component's members
        self.scored = 0
        self.canonical_checks = 0

    def __len__(self) -> int:
        return len(self.canon)

    def grow(self, size: int) -> None:
        """Make room for the documents ``0 .. size-1`` (new ones are alone)."""
        start = len(self.canon)
        if size <= start:
            return
        self.sets.grow(size)
        self._links.grow(size)
        for column in (self.canon, self.first, self._next):
            column.extend(range(start, size))

    def link(self, pairs: Iterable[tuple[int, int]]) -> None:
        """Record candidate pairs: their documents are in one component from now on."""
        links, following = self._links, self._next
        for a, b in pairs:
            root_a, root_b = links.find(a), links.find(b)
            if root_a != root_b:
                links.union(root_a, root_b)
                following[root_a], following[root_b] = following[root_b], following[root_a]  # splice

    def component_root(self, seq: int) -> int:
        """The representative of ``seq``'s candidate component."""
        return self._links.find(seq)

    def component(self, seq: int) -> list[int]:
        """The documents of ``seq``'s candidate component, in order."""
        members, current = [seq], self._next[seq]
        while current != seq:
            members.append(current)
            current = self._next[current]
        return sorted(members)

    def reset(self, members: Sequence[int]) -> None:
        """Put ``members`` (whole candidate components) back in clusters of their own."""
        self.sets.reset(members)
        for seq in members:
            self.canon[seq] = seq
            self.first[seq] = seq

    def replay(self, pairs: Iterable[tuple[int, int]], judge: Judge) -> list[tuple[int, int, float]]:
        """Apply the rule (module docstring) to ``pairs``, in the order given; returns the pairs that joined
        two clusters, with their scores."""
        joined: list[tuple[int, int, float]] = []
        sets, threshold = self.sets, self.threshold
        for new, old in pairs:
            root_new, root_old = sets.find(new), sets.find(old)
            if root_new == root_old:
                continue
            self.scored += 1
            score = judge(new, old)
            if score < threshold:
                continue
            canon_new, canon_old = self.canon[root_new], self.canon[root_old]
            if (canon_new, canon_old) != (new, old):
                self.canonical_checks += 1
                if judge(canon_new, canon_old) < threshold:
                    continue
            self.join(new, old)
            joined.append((new, old, score))
        return joined

    def join(self, a: int, b: int) -> None:
        """Join the clusters of ``a`` and ``b`` (a pair verified, or read back from an index)."""
        sets = self.sets
        roots = (sets.find(a), sets.find(b))
        canon_a, canon_b = self.canon[roots[0]], self.canon[roots[1]]
        smallest = min(self.first[roots[0]], self.first[roots[1]])
        sets.union(a, b)
        root = sets.find(a)
        self.canon[root] = min(self._member(canon_a), self._member(canon_b), key=canonical_key).seq
        self.first[root] = smallest
