"""Reprocess: rebuild or refresh the article rows from the WARC files alone, with no network.

Every finished WARC file is streamed with FastWARC (memory bounded by a record, never by the file). Each 2xx response
or identical-payload revisit of an article permalink goes, still content-encoded, in batches, to the crawl's own
worker pool (crawler.workers.WorkerPool) and the crawl's own reading of a capture
(crawler.extraction.pages.read_capture), then to storage.sql.ArticleStore with the provenance SqlPipeline records.
Results are stored in the order the captures were read, and captures of one URL are read in WARC-Date order, so the
newest state wins and the earlier ones become versions, as with successive crawls.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import sys
import tempfile
import time
import zlib
from collections import Counter, deque
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from fastwarc.warc import ArchiveIterator, WarcRecordType

from crawler import __version__
from crawler.extraction.pages import read_batch
from crawler.options import default_sql_url, masked_url
from crawler.revisits import http_date
from crawler.scope import article_match, canonical_page_url
from crawler.workers import WorkerPool
from crawler.workers import default_workers as pool_size
from storage.cdxj import index_path, write_cdxj
from storage.dedup import DEDUP_FILENAME
from storage.httpbody import MAX_DECODED_BYTES
from storage.sql import ArticleStore, StoreError
from storage.warc import OPEN_SUFFIX, PROFILE_IDENTICAL, finished_warcs

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from fastwarc.warc import WarcRecord

    from crawler.extraction.pages import PageRead

logger = logging.getLogger(__name__)

BATCH = 16
"""Pages per task sent to an extraction worker: enough to amortise the inter-process round trip."""
PROGRESS_EVERY = 10_000
"""Records between two progress lines when stderr is not a terminal."""
POOL_MIN_PAGES = 200
"""Below this many article pages, extraction stays in this process: the pool would cost more than it saves."""
_CHUNK = 1 << 16


class ReprocessError(Exception):
    """The run could not start or could not finish; `exit_code` follows CONTRACT.md (2 usage, 1 failure)."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


# What read_capture's problems and notes are called in the summary.
SKIPPED = {
    "not_articles": "not articles",
    "not_html": "not HTML",
    "too_large": "over the size limit",
    "undecodable": "with an undecodable Content-Encoding",
    "truncated": "cut short before the end of their HTML",
    "extract_errors": "failed extraction",
    "revisits_unresolved": "revisits without their original",
    "corrupt_records": "damaged records",
}


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
    truncated: int = 0
    """Captures cut short (WARC-Truncated) whose HTML does not end: not stored, as the crawl does."""
    extract_errors: int = 0
    corrupt_records: int = 0
    page_kinds: Counter[str] = field(default_factory=Counter)
    """Pages served in place of the article (challenge, consent, soft404), by kind; counted in not_articles too."""
    notes: Counter[str] = field(default_factory=Counter)
    """Pages read despite an oddity: mislabelled_encoding, truncated_complete."""
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
            **{name: getattr(self, name) for name in SKIPPED},
            "revisits": self.revisits,
            "page_kinds": dict(self.page_kinds),
            "notes": dict(self.notes),
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
        counted = ", ".join(f"{getattr(self, name)} {what}" for name, what in SKIPPED.items() if getattr(self, name))
        if counted:
            kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(self.page_kinds.items()))
            lines.append(f"Skipped: {counted}" + (f" (in place of the article: {kinds})" if kinds else ""))
        if self.notes:
            lines.append("Read despite: " + ", ".join(f"{n} {note}" for note, n in sorted(self.notes.items())))
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
    """One archived article page on its way to extraction: what read_capture gets, and where the row comes from."""

    url: str
    body: bytes
    """The HTTP payload as stored (still content-encoded)."""
    content_encoding: str
    content_type: str
    truncated: bool
    """The payload record says WARC-Truncated (the crawl got fewer bytes than the Content-Length)."""
    fetched_at: str
    """WARC-Date of the response or revisit record."""
    warc_file: str
    warc_record_id: str
    warc_offset: int
    """Where the payload is: the response itself, or the original a revisit refers to (SqlPipeline's payload_*)."""
    http_etag: str | None = None
    http_last_modified: str | None = None
    site_date: str | None = None
    """The response's Date header (the site's clock), as the spider reads it."""

    def task(self) -> tuple[bytes, str, str, str, bool]:
        return self.body, self.content_encoding, self.content_type, self.url, self.truncated


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
                _key, ts, data = line.rstrip("\n").split(" ", 2)
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
                rows.append((url, target, ts, rank, offset, _bare_digest(entry.get("digest")), int(revisit)))
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

    def payload_of(self, record_id: str) -> tuple[str, int] | None:
        if self.db is None:
            return None
        try:
            row = self.db.execute(
                "SELECT payload_filename, payload_offset FROM captures WHERE record_id = ?", (record_id,)
            ).fetchone()
        except sqlite3.Error:
            return None
        if row is None or row[1] is None:
            return None
        return str(row[0]), int(row[1])

    def close(self) -> None:
        if self.db is not None:
            self.db.close()


# --- reading records -----------------------------------------------------------------------------------------------


class _Damaged(Exception):
    """A record whose gzip member ends before its payload does: the file is cut there."""

    def __init__(self, offset: int) -> None:
        super().__init__(offset)
        self.offset = offset


def _member_end(fh: BinaryIO, offset: int) -> tuple[int | None, str]:
    """(offset just past the gzip member at `offset`, "") or (None, what is wrong there). Output is discarded,
    inflated a chunk at a time: a member is at most read, never held."""
    fh.seek(offset)
    inflater = zlib.decompressobj(zlib.MAX_WBITS + 16)
    try:
        while not inflater.eof:
            data = inflater.unconsumed_tail or fh.read(_CHUNK)
            if not data:
                return None, "truncated gzip member"
            inflater.decompress(data, _CHUNK)
    except zlib.error:
        return None, "not gzip data"
    return fh.tell() - len(inflater.unused_data), ""


def _payload(record: WarcRecord, offset: int) -> bytes:
    body = record.reader.read()
    if len(body) < record.content_length:  # FastWARC hands a cut-off last record over as it is
        raise _Damaged(offset)
    return bytes(body)


def _read_at(fh: BinaryIO, offset: int) -> tuple[WarcRecord, bytes] | None:
    """The record whose gzip member starts at offset, with its payload; None when there is no whole record there."""
    fh.seek(offset)
    try:
        for record in ArchiveIterator(fh, parse_http=True):
            return (record, _payload(record, offset)) if record.stream_pos == offset else None
    except (OSError, _Damaged):
        return None
    return None


class _Files:
    """A few open WARC files for random access (revisit originals, held-back captures)."""

    def __init__(self, directory: Path, size: int = 8) -> None:
        self.directory = directory
        self.size = size
        self.open: dict[str, BinaryIO] = {}

    def read(self, name: str, offset: int) -> tuple[WarcRecord, bytes] | None:
        fh = self.open.pop(name, None)
        if fh is None:
            path = self.directory / name
            if not path.is_file():
                return None
            fh = path.open("rb")
        self.open[name] = fh  # most recently used last
        while len(self.open) > self.size:
            self.open.pop(next(iter(self.open))).close()
        return _read_at(fh, offset)

    def close(self) -> None:
        for fh in self.open.values():
            fh.close()
        self.open.clear()


# --- progress ------------------------------------------------------------------------------------------------------


class _Progress:
    """A bar on a terminal, else a line every PROGRESS_EVERY records: pages/s and the time left (ETA, by bytes)."""

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
        now = time.monotonic()
        elapsed = max(now - self.started, 1e-9)
        share = min(done_bytes / self.total, 1.0)
        rate = r.captures / elapsed
        figures = f"{r.captures} pages, {r.articles} articles, {rate:.0f} pages/s, ETA {_eta(elapsed, share)}"
        if self.bar:
            if not force and now - self.last_draw < 0.2:
                return
            self.last_draw = now
            filled = int(share * 30)
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {share:4.0%} {r.records} records, {figures} ")
            sys.stderr.flush()
        elif r.records >= self.next_line or force:
            self.next_line = r.records + PROGRESS_EVERY
            sys.stderr.write(f"reprocess: {share:.0%} of {self.total / 1e6:.1f} MB, {r.records} records, {figures}\n")
            sys.stderr.flush()

    def close(self) -> None:
        if self.bar:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _eta(elapsed: float, share: float) -> str:
    if share >= 1.0:
        return "0:00"
    if share <= 0.0:
        return "?"
    minutes, seconds = divmod(int(elapsed * (1 - share) / share), 60)
    return f"{minutes}:{seconds:02d}"


# --- the run -------------------------------------------------------------------------------------------------------


def default_workers(pages: int) -> int:
    """Extraction processes for an archive of `pages` article pages: none below POOL_MIN_PAGES, else one per core
    (at most 4). Forked workers start at once, and this process only reads records and writes rows, so on two
    cores two workers are the fastest (benchmarks/reprocess.py)."""
    return 0 if pages < POOL_MIN_PAGES else pool_size(-1)


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
        self.done_bytes = 0

    # captures to the pool, results to the store, in reading order (which keeps each URL's captures in date order)

    def run(self, pool: WorkerPool) -> None:
        sent: deque[list[Capture]] = deque()

        def batches() -> Iterator[list[tuple[bytes, str, str, str, bool]]]:
            for batch in _batched(self.captures(), BATCH):
                sent.append(batch)
                yield [capture.task() for capture in batch]

        for reads in pool.map(read_batch, batches(), MAX_DECODED_BYTES):
            for capture, read in zip(sent.popleft(), reads, strict=True):
                self.store_read(capture, read)

    def store_read(self, capture: Capture, read: PageRead) -> None:
        r = self.result
        r.notes.update(read.notes)
        if read.article is not None:
            r.articles += 1
            self.store.add(
                read.article,
                warc_file=capture.warc_file,
                warc_record_id=capture.warc_record_id,
                warc_offset=capture.warc_offset,
                fetched_at=capture.fetched_at,
                crawl_id=self.crawl_id,
                http_etag=capture.http_etag,
                http_last_modified=capture.http_last_modified,
                site_seen_at=capture.site_date,
            )
        elif read.problem is None:
            r.not_articles += 1
            if read.not_article is not None:
                r.page_kinds[read.not_article] += 1
        elif read.problem == "not_html":
            r.not_html += 1
        else:
            counter = {"too_large": "too_large", "coding": "undecodable", "truncated": "truncated"}
            name = counter.get(read.problem, "extract_errors")
            setattr(r, name, getattr(r, name) + 1)
            self._problem(f"{capture.url} ({capture.warc_file} offset {capture.warc_offset}): {read.detail}; skipped")

    def _problem(self, message: str) -> None:
        logger.warning("%s", message)
        if len(self.result.problems) < 100:
            self.result.problems.append(message)

    # records to captures

    def captures(self) -> Iterator[Capture]:
        for path in self.files:
            yield from self.stream_file(path)
        if self.plan.deferred_order:
            logger.info("Reading %d captures held back for WARC-Date order", len(self.plan.deferred_order))
        for rank, offset in self.plan.deferred_order:
            name = self.files[rank].name
            found = self.random_access.read(name, offset)
            if found is None:
                self.result.corrupt_records += 1
                self._problem(f"{name} offset {offset}: the index names a record that cannot be read; skipped")
                continue
            capture = self.capture_of(found[0], name, offset, found[1])
            if capture is not None:
                yield capture

    def capture_of(
        self, record: WarcRecord, filename: str, offset: int, payload: bytes | None = None
    ) -> Capture | None:
        """The article capture a response or revisit record holds, or None (not an article page, not 2xx)."""
        kind = record.record_type
        if kind != WarcRecordType.response and kind != WarcRecordType.revisit:
            return None
        target = record.headers.get("WARC-Target-URI") or ""
        url = canonical_page_url(target)
        if article_match(url) is None:
            return None
        http = record.http_headers
        if http is None or not 200 <= (http.status_code or 0) < 300:
            return None
        if kind == WarcRecordType.revisit and record.headers.get("WARC-Profile") != PROFILE_IDENTICAL:
            return None  # a 304 confirmation (server-not-modified) holds no page
        self.result.captures += 1
        if kind == WarcRecordType.response:
            source, payload_file, payload_offset = record, filename, offset
            body = _payload(record, offset) if payload is None else payload
        else:
            self.result.revisits += 1
            original = self._original(record)
            if original is None:
                self.result.revisits_unresolved += 1
                self._problem(
                    f"{filename} offset {offset}: revisit of {target} refers to "
                    f"{record.headers.get('WARC-Refers-To') or 'an unnamed record'} "
                    f"({record.headers.get('WARC-Refers-To-Date')}), which is not in the finished WARC files; skipped"
                )
                return None
            payload_file, payload_offset, source, body = original
        # The revisit's own HTTP headers: the crawl read that response with them, and the payload is identical.
        # storage.warc renames a Content-Encoding the body does not have: read_capture then notes the mislabel, as
        # the crawl did on the live response.
        encoding = ", ".join(http.get_multiple("Content-Encoding")) or ", ".join(
            http.get_multiple("X-Crawler-Content-Encoding")
        )
        return Capture(
            url=url,
            body=body,
            content_encoding=encoding,
            content_type=", ".join(http.get_multiple("Content-Type")),
            truncated=bool(source.headers.get("WARC-Truncated")),
            fetched_at=record.headers.get("WARC-Date") or "",
            warc_file=payload_file,
            warc_record_id=source.record_id or "",
            warc_offset=payload_offset,
            http_etag=http.get("ETag"),
            http_last_modified=http.get("Last-Modified"),
            site_date=site_date.isoformat() if (site_date := http_date(http.get("Date"))) else None,
        )

    def _original(self, revisit: WarcRecord) -> tuple[str, int, WarcRecord, bytes] | None:
        headers = revisit.headers
        candidates: list[tuple[str, int]] = []
        found = self.dedup.payload_of(revisit.record_id or "")
        if found is not None:
            candidates.append(found)
        planned = self.plan.original(
            headers.get("WARC-Refers-To-Target-URI") or headers.get("WARC-Target-URI") or "",
            headers.get("WARC-Payload-Digest"),
            headers.get("WARC-Refers-To-Date"),
        )
        if planned is not None:
            candidates.append((self.files[planned[0]].name, planned[1]))
        wanted_id = headers.get("WARC-Refers-To")
        digest = _bare_digest(headers.get("WARC-Payload-Digest"))
        for name, offset in candidates:
            read = self.random_access.read(name, offset)
            if read is None:
                continue
            original, body = read
            if original.record_type != WarcRecordType.response or original.http_headers is None:
                continue
            if wanted_id and original.record_id != wanted_id:
                continue
            if digest and _bare_digest(original.headers.get("WARC-Payload-Digest")) != digest:
                continue
            return name, offset, original, body
        return None

    def stream_file(self, path: Path) -> Iterator[Capture]:
        """The captures of one file in file order (held-back ones excepted). A gzip member that holds no WARC record
        is counted and skipped; a truncated or non-gzip tail ends the file, reported."""
        rank = self.rank[path.name]
        r = self.result
        try:
            fh = path.open("rb")
        except OSError as exc:
            r.damaged_files.append(f"{path.name}: cannot be read ({exc})")
            return
        with fh:
            size = os.fstat(fh.fileno()).st_size
            start = 0
            while start < size:
                last, damaged_at = None, None
                fh.seek(start)
                try:
                    for record in ArchiveIterator(fh, parse_http=True):
                        offset = record.stream_pos  # from the start of the file, wherever reading began
                        r.records += 1
                        self.progress.update(self.done_bytes + offset)
                        if (rank, offset) not in self.plan.deferred:  # else later, in date order with its URL
                            capture = self.capture_of(record, path.name, offset)
                            if capture is not None:
                                yield capture
                        last = offset
                except OSError:
                    pass  # FastWARC stops at the member it cannot read: which one, and why, is found below
                except _Damaged as exc:
                    damaged_at = exc.offset
                if damaged_at is None:
                    end, error = (start, "") if last is None else _member_end(fh, last)
                    if end is None:  # the last record read is itself cut short
                        damaged_at = last
                    elif end >= size:
                        break
                    else:
                        damaged_at = end
                assert damaged_at is not None
                following, error = _member_end(fh, damaged_at)
                if following is None:
                    message = (
                        f"{path.name}: {error} at offset {damaged_at} ({size - damaged_at} bytes to the end); "
                        "the records before it were processed"
                    )
                    r.damaged_files.append(message)
                    logger.error("Damaged WARC file %s", message)
                    break
                r.corrupt_records += 1
                self._problem(f"{path.name} offset {damaged_at}: a gzip member that is not a WARC record; skipped")
                start = following
        self.done_bytes += size
        r.bytes_read = self.done_bytes

    def close(self) -> None:
        self.random_access.close()


def _batched(captures: Iterable[Capture], size: int) -> Iterator[list[Capture]]:
    batch: list[Capture] = []
    for capture in captures:
        batch.append(capture)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


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
        # Forked, not spawned: no reactor and no thread of ours here, and the workers start with extraction imported.
        pool: WorkerPool | None = None
        try:
            _make_plan(plan, files, index_dir, result)
            result.workers = default_workers(plan.count) if workers is None else max(0, workers)
            pool = WorkerPool(result.workers, start_method="fork" if os.name == "posix" else "spawn")
            run = _Run(warc_dir, files, store, crawl_id, result, plan, dedup, bar)
            run.run(pool)
            status, reason = "finished", "finished"
        except KeyboardInterrupt:
            status, reason = "interrupted", "shutdown"
            raise
        except StoreError as exc:
            raise ReprocessError(str(exc), 1) from exc
        except BrokenProcessPool as exc:
            raise ReprocessError(
                f"extraction worker processes died twice on the same pages ({exc}); is the machine out of memory? "
                "Run again with fewer workers",
                1,
            ) from exc
        finally:
            if pool is not None:
                pool.close(wait=status == "finished")
            if run is not None:
                run.close()
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
