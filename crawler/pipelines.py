"""SqlPipeline: each extracted article page into the SQL dataset, written in batches off the reactor thread."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import DropItem, NotConfigured
from twisted.internet import task

from crawler.database import DatabaseThreads
from crawler.items import ArticlePage, NotModified
from crawler.options import crawl_options, sql_url
from storage.sql import StoreError

if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Self

    from scrapy.crawler import Crawler

    from crawler.extensions.archive import WarcArchive
    from storage.sql import ArticleStore

logger = logging.getLogger(__name__)

STATS = "eureporter/sql"
NOT_STORED = f"{STATS}/not_stored"
"""Stats key: extracted articles (and 304 confirmations) that did not reach the dataset in this run: their pages were
not archived, or the database failed. The next run fetches them again."""


class SqlPipeline:
    """Store each extracted Article in the SQL dataset (storage.sql.ArticleStore), one row per article edition.

    Rows are written in batches by the database writer thread (crawler.database), never in the reactor thread: a
    locked SQLite file or a slow PostgreSQL stalls only the writer while downloads go on. Up to
    EUREPORTER_SQL_MAX_PENDING extracted articles may wait for the database; beyond that `process_item` waits
    (backpressure), and so does Scrapy. A batch is committed only after the WARC records its rows point to are on
    disk (one fsync per batch): a crash may lose rows, whose pages the next run fetches again, but never leaves a row
    without its original. An item whose page could not be archived is never stored. A database failure stops the
    crawl cleanly (reason "database_error"); the next run fetches what was not stored.
    """

    def __init__(
        self, crawler: Crawler, url: str, options: dict[str, Any], *, batch_size: int, max_pending: int, flush: float
    ) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.url = url
        self.options = options
        self.batch_size = batch_size
        self.max_pending = max_pending
        self.flush_interval = flush
        self.database: DatabaseThreads | None = None
        self.crawl_id: int | None = None
        self.batch: list[ArticlePage | NotModified] = []
        self.in_flight: set[asyncio.Future[Any]] = set()
        self.pending = 0
        """Items handed to the writer thread and not yet committed (or failed)."""
        self.failed = False
        self._last_write = time.monotonic()
        self._timer: task.LoopingCall | None = None
        self.stale_after = 900.0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        url = sql_url(settings)
        if not url:
            raise NotConfigured("EUREPORTER_SQL_URL and EUREPORTER_DATA_DIR are empty; set a database URL")
        batch_size = settings.getint("EUREPORTER_SQL_BATCH")
        max_pending = settings.getint("EUREPORTER_SQL_MAX_PENDING")
        flush = settings.getfloat("EUREPORTER_SQL_FLUSH_SECONDS")
        if batch_size < 1 or max_pending < batch_size or flush <= 0:
            raise NotConfigured(
                f"EUREPORTER_SQL_BATCH ({batch_size}) must be at least 1, EUREPORTER_SQL_MAX_PENDING ({max_pending}) "
                f"at least the batch size, EUREPORTER_SQL_FLUSH_SECONDS ({flush}) positive"
            )
        pipeline = cls(
            crawler, url, crawl_options(settings), batch_size=batch_size, max_pending=max_pending, flush=flush
        )
        pipeline.stale_after = settings.getfloat("EUREPORTER_STALE_RUN_SECONDS")
        crawler.signals.connect(pipeline.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    # -- lifecycle -------------------------------------------------------------------------------------------------

    async def open_spider(self) -> None:
        self.database = DatabaseThreads.of(self.crawler, self.url)
        stale = self.stale_after
        try:
            killed = await self.database.write(
                lambda store: store.close_abandoned_crawls(is_alive=process_alive, stale_after=stale)
            )
            if killed:
                logger.warning(
                    "Crawl runs %s were still marked running, but their processes died: marked killed", killed
                )
                self.stats.set_value(f"{STATS}/killed_runs", killed)
            self.crawl_id = await self.database.write(lambda store: store.begin_crawl(self.options))
        except StoreError as exc:
            # A database that opens but refuses writes (a read-only or immutable file, a read-only role): stop before
            # the first request, in one line, rather than let Scrapy's engine fail to open.
            self._fail(str(exc))
            return
        self.stats.set_value("eureporter/crawl_id", self.crawl_id)
        self._timer = task.LoopingCall(self._tick)
        self._timer.start(min(self.flush_interval, 1.0), now=False)

    async def spider_opened(self) -> None:
        """After the WARC archive repaired leftovers of a crash: rows whose records were cut away are fetched again."""
        report = self.stats.get_value("eureporter/warc/repair") or {}
        cut, lost = dict(report.get("cut") or {}), list(report.get("lost") or [])
        if self.database is None or not (cut or lost):
            return
        try:
            marked = await self.database.write(lambda store: store.mark_unarchived(cut, lost))
        except StoreError as exc:
            self._fail(str(exc))
            return
        if marked:
            logger.warning(
                "%d stored rows pointed at WARC records lost in a crash: their pages are fetched again", marked
            )
            self.stats.set_value(f"{STATS}/unarchived_rows", marked)

    def _tick(self) -> None:
        """Write a partial batch once it has waited EUREPORTER_SQL_FLUSH_SECONDS, and record the run's progress."""
        if self.failed or time.monotonic() - self._last_write < self.flush_interval:
            return
        self._last_write = time.monotonic()
        self._send(heartbeat=True)

    async def close_spider(self) -> None:
        if self._timer is not None and self._timer.running:
            self._timer.stop()
        if not self.failed:
            self._send()
        elif self.batch:
            self.stats.inc_value(NOT_STORED, len(self.batch))
            self.batch = []
        if self.in_flight:
            await asyncio.gather(*self.in_flight, return_exceptions=True)

    async def spider_closed(self, reason: str) -> None:
        if self.database is None:
            return
        stats = dict(self.stats.get_stats())  # a copy: the database thread serialises it
        status = _status(reason, stats)
        crawl_id = self.crawl_id
        if crawl_id is None:
            self.database.close()
            self.database = None
            return
        try:
            await self.database.write(
                lambda store: store.end_crawl(crawl_id, status=status, finish_reason=reason, stats=stats)
            )
        except StoreError as exc:
            # The next start marks this run "killed" (its process will be gone), with the figures of its last batch.
            logger.error("Could not record the end of the crawl in the database: %s", exc)
        finally:
            self.database.close()
            self.database = None

    # -- items -----------------------------------------------------------------------------------------------------

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticlePage | NotModified) or self.database is None:
            return item
        if not (item.warc.get("record_id") or item.warc.get("payload_record_id")):
            # The archive could not write this page (crawler.extensions.archive stops the crawl then): no row without
            # its original, and the next run fetches the page again.
            self.stats.inc_value(f"{STATS}/unarchived")
            self.stats.inc_value(NOT_STORED)
            raise DropItem(f"Not stored, its page was not archived: {_url(item)}", log_level="INFO")
        if self.failed:
            self.stats.inc_value(NOT_STORED)
            raise DropItem(f"Not stored (the database failed earlier in this crawl): {_url(item)}", log_level="INFO")
        self.batch.append(item)
        self.pending += 1
        self.stats.set_value(f"{STATS}/pending", self.pending)
        if len(self.batch) >= self.batch_size:
            self._send()
        while self.pending > self.max_pending and self.in_flight and not self.failed:
            # Backpressure: the database is slower than the crawl; wait for the oldest batch.
            self.stats.inc_value(f"{STATS}/waits")
            await asyncio.wait(self.in_flight, return_when=asyncio.FIRST_COMPLETED)
        return item.article if isinstance(item, ArticlePage) else item

    def _send(self, heartbeat: bool = False) -> None:
        """Hand the current batch (possibly empty, for a heartbeat) to the writer thread."""
        if self.database is None or (not self.batch and not heartbeat):
            return
        batch, self.batch = self.batch, []
        self._last_write = time.monotonic()
        archive = _archive(self.crawler)
        figures = dict(self.stats.get_stats())
        crawl_id = self.crawl_id

        def write(store: ArticleStore) -> list[tuple[str, str]]:
            # Durability order: the WARC records first, then the rows that point to them.
            if archive is not None and batch:
                archive.sync({name for item in batch if (name := item.warc.get("file"))})
            outcomes = [outcome for item in batch for outcome in _buffer(store, item, crawl_id)]
            outcomes += store.flush()
            if crawl_id is not None:
                store.update_crawl(crawl_id, figures)
            return outcomes

        future = asyncio.ensure_future(self.database.write(write))
        self.in_flight.add(future)
        future.add_done_callback(lambda done: self._written(done, len(batch)))

    def _written(self, future: asyncio.Future[Any], size: int) -> None:
        self.in_flight.discard(future)
        self.pending -= size
        self.stats.set_value(f"{STATS}/pending", self.pending)
        exc = future.exception()
        if exc is None:
            self._count(future.result())
            return
        self.stats.inc_value(f"{STATS}/errors")
        self.stats.inc_value(f"{STATS}/lost", size)
        self.stats.inc_value(NOT_STORED, size)
        if isinstance(exc, OSError):
            # The WARC fsync failed: those rows would point at records that may not be on disk.
            self._fail(f"the WARC files could not be synced to disk ({exc.strerror or exc}); {size} rows not stored")
        else:
            self._fail(str(exc))

    def _count(self, outcomes: Sequence[tuple[str, str]]) -> None:
        for _url, outcome in outcomes:
            self.stats.inc_value(f"{STATS}/{outcome}")

    def _fail(self, message: str) -> None:
        if self.failed:
            return
        self.failed = True
        logger.error("Database error, stopping the crawl: %s", message)
        self.stats.set_value("eureporter/database_error", message)
        if self.stats.get_value("finish_reason") is None and self.crawler.engine is not None:
            asyncio.ensure_future(self.crawler.engine.close_spider_async(reason="database_error"))


def process_alive(hostname: str, pid: int) -> bool | None:
    """Whether the process that recorded a crawl run still runs: known on this machine, None on another."""
    if hostname != socket.gethostname():
        return None
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process, alive
    return True


def _buffer(store: ArticleStore, item: ArticlePage | NotModified, crawl_id: int | None) -> list[tuple[str, str]]:
    """Buffer the item's row in the store: the outcomes of a flush this triggered (the store's batch filled)."""
    if isinstance(item, NotModified):
        return list(store.touch(item.url, seen_at=item.fetched_at, crawl_id=crawl_id, site_seen_at=item.site_date))
    warc = item.warc
    return list(
        store.add(
            item.article.asdict(),
            warc_file=warc.get("payload_file") or warc.get("file"),
            warc_record_id=warc.get("payload_record_id") or warc.get("record_id"),
            warc_offset=warc.get("payload_offset", warc.get("offset")),
            fetched_at=item.fetched_at,
            crawl_id=crawl_id,
            http_etag=item.http_etag,
            http_last_modified=item.http_last_modified,
            site_seen_at=item.site_date,
        )
    )


def _url(item: ArticlePage | NotModified) -> str:
    return item.article.url if isinstance(item, ArticlePage) else item.url


def _archive(crawler: Crawler) -> WarcArchive | None:
    from crawler.extensions.archive import WarcArchive

    extensions = getattr(crawler, "extensions", None)
    for extension in getattr(extensions, "middlewares", ()):
        if isinstance(extension, WarcArchive):
            return extension
    return None


FAILED_REASONS = ("database_error", "archive_error")


def _status(reason: str, stats: dict[str, Any]) -> str:
    """The crawls row's status: finished only when the run did its job (crawler.monitors checks that)."""
    if stats.get("eureporter/monitor/failures") or reason in FAILED_REASONS:
        return "failed"
    if reason == "finished" or reason.startswith("closespider_"):
        return "finished"
    if reason == "shutdown":
        return "interrupted"
    return "failed"
