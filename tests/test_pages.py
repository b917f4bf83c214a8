"""Reading pages in the worker processes: charset decoding, content decoding, size limits."""

from __future__ import annotations

import gzip
import zlib

from crawler.extraction.pages import decode_html, read_article, read_listing


def test_latin1_label_means_windows_1252() -> None:
    body = "“Quoted” – 5 € café".encode("cp1252")
    assert decode_html(body, "ISO-8859-1") == "“Quoted” – 5 € café"


def test_wrong_or_unknown_charset_falls_back_to_bytes() -> None:
    body = "café ’".encode("cp1252")
    assert decode_html(body, "utf-8") == body  # not UTF-8: extraction sniffs the bytes
    assert decode_html(body, "x-no-such-charset") == body
    assert decode_html("naïve".encode(), None) == "naïve".encode()
    assert decode_html("naïve".encode(), "utf-8") == "naïve"


PAGE = (
    b'<html><head><link rel="alternate" hreflang="fr" href="https://fr.eureporter.co/world/2024/10/03/x/">'
    b'</head><body><h3 class="mvp-post-cat"><a class="mvp-post-cat-link" href="/world/"><span '
    b'class="mvp-post-cat">World</span></a></h3><a href="/world/2024/10/02/y/">Y</a>'
    b'<a class="next page-numbers" href="/world/page/2/">2</a></body></html>'
)
URL = "https://www.eureporter.co/world/2024/10/03/x/"


def test_read_article_decodes_gzip_and_finds_editions_and_categories() -> None:
    read = read_article(gzip.compress(PAGE), "gzip", "utf-8", URL, 10_000_000)
    assert read.problem is None
    assert read.alternates == {"fr": "https://fr.eureporter.co/world/2024/10/03/x/"}
    assert read.categories == ["https://www.eureporter.co/world/"]


def test_read_listing_finds_articles_and_the_next_page() -> None:
    read = read_listing(zlib.compress(PAGE), "deflate", None, "https://www.eureporter.co/world/", 10_000_000)
    assert read.listing is not None
    assert read.listing.articles == ["https://www.eureporter.co/world/2024/10/02/y/"]
    assert read.listing.listings == ["https://www.eureporter.co/world/page/2/"]


def test_bombs_and_broken_codings_are_named_not_raised() -> None:
    bomb = gzip.compress(b" " * 5_000_000)
    read = read_article(bomb, "gzip", None, URL, 1_000_000)
    assert read.problem == "too_large"
    assert "DOWNLOAD_MAXSIZE" in read.detail
    assert read_article(b"not gzip at all", "gzip", None, URL, 1_000_000).problem == "coding"
    assert read_listing(PAGE, "zstd", None, URL, 1_000_000).problem == "coding"
