"""ArticleStore: the SQL dataset (SQLite or PostgreSQL, through dataset and SQLAlchemy), written in batches."""

from __future__ import annotations

import logging
import os
import random
import re
import socket
import sqlite3
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import dataset
from sqlalchemy import bindparam, event, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

from storage import schema
from storage.records import article_values, jsonable, parse_timestamp
from storage.schema import CONTENT_COLUMNS, PROVENANCE_COLUMNS, article_versions, articles, crawls, listings

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping
    from typing import Self

    from sqlalchemy import Connection
    from sqlalchemy.engine import URL

logger = logging.getLogger(__name__)

Outcome = Literal["new", "updated", "unchanged"]
OUTCOMES: tuple[Outcome, ...] = ("new", "updated", "unchanged")
T = TypeVar("T")

RETRIES = 8
"""Attempts of one transaction that hit a deadlock, a serialisation failure or a dropped connection; other errors
fail at once (a locked SQLite file has already been waited for: the busy timeout)."""
CHUNK = 500
"""URLs per IN (...) list: far below SQLite's and PostgreSQL's bound-parameter limits."""

# The stats keys (first found wins) that fill the crawls table's numeric columns; Scrapy's names, or plain ones.
FIGURE_KEYS = {
    "pages": ("pages", "response_received_count", "downloader/response_count"),
    "errors": ("errors", "log_count/ERROR"),
    "bytes": ("bytes", "downloader/response_bytes"),
}
_STATE_COLUMNS = tuple(c.name for c in (*CONTENT_COLUMNS, *PROVENANCE_COLUMNS))


class StoreError(Exception):
    """A database problem, in one line that names the database (password masked) and what to do."""


def database_url(url: str | URL) -> URL:
    """The URL SQLAlchemy should use: postgresql:// and postgres:// go to psycopg 3 (SQLAlchemy would pick psycopg2)."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def masked(url: str | URL) -> str:
    """The URL with its password replaced by ***, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", str(url))


@dataclass(slots=True)
class _Pending:
    values: dict[str, Any]
    fetched_at: datetime
    crawl_id: int | None
    provenance: dict[str, Any]

    @property
    def url(self) -> str:
        return str(self.values["url"])


class ArticleStore:
    """The articles, their earlier versions and the crawl runs, in any SQLAlchemy database (SQLite, PostgreSQL).

    The tables are created, or upgraded, when the store opens (storage.schema). `add` buffers articles; `flush` writes
    the buffer in one transaction and returns each article's outcome (new, updated, unchanged). A full buffer
    (`batch_size`) and `close` flush too. Writes are idempotent and safe for several processes sharing one database:
    they rest on the unique index on url (INSERT … ON CONFLICT) and row locks, and retry deadlocks.
    """

    def __init__(self, url: str | URL, *, batch_size: int = 100, create: bool = True) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size ({batch_size!r}) must be at least 1")
        self.url = masked(url)
        self.batch_size = batch_size
        self.counts: Counter[str] = Counter()
        """Outcomes of every article written through this store."""
        self._pending: list[_Pending] = []
        self._touches: list[dict[str, Any]] = []
        self._flush_at = batch_size
        self._lock = threading.RLock()
        try:
            parsed = database_url(url)
        except ArgumentError as exc:
            raise StoreError(
                f"{self.url!r} is not a database URL: pass e.g. sqlite:///data/eureporter.db or "
                "postgresql://user@host/db"
            ) from exc
        self._password = parsed.password
        backend = parsed.get_backend_name()
        if backend not in ("sqlite", "postgresql"):
            raise StoreError(f"Database {self.url}: {backend} is not supported; use a sqlite:// or postgresql:// URL")
        self._sqlite = backend == "sqlite"
        self._file: Path | None = None
        self._file_id: tuple[int, int] | None = None
        if self._sqlite:
            _check_sqlite_file(self.url, parsed.database, create)
            if parsed.database and parsed.database != ":memory:" and not parsed.database.startswith("file:"):
                self._file = Path(parsed.database)
        try:
            self.db = dataset.Database(
                parsed.render_as_string(hide_password=False),
                engine_kwargs=_engine_kwargs(backend),
                ensure_schema=False,
                sqlite_wal_mode=False,  # set by _use_wal, which waits for the lock it needs
            )
        except (ArgumentError, NoSuchModuleError, ImportError) as exc:
            raise StoreError(
                f"Database {self.url}: cannot load its driver ({exc}); install eureporter-archive[postgres]"
            ) from exc
        assert self.db.engine is not None
        self.engine = self.db.engine
        """The SQLAlchemy engine: read with it (exports, reports); `db` is the same database as a dataset.Database."""
        self._insert = sqlite.insert if self._sqlite else postgresql.insert
        if self._sqlite:
            _sqlite_transactions(self.engine)
        try:
            # Usually the schema is current and opening only reads: a read-only copy of a dataset still exports.
            if self._run(schema.current_version, write=False, action="opening it") != schema.SCHEMA_VERSION:
                self._run(lambda conn: schema.ensure_schema(conn, create=create), write=True, action="opening it")
        except schema.SchemaTooNew as exc:
            self.db.close()
            raise StoreError(
                f"Database {self.url} has schema version {exc.version}, newer than this software's "
                f"({schema.SCHEMA_VERSION}); upgrade eureporter-archive"
            ) from None
        except schema.SchemaMissing:
            self.db.close()
            raise StoreError(f"Database {self.url} holds no dataset yet; run a crawl first, or fix --db") from None
        except StoreError:
            self.db.close()
            raise
        if self._file is not None:
            stat = self._file.stat()  # the schema check above opened (or created) the file
            self._file_id = (stat.st_dev, stat.st_ino)

    # -- articles ------------------------------------------------------------------------------------------------

    def add(
        self,
        article: Mapping[str, Any] | Any,
        *,
        warc_file: str | None = None,
        warc_record_id: str | None = None,
        warc_offset: int | None = None,
        fetched_at: str | datetime | None = None,
        crawl_id: int | None = None,
        http_etag: str | None = None,
        http_last_modified: str | None = None,
        site_seen_at: str | datetime | None = None,
    ) -> list[tuple[str, Outcome]]:
        """Buffer one article (`Article.asdict()` or an object with the Article attributes), captured at `fetched_at`
        (the WARC-Date of its response record) from that record, with the response's HTTP validators (for the next
        conditional request). Returns the outcomes when this filled the batch and flushed it, else an empty list."""
        pending = _Pending(
            values=article_values(article),
            fetched_at=parse_timestamp(fetched_at) or datetime.now(UTC),
            crawl_id=crawl_id,
            provenance={
                "warc_file": warc_file,
                "warc_record_id": warc_record_id,
                "warc_offset": None if warc_offset is None else int(warc_offset),
                "http_etag": http_etag,
                "http_last_modified": http_last_modified,
                "site_seen_at": parse_timestamp(site_seen_at),
            },
        )
        with self._lock:
            self._check_open()
            self._pending.append(pending)
            if len(self._pending) >= self._flush_at:
                return self.flush()
        return []

    def touch(
        self,
        url: str,
        *,
        seen_at: str | datetime,
        crawl_id: int | None = None,
        site_seen_at: str | datetime | None = None,
    ) -> list[tuple[str, Outcome]]:
        """Buffer a capture that confirmed the stored state without a body (HTTP 304 Not Modified): the row's
        last_seen_at (and site_seen_at) move on, nothing else changes. Written with the next flush, in one
        transaction with the articles."""
        moment = parse_timestamp(seen_at) or datetime.now(UTC)
        with self._lock:
            self._check_open()
            self._touches.append(
                {"url": url, "seen_at": moment, "crawl_id": crawl_id, "site_seen_at": parse_timestamp(site_seen_at)}
            )
            if len(self._pending) + len(self._touches) >= self._flush_at:
                return self.flush()
        return []

    @property
    def buffered(self) -> int:
        """Articles and touches waiting for the next flush."""
        return len(self._pending) + len(self._touches)

    def flush(self) -> list[tuple[str, Outcome]]:
        """Write the buffered articles (and touches) in one transaction; (url, outcome) for each `add` and `touch`,
        in that order. On failure the buffer is kept (a later flush or close tries again) and StoreError is raised."""
        with self._lock:
            if not self._pending and not self._touches:
                return []
            self._check_open()
            batch, touches = list(self._pending), list(self._touches)
            action = f"writing {len(batch) + len(touches)} articles"

            def write(conn: Connection) -> list[tuple[str, Outcome]]:
                return self._write(conn, batch) + self._write_touches(conn, touches)

            try:
                outcomes = self._run(write, write=True, action=action)
            except StoreError:
                # Keep the batch, and try again only once another batch has come: not on every add.
                self._flush_at = self.buffered + self.batch_size
                raise
            self._pending.clear()
            self._touches.clear()
            self._flush_at = self.batch_size
        self.counts.update(outcome for _url, outcome in outcomes)
        return outcomes

    def known(self, urls: Iterable[str]) -> dict[str, tuple[datetime | None, str | None]]:
        """For the stored ones among `urls`: (modified_at, content_hash), for incremental crawls."""
        wanted = list(dict.fromkeys(urls))

        def read(conn: Connection) -> dict[str, tuple[datetime | None, str | None]]:
            found = {}
            for start in range(0, len(wanted), CHUNK):
                query = select(articles.c.url, articles.c.modified_at, articles.c.content_hash).where(
                    articles.c.url.in_(wanted[start : start + CHUNK])
                )
                found.update({row.url: (row.modified_at, row.content_hash) for row in conn.execute(query)})
            return found

        return self._run(read, write=False, action="reading known URLs") if wanted else {}

    def editions(self, keys: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
        """The stored editions of articles, by `article_key`: for each, its rows' url, edition, language, published_at,
        modified_at, last_seen_at, translations, content_hash, HTTP validators and archive_status (what an incremental
        crawl needs to decide what to fetch again)."""
        wanted = [k for k in dict.fromkeys(keys) if k]
        columns = (
            articles.c.article_key,
            articles.c.url,
            articles.c.edition,
            articles.c.language,
            articles.c.published_at,
            articles.c.modified_at,
            articles.c.last_seen_at,
            articles.c.translations,
            articles.c.content_hash,
            articles.c.http_etag,
            articles.c.http_last_modified,
            articles.c.site_seen_at,
            articles.c.archive_status,
        )

        def read(conn: Connection) -> dict[str, list[dict[str, Any]]]:
            found: dict[str, list[dict[str, Any]]] = {}
            for start in range(0, len(wanted), CHUNK):
                query = select(*columns).where(articles.c.article_key.in_(wanted[start : start + CHUNK]))
                for row in conn.execute(query).mappings():
                    found.setdefault(row["article_key"], []).append(dict(row))
            return found

        return self._run(read, write=False, action="reading stored editions") if wanted else {}

    def has(self, url: str) -> bool:
        return url in self.known([url])

    def is_empty(self) -> bool:
        """No article is stored (a first crawl: nothing to look up)."""

        def read(conn: Connection) -> bool:
            return conn.execute(select(articles.c.id).limit(1)).first() is None

        return self._run(read, write=False, action="reading the articles table")

    def revisit_candidates(
        self, *, published_after: datetime, stale_before: datetime, limit: int
    ) -> list[dict[str, Any]]:
        """English editions worth judging for a revisit: those published after `published_after` (young enough to be
        on the revisit schedule), and the `limit` least recently seen of those last seen before `stale_before`, both
        on the site's clock (site_seen_at, else last_seen_at). Each: url, published_at, seen_at (that time),
        http_etag, http_last_modified."""
        seen = func.coalesce(articles.c.site_seen_at, articles.c.last_seen_at)
        columns = (
            articles.c.url,
            articles.c.published_at,
            articles.c.site_seen_at,
            articles.c.last_seen_at,
            articles.c.http_etag,
            articles.c.http_last_modified,
        )
        english = (articles.c.edition == "en") & articles.c.archive_status.is_(None)

        def read(conn: Connection) -> list[dict[str, Any]]:
            young = select(*columns).where(english, articles.c.published_at > published_after)
            stale = select(*columns).where(english, seen < stale_before).order_by(seen).limit(limit)
            found = {row["url"]: _seen_on_site(dict(row)) for row in conn.execute(young).mappings()}
            found.update({row["url"]: _seen_on_site(dict(row)) for row in conn.execute(stale).mappings()})
            return list(found.values())

        return self._run(read, write=False, action="reading articles due for a revisit")

    # -- listings (how far pagination has been walked) ---------------------------------------------------------------

    def listing_coverage(self, urls: Iterable[str]) -> dict[str, dict[str, Any]]:
        """For the archives among `urls` that earlier crawls walked: newest_day, oldest_day, pages, reached_end."""
        wanted = list(dict.fromkeys(urls))

        def read(conn: Connection) -> dict[str, dict[str, Any]]:
            found: dict[str, dict[str, Any]] = {}
            for start in range(0, len(wanted), CHUNK):
                query = select(listings).where(listings.c.url.in_(wanted[start : start + CHUNK]))
                found.update({row["url"]: dict(row) for row in conn.execute(query).mappings()})
            return found

        return self._run(read, write=False, action="reading listing coverage") if wanted else {}

    def save_listing_coverage(self, rows: Iterable[Mapping[str, Any]]) -> None:
        """Insert or replace the coverage of archives (url, newest_day, oldest_day, pages, reached_end, crawl_id)."""
        values = [{**row, "walked_at": datetime.now(UTC)} for row in rows]
        if not values:
            return
        insert = self._insert(listings)
        upsert = insert.on_conflict_do_update(
            index_elements=["url"],
            set_={
                name: insert.excluded[name]
                for name in ("newest_day", "oldest_day", "pages", "reached_end", "walked_at", "crawl_id")
            },
        )
        self._run(lambda conn: conn.execute(upsert, values), write=True, action="recording listing coverage")

    # -- archive reconciliation ------------------------------------------------------------------------------------

    def mark_unarchived(self, cut_files: Mapping[str, int], lost_files: Iterable[str]) -> int:
        """Rows whose WARC record is gone: past the end of a file that repair cut back (name -> bytes kept), or in a
        file that was quarantined. They get archive_status "missing", so the next crawl fetches those pages again."""
        lost = list(dict.fromkeys(lost_files))

        def write(conn: Connection) -> int:
            marked = 0
            for name, size in cut_files.items():
                result = conn.execute(
                    update(articles)
                    .where(articles.c.warc_file == name, articles.c.warc_offset >= size)
                    .values(archive_status="missing")
                )
                marked += result.rowcount or 0
            for start in range(0, len(lost), CHUNK):
                result = conn.execute(
                    update(articles)
                    .where(articles.c.warc_file.in_(lost[start : start + CHUNK]))
                    .values(archive_status="missing")
                )
                marked += result.rowcount or 0
            return marked

        if not cut_files and not lost:
            return 0
        return self._run(write, write=True, action="marking rows whose WARC record was lost")

    # -- crawls ----------------------------------------------------------------------------------------------------

    def begin_crawl(self, options: Mapping[str, Any] | None = None) -> int:
        """Record a crawl run (status "running"); its id goes with every `add` of the run."""
        now = datetime.now(UTC)
        row = {
            "started_at": now,
            "updated_at": now,
            "status": "running",
            "options": jsonable(dict(options or {})),
            "hostname": socket.gethostname(),
            "pid": os.getpid(),
        }
        crawl_id = self._run(
            lambda conn: conn.execute(crawls.insert().returning(crawls.c.id), row).scalar_one(),
            write=True,
            action="recording a new crawl",
        )
        return int(crawl_id)

    def end_crawl(
        self,
        crawl_id: int | None,
        *,
        status: str = "finished",
        finish_reason: str | None = None,
        stats: Mapping[str, Any] | None = None,
    ) -> None:
        """Flush, then record the run's end: status (finished, failed, interrupted…), reason and final stats. The
        article counts were added up by each flush; pages, errors and bytes come from `stats` (FIGURE_KEYS)."""
        flush_error: StoreError | None = None
        try:
            self.flush()
        except StoreError as exc:
            flush_error = exc  # record the end of the run all the same, then report the lost batch
        if crawl_id is not None:
            stats = dict(stats or {})
            values: dict[str, Any] = {
                "finished_at": datetime.now(UTC),
                "updated_at": datetime.now(UTC),
                "status": status,
                "finish_reason": finish_reason,
                "stats": jsonable(stats),
            }
            values.update(_figures(stats))
            self._run(
                lambda conn: conn.execute(update(crawls).where(crawls.c.id == crawl_id).values(values)),
                write=True,
                action=f"recording the end of crawl {crawl_id}",
            )
        if flush_error is not None:
            raise flush_error

    def update_crawl(self, crawl_id: int, stats: Mapping[str, Any]) -> None:
        """Record a running crawl's figures so far (and that it is alive): a run that dies keeps what it did."""
        values: dict[str, Any] = {"updated_at": datetime.now(UTC), "stats": jsonable(dict(stats))}
        values.update(_figures(stats))
        self._run(
            lambda conn: conn.execute(
                update(crawls).where(crawls.c.id == crawl_id, crawls.c.status == "running").values(values)
            ),
            write=True,
            action=f"recording the progress of crawl {crawl_id}",
        )

    def close_abandoned_crawls(self, *, is_alive: Callable[[str, int], bool | None], stale_after: float) -> list[int]:
        """Mark runs still "running" whose process is gone as "killed" (finish_reason "killed"), keeping their figures.

        `is_alive(hostname, pid)` answers for processes it can see (this machine) and None for others; those count as
        gone once their updated_at is older than `stale_after` seconds (a live run refreshes it every batch).
        """
        now = datetime.now(UTC)

        def write(conn: Connection) -> list[int]:
            rows = conn.execute(
                select(crawls.c.id, crawls.c.hostname, crawls.c.pid, crawls.c.updated_at, crawls.c.started_at).where(
                    crawls.c.status == "running"
                )
            ).all()
            dead = []
            for row in rows:
                alive = is_alive(row.hostname or "", int(row.pid or 0))
                seen = row.updated_at or row.started_at
                if alive is False or (alive is None and (now - seen).total_seconds() > stale_after):
                    dead.append(row.id)
            if dead:
                conn.execute(
                    update(crawls)
                    .where(crawls.c.id.in_(dead), crawls.c.status == "running")
                    .values(status="killed", finish_reason="killed", finished_at=now, updated_at=now)
                )
            return dead

        return self._run(write, write=True, action="closing crawl runs whose process died")

    def latest_crawl(self, status: str | None = "finished") -> dict[str, Any] | None:
        """The most recently started crawl run with that status (any status for None), as a dict."""
        query = select(crawls).order_by(crawls.c.started_at.desc(), crawls.c.id.desc()).limit(1)
        if status is not None:
            query = query.where(crawls.c.status == status)
        row = self._run(lambda conn: conn.execute(query).mappings().first(), write=False, action="reading crawls")
        return dict(row) if row is not None else None

    # -- lifecycle -----------------------------------------------------------------------------------------------

    def close(self) -> list[tuple[str, Outcome]]:
        """Flush and release the connections; the outcomes of that last flush. Closing twice is harmless."""
        with self._lock:
            if self.db.engine is None:
                return []
            try:
                return self.flush()
            finally:
                self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<ArticleStore {self.url}>"

    def _check_open(self) -> None:
        if self.db.engine is None:
            raise StoreError(f"Database {self.url}: the store is closed")

    # -- writing -------------------------------------------------------------------------------------------------

    def _write(self, conn: Connection, batch: list[_Pending]) -> list[tuple[str, Outcome]]:
        # A URL added twice in one batch is written in two rounds, in order, so each state is compared with the last.
        rounds: list[list[int]] = []
        occurrences: Counter[str] = Counter()
        for index, pending in enumerate(batch):
            if occurrences[pending.url] == len(rounds):
                rounds.append([])
            rounds[occurrences[pending.url]].append(index)
            occurrences[pending.url] += 1
        outcomes: list[Outcome] = ["unchanged"] * len(batch)
        for indexes in rounds:
            # Every process takes its row locks in URL order: deadlocks between concurrent writers become rare, and
            # _run retries the few left.
            indexes.sort(key=lambda i: batch[i].url)
            for i, outcome in zip(indexes, self._write_round(conn, [batch[i] for i in indexes]), strict=True):
                outcomes[i] = outcome
        self._count_in_crawls(conn, batch, outcomes)
        return [(pending.url, outcome) for pending, outcome in zip(batch, outcomes, strict=True)]

    def _write_touches(self, conn: Connection, touches: list[dict[str, Any]]) -> list[tuple[str, Outcome]]:
        if not touches:
            return []
        stored = self._lock_rows(conn, sorted({t["url"] for t in touches}))
        outcomes: list[tuple[str, Outcome]] = []
        rows = []
        for touch in touches:
            row = stored.get(touch["url"])
            if row is None:
                continue  # the row is gone (deleted meanwhile): nothing to confirm
            outcomes.append((touch["url"], "unchanged"))
            if row["last_seen_at"] is None or touch["seen_at"] > row["last_seen_at"]:
                rows.append(
                    {
                        "b_id": row["id"],
                        "last_seen_at": touch["seen_at"],
                        "last_seen_crawl_id": touch["crawl_id"] or row["last_seen_crawl_id"],
                        "site_seen_at": touch["site_seen_at"] or row["site_seen_at"],
                    }
                )
        if rows:
            conn.execute(update(articles).where(articles.c.id == bindparam("b_id")), rows)
        tally = Counter(t["crawl_id"] for t in touches if t["url"] in stored and t["crawl_id"] is not None)
        for crawl_id, count in tally.items():
            conn.execute(
                update(crawls)
                .where(crawls.c.id == crawl_id)
                .values(articles_unchanged=crawls.c.articles_unchanged + count, updated_at=datetime.now(UTC))
            )
        return outcomes

    def _write_round(self, conn: Connection, batch: list[_Pending]) -> list[Outcome]:
        """One state per URL: lock the stored rows, insert the URLs that are not there, compare the others."""
        urls = [p.url for p in batch]
        stored = self._lock_rows(conn, urls)
        fresh = [_new_row(p) for p in batch if p.url not in stored]
        inserted: set[str] = set()
        if fresh:
            # ON CONFLICT: another process may have inserted some of these URLs since the SELECT; those rows are
            # then locked and compared like the others. No check-then-insert race, no duplicate.
            insert = self._insert(articles).on_conflict_do_nothing(index_elements=["url"]).returning(articles.c.url)
            inserted = set(conn.execute(insert, fresh).scalars())
            stored.update(self._lock_rows(conn, [row["url"] for row in fresh if row["url"] not in inserted]))
        touched: list[dict[str, Any]] = []
        changed: list[dict[str, Any]] = []
        superseded: list[dict[str, Any]] = []
        outcomes: list[Outcome] = []
        for p in batch:
            if p.url in inserted:
                outcomes.append("new")
                continue
            row = stored[p.url]
            newest = row["fetched_at"] is None or p.fetched_at >= row["fetched_at"]
            seen = _seen(row, p)
            if p.values["content_hash"] != row["content_hash"] and newest:
                superseded.append(_version_row(row, p))
                changed.append(_full_update(row, p, seen, version=row["version"] + 1))
                outcomes.append("updated")
                continue
            # Same content (or an older capture than the stored one): the row stays as it is, except when the same
            # content now comes with other metadata (dates, tags, images…), which refreshes the row in place.
            if (newest and p.values["metadata_hash"] != row["metadata_hash"]) or row["archive_status"] is not None:
                # Other metadata, or a row whose WARC record was lost: this capture becomes the row's original.
                changed.append(_full_update(row, p, seen, version=row["version"]))
            elif any(seen[k] != row[k] for k in seen):
                touched.append({"b_id": row["id"], **seen})
            outcomes.append("unchanged")
        if superseded:
            conn.execute(
                self._insert(article_versions).on_conflict_do_nothing(index_elements=["article_id", "version"]),
                superseded,
            )
        by_id = update(articles).where(articles.c.id == bindparam("b_id"))
        if changed:
            conn.execute(by_id, changed)
        if touched:
            conn.execute(by_id, touched)
        return outcomes

    def _lock_rows(self, conn: Connection, urls: list[str]) -> dict[str, Mapping[str, Any]]:
        # FOR UPDATE (PostgreSQL; SQLite has one writer at a time anyway) holds each row until commit, so two
        # processes never both turn the same state into a version.
        found: dict[str, Mapping[str, Any]] = {}
        for start in range(0, len(urls), CHUNK):
            query = (
                select(articles)
                .where(articles.c.url.in_(urls[start : start + CHUNK]))
                .order_by(articles.c.url)
                .with_for_update()
            )
            found.update({row["url"]: row for row in conn.execute(query).mappings()})
        return found

    def _count_in_crawls(self, conn: Connection, batch: list[_Pending], outcomes: list[Outcome]) -> None:
        tally = Counter((p.crawl_id, outcome) for p, outcome in zip(batch, outcomes, strict=True))
        for crawl_id in sorted({p.crawl_id for p in batch if p.crawl_id is not None}):
            conn.execute(
                update(crawls)
                .where(crawls.c.id == crawl_id)
                .values(
                    {
                        **{f"articles_{o}": crawls.c[f"articles_{o}"] + tally[crawl_id, o] for o in OUTCOMES},
                        "updated_at": datetime.now(UTC),
                    }
                )
            )

    # -- transactions ----------------------------------------------------------------------------------------------

    def _check_file(self) -> None:
        """SQLite keeps writing into a file that was deleted or replaced under it, and the rows are lost with it."""
        if self._file is None:
            return
        try:
            stat = self._file.stat()
        except OSError:
            identity = None
        else:
            identity = (stat.st_dev, stat.st_ino)
        if self._file_id is not None and identity != self._file_id:
            raise StoreError(
                f"Database {self.url}: the file {self._file} was deleted or replaced while in use; restore it (or "
                "pass another --db) and run `eureporter reprocess`: the WARC files keep every page"
            )

    def _run(self, work: Callable[[Connection], T], *, write: bool, action: str) -> T:
        """`work` in one transaction, retried on transient conflicts; any database error becomes StoreError."""
        if write:
            self._check_file()
        for attempt in range(1, RETRIES + 1):
            try:
                with self.engine.connect() as conn:
                    if write and self._sqlite:
                        conn.execution_options(eureporter_write=True)
                    with conn.begin():
                        return work(conn)
            except DBAPIError as exc:
                if attempt < RETRIES and _transient(exc):
                    delay = min(2.0, 0.02 * 2**attempt) * (0.5 + random.random())
                    logger.info("Database %s: %s hit %s; retrying in %.2fs", self.url, action, _reason(exc), delay)
                    time.sleep(delay)
                    continue
                raise self._error(action, exc) from exc
            except SQLAlchemyError as exc:
                raise self._error(action, exc) from exc
        raise AssertionError("unreachable")

    def _error(self, action: str, exc: Exception) -> StoreError:
        reason = _reason(exc)
        if self._password:
            reason = reason.replace(self._password, "***")
        return StoreError(f"Database {self.url}: {action} failed: {reason}. {_advice(reason, action)}")


def _seen_on_site(row: Mapping[str, Any]) -> dict[str, Any]:
    values = dict(row)
    values["seen_at"] = values.pop("site_seen_at") or values["last_seen_at"]
    return values


def _figures(stats: Mapping[str, Any]) -> dict[str, int]:
    """The crawls table's numeric columns (pages, errors, bytes) from a run's stats (FIGURE_KEYS)."""
    values = {}
    for column, keys in FIGURE_KEYS.items():
        found = next((stats[k] for k in keys if isinstance(stats.get(k), int | float)), None)
        if found is not None:
            values[column] = int(found)
    return values


def _new_row(p: _Pending) -> dict[str, Any]:
    return {
        **p.values,
        **p.provenance,
        "fetched_at": p.fetched_at,
        "version": 1,
        "first_seen_at": p.fetched_at,
        "last_seen_at": p.fetched_at,
        "crawl_id": p.crawl_id,
        "last_seen_crawl_id": p.crawl_id,
    }


def _seen(row: Mapping[str, Any], p: _Pending) -> dict[str, Any]:
    """first_seen_at, last_seen_at, last_seen_crawl_id and site_seen_at once this capture is counted in (any order)."""
    first, last = row["first_seen_at"], row["last_seen_at"]
    latest = last is None or p.fetched_at >= last
    site_seen = p.provenance.get("site_seen_at")
    return {
        "first_seen_at": p.fetched_at if first is None else min(first, p.fetched_at),
        "last_seen_at": p.fetched_at if latest else last,
        "last_seen_crawl_id": p.crawl_id if latest and p.crawl_id is not None else row["last_seen_crawl_id"],
        "site_seen_at": site_seen if latest and site_seen is not None else row["site_seen_at"],
    }


def _full_update(row: Mapping[str, Any], p: _Pending, seen: dict[str, Any], *, version: int) -> dict[str, Any]:
    values = {k: v for k, v in p.values.items() if k != "url"}
    return {
        "b_id": row["id"],
        **values,
        **p.provenance,
        **seen,
        "fetched_at": p.fetched_at,
        "version": version,
        "crawl_id": p.crawl_id,
        "archive_status": None,
    }


def _version_row(row: Mapping[str, Any], p: _Pending) -> dict[str, Any]:
    return {
        "article_id": row["id"],
        "url": row["url"],
        "version": row["version"],
        **{name: row[name] for name in _STATE_COLUMNS},
        "last_seen_at": row["last_seen_at"],
        "superseded_at": p.fetched_at,
        "crawl_id": row["crawl_id"],
        "superseded_by_crawl_id": p.crawl_id,
    }


def _engine_kwargs(backend: str) -> dict[str, Any]:
    if backend == "sqlite":
        # Another process (a second crawl, an export) may hold the write lock: wait for it rather than fail.
        return {"connect_args": {"timeout": 30}}
    # Sessions in UTC, so that whoever reads through this engine gets timestamps in UTC too.
    connect_args = {"connect_timeout": 10, "application_name": "eureporter", "options": "-c timezone=UTC"}
    return {"pool_pre_ping": True, "connect_args": connect_args}


def _sqlite_transactions(engine: Any) -> None:
    """Let SQLAlchemy, not the sqlite3 module, begin transactions (SQLAlchemy's documented recipe), so DDL is
    transactional and writers take the write lock at BEGIN IMMEDIATE: a reader turned writer could otherwise fail with
    "database is locked" at once instead of waiting out the busy timeout."""

    @event.listens_for(engine, "connect")
    def connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        _use_wal(dbapi_connection)
        # WAL with synchronous=NORMAL cannot corrupt the file; a power cut may lose the last commits, which the WARC
        # files still hold (`eureporter reprocess`).
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")

    @event.listens_for(engine, "begin")
    def begin(conn: Connection) -> None:
        # Reads stay in autocommit mode: each statement sees the latest commits, and a connection that someone
        # leaves open (dataset keeps one per thread) never pins an old snapshot.
        if conn.get_execution_options().get("eureporter_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")


def _use_wal(dbapi_connection: Any) -> None:
    """Switch the file to WAL (readers and the writer no longer block each other; the mode stays with the file).

    Done here rather than by dataset: switching needs an exclusive lock, SQLite does not wait for it (the busy
    timeout does not apply), and processes opening a new database together then fail with "database is locked".
    """
    if dbapi_connection.execute("PRAGMA journal_mode").fetchone()[0] in ("wal", "memory"):
        return
    deadline = time.monotonic() + 30
    while True:
        try:
            dbapi_connection.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                # A read-only file keeps its mode; anything else wrong shows up at the first real statement.
                logger.debug("SQLite journal_mode=WAL not set: %s", exc)
                return
            time.sleep(0.01 + random.random() * 0.05)


def _check_sqlite_file(url: str, database: str | None, create: bool) -> None:
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    if path.is_dir():
        raise StoreError(f"Database {url}: {path} is a directory; give the path of a database file")
    if not path.parent.is_dir():
        raise StoreError(f"Database {url}: directory {path.parent} does not exist; create it or pass another --db")
    if not create and not path.exists():
        raise StoreError(f"Database {url}: {path} does not exist; run a crawl first, or fix --db")


def _transient(exc: DBAPIError) -> bool:
    if exc.connection_invalidated:
        return True
    # 40001 serialization_failure, 40P01 deadlock_detected (PostgreSQL).
    return getattr(exc.orig, "sqlstate", None) in ("40001", "40P01")


def _reason(exc: Exception) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


_ADVICE = (
    (("not a database", "file is encrypted"), "The file is not a SQLite database: pass another path with --db."),
    (
        ("readonly", "read-only", "unable to open database file"),
        "Make the file and its directory writable, or pass another --db.",
    ),
    (("disk is full", "no space left"), "Free disk space, then run `eureporter reprocess` to fill in what was lost."),
    (("password authentication", "role "), "Check the user name and password in --db."),
    (("does not exist",), "Create the database (createdb) or fix its name in --db."),
    (
        (
            "connection refused",
            "could not connect",
            "connection failed",
            "timeout",
            "timed out",
            "could not translate",
            "name or service not known",
            "no route to host",
            "server closed the connection",
        ),
        "Check that the PostgreSQL server is running and reachable at the host and port in --db.",
    ),
)


def _advice(reason: str, action: str) -> str:
    lowered = reason.lower()
    for needles, advice in _ADVICE:
        if any(n in lowered for n in needles):
            return advice
    if action.startswith("writing"):
        return "The batch was not stored; its pages are in the WARC files: run `eureporter reprocess` once fixed."
    return "Check the database and the --db URL."
