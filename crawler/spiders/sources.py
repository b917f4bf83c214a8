"""The site's own lists of its pages: robots.txt Sitemap: lines, sitemaps, and feeds (newest and last modified).

A part of EUReporterSpider (crawler/spiders/eureporter.py), kept apart because it is one trade: reading the lists a
WordPress site publishes. Callbacks stay methods of the spider, so requests survive disk and Redis queues.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from scrapy.utils.sitemap import sitemap_urls_from_robots

from crawler.extraction.links import articles_from_sitemap, feed_items, lists_posts
from crawler.meta import (
    FEED_ETAG,
    FEED_LAST_MODIFIED,
    FEED_SINCE,
    PRIORITY_DISCOVERY,
    SITEMAP_DEPTH,
    SITEMAP_QUEUE,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from scrapy import Request
    from scrapy.http import Response

logger = logging.getLogger(__name__)

# Sitemap indexes listing indexes are followed this deep at most (robots.txt -> index -> sitemaps is depth 2).
MAX_SITEMAP_DEPTH = 3
# Well-known sitemap locations tried when robots.txt names none (WordPress core, then Yoast/Rank Math).
FALLBACK_SITEMAPS = ("/wp-sitemap.xml", "/sitemap_index.xml")
# WordPress serves any feed in another order through the public query vars orderby/order, and pages it with paged:
# the most recently modified posts, with their Atom <updated> times, say which stored articles were edited.
MODIFIED_FEED = "/feed/atom/?orderby=modified&order=DESC"
# Meta key of a modified-order feed page: the links of the page before it (a site ignoring paged= repeats them).
FEED_PREVIOUS = "eureporter_feed_previous"


def _time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class SiteLists:
    """The spider's robots.txt, sitemap and feed callbacks (a mixin of EUReporterSpider)."""

    # Provided by the spider.
    scope: Any
    crawler: Any
    sitemaps: set[str]
    feed_pages: int

    def _request(self, url: str, callback: Any, priority: int, **meta: Any) -> Request:
        raise NotImplementedError

    def article_request(self, url: str, lastmod: str | None = None, *, revisit: bool = False) -> Request | None:
        raise NotImplementedError

    # -- robots.txt and sitemaps -----------------------------------------------------------------------------------

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

    # -- feeds -------------------------------------------------------------------------------------------------------

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
        yield from self._feed_articles(response)

    def parse_modified_feed(self, response: Response) -> Iterator[Request]:
        """The feed in modification order: its <updated> times tell which stored articles changed since the last
        finished crawl (FEED_SINCE). Paged back until it reaches that time, if the site really sorts it so."""
        stats = self.crawler.stats
        if response.status != 200:
            stats.inc_value("eureporter/feed/modified_unavailable")
            logger.info("No feed in modification order at %s (HTTP %d)", response.url, response.status)
            return
        found: list[tuple[str, str | None]] = []
        yield from self._feed_articles(response, found)
        times = [t for t in (_time(updated) for _link, updated in found) if t is not None]
        since = _time(response.meta.get(FEED_SINCE))
        if not times or since is None:
            return  # a first crawl fetches everything anyway
        if times != sorted(times, reverse=True):
            # A cache or plugin ignores orderby: the feed is in another order and says nothing about older edits.
            stats.inc_value("eureporter/feed/modified_unordered")
            logger.info("The site ignores orderby=modified on its feed (%s): edits are found by revisits", response.url)
            return
        page = int(response.meta.get("eureporter_feed_page", 1))
        links = tuple(link for link, _updated in found)
        if page > 1 and set(links) <= set(response.meta.get(FEED_PREVIOUS) or ()):
            # A page cache keyed on the path serves page 1 for every paged=N: nothing older is to be learnt here.
            stats.inc_value("eureporter/feed/modified_paging_ignored")
            logger.info("The site ignores paged= on its feed (%s): older edits are found by revisits", response.url)
            return
        if min(times) > since and page < self.feed_pages:
            yield self._request(
                f"{self.scope.base_url}{MODIFIED_FEED}&paged={page + 1}",
                self.parse_modified_feed,
                PRIORITY_DISCOVERY,
                handle_httpstatus_list=[404, 410],
                eureporter_feed_page=page + 1,
                **{FEED_SINCE: response.meta.get(FEED_SINCE), FEED_PREVIOUS: links},
            )
        elif min(times) > since:
            stats.inc_value("eureporter/feed/modified_pages_exhausted")

    def _feed_articles(
        self, response: Response, items_out: list[tuple[str, str | None]] | None = None
    ) -> Iterator[Request]:
        items = feed_items(response.body)
        if items is None:
            logger.warning("Ignoring invalid feed %s", response.url)
            self.crawler.stats.inc_value("eureporter/discovery/invalid_feed")
            return
        if items_out is not None:
            items_out.extend(items)
        offsite = []
        for link, updated in items:
            url = urljoin(response.url, link)
            if not self.scope.in_scope(url):
                offsite.append(url)
            elif (request := self.article_request(url, updated)) is not None:
                yield request
        self._offsite(response, offsite)
