"""The request meta keys and shared stats names through which the spider, middlewares and extensions talk.

One small module that everyone imports, so no component has to import another to learn its vocabulary.
"""

from __future__ import annotations

ARTICLE = "eureporter_article"
"""An English article request; its value is a dict of what discovery knew (sitemap `lastmod`, …)."""
NEXT_PAGE = "eureporter_next_page"
"""A listing's next page; its value is the tuple of article URLs the page before it listed."""
LISTING = "eureporter_listing"
"""Set by the spider on a listing response once read: {"archive", "page", "own" (its own article URLs, not on the
page before), "last" (no next page)}, for the incremental middleware's pagination rule."""
LISTING_ALIAS = "eureporter_listing_alias"
"""The first page of an archive under its other spelling (/x/ for /category/x/): archived as linked, not walked."""
EDITION = "eureporter_edition"
"""A language edition's request; its value is the edition's language code."""
FEED = "eureporter_feed"
"""A feed request: "site" (the site feed, asked for conditionally with the previous finished crawl's validators:
WordPress answers 304) or "modified" (the feed in modification order)."""
FEED_SINCE = "eureporter_feed_since"
"""On the modified-order feed: when the previous finished crawl started (ISO 8601); older edits were seen by it."""
RAW_BODY = "eureporter_raw_body"
"""Leave the body content-encoded: a worker process decompresses it (crawler.downloadermiddlewares.compression)."""
WARC = "eureporter_warc"
"""Set by the WARC archive once a response is written: where its record (and payload) is."""
SITEMAP_DEPTH = "eureporter_sitemap_depth"
"""How deep in sitemap indexes this sitemap was found (robots.txt -> index -> sitemap is 2)."""
SITEMAP_QUEUE = "eureporter_sitemap_queue"
"""The sitemaps still to fetch after this one: children are fetched one after another."""

# Scheduler priorities: finish what is discovered before discovering more, so the frontier (and memory) stays small
# and a --max-pages budget is spent on articles rather than on listing pages.
PRIORITY_ROBOTS = 50
PRIORITY_EDITION = 30
PRIORITY_ARTICLE = 20
PRIORITY_DISCOVERY = 10

FEED_ETAG = "eureporter/feed/etag"
"""Stats key: the feed's ETag, kept in the crawls table for the next run's If-None-Match."""
FEED_LAST_MODIFIED = "eureporter/feed/last_modified"
"""Stats key: the feed's Last-Modified, for the next run's If-Modified-Since."""
