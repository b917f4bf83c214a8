"""EUReporterSpider: robots.txt, sitemaps, feeds and listings -> article pages -> their language editions."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.exceptions import NotConfigured

from crawler import langcodes
from crawler.extraction.links import archive_key, listing_base, page_number
from crawler.extraction.pages import PageRead, read_article, read_listing
from crawler.failures import RequestFailures
from crawler.items import ArticlePage, NotModified
from crawler.meta import (
    ARTICLE,
    EDITION,
    FEED,
    LISTING,
    LISTING_ALIAS,
    NEXT_PAGE,
    PRIORITY_ARTICLE,
    PRIORITY_DISCOVERY,
    PRIORITY_EDITION,
    PRIORITY_ROBOTS,
    RAW_BODY,
    SITEMAP_DEPTH,
    SITEMAP_QUEUE,
    WARC,
)
from crawler.revisits import http_date
from crawler.scope import (
    SiteScope,
    article_match,
    canonical_page_url,
    has_impossible_date,
    is_listing_path,
    permalink_date,
)
from crawler.spiders.sources import MODIFIED_FEED, SiteLists
from crawler.workers import WorkerPool, default_workers
from storage.httpbody import MAX_DECODED_BYTES, declared_charset, is_html

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from twisted.python.failure import Failure

logger = logging.getLogger(__name__)


def parse_languages(value: str) -> frozenset[str] | None:
    """ "all" -> None (every edition the pages advertise); "en,fr" -> {"en", "fr"}."""
    value = value.strip().lower()
    if value == "all":
        return None
    codes = frozenset(code.strip() for code in value.split(",") if code.strip())
    if not codes:
        raise ValueError(f"EUREPORTER_LANGUAGES ({value!r}) must be 'all' or comma-separated codes such as en,fr,de")
    unknown = sorted(c for c in codes if langcodes.code(c) is None)
    if unknown:
        raise ValueError(
            f"EUREPORTER_LANGUAGES: {', '.join(map(repr, unknown))} is not a language code; give ISO 639-1 codes "
            "such as en,fr,de (or the site's own, e.g. zh-cn), or 'all'"
        )
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


class EUReporterSpider(SiteLists, Spider):
    """Discovers EU Reporter articles and fetches every wanted language edition of each.

    Discovery uses every source the site offers, because none is guaranteed on the live site: the Sitemap: lines of
    robots.txt (and the WordPress default locations), the RSS feed and the feed in modification order, and the home
    page plus category archives with their /page/N/ pagination (crawler/spiders/sources.py reads the lists).
    Articles are recognised by their permalink; editions come from the English page's hreflang alternates and, for
    languages asked for explicitly, from the edition host at the same path. Listings are bounded on their own:
    EUREPORTER_LISTING_MAX_PAGES per archive, EUREPORTER_LISTING_MAX_ARCHIVES archives per run.
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
        max_listing_pages: int = 20_000,
        max_archives: int = 1_000,
        feed_pages: int = 10,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.languages = languages
        self.since = since
        self.discovery = discovery
        self.max_listing_pages = max_listing_pages
        self.max_archives = max_archives
        self.feed_pages = feed_pages
        for code in languages or ():
            scope.advertise(code)  # asked for by the operator: an edition host even before the site advertises it
        # English article URLs already asked for from a listing page in this run (bounded by the site's size).
        self.listed: set[str] = set()
        # Sitemaps asked for in this run.
        self.sitemaps: set[str] = set()
        # Archives walked in this run (archive_key -> the spelling walked: listing path without /page/N/), and the
        # bounds already reported.
        self.archives: dict[str, str] = {}
        self.bounds_hit: set[str] = set()
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
        bounds = {
            name: settings.getint(setting)
            for name, setting in (
                ("max_listing_pages", "EUREPORTER_LISTING_MAX_PAGES"),
                ("max_archives", "EUREPORTER_LISTING_MAX_ARCHIVES"),
                ("feed_pages", "EUREPORTER_FEED_MAX_PAGES"),
            )
        }
        if min(bounds.values()) < 1:
            raise NotConfigured(
                "EUREPORTER_LISTING_MAX_PAGES, EUREPORTER_LISTING_MAX_ARCHIVES and EUREPORTER_FEED_MAX_PAGES must be "
                f"at least 1 ({bounds})"
            )
        kwargs.update(scope=scope, languages=languages, since=since, discovery=discovery, **bounds)
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
                base + "/feed/", self.parse_feed, PRIORITY_DISCOVERY, handle_httpstatus_list=[304], **{FEED: "site"}
            )
            yield self._request(
                base + MODIFIED_FEED,
                self.parse_modified_feed,
                PRIORITY_DISCOVERY,
                handle_httpstatus_list=[404, 410],
                **{FEED: "modified"},
            )
        if "listings" in self.discovery:
            request = self.listing_request(base + "/")
            if request is not None:
                yield request

    def article_request(self, url: str, lastmod: str | None = None, *, revisit: bool = False) -> Request | None:
        """A request for an English article URL, or None when out of scope or older than --since.

        IncrementalMiddleware later drops it if the dataset holds the article unchanged (meta ARTICLE).
        """
        url = canonical_page_url(url)
        match = article_match(url)
        if match is None or self.scope.language_of(url) != "en":
            if has_impossible_date(url):
                self._bound("impossible_date", f"Not an article: {url} is dated on a day that does not exist")
            return None
        if self.since is not None and not self._recent(match, lastmod):
            self.crawler.stats.inc_value("eureporter/discovery/skipped_since")
            return None
        return self._request(
            url, self.parse_article, PRIORITY_ARTICLE, **{ARTICLE: {"lastmod": lastmod, "revisit": revisit}}
        )

    def edition_request(self, url: str, language: str) -> Request:
        return self._request(canonical_page_url(url), self.parse_article, PRIORITY_EDITION, **{EDITION: language})

    def listing_request(self, url: str, **meta: Any) -> Request | None:
        """A request for a listing page, or None beyond the listing bounds (counted and logged once)."""
        url = canonical_page_url(url)
        spelling = listing_base(url)
        key = archive_key(spelling)
        number = page_number(url)
        if number > self.max_listing_pages:
            self._bound(
                "max_pages", f"Not paging {spelling} past page {self.max_listing_pages} (EUREPORTER_LISTING_MAX_PAGES)"
            )
            return None
        if key not in self.archives:
            if len(self.archives) >= self.max_archives:
                self._bound(
                    "max_archives",
                    f"Not walking more than {self.max_archives} archives (EUREPORTER_LISTING_MAX_ARCHIVES), e.g. {url}",
                )
                return None
            self.archives[key] = spelling
        if self.archives[key] != spelling:
            # The same archive under its other spelling: its first page is archived as the site links it, its
            # pagination would only list the same posts again.
            if number > 1:
                self.crawler.stats.inc_value("eureporter/listings/alias_pages")
                return None
            meta[LISTING_ALIAS] = True
        return self._request(url, self.parse_listing, PRIORITY_DISCOVERY, **meta)

    def _bound(self, kind: str, message: str) -> None:
        self.crawler.stats.inc_value(f"eureporter/listings/{kind}")
        if kind not in self.bounds_hit:
            self.bounds_hit.add(kind)
            logger.warning("%s (further cases are only counted: eureporter/listings/%s)", message, kind)

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

    # -- pages read by the workers ---------------------------------------------------------------------------------

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
        if read.not_article is not None:
            # Counted for the end-of-crawl checks (crawler.monitors): a site that walls us off is not a changed layout.
            logger.warning("Not the listing but a %s page: %s", read.not_article, response.url)
            self.crawler.stats.inc_value(f"eureporter/pages/not_listing/{read.not_article}")
        dated = []
        for url in links.articles:
            if (match := article_match(url)) is not None and (day := permalink_date(match)) is not None:
                dated.append(day)
            # Listing pages repeat the same posts (sidebars, Trending, home and categories): ask once per run.
            if url not in self.listed and (request := self.article_request(url)) is not None:
                self.listed.add(url)
                yield request
            elif has_impossible_date(url):
                self.article_request(url)  # counted there
        has_next = False
        for url in links.listings if "listings" in self.discovery else ():
            if not self.scope.in_scope(url) or self.scope.language_of(url) != "en":
                continue
            is_next = links.is_next_page(url)
            has_next = has_next or is_next
            if is_next and self.since is not None and dated and max(dated) < self.since:
                # Listings run newest first: once a whole page predates --since, later pages do too.
                self.crawler.stats.inc_value("eureporter/discovery/pagination_stopped")
                continue
            # The next page carries this page's articles, so its own can be told from the sidebar's repeats.
            request = self.listing_request(url, **({NEXT_PAGE: tuple(links.articles)} if is_next else {}))
            if request is not None:
                yield request
        if response.meta.get(LISTING_ALIAS):
            return  # another spelling's page: the walk of this archive is the other spelling's
        # For IncrementalMiddleware's pagination rule (crawler.coverage): this page's own posts, and whether it is last.
        before = set(response.meta.get(NEXT_PAGE) or ())
        response.meta[LISTING] = {
            "archive": canonical_page_url(self.scope.base_url + archive_key(links.base)),
            "page": page_number(response.url),
            "own": tuple(url for url in links.articles if url not in before),
            "last": not has_next,
        }

    # -- articles -------------------------------------------------------------------------------------------------

    async def parse_article(self, response: Response) -> AsyncIterator[ArticlePage | NotModified | Request]:
        stats = self.crawler.stats
        warc = dict(response.meta.get(WARC) or {})
        # The capture's WARC-Date, so that reprocessing the archive gives the same rows.
        fetched_at = warc.get("date") or datetime.now(UTC).isoformat(timespec="seconds")
        if response.status == 304:
            stats.inc_value("eureporter/pages/not_modified")
            yield NotModified(
                url=canonical_page_url(response.url), fetched_at=fetched_at, warc=warc, site_date=_site_date(response)
            )
            return
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
        kind = getattr(read, "not_article", None)
        if kind is not None:
            # A bot challenge, a consent wall, a soft 404: archived, never stored, fetched again by the next run.
            logger.warning("Not the article but a %s page: %s", kind, response.url)
            stats.inc_value("eureporter/pages/not_article")
            stats.inc_value(f"eureporter/pages/not_article/{kind}")
            return
        if read.article is None:
            logger.info("Not an article (no article body found): %s", response.url)
            stats.inc_value("eureporter/extract/empty")
        elif self.wants(language):
            article = read.article
            stats.inc_value("eureporter/extract/articles")
            stats.inc_value(f"eureporter/extract/language/{article.language or 'unknown'}")
            stats.inc_value(f"eureporter/extract/reader/{getattr(article, 'reader', None) or 'unknown'}")
            if article.language and article.language != language.split("-")[0]:
                # An untranslated page on an edition host: stored with the language its text is in.
                stats.inc_value("eureporter/extract/language_mismatch")
            yield ArticlePage(
                article=article,
                warc=warc,
                fetched_at=fetched_at,
                http_etag=_header(response, b"ETag"),
                http_last_modified=_header(response, b"Last-Modified"),
                site_date=_site_date(response),
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
            if self.scope.language_of(listing) != "en" or not is_listing_path(urlsplit(listing).path):
                continue
            if (label_request := self.listing_request(listing)) is not None:
                yield label_request

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
        for code, href in sorted(editions.items()):
            self.crawler.stats.inc_value("eureporter/discovery/editions")
            yield self.edition_request(href, code)


def _content_type(response: Response) -> str:
    return (response.headers.get(b"Content-Type") or b"").decode("latin-1")


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _site_date(response: Response) -> str | None:
    moment = http_date(response.headers.get(b"Date"))
    return moment.isoformat() if moment is not None else None


def _is_html(response: Response) -> bool:
    encoding = (response.headers.get(b"Content-Encoding") or b"").decode("latin-1")
    return is_html(_content_type(response), response.body, encoding)
