"""Scrapy extensions of the crawl: the WARC archive, the data directory lock, job directories, progress, Redis."""
