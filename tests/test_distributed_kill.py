"""SIGKILL one of two distributed workers mid-crawl: the survivor puts back what the dead one held and finishes, the
next ordinary run fetches what was extracted but never written, and nothing is missing or stored twice."""

from __future__ import annotations

import os
import re
import signal
import time
import uuid
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
import redis
from scrapy_redis import picklecompat
from w3lib.url import canonicalize_url
from warcio.archiveiterator import ArchiveIterator

from replica import running_replica
from tests.test_crawl import crawl_args, read_warcs, run_cli
from tests.test_distributed import (
    ARTICLES,
    LANGUAGES,
    assert_rows_archived,
    edition_urls,
    job_keys,
    start_worker,
    stored_rows,
)
from tests.warc_checks import assert_valid_warcs

if TYPE_CHECKING:
    import subprocess
    from pathlib import Path

pytestmark = pytest.mark.slow

TTL = 3
TIMING = ["-s", "EUREPORTER_REDIS_HEARTBEAT=0.5", "-s", f"EUREPORTER_REDIS_TTL={TTL}"]
# The victim waits between downloads, so the requests it took sit in its downloader when it is killed.
VICTIM = ["-s", "DOWNLOAD_DELAY=0.1", "-s", "DOWNLOAD_DELAY_JITTER=0"]
SURVIVOR = ["-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1", "-s", "DOWNLOAD_DELAY=0.05"]
KILL_AT_WARC_BYTES = 350_000


def worker_id(client: redis.Redis, job: str, pid: int) -> str:
    ids = [key.decode() for key in client.hkeys(f"eureporter:{job}:workers")]
    [found] = [worker for worker in ids if f":{pid}:" in worker]
    return found


def kill_when_busy(victim: subprocess.Popen[str], client: redis.Redis, job: str, data: Path) -> tuple[str, list[str]]:
    """SIGKILL the victim once it has archived pages and holds requests it took; returns its id and their URLs."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert victim.poll() is None, (data / "stderr.txt").read_text()[-4000:]
        warcs = list((data / "warc").glob("*.warc.gz.open"))
        if warcs and warcs[0].stat().st_size > KILL_AT_WARC_BYTES:
            me = worker_id(client, job, victim.pid)
            taken = client.hkeys(f"eureporter:{job}:taken:{me}")  # encoded request -> score
            # Mid-crawl: holding requests, and past the start, so some of what it fetched was acknowledged (on a
            # loaded machine the extraction workers start late, and at first every fetched page is still held).
            if len(taken) >= 4:
                holding = {picklecompat.loads(encoded)["url"] for encoded in taken}
                if len(set(fetched_before_kill(data)) - holding) >= 10:
                    break
        time.sleep(0.02)
    else:
        pytest.fail("the victim never held requests mid-crawl")
    # Stopped first, so what it holds is counted exactly before it dies.
    os.kill(victim.pid, signal.SIGSTOP)
    held = client.hgetall(f"eureporter:{job}:taken:{me}")
    os.kill(victim.pid, signal.SIGKILL)
    assert victim.wait(timeout=30) == -signal.SIGKILL
    return me, [picklecompat.loads(data)["url"] for data in held]


def fetched_before_kill(data: Path) -> list[str]:
    """The request URLs in the killed worker's leftover `.open` WARC file, up to its torn end (robots.txt aside: it is
    fetched outside the shared scheduler)."""
    [leftover] = (data / "warc").glob("*.warc.gz.open")
    urls = []
    with leftover.open("rb") as fh:
        try:
            for record in ArchiveIterator(fh):
                if record.rec_type == "request":
                    urls.append(record.rec_headers.get_header("WARC-Target-URI"))
        except Exception:  # noqa: BLE001 - the kill may have cut the last record; what came before counts
            pass
    return [url for url in urls if urlsplit(url).path != "/robots.txt"]


def test_killed_worker_loses_nothing(redis_url: str, pg_db_url: str, tmp_path: Path) -> None:
    victim_dir, survivor_dir = tmp_path / "victim", tmp_path / "survivor"
    job = f"test-kill-{uuid.uuid4().hex[:8]}"
    client = redis.Redis.from_url(redis_url)
    with running_replica(articles=ARTICLES, languages=LANGUAGES) as replica:
        expected = edition_urls(replica)
        victim = start_worker(replica, victim_dir, redis_url, pg_db_url, job, *TIMING, *VICTIM)
        survivor = None
        try:
            # The survivor joins once the victim runs, so the victim started the crawl and holds part of it.
            deadline = time.monotonic() + 60
            while not client.hlen(f"eureporter:{job}:workers") and time.monotonic() < deadline:
                time.sleep(0.05)
            survivor = start_worker(replica, survivor_dir, redis_url, pg_db_url, job, *TIMING, *SURVIVOR)
            victim_id, held = kill_when_busy(victim, client, job, victim_dir)
            assert survivor.poll() is None, "the kill must come mid-crawl, while the survivor still works"
            assert survivor.wait(timeout=300) == 0, (survivor_dir / "stderr.txt").read_text()[-8000:]
        finally:
            for proc in (victim, survivor):
                if proc is not None and proc.poll() is None:
                    proc.kill()
                    proc.wait()

        # The survivor finished the crawl, and said what it took back from the dead worker.
        summary = (survivor_dir / "stdout.txt").read_text()
        log = (survivor_dir / "stderr.txt").read_text()
        assert re.search(r"^finish reason\s+finished$", summary, re.M), summary
        assert f"Worker(s) {victim_id} stopped sending heartbeats (killed?): {len(held)} unfinished request(s)" in log
        assert f"'eureporter/redis/requeued': {len(held)}," in log
        assert len(held) >= 4
        _, survivor_fetched = read_warcs(survivor_dir / "warc")
        assert set(held) <= set(survivor_fetched), "every request the dead worker held was fetched by the survivor"
        assert not job_keys(redis_url, job), "the last worker out cleared the crawl"
        missing_after_survivor = len(expected) - len(stored_rows(pg_db_url))
        victim_fetched = fetched_before_kill(victim_dir)
        # Taken requests are acknowledged as they finish: the dead worker held its pages in progress, not all it took
        # (without acknowledgements every page it fetched would still be held).
        acknowledged = set(victim_fetched) - set(held)
        assert len(acknowledged) >= 10

        # The next ordinary run (the victim's data directory: it repairs the leftover .open WARC file) stores what
        # the victim had extracted but not yet written.
        result = run_cli(*crawl_args(replica, victim_dir, "--db", pg_db_url))
        assert result.returncode == 0, result.stderr[-8000:]
    client.close()

    rows = stored_rows(pg_db_url)
    urls = [row.url for row in rows]
    assert len(urls) == len(set(urls)) == len({canonicalize_url(u) for u in urls}), "an edition stored twice"
    assert {canonicalize_url(u) for u in urls} == expected
    assert len(rows) == len(expected)
    assert not list((victim_dir / "warc").glob("*.open"))
    for data in (victim_dir, survivor_dir):
        assert_valid_warcs(data / "warc")
    assert_rows_archived(rows, [victim_dir, survivor_dir])
    print(
        f"\nvictim fetched {len(victim_fetched)} pages ({len(acknowledged)} acknowledged) and held {len(held)} "
        "requests when killed, all fetched by the survivor; "
        f"{missing_after_survivor} of {len(expected)} editions missing after the survivor (extracted by the victim, "
        f"not yet written), stored by the next run; {len(rows)} rows, each once"
    )
