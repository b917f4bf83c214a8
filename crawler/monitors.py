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

from crawler.downloadermiddlewares.robots import UNREACHABLE_HOSTS
from crawler.failures import ARTICLE_FAILURES, FIRST, NOT_FAILURES
from crawler.spidermiddlewares.incremental import JUDGEMENTS
from crawler.spidermiddlewares.incremental import STATS as INCREMENTAL

logger = logging.getLogger(__name__)

# Spidermon 1.x still logs through Spider.log(), deprecated in Scrapy 2.14; the message is Spidermon's, not ours.
warnings.filterwarnings(
    "ignore", message=r"Spider\.log\(\) is deprecated", category=ScrapyDeprecationWarning, module=r"spidermon\."
)

FAILURES = "eureporter/monitor/failures"
BLOCKING_KINDS = ("challenge", "consent")
"""Pages served in place of the article that mean the site keeps us out (a soft 404 is the site's own mistake)."""


class OneLineReport(logging.Filter):
    """Spidermon logs each failed check as a unittest report (a separator, the test's name, an AssertionError
    traceback) through the spider's logger. The check's message is logged in one line by RecordFailures: drop the
    report, keep Spidermon's one-line "test... FAIL" lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.msg if isinstance(record.msg, str) else ""
        return not (message.startswith("[Spidermon]") and record.levelno >= logging.ERROR)


def _install_filter(name: str = "eureporter") -> None:
    target = logging.getLogger(name)  # the spider's logger (Spider.logger is named after the spider)
    if not any(isinstance(f, OneLineReport) for f in target.filters):
        target.addFilter(OneLineReport())


_install_filter()


class CrawlHealthMonitor(Monitor):
    """The run fetched, extracted and stored what a healthy crawl does."""

    longMessage = False  # the message alone, without unittest's "True is not false : " prefix

    def _stat(self, name: str) -> int:
        return int(self.data.stats.get(name, 0) or 0)

    def _setting(self, name: str) -> Any:
        return self.data.crawler.settings.get(name)

    def _failures(self) -> dict[str, int]:
        prefix = "eureporter/failed/"
        return {
            name[len(prefix) :]: int(value)
            for name, value in self.data.stats.items()
            if name.startswith(prefix) and isinstance(value, int) and name[len(prefix) :] not in NOT_FAILURES
        }

    def test_site_was_reached(self) -> None:
        responses = self._stat("downloader/response_count")
        stopped = self.data.stats.get("eureporter/database_error") or self.data.stats.get("eureporter/archive_error")
        if responses or stopped:
            return  # fetched something, or stopped by its own storage before it could (the CLI names that)
        failures = self._failures()
        first: dict[str, str] = dict(self.data.stats.get(FIRST) or {})
        for kind in ("dns", "connection_refused", "timeout"):
            if kind in first:
                # "URL: could not resolve HOST: check the network, …": the cause and the fix, without the URL.
                what = first[kind].split(": ", 1)[-1] if kind != "timeout" else first[kind]
                self.fail(f"Nothing was fetched: {what}")
        if not failures:
            # No request failed: none was made (a distributed worker that joined as the crawl ended, say).
            return
        kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(failures.items()))
        self.fail(f"Nothing was fetched ({kinds}): check --site and the network")

    def test_robots_txt_was_reachable(self) -> None:
        hosts: dict[str, str] = dict(self.data.stats.get(UNREACHABLE_HOSTS) or {})
        if not hosts or not self._stat("downloader/response_count"):
            return  # nothing answered at all: test_site_was_reached names the cause
        named = "; ".join(f"{host} ({why})" for host, why in sorted(hosts.items()))
        self.fail(
            f"robots.txt could not be fetched from {named}: nothing was fetched from there, as RFC 9309 asks of an "
            "unreachable robots.txt; run the crawl again later (the site may be down or overloaded)"
        )

    def test_article_requests_did_not_all_fail(self) -> None:
        failed = self._stat(ARTICLE_FAILURES)
        answered = sum(
            self._stat(f"eureporter/pages/{k}") for k in ("article", "not_modified", "not_html", "too_large")
        )
        if not failed or answered or not self._stat("downloader/response_count"):
            return
        first: dict[str, str] = dict(self.data.stats.get(FIRST) or {})
        example = next(iter(first.values()), "")
        self.fail(
            f"All {failed} article requests failed (e.g. {example}): the site may be down or refusing us; run the "
            "crawl again later: nothing is lost, the articles are fetched then"
        )

    def _walled_listings(self) -> int:
        return sum(self._stat(f"eureporter/pages/not_listing/{kind}") for kind in BLOCKING_KINDS)

    def test_site_does_not_challenge_us(self) -> None:
        # Article pages, and listing pages that were a wall (a site walled off entirely shows no article to fetch).
        walled = self._walled_listings()
        pages = self._stat("eureporter/pages/article") + walled
        blocked = sum(self._stat(f"eureporter/pages/not_article/{kind}") for kind in BLOCKING_KINDS) + walled
        ratio = float(self._setting("EUREPORTER_MONITOR_MAX_FORBIDDEN_RATIO"))
        self.assertFalse(
            pages and blocked / pages > ratio,
            msg=f"{blocked} of {pages} pages were a bot check or consent wall instead of the page: the "
            f"site is probably keeping our crawler out ({self._setting('USER_AGENT')!r}). Check the USER_AGENT setting "
            "and EUREPORTER_CONTACT_URL, or ask the site's operators to allow the crawler; nothing was stored from "
            "those pages and the next run fetches them again.",
        )

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
        discovered = sum(self._stat(f"{INCREMENTAL}/{judgement}") for judgement in JUDGEMENTS)
        self.assertFalse(
            responses
            and not discovered
            and not self._stat("eureporter/budget/dropped")
            and not self.data.stats.get(UNREACHABLE_HOSTS)
            and not self._walled_listings(),
            msg=f"{responses} pages were fetched but no article URL was found in the feed, sitemaps or listings: the "
            "site's URL structure or listing markup may have changed (run `eureporter canary`).",
        )

    def _article_pages(self) -> int:
        """Article pages that were the article (not a challenge, consent wall or soft 404 in its place)."""
        return self._stat("eureporter/pages/article") - self._stat("eureporter/pages/not_article")

    def test_articles_were_extracted(self) -> None:
        pages = self._article_pages()
        articles = self._stat("eureporter/extract/articles")
        self.assertFalse(
            pages and not articles,
            msg=f"{pages} article pages were fetched but no article was extracted: the page layout may have "
            "changed (run `eureporter canary`).",
        )

    def test_extraction_failure_rate(self) -> None:
        pages = self._article_pages()
        failed = self._stat("eureporter/extract/empty") + self._stat("eureporter/extract/error")
        limit = float(self._setting("EUREPORTER_MONITOR_MAX_EXTRACTION_FAILURES"))
        # A total failure is reported by test_articles_were_extracted.
        self.assertFalse(
            pages >= 10 and self._stat("eureporter/extract/articles") and failed / pages > limit,
            msg=f"Extraction failed on {failed} of {pages} article pages ({failed / max(pages, 1):.0%}, more than "
            f"EUREPORTER_MONITOR_MAX_EXTRACTION_FAILURES = {limit:.0%}): the page layout may have changed.",
        )

    def test_layout_did_not_drift(self) -> None:
        articles = self._stat("eureporter/extract/articles")
        fallback = self._stat("eureporter/extract/reader/fallback")
        limit = float(self._setting("EUREPORTER_MONITOR_MAX_FALLBACK_RATIO"))
        # The rows are stored either way (Article.reader = "fallback"): this says the Zox structure is gone.
        self.assertFalse(
            articles >= 10 and fallback / articles > limit,
            msg=f"Layout drift: {fallback} of {articles} articles ({fallback / max(articles, 1):.0%}, more than "
            f"EUREPORTER_MONITOR_MAX_FALLBACK_RATIO = {limit:.0%}) had no Zox News body container "
            "(#mvp-content-main) and were read by the fallback reader: the site's theme changed. They are stored, "
            "marked reader = 'fallback'; check their text, run `eureporter canary` and update "
            "crawler/extraction/zox.py.",
        )

    def test_dataset_was_written(self) -> None:
        errors = self._stat("eureporter/sql/errors")
        self.assertFalse(
            errors,
            msg=f"{errors} database errors: some articles of this run are not in the dataset. Fix the database (see "
            "the error above), then run the crawl again: it fetches what was not stored (or `eureporter reprocess` "
            "rebuilds the rows from the WARC files).",
        )


class RecordFailures(Action):
    """Log each failed check and keep the messages in the crawl's stats, where the CLI and the crawls table see them."""

    def run_action(self) -> None:
        results = sorted(self.result.monitors_failed_results, key=_priority)
        messages = [str(getattr(r, "reason", None) or getattr(r, "error", "")) for r in results]
        for message in messages:
            logger.error("Crawl check failed: %s", message)
        self.data.crawler.stats.set_value(FAILURES, messages)


# The order in which failed checks are reported, first the cause of the others (unittest runs them by name).
PRIORITY = (
    "test_site_was_reached",
    "test_robots_txt_was_reachable",
    "test_site_does_not_refuse_us",
    "test_site_does_not_challenge_us",
    "test_article_requests_did_not_all_fail",
    "test_dataset_was_written",
    "test_articles_were_found",
    "test_articles_were_extracted",
    "test_extraction_failure_rate",
    "test_layout_did_not_drift",
)


def _priority(result: Any) -> int:
    name = getattr(getattr(result, "item", None), "_testMethodName", "")
    return PRIORITY.index(name) if name in PRIORITY else len(PRIORITY)


class CloseSuite(MonitorSuite):
    """The checks run at spider close (SPIDERMON_SPIDER_CLOSE_MONITORS)."""

    monitors = [CrawlHealthMonitor]  # noqa: RUF012 - Spidermon's declarative API
    monitors_failed_actions = [RecordFailures]  # noqa: RUF012
