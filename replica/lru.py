"""A small thread-safe LRU mapping bounded by a total size (entries or bytes, as the caller counts them)."""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Hashable


class LRU:
    """Least-recently-used cache; put() evicts the oldest entries until the sizes fit in max_size."""

    def __init__(self, max_size: int) -> None:
        self.max_size = max_size
        self.size = 0
        self._entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._lock = Lock()

    def get(self, key: Hashable) -> Any:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
            return entry[0]

    def put(self, key: Hashable, value: Any, size: int = 1) -> None:
        if size > self.max_size:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.size -= old[1]
            self._entries[key] = (value, size)
            self.size += size
            while self.size > self.max_size:
                _, (_, evicted) = self._entries.popitem(last=False)
                self.size -= evicted

    def __len__(self) -> int:
        return len(self._entries)
