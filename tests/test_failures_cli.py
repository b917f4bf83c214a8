"""Every error one line, never a traceback (issue 10, item 7): each case the issue lists, through the real CLI.

A message names the option or the file and what to do; exit 2 for bad usage, 1 for failed work; secrets masked.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from crawler.extensions.lock import DataDirLock
from replica import running_replica
from storage.sql import ArticleStore
from storage.warc import HttpExchange, WarcWriter
from tests.failure_runs import ROOT, Run, cli, crawl, crawl_runs, need_root, offline
from tests.net import free_port

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


def assert_one_line(run: Run, command: str, code: int) -> str:
    """The command failed with `code` and said why in exactly one line on stderr, without a traceback."""
    assert run.returncode == code, run.stderr[-3000:]
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    messages = run.messages(command)
    assert len(messages) == 1, run.stderr[-3000:]
    assert run.last_line == messages[0]
    return messages[0]


@contextlib.contextmanager
def listening() -> Iterator[int]:
    """A port on 127.0.0.1 that something else listens on."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def finished_warc(data: Path) -> None:
    """A data directory with one finished WARC file (what `replay` needs to get as far as its port)."""
    writer = WarcWriter(data / "warc", index_dir=data / "indexes")
    writer.write_exchange(
        HttpExchange(
            url="http://www.eureporter.test/",
            status=200,
            response_headers=[(b"Content-Type", b"text/html")],
            body=b"<html><body>home</body></html>",
        )
    )
    writer.close()


def empty_dataset(data: Path) -> str:
    data.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{data / 'eureporter.db'}"
    ArticleStore(url).close()
    return url


# --- bad usage: exit 2 -------------------------------------------------------------------------------------------


def test_unknown_language_code_is_bad_usage(tmp_path: Path) -> None:
    line = assert_one_line(cli("crawl", "--data", str(tmp_path), "--languages", "en,xx"), "crawl", 2)
    assert line.startswith("eureporter crawl: --languages: 'xx' is not a language code;"), line
    assert not (tmp_path / "warc").exists()


def test_replica_serve_port_out_of_range_is_bad_usage() -> None:
    run = cli("replica", "serve", "--port", "99999")
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert run.stderr.strip() == (
        "replica serve: argument --port: '99999' is not a TCP port: use 0 (any free port) to 65535 (see --help)"
    )


@pytest.mark.parametrize("command", ["replay", "browse"])
def test_port_out_of_range_is_bad_usage(command: str, tmp_path: Path) -> None:
    run = cli(command, "--data", str(tmp_path), "--port", "99999")
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert run.stderr.strip() == (
        f"eureporter {command}: argument --port: '99999' is not a TCP port: use 0 (any free port) to 65535 "
        f"(see eureporter {command} --help)"
    )


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet", "sqlite", "wacz"])
def test_export_into_a_missing_directory_is_bad_usage(fmt: str, tmp_path: Path) -> None:
    empty_dataset(tmp_path / "data")
    out = tmp_path / "missing" / f"articles.{fmt}"
    line = assert_one_line(
        cli("export", "--data", str(tmp_path / "data"), "--format", fmt, "--out", str(out)), "export", 2
    )
    assert line == f"eureporter export: --out {out}: the directory {out.parent} does not exist; create it first"
    assert not out.parent.exists()


def test_export_to_an_unwritable_place_fails_in_one_line(tmp_path: Path) -> None:
    empty_dataset(tmp_path / "data")
    out = tmp_path / "data"  # a directory
    line = assert_one_line(cli("export", "--data", str(out), "--format", "jsonl", "--out", str(out)), "export", 2)
    assert "is a directory" in line


def test_live_site_with_the_placeholder_contact_refuses_to_start(tmp_path: Path) -> None:
    prefix = offline()  # belt and braces: if the refusal ever broke, nothing could reach the live site
    env = {name: value for name, value in os.environ.items() if not name.startswith("EUREPORTER_")}

    def crawl_live() -> str:
        command = [*prefix, sys.executable, "-m", "crawler.commands.cli", "crawl", "--data", str(tmp_path)]
        done = subprocess.run(
            [*command, "--max-pages", "1"], cwd=ROOT, capture_output=True, text=True, env=env, timeout=120
        )
        return assert_one_line(Run(done.returncode, done.stdout, done.stderr), "crawl", 2)

    line = crawl_live()
    assert line.startswith("eureporter crawl: EUREPORTER_CONTACT_URL is the placeholder"), line
    assert "export EUREPORTER_CONTACT_URL=" in line
    assert not list(tmp_path.glob("warc/*.warc.gz"))

    env["EUREPORTER_CONTACT_URL"] = "mailto:tests@example.org"
    line = crawl_live()
    assert line.startswith("eureporter crawl: EUREPORTER_OPERATOR is the placeholder"), line


def test_scrapy_crawl_refuses_in_one_line_too(tmp_path: Path) -> None:
    """`scrapy crawl eureporter` (cron, Scrapyd) says why it will not start in one line, not in Scrapy's traceback:
    the placeholder contact (exit 2), a contact given with -s that reaches the User-Agent, a locked data directory."""
    prefix = offline()
    env = {name: value for name, value in os.environ.items() if not name.startswith("EUREPORTER_")}
    data = tmp_path / "data"

    def scrapy_crawl(*settings: str) -> Run:
        command = [*prefix, sys.executable, "-m", "scrapy.cmdline", "crawl", "eureporter"]
        for setting in (f"EUREPORTER_DATA_DIR={data}", "EUREPORTER_MAX_PAGES=1", *settings):
            command += ["-s", setting]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env, timeout=120)
        return Run(done.returncode, done.stdout, done.stderr)

    def one_line(run: Run, code: int) -> str:
        assert run.returncode == code, run.stderr[-3000:]
        assert "Traceback" not in run.stderr, run.stderr[-3000:]
        lines = [line for line in run.stderr.splitlines() if line.startswith("scrapy crawl:")]
        assert lines == [run.last_line], run.stderr[-3000:]
        return lines[0]

    assert "EUREPORTER_CONTACT_URL is the placeholder" in one_line(scrapy_crawl(), 2)
    line = one_line(scrapy_crawl("EUREPORTER_CONTACT_URL=mailto:tests@example.org"), 2)
    assert "EUREPORTER_OPERATOR is the placeholder" in line  # so the contact given with -s was taken
    data.mkdir()
    lock = DataDirLock.acquire(data)
    try:
        line = one_line(
            scrapy_crawl("EUREPORTER_CONTACT_URL=mailto:tests@example.org", "EUREPORTER_WARC_OPERATOR=Tests"), 1
        )
    finally:
        lock.release()
    assert "is in use by another crawl" in line
    assert not list(data.glob("warc/*.warc.gz"))


@pytest.mark.slow
def test_loopback_sites_need_no_contact(tmp_path: Path) -> None:
    env = {"EUREPORTER_CONTACT_URL": "", "EUREPORTER_OPERATOR": ""}
    with running_replica(articles=3, languages=("en",)) as replica:
        for site, resolve in ((replica.base_url, replica.resolve), (f"http://127.0.0.1:{replica.port}", None)):
            args = ["crawl", "--site", site, "--data", str(tmp_path / str(bool(resolve))), "--max-pages", "3"]
            run = cli(*args, *(["--resolve", resolve] if resolve else []), "-s", "DOWNLOAD_DELAY=0", env=env)
            assert "EUREPORTER_CONTACT_URL" not in run.stderr, run.stderr[-2000:]
            assert "EUREPORTER_OPERATOR" not in run.stderr, run.stderr[-2000:]


# --- failed work: exit 1 -------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_canary_without_resolve_names_the_fix_without_a_traceback() -> None:
    prefix = offline()  # the replica's host names resolve nowhere without --resolve; nothing leaves the machine
    run = cli("canary", "--site", f"http://www.eureporter.test:{free_port()}", prefix=prefix)
    assert run.returncode == 1, run.stderr[-3000:]
    assert "Traceback" not in run.stderr
    assert run.stdout.strip().splitlines()[-1] == (
        "canary: 0 pages checked: could not fetch the pages to check: could not resolve www.eureporter.test: check the "
        "network, or --resolve for a replica"
    )
    assert len(run.stderr.strip().splitlines()) <= 3, run.stderr  # a log line or two, each one line


def test_replay_on_a_port_in_use_fails_in_one_line(tmp_path: Path) -> None:
    finished_warc(tmp_path)
    with listening() as port:
        line = assert_one_line(cli("replay", "--data", str(tmp_path), "--port", str(port)), "replay", 1)
    assert line == (
        f"eureporter replay: --port {port}: cannot listen on 127.0.0.1:{port} (Address already in use); choose "
        "another --port"
    )


def _immutable(path: Path) -> None:
    need_root("chattr +i")
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"chattr +i {path} failed: {done.stderr.strip()}")


@pytest.mark.slow
def test_immutable_database_file_fails_in_one_line_before_the_crawl(tmp_path: Path) -> None:
    data = tmp_path / "data"
    empty_dataset(data)
    _immutable(data / "eureporter.db")
    try:
        with running_replica(articles=3, languages=("en",)) as replica:
            run = crawl(replica, data)
            line = assert_one_line(run, "crawl", 1)
            assert line.startswith(
                f"eureporter crawl: --data {data}: database sqlite:///{data}/eureporter.db does not accept writes"
            )
            assert "make the file and its directory writable" in line
            assert "Unhandled error in Deferred" not in run.stderr
            assert not list(data.glob("warc/*.warc.gz")), "nothing was fetched"
            # `scrapy crawl` has no preflight: the pipeline stops the crawl in one ERROR line, no cascade.
            settings = {
                "EUREPORTER_SITE": replica.base_url,
                "EUREPORTER_RESOLVE": replica.resolve,
                "EUREPORTER_DATA_DIR": data,
                "LOG_LEVEL": "WARNING",
            }
            command = [sys.executable, "-m", "scrapy.cmdline", "crawl", "eureporter"]
            for name, value in settings.items():
                command += ["-s", f"{name}={value}"]
            scrapy = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
            assert "Traceback" not in scrapy.stderr, scrapy.stderr[-3000:]
            assert "Unhandled error in Deferred" not in scrapy.stderr
            errors = [line for line in scrapy.stderr.splitlines() if " ERROR: " in line]
            assert len(errors) == 1, scrapy.stderr[-3000:]
            assert "attempt to write a readonly database" in errors[0]
    finally:
        subprocess.run(["chattr", "-i", str(data / "eureporter.db")], capture_output=True, check=False)


@pytest.mark.parametrize("command", ["stats", "export"])
def test_data_directory_errors_are_labelled_data(command: str, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    extra = ["--format", "jsonl"] if command == "export" else []
    line = assert_one_line(cli(command, "--data", str(missing), *extra), command, 1)
    assert line.startswith(f"eureporter {command}: --data {missing}: "), line
    assert "--db:" not in line


def test_redis_password_is_masked(tmp_path: Path) -> None:
    url = f"redis://:s3cret-pw@127.0.0.1:{free_port()}/0"
    run = cli("crawl", "--site", "http://127.0.0.1:9", "--data", str(tmp_path), "--redis", url)
    line = assert_one_line(run, "crawl", 1)
    assert line.startswith(
        f"eureporter crawl: --redis redis://:***@127.0.0.1:{url.rsplit(':', 1)[1].split('/')[0]}/0: cannot reach Redis"
    )
    assert "s3cret-pw" not in run.stderr + run.stdout
    bad = cli("crawl", "--site", "http://127.0.0.1:9", "--data", str(tmp_path), "--redis", "http://:s3cret-pw@host/0")
    assert_one_line(bad, "crawl", 2)
    assert "s3cret-pw" not in bad.stderr


@pytest.mark.slow
def test_failed_checks_are_one_line_each_without_a_traceback(tmp_path: Path) -> None:
    with running_replica(articles=5, languages=("en",), block_user_agent="EUReporterArchiveBot") as replica:
        run = crawl(replica, tmp_path, "--languages", "en")
    line = assert_one_line(run, "crawl", 1)
    assert "USER_AGENT" in line
    assert "AssertionError" not in run.stderr
    assert "=====" not in run.stderr  # Spidermon's unittest report
    checks = [line for line in run.stderr.splitlines() if "Crawl check failed: " in line]
    assert checks, run.stderr[-3000:]
    assert crawl_runs(tmp_path) == [("failed", "finished")]


@pytest.mark.slow
def test_max_pages_drops_are_not_failed_downloads(tmp_path: Path) -> None:
    with running_replica(articles=20, languages=("en",)) as replica:
        run = crawl(replica, tmp_path, "--max-pages", "10")
    assert run.returncode == 0, run.stderr[-3000:]
    [errors] = [line for line in run.stdout.splitlines() if line.startswith("errors")]
    assert errors.startswith("errors          0 logged, 0 failed downloads, "), errors
    assert errors.endswith(" not fetched (--max-pages)"), errors
