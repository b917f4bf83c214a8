"""CDXJ indexes of WARC files (`<indexes dir>/<warc file name>.cdxj`, sorted, as pywb reads them) via cdxj-indexer."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import surt
from cdxj_indexer.main import CDXJIndexer, SortingWriter
from warcio.timeutils import iso_date_to_timestamp

if TYPE_CHECKING:
    from collections.abc import Iterable

CDXJ_SUFFIX = ".cdxj"


def index_path(warc: Path | str, index_dir: Path) -> Path:
    return Path(index_dir) / (Path(warc).name + CDXJ_SUFFIX)


class _Lines(list[str]):
    def write(self, line: str) -> None:
        self.append(line)


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """What an index line says of a response or revisit record, known when it is written."""

    url: str
    warc_date: str
    mime: str | None
    """HTTP Content-Type (None when absent); "warc/revisit" for revisits, as cdxj-indexer writes."""
    status: int
    digest: str


_SPACE = re.compile(r"[;\s]")


class CdxjCollector:
    """Index lines of one WARC file, collected while it is written, so closing it never re-reads the file.

    The lines are cdxj-indexer's own (same key, fields, order and sort) as if it had read the finished file
    (tests compare them with `cdxj-indexer -s`), but built from what the writer already knows: re-parsing each
    record just written cost the crawl's reactor thread more than writing it.
    """

    def __init__(self, warc_name: str) -> None:
        self.warc_name = warc_name
        self.lines = _Lines()

    def add_entry(self, entry: IndexEntry, length: int, offset: int) -> None:
        """Index a response or revisit record of `length` bytes written at `offset` of the file."""
        index: dict[str, str] = {"url": entry.url}
        mime = "warc/revisit" if entry.mime == "warc/revisit" else _SPACE.split(entry.mime or "", 1)[0].strip()
        if mime:
            index["mime"] = mime
        index.update(
            status=str(entry.status),
            digest=entry.digest,
            length=str(length),
            offset=str(offset),
            filename=self.warc_name,
        )
        try:
            key = surt.surt(entry.url)
        except Exception:  # noqa: BLE001 - cdxj-indexer falls back to the URL on any surt failure, so do we
            key = entry.url
        self.lines.append(f"{key} {iso_date_to_timestamp(entry.warc_date)} {json.dumps(index)}\n")

    def write(self, index_dir: Path) -> Path:
        return _write_sorted(self.lines, index_path(self.warc_name, index_dir))


def _write_sorted(lines: Iterable[str], target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        writer = SortingWriter(fh)
        for line in lines:
            writer.write(line)
        writer.flush()
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(target)
    return target


def write_cdxj(warc: Path, index_dir: Path) -> Path:
    """Index a finished WARC file by reading it (repaired files, or a file whose index is missing)."""
    target = index_path(warc, index_dir)
    lines = _Lines()
    indexer = CDXJIndexer(output=None, inputs=[], filename=warc.name)
    with warc.open("rb") as fh:
        indexer.process_one(fh, lines, str(warc))
    return _write_sorted(lines, target)


def index_missing(warc_dir: Path, index_dir: Path) -> list[Path]:
    """Write the CDXJ of every finished WARC file in warc_dir that has none (e.g. after a crash at close)."""
    written = []
    for warc in sorted(Path(warc_dir).glob("*.warc.gz")):
        if warc.is_file() and not index_path(warc, index_dir).exists():
            written.append(write_cdxj(warc, index_dir))
    return written
