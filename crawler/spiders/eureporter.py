"""EUReporterSpider: robots.txt, sitemaps, feeds and listings -> article pages -> their language editions."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request, Spider
from scrapy.exceptions import NotConfigured
from scrapy.utils.sitemap import sitemap_urls_from_robots

from crawler.extraction.links import articles_from_sitemap, feed_entries, lists_posts
from crawler.extraction.pages import PageRead, read_article, read_listing
from crawler.failures import RequestFailures
from crawler.items import ArticlePage
from crawler.meta import (
    ARTICLE,
    FEED,
    FEED_ETAG,
    FEED_LAST_MODIFIED,
    NEXT_PAGE,
    RAW_BODY,
    SITEMAP_DEPTH,
    SITEMAP_QUEUE,
    WARC,
)
from crawler.scope import SiteScope, article_match, canonical_page_url, is_listing_path, permalink_date
from crawler.workers import WorkerPool, default_workers
from storage.httpbody import MAX_DECODED_BYTES, declared_charset, is_html

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from twisted.python.failure import Failure

logger = logging.getLogger(__name__)

# Scheduler priorities: finish what is discovered before discovering more, so the frontier (and memory) stays small
# and a --max-pages budget is spent on articles rather than on listing pages.
PRIORITY_ROBOTS = 50
PRIORITY_EDITION = 30
PRIORITY_ARTICLE = 20
PRIORITY_DISCOVERY = 10

# Sitemap indexes listing indexes are followed this deep at most (robots.txt -> index -> sitemaps is depth 2).
MAX_SITEMAP_DEPTH = 3

# Well-known sitemap locations tried when robots.txt names none (WordPress core, then Yoast/Rank Math).
FALLBACK_SITEMAPS = ("/wp-sitemap.xml", "/sitemap_index.xml")


def parse_languages(value: str) -> frozenset[str] | None:
    """ "all" -> None (every edition the pages advertise); "en,fr" -> {"en", "fr"}."""
    value = value.strip().lower()
    if value == "all":
        return None
    codes = frozenset(code.strip() for code in value.split(",") if code.strip())
    if not codes:
        raise ValueError(f"EUREPORTER_LANGUAGES ({value!r}) must be 'all' or comma-separated codes such as en,fr,de")
    return codes


DISCOVERY_SOURCES = ("sitemaps", "feed", "listings")


def parse_discovery(value: str) -> frozenset[str]:
    sources = frozenset(s.strip().lower() for s in value.split(",") if s.strip())
    unknown = sources - set(DISCOVERY_SOURCES)
    if not sources or unknown:
        raise ValueError(
            f"EUREPORTER_DISCOVERY ({value!r}) must list some of {', '.join(DISCOVERY_SOURCES)}, comma-separated"
        )
    return sources


def parse_since(value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValueError(f"EUREPORTER_SINCE ({value!r}) must be a date, YYYY-MM-DD") from exc


class EUReporterSpider(Spider):
    """Discovers EU Reporter articles and fetches every wanted language edition of each.

    Discovery uses every source the site offers, because none is guaranteed on the live site: the Sitemap: lines of
    robots.txt (and the WordPress default locations), the RSS feed, and the home page plus category archives with
    their /page/N/ pagination. Articles are recognised by their permalink; editions come from the English page's
    hreflang alternates and, for languages asked for explicitly, from the edition host at the same path.
    """

    name = "eureporter"
    failures: RequestFailures
    workers: WorkerPool
    max_bytes: int

    def __init__(
        self,
        *args: Any,
        scope: SiteScope,
        languages: frozenset[str] | None,
        since: date | None,
        discovery: frozenset[str] = frozenset(DISCOVERY_SOURCES),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.languages = languages
        self.since = since
        self.discovery = discovery
        for code in languages or ():
            scope.advertise(code)  # asked for by the operator: an edition host even before the site advertises it
        # English article URLs already asked for from a listing page in this run (bounded by the site's size).
        self.listed: set[str] = set()
        # Sitemaps asked for in this run.
        self.sitemaps: set[str] = set()
        # OffsiteMiddleware's safety net (it reads this at spider_opened); our own scope check is stricter.
        self.allowed_domains = [scope.domain]

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        settings = crawler.settings
        try:
            scope = SiteScope.from_site(settings.get("EUREPORTER_SITE"))
            languages = parse_languages(settings.get("EUREPORTER_LANGUAGES"))
            since = parse_since(settings.get("EUREPORTER_SINCE"))
            discovery = parse_discovery(settings.get("EUREPORTER_DISCOVERY"))
        except ValueError as exc:
            raise NotConfigured(str(exc)) from exc
        kwargs.update(scope=scope, languages=languages, since=since, discovery=discovery)
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.failures = RequestFailures(crawler)
        spider.workers = WorkerPool(default_workers(settings.getint("EUREPORTER_EXTRACT_WORKERS")))
        spider.max_bytes = settings.getint("DOWNLOAD_MAXSIZE") or MAX_DECODED_BYTES
        return spider

    def closed(self, reason: str) -> None:
        self.workers.close()
        if self.workers.restarts:
            self.crawler.stats.set_value("eureporter/workers/restarts", self.workers.restarts)

    # -- requests -------------------------------------------------------------------------------------------------

    def _request(self, url: str, callback: Any, priority: int, **meta: Any) -> Request:
        # One download slot for all editions: they are one server, so politeness limits apply to the site.
        if callback in (self.parse_article, self.parse_listing):
            meta[RAW_BODY] = True  # decompressed by the worker process that reads the page
        return Request(
            url,
            callback=callback,
            errback=self.request_failed,
            priority=priority,
            meta={"download_slot": self.scope.domain, **meta},
        )

    def request_failed(self, failure: Failure) -> Iterator[Request]:
        # A spider method, not RequestFailures.errback itself: disk (JOBDIR) and Redis queues serialise requests,
        # and only a spider's own methods survive that.
        self.failures.errback(failure)
        request = getattr(failure, "request", None)
        if request is not None and request.meta.get(SITEMAP_QUEUE):
            # A failed sitemap must not end the chain of the ones after it.
            yield from self._next_sitemap(list(request.meta[SITEMAP_QUEUE]), request.meta.get(SITEMAP_DEPTH, 1))

    def wants(self, language: str) -> bool:
        return self.languages is None or language in self.languages

    async def start(self) -> AsyncIterator[Request]:
        base = self.scope.base_url
        if "sitemaps" in self.discovery:
            yield self._request(base + "/robots.txt", self.parse_robots, PRIORITY_ROBOTS)
        if "feed" in self.discovery:
            # 304 reaches the callback: an unchanged feed is an answer, not an error.
            yield self._request(
                base + "/feed/", self.parse_feed, PRIORITY_DISCOVERY, handle_httpstatus_list=[304], **{FEED: True}
            )
        if "listings" in self.discovery:
            yield self.listing_request(base + "/")

    def article_request(self, url: str, lastmod: str | None = None) -> Request | None:
        """A request for an English article URL, or None when out of scope or older than --since.

        IncrementalMiddleware later drops it if the dataset holds the article unchanged (meta ARTICLE).
        """
        url = canonical_page_url(url)
        match = article_match(url)
        if match is None or self.scope.language_of(url) != "en":
            return None
        if self.since is not None and not self._recent(match, lastmod):
            self.crawler.stats.inc_value("eureporter/discovery/skipped_since")
            return None
        return self._request(url, self.parse_article, PRIORITY_ARTICLE, **{ARTICLE: {"lastmod": lastmod}})

    def edition_request(self, url: str) -> Request:
        return self._request(canonical_page_url(url), self.parse_article, PRIORITY_EDITION)

    def listing_request(self, url: str, **meta: Any) -> Request:
        return self._request(url, self.parse_listing, PRIORITY_DISCOVERY, **meta)

    def _recent(self, match: Any, lastmod: str | None) -> bool:
        assert self.since is not None
        published = permalink_date(match)
        if published is not None and published >= self.since:
            return True
        if lastmod:
            try:
                return datetime.fromisoformat(lastmod.replace("Z", "+00:00")).date() >= self.since
            except ValueError:
                return True  # an unreadable lastmod must not hide a changed article
        return False

    # -- discovery callbacks --------------------------------------------------------------------------------------

    def parse_robots(self, response: Response) -> Iterator[Request]:
        sitemaps = [u for u in sitemap_urls_from_robots(response.body, base_url=response.url) if self.scope.in_scope(u)]
        if not sitemaps:
            sitemaps = [self.scope.base_url + path for path in FALLBACK_SITEMAPS]
        yield from self._next_sitemap(sitemaps, 1)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        # Child sitemaps are fetched one after the other (each request carries the rest of the queue): each holds up
        # to 50,000 URLs, and fetching them all at once would put every article of the site in the scheduler's queue.
        queue = list(response.meta.get(SITEMAP_QUEUE, ()))
        depth = response.meta.get(SITEMAP_DEPTH, 1)
        stats = self.crawler.stats
        parsed = articles_from_sitemap(response.body)
        if parsed is None:
            logger.warning("Ignoring invalid sitemap %s (not sitemap XML)", response.url)
            stats.inc_value("eureporter/discovery/invalid_sitemap")
        elif parsed.kind == "sitemapindex" and depth >= MAX_SITEMAP_DEPTH:
            # sitemaps.org forbids an index listing indexes; a loop of them would never end.
            logger.warning("Not following sitemap index %s: nested %d deep", response.url, depth)
            stats.inc_value("eureporter/discovery/sitemap_depth_exceeded")
        else:
            if parsed.truncated:
                logger.warning(
                    "Sitemap %s is cut off or malformed: using its %d whole entries", response.url, len(parsed.entries)
                )
                stats.inc_value("eureporter/discovery/invalid_sitemap")
            offsite, children = [], []
            for loc, lastmod in parsed.entries:
                url = urljoin(response.url, loc)
                if not self.scope.in_scope(url):
                    offsite.append(url)
                elif parsed.kind == "sitemapindex":
                    if lists_posts(url):
                        children.append(url)
                elif (request := self.article_request(url, lastmod)) is not None:
                    yield request
            self._offsite(response, offsite)
            if children:
                queue, depth = [*children, *queue], depth + 1
        yield from self._next_sitemap(queue, depth)

    def _next_sitemap(self, queue: list[str], depth: int) -> Iterator[Request]:
        # Skip sitemaps already asked for: the dupefilter would drop the request, and the rest of the queue with it.
        while queue and queue[0] in self.sitemaps:
            queue = queue[1:]
        if queue:
            self.sitemaps.add(queue[0])
            yield self._request(
                queue[0],
                self.parse_sitemap,
                PRIORITY_DISCOVERY,
                **{SITEMAP_DEPTH: depth, SITEMAP_QUEUE: tuple(queue[1:])},
            )

    def _offsite(self, response: Response, urls: list[str]) -> None:
        """A sitemap or feed is the site's own list of its pages: other hosts in it are worth a line."""
        if urls:
            self.crawler.stats.inc_value("eureporter/discovery/offsite_link", len(urls))
            logger.warning("Skipped %d off-site links in %s, e.g. %s", len(urls), response.url, urls[0][:200])

    def parse_feed(self, response: Response) -> Iterator[Request]:
        stats = self.crawler.stats
        if response.status == 304:
            stats.inc_value("eureporter/feed/not_modified")
            # Unchanged: keep the validators for the next run.
            sent = response.request.headers if response.request is not None else {}
            for header, key in ((b"If-None-Match", FEED_ETAG), (b"If-Modified-Since", FEED_LAST_MODIFIED)):
                stats.set_value(key, (sent.get(header) or b"").decode("latin-1") or None)
            return
        for header, key in ((b"ETag", FEED_ETAG), (b"Last-Modified", FEED_LAST_MODIFIED)):
            value = response.headers.get(header)
            stats.set_value(key, value.decode("latin-1") if value else None)
        entries = feed_entries(response.body)
        if entries is None:
            logger.warning("Ignoring invalid feed %s", response.url)
            self.crawler.stats.inc_value("eureporter/discovery/invalid_feed")
            return
        offsite = []
        for link in entries:
            url = urljoin(response.url, link)
            if not self.scope.in_scope(url):
                offsite.append(url)
            elif (request := self.article_request(url)) is not None:
                yield request
        self._offsite(response, offsite)

    async def _read(self, reader: Any, response: Response) -> PageRead | None:
        """The page read by a worker process (crawler.extraction.pages); None, logged and counted, if not."""
        encoding = (response.headers.get(b"Content-Encoding") or b"").decode("latin-1")
        read: PageRead = await self.workers.run(
            reader, response.body, encoding, declared_charset(_content_type(response)), response.url, self.max_bytes
        )
        if read.problem is not None:
            logger.warning("Skipped %s: %s", response.url, read.detail)
            self.crawler.stats.inc_value(f"eureporter/pages/{read.problem}")
            return None
        return read

    async def parse_listing(self, response: Response) -> AsyncIterator[Request]:
        if not _is_html(response) or (read := await self._read(read_listing, response)) is None:
            return
        links = read.listing
        assert links is not None
        dated = []
        for url in links.articles:
            if (match := article_match(url)) is not None and (day := permalink_date(match)) is not None:
                dated.append(day)
            # Listing pages repeat the same posts (sidebars, Trending, home and categories): ask once per run.
            if url not in self.listed and (request := self.article_request(url)) is not None:
                self.listed.add(url)
                yield request
        for url in links.listings if "listings" in self.discovery else ():
            if not self.scope.in_scope(url) or self.scope.language_of(url) != "en":
                continue
            if links.is_next_page(url) and self.since is not None and dated and max(dated) < self.since:
                # Listings run newest first: once a whole page predates --since, later pages do too.
                self.crawler.stats.inc_value("eureporter/discovery/pagination_stopped")
                continue
            # The next page carries this page's articles: IncrementalMiddleware ends the pagination if none is new.
            meta = {NEXT_PAGE: tuple(links.articles)} if links.is_next_page(url) else {}
            yield self.listing_request(canonical_page_url(url), **meta)

    # -- articles -------------------------------------------------------------------------------------------------

    async def parse_article(self, response: Response) -> AsyncIterator[ArticlePage | Request]:
        stats = self.crawler.stats
        if not _is_html(response):
            logger.warning("Not an HTML page behind an article URL: %s (%s)", response.url, _content_type(response))
            stats.inc_value("eureporter/pages/not_html")
            return
        stats.inc_value("eureporter/pages/article")
        read = await self._read(read_article, response)
        if read is None:
            return
        url = canonical_page_url(response.url)
        language = self.scope.language_of(url) or "en"
        if read.article is None:
            logger.info("Not an article (no article body found): %s", response.url)
            stats.inc_value("eureporter/extract/empty")
        elif self.wants(language):
            stats.inc_value("eureporter/extract/articles")
            stats.inc_value(f"eureporter/extract/language/{read.article.language or 'unknown'}")
            warc = dict(response.meta.get(WARC) or {})
            # The capture's WARC-Date, so that reprocessing the archive gives the same rows.
            yield ArticlePage(
                article=read.article,
                warc=warc,
                fetched_at=warc.get("date") or datetime.now(UTC).isoformat(timespec="seconds"),
            )
        if language != "en":
            return
        for request in self.edition_requests(read.alternates, url):
            yield request
        if "listings" not in self.discovery:
            return
        # The category label links to its archive: a cheap way to learn categories absent from the menus.
        for href in read.categories:
            listing = canonical_page_url(href)
            if self.scope.language_of(listing) == "en" and is_listing_path(urlsplit(listing).path):
                yield self.listing_request(listing)

    def edition_requests(self, alternates: dict[str, str], url: str) -> Iterator[Request]:
        editions: dict[str, str] = {}
        for lang, href in alternates.items():
            code = lang.split("-")[0].lower()
            if code in ("x", "en") or not self.wants(code):
                continue
            # The site advertises this edition: its host becomes part of the crawl's scope.
            label = self.scope.edition_label(href)
            if label is not None and label.split("-")[0] == code and self.scope.advertise(label):
                editions[code] = canonical_page_url(href)
        for code in self.languages or ():
            if code != "en" and code not in editions:
                editions[code] = self.scope.edition_url(url, code)
        for _code, href in sorted(editions.items()):
            self.crawler.stats.inc_value("eureporter/discovery/editions")
            yield self.edition_request(href)


def _content_type(response: Response) -> str:
    return (response.headers.get(b"Content-Type") or b"").decode("latin-1")


def _is_html(response: Response) -> bool:
    encoding = (response.headers.get(b"Content-Encoding") or b"").decode("latin-1")
    return is_html(_content_type(response), response.body, encoding)
