"""WorkerPool: runs page reading (crawler.extraction.pages) in worker processes, results back to the reactor."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable

logger = logging.getLogger(__name__)

T = TypeVar("T")


def default_workers(setting: int) -> int:
    """EUREPORTER_EXTRACT_WORKERS: -1 = one per core (at most 4), 0 = in the reactor thread, N = N processes."""
    return min(os.cpu_count() or 1, 4) if setting < 0 else setting


class WorkerPool:
    """A process pool awaited from Scrapy callbacks (asyncio reactor). With 0 workers, functions run in-process.

    Processes are spawned, not forked: forking a process that runs the Twisted reactor and its thread pool is unsafe.
    A worker that dies (out of memory, killed) breaks the pool: a new one is started and the call tried once more.
    """

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.restarts = 0
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
        return self._pool

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        if self.workers == 0:
            return function(*args)
        try:
            return await asyncio.wrap_future(self._executor().submit(function, *args))
        except BrokenProcessPool:
            logger.warning("A worker process died; starting a new pool")
            self.restarts += 1
            self.close(wait=False)
            return await asyncio.wrap_future(self._executor().submit(function, *args))

    def close(self, wait: bool = True) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=not wait)
            self._pool = None
