"""One WARC record cut out of a finished WARC file: the gzip member at an offset (each record is its own member,
storage/warc.py), served by `eureporter browse` as a one-record .warc.gz that warcio and pywb read as it is."""

from __future__ import annotations

import re
import zlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

FINISHED_WARC = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.warc\.gz$")
"""A finished WARC file's name: no directory part, not a `.open` file being written."""
MAX_RECORD_BYTES = 128 << 20
"""Compressed size at which a member is refused: the crawl keeps bodies under 32 MiB (DOWNLOAD_MAXSIZE)."""
_CHUNK = 64 << 10


class RecordNotFound(Exception):
    """No finished WARC file of that name, or no WARC record starts at that offset; the message says which."""


def read_record(warc_dir: Path, name: str, offset: int) -> bytes:
    """The gzip member holding the record at `offset` of DATA/warc/`name`, compressed, as stored."""
    if not FINISHED_WARC.match(name):
        raise RecordNotFound(f"{name!r} is not the name of a finished WARC file")
    path = warc_dir / name
    if not path.is_file():
        raise RecordNotFound(f"no WARC file {name} in the archive")
    with path.open("rb") as fh:
        fh.seek(offset)
        inflate = zlib.decompressobj(wbits=31)  # one gzip member, and only one: the rest is left in unused_data
        member = bytearray()
        head = b""
        while not inflate.eof:
            chunk = fh.read(_CHUNK)
            if not chunk or len(member) > MAX_RECORD_BYTES:
                raise RecordNotFound(f"no whole WARC record at offset {offset} of {name}")
            try:
                inflated = inflate.decompress(chunk)
            except zlib.error:
                raise RecordNotFound(f"no WARC record starts at offset {offset} of {name}") from None
            if len(head) < 5:
                head += inflated[:5]
            member += chunk
    if not head.startswith(b"WARC/"):
        raise RecordNotFound(f"no WARC record starts at offset {offset} of {name}")
    return bytes(member[: len(member) - len(inflate.unused_data)])
