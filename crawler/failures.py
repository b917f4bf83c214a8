"""Failed requests: one clear log line and one counter each, instead of Scrapy's tracebacks or silence.

Every request the spider makes carries `RequestFailures.errback`, so each kind of failure (robots.txt, off-site,
out of scope, size limit, timeout, HTTP error after retries, DNS, refused connection, lost data) is named, logged once
at the right level with the URL, and counted as `eureporter/failed/<kind>`; a redirect that was not followed is also
counted as `eureporter/redirect/offsite`. The WARC archive keeps whatever response (or failure record) there was.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
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


def classify(exc: BaseException) -> tuple[str, int, str]:
    """(kind, log level, what happened) for a request failure."""
    message = str(exc)
    if isinstance(exc, HttpError):
        status = exc.response.status
        level = logging.WARNING if status >= 500 else logging.INFO
        return f"http_{status}", level, f"HTTP {status} (after retries)" if status >= 500 else f"HTTP {status}"
    if isinstance(exc, IgnoreRequest):
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
    return kind, logging.WARNING, message or type(exc).__name__


class RequestFailures:
    """The spider's errback, and the detector of redirect loops (which Scrapy's dupefilter ends silently)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler  # its stats exist only once the crawl starts
        self.redirects: dict[str, str] = {}
        crawler.signals.connect(self.request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(self.request_dropped, signal=signals.request_dropped)

    def errback(self, failure: Failure) -> None:
        request: Request | None = getattr(failure, "request", None)
        kind, level, what = classify(failure.value)
        stats = self.crawler.stats
        stats.inc_value(f"eureporter/failed/{kind}")
        url = request.url if request is not None else "?"
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
