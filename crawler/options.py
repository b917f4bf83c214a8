"""Derived settings shared by components: data directory paths, the dataset URL, the crawl's recorded options."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from crawler import __version__

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings


def data_dir(settings: BaseSettings) -> Path:
    return Path(settings.get("EUREPORTER_DATA_DIR") or "data")


def warc_dir(settings: BaseSettings) -> Path:
    return Path(settings.get("EUREPORTER_WARC_DIR") or data_dir(settings) / "warc")


def index_dir(settings: BaseSettings) -> Path:
    return data_dir(settings) / "indexes"


def sql_url(settings: BaseSettings) -> str:
    """EUREPORTER_SQL_URL, or the SQLite file DATA_DIR/eureporter.db."""
    return settings.get("EUREPORTER_SQL_URL") or default_sql_url(data_dir(settings))


def default_sql_url(directory: Path) -> str:
    return f"sqlite:///{(directory / 'eureporter.db').resolve()}"


def masked_url(url: str) -> str:
    """A database URL safe for logs and records: the password replaced by ***."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def crawl_options(settings: BaseSettings) -> dict[str, Any]:
    """The options a crawl ran with, as recorded in warcinfo records and in the crawls table (no secrets)."""
    return {
        "software": f"eureporter-archive/{__version__}",
        "site": settings.get("EUREPORTER_SITE"),
        "languages": settings.get("EUREPORTER_LANGUAGES"),
        "since": settings.get("EUREPORTER_SINCE") or None,
        "max_pages": settings.getint("EUREPORTER_MAX_PAGES"),
        "data_dir": str(data_dir(settings).resolve()),
        "db": masked_url(sql_url(settings)),
        "user_agent": settings.get("USER_AGENT"),
        "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
        "autothrottle": settings.getbool("AUTOTHROTTLE_ENABLED"),
        "download_delay": settings.getfloat("DOWNLOAD_DELAY"),
        "concurrent_requests_per_domain": settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"),
        "resolve": settings.get("EUREPORTER_RESOLVE") or None,
        "jobdir": settings.get("JOBDIR") or None,
    }
