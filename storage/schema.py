"""The dataset's tables, declared up front with explicit types, and the upgrades between schema versions."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    UnicodeText,
    bindparam,
    false,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from sqlalchemy import Connection
    from sqlalchemy.engine import Dialect

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 3
"""The version this code writes. 1: the contract's first shape; 2: article_key, metadata_hash, images, translations,
description, word_count, category_path, last_seen_crawl_id, version provenance, first-class crawl figures; 3: edition,
reader, HTTP validators, the site's time of the capture and archive_status on articles, the listings table (how deep
pagination was walked)."""


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always returned time-zone aware (UTC).

    PostgreSQL keeps it as `timestamp with time zone`. SQLite has no time zone type and SQLAlchemy's SQLite DATETIME
    silently drops the offset, so values are converted to UTC before they are written and tagged UTC when read.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: pass a time-zone aware value (UTC)")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# JSON documents: jsonb on PostgreSQL (indexable, compact), JSON text on SQLite. None is SQL NULL, not JSON null.
JsonColumn = JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")
# SQLite only makes an INTEGER PRIMARY KEY an auto-incrementing rowid alias; BIGINT there would not autoincrement.
Id = BigInteger().with_variant(Integer(), "sqlite")

metadata = MetaData()

# The columns an article edition's content is made of: extracted from the page (or derived from what was).
# article_versions keeps a copy of each of them for every superseded state.
CONTENT_COLUMNS: tuple[Column[Any], ...] = (
    Column("canonical_url", UnicodeText),
    Column("article_key", UnicodeText),
    Column("language", Text),
    Column("title", UnicodeText),
    Column("author", UnicodeText),
    Column("published_at", UTCDateTime),
    Column("modified_at", UTCDateTime),
    Column("categories", JsonColumn),
    Column("category_path", UnicodeText),
    Column("tags", JsonColumn),
    Column("text", UnicodeText),
    Column("description", UnicodeText),
    Column("images", JsonColumn),
    Column("translations", JsonColumn),
    Column("word_count", Integer),
    Column("reader", Text),
    Column("content_hash", Text),
    Column("metadata_hash", Text),
)

# Where a state came from: the capture time and the WARC response record it was extracted from.
PROVENANCE_COLUMNS: tuple[Column[Any], ...] = (
    Column("fetched_at", UTCDateTime),
    Column("warc_file", UnicodeText),
    Column("warc_record_id", Text),
    Column("warc_offset", BigInteger),
    Column("http_etag", UnicodeText),
    Column("http_last_modified", UnicodeText),
    # The site's own time of the capture (its Date header): revisit ages are judged on the site's clock.
    Column("site_seen_at", UTCDateTime),
)


def _copies(columns: tuple[Column[Any], ...]) -> list[Column[Any]]:
    return [Column(c.name, c.type) for c in columns]


articles = Table(
    "articles",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("url", UnicodeText, nullable=False),
    Column("edition", Text),
    *_copies(CONTENT_COLUMNS),
    Column("version", Integer, nullable=False, default=1),
    Column("first_seen_at", UTCDateTime),
    Column("last_seen_at", UTCDateTime),
    *_copies(PROVENANCE_COLUMNS),
    Column("crawl_id", BigInteger),
    Column("last_seen_crawl_id", BigInteger),
    Column("archive_status", Text),
    Index("ux_articles_url", "url", unique=True),
    Index("ix_articles_published_at", "published_at"),
    Index("ix_articles_language", "language"),
    Index("ix_articles_article_key", "article_key"),
    Index("ix_articles_edition_last_seen_at", "edition", "last_seen_at"),
)

article_versions = Table(
    "article_versions",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("article_id", Id, ForeignKey("articles.id"), nullable=False),
    Column("url", UnicodeText, nullable=False),
    Column("version", Integer, nullable=False),
    *_copies(CONTENT_COLUMNS),
    *_copies(PROVENANCE_COLUMNS),
    Column("last_seen_at", UTCDateTime),
    Column("superseded_at", UTCDateTime),
    Column("crawl_id", BigInteger),
    Column("superseded_by_crawl_id", BigInteger),
    Index("ux_article_versions_article_id_version", "article_id", "version", unique=True),
    Index("ix_article_versions_url", "url"),
)

CRAWL_FIGURES = ("pages", "articles_new", "articles_updated", "articles_unchanged", "errors", "bytes")
"""The crawls table's first-class numeric columns."""

crawls = Table(
    "crawls",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("started_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime),
    Column("updated_at", UTCDateTime),
    Column("status", Text, nullable=False),
    Column("finish_reason", Text),
    Column("options", JsonColumn),
    Column("stats", JsonColumn),
    *(Column(name, BigInteger, nullable=False, default=0, server_default="0") for name in CRAWL_FIGURES),
    Column("hostname", UnicodeText),
    Column("pid", Integer),
    Index("ix_crawls_started_at", "started_at"),
)

listings = Table(
    "listings",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("url", UnicodeText, nullable=False),
    Column("newest_day", Date),
    Column("oldest_day", Date),
    Column("pages", Integer, nullable=False, default=0, server_default="0"),
    Column("reached_end", Boolean, nullable=False, default=False, server_default=false()),
    Column("walked_at", UTCDateTime),
    Column("crawl_id", BigInteger),
    Index("ux_listings_url", "url", unique=True),
)
"""What pagination has covered, per archive (home, category): walks that started at page 1 reached back to posts of
oldest_day (pages deep), and reached_end says one of them saw the archive's last page. An incremental crawl trusts
"every article here is stored, stop paging" only inside what these walks covered."""

schema_info = Table(
    "schema_info",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("applied_at", UTCDateTime, nullable=False),
    Column("description", UnicodeText),
)


def article_key(url: str | None, canonical_url: str | None, translations: Mapping[str, str] | None) -> str | None:
    """The cross-language join key: the path of the English edition's URL.

    The English URL is the hreflang "en" alternate when the page lists one, else `<link rel=canonical>` (EU Reporter's
    translated editions point it at the www. English page), else "x-default", else the page's own URL. Only the path
    is kept, without its trailing slash, so captures of the site under another host (a replica) join the same way.
    """
    translations = translations or {}
    for candidate in (translations.get("en"), canonical_url, translations.get("x-default"), url):
        if candidate:
            path = urlsplit(candidate).path.rstrip("/")
            return path or "/"
    return None


_EDITION_LABEL = re.compile(r"^[a-z]{2,3}(?:-[a-z]{2,4})?$")


def edition_of(url: str) -> str:
    """The edition a URL belongs to: the language label of its host (fr.eureporter.co -> "fr"), else "en" (www., the
    bare domain, an IP address). The crawl fetches only advertised editions, so any such label is one."""
    host = (urlsplit(url).hostname or "").lower()
    labels = host.split(".")
    if len(labels) >= 3 and labels[0] != "www" and _EDITION_LABEL.match(labels[0]) and not labels[-1].isdigit():
        return labels[0]
    return "en"


def current_version(conn: Connection) -> int:
    """0 for an empty database; 1 for a dataset made before schema_info existed."""
    names = set(inspect(conn).get_table_names())
    if "schema_info" in names:
        found = conn.execute(select(schema_info.c.version).order_by(schema_info.c.version.desc()).limit(1)).scalar()
        if found is not None:
            return int(found)
    return 1 if "articles" in names else 0


def ensure_schema(conn: Connection, *, create: bool = True) -> int:
    """Create the tables (empty database) or upgrade them to SCHEMA_VERSION; returns the version found.

    Runs inside the caller's transaction. On PostgreSQL an advisory lock serialises processes that open the same
    database at once (DDL is transactional there); on SQLite the caller's BEGIN IMMEDIATE does.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(7265746)"))  # any constant shared by all eureporter processes
    found = current_version(conn)
    if found > SCHEMA_VERSION:
        raise SchemaTooNew(found)
    if found == 0 and not create:
        raise SchemaMissing
    if found == SCHEMA_VERSION:
        return found
    if found == 0:
        metadata.create_all(conn)
        _record(conn, SCHEMA_VERSION, "created")
        logger.info("Created the dataset tables (schema version %d)", SCHEMA_VERSION)
        return found
    metadata.create_all(conn)  # tables the old version did not have (schema_info at least), in their current shape
    for version in range(found + 1, SCHEMA_VERSION + 1):
        step = UPGRADES[version]
        step(conn)
        _record(conn, version, step.__doc__)
        logger.info("Upgraded the dataset schema to version %d", version)
    return found


class SchemaTooNew(Exception):
    def __init__(self, version: int) -> None:
        super().__init__(version)
        self.version = version


class SchemaMissing(Exception):
    pass


def _record(conn: Connection, version: int, description: str | None) -> None:
    description = " ".join((description or "").split())
    row = {"version": version, "applied_at": datetime.now(UTC), "description": description}
    conn.execute(schema_info.insert(), row)


def _add_missing_columns(conn: Connection, table: Table, names: tuple[str, ...]) -> None:
    present = {c["name"] for c in inspect(conn).get_columns(table.name)}
    ops = Operations(MigrationContext.configure(conn))
    for name in names:
        if name not in present:
            default = table.c[name].server_default
            ops.add_column(table.name, Column(name, table.c[name].type, server_default=getattr(default, "arg", None)))


def _create_missing_indexes(conn: Connection, table: Table) -> None:
    present = {ix["name"] for ix in inspect(conn).get_indexes(table.name)}
    columns = {c["name"] for c in inspect(conn).get_columns(table.name)}
    for index in table.indexes:
        # An index on a column a later upgrade adds is created by that upgrade.
        if index.name not in present and all(c.name in columns for c in index.columns):
            index.create(conn)


def upgrade_1_to_2(conn: Connection) -> None:
    """article_key, metadata_hash, images, translations, description, word_count, category_path and
    last_seen_crawl_id on articles; the same content and provenance on article_versions; crawl figures, hostname, pid
    and updated_at on crawls; indexes on published_at, language, article_key."""
    _add_missing_columns(
        conn,
        articles,
        (
            "article_key",
            "metadata_hash",
            "images",
            "translations",
            "description",
            "word_count",
            "category_path",
            "last_seen_crawl_id",
        ),
    )
    _add_missing_columns(
        conn,
        article_versions,
        tuple(c.name for c in (*CONTENT_COLUMNS, *PROVENANCE_COLUMNS))
        + ("last_seen_at", "superseded_at", "crawl_id", "superseded_by_crawl_id"),
    )
    _add_missing_columns(conn, crawls, ("updated_at", *CRAWL_FIGURES, "hostname", "pid"))
    # The figures' server default (0) fills the existing crawls: version 1 kept its figures only in the stats JSON.
    # Backfill the join key in chunks by id, so a large table is never read whole.
    last_id = 0
    while True:
        rows = conn.execute(
            select(articles.c.id, articles.c.url, articles.c.canonical_url)
            .where(articles.c.id > last_id, articles.c.article_key.is_(None))
            .order_by(articles.c.id)
            .limit(1000)
        ).all()
        if not rows:
            break
        conn.execute(
            update(articles).where(articles.c.id == bindparam("b_id")).values(article_key=bindparam("b_key")),
            [{"b_id": r.id, "b_key": article_key(r.url, r.canonical_url, None)} for r in rows],
        )
        last_id = rows[-1].id
    for table in (articles, article_versions, crawls):
        _create_missing_indexes(conn, table)


def upgrade_2_to_3(conn: Connection) -> None:
    """edition, reader, http_etag, http_last_modified and archive_status on articles; reader and the HTTP validators
    on article_versions; the listings table (created by create_all)."""
    _add_missing_columns(
        conn, articles, ("edition", "reader", "http_etag", "http_last_modified", "site_seen_at", "archive_status")
    )
    _add_missing_columns(conn, article_versions, ("reader", "http_etag", "http_last_modified", "site_seen_at"))
    last_id = 0
    while True:
        rows = conn.execute(
            select(articles.c.id, articles.c.url)
            .where(articles.c.id > last_id, articles.c.edition.is_(None))
            .order_by(articles.c.id)
            .limit(1000)
        ).all()
        if not rows:
            break
        conn.execute(
            update(articles).where(articles.c.id == bindparam("b_id")).values(edition=bindparam("b_edition")),
            [{"b_id": r.id, "b_edition": edition_of(r.url)} for r in rows],
        )
        last_id = rows[-1].id
    for table in (articles, article_versions, listings):
        _create_missing_indexes(conn, table)


UPGRADES: dict[int, Callable[[Connection], None]] = {2: upgrade_1_to_2, 3: upgrade_2_to_3}
"""Step to version N from version N-1."""
