"""A site that cannot be reached or will not serve us, for real on loopback: nothing listening at --site, a host name
that cannot be resolved (a network namespace without a network), robots.txt answering 503, every article page
answering 500, a bot check instead of the pages. Each run exits 1 with one line naming the cause and the fix and
records itself as failed, never "finished"; then, with the site back, the same command completes the archive and
stores nothing twice.
"""

from __future__ import annotations

import re
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from crawler.scope import ARTICLE_PATH
from replica import running_replica
from replica.interstitials import challenge_page
from tests.failure_runs import (
    IDENTITY,
    ROOT,
    assert_complete,
    cli,
    crawl,
    crawl_runs,
    expected_urls,
    fault_proxy,
    offline,
    site_args,
    stored_urls,
)
from tests.net import free_port

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.slow

ARTICLES = 20
LANGUAGES = ("en", "fr")


def test_nothing_listening_at_site_fails_then_the_next_run_completes(tmp_path: Path) -> None:
    port = free_port()
    site = f"http://www.eureporter.test:{port}"
    first = cli(*site_args(site, tmp_path))
    assert first.returncode == 1, first.stderr[-3000:]
    assert first.last_line == (
        f"eureporter crawl: Nothing was fetched: could not connect to www.eureporter.test:{port} (connection refused): "
        "check --site and that the site is up"
    )
    assert first.messages() == [first.last_line]
    assert "Traceback" not in first.stderr
    assert crawl_runs(tmp_path) == [("failed", "finished")]
    assert "pages fetched   0" in first.stdout
    assert stored_urls(tmp_path) == []

    with running_replica(articles=ARTICLES, languages=LANGUAGES, port=port) as replica:
        second = crawl(replica, tmp_path)
        assert second.returncode == 0, second.stderr[-3000:]
        assert crawl_runs(tmp_path) == [("failed", "finished"), ("finished", "finished")]
        assert_complete(tmp_path, expected_urls(replica, LANGUAGES))


def test_unresolvable_host_fails_naming_resolve_then_the_next_run_completes(tmp_path: Path) -> None:
    prefix = offline()  # no network at all: the name cannot be resolved, and nothing leaves the machine
    port = free_port()
    site = f"http://www.eureporter.test:{port}"
    # As a user who forgot --resolve for the replica, or whose machine is offline.
    first = cli(*site_args(site, tmp_path, resolve=None), prefix=prefix, env=IDENTITY)
    assert first.returncode == 1, first.stderr[-3000:]
    assert first.last_line == (
        "eureporter crawl: Nothing was fetched: could not resolve www.eureporter.test: check the network, or "
        "--resolve for a replica"
    )
    assert first.messages() == [first.last_line]
    assert "Traceback" not in first.stderr
    assert crawl_runs(tmp_path) == [("failed", "finished")]

    with running_replica(articles=ARTICLES, languages=LANGUAGES, port=port) as replica:
        second = crawl(replica, tmp_path)
        assert second.returncode == 0, second.stderr[-3000:]
        assert_complete(tmp_path, expected_urls(replica, LANGUAGES))


def test_robots_txt_answering_503_fails_and_fetches_nothing_then_the_next_run_completes(tmp_path: Path) -> None:
    with running_replica(articles=ARTICLES, languages=LANGUAGES) as replica:
        with fault_proxy(replica, lambda path: 503 if path == "/robots.txt" else None) as proxy:
            first = cli(*site_args(replica.base_url, tmp_path, resolve=proxy.server_address[0]))
        assert first.returncode == 1, first.stderr[-3000:]
        host = f"www.eureporter.test:{replica.port}"
        assert first.last_line.startswith(
            f"eureporter crawl: robots.txt could not be fetched from {host} (HTTP 503): nothing was fetched from there"
        ), first.last_line
        assert "run the crawl again later" in first.last_line
        assert first.messages() == [first.last_line]
        # RFC 9309 §2.3.1.4: an unreachable robots.txt means complete disallow: only robots.txt was requested.
        assert {path for path in proxy.faults} == {"/robots.txt"}
        assert crawl_runs(tmp_path) == [("failed", "finished")]
        assert stored_urls(tmp_path) == []

        second = crawl(replica, tmp_path)
        assert second.returncode == 0, second.stderr[-3000:]
        assert_complete(tmp_path, expected_urls(replica, LANGUAGES))


def test_every_article_request_failing_fails_the_run_then_the_next_run_completes(tmp_path: Path) -> None:
    def article_500(path: str) -> int | None:
        return 500 if ARTICLE_PATH.match(path) else None

    with running_replica(articles=ARTICLES, languages=LANGUAGES) as replica:
        with fault_proxy(replica, article_500) as proxy:
            first = cli(*site_args(replica.base_url, tmp_path, resolve=proxy.server_address[0]))
        assert first.returncode == 1, first.stderr[-3000:]
        assert re.match(
            r"eureporter crawl: All \d+ article requests failed \(e\.g\. http://\S+: HTTP 500 \(after retries\)\): the "
            r"site may be down or refusing us; run the crawl again later",
            first.last_line,
        ), first.last_line
        assert first.messages() == [first.last_line]
        assert crawl_runs(tmp_path) == [("failed", "finished")]
        assert stored_urls(tmp_path) == []
        assert re.search(r"^errors +\d+ logged, [1-9]\d* failed downloads$", first.stdout, re.M), first.stdout

        second = crawl(replica, tmp_path)
        assert second.returncode == 0, second.stderr[-3000:]
        assert_complete(tmp_path, expected_urls(replica, LANGUAGES))


def test_a_site_answering_bot_checks_fails_naming_user_agent_then_the_next_run_completes(tmp_path: Path) -> None:
    port = free_port()
    with running_replica(
        articles=ARTICLES,
        languages=LANGUAGES,
        port=port,
        block_user_agent="EUReporterArchiveBot",
        block_with="challenge",
    ) as replica:
        first = crawl(replica, tmp_path)
    assert first.returncode == 1, first.stderr[-3000:]
    assert "bot check or consent wall" in first.last_line
    assert "USER_AGENT" in first.last_line
    assert "layout" not in first.last_line
    assert "URL structure" not in first.last_line
    assert first.messages() == [first.last_line]
    assert crawl_runs(tmp_path) == [("failed", "finished")]
    assert stored_urls(tmp_path) == []

    with running_replica(articles=ARTICLES, languages=LANGUAGES, port=port) as replica:
        second = crawl(replica, tmp_path)
        assert second.returncode == 0, second.stderr[-3000:]
        assert_complete(tmp_path, expected_urls(replica, LANGUAGES))


def test_article_pages_answering_bot_checks_fail_the_run_like_403s_then_the_next_run_completes(tmp_path: Path) -> None:
    """A CDN that challenges deep pages only: listings and feeds work, every article page is a 200 "Just a
    moment..." page. Each is archived and never stored; the run fails naming USER_AGENT, like the 403 check."""

    def challenged(path: str) -> tuple[int, bytes] | None:
        return (200, challenge_page("www.eureporter.test", path)) if ARTICLE_PATH.match(path) else None

    with running_replica(articles=ARTICLES, languages=LANGUAGES) as replica:
        with fault_proxy(replica, challenged) as proxy:
            first = cli(*site_args(replica.base_url, tmp_path, "-s", "LOG_LEVEL=INFO", resolve=proxy.server_address[0]))
        assert first.returncode == 1, first.stderr[-3000:]
        assert re.match(r"eureporter crawl: (\d+) of \1 pages were a bot check or consent wall", first.last_line)
        assert "USER_AGENT" in first.last_line
        assert first.messages() == [first.last_line]
        assert crawl_runs(tmp_path) == [("failed", "finished")]
        assert stored_urls(tmp_path) == []
        challenged_pages = len(proxy.faults)
        assert challenged_pages >= ARTICLES
        assert f"'eureporter/pages/not_article/challenge': {challenged_pages}," in first.stderr

        second = crawl(replica, tmp_path)
        assert second.returncode == 0, second.stderr[-3000:]
        assert_complete(tmp_path, expected_urls(replica, LANGUAGES))


def test_scrapy_crawl_exits_1_naming_the_cause_too(tmp_path: Path) -> None:
    """`scrapy crawl eureporter` (cron, Scrapyd) reports a failed run as the CLI does: exit 1 and the same line."""
    port = free_port()
    command = [sys.executable, "-m", "scrapy.cmdline", "crawl", "eureporter"]
    for name, value in {
        "EUREPORTER_SITE": f"http://www.eureporter.test:{port}",
        "EUREPORTER_RESOLVE": "*.eureporter.test=127.0.0.1",
        "EUREPORTER_DATA_DIR": tmp_path,
        "DOWNLOAD_DELAY": 0,
        "LOG_LEVEL": "WARNING",
    }.items():
        command += ["-s", f"{name}={value}"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr[-3000:]
    assert done.stderr.strip().splitlines()[-1] == (
        f"scrapy crawl: Nothing was fetched: could not connect to www.eureporter.test:{port} (connection refused): "
        "check --site and that the site is up"
    )
    assert "Traceback" not in done.stderr
    assert crawl_runs(tmp_path) == [("failed", "finished")]
    with running_replica(articles=ARTICLES, languages=LANGUAGES, port=port) as replica:
        done = subprocess.run(
            [*command, "-s", "EUREPORTER_EXTRACT_WORKERS=0"], cwd=ROOT, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr[-3000:]
        assert_complete(tmp_path, expected_urls(replica, LANGUAGES))
