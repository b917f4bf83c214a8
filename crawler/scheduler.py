"""RedisScheduler: scrapy-redis's scheduler, taking requests so that a worker's death loses none of them."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy.utils.misc import load_object
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler

from crawler.extensions.distributed import redis_timing
from crawler.frontier import SharedFrontier

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class RedisScheduler(Scheduler):  # type: ignore[misc]  # scrapy-redis has no type hints
    """scrapy-redis's Scheduler on a SharedFrontier (`eureporter crawl --redis URL` sets SCHEDULER to it).

    Taking a request records it under the worker's `taken:` hash and marks the worker busy, in one script; the
    request is acknowledged once Scrapy has finished with it (downloaded, parsed, its items through the pipelines), in
    the round trip that takes the next one. Enqueueing adds the fingerprint and the request in one step too, so a
    kill between the two cannot leave a URL seen but never queued.
    """

    crawler: Crawler | None = None
    frontier: SharedFrontier | None = None
    ttl: float
    taken: dict[bytes, Request]
    df: Any

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        _heartbeat, scheduler.ttl = redis_timing(crawler.settings)
        scheduler.taken = {}
        return scheduler

    def open(self, spider: Spider) -> None:
        # scrapy-redis's own open() announces a non-empty queue through Spider.log(), deprecated in Scrapy 2.14.
        self.spider = spider
        self.queue = load_object(self.queue_cls)(
            server=self.server, spider=spider, key=self.queue_key % {"spider": spider.name}, serializer=self.serializer
        )
        if not self.df:
            self.df = load_object(self.dupefilter_cls).from_spider(spider)
        if self.flush_on_start:
            self.flush()
        if queued := len(self.queue):
            logger.info("The shared queue holds %d requests", queued)
        prefix = self.queue_key.removesuffix(":requests")
        self.frontier = SharedFrontier(self.server, prefix, ttl=self.ttl)
        if self._inprogress() is None:
            # Without the engine's in-progress set nothing is acknowledged before the worker goes idle: correct,
            # but a killed worker's whole share since then would be fetched again.
            logger.warning("Scrapy's engine no longer exposes its in-progress requests; acknowledging at idle only")

    def _inprogress(self) -> set[Request] | None:
        # Scrapy keeps a request in its engine slot's `inprogress` from download until its callback's output (items
        # through the pipelines included) is handled: exactly "finished". There is no public signal for that moment.
        try:
            engine = self.crawler.engine if self.crawler is not None else None
        except RuntimeError:  # not set before the crawl starts (Scrapy >= 2.14)
            return None
        inprogress = getattr(getattr(engine, "_slot", None), "inprogress", None)
        return inprogress if isinstance(inprogress, set) else None

    def _finished(self) -> list[bytes]:
        inprogress = self._inprogress()
        if inprogress is None:
            return []
        done = [data for data, request in self.taken.items() if request not in inprogress]
        for data in done:
            del self.taken[data]
        return done

    def next_request(self) -> Request | None:
        assert self.frontier is not None
        data = self.frontier.take(self._finished())
        if data is None:
            return None
        request: Request = self.queue._decode_request(data)
        self.taken[data] = request
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def enqueue_request(self, request: Request) -> bool:
        if self.frontier is None or not isinstance(self.df, RFPDupeFilter):
            return bool(super().enqueue_request(request))
        added = self.frontier.enqueue(
            self.df.request_fingerprint(request),
            self.queue._encode_request(request),
            -request.priority,
            dont_filter=request.dont_filter,
        )
        if not added:
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def close(self, reason: str) -> Any:
        # Scrapy waited for every request in progress before closing the scheduler: all that was taken is finished.
        if self.frontier is not None:
            self.frontier.ack(list(self.taken))
            self.taken.clear()
        return super().close(reason)
