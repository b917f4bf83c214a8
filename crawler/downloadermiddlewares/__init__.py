"""Scrapy downloader middlewares: the site's scope, Retry-After, raw bodies for the workers, the page budget."""
