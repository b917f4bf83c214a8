"""`eureporter demo`: start the bundled replica on loopback, crawl all of it, print what landed where."""

from __future__ import annotations

import select
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from crawler.commands.run import JobError

if TYPE_CHECKING:
    from collections.abc import Iterator

    from crawler.commands.run import CrawlResult

DEMO_DOMAIN = "eureporter.test"
DEMO_PORT = 18765
READY_TIMEOUT = 60.0


class ReplicaStartError(JobError):
    """The replica subprocess did not come up."""


def demo_port() -> int:
    """DEMO_PORT when it is free, else any free port.

    Article URLs include the port, so a fixed one makes a second `eureporter demo` on the same data directory an
    incremental crawl of the same site rather than a crawl of a new one.
    """
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", DEMO_PORT))
        except OSError:
            return 0
    return DEMO_PORT


@contextmanager
def replica_process(articles: int, edition: int = 1, languages: str | None = None, port: int = 0) -> Iterator[str]:
    """Run `python -m replica serve` on loopback (port 0: a free one); yield its English base URL, no trailing slash."""
    command = [
        sys.executable,
        "-m",
        "replica",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--domain",
        DEMO_DOMAIN,
        "--articles",
        str(articles),
        "--edition",
        str(edition),
    ]
    if languages:
        command += ["--languages", languages]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        yield _wait_ready(proc)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _wait_ready(proc: subprocess.Popen[str]) -> str:
    assert proc.stdout is not None
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 0.5)
        if ready:
            line = proc.stdout.readline()
            if line.startswith("ready "):
                return line.split(None, 1)[1].strip().rstrip("/")
            if not line and proc.poll() is not None:
                break
    err = proc.stderr.read() if proc.stderr and proc.poll() is not None else ""
    raise ReplicaStartError(f"the replica did not start within {READY_TIMEOUT:.0f} s: {err.strip()[-500:]}")


def demo_settings(site: str, data: str, log_level: str) -> dict[str, object]:
    """Our own replica on loopback: no need for politeness delays; everything else as in a real crawl."""
    return {
        "EUREPORTER_SITE": site,
        "EUREPORTER_DATA_DIR": data,
        "EUREPORTER_LANGUAGES": "all",
        "EUREPORTER_RESOLVE": f"*.{DEMO_DOMAIN}=127.0.0.1",
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
        "LOG_LEVEL": log_level,
    }


def format_summary(result: CrawlResult, data: str) -> str:
    languages = result.languages()
    articles = result.count("eureporter/extract/articles")
    new, updated, unchanged = (result.count(f"eureporter/sql/{k}") for k in ("new", "updated", "unchanged"))
    pages = result.count("downloader/response_count")
    warc_bytes = sum(p.stat().st_size for p in result.warc_files)
    # Extracted but not in the dataset: dropped because the archive or the database failed (fetched again next run).
    not_stored = result.count("eureporter/sql/not_stored")
    not_fetched = [
        f"{count} not fetched ({why})"
        for count, why in (
            (result.count("eureporter/budget/dropped"), "--max-pages"),
            (result.count("eureporter/failed/robots_unreachable"), "robots.txt unreachable"),
        )
        if count
    ]
    lines = [
        f"finish reason   {result.finish_reason}",
        f"pages fetched   {result.count('downloader/response_count')}"
        f" ({result.count('downloader/response_bytes') / 1e6:.1f} MB received)",
        f"articles        {articles} extracted: {new} new, {updated} updated, {unchanged} unchanged"
        + (f", {not_stored} not stored" if not_stored else ""),
        f"languages       {len(languages)}: " + ", ".join(f"{k} {v}" for k, v in languages.items()),
        f"WARC files      {len(result.warc_files)} ({warc_bytes / 1e6:.1f} MB) in {Path(data) / 'warc'}",
        f"revisits        {result.count('eureporter/warc/revisits')}",
        f"errors          {result.count('log_count/ERROR')} logged, {result.failed_downloads()} failed downloads"
        + "".join(f", {text}" for text in not_fetched),
        f"elapsed         {result.elapsed:.1f} s ({pages / max(result.elapsed, 1e-9):.0f} pages/s)",
        f"dataset         {Path(data) / 'eureporter.db'}",
    ]
    return "\n".join(lines)
