"""Reading fetched or archived pages: everything CPU-heavy that a page costs, decided in one place.

Scrapy's reactor is one thread, and it is the crawl's limit: decompressing, decoding, parsing and extracting every
page there would leave the other cores idle. The spider hands article and listing pages to these functions in a pool
of worker processes (crawler/workers.py), still content-encoded as received (smaller to send), and gets back plain
results. `eureporter reprocess` hands the same function the same bytes from the WARC record, so a capture gives the
same row whichever way it is read. No Scrapy import.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import logging
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from crawler.extraction import extract_article
from crawler.extraction.decoding import decode_html as decode_text
from crawler.extraction.links import ListingLinks, category_links, hreflang_alternates, listing_links
from storage.httpbody import BodyTooLarge, declared_charset, decode_content, is_html

if TYPE_CHECKING:
    from collections.abc import Callable

    from crawler.items import Article

logger = logging.getLogger(__name__)

DOCUMENT_END = re.compile(rb"</(?:html|body)\s*>", re.IGNORECASE)
PAGEKIND = "crawler.extraction.pagekind"
"""The module that tells challenge pages, consent walls and soft 404s from articles: not_an_article(html, url)."""


@dataclass(slots=True)
class PageRead:
    """What was read from one page.

    `problem` says why nothing was read (not_html, too_large, coding, truncated), `detail` the line to log; `notes`
    name what was odd but did not stop the reading (mislabelled_encoding, truncated_complete), to be counted;
    `not_article` is the kind of page served in place of the article (challenge, consent, soft404), never stored.
    """

    problem: str | None = None
    detail: str = ""
    article: Article | None = None
    alternates: dict[str, str] = field(default_factory=dict)
    categories: list[str] = field(default_factory=list)
    listing: ListingLinks | None = None
    notes: list[str] = field(default_factory=list)
    not_article: str | None = None


def decode_html(body: bytes, charset: str | None) -> str | bytes:
    """The page's text (crawler.extraction.decoding), or the bytes themselves when they are not text."""
    text = decode_text(body, charset)
    return body if text is None else text


def _body(body: bytes, content_encoding: str, max_bytes: int, notes: list[str]) -> bytes | PageRead:
    """The body with its Content-Encoding removed, or the PageRead saying why it cannot be."""
    try:
        return decode_content(body, content_encoding, max_bytes)
    except BodyTooLarge as exc:
        return PageRead("too_large", f"larger than DOWNLOAD_MAXSIZE ({max_bytes} bytes) once decompressed: {exc}")
    except Exception as exc:  # noqa: BLE001 - UnsupportedCoding, zlib.error & co: a broken body is a counted failure
        if body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<" and len(body) <= max_bytes:
            # Plain HTML under a Content-Encoding label (a misconfigured server or cache): the page is intact.
            notes.append("mislabelled_encoding")
            return body
        return PageRead("coding", f"cannot decode its Content-Encoding {content_encoding!r}: {exc}")


@functools.cache
def _page_kind() -> Callable[[str, str], str | None] | None:
    # Looked up, not imported blindly: an ImportError raised inside the module must not pass for its absence.
    if importlib.util.find_spec(PAGEKIND) is None:
        return None
    checker: Callable[[str, str], str | None] = importlib.import_module(PAGEKIND).not_an_article
    return checker


def read_capture(
    body: bytes,
    content_encoding: str,
    content_type: str,
    url: str,
    max_bytes: int,
    *,
    truncated: bool = False,
    links: bool = True,
) -> PageRead:
    """Everything about one fetched or archived article page, from the HTTP payload as received.

    Not HTML (by Content-Type), a body that cannot be decoded or inflates past max_bytes, or one cut short
    (`truncated`: fewer bytes than its Content-Length, WARC-Truncated) whose document does not end, are problems:
    nothing to store, and the next run fetches the page again. Otherwise the page is decoded (charset from the
    Content-Type, crawler.extraction.decoding), recognised or not as a page served in place of the article
    (crawler.extraction.pagekind), and extracted, with the links the spider follows from it (editions, categories;
    `links=False` when nobody follows them: they never change the article).
    """
    if not is_html(content_type, body, content_encoding):
        return PageRead("not_html", f"not an HTML page ({content_type or 'no Content-Type'})")
    notes: list[str] = []
    html = _body(body, content_encoding, max_bytes, notes)
    if isinstance(html, PageRead):
        return html
    if truncated:
        if DOCUMENT_END.search(html) is None:
            return PageRead(
                "truncated",
                f"the body is cut short of its Content-Length ({len(body)} bytes received) and its HTML does not "
                "end (no </html> or </body>): not stored, fetched again on the next run",
            )
        notes.append("truncated_complete")
    text = decode_text(html, declared_charset(content_type))
    if text is None:
        return PageRead(notes=notes)
    checker = _page_kind()
    if checker is not None and (kind := checker(text, url)) is not None:
        return PageRead(notes=notes, not_article=kind, detail=f"a {kind} page in place of the article")
    return PageRead(
        article=extract_article(text, url),
        alternates=hreflang_alternates(html, url) if links else {},
        categories=category_links(html, url) if links else [],
        notes=notes,
    )


def read_article(body: bytes, content_encoding: str, charset: str | None, url: str, max_bytes: int) -> PageRead:
    """read_capture for a caller that has the charset rather than the Content-Type (the spider, until it passes it)."""
    content_type = f"text/html; charset={charset}" if charset else "text/html"
    return read_capture(body, content_encoding, content_type, url, max_bytes)


def read_listing(body: bytes, content_encoding: str, charset: str | None, url: str, max_bytes: int) -> PageRead:
    """The articles, pagination and category archives a listing page links to."""
    notes: list[str] = []
    html = _body(body, content_encoding, max_bytes, notes)
    if isinstance(html, PageRead):
        return html
    links = listing_links(decode_html(html, charset), url)
    checker = _page_kind()
    if not links.articles and checker is not None and (text := decode_text(html, charset)) is not None:
        # A bot check or consent wall served in place of the listing: the crawl must not blame the site's markup.
        kind = checker(text, url)
        if kind in ("challenge", "consent"):
            return PageRead(
                listing=links, notes=notes, not_article=kind, detail=f"a {kind} page in place of the listing"
            )
    return PageRead(listing=links, notes=notes)


def read_batch(captures: list[tuple[bytes, str, str, str, bool]], max_bytes: int) -> list[PageRead]:
    """read_capture on (body, content_encoding, content_type, url, truncated) tuples, for reprocessing (no links):
    one task for a worker process, so the inter-process round trip is paid once per batch, not per page. One page
    that raises does not cost the others: it comes back as problem "error"."""
    reads = []
    for body, content_encoding, content_type, url, truncated in captures:
        try:
            read = read_capture(body, content_encoding, content_type, url, max_bytes, truncated=truncated, links=False)
            reads.append(read)
        except Exception as exc:  # noqa: BLE001 - counted and reported by the caller, with the URL
            logger.debug("reading %s failed", url, exc_info=True)
            reads.append(PageRead("error", f"reading the page failed: {exc!r}"))
    return reads
