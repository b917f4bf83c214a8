"""Convergence (issue #11), end to end through the CLI on the replica without sitemaps: whatever stopped a run, the
next ordinary run holds exactly what a fresh --full crawl holds; eight daily editions crawled incrementally equal a
full crawl of the last one, edits included, for less than three full crawls' worth of requests."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from crawler.revisits import RevisitPolicy, parse_ages
from crawler.scope import article_match
from replica import running_replica
from replica.clock import EPOCH_DAY, edition_now
from settings import EUREPORTER_REVISIT_AGES, EUREPORTER_REVISIT_BUDGET, EUREPORTER_REVISIT_RARE_DAYS
from tests.net import free_port
from tests.test_crawl import ROOT, crawl_args, read_warcs, run_cli

if TYPE_CHECKING:
    from pathlib import Path

    from replica import Post, RunningReplica

pytestmark = pytest.mark.slow

ARTICLES = 100
LANGUAGES = ("en", "fr", "de")
EDITIONS = 8
# In the reactor thread: small sites, and two shared cores.
WORKERS = ["-s", "EUREPORTER_EXTRACT_WORKERS=0"]
# Slow enough that a signal finds the crawl mid-way.
SLOW = ["-s", "DOWNLOAD_DELAY=0.03", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2"]


@dataclass
class Run:
    requests: list[str]
    returncode: int


def crawl(replica: RunningReplica, data: Path, *extra: str) -> Run:
    """One `eureporter crawl` of the replica; the requests of this run only (its own WARC files)."""
    # A killed run's open file is closed by the next one: its records are that run's.
    warc = data / "warc"
    before = {p.name.removesuffix(".open") for p in warc.glob("*.warc.gz*")} if warc.exists() else set()
    result = run_cli(*crawl_args(replica, data, *WORKERS, *extra))
    assert result.returncode in (0, 1), result.stderr[-3000:]
    new_files = sorted(p for p in (data / "warc").glob("*.warc.gz") if p.name not in before)
    return Run(read_warcs(new_files)[1], result.returncode)


def portless(url: str) -> str:
    """Runs on different ports are runs of the same site: compare URLs without the port."""
    parts = urlsplit(url)
    return parts._replace(netloc=parts.hostname or "").geturl()


def dataset(data: Path) -> dict[str, str]:
    """The articles table as {URL: content hash}; one row per URL."""
    db = sqlite3.connect(data / "eureporter.db")
    try:
        rows = db.execute("SELECT url, content_hash FROM articles").fetchall()
    finally:
        db.close()
    assert len(rows) == len({url for url, _ in rows})
    return {portless(url): content_hash for url, content_hash in rows}


def versions(data: Path) -> Counter[str]:
    db = sqlite3.connect(data / "eureporter.db")
    try:
        return Counter(portless(url) for (url,) in db.execute("SELECT url FROM article_versions"))
    finally:
        db.close()


def kinds(requests: list[str]) -> Counter[str]:
    """Requests by what they asked for."""
    counts: Counter[str] = Counter()
    for url in requests:
        parts = urlsplit(url)
        if article_match(url) is not None:
            counts["article" if (parts.hostname or "").startswith("www.") else "edition"] += 1
        elif "/feed/" in parts.path:
            counts["feed"] += 1
        elif parts.path in ("/robots.txt", "/wp-sitemap.xml", "/sitemap_index.xml") or "sitemap" in parts.path:
            counts["robots/sitemap"] += 1
        else:
            counts["listing"] += 1
    return counts


# --- an interrupted run, then one ordinary run ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """What a fresh --full crawl of the site (no sitemaps: feed and listings only) holds."""
    data = tmp_path_factory.mktemp("full")
    with running_replica(articles=ARTICLES, languages=LANGUAGES, sitemaps="none") as replica:
        run = crawl(replica, data, "--full")
        expected = {portless(p.url(lang, replica.base(lang))) for p in replica.site.posts() for lang in LANGUAGES}
    assert run.returncode == 0
    held = dataset(data)
    assert set(held) == expected
    return held


def stop_mid_way(replica: RunningReplica, data: Path, how: signal.Signals, rows: int) -> int:
    """Start a crawl, send it `how` once it has stored `rows` rows; its exit code."""
    args = crawl_args(replica, data, *WORKERS, *SLOW)
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler.commands.cli", *args],
        cwd=ROOT,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()[1][-2000:]
        try:
            if len(dataset(data)) >= rows:
                break
        except (sqlite3.Error, AssertionError):
            pass  # not created yet, or busy
        time.sleep(0.05)
    proc.send_signal(how)
    proc.communicate(timeout=120)
    return proc.returncode


@pytest.mark.parametrize("interruption", ["max-pages", "sigterm", "sigkill"])
def test_an_interrupted_run_then_one_ordinary_run_holds_what_a_full_crawl_holds(
    interruption: str, reference: dict[str, str], tmp_path: Path
) -> None:
    with running_replica(ARTICLES, languages=LANGUAGES, sitemaps="none") as replica:
        if interruption == "max-pages":
            assert crawl(replica, tmp_path, "--max-pages", "120").returncode == 0
        elif interruption == "sigterm":
            assert stop_mid_way(replica, tmp_path, signal.SIGTERM, rows=60) == 1
        else:  # without --jobdir: nothing remembers where the run was but the dataset
            assert stop_mid_way(replica, tmp_path, signal.SIGKILL, rows=60) == -signal.SIGKILL
        first = dataset(tmp_path)
        assert first.items() <= reference.items()
        assert len(first) < len(reference), "the run was not interrupted"
        again = crawl(replica, tmp_path)
    assert again.returncode == 0
    print(
        f"\n{interruption}: {len(first)} of {len(reference)} rows stored, then one ordinary run: "
        f"{len(again.requests)} requests {dict(kinds(again.requests))}"
    )
    assert dataset(tmp_path) == reference
    assert not versions(tmp_path)  # the same site: nothing was stored twice as a change


def test_a_run_with_server_errors_deep_in_the_listings_then_one_ordinary_run(tmp_path: Path) -> None:
    """A run that finished and walked every listing to its last page, while 3 % of the article pages answered 503:
    the listings were walked, but the pages of those posts were never stored. The next run must walk down to them,
    although the pages above are all stored (a bigger site, so that archives are several pages deep)."""
    site = {"articles": 400, "languages": ("en",), "sitemaps": "none", "port": free_port()}
    with running_replica(**site) as replica:  # type: ignore[arg-type]
        crawl(replica, tmp_path / "full", "--full")
    reference = dataset(tmp_path / "full")
    data = tmp_path / "incremental"
    with running_replica(**site, unavailable=0.03) as replica:  # type: ignore[arg-type]
        crawl(replica, data, "-s", "RETRY_TIMES=0")
    first = dataset(data)
    assert first.items() <= reference.items()
    assert len(first) < len(reference)
    with running_replica(**site) as replica:  # type: ignore[arg-type]
        again = crawl(replica, data)
    print(
        f"\n{len(first)} of {len(reference)} stored, then {len(again.requests)} requests {dict(kinds(again.requests))}"
    )
    assert dataset(data) == reference


def test_a_daily_run_cut_short_then_one_ordinary_run_catches_its_edits(tmp_path: Path) -> None:
    """Day 2's run learns from the feed in modification order which posts were edited, and its page budget runs
    out before it fetches them; it still finished. The next run reads the feed back far enough to see them again."""
    port, data = free_port(), tmp_path / "incremental"
    site = {"articles": ARTICLES, "languages": LANGUAGES, "sitemaps": "none", "port": port}
    with running_replica(**site, edition=2) as replica:  # type: ignore[arg-type]
        crawl(replica, tmp_path / "full", "--full")
    reference = dataset(tmp_path / "full")
    with running_replica(**site, edition=1) as replica:  # type: ignore[arg-type]
        crawl(replica, data)
    with running_replica(**site, edition=2) as replica:  # type: ignore[arg-type]
        assert crawl(replica, data, "--max-pages", "40").returncode == 0
        cut = dataset(data)
        assert any(url in cut and cut[url] != digest for url, digest in reference.items()), "no edit left behind"
        crawl(replica, data)
    assert dataset(data) == reference


# --- eight daily editions -------------------------------------------------------------------------------------------


@dataclass
class Days:
    runs: list[Run]
    full: Run
    incremental: dict[str, str]
    versions: Counter[str]
    site: dict[str, str]
    """Edition 8 as a fresh --full crawl holds it."""
    posts: list[Post]
    """Edition 8's posts."""
    base: dict[str, str]
    """Each language's base URL (portless)."""


def daily_editions(tmp_path: Path, clock: bool = False, **site: object) -> Days:
    """Editions 1 to 8 of the replica, one incremental crawl each, then a fresh --full crawl of edition 8.

    `clock`: the site's clock from EUREPORTER_CLOCK (the edition's "now"), else from the replica's Date header."""
    port = free_port()  # URLs include the port: every edition on the same one
    data, runs = tmp_path / "incremental", []
    for edition in range(1, EDITIONS + 1):
        extra = ["-s", f"EUREPORTER_CLOCK={edition_now(edition).isoformat()}"] if clock else []
        with running_replica(ARTICLES, edition, LANGUAGES, port, **site) as replica:  # type: ignore[arg-type]
            runs.append(crawl(replica, data, *extra))
        assert runs[-1].returncode == 0
    with running_replica(ARTICLES, EDITIONS, LANGUAGES, port, **site) as replica:  # type: ignore[arg-type]
        full = crawl(replica, tmp_path / "full", "--full")
        posts = replica.site.posts()
        base = {lang: portless(replica.base(lang)) for lang in LANGUAGES}
    assert full.returncode == 0
    days = Days(runs, full, dataset(data), versions(data), dataset(tmp_path / "full"), posts, base)
    total = sum(len(run.requests) for run in runs)
    print(f"\nrequests per daily run: {[len(run.requests) for run in runs]}; total {total}")
    print(f"one full crawl of edition {EDITIONS}: {len(full.requests)} {dict(kinds(full.requests))}")
    print(f"total / full crawl: {total / len(full.requests):.2f}; day {EDITIONS}: {dict(kinds(runs[-1].requests))}")
    assert set(days.site) == {post.url(lang, base[lang]) for post in posts for lang in LANGUAGES}
    assert total < 3 * len(full.requests)
    return days


def test_eight_daily_editions_equal_a_full_crawl_of_the_last(tmp_path: Path) -> None:
    """No sitemaps; the site says what it edited only in its feed in modification order (WordPress core's
    /feed/atom/?orderby=modified); the site's clock is the replica's Date header."""
    days = daily_editions(tmp_path, sitemaps="none")
    assert days.incremental == days.site  # every article, every edition, every edit
    # Each edit is caught on its day: one version per edit and edition.
    expected = Counter(
        {post.url(lang, days.base[lang]): len(post.edits) for post in days.posts for lang in LANGUAGES if post.edits}
    )
    assert sum(expected.values()) >= 3 * (EDITIONS - 1) * len(LANGUAGES) - 3
    assert days.versions == expected


def schedule_checks(post: Post, policy: RevisitPolicy) -> list[int]:
    """The editions whose crawl fetches the post's English page when nothing but the revisit schedule says so."""
    first = max(1, (post.day - EPOCH_DAY).days + 1)
    checks, seen = [first], edition_now(first)
    for edition in range(first + 1, EDITIONS + 1):
        now = edition_now(edition)
        if policy.due_since(post.published, seen, now) is not None:
            checks.append(edition)
            seen = now
    return checks


def edits_by(post: Post, edition: int) -> int:
    """How many of the post's edits the site shows in that edition (edits come at midday, crawls in the evening)."""
    return sum(1 for edit in post.edits if (edit.day - EPOCH_DAY).days + 1 <= edition)


def test_without_any_change_signal_edits_wait_for_their_next_scheduled_check(tmp_path: Path) -> None:
    """Sitemaps without lastmod, feeds behind a cache that ignores ?orderby: only the revisit schedule finds edits.
    Every article and edition is there; an edit is caught by the first check at or after it (1, 2, 4, 8, … days
    after publication), so the dataset differs from a full crawl exactly where that check is still to come. The
    site's clock is EUREPORTER_CLOCK."""
    days = daily_editions(tmp_path, clock=True, sitemaps="no-lastmod", feed_queries=False)
    policy = RevisitPolicy(parse_ages(EUREPORTER_REVISIT_AGES), EUREPORTER_REVISIT_RARE_DAYS, EUREPORTER_REVISIT_BUDGET)
    assert set(days.incremental) == set(days.site)
    stale, expected_versions = set(), Counter()
    for post in days.posts:
        checks = schedule_checks(post, policy)
        seen = [edits_by(post, edition) for edition in checks]
        changes = sum(1 for before, after in zip(seen, seen[1:], strict=False) if after > before)
        for lang in LANGUAGES:
            url = post.url(lang, days.base[lang])
            if seen[-1] < len(post.edits):
                stale.add(url)
            if changes:
                expected_versions[url] = changes
    assert {url for url, digest in days.incremental.items() if days.site[url] != digest} == stale
    assert days.versions == expected_versions
    edited = {post.path for post in days.posts if post.edits}
    print(
        f"without change signals: {len(edited)} posts edited, {len(stale) // len(LANGUAGES)} of them not yet "
        f"re-checked on day {EDITIONS} ({len(stale)} of {len(days.site)} rows behind the site)"
    )
    assert len(stale) < len(edited) * len(LANGUAGES)  # the schedule did catch most edits
