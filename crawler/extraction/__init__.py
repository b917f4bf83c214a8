"""Reading EU Reporter pages, with no Scrapy import: decoding, the Zox News body, metadata, language, links.

The crawl runs these functions in worker processes, and reprocessing runs them on archived pages, so both read a
page the same way. `extract_article(html, url)` is the contract's entry point (CONTRACT.md).
"""

from crawler.extraction.article import extract_article

__all__ = ["extract_article"]
