"""Hostile input end to end: `eureporter crawl` of the replica in trap mode (replica.traps), of a site whose WAF blocks
our User-Agent, and with a database that disappears mid-crawl.

The tests state the requirement, not today's behaviour: one bad page is logged (INFO or above, naming it), counted in
the run's stats (the crawls table's `stats` JSON), and never stops the crawl or loses what was already fetched; every
WARC file stays valid; URLs the crawler must not fetch never reach the server. Counter names for behaviour the crawler
does not have yet are matched by pattern (COUNTERS), so the implementation may pick its own `eureporter/...` names.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy.engine import make_url
from warcio.archiveiterator import ArchiveIterator

from replica import running_replica
from replica.hostile import BOMB_INFLATED_BYTES, gzip_bomb
from replica.traps import RETRY_AFTER_FAILURES, RETRY_AFTER_SECONDS, TRAPS, trap_path
from tests.fixtures_postgres import create_database
from tests.test_crawl import FAST, ROOT, run_cli
from tests.warc_checks import assert_valid_warcs

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from replica import RunningReplica

pytestmark = pytest.mark.slow

ARTICLES = 30
# Every trap URL is tried within seconds: the slow and stalled ones time out after 2 s (three attempts each).
SHARED_SETTINGS = ("--languages", "en", "-s", "DOWNLOAD_TIMEOUT=2", "-s", "MEMUSAGE_CHECK_INTERVAL_SECONDS=0.5")
# Counters a correct crawler keeps for behaviour Scrapy 2.19 does not count (patterns over stats keys).
COUNTERS = {
    "too_large": r"maxsize|max_size|too_large|toolarge|oversize",
    "redirect_loop": r"redirect.*(loop|max|exceed)",
    "offsite_redirect": r"offsite.*(filtered|redirect)|redirect.*offsite",
    "sitemap_bound": r"sitemap.*(depth|loop|nest|recurs|limit)",
    "timeout": r"timeout",
}
LOG_LEVELS = ("INFO", "WARNING", "ERROR", "CRITICAL")


# --- Running a crawl and reading what it left ------------------------------------------------------------------------
@dataclass
class Record:
    type: str
    uri: str
    date: datetime
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    raw_body: bytes = b""


@dataclass
class Crawl:
    data: Path
    result: subprocess.CompletedProcess[str]
    replica: RunningReplica
    records: list[Record]
    rows: dict[str, sqlite3.Row]
    stats: dict[str, Any]

    def url(self, path: str) -> str:
        return self.replica.base_url + path

    def responses(self, url: str) -> list[Record]:
        return sorted((r for r in self.records if r.type == "response" and r.uri == url), key=lambda r: r.date)

    @property
    def attempted(self) -> set[str]:
        """Every URL the WARC files show an attempt for: requests, and failures (metadata records)."""
        return {r.uri for r in self.records if r.type in ("request", "response", "metadata")}

    def hits(self, path: str, host: str | None = None) -> int:
        assert self.replica.site.traps is not None
        return len(self.replica.site.traps.hits(path, host))

    def hosts(self) -> set[str]:
        assert self.replica.site.traps is not None
        return {hit.host.partition(":")[0] for hit in self.replica.site.traps.log}

    def log_lines(self, *needles: str) -> list[str]:
        """Log lines at INFO or above containing every needle (case-insensitive)."""
        lines = []
        for line in self.result.stderr.splitlines():
            match = re.match(r"^\S+ \S+ \[[^\]]+\] (\w+): ", line)
            if match and match.group(1) in LOG_LEVELS and all(n.lower() in line.lower() for n in needles):
                lines.append(line)
        return lines

    def counted(self, kind: str) -> int:
        pattern = re.compile(COUNTERS[kind], re.IGNORECASE)
        return sum(int(v) for k, v in self.stats.items() if pattern.search(k) and isinstance(v, int | float))

    def stat(self, name: str) -> int:
        return int(self.stats.get(name, 0) or 0)


def read_records(warc_dir: Path) -> list[Record]:
    records = []
    for path in sorted(warc_dir.glob("*.warc.gz")):
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                date = datetime.fromisoformat(record.rec_headers.get_header("WARC-Date").replace("Z", "+00:00"))
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                item = Record(record.rec_type, uri, date)
                if record.rec_type == "response" and record.http_headers is not None:
                    item.status = int(record.http_headers.get_statuscode())
                    item.headers = {k.lower(): v for k, v in record.http_headers.headers}
                    item.raw_body = record.raw_stream.read()
                records.append(item)
    return records


def read_db(path: Path) -> tuple[dict[str, sqlite3.Row], dict[str, Any]]:
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    try:
        rows = {row["url"]: row for row in db.execute("SELECT * FROM articles")}
        stats = db.execute("SELECT stats FROM crawls ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        db.close()
    return rows, json.loads(stats[0]) if stats and stats[0] else {}


def cli_args(replica: RunningReplica, data: Path, *extra: str) -> list[str]:
    return ["crawl", "--site", replica.base_url, "--resolve", f"*.{replica.domain}=127.0.0.1", "--data", str(data),
            *FAST, *extra]  # fmt: skip


def crawl(replica: RunningReplica, data: Path, *extra: str, timeout: float = 150) -> Crawl:
    result = run_cli(*cli_args(replica, data, *extra), timeout=timeout)
    rows, stats = read_db(data / "eureporter.db") if (data / "eureporter.db").exists() else ({}, {})
    records = read_records(data / "warc") if (data / "warc").exists() else []
    return Crawl(data, result, replica, records, rows, stats)


def assert_every_normal_article_stored(output: Crawl) -> None:
    site = output.replica.site
    missing, wrong = [], []
    for post in site.posts():
        row = output.rows.get(post.url("en", output.replica.base_url))
        if row is None:
            missing.append(post.path)
        elif row["title"] != post.title("en") or row["text"] != "\n".join(post.paragraphs("en")):
            wrong.append(post.path)
    assert not missing, f"normal articles missing: {missing}"
    assert not wrong, f"normal articles stored wrong: {wrong}"


def own_tracebacks(stderr: str) -> list[str]:
    """Tracebacks through the project's own code (Scrapy's "Error downloading" tracebacks of failed fetches are
    logged failures, not crashes)."""
    blocks = re.split(r"(?m)^(?=\S+ \S+ \[)", stderr)
    own = (str(ROOT / "crawler") + "/", str(ROOT / "storage") + "/")
    return [block for block in blocks if "Traceback (most recent call last)" in block and any(p in block for p in own)]


def assert_no_crash(output: Crawl) -> None:
    assert output.result.returncode == 0, output.result.stderr[-3000:]
    assert not own_tracebacks(output.result.stderr), own_tracebacks(output.result.stderr)[0][-3000:]
    assert not [k for k in output.stats if k.startswith("spider_exceptions/")], output.stats
    assert output.stats.get("finish_reason") == "finished", output.stats.get("finish_reason")


@pytest.fixture(scope="module")
def trap_crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    """One crawl of a trap-mode replica, English only, shared by most tests."""
    with running_replica(articles=ARTICLES, languages=("en",), traps=True) as replica:
        yield crawl(replica, tmp_path_factory.mktemp("traps"), *SHARED_SETTINGS)


@pytest.fixture(scope="module")
def limits_crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    """The same site with DOWNLOAD_MAXSIZE=2000000; sitemaps left out (the huge one would only hit the limit too)."""
    with running_replica(articles=ARTICLES, languages=("en",), traps=True) as replica:
        yield crawl(replica, tmp_path_factory.mktemp("limits"), *SHARED_SETTINGS, "-s", "DOWNLOAD_MAXSIZE=2000000",
                    "-s", "EUREPORTER_DISCOVERY=listings,feed")  # fmt: skip


# --- The shared trap crawl as a whole --------------------------------------------------------------------------------
def test_trap_crawl_finishes_without_crashing(trap_crawl: Crawl) -> None:
    assert_no_crash(trap_crawl)
    assert trap_crawl.stats.get("elapsed_time_seconds", 999) < 60


def test_trap_crawl_keeps_every_normal_article(trap_crawl: Crawl) -> None:
    assert_every_normal_article_stored(trap_crawl)


def test_trap_crawl_warc_files_are_valid(trap_crawl: Crawl) -> None:
    assert_valid_warcs(trap_crawl.data / "warc")


def test_every_linked_trap_was_tried(trap_crawl: Crawl) -> None:
    """The traps are reachable: the crawler really requested each allowed article-like trap."""
    for name in ("gzip-bomb", "oversized", "redirect-loop", "retry-after", "slow-headers", "stalled-body",
                 "cp1252-undeclared", "cp1252-mislabelled", "empty", "pdf", "jpeg", "broken-markup",
                 "sql-metacharacters", "redirect-offsite", "redirect-subdomain"):  # fmt: skip
        assert trap_crawl.hits(TRAPS[name].paths[0]) >= 1, name


# --- robots.txt and off-site -----------------------------------------------------------------------------------------
def test_robots_disallowed_article_is_never_requested(trap_crawl: Crawl) -> None:
    path = trap_path("robots-disallowed")
    assert trap_crawl.hits(path) == 0
    assert trap_crawl.url(path) not in trap_crawl.attempted
    assert trap_crawl.url(path) not in trap_crawl.rows
    assert trap_crawl.stat("robotstxt/forbidden") >= 1


def test_robots_disallowed_article_is_logged(trap_crawl: Crawl) -> None:
    assert trap_crawl.log_lines(trap_path("robots-disallowed"), "robots"), "no log line names the disallowed URL"


def test_offsite_links_are_never_requested_and_counted(trap_crawl: Crawl) -> None:
    port = trap_crawl.replica.port
    forbidden = set(TRAPS["offsite"].forbidden_urls("eureporter.test", port))
    forbidden |= set(TRAPS["feed-garbage"].forbidden_urls("eureporter.test", port))
    assert not forbidden & trap_crawl.attempted
    assert not {urlsplit(u).hostname for u in trap_crawl.attempted} - {"www.eureporter.test", "shop.eureporter.test"}
    assert trap_crawl.hits(trap_path("offsite-subdomain"), "shop.eureporter.test") == 0
    assert trap_crawl.stat("eureporter/discovery/offsite_link") >= 1


def test_offsite_links_are_logged(trap_crawl: Crawl) -> None:
    assert trap_crawl.log_lines("evil.example"), "no log line names an off-site link that was skipped"


def test_redirect_offsite_is_not_followed(trap_crawl: Crawl) -> None:
    target = TRAPS["redirect-offsite"].forbidden_urls("eureporter.test", trap_crawl.replica.port)[0]
    assert target not in trap_crawl.attempted
    assert [r.status for r in trap_crawl.responses(trap_crawl.url(trap_path("redirect-offsite")))] == [301]
    assert trap_crawl.counted("offsite_redirect") >= 1
    assert trap_crawl.log_lines("trap-redirect-offsite"), "no log line names the redirect that was not followed"


def test_redirect_to_a_sister_subdomain_is_not_followed(trap_crawl: Crawl) -> None:
    """shop.DOMAIN is inside OffsiteMiddleware's allowed_domains but is not one of the site's language editions."""
    assert trap_crawl.hits(trap_path("redirect-subdomain"), "shop.eureporter.test") == 0, "followed to shop.DOMAIN"
    assert "shop.eureporter.test" not in trap_crawl.hosts(), "requested something on shop.DOMAIN"
    assert trap_crawl.counted("offsite_redirect") >= 2
    assert trap_crawl.log_lines("trap-redirect-subdomain")


# --- Sizes -----------------------------------------------------------------------------------------------------------
def test_gzip_bomb_is_archived_compressed_or_skipped(trap_crawl: Crawl) -> None:
    url = trap_crawl.url(trap_path("gzip-bomb"))
    captures = trap_crawl.responses(url)
    if captures:
        assert captures[0].raw_body == gzip_bomb()
        assert captures[0].headers.get("content-encoding") == "gzip"
    assert trap_crawl.log_lines("trap-gzip-bomb"), "no log line names the bomb"
    assert url not in trap_crawl.rows
    # Never inflated in full: the process's peak grew by less than the bomb's inflated size.
    # (memusage is sampled: a short crawl may never see its peak rise above the start-up figure.)
    assert trap_crawl.stat("memusage/startup") > 0
    assert trap_crawl.stat("memusage/max") - trap_crawl.stat("memusage/startup") < BOMB_INFLATED_BYTES


def test_gzip_bomb_is_counted(trap_crawl: Crawl) -> None:
    assert trap_crawl.counted("too_large") >= 1, "no counter for the response dropped over DOWNLOAD_MAXSIZE"


def test_oversized_page_is_skipped_with_a_log_line(limits_crawl: Crawl) -> None:
    assert_no_crash(limits_crawl)
    url = limits_crawl.url(trap_path("oversized"))
    assert url not in limits_crawl.rows
    captures = limits_crawl.responses(url)
    if not captures:
        assert limits_crawl.log_lines("trap-oversized", "max"), "skipped without a log line"
    assert_every_normal_article_stored(limits_crawl)
    assert_valid_warcs(limits_crawl.data / "warc")


def test_oversized_page_and_bomb_are_counted(limits_crawl: Crawl) -> None:
    assert limits_crawl.counted("too_large") >= 2, "no counter for responses over DOWNLOAD_MAXSIZE"


# --- Redirect loop ---------------------------------------------------------------------------------------------------
def test_redirect_loop_stops(trap_crawl: Crawl) -> None:
    a, b = trap_path("redirect-loop-a"), trap_path("redirect-loop-b")
    assert 1 <= trap_crawl.hits(a) + trap_crawl.hits(b) <= 21  # REDIRECT_MAX_TIMES (20) + 1
    assert trap_crawl.url(a) not in trap_crawl.rows
    assert trap_crawl.url(b) not in trap_crawl.rows


def test_redirect_loop_is_logged_and_counted(trap_crawl: Crawl) -> None:
    assert trap_crawl.log_lines("trap-redirect-loop", "redirect"), "the loop ended silently"
    assert trap_crawl.counted("redirect_loop") >= 1, "no counter for the redirect loop"


# --- Retry-After -----------------------------------------------------------------------------------------------------
def test_retry_after_article_is_stored(trap_crawl: Crawl) -> None:
    trap = TRAPS["retry-after"]
    row = trap_crawl.rows.get(trap_crawl.url(trap.paths[0]))
    assert row is not None, "the article behind two 503s was not stored"
    assert (row["title"], row["text"]) == (trap.title, "\n".join(trap.paragraphs))
    assert trap_crawl.stat("retry/reason_count/503 Service Unavailable") >= RETRY_AFTER_FAILURES


def test_retry_waits_for_retry_after(trap_crawl: Crawl) -> None:
    attempts = trap_crawl.responses(trap_crawl.url(trap_path("retry-after")))
    assert [a.status for a in attempts] == [503] * RETRY_AFTER_FAILURES + [200]
    gaps = [(later.date - earlier.date).total_seconds() for earlier, later in zip(attempts, attempts[1:], strict=False)]
    assert all(gap >= RETRY_AFTER_SECONDS for gap in gaps), f"retried after {gaps} s, Retry-After said 2 s"


# --- Timeouts --------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["slow-headers", "stalled-body"])
def test_timeouts_are_logged_counted_and_archived(trap_crawl: Crawl, name: str) -> None:
    url = trap_crawl.url(trap_path(name))
    assert trap_crawl.log_lines(f"trap-{name}", "took longer than"), "no log line names the timed-out URL"
    assert trap_crawl.counted("timeout") >= 2
    assert url in {r.uri for r in trap_crawl.records if r.type == "metadata"}, "the failed fetch left no record"
    assert url not in trap_crawl.rows


# --- Charsets, non-HTML, broken markup, metacharacters ---------------------------------------------------------------
@pytest.mark.parametrize("name", ["cp1252-undeclared", "cp1252-mislabelled"])
def test_windows_1252_pages_are_stored_with_the_right_characters(trap_crawl: Crawl, name: str) -> None:
    trap = TRAPS[name]
    row = trap_crawl.rows.get(trap_crawl.url(trap.paths[0]))
    assert row is not None, f"{name} not stored"
    assert row["title"] == trap.title
    assert row["text"] == "\n".join(trap.paragraphs)
    assert "\ufffd" not in row["title"] + row["text"]


@pytest.mark.parametrize(
    ("name", "content_type", "counter", "message"),
    [
        ("empty", "text/html", "eureporter/extract/empty", "not an article"),
        ("pdf", "application/pdf", "eureporter/pages/not_html", "not an html page"),
        ("jpeg", "image/jpeg", "eureporter/pages/not_html", "not an html page"),
    ],
)
def test_non_articles_behind_article_urls_are_counted_not_stored(
    trap_crawl: Crawl, name: str, content_type: str, counter: str, message: str
) -> None:
    url = trap_crawl.url(trap_path(name))
    [capture] = trap_crawl.responses(url)
    assert capture.status == 200
    assert capture.headers["content-type"].startswith(content_type)
    assert url not in trap_crawl.rows
    assert trap_crawl.stat(counter) >= 1
    assert trap_crawl.log_lines(f"trap-{name}", message)


def test_broken_markup_is_stored_without_nuls(trap_crawl: Crawl) -> None:
    trap = TRAPS["broken-markup"]
    row = trap_crawl.rows.get(trap_crawl.url(trap.paths[0]))
    assert row is not None, "the page with NULs and unclosed tags was not stored"
    assert "\x00" not in "".join(str(value) for value in row)
    assert (row["title"], row["text"]) == (trap.title, "\n".join(trap.paragraphs))


def test_sql_metacharacters_are_stored_verbatim(trap_crawl: Crawl) -> None:
    trap = TRAPS["sql-metacharacters"]
    row = trap_crawl.rows.get(trap_crawl.url(trap.paths[0]))
    assert row is not None
    assert row["title"] == trap.title
    assert row["text"] == "\n".join(trap.paragraphs)
    assert len(trap_crawl.rows) >= ARTICLES  # the table is still there, with everything in it


# --- Sitemaps and feeds ----------------------------------------------------------------------------------------------
def test_html_served_as_sitemap_is_counted(trap_crawl: Crawl) -> None:
    assert trap_crawl.hits("/wp-sitemap-trap-html-1.xml") == 1
    assert trap_crawl.stat("eureporter/discovery/invalid_sitemap") >= 1
    assert trap_crawl.log_lines("wp-sitemap-trap-html-1.xml")


def test_truncated_sitemap_is_counted_and_its_cut_entry_ignored(trap_crawl: Crawl) -> None:
    assert trap_crawl.hits("/wp-sitemap-trap-truncated-1.xml") == 1
    body = trap_crawl.responses(trap_crawl.url("/wp-sitemap-trap-truncated-1.xml"))[0].raw_body
    if body[:2] == b"\x1f\x8b":
        body = gzip.decompress(body)
    cut = body[body.rindex(b"<loc>") + 5 :].decode()
    assert cut.startswith("http")
    assert not {cut, cut + "/"} & trap_crawl.attempted, f"requested the half-written <loc> {cut!r}"
    assert trap_crawl.stat("eureporter/discovery/invalid_sitemap") >= 2, "truncated sitemap not counted as invalid"
    assert trap_crawl.log_lines("wp-sitemap-trap-truncated-1.xml")


def test_wrongly_namespaced_sitemap_does_not_crash(trap_crawl: Crawl) -> None:
    [capture] = trap_crawl.responses(trap_crawl.url("/wp-sitemap-trap-wrongns-1.xml"))
    assert capture.status == 200
    assert_no_crash(trap_crawl)


def test_huge_sitemap_is_parsed_in_bounded_time(trap_crawl: Crawl) -> None:
    [capture] = trap_crawl.responses(trap_crawl.url("/wp-sitemap-trap-huge-1.xml"))
    assert capture.status == 200
    assert not [u for u in trap_crawl.attempted if "/trap-huge/" in u], "non-article sitemap entries were fetched"
    assert trap_crawl.stats.get("elapsed_time_seconds", 999) < 60


def test_self_referencing_sitemap_index_is_bounded(trap_crawl: Crawl) -> None:
    fetched = trap_crawl.hits("/wp-sitemap-trap-loop.xml")
    assert 1 <= fetched <= 5, f"followed the self-referencing sitemap index {fetched} times"
    assert trap_crawl.counted("sitemap_bound") >= 1, "no counter for the sitemap index recursion that was cut"
    assert trap_crawl.log_lines("wp-sitemap-trap-loop.xml")


def test_garbage_feed_items_are_skipped(trap_crawl: Crawl) -> None:
    assert trap_crawl.hits("/feed/") >= 1
    schemes = {urlsplit(u).scheme for u in trap_crawl.attempted}
    assert schemes <= {"http", "https"}, schemes
    assert not [u for u in trap_crawl.attempted if len(u) > 2083]
    skipped = trap_crawl.stat("eureporter/discovery/offsite_link") + trap_crawl.stat("urllength/request_ignored_count")
    assert skipped >= 1, "the garbage feed items were not counted"


# --- A WAF that blocks our User-Agent --------------------------------------------------------------------------------
def test_403_to_our_user_agent_fails_the_crawl_naming_user_agent(tmp_path: Path) -> None:
    with running_replica(articles=5, languages=("en",), block_user_agent="EUReporterArchiveBot") as replica:
        output = crawl(replica, tmp_path, "--languages", "en", timeout=60)
    assert output.result.returncode != 0, "a site that answers every request with 403 is not a successful crawl"
    # The final message, not the settings dump every run logs, must name the setting to change.
    messages = [line for line in output.result.stderr.splitlines() if line.startswith("eureporter crawl:")]
    assert any("USER_AGENT" in line for line in messages), messages or output.result.stderr[-2000:]
    assert_valid_warcs(tmp_path / "warc")


# --- A database that disappears mid-crawl ----------------------------------------------------------------------------
DB_ARTICLES = 120  # above the store's batch of 100, so a batch is written while the crawl still runs


def _start(replica: RunningReplica, data: Path, *extra: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "crawler.commands.cli", *cli_args(replica, data, "--languages", "en", *extra)]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_until(predicate: Any, process: subprocess.Popen[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if process.poll() is not None:
            pytest.fail("the crawl ended before the database could be taken away")
        time.sleep(0.05)
    pytest.fail("the crawl never registered itself in the database")


def _finish(process: subprocess.Popen[str], timeout: float = 120) -> tuple[int, str]:
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        _, stderr = process.communicate()
        pytest.fail(f"the crawl did not stop within {timeout} s after losing its database:\n{stderr[-3000:]}")
    return process.returncode, stderr


def _assert_clean_stop(returncode: int, stderr: str, data: Path) -> None:
    assert returncode == 1, f"exit code {returncode} after the database vanished:\n{stderr[-3000:]}"
    last = stderr.strip().splitlines()[-1]
    assert last.startswith("eureporter crawl:"), last
    assert "database" in last.lower(), last
    assert_valid_warcs(data / "warc")


def test_postgres_database_dropped_mid_crawl_stops_cleanly(postgres_url: str, tmp_path: Path) -> None:
    import psycopg

    url, drop = create_database(postgres_url, "hostile")
    parsed = make_url(url)

    def registered() -> bool:
        try:
            with psycopg.connect(host=parsed.host, port=parsed.port, user=parsed.username, dbname=parsed.database,
                                 connect_timeout=2) as conn:  # fmt: skip
                return bool(conn.execute("SELECT count(*) FROM crawls").fetchone()[0])
        except psycopg.Error:
            return False

    try:
        with running_replica(articles=DB_ARTICLES, languages=("en",)) as replica:
            process = _start(replica, tmp_path, "--db", url)
            _wait_until(registered, process)
            drop()
            returncode, stderr = _finish(process)
    finally:
        drop()
    _assert_clean_stop(returncode, stderr, tmp_path)


def test_sqlite_directory_vanishing_mid_crawl_stops_cleanly(tmp_path: Path) -> None:
    db_dir = tmp_path / "db"
    db_dir.mkdir()
    db_file = db_dir / "eureporter.db"
    data = tmp_path / "data"

    def registered() -> bool:
        if not db_file.exists():
            return False
        try:
            with sqlite3.connect(f"file:{db_file}?mode=ro", uri=True, timeout=0.2) as db:
                return bool(db.execute("SELECT count(*) FROM crawls").fetchone()[0])
        except sqlite3.Error:
            return False

    with running_replica(articles=DB_ARTICLES, languages=("en",)) as replica:
        process = _start(replica, data, "--db", f"sqlite:///{db_file}")
        _wait_until(registered, process)
        shutil.rmtree(db_dir)
        returncode, stderr = _finish(process)
    _assert_clean_stop(returncode, stderr, data)
