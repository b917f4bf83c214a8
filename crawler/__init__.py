"""EU Reporter archive crawler: Scrapy spiders, WARC capture, extraction and the SQL pipeline."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("eureporter-archive")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
