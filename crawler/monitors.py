"""Spidermon checks run when a crawl closes: they turn silent failures into a failed run with a clear message.

A crawl that "finished" can still have done nothing useful: the site answered 403 to our User-Agent, a theme change
left every article without a body, the database went away. Scrapy counts these but exits as usual; these monitors
name them. Failures are logged at ERROR and stored in the stat `eureporter/monitor/failures` (also in the crawls
table), and `eureporter crawl` exits 1 on them. Spidermon's own actions (e-mail, Slack, …) can be added to the suite
through its settings.
"""

from __future__ import annotations

import logging
import warnings
from typing import Any

from scrapy.exceptions import ScrapyDeprecationWarning
from spidermon import Monitor, MonitorSuite
from spidermon.core.actions import Action

logger = logging.getLogger(__name__)

# Spidermon 1.x still logs through Spider.log(), deprecated in Scrapy 2.14; the message is Spidermon's, not ours.
warnings.filterwarnings(
    "ignore", message=r"Spider\.log\(\) is deprecated", category=ScrapyDeprecationWarning, module=r"spidermon\."
)

FAILURES = "eureporter/monitor/failures"


class CrawlHealthMonitor(Monitor):
    """The run fetched, extracted and stored what a healthy crawl does."""

    longMessage = False  # the message alone, without unittest's "True is not false : " prefix

    def _stat(self, name: str) -> int:
        return int(self.data.stats.get(name, 0) or 0)

    def _setting(self, name: str) -> Any:
        return self.data.crawler.settings.get(name)

    def test_site_does_not_refuse_us(self) -> None:
        responses = self._stat("downloader/response_count")
        forbidden = self._stat("downloader/response_status_count/403")
        ratio = float(self._setting("EUREPORTER_MONITOR_MAX_FORBIDDEN_RATIO"))
        self.assertFalse(
            responses and forbidden / responses > ratio,
            msg=f"The site answered 403 Forbidden to {forbidden} of {responses} requests: it is probably blocking "
            f"our User-Agent ({self._setting('USER_AGENT')!r}). Check the USER_AGENT setting and "
            "EUREPORTER_CONTACT_URL, or ask the site's operators to allow the crawler.",
        )

    def test_articles_were_found(self) -> None:
        responses = self._stat("downloader/response_count")
        discovered = sum(
            self._stat(f"eureporter/incremental/{k}") for k in ("new", "changed", "refresh", "full", "skipped")
        )
        self.assertFalse(
            responses and not discovered and not self._stat("eureporter/budget/dropped"),
            msg=f"{responses} pages were fetched but no article URL was found in the feed, sitemaps or listings: the "
            "site's URL structure or listing markup may have changed (run `eureporter canary`).",
        )

    def test_articles_were_extracted(self) -> None:
        pages = self._stat("eureporter/pages/article")
        articles = self._stat("eureporter/extract/articles")
        self.assertFalse(
            pages and not articles,
            msg=f"{pages} article pages were fetched but no article was extracted: the page layout may have "
            "changed (run `eureporter canary`).",
        )

    def test_extraction_failure_rate(self) -> None:
        pages = self._stat("eureporter/pages/article")
        failed = self._stat("eureporter/extract/empty") + self._stat("eureporter/extract/error")
        limit = float(self._setting("EUREPORTER_MONITOR_MAX_EXTRACTION_FAILURES"))
        # A total failure is reported by test_articles_were_extracted.
        self.assertFalse(
            pages >= 10 and self._stat("eureporter/extract/articles") and failed / pages > limit,
            msg=f"Extraction failed on {failed} of {pages} article pages ({failed / max(pages, 1):.0%}, more than "
            f"EUREPORTER_MONITOR_MAX_EXTRACTION_FAILURES = {limit:.0%}): the page layout may have changed.",
        )

    def test_dataset_was_written(self) -> None:
        errors = self._stat("eureporter/sql/errors")
        self.assertFalse(
            errors,
            msg=f"{errors} database errors: some articles are not in the dataset (the WARC files have them; run "
            "`eureporter reprocess` once the database is back).",
        )


class RecordFailures(Action):
    """Log each failed check and keep the messages in the crawl's stats, where the CLI and the crawls table see them."""

    def run_action(self) -> None:
        messages = [
            str(getattr(r, "reason", None) or getattr(r, "error", "")) for r in self.result.monitors_failed_results
        ]
        for message in messages:
            logger.error("Crawl check failed: %s", message)
        self.data.crawler.stats.set_value(FAILURES, messages)


class CloseSuite(MonitorSuite):
    """The checks run at spider close (SPIDERMON_SPIDER_CLOSE_MONITORS)."""

    monitors = [CrawlHealthMonitor]  # noqa: RUF012 - Spidermon's declarative API
    monitors_failed_actions = [RecordFailures]  # noqa: RUF012
