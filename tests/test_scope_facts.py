"""Site facts the crawl relies on (issue #11, item 5), checked where the crawl uses them: service hosts are never
editions, even when a page advertises them; date-times without an offset are Brussels time; an edition page whose text
is in another language is stored with the language of its text, and counted."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import pytest
from lxml.html import fromstring
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

import settings as project_settings
from crawler.extraction import extract_article, language
from crawler.extraction.metadata import PageMeta
from crawler.items import ArticlePage
from crawler.meta import EDITION
from crawler.spiders.eureporter import EUReporterSpider
from replica import Replica, ReplicaConfig

if TYPE_CHECKING:
    from collections.abc import Iterable

WWW = "https://www.eureporter.co"
PATH = "/world/2024/10/03/kazakhstan-becomes-a-more-reliable-partner/"


@pytest.fixture
def spider() -> Iterable[EUReporterSpider]:
    values = {name: getattr(project_settings, name) for name in dir(project_settings) if name.startswith("EUREPORTER_")}
    crawler = get_crawler(EUReporterSpider, {**values, "EUREPORTER_EXTRACT_WORKERS": 0, "EUREPORTER_SITE": WWW})
    spider = EUReporterSpider.from_crawler(crawler)
    yield spider
    spider.workers.close()


def test_service_hosts_are_never_editions_even_when_a_page_advertises_them(spider: EUReporterSpider) -> None:
    alternates = {code: f"https://{code}.eureporter.co{PATH}" for code in ("fr", "cdn", "api", "dev")}
    requested = {request.meta[EDITION]: request.url for request in spider.edition_requests(alternates, WWW + PATH)}
    assert requested == {"fr": f"https://fr.eureporter.co{PATH}"}
    for label in ("cdn", "api", "dev"):
        assert spider.scope.language_of(f"https://{label}.eureporter.co{PATH}") is None
        assert not spider.scope.in_scope(f"https://{label}.eureporter.co{PATH}")
        assert language.edition(f"{label}.eureporter.co") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-01-15T09:30:00", "2024-01-15T09:30:00+01:00"),  # CET
        ("2024-07-15T09:30:00", "2024-07-15T09:30:00+02:00"),  # CEST
        ("2024-03-31T02:30:00", "2024-03-31T02:30:00+01:00"),  # the hour skipped when clocks go forward
        ("2024-07-15T09:30:00Z", "2024-07-15T09:30:00+00:00"),  # a stated offset stays
    ],
)
def test_times_without_an_offset_are_brussels_time_on_the_site(value: str, expected: str) -> None:
    page = f'<html><head><meta property="article:published_time" content="{value}"></head><body></body></html>'
    for host in ("www", "fr"):
        assert PageMeta(fromstring(page), f"https://{host}.eureporter.co{PATH}").published() == expected
    # Elsewhere nobody knows the zone: the time stays as written.
    assert PageMeta(fromstring(page), f"https://news.example.org{PATH}").published() == value.replace("Z", "+00:00")


def test_untranslated_edition_page_is_stored_in_its_language_and_counted(spider: EUReporterSpider) -> None:
    """The translation proxy sometimes serves the English page on fr. (ANATOMY §3): the row keeps the fr. URL and
    edition, with language "en", and the crawl counts it."""
    replica = Replica(ReplicaConfig(articles=30, languages=("en", "fr")))
    post = replica.posts()[-1]
    _, headers, english_page = replica.handle("GET", "www.eureporter.test", post.path, {})
    url = f"http://fr.eureporter.test{post.path}"
    spider.scope = type(spider.scope).from_site("http://www.eureporter.test")
    spider.scope.advertise("fr")
    response = HtmlResponse(url, body=english_page, headers=dict(headers), request=Request(url, meta={EDITION: "fr"}))

    async def parse() -> list[object]:
        return [output async for output in spider.parse_article(response)]

    (page,) = [output for output in asyncio.run(parse()) if isinstance(output, ArticlePage)]
    assert page.article.url == url
    assert page.article.language == "en"
    assert page.article.text == "\n".join(post.paragraphs("en"))
    stats = spider.crawler.stats
    assert stats.get_value("eureporter/extract/language_mismatch") == 1
    assert stats.get_value("eureporter/extract/language/en") == 1
    # A translated page on the same host keeps its edition's language.
    _, _, french_page = replica.handle("GET", "fr.eureporter.test", post.path, {})
    assert extract_article(french_page, url).language == "fr"
