"""Reading fetched pages, in the extraction worker processes: everything CPU-heavy that a page costs.

Scrapy's reactor is one thread, and it is the crawl's limit: decompressing, decoding, parsing and extracting every
page there would leave the other cores idle. The spider hands article and listing pages to these functions in a pool
of worker processes (crawler/workers.py), still content-encoded as received (smaller to send), and gets back plain
results. No Scrapy import: the functions run in bare worker processes and in reprocessing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from w3lib.encoding import resolve_encoding

from crawler.extraction import extract_article
from crawler.extraction.links import ListingLinks, category_links, hreflang_alternates, listing_links
from storage.httpbody import BodyTooLarge, decode_content

if TYPE_CHECKING:
    from crawler.items import Article

logger = logging.getLogger(__name__)


def decode_html(body: bytes, charset: str | None) -> str | bytes:
    """The HTTP charset wins (HTML spec), but only if the bytes really are in it; else let extraction sniff.

    Labels are resolved as browsers do (WHATWG): "iso-8859-1" and "ascii" mean windows-1252, whose curly quotes and
    euro sign would otherwise become C1 control characters.
    """
    encoding = resolve_encoding(charset) if charset else None
    if encoding:
        try:
            return body.decode(encoding)
        except UnicodeDecodeError:
            pass
    return body


@dataclass(slots=True)
class PageRead:
    """What a worker read from one page; `problem` names why it could not be read (too_large, coding)."""

    problem: str | None = None
    detail: str = ""
    article: Article | None = None
    alternates: dict[str, str] = field(default_factory=dict)
    categories: list[str] = field(default_factory=list)
    listing: ListingLinks | None = None


def _decoded(body: bytes, content_encoding: str, max_bytes: int) -> tuple[bytes | None, PageRead | None]:
    try:
        return decode_content(body, content_encoding, max_bytes), None
    except BodyTooLarge as exc:
        return None, PageRead("too_large", f"larger than DOWNLOAD_MAXSIZE ({max_bytes} bytes) once decompressed: {exc}")
    except Exception as exc:  # noqa: BLE001 - UnsupportedCoding, zlib.error & co: a broken body is a counted failure
        return None, PageRead("coding", f"cannot decode its Content-Encoding {content_encoding!r}: {exc}")


def read_article(body: bytes, content_encoding: str, charset: str | None, url: str, max_bytes: int) -> PageRead:
    """Extract the article, and the links the spider follows from an article page (editions, categories)."""
    html, failed = _decoded(body, content_encoding, max_bytes)
    if html is None:
        assert failed is not None
        return failed
    return PageRead(
        article=extract_article(decode_html(html, charset), url),
        alternates=hreflang_alternates(html, url),
        categories=category_links(html, url),
    )


def read_listing(body: bytes, content_encoding: str, charset: str | None, url: str, max_bytes: int) -> PageRead:
    """The articles, pagination and category archives a listing page links to."""
    html, failed = _decoded(body, content_encoding, max_bytes)
    if html is None:
        assert failed is not None
        return failed
    return PageRead(listing=listing_links(decode_html(html, charset), url))
