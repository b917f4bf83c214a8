"""Structural check of our WARC files, beyond digests: `python -m storage.validate FILE…` (exit 1 on problems)."""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import re
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from storage.warc import OPEN_SUFFIX, PROFILE_IDENTICAL, PROFILE_NOT_MODIFIED

if TYPE_CHECKING:
    from collections.abc import Iterator

CHUNK = 1 << 20
_DATE_RX = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$")
_ID_RX = re.compile(r"^<[A-Za-z][A-Za-z0-9+.-]*:[^<>\s]+>$")
_TRUNCATED = {"length", "time", "disconnect", "unspecified"}
_HTTP_TYPES = {"request", "response", "revisit"}
# WARC 1.1 field table (notes §1): fields that must be present / must be absent per record type.
_MUST = {
    "warcinfo": (),
    "request": ("WARC-Target-URI",),
    "response": ("WARC-Target-URI",),
    "resource": ("WARC-Target-URI",),
    "metadata": (),
    "revisit": ("WARC-Target-URI", "WARC-Profile"),
    "conversion": ("WARC-Target-URI",),
    "continuation": ("WARC-Target-URI", "WARC-Segment-Origin-ID", "WARC-Segment-Number"),
}
_MUST_NOT = {
    "warcinfo": (
        "WARC-Target-URI",
        "WARC-Concurrent-To",
        "WARC-IP-Address",
        "WARC-Payload-Digest",
        "WARC-Refers-To",
        "WARC-Refers-To-Target-URI",
        "WARC-Refers-To-Date",
        "WARC-Warcinfo-ID",
    ),
    "request": ("WARC-Refers-To", "WARC-Refers-To-Target-URI", "WARC-Refers-To-Date", "WARC-Filename"),
    "response": ("WARC-Refers-To", "WARC-Refers-To-Target-URI", "WARC-Refers-To-Date", "WARC-Filename"),
    "resource": ("WARC-Refers-To", "WARC-Refers-To-Target-URI", "WARC-Refers-To-Date", "WARC-Filename"),
    "metadata": ("WARC-Payload-Digest", "WARC-Refers-To-Target-URI", "WARC-Refers-To-Date", "WARC-Filename"),
    "revisit": ("WARC-Filename",),
}


@dataclass(frozen=True, slots=True)
class Member:
    """One gzip member of a file: where it is, what it decompresses to, and whether it is whole."""

    offset: int
    length: int
    data: bytes
    complete: bool
    error: str | None = None


@dataclass(slots=True)
class Record:
    offset: int
    length: int
    version: str
    fields: list[tuple[str, str]]
    block: bytes

    def get(self, name: str) -> str | None:
        lowered = name.lower()
        return next((v for n, v in self.fields if n.lower() == lowered), None)

    def getall(self, name: str) -> list[str]:
        lowered = name.lower()
        return [v for n, v in self.fields if n.lower() == lowered]

    @property
    def type(self) -> str:
        return self.get("WARC-Type") or ""

    @property
    def id(self) -> str:
        return self.get("WARC-Record-ID") or ""


def iter_members(fh: BinaryIO) -> Iterator[Member]:
    """The gzip members of fh in order; the last one is incomplete (complete=False) when the file was cut."""
    offset = pos = 0
    decompressor: zlib._Decompress | None = None
    out: list[bytes] = []
    pending = b""
    while True:
        if not pending:
            pending = fh.read(CHUNK)
            if not pending:
                break
        if decompressor is None:
            decompressor, out = zlib.decompressobj(zlib.MAX_WBITS + 16), []
        try:
            out.append(decompressor.decompress(pending))
        except zlib.error as exc:
            rest = len(pending) + len(fh.read())
            yield Member(offset, pos + rest - offset, b"".join(out), False, f"not gzip data ({exc})")
            return
        if decompressor.eof:
            pos += len(pending) - len(decompressor.unused_data)
            yield Member(offset, pos - offset, b"".join(out), True)
            offset, pending, decompressor = pos, decompressor.unused_data, None
        else:
            pos += len(pending)
            pending = b""
    if decompressor is not None:
        yield Member(offset, pos - offset, b"".join(out), False, "truncated gzip member")


def parse_records(data: bytes, offset: int = 0, length: int = 0) -> tuple[list[Record], str | None]:
    """The WARC records in decompressed data, and what is wrong with the rest of it, if anything."""
    records: list[Record] = []
    pos = 0
    while pos < len(data):
        end = data.find(b"\r\n\r\n", pos)
        if not data.startswith(b"WARC/", pos) or end < 0:
            return records, "no WARC record header"
        lines = data[pos:end].decode("utf-8", "replace").split("\r\n")
        fields = []
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if not sep:
                return records, f"malformed WARC header line {line!r}"
            fields.append((name.strip(), value.strip()))
        record = Record(offset, length, lines[0], fields, b"")
        try:
            content_length = int(record.get("Content-Length") or "")
        except ValueError:
            return records, "missing or invalid Content-Length"
        block = data[end + 4 : end + 4 + content_length]
        if len(block) != content_length:
            return records, f"block shorter than Content-Length ({len(block)} < {content_length})"
        record.block = block
        tail = end + 4 + content_length
        if data[tail : tail + 4] != b"\r\n\r\n":
            return records, "record not followed by two CRLFs"
        records.append(record)
        pos = tail + 4
    return records, None


def digest_matches(value: str, data: bytes) -> bool | None:
    """Whether a labelled digest (`sha1:BASE32`, `sha256:hex`, …) is that of data; None for unknown algorithms."""
    label, _, encoded = value.partition(":")
    try:
        raw = hashlib.new(label.strip().lower().replace("-", ""), data).digest()
    except ValueError:
        return None
    b32 = base64.b32encode(raw).decode("ascii")
    return encoded.strip() in (b32, b32.rstrip("="), b32.lower()) or encoded.strip().lower() == raw.hex()


def split_http(block: bytes) -> tuple[str, list[tuple[str, str]], bytes] | None:
    """Start line, headers and body of an application/http block (None if it has no header end)."""
    end = block.find(b"\r\n\r\n")
    if end < 0:
        return None
    lines = block[:end].decode("latin-1").split("\r\n")
    headers = []
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.append((name.strip(), value.strip()))
    return lines[0], headers, block[end + 4 :]


def _header(headers: list[tuple[str, str]], name: str) -> list[str]:
    return [v for n, v in headers if n.lower() == name.lower()]


def _check_http(record: Record, problem: list[str]) -> None:
    parsed = split_http(record.block)
    if parsed is None:
        problem.append("HTTP block without end of headers")
        return
    start, headers, body = parsed
    if record.type == "request":
        if not re.match(r"^[A-Z]+ \S+ HTTP/\d\.\d$", start):
            problem.append(f"bad HTTP request line {start!r}")
        if not _header(headers, "Host"):
            problem.append("HTTP request without Host header")
    elif not re.match(r"^HTTP/\d\.\d \d{3}( .*)?$", start):
        problem.append(f"bad HTTP status line {start!r}")
    if _header(headers, "Transfer-Encoding"):
        problem.append("HTTP Transfer-Encoding header over a de-chunked body")
    header_only = record.type == "revisit" and record.get("WARC-Profile") != PROFILE_NOT_MODIFIED
    lengths = _header(headers, "Content-Length")
    if len(set(lengths)) > 1:
        problem.append(f"several HTTP Content-Length values {lengths}")
    if lengths and not header_only and lengths[0] != str(len(body)):
        problem.append(f"HTTP Content-Length {lengths[0]} != body length {len(body)}")
    if header_only and body:
        problem.append("identical-payload-digest revisit with a body")
    codings = ",".join(_header(headers, "Content-Encoding")).lower().replace(" ", "").split(",")
    if record.type != "request" and body and codings[-1] in ("gzip", "x-gzip") and not body.startswith(b"\x1f\x8b"):
        problem.append("Content-Encoding gzip but the body does not start with 1f8b")
    payload_digest = record.get("WARC-Payload-Digest")
    if payload_digest and record.type != "revisit":
        match = digest_matches(payload_digest, body)
        if match is False:
            problem.append(f"WARC-Payload-Digest {payload_digest} does not match the HTTP body")
        elif match is None:
            problem.append(f"WARC-Payload-Digest {payload_digest}: unknown algorithm")


def _check_record(record: Record, warcinfo_ids: set[str], problem: list[str]) -> None:
    if record.version != "WARC/1.1":
        problem.append(f"version {record.version!r}, expected WARC/1.1")
    for name in ("WARC-Record-ID", "Content-Length", "WARC-Date", "WARC-Type"):
        if record.get(name) is None:
            problem.append(f"missing {name}")
    if record.id and not _ID_RX.match(record.id):
        problem.append(f"malformed WARC-Record-ID {record.id!r}")
    date = record.get("WARC-Date")
    if date and not _DATE_RX.match(date):
        problem.append(f"malformed WARC-Date {date!r}")
    kind = record.type
    for name in _MUST.get(kind, ()):
        if not record.get(name):
            problem.append(f"missing {name}")
    for name in _MUST_NOT.get(kind, ()):
        if record.get(name) is not None:
            problem.append(f"{name} not allowed on {kind} records")
    for name, value in record.fields:
        if name.lower() != "warc-concurrent-to" and len(record.getall(name)) > 1:
            problem.append(f"repeated field {name}")
            break
        if name.lower() in ("warc-target-uri", "warc-refers-to-target-uri") and (
            value.startswith("<") or re.search(r"\s", value)
        ):
            problem.append(f"{name} {value!r} is not a bare URI (WARC 1.1: no <>)")
    if record.block and not record.get("Content-Type"):
        problem.append("missing Content-Type for a non-empty block")
    if kind != "warcinfo":
        warcinfo_id = record.get("WARC-Warcinfo-ID")
        if not warcinfo_id:
            problem.append("missing WARC-Warcinfo-ID")
        elif warcinfo_id not in warcinfo_ids:
            problem.append(f"WARC-Warcinfo-ID {warcinfo_id} names no warcinfo record of this file")
    ip = record.get("WARC-IP-Address")
    if ip:
        try:
            ipaddress.ip_address(ip)
        except ValueError:
            problem.append(f"malformed WARC-IP-Address {ip!r}")
    truncated = record.get("WARC-Truncated")
    if truncated and truncated not in _TRUNCATED:
        problem.append(f"unknown WARC-Truncated reason {truncated!r}")
    block_digest = record.get("WARC-Block-Digest")
    if block_digest:
        match = digest_matches(block_digest, record.block)
        if match is False:
            problem.append(f"WARC-Block-Digest {block_digest} does not match the block")
        elif match is None:
            problem.append(f"WARC-Block-Digest {block_digest}: unknown algorithm")
    if kind == "revisit":
        _check_revisit(record, problem)
    if kind in _HTTP_TYPES and (record.get("Content-Type") or "").replace(" ", "").startswith("application/http"):
        _check_http(record, problem)
    elif kind in ("response", "request"):
        problem.append(f"{kind} record is not application/http")


def _check_revisit(record: Record, problem: list[str]) -> None:
    profile = record.get("WARC-Profile")
    if profile == PROFILE_IDENTICAL:
        # §6.7.2: payload digest mandatory; a headers-only block is a truncated response.
        required = ["WARC-Payload-Digest", "WARC-Refers-To", "WARC-Refers-To-Target-URI", "WARC-Refers-To-Date"]
        if record.get("WARC-Truncated") != "length":
            problem.append("identical-payload-digest revisit without WARC-Truncated: length")
    elif profile == PROFILE_NOT_MODIFIED:
        # §6.7.3: the whole 304 message is kept, nothing is truncated.
        required = ["WARC-Refers-To", "WARC-Refers-To-Target-URI", "WARC-Refers-To-Date"]
    else:
        problem.append(f"unknown WARC-Profile {profile!r}")
        return
    for name in required:
        if not record.get(name):
            problem.append(f"revisit without {name}")
    date = record.get("WARC-Refers-To-Date")
    if date and not _DATE_RX.match(date):
        problem.append(f"malformed WARC-Refers-To-Date {date!r}")


def _check_pairs(records: list[Record], problems: list[str]) -> None:
    requests = {r.id: r for r in records if r.type == "request"}
    by_concurrent: dict[str, list[Record]] = {}
    for request in requests.values():
        for target in request.getall("WARC-Concurrent-To"):
            by_concurrent.setdefault(target, []).append(request)
    for record in records:
        if record.type not in ("response", "revisit"):
            continue
        partners = list(by_concurrent.get(record.id, []))
        partners += [requests[i] for i in record.getall("WARC-Concurrent-To") if i in requests]
        where = f"offset {record.offset} {record.type} {record.id}"
        if not partners:
            problems.append(f"{where}: no request record linked by WARC-Concurrent-To")
            continue
        for request in partners:
            if request.get("WARC-Date") != record.get("WARC-Date"):
                problems.append(f"{where}: request {request.id} has another WARC-Date")
            if request.get("WARC-Target-URI") != record.get("WARC-Target-URI"):
                problems.append(f"{where}: request {request.id} has another WARC-Target-URI")


def validate_warc(path: Path | str) -> list[str]:
    """Problems found in one gzip-per-record WARC/1.1 file (an empty list means valid)."""
    path = Path(path)
    problems: list[str] = []
    records: list[Record] = []
    try:
        fh = path.open("rb")
    except OSError as exc:
        return [f"cannot read: {exc}"]
    with fh:
        for member in iter_members(fh):
            where = f"offset {member.offset}"
            if not member.complete:
                problems.append(f"{where}: {member.error} ({member.length} bytes to end of file)")
                break
            found, error = parse_records(member.data, member.offset, member.length)
            if error:
                problems.append(f"{where}: gzip member holds damaged WARC data: {error}")
            if len(found) != 1 and not error:
                problems.append(f"{where}: gzip member holds {len(found)} records (expected one per member)")
            records.extend(found)
    if not records:
        problems.append("no WARC records")
        return problems
    first = records[0]
    expected_name = path.name.removesuffix(OPEN_SUFFIX)
    if first.type != "warcinfo":
        problems.append(f"first record is {first.type!r}, not warcinfo")
    elif first.get("WARC-Filename") != expected_name:
        problems.append(f"warcinfo WARC-Filename {first.get('WARC-Filename')!r} != file name {expected_name!r}")
    warcinfo_ids = {r.id for r in records if r.type == "warcinfo"}
    seen: set[str] = set()
    for record in records:
        found_problems: list[str] = []
        if record.id in seen:
            found_problems.append("duplicate WARC-Record-ID")
        seen.add(record.id)
        _check_record(record, warcinfo_ids, found_problems)
        problems += [f"offset {record.offset} {record.type} {record.id}: {p}" for p in found_problems]
    _check_pairs(records, problems)
    return problems


def main(argv: list[str] | None = None) -> int:
    paths = sys.argv[1:] if argv is None else argv
    if not paths:
        print("usage: python -m storage.validate FILE.warc.gz…", file=sys.stderr)
        return 2
    status = 0
    for name in paths:
        for problem in validate_warc(name):
            print(f"{name}: {problem}")
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
