"""Reprocess: rebuild or refresh the article rows from the WARC files alone, with no network.

Every finished WARC file is streamed member by member (one gzip member = one record, so memory stays bounded by the
largest record, never by the file). Each 2xx response or identical-payload revisit of an article permalink goes
through the crawl's own reading of a page (`crawler.extraction.pages.read_article`: Content-Encoding removed under
a size limit,
charset from the HTTP Content-Type, `crawler.extraction.extract_article`), then `storage.sql.ArticleStore`
with the same provenance as `crawler.pipelines.SqlPipeline`. Captures of one URL are written in WARC-Date order, so
the newest state wins and the earlier ones become versions, as with successive crawls.
"""

from __future__ import annotations

import contextlib
import json
import logging
import multiprocessing
import os
import sqlite3
import sys
import tempfile
import time
from collections import Counter, deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from crawler import __version__
from crawler.extraction.pages import read_article
from crawler.options import default_sql_url, masked_url
from crawler.scope import article_match, canonical_page_url
from storage.cdxj import index_path, write_cdxj
from storage.dedup import DEDUP_FILENAME
from storage.httpbody import (
    MAX_DECODED_BYTES,
    declared_charset,
    is_html,
)
from storage.sql import ArticleStore, StoreError
from storage.validate import iter_members, parse_records, split_http
from storage.warc import OPEN_SUFFIX, PROFILE_IDENTICAL, finished_warcs

if TYPE_CHECKING:
    from concurrent.futures import Future

    from storage.validate import Record

logger = logging.getLogger(__name__)

BATCH = 16
"""Pages per task sent to an extraction worker: enough to amortise the inter-process round trip."""
PROGRESS_EVERY = 10_000
"""Records between two progress lines when stderr is not a terminal."""
POOL_MIN_PAGES = 2_000
"""Below this many article pages, starting extraction processes costs more than it saves."""


class ReprocessError(Exception):
    """The run could not start or could not finish; `exit_code` follows CONTRACT.md (2 usage, 1 failure)."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(slots=True)
class ReprocessResult:
    """What a run read and what it wrote. `summary()` is the line to show a person."""

    files: int = 0
    records: int = 0
    bytes_read: int = 0
    captures: int = 0
    """2xx responses and revisits of article URLs (what a crawl hands to extraction)."""
    articles: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    not_articles: int = 0
    not_html: int = 0
    revisits: int = 0
    revisits_unresolved: int = 0
    too_large: int = 0
    undecodable: int = 0
    extract_errors: int = 0
    corrupt_records: int = 0
    damaged_files: list[str] = field(default_factory=list)
    """One message per file that could not be read to its end (truncated or not gzip)."""
    open_files_skipped: int = 0
    """`*.warc.gz.open` files: still being written, or crash leftovers the next crawl repairs."""
    elapsed: float = 0.0
    crawl_id: int | None = None
    workers: int = 0
    problems: list[str] = field(default_factory=list)
    """Messages about single records (capped), for the log."""

    @property
    def pages_per_second(self) -> float:
        return self.captures / self.elapsed if self.elapsed > 0 else 0.0

    def stats(self) -> dict[str, Any]:
        """The run's figures for the crawls table (pages, errors and bytes fill its numeric columns)."""
        return {
            "pages": self.captures,
            "errors": self.corrupt_records + self.extract_errors + len(self.damaged_files) + self.revisits_unresolved,
            "bytes": self.bytes_read,
            "files": self.files,
            "records": self.records,
            "articles": self.articles,
            "not_articles": self.not_articles,
            "not_html": self.not_html,
            "revisits": self.revisits,
            "revisits_unresolved": self.revisits_unresolved,
            "too_large": self.too_large,
            "undecodable": self.undecodable,
            "extract_errors": self.extract_errors,
            "corrupt_records": self.corrupt_records,
            "damaged_files": list(self.damaged_files),
            "open_files_skipped": self.open_files_skipped,
            "elapsed_seconds": round(self.elapsed, 3),
            "pages_per_second": round(self.pages_per_second, 1),
            "workers": self.workers,
        }

    def summary(self) -> str:
        lines = [
            f"Reprocessed {self.files} WARC files ({self.bytes_read / 1e6:.1f} MB, {self.records} records) in "
            f"{self.elapsed:.1f}s: {self.captures} article pages ({self.pages_per_second:.0f} pages/s), "
            f"{self.articles} articles: {self.new} new, {self.updated} updated, {self.unchanged} unchanged",
        ]
        skipped = {
            "not articles": self.not_articles,
            "not HTML": self.not_html,
            "over the size limit": self.too_large,
            "with an unsupported Content-Encoding": self.undecodable,
            "failed extraction": self.extract_errors,
            "revisits without their original": self.revisits_unresolved,
            "damaged records": self.corrupt_records,
        }
        counted = ", ".join(f"{n} {what}" for what, n in skipped.items() if n)
        if counted:
            lines.append(f"Skipped: {counted}")
        for message in self.damaged_files:
            lines.append(f"Damaged WARC file: {message}")
        if self.open_files_skipped:
            lines.append(
                f"{self.open_files_skipped} .open WARC files skipped (being written, or left by a crash: the next "
                "crawl repairs them)"
            )
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Capture:
    """One archived article page on its way to extraction."""

    url: str
    body: bytes
    """The HTTP payload as stored (still content-encoded)."""
    content_encoding: str
    content_type: str
    fetched_at: str
    """WARC-Date of the response or revisit record."""
    warc_file: str
    warc_record_id: str
    warc_offset: int
    """Where the payload is: the response itself, or the original a revisit refers to (SqlPipeline's payload_*)."""


def extract_capture(capture: Capture) -> tuple[str, dict[str, Any] | None]:
    """(outcome, article dict): outcome is article, empty, not_html, too_large, undecodable or error.

    The page is read exactly as the crawl reads it (crawler.extraction.pages.read_article), so both give the same rows.
    """
    if not is_html(capture.content_type, capture.body, capture.content_encoding):
        return "not_html", None
    try:
        read = read_article(
            capture.body,
            capture.content_encoding,
            declared_charset(capture.content_type),
            capture.url,
            MAX_DECODED_BYTES,
        )
    except Exception as exc:  # one bad page must not stop the run
        return "error", {"error": repr(exc)}
    if read.problem is not None:
        return ("too_large" if read.problem == "too_large" else "undecodable"), None
    if read.article is None:
        return "empty", None
    return "article", read.article.asdict()


def _extract_batch(batch: list[Capture]) -> list[tuple[str, dict[str, Any] | None]]:
    return [extract_capture(capture) for capture in batch]


# --- the plan: capture order per URL, and where revisit payloads are -------------------------------------------------


class _Plan:
    """Article captures listed from the CDXJ indexes, in a temporary SQLite file (disk, not memory).

    It answers two questions without reading the WARC files: which URLs have captures whose WARC-Date order differs
    from the order of the files (those are held back and written last, in date order), and where the original of a
    revisit is when the dedup index cannot say.
    """

    def __init__(self, directory: Path) -> None:
        self.db = sqlite3.connect(directory / "plan.sqlite3", isolation_level=None)
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.execute(
            "CREATE TABLE captures (url TEXT, target TEXT, ts TEXT, rank INTEGER, offset INTEGER, digest TEXT,"
            " revisit INTEGER)"
        )
        self.deferred: dict[tuple[int, int], int] = {}
        """(file rank, offset) of held-back captures -> position in the date-ordered list."""
        self.deferred_order: list[tuple[int, int]] = []
        self.count = 0
        """Article captures listed."""

    def add_index(self, rank: int, cdxj: Path) -> None:
        rows = []
        with cdxj.open(encoding="utf-8") as fh:
            for line in fh:
                _key, _ts, data = line.rstrip("\n").split(" ", 2)
                try:
                    entry = json.loads(data)
                    target = entry["url"]
                    offset = int(entry["offset"])
                except (ValueError, KeyError):
                    continue
                if not str(entry.get("status", "")).startswith("2"):
                    continue
                url = canonical_page_url(target)
                if article_match(url) is None:
                    continue
                revisit = entry.get("mime") == "warc/revisit"
                rows.append((url, target, _ts, rank, offset, _bare_digest(entry.get("digest")), int(revisit)))
        self.db.executemany("INSERT INTO captures VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        self.count += len(rows)

    def finish(self) -> None:
        self.db.execute("CREATE INDEX captures_url ON captures (url)")
        self.db.execute("CREATE INDEX captures_target ON captures (target, digest)")
        conflicted = """
            WITH o AS (
                SELECT url,
                       ROW_NUMBER() OVER (PARTITION BY url ORDER BY ts, rank, offset) AS by_date,
                       ROW_NUMBER() OVER (PARTITION BY url ORDER BY rank, offset) AS by_file
                FROM captures)
            SELECT DISTINCT url FROM o WHERE by_date != by_file"""
        query = f"SELECT rank, offset FROM captures WHERE url IN ({conflicted}) ORDER BY url, ts, rank, offset"
        for position, (rank, offset) in enumerate(self.db.execute(query)):
            self.deferred[rank, offset] = position
            self.deferred_order.append((rank, offset))

    def original(self, target: str, digest: str | None, date: str | None) -> tuple[int, int] | None:
        """(file rank, offset) of the response with that URL and payload digest closest to date."""
        ts = _timestamp14(date) if date else ""
        row = self.db.execute(
            "SELECT rank, offset FROM captures WHERE target = ? AND digest = ? AND revisit = 0"
            " ORDER BY ts = ? DESC, abs(CAST(ts AS INTEGER) - CAST(? AS INTEGER)) LIMIT 1",
            (target, _bare_digest(digest), ts, ts or "0"),
        ).fetchone()
        return (int(row[0]), int(row[1])) if row else None

    def close(self) -> None:
        self.db.close()


def _bare_digest(value: str | None) -> str:
    # cdxj-indexer keeps the "sha1:" label, other indexers drop it (notes §2): compare without it.
    value = (value or "").strip()
    return value.split(":", 1)[1] if value.lower().startswith("sha1:") else value


def _timestamp14(date: str) -> str:
    return "".join(c for c in date if c.isdigit())[:14]


class _DedupLookup:
    """The crawl's dedup index (read-only): revisit record id -> where its payload is."""

    def __init__(self, path: Path) -> None:
        self.db: sqlite3.Connection | None = None
        if path.exists():
            try:
                self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
                self.db.execute("SELECT 1 FROM captures LIMIT 1")
            except sqlite3.Error:
                logger.warning("Dedup index %s unreadable; revisits are resolved from the CDXJ indexes", path)
                self.db = None

    def payload_of(self, record_id: str) -> tuple[str, int, str] | None:
        if self.db is None:
            return None
        try:
            row = self.db.execute(
                "SELECT payload_filename, payload_offset, payload_record_id FROM captures WHERE record_id = ?",
                (record_id,),
            ).fetchone()
        except sqlite3.Error:
            return None
        if row is None or row[1] is None:
            return None
        return str(row[0]), int(row[1]), str(row[2])

    def close(self) -> None:
        if self.db is not None:
            self.db.close()


# --- reading records -----------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Http:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str:
        lowered = name.lower()
        return ", ".join(v for n, v in self.headers if n.lower() == lowered)


def _parse_http(record: Record) -> _Http | None:
    parsed = split_http(record.block)
    if parsed is None:
        return None
    start, headers, body = parsed
    parts = start.split(" ", 2)
    try:
        status = int(parts[1])
    except (IndexError, ValueError):
        return None
    return _Http(status, headers, body)


def _read_record_at(fh: BinaryIO, offset: int) -> Record | None:
    fh.seek(offset)
    member = next(iter_members(fh), None)
    if member is None or not member.complete:
        return None
    records, error = parse_records(member.data, offset, member.length)
    return records[0] if records and not error else None


class _Files:
    """A few open WARC files for random access (revisit originals, held-back captures)."""

    def __init__(self, directory: Path, size: int = 8) -> None:
        self.directory = directory
        self.size = size
        self.open: dict[str, BinaryIO] = {}

    def read(self, name: str, offset: int) -> Record | None:
        fh = self.open.pop(name, None)
        if fh is None:
            path = self.directory / name
            if not path.is_file():
                return None
            fh = path.open("rb")
        self.open[name] = fh  # most recently used last
        while len(self.open) > self.size:
            self.open.pop(next(iter(self.open))).close()
        return _read_record_at(fh, offset)

    def close(self) -> None:
        for fh in self.open.values():
            fh.close()
        self.open.clear()


# --- progress ------------------------------------------------------------------------------------------------------


class _Progress:
    def __init__(self, mode: bool | None, total_bytes: int, result: ReprocessResult) -> None:
        self.tty = sys.stderr.isatty()
        self.enabled = mode if mode is not None else True
        self.bar = self.enabled and self.tty
        self.total = max(total_bytes, 1)
        self.result = result
        self.started = time.monotonic()
        self.last_draw = 0.0
        self.next_line = PROGRESS_EVERY

    def update(self, done_bytes: int, force: bool = False) -> None:
        if not self.enabled:
            return
        r = self.result
        elapsed = max(time.monotonic() - self.started, 1e-9)
        if self.bar:
            now = time.monotonic()
            if not force and now - self.last_draw < 0.2:
                return
            self.last_draw = now
            share = min(done_bytes / self.total, 1.0)
            filled = int(share * 30)
            sys.stderr.write(
                f"\r[{'#' * filled}{'.' * (30 - filled)}] {share:4.0%} {r.records} records, {r.captures} pages, "
                f"{r.articles} articles, {r.captures / elapsed:.0f} pages/s "
            )
            sys.stderr.flush()
        elif r.records >= self.next_line or force:
            self.next_line = r.records + PROGRESS_EVERY
            sys.stderr.write(
                f"reprocess: {done_bytes * 100 // self.total}% of {self.total / 1e6:.1f} MB, {r.records} records, "
                f"{r.captures} pages, {r.articles} articles, {r.captures / elapsed:.0f} pages/s\n"
            )
            sys.stderr.flush()

    def close(self) -> None:
        if self.bar:
            sys.stderr.write("\n")
            sys.stderr.flush()


# --- the run -------------------------------------------------------------------------------------------------------


def default_workers(pages: int) -> int:
    """Extraction processes for an archive of `pages` article pages: none below POOL_MIN_PAGES or on fewer than
    three cores (a worker costs ~1.5 s to start, and the reading process keeps a core busy), else one per other core.

    Measured on 2 cores (docs/archive.md, 1,001 replica pages): in-process 147 pages/s, one worker 117, two 99.
    """
    cores = os.cpu_count() or 1
    if pages < POOL_MIN_PAGES or cores < 3:
        return 0
    return min(cores - 1, 4)


class _Run:
    def __init__(
        self,
        warc_dir: Path,
        files: list[Path],
        store: ArticleStore,
        crawl_id: int,
        result: ReprocessResult,
        plan: _Plan,
        dedup: _DedupLookup,
        workers: int,
        progress: _Progress,
    ) -> None:
        self.warc_dir = warc_dir
        self.files = files
        self.rank = {p.name: i for i, p in enumerate(files)}
        self.store = store
        self.crawl_id = crawl_id
        self.result = result
        self.plan = plan
        self.dedup = dedup
        self.progress = progress
        self.random_access = _Files(warc_dir)
        self.pool: ProcessPoolExecutor | None = None
        if workers > 0:
            # spawn: no inherited database connections or file handles in the workers.
            self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
        self.window = max(2, workers * 4)
        self.pending: deque[tuple[list[Capture], Future[list[tuple[str, dict[str, Any] | None]]] | None]] = deque()
        self.batch: list[Capture] = []
        self.done_bytes = 0

    # pages to extraction, results to the store, in submission order (which keeps each URL's captures in date order)

    def submit(self, capture: Capture) -> None:
        self.result.captures += 1
        self.batch.append(capture)
        if len(self.batch) >= BATCH:
            self._send()

    def _send(self) -> None:
        if not self.batch:
            return
        batch, self.batch = self.batch, []
        future = self.pool.submit(_extract_batch, batch) if self.pool is not None else None
        self.pending.append((batch, future))
        while len(self.pending) > (self.window if self.pool is not None else 0):
            self._collect()

    def _collect(self) -> None:
        batch, future = self.pending.popleft()
        try:
            outcomes = future.result() if future is not None else _extract_batch(batch)
        except BrokenProcessPool:
            # A worker died (out of memory, killed): finish the run in this process rather than lose pages.
            if self.pool is not None:
                logger.warning("Extraction worker pool broke; extracting in this process from now on")
                self.pool.shutdown(wait=False, cancel_futures=True)
                self.pool = None
            outcomes = _extract_batch(batch)
        for capture, (outcome, article) in zip(batch, outcomes, strict=True):
            self._store(capture, outcome, article)

    def drain(self) -> None:
        self._send()
        while self.pending:
            self._collect()

    def _store(self, capture: Capture, outcome: str, article: dict[str, Any] | None) -> None:
        r = self.result
        if outcome == "article" and article is not None:
            r.articles += 1
            self.store.add(
                article,
                warc_file=capture.warc_file,
                warc_record_id=capture.warc_record_id,
                warc_offset=capture.warc_offset,
                fetched_at=capture.fetched_at,
                crawl_id=self.crawl_id,
            )
        elif outcome == "empty":
            r.not_articles += 1
        elif outcome == "not_html":
            r.not_html += 1
        elif outcome == "too_large":
            r.too_large += 1
            self._problem(f"{capture.url}: body inflates past {MAX_DECODED_BYTES} bytes; skipped")
        elif outcome == "undecodable":
            r.undecodable += 1
            self._problem(f"{capture.url}: Content-Encoding {capture.content_encoding!r} cannot be decoded; skipped")
        else:
            r.extract_errors += 1
            self._problem(f"{capture.url}: extraction failed: {(article or {}).get('error')}")

    def _problem(self, message: str) -> None:
        logger.warning("%s", message)
        if len(self.result.problems) < 100:
            self.result.problems.append(message)

    # records to captures

    def capture_of(self, record: Record, filename: str, offset: int) -> Capture | None:
        """The article capture a response or revisit record holds, or None (not an article page, not 2xx)."""
        kind = record.type
        if kind not in ("response", "revisit"):
            return None
        target = record.get("WARC-Target-URI") or ""
        url = canonical_page_url(target)
        if article_match(url) is None:
            return None
        http = _parse_http(record)
        if http is None or not 200 <= http.status < 300:
            return None
        payload_file, payload_id, payload_offset, body = filename, record.id, offset, http.body
        if kind == "revisit":
            if record.get("WARC-Profile") != PROFILE_IDENTICAL:
                return None
            self.result.revisits += 1
            original = self._original(record, filename)
            if original is None:
                self.result.revisits_unresolved += 1
                self._problem(
                    f"{filename} offset {offset}: revisit of {target} refers to "
                    f"{record.get('WARC-Refers-To') or 'an unnamed record'} ({record.get('WARC-Refers-To-Date')}), "
                    "which is not in the finished WARC files; skipped"
                )
                return None
            payload_file, payload_offset, original_record, original_http = original
            payload_id, body = original_record.id, original_http.body
        # Content-Encoding renamed by the writer means the stored body is already decoded (storage.warc notes).
        encoding = http.header("Content-Encoding")
        return Capture(
            url=url,
            body=body,
            content_encoding=encoding,
            content_type=http.header("Content-Type"),
            fetched_at=record.get("WARC-Date") or "",
            warc_file=payload_file,
            warc_record_id=payload_id,
            warc_offset=payload_offset,
        )

    def _original(self, revisit: Record, filename: str) -> tuple[str, int, Record, _Http] | None:
        candidates: list[tuple[str, int]] = []
        found = self.dedup.payload_of(revisit.id)
        if found is not None:
            candidates.append((found[0], found[1]))
        planned = self.plan.original(
            revisit.get("WARC-Refers-To-Target-URI") or revisit.get("WARC-Target-URI") or "",
            revisit.get("WARC-Payload-Digest"),
            revisit.get("WARC-Refers-To-Date"),
        )
        if planned is not None:
            candidates.append((self.files[planned[0]].name, planned[1]))
        wanted_id = revisit.get("WARC-Refers-To")
        digest = _bare_digest(revisit.get("WARC-Payload-Digest"))
        for name, offset in candidates:
            original = self.random_access.read(name, offset)
            if original is None or original.type != "response":
                continue
            if wanted_id and original.id != wanted_id:
                continue
            if digest and _bare_digest(original.get("WARC-Payload-Digest")) != digest:
                continue
            http = _parse_http(original)
            if http is not None:
                return name, offset, original, http
        return None

    # the passes

    def stream_file(self, path: Path) -> None:
        rank = self.rank[path.name]
        r = self.result
        try:
            fh = path.open("rb")
        except OSError as exc:
            r.damaged_files.append(f"{path.name}: cannot be read ({exc})")
            return
        with fh:
            for member in iter_members(fh):
                self.progress.update(self.done_bytes + member.offset + member.length)
                if not member.complete:
                    message = (
                        f"{path.name}: {member.error} at offset {member.offset} ({member.length} bytes to the end); "
                        "the records before it were processed"
                    )
                    r.damaged_files.append(message)
                    logger.error("Damaged WARC file %s", message)
                    break
                records, error = parse_records(member.data, member.offset, member.length)
                r.records += len(records)
                if error:
                    r.corrupt_records += 1
                    self._problem(f"{path.name} offset {member.offset}: damaged record ({error}); skipped")
                for record in records:
                    if (rank, member.offset) in self.plan.deferred:
                        continue  # written later, in WARC-Date order with the other captures of its URL
                    capture = self.capture_of(record, path.name, member.offset)
                    if capture is not None:
                        self.submit(capture)
        self.done_bytes += path.stat().st_size
        r.bytes_read = self.done_bytes

    def deferred(self) -> None:
        if self.plan.deferred_order:
            logger.info("Writing %d captures held back for WARC-Date order", len(self.plan.deferred_order))
        for rank, offset in self.plan.deferred_order:
            name = self.files[rank].name
            record = self.random_access.read(name, offset)
            if record is None:
                self.result.corrupt_records += 1
                self._problem(f"{name} offset {offset}: the index names a record that cannot be read; skipped")
                continue
            capture = self.capture_of(record, name, offset)
            if capture is not None:
                self.submit(capture)

    def close(self, cancel: bool = False) -> None:
        self.random_access.close()
        if self.pool is not None:
            self.pool.shutdown(wait=not cancel, cancel_futures=cancel)
            self.pool = None


def reprocess(
    data_dir: Path | str,
    db_url: str | None = None,
    *,
    progress: bool | None = None,
    workers: int | None = None,
) -> ReprocessResult:
    """Extract every archived article page of DATA/warc into the dataset at db_url (default DATA/eureporter.db).

    On an empty database this rebuilds the dataset; on an existing one it refreshes it (unchanged pages stay
    unchanged, changed ones become new versions). progress: True = always report to stderr, False = never, None = a
    bar on a terminal and a line per PROGRESS_EVERY records otherwise. workers: extraction processes (0 = extract in
    this process; None = default_workers(), chosen by the number of pages). Raises ReprocessError (exit_code 2 for a
    data directory without WARC files, 1 for database failures).
    """
    started = time.monotonic()
    data_dir = Path(data_dir)
    warc_dir = data_dir / "warc"
    index_dir = data_dir / "indexes"
    if not warc_dir.is_dir():
        raise ReprocessError(f"--data {data_dir}: no warc/ directory there; pass the data directory of a crawl", 2)
    files = list(finished_warcs(warc_dir))
    open_files = sorted(warc_dir.glob(f"*.warc.gz{OPEN_SUFFIX}"))
    if not files:
        raise ReprocessError(
            f"--data {data_dir}: no finished WARC files in {warc_dir}"
            + (f" ({len(open_files)} .open files: a crawl is running or crashed)" if open_files else ""),
            2,
        )
    db_url = db_url or default_sql_url(data_dir)
    result = ReprocessResult(files=len(files), open_files_skipped=len(open_files))
    try:
        store = ArticleStore(db_url)
    except StoreError as exc:
        raise ReprocessError(str(exc), 1) from exc
    options = {
        "mode": "reprocess",
        "software": f"eureporter-archive/{__version__}",
        "data_dir": str(data_dir.resolve()),
        "db": masked_url(db_url),
        "warc_files": len(files),
        "workers": "auto" if workers is None else workers,
    }
    try:
        crawl_id = store.begin_crawl(options)
    except StoreError as exc:
        store.close()
        raise ReprocessError(str(exc), 1) from exc
    result.crawl_id = crawl_id
    status, reason = "failed", "error"
    bar = _Progress(progress, sum(p.stat().st_size for p in files), result)
    with tempfile.TemporaryDirectory(prefix="eureporter-reprocess-") as tmp:
        plan = _Plan(Path(tmp))
        dedup = _DedupLookup(index_dir / DEDUP_FILENAME)
        run: _Run | None = None
        try:
            _make_plan(plan, files, index_dir, result)
            workers = default_workers(plan.count) if workers is None else max(0, workers)
            result.workers = workers
            run = _Run(warc_dir, files, store, crawl_id, result, plan, dedup, workers, bar)
            for path in files:
                run.stream_file(path)
            run.deferred()
            run.drain()
            status, reason = "finished", "finished"
        except KeyboardInterrupt:
            status, reason = "interrupted", "shutdown"
            raise
        except StoreError as exc:
            raise ReprocessError(str(exc), 1) from exc
        finally:
            if run is not None:
                run.close(cancel=status != "finished")
            plan.close()
            dedup.close()
            bar.update(result.bytes_read, force=True)
            bar.close()
            result.elapsed = time.monotonic() - started
            _finish(store, crawl_id, status, reason, result)
    return result


def _make_plan(plan: _Plan, files: list[Path], index_dir: Path, result: ReprocessResult) -> None:
    for rank, path in enumerate(files):
        cdxj = index_path(path, index_dir)
        if not cdxj.exists():
            try:
                write_cdxj(path, index_dir)  # the crawl died before indexing it, or indexes/ was not copied
            except Exception as exc:
                logger.warning("Cannot index %s (%s); its captures are taken in file order", path.name, exc)
                continue
        try:
            plan.add_index(rank, cdxj)
        except (OSError, ValueError) as exc:
            logger.warning("Cannot read the index %s (%s); its captures are taken in file order", cdxj, exc)
    plan.finish()


def _finish(store: ArticleStore, crawl_id: int, status: str, reason: str, result: ReprocessResult) -> None:
    try:
        with contextlib.suppress(StoreError):
            store.flush()
        counts: Counter[str] = store.counts
        result.new, result.updated, result.unchanged = counts["new"], counts["updated"], counts["unchanged"]
        store.end_crawl(crawl_id, status=status, finish_reason=reason, stats=result.stats())
    except StoreError as exc:
        logger.error("Could not record the end of the reprocessing run: %s", exc)
        if status == "finished":
            raise ReprocessError(str(exc), 1) from exc
    finally:
        with contextlib.suppress(StoreError):  # the batch was retried above; its error is already reported
            store.close()
