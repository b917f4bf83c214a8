"""Link discovery from sitemaps, feeds, listing pages and hreflang alternates, including malformed input."""

from __future__ import annotations

import gzip

from scrapy.http import HtmlResponse

from crawler.extraction.links import (
    SitemapEntries,
    articles_from_sitemap,
    category_links,
    feed_entries,
    hreflang_alternates,
    listing_links,
)

SITE = "https://www.eureporter.co"
ARTICLE = SITE + "/world/kazakhstan/2021/05/03/kazakhstan-has-entered-an-interesting/"


def test_sitemap_index_and_urlset_with_lastmod() -> None:
    index = (
        b'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>https://www.eureporter.co/wp-sitemap-posts-post-1.xml</loc></sitemap></sitemapindex>"
    )
    assert articles_from_sitemap(index) == SitemapEntries(
        "sitemapindex", [(SITE + "/wp-sitemap-posts-post-1.xml", None)], truncated=False
    )
    urlset = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc> '
        + ARTICLE.encode()
        + b" </loc><lastmod>2024-10-03T09:15:00+02:00</lastmod></url><url><lastmod>x</lastmod></url></urlset>"
    )
    assert articles_from_sitemap(urlset) == SitemapEntries("urlset", [(ARTICLE, "2024-10-03T09:15:00+02:00")], False)


def test_sitemap_wrong_namespace_gzip_and_garbage() -> None:
    # Google's pre-standard namespace, and none at all: both are read by local name.
    for ns in (b' xmlns="http://www.google.com/schemas/sitemap/0.84"', b""):
        body = b"<urlset" + ns + b"><url><loc>" + ARTICLE.encode() + b"</loc></url></urlset>"
        assert articles_from_sitemap(body) == SitemapEntries("urlset", [(ARTICLE, None)], False)
        assert articles_from_sitemap(gzip.compress(body)) == SitemapEntries("urlset", [(ARTICLE, None)], False)
    assert articles_from_sitemap(b"") is None
    assert articles_from_sitemap(b"<html><body>Not found</body></html>") is None
    assert articles_from_sitemap(b"\x1f\x8b\x08garbage") is None
    # Entity expansion is never performed (billion laughs), and truncated XML is recovered as far as it goes.
    laughs = b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
    parsed = articles_from_sitemap(laughs + b"<urlset><url><loc>&b;</loc></url></urlset>")
    assert parsed is None or all(len(loc) < 100 for loc, _ in parsed.entries)
    # A truncated file: the whole entries are kept, the half-written one is not, and the cut is reported.
    truncated = b"<urlset><url><loc>" + ARTICLE.encode() + b"</loc></url><url><loc>https://www.eureporter"
    assert articles_from_sitemap(truncated) == SitemapEntries("urlset", [(ARTICLE, None)], truncated=True)


def test_rss_and_atom_feeds() -> None:
    rss = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>EU Reporter</title><link>https://www.eureporter.co</link>'
        b"<item><title>A &amp; B</title><link>" + ARTICLE.encode() + b"</link></item></channel></rss>"
    )
    assert feed_entries(rss) == [ARTICLE]
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><link rel="replies" href="https://x/c"/>'
        b'<link href="' + ARTICLE.encode() + b'"/></entry></feed>'
    )
    assert feed_entries(atom) == [ARTICLE]
    assert feed_entries(b"<html/>") is None
    assert feed_entries(b"not xml at all") is None
    cut = rss.replace(b"</link></item></channel></rss>", b"</link></item><item><link>https://www.eureporter.co/pol")
    assert feed_entries(cut) == [ARTICLE]


def _page(url: str, body: str) -> HtmlResponse:
    return HtmlResponse(url, body=body.encode(), encoding="utf-8")


def test_listing_links_articles_pagination_and_menus() -> None:
    response = _page(
        SITE + "/category/politics/page/2/",
        f"""<html><head><link rel="alternate" hreflang="fr" href="https://fr.eureporter.co/category/politics/page/2/"></head>
        <body><nav><ul><li class="menu-item"><a href="/world/">World</a></li></ul></nav>
        <a href="{ARTICLE}?ref=x">Article</a><a href="{ARTICLE}#comments">Again</a>
        <a class="page-numbers" href="/category/politics/page/3/">3</a>
        <a class="page-numbers" href="/category/politics/page/4/">4</a>
        <a href="/category/politics/page/1/">1</a>
        <a href="/about/">About</a><a href="/tag/full-image/">tag</a><a href="/author/colin-stevens/">author</a>
        <a href="/wp-login.php">Log in</a><a href="mailto:x@y">mail</a><a href="#top">top</a></body></html>""",
    )
    links = listing_links(response.body, response.url)
    assert links.articles == [ARTICLE]
    # Only the next page of the archive's own pagination: incremental crawls stop paging where stored articles begin.
    assert links.listings == [SITE + "/world/", SITE + "/category/politics/page/3/"]
    assert links.is_next_page(SITE + "/category/politics/page/3/")
    assert not links.is_next_page(SITE + "/world/")


def test_child_sitemaps_without_posts_are_skipped() -> None:
    from crawler.extraction.links import lists_posts

    assert lists_posts(SITE + "/wp-sitemap-posts-post-1.xml")
    assert lists_posts(SITE + "/post-sitemap2.xml")
    assert lists_posts(SITE + "/news-sitemap.xml")
    for name in (
        "wp-sitemap-users-1.xml",
        "wp-sitemap-taxonomies-category-1.xml",
        "wp-sitemap-posts-page-1.xml",
        "page-sitemap.xml",
        "category-sitemap.xml",
        "author-sitemap.xml",
        "post_tag-sitemap.xml",
    ):
        assert not lists_posts(f"{SITE}/{name}"), name


def test_hreflang_alternates_and_category_links_from_raw_tags() -> None:
    body = f"""<html><head><link rel="alternate" hreflang="fr" href="https://fr.eureporter.co/x/?a=1&amp;b=2">
        <LINK REL='Alternate' HREFLANG='id' HREF='/x/' data-x=">"><link rel="alternate" hreflang="x-default"
        href="{ARTICLE}"><link rel="canonical" href="{ARTICLE}">
        <link hreflang="de" href="https://de.eureporter.co/x/"></head><body>
        <a class="mvp-post-cat-link" href="/world/kazakhstan/"><span class="mvp-post-cat">Kazakhstan</span></a>
        <a href="/category/politics/" rel="category tag">Politics</a><a href="/tag/eu/" rel="tag">EU</a>
        <a class="other" href="/about/">About</a></body></html>""".encode()
    assert hreflang_alternates(body, ARTICLE) == {
        "fr": "https://fr.eureporter.co/x/?a=1&b=2",
        "id": "https://www.eureporter.co/x/",
        "x-default": ARTICLE,
    }
    assert category_links(body, ARTICLE) == [SITE + "/world/kazakhstan/", SITE + "/category/politics/"]
