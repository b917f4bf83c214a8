"""One crawl per data directory: the second run is refused at once and told which run holds the directory."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from typing import TYPE_CHECKING

import pytest

from crawler.extensions.lock import LOCK_NAME, DataDirLock, DataDirLocked

if TYPE_CHECKING:
    from pathlib import Path


def test_second_holder_is_refused_with_the_first_named(tmp_path: Path) -> None:
    # A real second process: flock conflicts are between open file descriptions, as between two crawls.
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sys, time, pathlib
            from crawler.extensions.lock import DataDirLock
            DataDirLock.acquire(pathlib.Path({str(tmp_path)!r}))
            print("held", flush=True)
            time.sleep(60)
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(DataDirLocked, match=rf"in use by another crawl \(pid {holder.pid} on "):
            DataDirLock.acquire(tmp_path)
    finally:
        holder.kill()
        holder.wait()
    # The kernel released the flock when the holder died: a stale file never blocks the next run.
    lock = DataDirLock.acquire(tmp_path)
    assert (tmp_path / LOCK_NAME).read_text().startswith("{")
    lock.release()
    assert (tmp_path / LOCK_NAME).read_text() == ""


def test_same_process_reuses_its_lock(tmp_path: Path) -> None:
    first = DataDirLock.acquire(tmp_path)
    try:
        assert DataDirLock.acquire(tmp_path) is first
    finally:
        first.release()
