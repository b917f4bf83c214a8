"""Unattended-safe: no remote code endpoints, no secrets in the archive or logs, no file named after a URL."""

from __future__ import annotations

import json
import re
import sqlite3
from typing import TYPE_CHECKING

import pytest
from sqlalchemy.engine import make_url

from crawler.commands.run import project_settings
from replica import running_replica
from tests.test_crawl import crawl_args, run_cli

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.slow

SECRET = "S3cr3t-PassWord"
# Every name the crawler may create in a data directory: fixed names, or names built from its own parts.
ALLOWED_NAMES = re.compile(
    r"^(eureporter\.db(-wal|-shm|-journal)?|\.eureporter\.lock|warc|indexes|quarantine|dedup\.sqlite3(-wal|-shm)?"
    r"|EUREPORTER-\d{17}-\d{5}-[A-Za-z0-9._-]+-\d+-[0-9a-f]+\.warc\.gz(\.cdxj)?)$"
)


def test_remote_code_endpoints_are_off_in_the_settings() -> None:
    settings = project_settings()
    assert settings.getbool("TELNETCONSOLE_ENABLED") is False
    assert settings.getbool("REMOTE_CONTROL_ENABLED") is False
    assert "zstd" not in settings.getdict("DEFAULT_REQUEST_HEADERS")["Accept-Encoding"]


def test_a_crawl_opens_no_console_keeps_no_secret_and_names_no_file_after_a_url(
    postgres_url: str, tmp_path: Path
) -> None:
    # A real PostgreSQL (trust authentication) with a password in --db: it must appear nowhere.
    url = make_url(postgres_url).set(password=SECRET).render_as_string(hide_password=False)
    data = tmp_path / "data"
    with running_replica(articles=12, languages=("en", "fr")) as replica:
        result = run_cli(*crawl_args(replica, data, "--db", url, "-s", "LOG_LEVEL=DEBUG"))
    assert result.returncode == 0, result.stderr[-3000:]
    log = result.stdout + result.stderr
    enabled = re.search(r"Enabled extensions:\n\[(.*?)\]", log, re.DOTALL)
    assert enabled is not None
    assert "TelnetConsole" not in enabled.group(1)
    assert "RemoteControl" not in enabled.group(1)
    assert "Telnet console listening" not in log
    assert SECRET not in log

    for path in data.rglob("*"):
        assert ALLOWED_NAMES.match(path.name), f"unexpected file name {path.name}"
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), f"the password reached {path}"

    from sqlalchemy import create_engine, text

    engine = create_engine(make_url(postgres_url).set(drivername="postgresql+psycopg"))
    with engine.connect() as conn:
        options = conn.execute(text("SELECT options, stats FROM crawls")).fetchall()
    engine.dispose()
    assert options
    assert SECRET not in json.dumps([list(map(str, row)) for row in options])


def test_credentials_in_site_are_refused(tmp_path: Path) -> None:
    result = run_cli("crawl", "--site", "https://user:pw@www.eureporter.co", "--data", str(tmp_path))
    assert result.returncode == 2
    assert "credentials" in result.stderr
    assert (
        not (tmp_path / "eureporter.db").exists()
        or not sqlite3.connect(tmp_path / "eureporter.db").execute("SELECT name FROM sqlite_master").fetchall()
    )
