"""The request meta keys and shared stats names through which the spider, middlewares and extensions talk.

One small module that everyone imports, so no component has to import another to learn its vocabulary.
"""

from __future__ import annotations

ARTICLE = "eureporter_article"
"""An English article request; its value is a dict of what discovery knew (sitemap `lastmod`, …)."""
NEXT_PAGE = "eureporter_next_page"
"""A listing's next page; its value is the tuple of article URLs the page before it listed."""
FEED = "eureporter_feed"
"""The site feed, asked for conditionally with the previous finished crawl's validators (WordPress answers 304)."""
RAW_BODY = "eureporter_raw_body"
"""Leave the body content-encoded: a worker process decompresses it (crawler.downloadermiddlewares.compression)."""
WARC = "eureporter_warc"
"""Set by the WARC archive once a response is written: where its record (and payload) is."""
SITEMAP_DEPTH = "eureporter_sitemap_depth"
"""How deep in sitemap indexes this sitemap was found (robots.txt -> index -> sitemap is 2)."""
SITEMAP_QUEUE = "eureporter_sitemap_queue"
"""The sitemaps still to fetch after this one: children are fetched one after another."""

FEED_ETAG = "eureporter/feed/etag"
"""Stats key: the feed's ETag, kept in the crawls table for the next run's If-None-Match."""
FEED_LAST_MODIFIED = "eureporter/feed/last_modified"
"""Stats key: the feed's Last-Modified, for the next run's If-Modified-Since."""
