"""The payload-digest index behind revisit records: one SQLite file, persistent across runs (no Scrapy import)."""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import astuple, dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

DEDUP_FILENAME = "dedup.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS captures (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    status INTEGER NOT NULL,
    payload_digest TEXT NOT NULL,
    record_id TEXT NOT NULL UNIQUE,
    filename TEXT NOT NULL,
    "offset" INTEGER NOT NULL,
    length INTEGER NOT NULL,
    date TEXT NOT NULL,
    revisit INTEGER NOT NULL,
    payload_record_id TEXT NOT NULL,
    payload_filename TEXT NOT NULL,
    payload_offset INTEGER,
    payload_url TEXT NOT NULL,
    payload_date TEXT NOT NULL,
    committed INTEGER NOT NULL DEFAULT 0,
    session TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS captures_url_digest ON captures (url, payload_digest);
CREATE INDEX IF NOT EXISTS captures_filename ON captures (filename);
CREATE INDEX IF NOT EXISTS captures_payload_filename ON captures (payload_filename);
"""


@dataclass(frozen=True, slots=True)
class Capture:
    """One archived 2xx capture (response or revisit) of a URL; payload_* locate the record holding the body."""

    url: str
    status: int
    payload_digest: str
    record_id: str
    filename: str
    offset: int
    length: int
    date: str
    """WARC-Date of the record."""
    revisit: bool
    payload_record_id: str
    payload_filename: str
    payload_offset: int | None
    payload_url: str
    payload_date: str


_COLUMNS = [f.name for f in fields(Capture)]
_SELECT = "SELECT " + ", ".join(f'"{c}"' for c in _COLUMNS) + " FROM captures"


class DedupIndex:
    """Captures by URL and payload digest, in `<indexes dir>/dedup.sqlite3`.

    Rows become visible to other writers only once their WARC file is closed (commit_file); until then only the
    session that wrote them sees them. A crash therefore never leaves a revisit pointing at a record that repair
    later cut off: forget_from/forget_file drop the rows of cut or quarantined files.
    """

    def __init__(self, path: Path, session: str | None = None) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.session = session or secrets.token_hex(8)
        # Several crawl processes on one machine may share the file: WAL and a busy timeout.
        self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        # Commits reach the WAL without an fsync; a power cut loses recent rows, i.e. dedup chances, not records.
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def _one(self, where: str, args: Iterable[object]) -> Capture | None:
        row = self._db.execute(
            f"{_SELECT} WHERE {where} AND (committed = 1 OR session = ?) ORDER BY id DESC LIMIT 1",
            (*args, self.session),
        ).fetchone()
        if row is None:
            return None
        values = dict(zip(_COLUMNS, row, strict=True))
        values["revisit"] = bool(values["revisit"])
        return Capture(**values)

    def find(self, url: str, payload_digest: str) -> Capture | None:
        """The latest 2xx capture of url with this payload digest."""
        return self._one("url = ? AND payload_digest = ? AND status BETWEEN 200 AND 299", (url, payload_digest))

    def latest(self, url: str) -> Capture | None:
        """The latest 2xx capture of url (what a 304 confirms)."""
        return self._one("url = ? AND status BETWEEN 200 AND 299", (url,))

    def add(self, capture: Capture) -> None:
        values = list(astuple(capture))
        values[_COLUMNS.index("revisit")] = int(capture.revisit)
        columns = ", ".join(f'"{c}"' for c in [*_COLUMNS, "session"])
        self._db.execute(
            f"INSERT OR REPLACE INTO captures ({columns}) VALUES ({', '.join('?' * (len(_COLUMNS) + 1))})",
            (*values, self.session),
        )

    def commit_file(self, filename: str) -> None:
        """The WARC file is closed and renamed: its captures may serve as originals for everyone."""
        self._db.execute("UPDATE captures SET committed = 1 WHERE filename = ?", (filename,))

    def commit_finished(self, finished: Iterable[str]) -> int:
        """Commit other sessions' rows whose file was closed but whose commit was lost (a crash right after)."""
        names = set(finished)
        pending = self._db.execute(
            "SELECT DISTINCT filename FROM captures WHERE committed = 0 AND session != ?", (self.session,)
        ).fetchall()
        done = [name for (name,) in pending if name in names]
        for name in done:
            self.commit_file(name)
        return len(done)

    def forget_from(self, filename: str, offset: int) -> int:
        """Drop captures at or after offset of filename, and revisits whose payload was there (a cut file)."""
        cursor = self._db.execute(
            'DELETE FROM captures WHERE (filename = ? AND "offset" >= ?)'
            " OR (payload_filename = ? AND payload_offset >= ?)",
            (filename, offset, filename, offset),
        )
        return cursor.rowcount

    def forget_file(self, filename: str) -> int:
        """Drop every capture in filename or relying on it (a quarantined file)."""
        return (
            self.forget_from(filename, 0)
            + self._db.execute("DELETE FROM captures WHERE payload_filename = ?", (filename,)).rowcount
        )

    def close(self) -> None:
        self._db.close()
