"""kill -9 in the middle of a real crawl: the leftover `.open` WARC file is repaired (or quarantined) by the next run,
never appended to, and every file then passes all validators (notes §4, W7)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from typing import TYPE_CHECKING

import pytest

from crawler.commands.reprocess import reprocess
from storage.validate import iter_members
from storage.warc import parse_warc_filename
from tests.test_reprocess import ROOT, article_site, crawl, crawl_command, crawl_env, sqlite_url
from tests.warc_checks import assert_valid_warcs

if TYPE_CHECKING:
    from pathlib import Path

    from tests.test_reprocess import ArticleSite

pytestmark = pytest.mark.slow

KILL_AFTER_BYTES = 60_000
# English only, two requests at a time, against a server answering in 10 ms: about a minute for the whole site.
SLOW: dict[str, object] = {"EUREPORTER_LANGUAGES": "en", "CONCURRENT_REQUESTS_PER_DOMAIN": 2}


def kill_mid_crawl(site: ArticleSite, data_dir: Path) -> Path:
    """Start `scrapy crawl eureporter`, SIGKILL it once its WARC file has grown, return the leftover `.open` file."""
    command = crawl_command(site, data_dir, **SLOW)
    process = subprocess.Popen(command, cwd=ROOT, env=crawl_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            assert process.poll() is None, "the crawl ended before it could be killed"
            leftovers = list((data_dir / "warc").glob("*.warc.gz.open"))
            if leftovers and leftovers[0].stat().st_size > KILL_AFTER_BYTES:
                break
            time.sleep(0.02)
        else:
            pytest.fail("the crawl wrote too little to be killed mid-write")
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    [leftover] = (data_dir / "warc").glob("*.warc.gz.open")
    assert not list((data_dir / "warc").glob("*.warc.gz"))  # nothing was closed: the kill came mid-file
    return leftover


def members_of(path: Path) -> list[tuple[int, int, bool]]:
    with path.open("rb") as fh:
        return [(m.offset, m.length, m.complete) for m in iter_members(fh)]


def check_restart(site: ArticleSite, data_dir: Path, leftover: Path, before: bytes) -> Path:
    crawl(site, data_dir, EUREPORTER_MAX_PAGES=15, **SLOW)
    warc_dir = data_dir / "warc"
    assert not list(warc_dir.glob("*.open"))
    repaired = warc_dir / leftover.name.removesuffix(".open")
    quarantined = warc_dir / "quarantine" / leftover.name
    assert repaired.exists() or quarantined.exists()
    if repaired.exists():
        after = repaired.read_bytes()
        # cut back to whole records, never appended to
        assert len(after) <= len(before)
        assert before.startswith(after)
        assert all(complete for _, _, complete in members_of(repaired))
    files = assert_valid_warcs(warc_dir)
    serials = sorted(int(parse_warc_filename(p.name)["serial"]) for p in files)  # type: ignore[index]
    assert len(files) == 2
    assert serials[1] > serials[0]  # the restart took a new serial, a new file
    return repaired


def test_sigkill_mid_write_then_restart_repairs_the_leftover(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with article_site(synthetic=400, delay=0.01) as site:
        leftover = kill_mid_crawl(site, data_dir)
        before = leftover.read_bytes()
        assert len(before) > KILL_AFTER_BYTES
        repaired = check_restart(site, data_dir, leftover, before)
    # the archive is still a source for the dataset: every whole article page in the repaired file is extracted
    result = reprocess(data_dir, sqlite_url(tmp_path / "rebuilt.db"), progress=False, workers=0)
    assert not result.damaged_files
    assert result.articles > 0
    assert repaired.exists()


def test_torn_last_record_is_cut_off(tmp_path: Path) -> None:
    """A kill inside a write leaves half a gzip member at the end: simulated by tearing the leftover's tail."""
    data_dir = tmp_path / "data"
    with article_site(synthetic=400, delay=0.01) as site:
        leftover = kill_mid_crawl(site, data_dir)
        members = members_of(leftover)
        last_offset, last_length, _ = members[-1]
        torn = leftover.read_bytes()[: last_offset + last_length // 2]
        leftover.write_bytes(torn)
        assert members_of(leftover)[-1][2] is False
        repaired = check_restart(site, data_dir, leftover, torn)
    assert repaired.stat().st_size <= last_offset  # the torn member (and an orphaned response before it) are gone
