"""Distributed crawling: two processes share one frontier in a real Redis and one real PostgreSQL dataset."""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
import redis
from sqlalchemy import create_engine, text

from replica import running_replica
from storage.sql import database_url
from tests.test_crawl import ROOT, crawl_args, read_warcs
from tests.warc_checks import assert_valid_warcs

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.slow

ARTICLES = 60
LANGUAGES = ("en", "fr", "de")


def test_two_processes_share_the_frontier(redis_url: str, pg_db_url: str, tmp_path: Path) -> None:
    with running_replica(articles=ARTICLES, languages=LANGUAGES) as replica:
        procs = []
        for name in ("a", "b"):
            args = crawl_args(
                replica,
                tmp_path / name,
                "--redis",
                redis_url,
                "--db",
                pg_db_url,
                "-s",
                "EUREPORTER_REDIS_JOB=test-two",
                "-s",
                "CONCURRENT_REQUESTS_PER_DOMAIN=4",
            )
            procs.append(
                subprocess.Popen(
                    [sys.executable, "-m", "crawler.commands.cli", *args],
                    cwd=ROOT,
                    text=True,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                )
            )
        outputs = [proc.communicate(timeout=300) for proc in procs]
        for proc, (_, stderr) in zip(procs, outputs, strict=True):
            assert proc.returncode == 0, stderr[-8000:]
        expected = {post.url(lang, replica.base(lang)) for post in replica.site.posts() for lang in LANGUAGES}

    # Together they stored every article edition, once, in the shared dataset.
    engine = create_engine(database_url(pg_db_url))
    with engine.connect() as conn:
        urls = [u for (u,) in conn.execute(text("SELECT url FROM articles"))]
        crawls = conn.execute(text("SELECT status, hostname, pid FROM crawls")).fetchall()
    engine.dispose()
    assert len(urls) == len(set(urls))
    assert set(urls) == expected
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
    client = redis.Redis.from_url(redis_url)
    assert not list(client.scan_iter(match="eureporter:test-two:*"))


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
