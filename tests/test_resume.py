"""Crash safety: SIGTERM stops gracefully and resumes; after SIGKILL the same command ends with every article once."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import pytest

from replica import running_replica
from tests.test_crawl import ROOT, crawl_args, read_warcs, run_cli
from tests.warc_checks import assert_valid_warcs

if TYPE_CHECKING:
    from pathlib import Path

    from replica import RunningReplica

pytestmark = pytest.mark.slow

ARTICLES = 60
LANGUAGES = ("en", "fr", "de")
# Slow enough that the crawl is still running when the signal arrives.
SLOW = ["-s", "DOWNLOAD_DELAY=0.03", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2", "-s", "EUREPORTER_EXTRACT_WORKERS=0"]


@pytest.fixture(scope="module")
def site() -> RunningReplica:
    with running_replica(articles=ARTICLES, languages=LANGUAGES) as replica:
        yield replica


def start_crawl(replica: RunningReplica, data: Path, jobdir: Path) -> subprocess.Popen[str]:
    args = crawl_args(replica, data, "--jobdir", str(jobdir), *SLOW)
    return subprocess.Popen(
        [sys.executable, "-m", "crawler.commands.cli", *args],
        cwd=ROOT,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def wait_for_progress(data: Path, proc: subprocess.Popen[str], records: int = 120, timeout: float = 60) -> None:
    """Until the open WARC file holds about `records` records' worth of bytes (the crawl is mid-way)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()[1][-2000:]
        if sum(p.stat().st_size for p in (data / "warc").glob("*.open")) > records * 6000:
            return
        time.sleep(0.05)
    raise AssertionError("the crawl made no progress")


def wait_for_rows(data: Path, proc: subprocess.Popen[str], rows: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()[1][-2000:]
        try:
            if len(stored(data)) >= rows:
                return
        except sqlite3.Error:
            pass  # not created yet, or busy
        time.sleep(0.05)
    raise AssertionError(f"the crawl stored fewer than {rows} rows")


def stored(data: Path) -> list[str]:
    db = sqlite3.connect(data / "eureporter.db")
    try:
        return [u for (u,) in db.execute("SELECT url FROM articles")]
    finally:
        db.close()


def expected_urls(replica: RunningReplica) -> set[str]:
    return {post.url(lang, replica.base(lang)) for post in replica.site.posts() for lang in LANGUAGES}


def test_sigterm_stops_gracefully_and_resumes(site: RunningReplica, tmp_path: Path) -> None:
    data, jobdir = tmp_path / "data", tmp_path / "job"
    proc = start_crawl(site, data, jobdir)
    wait_for_progress(data, proc)
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 1, stderr[-2000:]
    assert "shutdown" in stderr
    assert (jobdir / "eureporter-clean").exists()
    # Graceful: files closed (no .open), rows of the last batch written, crawl recorded as interrupted.
    assert not list((data / "warc").glob("*.open"))
    first = stored(data)
    assert 0 < len(first) < len(expected_urls(site))
    db = sqlite3.connect(data / "eureporter.db")
    assert db.execute("SELECT status FROM crawls").fetchall() == [("interrupted",)]
    db.close()

    result = run_cli(*crawl_args(site, data, "--jobdir", str(jobdir)))
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Resuming the crawl stopped gracefully" in result.stderr
    urls = stored(data)
    assert len(urls) == len(set(urls))
    assert set(urls) == expected_urls(site)
    # The finished crawl resets the job directory for the next scheduled run.
    assert not (jobdir / "requests.seen").exists()
    assert_valid_warcs(data / "warc")


def test_sigkill_then_same_command_stores_every_article_once(site: RunningReplica, tmp_path: Path) -> None:
    data, jobdir = tmp_path / "data", tmp_path / "job"
    proc = start_crawl(site, data, jobdir)
    wait_for_rows(data, proc, 100)  # one batch written, the next one in memory and pages in flight
    proc.kill()
    proc.communicate(timeout=30)
    assert list((data / "warc").glob("*.open")), "the killed crawl left its WARC file open"
    before = len(stored(data))

    result = run_cli(*crawl_args(site, data, "--jobdir", str(jobdir)))
    assert result.returncode == 0, result.stderr[-3000:]
    assert "did not stop cleanly" in result.stderr
    urls = stored(data)
    assert len(urls) == len(set(urls))
    assert set(urls) == expected_urls(site)
    # The leftover was repaired, never appended to; every file is valid.
    assert not list((data / "warc").glob("*.open"))
    assert_valid_warcs(data / "warc")
    captures, _ = read_warcs(data / "warc")
    article_fetches = [c for c in captures if c.status == 200 and "/20" in c.url]
    refetched = len(article_fetches) - len(expected_urls(site))
    print(f"\nkilled with {before} rows stored; resumed run fetched {refetched} article pages a second time")
    # Only what was not yet stored (the unflushed batch and in-flight pages) is fetched again.
    assert refetched <= len(expected_urls(site)) - before + 10
