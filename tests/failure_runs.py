"""Helpers of the fault-injection tests (tests/test_failures_*.py): run the real CLI, read what a run left behind (its
exit code, its last line, the crawls table, the rows), and check that every stored row's original is in the archive.

Faults are real and on loopback: a tmpfs that fills, a closed port, a network namespace without a network (DNS
fails), a proxy in front of the replica that answers 503 or 500 where told to, SIGKILL.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.warc_checks import assert_valid_warcs

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from replica import RunningReplica

ROOT = Path(__file__).resolve().parents[1]
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16"]
# Who runs the crawl, for runs whose site is not on loopback as far as the crawler can tell (identity check).
IDENTITY = {"EUREPORTER_CONTACT_URL": "mailto:tests@example.org", "EUREPORTER_OPERATOR": "Tests <tests@example.org>"}


@dataclass
class Run:
    """One `eureporter` command: its exit code, output and the last line of stderr (the one-line message)."""

    returncode: int
    stdout: str
    stderr: str

    @property
    def last_line(self) -> str:
        lines = [line for line in self.stderr.splitlines() if line.strip()]
        return lines[-1] if lines else ""

    def messages(self, command: str = "crawl") -> list[str]:
        """The lines the command itself printed on stderr (not the log)."""
        return [line for line in self.stderr.splitlines() if line.startswith(f"eureporter {command}:")]


def cli(*args: str, env: dict[str, str] | None = None, prefix: Sequence[str] = (), timeout: float = 300) -> Run:
    done = subprocess.run(
        [*prefix, sys.executable, "-m", "crawler.commands.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )
    return Run(done.returncode, done.stdout, done.stderr)


def site_args(site: str, data: Path, *extra: str, resolve: str | None = "127.0.0.1") -> list[str]:
    """`crawl` options for a replica-like site at `site` (http://www.eureporter.test:PORT)."""
    args = ["crawl", "--site", site, "--data", str(data), *FAST]
    if resolve:
        args += ["--resolve", f"*.eureporter.test={resolve}"]
    return [*args, *extra]


def crawl(replica: RunningReplica, data: Path, *extra: str, timeout: float = 300) -> Run:
    return cli(*site_args(replica.base_url, data, *extra, resolve=replica.host), timeout=timeout)


# --- what a run left behind ------------------------------------------------------------------------------------------


def _db(data: Path) -> sqlite3.Connection:
    db = sqlite3.connect(data / "eureporter.db")
    db.row_factory = sqlite3.Row
    return db


def crawl_runs(data: Path) -> list[tuple[str, str | None]]:
    """(status, finish_reason) of each crawl run, oldest first."""
    with contextlib.closing(_db(data)) as db:
        return [(r["status"], r["finish_reason"]) for r in db.execute("SELECT * FROM crawls ORDER BY id")]


def crawl_pages(data: Path) -> list[int]:
    with contextlib.closing(_db(data)) as db:
        return [int(r["pages"] or 0) for r in db.execute("SELECT pages FROM crawls ORDER BY id")]


def stored_rows(data: Path) -> list[sqlite3.Row]:
    if not (data / "eureporter.db").exists():
        return []
    with contextlib.closing(_db(data)) as db:
        return db.execute("SELECT * FROM articles ORDER BY id").fetchall()


def stored_urls(data: Path) -> list[str]:
    return [row["url"] for row in stored_rows(data)]


def expected_urls(replica: RunningReplica, languages: Sequence[str]) -> set[str]:
    """Every edition of every ordinary post of the replica."""
    return {post.url(lang, replica.base(lang)) for post in replica.site.posts() for lang in languages}


def assert_rows_archived(data: Path, *, allow_open: bool = False) -> int:
    """Every stored row's WARC record exists: at warc_offset in warc_file there is a response record whose
    WARC-Record-ID is the row's warc_record_id, and no row is marked as having lost its original. Returns the rows.
    `allow_open`: right after a kill, before the next start repairs it, the file may still be `NAME.open`."""
    rows = stored_rows(data)
    for row in rows:
        assert row["archive_status"] is None, f"{row['url']} lost its WARC record ({row['archive_status']})"
        assert row["warc_file"], row["url"]
        assert row["warc_record_id"], row["url"]
        assert row["warc_offset"] is not None, row["url"]
        path = data / "warc" / row["warc_file"]
        if allow_open and not path.exists():
            path = path.with_name(path.name + ".open")
        assert path.exists(), f"{row['url']} points at {row['warc_file']}, which is not in {data / 'warc'}"
        with path.open("rb") as fh:
            fh.seek(row["warc_offset"])
            record = next(iter(ArchiveIterator(fh)))
            assert record.rec_type == "response", (row["url"], record.rec_type)
            assert record.rec_headers.get_header("WARC-Record-ID") == row["warc_record_id"], row["url"]
    return len(rows)


def assert_complete(data: Path, expected: set[str]) -> None:
    """The archive after a good run: every expected edition stored exactly once, each row's original in a WARC file
    at its offset, no crawl run left `running`, every WARC file valid and closed."""
    urls = stored_urls(data)
    assert len(urls) == len(set(urls)), "an article stored twice"
    missing = expected - set(urls)
    assert not missing, f"{len(missing)} of {len(expected)} editions missing, e.g. {sorted(missing)[:3]}"
    assert_rows_archived(data)
    assert "running" not in [status for status, _ in crawl_runs(data)]
    assert_valid_warcs(data / "warc")


# --- faults ----------------------------------------------------------------------------------------------------------

Fault = int | tuple[int, bytes] | None
"""What FaultProxy answers instead of the replica: a status, a status and an HTML body, or None (no fault)."""


def need_root(what: str) -> None:
    if os.geteuid() != 0:
        pytest.skip(f"{what} needs root (CI runs the tests as root)")


@contextlib.contextmanager
def tmpfs(path: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` mounted on `path` (created) for the block; skips the test where that is not possible."""
    need_root("mounting a tmpfs")
    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs on {path}: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True, check=False)


def grow(path: Path, size: str) -> None:
    """Give the tmpfs on `path` room: remount it with a larger size, keeping its files."""
    subprocess.run(["mount", "-o", f"remount,size={size}", str(path)], check=True, capture_output=True)


def offline() -> list[str]:
    """A command prefix that runs the command in a new network namespace: no network at all, not even loopback up,
    so a host name cannot be resolved and nothing can leave the machine. Skips where that is not possible."""
    need_root("a network namespace (unshare -n)")
    if shutil.which("unshare") is None:
        pytest.skip("no unshare command")
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"unshare -n failed: {probe.stderr.decode(errors='replace').strip()}")
    return ["unshare", "-n"]


class FaultProxy(ThreadingHTTPServer):
    """A reverse proxy in front of a replica: listens on another loopback address with the replica's port, so
    `--resolve '*.eureporter.test=ADDRESS'` sends the crawl through it while every link (which carries the port) stays
    unchanged. `fault(path)` returns a status to answer instead of the replica (with an error page), a (status, HTML
    body) pair, or None to pass the request on."""

    daemon_threads = True

    def __init__(self, address: str, upstream: tuple[str, int], fault: Callable[[str], Fault]) -> None:
        self.upstream = upstream
        self.fault = fault
        self.faults: list[str] = []
        super().__init__((address, upstream[1]), _ProxyHandler)


class _ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: FaultProxy

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - BaseHTTPRequestHandler's signature
        pass

    def do_GET(self) -> None:  # noqa: N802 - BaseHTTPRequestHandler's naming
        fault = self.server.fault(self.path.partition("?")[0])
        if fault is not None:
            self.server.faults.append(self.path)
            status, body = fault if isinstance(fault, tuple) else (fault, b"")
            body = body or f"<html><body><h1>Error {status}</h1></body></html>".encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=UTF-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        upstream = http.client.HTTPConnection(*self.server.upstream, timeout=30)
        try:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("connection", "keep-alive")}
            upstream.request("GET", self.path, headers=headers)
            response = upstream.getresponse()
            body = response.read()
            self.send_response(response.status, response.reason)
            for name, value in response.getheaders():
                if name.lower() not in ("transfer-encoding", "connection", "content-length", "keep-alive"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        finally:
            upstream.close()


@contextlib.contextmanager
def fault_proxy(
    replica: RunningReplica, fault: Callable[[str], Fault], address: str = "127.0.0.2"
) -> Iterator[FaultProxy]:
    try:
        proxy = FaultProxy(address, ("127.0.0.1", replica.port), fault)
    except OSError as exc:
        pytest.skip(f"cannot listen on {address}:{replica.port}: {exc}")
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        proxy.shutdown()
        proxy.server_close()
