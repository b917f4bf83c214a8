"""CDXJ indexes of WARC files (`<indexes dir>/<warc file name>.cdxj`, sorted, as pywb reads them) via cdxj-indexer."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cdxj_indexer.main import CDXJIndexer, SortingWriter

if TYPE_CHECKING:
    from collections.abc import Iterable

CDXJ_SUFFIX = ".cdxj"


def index_path(warc: Path | str, index_dir: Path) -> Path:
    return Path(index_dir) / (Path(warc).name + CDXJ_SUFFIX)


class _OffsetIndexer(CDXJIndexer):
    """cdxj-indexer over a slice of a WARC file: offsets are shifted by where the slice starts in the file."""

    base_offset = 0

    def get_field(self, record: Any, name: str, it: Any, filename: str) -> Any:
        value = super().get_field(record, name, it, filename)
        if name == "offset" and value is not None:
            return str(int(value) + self.base_offset)
        return value


class _Lines(list[str]):
    def write(self, line: str) -> None:
        self.append(line)


class CdxjCollector:
    """Index lines of one WARC file, collected while it is written, so closing it never re-reads the file.

    The lines are cdxj-indexer's own (same fields, keys and sort) as if it had read the finished file.
    """

    def __init__(self, warc_name: str) -> None:
        self.warc_name = warc_name
        self.lines = _Lines()
        self._indexer = _OffsetIndexer(output=None, inputs=[], filename=warc_name)

    def add(self, data: bytes, offset: int) -> None:
        """Index the complete gzip members in data, written at offset of the file."""
        self._indexer.base_offset = offset
        self._indexer.process_one(io.BytesIO(data), self.lines, self.warc_name)

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
