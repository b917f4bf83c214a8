"""The Article record: what extraction returns and what the dataset stores, one per article edition."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


@dataclass(kw_only=True, slots=True)
class Image:
    """One image of the article (the lead image or a figure in the body)."""

    url: str
    """Absolute URL of the image file."""
    caption: str | None = None
    """Caption text as displayed (machine-translated on language editions), without the credit when it is separate."""
    credit: str | None = None
    """Photo credit ("Photo credit: …", "Crédit photo : …"), when the page gives one."""
    lead: bool = False
    """True for the featured image shown above the body."""


@dataclass(kw_only=True, slots=True)
class Article:
    """One article edition (an English page or one of its machine-translated editions).

    Every field is taken from the page; a field the page does not give is None (or empty), never invented.
    """

    url: str
    """The URL the page was fetched from, without query string or fragment."""
    canonical_url: str | None = None
    """`<link rel=canonical>` (on translated editions EU Reporter points it at the www. English page)."""
    title: str = ""
    """Headline as displayed, trimmed, without the " - EU Reporter" site suffix."""
    text: str = ""
    """Body paragraphs in order, trimmed, separated by one newline; no navigation, share blocks, consent line,
    captions, ads, disclaimer, related, "more posts" or Trending text. Like every text field: NFC, no soft hyphens or
    zero-width characters, no-break spaces made plain spaces (the WARC record keeps the page as served)."""
    author: str | None = None
    """The byline's name; None when the page has no byline (never the site name)."""
    published_at: str | None = None
    """ISO 8601 publication time, with its UTC offset when the page gives one (on EU Reporter hosts a time without an
    offset is Brussels time and gets +01:00 or +02:00), else a date (YYYY-MM-DD)."""
    modified_at: str | None = None
    """ISO 8601 last modification time (same rules as published_at)."""
    language: str | None = None
    """ISO 639-1 code of the text's language (en, fr, de, it, id, …): the edition's, unless the text is confidently
    in another language (an untranslated English page on fr.)."""
    categories: list[str] = field(default_factory=list)
    """Category labels shown on the page (the post's first category first), as displayed in this edition."""
    category_path: str | None = None
    """The category path of the permalink, e.g. "world/kazakhstan" (may differ from the displayed label)."""
    tags: list[str] = field(default_factory=list)
    """Tag names, in page order."""
    translations: dict[str, str] = field(default_factory=dict)
    """hreflang alternates: ISO 639-1 code (or "x-default") to URL, so editions of one article can be joined."""
    description: str | None = None
    """Summary from `og:description` / meta description, when present."""
    images: list[Image] = field(default_factory=list)
    """Lead image first, then body figures, with captions and credits."""
    word_count: int = 0
    """Number of whitespace-separated words in text."""
    reader: str = "generic"
    """Which reader produced text: "zox" (the Zox News structure: #mvp-content-main and its blocks), "fallback" (an
    EU Reporter or Zox News page whose body structure was not found, a renamed or missing container or another
    theme: trafilatura on the page minus known chrome, then the EU Reporter boilerplate rules) or "generic" (any other
    site: trafilatura). Many "fallback" rows in one crawl mean the site's layout drifted."""

    def asdict(self) -> dict[str, Any]:
        """The record as plain JSON-compatible types (images become dicts)."""
        return dataclasses.asdict(self)


@dataclass(kw_only=True, slots=True)
class ArticlePage:
    """An extracted article page with where it was captured: what the spider hands to the SQL pipeline."""

    article: Article
    """The article as extracted from the page."""
    fetched_at: str
    """ISO 8601 UTC time of the capture (its WARC-Date)."""
    warc: dict[str, Any] = field(default_factory=dict)
    """Where the archived original is: file, record_id, offset (and payload_* for revisits)."""
    http_etag: str | None = None
    """The response's ETag, sent back as If-None-Match when the page is checked again."""
    http_last_modified: str | None = None
    """The response's Last-Modified, sent back as If-Modified-Since."""
    site_date: str | None = None
    """The response's Date header as ISO 8601 UTC: the site's own time of the capture (revisits are judged by it)."""


@dataclass(kw_only=True, slots=True)
class NotModified:
    """A stored article page that answered 304 Not Modified to a conditional request: its row is confirmed as is."""

    url: str
    """The page's URL (the stored row's url)."""
    fetched_at: str
    """ISO 8601 UTC time of the capture (the WARC-Date of its server-not-modified revisit record)."""
    warc: dict[str, Any] = field(default_factory=dict)
    """Where the revisit record is."""
    site_date: str | None = None
    """The response's Date header as ISO 8601 UTC."""
