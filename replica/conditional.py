"""HTTP validators and conditional requests (RFC 9110 §8.8, §13): the feed's site-wide ones, and per-page ones."""

from __future__ import annotations

from hashlib import md5
from typing import TYPE_CHECKING

from replica.clock import parse_http_date

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime


def page_etag(body: bytes) -> str:
    """A weak ETag from the page's own bytes, as nginx or a CDN gives a page it compresses (gzip or not: one ETag)."""
    return f'W/"{md5(body).hexdigest()}"'


def _opaque(tag: str) -> str:
    return tag.strip().removeprefix("W/")


def etag_matches(header: str, etag: str) -> bool:
    """If-None-Match's weak comparison: any listed tag equal to `etag` once W/ is ignored, or "*"."""
    tags = [tag.strip() for tag in header.split(",") if tag.strip()]
    return "*" in tags or _opaque(etag) in {_opaque(tag) for tag in tags}


def feed_not_modified(request: Mapping[str, str], etag: str, modified: datetime) -> bool:
    """WordPress WP::send_headers() for feeds: with both conditions sent, both must hold; else either one."""
    client_etag = request.get("if-none-match", "").strip()
    since = parse_http_date(request["if-modified-since"]) if "if-modified-since" in request else None
    etag_ok = bool(client_etag) and client_etag in (etag, f"W/{etag}", "*")
    date_ok = since is not None and since >= modified.replace(microsecond=0)
    if client_etag and since is not None:
        return etag_ok and date_ok
    return etag_ok or date_ok


def page_not_modified(request: Mapping[str, str], etag: str, modified: datetime | None) -> bool:
    """RFC 9110 §13.2.2 for a page: If-None-Match decides when sent; else If-Modified-Since against `modified`."""
    if "if-none-match" in request:
        return etag_matches(request["if-none-match"], etag)
    since = parse_http_date(request["if-modified-since"]) if "if-modified-since" in request else None
    return since is not None and modified is not None and since >= modified.replace(microsecond=0)
