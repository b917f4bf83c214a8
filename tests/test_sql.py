"""ArticleStore on SQLite and on a real PostgreSQL server: schema, write semantics, crawls, upgrades, failures."""

from __future__ import annotations

import multiprocessing
import os
import random
import sqlite3
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import dataset
import pytest
from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Integer,
    MetaData,
    Table,
    Text,
    create_engine,
    func,
    inspect,
    select,
    text,
)
from sqlalchemy.exc import OperationalError

from storage.records import content_hash
from storage.schema import SCHEMA_VERSION, article_versions, articles, crawls, listings, schema_info
from storage.sql import ArticleStore, StoreError, database_url

if TYPE_CHECKING:
    from pathlib import Path

T1 = "2024-10-04T08:00:00Z"
T2 = "2024-10-05T08:00:00Z"
T3 = "2024-10-06T08:00:00Z"
UNICODE_TEXT = (
    "Emoji 🇪🇺🚜 and skin tones 👩🏽‍🌾\n"
    "RTL: الاتحاد الأوروبي و עברית\n"
    "Cyrillic: Казахстан, Україна\n"
    "Quotes \"double\" and 'single', backslash \\ and tab\there\r\n"
    "Control chars \x01\x1f\x7f and \u2028 line separator\n"
    "'; DROP TABLE articles; --"
)


def make_article(n: int, *, language: str = "en", text: str | None = None, **changes: Any) -> dict[str, Any]:
    """An Article.asdict() as extraction gives it; edition `language` of English article n."""
    host = "www" if language == "en" else language
    path = f"/world/eu/2024/10/03/story-{n}/"
    article = {
        "url": f"https://{host}.eureporter.co{path}",
        "canonical_url": f"https://www.eureporter.co{path}",
        "title": f"Story {n} ({language})",
        "text": text if text is not None else f"First paragraph of story {n}.\nSecond paragraph.",
        "author": "Jane Doe",
        "published_at": "2024-10-03T09:15:00+02:00",
        "modified_at": "2024-10-03",
        "language": language,
        "categories": ["World", "EU"],
        "category_path": "world/eu",
        "tags": ["farming", "trade"],
        "translations": {"en": f"https://www.eureporter.co{path}", "fr": f"https://fr.eureporter.co{path}"},
        "description": "A summary.",
        "images": [{"url": "https://www.eureporter.co/a.jpg", "caption": "A tractor", "credit": "EU", "lead": True}],
        "word_count": 0,
    }
    article.update(changes)
    return article


def provenance(n: int, at: str = T1, crawl_id: int | None = None) -> dict[str, Any]:
    return {
        "warc_file": f"EUREPORTER-{at[:10]}-00000.warc.gz",
        "warc_record_id": f"<urn:uuid:00000000-0000-0000-0000-{n:012d}>",
        "warc_offset": 1000 * n,
        "fetched_at": at,
        "crawl_id": crawl_id,
    }


@pytest.fixture
def store(db_url: str) -> Any:
    with ArticleStore(db_url) as opened:
        yield opened


def rows(store: ArticleStore, table: Table = articles) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(table).order_by(*table.primary_key.columns)).mappings()]


# -- schema ----------------------------------------------------------------------------------------------------------


def test_declares_schema_up_front(store: ArticleStore) -> None:
    inspector = inspect(store.engine)
    assert {"articles", "article_versions", "crawls", "schema_info"} <= set(inspector.get_table_names())
    columns = {c["name"]: c for c in inspector.get_columns("articles")}
    for name in (
        "url",
        "canonical_url",
        "language",
        "title",
        "author",
        "published_at",
        "modified_at",
        "categories",
        "tags",
        "text",
        "content_hash",
        "first_seen_at",
        "last_seen_at",
        "warc_file",
        "warc_record_id",
        "warc_offset",
        "article_key",
        "version",
        "crawl_id",
        "images",
        "translations",
    ):
        assert name in columns, name
    if store.engine.dialect.name == "postgresql":
        assert columns["published_at"]["type"].timezone is True
        assert type(columns["categories"]["type"]).__name__ == "JSONB"
    indexes = {ix["name"]: ix for ix in inspector.get_indexes("articles")}
    assert indexes["ux_articles_url"]["unique"]
    assert indexes["ux_articles_url"]["column_names"] == ["url"]
    for column in ("published_at", "language", "article_key"):
        assert indexes[f"ix_articles_{column}"]["column_names"] == [column]
    assert {c["name"] for c in inspector.get_columns("crawls")} >= {
        "started_at",
        "finished_at",
        "status",
        "finish_reason",
        "options",
        "stats",
        "pages",
        "articles_new",
        "articles_updated",
        "articles_unchanged",
        "errors",
        "bytes",
        "hostname",
        "pid",
    }
    with store.engine.connect() as conn:
        assert conn.execute(select(func.max(schema_info.c.version))).scalar() == SCHEMA_VERSION


def test_reopening_keeps_rows_and_schema(db_url: str) -> None:
    with ArticleStore(db_url) as store:
        store.add(make_article(1), **provenance(1))
    with ArticleStore(db_url) as store:
        assert [r["url"] for r in rows(store)] == [make_article(1)["url"]]
        assert len(rows(store, schema_info)) == 1


# -- writing ---------------------------------------------------------------------------------------------------------


def test_new_article_is_stored_with_types_and_provenance(store: ArticleStore) -> None:
    crawl_id = store.begin_crawl({"site": "https://www.eureporter.co"})
    store.add(make_article(1, language="fr"), **provenance(1, crawl_id=crawl_id))
    assert store.flush() == [("https://fr.eureporter.co/world/eu/2024/10/03/story-1/", "new")]
    [row] = rows(store)
    assert row["published_at"] == datetime(2024, 10, 3, 7, 15, tzinfo=UTC)  # +02:00 converted to UTC
    assert row["published_at"].utcoffset().total_seconds() == 0
    assert row["modified_at"] == datetime(2024, 10, 3, tzinfo=UTC)  # a date alone: midnight UTC
    assert row["categories"] == ["World", "EU"]
    assert row["tags"] == ["farming", "trade"]
    assert row["images"] == make_article(1)["images"]
    assert row["translations"]["fr"] == row["url"]
    assert row["article_key"] == "/world/eu/2024/10/03/story-1"
    assert row["word_count"] == 7  # counted from the text when extraction gives 0
    assert row["content_hash"] == content_hash(row["title"], row["text"])
    assert len(row["content_hash"]) == 64
    assert (row["version"], row["crawl_id"], row["last_seen_crawl_id"]) == (1, crawl_id, crawl_id)
    assert row["first_seen_at"] == row["last_seen_at"] == row["fetched_at"] == datetime(2024, 10, 4, 8, tzinfo=UTC)
    assert row["warc_file"] == "EUREPORTER-2024-10-04-00000.warc.gz"
    assert row["warc_record_id"] == "<urn:uuid:00000000-0000-0000-0000-000000000001>"
    assert row["warc_offset"] == 1000


def test_editions_share_the_article_key(store: ArticleStore) -> None:
    for language in ("en", "fr", "de"):
        store.add(make_article(7, language=language), **provenance(7))
    store.flush()
    assert {r["language"]: r["article_key"] for r in rows(store)} == dict.fromkeys(
        ("en", "fr", "de"), "/world/eu/2024/10/03/story-7"
    )


def test_unchanged_article_only_moves_last_seen(store: ArticleStore) -> None:
    store.add(make_article(1), **provenance(1, T1))
    store.flush()
    before = rows(store)[0]
    # Same content, captured again later (another record): whitespace differences do not count as a change.
    again = make_article(1, text="First  paragraph of story 1.\n\n  Second paragraph. ")
    store.add(again, **provenance(2, T2))
    assert store.flush() == [(again["url"], "unchanged")]
    after = rows(store)[0]
    assert after["last_seen_at"] == datetime(2024, 10, 5, 8, tzinfo=UTC)
    assert {k: v for k, v in after.items() if k != "last_seen_at"} == {
        k: v for k, v in before.items() if k != "last_seen_at"
    }
    assert rows(store, article_versions) == []


def test_changed_text_keeps_the_earlier_state_as_a_version(store: ArticleStore) -> None:
    first = store.begin_crawl({})
    store.add(make_article(1), **provenance(1, T1, first))
    store.flush()
    original = rows(store)[0]
    second = store.begin_crawl({})
    store.add(make_article(1, text="Rewritten paragraph."), **provenance(2, T2, second))
    assert store.flush() == [(original["url"], "updated")]
    [row] = rows(store)
    assert (row["text"], row["version"], row["crawl_id"]) == ("Rewritten paragraph.", 2, second)
    assert row["warc_record_id"].endswith("000000000002>")
    assert row["first_seen_at"] == original["first_seen_at"]
    assert row["fetched_at"] == row["last_seen_at"] == datetime(2024, 10, 5, 8, tzinfo=UTC)
    [version] = rows(store, article_versions)
    assert version["article_id"] == row["id"]
    assert (version["url"], version["version"], version["text"]) == (row["url"], 1, original["text"])
    for name in (
        "content_hash",
        "title",
        "published_at",
        "categories",
        "images",
        "warc_file",
        "warc_record_id",
        "warc_offset",
        "fetched_at",
        "crawl_id",
    ):
        assert version[name] == original[name], name
    assert version["superseded_at"] == datetime(2024, 10, 5, 8, tzinfo=UTC)
    assert version["superseded_by_crawl_id"] == second


def test_adding_twice_is_idempotent_within_and_across_batches(store: ArticleStore) -> None:
    article = make_article(1)
    store.add(article, **provenance(1))
    store.add(article, **provenance(1))
    assert store.flush() == [(article["url"], "new"), (article["url"], "unchanged")]
    store.add(article, **provenance(1))
    assert store.flush() == [(article["url"], "unchanged")]
    assert len(rows(store)) == 1
    assert rows(store)[0]["version"] == 1
    assert rows(store, article_versions) == []


def test_two_states_of_one_url_in_one_batch(store: ArticleStore) -> None:
    store.add(make_article(1), **provenance(1, T1))
    store.add(make_article(1, text="Edited."), **provenance(2, T2))
    store.add(make_article(2), **provenance(3, T2))
    url = make_article(1)["url"]
    assert store.flush() == [(url, "new"), (url, "updated"), (make_article(2)["url"], "new")]
    assert [(r["text"], r["version"]) for r in rows(store)] == [("Edited.", 2), (make_article(2)["text"], 1)]
    assert [v["version"] for v in rows(store, article_versions)] == [1]


def test_older_capture_does_not_overwrite_newer(store: ArticleStore) -> None:
    store.add(make_article(1, text="Newer text."), **provenance(2, T2))
    store.flush()
    store.add(make_article(1, text="Older text."), **provenance(1, T1))
    assert store.flush() == [(make_article(1)["url"], "unchanged")]
    [row] = rows(store)
    assert (row["text"], row["version"]) == ("Newer text.", 1)
    assert row["first_seen_at"] == datetime(2024, 10, 4, 8, tzinfo=UTC)
    assert row["last_seen_at"] == datetime(2024, 10, 5, 8, tzinfo=UTC)
    assert rows(store, article_versions) == []


def test_metadata_change_refreshes_the_row_in_place(store: ArticleStore) -> None:
    store.add(make_article(1), **provenance(1, T1))
    store.flush()
    store.add(
        make_article(1, tags=["farming", "trade", "tariffs"], modified_at="2024-10-05T10:00:00+02:00"),
        **provenance(2, T2),
    )
    assert store.flush() == [(make_article(1)["url"], "unchanged")]
    [row] = rows(store)
    assert row["tags"] == ["farming", "trade", "tariffs"]
    assert row["modified_at"] == datetime(2024, 10, 5, 8, tzinfo=UTC)
    assert row["version"] == 1
    assert row["warc_record_id"].endswith("000000000002>")  # the row is what that record holds
    assert rows(store, article_versions) == []


def test_flushes_when_the_batch_is_full_and_on_close(db_url: str) -> None:
    store = ArticleStore(db_url, batch_size=3)
    assert store.add(make_article(1), **provenance(1)) == []
    assert store.add(make_article(2), **provenance(2)) == []
    assert rows(store) == []
    assert [o for _u, o in store.add(make_article(3), **provenance(3))] == ["new"] * 3
    store.add(make_article(4), **provenance(4))
    assert store.close() == [(make_article(4)["url"], "new")]
    assert store.counts == Counter(new=4)
    assert len(dataset.connect(str(database_url(db_url)))["articles"]) == 4  # read back with dataset too
    with pytest.raises(StoreError, match="closed"):
        store.add(make_article(5), **provenance(5))


def test_accepts_an_article_object(store: ArticleStore) -> None:
    from crawler.items import Article, Image

    article = Article(
        url="https://www.eureporter.co/a/",
        title="T",
        text="One two.",
        language="en",
        images=[Image(url="https://www.eureporter.co/a.jpg", lead=True)],
        categories=["EU"],
    )
    store.add(article, **provenance(1))
    assert store.flush() == [(article.url, "new")]
    [row] = rows(store)
    assert row["images"] == [{"url": "https://www.eureporter.co/a.jpg", "caption": None, "credit": None, "lead": True}]
    assert (row["word_count"], row["categories"], row["tags"], row["published_at"]) == (2, ["EU"], [], None)


def test_text_is_stored_verbatim(store: ArticleStore) -> None:
    article = make_article(1, text=UNICODE_TEXT, title="Кто? 'quoted' \"twice\" ; --", author="O'Brien \\ 李")
    store.add(article, **provenance(1))
    store.add(make_article(2, text="NUL\x00removed"), **provenance(2))
    store.flush()
    first, second = rows(store)
    assert (first["text"], first["title"], first["author"]) == (article["text"], article["title"], article["author"])
    assert second["text"] == "NULremoved"  # PostgreSQL cannot store NUL: removed on both databases alike
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(articles)).scalar() == 2


def test_known_gives_modified_at_and_hash(store: ArticleStore) -> None:
    store.add(make_article(1), **provenance(1))
    store.flush()
    url = make_article(1)["url"]
    assert store.known([url, "https://www.eureporter.co/missing/"]) == {
        url: (datetime(2024, 10, 3, tzinfo=UTC), rows(store)[0]["content_hash"])
    }
    assert store.has(url)
    assert not store.has("https://www.eureporter.co/missing/")


# -- crawls ----------------------------------------------------------------------------------------------------------


def test_crawl_runs_are_recorded(store: ArticleStore) -> None:
    crawl_id = store.begin_crawl({"site": "https://www.eureporter.co", "since": None, "languages": ["en", "fr"]})
    assert store.latest_crawl() is None
    running = store.latest_crawl(status=None)
    assert running is not None
    assert (running["id"], running["status"], running["pid"]) == (crawl_id, "running", os.getpid())
    assert running["options"]["languages"] == ["en", "fr"]
    store.add(make_article(1), **provenance(1, T1, crawl_id))
    store.add(make_article(2), **provenance(2, T1, crawl_id))
    store.flush()
    store.add(make_article(1, text="Edited."), **provenance(3, T2, crawl_id))
    store.add(make_article(2), **provenance(4, T2, crawl_id))
    stats = {
        "response_received_count": 12,
        "downloader/response_bytes": 34567,
        "log_count/ERROR": 1,
        "start_time": datetime(2024, 10, 4, 8, tzinfo=UTC),
        "finish_reason": "finished",
    }
    store.end_crawl(crawl_id, status="finished", finish_reason="finished", stats=stats)  # flushes first
    crawl = store.latest_crawl()
    assert crawl is not None
    assert crawl["id"] == crawl_id
    assert (crawl["status"], crawl["finish_reason"]) == ("finished", "finished")
    assert (crawl["pages"], crawl["bytes"], crawl["errors"]) == (12, 34567, 1)
    assert (crawl["articles_new"], crawl["articles_updated"], crawl["articles_unchanged"]) == (2, 1, 1)
    assert crawl["stats"]["start_time"] == "2024-10-04T08:00:00+00:00"
    assert crawl["finished_at"] >= crawl["started_at"]
    assert crawl["started_at"].tzinfo is not None


# -- upgrades --------------------------------------------------------------------------------------------------------


def _create_version_1(url: str) -> None:
    """The dataset as schema version 1 made it: the contract's columns only, no schema_info table."""
    meta = MetaData()
    stamp = DateTime(timezone=True)
    old_articles = Table(
        "articles",
        meta,
        Column("id", Integer, primary_key=True),
        *(Column(n, Text) for n in ("url", "canonical_url", "language", "title", "author")),
        Column("published_at", stamp),
        Column("modified_at", stamp),
        Column("categories", JSON),
        Column("tags", JSON),
        Column("text", Text),
        Column("content_hash", Text),
        Column("first_seen_at", stamp),
        Column("last_seen_at", stamp),
        Column("fetched_at", stamp),
        Column("version", Integer),
        Column("warc_file", Text),
        Column("warc_record_id", Text),
        Column("warc_offset", Integer),
        Column("crawl_id", Integer),
    )
    from sqlalchemy import Index

    Index("ux_articles_url", old_articles.c.url, unique=True)
    Table(
        "article_versions",
        meta,
        Column("id", Integer, primary_key=True),
        Column("article_id", Integer),
        Column("url", Text),
        Column("version", Integer),
        Column("title", Text),
        Column("text", Text),
        Column("content_hash", Text),
        Column("superseded_at", stamp),
    )
    old_crawls = Table(
        "crawls",
        meta,
        Column("id", Integer, primary_key=True),
        Column("started_at", stamp),
        Column("finished_at", stamp),
        Column("status", Text),
        Column("finish_reason", Text),
        Column("options", JSON),
        Column("stats", JSON),
    )
    engine = create_engine(database_url(url))
    meta.create_all(engine)
    when = datetime(2024, 10, 4, 8, tzinfo=UTC)
    article = make_article(1)
    with engine.begin() as conn:
        conn.execute(
            old_articles.insert(),
            {
                "url": article["url"],
                "canonical_url": article["canonical_url"],
                "language": "en",
                "title": article["title"],
                "text": article["text"],
                "categories": ["World"],
                "tags": [],
                "content_hash": content_hash(article["title"], article["text"]),
                "first_seen_at": when,
                "last_seen_at": when,
                "fetched_at": when,
                "version": 1,
                "warc_file": "old.warc.gz",
                "warc_record_id": "<urn:uuid:old>",
                "warc_offset": 0,
                "crawl_id": 1,
            },
        )
        conn.execute(old_crawls.insert(), {"started_at": when, "status": "finished", "stats": {"pages": 3}})
    engine.dispose()


def test_upgrades_a_version_1_database(db_url: str) -> None:
    _create_version_1(db_url)
    with ArticleStore(db_url) as store:
        inspector = inspect(store.engine)
        for table in (articles, article_versions, crawls, listings):
            present = {c["name"] for c in inspector.get_columns(table.name)}
            assert set(table.c.keys()) <= present, table.name
            assert {ix.name for ix in table.indexes} <= {ix["name"] for ix in inspector.get_indexes(table.name)}
        [row] = rows(store)
        assert row["warc_record_id"] == "<urn:uuid:old>"  # the row survived
        assert row["article_key"] == "/world/eu/2024/10/03/story-1"  # and was given its join key
        assert row["edition"] == "en"  # and its edition
        assert rows(store, crawls)[0]["articles_new"] == 0
        assert [(r["version"], r["description"].split(",")[0]) for r in rows(store, schema_info)] == [
            (2, "article_key"),
            (3, "edition"),
        ]
        # The upgraded row takes part in the write semantics like any other.
        store.add(make_article(1), **provenance(2, T2))
        assert store.flush() == [(row["url"], "unchanged")]
        store.add(make_article(1, text="Edited."), **provenance(3, T3))
        assert store.flush() == [(row["url"], "updated")]
        [version] = rows(store, article_versions)
        assert version["version"] == 1
        assert version["warc_record_id"].endswith("000000000002>")  # the refreshed row was superseded
    with ArticleStore(db_url) as store:  # opening again upgrades nothing
        assert len(rows(store, schema_info)) == 2


def test_refuses_a_newer_schema(db_url: str) -> None:
    with ArticleStore(db_url) as store, store.engine.begin() as conn:
        conn.execute(schema_info.insert(), {"version": 99, "applied_at": datetime.now(UTC), "description": "future"})
    with pytest.raises(StoreError, match="schema version 99, newer than this software"):
        ArticleStore(db_url)


# -- failures --------------------------------------------------------------------------------------------------------


def _one_line(exc: pytest.ExceptionInfo[StoreError]) -> str:
    message = str(exc.value)
    assert "\n" not in message
    return message


def test_unreachable_postgresql_is_a_one_line_error_without_password() -> None:
    with pytest.raises(StoreError) as exc:
        ArticleStore("postgresql://crawler:s3cret@127.0.0.1:1/eureporter")
    message = _one_line(exc)
    assert "postgresql://crawler:***@127.0.0.1:1/eureporter" in message
    assert "s3cret" not in message
    assert "Check that the PostgreSQL server is running" in message


def test_postgresql_urls_use_psycopg_3(pg_db_url: str) -> None:
    assert database_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert database_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    plain = pg_db_url.replace("postgresql+psycopg://", "postgresql://")
    with ArticleStore(plain) as store:
        store.add(make_article(1), **provenance(1))
    assert store.counts == Counter(new=1)


def test_missing_postgresql_database(postgres_url: str) -> None:
    with pytest.raises(StoreError, match="does not exist. Create the database"):
        ArticleStore(postgres_url.rsplit("/", 1)[0] + "/no_such_db")


def test_sqlite_in_a_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as exc:
        ArticleStore(f"sqlite:///{tmp_path}/missing/eureporter.db")
    assert f"directory {tmp_path}/missing does not exist" in _one_line(exc)
    assert not (tmp_path / "missing").exists()


def test_sqlite_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"These are notes, not a database.\n" * 200)
    with pytest.raises(StoreError) as exc:
        ArticleStore(f"sqlite:///{path}")
    message = _one_line(exc)
    assert str(path) in message
    assert "not a SQLite database" in message
    assert path.read_bytes().startswith(b"These are notes")


def test_read_only_sqlite_database(tmp_path: Path) -> None:
    path = tmp_path / "eureporter.db"
    sqlite3.connect(path).close()
    with pytest.raises(StoreError) as exc:
        ArticleStore(f"sqlite:///file:{path}?mode=ro&uri=true")
    assert "Make the file and its directory writable" in _one_line(exc)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories anyway")
def test_sqlite_in_a_read_only_directory(tmp_path: Path) -> None:
    directory = tmp_path / "ro"
    directory.mkdir()
    directory.chmod(0o555)
    try:
        with pytest.raises(StoreError, match="writable"):
            ArticleStore(f"sqlite:///{directory}/eureporter.db")
    finally:
        directory.chmod(0o755)


def test_failure_mid_flush_rolls_back_and_keeps_the_batch(store: ArticleStore, monkeypatch: pytest.MonkeyPatch) -> None:
    crawl_id = store.begin_crawl({})
    for n in range(5):
        store.add(make_article(n), **provenance(n, crawl_id=crawl_id))

    def broken(*_args: object) -> None:  # fails after every article of the batch was written
        raise OperationalError("UPDATE crawls …", {}, Exception("disk I/O error"))

    monkeypatch.setattr(store, "_count_in_crawls", broken)
    with pytest.raises(StoreError) as exc:
        store.flush()
    assert "writing 5 articles failed: disk I/O error" in _one_line(exc)
    assert "eureporter reprocess" in str(exc.value)
    assert rows(store) == []  # one transaction: nothing half-written
    monkeypatch.undo()
    assert [o for _u, o in store.flush()] == ["new"] * 5
    assert len(rows(store)) == 5


def test_database_gone_mid_crawl_raises_store_error(db_url: str) -> None:
    store = ArticleStore(db_url, batch_size=2)
    store.add(make_article(1), **provenance(1))
    with store.engine.begin() as conn:
        conn.execute(text("ALTER TABLE articles RENAME TO articles_elsewhere"))
    with pytest.raises(StoreError, match="writing 2 articles failed"):
        store.add(make_article(2), **provenance(2))
    assert store.add(make_article(3), **provenance(3)) == []  # no new attempt on every add: the batch waits
    with pytest.raises(StoreError, match="writing 4 articles failed"):
        store.add(make_article(4), **provenance(4))
    with store.engine.begin() as conn:
        conn.execute(text("ALTER TABLE articles_elsewhere RENAME TO articles"))
    assert [o for _u, o in store.close()] == ["new"] * 4


# -- concurrency -----------------------------------------------------------------------------------------------------


def _writer(url: str, numbers: list[int], seed: int, barrier: Any, results: Any) -> None:
    """One crawl process: every article as first seen, then every article edited, in its own random order. Both
    processes open the empty database at once, so both race to create the tables too."""
    rng = random.Random(seed)
    try:
        barrier.wait(timeout=60)
        store = ArticleStore(url, batch_size=20)
        crawl_id = store.begin_crawl({"seed": seed})
        outcomes: Counter[str] = Counter()
        for at, edited in ((T1, False), (T2, True)):
            rng.shuffle(numbers)
            for n in numbers:
                article = make_article(n, text=f"Edited story {n}." if edited else None)
                outcomes.update(o for _u, o in store.add(article, **provenance(n, at, crawl_id)))
        outcomes.update(o for _u, o in store.close())
    except Exception as exc:  # reported by the test at once, rather than as a timeout
        results.put(f"writer {seed} failed: {exc!r}")
        raise
    results.put(dict(outcomes))


@pytest.mark.slow
def test_two_processes_writing_the_same_urls(db_url: str) -> None:
    spawn = multiprocessing.get_context("spawn")
    barrier = spawn.Barrier(2)
    results = spawn.Queue()
    workers = [
        spawn.Process(target=_writer, args=(db_url, list(range(0, 200)), 1, barrier, results)),
        spawn.Process(target=_writer, args=(db_url, list(range(100, 300)), 2, barrier, results)),
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    assert all(isinstance(o, dict) for o in outcomes), outcomes
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    total = sum((Counter(o) for o in outcomes), Counter())
    # Each URL is new exactly once and edited exactly once, whichever process got there first.
    assert total == Counter(new=300, updated=300, unchanged=200)
    with ArticleStore(db_url) as store:
        stored = rows(store)
        assert len(stored) == len({r["url"] for r in stored}) == 300
        assert {(r["version"], r["text"].startswith("Edited")) for r in stored} == {(2, True)}
        versions = rows(store, article_versions)
        assert sorted((v["article_id"], v["version"]) for v in versions) == sorted((r["id"], 1) for r in stored)
        assert len(rows(store, schema_info)) == 1  # the tables were created once
        figures = rows(store, crawls)
        assert sum(c["articles_new"] for c in figures) == 300
        assert sum(c["articles_updated"] for c in figures) == 300


def test_sqlite_file_deleted_while_in_use_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "gone" / "eureporter.db"
    path.parent.mkdir()
    store = ArticleStore(f"sqlite:///{path}", batch_size=1000)
    crawl = store.begin_crawl({})
    store.add({"url": "https://www.eureporter.co/a/2024/01/01/x/", "title": "T", "text": "Body."}, crawl_id=crawl)
    store.flush()
    for leftover in path.parent.iterdir():
        leftover.unlink()
    path.parent.rmdir()
    store.add({"url": "https://www.eureporter.co/a/2024/01/01/y/", "title": "T", "text": "Body."}, crawl_id=crawl)
    with pytest.raises(StoreError, match="deleted or replaced while in use"):
        store.flush()


# -- schema 3: editions, validators, touches, revisits, listing coverage, lost originals, killed runs ---------------


def test_rows_carry_edition_reader_and_http_validators(store: ArticleStore) -> None:
    store.add(make_article(1, reader="zox"), **provenance(1), http_etag='"abc"', http_last_modified="Sat, 05 Oct")
    store.add(make_article(1, language="fr", reader="fallback"), **provenance(2))
    store.flush()
    by_edition = {r["edition"]: r for r in rows(store)}
    english, french = by_edition["en"], by_edition["fr"]
    assert (english["edition"], english["reader"], english["http_etag"]) == ("en", "zox", '"abc"')
    assert english["http_last_modified"] == "Sat, 05 Oct"
    assert (french["edition"], french["reader"], french["http_etag"]) == ("fr", "fallback", None)


def test_touch_confirms_a_row_without_changing_it(store: ArticleStore) -> None:
    crawl_id = store.begin_crawl()
    store.add(make_article(1), **provenance(1, T1))
    store.flush()
    before = rows(store)[0]
    store.touch(before["url"], seen_at=T3, crawl_id=crawl_id)
    store.touch("https://www.eureporter.co/world/eu/2024/10/03/never-stored/", seen_at=T3, crawl_id=crawl_id)
    assert store.flush() == [(before["url"], "unchanged")]
    after = rows(store)[0]
    assert after["last_seen_at"] == datetime.fromisoformat(T3)
    assert after["last_seen_crawl_id"] == crawl_id
    assert {k: v for k, v in after.items() if "seen" not in k} == {k: v for k, v in before.items() if "seen" not in k}
    assert rows(store, crawls)[0]["articles_unchanged"] == 1


def test_revisit_candidates_are_young_or_stale_english_rows(store: ArticleStore) -> None:
    store.add(make_article(1, published_at="2024-10-03T09:00:00Z"), **provenance(1, T1))  # young
    store.add(make_article(2, published_at="2020-01-01T09:00:00Z"), **provenance(2, T1))  # old, seen long ago
    store.add(make_article(3, published_at="2020-01-01T09:00:00Z"), **provenance(3, T3))  # old, seen recently
    store.add(make_article(1, language="fr", published_at="2024-10-03T09:00:00Z"), **provenance(4, T1))
    store.flush()
    found = store.revisit_candidates(
        published_after=datetime(2024, 9, 1, tzinfo=UTC), stale_before=datetime.fromisoformat(T2), limit=10
    )
    assert sorted(r["url"].split("/")[-2] for r in found) == ["story-1", "story-2"]
    assert all(r["url"].startswith("https://www.") for r in found)


def test_listing_coverage_is_upserted(store: ArticleStore) -> None:
    url = "https://www.eureporter.co/category/politics/"
    store.save_listing_coverage(
        [
            {
                "url": url,
                "newest_day": date(2024, 10, 3),
                "oldest_day": date(2024, 9, 1),
                "pages": 4,
                "reached_end": False,
            }
        ]
    )
    store.save_listing_coverage(
        [
            {
                "url": url,
                "newest_day": date(2024, 10, 5),
                "oldest_day": date(2014, 2, 25),
                "pages": 90,
                "reached_end": True,
            }
        ]
    )
    [row] = store.listing_coverage([url, "https://www.eureporter.co/"]).values()
    assert (row["newest_day"], row["oldest_day"], row["pages"], row["reached_end"]) == (
        date(2024, 10, 5),
        date(2014, 2, 25),
        90,
        True,
    )


def test_rows_whose_record_was_lost_are_marked_and_healed_by_a_new_capture(store: ArticleStore) -> None:
    for n in (1, 2, 3):
        store.add(make_article(n), **provenance(n, T1))  # offsets 1000, 2000, 3000 in one file
    store.add(make_article(4), **{**provenance(4, T1), "warc_file": "QUARANTINED.warc.gz"})
    store.flush()
    name = provenance(1, T1)["warc_file"]
    assert store.mark_unarchived({name: 2000}, ["QUARANTINED.warc.gz"]) == 3
    assert [r["archive_status"] for r in rows(store)] == [None, "missing", "missing", "missing"]
    # The same content captured again: the row takes the new original and is whole again (no new version).
    store.add(make_article(2), **provenance(9, T2))
    assert store.flush() == [(make_article(2)["url"], "unchanged")]
    healed = rows(store)[1]
    assert (healed["archive_status"], healed["warc_offset"], healed["version"]) == (None, 9000, 1)


def test_runs_whose_process_died_are_marked_killed(store: ArticleStore) -> None:
    mine, other_host, fresh_other = store.begin_crawl(), store.begin_crawl(), store.begin_crawl()
    with store.engine.begin() as conn:
        old = datetime.now(UTC) - timedelta(hours=2)
        conn.execute(crawls.update().where(crawls.c.id == other_host).values(hostname="elsewhere", updated_at=old))
        conn.execute(crawls.update().where(crawls.c.id == fresh_other).values(hostname="elsewhere"))
    store.update_crawl(mine, {"response_received_count": 42})

    def alive(host: str, pid: int) -> bool | None:
        return False if host != "elsewhere" else None

    assert sorted(store.close_abandoned_crawls(is_alive=alive, stale_after=3600)) == sorted([mine, other_host])
    by_id = {r["id"]: r for r in rows(store, crawls)}
    assert (by_id[mine]["status"], by_id[mine]["finish_reason"], by_id[mine]["pages"]) == ("killed", "killed", 42)
    assert by_id[other_host]["status"] == "killed"
    assert by_id[fresh_other]["status"] == "running"


def test_upgrades_a_version_2_database(db_url: str) -> None:
    with ArticleStore(db_url) as store:
        store.add(make_article(1, language="fr"), **provenance(1))
        store.flush()
        with store.engine.begin() as conn:
            conn.execute(schema_info.delete().where(schema_info.c.version == 3))
            for column in ("edition", "reader", "http_etag", "http_last_modified", "archive_status"):
                conn.execute(text(f"UPDATE articles SET {column} = NULL"))
            conn.execute(text("DROP TABLE listings"))
    with ArticleStore(db_url) as store:
        assert rows(store)[0]["edition"] == "fr"
        assert store.listing_coverage(["https://www.eureporter.co/"]) == {}
        assert max(r["version"] for r in rows(store, schema_info)) == SCHEMA_VERSION == 3
