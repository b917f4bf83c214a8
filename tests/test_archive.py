"""crawler.extensions.archive.WarcArchive: signal handler unit tests, real Scrapy crawls of the fixture server."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from ipaddress import IPv4Address
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler
from warcio.archiveiterator import ArchiveIterator

from crawler.extensions.archive import WarcArchive
from crawler.meta import WARC as META_KEY
from storage.warc import PROFILE_IDENTICAL, PROFILE_NOT_MODIFIED, HttpExchange, WarcWriter, parse_warc_filename
from tests import warc_fixture_server as fixture
from tests.net import free_port
from tests.warc_checks import assert_valid_warcs

if TYPE_CHECKING:
    from collections.abc import Iterator

    from scrapy.crawler import Crawler

ROOT = Path(__file__).resolve().parents[1]


def settings_for(data_dir: Path, **extra: Any) -> dict[str, Any]:
    return {
        "EUREPORTER_DATA_DIR": str(data_dir),
        "EUREPORTER_WARC_DIR": "",
        "EUREPORTER_WARC_PREFIX": "TEST",
        "EUREPORTER_WARC_MAX_BYTES": 1_000_000_000,
        "EUREPORTER_WARC_OPERATOR": "tests",
        "EUREPORTER_WARC_DEDUP": True,
        "ROBOTSTXT_OBEY": True,
        **extra,
    }


def read_records(directory: Path) -> list[dict[str, Any]]:
    records = []
    for path in sorted(directory.glob("*.warc.gz")):
        with path.open("rb") as fh:
            it = ArchiveIterator(fh)
            for record in it:
                body = record.raw_stream.read()  # before get_record_offset(), which reads to the record's end
                records.append(
                    {
                        "file": path.name,
                        "offset": it.get_record_offset(),
                        "type": record.rec_type,
                        "warc": dict(record.rec_headers.headers),
                        "http": record.http_headers,
                        "body": body,
                    }
                )
    return records


def by_url(records: list[dict[str, Any]], url: str, *types: str) -> list[dict[str, Any]]:
    types = types or ("response", "revisit")
    return [r for r in records if r["type"] in types and r["warc"].get("WARC-Target-URI") == url]


# --- unit tests of the extension ------------------------------------------------------------------------------


def test_enabled(tmp_path: Path) -> None:
    with pytest.raises(NotConfigured, match="EUREPORTER_DATA_DIR"):
        build_from_crawler(WarcArchive, get_crawler(settings_dict=settings_for(tmp_path, EUREPORTER_DATA_DIR="")))
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(NotConfigured, match="cannot create"):
        build_from_crawler(
            WarcArchive, get_crawler(settings_dict=settings_for(tmp_path, EUREPORTER_WARC_DIR=str(blocker / "warc")))
        )
    with pytest.raises(NotConfigured, match="EUREPORTER_WARC_MAX_BYTES"):
        build_from_crawler(WarcArchive, get_crawler(settings_dict=settings_for(tmp_path, EUREPORTER_WARC_MAX_BYTES=0)))
    with pytest.raises(NotConfigured, match="EUREPORTER_WARC_PREFIX"):
        build_from_crawler(WarcArchive, get_crawler(settings_dict=settings_for(tmp_path, EUREPORTER_WARC_PREFIX="a/b")))
    crawler = get_crawler(settings_dict=settings_for(tmp_path, EUREPORTER_WARC_MAX_BYTES="1e9"))
    ext = build_from_crawler(WarcArchive, crawler)
    assert ext.warc_dir == tmp_path / "warc"
    assert ext.warc_dir.is_dir()
    assert ext.index_dir == tmp_path / "indexes"
    assert ext.index_dir.is_dir()
    assert ext.max_bytes == 1_000_000_000
    assert ext.robots == "obey"


@dataclass
class Harness:
    crawler: Crawler
    ext: WarcArchive
    spider: Spider

    def fetch(self, response: Response, latency: float = 0.01) -> Request:
        request = response.request
        assert request is not None
        request.meta["download_latency"] = latency
        self.ext.headers_received(response.headers, len(response.body), request)
        self.ext.response_downloaded(response, request)
        self.ext.request_left_downloader(request)
        return request

    def stat(self, name: str) -> Any:
        return self.crawler.stats.get_value(f"eureporter/warc/{name}")


@pytest.fixture
def harness(tmp_path: Path) -> Iterator[Harness]:
    crawler = get_crawler(settings_dict=settings_for(tmp_path))
    ext = build_from_crawler(WarcArchive, crawler)
    spider = Spider(name="unit")
    ext.spider_opened(spider)
    yield Harness(crawler, ext, spider)
    ext.spider_closed(spider, "finished")


def make_response(url: str = "http://example.com/a?q=1", **kwargs: Any) -> Response:
    request = Request(url, headers={"Accept": "text/html", "Authorization": "Basic c2VjcmV0"})
    defaults: dict[str, Any] = {
        "status": 200,
        "headers": {"Content-Type": "text/html", "Content-Encoding": "gzip", "Set-Cookie": ["a=1", "b=2"]},
        "body": fixture.GZ_BODY,
        "ip_address": IPv4Address("127.0.0.1"),
        "protocol": "HTTP/1.1",
    }
    defaults.update(kwargs)
    return Response(url, request=request, **defaults)


def test_response_downloaded_writes_a_pair_and_sets_meta(harness: Harness, tmp_path: Path) -> None:
    request = harness.fetch(make_response())
    meta = request.meta[META_KEY]
    assert set(meta) >= {"file", "record_id", "offset", "revisit"}
    assert set(meta) >= {"payload_file", "payload_record_id", "payload_offset"}
    assert meta["revisit"] is False
    assert (meta["payload_file"], meta["payload_record_id"], meta["payload_offset"]) == (
        meta["file"],
        meta["record_id"],
        meta["offset"],
    )
    second = harness.fetch(make_response())
    assert second.meta[META_KEY]["revisit"] is True
    assert second.meta[META_KEY]["payload_record_id"] == meta["record_id"]
    harness.ext.spider_closed(harness.spider, "finished")
    assert (harness.stat("responses"), harness.stat("revisits"), harness.stat("files")) == (1, 1, 1)
    assert harness.stat("records") == 5
    assert harness.stat("bytes") == (tmp_path / "warc" / meta["file"]).stat().st_size
    assert harness.stat("revisit_bytes_saved") == len(fixture.GZ_BODY)
    records = read_records(tmp_path / "warc")
    response = records[1]
    assert response["warc"]["WARC-Record-ID"] == meta["record_id"]
    assert [v for n, v in response["http"].headers if n == "Set-Cookie"] == ["a=1", "b=2"]
    request_record = records[2]
    assert dict(request_record["http"].headers)["Authorization"] == "REDACTED"
    assert request_record["http"].headers[-1] == ("Host", "example.com")
    assert_valid_warcs(tmp_path / "warc")
    assert (tmp_path / "indexes" / (meta["file"] + ".cdxj")).exists()


def test_cached_and_non_http_responses_are_not_archived(harness: Harness, tmp_path: Path) -> None:
    cached = harness.fetch(make_response(flags=["cached"]))
    data = harness.fetch(make_response("data:text/plain,hello", body=b"hello", headers={}))
    assert META_KEY not in cached.meta
    assert META_KEY not in data.meta
    assert harness.stat("skipped_cached") == 1
    assert harness.stat("responses") is None
    assert harness.stat("failed_fetch") is None


def test_proxied_fetch_has_no_ip_address_and_h2_gets_warc_protocol(harness: Harness, tmp_path: Path) -> None:
    response = make_response(protocol="h2")
    assert response.request is not None
    response.request.meta["proxy"] = "http://proxy.local:3128"
    response.request.headers["Proxy-Authorization"] = "Basic cHJveHk="
    harness.fetch(response)
    harness.ext.spider_closed(harness.spider, "finished")
    response_record, request_record = read_records(tmp_path / "warc")[1:3]
    assert "WARC-IP-Address" not in response_record["warc"]
    assert response_record["warc"]["WARC-Protocol"] == "h2"
    assert response_record["http"].protocol == "HTTP/1.1"
    assert dict(request_record["http"].headers)["Proxy-Authorization"] == "REDACTED"


def test_decoded_body_under_gzip_header_is_counted(harness: Harness, tmp_path: Path) -> None:
    harness.fetch(make_response(body=b"<html>decoded</html>"))
    assert harness.stat("decoded_body") == 1


def test_warc_date_is_the_capture_start(harness: Harness, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter([1000.0, 1005.0])
    monkeypatch.setattr("crawler.extensions.archive.time.time", lambda: next(clock))
    # HTTP/1.1 handler: download_latency is set before headers_received, so start = headers time - latency
    request = harness.fetch(make_response(), latency=0.25)
    assert request.meta[META_KEY]["date"] == "1970-01-01T00:16:39.750000Z"
    # HTTP/2 handler: latency set only once the whole response is in, so start = now - latency
    clock = iter([2000.0, 2003.0])
    response = make_response("http://example.com/h2", protocol="h2")
    assert response.request is not None
    harness.ext.headers_received(response.headers, None, response.request)
    response.request.meta["download_latency"] = 2.5
    harness.ext.response_downloaded(response, response.request)
    assert response.request.meta[META_KEY]["date"] == "1970-01-01T00:33:20.500000Z"


def test_failed_download_is_counted_with_a_metadata_record(harness: Harness, tmp_path: Path) -> None:
    request = Request("http://example.com/slow")
    try:
        raise TimeoutError("Getting http://example.com/slow took longer than 1 seconds.")
    except TimeoutError:
        harness.ext.request_left_downloader(request)
    harness.ext.spider_closed(harness.spider, "finished")
    assert harness.stat("failed_fetch") == 1
    assert harness.stat("failed_fetch/TimeoutError") == 1
    record = read_records(tmp_path / "warc")[1]
    assert record["type"] == "metadata"
    assert b"fetch-error: TimeoutError" in record["body"]


def test_leftovers_are_repaired_at_spider_open(tmp_path: Path) -> None:
    warc_dir = tmp_path / "warc"
    crashed = make_crashed_file(warc_dir)
    crawler = get_crawler(settings_dict=settings_for(tmp_path))
    ext = build_from_crawler(WarcArchive, crawler)
    ext.spider_opened(Spider(name="unit"))
    ext.spider_closed(Spider(name="unit"), "finished")
    assert crawler.stats.get_value("eureporter/warc/repaired") == 1
    assert crawler.stats.get_value("eureporter/warc/quarantined") == 0
    assert not crashed.exists()
    assert crashed.with_suffix("").exists()
    assert_valid_warcs(warc_dir)


def make_crashed_file(warc_dir: Path) -> Path:
    """A `.open` file as a killed crawl leaves it: three pairs, the last cut 200 bytes before its end."""
    writer = WarcWriter(warc_dir, prefix="TEST", hostname="crashedhost", pid=99999)
    for i in range(3):
        body = gzip.compress(b"<p>leftover</p>" * (i + 1), mtime=0)
        writer.write_exchange(
            HttpExchange(
                url=f"http://leftover.example/{i}",
                status=200,
                response_headers=[(b"Content-Encoding", b"gzip")],
                body=body,
                ip_address="127.0.0.1",
            )
        )
    current = writer._current
    assert current is not None
    os.close(current.fd)  # the process dies: its lock goes, the file stays .open
    os.truncate(current.path, current.path.stat().st_size - 200)
    return current.path


# --- real crawls of the fixture server ------------------------------------------------------------------------

SPIDER = """
import json

import scrapy
from scrapy import signals


class CaptureSpider(scrapy.Spider):
    name = "capture"

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.engine_stopped, signal=signals.engine_stopped)
        return spider

    async def start(self):
        base = self.base
        if self.round == "1":
            for path in ["/gz", "/chunkgz", "/page?q=eu+reporter&x=1", "/redirect", "/found", "/flaky", "/missing",
                         "/bomb", "/same", "/etag"]:
                yield scrapy.Request(base + path, callback=self.parse)
            yield scrapy.Request(base + "/auth", headers={"Authorization": "Basic dXNlcjpwYXNz"}, callback=self.parse)
            yield scrapy.Request(self.refused + "/refused", meta={"dont_retry": True}, callback=self.parse)
        else:
            yield scrapy.Request(base + "/same", callback=self.parse)
            yield scrapy.Request(base + "/etag", headers={"If-None-Match": '"v1"'}, callback=self.parse,
                                 meta={"handle_httpstatus_list": [304]})

    def parse(self, response):
        with open(self.out, "a") as fh:
            fh.write(json.dumps({"url": response.url, "status": response.status,
                                 "warc": response.meta.get("eureporter_warc")}) + "\\n")

    def engine_stopped(self):
        with open(self.out + ".stats.json", "w") as fh:
            json.dump(self.crawler.stats.get_stats(), fh, default=str)
"""


@dataclass
class Crawl:
    returncode: int
    log: str
    stats: dict[str, Any]
    seen: list[dict[str, Any]]


@dataclass
class Crawled:
    base: str
    data_dir: Path
    warc_dir: Path
    first: Crawl
    second: Crawl
    first_files: list[str]
    records: list[dict[str, Any]]
    server: fixture.FixtureServer
    started: float


def run_crawl(workdir: Path, data_dir: Path, base: str, round_: str) -> Crawl:
    spider = workdir / "capture_spider.py"
    spider.write_text(SPIDER)
    out = workdir / f"seen{round_}.jsonl"
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE" and "proxy" not in k.lower()}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    settings = {
        "EXTENSIONS": json.dumps({"crawler.extensions.archive.WarcArchive": 100}),
        **{k: str(v) for k, v in settings_for(data_dir).items()},
        "DOWNLOAD_MAXSIZE": "1048576",
        "DOWNLOAD_WARNSIZE": "524288",
        "RETRY_TIMES": "2",
        "DOWNLOAD_DELAY": "0",
        "TELNETCONSOLE_ENABLED": "False",
        "REMOTE_CONTROL_ENABLED": "False",
        "LOG_LEVEL": "INFO",
    }
    command = [sys.executable, "-m", "scrapy.cmdline", "runspider", str(spider)]
    command += ["-a", f"base={base}", "-a", f"round={round_}", "-a", f"out={out}"]
    command += ["-a", f"refused=http://127.0.0.1:{free_port()}"]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    # cwd without scrapy.cfg: Scrapy's defaults plus the settings above, not the project's.
    proc = subprocess.run(command, cwd=workdir, env=env, capture_output=True, text=True, timeout=60, check=False)
    stats_file = Path(f"{out}.stats.json")
    stats = json.loads(stats_file.read_text()) if stats_file.exists() else {}
    seen = [json.loads(line) for line in out.read_text().splitlines()] if out.exists() else []
    return Crawl(proc.returncode, proc.stderr, stats, seen)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    workdir = tmp_path_factory.mktemp("capture")
    data_dir = workdir / "data"
    warc_dir = data_dir / "warc"
    with fixture.serve() as server:
        base = f"http://127.0.0.1:{server.server_port}"
        started = time.time()
        first = run_crawl(workdir, data_dir, base, "1")
        assert first.returncode == 0, first.log[-3000:]
        first_files = sorted(p.name for p in warc_dir.glob("*.warc.gz"))
        # What a crashed earlier run leaves behind: one damaged .open file, one that is not a WARC at all.
        make_crashed_file(warc_dir)
        (warc_dir / "TEST-20200101000000000-00009-crashedhost-99998-0bad.warc.gz.open").write_bytes(b"\0garbage" * 64)
        second = run_crawl(workdir, data_dir, base, "2")
        assert second.returncode == 0, second.log[-3000:]
        yield Crawled(base, data_dir, warc_dir, first, second, first_files, read_records(warc_dir), server, started)


def test_every_written_file_passes_all_validators(crawled: Crawled) -> None:
    files = assert_valid_warcs(crawled.warc_dir)
    assert len(files) == 3  # first crawl, second crawl, the repaired leftover
    for path in files:
        assert (crawled.data_dir / "indexes" / (path.name + ".cdxj")).stat().st_size > 0


def test_gzip_response_stored_compressed_with_true_content_length(crawled: Crawled) -> None:
    [record] = by_url(crawled.records, f"{crawled.base}/gz")
    http, body = record["http"], record["body"]
    assert http.get_header("Content-Encoding") == "gzip"
    assert body == fixture.GZ_BODY
    assert body[:2] == b"\x1f\x8b"
    assert http.get_header("Content-Length") == str(len(body))
    assert gzip.decompress(body) == fixture.PAGE
    assert [v for n, v in http.headers if n.lower() == "set-cookie"] == ["session=abc; Path=/", "lang=en"]


def test_chunked_gzip_response_has_no_transfer_encoding(crawled: Crawled) -> None:
    [record] = by_url(crawled.records, f"{crawled.base}/chunkgz")
    http, body = record["http"], record["body"]
    assert http.get_header("Transfer-Encoding") is None
    assert body == fixture.GZ_BODY
    assert http.get_header("Content-Length") == str(len(body))
    assert http.get_header("Content-Encoding") == "gzip"


def test_request_record_keeps_query_host_and_redacts_credentials(crawled: Crawled) -> None:
    [request] = by_url(crawled.records, f"{crawled.base}/page?q=eu+reporter&x=1", "request")
    assert request["http"].protocol == "GET"
    assert request["http"].statusline == "/page?q=eu+reporter&x=1 HTTP/1.1"
    assert request["http"].headers[-1] == ("Host", crawled.base.removeprefix("http://"))
    [auth] = by_url(crawled.records, f"{crawled.base}/auth", "request")
    assert dict(auth["http"].headers)["Authorization"] == "REDACTED"
    assert any(h.get("Authorization") == "Basic dXNlcjpwYXNz" for _, h, _ in crawled.server.requests_seen)


def test_responses_carry_ip_address_and_share_date_with_their_request(crawled: Crawled) -> None:
    responses = [r for r in crawled.records if r["type"] in ("response", "revisit")]
    requests = {r["warc"]["WARC-Concurrent-To"]: r for r in crawled.records if r["type"] == "request"}
    assert responses
    for response in responses:
        assert response["warc"]["WARC-IP-Address"] == "127.0.0.1"
        request = requests[response["warc"]["WARC-Record-ID"]]
        assert request["warc"]["WARC-Date"] == response["warc"]["WARC-Date"]


def test_warc_date_is_when_the_request_was_sent(crawled: Crawled) -> None:
    [record] = by_url(crawled.records, f"{crawled.base}/gz")
    captured = datetime.strptime(record["warc"]["WARC-Date"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    [arrived] = [t for path, _, t in crawled.server.requests_seen if path == "/gz"]
    # the capture starts before the server sees the request, and not long before
    assert crawled.started <= captured.timestamp() <= arrived + 0.005
    assert arrived - captured.timestamp() < 2


def test_redirects_retries_errors_and_robots_are_archived(crawled: Crawled) -> None:
    def statuses(path: str) -> list[int]:
        records = by_url(crawled.records, crawled.base + path)
        return [int(r["http"].get_statuscode()) for r in records if r["file"] in crawled.first_files]

    assert statuses("/redirect") == [301]
    assert statuses("/page?from=301") == [200]
    assert statuses("/found") == [302]
    assert statuses("/flaky") == [503, 503, 200]
    assert statuses("/missing") == [404]
    assert statuses("/robots.txt") == [200]


def test_gzip_bomb_is_archived_compressed_without_crash(crawled: Crawled) -> None:
    [record] = by_url(crawled.records, f"{crawled.base}/bomb")
    assert record["body"] == fixture.BOMB
    assert record["http"].get_header("Content-Length") == str(len(fixture.BOMB))
    assert len(record["body"]) < 1048576 < fixture.BOMB_SIZE
    assert f"{crawled.base}/bomb" not in [s["url"] for s in crawled.first.seen]  # dropped after archiving


def test_failed_fetch_is_counted_with_a_metadata_record(crawled: Crawled) -> None:
    stats = crawled.first.stats
    assert stats["eureporter/warc/failed_fetch"] >= 1
    failures = [
        r for r in crawled.records if r["type"] == "metadata" and r["warc"]["WARC-Target-URI"].endswith("/refused")
    ]
    assert len(failures) == 1
    assert b"fetch-error: " in failures[0]["body"]


def test_stats_of_the_first_crawl(crawled: Crawled) -> None:
    stats = crawled.first.stats
    responses = sum(1 for r in crawled.records if r["type"] == "response" and r["file"] in crawled.first_files)
    assert stats["eureporter/warc/responses"] == responses
    assert stats["eureporter/warc/files"] == 1
    assert stats["eureporter/warc/bytes"] == sum((crawled.warc_dir / f).stat().st_size for f in crawled.first_files)
    assert stats["eureporter/warc/records"] == sum(1 for r in crawled.records if r["file"] in crawled.first_files)
    assert (stats["eureporter/warc/repaired"], stats["eureporter/warc/quarantined"]) == (0, 0)
    assert "eureporter/warc/errors" not in stats
    assert not [line for line in crawled.first.log.splitlines() if "] ERROR:" in line and "[scrapy." not in line]


def test_provenance_reaches_spider_callbacks(crawled: Crawled) -> None:
    seen = [s for s in crawled.first.seen if s["warc"]]
    assert len(seen) >= 8
    for entry in seen:
        warc = entry["warc"]
        with (crawled.warc_dir / warc["file"]).open("rb") as fh:
            fh.seek(warc["offset"])
            record = next(iter(ArchiveIterator(fh)))
            assert record.rec_headers.get_header("WARC-Record-ID") == warc["record_id"]
            assert record.rec_headers.get_header("WARC-Target-URI") == entry["url"]
        assert warc["revisit"] is False
        assert warc["payload_record_id"] == warc["record_id"]


def test_second_crawl_writes_a_revisit_for_an_unchanged_url(crawled: Crawled) -> None:
    url = f"{crawled.base}/same"
    original, revisit = by_url(crawled.records, url)
    assert original["type"] == "response"
    assert original["file"] in crawled.first_files
    assert revisit["type"] == "revisit"
    assert revisit["file"] not in crawled.first_files
    fields = revisit["warc"]
    assert fields["WARC-Profile"] == PROFILE_IDENTICAL
    assert fields["WARC-Refers-To"] == original["warc"]["WARC-Record-ID"]
    assert fields["WARC-Refers-To-Target-URI"] == url
    assert fields["WARC-Refers-To-Date"] == original["warc"]["WARC-Date"]
    assert fields["WARC-Payload-Digest"] == original["warc"]["WARC-Payload-Digest"]
    assert fields["WARC-Truncated"] == "length"
    [seen] = [s["warc"] for s in crawled.second.seen if s["url"] == url]
    assert seen["revisit"] is True
    assert (seen["payload_file"], seen["payload_record_id"], seen["payload_offset"]) == (
        original["file"],
        original["warc"]["WARC-Record-ID"],
        original["offset"],
    )
    assert crawled.second.stats["eureporter/warc/revisits"] >= 2  # /same, /etag (and robots.txt)


def test_304_becomes_a_server_not_modified_revisit(crawled: Crawled) -> None:
    url = f"{crawled.base}/etag"
    original, revisit = by_url(crawled.records, url)
    assert revisit["type"] == "revisit"
    assert revisit["http"].get_statuscode() == "304"
    assert revisit["warc"]["WARC-Profile"] == PROFILE_NOT_MODIFIED
    assert revisit["warc"]["WARC-Refers-To"] == original["warc"]["WARC-Record-ID"]
    assert revisit["warc"]["WARC-Refers-To-Date"] == original["warc"]["WARC-Date"]


def test_second_start_repairs_leftovers_and_takes_a_new_serial(crawled: Crawled) -> None:
    stats = crawled.second.stats
    assert (stats["eureporter/warc/repaired"], stats["eureporter/warc/quarantined"]) == (1, 1)
    assert not list(crawled.warc_dir.glob("*.open"))
    assert [p.name for p in (crawled.warc_dir / "quarantine").iterdir()] == [
        "TEST-20200101000000000-00009-crashedhost-99998-0bad.warc.gz.open"
    ]
    assert "quarantined" in crawled.second.log
    repaired = [p for p in crawled.warc_dir.glob("*crashedhost*.warc.gz")]
    assert len(repaired) == 1
    leftover = [r for r in crawled.records if r["file"] == repaired[0].name]
    assert [r["type"] for r in leftover] == ["warcinfo", "response", "request", "response", "request"]
    serials = {int(parse_warc_filename(r["file"])["serial"]) for r in crawled.records}  # type: ignore[index]
    assert len(serials) == 3
    second_file = {r["file"] for r in crawled.records} - set(crawled.first_files) - {repaired[0].name}
    [second_name] = second_file
    first_serial = int(parse_warc_filename(crawled.first_files[0])["serial"])  # type: ignore[index]
    assert int(parse_warc_filename(second_name)["serial"]) > first_serial  # type: ignore[index]
    assert f"-{os.getpid()}-" not in second_name  # the crawl process's pid, not the test's
