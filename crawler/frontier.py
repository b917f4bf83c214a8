"""SharedFrontier: the Redis state that distributed crawl processes share, changed only by atomic Lua scripts.

Keys under the job's prefix (`eureporter:<job>:`):

- `requests`: scrapy-redis's priority queue (sorted set: encoded request -> -priority).
- `dupefilter`: scrapy-redis's request fingerprints (set).
- `workers`: every registered worker and its state, "busy" or "idle" (hash).
- `beat:<worker>`: the worker's heartbeat; it expires `ttl` after the worker's last sign of life.
- `taken:<worker>`: the requests the worker took from the queue and has not finished (hash: encoded request -> score).

Each operation is one script, and Redis runs one script at a time, so none interleaves with another: a worker is busy
in the same step as it takes a request; a joiner and the last worker out never see each other half done; a dead
worker's requests move back to the queue in one step. A worker listed in `workers` whose heartbeat expired is dead:
whoever notices first (any script below) puts its taken requests back in the queue and forgets it.
Worker keys are computed inside the scripts, so this needs a standalone Redis (or a replica set), not Redis Cluster.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable

    from redis import Redis

# One id per process, shared by its scheduler and its coordinator; the suffix keeps a reused pid from inheriting the
# entry of a dead process on the same host.
WORKER_ID = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(2)}"

_PRELUDE = """
local P = ARGV[1]
local ME = ARGV[2]
local TTL = ARGV[3]
local Q, D, W = P .. ':requests', P .. ':dupefilter', P .. ':workers'
local function beat(id) return P .. ':beat:' .. id end
local function taken(id) return P .. ':taken:' .. id end
local function requeue(id)
  local entries = redis.call('HGETALL', taken(id))
  for i = 1, #entries, 2 do
    redis.call('ZADD', Q, entries[i + 1], entries[i])
  end
  redis.call('DEL', taken(id))
  return #entries / 2
end
local function reap()
  local requeued, dead = 0, {}
  for _, id in ipairs(redis.call('HKEYS', W)) do
    if id ~= ME and redis.call('EXISTS', beat(id)) == 0 then
      requeued = requeued + requeue(id)
      redis.call('HDEL', W, id)
      table.insert(dead, id)
    end
  end
  return requeued, dead
end
local function busy_others()
  local busy = {}
  local states = redis.call('HGETALL', W)
  for i = 1, #states, 2 do
    if states[i] ~= ME and states[i + 1] == 'busy' then table.insert(busy, states[i]) end
  end
  return busy
end
local function alive() redis.call('SET', beat(ME), '1', 'PX', TTL) end
"""

# A new crawl starts when no worker lives, or when the crawl is over (queue empty, nobody busy) and only waits for
# its idle workers to leave: a joiner then must not inherit the finished crawl's dupefilter, which would drop its
# start requests as already seen.
_JOIN = """
local requeued, dead = reap()
local live = redis.call('HLEN', W)
local busy = #busy_others()
local fresh = live == 0 or (busy == 0 and redis.call('ZCARD', Q) == 0)
local cleared = 0
if fresh then cleared = redis.call('DEL', Q, D) end
redis.call('DEL', taken(ME))
redis.call('HSET', W, ME, 'busy')
alive()
return cjson.encode({fresh = fresh, cleared = cleared, peers = live, requeued = requeued, dead = dead})
"""

# Finished requests are acknowledged in the same round trip as the next one is taken.
_TAKE = """
for i = 4, #ARGV do redis.call('HDEL', taken(ME), ARGV[i]) end
alive()
local popped = redis.call('ZPOPMIN', Q)
if #popped == 0 then return false end
redis.call('HSET', taken(ME), popped[1], popped[2])
redis.call('HSET', W, ME, 'busy')
return popped[1]
"""

_BEAT = """
alive()
local rejoined = redis.call('HSETNX', W, ME, 'busy')
local requeued, dead = reap()
return cjson.encode({rejoined = rejoined == 1, requeued = requeued, dead = dead})
"""

# The engine is idle: everything this worker took is finished.
_IDLE = """
local requeued, dead = reap()
redis.call('DEL', taken(ME))
redis.call('HSET', W, ME, 'idle')
alive()
local busy = busy_others()
return cjson.encode({queued = redis.call('ZCARD', Q), busy = busy, requeued = requeued, dead = dead})
"""

# What this worker still holds goes back to the peers; the last worker out clears the crawl.
_LEAVE = """
local returned = requeue(ME)
redis.call('HDEL', W, ME)
redis.call('DEL', beat(ME))
local requeued, dead = reap()
local live = redis.call('HLEN', W)
local dropped, cleared = 0, 0
if live == 0 then
  dropped = redis.call('ZCARD', Q)
  cleared = redis.call('DEL', Q, D, W)
end
return cjson.encode({peers = live, returned = returned, dropped = dropped, cleared = cleared,
                     requeued = requeued, dead = dead})
"""

_ENQUEUE = """
if ARGV[4] == '0' and redis.call('SADD', KEYS[2], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[2])
return 1
"""


@dataclass(frozen=True, slots=True)
class Reaped:
    """Dead workers found by a script, and how many of their requests went back to the queue."""

    requeued: int = 0
    dead: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Joined(Reaped):
    fresh: bool = False
    cleared: int = 0
    peers: int = 0


@dataclass(frozen=True, slots=True)
class Beat(Reaped):
    rejoined: bool = False


@dataclass(frozen=True, slots=True)
class Idle(Reaped):
    queued: int = 0
    busy: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Left(Reaped):
    peers: int = 0
    returned: int = 0
    dropped: int = 0
    cleared: int = 0


class SharedFrontier:
    """One worker's handle on a distributed crawl's Redis state; see the module docstring."""

    def __init__(self, server: Redis, prefix: str, *, ttl: float, worker: str = WORKER_ID) -> None:
        if ttl <= 0:
            raise ValueError(f"ttl ({ttl!r}) must be a positive number of seconds")
        self.server = server
        self.prefix = prefix
        self.worker = worker
        self.ttl_ms = max(1, round(ttl * 1000))
        self._scripts = {
            name: server.register_script(_PRELUDE + body)
            for name, body in (("join", _JOIN), ("take", _TAKE), ("beat", _BEAT), ("idle", _IDLE), ("leave", _LEAVE))
        }
        self._enqueue = server.register_script(_ENQUEUE)

    def key(self, name: str) -> str:
        return f"{self.prefix}:{name}"

    def _run(self, name: str, *extra: bytes | str) -> Any:
        return self._scripts[name](args=[self.prefix, self.worker, self.ttl_ms, *extra])

    def _json(self, name: str) -> dict[str, Any]:
        answer = json.loads(self._run(name))
        # cjson encodes an empty Lua table as {}, not [].
        for list_field in ("dead", "busy"):
            if list_field in answer and not answer[list_field]:
                answer[list_field] = []
        return dict(answer)

    def join(self) -> Joined:
        """Register as busy; start a new crawl (clear queue and dupefilter) when none is running."""
        return Joined(**self._json("join"))

    def take(self, finished: Iterable[bytes] = ()) -> bytes | None:
        """Acknowledge the finished requests and take the next one (marking this worker busy), or None."""
        data = self._run("take", *finished)
        return bytes(data) if data else None

    def ack(self, finished: Iterable[bytes]) -> None:
        finished = list(finished)
        if finished:
            self.server.hdel(self.key(f"taken:{self.worker}"), *finished)

    def beat(self) -> Beat:
        """Refresh the heartbeat and put dead workers' requests back in the queue."""
        return Beat(**self._json("beat"))

    def idle(self) -> Idle:
        """Mark this worker idle (nothing taken is unfinished); returns the queue length and the busy peers."""
        return Idle(**self._json("idle"))

    def leave(self) -> Left:
        """Unregister, returning unfinished requests to the queue; the last worker out deletes the crawl's keys."""
        return Left(**self._json("leave"))

    def enqueue(self, fingerprint: str, data: bytes, score: float, *, dont_filter: bool) -> bool:
        """Add a request unless its fingerprint was seen: the dupefilter and the queue change in one step."""
        keys = [self.key("requests"), self.key("dupefilter")]
        added = self._enqueue(keys=keys, args=[fingerprint, data, score, int(dont_filter)])
        return bool(added)

    def held(self, worker: str | None = None) -> int:
        """How many requests a worker (default: this one) has taken and not finished."""
        return int(self.server.hlen(self.key(f"taken:{worker or self.worker}")))
