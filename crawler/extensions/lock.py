"""One crawl per data directory: an flock'ed lock file naming the holder, so a second run exits at once and says who."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import socket
import sys
import time
from typing import TYPE_CHECKING, Any, ClassVar

from scrapy import signals

if TYPE_CHECKING:
    from pathlib import Path
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

LOCK_NAME = ".eureporter.lock"


class DataDirLocked(RuntimeError):
    """Another crawl holds the data directory."""


class DataDirLock:
    """An exclusive, non-blocking flock on DIR/.eureporter.lock, released by the kernel if the process dies.

    The file's content (pid, host, start time, command) is only a description for the message; the flock is the lock,
    so a stale file left by a killed run never blocks the next one.
    """

    held: ClassVar[dict[str, DataDirLock]] = {}

    def __init__(self, directory: Path) -> None:
        self.path = directory / LOCK_NAME
        self._fd: int | None = None

    @classmethod
    def acquire(cls, directory: Path) -> DataDirLock:
        """Take the lock (or return this process's own lock on the same directory)."""
        key = str(directory.resolve())
        if key in cls.held:
            return cls.held[key]
        lock = cls(directory)
        directory.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _describe(lock.path)
            os.close(fd)
            raise DataDirLocked(f"{directory} is in use by another crawl ({holder}); wait for it to finish") from None
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "command": " ".join(sys.argv)[:300],
        }
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps(info).encode())
        lock._fd = fd
        cls.held[key] = lock
        return lock

    def release(self) -> None:
        if self._fd is None:
            return
        os.ftruncate(self._fd, 0)
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None
        self.held.pop(str(self.path.parent.resolve()), None)


def _describe(path: Path) -> str:
    try:
        info: dict[str, Any] = json.loads(path.read_text() or "{}")
    except (OSError, ValueError):
        return "holder unknown"
    return f"pid {info.get('pid')} on {info.get('host')}, started {info.get('started')}: {info.get('command')}"


class DataDirLockExtension:
    """Hold the data directory's lock for the whole crawl, also under `scrapy crawl` and Scrapyd (not only the CLI)."""

    def __init__(self, lock: DataDirLock) -> None:
        self.lock = lock

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        from crawler.options import data_dir

        # Raising here stops the crawl before its first request; the message names the running crawl.
        ext = cls(DataDirLock.acquire(data_dir(crawler.settings)))
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self) -> None:
        self.lock.release()
