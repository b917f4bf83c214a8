"""Pages that used to derail a run, served by the replica's trap mode on loopback: an impossible date in a permalink,
an endless listing, a `:80` link, a bot check served with 200 where an article should be. Each run exits 0 with one
log line naming what was met (and counting the rest), every stored row's WARC record is at its offset, and the
next run completes the archive with nothing stored twice."""

from __future__ import annotations

import contextlib
import gzip
import sqlite3
from typing import TYPE_CHECKING

import pytest
from warcio.archiveiterator import ArchiveIterator

from replica import running_replica
from replica.traps import IMPOSSIBLE_DATE_PATH, TRAPS, trap_path
from tests.failure_runs import (
    assert_complete,
    assert_rows_archived,
    crawl,
    crawl_runs,
    expected_urls,
    need_root,
    stored_rows,
    stored_urls,
)
from tests.net import free_port

if TYPE_CHECKING:
    from pathlib import Path

    from replica import RunningReplica

pytestmark = pytest.mark.slow

ARTICLES = 30
LANGUAGES = ("en", "fr")


def trapped(name: str, **options: object) -> contextlib.AbstractContextManager[RunningReplica]:
    return running_replica(articles=ARTICLES, languages=LANGUAGES, traps=True, trap_names=(name,), **options)


def log_lines(stderr: str, text: str) -> list[str]:
    return [line for line in stderr.splitlines() if text in line]


# --- an impossible date --------------------------------------------------------------------------------------------


def _store_an_impossible_url(data: Path, url: str) -> None:
    """What an older version of the crawler left in a dataset: a row whose URL is dated 30 February."""
    with contextlib.closing(sqlite3.connect(data / "eureporter.db")) as db:
        db.row_factory = sqlite3.Row
        row = dict(db.execute("SELECT * FROM articles WHERE language = 'en' LIMIT 1").fetchone())
        del row["id"]
        row.update(url=url, canonical_url=url, article_key=url.split("/", 3)[3])
        db.execute(f"INSERT INTO articles ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
        db.commit()


def test_impossible_date_is_skipped_once_named_and_later_runs_still_find_new_articles(tmp_path: Path) -> None:
    port = free_port()
    with trapped("impossible-date", port=port) as replica:
        first = crawl(replica, tmp_path)
        assert first.returncode == 0, first.stderr[-3000:]
        impossible = replica.url(IMPOSSIBLE_DATE_PATH)
        [line] = log_lines(first.stderr, "is dated on a day that does not exist")
        assert f"Not an article: {impossible} is dated on a day that does not exist" in line
        assert "Traceback" not in first.stderr
        assert "ValueError" not in first.stderr
        assert impossible not in stored_urls(tmp_path)
        assert not replica.site.traps.hits(IMPOSSIBLE_DATE_PATH), "an impossible date is not an article URL"
        assert_complete(tmp_path, expected_urls(replica, LANGUAGES))
    # A dataset that holds such a URL (stored by an older version) must not break later runs.
    _store_an_impossible_url(tmp_path, impossible)

    with trapped("impossible-date", port=port, edition=3) as later:
        new = expected_urls(later, LANGUAGES) - set(stored_urls(tmp_path))
        assert len(new) >= 10
        second = crawl(later, tmp_path)
        assert second.returncode == 0, second.stderr[-3000:]
        assert "Traceback" not in second.stderr
        assert "ValueError" not in second.stderr
        assert new <= set(stored_urls(tmp_path)), "the later run missed new articles"
        since = crawl(later, tmp_path, "--since", "2026-01-01")
        assert since.returncode == 0, since.stderr[-3000:]
        assert "Traceback" not in since.stderr
        urls = stored_urls(tmp_path)
        assert len(urls) == len(set(urls))
        assert expected_urls(later, LANGUAGES) <= set(urls)
        assert_rows_archived(tmp_path)
    print(f"\nimpossible date skipped and named once; {len(new)} new editions found by the run a 'day' later")


# --- an endless listing --------------------------------------------------------------------------------------------


def test_endless_listing_is_bounded_logged_and_every_article_stored_once(tmp_path: Path) -> None:
    with trapped("endless-listing") as replica:
        first = crawl(replica, tmp_path)
        assert first.returncode == 0, first.stderr[-3000:]
        traps = replica.site.traps
        assert traps is not None
        first_requests = len(traps.requests("endless-listing"))
        # The trap links thousands of pages (pagination forever, months back to year 1, ?calendar=): a bound of its
        # own stops it within a few pages, and says so once.
        assert 0 < first_requests <= 40, first_requests
        assert len(log_lines(first.stderr, "Not paging")) >= 1
        assert all(len(log_lines(first.stderr, line)) == 1 for line in log_lines(first.stderr, "Not paging"))
        assert_complete(tmp_path, expected_urls(replica, LANGUAGES))

        # A pagination that only repeats stored articles stops even under --full.
        second = crawl(replica, tmp_path, "--full")
        assert second.returncode == 0, second.stderr[-3000:]
        second_requests = len(traps.requests("endless-listing")) - first_requests
        assert 0 < second_requests <= 40, second_requests
        assert_complete(tmp_path, expected_urls(replica, LANGUAGES))
        assert crawl_runs(tmp_path) == [("finished", "finished"), ("finished", "finished")]
    print(f"\nendless listing: {first_requests} requests in the first run, {second_requests} under --full")


# --- a :80 link ----------------------------------------------------------------------------------------------------


def test_default_port_and_other_spellings_of_one_article_are_fetched_and_stored_once(tmp_path: Path) -> None:
    need_root("serving the replica on port 80")
    address = f"127.0.{free_port() % 200 + 20}.{free_port() % 200 + 20}"  # a loopback address of its own
    with contextlib.ExitStack() as stack:
        try:
            replica = stack.enter_context(trapped("equivalent-urls", host=address, port=80))
        except OSError as exc:
            pytest.skip(f"cannot listen on {address}:80: {exc}")
        assert replica.base_url == "http://www.eureporter.test"
        path = trap_path("equivalent-urls")
        linked = TRAPS["equivalent-urls"].urls(replica.domain, 80)
        assert f"http://www.eureporter.test:80{path}" in linked
        first = crawl(replica, tmp_path)
        assert first.returncode == 0, first.stderr[-3000:]
        traps = replica.site.traps
        assert traps is not None
        assert len(traps.requests("equivalent-urls")) == 1, [h.target for h in traps.requests("equivalent-urls")]
        rows = [row for row in stored_rows(tmp_path) if "trap-equivalent-urls" in row["url"]]
        assert [row["url"] for row in rows] == [f"http://www.eureporter.test{path}"]
        assert rows[0]["title"] == TRAPS["equivalent-urls"].title
        assert not [url for url in stored_urls(tmp_path) if ":80/" in url]
        assert_complete(tmp_path, expected_urls(replica, LANGUAGES))

        second = crawl(replica, tmp_path)
        assert second.returncode == 0, second.stderr[-3000:]
        assert_complete(tmp_path, expected_urls(replica, LANGUAGES) | {rows[0]["url"]})
        assert len(traps.requests("equivalent-urls")) <= 2


# --- a bot check served with 200 ------------------------------------------------------------------------------------


def _captures(data: Path, url: str) -> list[bytes]:
    bodies = []
    for path in sorted((data / "warc").glob("*.warc.gz")):
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response" and record.rec_headers.get_header("WARC-Target-URI") == url:
                    body = record.raw_stream.read()
                    bodies.append(gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body)
    return bodies


@pytest.mark.parametrize(
    ("trap", "kind", "marker"),
    [
        ("challenge", "challenge", b"Just a moment..."),
        ("consent-wall", "consent", b"Before you continue"),
        ("soft-404", "soft404", b"Page not found"),
    ],
)
def test_page_in_place_of_the_article_is_archived_not_stored_counted_and_the_next_run_stores_it(
    trap: str, kind: str, marker: bytes, tmp_path: Path
) -> None:
    """A bot check, a consent wall or a soft 404 served with 200 for the first request of an article URL."""
    with trapped(trap) as replica:
        url = replica.url(trap_path(trap))
        first = crawl(replica, tmp_path, "-s", "LOG_LEVEL=INFO")
        assert first.returncode == 0, first.stderr[-3000:]
        assert log_lines(first.stderr, f"Not the article but a {kind} page: {url}")
        assert f"'eureporter/pages/not_article/{kind}': 1," in first.stderr
        assert url not in stored_urls(tmp_path)
        [stand_in] = _captures(tmp_path, url)
        assert marker in stand_in
        assert_complete(tmp_path, expected_urls(replica, LANGUAGES))

        second = crawl(replica, tmp_path)
        assert second.returncode == 0, second.stderr[-3000:]
        [row] = [row for row in stored_rows(tmp_path) if row["url"] == url]
        assert row["title"] == TRAPS[trap].title
        assert row["text"] == "\n".join(TRAPS[trap].paragraphs)
        assert len(_captures(tmp_path, url)) == 2
        assert_complete(tmp_path, expected_urls(replica, LANGUAGES) | {url})
