"""Progress: a periodic log line on long crawls, and a live status line when stderr is an interactive terminal."""

from __future__ import annotations

import logging
import sys
import time
from typing import TYPE_CHECKING, TextIO

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

BAR_WIDTH = 24


class Progress:
    """Every EUREPORTER_PROGRESS_INTERVAL seconds: pages (and pages/min), articles by outcome, errors, queue.

    On a terminal, a status line with a bar of pages done against pages scheduled is redrawn twice a second (unless
    EUREPORTER_PROGRESS_BAR is False); logs and scheduled jobs get only the periodic INFO line.
    """

    def __init__(
        self,
        stats: StatsCollector,
        interval: float,
        stream: TextIO | None,
        queue: Callable[[], int | None] | None = None,
    ) -> None:
        self.stats = stats
        self.interval = interval
        self.stream = stream
        self.queue = queue
        """The requests waiting now (the scheduler's length, a resumed crawl's saved queue included), if known."""
        self.started = time.monotonic()
        self._last: tuple[float, int] = (self.started, 0)
        self._tasks: list[task.LoopingCall] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        interval = crawler.settings.getfloat("EUREPORTER_PROGRESS_INTERVAL")
        bar = crawler.settings.getbool("EUREPORTER_PROGRESS_BAR") and sys.stderr.isatty()
        if interval <= 0 and not bar:
            raise NotConfigured
        ext = cls(crawler.stats, interval, sys.stderr if bar else None, queue=lambda: _waiting(crawler))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def _count(self, name: str) -> int:
        return int(self.stats.get_value(name, 0) or 0)

    def snapshot(self) -> dict[str, int]:
        pages = self._count("response_received_count")
        scheduled = self._count("scheduler/enqueued")
        waiting = self.queue() if self.queue is not None else None
        return {
            "pages": pages,
            # A resumed crawl starts with a saved queue that scheduler/enqueued never counted.
            "queued": waiting if waiting is not None else max(scheduled - pages, 0),
            "articles": self._count("eureporter/extract/articles"),
            "new": self._count("eureporter/sql/new"),
            "updated": self._count("eureporter/sql/updated"),
            "unchanged": self._count("eureporter/sql/unchanged"),
            # Extracted, on their way to the database (written in batches): counted before they are written.
            "pending": self._count("eureporter/sql/pending"),
            # Requests the crawler chose not to make (--max-pages, robots.txt) are not errors.
            "errors": max(
                self._count("log_count/ERROR")
                + self._count("downloader/exception_count")
                - self._count("eureporter/budget/dropped")
                - self._count("robotstxt/forbidden"),
                0,
            ),
        }

    def spider_opened(self) -> None:
        self.started = time.monotonic()
        if self.interval > 0:
            self._start(self.log_line, self.interval)
        if self.stream is not None:
            self._start(self.draw, 0.5)

    def _start(self, function: Callable[[], None], interval: float) -> None:
        loop = task.LoopingCall(function)
        loop.start(interval, now=False)
        self._tasks.append(loop)

    def log_line(self) -> None:
        now, figures = time.monotonic(), self.snapshot()
        then, pages_then = self._last
        rate = (figures["pages"] - pages_then) / max(now - then, 1e-9) * 60
        self._last = (now, figures["pages"])
        pending = f", {figures['pending']} waiting for the database" if figures["pending"] else ""
        logger.info(
            "Progress: %(pages)d pages (%(rate).0f/min), %(articles)d articles (%(new)d new, %(updated)d updated, "
            "%(unchanged)d unchanged%(pending)s), %(errors)d errors, %(queued)d queued",
            {**figures, "rate": rate, "pending": pending},
        )

    def draw(self) -> None:
        assert self.stream is not None
        figures = self.snapshot()
        total = max(figures["pages"] + figures["queued"], 1)
        done = int(BAR_WIDTH * figures["pages"] / total)
        elapsed = time.monotonic() - self.started
        self.stream.write(
            f"\r[{'#' * done}{'.' * (BAR_WIDTH - done)}] {figures['pages']}/{total} pages, "
            f"{figures['articles']} articles, {figures['errors']} errors, "
            f"{figures['pages'] / max(elapsed, 1e-9):.0f} pages/s \x1b[K"
        )
        self.stream.flush()

    def spider_closed(self) -> None:
        for loop in self._tasks:
            if loop.running:
                loop.stop()
        if self.stream is not None:
            self.draw()
            self.stream.write("\n")
            self.stream.flush()


def _waiting(crawler: Crawler) -> int | None:
    """Requests in the scheduler's queue (memory, disk or Redis) plus those being downloaded; None before the engine
    runs."""
    engine = crawler.engine
    scheduler = getattr(engine, "scheduler", None) if engine is not None else None
    if scheduler is None:
        return None
    try:
        queued = len(scheduler)  # type: ignore[arg-type]  # Scrapy's and scrapy-redis's schedulers have __len__
    except Exception:  # noqa: BLE001 - no __len__, a Redis queue out of reach: the progress line must not fail
        return None
    active = getattr(getattr(engine, "downloader", None), "active", ())
    return queued + len(active)
