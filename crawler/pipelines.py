"""SqlPipeline: each extracted article page into the SQL dataset."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import DropItem, NotConfigured

from crawler.items import ArticlePage
from crawler.options import crawl_options, sql_url
from storage.sql import ArticleStore, StoreError

if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Self

    from scrapy import Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


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
        if not isinstance(item, ArticlePage) or self.store is None:
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
            raise DropItem(f"Not stored (database error): {item.article.url}") from exc
        self._count(outcomes)
        return item.article

    def _count(self, outcomes: Sequence[tuple[str, str]] | None) -> None:
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
