"""IncrementalMiddleware: fetch only what is new or changed since it was stored, judged by the dataset itself."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from scrapy import Request, signals
from scrapy.exceptions import NotConfigured

from crawler.extensions.jobdir import run_started_at
from crawler.extraction.links import listing_base
from crawler.meta import ARTICLE, FEED, FEED_ETAG, FEED_LAST_MODIFIED, NEXT_PAGE
from crawler.options import sql_url
from crawler.scope import article_match, permalink_date
from storage.schema import article_key
from storage.sql import ArticleStore, StoreError

if TYPE_CHECKING:
    from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector


logger = logging.getLogger(__name__)

STATS = "eureporter/incremental"
# A sitemap lastmod within this of the stored modification time is the same edit (clock and rounding noise).
LASTMOD_SLACK = timedelta(minutes=1)


def _utc(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, str) and value.strip():
        try:
            parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


@dataclass(frozen=True, slots=True)
class Policy:
    """When a stored article must be fetched again."""

    incremental: bool
    """False for a full backfill: everything is fetched (except what this very run already stored)."""
    refresh_days: int
    """Articles published within this many days are fetched again when no sitemap lastmod says whether they changed."""
    resume_since: datetime | None
    """Start of the interrupted run being resumed: what it already stored is done."""

    def must_fetch(self, url: str, lastmod: str | None, english: dict[str, Any], today: date) -> str | None:
        """Why the stored English edition must be fetched again ("changed", "refresh", "full"), or None."""
        seen = _utc(english.get("last_seen_at"))
        if self.resume_since is not None and seen is not None and seen >= self.resume_since:
            return None
        if not self.incremental:
            return "full"
        modified = _utc(lastmod)
        if modified is not None:
            stored = _utc(english.get("modified_at")) or seen
            return "changed" if stored is None or modified > stored + LASTMOD_SLACK else None
        match = article_match(url)
        if match is not None and self.refresh_days > 0:
            published = permalink_date(match)
            if published is not None and (today - published).days < self.refresh_days:
                return "refresh"
        return None


class IncrementalMiddleware:
    """Spider middleware between discovery and the scheduler: drops article requests the dataset already holds.

    An English article URL found in a sitemap, the feed or a listing is fetched when it is not stored, when its sitemap
    lastmod is newer than the stored modification time, or (without a lastmod) when it is younger than
    EUREPORTER_REFRESH_DAYS. A stored article missing some wanted editions gets requests for those editions only.
    A listing page whose articles are all stored and unchanged ends its pagination: listings run newest first.
    EUREPORTER_INCREMENTAL = False (`--full`) fetches everything again.
    """

    def __init__(self, crawler: Crawler, url: str, policy: Policy) -> None:
        self.crawler = crawler
        self.stats: StatsCollector = crawler.stats
        self.url = url
        self.policy = policy
        self.store: ArticleStore | None = None
        # English article URLs judged in this run: whether they had to be fetched. Bounded by the site's size.
        self.needed: dict[str, bool] = {}
        # Per archive (listing URL without /page/N/): the articles its previous page showed.
        self.previous_page: dict[str, set[str]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        refresh_days = settings.getint("EUREPORTER_REFRESH_DAYS")
        if refresh_days < 0:
            raise NotConfigured(f"EUREPORTER_REFRESH_DAYS ({refresh_days}) must be 0 or more")
        policy = Policy(
            incremental=settings.getbool("EUREPORTER_INCREMENTAL"),
            refresh_days=refresh_days,
            resume_since=run_started_at(settings.get("JOBDIR")),
        )
        middleware = cls(crawler, sql_url(settings), policy)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def _open(self) -> ArticleStore | None:
        if self.store is None:
            try:
                self.store = ArticleStore(self.url)
            except StoreError as exc:
                # Without the dataset nothing can be judged stored: fetch everything rather than lose anything.
                logger.error("Incremental crawling off, fetching everything: %s", exc)
                self.stats.inc_value(f"{STATS}/store_errors")
                self.policy = Policy(incremental=False, refresh_days=0, resume_since=None)
                return None
        return self.store

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for output in start:
            if isinstance(output, Request) and output.meta.get(FEED) and self.policy.incremental:
                self._add_validators(output)
            yield output

    def _add_validators(self, request: Request) -> None:
        store = self._open()
        try:
            previous = store.latest_crawl(status="finished") if store is not None else None
        except StoreError as exc:
            logger.warning("Could not read the previous crawl's feed validators: %s", exc)
            return
        stats = (previous or {}).get("stats") or {}
        if stats.get(FEED_ETAG):
            request.headers["If-None-Match"] = stats[FEED_ETAG]
        if stats.get(FEED_LAST_MODIFIED):
            request.headers["If-Modified-Since"] = stats[FEED_LAST_MODIFIED]

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        yield from self._filter(response, list(result))

    async def process_spider_output_async(self, response: Response, result: AsyncIterable[Any]) -> AsyncIterator[Any]:
        for output in self._filter(response, [o async for o in result]):
            yield output

    def _filter(self, response: Response, outputs: list[Any]) -> Iterator[Any]:
        # One callback's output is judged as a whole: one dataset query for all its new articles.
        articles = [o for o in outputs if isinstance(o, Request) and ARTICLE in o.meta]
        next_pages = [o for o in outputs if isinstance(o, Request) and o.meta.get(NEXT_PAGE) is not None]
        if not articles and not next_pages:
            yield from outputs
            return
        known = self._known([o for o in articles if not self._judged(o)])
        spider: Any = self.crawler.spider
        today = datetime.now(UTC).date()
        for output in outputs:
            if isinstance(output, Request) and output.meta.get(NEXT_PAGE) is not None:
                continue
            if not (isinstance(output, Request) and ARTICLE in output.meta):
                yield output
            elif not self._judged(output):
                requests = self._judge(spider, output, known, today)
                self.needed[output.url] = requests[:1] == [output]
                yield from requests
        if next_pages:
            yield from self._paginate(response, next_pages)

    def _paginate(self, response: Response, next_pages: list[Request]) -> list[Request]:
        """Follow a listing's next page only if one of this page's own articles had to be fetched.

        Sidebars repeat the newest posts on every page of an archive, so a page's own articles are those its
        previous page did not show. (Other archives may list them too: a post is in the home listing and in its
        categories, and each archive is walked on its own.)
        """
        listed = next_pages[0].meta[NEXT_PAGE]
        archive = listing_base(response.url)
        repeated = self.previous_page.get(archive, set())
        self.previous_page[archive] = set(listed)
        wanted = sum(1 for url in listed if self.needed.get(url) and url not in repeated)
        if wanted or not self.policy.incremental or self.policy.resume_since is not None:
            return next_pages
        self.stats.inc_value(f"{STATS}/pagination_stopped")
        logger.debug("Every article on %s is stored and unchanged: not paging further", response.url)
        return []

    def _judged(self, request: Request) -> bool:
        """Already decided in this run, and nothing new to learn: a sitemap lastmod can overturn a skip."""
        needed = self.needed.get(request.url)
        return needed is not None and (needed or not request.meta[ARTICLE].get("lastmod"))

    def _judge(
        self, spider: Any, request: Request, known: dict[str, list[dict[str, Any]]], today: date
    ) -> list[Request]:
        """[request] to fetch the article, else the requests for its missing editions (often none)."""
        rows = known.get(article_key(request.url, None, None) or "", [])
        english = next((r for r in rows if r["language"] == "en" or r["url"] == request.url), None)
        if english is None:
            self.stats.inc_value(f"{STATS}/new")
            return [request]
        reason = self.policy.must_fetch(request.url, request.meta[ARTICLE].get("lastmod"), english, today)
        if reason is not None:
            self.stats.inc_value(f"{STATS}/{reason}")
            return [request]
        self.stats.inc_value(f"{STATS}/skipped")
        missing = self._missing_editions(spider, request.url, english, rows)
        self.stats.inc_value(f"{STATS}/missing_editions", len(missing))
        return missing

    def _known(self, requests: list[Request]) -> dict[str, list[dict[str, Any]]]:
        store = self._open()
        if store is None:
            return {}
        try:
            return store.editions(article_key(r.url, None, None) or "" for r in requests)
        except StoreError as exc:
            logger.error("Could not read the dataset, fetching these articles again: %s", exc)
            self.stats.inc_value(f"{STATS}/store_errors")
            return {}

    def _missing_editions(
        self, spider: Any, url: str, english: dict[str, Any], rows: list[dict[str, Any]]
    ) -> list[Request]:
        present = {r["language"] for r in rows}
        alternates = {k.split("-")[0].lower(): v for k, v in (english.get("translations") or {}).items()}
        wanted = spider.languages if spider.languages is not None else set(alternates) - {"x", "en"}
        requests = []
        for code in sorted(set(wanted) - present - {"en"}):
            href = alternates.get(code) or spider.scope.edition_url(url, code)
            label = spider.scope.edition_label(href)
            if label is not None and label.split("-")[0] == code and spider.scope.advertise(label):
                requests.append(spider.edition_request(href))
        return requests

    def spider_closed(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None
