"""The reference crawl of benchmarks/pipeline.py: Scrapy's own SitemapSpider fetching the article pages, doing nothing.

    scrapy runspider benchmarks/bare_sitemap_spider.py -a site=http://www.eureporter.test:PORT -s …

No WARC, no extraction, no dataset, no discovery beyond the sitemaps: what Scrapy alone costs for the same article
pages, under the same download settings (pipeline.py passes them). Article pages are counted in the stats as
`bare/articles`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.spiders import SitemapSpider

if TYPE_CHECKING:
    from scrapy.http import Response


class BareSitemapSpider(SitemapSpider):
    name = "bare"
    sitemap_rules = [(r"/\d{4}/\d{2}/\d{2}/[^/]+/$", "parse_article")]
    # Only the post sitemaps of WordPress's index, as the project's crawler reads them.
    sitemap_follow = [r"wp-sitemap-posts-", r"wp-sitemap\.xml$"]

    def __init__(self, site: str, **kwargs: Any) -> None:
        self.sitemap_urls = [f"{site.rstrip('/')}/wp-sitemap.xml"]
        super().__init__(**kwargs)

    def parse_article(self, response: Response) -> None:
        self.crawler.stats.inc_value("bare/articles")
