"""Deterministic pseudo-randomness: splitmix64 streams seeded by integers, so every choice is a pure function of ids."""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from collections.abc import Sequence

T = TypeVar("T")

_MASK = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15


def mix(value: int) -> int:
    """The splitmix64 finaliser: a cheap, well-distributed 64-bit hash of an integer."""
    value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9 & _MASK
    value = (value ^ (value >> 27)) * 0x94D049BB133111EB & _MASK
    return value ^ (value >> 31)


class Rand:
    """A splitmix64 stream; unlike random.Random it is cheap to create per post and stable across Python versions."""

    __slots__ = ("state",)

    def __init__(self, *seeds: int) -> None:
        state = 0
        for seed in seeds:
            state = mix((state ^ seed) + _GOLDEN & _MASK)
        self.state = state

    def next(self) -> int:
        self.state = (self.state + _GOLDEN) & _MASK
        return mix(self.state)

    def below(self, n: int) -> int:
        return self.next() % n

    def between(self, low: int, high: int) -> int:
        """An integer in [low, high], both included."""
        return low + self.next() % (high - low + 1)

    def chance(self, probability: float) -> bool:
        return self.next() < probability * (1 << 64)

    def pick(self, items: Sequence[T]) -> T:
        return items[self.next() % len(items)]

    def sample(self, items: Sequence[T], k: int) -> list[T]:
        """k distinct items (all of them, shuffled, when k >= len(items))."""
        pool = list(items)
        for i in range(min(k, len(pool))):
            j = i + self.next() % (len(pool) - i)
            pool[i], pool[j] = pool[j], pool[i]
        return pool[:k]


class Weighted:
    """Items with integer weights, picked by a Rand."""

    __slots__ = ("items", "cumulative")

    def __init__(self, items: Sequence[T], weights: Sequence[int]) -> None:
        self.items = list(items)
        self.cumulative = list(accumulate(weights))

    def pick(self, rand: Rand) -> T:
        return self.items[bisect_right(self.cumulative, rand.below(self.cumulative[-1]))]
