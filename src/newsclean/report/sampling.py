"""A random sample drawn across strata (removal reasons) in one pass, holding a bounded number of items.

Each stratum keeps a reservoir (Algorithm R) of ``ceil(2 * size / strata)`` keys; when
a new stratum appears the others shrink by dropping keys at random, which leaves each a
uniform sample of what it has seen. An item can be in several strata (a record with
several removal reasons) and is held once. At the end :meth:`StratifiedSample.chosen`
shares ``size`` places among the strata, the rarest first, so a reason seen on three
records shows all three while a common one fills the places left.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T")


class StratifiedSample(Generic[T]):
    """Up to ``size`` items drawn across strata, each stratum uniformly at random.

    >>> sample: StratifiedSample[int] = StratifiedSample(4, random.Random(0))
    >>> for n in range(1000):
    ...     sample.offer(n, ["common"] if n % 100 else ["common", "rare"], lambda n=n: n)
    >>> picked = sample.chosen()
    >>> len(picked), sum(1 for n in picked if n % 100 == 0) >= 2
    (4, True)
    """

    def __init__(self, size: int, rng: random.Random) -> None:
        self.size = size
        self.rng = rng
        self._reservoirs: dict[str, list[int]] = {}
        self._seen: dict[str, int] = {}
        self._items: dict[int, T] = {}
        self._refs: dict[int, int] = {}

    @property
    def capacity(self) -> int:
        """Keys each stratum holds now."""
        if self.size == 0:
            return 0
        return max(1, -(-2 * self.size // max(1, len(self._reservoirs))))

    def held(self) -> int:
        """Items held now (bounded by about ``2 * size`` plus the number of strata)."""
        return len(self._items)

    def offer(self, key: int, strata: Iterable[str], make: Callable[[], T]) -> None:
        """Offer the item ``key`` (unique, rising) of ``strata``; ``make()`` builds it only if it is taken."""
        if self.size == 0:
            return
        names = list(dict.fromkeys(strata))  # a stratum named twice is offered once
        new = [name for name in names if name not in self._reservoirs]
        for name in new:
            self._reservoirs[name], self._seen[name] = [], 0
        if new:
            self._shrink()  # before any slot is chosen: shrinking moves keys
        capacity = self.capacity
        slots: list[tuple[list[int], int]] = []
        for name in names:
            reservoir = self._reservoirs[name]
            self._seen[name] += 1
            if len(reservoir) < capacity:
                slots.append((reservoir, -1))
            else:
                j = self.rng.randrange(self._seen[name])
                if j < capacity:
                    slots.append((reservoir, j))
        if not slots:
            return
        self._items[key] = make()
        for reservoir, j in slots:
            self._refs[key] = self._refs.get(key, 0) + 1
            if j < 0:
                reservoir.append(key)
            else:
                self._release(reservoir[j])
                reservoir[j] = key

    def _shrink(self) -> None:
        capacity = self.capacity
        for reservoir in self._reservoirs.values():
            while len(reservoir) > capacity:
                self._release(reservoir.pop(self.rng.randrange(len(reservoir))))

    def _release(self, key: int) -> None:
        self._refs[key] -= 1
        if not self._refs[key]:
            del self._refs[key]
            del self._items[key]

    def chosen(self) -> list[T]:
        """At most ``size`` items, the strata's places shared rarest first, in key order."""
        left = self.size
        picked: set[int] = set()
        strata = sorted(self._reservoirs.items(), key=lambda item: (len(item[1]), item[0]))
        for position, (_, reservoir) in enumerate(strata):
            share = -(-left // (len(strata) - position))
            fresh = [key for key in reservoir if key not in picked]
            take = min(share, len(fresh))
            picked.update(self.rng.sample(fresh, take))
            left -= take
        return [self._items[key] for key in sorted(picked)]
