"""End-of-crawl checks (Spidermon): each silent failure becomes a named failure in the run's stats."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pytest
from scrapy import Spider
from scrapy.exceptions import ScrapyDeprecationWarning
from scrapy.statscollectors import StatsCollector
from spidermon.contrib.scrapy.runners import SpiderMonitorRunner

from crawler.commands.run import project_settings
from crawler.monitors import FAILURES, CloseSuite

if TYPE_CHECKING:
    from scrapy.settings import Settings

HEALTHY = {
    "downloader/response_count": 120,
    "downloader/response_status_count/200": 118,
    "downloader/response_status_count/403": 2,
    "eureporter/incremental/new": 100,
    "eureporter/pages/article": 100,
    "eureporter/extract/articles": 97,
    "eureporter/extract/empty": 3,
}


@dataclass
class StubCrawler:
    """What the checks read of a crawler: its settings and its stats (a real StatsCollector)."""

    settings: Settings
    stats: StatsCollector = field(init=False)

    def __post_init__(self) -> None:
        self.stats = StatsCollector(self)  # type: ignore[arg-type]


def run_checks(stats: dict[str, object]) -> list[str]:
    crawler = StubCrawler(project_settings())
    for name, value in stats.items():
        crawler.stats.set_value(name, value)
    spider = Spider(name="eureporter")
    data = {
        "stats": crawler.stats.get_stats(),
        "stats_history": [],
        "crawler": crawler,
        "spider": spider,
        "sc_spider_name": spider.name,
        "job": None,
    }
    with warnings.catch_warnings():
        # Spidermon's runner logs through Spider.log(), deprecated by Scrapy 2.14 (its issue, not ours).
        warnings.simplefilter("ignore", ScrapyDeprecationWarning)
        SpiderMonitorRunner(spider=spider).run(CloseSuite(crawler=crawler), **data)
    return list(crawler.stats.get_value(FAILURES) or [])


def test_healthy_run_passes() -> None:
    assert run_checks(HEALTHY) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"downloader/response_status_count/403": 100}, "USER_AGENT"),
        ({"eureporter/incremental/new": 0}, "no article URL was found"),
        ({"eureporter/extract/articles": 0, "eureporter/extract/empty": 100}, "no article was extracted"),
        ({"eureporter/extract/articles": 70, "eureporter/extract/empty": 30}, "Extraction failed on 30 of 100"),
        ({"eureporter/sql/errors": 2}, "eureporter reprocess"),
    ],
)
def test_each_silent_failure_is_named(change: dict[str, int], expected: str) -> None:
    failures = run_checks({**HEALTHY, **change})
    assert len(failures) == 1
    assert expected in failures[0]


@pytest.mark.parametrize("judgement", ["skipped", "revisit", "unarchived", "changed", "full"])
def test_an_incremental_run_that_found_only_stored_articles_is_healthy(judgement: str) -> None:
    assert run_checks({"downloader/response_count": 40, f"eureporter/incremental/{judgement}": 300}) == []
