"""IncrementalMiddleware: fetch only what is new, changed or due for a check, judged by the dataset itself.

Between the spider and the scheduler, for every English article request discovery makes (sitemaps, feeds, listings):
fetched when the dataset does not hold it (or lost its WARC record), when the site says it changed (a sitemap
lastmod or a feed <updated> newer than the stored modification time), or when it is due for a check on the revisit
schedule (crawler.revisits) within the run's budget; a stored article then goes out as a conditional request (its
ETag / Last-Modified), so an unchanged page costs a 304. The stored articles due for a check that discovery did not
list are added once discovery is done (the spider is idle), judged by the site's clock. A stored article missing
some wanted editions, or holding editions stored before the English page's last modification, gets requests for
those editions only; the editions of an English page fetched again are fetched again only when the English text
changed. Listing pagination stops where the stored articles begin, but only inside what earlier walks covered
(crawler.coverage); a walk covers only down to the first post whose fetch this run let through and never saw
answered. The modified-order feed is read back to the previous finished crawl's start, or further back to the oldest
change that crawl was told of and did not fetch. EUREPORTER_INCREMENTAL = False (`--full`) fetches everything again.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider, NotConfigured

from crawler.coverage import ListingWalks
from crawler.database import DatabaseThreads
from crawler.extensions.jobdir import run_started_at
from crawler.items import ArticlePage, NotModified
from crawler.meta import ARTICLE, EDITION, FEED, FEED_ETAG, FEED_LAST_MODIFIED, FEED_SINCE, LISTING, NEXT_PAGE
from crawler.options import sql_url
from crawler.revisits import RevisitPolicy, SiteClock, parse_ages, parse_clock
from crawler.scope import article_match, permalink_date
from storage.records import content_hash
from storage.schema import article_key
from storage.sql import StoreError

if TYPE_CHECKING:
    from collections.abc import AsyncIterable, AsyncIterator
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

STATS = "eureporter/incremental"
JUDGEMENTS = ("new", "unarchived", "full", "changed", "revisit", "skipped")
"""Every English article discovery found is counted under exactly one of these (STATS/<judgement>): fetched because
it is not stored, its record was lost, --full, the site says it changed, it is due for a revisit; or skipped."""
# Stats key: where the next run's modified-order feed must reach back to (this run's start on the site's clock, or the
# oldest change this run was told of and did not fetch).
FEED_SINCE_NEXT = f"{STATS}/feed_since_next"
# A sitemap lastmod within this of the stored modification time is the same edit (clock and rounding noise).
LASTMOD_SLACK = timedelta(minutes=1)
# How long the idle spider waits for the query of articles due for a revisit.
REVISIT_QUERY_SECONDS = 120.0


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


def _key(url: str) -> str:
    return article_key(url, None, None) or ""


def _day(url: str) -> date | None:
    match = article_match(url)
    return permalink_date(match) if match is not None else None


class IncrementalMiddleware:
    """Spider middleware at 950 (next to the spider); see the module docstring. Settings: EUREPORTER_INCREMENTAL,
    EUREPORTER_REVISIT_AGES, EUREPORTER_REVISIT_RARE_DAYS, EUREPORTER_REVISIT_BUDGET, EUREPORTER_CLOCK,
    EUREPORTER_LISTING_REPEAT_PAGES."""

    def __init__(
        self,
        crawler: Crawler,
        url: str,
        *,
        incremental: bool,
        policy: RevisitPolicy,
        clock: SiteClock,
        resume_since: datetime | None,
        repeat_pages: int,
    ) -> None:
        self.crawler = crawler
        self.stats: StatsCollector = crawler.stats
        self.url = url
        self.incremental = incremental
        self.policy = policy
        self.clock = clock
        self.resume_since = resume_since
        self.walks = ListingWalks(repeat_pages)
        self.database: DatabaseThreads | None = None
        self.usable = True
        """False once the dataset could not be read: everything is fetched then, rather than anything lost."""
        self.budget = policy.budget
        # English article URLs judged in this run: whether they had to be fetched. Bounded by the site's size.
        self.needed: dict[str, bool] = {}
        self.revisits_scheduled = False
        self.fresh = False
        """The dataset held no article when this run started (and no other process writes to it): every article is
        new, so nothing is looked up. A first backfill then spends no reactor time on the dataset."""
        # Article and edition requests let through, until a final answer: request URL -> its English article URL.
        # What is left at the end was never settled (crawler.coverage), and listing coverage stops above it.
        self.pending: dict[str, str] = {}
        # English articles fetched because the site said they changed (lastmod), with that time, until answered.
        self.changes: dict[str, datetime] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        try:
            policy = RevisitPolicy(
                ages=parse_ages(settings.get("EUREPORTER_REVISIT_AGES")),
                rare_days=settings.getfloat("EUREPORTER_REVISIT_RARE_DAYS"),
                budget=settings.getint("EUREPORTER_REVISIT_BUDGET"),
            )
            clock = SiteClock(parse_clock(settings.get("EUREPORTER_CLOCK") or ""))
        except ValueError as exc:
            raise NotConfigured(str(exc)) from exc
        if policy.budget < 0 or policy.rare_days < 0:
            raise NotConfigured(
                f"EUREPORTER_REVISIT_BUDGET ({policy.budget}) and EUREPORTER_REVISIT_RARE_DAYS ({policy.rare_days}) "
                "must be 0 or more"
            )
        repeat_pages = settings.getint("EUREPORTER_LISTING_REPEAT_PAGES")
        if repeat_pages < 1:
            raise NotConfigured(f"EUREPORTER_LISTING_REPEAT_PAGES ({repeat_pages}) must be at least 1")
        middleware = cls(
            crawler,
            sql_url(settings),
            incremental=settings.getbool("EUREPORTER_INCREMENTAL"),
            policy=policy,
            clock=clock,
            resume_since=run_started_at(settings.get("JOBDIR")),
            repeat_pages=repeat_pages,
        )
        crawler.signals.connect(middleware.response_received, signal=signals.response_received)
        crawler.signals.connect(middleware.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    # -- the dataset, read off the reactor thread ------------------------------------------------------------------

    async def _read(self, work: Any, what: str, default: Any) -> Any:
        if not self.usable:
            return default
        if self.database is None:
            self.database = DatabaseThreads.of(self.crawler, self.url)
        try:
            return await self.database.read(work)
        except StoreError as exc:
            # Without the dataset nothing can be judged stored: fetch everything rather than lose anything.
            logger.error("Incremental crawling off, fetching everything (%s): %s", what, exc)
            self.stats.inc_value(f"{STATS}/store_errors")
            self.usable = False
            return default

    # -- the site's clock ------------------------------------------------------------------------------------------

    def response_received(self, response: Response, request: Request) -> None:
        self.clock.observe(response.headers.get(b"Date"))
        if self.clock.known and self.stats.get_value(f"{STATS}/site_clock_at_start") is None:
            self.stats.set_value(f"{STATS}/site_clock_at_start", self.clock.now().isoformat(timespec="seconds"))
        if response.status >= 500 or response.status == 429:
            return  # no final answer: a later run asks again
        for url in (request.url, response.url, *request.meta.get("redirect_urls", ())):
            self.pending.pop(url, None)
            if self.changes.pop(url, None) is not None:
                self._note_changes()

    # -- start: the feed's validators; at the end: the stored articles due for a check --------------------------

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        if self.resume_since is None and not self.crawler.settings.get("EUREPORTER_REDIS_URL"):
            self.fresh = await self._read(lambda store: store.is_empty(), "stored articles", False)
            if self.fresh:
                self.stats.set_value(f"{STATS}/first_run", True)
        async for output in start:
            if isinstance(output, Request) and output.meta.get(FEED) and self.incremental:
                await self._feed_since_last_crawl(output)
            yield output

    async def _feed_since_last_crawl(self, request: Request) -> None:
        """The site feed is asked for with the last finished crawl's validators; the modified-order feed is paged
        back to when that crawl started."""
        previous = await self._read(lambda store: store.latest_crawl(status="finished"), "feed validators", None)
        if previous is None:
            return
        stats = previous.get("stats") or {}
        if request.meta[FEED] == "modified":
            # Feed times are the site's: compare them with the site's clock when that crawl started, if it was read;
            # earlier, if some changes it was told of were never fetched (FEED_SINCE_NEXT).
            started = (
                _utc(stats.get(FEED_SINCE_NEXT))
                or _utc(stats.get(f"{STATS}/site_clock_at_start"))
                or _utc(previous.get("started_at"))
            )
            if started is not None:
                request.meta[FEED_SINCE] = started.isoformat()
            return
        if stats.get(FEED_ETAG):
            request.headers["If-None-Match"] = stats[FEED_ETAG]
        if stats.get(FEED_LAST_MODIFIED):
            request.headers["If-Modified-Since"] = stats[FEED_LAST_MODIFIED]

    def spider_idle(self) -> None:
        """Discovery is done: check the stored articles it did not judge that are due for a revisit (once a run).

        Waiting for idle means the site's change signals (sitemap lastmod, feed <updated>) have all been read, so no
        article the site vouches for is checked needlessly. The one dataset query is waited for here: with nothing
        in flight there is nothing for it to stall.
        """
        if self.revisits_scheduled or not self.incremental or self.budget <= 0 or not self.usable or self.fresh:
            return
        self.revisits_scheduled = True
        now = self.clock.now()
        self.stats.set_value(f"{STATS}/site_clock", now.isoformat(timespec="seconds"))
        policy = self.policy
        if self.database is None:
            self.database = DatabaseThreads.of(self.crawler, self.url)
        try:
            rows = self.database.read_now(
                lambda store: store.revisit_candidates(
                    published_after=policy.horizon(now),
                    stale_before=now - timedelta(days=policy.rare_days or 36500),
                    limit=policy.budget + len(self.needed),
                ),
                timeout=REVISIT_QUERY_SECONDS,
            )
        except (StoreError, TimeoutError) as exc:
            logger.error("Could not read the articles due for a revisit: %s", exc)
            self.stats.inc_value(f"{STATS}/store_errors")
            return
        spider: Any = self.crawler.spider
        scheduled = 0
        for row in policy.choose((r for r in rows if r["url"] not in self.needed), now, self.budget):
            request = spider.article_request(row["url"], revisit=True)
            if request is None:
                continue
            self.needed[row["url"]] = True
            self.budget -= 1
            self._conditional(request, row)
            self.stats.inc_value(f"{STATS}/revisit")
            self.crawler.engine.crawl(request)
            scheduled += 1
        if scheduled:
            logger.info("Checking %d stored articles due for a revisit (site clock %s)", scheduled, now.date())
            raise DontCloseSpider(f"{scheduled} revisits scheduled")

    # -- spider output -----------------------------------------------------------------------------------------------

    async def process_spider_output(self, response: Response, result: AsyncIterable[Any]) -> AsyncIterator[Any]:
        outputs = [output async for output in result]
        # One callback's output is judged as a whole: one dataset query for all its articles.
        for output in await self._filter(response, outputs):
            yield output

    async def _filter(self, response: Response, outputs: list[Any]) -> list[Any]:
        articles = [o for o in outputs if isinstance(o, Request) and ARTICLE in o.meta and not self._judged(o)]
        editions = [o for o in outputs if isinstance(o, Request) and EDITION in o.meta]
        page = response.meta.get(LISTING)
        checked = next((o for o in outputs if isinstance(o, ArticlePage | NotModified)), None)
        english = ARTICLE in response.meta
        repeated = any(isinstance(o, Request) and ARTICLE in o.meta for o in outputs)  # judged earlier: dropped
        if not articles and not repeated and not (english and (editions or checked)) and not page:
            return outputs
        keys = [_key(r.url) for r in articles]
        if english:
            keys.append(_key(response.url))
        known: dict[str, list[dict[str, Any]]] = {}
        if keys and (self.incremental or self.resume_since is not None) and not self.fresh:
            known = await self._read(lambda store: store.editions(keys), "stored editions", {})
            # Another callback may have judged some of them while the dataset was read.
            articles = [o for o in articles if not self._judged(o)]
        if page and self.incremental and self.fresh:
            self.walks.known.setdefault(page["archive"], {})
        elif page and self.incremental and page["archive"] not in self.walks.known:
            archive = page["archive"]
            found = await self._read(lambda store: store.listing_coverage([archive]), "listing coverage", {})
            self.walks.known[archive] = found.get(archive, {})
        now = self.clock.now()
        kept: list[Any] = []
        for output in outputs:
            if isinstance(output, Request) and output in articles:
                judged = self._judge(output, known.get(_key(output.url), []), now)
                self.needed[output.url] = judged[:1] == [output]
                self._track(output.url, judged)
                kept.extend(judged)
            elif isinstance(output, Request) and ARTICLE in output.meta:
                continue  # judged earlier in this run: fetched then (the dupefilter knows) or not needed
            elif isinstance(output, Request) and output.meta.get(NEXT_PAGE) is not None:
                continue  # decided below, once this page's articles are judged
            elif isinstance(output, Request) and EDITION in output.meta and english:
                continue  # decided below, against the stored English page
            else:
                kept.append(output)
        if english:
            wanted = self._editions(response, editions, checked, known.get(_key(response.url), []))
            self._track(response.url, wanted)
            kept.extend(wanted)
        if page:
            kept.extend(self._paginate(page, [o for o in outputs if isinstance(o, Request) and NEXT_PAGE in o.meta]))
        return kept

    def _track(self, english: str, requests: list[Request]) -> None:
        """Article and edition requests let through wait for their final answer (response_received)."""
        for request in requests:
            self.pending[request.url] = english
            lastmod = _utc((request.meta.get(ARTICLE) or {}).get("lastmod"))
            if lastmod is not None and request.url == english:
                self.changes[english] = lastmod
                self._note_changes()

    def _note_changes(self) -> None:
        """Keep FEED_SINCE_NEXT before the oldest change the site told of and this run has not fetched yet: should
        the run end first (a page budget), the next one still reads the feed back to it."""
        oldest = min(self.changes.values(), default=None)
        started = _utc(self.stats.get_value(f"{STATS}/site_clock_at_start"))
        since = oldest - LASTMOD_SLACK if oldest is not None else None
        if since is not None and started is not None:
            since = min(since, started)
        self.stats.set_value(FEED_SINCE_NEXT, since.isoformat(timespec="seconds") if since is not None else None)

    def _judged(self, request: Request) -> bool:
        """Already decided in this run, and nothing new to learn: a lastmod can overturn a skip."""
        needed = self.needed.get(request.url)
        return needed is not None and (needed or not request.meta[ARTICLE].get("lastmod"))

    def _judge(self, request: Request, rows: list[dict[str, Any]], now: datetime) -> list[Request]:
        """[request] to fetch the article, else the requests for its missing editions (often none)."""
        english = next((r for r in rows if r.get("edition") == "en" or r["url"] == request.url), None)
        if english is None or english.get("archive_status") is not None:
            self.stats.inc_value(f"{STATS}/{'new' if english is None else 'unarchived'}")
            return [request]
        seen = _utc(english.get("last_seen_at"))
        resumed = self.resume_since is not None and seen is not None and seen >= self.resume_since
        if not resumed:  # else stored by the interrupted run this one resumes: only its missing editions are due
            if not self.incremental:
                self.stats.inc_value(f"{STATS}/full")
                return [request]
            reason = self._reason(request, english, now)
            if reason is not None:
                self.stats.inc_value(f"{STATS}/{reason}")
                self._conditional(request, english)
                return [request]
        self.stats.inc_value(f"{STATS}/skipped")
        missing = self._missing_editions(request.url, english, rows)
        self.stats.inc_value(f"{STATS}/missing_editions", len(missing))
        return missing

    def _reason(self, request: Request, english: dict[str, Any], now: datetime) -> str | None:
        """Why a stored English article must be fetched again ("changed", "revisit"), or None."""
        modified = _utc(request.meta[ARTICLE].get("lastmod"))
        if modified is not None:
            stored = _utc(english.get("modified_at")) or _utc(english.get("last_seen_at"))
            if stored is None or modified > stored + LASTMOD_SLACK:
                return "changed"
            return None  # the site says when its pages change: no need to guess
        published = _utc(english.get("published_at")) or _as_datetime(_day(request.url))
        seen = _utc(english.get("site_seen_at")) or _utc(english.get("last_seen_at"))
        if self.budget > 0 and self.policy.due_since(published, seen, now) is not None:
            self.budget -= 1
            return "revisit"
        return None

    def _conditional(self, request: Request, row: dict[str, Any]) -> None:
        """Ask for the page only if it changed: an unchanged one answers 304 (and the archive writes a revisit)."""
        etag, last_modified = row.get("http_etag"), row.get("http_last_modified")
        if etag:
            request.headers["If-None-Match"] = etag
        if last_modified:
            request.headers["If-Modified-Since"] = last_modified
        if etag or last_modified:
            request.meta["handle_httpstatus_list"] = [304]
            self.stats.inc_value(f"{STATS}/conditional")

    def _editions(
        self, response: Response, editions: list[Request], checked: Any, rows: list[dict[str, Any]]
    ) -> list[Request]:
        """The edition requests an English page fetched again deserves: all if its text changed, else the missing."""
        english = next((r for r in rows if r.get("edition") == "en"), None)
        changed = (
            not self.incremental
            or english is None
            or (isinstance(checked, ArticlePage) and _hash(checked) != english.get("content_hash"))
        )
        if changed:
            return editions
        present = _fresh_editions(english, rows) if english is not None else set()
        wanted = [r for r in editions if r.meta[EDITION] not in present]
        if english is not None and not editions:  # a 304: the page gave no links; the stored row knows them
            wanted = self._missing_editions(response.url, english, rows)
        self.stats.inc_value(f"{STATS}/editions_unchanged", len(editions) - len(wanted))
        return wanted

    def _missing_editions(self, url: str, english: dict[str, Any], rows: list[dict[str, Any]]) -> list[Request]:
        """Requests for the wanted editions not stored, or stored from before the English page's last change (a run
        stopped between fetching a changed English page and its editions)."""
        spider: Any = self.crawler.spider
        present = _fresh_editions(english, rows)
        alternates = {k.split("-")[0].lower(): v for k, v in (english.get("translations") or {}).items()}
        wanted = spider.languages if spider.languages is not None else set(alternates) - {"x", "en"}
        requests = []
        for code in sorted(set(wanted) - present - {"en"}):
            href = alternates.get(code) or spider.scope.edition_url(url, code)
            label = spider.scope.edition_label(href)
            if label is not None and label.split("-")[0] == code and spider.scope.advertise(label):
                requests.append(spider.edition_request(href, code))
        return requests

    def _paginate(self, page: dict[str, Any], next_pages: list[Request]) -> list[Request]:
        """Follow a listing's next page unless the stored articles begin here, inside what earlier walks covered."""
        archive, number = page["archive"], page["page"]
        own = list(page["own"])
        days = [d for d in map(_day, own) if d is not None]
        walk = self.walks.page(archive, number, own, days)
        if walk is not None and not next_pages and page.get("last"):
            walk.reached_end = True
        if not next_pages:
            return []
        if walk is not None and self.walks.repeating(walk):
            walk.stopped = "repeating"
            self.stats.inc_value("eureporter/listings/repeating")
            logger.warning(
                "Not paging %s further: its last %d pages listed nothing new", archive, self.walks.repeat_pages
            )
            return []
        wanted = any(self.needed.get(url) for url in own)
        if wanted or not self.incremental or self.resume_since is not None or walk is None:
            return next_pages
        if self.walks.covered(walk, min(days) if days else None):
            walk.stopped = "covered"
            self.stats.inc_value(f"{STATS}/pagination_stopped")
            logger.debug("Every article on %s page %d is stored, and earlier walks covered the rest", archive, number)
            return []
        self.stats.inc_value(f"{STATS}/pagination_continued")
        return next_pages

    async def spider_closed(self) -> None:
        if self.database is None:
            self.database = DatabaseThreads.of(self.crawler, self.url)
        unsettled = set(self.pending.values())
        if unsettled:
            self.stats.set_value(f"{STATS}/unsettled", len(unsettled))
        try:
            unknown = [archive for archive in self.walks.walks if archive not in self.walks.known]
            if unknown:  # a --full run did not need them while walking; merging does
                self.walks.known.update(await self.database.read(lambda store: store.listing_coverage(unknown)))
            rows = self.walks.coverage(self.stats.get_value("eureporter/crawl_id"), unsettled)
            if rows:
                await self.database.write(lambda store: store.save_listing_coverage(rows))
        except StoreError as exc:
            logger.error("Could not record how far the listings were walked: %s", exc)
        finally:
            self.database.close()
            self.database = None


def _fresh_editions(english: dict[str, Any], rows: list[dict[str, Any]]) -> set[str]:
    """The editions stored (and archived) since the English page's last modification: those need no fetch."""
    changed = _utc(english.get("modified_at"))
    fresh: set[str] = set()
    for row in rows:
        modified = _utc(row.get("modified_at"))
        if row.get("archive_status") is None and not (changed and modified and modified + LASTMOD_SLACK < changed):
            fresh.add(str(row.get("edition")))
    return fresh


def _hash(page: ArticlePage) -> str:
    return content_hash(page.article.title, page.article.text)


def _as_datetime(day: date | None) -> datetime | None:
    return datetime(day.year, day.month, day.day, tzinfo=UTC) if day is not None else None
