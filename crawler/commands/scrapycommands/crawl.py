"""`scrapy crawl`, exiting 1 with one line naming the cause and the fix when the run failed, as `eureporter crawl`
does (Scrapy's exits 0 after any crawl that started, so a cron job's `|| mail` never heard of a failed run)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from scrapy.commands.crawl import Command as ScrapyCrawl

if TYPE_CHECKING:
    import argparse


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1 or self.crawler_process is None:
            super().run(args, opts)  # Scrapy's usage errors
            return
        from crawler.commands.run import CrawlResult

        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        if crawler.stats is None or crawler.spider is None or crawler.spider.name != "eureporter":
            return  # another project's spider: Scrapy's outcome
        problem = CrawlResult(stats=dict(crawler.stats.get_stats()), elapsed=0.0).problem()
        if problem is not None:
            print(f"scrapy crawl: {problem}", file=sys.stderr)
            self.exitcode = 1
