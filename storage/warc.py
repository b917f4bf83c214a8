"""WARC/1.1 files: the records of one HTTP exchange and WarcWriter, a rotating gzip-per-record writer."""

from __future__ import annotations

import base64
import fcntl
import hashlib
import logging
import os
import re
import secrets
import socket
import sqlite3
import threading
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urlsplit
from uuid import UUID

from storage.cdxj import CdxjCollector, IndexEntry
from storage.dedup import Capture

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

    from storage.dedup import DedupIndex

logger = logging.getLogger(__name__)

WARC_VERSION = "WARC/1.1"
FORMAT = "WARC File Format 1.1"
CONFORMS_TO = "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"
PROFILE_IDENTICAL = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
PROFILE_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
# What the response records cannot hold because Scrapy's client does not expose it (notes §5, WARC 1.1 §6.3.2
# "best effort determination").
SCRAPY_DEVIATIONS = (
    "HTTP records are rebuilt from what Scrapy's client exposes: transfer-coding removed by client (bodies are "
    "de-chunked, no Transfer-Encoding header is written; content-coding is kept as received); reason phrase "
    "synthesised from the status code; header order and case normalised by the client; Content-Length set to the "
    "stored body length; HTTP/2 responses written with an HTTP/1.1 status line plus WARC-Protocol; request "
    "credentials (Authorization, Proxy-Authorization, Cookie) redacted; WARC-Date is the instant the request was "
    "sent (headers-received time minus Scrapy's download_latency)."
)
OPEN_SUFFIX = ".open"
WARC_SUFFIX = ".warc.gz"
REDACTED = b"REDACTED"
# Request headers whose values are credentials: never archived.
REDACTED_HEADERS = frozenset({b"authorization", b"proxy-authorization", b"cookie"})
_GZIP_CODINGS = frozenset({"gzip", "x-gzip"})
_FILENAME_RX = re.compile(
    r"^(?P<prefix>.+)-(?P<timestamp>\d{14}(?:\d{3})?)-(?P<serial>\d{5,})-(?P<host>[^/]+)-(?P<pid>\d+)"
    r"-(?P<token>[0-9a-z]+)\.warc\.gz(?:\.open)?$"
)


def utc_now() -> datetime:
    return datetime.now(UTC)


class _RecordIds:
    """Random (version 4) UUIDs from a pool of os.urandom bytes: one system call per 256 record ids, not per id
    (each call releases the GIL, and the crawl's reactor thread then waits to get it back)."""

    def __init__(self) -> None:
        self._pool = b""
        self._lock = threading.Lock()
        # A forked child must not hand out its parent's remaining ids.
        os.register_at_fork(after_in_child=self._forget)

    def _forget(self) -> None:
        self._pool = b""
        self._lock = threading.Lock()

    def __call__(self) -> str:
        with self._lock:
            if not self._pool:
                self._pool = os.urandom(16 * 256)
            raw, self._pool = self._pool[:16], self._pool[16:]
        return f"<urn:uuid:{UUID(bytes=raw, version=4)}>"


new_record_id = _RecordIds()


def warc_date(moment: datetime) -> str:
    """WARC-Date with microseconds (WARC 1.1 §5.4 allows up to nine fractional digits), always UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def sha1_digest(data: bytes) -> str:
    """`sha1:` + Base32, the labelled digest form of the WARC 1.1 examples (and of warcio)."""
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def gzip_member(data: bytes) -> bytes:
    """One complete gzip member (WARC 1.1 Annex D: one member per record)."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, zlib.MAX_WBITS + 16)
    return compressor.compress(data) + compressor.flush()


def _field_value(value: object) -> str:
    # Rec. #74: no multi-line field values.
    return " ".join(str(value).split())


def encode_record(fields: Sequence[tuple[str, str]], block: bytes) -> bytes:
    """One uncompressed WARC/1.1 record; Content-Length is appended from the block."""
    head = "".join(f"{name}: {_field_value(value)}\r\n" for name, value in fields)
    head += f"Content-Length: {len(block)}\r\n"
    return f"{WARC_VERSION}\r\n{head}\r\n".encode() + block + b"\r\n\r\n"


def warc_filename(prefix: str, moment: datetime, serial: int, host: str, pid: int, token: str) -> str:
    """IIPC-style `{prefix}-{timestamp17}-{serial}-{host}-{pid}-{token}.warc.gz` (final name, without .open)."""
    moment = moment.astimezone(UTC)
    stamp = moment.strftime("%Y%m%d%H%M%S") + f"{moment.microsecond // 1000:03d}"
    return f"{prefix}-{stamp}-{serial:05d}-{safe_host(host)}-{pid}-{token}{WARC_SUFFIX}"


def safe_host(host: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", host) or "localhost"


def parse_warc_filename(name: str) -> dict[str, str] | None:
    """The parts of a name made by warc_filename (also with .open), or None for other names."""
    match = _FILENAME_RX.match(name)
    return match.groupdict() if match else None


def highest_serial(directory: Path, prefix: str) -> int:
    """The highest serial of this prefix's files in directory (finished, open or quarantined), -1 if none."""
    serials = [-1]
    for folder in (directory, directory / "quarantine"):
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            parts = parse_warc_filename(path.name)
            if parts and parts["prefix"] == prefix:
                serials.append(int(parts["serial"]))
    return max(serials)


@dataclass(frozen=True, slots=True)
class HttpExchange:
    """One HTTP fetch as the client saw it: what the writer turns into request + response (or revisit) records."""

    url: str
    status: int
    response_headers: Sequence[tuple[bytes, bytes]]
    body: bytes
    method: str = "GET"
    request_headers: Sequence[tuple[bytes, bytes]] = ()
    request_body: bytes = b""
    protocol: str | None = "HTTP/1.1"
    """`HTTP/1.1`, `HTTP/1.0`, `h2` (written as HTTP/1.1 plus WARC-Protocol)."""
    date: datetime | None = None
    """Capture start (the instant the request was sent); None = the writer's clock."""
    ip_address: str | None = None
    """The peer's address; None when unknown or when the fetch went through a proxy."""
    proxied: bool = False
    """Fetched through an HTTP proxy: http:// request lines then carry the absolute URI."""
    truncated: str | None = None
    """WARC-Truncated reason when the body is incomplete (`disconnect`, `length`, `time`, `unspecified`)."""
    body_decoded: bool = False
    """The client says it already removed the content-coding (the body is not as received)."""


@dataclass(frozen=True, slots=True)
class WriteResult:
    """Where a record went. For revisits, refers_to_* locate the original holding the payload."""

    record_id: str
    filename: str
    offset: int
    length: int
    date: str
    payload_digest: str | None = None
    is_revisit: bool = False
    request_record_id: str | None = None
    refers_to_record_id: str | None = None
    refers_to_filename: str | None = None
    refers_to_offset: int | None = None
    profile: str | None = None
    bytes_written: int = 0
    """Bytes added to WARC files by this call (including a new file's warcinfo)."""
    records_written: int = 0
    """Records written by this call (including a new file's warcinfo)."""
    files_opened: int = 0
    """New WARC files this call started (1 after a rotation or on the first write)."""
    payload_bytes_saved: int = 0
    notes: tuple[str, ...] = ()
    """What was changed to make the record true: decoded_body, content_length_added, content_length_corrected,
    transfer_encoding_dropped."""

    @property
    def payload_filename(self) -> str:
        return (self.refers_to_filename or self.filename) if self.is_revisit else self.filename

    @property
    def payload_record_id(self) -> str:
        return (self.refers_to_record_id or self.record_id) if self.is_revisit else self.record_id

    @property
    def payload_offset(self) -> int | None:
        return self.refers_to_offset if self.is_revisit else self.offset

    def provenance(self) -> dict[str, Any]:
        """The plain dict handed to the rest of the crawler (request.meta["eureporter_warc"])."""
        return {
            "file": self.filename,
            "record_id": self.record_id,
            "offset": self.offset,
            "length": self.length,
            "date": self.date,
            "revisit": self.is_revisit,
            "payload_digest": self.payload_digest,
            "payload_file": self.payload_filename,
            "payload_record_id": self.payload_record_id,
            "payload_offset": self.payload_offset,
        }


def _host_header(url: str) -> bytes:
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    default_port = {"http": 80, "https": 443}.get(parts.scheme)
    if parts.port is not None and parts.port != default_port:
        host = f"{host}:{parts.port}"
    return host.encode("idna" if not host.isascii() else "ascii")


def request_block(exchange: HttpExchange) -> bytes:
    """`METHOD path?query HTTP/1.1`, the headers as sent (credentials redacted), Host added last if absent."""
    parts = urlsplit(exchange.url)
    if exchange.proxied and parts.scheme == "http":
        target = exchange.url.split("#", 1)[0]  # absolute-form through an HTTP proxy (RFC 9112 §3.2.2)
    else:
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    lines = [f"{exchange.method} {target} HTTP/1.1".encode()]
    names = set()
    for name, value in exchange.request_headers:
        lowered = name.lower()
        names.add(lowered)
        lines.append(name + b": " + (REDACTED if lowered in REDACTED_HEADERS else value))
    if exchange.request_body and b"content-length" not in names:
        lines.append(b"Content-Length: " + str(len(exchange.request_body)).encode())
    if b"host" not in names:
        # Twisted writes Host last (notes §5).
        lines.append(b"Host: " + _host_header(exchange.url))
    return b"\r\n".join(lines) + b"\r\n\r\n" + exchange.request_body


def _last_coding(value: bytes) -> str:
    codings = [c.strip().lower() for c in value.decode("latin-1").split(",") if c.strip()]
    return codings[-1] if codings else ""


def response_head(exchange: HttpExchange) -> tuple[bytes, list[str]]:
    """Status line + headers + blank line of the stored response, and notes on what had to be corrected.

    The body is stored as received (content-encoded), so Content-Length is set to its length and
    Transfer-Encoding is never written (the client already removed the chunking, notes §2).
    """
    notes: list[str] = []
    try:
        phrase = HTTPStatus(exchange.status).phrase
    except ValueError:
        phrase = ""
    protocol = exchange.protocol if exchange.protocol in ("HTTP/1.0", "HTTP/1.1") else "HTTP/1.1"
    headers: list[tuple[bytes, bytes]] = []
    gzip_declared = False
    for name, value in exchange.response_headers:
        lowered = name.lower()
        if lowered == b"transfer-encoding":
            notes.append("transfer_encoding_dropped")
            continue
        if lowered == b"content-encoding" and _last_coding(value) in _GZIP_CODINGS:
            gzip_declared = True
        headers.append((name, value))
    body = exchange.body
    if exchange.body_decoded or (gzip_declared and body and not body.startswith(b"\x1f\x8b")):
        # The body is not what the Content-Encoding header says: keep the header visible but inert, as Common
        # Crawl does (X-Crawler-*), so replay does not try to decode a decoded body.
        notes.append("decoded_body")
        headers = [
            (b"X-Crawler-Content-Encoding", v) if n.lower() == b"content-encoding" else (n, v) for n, v in headers
        ]
    length = str(len(body)).encode()
    lengths = [i for i, (n, _) in enumerate(headers) if n.lower() == b"content-length"]
    if not lengths:
        headers.append((b"Content-Length", length))
        notes.append("content_length_added")
    else:
        if any(headers[i][1].strip() != length for i in lengths):
            notes.append("content_length_corrected")
        headers[lengths[0]] = (headers[lengths[0]][0], length)
        for i in reversed(lengths[1:]):
            del headers[i]
    lines = [f"{protocol} {exchange.status} {phrase}".encode()]
    lines += [n + b": " + v for n, v in headers]
    return b"\r\n".join(lines) + b"\r\n\r\n", notes


def warcinfo_fields(info: Mapping[str, object]) -> bytes:
    """An application/warc-fields block; empty values are left out."""
    lines = []
    for name, value in info.items():
        if value in (None, "", [], ()):
            continue
        if isinstance(value, list | tuple):
            value = ",".join(str(v) for v in value)
        lines.append(f"{re.sub(r'[^A-Za-z0-9._-]', '-', name)}: {_field_value(value)}\r\n")
    return "".join(lines).encode("utf-8")


@dataclass(slots=True)
class _OpenFile:
    name: str
    path: Path
    fd: int
    warcinfo_id: str
    cdxj: CdxjCollector
    size: int = 0
    records: int = 0


@dataclass(slots=True)
class _Built:
    data: bytes
    first_length: int
    records: int
    meta: dict[str, Any] = field(default_factory=dict)
    index: IndexEntry | None = None
    """The CDXJ entry of the first record, when it is indexed (responses and revisits)."""


def _warc_protocol(protocol: str | None) -> str | None:
    """WARC-Protocol (proposal #42) for what an HTTP/1.1 status line cannot say, e.g. `h2`."""
    if not protocol or protocol in ("HTTP/1.0", "HTTP/1.1"):
        return None
    return "h2" if protocol.lower() in ("h2", "http/2", "http/2.0") else protocol.lower()


@dataclass(slots=True)
class WarcWriter:
    """Writes WARC/1.1 files of gzip-per-record records into directory, rotating before max_bytes.

    Files are written as `NAME.warc.gz.open` (flock-ed while open), fsynced and renamed on close; each starts with
    a warcinfo record. With dedup, unchanged 2xx payloads of a URL become identical-payload-digest revisits and 304s
    server-not-modified revisits. With index_dir, `<index_dir>/<name>.cdxj` is written when a file is closed.
    """

    directory: Path
    prefix: str = "EUREPORTER"
    max_bytes: int = 1_000_000_000
    software: str = "eureporter-archive"
    operator: str = ""
    user_agent: str = ""
    robots: str = ""
    crawl_options: Mapping[str, object] = field(default_factory=dict)
    hostname: str = field(default_factory=socket.gethostname)
    pid: int = field(default_factory=os.getpid)
    dedup: DedupIndex | None = None
    index_dir: Path | None = None
    make_record_id: Callable[[], str] = new_record_id
    clock: Callable[[], datetime] = utc_now
    make_token: Callable[[], str] = field(default=lambda: secrets.token_hex(4))
    closed_files: list[str] = field(default_factory=list, init=False)
    """Final names of the files this writer has closed, in order."""
    _current: _OpenFile | None = field(default=None, init=False, repr=False)
    _serial: int | None = field(default=None, init=False, repr=False)
    # Guards the current file's descriptor against `sync` from another thread while it is being closed.
    _fd_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def __post_init__(self) -> None:
        self.directory = Path(self.directory)
        if self.max_bytes <= 0:
            raise ValueError(f"max_bytes ({self.max_bytes!r}) must be a positive number of bytes")

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def current_path(self) -> Path | None:
        """The `.open` path being written, if any."""
        return self._current.path if self._current else None

    # --- records -------------------------------------------------------------------------------------------------

    def _warcinfo(self, filename: str, record_id: str) -> bytes:
        info: dict[str, object] = {
            "software": self.software,
            "format": FORMAT,
            "conformsTo": CONFORMS_TO,
            "operator": self.operator,
            "robots": self.robots,
            "http-header-user-agent": self.user_agent,
            "hostname": self.hostname,
        }
        info.update((k, v) for k, v in self.crawl_options.items() if k not in info)
        info["description"] = SCRAPY_DEVIATIONS
        fields = [
            ("WARC-Type", "warcinfo"),
            ("WARC-Record-ID", record_id),
            ("WARC-Date", warc_date(self.clock())),
            ("WARC-Filename", filename),
            ("Content-Type", "application/warc-fields"),
        ]
        block = warcinfo_fields(info)
        fields.append(("WARC-Block-Digest", sha1_digest(block)))
        return gzip_member(encode_record(fields, block))

    def _exchange_records(
        self, ex: HttpExchange, warcinfo_id: str, ids: tuple[str, str], date: str, original: Capture | None
    ) -> _Built:
        response_id, request_id = ids
        head, notes = response_head(ex)
        payload_digest = sha1_digest(ex.body)
        common = [("WARC-Date", date), ("WARC-Target-URI", ex.url)]
        meta: dict[str, Any] = {"notes": tuple(notes), "payload_digest": payload_digest, "profile": None}
        resp_fields = [("WARC-Type", "response"), ("WARC-Record-ID", response_id), *common]
        if ex.ip_address:
            resp_fields.append(("WARC-IP-Address", ex.ip_address))
        resp_fields.append(("WARC-Warcinfo-ID", warcinfo_id))
        if warc_protocol := _warc_protocol(ex.protocol):
            resp_fields.append(("WARC-Protocol", warc_protocol))
        if original is None:
            block = head + ex.body
            if ex.truncated:
                resp_fields.append(("WARC-Truncated", ex.truncated))
            resp_fields.append(("WARC-Payload-Digest", payload_digest))
        else:
            profile = PROFILE_NOT_MODIFIED if ex.status == 304 else PROFILE_IDENTICAL
            meta["profile"] = profile
            resp_fields[0] = ("WARC-Type", "revisit")
            resp_fields += [
                ("WARC-Profile", profile),
                ("WARC-Refers-To", original.payload_record_id),
                ("WARC-Refers-To-Target-URI", original.payload_url),
                ("WARC-Refers-To-Date", original.payload_date),
            ]
            if profile == PROFILE_IDENTICAL:
                # §6.7.2: the block holds the HTTP headers only, so the record is truncated by length.
                block = head
                resp_fields.append(("WARC-Truncated", "length"))
                meta["saved"] = len(ex.body)
            else:
                # §6.7.3: the whole 304 message is kept; its payload digest is the one it confirms.
                block = head + ex.body
                payload_digest = original.payload_digest
                meta["payload_digest"] = payload_digest
            resp_fields.append(("WARC-Payload-Digest", payload_digest))
        resp_fields += [
            ("WARC-Block-Digest", sha1_digest(block)),
            ("Content-Type", "application/http;msgtype=response"),
        ]
        req_block = request_block(ex)
        req_fields = [
            ("WARC-Type", "request"),
            ("WARC-Record-ID", request_id),
            *common,
            *([("WARC-IP-Address", ex.ip_address)] if ex.ip_address else []),
            ("WARC-Warcinfo-ID", warcinfo_id),
            ("WARC-Concurrent-To", response_id),
            ("WARC-Block-Digest", sha1_digest(req_block)),
            ("Content-Type", "application/http;msgtype=request"),
        ]
        response = gzip_member(encode_record(resp_fields, block))
        request = gzip_member(encode_record(req_fields, req_block))
        content_type = next((v for k, v in ex.response_headers if k.lower() == b"content-type"), None)
        mime = "warc/revisit" if original is not None else content_type.decode("latin-1") if content_type else None
        index = IndexEntry(ex.url, date, mime, ex.status, payload_digest)
        return _Built(response + request, len(response), 2, meta, index)

    # --- writing -------------------------------------------------------------------------------------------------

    def write_exchange(self, exchange: HttpExchange) -> WriteResult:
        """Write the response (or revisit) record and its request record, in one file, response first."""
        ids = (self.make_record_id(), self.make_record_id())
        date = warc_date(exchange.date or self.clock())
        original = self._find_original(exchange)
        current, offset, built, written, opened = self._write_unit(
            lambda warcinfo_id: self._exchange_records(exchange, warcinfo_id, ids, date, original)
        )
        meta = built.meta
        result = WriteResult(
            record_id=ids[0],
            filename=current.name,
            offset=offset,
            length=built.first_length,
            date=date,
            payload_digest=meta["payload_digest"],
            is_revisit=original is not None,
            request_record_id=ids[1],
            refers_to_record_id=original.payload_record_id if original else None,
            refers_to_filename=original.payload_filename if original else None,
            refers_to_offset=original.payload_offset if original else None,
            profile=meta["profile"],
            bytes_written=written,
            records_written=built.records + opened,
            files_opened=opened,
            payload_bytes_saved=meta.get("saved", 0),
            notes=meta["notes"],
        )
        self._remember(exchange, result, original)
        return result

    def write_failure(self, url: str, *, kind: str, message: str, date: datetime | None = None) -> WriteResult:
        """A metadata record for a fetch that produced no response (timeout, DNS, refused, over DOWNLOAD_MAXSIZE)."""
        record_id = self.make_record_id()
        when = warc_date(date or self.clock())
        block = warcinfo_fields({"fetch-error": kind, "fetch-error-message": message})

        def build(warcinfo_id: str) -> _Built:
            fields = [
                ("WARC-Type", "metadata"),
                ("WARC-Record-ID", record_id),
                ("WARC-Date", when),
                ("WARC-Target-URI", url),
                ("WARC-Warcinfo-ID", warcinfo_id),
                ("WARC-Block-Digest", sha1_digest(block)),
                ("Content-Type", "application/warc-fields"),
            ]
            data = gzip_member(encode_record(fields, block))
            return _Built(data, len(data), 1)

        current, offset, built, written, opened = self._write_unit(build)
        return WriteResult(
            record_id,
            current.name,
            offset,
            built.first_length,
            when,
            bytes_written=written,
            records_written=1 + opened,
            files_opened=opened,
        )

    def _write_unit(self, build: Callable[[str], _Built]) -> tuple[_OpenFile, int, _Built, int, int]:
        """Append records that must stay together, rotating first if they would push the file past max_bytes.

        Returns the file, the offset of the unit, the unit, the bytes written and the number of files opened.
        """
        written = opened = 0
        built: _Built | None = None
        built_for = ""
        while True:
            if self._current is None:
                written += self._open()
                opened += 1
            current = self._current
            assert current is not None
            if built is None or built_for != current.warcinfo_id:
                # Records name their file's warcinfo, so they are rebuilt after a rotation.
                built, built_for = build(current.warcinfo_id), current.warcinfo_id
            # Checked before writing (notes §4); a file holding only its warcinfo takes the unit whatever its size.
            if current.records == 1 or current.size + len(built.data) <= self.max_bytes:
                break
            self._close_current(reason="rotation")
        offset = current.size
        self._append(built.data)
        current.records += built.records
        if built.index is not None:
            current.cdxj.add_entry(built.index, built.first_length, offset)
        return current, offset, built, written + len(built.data), opened

    def _find_original(self, ex: HttpExchange) -> Capture | None:
        if self.dedup is None or ex.truncated or ex.body_decoded:
            return None
        if ex.status == 304:
            return self.dedup.latest(ex.url)
        # Only non-empty 2xx payloads are dedup originals and candidates: error pages and redirects are kept whole.
        if 200 <= ex.status < 300 and ex.body:
            return self.dedup.find(ex.url, sha1_digest(ex.body))
        return None

    def _remember(self, ex: HttpExchange, result: WriteResult, original: Capture | None) -> None:
        if self.dedup is None or ex.truncated or "decoded_body" in result.notes:
            return
        if not (original is not None or (200 <= ex.status < 300 and ex.body)):
            return
        self.dedup.add(
            Capture(
                url=ex.url,
                status=ex.status,
                payload_digest=result.payload_digest or "",
                record_id=result.record_id,
                filename=result.filename,
                offset=result.offset,
                length=result.length,
                date=result.date,
                revisit=result.is_revisit,
                payload_record_id=result.payload_record_id,
                payload_filename=result.payload_filename,
                payload_offset=result.payload_offset,
                payload_url=original.payload_url if original else ex.url,
                payload_date=original.payload_date if original else result.date,
            )
        )

    # --- files ---------------------------------------------------------------------------------------------------

    def _open(self) -> int:
        self.directory.mkdir(parents=True, exist_ok=True)
        if self._serial is None:
            # A new serial per start (IIPC guideline #2: timestamps alone are not enough when clocks move).
            self._serial = highest_serial(self.directory, self.prefix) + 1
        for _attempt in range(10):
            name = warc_filename(self.prefix, self.clock(), self._serial, self.hostname, self.pid, self.make_token())
            path = self.directory / (name + OPEN_SUFFIX)
            if (self.directory / name).exists():
                continue
            try:
                # O_EXCL: never append to an existing file (notes §4).
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                continue
            try:
                # Held until the final rename: repair skips files it cannot lock (a live writer's).
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                # A repairer of another process grabbed the brand-new empty file: leave it to it, take another name.
                os.close(fd)
                continue
            break
        else:
            raise FileExistsError(f"could not create a new WARC file in {self.directory}")
        self._serial += 1
        warcinfo_id = self.make_record_id()
        self._current = _OpenFile(name, path, fd, warcinfo_id, CdxjCollector(name))
        data = self._warcinfo(name, warcinfo_id)
        try:
            self._append(data)
        except OSError:
            # A file without its warcinfo must not receive records: drop it, the next write tries again.
            self._current = None
            os.close(fd)
            path.unlink(missing_ok=True)
            raise
        self._current.records = 1
        logger.info("WARC file opened: %s", path)
        return len(data)

    def _append(self, data: bytes) -> None:
        current = self._current
        assert current is not None
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(current.fd, view) :]
        except OSError:
            # Leave no partial member behind (it would hide the records after it from sequential readers).
            try:
                os.ftruncate(current.fd, current.size)
                os.lseek(current.fd, current.size, os.SEEK_SET)
            except OSError as exc:
                logger.error("WARC file %s could not be cut back after a failed write (%s)", current.path, exc)
            raise
        current.size += len(data)

    def _close_current(self, reason: str) -> Path:
        current = self._current
        assert current is not None
        final = self.directory / current.name
        with self._fd_lock:
            self._current = None
            try:
                os.fsync(current.fd)
                if final.exists():
                    raise FileExistsError(f"{final} already exists; {current.path} left in place")
                # Renamed while still locked, so no repairer can take the file between fsync and rename.
                current.path.rename(final)
                _fsync_directory(self.directory)
            finally:
                os.close(current.fd)
        self.closed_files.append(current.name)
        try:
            if self.dedup is not None:
                self.dedup.commit_file(current.name)
            if self.index_dir is not None:
                current.cdxj.write(self.index_dir)
        except (OSError, sqlite3.Error) as exc:
            # The WARC file itself is safe; a missing index is rebuilt at the next start (storage.cdxj). A full or
            # read-only disk is the usual cause: one line, no traceback.
            logger.error(
                "Indexing the closed WARC file %s failed (%s); it is indexed again at the next start", final, exc
            )
        except Exception:
            logger.error("Indexing the closed WARC file %s failed", final, exc_info=True)
        logger.info("WARC file closed (%s): %s, %d records, %d bytes", reason, final, current.records, current.size)
        return final

    def sync(self, names: Iterable[str]) -> None:
        """Make every record written so far to the named files durable: fsync the current file if it is one of them
        (closed files were fsynced before they were renamed). Callable from another thread than the writer's: the
        database writer calls it before committing rows that point to these records. Raises OSError."""
        wanted = set(names)
        with self._fd_lock:
            current = self._current
            fd = os.dup(current.fd) if current is not None and current.name in wanted else None
        if fd is None:
            return
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def close(self) -> Path | None:
        """Finish the current file (fsync, rename, CDXJ); the next write opens a new one."""
        if self._current is None:
            return None
        return self._close_current(reason="close")


def _fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def finished_warcs(directory: Path) -> Iterable[Path]:
    """The finished `*.warc.gz` files of directory, sorted by name."""
    return sorted(p for p in Path(directory).glob(f"*{WARC_SUFFIX}") if p.is_file())
