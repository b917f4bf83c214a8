"""Distributed crawling on scrapy-redis: shared frontier and dupefilter in Redis, and the lifecycle they lack.

scrapy-redis shares the scheduler queue and the dupefilter between any number of crawl processes, but leaves open
when a crawl is over (one process idling while another still discovers pages must not stop), when the shared state is
stale (a persisted dupefilter would make the next scheduled crawl skip every page it ever saw), and what happens to
the requests a process held when it died. crawler.frontier.SharedFrontier keeps that state in Redis and changes it
only through atomic scripts; crawler.scheduler.RedisScheduler takes requests through it; RedisCoordinator runs the
lifecycle:

- joining registers the process as busy, and starts a new crawl (clearing queue and dupefilter) when none runs;
- a heartbeat every EUREPORTER_REDIS_HEARTBEAT seconds keeps the process alive in Redis and puts back in the queue
  the unfinished requests of any peer whose heartbeat is older than EUREPORTER_REDIS_TTL (it was killed);
- an idle process stays up while a peer is busy (its pages may add requests), looking at the queue twice a second;
  when all are idle, all close, and the last one out deletes the crawl's keys.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.utils.misc import load_object
from twisted.internet import task

from crawler.frontier import SharedFrontier

if TYPE_CHECKING:
    from typing import Self

    from redis import Redis
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

    from crawler.frontier import Reaped

logger = logging.getLogger(__name__)

# Fallbacks while settings/__init__.py does not define EUREPORTER_REDIS_HEARTBEAT and EUREPORTER_REDIS_TTL.
HEARTBEAT_SECONDS = 15.0
TTL_SECONDS = 60.0
POLL_SECONDS = 0.5
STATS = "eureporter/redis"


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
        "SCHEDULER": "crawler.scheduler.RedisScheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "SCHEDULER_QUEUE_KEY": f"{prefix}:requests",
        "SCHEDULER_DUPEFILTER_KEY": f"{prefix}:dupefilter",
        # Never flush on close: another process may still be working. The frontier's scripts clear the keys when the
        # whole crawl is over, or when a new crawl starts on stale keys.
        "SCHEDULER_PERSIST": True,
        "SCHEDULER_FLUSH_ON_START": False,
    }


def redis_timing(settings: BaseSettings) -> tuple[float, float]:
    """(heartbeat, ttl) in seconds from EUREPORTER_REDIS_HEARTBEAT and EUREPORTER_REDIS_TTL, checked."""
    values = []
    for name, fallback in (("EUREPORTER_REDIS_HEARTBEAT", HEARTBEAT_SECONDS), ("EUREPORTER_REDIS_TTL", TTL_SECONDS)):
        raw = settings.get(name)
        try:
            value = fallback if raw is None or raw == "" else float(raw)
        except (TypeError, ValueError):
            raise ValueError(f"{name} ({raw!r}) must be a number of seconds") from None
        if not value > 0:
            raise ValueError(f"{name} ({raw!r}) must be a positive number of seconds")
        values.append(value)
    heartbeat, ttl = values
    # One late heartbeat (a busy reactor, a slow network) must not make the peers declare this process dead.
    if ttl < 2 * heartbeat:
        raise ValueError(
            f"EUREPORTER_REDIS_TTL ({ttl:g}) must be at least twice EUREPORTER_REDIS_HEARTBEAT ({heartbeat:g})"
        )
    return heartbeat, ttl


class RedisCoordinator:
    """Enable with EUREPORTER_REDIS_URL (`eureporter crawl --redis URL`); see the module docstring."""

    def __init__(self, crawler: Crawler, frontier: SharedFrontier, heartbeat: float) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.frontier = frontier
        self.heartbeat_seconds = heartbeat
        self.waiting = False
        self.heartbeat: task.LoopingCall | None = None
        self.poll: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        url = crawler.settings.get("EUREPORTER_REDIS_URL")
        if not url:
            raise NotConfigured
        from crawler.scheduler import RedisScheduler

        scheduler = load_object(crawler.settings["SCHEDULER"])
        if not (isinstance(scheduler, type) and issubclass(scheduler, RedisScheduler)):
            raise ValueError(
                "EUREPORTER_REDIS_URL is set but SCHEDULER is not crawler.scheduler.RedisScheduler: use "
                "`eureporter crawl --redis URL`, which also sets DUPEFILTER_CLASS and the scrapy-redis keys"
            )
        heartbeat, ttl = redis_timing(crawler.settings)
        frontier = SharedFrontier(connect(url), f"eureporter:{crawler.settings.get('EUREPORTER_REDIS_JOB')}", ttl=ttl)
        coordinator = cls(crawler, frontier, heartbeat)
        # Before the scheduler opens: a new crawl must not inherit a stale dupefilter.
        coordinator.join()
        for handler, signal in (
            (coordinator.spider_opened, signals.spider_opened),
            (coordinator.spider_idle, signals.spider_idle),
            (coordinator.spider_closed, signals.spider_closed),
            (coordinator.engine_stopped, signals.engine_stopped),
        ):
            crawler.signals.connect(handler, signal=signal)
        return coordinator

    def join(self) -> None:
        joined = self.frontier.join()
        self._reaped(joined)
        if joined.fresh:
            logger.info(
                "Starting distributed crawl %s in Redis as %s%s",
                self.frontier.prefix,
                self.frontier.worker,
                " (stale keys cleared)" if joined.cleared else "",
            )
        else:
            logger.info(
                "Joining distributed crawl %s as %s (%d other worker(s))",
                self.frontier.prefix,
                self.frontier.worker,
                joined.peers,
            )
        # From now on: the time until the spider opens (database, workers) counts against the TTL too.
        self.heartbeat = task.LoopingCall(self._beat)
        self.heartbeat.start(self.heartbeat_seconds, now=False)

    def _beat(self) -> None:
        import redis

        try:
            beat = self.frontier.beat()
        except redis.RedisError as exc:
            # Keep beating: after TTL seconds without one the peers take back this process's requests (fetched
            # twice then, never lost).
            logger.warning("Redis heartbeat failed (%s); retrying in %g s", exc, self.heartbeat_seconds)
            self.stats.inc_value(f"{STATS}/heartbeat_errors")
            return
        if beat.rejoined:
            logger.warning(
                "Heartbeat of %s was late by more than the TTL: peers counted it as dead and took back its "
                "requests (they may be fetched twice); registered again",
                self.frontier.worker,
            )
            self.stats.inc_value(f"{STATS}/rejoined")
        self._reaped(beat)

    def _reaped(self, reaped: Reaped) -> None:
        if not reaped.dead:
            return
        logger.warning(
            "Worker(s) %s stopped sending heartbeats (killed?): %d unfinished request(s) put back in the shared queue",
            ", ".join(reaped.dead),
            reaped.requeued,
        )
        self.stats.inc_value(f"{STATS}/dead_workers", len(reaped.dead))
        self.stats.inc_value(f"{STATS}/requeued", reaped.requeued)
        if reaped.requeued:
            self._wake()

    def spider_opened(self) -> None:
        self.poll = task.LoopingCall(self._wake_if_work)
        self.poll.start(POLL_SECONDS, now=False)

    def _wake(self) -> None:
        # Scrapy has no public "work arrived" call; its engine slot's CallLaterOnce is what its own heartbeat uses.
        try:
            engine = self.crawler.engine
        except RuntimeError:  # Scrapy >= 2.14 raises until the crawl starts (joining reaps before that)
            return
        slot = getattr(engine, "_slot", None)
        if slot is not None:
            slot.nextcall.schedule()

    def _wake_if_work(self) -> None:
        """An idle worker looks at the shared queue twice a second, not only at Scrapy's 5 s engine heartbeat: on a
        short crawl the busy worker would otherwise drain the queue before the idle one ever looked."""
        if self.waiting and self.frontier.server.zcard(self.frontier.key("requests")):
            self.waiting = False
            self._wake()

    def spider_idle(self) -> None:
        idle = self.frontier.idle()
        self._reaped(idle)
        if idle.queued:
            self._wake()
            raise DontCloseSpider(f"{idle.queued} request(s) in the shared queue")
        if idle.busy:
            # Another worker's responses may still add requests to the shared queue: wait for them. A killed one
            # counts as busy until its heartbeat expires and its requests come back.
            self.waiting = True
            raise DontCloseSpider(f"waiting for {len(idle.busy)} busy worker(s)")

    def _stop_loops(self) -> None:
        for loop in (self.heartbeat, self.poll):
            if loop is not None and loop.running:
                loop.stop()

    def spider_closed(self, reason: str) -> None:
        self._stop_loops()
        left = self.frontier.leave()
        self._reaped(left)
        if left.returned:
            logger.info("Returned %d unfinished request(s) to the shared queue (%s)", left.returned, reason)
        if left.dropped:
            logger.warning(
                "Last worker out with %d request(s) still queued (%s): the next crawl rediscovers them",
                left.dropped,
                reason,
            )
        if left.cleared:
            logger.info("Distributed crawl %s complete; its Redis keys were cleared", self.frontier.prefix)

    def engine_stopped(self) -> None:
        self._stop_loops()
