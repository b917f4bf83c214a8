"""Scrapy spider middlewares: the incremental judgement between discovery and the scheduler."""
