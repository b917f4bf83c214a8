"""Distributed crawling on scrapy-redis: shared frontier and dupefilter in Redis, and the lifecycle they lack.

scrapy-redis shares the scheduler queue and the dupefilter between any number of crawl processes, but leaves two
questions open: when is a crawl over (one process idling while another still discovers pages must not stop), and when
is the shared state stale (a persisted dupefilter would make the next scheduled crawl skip every page it ever saw).
RedisCoordinator answers both with keys under `eureporter:<job>:`:

- `active`: exists while any worker of this crawl lives (refreshed by every worker, expires 60 s after the last one
  died). A process that finds no `active` key starts a new crawl: it clears the queue and dupefilter first.
- `worker:<host>:<pid>`: each worker's heartbeat, "busy" or "idle". An idle worker stays up while another is busy
  (its responses may add requests); when all are idle, all close, and the last one clears the queue and dupefilter.
"""

from __future__ import annotations

import logging
import os
import socket
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from twisted.internet import task

if TYPE_CHECKING:
    from typing import Self

    from redis import Redis
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 15
POLL_SECONDS = 0.5
TTL_SECONDS = 60


def connect(url: str) -> Redis:
    """A client that answers str (scrapy-redis's own answers bytes)."""
    import redis

    return redis.Redis.from_url(url, decode_responses=True, socket_timeout=30, socket_connect_timeout=10)


def redis_settings(url: str, job: str) -> dict[str, Any]:
    """The settings that put a crawl on scrapy-redis under the job's own keys."""
    prefix = f"eureporter:{job}"
    return {
        "EUREPORTER_REDIS_URL": url,
        "EUREPORTER_REDIS_JOB": job,
        "REDIS_URL": url,
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "SCHEDULER_QUEUE_KEY": f"{prefix}:requests",
        "SCHEDULER_DUPEFILTER_KEY": f"{prefix}:dupefilter",
        # Never flush on close: another process may still be working. RedisCoordinator clears the keys when the
        # whole crawl is over, or when a new crawl starts on stale keys.
        "SCHEDULER_PERSIST": True,
        "SCHEDULER_FLUSH_ON_START": False,
    }


class RedisCoordinator:
    """Enable with EUREPORTER_REDIS_URL (`eureporter crawl --redis URL`); see the module docstring."""

    def __init__(self, crawler: Crawler, server: Redis, job: str) -> None:
        self.crawler = crawler
        self.server = server
        self.prefix = f"eureporter:{job}"
        self.me = f"{socket.gethostname()}:{os.getpid()}"
        self.state = "busy"
        self.heartbeat: task.LoopingCall | None = None
        self.poll: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        url = crawler.settings.get("EUREPORTER_REDIS_URL")
        if not url:
            raise NotConfigured
        if crawler.settings.get("SCHEDULER") != "scrapy_redis.scheduler.Scheduler":
            raise ValueError(
                "EUREPORTER_REDIS_URL is set but the scheduler is Scrapy's own: use `eureporter crawl --redis URL`, "
                "which also sets SCHEDULER, DUPEFILTER_CLASS and the scrapy-redis keys"
            )
        coordinator = cls(crawler, connect(url), crawler.settings.get("EUREPORTER_REDIS_JOB"))
        # Before the scheduler opens: a new crawl must not inherit a stale dupefilter.
        coordinator.join()
        for handler, signal in (
            (coordinator.spider_opened, signals.spider_opened),
            (coordinator.spider_idle, signals.spider_idle),
            (coordinator.busy, signals.response_received),
            (coordinator.spider_closed, signals.spider_closed),
        ):
            crawler.signals.connect(handler, signal=signal)
        return coordinator

    def _key(self, name: str) -> str:
        return f"{self.prefix}:{name}"

    def join(self) -> None:
        if self.server.set(self._key("active"), self.me, nx=True, ex=TTL_SECONDS):
            removed = self.server.delete(self._key("requests"), self._key("dupefilter"))
            logger.info(
                "Starting distributed crawl %s in Redis%s", self.prefix, " (stale keys cleared)" if removed else ""
            )
        else:
            logger.info(
                "Joining distributed crawl %s (started by %s)", self.prefix, self.server.get(self._key("active"))
            )
        self._beat("busy")

    def _beat(self, state: str) -> None:
        pipe = self.server.pipeline()
        pipe.set(self._key(f"worker:{self.me}"), state, ex=TTL_SECONDS)
        pipe.expire(self._key("active"), TTL_SECONDS)
        pipe.execute()
        self.state = state

    def _others(self) -> dict[str, str]:
        mine = self._key(f"worker:{self.me}")
        keys = [k for k in self.server.scan_iter(match=self._key("worker:*"), count=100) if k != mine]
        values = self.server.mget(keys) if keys else []
        return {str(k): str(v) for k, v in zip(keys, values, strict=True) if v is not None}

    def spider_opened(self) -> None:
        self.heartbeat = task.LoopingCall(lambda: self._beat(self.state))
        self.heartbeat.start(HEARTBEAT_SECONDS, now=False)
        self.poll = task.LoopingCall(self._wake_if_work)
        self.poll.start(POLL_SECONDS, now=False)

    def _wake_if_work(self) -> None:
        """An idle worker looks at the shared queue twice a second, not only at Scrapy's 5 s engine heartbeat: on a
        short crawl the busy worker would otherwise drain the queue before the idle one ever looked."""
        if self.state != "idle" or not self.server.zcard(self._key("requests")):
            return
        # Scrapy has no public "work arrived" call; its engine slot's CallLaterOnce is what its own heartbeat uses.
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is not None:
            slot.nextcall.schedule()

    def busy(self) -> None:
        if self.state != "busy":
            self._beat("busy")

    def spider_idle(self) -> None:
        self._beat("idle")
        busy = [k for k, v in self._others().items() if v == "busy"]
        if busy:
            # Another worker's responses may still add requests to the shared queue: wait for them.
            raise DontCloseSpider(f"waiting for {len(busy)} busy worker(s)")

    def spider_closed(self, reason: str) -> None:
        for loop in (self.heartbeat, self.poll):
            if loop is not None and loop.running:
                loop.stop()
        self.server.delete(self._key(f"worker:{self.me}"))
        if reason == "finished" and not self._others():
            # The last worker out: the crawl is complete, so the next one starts from a clean dupefilter.
            self.server.delete(self._key("requests"), self._key("dupefilter"), self._key("active"))
            logger.info("Distributed crawl %s complete; its Redis keys were cleared", self.prefix)
