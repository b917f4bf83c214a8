"""A database that stops answering stalls only the writer thread: downloads go on, and the rows land once it answers.

Another process holds the SQLite dataset's write lock for 10 s in the middle of a crawl (the way a long export, a
backup or a second tool would). Before crawler/database.py the SQL pipeline waited out SQLite's busy timeout in the
reactor thread, and nothing was fetched meanwhile.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import pytest

from replica import running_replica
from tests.test_crawl import ROOT, crawl_args

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.slow

ARTICLES = 300
LANGUAGES = ("en", "fr")
LOCK_SECONDS = 10.0
# Slow enough that the crawl outlasts the lock: at most ~50 pages/s.
PACE = ["-s", "DOWNLOAD_DELAY=0.02", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2"]


def warc_bytes(data: Path) -> int:
    return sum(p.stat().st_size for p in (data / "warc").glob("*.warc.gz*"))


def rows(db: Path) -> int:
    conn = sqlite3.connect(db, timeout=0.5)
    try:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    finally:
        conn.close()


def wait_until(condition: object, proc: subprocess.Popen[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()[1][-3000:]
        try:
            if condition():  # type: ignore[operator]
                return
        except sqlite3.Error:
            pass  # not created yet
        time.sleep(0.05)
    raise AssertionError("the crawl did not get that far")


def test_downloads_go_on_while_the_database_is_locked_and_the_rows_land_after(tmp_path: Path) -> None:
    data = tmp_path / "data"
    db = data / "eureporter.db"
    with running_replica(articles=ARTICLES, languages=LANGUAGES) as site:
        proc = subprocess.Popen(
            [sys.executable, "-m", "crawler.commands.cli", *crawl_args(site, data, *PACE)],
            cwd=ROOT,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            # Past the start (the crawls row is written) and storing rows: then the lock.
            wait_until(lambda: rows(db) >= 1, proc)
            locker = sqlite3.connect(db, timeout=30, isolation_level=None)
            locker.execute("BEGIN EXCLUSIVE")
            locked_at = time.monotonic()
            stored_when_locked = int(locker.execute("SELECT count(*) FROM articles").fetchone()[0])
            archived_when_locked = warc_bytes(data)
            time.sleep(1.0)  # whatever the writer had in hand is now waiting for the lock
            pages_at_1s = warc_bytes(data)
            time.sleep(LOCK_SECONDS - (time.monotonic() - locked_at))
            archived_during_lock = warc_bytes(data) - pages_at_1s
            stored_during_lock = int(locker.execute("SELECT count(*) FROM articles").fetchone()[0])
            locker.execute("COMMIT")
            locker.close()
            assert proc.poll() is None, "the crawl ended while the database was locked"
            _, stderr = proc.communicate(timeout=300)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
        expected = {post.url(lang, site.base(lang)) for post in site.site.posts() for lang in LANGUAGES}

    assert stored_during_lock == stored_when_locked  # the lock held: nothing was written
    print(
        f"\nlocked for {LOCK_SECONDS:.0f} s with {stored_when_locked} rows stored; "
        f"{archived_during_lock / 1e6:.1f} MB archived in the last {LOCK_SECONDS - 1:.0f} s of the lock "
        f"({archived_when_locked / 1e6:.1f} MB before it)"
    )
    # Downloads went on: at the crawl's pace (~50 pages/s, ~10 kB a record pair) 9 s is ~4 MB; a stalled reactor
    # would have archived nothing after the first second.
    assert archived_during_lock > 1_000_000, stderr[-3000:]
    assert proc.returncode == 0, stderr[-3000:]
    conn = sqlite3.connect(db)
    try:
        urls = [u for (u,) in conn.execute("SELECT url FROM articles")]
        status = conn.execute("SELECT status FROM crawls").fetchall()
    finally:
        conn.close()
    assert len(urls) == len(set(urls))
    assert set(urls) == expected
    assert status == [("finished",)]
