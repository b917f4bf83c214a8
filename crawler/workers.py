"""WorkerPool: page reading (crawler.extraction.pages) in worker processes, for the crawl and for reprocessing."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from concurrent.futures import Future

logger = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

TRIES = 2
"""A call is tried this many times when worker processes die under it (out of memory, killed) before giving up."""


def default_workers(setting: int) -> int:
    """EUREPORTER_EXTRACT_WORKERS: -1 = one per core (at most 4), 0 = in the calling thread, N = N processes."""
    return min(os.cpu_count() or 1, 4) if setting < 0 else setting


class WorkerPool:
    """A process pool, awaited from Scrapy callbacks (`run`) or mapped over a stream of work (`map`). With 0 workers,
    functions run in the calling process.

    The crawl spawns its processes (the default): forking a process that runs the Twisted reactor and its thread
    pool is unsafe. Reprocessing, which has neither, forks them (start_method="fork"), so workers start at once with
    the extraction modules already imported. A worker that dies breaks the pool: a new one is started and the calls
    it held are tried again, TRIES times in all.
    """

    def __init__(self, workers: int, *, start_method: str = "spawn") -> None:
        self.workers = workers
        self.start_method = start_method
        self.restarts = 0
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context(self.start_method)
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context)
        return self._pool

    def _restart(self) -> None:
        logger.warning("A worker process died; starting a new pool")
        self.restarts += 1
        self.close(wait=False)

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        if self.workers == 0:
            return function(*args)
        try:
            return await asyncio.wrap_future(self._executor().submit(function, *args))
        except BrokenProcessPool:
            self._restart()
            return await asyncio.wrap_future(self._executor().submit(function, *args))

    def map(self, function: Callable[..., R], items: Iterable[Any], *args: Any, window: int = 0) -> Iterator[R]:
        """function(item, *args) for each item, yielded in the order of `items`, with at most `window` calls in
        flight (default: two per worker, so no worker waits while the caller collects a result).

        Items are consumed lazily, so memory holds the window, never the stream. Raises BrokenProcessPool when the
        pool died TRIES times under the same call.
        """
        if self.workers == 0:
            for item in items:
                yield function(item, *args)
            return
        window = window or 2 * self.workers
        pending: deque[tuple[Any, Future[R], int]] = deque()
        source = iter(items)
        exhausted = False
        while True:
            while not exhausted and len(pending) < window:
                item = next(source, _END)
                if item is _END:
                    exhausted = True
                else:
                    pending.append((item, self._executor().submit(function, item, *args), 1))
            if not pending:
                return
            item, future, tries = pending[0]
            try:
                result = future.result()
            except BrokenProcessPool:
                if tries >= TRIES:
                    raise
                # The calls in flight died with the pool: send them again, in order, to a new one.
                self._restart()
                pending = deque(
                    (i, f, t) if _succeeded(f) else (i, self._executor().submit(function, i, *args), t + 1)
                    for i, f, t in pending
                )
                continue
            pending.popleft()
            yield result

    def close(self, wait: bool = True) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=not wait)
            self._pool = None


_END = object()


def _succeeded(future: Future[Any]) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None
