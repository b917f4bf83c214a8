"""JobDirGuard: make --jobdir safe to resume after any stop, including SIGKILL, and safe to reuse on a schedule.

Scrapy's JOBDIR (disk queue + requests.seen) is only consistent after a graceful stop (notes §9): after SIGKILL the
requests that were in flight are in neither the queue nor the dataset, but requests.seen says they were seen, so they
would never be fetched again. And after a crawl that *finished*, requests.seen would make the next scheduled run with
the same --jobdir skip every page it has ever seen. So the dataset, not the dupefilter, is the record of what is
stored:

- graceful stop (finish reason "shutdown"): the guard writes a `clean` marker; the next start resumes Scrapy's queue.
- any other leftover state (killed, crashed): the queue and requests.seen are discarded with a warning; the crawl
  rediscovers from the start pages, and IncrementalMiddleware skips what the dataset already holds (for a full
  backfill: what this run already stored, by the run's start time kept in `eureporter-run.json`).
- finished crawl: the Scrapy state is removed, so the next run is a new crawl.
"""

from __future__ import annotations

import json
import logging
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

CLEAN_MARKER = "eureporter-clean"
RUN_FILE = "eureporter-run.json"
# What Scrapy keeps in a JOBDIR (scheduler queue, dupefilter, SpiderState).
SCRAPY_STATE = ("requests.queue", "requests.seen", "spider.state")


def run_started_at(jobdir: str | Path | None) -> datetime | None:
    """When the crawl that this --jobdir belongs to first started (None without a jobdir or a run file)."""
    if not jobdir:
        return None
    try:
        data = json.loads((Path(jobdir) / RUN_FILE).read_text())
        return datetime.fromisoformat(data["started_at"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


class JobDirGuard:
    """Enable with JOBDIR (--jobdir); see the module docstring for what it does at start and at close."""

    def __init__(self, jobdir: Path, stats: StatsCollector) -> None:
        self.jobdir = jobdir
        self.stats = stats
        self.resumed = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        jobdir = crawler.settings.get("JOBDIR")
        if not jobdir:
            raise NotConfigured
        guard = cls(Path(jobdir), crawler.stats)
        # Runs before the engine opens the scheduler, so a discarded queue is never loaded.
        guard.prepare()
        crawler.signals.connect(guard.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(guard.spider_closed, signal=signals.spider_closed)
        return guard

    def prepare(self) -> None:
        self.jobdir.mkdir(parents=True, exist_ok=True)
        leftovers = [name for name in SCRAPY_STATE if (self.jobdir / name).exists()]
        marker = self.jobdir / CLEAN_MARKER
        if leftovers and marker.exists():
            self.resumed = True
            logger.info("Resuming the crawl stopped gracefully in %s", self.jobdir)
        elif leftovers:
            logger.warning(
                "The crawl in %s did not stop cleanly (killed?): discarding its queue (%s) and rediscovering; "
                "articles already stored are skipped",
                self.jobdir,
                ", ".join(leftovers),
            )
            self._discard()
            self.stats.set_value("eureporter/jobdir/unclean_resume", 1)
            self.resumed = True
        marker.unlink(missing_ok=True)
        run_file = self.jobdir / RUN_FILE
        if not self.resumed or not run_file.exists():
            run_file.write_text(json.dumps({"started_at": datetime.now(UTC).isoformat()}))

    def _discard(self) -> None:
        for name in SCRAPY_STATE:
            path = self.jobdir / name
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)

    def spider_opened(self) -> None:
        self.stats.set_value("eureporter/jobdir/resumed", int(self.resumed))

    def spider_closed(self, reason: str) -> None:
        if reason == "shutdown":
            # Scrapy has written the queue and requests.seen on this graceful stop: they can be trusted next time.
            (self.jobdir / CLEAN_MARKER).write_text(datetime.now(UTC).isoformat())
        elif reason == "finished":
            self._discard()
            (self.jobdir / RUN_FILE).unlink(missing_ok=True)
