"""The shared frontier's scripts against a real Redis: busy from the take, join and last-out exclusive, dead workers'
requests back in the queue."""

from __future__ import annotations

import random
import threading
import time
import uuid
from typing import TYPE_CHECKING, Any

import pytest
import redis
from scrapy.settings import Settings

from crawler.extensions.distributed import redis_timing
from crawler.frontier import SharedFrontier

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = pytest.mark.slow

START = [(f"fp-{name}", f"start {name}".encode()) for name in ("robots", "feed", "home")]
TTL = 30.0


@pytest.fixture
def server(redis_url: str) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(redis_url)
    yield client
    client.close()


@pytest.fixture
def prefix(server: redis.Redis) -> Iterator[str]:
    name = f"eureporter:test-{uuid.uuid4().hex[:8]}"
    yield name
    keys = list(server.scan_iter(match=f"{name}:*"))
    if keys:
        server.delete(*keys)


def frontier(server: redis.Redis, prefix: str, worker: str, ttl: float = TTL) -> SharedFrontier:
    return SharedFrontier(server, prefix, ttl=ttl, worker=worker)


def queued(server: redis.Redis, prefix: str) -> list[tuple[bytes, float]]:
    return [(member, score) for member, score in server.zrange(f"{prefix}:requests", 0, -1, withscores=True)]


def test_taking_a_request_makes_the_worker_busy_in_the_same_step(server: redis.Redis, prefix: str) -> None:
    a, b = frontier(server, prefix, "a"), frontier(server, prefix, "b")
    a.join()
    b.join()
    assert a.enqueue("fp-1", b"page 1", 0, dont_filter=False)
    a_idle = a.idle()
    assert a_idle.queued == 1  # work is waiting: a must not close either
    assert b.idle().busy == []

    assert a.take() == b"page 1"
    assert a.held() == 1
    # The queue is empty, yet b must not close: a holds a request whose page may add more.
    seen_by_b = b.idle()
    assert (seen_by_b.queued, seen_by_b.busy) == (0, ["a"])

    # Finished: acknowledged with the next take, and idle again.
    assert a.take([b"page 1"]) is None
    assert a.held() == 0
    a.idle()
    assert b.idle().busy == []


def test_the_dupefilter_and_the_queue_change_in_one_step(server: redis.Redis, prefix: str) -> None:
    a = frontier(server, prefix, "a")
    a.join()
    assert a.enqueue("fp-1", b"page 1", -5, dont_filter=False)
    assert not a.enqueue("fp-1", b"page 1 again", -5, dont_filter=False)
    assert a.enqueue("fp-1", b"page 1 retried", -5, dont_filter=True)
    assert server.smembers(f"{prefix}:dupefilter") == {b"fp-1"}
    assert sorted(queued(server, prefix)) == [(b"page 1", -5.0), (b"page 1 retried", -5.0)]


def test_a_dead_workers_requests_go_back_with_their_priorities(server: redis.Redis, prefix: str) -> None:
    victim, survivor = frontier(server, prefix, "victim", ttl=0.3), frontier(server, prefix, "survivor")
    victim.join()
    survivor.join()
    for priority, name in ((10, b"listing"), (5, b"article"), (0, b"edition")):
        victim.enqueue(name.decode(), name, -priority, dont_filter=False)
    assert [victim.take(), victim.take()] == [b"listing", b"article"]

    # Alive: nothing is taken from it, and the survivor waits for it.
    assert survivor.beat().dead == []
    assert survivor.idle().busy == ["victim"]

    time.sleep(0.5)  # no heartbeat for longer than its TTL: killed
    beat = survivor.beat()
    assert (beat.dead, beat.requeued) == (["victim"], 2)
    assert sorted(queued(server, prefix), key=lambda entry: entry[1]) == [
        (b"listing", -10.0),
        (b"article", -5.0),
        (b"edition", 0.0),
    ]
    assert [survivor.take(), survivor.take(), survivor.take()] == [b"listing", b"article", b"edition"]
    assert not server.exists(f"{prefix}:taken:victim")
    assert survivor.idle().busy == []


def test_a_worker_declared_dead_registers_again_as_busy(server: redis.Redis, prefix: str) -> None:
    late, peer = frontier(server, prefix, "late", ttl=0.3), frontier(server, prefix, "peer")
    late.join()
    peer.join()
    late.idle()
    time.sleep(0.5)
    assert peer.beat().dead == ["late"]
    assert late.beat().rejoined
    assert peer.idle().busy == ["late"]
    assert not late.beat().rejoined


def test_join_clears_a_dead_crawl(server: redis.Redis, prefix: str) -> None:
    dead = frontier(server, prefix, "dead", ttl=0.2)
    dead.join()
    for fingerprint, data in START:
        dead.enqueue(fingerprint, data, 0, dont_filter=False)
    dead.take()
    time.sleep(0.4)
    joined = frontier(server, prefix, "new").join()
    assert joined.fresh
    assert joined.dead == ["dead"]
    assert joined.cleared == 2  # the queue (with the dead worker's request back in it) and the dupefilter
    assert not server.exists(f"{prefix}:taken:dead")
    assert server.hkeys(f"{prefix}:workers") == [b"new"]


def test_join_shares_a_running_crawl(server: redis.Redis, prefix: str) -> None:
    running = frontier(server, prefix, "running")
    running.join()
    running.enqueue("fp-1", b"page 1", 0, dont_filter=False)
    running.take()
    joined = frontier(server, prefix, "new").join()
    assert (joined.fresh, joined.peers) == (False, 1)
    assert server.smembers(f"{prefix}:dupefilter") == {b"fp-1"}


def test_join_after_the_crawl_is_over_starts_a_new_one(server: redis.Redis, prefix: str) -> None:
    """All idle and the queue empty: the crawl only waits for its workers to leave. A joiner then must not inherit the
    finished crawl's dupefilter, which holds its start pages."""
    old = frontier(server, prefix, "old")
    old.join()
    for fingerprint, data in START:
        old.enqueue(fingerprint, data, 0, dont_filter=False)
    while (data := old.take()) is not None:
        old.take([data])
    old.idle()
    new = frontier(server, prefix, "new")
    assert new.join().fresh
    assert all(new.enqueue(fingerprint, data, 0, dont_filter=False) for fingerprint, data in START)
    # The idle worker is still registered; on leaving it keeps the new crawl's keys.
    left = old.leave()
    assert (left.peers, left.cleared) == (1, 0)
    assert len(queued(server, prefix)) == len(START)


def test_leave_returns_unfinished_requests_and_the_last_one_clears(server: redis.Redis, prefix: str) -> None:
    a, b = frontier(server, prefix, "a"), frontier(server, prefix, "b")
    a.join()
    b.join()
    a.enqueue("fp-1", b"page 1", 0, dont_filter=False)
    a.take()
    left = a.leave()
    assert (left.returned, left.peers, left.cleared) == (1, 1, 0)
    assert b.take() == b"page 1"
    b.take([b"page 1"])
    left = b.leave()
    # Only the dupefilter was left to delete: Redis drops an emptied queue or hash by itself.
    assert (left.peers, left.dropped, left.cleared) == (0, 0, 1)
    assert not list(server.scan_iter(match=f"{prefix}:*"))


def race(old: SharedFrontier, new: SharedFrontier, delays: tuple[float, float]) -> dict[str, Any]:
    """The old crawl's last worker leaves while a new worker joins and queues the start pages, each after its delay."""
    barrier = threading.Barrier(2)
    results: dict[str, Any] = {}

    def leave() -> None:
        barrier.wait()
        time.sleep(delays[0])
        results["left"] = old.leave()

    def join() -> None:
        barrier.wait()
        time.sleep(delays[1])
        results["joined"] = new.join()
        results["added"] = [new.enqueue(fingerprint, data, 0, dont_filter=False) for fingerprint, data in START]

    threads = [threading.Thread(target=leave), threading.Thread(target=join)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    return results


def test_join_and_last_out_never_lose_the_joiners_start_requests(redis_url: str, prefix: str) -> None:
    """The last worker out clears the crawl while a new one joins and queues its start pages, in both orders and
    every interleaving the threads find: the start pages are always in the queue afterwards."""
    iterations, outcomes = 600, {"joined first": 0, "left first": 0}
    rng = random.Random(20261128)
    clients = [redis.Redis.from_url(redis_url) for _ in range(3)]
    try:
        for i in range(iterations):
            name = f"{prefix}-{i}"
            old, new = frontier(clients[0], name, "old"), frontier(clients[1], name, "new")
            old.join()
            for fingerprint, data in START:
                old.enqueue(fingerprint, data, 0, dont_filter=False)
            while (data := old.take()) is not None:
                old.take([data])
            old.idle()  # the old crawl is over: it fetched the same start pages
            # Half the races spread both sides over 2 ms (both orders); half aim the join at the leave's own steps.
            delays = (rng.uniform(0, 0.002), rng.uniform(0, 0.002)) if i % 2 else (0.0, rng.uniform(0, 0.0004))
            results = race(old, new, delays)
            assert results["added"] == [True] * len(START), f"iteration {i}: start pages dropped as already seen"
            members = {member for member, _ in queued(clients[2], name)}
            assert members == {data for _, data in START}, f"iteration {i}: start pages lost"
            assert clients[2].hkeys(f"{name}:workers") == [b"new"]
            outcomes["left first" if results["left"].peers == 0 else "joined first"] += 1
            clients[2].delete(*clients[2].scan_iter(match=f"{name}:*"))
    finally:
        for client in clients:
            client.close()
    print(f"\n{iterations} races, no start request lost: {outcomes}")
    # Both orders happened, so both were checked.
    assert outcomes["left first"]
    assert outcomes["joined first"]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"EUREPORTER_REDIS_TTL": "soon"}, "EUREPORTER_REDIS_TTL ('soon') must be a number of seconds"),
        ({"EUREPORTER_REDIS_HEARTBEAT": "0"}, "EUREPORTER_REDIS_HEARTBEAT ('0') must be a positive number"),
        (
            {"EUREPORTER_REDIS_HEARTBEAT": "5", "EUREPORTER_REDIS_TTL": "6"},
            "EUREPORTER_REDIS_TTL (6) must be at least twice EUREPORTER_REDIS_HEARTBEAT (5)",
        ),
    ],
)
def test_bad_timing_settings_are_named(values: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        redis_timing(Settings(values))


def test_timing_settings_are_read() -> None:
    assert redis_timing(Settings({"EUREPORTER_REDIS_HEARTBEAT": "0.5", "EUREPORTER_REDIS_TTL": "2"})) == (0.5, 2.0)


def test_joining_puts_back_a_dead_workers_requests_before_the_crawl_starts(
    redis_url: str, server: redis.Redis, prefix: str
) -> None:
    """The coordinator joins while Scrapy builds its extensions, before the engine exists: finding a dead worker then
    must requeue its requests without touching the engine."""
    from scrapy.utils.test import get_crawler

    from crawler.extensions.distributed import RedisCoordinator, redis_settings

    dead = frontier(server, prefix, "dead", ttl=0.2)
    dead.join()
    dead.enqueue("fp-1", b"page 1", 0, dont_filter=False)
    dead.take()
    running = frontier(server, prefix, "running")
    running.join()  # keeps the crawl alive, so the newcomer joins it rather than starting afresh
    time.sleep(0.4)

    job = prefix.removeprefix("eureporter:")
    crawler = get_crawler(settings_dict={**redis_settings(redis_url, job), "EUREPORTER_REDIS_HEARTBEAT": 1})
    coordinator = RedisCoordinator.from_crawler(crawler)
    try:
        assert crawler.stats is not None
        assert crawler.stats.get_value("eureporter/redis/requeued") == 1
        assert crawler.stats.get_value("eureporter/redis/dead_workers") == 1
        assert queued(server, prefix) == [(b"page 1", 0.0)]
        assert set(server.hkeys(f"{prefix}:workers")) == {coordinator.frontier.worker.encode(), b"running"}
    finally:
        coordinator.engine_stopped()
        coordinator.frontier.leave()
