"""Full-text search over the articles' titles and texts: a SQLite FTS5 index kept in step by triggers.

`articles_fts` is an external-content FTS5 table (the text stays in `articles`; the index holds only tokens) with
AFTER INSERT, UPDATE and DELETE triggers on `articles`, so every later write (a crawl, a reprocess, any SQL client)
keeps it current inside the writer's own transaction and nothing has to be rebuilt on a schedule. `ensure_fts`
builds it once; after that it only checks, in a few milliseconds, that the index is still there and whole.

The triggers read only `id`, `title` and `text`: other columns may come and go. The declaration names the content
table as `content="articles"`, the form Datasette's `detect_fts` looks for, so `/eureporter/articles?_search=` uses it.
Every function takes a `sqlite3.Connection` or a SQLAlchemy `Connection` to a SQLite database, and runs in the
caller's transaction when one is open (else in one of its own, taken with BEGIN IMMEDIATE).
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sqlalchemy import Connection

FTS_TABLE = "articles_fts"
CONTENT_TABLE = "articles"
TRIGGERS = ("articles_fts_insert", "articles_fts_delete", "articles_fts_update")
TOKENIZER = "unicode61 remove_diacritics 2"
"""Case and diacritics folded for every script (the editions are in many languages: no stemmer fits them all), so
`europeenne` finds `européenne`."""

_CREATE_TABLE = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
    f'title, text, content="{CONTENT_TABLE}", content_rowid="id", tokenize=\'{TOKENIZER}\')'
)
# An external-content index forgets a row only when told the values it indexed, so UPDATE and DELETE pass the old
# ones first. UPDATE OF limits the work to writes that can change what is indexed (a refreshed last_seen_at does not).
_CREATE_TRIGGERS = (
    f"""CREATE TRIGGER {TRIGGERS[0]} AFTER INSERT ON {CONTENT_TABLE} BEGIN
  INSERT INTO {FTS_TABLE}(rowid, title, text) VALUES (new.id, new.title, new.text);
END""",
    f"""CREATE TRIGGER {TRIGGERS[1]} AFTER DELETE ON {CONTENT_TABLE} BEGIN
  INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END""",
    f"""CREATE TRIGGER {TRIGGERS[2]} AFTER UPDATE OF id, title, text ON {CONTENT_TABLE} BEGIN
  INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
  INSERT INTO {FTS_TABLE}(rowid, title, text) VALUES (new.id, new.title, new.text);
END""",
)


class FtsUnavailable(Exception):
    """This SQLite has no FTS5 module, or the database has no articles table."""


@dataclass(frozen=True, slots=True)
class FtsStatus:
    """What the database holds: the index, its triggers, and how many rows it has indexed against the table's."""

    table: bool
    triggers: frozenset[str]
    indexed: int
    rows: int

    @property
    def current(self) -> bool:
        """True when searches see every row: the index and all its triggers exist and it covers the table."""
        return self.table and self.triggers == frozenset(TRIGGERS) and self.indexed == self.rows

    def describe(self) -> str:
        if not self.table:
            return "no full-text index"
        missing = sorted(frozenset(TRIGGERS) - self.triggers)
        if missing:
            return f"the full-text index lacks its triggers ({', '.join(missing)})"
        if self.indexed != self.rows:
            return f"the full-text index covers {self.indexed} of {self.rows} articles"
        return f"full-text index of {self.rows} articles"


class _Sql:
    """The few calls needed, on either kind of connection."""

    def __init__(self, conn: sqlite3.Connection | Connection) -> None:
        self.raw: sqlite3.Connection | None = conn if isinstance(conn, sqlite3.Connection) else None
        self.alchemy: Connection | None = None if isinstance(conn, sqlite3.Connection) else conn
        if self.alchemy is not None and self.alchemy.dialect.name != "sqlite":
            raise FtsUnavailable(f"full-text search needs a SQLite database, not {self.alchemy.dialect.name}")

    def run(self, sql: str) -> None:
        if self.raw is not None:
            self.raw.execute(sql)
        else:
            assert self.alchemy is not None
            self.alchemy.exec_driver_sql(sql)

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        if self.raw is not None:
            return list(self.raw.execute(sql, params).fetchall())
        assert self.alchemy is not None
        return [tuple(r) for r in self.alchemy.exec_driver_sql(sql, params).fetchall()]

    def in_transaction(self) -> bool:
        if self.raw is not None:
            return self.raw.in_transaction
        assert self.alchemy is not None
        return self.alchemy.in_transaction()

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """One read transaction, so that counts taken one after the other see the same state of the database even
        while a crawl commits (a mismatch would mean a needless rebuild)."""
        if self.raw is None or self.in_transaction():
            yield  # a SQLAlchemy connection has begun its own transaction with the first statement
            return
        self.run("BEGIN")
        try:
            yield
        finally:
            self.run("COMMIT")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """The caller's transaction when one is open; else BEGIN IMMEDIATE … COMMIT, so a concurrent writer waits for
        the index to be complete rather than writing rows it would miss."""
        if self.in_transaction():
            yield
            return
        if self.alchemy is not None:
            with self.alchemy.begin():
                yield
            return
        self.run("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.run("ROLLBACK")
            raise
        self.run("COMMIT")


def fts_status(conn: sqlite3.Connection | Connection) -> FtsStatus:
    """A look at the index that reads no article text: sqlite_master, then two counts over rowid b-trees."""
    sql = _Sql(conn)
    with sql.snapshot():
        names = {
            (kind, name)
            for kind, name in sql.rows(
                "SELECT type, name FROM sqlite_master WHERE (type = 'table' AND name IN (?, ?)) OR "
                "(type = 'trigger' AND tbl_name = ?)",
                (CONTENT_TABLE, FTS_TABLE, CONTENT_TABLE),
            )
        }
        if ("table", CONTENT_TABLE) not in names:
            raise FtsUnavailable(f"the database has no {CONTENT_TABLE} table")
        table = ("table", FTS_TABLE) in names
        triggers = frozenset(name for kind, name in names if kind == "trigger" and name in TRIGGERS)
        rows = int(sql.rows(f"SELECT count(*) FROM {CONTENT_TABLE}")[0][0])
        # The docsize shadow table has one row per indexed document; count(*) on the FTS table itself would count
        # the content table's rows instead.
        indexed = int(sql.rows(f"SELECT count(*) FROM {FTS_TABLE}_docsize")[0][0]) if table else 0
    return FtsStatus(table, triggers, indexed, rows)


def has_fts5(conn: sqlite3.Connection | Connection) -> bool:
    sql = _Sql(conn)
    try:
        return bool(sql.rows("SELECT sqlite_compileoption_used('ENABLE_FTS5')")[0][0]) or _probe_fts5(sql)
    except sqlite3.Error:
        return False


def _probe_fts5(sql: _Sql) -> bool:
    # Some builds load FTS5 without the compile option showing; a temporary table settles it.
    try:
        sql.run("CREATE VIRTUAL TABLE temp._eureporter_fts5_probe USING fts5(x)")
    except Exception:
        return False
    sql.run("DROP TABLE temp._eureporter_fts5_probe")
    return True


def create_fts(conn: sqlite3.Connection | Connection) -> None:
    """(Re)create the index and its triggers and index every row, in one transaction. Reads the whole table: run it
    once per database (ensure_fts does), not at every start."""
    sql = _Sql(conn)
    if not has_fts5(conn):
        raise FtsUnavailable(f"this SQLite ({sqlite3.sqlite_version}) was built without FTS5")
    with sql.transaction():
        for trigger in TRIGGERS:
            sql.run(f"DROP TRIGGER IF EXISTS {trigger}")
        sql.run(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        sql.run(_CREATE_TABLE)
        for statement in _CREATE_TRIGGERS:
            sql.run(statement)
        sql.run(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def ensure_fts(conn: sqlite3.Connection | Connection) -> bool:
    """Make the index current: build it when it is missing, lacks a trigger or does not cover the table (a database
    restored from before the index, an upgrade that rebuilt the articles table); else do nothing. True when it was
    (re)built now."""
    if fts_status(conn).current:
        return False
    create_fts(conn)
    return True


def drop_fts(conn: sqlite3.Connection | Connection) -> None:
    """Remove the index and its triggers (writers then stop maintaining it)."""
    sql = _Sql(conn)
    with sql.transaction():
        for trigger in TRIGGERS:
            sql.run(f"DROP TRIGGER IF EXISTS {trigger}")
        sql.run(f"DROP TABLE IF EXISTS {FTS_TABLE}")
