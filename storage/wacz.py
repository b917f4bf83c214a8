"""export_wacz: the finished WARC files of a data directory as one WACZ 1.1.1 package (no Scrapy import).

Layout (WACZ 1.1.1, webrecorder/specs): archive/*.warc.gz stored as they are (ZIP STORE, byte-identical),
indexes/index.cdx.gz + indexes/index.idx (a ZipNum CDXJ index merged from DATA/indexes, as py-wacz writes it),
pages/pages.jsonl (one entry per archived page, at its latest capture), datapackage.json (sha256 and size of every
file) and datapackage-digest.json. Everything is streamed: each WARC file is read once, while it is hashed and
copied, and the per-file CDXJ indexes (sorted) are merged, never loaded.
"""

from __future__ import annotations

import hashlib
import heapq
import io
import json
import logging
import os
import tempfile
import zipfile
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cdxj_indexer.main import CompressedWriter

from storage.cdxj import index_missing, index_path
from storage.sql import database_url, masked
from storage.warc import finished_warcs

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from typing import IO

logger = logging.getLogger(__name__)

WACZ_VERSION = "1.1.1"
INDEX_LINES = 1024
"""CDXJ lines per compressed block of index.cdx.gz (py-wacz's and ReplayWeb.page's default)."""
_COPY = 1 << 20
_HTML = ("text/html", "application/xhtml+xml", "application/xhtml")


class WaczError(Exception):
    """The package cannot be written (no WARC files, unwritable output)."""


@dataclass(frozen=True, slots=True)
class Page:
    url: str
    ts: str
    """RFC 3339 capture time."""
    title: str | None = None


class _Hashing:
    """A writable stream wrapper counting bytes and hashing them (sha256) on the way to the ZIP entry."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.sha256 = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.sha256.update(data)
        self.size += len(data)
        self.out.write(data)
        return len(data)

    def resource(self, path: str) -> dict[str, Any]:
        return {
            "name": Path(path).name.lower(),
            "path": path,
            "hash": f"sha256:{self.sha256.hexdigest()}",
            "bytes": self.size,
        }


def _timestamp_to_iso(ts: str) -> str:
    ts = (ts + "00000000000000")[:14]
    return f"{ts[0:4]}-{ts[4:6]}-{ts[6:8]}T{ts[8:10]}:{ts[10:12]}:{ts[12:14]}Z"


def merged_lines(indexes: Iterable[Path], stack: ExitStack) -> Iterator[str]:
    """The lines of sorted CDXJ files, merged in order (heapq.merge reads each file lazily), duplicates dropped."""
    files = [stack.enter_context(path.open(encoding="utf-8")) for path in indexes]
    last = None
    for line in heapq.merge(*files):
        if line != last and line.strip():
            yield line if line.endswith("\n") else line + "\n"
        last = line


class _PageTracker:
    """Pages from the merged index: each URL with an HTML 2xx capture, once, at its latest 2xx capture.

    The merged index is sorted by SURT key, then timestamp, so all captures of a URL are next to each other and
    pages come out in one pass with only one key's captures in memory.
    """

    def __init__(self, is_page: Callable[[str], bool] | None, sink: Callable[[Page], None]) -> None:
        self.is_page = is_page
        self.sink = sink
        self.key: str | None = None
        self.group: dict[str, list[Any]] = {}

    def add(self, line: str) -> None:
        key, ts, data = line.split(" ", 2)
        if key != self.key:
            self.flush()
            self.key = key
        try:
            entry = json.loads(data)
        except ValueError:
            return
        if not str(entry.get("status", "")).startswith("2"):
            return
        url = entry.get("url")
        if not url:
            return
        mime = str(entry.get("mime", "")).split(";")[0].strip().lower()
        state = self.group.setdefault(url, [False, ts])
        state[0] = state[0] or mime in _HTML
        state[1] = max(state[1], ts)

    def flush(self) -> None:
        for url, (html, ts) in self.group.items():
            if html and (self.is_page is None or self.is_page(url)):
                self.sink(Page(url, _timestamp_to_iso(ts)))
        self.group.clear()


class _PagesFile:
    """pages.jsonl, written to a temporary file in batches so titles can be looked up a chunk at a time."""

    def __init__(self, out: IO[str], titles: Callable[[list[str]], dict[str, str]] | None) -> None:
        self.out = out
        self.titles = titles
        self.batch: list[Page] = []
        self.count = 0
        out.write(json.dumps({"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}) + "\n")

    def add(self, page: Page) -> None:
        self.batch.append(page)
        if len(self.batch) >= 500:
            self.flush()

    def flush(self) -> None:
        titles = self.titles([p.url for p in self.batch]) if self.titles and self.batch else {}
        for page in self.batch:
            self.count += 1
            entry: dict[str, Any] = {"id": hashlib.sha1(f"{page.ts}/{page.url}".encode()).hexdigest()[:16]}
            entry.update(url=page.url, ts=page.ts)
            title = titles.get(page.url)
            if title:
                entry["title"] = title
            self.out.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.batch.clear()


def sql_titles(db_url: str) -> Callable[[list[str]], dict[str, str]] | None:
    """A title lookup in the dataset (articles.url -> title), or None when the database cannot be read."""
    try:
        from sqlalchemy import create_engine, select

        from storage.schema import articles

        # The project's URL rules (postgresql:// means psycopg 3), as every other reader of the dataset.
        engine = create_engine(database_url(db_url))
        with engine.connect() as conn:
            conn.execute(select(articles.c.url).limit(1)).all()
    except Exception as exc:  # noqa: BLE001 - titles are optional: a missing or foreign database only costs them
        logger.warning("The WACZ's page list has no titles: the dataset %s cannot be read (%s)", masked(db_url), exc)
        return None

    def lookup(urls: list[str]) -> dict[str, str]:
        with engine.connect() as conn:
            query = select(articles.c.url, articles.c.title).where(articles.c.url.in_(urls))
            return {row.url: row.title for row in conn.execute(query) if row.title}

    return lookup


def export_wacz(
    data_dir: Path | str,
    out_path: Path | str,
    *,
    is_page: Callable[[str], bool] | None = None,
    db_url: str | None = None,
    title: str = "EU Reporter archive",
) -> Path:
    """Package DATA/warc/*.warc.gz (finished files only) with their indexes and a page list as a WACZ file.

    is_page: which URLs pages.jsonl lists (default: every URL with an HTML 2xx capture); the CLI passes the article
    permalink test. Titles come from the dataset (db_url, default DATA/eureporter.db) when it can be read. The file
    is written next to out_path and renamed into place once complete.
    """
    data_dir = Path(data_dir)
    out_path = Path(out_path)
    warc_dir, index_dir = data_dir / "warc", data_dir / "indexes"
    warcs = list(finished_warcs(warc_dir))
    if not warcs:
        raise WaczError(f"--data {data_dir}: no finished WARC files in {warc_dir}; run a crawl first")
    index_missing(warc_dir, index_dir)  # a crash between closing a file and indexing it
    if db_url is None:
        db_file = data_dir / "eureporter.db"
        db_url = f"sqlite:///{db_file.resolve()}" if db_file.exists() else None
    titles = sql_titles(db_url) if db_url else None
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_name(f".{out_path.name}.{os.getpid()}.tmp")
    resources: list[dict[str, Any]] = []
    try:
        with (
            zipfile.ZipFile(tmp, "w", allowZip64=True) as wacz,
            tempfile.TemporaryFile("w+", encoding="utf-8") as pages,
        ):
            for warc in warcs:
                resources.append(_add_file(wacz, warc, f"archive/{warc.name}"))
            pages_file = _PagesFile(pages, titles)
            resources += _add_index(wacz, [index_path(w, index_dir) for w in warcs], is_page, pages_file.add)
            pages_file.flush()
            pages.seek(0)
            resources.append(_add_text(wacz, "pages/pages.jsonl", pages))
            package = {
                "profile": "data-package",
                "wacz_version": WACZ_VERSION,
                "title": title,
                "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "software": "eureporter-archive (storage.wacz)",
                "resources": resources,
            }
            package_bytes = json.dumps(package, indent=2).encode("utf-8")
            wacz.writestr(_info("datapackage.json", deflate=True), package_bytes)
            digest = {"path": "datapackage.json", "hash": f"sha256:{hashlib.sha256(package_bytes).hexdigest()}"}
            wacz.writestr(_info("datapackage-digest.json", deflate=True), json.dumps(digest, indent=2))
        tmp.replace(out_path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    logger.info("WACZ written: %s (%d WARC files, %d pages)", out_path, len(warcs), pages_file.count)
    return out_path


def _info(path: str, *, deflate: bool, size: int | None = None) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(path, datetime.now(UTC).timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
    if size is not None:
        info.file_size = size  # lets zipfile choose ZIP64 up front for files past 2 GiB
    return info


def _add_file(wacz: zipfile.ZipFile, source: Path, path: str) -> dict[str, Any]:
    # STORE: already gzip-compressed, and random access into the WARC must stay possible (WACZ §Zip Compression).
    with source.open("rb") as fh, wacz.open(_info(path, deflate=False, size=source.stat().st_size), "w") as entry:
        hashing = _Hashing(entry)
        while chunk := fh.read(_COPY):
            hashing.write(chunk)
    return hashing.resource(path)


def _add_text(wacz: zipfile.ZipFile, path: str, source: IO[str]) -> dict[str, Any]:
    with wacz.open(_info(path, deflate=True), "w") as entry:
        hashing = _Hashing(entry)
        while chunk := source.read(_COPY):
            hashing.write(chunk.encode("utf-8"))
    return hashing.resource(path)


def _add_index(
    wacz: zipfile.ZipFile, indexes: list[Path], is_page: Callable[[str], bool] | None, page: Callable[[Page], None]
) -> list[dict[str, Any]]:
    """indexes/index.cdx.gz (gzip blocks of INDEX_LINES lines, STORE) and indexes/index.idx (one line per block)."""
    idx = io.StringIO()
    tracker = _PageTracker(is_page, page)
    with ExitStack() as stack, wacz.open(_info("indexes/index.cdx.gz", deflate=False), "w") as entry:
        hashing = _Hashing(entry)
        writer = CompressedWriter(
            idx, data_out=hashing, num_lines=INDEX_LINES, data_out_name="index.cdx.gz", digest_records=True
        )
        for line in merged_lines([p for p in indexes if p.exists()], stack):
            writer.write(line)
            tracker.add(line)
        if writer.block:
            writer.flush()
        tracker.flush()
    resources = [hashing.resource("indexes/index.cdx.gz")]
    with wacz.open(_info("indexes/index.idx", deflate=True), "w") as entry:
        hashing = _Hashing(entry)
        hashing.write(idx.getvalue().encode("utf-8"))
    resources.append(hashing.resource("indexes/index.idx"))
    return resources
