"""Run one crawl in this process: settings from plain options, pre-flight checks, the result and its exit code."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawler import __version__
from crawler.extensions.identity import identity_problem
from crawler.extensions.lock import DataDirLock, DataDirLocked
from crawler.failures import NOT_FAILURES
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
        contact = overrides.get("EUREPORTER_CONTACT_URL")
        if contact and "USER_AGENT" not in overrides:
            # The settings module builds USER_AGENT from the environment's contact URL; -s must reach it too.
            settings.set("USER_AGENT", f"EUReporterArchiveBot/{__version__} (+{contact})", priority="cmdline")
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
        raise UsageError(f"--redis ({masked_secret(redis_url)!r}) must be a Redis URL such as redis://host:6379/0")
    try:
        max_pages = settings.getint("EUREPORTER_MAX_PAGES")
    except ValueError as exc:
        raise UsageError(f"--max-pages ({settings.get('EUREPORTER_MAX_PAGES')!r}) must be a whole number") from exc
    if max_pages < 0:
        raise UsageError(f"--max-pages ({max_pages}) must be 0 (no limit) or a positive number")


def check_identity(settings: Settings, *, archive: bool = True) -> None:
    """A crawl of a site beyond loopback names who runs it (crawler.extensions.identity). `archive`: the run writes
    WARC files, which name their operator too (the canary writes nothing)."""
    problem = identity_problem(settings, operator=archive)
    if problem is not None:
        raise UsageError(problem)


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
            shown = masked_secret(redis_url)
            why = str(exc).replace(urlsplit(redis_url).password or "\0", "***").rstrip(".")
            raise JobError(
                f"--redis {shown}: cannot reach Redis ({why}); check the URL, its password and that the server runs"
            ) from exc
    url = sql_url(settings)
    # The default database lives in the data directory: its problems are --data's, not an option never given.
    option = f"--db {masked_url(url)}" if settings.get("EUREPORTER_SQL_URL") else f"--data {data_dir(settings)}"
    try:
        store = ArticleStore(url)
    except StoreError as exc:
        raise JobError(f"{option}: {exc}") from exc
    try:
        _check_writable(store)
    except StoreError as exc:
        raise JobError(f"{option}: {exc}") from exc
    finally:
        store.close()


def _check_writable(store: ArticleStore) -> None:
    """Write in a transaction rolled back: a database that opens but refuses writes (a read-only or immutable file, a
    read-only role or replica) is refused now, not at the end of the first batch."""
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    try:
        with store.engine.connect() as conn:
            conn = conn.execution_options(eureporter_write=True)  # SQLite: BEGIN IMMEDIATE (storage.sql)
            with conn.begin() as transaction:
                conn.execute(text("UPDATE schema_info SET version = version"))
                transaction.rollback()
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise StoreError(
            f"database {store.url} does not accept writes ({reason}); make the file and its directory writable (or "
            "the role able to write), or pass another --db"
        ) from exc


def masked_secret(url: str) -> str:
    """A URL safe to print: its password replaced by ***."""
    parts = urlsplit(url)
    if not parts.password:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


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

    def problem(self) -> str | None:
        """Why the run did not do its job, in one line with the cause and the fix; None when it did."""
        reason = self.finish_reason
        checks = self.failed_checks
        more = f" (and {len(checks) - 1} more failed checks: see the log)" if len(checks) > 1 else ""
        if reason == "archive_error":
            return str(self.stats.get("eureporter/archive_error") or "the WARC files could not be written")
        if reason == "database_error":
            error = str(self.stats.get("eureporter/database_error") or "see the log above").rstrip(".")
            return (
                f"the crawl stopped on a database error: {error}. Once fixed, run the same command again: it fetches "
                "what was not stored"
            )
        if reason == "shutdown":
            return "interrupted; run the same command again to resume (with --jobdir: from its queue)"
        if checks:
            return checks[0] + more
        if reason not in SUCCESS_REASONS:
            return f"the crawl stopped early ({reason}); see the log above, then run the same command again"
        return None

    def failed_downloads(self) -> int:
        """Requests that failed for good: not those the crawler chose not to make (robots.txt, scope, --max-pages)."""
        prefix = "eureporter/failed/"
        return sum(
            int(value)
            for name, value in self.stats.items()
            if name.startswith(prefix)
            and isinstance(value, int)
            and name[len(prefix) :] not in (*NOT_FAILURES, "robots_unreachable")
        )

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
        check_identity(settings)
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
