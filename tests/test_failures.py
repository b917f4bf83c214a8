"""Failure classification, Retry-After parsing: one named kind per failed request."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
from scrapy.exceptions import DownloadCancelledError, DownloadTimeoutError, IgnoreRequest
from scrapy.http import HtmlResponse, Request
from scrapy.spidermiddlewares.httperror import HttpError

from crawler.downloadermiddlewares.retry import retry_after_seconds
from crawler.failures import classify


@pytest.mark.parametrize(
    ("exc", "kind", "level"),
    [
        (IgnoreRequest("Forbidden by robots.txt"), "robots", logging.INFO),
        (IgnoreRequest("Filtered offsite request to 'evil.example'"), "offsite", logging.WARNING),
        (
            IgnoreRequest("Outside the site's scope (eureporter.co and its language editions): http://shop.x/"),
            "offsite",
            logging.WARNING,
        ),
        (IgnoreRequest("--max-pages 25 reached"), "budget", logging.DEBUG),
        (
            IgnoreRequest("Ignored response <200 x> because its body (204800 B compressed) exceeded DOWNLOAD_MAXSIZE"),
            "too_large",
            logging.WARNING,
        ),
        (
            DownloadCancelledError(
                "Expected to receive 3000000 bytes which is larger than download max size (2000000)"
            ),
            "too_large",
            logging.WARNING,
        ),
        (DownloadTimeoutError("Getting http://x/ took longer than 2 seconds."), "timeout", logging.WARNING),
        (ConnectionRefusedError(), "connection_refused", logging.WARNING),
    ],
)
def test_classify(exc: BaseException, kind: str, level: int) -> None:
    assert classify(exc)[:2] == (kind, level)


def test_http_errors_are_classified_by_status() -> None:
    request = Request("http://x/")
    for status, level in ((404, logging.INFO), (503, logging.WARNING)):
        error = HttpError(HtmlResponse("http://x/", status=status, request=request), "Ignoring non-200 response")
        assert classify(error)[:2] == (f"http_{status}", level)


def test_retry_after_values() -> None:
    now = datetime(2026, 11, 28, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds(b"2") == 2.0
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds("Sat, 28 Nov 2026 12:00:30 GMT", now) == 30.0
    assert retry_after_seconds("Sat, 28 Nov 2026 11:00:00 GMT", now) == 0.0  # in the past: no wait
    assert retry_after_seconds(None) is None
    assert retry_after_seconds(b"soon") is None
