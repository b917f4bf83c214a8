"""ScopeGuardMiddleware: no request leaves the configured site's hosts, whoever made it (spider, redirect, robots)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import IgnoreRequest

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler


class ScopeGuardMiddleware:
    """Downloader middleware after Scrapy's OffsiteMiddleware, which lets every subdomain of allowed_domains through.

    The site's scope is narrower: the English host, the bare domain and language editions (`fr.`, `zh-cn.`) on the same
    port. A redirect to `shop.eureporter.co` or another port is therefore refused here; the spider's errback logs and
    counts it. Spiders without a `scope` attribute are not restricted.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        guard = cls(crawler)
        # Scrapy's OffsiteMiddleware drops off-site requests already when they are scheduled, silently (a DEBUG line,
        # once per domain) and without calling the errback: checking there too is what lets each one be named.
        crawler.signals.connect(guard.request_scheduled, signal=signals.request_scheduled)
        return guard

    def request_scheduled(self, request: Request) -> None:
        self.process_request(request)

    def process_request(self, request: Request) -> None:
        scope = getattr(self.crawler.spider, "scope", None)
        if scope is None or scope.in_scope(request.url):
            return
        reason = f"Outside the site's scope ({scope.domain} and its language editions): {request.url}"
        if request.meta.get("eureporter_out_of_scope"):
            raise IgnoreRequest(reason)  # already named and counted by the other check
        request.meta["eureporter_out_of_scope"] = True
        stats = self.crawler.stats
        stats.inc_value("eureporter/scope/filtered")
        sources = request.meta.get("redirect_urls")
        if sources:
            stats.inc_value("eureporter/redirect/offsite")
            logger.warning("Not following the redirect from %s to %s: outside the site", sources[-1], request.url)
        else:
            logger.info("Not fetching %s: outside the site (%s and its language editions)", request.url, scope.domain)
        raise IgnoreRequest(reason)
