"""Leftover `*.warc.gz.open` files of crashed writers: cut back to the last whole record and close, or quarantine."""

from __future__ import annotations

import fcntl
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from storage.cdxj import index_missing, write_cdxj
from storage.validate import iter_members, parse_records
from storage.warc import OPEN_SUFFIX, finished_warcs

if TYPE_CHECKING:
    from storage.dedup import DedupIndex

logger = logging.getLogger(__name__)

QUARANTINE_DIR = "quarantine"


@dataclass(slots=True)
class RepairReport:
    repaired: list[Path] = field(default_factory=list)
    """Final paths of the files cut back (or found whole) and closed."""
    quarantined: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    """Files still locked: a live writer (this or another process) holds them."""
    bytes_cut: int = 0
    reindexed: list[Path] = field(default_factory=list)
    """CDXJ files written for finished WARC files that had none."""


def _fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def whole_records_end(fh: os.PathLike[str] | object) -> tuple[int, int]:
    """(end offset of the last gzip member ending a whole request/response unit, number of records kept).

    Each member must decompress to exactly one whole WARC record; the file must start with a warcinfo record
    (else (0, 0)). A response or revisit not followed by its request (the writer puts them in one write, response
    first) is cut as well, so pairs stay whole.
    """
    kept: list[tuple[int, int, str]] = []
    for member in iter_members(fh):  # type: ignore[arg-type]
        if not member.complete:
            break
        records, error = parse_records(member.data, member.offset, member.length)
        if error or len(records) != 1:
            break
        kept.append((member.offset, member.offset + member.length, records[0].type))
    if not kept or kept[0][2] != "warcinfo":
        return 0, 0
    if kept[-1][2] in ("response", "revisit"):
        kept.pop()
    return kept[-1][1], len(kept)


def _quarantine(path: Path, directory: Path, dedup: DedupIndex | None, why: str) -> Path:
    target_dir = directory / QUARANTINE_DIR
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / path.name
    n = 1
    while target.exists():
        target = target_dir / f"{path.name}.{n}"
        n += 1
    path.rename(target)
    if dedup is not None:
        dedup.forget_file(path.name.removesuffix(OPEN_SUFFIX))
    logger.warning("WARC file %s quarantined as %s: %s", path, target, why)
    return target


def repair_open_file(
    path: Path, report: RepairReport, *, dedup: DedupIndex | None = None, index_dir: Path | None = None
) -> None:
    """Repair or quarantine one `.open` file, unless a live writer holds its lock."""
    directory = path.parent
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return  # closed by its writer meanwhile
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            report.skipped.append(path)
            return
        try:
            if path.stat().st_ino != os.fstat(fd).st_ino:
                return  # renamed and replaced between open and lock
        except FileNotFoundError:
            return
        size = os.fstat(fd).st_size
        with open(fd, "rb", closefd=False) as fh:  # noqa: PTH123 (reading through the locked descriptor)
            end, kept = whole_records_end(fh)
        final = directory / path.name.removesuffix(OPEN_SUFFIX)
        if kept == 0:
            report.quarantined.append(_quarantine(path, directory, dedup, "no whole warcinfo record at its start"))
            return
        if final.exists():
            report.quarantined.append(_quarantine(path, directory, dedup, f"{final.name} already exists"))
            return
        if end < size:
            os.ftruncate(fd, end)
            report.bytes_cut += size - end
        os.fsync(fd)
        path.rename(final)  # still locked: no other repairer can take it meanwhile
        _fsync_directory(directory)
    finally:
        os.close(fd)
    if dedup is not None:
        dedup.forget_from(final.name, end)
        dedup.commit_file(final.name)
    if index_dir is not None:
        write_cdxj(final, index_dir)
    report.repaired.append(final)
    logger.info(
        "WARC file %s repaired: cut %d bytes after %d whole records, closed as %s", path, size - end, kept, final
    )


def repair_leftovers(
    directory: Path, *, dedup: DedupIndex | None = None, index_dir: Path | None = None
) -> RepairReport:
    """Start-up housekeeping of a WARC directory: repair crashed `.open` files, commit their dedup rows, and
    write missing CDXJ indexes. Files locked by a live writer are left alone."""
    directory = Path(directory)
    report = RepairReport()
    if not directory.is_dir():
        return report
    for path in sorted(directory.glob(f"*.warc.gz{OPEN_SUFFIX}")):
        repair_open_file(path, report, dedup=dedup, index_dir=index_dir)
    if dedup is not None:
        dedup.commit_finished(p.name for p in finished_warcs(directory))
    if index_dir is not None:
        report.reindexed = index_missing(directory, index_dir)
    return report
