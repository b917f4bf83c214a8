"""The SQLite file `eureporter browse` serves: checked to be a dataset, opened read-only (immutable on a read-only
mount), its full-text index (storage.fts) built the first time and only checked afterwards."""

from __future__ import annotations

import contextlib
import sqlite3
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from crawler.browse import BrowseError
from storage.fts import FtsUnavailable, create_fts, fts_status, has_fts5
from storage.sql import masked

if TYPE_CHECKING:
    from collections.abc import Callable

PROG = "eureporter browse"
POSTGRES_ADVICE = (
    "Datasette reads SQLite only: make a snapshot with `eureporter export --db URL --format sqlite --out FILE`, "
    "then run `eureporter browse --db sqlite:///FILE`"
)


def print_note(message: str) -> None:
    """One line on stderr, prefixed with the command's name."""
    print(f"{PROG}: {message}", file=sys.stderr, flush=True)


@dataclass(frozen=True, slots=True)
class Dataset:
    path: Path
    immutable: bool
    """Opened with immutable=1: the file's directory cannot even hold SQLite's -shm file (a read-only mount)."""
    search: bool
    """The full-text index exists (and covers the table, unless the file is read-only)."""


def sqlite_path(db_url: str) -> Path:
    """The file of a sqlite:/// URL; BrowseError (2) for anything Datasette cannot open."""
    try:
        url = make_url(db_url)
    except ArgumentError:
        raise BrowseError(
            f"--db {masked(db_url)!r} is not a database URL; pass e.g. sqlite:///data/eureporter.db"
        ) from None
    backend = url.get_backend_name()
    if backend in ("postgresql", "postgres"):
        raise BrowseError(f"--db {masked(db_url)}: {POSTGRES_ADVICE}")
    if backend != "sqlite":
        raise BrowseError(f"--db {masked(db_url)}: {backend} is not supported; browse reads a sqlite:/// file")
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        raise BrowseError(f"--db {masked(db_url)}: give the path of a SQLite file, e.g. sqlite:///data/eureporter.db")
    path = Path(url.database)
    if not path.is_file():
        raise BrowseError(f"--db {db_url}: {path} does not exist; run `eureporter demo` or a crawl first, or fix --db")
    return path


def _read_only(path: Path, immutable: bool) -> sqlite3.Connection:
    flag = "immutable=1" if immutable else "mode=ro"
    return sqlite3.connect(f"file:{path}?{flag}", uri=True, timeout=30)


def _writable(path: Path) -> bool:
    """Whether SQLite may write the file: a no-op write (the header's user_version, set to itself) rolled back. Root
    passes every permission check, so asking the file system would not tell."""
    with contextlib.closing(sqlite3.connect(path, timeout=60, isolation_level=None)) as conn:
        try:
            conn.execute("BEGIN IMMEDIATE")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute(f"PRAGMA user_version = {int(version)}")
        except sqlite3.OperationalError as exc:
            if "readonly" in str(exc) or "read-only" in str(exc) or "unable to open" in str(exc):
                return False
            raise
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
    return True


def open_dataset(db_url: str, *, rebuild_search: bool = False, note: Callable[[str], None] = print_note) -> Dataset:
    """Check the file is a dataset and make its full-text index current (building it when missing, or with
    `rebuild_search`). A read-only file without an index is served without search, with one line saying so."""
    path = sqlite_path(db_url)
    immutable = False
    try:
        conn = _read_only(path, immutable)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            # A WAL database whose directory refuses SQLite's -shm file (a read-only mount): only immutable works.
            conn.close()
            immutable = True
            conn = _read_only(path, immutable)
        with contextlib.closing(conn):
            try:
                status = fts_status(conn)
            except FtsUnavailable as exc:
                raise BrowseError(f"--db {db_url}: {exc}; is it an eureporter dataset?") from None
    except sqlite3.DatabaseError as exc:
        raise BrowseError(f"--db {db_url}: {path} is not a readable SQLite database ({exc})") from None
    if status.current and not rebuild_search:
        return Dataset(path, immutable, search=True)
    with contextlib.closing(sqlite3.connect(":memory:")) as probe:  # a property of the library, not of the file
        fts5 = has_fts5(probe)
    if not fts5:
        note(f"this Python's SQLite ({sqlite3.sqlite_version}) has no FTS5: full-text search is off")
        return Dataset(path, immutable, search=False)
    try:
        writable = _writable(path)
    except sqlite3.OperationalError as exc:
        raise BrowseError(f"--db {db_url}: {exc}; is another process holding it?", 1) from None
    if not writable:
        if status.table:
            note(f"{path} is read-only, so its full-text index stays as it is ({status.describe()})")
            return Dataset(path, immutable, search=True)
        note(
            f"{path} is read-only and has no full-text index, so search is off; run `{PROG}` once with write "
            "access to build it"
        )
        return Dataset(path, immutable, search=False)
    reason = "rebuilding it as asked" if status.current else status.describe()
    note(f"building the full-text index of {status.rows} articles ({reason}; once per database)…")
    started = time.monotonic()
    try:
        with contextlib.closing(sqlite3.connect(path, timeout=60)) as conn:
            create_fts(conn)
    except sqlite3.OperationalError as exc:
        raise BrowseError(f"--db {db_url}: could not build the full-text index: {exc}", 1) from None
    note(f"full-text index built in {time.monotonic() - started:.1f} s")
    return Dataset(path, immutable, search=True)
