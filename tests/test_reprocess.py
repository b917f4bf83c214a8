"""crawler.commands.reprocess: the dataset rebuilt from the WARC files of real crawls; refresh, versions, order, damage.

Also holds the helpers the archive tests share (test_replay, test_wacz, test_crash, benchmarks/reprocess.py): a
loopback EU Reporter look-alike built from the frozen pages of tests/pages/, a real `scrapy crawl eureporter` run
against it, and a writer of realistic WARC files without a crawl.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import tracemalloc
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import brotli
import pytest
import sqlalchemy as sa
from backports import zstd

from crawler.commands import reprocess as reprocess_module
from crawler.commands.reprocess import ReprocessError, reprocess
from storage.dedup import DEDUP_FILENAME, DedupIndex
from storage.httpbody import BodyTooLarge, UnsupportedCoding, declared_charset, decode_content
from storage.warc import HttpExchange, WarcWriter, gzip_member

if TYPE_CHECKING:
    from collections.abc import Iterator

ROOT = Path(__file__).resolve().parents[1]
PAGES = Path(__file__).parent / "pages"
DOMAIN = "eureporter.test"
_PRODUCTION = re.compile(rb"https?://(www|[a-z]{2,3}(?:-[a-z]{2,4})?)\.eureporter\.co\b")
FROZEN = ("a1_en_eu_reporter_under_attack", "a2_en_belgium_5g", "a5_en_kazakhstan_reliable_partner")
TEMPLATE = "a1_en_eu_reporter_under_attack"
TEMPLATE_PATH = b"/business/2021/09/20/eu-reporter-under-attack/"
TEMPLATE_TITLE = b"EU Reporter under attack"
TEMPLATE_PARAGRAPH = b"To reassure our audience, we have asked the independent press ombudsman"
CHANGING_PATH = "/business/2021/09/20/story-0/"
MOVED_PATH = "/business/2021/09/20/moved-story/"
HTML = [("Content-Type", "text/html; charset=UTF-8")]
# The columns that say when and by which run a row was seen, not what it holds.
RUN_COLUMNS = {"id", "first_seen_at", "last_seen_at", "fetched_at", "crawl_id", "last_seen_crawl_id"}


def expected_pages() -> dict[str, dict[str, Any]]:
    return json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))


def synthetic_path(i: int) -> str:
    return f"/business/2021/09/20/story-{i}/"


def article_html(i: int, revision: int = 1) -> bytes:
    """A realistic article page (the a1 frozen page) with its own permalink, title and, per revision, text."""
    page = (PAGES / f"{TEMPLATE}.html").read_bytes()
    page = page.replace(TEMPLATE_PATH, synthetic_path(i).encode()).replace(TEMPLATE_TITLE, f"Story {i}".encode())
    sentence = f"Story {i}, revision {revision}: the ombudsman".encode()
    return page.replace(TEMPLATE_PARAGRAPH, sentence)


# --- the loopback site -----------------------------------------------------------------------------------------------


class ArticleSite(ThreadingHTTPServer):
    """www. and the language editions of DOMAIN on one loopback port, told apart by the Host header.

    Pages are the frozen EU Reporter pages (production origin rewritten to this server), synthetic articles, a 301,
    robots.txt and a sitemap. HTML goes out gzip-compressed when the client accepts it (deterministically, mtime 0),
    so tests can predict the exact bytes on the wire. `revision` is bumped between crawls to change story 0.
    """

    daemon_threads = True
    revision = 1
    synthetic = 0
    delay = 0.0
    routes: dict[tuple[str, str], tuple[int, list[tuple[str, str]], bytes]]

    @property
    def base(self) -> str:
        return f"http://www.{DOMAIN}:{self.server_port}"

    def url(self, path: str, host: str = "www") -> str:
        return f"http://{host}.{DOMAIN}:{self.server_port}{path}"

    def localise(self, body: bytes) -> bytes:
        return _PRODUCTION.sub(lambda m: b"http://%s.%s:%d" % (m.group(1), DOMAIN.encode(), self.server_port), body)

    def page(self, host: str, path: str) -> tuple[int, list[tuple[str, str]], bytes] | None:
        if host == f"www.{DOMAIN}" and path.startswith("/business/2021/09/20/story-"):
            number = path.removeprefix("/business/2021/09/20/story-").rstrip("/")
            if number.isdigit() and int(number) <= self.synthetic:
                revision = self.revision if int(number) == 0 else 1
                return 200, HTML, self.localise(article_html(int(number), revision))
        return self.routes.get((host, path))

    def wire_body(self, path: str, gzipped: bool = True) -> bytes:
        """The exact body this server sends for a www. path (to a client accepting gzip, or not)."""
        found = self.page(f"www.{DOMAIN}", path)
        assert found is not None, path
        body = found[2]
        return gzip.compress(body, mtime=0) if gzipped and found[0] == 200 and body else body


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: ArticleSite

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (BaseHTTPRequestHandler's name)
        pass

    def do_GET(self) -> None:
        if self.server.delay:
            time.sleep(self.server.delay)
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        found = self.server.page(host, self.path.partition("?")[0])
        if found is None:
            found = (404, HTML, b"<html><body><h1>Not found</h1></body></html>")
        status, headers, body = found
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        if status == 200 and body and "gzip" in (self.headers.get("Accept-Encoding") or ""):
            body = gzip.compress(body, mtime=0)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def article_site(synthetic: int = 1, delay: float = 0.0) -> Iterator[ArticleSite]:
    """The site on 127.0.0.1 (port chosen by the system): FROZEN pages, stories 0..synthetic, a 301, sitemap."""
    server = ArticleSite(("127.0.0.1", 0), _Handler)
    server.synthetic, server.delay = synthetic, delay
    www = f"www.{DOMAIN}"
    routes: dict[tuple[str, str], tuple[int, list[tuple[str, str]], bytes]] = {}
    paths = []
    pages = expected_pages()
    for name in FROZEN:
        path = urlsplit(pages[name]["url"]).path
        routes[www, path] = (200, HTML, server.localise((PAGES / f"{name}.html").read_bytes()))
        paths.append(path)
    paths += [synthetic_path(i) for i in range(synthetic + 1)]
    routes[www, MOVED_PATH] = (301, [("Location", urlsplit(pages[FROZEN[1]]["url"]).path)], b"")
    routes[www, "/robots.txt"] = (
        200,
        [("Content-Type", "text/plain")],
        f"User-agent: *\nAllow: /\nSitemap: {server.base}/sitemap.xml\n".encode(),
    )
    urls = "".join(f"<url><loc>{server.base}{p}</loc></url>" for p in [MOVED_PATH, *paths])
    routes[www, "/sitemap.xml"] = (
        200,
        [("Content-Type", "application/xml")],
        f'<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode(),
    )
    server.routes = routes
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def crawl_command(site: ArticleSite, data_dir: Path, **settings: object) -> list[str]:
    values: dict[str, object] = {
        "EUREPORTER_SITE": site.base,
        "EUREPORTER_RESOLVE": f"*.{DOMAIN}=127.0.0.1",
        "EUREPORTER_DATA_DIR": str(data_dir),
        "EUREPORTER_SQL_URL": "",
        "EUREPORTER_EXTRACT_WORKERS": 0,
        # Full crawls: every article is fetched again, so unchanged pages become revisits and changed ones versions.
        "EUREPORTER_INCREMENTAL": False,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "LOG_LEVEL": "INFO",
        **settings,
    }
    command = [sys.executable, "-m", "scrapy.cmdline", "crawl", "eureporter"]
    for name, value in values.items():
        command += ["-s", f"{name}={value}"]
    return command


def crawl_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower() and k != "SCRAPY_SETTINGS_MODULE"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def crawl(site: ArticleSite, data_dir: Path, timeout: float = 180, **settings: object) -> str:
    """A real `scrapy crawl eureporter` of the site into data_dir (WARC files, indexes, eureporter.db); its log."""
    done = subprocess.run(
        crawl_command(site, data_dir, **settings),
        cwd=ROOT,
        env=crawl_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return done.stderr


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def article_rows(db_url: str) -> dict[str, dict[str, Any]]:
    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT * FROM articles")).mappings().all()
    engine.dispose()
    return {row["url"]: {k: v for k, v in row.items() if k not in RUN_COLUMNS} for row in rows}


def version_rows(db_url: str) -> set[tuple[Any, ...]]:
    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT url, version, title, text, content_hash, warc_record_id FROM article_versions")
        ).all()
    engine.dispose()
    return {tuple(row) for row in rows}


def crawl_rows(db_url: str) -> list[dict[str, Any]]:
    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(sa.text("SELECT * FROM crawls ORDER BY id")).mappings()]
    engine.dispose()
    for row in rows:
        for key in ("options", "stats"):
            if isinstance(row[key], str):
                row[key] = json.loads(row[key])
    return rows


# --- WARC files without a crawl ---------------------------------------------------------------------------------------


@dataclass
class Page:
    url: str
    body: bytes
    date: datetime
    status: int = 200
    headers: list[tuple[bytes, bytes]] = field(default_factory=lambda: [(b"Content-Type", b"text/html; charset=UTF-8")])
    gzipped: bool = True


def write_archive(
    data_dir: Path,
    pages: list[Page],
    *,
    prefix: str = "TEST",
    clock: datetime | None = None,
    dedup: bool = True,
    max_bytes: int = 1_000_000_000,
) -> list[Path]:
    """Realistic WARC files (request/response pairs, gzip bodies, revisits, CDXJ, dedup index) in data_dir/warc."""
    warc_dir, index_dir = data_dir / "warc", data_dir / "indexes"
    index = DedupIndex(index_dir / DEDUP_FILENAME) if dedup else None
    start = clock or datetime(2026, 1, 1, tzinfo=UTC)
    ticks = iter(start + timedelta(milliseconds=i) for i in range(10**9))
    writer = WarcWriter(
        warc_dir, prefix=prefix, max_bytes=max_bytes, dedup=index, index_dir=index_dir, clock=lambda: next(ticks)
    )
    with writer:
        for page in pages:
            headers = list(page.headers)
            body = page.body
            if page.gzipped and page.status == 200:
                body = gzip.compress(body, compresslevel=6, mtime=0)
                headers.append((b"Content-Encoding", b"gzip"))
            writer.write_exchange(
                HttpExchange(
                    url=page.url,
                    status=page.status,
                    response_headers=headers,
                    body=body,
                    request_headers=[(b"Accept-Encoding", b"gzip, deflate"), (b"User-Agent", b"tests")],
                    date=page.date,
                    ip_address="127.0.0.1",
                )
            )
    if index is not None:
        index.close()
    return [warc_dir / name for name in writer.closed_files]


def synthetic_pages(count: int, start: datetime, *, origin: str = "http://www.eureporter.test") -> list[Page]:
    pages = []
    for i in range(count):
        date = start + timedelta(seconds=i)
        pages.append(Page(f"{origin}{synthetic_path(i)}", article_html(i), date))
        if i % 10 == 0:  # what else a crawl fetches: robots.txt, listings, a 404
            pages.append(
                Page(
                    f"{origin}/robots.txt",
                    b"User-agent: *\nAllow: /\n",
                    date,
                    gzipped=False,
                    headers=[(b"Content-Type", b"text/plain")],
                )
            )
            pages.append(Page(f"{origin}/category/news/page/{i}/", b"<html><body>listing</body></html>", date))
            pages.append(Page(f"{origin}{synthetic_path(i)}nope/", b"<html>404</html>", date, status=404))
    return pages


# --- unit tests -------------------------------------------------------------------------------------------------------


def test_decode_content_removes_each_coding_within_the_limit() -> None:
    page = b"<html><body>" + b"<p>EU Reporter</p>" * 1000 + b"</body></html>"
    deflate = zlib.compress(page)
    raw_deflate = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    raw = raw_deflate.compress(page) + raw_deflate.flush()
    assert decode_content(gzip.compress(page), "gzip") == page
    assert decode_content(gzip.compress(page), "X-GZIP") == page
    assert decode_content(gzip.compress(page[:100]) + gzip.compress(page[100:]), "gzip") == page  # two members
    assert decode_content(deflate, "deflate") == page
    assert decode_content(raw, "deflate") == page
    assert decode_content(brotli.compress(page), "br") == page
    assert decode_content(brotli.compress(gzip.compress(page)), "gzip, br") == page  # last applied, first removed
    assert decode_content(page, "") == page
    assert decode_content(page, "identity") == page
    assert decode_content(gzip.compress(page)[:-30], "gzip").startswith(page[:1000])  # truncated: what decoded
    assert decode_content(zstd.compress(page), "zstd") == page
    assert decode_content(zstd.compress(page[:100]) + zstd.compress(page[100:]), "zstd") == page  # two frames
    blocks = b"".join(b"<p>%d</p>" % i for i in range(40_000))  # > 128 KB: more than one zstd block
    assert decode_content(zstd.compress(blocks)[:-30], "zstd").startswith(blocks[:1000])  # truncated: what decoded
    with pytest.raises(UnsupportedCoding, match="compress"):
        decode_content(page, "compress")
    bomb = gzip.compress(b"\0" * 5_000_000)
    with pytest.raises(BodyTooLarge):
        decode_content(bomb, "gzip", limit=1_000_000)
    with pytest.raises(BodyTooLarge):
        decode_content(brotli.compress(b"\0" * 5_000_000), "br", limit=1_000_000)
    with pytest.raises(BodyTooLarge):
        decode_content(zstd.compress(b"\0" * 5_000_000), "zstd", limit=1_000_000)
    assert len(decode_content(bomb, "gzip", limit=5_000_000)) == 5_000_000


def test_declared_charset_reads_the_content_type_parameter() -> None:
    assert declared_charset("text/html; charset=UTF-8") == "UTF-8"
    assert declared_charset('text/html;Charset="iso-8859-1"') == "iso-8859-1"
    assert declared_charset("text/html") is None
    assert declared_charset("") is None


def test_no_warc_files_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(ReprocessError, match="no warc/ directory") as info:
        reprocess(tmp_path, sqlite_url(tmp_path / "x.db"), progress=False)
    assert info.value.exit_code == 2
    (tmp_path / "warc").mkdir()
    (tmp_path / "warc" / "TEST-1.warc.gz.open").write_bytes(b"")
    with pytest.raises(ReprocessError, match=r"no finished WARC files .*1 \.open files") as info:
        reprocess(tmp_path, sqlite_url(tmp_path / "x.db"), progress=False)
    assert info.value.exit_code == 2


# --- reprocessing real crawls -----------------------------------------------------------------------------------------


@dataclass
class Crawled:
    data_dir: Path
    db_url: str
    site_base: str
    first_log: str
    second_log: str


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    """Two real crawls of the site into one data directory; story 0 changes between them, the rest does not."""
    data_dir = tmp_path_factory.mktemp("reprocess") / "data"
    with article_site(synthetic=2) as site:
        first = crawl(site, data_dir)
        site.revision = 2
        second = crawl(site, data_dir)
        yield Crawled(data_dir, sqlite_url(data_dir / "eureporter.db"), site.base, first, second)


def test_reprocess_into_an_empty_database_gives_the_crawls_rows(crawled: Crawled, tmp_path: Path) -> None:
    target = sqlite_url(tmp_path / "rebuilt.db")
    result = reprocess(crawled.data_dir, target, progress=False, workers=1)
    crawl_a, rebuilt = article_rows(crawled.db_url), article_rows(target)
    assert len(crawl_a) == len(FROZEN) + 3
    assert rebuilt.keys() == crawl_a.keys()
    for url, row in crawl_a.items():
        assert rebuilt[url] == row, url
    assert version_rows(target) == version_rows(crawled.db_url)
    assert len(version_rows(target)) == 1
    # every article twice (two crawls), unchanged ones as revisits resolved to their first capture
    assert (result.files, result.captures, result.articles) == (2, 12, 12)
    assert (result.new, result.updated, result.unchanged) == (6, 1, 5)
    assert result.revisits == 5
    assert result.workers == 1  # the extraction pool, whose results are stored in submission order
    assert result.revisits_unresolved == result.corrupt_records == result.extract_errors == 0
    assert not result.damaged_files
    assert "12 article pages" in result.summary()
    assert "6 new, 1 updated, 5 unchanged" in result.summary()


def test_versions_are_rebuilt_from_two_captures_with_different_text(crawled: Crawled, tmp_path: Path) -> None:
    target = sqlite_url(tmp_path / "rebuilt.db")
    reprocess(crawled.data_dir, target, progress=False, workers=0)
    changed = article_rows(target)[f"{crawled.site_base}{CHANGING_PATH}"]
    assert changed["version"] == 2
    assert "Story 0, revision 2" in changed["text"]
    [(url, version, title, text, _hash, _record)] = version_rows(target)
    assert (url, version, title) == (f"{crawled.site_base}{CHANGING_PATH}", 1, "Story 0")
    assert "Story 0, revision 1" in text


def test_refreshing_the_crawls_own_dataset_changes_nothing(crawled: Crawled, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    shutil.copy(crawled.data_dir / "eureporter.db", copy)
    before = article_rows(sqlite_url(copy))
    result = reprocess(crawled.data_dir, sqlite_url(copy), progress=False)
    assert result.workers == 0  # a small archive: extraction stays in-process
    assert (result.new, result.updated, result.unchanged) == (0, 0, result.articles)
    assert article_rows(sqlite_url(copy)) == before
    assert version_rows(sqlite_url(copy)) == version_rows(crawled.db_url)
    runs = crawl_rows(sqlite_url(copy))
    assert [r["options"].get("mode") for r in runs] == [None, None, "reprocess"]
    last = runs[-1]
    assert (last["status"], last["finish_reason"]) == ("finished", "finished")
    assert (last["articles_new"], last["articles_updated"], last["articles_unchanged"]) == (0, 0, 12)
    assert last["pages"] == 12
    assert last["stats"]["files"] == 2
    assert last["options"]["warc_files"] == 2


def test_provenance_names_the_record_holding_the_payload(crawled: Crawled, tmp_path: Path) -> None:
    from storage.validate import iter_members, parse_records

    target = sqlite_url(tmp_path / "rebuilt.db")
    reprocess(crawled.data_dir, target, progress=False, workers=0)
    for url, row in article_rows(target).items():
        with (crawled.data_dir / "warc" / row["warc_file"]).open("rb") as fh:
            fh.seek(row["warc_offset"])
            member = next(iter_members(fh))
        [record], _ = parse_records(member.data)
        assert record.type == "response"
        assert record.id == row["warc_record_id"]
        assert record.get("WARC-Target-URI") == url


# --- order, damage, memory ------------------------------------------------------------------------------------------


def test_captures_are_taken_in_warc_date_order_whatever_the_file_order(tmp_path: Path) -> None:
    """Two crawlers writing at once: the file that sorts first holds the newer capture of the URL."""
    url = f"http://www.{DOMAIN}{synthetic_path(7)}"
    older, newer = datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 3, 2, tzinfo=UTC)
    # prefix A sorts before prefix B; A's capture is the newer one (text revision 2)
    write_archive(tmp_path, [Page(url, article_html(7, revision=2), newer)], prefix="A", dedup=False)
    write_archive(tmp_path, [Page(url, article_html(7, revision=1), older)], prefix="B", dedup=False)
    db = sqlite_url(tmp_path / "out.db")
    result = reprocess(tmp_path, db, progress=False, workers=0)
    assert (result.new, result.updated) == (1, 1)
    row = article_rows(db)[url]
    assert "revision 2" in row["text"]
    assert row["version"] == 2
    [version] = version_rows(db)
    assert "revision 1" in version[3]


def test_damaged_files_are_reported_and_the_rest_processed(tmp_path: Path) -> None:
    start = datetime(2026, 4, 1, tzinfo=UTC)
    pages = [
        Page(f"http://www.{DOMAIN}{synthetic_path(i)}", article_html(i), start + timedelta(seconds=i)) for i in range(6)
    ]
    [first] = write_archive(tmp_path, pages[:3], prefix="A", dedup=False)
    [second] = write_archive(tmp_path, pages[3:], prefix="B", dedup=False)
    # A: a foreign gzip member (not a WARC record) spliced in after the first pair, then the file cut short
    data = first.read_bytes()
    from storage.validate import iter_members

    with first.open("rb") as fh:
        members = list(iter_members(fh))
    cut = members[3].offset  # warcinfo, response, request | here
    data = data[:cut] + gzip_member(b"this is not a WARC record\r\n\r\n") + data[cut:]
    first.write_bytes(data[:-300])
    # B: garbage appended, as an append-mode writer restarting would leave it
    second.write_bytes(second.read_bytes() + b"\x1f\x8b\x08garbage-that-is-not-gzip")
    db = sqlite_url(tmp_path / "out.db")
    result = reprocess(tmp_path, db, progress=False, workers=0)
    assert result.corrupt_records == 1
    assert len(result.damaged_files) == 2
    assert any(first.name in m and "truncated gzip member" in m for m in result.damaged_files)
    assert any(second.name in m and "not gzip data" in m for m in result.damaged_files)
    # A lost its last record (story 2's request, cut); the rest of A and all of B were processed
    assert result.articles == 6
    assert set(article_rows(db)) == {p.url for p in pages}
    assert "Damaged WARC file" in result.summary()
    assert "1 damaged records" in result.summary()


def test_bombs_and_unknown_codings_are_counted_and_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reprocess_module, "MAX_DECODED_BYTES", 2_000_000)
    start = datetime(2026, 5, 1, tzinfo=UTC)
    bomb = gzip.compress(b"<html>" + b"\0" * 3_000_000, mtime=0)
    pages = [
        Page(f"http://www.{DOMAIN}{synthetic_path(1)}", article_html(1), start),
        Page(
            f"http://www.{DOMAIN}{synthetic_path(2)}",
            bomb,
            start,
            gzipped=False,
            headers=[(b"Content-Type", b"text/html"), (b"Content-Encoding", b"gzip")],
        ),
        Page(
            f"http://www.{DOMAIN}{synthetic_path(3)}",
            b"(zstd frame)",
            start,
            gzipped=False,
            headers=[(b"Content-Type", b"text/html"), (b"Content-Encoding", b"zstd")],
        ),
        Page(
            f"http://www.{DOMAIN}{synthetic_path(4)}",
            b"\x89PNG...",
            start,
            gzipped=False,
            headers=[(b"Content-Type", b"image/png")],
        ),
    ]
    write_archive(tmp_path, pages, dedup=False)
    result = reprocess(tmp_path, sqlite_url(tmp_path / "out.db"), progress=False, workers=0)
    assert (result.captures, result.articles, result.too_large, result.undecodable, result.not_html) == (4, 1, 1, 1, 1)
    assert any("inflates past" in p for p in result.problems)


def test_revisit_resolves_without_the_dedup_index(tmp_path: Path) -> None:
    url = f"http://www.{DOMAIN}{synthetic_path(3)}"
    pages = [
        Page(url, article_html(3), datetime(2026, 6, 1, tzinfo=UTC)),
        Page(url, article_html(3), datetime(2026, 6, 2, tzinfo=UTC)),
    ]
    write_archive(tmp_path, pages[:1])
    write_archive(tmp_path, pages[1:])
    (tmp_path / "indexes" / DEDUP_FILENAME).unlink()
    result = reprocess(tmp_path, sqlite_url(tmp_path / "out.db"), progress=False, workers=0)
    assert (result.revisits, result.revisits_unresolved, result.new, result.unchanged) == (1, 0, 1, 1)


def test_revisit_whose_original_is_gone_is_counted(tmp_path: Path) -> None:
    url = f"http://www.{DOMAIN}{synthetic_path(3)}"
    [original] = write_archive(tmp_path, [Page(url, article_html(3), datetime(2026, 6, 1, tzinfo=UTC))])
    write_archive(tmp_path, [Page(url, article_html(3), datetime(2026, 6, 2, tzinfo=UTC))])
    (tmp_path / "warc" / "quarantine").mkdir()
    original.rename(tmp_path / "warc" / "quarantine" / original.name)
    result = reprocess(tmp_path, sqlite_url(tmp_path / "out.db"), progress=False, workers=0)
    assert (result.revisits, result.revisits_unresolved, result.articles) == (1, 1, 0)
    assert "revisits without their original" in result.summary()


def test_memory_stays_flat_while_streaming_a_large_file(tmp_path: Path) -> None:
    """Peak Python memory does not grow with the file: big non-article records are streamed, never gathered."""
    start = datetime(2026, 7, 1, tzinfo=UTC)

    def archive(directory: Path, blobs: int) -> Path:
        pages = [Page(f"http://www.{DOMAIN}{synthetic_path(i)}", article_html(i), start) for i in range(4)]
        for i in range(blobs):  # 1 MB images, incompressible, at non-article URLs
            pages.append(
                Page(
                    f"http://www.{DOMAIN}/wp-content/uploads/{i}.jpg",
                    os.urandom(1_000_000),
                    start,
                    gzipped=False,
                    headers=[(b"Content-Type", b"image/jpeg")],
                )
            )
        [path] = write_archive(directory, pages, dedup=False)
        return path

    peaks = []
    for blobs in (10, 40):
        directory = tmp_path / f"d{blobs}"
        path = archive(directory, blobs)
        tracemalloc.start()
        result = reprocess(directory, sqlite_url(directory / "out.db"), progress=False, workers=0)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        assert result.articles == 4
        assert path.stat().st_size > blobs * 1_000_000
    small, large = peaks
    assert large < 16_000_000, peaks  # a 40 MB file
    assert large < small + 4_000_000, peaks  # four times the data, about the same peak


def test_progress_lines_go_to_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reprocess_module, "PROGRESS_EVERY", 5)
    write_archive(tmp_path, synthetic_pages(6, datetime(2026, 8, 1, tzinfo=UTC)), dedup=False)
    reprocess(tmp_path, sqlite_url(tmp_path / "out.db"), progress=True, workers=0)
    err = capsys.readouterr().err
    assert "reprocess: " in err
    assert "pages/s" in err
    assert re.search(r"ETA \d+:\d\d", err), err
    reprocess(tmp_path, sqlite_url(tmp_path / "out.db"), progress=False, workers=0)
    assert capsys.readouterr().err == ""


def test_extraction_on_every_core_stores_what_one_process_stores(tmp_path: Path) -> None:
    url = f"http://www.{DOMAIN}{synthetic_path(0)}"
    pages = synthetic_pages(40, datetime(2026, 8, 2, tzinfo=UTC))
    pages += [Page(url, article_html(0, revision=2), datetime(2026, 8, 3, tzinfo=UTC))]  # a second state: a version
    pages += [Page(url, article_html(0, revision=2), datetime(2026, 8, 4, tzinfo=UTC))]  # unchanged: a revisit
    write_archive(tmp_path, pages)
    alone, pooled = sqlite_url(tmp_path / "alone.db"), sqlite_url(tmp_path / "pooled.db")
    one = reprocess(tmp_path, alone, progress=False, workers=0)
    many = reprocess(tmp_path, pooled, progress=False, workers=2)
    assert (many.workers, many.captures, many.articles, many.revisits) == (2, 42, 42, 1)
    assert (one.new, one.updated, one.unchanged) == (many.new, many.updated, many.unchanged) == (40, 1, 1)
    assert article_rows(pooled) == article_rows(alone)
    assert version_rows(pooled) == version_rows(alone)


def test_database_errors_are_job_failures(tmp_path: Path) -> None:
    write_archive(tmp_path, synthetic_pages(1, datetime(2026, 9, 1, tzinfo=UTC)), dedup=False)
    with pytest.raises(ReprocessError, match="is a directory") as info:
        reprocess(tmp_path, sqlite_url(tmp_path), progress=False)
    assert info.value.exit_code == 1
