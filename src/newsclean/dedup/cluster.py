"""Clusters of copies: union-find over verified pairs, and the canonical member of each cluster.

The canonical member is chosen by one documented rule, in order:

1. the earliest ``published`` date (ISO 8601 strings, compared as text after
   normalising a trailing ``Z``); documents without a date come after dated ones;
2. then the longest body (most word tokens);
3. then the first seen (lowest sequence number, i.e. input order).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from newsclean.errors import ConfigError


class UnionFind:
    """Disjoint sets over the integers ``0 .. n-1``, growing on demand (path halving, union by size).

    Parents and sizes are 32-bit integers (``array``), 8 bytes per element.

    >>> sets = UnionFind()
    >>> sets.union(0, 2); sets.union(3, 2)
    True
    True
    >>> sets.find(3) == sets.find(0), sets.find(1) == sets.find(0)
    (True, False)
    >>> sorted(sorted(group) for group in sets.groups())
    [[0, 2, 3], [1]]
    """

    def __init__(self, size: int = 0) -> None:
        self._parent = array("i", range(size))
        self._size = array("i", [1]) * size

    def __len__(self) -> int:
        return len(self._parent)

    def grow(self, size: int) -> None:
        """Make sure the elements ``0 .. size-1`` exist (new ones are singletons)."""
        start = len(self._parent)
        if size > start:
            self._parent.extend(range(start, size))
            self._size.extend(array("i", [1]) * (size - start))

    def find(self, x: int) -> int:
        """The representative of ``x``'s set."""
        if x >= len(self._parent):
            self.grow(x + 1)
        parent = self._parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> bool:
        """Join the sets of ``a`` and ``b``; ``False`` when they were already one set."""
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return False
        if self._size[root_a] < self._size[root_b]:
            root_a, root_b = root_b, root_a
        self._parent[root_b] = root_a
        self._size[root_a] += self._size[root_b]
        return True

    def reset(self, members: Iterable[int]) -> None:
        """Make each of ``members`` a set of its own again (they must be whole sets: nothing else points to them)."""
        for x in members:
            self._parent[x] = x
            self._size[x] = 1

    def size(self, x: int) -> int:
        """How many elements are in ``x``'s set."""
        return self._size[self.find(x)]

    def connected(self, a: int, b: int) -> bool:
        """Whether ``a`` and ``b`` are in one set."""
        return self.find(a) == self.find(b)

    def groups(self, min_size: int = 1) -> list[list[int]]:
        """Every set of at least ``min_size`` members, members in increasing order, sets ordered by their smallest member."""
        by_root: dict[int, list[int]] = {}
        size = self._size
        for x in range(len(self._parent)):
            root = self.find(x)
            if size[root] >= min_size:
                by_root.setdefault(root, []).append(x)
        return list(by_root.values())


@dataclass(frozen=True)
class Member:
    """What the canonical rule looks at for one document."""

    seq: int
    published: str | None
    tokens: int


def _date_key(published: str | None) -> tuple[int, str]:
    if not published:
        return (1, "")
    text = published.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    return (0, text)


def canonical_key(member: Member) -> tuple[tuple[int, str], int, int]:
    """Sort key of the canonical rule: the smallest key wins.

    >>> members = [Member(0, None, 900), Member(1, "2024-05-02", 300), Member(2, "2024-05-02", 500)]
    >>> min(members, key=canonical_key).seq
    2
    """
    return (_date_key(member.published), -member.tokens, member.seq)


def choose_canonical(members: Iterable[Member]) -> Member:
    """The canonical member of a cluster (see the module docstring for the rule).

    >>> choose_canonical([Member(5, None, 100), Member(3, None, 100)]).seq
    3
    """
    ordered = sorted(members, key=canonical_key)
    if not ordered:
        raise ConfigError("a cluster needs at least one member to choose a canonical one")
    return ordered[0]


@dataclass(frozen=True)
class Cluster:
    """A set of two or more copies: its id (its smallest member sequence number), canonical and members."""

    cluster_id: int
    canonical: int
    members: tuple[int, ...]


def build_clusters(sets: UnionFind, members: Sequence[Member]) -> dict[int, Cluster]:
    """Every cluster of two or more documents, keyed by each member's sequence number."""
    by_seq: dict[int, Cluster] = {}
    for group in sets.groups(min_size=2):
        canonical = choose_canonical(members[seq] for seq in group)
        cluster = Cluster(group[0], canonical.seq, tuple(group))
        for seq in group:
            by_seq[seq] = cluster
    return by_seq
