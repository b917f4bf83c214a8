"""Failed requests: one clear log line and one counter each, instead of Scrapy's tracebacks or silence.

Every request the spider makes carries `RequestFailures.errback`, so each kind of failure (robots.txt, off-site,
out of scope, size limit, timeout, HTTP error after retries, DNS, refused connection, lost data) is named, logged once
at the right level with the URL, and counted as `eureporter/failed/<kind>`; a redirect that was not followed is also
counted as `eureporter/redirect/offsite`. The WARC archive keeps whatever response (or failure record) there was.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy import logformatter, signals
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError

from crawler.meta import ARTICLE, EDITION

if TYPE_CHECKING:
    from typing import Any

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector
    from twisted.python.failure import Failure

logger = logging.getLogger(__name__)

MAX_LOOP = 20  # Scrapy's REDIRECT_MAX_TIMES
MAX_REDIRECTS = 100_000  # redirect edges remembered; a site has few redirects, this only bounds memory

# Scrapy 2.19 raises its own exception types; older ones raised Twisted's. Matched by name to cover both.
_BY_NAME = {
    "DownloadTimeoutError": "timeout",
    "TimeoutError": "timeout",
    "TCPTimedOutError": "timeout",
    "CannotResolveHostError": "dns",
    "DNSLookupError": "dns",
    "DownloadConnectionRefusedError": "connection_refused",
    "ConnectionRefusedError": "connection_refused",
    "ResponseDataLossError": "data_loss",
    "ResponseFailed": "connection_lost",
    "ConnectionLost": "connection_lost",
    "DownloadFailedError": "connection_lost",
}


# Failures that are the crawler's own choice (robots.txt, scope, --max-pages), not the site failing us.
NOT_FAILURES = frozenset(("robots", "offsite", "budget", "ignored"))
"""Kinds that do not count as failed downloads."""
FIRST = "eureporter/failed/first"
"""Stats key: {kind: "URL: what happened"} for the first failure of each kind, for the end-of-crawl message."""
ARTICLE_FAILURES = "eureporter/failed_articles"
"""Stats key: article and edition requests that failed for good (not robots.txt, scope or --max-pages)."""


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc or url


def classify(exc: BaseException, url: str = "") -> tuple[str, int, str]:
    """(kind, log level, what happened) for a request failure; for the site being unreachable (DNS, refused,
    timeout), what happened also says what to do."""
    message = str(exc)
    if isinstance(exc, HttpError):
        status = exc.response.status
        level = logging.WARNING if status >= 500 else logging.INFO
        return f"http_{status}", level, f"HTTP {status} (after retries)" if status >= 500 else f"HTTP {status}"
    if isinstance(exc, IgnoreRequest):
        if "robots.txt" in message and "unreachable" in message:
            return "robots_unreachable", logging.DEBUG, message
        if "robots.txt" in message:
            return "robots", logging.INFO, "disallowed by robots.txt"
        if "offsite" in message.lower() or "scope" in message.lower():
            return "offsite", logging.WARNING, message
        if "max-pages" in message:
            return "budget", logging.DEBUG, message
        if "DOWNLOAD_MAXSIZE" in message or "max size" in message:
            return "too_large", logging.WARNING, f"larger than DOWNLOAD_MAXSIZE once decompressed ({message})"
        return "ignored", logging.INFO, message
    if "max size" in message or "DOWNLOAD_MAXSIZE" in message:
        return "too_large", logging.WARNING, f"larger than DOWNLOAD_MAXSIZE ({message})"
    kind = _BY_NAME.get(type(exc).__name__, type(exc).__name__.lower())
    host = urlsplit(url).hostname or ""
    if kind == "dns":
        what = f"could not resolve {host or 'the host name'}: check the network, or --resolve for a replica"
        return kind, logging.WARNING, what
    if kind == "connection_refused":
        where = host_of(url) if url else "the site"
        return (
            kind,
            logging.WARNING,
            f"could not connect to {where} (connection refused): check --site and that the site is up",
        )
    if kind == "timeout":
        return kind, logging.WARNING, f"{message or 'timed out'} (DOWNLOAD_TIMEOUT)"
    return kind, logging.WARNING, message or type(exc).__name__


def record_first(stats: StatsCollector, kind: str, url: str, what: str) -> None:
    """Keep the first failure of each kind (FIRST), for the message that ends a failed crawl."""
    first = dict(stats.get_value(FIRST) or {})
    if kind not in first:
        first[kind] = f"{url}: {what}"
        stats.set_value(FIRST, first)


class LogFormatter(logformatter.LogFormatter):
    """Scrapy's log lines, with a dropped item named by its message alone (Scrapy appends the whole item: the text of
    an article, thousands of characters, on every drop). Enable with LOG_FORMATTER."""

    def dropped(
        self, item: Any, exception: BaseException, response: Response | Failure | None, spider: Spider
    ) -> logformatter.LogFormatterResult:
        result = super().dropped(item, exception, response, spider)
        return {**result, "msg": "Dropped: %(exception)s", "args": {"exception": exception}}


class RequestFailures:
    """The spider's errback, and the detector of redirect loops (which Scrapy's dupefilter ends silently)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler  # its stats exist only once the crawl starts
        self.redirects: dict[str, str] = {}
        crawler.signals.connect(self.request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(self.request_dropped, signal=signals.request_dropped)

    def errback(self, failure: Failure) -> None:
        request: Request | None = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        kind, level, what = classify(failure.value, url if request is not None else "")
        stats = self.crawler.stats
        stats.inc_value(f"eureporter/failed/{kind}")
        if kind not in NOT_FAILURES and kind != "robots_unreachable":
            record_first(stats, kind, url, what)
            if request is not None and (request.meta.get(ARTICLE) is not None or request.meta.get(EDITION)):
                stats.inc_value(ARTICLE_FAILURES)
        sources = request.meta.get("redirect_urls", []) if request is not None else []
        if sources and kind == "offsite":
            stats.inc_value("eureporter/redirect/offsite")
            logger.warning("Not following the redirect from %s to %s: outside the site", sources[0], url)
        elif sources:
            logger.log(level, "Failed %s (redirected from %s): %s", url, sources[0], what)
        else:
            logger.log(level, "Failed %s: %s", url, what)

    def request_scheduled(self, request: Request) -> None:
        self._edge(request)

    def request_dropped(self, request: Request) -> None:
        # Scrapy's dupefilter ends a redirect loop (A -> B -> A) silently, and REDIRECT_MAX_TIMES is never reached.
        # A dropped redirect target is usually harmless (many URLs redirect to one page); a loop is when following
        # the redirects seen from the target leads back to where this one came from.
        source = self._edge(request)
        if source is None:
            return
        chain = [source]
        step: str | None = request.url
        for _ in range(MAX_LOOP):
            if step is None:
                return
            chain.append(step)
            if step == source:
                self.crawler.stats.inc_value("eureporter/redirect/loop")
                logger.warning("Redirect loop stopped: %s", " -> ".join(chain))
                return
            step = self.redirects.get(step)

    def _edge(self, request: Request) -> str | None:
        """Remember redirect source -> target (bounded); the source of this request, if it is a redirect."""
        chain = request.meta.get("redirect_urls")
        if not chain:
            return None
        if len(self.redirects) > MAX_REDIRECTS:
            self.redirects.clear()
        self.redirects[chain[-1]] = request.url
        return chain[-1]
