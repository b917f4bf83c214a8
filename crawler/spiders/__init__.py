"""Scrapy spiders of the EU Reporter archive crawler."""
