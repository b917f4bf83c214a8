"""Item pipelines: ExtractionPipeline (HTML -> Article, off the reactor) and SqlPipeline (Article -> dataset)."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any

from w3lib.encoding import resolve_encoding

from crawler.extraction import extract_article
from crawler.items import Article, ArticlePage
from crawler.options import crawl_options, sql_url
from scrapy import signals
from scrapy.exceptions import DropItem, NotConfigured
from storage.sql import ArticleStore, StoreError

if TYPE_CHECKING:
    from typing_extensions import Self

    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


def decode_html(body: bytes, charset: str | None) -> str | bytes:
    """The HTTP charset wins (HTML spec), but only if the bytes really are in it; else let extraction sniff.

    Labels are resolved as browsers do (WHATWG): "iso-8859-1" and "ascii" mean windows-1252, whose curly quotes and
    euro sign would otherwise become C1 control characters.
    """
    encoding = resolve_encoding(charset) if charset else None
    if encoding:
        try:
            return body.decode(encoding)
        except UnicodeDecodeError:
            pass
    return body


def _extract(body: bytes, charset: str | None, url: str) -> Article | None:
    return extract_article(decode_html(body, charset), url)


class ExtractionPipeline:
    """Turn each fetched ArticlePage into an Article with crawler.extraction, in a pool of worker processes.

    Extraction is the crawl's CPU hog and Scrapy's reactor is one thread: running it in other processes lets every core
    work while the reactor keeps downloading. EUREPORTER_EXTRACT_WORKERS = 0 extracts in the reactor thread instead.
    """

    def __init__(self, stats: StatsCollector, workers: int) -> None:
        self.stats = stats
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        workers = crawler.settings.getint("EUREPORTER_EXTRACT_WORKERS")
        if workers < 0:
            workers = min(os.cpu_count() or 1, 4)
        return cls(crawler.stats, workers)

    def open_spider(self) -> None:
        if self.workers:
            self.pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        # spawn, not fork: forking a process that runs the Twisted reactor and its thread pool is unsafe.
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=False)
            self.pool = None

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticlePage):
            return item
        try:
            article = await self._run(item)
        except Exception as exc:
            logger.error("Extraction failed for %s", item.url, exc_info=True)
            self.stats.inc_value("eureporter/extract/error")
            raise DropItem(f"Extraction failed for {item.url}: {exc!r}") from exc
        if article is None:
            self.stats.inc_value("eureporter/extract/empty")
            raise DropItem(f"Not an article (no body found): {item.url}", log_level="INFO")
        self.stats.inc_value("eureporter/extract/articles")
        self.stats.inc_value(f"eureporter/extract/language/{article.language or 'unknown'}")
        item.article = article
        item.body = b""  # the archive has the original; do not carry it through the rest of the chain
        return item

    async def _run(self, item: ArticlePage) -> Article | None:
        if self.pool is None:
            return _extract(item.body, item.encoding, item.url)
        try:
            future = self.pool.submit(_extract, item.body, item.encoding, item.url)
            return await asyncio.wrap_future(future)
        except BrokenProcessPool:
            # A worker died (out of memory, killed): start a new pool and give this page one more try.
            logger.warning("Extraction worker pool broke; restarting it (page %s)", item.url)
            self.stats.inc_value("eureporter/extract/pool_restarts")
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = self._new_pool()
            return await asyncio.wrap_future(self.pool.submit(_extract, item.body, item.encoding, item.url))


class SqlPipeline:
    """Store each extracted Article in the SQL dataset (storage.sql.ArticleStore), one row per article edition.

    Writes are batched; the batch is flushed when full and when the spider closes. A database failure stops the crawl
    cleanly (reason "database_error"): the WARC files keep every page, and `eureporter reprocess` fills the dataset.
    """

    def __init__(self, crawler: Crawler, url: str, options: dict[str, Any]) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.url = url
        self.options = options
        self.store: ArticleStore | None = None
        self.crawl_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        url = sql_url(crawler.settings)
        if not url:
            raise NotConfigured("EUREPORTER_SQL_URL and EUREPORTER_DATA_DIR are empty; set a database URL")
        pipeline = cls(crawler, url, crawl_options(crawler.settings))
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        self.store = ArticleStore(self.url)
        self.crawl_id = self.store.begin_crawl(self.options)
        self.stats.set_value("eureporter/crawl_id", self.crawl_id)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticlePage) or item.article is None or self.store is None:
            return item
        warc = item.warc
        try:
            outcomes = self.store.add(
                item.article.asdict(),
                warc_file=warc.get("payload_file") or warc.get("file"),
                warc_record_id=warc.get("payload_record_id") or warc.get("record_id"),
                warc_offset=warc.get("payload_offset", warc.get("offset")),
                fetched_at=item.fetched_at,
                crawl_id=self.crawl_id,
            )
        except StoreError as exc:
            self._fail(exc)
            raise DropItem(f"Not stored (database error): {item.url}") from exc
        self._count(outcomes)
        return item.article

    def _count(self, outcomes: list[tuple[str, str]] | None) -> None:
        for _url, outcome in outcomes or ():
            self.stats.inc_value(f"eureporter/sql/{outcome}")

    def _fail(self, exc: StoreError) -> None:
        self.stats.inc_value("eureporter/sql/errors")
        if self.stats.get_value("finish_reason") is None and self.crawler.engine is not None:
            logger.error("Database error, stopping the crawl (the WARC files keep every page): %s", exc)
            self.stats.set_value("eureporter/database_error", str(exc))
            asyncio.ensure_future(self.crawler.engine.close_spider_async(reason="database_error"))

    def close_spider(self) -> None:
        if self.store is None:
            return
        try:
            self._count(self.store.flush())
        except StoreError as exc:
            self.stats.inc_value("eureporter/sql/errors")
            logger.error("Database error while writing the last batch (run `eureporter reprocess`): %s", exc)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.store is None:
            return
        try:
            stats = self.stats.get_stats()
            status = "failed" if stats.get("eureporter/monitor/failures") else _status(reason)
            self.store.end_crawl(self.crawl_id, status=status, finish_reason=reason, stats=stats)
        except StoreError as exc:
            logger.error("Could not record the crawl run in the database: %s", exc)
        finally:
            self.store.close()
            self.store = None


def _status(reason: str) -> str:
    if reason == "finished" or reason.startswith("closespider_"):
        return "finished"
    if reason == "shutdown":
        return "interrupted"
    return "failed"
