"""WarcArchive: every download (redirects, retries, errors, robots.txt) into WARC/1.1 files, as received."""

from __future__ import annotations

import asyncio
import errno
import logging
import os
import sqlite3
import sys
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler import __version__, options
from crawler.meta import WARC
from storage.dedup import DEDUP_FILENAME, DedupIndex
from storage.repair import repair_leftovers
from storage.warc import HttpExchange, WarcWriter, WriteResult

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Headers, Response
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

STATS = "eureporter/warc"


def _header_pairs(headers: Headers) -> list[tuple[bytes, bytes]]:
    # getlist keeps repeated headers (two Set-Cookie), which headers[name] would collapse to the last one.
    return [(name, value) for name in headers for value in headers.getlist(name)]


class WarcArchive:
    """Archive every HTTP download into rotating WARC/1.1 files, with CDXJ indexes and revisit dedup.

    Captures at the `response_downloaded` signal: before HttpCompressionMiddleware decodes the body and before
    redirect/retry middlewares swallow 3xx and failed attempts (notes §5). Enable with
    `EXTENSIONS = {"crawler.extensions.archive.WarcArchive": 100}`; settings EUREPORTER_DATA_DIR, EUREPORTER_WARC_DIR,
    EUREPORTER_WARC_PREFIX, EUREPORTER_WARC_MAX_BYTES, EUREPORTER_WARC_OPERATOR, EUREPORTER_WARC_DEDUP.
    After writing, `request.meta["eureporter_warc"]` holds where the capture (and its payload) is.
    """

    def __init__(
        self,
        warc_dir: Path,
        index_dir: Path,
        *,
        prefix: str,
        max_bytes: int,
        stats: StatsCollector,
        operator: str = "",
        software: str = "",
        user_agent: str = "",
        robots: str = "",
        crawl_options: dict[str, Any] | None = None,
        dedup: bool = True,
    ) -> None:
        self.warc_dir = warc_dir
        self.index_dir = index_dir
        self.prefix = prefix
        self.max_bytes = max_bytes
        self.stats = stats
        self.operator = operator
        self.software = software
        self.user_agent = user_agent
        self.robots = robots
        self.crawl_options = dict(crawl_options or {})
        self.dedup_enabled = dedup
        self.writer: WarcWriter | None = None
        self.dedup: DedupIndex | None = None
        self.crawler: Crawler | None = None
        self.failed: str | None = None
        """Why archiving stopped working (the first failed write), once it did."""
        # Per download in flight (keyed by id(request), cleared at request_left_downloader): when its headers
        # arrived and the download_latency seen then; and which downloads produced a response.
        self._headers_at: dict[int, tuple[float, float | None]] = {}
        self._answered: set[int] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.get("EUREPORTER_DATA_DIR"):
            raise NotConfigured("EUREPORTER_DATA_DIR is empty; set the data directory, e.g. data")
        warc_dir, index_dir = options.warc_dir(settings), options.index_dir(settings)
        try:
            max_bytes = int(settings.getfloat("EUREPORTER_WARC_MAX_BYTES"))
        except ValueError:
            max_bytes = 0
        if max_bytes <= 0:
            raise NotConfigured(
                f"EUREPORTER_WARC_MAX_BYTES ({settings.get('EUREPORTER_WARC_MAX_BYTES')!r}) must be a positive "
                "number of bytes, e.g. 1000000000"
            )
        prefix = settings.get("EUREPORTER_WARC_PREFIX") or ""
        if not prefix or not all(c.isalnum() or c in "._-" for c in prefix):
            raise NotConfigured(
                f"EUREPORTER_WARC_PREFIX ({prefix!r}) must be a non-empty name of letters, digits, '.', '_' or '-'"
            )
        for setting, folder in (("EUREPORTER_WARC_DIR", warc_dir), ("EUREPORTER_DATA_DIR", index_dir)):
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise NotConfigured(f"{setting}: cannot create {folder} ({exc}); choose a writable directory") from exc
            if not os.access(folder, os.W_OK | os.X_OK):
                raise NotConfigured(f"{setting}: {folder} is not writable; choose a writable directory")
        ext = cls(
            warc_dir,
            index_dir,
            prefix=prefix,
            max_bytes=max_bytes,
            stats=crawler.stats,
            operator=settings.get("EUREPORTER_WARC_OPERATOR") or "",
            software=f"eureporter-archive/{__version__} (Scrapy/{scrapy.__version__})",
            user_agent=settings.get("USER_AGENT") or "",
            robots="obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
            crawl_options=options.crawl_options(settings),
            dedup=settings.getbool("EUREPORTER_WARC_DEDUP"),
        )
        ext.crawler = crawler
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.headers_received, signal=signals.headers_received)
        crawler.signals.connect(ext.response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(ext.request_left_downloader, signal=signals.request_left_downloader)
        return ext

    # --- lifecycle -----------------------------------------------------------------------------------------------

    def spider_opened(self, spider: Spider) -> None:
        if self.dedup_enabled:
            try:
                self.dedup = DedupIndex(self.index_dir / DEDUP_FILENAME)
            except Exception:
                # Archiving every payload in full beats not archiving at all.
                logger.error("Dedup index %s unusable; writing full responses", self.index_dir, exc_info=True)
                self.stats.inc_value(f"{STATS}/errors")
        try:
            report = repair_leftovers(self.warc_dir, dedup=self.dedup, index_dir=self.index_dir)
        except Exception:
            logger.error("Repairing leftover WARC files in %s failed", self.warc_dir, exc_info=True)
        else:
            self.stats.inc_value(f"{STATS}/repaired", len(report.repaired))
            self.stats.inc_value(f"{STATS}/quarantined", len(report.quarantined))
            # What the dataset must forget (crawler.pipelines reconciles): records past the end of a file cut back,
            # and every record of a quarantined file.
            self.stats.set_value(
                f"{STATS}/repair",
                {
                    "cut": {path.name: path.stat().st_size for path in report.repaired if path.exists()},
                    "lost": [path.name.split(".warc.gz")[0] + ".warc.gz" for path in report.quarantined],
                },
            )
            if report.reindexed:
                self.stats.inc_value(f"{STATS}/reindexed", len(report.reindexed))
            if report.repaired or report.quarantined:
                logger.info(
                    "Leftover WARC files: %d repaired (%d bytes cut), %d quarantined, %d still in use",
                    len(report.repaired),
                    report.bytes_cut,
                    len(report.quarantined),
                    len(report.skipped),
                )
        self.writer = WarcWriter(
            self.warc_dir,
            prefix=self.prefix,
            max_bytes=self.max_bytes,
            software=self.software,
            operator=self.operator,
            user_agent=self.user_agent,
            robots=self.robots,
            crawl_options={"spider": spider.name, **self.crawl_options},
            dedup=self.dedup,
            index_dir=self.index_dir,
        )

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.writer is not None:
            try:
                self.writer.close()
            except Exception:
                logger.error("Closing the WARC file failed; it stays .open for repair", exc_info=True)
            logger.info(
                "WARC archive closed (%s): %d files in %s", reason, len(self.writer.closed_files), self.warc_dir
            )
            self.writer = None
        if self.dedup is not None:
            try:
                self.dedup.close()
            except (OSError, sqlite3.Error) as exc:
                # A full or read-only disk: the index misses this run's last payloads, so the next run archives
                # those in full rather than as revisits. Nothing is lost.
                logger.error("Closing the dedup index in %s failed (%s)", self.index_dir, exc)
            self.dedup = None

    # --- capture -------------------------------------------------------------------------------------------------

    def headers_received(self, headers: Headers, body_length: int | None, request: Request) -> None:
        self._headers_at[id(request)] = (time.time(), request.meta.get("download_latency"))

    def _capture_start(self, request: Request) -> datetime:
        """The instant the request was sent, as well as the download handlers let us know it.

        Scrapy's handlers set download_latency = (response headers, or for HTTP/2 the whole response) minus the
        send time, on the monotonic clock. If the latency was already set when headers_received fired, it ends at
        the headers: start = wall time then - latency; otherwise it ends about now: start = now - latency.
        """
        now = time.time()
        latency = request.meta.get("download_latency")
        seen = self._headers_at.get(id(request))
        if seen is not None and latency is not None and seen[1] == latency:
            start = seen[0] - latency
        elif latency is not None:
            start = now - latency
        else:
            start = seen[0] if seen is not None else now
        return datetime.fromtimestamp(start, UTC)

    def response_downloaded(self, response: Response, request: Request) -> None:
        self._answered.add(id(request))
        if self.writer is None:
            return
        if "cached" in response.flags:
            # Not a capture: replaying an earlier one (notes §5).
            self.stats.inc_value(f"{STATS}/skipped_cached")
            return
        if urlsplit(response.url).scheme not in ("http", "https"):
            self.stats.inc_value(f"{STATS}/skipped_scheme")
            return
        proxied = bool(request.meta.get("proxy"))
        truncated = None
        if "dataloss" in response.flags:
            truncated = "disconnect"
        elif "download_stopped" in response.flags:
            truncated = "unspecified"
        exchange = HttpExchange(
            url=response.url,
            status=response.status,
            response_headers=_header_pairs(response.headers),
            body=response.body,
            method=request.method,
            request_headers=_header_pairs(request.headers),
            request_body=request.body,
            protocol=response.protocol,
            date=self._capture_start(request),
            # The TCP peer is the proxy when proxied: not the origin's address (notes §5).
            ip_address=None if proxied or response.ip_address is None else str(response.ip_address),
            proxied=proxied,
            truncated=truncated,
            body_decoded="decoded" in response.flags,
        )
        try:
            result = self.writer.write_exchange(exchange)
        except Exception as exc:  # noqa: BLE001 - any failed write stops the crawl (below)
            self._failed(response.url, exc)
            return
        self._count(result)
        if result.is_revisit:
            self.stats.inc_value(f"{STATS}/revisits")
            self.stats.inc_value(f"{STATS}/revisit_bytes_saved", result.payload_bytes_saved)
        else:
            self.stats.inc_value(f"{STATS}/responses")
        if "decoded_body" in result.notes:
            logger.warning(
                "Body of %s does not match its Content-Encoding (decoded by the client, or a server bug); "
                "archived with the header renamed X-Crawler-Content-Encoding",
                response.url,
            )
            self.stats.inc_value(f"{STATS}/decoded_body")
        request.meta[WARC] = result.provenance()
        logger.debug("Archived %s at %s offset %d", response.url, result.filename, result.offset)

    def sync(self, names: Iterable[str]) -> None:
        """Make the records of the named files durable (fsync), from any thread; see WarcWriter.sync."""
        writer = self.writer
        if writer is not None:
            writer.sync(names)

    def _failed(self, url: str, exc: Exception) -> None:
        """A write failed: the page is not archived (so it is not stored either) and the crawl stops gracefully.

        Fetching on without an archive would only lose originals: rows are never stored without one, and the next
        run, with room again, fetches what was not archived.
        """
        self.stats.inc_value(f"{STATS}/errors")
        if isinstance(exc, OSError):
            why = f"{exc.strerror or exc}" + (f" ({exc.filename})" if exc.filename else "")
            logger.error("Could not archive %s: %s", url, why)
        elif isinstance(exc, sqlite3.Error):
            # The dedup index (DATA/indexes/dedup.sqlite3) on a full or read-only disk.
            why = f"the dedup index in {self.index_dir} failed: {exc}"
            logger.error("Could not archive %s: %s", url, why)
        else:
            why = f"{type(exc).__name__}: {exc}"
            logger.error("Could not archive %s", url, exc_info=exc)
        if self.failed is not None:
            return
        self.failed = f"cannot write WARC files in {self.warc_dir}: {why}"
        self.stats.set_value("eureporter/archive_error", f"{self.failed}; {_fix(exc)}")
        crawler = self.crawler
        if crawler is not None and crawler.engine is not None and self.stats.get_value("finish_reason") is None:
            logger.error("Stopping the crawl: %s; nothing more is fetched or stored", self.failed)
            asyncio.ensure_future(crawler.engine.close_spider_async(reason="archive_error"))

    def _count(self, result: WriteResult) -> None:
        self.stats.inc_value(f"{STATS}/records", result.records_written)
        self.stats.inc_value(f"{STATS}/bytes", result.bytes_written)
        if result.files_opened:
            self.stats.inc_value(f"{STATS}/files", result.files_opened)

    def request_left_downloader(self, request: Request) -> None:
        key = id(request)
        self._headers_at.pop(key, None)
        if key in self._answered:
            self._answered.discard(key)
            return
        # No response: the download failed. The signal is sent from the downloader's `finally`, so the exception
        # being propagated is still visible here.
        exc = sys.exc_info()[1]
        kind = type(exc).__name__ if exc is not None else "unknown"
        self.stats.inc_value(f"{STATS}/failed_fetch")
        self.stats.inc_value(f"{STATS}/failed_fetch/{kind}")
        if self.writer is None or urlsplit(request.url).scheme not in ("http", "https"):
            return
        try:
            result = self.writer.write_failure(request.url, kind=kind, message=str(exc or "no response")[:1000])
        except Exception as exc:  # noqa: BLE001 - any failed write stops the crawl (below)
            self._failed(request.url, exc)
            return
        self._count(result)


def _fix(exc: Exception) -> str:
    """What to do about a failed WARC write, for the line that ends the crawl."""
    code = getattr(exc, "errno", None)
    if isinstance(exc, sqlite3.Error) and "full" in str(exc):
        code = errno.ENOSPC
    if code in (errno.ENOSPC, errno.EDQUOT):
        what = "free space there (or give EUREPORTER_WARC_DIR, or --data, a disk with room)"
    elif code in (errno.EACCES, errno.EPERM, errno.EROFS):
        what = "make the directory writable (or choose another with EUREPORTER_WARC_DIR or --data)"
    else:
        what = "fix the directory (or choose another with EUREPORTER_WARC_DIR or --data)"
    return (
        f"{what}, then run the same command again: no page was stored without its WARC record, and what was not "
        "stored is fetched again"
    )
