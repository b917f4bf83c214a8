"""storage.warc, storage.dedup, storage.repair, storage.cdxj and storage.validate, without Scrapy."""

from __future__ import annotations

import fcntl
import gzip
import itertools
import logging
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from storage.cdxj import index_path, write_cdxj
from storage.dedup import DEDUP_FILENAME, DedupIndex
from storage.repair import repair_leftovers
from storage.validate import validate_warc
from storage.warc import (
    CONFORMS_TO,
    PROFILE_IDENTICAL,
    PROFILE_NOT_MODIFIED,
    HttpExchange,
    WarcWriter,
    encode_record,
    gzip_member,
    parse_warc_filename,
    sha1_digest,
)
from tests.warc_checks import assert_valid_warcs

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

T0 = datetime(2026, 3, 1, 12, 0, 0, 123456, tzinfo=UTC)
GZ = gzip.compress(b"<html><body>" + b"EU Reporter " * 50 + b"</body></html>", mtime=0)


def pinned_ids() -> Callable[[], str]:
    counter = itertools.count(1)
    return lambda: f"<urn:uuid:00000000-0000-4000-8000-{next(counter):012d}>"


def ticking_clock(start: datetime = T0) -> Callable[[], datetime]:
    counter = itertools.count()
    return lambda: start + timedelta(seconds=next(counter))


def tokens(*values: str) -> Callable[[], str]:
    it = iter(values)
    return lambda: next(it)


def make_writer(directory: Path, **kwargs: Any) -> WarcWriter:
    defaults: dict[str, Any] = {
        "prefix": "TEST",
        "software": "eureporter-archive/9.9 (tests)",
        "operator": "Test Operator",
        "user_agent": "EUReporterArchiveBot/9.9",
        "robots": "obey",
        "crawl_options": {"site": "https://www.eureporter.co", "languages": "en,fr", "since": "2026-01-01"},
        "hostname": "testhost",
        "pid": 4242,
        "make_record_id": pinned_ids(),
        "clock": ticking_clock(),
    }
    defaults.update(kwargs)
    return WarcWriter(directory, **defaults)


def exchange(url: str = "http://example.com/news/a?x=1", **kwargs: Any) -> HttpExchange:
    defaults: dict[str, Any] = {
        "status": 200,
        "response_headers": [
            (b"Content-Length", str(len(GZ)).encode()),
            (b"Content-Type", b"text/html; charset=utf-8"),
            (b"Content-Encoding", b"gzip"),
            (b"Set-Cookie", b"a=1"),
            (b"Set-Cookie", b"b=2"),
        ],
        "body": GZ,
        "request_headers": [(b"Accept", b"text/html"), (b"User-Agent", b"EUReporterArchiveBot/9.9")],
        "date": T0,
        "ip_address": "127.0.0.1",
    }
    defaults.update(kwargs)
    return HttpExchange(url=url, **defaults)


def read_records(path: Path) -> list[dict[str, Any]]:
    out = []
    with path.open("rb") as fh:
        it = ArchiveIterator(fh)
        for record in it:
            out.append(
                {
                    "type": record.rec_type,
                    "warc": dict(record.rec_headers.headers),
                    "warc_list": record.rec_headers.headers,
                    "http": record.http_headers,
                    "body": record.raw_stream.read(),
                    "offset": it.get_record_offset(),
                }
            )
    return out


@pytest.fixture
def warc_dir(tmp_path: Path) -> Path:
    return tmp_path / "warc"


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    return tmp_path / "indexes"


@pytest.fixture
def dedup(index_dir: Path) -> Iterator[DedupIndex]:
    index = DedupIndex(index_dir / DEDUP_FILENAME)
    yield index
    index.close()


def crash(writer: WarcWriter) -> Path:
    """Simulate a killed process: the descriptor (and its lock) goes away, the file stays .open."""
    current = writer._current
    assert current is not None
    os.close(current.fd)
    writer._current = None
    return current.path


# --- records ---------------------------------------------------------------------------------------------------


def test_file_name_and_warcinfo_are_pinned(warc_dir: Path) -> None:
    with make_writer(warc_dir, make_token=tokens("abcd1234")) as writer:
        result = writer.write_exchange(exchange())
    name = "TEST-20260301120000123-00000-testhost-4242-abcd1234.warc.gz"
    assert result.filename == name
    assert parse_warc_filename(name) == {
        "prefix": "TEST",
        "timestamp": "20260301120000123",
        "serial": "00000",
        "host": "testhost",
        "pid": "4242",
        "token": "abcd1234",
    }
    records = read_records(warc_dir / name)
    warcinfo = records[0]
    assert warcinfo["type"] == "warcinfo"
    assert warcinfo["warc"]["WARC-Filename"] == name
    assert warcinfo["warc"]["WARC-Record-ID"] == "<urn:uuid:00000000-0000-4000-8000-000000000003>"
    assert warcinfo["warc"]["WARC-Date"] == "2026-03-01T12:00:01.123456Z"
    assert "WARC-Warcinfo-ID" not in warcinfo["warc"]
    info = dict(line.split(": ", 1) for line in warcinfo["body"].decode().splitlines())
    assert info["software"] == "eureporter-archive/9.9 (tests)"
    assert info["format"] == "WARC File Format 1.1"
    assert info["conformsTo"] == CONFORMS_TO
    assert info["operator"] == "Test Operator"
    assert info["robots"] == "obey"
    assert info["http-header-user-agent"] == "EUReporterArchiveBot/9.9"
    assert info["hostname"] == "testhost"
    assert (info["site"], info["languages"], info["since"]) == ("https://www.eureporter.co", "en,fr", "2026-01-01")
    for deviation in ("transfer-coding removed by client", "reason phrase synthesised", "header order and case"):
        assert deviation in info["description"]


def test_request_and_response_records_are_byte_exact(warc_dir: Path) -> None:
    body = b"hello"
    ex = exchange(
        "http://example.com/a?q=1",
        response_headers=[(b"Content-Type", b"text/plain")],
        body=body,
        request_headers=[(b"User-Agent", b"bot")],
    )
    with make_writer(warc_dir, make_token=tokens("t")) as writer:
        result = writer.write_exchange(ex)
    data = gzip.decompress((warc_dir / result.filename).read_bytes())
    response_block = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello"
    request_block = b"GET /a?q=1 HTTP/1.1\r\nUser-Agent: bot\r\nHost: example.com\r\n\r\n"
    ids = [f"<urn:uuid:00000000-0000-4000-8000-{n:012d}>" for n in (1, 2, 3)]
    expected_response = (
        (
            "WARC/1.1\r\n"
            "WARC-Type: response\r\n"
            f"WARC-Record-ID: {ids[0]}\r\n"
            "WARC-Date: 2026-03-01T12:00:00.123456Z\r\n"
            "WARC-Target-URI: http://example.com/a?q=1\r\n"
            "WARC-IP-Address: 127.0.0.1\r\n"
            f"WARC-Warcinfo-ID: {ids[2]}\r\n"
            f"WARC-Payload-Digest: {sha1_digest(body)}\r\n"
            f"WARC-Block-Digest: {sha1_digest(response_block)}\r\n"
            "Content-Type: application/http;msgtype=response\r\n"
            f"Content-Length: {len(response_block)}\r\n\r\n"
        ).encode()
        + response_block
        + b"\r\n\r\n"
    )
    expected_request = (
        (
            "WARC/1.1\r\n"
            "WARC-Type: request\r\n"
            f"WARC-Record-ID: {ids[1]}\r\n"
            "WARC-Date: 2026-03-01T12:00:00.123456Z\r\n"
            "WARC-Target-URI: http://example.com/a?q=1\r\n"
            "WARC-IP-Address: 127.0.0.1\r\n"
            f"WARC-Warcinfo-ID: {ids[2]}\r\n"
            f"WARC-Concurrent-To: {ids[0]}\r\n"
            f"WARC-Block-Digest: {sha1_digest(request_block)}\r\n"
            "Content-Type: application/http;msgtype=request\r\n"
            f"Content-Length: {len(request_block)}\r\n\r\n"
        ).encode()
        + request_block
        + b"\r\n\r\n"
    )
    assert data.endswith(expected_response + expected_request)
    assert result.record_id == ids[0]
    assert result.request_record_id == ids[1]
    assert result.date == "2026-03-01T12:00:00.123456Z"
    assert result.payload_digest == sha1_digest(body)
    assert not result.is_revisit
    # offset/length locate the response record's gzip member
    raw = (warc_dir / result.filename).read_bytes()
    member = raw[result.offset : result.offset + result.length]
    assert gzip.decompress(member) == expected_response


def test_response_is_stored_as_received_and_made_true(warc_dir: Path) -> None:
    ex = exchange(
        response_headers=[
            (b"Content-Length", b"999"),
            (b"Transfer-Encoding", b"chunked"),
            (b"Content-Encoding", b"gzip"),
            (b"Set-Cookie", b"a=1"),
            (b"Set-Cookie", b"b=2"),
        ]
    )
    with make_writer(warc_dir) as writer:
        result = writer.write_exchange(ex)
    assert set(result.notes) == {"transfer_encoding_dropped", "content_length_corrected"}
    response = read_records(warc_dir / result.filename)[1]
    http = response["http"]
    assert http.protocol == "HTTP/1.1"
    assert http.statusline == "200 OK"
    assert http.get_header("Transfer-Encoding") is None
    assert http.get_header("Content-Length") == str(len(GZ))
    assert [v for n, v in http.headers if n == "Set-Cookie"] == ["a=1", "b=2"]
    assert http.get_header("Content-Encoding") == "gzip"
    assert response["body"] == GZ
    assert response["body"][:2] == b"\x1f\x8b"
    assert validate_warc(warc_dir / result.filename) == []


def test_decoded_body_under_gzip_header_is_recorded_honestly(warc_dir: Path) -> None:
    plain = b"<html>already decoded</html>"
    ex = exchange(response_headers=[(b"Content-Encoding", b"gzip"), (b"Content-Length", b"40")], body=plain)
    with make_writer(warc_dir) as writer:
        result = writer.write_exchange(ex)
    assert "decoded_body" in result.notes
    http = read_records(warc_dir / result.filename)[1]["http"]
    assert http.get_header("Content-Encoding") is None
    assert http.get_header("X-Crawler-Content-Encoding") == "gzip"
    assert http.get_header("Content-Length") == str(len(plain))
    assert validate_warc(warc_dir / result.filename) == []


def test_request_line_keeps_query_adds_host_and_redacts_credentials(warc_dir: Path) -> None:
    ex = exchange(
        "https://www.example.com:8443/p/q?a=1&b=%C3%A9#frag",
        request_headers=[
            (b"Authorization", b"Basic dXNlcjpwYXNz"),
            (b"Proxy-Authorization", b"Basic c2VjcmV0"),
            (b"Cookie", b"session=secret"),
            (b"Accept-Encoding", b"gzip, deflate"),
        ],
    )
    with make_writer(warc_dir) as writer:
        result = writer.write_exchange(ex)
    request = read_records(warc_dir / result.filename)[2]
    assert request["type"] == "request"
    assert request["http"].protocol == "GET"
    assert request["http"].statusline == "/p/q?a=1&b=%C3%A9 HTTP/1.1"
    headers = request["http"].headers
    assert headers[-1] == ("Host", "www.example.com:8443")
    assert dict(headers)["Authorization"] == "REDACTED"
    assert dict(headers)["Proxy-Authorization"] == "REDACTED"
    assert dict(headers)["Cookie"] == "REDACTED"
    assert b"dXNlcjpwYXNz" not in gzip.decompress((warc_dir / result.filename).read_bytes())


def test_proxied_fetch_has_absolute_request_line_and_no_ip(warc_dir: Path) -> None:
    ex = exchange("http://example.com/x", ip_address=None, proxied=True, request_headers=[(b"Host", b"example.com")])
    with make_writer(warc_dir) as writer:
        result = writer.write_exchange(ex)
    response, request = read_records(warc_dir / result.filename)[1:3]
    assert "WARC-IP-Address" not in response["warc"]
    assert "WARC-IP-Address" not in request["warc"]
    assert request["http"].statusline == "http://example.com/x HTTP/1.1"
    assert [n for n, _ in request["http"].headers].count("Host") == 1


def test_h2_is_written_as_http11_with_warc_protocol(warc_dir: Path) -> None:
    with make_writer(warc_dir) as writer:
        result = writer.write_exchange(exchange(protocol="h2", status=404))
    response = read_records(warc_dir / result.filename)[1]
    assert response["http"].protocol == "HTTP/1.1"
    assert response["http"].statusline == "404 Not Found"
    assert response["warc"]["WARC-Protocol"] == "h2"


def test_failure_becomes_a_metadata_record(warc_dir: Path) -> None:
    with make_writer(warc_dir) as writer:
        result = writer.write_failure("http://example.com/t", kind="TimeoutError", message="took\nlonger than 1 s")
    record = read_records(warc_dir / result.filename)[1]
    assert record["type"] == "metadata"
    assert record["warc"]["WARC-Target-URI"] == "http://example.com/t"
    assert record["warc"]["Content-Type"] == "application/warc-fields"
    assert record["body"] == b"fetch-error: TimeoutError\r\nfetch-error-message: took longer than 1 s\r\n"
    assert_valid_warcs(warc_dir)


# --- files -----------------------------------------------------------------------------------------------------


def test_open_while_writing_locked_and_renamed_on_close(warc_dir: Path, index_dir: Path) -> None:
    writer = make_writer(warc_dir, index_dir=index_dir)
    result = writer.write_exchange(exchange())
    open_path = warc_dir / (result.filename + ".open")
    assert open_path.exists()
    assert not (warc_dir / result.filename).exists()
    assert writer.current_path == open_path
    fd = os.open(open_path, os.O_RDONLY)
    try:
        with pytest.raises(BlockingIOError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    finally:
        os.close(fd)
    final = writer.close()
    assert final == warc_dir / result.filename
    assert final.exists()
    assert not open_path.exists()
    assert writer.closed_files == [result.filename]
    assert index_path(final, index_dir).exists()
    assert_valid_warcs(warc_dir)


def test_rotates_when_file_exceeds_max_bytes(warc_dir: Path) -> None:
    max_bytes = 4000
    with make_writer(warc_dir, max_bytes=max_bytes) as writer:
        results = [writer.write_exchange(exchange(f"http://example.com/{i}")) for i in range(12)]
    files = sorted(warc_dir.glob("*.warc.gz"))
    assert len(files) > 2
    assert len(writer.closed_files) == len(files)
    assert sum(r.files_opened for r in results) == len(files)
    serials = sorted(int(parse_warc_filename(f.name)["serial"]) for f in files)  # type: ignore[index]
    assert serials == list(range(len(files)))
    for path in files:
        records = read_records(path)
        pairs = sum(1 for r in records if r["type"] == "response")
        # never over the limit, except a file that took a single pair
        assert path.stat().st_size <= max_bytes or pairs == 1
        # pairs stay in one file
        assert [r["type"] for r in records] == ["warcinfo"] + ["response", "request"] * pairs
    assert_valid_warcs(warc_dir)


def test_a_pair_bigger_than_max_bytes_still_goes_whole_into_one_file(warc_dir: Path) -> None:
    with make_writer(warc_dir, max_bytes=100) as writer:
        first = writer.write_exchange(exchange("http://example.com/1"))
        second = writer.write_exchange(exchange("http://example.com/2"))
    assert first.filename != second.filename
    assert_valid_warcs(warc_dir)


def test_new_serial_per_start_and_never_append(warc_dir: Path) -> None:
    with make_writer(warc_dir) as first:
        one = first.write_exchange(exchange())
    before = (warc_dir / one.filename).read_bytes()
    # A name taken meanwhile (another process creates it just as the writer draws its token) is never reused.
    taken = warc_dir / "TEST-20260301120000123-00001-testhost-4242-aaaa.warc.gz.open"
    draws = iter(["aaaa", "bbbb"])

    def racing_token() -> str:
        token = next(draws)
        if token == "aaaa":
            taken.write_bytes(b"someone else's data")
        return token

    with make_writer(warc_dir, make_token=racing_token, clock=lambda: T0) as second:
        two = second.write_exchange(exchange())
    assert parse_warc_filename(one.filename)["serial"] == "00000"  # type: ignore[index]
    assert two.filename == "TEST-20260301120000123-00001-testhost-4242-bbbb.warc.gz"
    assert (warc_dir / one.filename).read_bytes() == before
    assert taken.read_bytes() == b"someone else's data"


def test_a_failed_write_leaves_no_partial_member(warc_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    writer = make_writer(warc_dir)
    writer.write_exchange(exchange("http://example.com/1"))
    real_write = os.write

    def disk_full(fd: int, data: Any) -> int:
        real_write(fd, bytes(data[:10]))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("storage.warc.os.write", disk_full)
    with pytest.raises(OSError, match="No space"):
        writer.write_exchange(exchange("http://example.com/2"))
    monkeypatch.undo()
    writer.write_exchange(exchange("http://example.com/3"))
    writer.close()
    assert_valid_warcs(warc_dir)
    uris = [r["warc"].get("WARC-Target-URI") for r in read_records(next(warc_dir.glob("*.warc.gz")))]
    assert uris == [
        None,
        "http://example.com/1",
        "http://example.com/1",
        "http://example.com/3",
        "http://example.com/3",
    ]


# --- repair ----------------------------------------------------------------------------------------------------


def test_repair_cuts_a_crashed_file_back_to_its_last_whole_record(
    warc_dir: Path, index_dir: Path, dedup: DedupIndex, caplog: pytest.LogCaptureFixture
) -> None:
    writer = make_writer(warc_dir, dedup=dedup, index_dir=index_dir)
    results = [writer.write_exchange(exchange(f"http://example.com/{i}")) for i in range(4)]
    open_path = crash(writer)
    size = open_path.stat().st_size
    os.truncate(open_path, size - 200)  # 200 bytes inside the last record (the request of the last pair)
    assert subprocess.run(["gzip", "-t", str(open_path)], capture_output=True, check=False).returncode != 0

    other = DedupIndex(index_dir / DEDUP_FILENAME)  # the next run
    with caplog.at_level(logging.INFO, logger="storage.repair"):
        report = repair_leftovers(warc_dir, dedup=other, index_dir=index_dir)
    final = warc_dir / results[0].filename
    assert report.repaired == [final]
    assert not report.quarantined
    assert not open_path.exists()
    subprocess.run(["gzip", "-t", str(final)], check=True)
    records = read_records(final)
    # the last pair lost its request: the whole pair is cut, the three before are intact
    assert [r["type"] for r in records] == ["warcinfo"] + ["response", "request"] * 3
    assert [r["warc"]["WARC-Record-ID"] for r in records if r["type"] == "response"] == [
        r.record_id for r in results[:3]
    ]
    assert final.stat().st_size == results[3].offset
    assert_valid_warcs(warc_dir)
    assert index_path(final, index_dir).exists()
    # the cut capture is forgotten by the dedup index, the kept ones are committed for everyone
    assert other.find("http://example.com/3", results[3].payload_digest or "") is None
    assert other.find("http://example.com/2", results[2].payload_digest or "") is not None
    other.close()


def test_repair_quarantines_garbage(warc_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    warc_dir.mkdir()
    garbage = warc_dir / "TEST-20260301120000123-00007-otherhost-1-dead.warc.gz.open"
    garbage.write_bytes(b"this is not gzip at all" * 10)
    empty = warc_dir / "TEST-20260301120000123-00008-otherhost-1-beef.warc.gz.open"
    empty.write_bytes(b"")
    with caplog.at_level(logging.WARNING, logger="storage.repair"):
        report = repair_leftovers(warc_dir)
    assert sorted(p.name for p in report.quarantined) == sorted([garbage.name, empty.name])
    assert (warc_dir / "quarantine" / garbage.name).read_bytes() == b"this is not gzip at all" * 10
    assert not garbage.exists()
    assert not empty.exists()
    assert sum("quarantined" in r.message and r.levelname == "WARNING" for r in caplog.records) == 2


def test_repair_leaves_files_of_a_live_writer_alone(warc_dir: Path) -> None:
    writer = make_writer(warc_dir)
    writer.write_exchange(exchange())
    open_path = writer.current_path
    assert open_path is not None
    before = open_path.read_bytes()
    report = repair_leftovers(warc_dir)
    assert report.skipped == [open_path]
    assert not report.repaired
    assert not report.quarantined
    assert open_path.read_bytes() == before
    writer.close()
    assert_valid_warcs(warc_dir)


def test_repair_writes_missing_cdxj_of_finished_files(warc_dir: Path, index_dir: Path) -> None:
    with make_writer(warc_dir) as writer:  # no index_dir: as if the process died right after the rename
        result = writer.write_exchange(exchange())
    report = repair_leftovers(warc_dir, index_dir=index_dir)
    assert report.reindexed == [index_path(result.filename, index_dir)]


# --- dedup -----------------------------------------------------------------------------------------------------


def test_unchanged_payload_of_the_same_url_becomes_a_revisit(warc_dir: Path, dedup: DedupIndex) -> None:
    with make_writer(warc_dir, dedup=dedup) as writer:
        first = writer.write_exchange(exchange(date=T0))
        second = writer.write_exchange(exchange(date=T0 + timedelta(hours=1)))
    assert not first.is_revisit
    assert second.is_revisit
    assert second.profile == PROFILE_IDENTICAL
    assert (second.refers_to_record_id, second.refers_to_filename, second.refers_to_offset) == (
        first.record_id,
        first.filename,
        first.offset,
    )
    assert second.payload_bytes_saved == len(GZ)
    assert second.provenance() == {
        "file": second.filename,
        "record_id": second.record_id,
        "offset": second.offset,
        "length": second.length,
        "date": second.date,
        "revisit": True,
        "payload_digest": first.payload_digest,
        "payload_file": first.filename,
        "payload_record_id": first.record_id,
        "payload_offset": first.offset,
    }
    revisit = read_records(warc_dir / second.filename)[3]
    fields = revisit["warc"]
    assert revisit["type"] == "revisit"
    assert fields["WARC-Profile"] == PROFILE_IDENTICAL
    assert fields["WARC-Payload-Digest"] == sha1_digest(GZ)
    assert fields["WARC-Refers-To"] == first.record_id
    assert fields["WARC-Refers-To-Target-URI"] == "http://example.com/news/a?x=1"
    assert fields["WARC-Refers-To-Date"] == first.date
    assert fields["WARC-Truncated"] == "length"
    assert revisit["body"] == b""  # headers kept, payload not
    assert revisit["http"].get_header("Content-Encoding") == "gzip"
    assert_valid_warcs(warc_dir)


def test_other_urls_changed_payloads_and_error_pages_are_not_revisits(warc_dir: Path, dedup: DedupIndex) -> None:
    with make_writer(warc_dir, dedup=dedup) as writer:
        writer.write_exchange(exchange("http://example.com/a"))
        assert not writer.write_exchange(exchange("http://example.com/b")).is_revisit
        assert not writer.write_exchange(exchange("http://example.com/a", body=GZ + b"x")).is_revisit
        assert not writer.write_exchange(exchange("http://example.com/e", status=404)).is_revisit
        assert not writer.write_exchange(exchange("http://example.com/e", status=404)).is_revisit
        assert not writer.write_exchange(exchange("http://example.com/a", truncated="disconnect")).is_revisit


def test_304_becomes_a_server_not_modified_revisit(warc_dir: Path, dedup: DedupIndex) -> None:
    not_modified = {"status": 304, "response_headers": [(b"ETag", b'"v1"')], "body": b""}
    with make_writer(warc_dir, dedup=dedup) as writer:
        unknown = writer.write_exchange(exchange("http://example.com/new", **not_modified))
        first = writer.write_exchange(exchange())
        second = writer.write_exchange(exchange(**not_modified))
    assert not unknown.is_revisit  # nothing to refer to: kept as a plain 304 response
    assert second.is_revisit
    assert second.profile == PROFILE_NOT_MODIFIED
    assert second.payload_record_id == first.record_id
    record = next(r for r in read_records(warc_dir / second.filename) if r["type"] == "revisit")
    assert record["warc"]["WARC-Profile"] == PROFILE_NOT_MODIFIED
    assert record["warc"]["WARC-Refers-To"] == first.record_id
    assert record["warc"]["WARC-Refers-To-Date"] == first.date
    assert record["http"].statusline == "304 Not Modified"
    assert_valid_warcs(warc_dir)


def test_dedup_persists_across_runs(warc_dir: Path, index_dir: Path) -> None:
    run1 = DedupIndex(index_dir / DEDUP_FILENAME)
    with make_writer(warc_dir, dedup=run1, index_dir=index_dir) as writer:
        first = writer.write_exchange(exchange())
    run1.close()
    run2 = DedupIndex(index_dir / DEDUP_FILENAME)
    with make_writer(warc_dir, dedup=run2, index_dir=index_dir) as writer:
        second = writer.write_exchange(exchange())
    run2.close()
    assert second.is_revisit
    assert second.filename != first.filename
    assert (second.refers_to_record_id, second.refers_to_filename, second.refers_to_offset) == (
        first.record_id,
        first.filename,
        first.offset,
    )
    assert_valid_warcs(warc_dir)


def test_captures_in_another_process_open_file_are_not_originals(warc_dir: Path, index_dir: Path) -> None:
    one = DedupIndex(index_dir / DEDUP_FILENAME)
    two = DedupIndex(index_dir / DEDUP_FILENAME)
    writer = make_writer(warc_dir, dedup=one)
    first = writer.write_exchange(exchange())
    assert one.find("http://example.com/news/a?x=1", first.payload_digest or "") is not None
    assert two.find("http://example.com/news/a?x=1", first.payload_digest or "") is None
    writer.close()
    assert two.find("http://example.com/news/a?x=1", first.payload_digest or "") is not None
    one.close()
    two.close()


# --- indexes ---------------------------------------------------------------------------------------------------


def test_cdxj_is_written_sorted_and_matches_cdxj_indexer(warc_dir: Path, index_dir: Path, dedup: DedupIndex) -> None:
    urls = ["http://example.com/z", "http://example.com/a?b=2", "http://b.example.com/", "http://example.com/a?b=2"]
    with make_writer(warc_dir, index_dir=index_dir, dedup=dedup) as writer:
        results = [writer.write_exchange(exchange(u)) for u in urls]
        writer.write_failure("http://example.com/t", kind="TimeoutError", message="late")
        # No Content-Type, an error status, a 304 revisit, a non-ASCII path: every line as cdxj-indexer writes it.
        results.append(writer.write_exchange(exchange("http://example.com/plain", response_headers=[], body=b"x")))
        results.append(writer.write_exchange(exchange("http://example.com/missing", status=404)))
        results.append(
            writer.write_exchange(exchange("http://example.com/z", status=304, response_headers=[], body=b""))
        )
        results.append(writer.write_exchange(exchange("http://example.com/%e2%82%ac/caf%C3%A9?q=%20x")))
    index = index_path(results[0].filename, index_dir)
    lines = index.read_text().splitlines()
    assert lines == sorted(lines)
    assert len(lines) == 8
    assert any('"mime": "warc/revisit"' in line for line in lines)
    offsets = sorted(int(line.split('"offset": "')[1].split('"')[0]) for line in lines)
    assert offsets == sorted(r.offset for r in results)
    incremental = index.read_text()
    rebuilt = write_cdxj(warc_dir / results[0].filename, index_dir)  # cdxj-indexer reading the file
    assert rebuilt.read_text() == incremental
    cli = subprocess.run(
        [sys.executable, "-m", "cdxj_indexer.main", "-s", str(warc_dir / results[0].filename)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert cli.stdout.splitlines() == lines  # what `cdxj-indexer -s` (the pywb recipe) writes


# --- validation ------------------------------------------------------------------------------------------------


def _bad_file(path: Path, mutate: Callable[[list[list[tuple[str, str]]], list[bytes]], None]) -> Path:
    """A one-pair file built by hand, with mutate() applied to the fields/blocks of [warcinfo, response, request]."""
    info_id, resp_id, req_id = "<urn:uuid:1>", "<urn:uuid:2>", "<urn:uuid:3>"
    date = "2026-03-01T12:00:00Z"
    body = GZ
    resp_block = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n" % len(body) + body
    req_block = b"GET / HTTP/1.1\r\nHost: example.com\r\n\r\n"
    blocks = [b"software: t\r\n", resp_block, req_block]
    fields = [
        [("WARC-Type", "warcinfo"), ("WARC-Record-ID", info_id), ("WARC-Date", date), ("WARC-Filename", path.name)],
        [
            ("WARC-Type", "response"),
            ("WARC-Record-ID", resp_id),
            ("WARC-Date", date),
            ("WARC-Target-URI", "http://example.com/"),
            ("WARC-Warcinfo-ID", info_id),
        ],
        [
            ("WARC-Type", "request"),
            ("WARC-Record-ID", req_id),
            ("WARC-Date", date),
            ("WARC-Target-URI", "http://example.com/"),
            ("WARC-Warcinfo-ID", info_id),
            ("WARC-Concurrent-To", resp_id),
        ],
    ]
    types = ["application/warc-fields", "application/http;msgtype=response", "application/http;msgtype=request"]
    mutate(fields, blocks)
    data = b""
    for f, block, ctype in zip(fields, blocks, types, strict=True):
        extra = [("Content-Type", ctype), ("WARC-Block-Digest", sha1_digest(block))]
        if f[0] == ("WARC-Type", "response"):
            extra.append(("WARC-Payload-Digest", sha1_digest(block.split(b"\r\n\r\n", 1)[1])))
        data += gzip_member(encode_record([*f, *[e for e in extra if e[0] not in dict(f)]], block))
    path.write_bytes(data)
    return path


def _replace_block(index: int, old: bytes, new: bytes) -> Callable[[list[Any], list[bytes]], None]:
    def mutate(fields: list[Any], blocks: list[bytes]) -> None:
        blocks[index] = blocks[index].replace(old, new)

    return mutate


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda f, b: None, None),
        (_replace_block(1, b"Content-Encoding: gzip", b"Transfer-Encoding: chunked"), "Transfer-Encoding"),
        (_replace_block(1, b"Content-Length: ", b"Content-Length: 1"), "Content-Length"),
        (_replace_block(1, b"\x1f\x8b", b"<h"), "1f8b"),
        (lambda f, b: f[1].pop(4), "missing WARC-Warcinfo-ID"),
        (lambda f, b: f[2].pop(5), "no request record"),
        (lambda f, b: f[2].__setitem__(2, ("WARC-Date", "2026-03-01T12:00:01Z")), "another WARC-Date"),
        (lambda f, b: f[1].append(("WARC-Block-Digest", "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")), "Block-Digest"),
        (lambda f, b: f[1].append(("WARC-Payload-Digest", "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")), "Payload-Digest"),
        (lambda f, b: f[0].pop(3), "WARC-Filename"),
        (lambda f, b: f[1].__setitem__(3, ("WARC-Target-URI", "<http://example.com/>")), "bare URI"),
        (lambda f, b: f[1].__setitem__(0, ("WARC-Type", "revisit")), "WARC-Profile"),
    ],
)
def test_validator_finds_structural_problems(
    tmp_path: Path, mutate: Callable[[list[Any], list[bytes]], None], expected: str | None
) -> None:
    path = _bad_file(tmp_path / "x.warc.gz", mutate)
    problems = validate_warc(path)
    if expected is None:
        assert problems == []
    else:
        assert any(expected in p for p in problems), problems


def test_validator_flags_revisit_without_truncated_and_refers_to(warc_dir: Path, dedup: DedupIndex) -> None:
    with make_writer(warc_dir, dedup=dedup) as writer:
        writer.write_exchange(exchange())
        revisit = writer.write_exchange(exchange())
    path = warc_dir / revisit.filename
    data = gzip.decompress(path.read_bytes())
    damaged = data.replace(b"WARC-Truncated: length\r\n", b"").replace(b"WARC-Refers-To: ", b"X-Refers-To: ")
    bad = warc_dir.parent / revisit.filename
    bad.write_bytes(gzip.compress(damaged))
    problems = validate_warc(bad)
    assert any("WARC-Truncated: length" in p for p in problems)
    assert any("revisit without WARC-Refers-To" in p for p in problems)
    assert any("records (expected one per member)" in p for p in problems)


def test_validator_detects_truncation_that_warcio_check_misses(warc_dir: Path) -> None:
    with make_writer(warc_dir) as writer:
        result = writer.write_exchange(exchange())
    path = warc_dir / result.filename
    os.truncate(path, path.stat().st_size - 30)
    assert any("truncated gzip member" in p for p in validate_warc(path))
    cli = subprocess.run(
        [sys.executable, "-m", "storage.validate", str(path)], capture_output=True, text=True, check=False
    )
    assert cli.returncode == 1
    assert cli.stdout.startswith(f"{path}: offset ")
    with pytest.raises(AssertionError, match="gzip -t"):
        assert_valid_warcs(warc_dir)


def test_validate_cli_passes_valid_files(warc_dir: Path) -> None:
    with make_writer(warc_dir) as writer:
        result = writer.write_exchange(exchange())
    cli = subprocess.run(
        [sys.executable, "-m", "storage.validate", str(warc_dir / result.filename)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (cli.returncode, cli.stdout) == (0, "")
