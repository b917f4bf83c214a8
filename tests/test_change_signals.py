"""The site's change signals, read without the network: the feed in modification order (paged back to the previous
crawl, and given up on when the site ignores the order or the paging) and which stored editions an English page's
last change left behind."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest
from scrapy import Request
from scrapy.http import TextResponse
from scrapy.utils.test import get_crawler

import settings as project_settings
from crawler.meta import FEED_SINCE
from crawler.spidermiddlewares.incremental import IncrementalMiddleware, _fresh_editions
from crawler.spiders.eureporter import EUReporterSpider
from crawler.spiders.sources import FEED_PREVIOUS, MODIFIED_FEED
from storage.sql import ArticleStore

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterable
    from pathlib import Path
    from typing import Any

WWW = "https://www.eureporter.co"
SINCE = "2026-11-20T19:00:00+00:00"


def make_spider(**settings: object) -> EUReporterSpider:
    # The spider's own settings only: no extensions (the crawl's identity check, the archive) for a unit test.
    values = {name: getattr(project_settings, name) for name in dir(project_settings) if name.startswith("EUREPORTER_")}
    crawler = get_crawler(
        EUReporterSpider, {**values, "EUREPORTER_EXTRACT_WORKERS": 0, "EUREPORTER_SITE": WWW, **settings}
    )
    spider = EUReporterSpider.from_crawler(crawler)
    crawler.spider = spider
    return spider


@pytest.fixture
def spider() -> Iterable[EUReporterSpider]:
    spider = make_spider()
    yield spider
    spider.workers.close()


def atom(entries: list[tuple[str, str]]) -> bytes:
    items = "".join(
        f'<entry><link rel="alternate" href="{WWW}/world/2026/11/{day}/post-{day}/"/><updated>{updated}</updated>'
        "</entry>"
        for day, updated in entries
    )
    return f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">{items}</feed>'.encode()


def feed_page(entries: list[tuple[str, str]], page: int = 1, previous: tuple[str, ...] = ()) -> TextResponse:
    url = f"{WWW}{MODIFIED_FEED}" + (f"&paged={page}" if page > 1 else "")
    meta = {FEED_SINCE: SINCE, "eureporter_feed_page": page, FEED_PREVIOUS: previous}
    return TextResponse(url, body=atom(entries), request=Request(url, meta=meta))


def outputs(spider: EUReporterSpider, response: TextResponse) -> tuple[list[str], list[str]]:
    """(article URLs, next feed pages) the spider asks for."""
    requests = list(spider.parse_modified_feed(response))
    articles = [r.url for r in requests if r.callback == spider.parse_article]
    return articles, [r.url for r in requests if r.callback == spider.parse_modified_feed]


NEWER = [("25", "2026-11-25T15:00:00Z"), ("24", "2026-11-24T13:00:00Z"), ("12", "2026-11-23T12:00:00Z")]


def test_modified_feed_is_paged_back_to_the_previous_crawl(spider: EUReporterSpider) -> None:
    articles, more = outputs(spider, feed_page(NEWER))
    assert len(articles) == 3
    assert more == [f"{WWW}{MODIFIED_FEED}&paged=2"]
    # A page reaching back past the previous crawl's start ends the paging.
    _, more = outputs(spider, feed_page([("10", "2026-11-21T12:00:00Z"), ("02", "2026-11-19T12:00:00Z")], page=2))
    assert more == []


def test_modified_feed_in_another_order_is_not_paged(spider: EUReporterSpider) -> None:
    _, more = outputs(spider, feed_page([NEWER[1], NEWER[0], NEWER[2]]))
    assert more == []
    assert spider.crawler.stats.get_value("eureporter/feed/modified_unordered") == 1


def test_modified_feed_whose_paging_is_ignored_stops(spider: EUReporterSpider) -> None:
    """A page cache keyed on the path answers paged=2 with page 1: asking for page 3 to 10 would repeat it."""
    links = tuple(f"{WWW}/world/2026/11/{day}/post-{day}/" for day, _ in NEWER)
    articles, more = outputs(spider, feed_page(NEWER, page=2, previous=links))
    assert len(articles) == 3  # judged as usual (each <updated> is still true)
    assert more == []
    assert spider.crawler.stats.get_value("eureporter/feed/modified_paging_ignored") == 1


def at(day: int) -> datetime:
    return datetime(2026, 11, day, 12, 0, tzinfo=UTC)


def test_editions_stored_before_the_english_pages_last_change_are_fetched_again() -> None:
    english = {"edition": "en", "modified_at": at(24), "archive_status": None}
    rows = [
        english,
        {"edition": "fr", "modified_at": at(24), "archive_status": None},  # fetched after the change
        {"edition": "de", "modified_at": at(21), "archive_status": None},  # from before it: a run stopped between
        {"edition": "it", "modified_at": None, "archive_status": None},  # nothing to compare: kept
        {"edition": "id", "modified_at": at(24), "archive_status": "unarchived"},  # its WARC record was lost
    ]
    assert _fresh_editions(english, rows) == {"en", "fr", "it"}
    assert _fresh_editions({**english, "modified_at": None}, rows) == {"en", "fr", "de", "it"}


def test_articles_judged_earlier_in_the_run_are_not_asked_for_again_by_any_page(spider: EUReporterSpider) -> None:
    """A page that carries no pagination facts (an archive's other spelling, a walled listing) may still list posts
    the run already judged as stored and unchanged: they stay unfetched. (They slipped through, so a revisit came
    days before the schedule called for it.)"""
    middleware = IncrementalMiddleware.from_crawler(spider.crawler)
    stored = spider.article_request(f"{WWW}/world/2026/11/12/post-12/")
    assert stored is not None
    middleware.needed[stored.url] = False  # judged (from a sitemap, say): stored, nothing to do
    listing = TextResponse(f"{WWW}/world/", body=b"<html></html>", request=Request(f"{WWW}/world/"))
    again = stored.replace()
    assert asyncio.run(middleware._filter(listing, [again])) == []


@pytest.mark.parametrize("stored", [False, True])
def test_a_first_run_looks_nothing_up(tmp_path: Path, stored: bool) -> None:
    """An empty dataset: every article is new, so the run reads nothing more from it (on a backfill of tens of
    thousands of pages that is one query per page saved)."""
    url = f"sqlite:///{tmp_path / 'eureporter.db'}"
    store = ArticleStore(url)
    if stored:
        store.add(
            {"url": f"{WWW}/world/2026/11/12/post-12/", "title": "T", "text": "Body.", "language": "en"},
            fetched_at="2026-11-12T10:00:00Z",
            warc_file="x.warc.gz",
            warc_record_id="<urn:uuid:00000000-0000-0000-0000-000000000000>",
            warc_offset=0,
        )
    store.close()
    spider = make_spider(EUREPORTER_SQL_URL=url)
    crawler = spider.crawler
    middleware = IncrementalMiddleware.from_crawler(crawler)

    async def start() -> None:
        async def nothing() -> AsyncIterator[Any]:
            return
            yield

        async for _ in middleware.process_start(nothing()):
            pass

    asyncio.run(start())
    assert middleware.fresh is not stored
    assert crawler.stats.get_value("eureporter/incremental/first_run") is (None if stored else True)
    if middleware.database is not None:
        middleware.database.close()
    spider.workers.close()
