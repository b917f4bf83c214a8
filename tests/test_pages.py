"""Reading a capture (crawler.extraction.pages.read_capture) and decoding its bytes (crawler.extraction.decoding)."""

from __future__ import annotations

import gzip
import importlib.machinery
import sys
import types
import zlib
from contextlib import contextmanager
from typing import TYPE_CHECKING

import pytest

from crawler.extraction import extract_article
from crawler.extraction import pages as pages_module
from crawler.extraction.decoding import decode_html as decode_text
from crawler.extraction.pages import PAGEKIND, decode_html, read_capture, read_listing
from replica import hostile

if TYPE_CHECKING:
    from collections.abc import Iterator

MAX = 10_000_000


def test_latin1_label_means_windows_1252() -> None:
    body = "“Quoted” – 5 € café".encode("cp1252")
    assert decode_html(body, "ISO-8859-1") == "“Quoted” – 5 € café"


def test_a_charset_the_bytes_are_not_in_is_passed_over() -> None:
    body = "café ’".encode("cp1252")
    assert decode_html(body, "utf-8") == "café ’"  # windows-1252 labelled UTF-8: no valid UTF-8 in it at all
    assert decode_html(body, "x-no-such-charset") == "café ’"
    assert decode_html("naïve".encode(), None) == "naïve"
    assert decode_html("naïve".encode(), "utf-8") == "naïve"
    assert decode_html(b"\x89PNG\r\n\x1a\n\0\0\0", "utf-8") == b"\x89PNG\r\n\x1a\n\0\0\0"  # not text


def test_decoding_follows_the_browser_order() -> None:
    text = "<p>Brüssel’s café</p>"
    assert decode_text(b"\xef\xbb\xbf" + text.encode(), "windows-1252") == text  # the BOM wins over HTTP
    assert decode_text(text.encode("utf-16-le").join([b"\xff\xfe", b""]), None) == text
    meta = '<meta charset="windows-1252">' + text
    assert decode_text(meta.encode("cp1252"), None) == meta  # <meta> when HTTP says nothing
    assert decode_text(meta.encode("utf-8"), "utf-8") == meta  # HTTP before <meta>
    utf16 = '<meta charset="utf-16">' + text  # a <meta> naming UTF-16 on a page without BOM means UTF-8
    assert decode_text(utf16.encode("utf-8"), None) == utf16
    assert decode_text(b"", "utf-8") is None
    assert decode_text(b"%PDF-1.7 ...", None) is None


# --- a page declared UTF-8 with a few invalid bytes (issue #11) -------------------------------------------------------

ACCENTED = (
    "Les ministres réunis à Bruxelles ont débattu de la stratégie énergétique de l’Union européenne.",
    "Selon la Commission, « la sécurité d’approvisionnement » reste la priorité ; les États membres hésitent.",
    "Zoë Müller, députée européenne, a déclaré que l’accord était « un pas décisif » vers la neutralité.",
)
STRAY = ("\x96", "\xa0", "\x92")  # windows-1252 dash, no-break space and apostrophe pasted into a UTF-8 page
WWW = "https://www.eureporter.co"
PATH = "/politics/2024/10/03/les-ministres-debattent/"
TITLE = "Énergie : les ministres débattent à Bruxelles"


def stray_utf8_page() -> bytes:
    """A Zox News article page in UTF-8 (as EU Reporter serves it) into which three single bytes were pasted."""
    page = hostile.article_html(WWW, PATH, TITLE, ACCENTED, post_id=7001, charset="UTF-8").encode("utf-8")
    for marker, stray in zip(("débattu", "priorité", "neutralité"), STRAY, strict=True):
        page = page.replace(marker.encode(), marker.encode() + stray.encode("latin-1"), 1)
    return page


def test_utf8_page_with_stray_bytes_keeps_its_accents_on_every_path() -> None:
    page = stray_utf8_page()
    with pytest.raises(UnicodeDecodeError):
        page.decode("utf-8")
    expected = [p.replace("débattu", "débattu\ufffd") for p in ACCENTED]
    expected[1] = expected[1].replace("priorité", "priorité\ufffd")
    expected[2] = expected[2].replace("neutralité", "neutralité\ufffd")
    readings = {
        "crawl, HTTP charset": read_capture(page, "", "text/html; charset=UTF-8", WWW + PATH, MAX).article,
        "crawl, gzip, <meta> only": read_capture(gzip.compress(page), "gzip", "text/html", WWW + PATH, MAX).article,
        "extract_article(bytes)": extract_article(page, WWW + PATH),
    }
    for path, article in readings.items():
        assert article is not None, path
        assert article.title == TITLE, path
        assert article.text.split("\n") == expected, path  # only the stray bytes replaced
        assert "Ã" not in article.text, path  # not re-read as windows-1252


@pytest.mark.parametrize(("meta", "http"), [(None, "text/html"), ("utf-8", "text/html; charset=utf-8")])
def test_windows_1252_pages_undeclared_or_mislabelled_read_right(meta: str | None, http: str) -> None:
    page = hostile.cp1252_article(WWW, PATH, TITLE, ACCENTED, post_id=7002, meta=meta)
    for article in (read_capture(page, "", http, WWW + PATH, MAX).article, extract_article(page, WWW + PATH)):
        assert article is not None
        assert (article.title, article.text.split("\n")) == (TITLE, list(ACCENTED))


# --- read_capture ---------------------------------------------------------------------------------------------------

PAGE = (
    b'<html><head><link rel="alternate" hreflang="fr" href="https://fr.eureporter.co/world/2024/10/03/x/">'
    b'</head><body><h3 class="mvp-post-cat"><a class="mvp-post-cat-link" href="/world/"><span '
    b'class="mvp-post-cat">World</span></a></h3><a href="/world/2024/10/02/y/">Y</a>'
    b'<a class="next page-numbers" href="/world/page/2/">2</a></body></html>'
)
URL = "https://www.eureporter.co/world/2024/10/03/x/"


def article_page() -> bytes:
    return hostile.article_html(WWW, PATH, TITLE, ACCENTED, post_id=7003).encode("utf-8")


def test_read_capture_decodes_gzip_and_finds_editions_and_categories() -> None:
    read = read_capture(gzip.compress(PAGE), "gzip", "text/html; charset=utf-8", URL, MAX)
    assert read.problem is None
    assert read.alternates == {"fr": "https://fr.eureporter.co/world/2024/10/03/x/"}
    assert read.categories == ["https://www.eureporter.co/world/"]


def test_read_listing_finds_articles_and_the_next_page() -> None:
    read = read_listing(zlib.compress(PAGE), "deflate", None, "https://www.eureporter.co/world/", MAX)
    assert read.listing is not None
    assert read.listing.articles == ["https://www.eureporter.co/world/2024/10/02/y/"]
    assert read.listing.listings == ["https://www.eureporter.co/world/page/2/"]


def test_bombs_and_broken_codings_are_named_not_raised() -> None:
    bomb = gzip.compress(b" " * 5_000_000)
    read = read_capture(bomb, "gzip", "text/html", URL, 1_000_000)
    assert read.problem == "too_large"
    assert "DOWNLOAD_MAXSIZE" in read.detail
    assert read_capture(b"not gzip at all", "gzip", "text/html", URL, MAX).problem == "coding"
    assert read_listing(b"\x28\xb5\x2f\xfd broken", "zstd", None, URL, MAX).problem == "coding"
    assert read_capture(b"%PDF-1.7", "", "application/pdf", URL, MAX).problem == "not_html"


def test_plain_html_under_a_gzip_label_is_read_and_noted() -> None:
    page = article_page()
    read = read_capture(page, "gzip", "text/html; charset=UTF-8", WWW + PATH, MAX)
    assert read.problem is None
    assert read.notes == ["mislabelled_encoding"]
    assert read.article is not None
    assert read.article == read_capture(gzip.compress(page), "gzip", "text/html", WWW + PATH, MAX).article


def test_a_truncated_body_is_read_only_when_its_document_ends() -> None:
    page = article_page()
    whole = read_capture(gzip.compress(page), "gzip", "text/html", WWW + PATH, MAX, truncated=True)
    assert (whole.problem, whole.notes) == (None, ["truncated_complete"])
    assert whole.article == read_capture(page, "", "text/html", WWW + PATH, MAX).article
    cut_gzip = gzip.compress(page)[: len(gzip.compress(page)) // 2]
    for body, coding in ((cut_gzip, "gzip"), (page[: len(page) // 2], "")):
        cut = read_capture(body, coding, "text/html", WWW + PATH, MAX, truncated=True)
        assert cut.problem == "truncated", coding
        assert cut.article is None
        assert "fetched again" in cut.detail
    # not flagged: read as it is (the flag, not a guess, says a body is short)
    assert read_capture(page[: len(page) // 2], "", "text/html", WWW + PATH, MAX).problem is None


# --- pages served in place of the article (crawler.extraction.pagekind, another engineer's module) -------------------


@contextmanager
def fake_pagekind() -> Iterator[list[tuple[str, str]]]:
    """A stand-in for crawler.extraction.pagekind with its contract's signature, not_an_article(html, url): a
    "Just a moment" page is a challenge. Yields the calls it gets."""
    module = types.ModuleType(PAGEKIND)
    module.__spec__ = importlib.machinery.ModuleSpec(PAGEKIND, None)
    calls: list[tuple[str, str]] = []

    def not_an_article(html: str, url: str) -> str | None:
        calls.append((html, url))
        return "challenge" if "Just a moment" in html else None

    module.not_an_article = not_an_article  # type: ignore[attr-defined]
    saved = sys.modules.get(PAGEKIND)
    sys.modules[PAGEKIND] = module
    pages_module._page_kind.cache_clear()
    try:
        yield calls
    finally:
        if saved is None:
            del sys.modules[PAGEKIND]
        else:
            sys.modules[PAGEKIND] = saved
        pages_module._page_kind.cache_clear()


CHALLENGE = (
    "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body><h1>www.eureporter.co</h1>"
    "<p>Vérification que vous êtes humain.</p><noscript>Enable JavaScript and cookies to continue</noscript>"
    "</body></html>"
).encode()


def test_a_page_in_place_of_the_article_is_named_not_extracted() -> None:
    with fake_pagekind() as calls:
        read = read_capture(gzip.compress(CHALLENGE), "gzip", "text/html; charset=UTF-8", WWW + PATH, MAX)
        article = read_capture(article_page(), "", "text/html", WWW + PATH, MAX)
    assert (read.problem, read.not_article, read.article) == (None, "challenge", None)
    html, url = calls[0]
    assert (url, "Vérification" in html) == (WWW + PATH, True)  # decoded text, not bytes
    assert (article.not_article, article.article is not None) == (None, True)


def test_the_projects_pagekind_is_asked_once_it_exists() -> None:
    pytest.importorskip(PAGEKIND)
    pages_module._page_kind.cache_clear()
    read = read_capture(CHALLENGE, "", "text/html; charset=UTF-8", WWW + PATH, MAX)
    assert (read.not_article, read.article) == ("challenge", None)
    assert read_capture(article_page(), "", "text/html", WWW + PATH, MAX).not_article is None
