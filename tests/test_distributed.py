"""Distributed crawling: two processes share one frontier in a real Redis and one real PostgreSQL dataset."""

from __future__ import annotations

import subprocess
import sys
import uuid
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
import redis
from sqlalchemy import create_engine, text
from w3lib.url import canonicalize_url
from warcio.archiveiterator import ArchiveIterator

from replica import running_replica
from storage.sql import database_url
from tests.test_crawl import ROOT, crawl_args, read_warcs
from tests.warc_checks import assert_valid_warcs

if TYPE_CHECKING:
    from pathlib import Path

    from replica import RunningReplica

pytestmark = pytest.mark.slow

ARTICLES = 60
LANGUAGES = ("en", "fr", "de")


def edition_urls(replica: RunningReplica) -> set[str]:
    """Every article edition of the replica, as canonical URLs (the dataset's spelling of `€` may be either)."""
    return {canonicalize_url(post.url(lang, replica.base(lang))) for post in replica.site.posts() for lang in LANGUAGES}


def start_worker(
    replica: RunningReplica, data: Path, redis_url: str, db_url: str, job: str, *extra: str
) -> subprocess.Popen[str]:
    """`eureporter crawl --redis` in the background; its stdout and stderr go to files in the data directory."""
    data.mkdir(parents=True, exist_ok=True)
    args = crawl_args(replica, data, "--redis", redis_url, "--db", db_url, "-s", f"EUREPORTER_REDIS_JOB={job}", *extra)
    return subprocess.Popen(
        [sys.executable, "-m", "crawler.commands.cli", *args],
        cwd=ROOT,
        text=True,
        stdout=(data / "stdout.txt").open("w"),
        stderr=(data / "stderr.txt").open("w"),
    )


def stored_rows(db_url: str) -> list[Any]:
    engine = create_engine(database_url(db_url))
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT url, warc_file, warc_offset, warc_record_id FROM articles")).fetchall()
    engine.dispose()
    return list(rows)


def assert_rows_archived(rows: list[Any], data_dirs: list[Path]) -> None:
    """Every row's WARC record is where the row says, in the data directory of the worker that wrote it."""
    files = {path.name: path for data in data_dirs for path in (data / "warc").glob("*.warc.gz")}
    for row in rows:
        assert row.warc_file in files, f"{row.url}: {row.warc_file} is in no worker's warc/ directory"
        with files[row.warc_file].open("rb") as fh:
            fh.seek(row.warc_offset)
            record = next(iter(ArchiveIterator(fh)))
        assert record.rec_headers.get_header("WARC-Record-ID") == row.warc_record_id, row.url
        assert canonicalize_url(record.rec_headers.get_header("WARC-Target-URI")) == canonicalize_url(row.url)


def job_keys(redis_url: str, job: str) -> list[bytes]:
    client = redis.Redis.from_url(redis_url)
    try:
        return list(client.scan_iter(match=f"eureporter:{job}:*"))
    finally:
        client.close()


def test_two_processes_share_the_frontier(redis_url: str, pg_db_url: str, tmp_path: Path) -> None:
    job = f"test-two-{uuid.uuid4().hex[:8]}"
    with running_replica(articles=ARTICLES, languages=LANGUAGES) as replica:
        procs = [
            start_worker(replica, tmp_path / name, redis_url, pg_db_url, job, "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4")
            for name in ("a", "b")
        ]
        for name, proc in zip(("a", "b"), procs, strict=True):
            assert proc.wait(timeout=300) == 0, (tmp_path / name / "stderr.txt").read_text()[-8000:]
        expected = edition_urls(replica)

    # Together they stored every article edition, once, in the shared dataset.
    rows = stored_rows(pg_db_url)
    urls = [row.url for row in rows]
    assert len(urls) == len(set(urls)) == len({canonicalize_url(u) for u in urls})
    assert {canonicalize_url(u) for u in urls} == expected
    assert_rows_archived(rows, [tmp_path / "a", tmp_path / "b"])
    engine = create_engine(database_url(pg_db_url))
    with engine.connect() as conn:
        crawls = conn.execute(text("SELECT status FROM crawls")).fetchall()
    engine.dispose()
    assert [c[0] for c in crawls] == ["finished", "finished"]

    # Each wrote its own WARC files (host and pid in the names), and no page was fetched by both.
    fetched = {}
    for name in ("a", "b"):
        assert_valid_warcs(tmp_path / name / "warc")
        _, requests = read_warcs(tmp_path / name / "warc")
        # robots.txt is fetched by each process's RobotsTxtMiddleware (outside the shared scheduler), by design.
        fetched[name] = [u for u in requests if urlsplit(u).path != "/robots.txt"]
        assert len(fetched[name]) == len(set(fetched[name])), f"process {name} fetched a page twice"
    assert fetched["a"], "both processes must have worked"
    assert fetched["b"], "both processes must have worked"
    assert not set(fetched["a"]) & set(fetched["b"])
    pids = {p.name.split("-")[4] for name in ("a", "b") for p in (tmp_path / name / "warc").glob("*.warc.gz")}
    assert len(pids) == 2
    print(f"\nprocess a fetched {len(fetched['a'])} pages, process b {len(fetched['b'])}")

    # The last worker out cleared the crawl's keys: the next crawl starts from a clean dupefilter.
    assert not job_keys(redis_url, job)


def test_unreachable_redis_is_a_clear_error(tmp_path: Path) -> None:
    from tests.test_crawl import run_cli

    result = run_cli(
        "crawl", "--site", "http://www.eureporter.test:9", "--data", str(tmp_path), "--redis", "redis://127.0.0.1:9/0"
    )
    assert result.returncode == 1
    assert "--redis redis://127.0.0.1:9/0: cannot reach Redis" in result.stderr
    result = run_cli("crawl", "--data", str(tmp_path), "--redis", "http://127.0.0.1:6379")
    assert result.returncode == 2
    assert "--redis" in result.stderr
