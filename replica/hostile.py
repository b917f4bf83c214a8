"""Hostile and broken response bodies for trap mode (replica.traps): bombs, bad charsets, broken XML, slow sockets."""

from __future__ import annotations

import asyncio
import zlib
from functools import cache
from html import escape
from typing import TYPE_CHECKING

from replica.feeds import urlset
from replica.theme import SITE_NAME

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from datetime import datetime

# 200 MiB of spaces behind ~200 KB of gzip: over any sane DOWNLOAD_MAXSIZE once inflated, small on the wire.
BOMB_INFLATED_BYTES = 200 << 20
# Above the 2,000,000 bytes the hostile-input tests set as DOWNLOAD_MAXSIZE, below Scrapy's and our defaults.
OVERSIZED_BYTES = 3_000_000
# sitemaps.org's per-file maximum: 50,000 <url> entries (~6 MB here, under its 50 MB limit).
HUGE_SITEMAP_URLS = 50_000
TRAP_DATE = "2026-11-19"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip


class Paced(bytes):
    """A response body the server sends late or never finishes (see HttpServer: it awaits `send` instead of writing).

    `delay`: seconds of silence before the status line. `stall_after`: bytes of the body sent before the server goes
    silent for `stall` seconds and then closes the connection (the declared Content-Length is never reached).
    """

    delay: float
    stall_after: int | None
    stall: float

    def __new__(cls, data: bytes, *, delay: float = 0.0, stall_after: int | None = None, stall: float = 0.0) -> Paced:
        body = super().__new__(cls, data)
        body.delay, body.stall_after, body.stall = delay, stall_after, stall
        return body

    async def send(self, writer: asyncio.StreamWriter, frame: bytes) -> bool:
        """Write `frame` (head plus this body) as paced; False: the connection must close afterwards."""
        if not await _pause(writer, self.delay):
            return False
        if self.stall_after is None:
            writer.write(frame)
            await writer.drain()
            return False
        writer.write(frame[: len(frame) - len(self) + self.stall_after])
        await writer.drain()
        await _pause(writer, self.stall)
        return False


async def _pause(writer: asyncio.StreamWriter, seconds: float) -> bool:
    """Sleep, but stop as soon as the client hangs up or the server closes the connection; True if still open."""
    deadline = asyncio.get_running_loop().time() + seconds
    while not writer.is_closing():
        left = deadline - asyncio.get_running_loop().time()
        if left <= 0:
            return True
        try:
            await asyncio.sleep(min(left, 0.05))
        except asyncio.CancelledError:
            # The server is shutting down mid-trap; ending quietly spares asyncio's "Task was cancelled" noise.
            return False
    return False


def text(value: str) -> str:
    return escape(value, quote=False)


def article_html(
    base: str,
    path: str,
    title: str,
    paragraphs: Iterable[str],
    *,
    post_id: int,
    charset: str | None = "UTF-8",
    published: str = TRAP_DATE,
) -> str:
    """A plain Zox News single post (header, #mvp-content-main, date), enough for a crawler to see an article.

    `charset`: the <meta charset> to declare, or None for none at all. `published`: its datePublished (YYYY-MM-DD).
    """
    shown = f"{int(published[8:])} {_MONTHS[int(published[5:7]) - 1]} {published[:4]}"
    meta = f'<meta charset="{charset}" >\n' if charset else ""
    body = "".join(f"<p>{text(paragraph)}</p>\n" for paragraph in paragraphs)
    return (
        f'<!DOCTYPE html>\n<html lang="en-US">\n<head>\n{meta}<title>{text(title)} - {SITE_NAME}</title>\n'
        f'<link rel="canonical" href="{base}{path}" />\n</head>\n'
        f'<body class="post-template-default single single-post postid-{post_id} single-format-standard">\n'
        '<div id="mvp-site" class="left relative"><div id="mvp-main-body-wrap" class="left relative">\n'
        '<article id="mvp-article-wrap" itemscope itemtype="http://schema.org/NewsArticle">\n'
        '<div id="mvp-post-main" class="left relative">\n<header id="mvp-post-head" class="left relative">'
        f'<h3 class="mvp-post-cat left relative"><a class="mvp-post-cat-link" href="{base}/category/world/">'
        '<span class="mvp-post-cat left">World</span></a></h3>\n'
        f'<h1 class="mvp-post-title left entry-title" itemprop="headline">{text(title)}</h1>\n'
        '<div class="mvp-author-info-date left relative"><span class="mvp-post-date updated"><time class="post-date '
        f'updated" itemprop="datePublished" datetime="{published}">{shown}</time></span></div>\n</header>\n'
        f'<div id="mvp-content-main" class="left relative">\n{body}</div>\n'
        "</div></article>\n</div></div>\n</body>\n</html>\n"
    )


def broken_article_html(base: str, path: str, title: str, paragraphs: tuple[str, ...], *, post_id: int) -> bytes:
    """The article with NUL bytes inside a word and an attribute, unclosed <p>/<b>/<i>, a stray </span>, no end tags.

    A browser shows the same paragraphs as article_html would: NUL is dropped from text, unclosed tags are implied.
    """
    first, second, *rest = (text(paragraph) for paragraph in paragraphs)
    words = first.split(" ")
    broken = [
        f'<p class="lead\x00">{words[0][:3]}\x00{words[0][3:]} {" ".join(words[1:4])} <b>{" ".join(words[4:])}\n',
        "<p><i>" + second.replace(" ", "\x00 ", 1) + "</span>\n",
        *(f"<p>{paragraph}\n" for paragraph in rest),
    ]
    page = article_html(base, path, title, (), post_id=post_id)
    cut = page.index('<div id="mvp-content-main"')
    content_open = page[cut : page.index("\n", cut) + 1]
    # No </div>, </article>, </body> or </html>: the document ends as if the connection had dropped.
    return (page[:cut] + content_open + "".join(broken)).encode()


def cp1252_article(base: str, path: str, title: str, paragraphs: tuple[str, ...], *, post_id: int,
                   meta: str | None) -> bytes:  # fmt: skip
    """The article in windows-1252 bytes, with `meta` as its <meta charset> (None: declared nowhere in the page)."""
    return article_html(base, path, title, paragraphs, post_id=post_id, charset=meta).encode("cp1252")


@cache
def gzip_bomb() -> bytes:
    """A gzip member (Content-Encoding: gzip) inflating to BOMB_INFLATED_BYTES: an HTML start, then spaces."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    start = b"<!DOCTYPE html>\n<html><head><title>Bomb</title></head><body><p>"
    parts = [compressor.compress(start)]
    chunk = b" " * (1 << 20)
    for _ in range((BOMB_INFLATED_BYTES - len(start)) // len(chunk)):
        parts.append(compressor.compress(chunk))
    parts.append(compressor.compress(b" " * ((BOMB_INFLATED_BYTES - len(start)) % len(chunk))))
    parts.append(compressor.flush())
    return b"".join(parts)


def oversized_article(base: str, path: str, title: str, paragraphs: tuple[str, ...], *, post_id: int) -> bytes:
    """A valid article padded with an HTML comment to exactly OVERSIZED_BYTES (served without compression)."""
    page = article_html(base, path, title, paragraphs, post_id=post_id).encode()
    filler = OVERSIZED_BYTES - len(page) - len(b"<!--  -->\n")
    # Varied filler, so that a client gzip-encoding it (or a proxy) could not hide the size either.
    pattern = bytes(range(0x30, 0x7B)).replace(b"-", b"_").replace(b">", b"_")
    padding = (pattern * (filler // len(pattern) + 1))[:filler]
    return page + b"<!-- " + padding + b" -->\n"


# A one-page PDF saying "EU Reporter" (cross-reference offsets computed, so that readers accept it).
def pdf_document() -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length 44 >>\nstream\nBT /F1 18 Tf 20 40 Td (EU Reporter) Tj ET\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def truncated_sitemap(entries: Sequence[tuple[str, datetime | None]]) -> bytes:
    """A urlset cut off in the middle of its last <loc> (an interrupted upload or a full disk on the server)."""
    whole = urlset(list(entries)).encode()
    return whole[: whole.rindex(b"</loc>") - 12]


def wrong_namespace_sitemap(entries: Sequence[tuple[str, datetime | None]]) -> bytes:
    """A urlset in the XHTML namespace instead of sitemaps.org's (a plugin bug seen in the wild)."""
    return (
        urlset(list(entries))
        .replace("http://www.sitemaps.org/schemas/sitemap/0.9", "http://www.w3.org/1999/xhtml")
        .encode()
    )


def huge_sitemap(www: str, real: list[str], lastmod: datetime | None) -> bytes:
    """HUGE_SITEMAP_URLS in-scope entries: the `real` article URLs, then non-article pages that do not exist."""
    fillers = [f"{www}/world/trap-huge/entry-{n:05d}/" for n in range(HUGE_SITEMAP_URLS - len(real))]
    return urlset([(url, lastmod) for url in [*real, *fillers]]).encode()


def sitemap_index(locs: list[str]) -> bytes:
    entries = "".join(f"<sitemap><loc>{escape(loc)}</loc></sitemap>" for loc in locs)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{entries}</sitemapindex>\n"
    ).encode()


def feed_items(items: list[tuple[str, str | None]]) -> str:
    """RSS <item>s of (title, raw <link> content or None for no <link>); the link is inserted unescaped on purpose."""
    out = []
    for title, link in items:
        link_element = f"\t\t<link>{link}</link>\n" if link is not None else ""
        out.append(f"\t<item>\n\t\t<title>{text(title)}</title>\n{link_element}\t</item>\n")
    return "".join(out)


def link_block(links: list[tuple[str, str]]) -> bytes:
    """The "Also in the news" box trap mode adds to the home page and the World listing."""
    items = "".join(f'<li><a href="{escape(url)}" rel="bookmark">{text(title)}</a></li>' for url, title in links)
    return (
        '<section class="mvp-side-widget eur-also-news"><h4 class="mvp-widget-home-title"><span class="mvp-widget-'
        f'home-title">Also in the news</span></h4><ul class="eur-also-news-list">{items}</ul></section>\n'
    ).encode()


def insert_before_last(body: bytes, marker: bytes, insert: bytes) -> bytes:
    at = body.rfind(marker)
    return body + insert if at < 0 else body[:at] + insert + body[at:]


def error_page(status: int, title: str, message: str) -> bytes:
    return (
        f"<!DOCTYPE html>\n<html><head><title>{status} {text(title)}</title></head><body><h1>{text(title)}</h1>"
        f"<p>{text(message)}</p><hr><address>nginx</address></body></html>\n"
    ).encode()
