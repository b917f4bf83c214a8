"""RawBodyCompressionMiddleware: leave the Content-Encoding of pages that worker processes decode themselves."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware

if TYPE_CHECKING:
    from scrapy.http import Request, Response

# Request meta key: the callback decodes the body itself (crawler.extraction.pages, in a worker process).
from crawler.meta import RAW_BODY


class RawBodyCompressionMiddleware(HttpCompressionMiddleware):
    """Scrapy's HttpCompressionMiddleware (same settings), except for requests flagged RAW_BODY.

    Article and listing pages are decompressed, size-checked (DOWNLOAD_MAXSIZE) and parsed in a worker process: doing
    it here would spend the reactor thread's time, and send the worker a body four times larger.
    """

    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        if request.meta.get(RAW_BODY):
            return response
        return super().process_response(request, response)
