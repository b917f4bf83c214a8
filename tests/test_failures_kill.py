"""SIGKILL mid-crawl, then a fresh run without --jobdir (as cron runs it): the dead run's `crawls` row is marked
`killed` with its figures by the next start, never left `running`, also in `eureporter stats`; the leftover `.open`
WARC file is repaired; every row points at a WARC record that exists; the fresh run completes the archive and stores
nothing twice."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import pytest

from replica import running_replica
from tests.failure_runs import (
    ROOT,
    assert_complete,
    assert_rows_archived,
    cli,
    crawl,
    crawl_pages,
    crawl_runs,
    expected_urls,
    site_args,
    stored_rows,
    stored_urls,
)

if TYPE_CHECKING:
    from pathlib import Path

    from replica import RunningReplica

pytestmark = pytest.mark.slow

ARTICLES = 60
LANGUAGES = ("en", "fr", "de")
# Slow enough to be killed mid-way; flushes a partial batch every second, so the run's figures reach its row.
SLOW = ["-s", "DOWNLOAD_DELAY=0.03", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2", "-s", "EUREPORTER_SQL_FLUSH_SECONDS=1"]


def kill_mid_crawl(replica: RunningReplica, data: Path, rows: int = 60) -> None:
    """Start `eureporter crawl`, SIGKILL it once `rows` rows are stored and its progress reached its crawls row."""
    args = site_args(replica.base_url, data, *SLOW)
    process = subprocess.Popen(
        [sys.executable, "-m", "crawler.commands.cli", *args],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert process.poll() is None, process.communicate()[1][-3000:]
            try:
                if len(stored_urls(data)) >= rows and crawl_pages(data)[-1] > 0:
                    break
            except Exception:  # noqa: BLE001 - the database is being created or is busy: look again
                pass
            time.sleep(0.05)
        else:
            pytest.fail("the crawl stored nothing to be killed over")
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        assert process.stderr is not None
        process.stderr.close()


def test_sigkill_then_a_fresh_run_marks_the_dead_run_killed_and_completes(tmp_path: Path) -> None:
    with running_replica(articles=ARTICLES, languages=LANGUAGES) as replica:
        kill_mid_crawl(replica, tmp_path)

        # What the kill left: the run still says running (nobody could say otherwise yet), an .open WARC file.
        assert crawl_runs(tmp_path) == [("running", None)]
        assert list((tmp_path / "warc").glob("*.warc.gz.open"))
        before = assert_rows_archived(
            tmp_path, allow_open=True
        )  # rows are committed only after their records are fsynced
        figures = crawl_pages(tmp_path)[0]

        fresh = crawl(replica, tmp_path)
        assert fresh.returncode == 0, fresh.stderr[-3000:]
        assert "were still marked running, but their processes died: marked killed" in fresh.stderr
        assert crawl_runs(tmp_path) == [("killed", "killed"), ("finished", "finished")]
        assert crawl_pages(tmp_path)[0] == figures > 0, "the killed run keeps the figures it last recorded"
        assert not list((tmp_path / "warc").glob("*.open")), "the leftover was repaired"
        assert_complete(tmp_path, expected_urls(replica, LANGUAGES))

        stats = cli("stats", "--data", str(tmp_path))
        assert stats.returncode == 0, stats.stderr
        assert "running" not in stats.stdout
        assert re.search(r"^\s+1\s.*\bkilled\b", stats.stdout, re.M), stats.stdout
    total = len(stored_urls(tmp_path))
    print(f"\nkilled with {before} rows stored ({figures} pages recorded); the fresh run stored all {total}")


def test_rows_pointing_past_a_cut_back_file_are_marked_and_fetched_again(tmp_path: Path) -> None:
    """The next start cuts a leftover `.open` file back to its last whole record; here the tail is lost on top of
    that (a disk that lost writes it had acknowledged), so some stored rows point past the end of the repaired file.
    They are marked unarchived, their pages fetched again, and in the end every row's record exists."""
    with running_replica(articles=ARTICLES, languages=LANGUAGES) as replica:
        kill_mid_crawl(replica, tmp_path, rows=100)
        [leftover] = (tmp_path / "warc").glob("*.warc.gz.open")
        name = leftover.name.removesuffix(".open")
        offsets = sorted(row["warc_offset"] for row in stored_rows(tmp_path) if row["warc_file"] == name)
        assert len(offsets) >= 20
        cut = offsets[len(offsets) // 2] + 10  # inside the record of the middle row
        with leftover.open("r+b") as fh:
            fh.truncate(cut)
        lost = sum(1 for offset in offsets if offset >= offsets[len(offsets) // 2])

        fresh = crawl(replica, tmp_path)
        assert fresh.returncode == 0, fresh.stderr[-3000:]
        marked = re.search(
            r"(\d+) stored rows pointed at WARC records lost in a crash: their pages are fetched again", fresh.stderr
        )
        assert marked is not None, fresh.stderr[-3000:]
        assert int(marked.group(1)) == lost
        assert (tmp_path / "warc" / name).stat().st_size <= cut
        assert_complete(tmp_path, expected_urls(replica, LANGUAGES))
    print(f"\n{lost} rows pointed past the cut-back file: marked, fetched again, archived")
