"""One reading of a capture: the crawl's inputs to read_capture and `eureporter reprocess` of the WARC record that
storage.warc.WarcWriter made of the same response give the same row (mislabelled codings, truncated bodies, br and
zstd, pages in place of the article); br and zstd records stay checkable with warcio."""

from __future__ import annotations

import gzip
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import brotli
from backports import zstd
from warcio.archiveiterator import ArchiveIterator

from crawler.commands.reprocess import reprocess
from crawler.extraction.pages import read_capture
from replica import hostile
from storage.httpbody import MAX_DECODED_BYTES, register_warcio_codings
from storage.warc import HttpExchange, WarcWriter
from tests.test_pages import ACCENTED, CHALLENGE, TITLE, WWW, fake_pagekind
from tests.test_reprocess import article_rows, sqlite_url

ROOT = Path(__file__).resolve().parents[1]


def page(i: int) -> tuple[str, bytes]:
    path = f"/politics/2024/10/03/story-{i}/"
    return WWW + path, hostile.article_html(WWW, path, f"{TITLE} {i}", ACCENTED, post_id=8000 + i).encode()


def archive(data_dir: Path, responses: list[tuple[str, bytes, list[tuple[bytes, bytes]], str | None]]) -> Path:
    """A WARC file of (url, body as received, headers, WARC-Truncated reason) written as the crawl writes it."""
    ticks = iter(datetime(2026, 2, 1, tzinfo=UTC) + timedelta(seconds=i) for i in range(10**6))
    writer = WarcWriter(
        data_dir / "warc", prefix="T", max_bytes=10**9, dedup=None, index_dir=data_dir / "indexes",
        clock=lambda: next(ticks),
    )  # fmt: skip
    with writer:
        for url, body, headers, truncated in responses:
            writer.write_exchange(
                HttpExchange(url=url, status=200, response_headers=headers, body=body, truncated=truncated)
            )
    [path] = writer.closed_files
    return data_dir / "warc" / path


def crawl_reading(body: bytes, headers: list[tuple[bytes, bytes]], url: str, truncated: str | None) -> object:
    """What the spider gets back from its worker for the live response (the same bytes the archive stored)."""
    get = {name.lower(): value.decode("latin-1") for name, value in headers}
    return read_capture(
        body, get.get(b"content-encoding", ""), get.get(b"content-type", ""), url, MAX_DECODED_BYTES,
        truncated=truncated is not None,
    )  # fmt: skip


HTML = (b"Content-Type", b"text/html; charset=UTF-8")


def test_crawl_and_reprocess_give_the_same_rows_for_odd_captures(tmp_path: Path) -> None:
    (u1, plain), (u2, whole), (u3, cut), (u4, br), (u5, zs) = (page(i) for i in range(1, 6))
    cut_short = gzip.compress(cut)[: len(gzip.compress(cut)) // 2]
    responses = [
        (u1, plain, [HTML, (b"Content-Encoding", b"gzip")], None),  # plain HTML under a gzip label
        (u2, gzip.compress(whole), [HTML, (b"Content-Encoding", b"gzip")], "disconnect"),  # short, document whole
        (u3, cut_short, [HTML, (b"Content-Encoding", b"gzip")], "disconnect"),  # short, cut
        (u4, brotli.compress(br), [HTML, (b"Content-Encoding", b"br")], None),
        (u5, zstd.compress(zs), [HTML, (b"Content-Encoding", b"zstd")], None),
    ]
    archive(tmp_path, responses)
    result = reprocess(tmp_path, sqlite_url(tmp_path / "out.db"), progress=False, workers=0)
    rows = article_rows(sqlite_url(tmp_path / "out.db"))
    assert set(rows) == {u1, u2, u4, u5}
    assert (result.captures, result.articles, result.truncated) == (5, 4, 1)
    assert dict(result.notes) == {"mislabelled_encoding": 1, "truncated_complete": 1}
    assert "1 cut short before the end of their HTML" in result.summary()
    for url, body, headers, truncated in responses:
        live = crawl_reading(body, headers, url, truncated)
        if url == u3:
            assert (live.problem, live.article) == ("truncated", None)  # type: ignore[attr-defined]
            continue
        article = live.article  # type: ignore[attr-defined]
        assert article is not None, url
        assert (rows[url]["title"], rows[url]["text"]) == (article.title, article.text), url
        assert rows[url]["text"].split("\n") == list(ACCENTED)
    assert crawl_reading(plain, responses[0][2], u1, None).notes == ["mislabelled_encoding"]  # type: ignore[attr-defined]


def test_br_and_zstd_records_pass_warcio_check_through_storage_httpbody(tmp_path: Path) -> None:
    (u1, one), (u2, two) = page(1), page(2)
    path = archive(
        tmp_path,
        [
            (u1, brotli.compress(one), [HTML, (b"Content-Encoding", b"br")], None),
            (u2, zstd.compress(two), [HTML, (b"Content-Encoding", b"zstd")], None),
        ],
    )
    check = subprocess.run(
        [sys.executable, "-m", "storage.httpbody", "check", "-v", str(path)],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.count("digest pass") == 5  # warcinfo, two responses, two requests
    # What that runs on: warcio's own content_stream, now decoding both codings.
    register_warcio_codings()
    with path.open("rb") as fh:
        bodies = {
            r.rec_headers.get_header("WARC-Target-URI"): r.content_stream().read()
            for r in ArchiveIterator(fh)
            if r.rec_type == "response"
        }
    assert bodies == {u1: one, u2: two}


def test_a_page_in_place_of_the_article_is_counted_by_kind_not_stored(tmp_path: Path) -> None:
    (u1, one), u2 = page(1), WWW + "/politics/2024/10/03/blocked/"
    archive(tmp_path, [(u1, one, [HTML], None), (u2, CHALLENGE, [HTML], None)])
    with fake_pagekind():
        result = reprocess(tmp_path, sqlite_url(tmp_path / "out.db"), progress=False, workers=0)
    assert set(article_rows(sqlite_url(tmp_path / "out.db"))) == {u1}
    assert (result.articles, result.not_articles, dict(result.page_kinds)) == (1, 1, {"challenge": 1})
    assert "in place of the article: 1 challenge" in result.summary()
