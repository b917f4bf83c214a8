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

        if args[0] == "eureporter" and (refusal := self._refusal()) is not None:
            message, self.exitcode = refusal
            print(f"scrapy crawl: {message}", file=sys.stderr)
            return
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

    def _refusal(self) -> tuple[str, int] | None:
        """Why the crawl would refuse to start, said in one line before Scrapy starts it (its extensions would raise
        in the middle of Scrapy's start-up and end in a traceback): the placeholder operator contact (exit 2) or a data
        directory another crawl holds (exit 1)."""
        from crawler import __version__
        from crawler.extensions.identity import identity_problem
        from crawler.extensions.lock import DataDirLock, DataDirLocked
        from crawler.options import data_dir

        assert self.settings is not None
        contact = self.settings.get("EUREPORTER_CONTACT_URL")
        if (self.settings.getpriority("EUREPORTER_CONTACT_URL") or 0) > (self.settings.getpriority("USER_AGENT") or 0):
            # -s EUREPORTER_CONTACT_URL=…: the settings module built USER_AGENT from the environment's contact.
            self.settings.set("USER_AGENT", f"EUReporterArchiveBot/{__version__} (+{contact})", priority="cmdline")
        problem = identity_problem(self.settings)
        if problem is not None:
            return problem, 2
        try:
            DataDirLock.acquire(data_dir(self.settings)).release()
        except DataDirLocked as exc:
            return str(exc), 1
        return None
