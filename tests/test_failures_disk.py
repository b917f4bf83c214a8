"""A disk that fills mid-crawl, for real (a tmpfs): under the WARC directory, and under the whole data directory.

The crawl stops at the first failed WARC write, exits 1 with one line naming the directory, the OS error and what to
do, and records its run as failed; no row is stored without its WARC record; and once there is room the same command
completes the archive, storing nothing twice. Needs root to mount the tmpfs (CI runs as root); skipped elsewhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from replica import running_replica
from tests.failure_runs import (
    assert_complete,
    assert_rows_archived,
    crawl,
    crawl_runs,
    expected_urls,
    grow,
    stored_urls,
    tmpfs,
)
from tests.warc_checks import assert_valid_warcs

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from replica import RunningReplica

pytestmark = pytest.mark.slow

ARTICLES = 60
LANGUAGES = ("en", "fr", "de")
# The whole crawl writes about 2.2 MB of WARC files: these fill up a third of the way in.
WARC_ROOM = "600k"
DATA_ROOM = "900k"
ROOM = "64m"


@pytest.fixture(scope="module")
def site() -> Iterator[RunningReplica]:
    with running_replica(articles=ARTICLES, languages=LANGUAGES) as replica:
        yield replica


def test_full_warc_directory_stops_the_crawl_and_the_next_run_completes(site: RunningReplica, tmp_path: Path) -> None:
    data = tmp_path / "data"
    with tmpfs(data / "warc", WARC_ROOM) as warc:
        first = crawl(site, data, "-s", "EUREPORTER_EXTRACT_WORKERS=0")
        assert first.returncode == 1, first.stderr[-3000:]
        # One line: the directory, the OS error, the fix.
        assert first.last_line.startswith(
            f"eureporter crawl: cannot write WARC files in {warc}: No space left on device;"
        )
        assert "free space there" in first.last_line
        assert "run the same command again" in first.last_line
        assert first.messages() == [first.last_line]
        assert "Traceback" not in first.stderr
        assert crawl_runs(data) == [("failed", "archive_error")]
        stored = assert_rows_archived(data)  # nothing stored without its original
        assert 0 < stored < len(expected_urls(site, LANGUAGES)), "the disk filled too early or too late"
        assert_valid_warcs(warc)  # the failed write left no partial record behind
        summary = first.stdout
        assert "finish reason   archive_error" in summary

        grow(warc, ROOM)
        second = crawl(site, data)
        assert second.returncode == 0, second.stderr[-3000:]
        assert crawl_runs(data) == [("failed", "archive_error"), ("finished", "finished")]
        assert_complete(data, expected_urls(site, LANGUAGES))
        print(f"\nWARC directory full after {stored} of {len(stored_urls(data))} rows; the next run stored the rest")


def test_full_data_directory_stops_the_crawl_and_the_next_run_completes(site: RunningReplica, tmp_path: Path) -> None:
    data = tmp_path / "data"
    with tmpfs(data, DATA_ROOM):
        first = crawl(site, data, "-s", "EUREPORTER_EXTRACT_WORKERS=0")
        assert first.returncode == 1, first.stderr[-3000:]
        line = first.last_line
        # Whichever write failed first, the WARC file or the database: named, with the fix.
        assert line.startswith("eureporter crawl: "), line
        assert ("No space left on device" in line) or ("disk is full" in line), line
        assert "run the same command again" in line, line
        assert first.messages() == [line]
        assert "Traceback" not in first.stderr
        # The run is not "finished"; if even its end could not be written, the next start marks it killed.
        [(status, _reason)] = crawl_runs(data)
        assert status in ("failed", "running"), status
        stored = assert_rows_archived(data)
        assert_valid_warcs(data / "warc")

        grow(data, ROOM)
        second = crawl(site, data)
        assert second.returncode == 0, second.stderr[-3000:]
        statuses = [status for status, _ in crawl_runs(data)]
        assert statuses[0] in ("failed", "killed")
        assert statuses[1] == "finished"
        assert_complete(data, expected_urls(site, LANGUAGES))
        print(f"\ndata directory full with {stored} rows stored; the next run stored all {len(stored_urls(data))}")
