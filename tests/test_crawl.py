"""End to end: `eureporter crawl` of the replica (every edition) in a subprocess; assertions on WARC files and rows."""

from __future__ import annotations

import gzip
import sqlite3
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.extraction.links import archive_key, listing_base, page_number
from crawler.scope import is_listing_path
from tests.warc_checks import assert_valid_warcs

if TYPE_CHECKING:
    from replica import RunningReplica

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16"]


def run_cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crawler.commands.cli", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )


def crawl_args(replica: RunningReplica, data: Path, *extra: str) -> list[str]:
    return [
        "crawl",
        "--site",
        replica.base_url,
        "--resolve",
        f"*.{replica.domain}=127.0.0.1",
        "--data",
        str(data),
        *FAST,
        *extra,
    ]


@dataclass
class Capture:
    url: str
    status: int
    headers: list[tuple[str, str]]
    raw_body: bytes
    record_type: str


@dataclass
class CrawlOutput:
    data: Path
    result: subprocess.CompletedProcess[str]
    captures: list[Capture]
    requests: list[str]
    rows: list[sqlite3.Row]


def read_warcs(where: Path | list[Path]) -> tuple[list[Capture], list[str]]:
    """Captures and request URLs of a directory's WARC files, or of the given files."""
    paths = sorted(where.glob("*.warc.gz")) if isinstance(where, Path) else where
    captures, requests = [], []
    for path in paths:
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh, no_record_parse=False):
                if record.rec_type == "request":
                    requests.append(record.rec_headers.get_header("WARC-Target-URI"))
                elif record.rec_type in ("response", "revisit") and record.http_headers is not None:
                    captures.append(
                        Capture(
                            url=record.rec_headers.get_header("WARC-Target-URI"),
                            status=int(record.http_headers.get_statuscode()),
                            headers=record.http_headers.headers,
                            raw_body=record.raw_stream.read(),
                            record_type=record.rec_type,
                        )
                    )
    return captures, requests


@pytest.fixture(scope="module")
def crawl(replica: RunningReplica, tmp_path_factory: pytest.TempPathFactory) -> CrawlOutput:
    data = tmp_path_factory.mktemp("crawl")
    result = run_cli(*crawl_args(replica, data))
    assert result.returncode == 0, result.stderr[-3000:]
    captures, requests = read_warcs(data / "warc")
    db = sqlite3.connect(data / "eureporter.db")
    db.row_factory = sqlite3.Row
    rows = db.execute("SELECT * FROM articles").fetchall()
    db.close()
    return CrawlOutput(data, result, captures, requests, rows)


def test_every_article_of_every_edition_is_stored(crawl: CrawlOutput, replica: RunningReplica) -> None:
    site = replica.site
    expected = {
        post.url(lang, site.base(lang, replica.port)): (post, lang) for post in site.posts() for lang in site.languages
    }
    stored = {row["url"]: row for row in crawl.rows}
    assert set(stored) == set(expected)
    for url, (post, lang) in expected.items():
        row = stored[url]
        assert row["language"] == lang
        assert row["title"] == post.title(lang)
        assert row["text"] == "\n".join(post.paragraphs(lang)), url
        stored_at = datetime.fromisoformat(row["published_at"]).replace(tzinfo=UTC)
        assert stored_at == post.published.astimezone(UTC), url
        assert row["warc_file"]
        assert row["warc_record_id"].startswith("<urn:uuid:")


def test_rows_point_at_their_warc_records(crawl: CrawlOutput) -> None:
    from warcio.archiveiterator import ArchiveIterator

    for row in crawl.rows[:50]:
        with (crawl.data / "warc" / row["warc_file"]).open("rb") as fh:
            fh.seek(row["warc_offset"])
            record = next(iter(ArchiveIterator(fh)))
            assert record.rec_headers.get_header("WARC-Record-ID") == row["warc_record_id"]
            assert record.rec_headers.get_header("WARC-Target-URI") == row["url"]


def test_every_article_page_is_archived_raw(crawl: CrawlOutput, replica: RunningReplica) -> None:
    article_captures = {c.url: c for c in crawl.captures if c.status == 200 and "/20" in urlsplit(c.url).path}
    for row in crawl.rows:
        capture = article_captures[row["url"]]
        headers = {k.lower(): v for k, v in capture.headers}
        # The crawler advertises gzip, the replica compresses: the archive keeps the compressed bytes as sent.
        assert headers.get("content-encoding") == "gzip"
        assert capture.raw_body[:2] == b"\x1f\x8b"
        assert gzip.decompress(capture.raw_body)
        assert "transfer-encoding" not in headers
        assert int(headers["content-length"]) == len(capture.raw_body)


def test_warc_files_are_valid(crawl: CrawlOutput) -> None:
    assert_valid_warcs(crawl.data / "warc")
    assert list((crawl.data / "indexes").glob("*.cdxj"))


def test_nothing_outside_the_site_and_robots_obeyed(crawl: CrawlOutput, replica: RunningReplica) -> None:
    assert crawl.requests
    for url in crawl.requests:
        parts = urlsplit(url)
        assert parts.port == replica.port
        assert parts.hostname == replica.domain or parts.hostname.endswith("." + replica.domain), url
        # robots.txt disallows these; the pages link to them.
        assert not parts.path.startswith(("/wp-admin/", "/wp-login.php")), url
        assert "s=" not in parts.query, url


def test_discovery_sources_were_used(crawl: CrawlOutput) -> None:
    paths = {urlsplit(url).path for url in crawl.requests}
    assert "/robots.txt" in paths
    assert "/feed/" in paths
    assert "/wp-sitemap.xml" in paths
    assert any("/page/" in p for p in paths)


def test_each_archive_is_walked_under_one_spelling(crawl: CrawlOutput) -> None:
    """A category answers as /category/<path>/ and as /<path>/ with the same posts: its pages are fetched once."""
    fetched: Counter[tuple[str, int]] = Counter()
    for url in crawl.requests:
        path = urlsplit(url).path
        if is_listing_path(path) and page_number(path) > 1:
            fetched[archive_key(listing_base(path)), page_number(path)] += 1
    assert any(key.startswith("/category/") for key, _ in fetched), "no category archive was paged through"
    assert max(fetched.values()) == 1, fetched.most_common(3)


def test_summary_is_printed(crawl: CrawlOutput) -> None:
    out = crawl.result.stdout
    assert "finish reason   finished" in out
    assert "languages       7:" in out


def test_listings_and_feed_alone_find_every_article(replica: RunningReplica, tmp_path: Path) -> None:
    """The live site's sitemaps are not known to exist: without them, feed + listings must still find everything."""
    result = run_cli(*crawl_args(replica, tmp_path, "--languages", "en", "-s", "EUREPORTER_DISCOVERY=feed,listings"))
    assert result.returncode == 0, result.stderr[-3000:]
    db = sqlite3.connect(tmp_path / "eureporter.db")
    urls = {u for (u,) in db.execute("SELECT url FROM articles")}
    assert urls == {post.url("en", replica.base_url) for post in replica.site.posts()}
    _, requests = read_warcs(tmp_path / "warc")
    assert not any("sitemap" in url for url in requests)


def test_max_pages_is_a_hard_budget(replica: RunningReplica, tmp_path: Path) -> None:
    result = run_cli(*crawl_args(replica, tmp_path, "--max-pages", "25"))
    assert result.returncode == 0, result.stderr[-3000:]
    _, requests = read_warcs(tmp_path / "warc")
    assert 0 < len(requests) <= 25


def test_unreachable_database_exits_1_naming_db(tmp_path: Path) -> None:
    result = run_cli("crawl", "--data", str(tmp_path), "--db", "postgresql://crawler:pw@127.0.0.1:9/eureporter")
    assert result.returncode == 1
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith("eureporter crawl: --db postgresql://crawler:***@127.0.0.1:9/eureporter")
    assert "pw@" not in result.stderr
    assert not list(tmp_path.glob("warc/*.warc.gz"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--site", "www.eureporter.co"], "--site"),
        (["--languages", ""], "--languages"),
        (["--since", "2024-13-01"], "--since"),
        (["--max-pages", "-3"], "--max-pages"),
        (["--resolve", "*.example.org=127.0.0.1"], "--resolve"),
        (["-s", "NOEQUALS"], "-s"),
    ],
)
def test_bad_options_exit_2_with_one_line(args: list[str], message: str, tmp_path: Path) -> None:
    result = run_cli("crawl", "--data", str(tmp_path), *args)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert not list(tmp_path.glob("**/*.warc.gz"))
