"""Incremental crawls: the replica one "day" later (edition 2) fetches only what is new or changed."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from replica import running_replica
from tests.net import free_port
from tests.test_crawl import crawl_args, read_warcs, run_cli
from tests.warc_checks import assert_valid_warcs

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.slow

ARTICLES = 80
LANGUAGES = ("en", "fr", "de")


@dataclass
class Run:
    requests: list[str]
    stdout: str


def crawl_edition(data: Path, port: int, edition: int, *extra: str) -> Run:
    """Crawl the replica's edition K on a fixed port (URLs include the port, so both days must share it)."""
    before = {p.name for p in (data / "warc").glob("*.warc.gz")} if (data / "warc").exists() else set()
    with running_replica(articles=ARTICLES, edition=edition, languages=LANGUAGES, port=port) as replica:
        result = run_cli(*crawl_args(replica, data, *extra))
    assert result.returncode == 0, result.stderr[-3000:]
    new_files = sorted(p for p in (data / "warc").glob("*.warc.gz") if p.name not in before)
    return Run(read_warcs(new_files)[1], result.stdout)


def is_article(url: str) -> bool:
    from crawler.scope import article_match

    return article_match(url) is not None


@pytest.fixture(scope="module")
def two_days(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Run, Run, Run, int]:
    data = tmp_path_factory.mktemp("incremental")
    port = free_port()
    day1 = crawl_edition(data, port, 1)
    day2 = crawl_edition(data, port, 2)
    again = crawl_edition(data, port, 2)
    return data, day1, day2, again, port


def test_second_day_fetches_only_new_and_changed(two_days: tuple[Path, Run, Run, Run, int]) -> None:
    data, day1, day2, _, port = two_days
    with running_replica(articles=ARTICLES, edition=2, languages=LANGUAGES, port=port) as replica:
        site = replica.site
        new_paths = {p.path for p in site.new_posts()}
        edited_paths = {p.path for p in site.edited_posts()}
    assert new_paths
    assert edited_paths
    day1_articles = {u for u in day1.requests if is_article(u)}
    day2_articles = {u for u in day2.requests if is_article(u)}
    assert len(day1_articles) == (ARTICLES) * len(LANGUAGES)
    # Day 2 fetches every edition of the new and the edited posts, and nothing else.
    assert {urlsplit(u).path for u in day2_articles} == new_paths | edited_paths
    assert len(day2_articles) == len(new_paths | edited_paths) * len(LANGUAGES)
    print(
        f"\nday 1: {len(day1.requests)} requests, day 2: {len(day2.requests)} "
        f"({len(day2_articles)} article pages for {len(new_paths)} new and {len(edited_paths)} edited posts)"
    )
    assert len(day2.requests) < len(day1.requests) / 3
    assert_valid_warcs(data / "warc")


def test_dataset_after_two_days(two_days: tuple[Path, Run, Run, Run, int]) -> None:
    data, *_, port = two_days
    db = sqlite3.connect(data / "eureporter.db")
    db.row_factory = sqlite3.Row
    with running_replica(articles=ARTICLES, edition=2, languages=LANGUAGES, port=port) as replica:
        posts = replica.site.posts()
        edited = {p.path: p for p in replica.site.edited_posts()}
        rows = {r["url"]: r for r in db.execute("SELECT * FROM articles")}
        # One row per article edition, no duplicates.
        assert len(rows) == len(posts) * len(LANGUAGES)
        for post in posts:
            for lang in LANGUAGES:
                row = rows[post.url(lang, replica.base(lang))]
                assert row["text"] == "\n".join(post.paragraphs(lang))
                assert row["version"] == (2 if post.path in edited else 1)
    versions = db.execute("SELECT url, version FROM article_versions").fetchall()
    assert {urlsplit(u).path for u, _ in versions} == set(edited)
    assert all(v == 1 for _, v in versions)
    crawls = db.execute("SELECT status, articles_new, articles_updated, pages FROM crawls ORDER BY id").fetchall()
    assert [c["status"] for c in crawls] == ["finished"] * 3
    assert crawls[1]["articles_updated"] == len(edited) * len(LANGUAGES)
    assert crawls[2]["articles_new"] == 0
    assert crawls[2]["articles_updated"] == 0


def test_third_run_fetches_no_article_and_gets_a_304_feed(two_days: tuple[Path, Run, Run, Run, int]) -> None:
    data, _, day2, again, _ = two_days
    assert not [u for u in again.requests if is_article(u)]
    db = sqlite3.connect(data / "eureporter.db")
    stats = json.loads(db.execute("SELECT stats FROM crawls ORDER BY id DESC LIMIT 1").fetchone()[0])
    assert stats.get("eureporter/feed/not_modified") == 1
    assert stats.get("eureporter/incremental/pagination_stopped", 0) >= 1
    assert len(again.requests) < len(day2.requests)


def test_full_backfill_fetches_everything_again(two_days: tuple[Path, Run, Run, Run, int]) -> None:
    data, *_, port = two_days
    run = crawl_edition(data, port, 2, "--full", "--languages", "en")
    assert len([u for u in run.requests if is_article(u)]) == ARTICLES + 10
