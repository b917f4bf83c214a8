"""Run one crawl in this process: settings from plain options, pre-flight checks, the result and its exit code."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawler.extensions.lock import DataDirLock, DataDirLocked
from crawler.options import data_dir, masked_url, sql_url, warc_dir
from crawler.scope import ScopeError, SiteScope, parse_resolve
from crawler.spiders.eureporter import EUReporterSpider, parse_discovery, parse_languages, parse_since
from storage.sql import ArticleStore, StoreError

if TYPE_CHECKING:
    from pathlib import Path

logger = logging.getLogger(__name__)

# Finish reasons after which the job did its work (pages that failed are counted, not fatal).
SUCCESS_REASONS = ("finished", "closespider_pagecount", "closespider_itemcount", "closespider_timeout")


class UsageError(ValueError):
    """Bad options: exit 2 with the message."""


class JobError(RuntimeError):
    """The job cannot run or failed: exit 1 with the message."""


def project_settings(overrides: dict[str, Any] | None = None) -> Settings:
    """The project's settings module plus command-line overrides (priority "cmdline", as `scrapy crawl -s`)."""
    settings = Settings()
    settings.setmodule("settings", priority="project")
    if overrides:
        settings.setdict(overrides, priority="cmdline")
    return settings


def parse_setting_pairs(pairs: list[str]) -> dict[str, str]:
    result: dict[str, str] = {}
    for pair in pairs:
        name, eq, value = pair.partition("=")
        if not eq or not name.strip():
            raise UsageError(f"-s {pair!r}: give NAME=VALUE, e.g. -s DOWNLOAD_DELAY=2")
        result[name.strip()] = value
    return result


def validate(settings: Settings) -> None:
    """Check every option before anything starts, so a mistake costs a one-line message, not a half-run crawl."""
    try:
        scope = SiteScope.from_site(settings.get("EUREPORTER_SITE"))
        if settings.get("EUREPORTER_RESOLVE"):
            parse_resolve(settings.get("EUREPORTER_RESOLVE"), scope)
    except ScopeError as exc:
        raise UsageError(str(exc)) from exc
    try:
        parse_languages(settings.get("EUREPORTER_LANGUAGES"))
        parse_since(settings.get("EUREPORTER_SINCE"))
        parse_discovery(settings.get("EUREPORTER_DISCOVERY"))
    except ValueError as exc:
        message = str(exc).replace("EUREPORTER_LANGUAGES", "--languages").replace("EUREPORTER_SINCE", "--since")
        raise UsageError(message) from exc
    redis_url = settings.get("EUREPORTER_REDIS_URL")
    if redis_url and not redis_url.startswith(("redis://", "rediss://", "unix://")):
        raise UsageError(f"--redis ({redis_url!r}) must be a Redis URL such as redis://host:6379/0")
    try:
        max_pages = settings.getint("EUREPORTER_MAX_PAGES")
    except ValueError as exc:
        raise UsageError(f"--max-pages ({settings.get('EUREPORTER_MAX_PAGES')!r}) must be a whole number") from exc
    if max_pages < 0:
        raise UsageError(f"--max-pages ({max_pages}) must be 0 (no limit) or a positive number")


def preflight(settings: Settings) -> None:
    """The data directory must be writable and the database reachable before the first request goes out."""
    for directory in (data_dir(settings), warc_dir(settings)):
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise JobError(f"--data: cannot create {directory} ({exc.strerror}); choose a writable directory") from exc
    redis_url = settings.get("EUREPORTER_REDIS_URL")
    if redis_url:
        from crawler.extensions.distributed import connect

        try:
            connect(redis_url).ping()
        except Exception as exc:  # noqa: BLE001 - any client error means the same thing here
            raise JobError(f"--redis {redis_url}: cannot reach Redis ({exc}); check that the server runs") from exc
    url = sql_url(settings)
    try:
        ArticleStore(url).close()
    except StoreError as exc:
        raise JobError(f"--db {masked_url(url)}: {exc}. Check the URL and that the database accepts writes.") from exc


@dataclass(slots=True)
class CrawlResult:
    stats: dict[str, Any]
    elapsed: float
    warc_files: list[Path] = field(default_factory=list)

    @property
    def finish_reason(self) -> str:
        return str(self.stats.get("finish_reason", "unknown"))

    @property
    def failed_checks(self) -> list[str]:
        return list(self.stats.get("eureporter/monitor/failures") or [])

    @property
    def ok(self) -> bool:
        return self.finish_reason in SUCCESS_REASONS and not self.failed_checks

    def count(self, name: str) -> int:
        return int(self.stats.get(name, 0) or 0)

    def languages(self) -> dict[str, int]:
        prefix = "eureporter/extract/language/"
        return {k[len(prefix) :]: int(v) for k, v in sorted(self.stats.items()) if k.startswith(prefix)}


def run_crawl(settings: Settings) -> CrawlResult:
    """Validate, check, crawl; blocks until the crawl ends (SIGINT/SIGTERM stop it gracefully)."""
    validate(settings)
    try:
        lock = DataDirLock.acquire(data_dir(settings))
    except DataDirLocked as exc:
        raise JobError(str(exc)) from exc
    except OSError as exc:
        raise JobError(
            f"--data: cannot use {data_dir(settings)} ({exc.strerror}); choose a writable directory"
        ) from exc
    try:
        preflight(settings)
        return _crawl(settings)
    finally:
        lock.release()


def _crawl(settings: Settings) -> CrawlResult:
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(EUReporterSpider)
    started = time.monotonic()
    process.crawl(crawler)
    process.start()
    elapsed = time.monotonic() - started
    stats = dict(crawler.stats.get_stats()) if crawler.stats else {}
    return CrawlResult(stats=stats, elapsed=elapsed, warc_files=sorted(warc_dir(settings).glob("*.warc.gz")))
