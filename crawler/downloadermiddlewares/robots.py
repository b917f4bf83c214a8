"""RobotsMiddleware: Scrapy's robots.txt middleware, except that an unreachable robots.txt means "fetch nothing there".

Scrapy treats a robots.txt it could not download (DNS failure, refused connection, timeout) as permission to fetch
everything, and parses a 5xx error page as if it were the rules. RFC 9309 §2.3.1.4 says the opposite: "If the
robots.txt file is unreachable due to server or network errors, ... the crawler MUST assume complete disallow". So
here an unreachable robots.txt (a network error, or status 5xx or 429 after retries) disallows the whole host for this
run: its requests fail with one log line per host, `eureporter/robots/unreachable` counts the hosts, and the
end-of-crawl checks (crawler.monitors) fail the run naming the host and the cause. A 4xx robots.txt means "no rules"
(RFC 9309 §2.3.1.3), as in Scrapy. Enable in place of Scrapy's RobotsTxtMiddleware (DOWNLOADER_MIDDLEWARES, 100).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, cast

from scrapy import Request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from crawler.failures import classify, record_first

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.robotstxt import RobotParser

logger = logging.getLogger(__name__)

UNREACHABLE = "eureporter/robots/unreachable"
"""Stats key: the number of hosts whose robots.txt could not be fetched."""
UNREACHABLE_HOSTS = "eureporter/robots/unreachable_hosts"
"""Stats key: {host: why} for those hosts."""


class Unreachable:
    """The "parser" of a host whose robots.txt could not be fetched: nothing is allowed, and it says why."""

    def __init__(self, netloc: str, why: str) -> None:
        self.netloc = netloc
        self.why = why

    def allowed(self, url: str | bytes, user_agent: str | bytes) -> bool:
        return False


class RobotsMiddleware(RobotsTxtMiddleware):
    """robots.txt obeyed as RFC 9309 says, including when it cannot be fetched (see the module docstring)."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._robots_urls: dict[str, str] = {}

    async def robot_parser(self, request: Request) -> RobotParser | None:
        # Scrapy's, without its ERROR line and traceback for a failed download (_robots_error says it in one line).
        netloc = urlparse_cached(request).netloc
        if netloc not in self._parsers:
            self._parsers[netloc] = Deferred()
            self._robots_urls[netloc] = f"{urlparse_cached(request).scheme}://{netloc}/robots.txt"
            robots = Request(
                self._robots_urls[netloc],
                priority=self.DOWNLOAD_PRIORITY,
                meta={"dont_obey_robotstxt": True},
                callback=NO_CALLBACK,
            )
            try:
                response = await self.crawler.engine.download_async(robots)
                await self._parse_robots(response, netloc, request)
            except Exception as exc:  # noqa: BLE001 - any failure to fetch robots.txt is handled the same way
                self._robots_error(exc, netloc)
            self._stats.inc_value("robotstxt/request_count")
        parser = self._parsers[netloc]
        if isinstance(parser, Deferred):
            return await maybe_deferred_to_future(parser)
        return parser

    def process_request_2(self, rp: RobotParser | None, request: Request) -> None:
        if isinstance(rp, Unreachable):
            self._stats.inc_value("robotstxt/forbidden")
            raise IgnoreRequest(f"Not fetched: robots.txt of {rp.netloc} was unreachable ({rp.why})")
        super().process_request_2(rp, request)

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if response.status >= 500 or response.status == 429:
            self._stats.inc_value("robotstxt/response_count")
            self._stats.inc_value(f"robotstxt/response_status_count/{response.status}")
            self._unreachable(netloc, f"HTTP {response.status}")
            return
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if isinstance(exc, IgnoreRequest):
            # Not a failure of the site (robots.txt redirected out of scope, larger than DOWNLOAD_MAXSIZE): no rules.
            super()._robots_error(exc, netloc)
            return
        self._stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
        url = self._robots_urls.get(netloc, f"http://{netloc}/robots.txt")
        kind, _level, what = classify(exc, url)
        record_first(self._stats, kind, url, what)
        self._unreachable(netloc, what)

    def _unreachable(self, netloc: str, why: str) -> None:
        logger.warning(
            "robots.txt of %s is unreachable (%s): fetching nothing from %s in this run (RFC 9309)", netloc, why, netloc
        )
        self._stats.inc_value(UNREACHABLE)
        hosts: dict[str, Any] = dict(self._stats.get_value(UNREACHABLE_HOSTS) or {})
        hosts[netloc] = why
        self._stats.set_value(UNREACHABLE_HOSTS, hosts)
        waiting = self._parsers[netloc]
        # Scrapy types the cache as parsers, None or Deferreds; Unreachable answers `allowed` as a parser does.
        parser = cast("RobotParser", Unreachable(netloc, why))
        self._parsers[netloc] = parser
        if isinstance(waiting, Deferred):
            waiting.callback(parser)
