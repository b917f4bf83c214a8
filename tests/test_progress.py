"""Progress: the periodic log line and the terminal status line, from the crawl's stats."""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING

from scrapy.statscollectors import StatsCollector

from crawler.commands.run import project_settings
from crawler.extensions.progress import Progress

if TYPE_CHECKING:
    import pytest


class _Crawler:
    def __init__(self) -> None:
        self.settings = project_settings()
        self.stats = StatsCollector(self)  # type: ignore[arg-type]


def _progress(stream: io.StringIO | None) -> Progress:
    crawler = _Crawler()
    for name, value in {"response_received_count": 120, "scheduler/enqueued": 400, "eureporter/extract/articles": 90,
                        "eureporter/sql/new": 80, "eureporter/sql/updated": 4, "eureporter/sql/unchanged": 6,
                        "log_count/ERROR": 1, "downloader/exception_count": 2}.items():  # fmt: skip
        crawler.stats.set_value(name, value)
    return Progress(crawler.stats, 60, stream)


def test_progress_line(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="crawler.extensions.progress"):
        _progress(None).log_line()
    assert "Progress: 120 pages (" in caplog.text
    assert "90 articles (80 new, 4 updated, 6 unchanged), 3 errors, 280 queued" in caplog.text


def test_status_line_on_a_terminal() -> None:
    stream = io.StringIO()
    _progress(stream).draw()
    line = stream.getvalue()
    assert line.startswith("\r[")
    assert "120/400 pages, 90 articles, 3 errors" in line
    assert line.count("#") == 7  # 120 of 400 of a 24-character bar
