"""A bounded memo of a one-argument function, for per-word work that every segment asks for.

It is a plain dict underneath: a value seen before costs one dict lookup in C (`memo[key]`,
or `map(memo.__getitem__, words)` for a whole segment), less than a call through
`functools.lru_cache`. A value not seen before is computed and kept; a full memo is emptied
rather than trimmed one entry at a time (per-word values are cheap to compute again).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Memo(dict[K, V]):
    """`compute(key)` by key, kept for up to `limit` keys at a time."""

    __slots__ = ("_compute", "_limit")

    def __init__(self, compute: Callable[[K], V], limit: int = 65536) -> None:
        super().__init__()
        self._compute = compute
        self._limit = limit

    def __missing__(self, key: K) -> V:
        if len(self) >= self._limit:
            self.clear()
        value = self[key] = self._compute(key)
        return value
