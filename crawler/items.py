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
    captions, ads, disclaimer, related, "more posts" or Trending text."""
    author: str | None = None
    """The byline's name; None when the page has no byline (never the site name)."""
    published_at: str | None = None
    """ISO 8601 publication time, with its UTC offset when the page gives one, else a date (YYYY-MM-DD)."""
    modified_at: str | None = None
    """ISO 8601 last modification time (same rules as published_at)."""
    language: str | None = None
    """ISO 639-1 code of the edition (en, fr, de, it, id, …)."""
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
