"""The dataset end to end, on SQLite and on a real PostgreSQL: two crawls a "day" apart, versions, crawl runs, and
exports that round-trip."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

import pyarrow.parquet as pq
import pytest
from sqlalchemy import create_engine, text

from replica import running_replica
from storage.sql import database_url
from tests.net import free_port
from tests.test_crawl import crawl_args, run_cli

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.slow

ARTICLES = 40
LANGUAGES = ("en", "fr", "id")


@pytest.fixture(params=["sqlite", "postgresql"])
def two_days(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, Path, dict]:
    """Crawl editions 1 and 2 of the replica into one database; the db URL, data dir and what edition 2 changed."""
    db = f"sqlite:///{tmp_path / 'dataset.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_db_url")
    port = free_port()
    for edition in (1, 2):
        with running_replica(articles=ARTICLES, edition=edition, languages=LANGUAGES, port=port) as replica:
            result = run_cli(*crawl_args(replica, tmp_path / "data", "--db", db))
            assert result.returncode == 0, result.stderr[-3000:]
            posts = {p.path: p for p in replica.site.posts()}
            expected = {
                "posts": posts,
                "edited": {p.path for p in replica.site.edited_posts()},
                "new": {p.path for p in replica.site.new_posts()},
                "base": {lang: replica.base(lang) for lang in LANGUAGES},
            }
    return db, tmp_path, expected


def _query(db: str, sql: str) -> list[dict]:
    engine = create_engine(database_url(db))
    try:
        with engine.connect() as conn:
            return [dict(row) for row in conn.execute(text(sql)).mappings()]
    finally:
        engine.dispose()


def test_two_days_give_one_row_per_edition_versions_and_two_runs(two_days: tuple[str, Path, dict]) -> None:
    db, _, expected = two_days
    rows = {r["url"]: r for r in _query(db, "SELECT * FROM articles")}
    posts = expected["posts"]
    assert len(rows) == len(posts) * len(LANGUAGES)
    for path, post in posts.items():
        urls = [post.url(lang, expected["base"][lang]) for lang in LANGUAGES]
        keys = {rows[u]["article_key"] for u in urls}
        assert keys == {path.rstrip("/")}, "editions of one article must share article_key"
        for lang, url in zip(LANGUAGES, urls, strict=True):
            assert rows[url]["text"] == "\n".join(post.paragraphs(lang))
            assert rows[url]["version"] == (2 if path in expected["edited"] else 1)
    versions = _query(db, "SELECT url, version, text, warc_record_id FROM article_versions")
    assert {v["url"].split(":", 2)[2].split("/", 1)[1] for v in versions} == {p.lstrip("/") for p in expected["edited"]}
    assert len(versions) == len(expected["edited"]) * len(LANGUAGES)
    assert all(v["warc_record_id"] for v in versions)
    runs = _query(db, "SELECT status, articles_new, articles_updated, articles_unchanged FROM crawls ORDER BY id")
    assert [r["status"] for r in runs] == ["finished", "finished"]
    assert runs[0]["articles_new"] == ARTICLES * len(LANGUAGES)
    assert runs[1]["articles_new"] == len(expected["new"]) * len(LANGUAGES)
    assert runs[1]["articles_updated"] == len(expected["edited"]) * len(LANGUAGES)


def test_exports_round_trip(two_days: tuple[str, Path, dict]) -> None:
    db, tmp_path, _ = two_days
    table = {r["url"]: r for r in _query(db, "SELECT url, title, text, language, tags, version FROM articles")}
    for fmt in ("jsonl", "csv", "parquet"):
        out = tmp_path / f"export.{fmt}"
        result = run_cli("export", "--db", db, "--format", fmt, "--out", str(out))
        assert result.returncode == 0, result.stderr
        if fmt == "jsonl":
            exported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        elif fmt == "csv":
            exported = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
            for row in exported:
                row["tags"], row["version"] = json.loads(row["tags"]), int(row["version"])
        else:
            exported = pq.read_table(out).to_pylist()
        assert len(exported) == len(table), fmt
        for row in exported:
            stored = table[row["url"]]
            stored_tags = stored["tags"] if isinstance(stored["tags"], list) else json.loads(stored["tags"])
            assert (row["title"], row["text"], row["language"], list(row["tags"]), row["version"]) == (
                stored["title"],
                stored["text"],
                stored["language"],
                stored_tags,
                stored["version"],
            ), fmt
    french = run_cli("export", "--db", db, "--format", "jsonl", "--language", "fr")
    assert len(french.stdout.splitlines()) == sum(1 for r in table.values() if r["language"] == "fr")


def test_stats_command(two_days: tuple[str, Path, dict]) -> None:
    db, _, expected = two_days
    result = run_cli("stats", "--db", db)
    assert result.returncode == 0, result.stderr
    editions = len(expected["posts"]) * len(LANGUAGES)
    assert (
        f"Articles: {editions} editions, {len(expected['edited']) * len(LANGUAGES)} earlier versions" in result.stdout
    )
    for lang in LANGUAGES:
        assert f"  {lang} " in result.stdout
    assert "Last crawl: #2 finished" in result.stdout
