"""Scheduling: deploy the project to a real Scrapyd on loopback with scrapyd-deploy, schedule a crawl, find the data."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from typing import TYPE_CHECKING

import pytest

from replica import running_replica
from tests.net import free_port
from tests.test_crawl import ROOT
from tests.warc_checks import assert_valid_warcs

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

pytestmark = pytest.mark.slow

OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def call(url: str, data: list[tuple[str, str]] | None = None) -> dict:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with OPENER.open(url, data=body, timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture
def scrapyd(tmp_path: Path) -> Iterator[str]:
    if shutil.which("scrapyd") is None:
        pytest.skip("scrapyd is not installed (pip install -e '.[test]')")
    port = free_port()
    home = tmp_path / "scrapyd"
    home.mkdir()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        f"bind_address = 127.0.0.1\nhttp_port = {port}\n"
        f"eggs_dir = {home / 'eggs'}\nlogs_dir = {home / 'logs'}\ndbs_dir = {home / 'dbs'}\nitems_dir =\n"
        "max_proc = 2\npoll_interval = 0.5\n"
    )
    server = subprocess.Popen(["scrapyd"], cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if call(url + "daemonstatus.json")["status"] == "ok":
                break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        pytest.fail("scrapyd did not start")
    try:
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_deploy_schedule_and_find_the_data(scrapyd: str, tmp_path: Path) -> None:
    # scrapyd-deploy builds the egg from the repository (setup.py shim -> pyproject.toml) and uploads it.
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()} | {"SCRAPYD_URL": scrapyd}
    deploy = subprocess.run(
        [sys.executable, "-m", "scrapyd_client.deploy", "env", "--version", "test1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr
    assert call(scrapyd + "listprojects.json")["projects"] == ["eureporter"]
    assert call(scrapyd + "listspiders.json?project=eureporter")["spiders"] == ["eureporter"]

    data = tmp_path / "data"
    with running_replica(articles=30, languages=("en", "fr")) as replica:
        job = call(
            scrapyd + "schedule.json",
            [
                ("project", "eureporter"),
                ("spider", "eureporter"),
                ("setting", f"EUREPORTER_SITE={replica.base_url}"),
                ("setting", f"EUREPORTER_RESOLVE={replica.resolve}"),
                ("setting", f"EUREPORTER_DATA_DIR={data}"),
                ("setting", "AUTOTHROTTLE_ENABLED=False"),
                ("setting", "DOWNLOAD_DELAY=0"),
            ],
        )
        assert job["status"] == "ok", job
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            jobs = call(scrapyd + "listjobs.json?project=eureporter")
            if any(j["id"] == job["jobid"] for j in jobs["finished"]):
                break
            time.sleep(0.5)
        else:
            pytest.fail(f"the Scrapyd job did not finish: {jobs}")
        expected = {post.url(lang, replica.base(lang)) for post in replica.site.posts() for lang in ("en", "fr")}

    db = sqlite3.connect(data / "eureporter.db")
    urls = {u for (u,) in db.execute("SELECT url FROM articles")}
    status = db.execute("SELECT status FROM crawls").fetchall()
    db.close()
    assert urls == expected
    assert status == [("finished",)]
    assert_valid_warcs(data / "warc")
    log = next((tmp_path / "scrapyd" / "logs" / "eureporter" / "eureporter").glob("*.log")).read_text()
    assert "ERROR" not in log
