"""RetryAfterMiddleware: Scrapy's retries, waiting as long as the server's Retry-After asks (Scrapy #3849)."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.retry import RetryMiddleware

if TYPE_CHECKING:
    from scrapy.http import Request, Response
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After value: delay-seconds or an HTTP-date (RFC 9110 §10.2.3); None if absent."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - (now or datetime.now(UTC))).total_seconds(), 0.0)


class RetryAfterMiddleware(RetryMiddleware):
    """Replaces Scrapy's RetryMiddleware (same settings). A 429 or 503 with Retry-After is retried only after that
    delay (capped by EUREPORTER_RETRY_AFTER_MAX seconds); Scrapy's own would retry at once, which is the opposite of
    what the server asked. Only the retried request waits; the rest of the crawl goes on, under AutoThrottle."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.max_wait = settings.getfloat("EUREPORTER_RETRY_AFTER_MAX")

    async def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        will_retry = (
            response.status in (429, 503)
            and response.status in self.retry_http_codes
            and not request.meta.get("dont_retry", False)
            and request.meta.get("retry_times", 0) < request.meta.get("max_retry_times", self.max_retry_times)
        )
        delay = retry_after_seconds(response.headers.get(b"Retry-After")) if will_retry else None
        if delay:
            wait = min(delay, self.max_wait)
            self.crawler.stats.inc_value("eureporter/retry/retry_after")
            logger.info(
                "%s answered %d with Retry-After %s: retrying in %.1f s",
                request.url,
                response.status,
                (response.headers.get(b"Retry-After") or b"").decode("latin-1"),
                wait,
            )
            await asyncio.sleep(wait)
        return super().process_response(request, response)
