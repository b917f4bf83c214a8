"""DatabaseThreads: the crawl's dataset, used off the reactor thread: one writer thread, one reader thread.

Scrapy's reactor is one thread that downloads, parses and schedules everything. A database call made there stops
all of that while it waits: a SQLite file another process holds locked (busy timeout 30 s), a slow or distant
PostgreSQL, the retry sleeps of a deadlock. So the SQL pipeline and the incremental middleware never touch the store
themselves: they await these threads. Writes go through one thread, in order, so batches keep their sequence; reads
go through another, so a write waiting for a lock never delays the judgement of what to fetch (SQLite in WAL mode and
PostgreSQL let readers through while a writer waits).
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, TypeVar

from storage.sql import ArticleStore, StoreError

if TYPE_CHECKING:
    from collections.abc import Callable

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

T = TypeVar("T")


class DatabaseThreads:
    """The ArticleStore of one crawl and the two threads that use it; shared by the components of that crawl.

    `of(crawler, url)` returns the crawl's instance (creating it on first use), so the pipeline and the middleware
    share one store and one pair of threads. The store is opened on the writer thread, since opening may create or
    upgrade the schema and so wait for the database's write lock.
    """

    ATTRIBUTE = "_eureporter_database"

    def __init__(self, url: str) -> None:
        self.url = url
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="eureporter-sql-write")
        self._reader = ThreadPoolExecutor(1, thread_name_prefix="eureporter-sql-read")
        self._store: ArticleStore | None = None
        self._users = 0

    @classmethod
    def of(cls, crawler: Crawler, url: str) -> DatabaseThreads:
        threads: DatabaseThreads | None = getattr(crawler, cls.ATTRIBUTE, None)
        if threads is None or threads.url != url:
            threads = cls(url)
            setattr(crawler, cls.ATTRIBUTE, threads)
        threads._users += 1
        return threads

    async def open(self) -> ArticleStore:
        """The store, opened once (StoreError if the database cannot be used)."""
        if self._store is None:
            self._store = await self.write(lambda _store: ArticleStore(self.url), opening=True)
        return self._store

    async def write(self, work: Callable[[ArticleStore], T], *, opening: bool = False) -> T:
        """`work(store)` on the writer thread; its result or its exception."""
        return await self._on(self._writer, work, opening)

    async def read(self, work: Callable[[ArticleStore], T]) -> T:
        """`work(store)` on the reader thread; its result or its exception."""
        if self._store is None:
            await self.open()
        return await self._on(self._reader, work, False)

    def read_now(self, work: Callable[[ArticleStore], T], timeout: float) -> T:
        """`work(store)` on the reader thread, waited for: only for moments when the reactor has nothing else to do
        (the spider is idle). Raises TimeoutError, or whatever `work` raised."""
        store = self._store
        if store is None:
            raise StoreError(f"Database {self.url}: not open")
        return self._reader.submit(work, store).result(timeout)

    async def _on(self, executor: ThreadPoolExecutor, work: Callable[[ArticleStore], T], opening: bool) -> T:
        store = self._store
        if store is None and not opening:
            store = await self.open()

        def call() -> T:
            return work(store)  # type: ignore[arg-type]  # None only while opening, where work ignores it

        return await asyncio.wrap_future(executor.submit(call))

    def close(self) -> None:
        """Called by each user when its crawl ends; the last one closes the store and stops the threads."""
        self._users -= 1
        if self._users > 0:
            return
        for executor in (self._reader, self._writer):
            executor.shutdown(wait=True)
        if self._store is not None:
            try:
                self._store.close()
            except Exception:  # noqa: BLE001 - the batch was already reported by its writer; closing must not raise
                logger.debug("Closing the store failed", exc_info=True)
            self._store = None
