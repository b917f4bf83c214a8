"""PageBudgetMiddleware: --max-pages, exactly (Scrapy's CLOSESPIDER_PAGECOUNT overshoots by the requests in flight)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest, NotConfigured

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


class PageBudgetMiddleware:
    """Let at most EUREPORTER_MAX_PAGES requests reach the network (robots.txt, retries included), then drop the rest.

    Counting at the downloader, not at the spider, means duplicates filtered by the scheduler never use the budget.
    The crawl then ends on its own as the queue drains; the finish reason stays "finished".
    """

    def __init__(self, stats: StatsCollector, max_pages: int) -> None:
        self.stats = stats
        self.max_pages = max_pages
        self.issued = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        max_pages = crawler.settings.getint("EUREPORTER_MAX_PAGES")
        if max_pages < 0:
            raise ValueError(f"EUREPORTER_MAX_PAGES ({max_pages!r}) must be 0 (no limit) or a positive number")
        if max_pages == 0:
            raise NotConfigured  # no budget: stay out of the chain, silently
        return cls(crawler.stats, max_pages)

    def process_request(self, request: Request) -> None:
        if self.issued >= self.max_pages:
            if not self.stats.get_value("eureporter/budget/dropped"):
                logger.info("Page budget of %d reached; dropping further requests", self.max_pages)
            self.stats.inc_value("eureporter/budget/dropped")
            raise IgnoreRequest(f"--max-pages {self.max_pages} reached")
        self.issued += 1
