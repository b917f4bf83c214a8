"""The replica's trap mode (replica.traps), its User-Agent block and its drifted layout (replica.drift), tested
directly through Replica.handle and, where sockets matter, through running_replica."""

from __future__ import annotations

import gzip
import http.client
import socket
import time
import zlib
from urllib.parse import urlsplit

import lxml.etree
import lxml.html
import pytest
from protego import Protego

from replica import Replica, ReplicaConfig, running_replica
from replica.cli import _parser
from replica.cli import main as cli_main
from replica.hostile import BOMB_INFLATED_BYTES, HUGE_SITEMAP_URLS, OVERSIZED_BYTES
from replica.traps import LOOP_MAX, RETRY_AFTER_FAILURES, RETRY_AFTER_SECONDS, TRAPS, Trap, trap_path

HOST = "www.eureporter.test:8080"
WWW = "http://www.eureporter.test:8080"
ARTICLE_TRAPS = [name for name, trap in TRAPS.items() if "feed" in trap.linked_from and trap.paths]


@pytest.fixture(scope="module")
def plain() -> Replica:
    return Replica(ReplicaConfig(articles=30))


@pytest.fixture
def trapped() -> Replica:
    """A fresh trap-mode replica per test: the Retry-After counters and the request log start empty."""
    return Replica(ReplicaConfig(articles=30, traps=True))


@pytest.fixture(scope="module")
def drifted() -> Replica:
    return Replica(ReplicaConfig(articles=60, layout="drifted"))


def get(site: Replica, path: str, host: str = HOST, **headers: str) -> tuple[int, dict[str, str], bytes]:
    status, response_headers, body = site.handle("GET", host, path, headers)
    return status, dict(response_headers), body


def decoded(headers: dict[str, str], body: bytes) -> bytes:
    return gzip.decompress(body) if headers.get("Content-Encoding") == "gzip" else body


# --- Defaults and configuration -------------------------------------------------------------------------------------
def test_defaults_are_the_live_theme_without_traps(plain: Replica) -> None:
    config = ReplicaConfig()
    assert (config.traps, config.layout, config.block_user_agent) == (False, "zox", "")
    assert plain.traps is None


def test_trap_mode_leaves_undecorated_pages_byte_identical(plain: Replica, trapped: Replica) -> None:
    post = plain.posts()[-1]
    for path in (post.path, "/business/", "/tag/full-image/", "/wp-sitemap-posts-post-1.xml", "/about/", "/?s=x"):
        for encoding in ("gzip", "identity"):
            assert get(plain, path, **{"Accept-Encoding": encoding}) == get(
                trapped, path, **{"Accept-Encoding": encoding}
            ), path
    fr = "fr.eureporter.test:8080"
    assert get(plain, "/", fr) == get(trapped, "/", fr)  # traps hang off the English edition only


@pytest.mark.parametrize(
    ("options", "message"),
    [({"layout": "wordpress"}, "layout"), ({"articles": 0}, "articles")],
)
def test_bad_config_is_refused(options: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ReplicaConfig(**options)  # type: ignore[arg-type]


def test_cli_options_enable_each_mode() -> None:
    args = _parser().parse_args(["serve", "--traps", "--layout", "drifted", "--block-ua"])
    assert (args.traps, args.layout, args.block_ua) == (tuple(TRAPS), "drifted", "EUReporterArchiveBot")
    args = _parser().parse_args(["serve", "--block-ua", "curl", "--traps", "challenge,soft-404"])
    assert (args.block_ua, args.traps) == ("curl", ("challenge", "soft-404"))
    args = _parser().parse_args(["serve"])
    assert (args.traps, args.layout, args.block_ua) == ((), "zox", "")
    assert cli_main(["serve", "--layout", "nope"]) == 2
    assert cli_main(["serve", "--traps", "no-such-trap"]) == 2


# --- The catalogue --------------------------------------------------------------------------------------------------
def test_catalogue_covers_every_trap_with_urls_and_outcomes(trapped: Replica) -> None:
    assert trapped.traps is not None
    assert trapped.traps.catalogue() == TRAPS
    expected = {
        "robots-disallowed", "offsite", "gzip-bomb", "oversized", "redirect-loop", "redirect-offsite",
        "redirect-subdomain", "retry-after", "slow-headers", "stalled-body", "cp1252-undeclared",
        "cp1252-mislabelled", "empty", "pdf", "jpeg", "broken-markup", "sql-metacharacters", "sitemap-truncated",
        "sitemap-wrong-namespace", "sitemap-huge", "sitemap-loop", "sitemap-html", "feed-garbage", "challenge",
        "consent-wall", "soft-404", "impossible-date", "equivalent-urls", "endless-listing",
    }  # fmt: skip
    assert set(TRAPS) == expected
    for trap in TRAPS.values():
        assert isinstance(trap, Trap)
        assert trap.outcome
        assert trap.paths or trap.offsite
        for path in trap.paths:
            assert path == path.lower()
            assert path.startswith("/")
        if trap.is_article:
            assert trap.paragraphs
            assert all(p.strip() == p for p in trap.paragraphs)
    assert trapped.traps.urls("offsite", 8080)[0] == "http://evil.example/world/2026/11/19/trap-offsite/"
    assert f"http://shop.eureporter.test:8080{trap_path('redirect-subdomain')}" in trapped.traps.forbidden_urls(
        "redirect-subdomain", 8080
    )
    assert TRAPS["gzip-bomb"].urls(port=8080) == [WWW + trap_path("gzip-bomb")]


def test_article_traps_are_linked_from_home_category_sitemap_and_feed(trapped: Replica) -> None:
    for name in ARTICLE_TRAPS:
        urls = TRAPS[name].urls(port=8080)
        for path in ("/", "/world/", "/category/world/", "/wp-sitemap-trap-articles-1.xml", "/feed/"):
            status, headers, body = get(trapped, path, **{"Accept-Encoding": "gzip"})
            text = decoded(headers, body).decode()
            assert status == 200
            for url in urls:
                assert url in text, (name, path, url)
    _, _, index = get(trapped, "/wp-sitemap.xml")
    locs = [el.text for el in lxml.etree.fromstring(index).iter("{*}loc")]
    assert WWW + "/wp-sitemap-trap-articles-1.xml" in locs
    assert "http://evil.example/wp-sitemap-posts-post-1.xml" in locs
    for name in ("sitemap-truncated", "sitemap-wrong-namespace", "sitemap-huge", "sitemap-loop", "sitemap-html"):
        assert WWW + TRAPS[name].paths[0] in locs
    # The normal sitemaps are still listed, and the decorated home page is still the home page.
    assert WWW + "/wp-sitemap-posts-post-1.xml" in locs
    _, _, home = get(trapped, "/")
    assert b'class="home blog"' in home
    assert b"mvp-blog-story-list" in home


def test_robots_disallows_the_trap_article_and_names_an_offsite_sitemap(trapped: Replica) -> None:
    _, headers, body = get(trapped, "/robots.txt")
    robots = Protego.parse(body.decode())
    bot = "EUReporterArchiveBot/0.1"
    assert not robots.can_fetch(WWW + trap_path("robots-disallowed"), bot)
    assert robots.can_fetch(WWW + trap_path("sql-metacharacters"), bot)
    assert not robots.can_fetch(WWW + "/wp-login.php", bot)
    assert "http://evil.example/wp-sitemap.xml" in list(robots.sitemaps)
    assert headers["Content-Type"].startswith("text/plain")
    # The disallowed page exists: a crawler ignoring robots.txt would really get an article.
    status, _, page = get(trapped, trap_path("robots-disallowed"))
    assert status == 200
    assert b"mvp-content-main" in page


# --- Article-like traps ---------------------------------------------------------------------------------------------
def test_gzip_bomb_is_small_on_the_wire_and_huge_inflated(trapped: Replica) -> None:
    status, headers, body = get(trapped, trap_path("gzip-bomb"))  # even without Accept-Encoding: hostile
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Content-Type"].startswith("text/html")
    assert int(headers["Content-Length"]) == len(body) < 300_000
    inflater, total, at = zlib.decompressobj(31), 0, 0
    while at < len(body):
        total += len(inflater.decompress(body[at : at + 65536]))
        at += 65536
    total += len(inflater.flush())
    assert total == BOMB_INFLATED_BYTES
    assert inflater.eof


def test_oversized_page_is_an_uncompressed_article_of_fixed_size(trapped: Replica) -> None:
    status, headers, body = get(trapped, trap_path("oversized"), **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert "Content-Encoding" not in headers
    assert len(body) == int(headers["Content-Length"]) == OVERSIZED_BYTES > 2_000_000
    paragraphs = lxml.html.fromstring(body).xpath("//div[@id='mvp-content-main']/p/text()")
    assert paragraphs == list(TRAPS["oversized"].paragraphs)


def test_redirect_traps(trapped: Replica) -> None:
    a, b = trap_path("redirect-loop-a"), trap_path("redirect-loop-b")
    assert get(trapped, a)[0] == 302
    assert get(trapped, a)[1]["Location"] == WWW + b
    assert get(trapped, b)[0] == 302
    assert get(trapped, b)[1]["Location"] == WWW + a
    status, headers, _ = get(trapped, trap_path("redirect-offsite"))
    assert status == 301
    assert urlsplit(headers["Location"]).hostname == "evil.example"
    status, headers, _ = get(trapped, trap_path("redirect-subdomain"))
    assert status == 301
    assert headers["Location"] == f"http://shop.eureporter.test:8080{trap_path('redirect-subdomain')}"
    # The sister subdomain resolves to the same server, which does not serve it: proof of a visit, nothing more.
    assert get(trapped, trap_path("redirect-subdomain"), "shop.eureporter.test:8080")[0] == 404


def test_retry_after_answers_503_then_200_counting_per_url(trapped: Replica) -> None:
    path = trap_path("retry-after")
    for _ in range(RETRY_AFTER_FAILURES):
        status, headers, _ = get(trapped, path)
        assert status == 503
        assert headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert get(trapped, "/", "www.eureporter.test:9999")[0] == 200
    status, headers, body = get(trapped, path)
    assert status == 200
    assert lxml.html.fromstring(body).xpath("//h1/text()") == [TRAPS["retry-after"].title]
    assert get(trapped, path)[0] == 200
    # Another port is another origin with its own count.
    assert get(trapped, path, "www.eureporter.test:9999")[0] == 503


def test_charset_traps_are_windows_1252_without_a_truthful_declaration(trapped: Replica) -> None:
    for name, content_type in (("cp1252-undeclared", "text/html"), ("cp1252-mislabelled", "text/html; charset=utf-8")):
        trap = TRAPS[name]
        status, headers, body = get(trapped, trap.paths[0], **{"Accept-Encoding": "gzip"})
        raw = decoded(headers, body)
        assert status == 200
        assert headers["Content-Type"] == content_type
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
        page = raw.decode("cp1252")
        assert trap.title in page
        assert all(p in page for p in trap.paragraphs)
        if name == "cp1252-undeclared":
            assert b"charset" not in raw.lower()
        else:
            assert b'<meta charset="utf-8"' in raw
    characters = "".join(TRAPS["cp1252-undeclared"].title + "".join(TRAPS["cp1252-undeclared"].paragraphs))
    assert all(c in characters for c in "éü’€“”")


def test_empty_pdf_and_jpeg_behind_article_urls(trapped: Replica) -> None:
    status, headers, body = get(trapped, trap_path("empty"), **{"Accept-Encoding": "gzip"})
    assert (status, headers["Content-Length"], body) == (200, "0", b"")
    assert headers["Content-Type"].startswith("text/html")
    assert "Content-Encoding" not in headers
    status, headers, body = get(trapped, trap_path("pdf"), **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Type"] == "application/pdf"
    assert body.startswith(b"%PDF-1.4")
    assert body.rstrip().endswith(b"%%EOF")
    assert b"/Type /Catalog" in body
    status, headers, body = get(trapped, trap_path("jpeg"))
    assert status == 200
    assert headers["Content-Type"] == "image/jpeg"
    assert body[:2] == b"\xff\xd8"


def test_broken_markup_has_nuls_and_unclosed_tags_yet_the_same_paragraphs(trapped: Replica) -> None:
    trap = TRAPS["broken-markup"]
    _, _, body = get(trapped, trap.paths[0])
    assert body.count(b"\x00") >= 3
    assert b"</html>" not in body
    assert b"</p>" not in body.split(b'id="mvp-content-main"')[1]
    tree = lxml.html.fromstring(body.replace(b"\x00", b""))
    paragraphs = [" ".join(p.text_content().split()) for p in tree.xpath("//div[@id='mvp-content-main']//p")]
    assert paragraphs == list(trap.paragraphs)


def test_sql_metacharacter_article_keeps_its_text_verbatim(trapped: Replica) -> None:
    trap = TRAPS["sql-metacharacters"]
    for needle in ("'; DROP TABLE articles; --", '" OR 1=1', "\\", "%", "_", "🇪🇺", "مرحبا", "שלום"):
        assert needle in trap.title + "".join(trap.paragraphs)
    _, _, body = get(trapped, trap.paths[0])
    tree = lxml.html.fromstring(body)
    assert tree.xpath("//h1/text()") == [trap.title]
    assert tree.xpath("//div[@id='mvp-content-main']/p/text()") == list(trap.paragraphs)


def test_unknown_trap_slug_is_a_normal_404(trapped: Replica) -> None:
    assert get(trapped, trap_path("no-such-trap"))[0] == 404
    assert get(trapped, trap_path("offsite"))[0] == 404  # only linked off-site, never served here


# --- Slow sockets ---------------------------------------------------------------------------------------------------
def test_slow_headers_and_stalled_body_over_the_network() -> None:
    with running_replica(articles=5, languages=("en",), traps=True) as running:
        host = f"www.eureporter.test:{running.port}"
        with socket.create_connection(("127.0.0.1", running.port), timeout=5) as sock:
            sock.sendall(f"GET {trap_path('slow-headers')} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            sock.settimeout(1.0)
            with pytest.raises(TimeoutError):
                sock.recv(1)  # nothing at all for (much more than) a second
        connection = http.client.HTTPConnection("127.0.0.1", running.port, timeout=1.5)
        connection.request("GET", trap_path("stalled-body"), headers={"Host": host})
        response = connection.getresponse()
        assert response.status == 200
        declared = int(response.headers["Content-Length"])
        started = time.monotonic()
        with pytest.raises(TimeoutError):
            response.read()
        assert time.monotonic() - started < 5
        connection.close()
        assert declared > 0
        # The server keeps serving other requests meanwhile.
        ok = http.client.HTTPConnection("127.0.0.1", running.port, timeout=5)
        ok.request("GET", "/robots.txt", headers={"Host": host})
        assert ok.getresponse().status == 200
        ok.close()
        assert running.site.traps is not None
        assert [hit.target for hit in running.site.traps.hits(trap_path("stalled-body"))] == [trap_path("stalled-body")]


# --- Sitemaps and feeds ---------------------------------------------------------------------------------------------
def test_malformed_sitemaps(trapped: Replica) -> None:
    strict = lxml.etree.XMLParser(recover=False)
    _, _, truncated = get(trapped, "/wp-sitemap-trap-truncated-1.xml")
    assert truncated.rfind(b"<loc>") > truncated.rfind(b"</loc>")
    assert not truncated.rstrip().endswith(b">")
    with pytest.raises(lxml.etree.XMLSyntaxError):
        lxml.etree.fromstring(truncated, strict)
    _, _, wrongns = get(trapped, "/wp-sitemap-trap-wrongns-1.xml")
    root = lxml.etree.fromstring(wrongns, strict)
    assert lxml.etree.QName(root).localname == "urlset"
    assert lxml.etree.QName(root).namespace == "http://www.w3.org/1999/xhtml"
    _, headers, html = get(trapped, "/wp-sitemap-trap-html-1.xml")
    assert headers["Content-Type"].startswith("text/html")
    assert html.lstrip().startswith(b"<!DOCTYPE html>")


def test_huge_sitemap_has_fifty_thousand_in_scope_entries(trapped: Replica) -> None:
    started = time.monotonic()
    status, headers, body = get(trapped, "/wp-sitemap-trap-huge-1.xml", **{"Accept-Encoding": "gzip"})
    assert time.monotonic() - started < 5
    raw = decoded(headers, body)
    assert status == 200
    assert 4_000_000 < len(raw) < 8_000_000
    locs = [el.text for el in lxml.etree.fromstring(raw, lxml.etree.XMLParser(huge_tree=True)).iter("{*}loc")]
    assert len(locs) == HUGE_SITEMAP_URLS == len(set(locs))
    assert all(urlsplit(loc).netloc == "www.eureporter.test:8080" for loc in locs)
    real = {WWW + post.path for post in trapped.posts()}
    assert 1 <= len(real.intersection(locs)) <= 5
    assert get(trapped, urlsplit(locs[-1]).path)[0] == 404


def test_sitemap_index_loops_on_itself_up_to_a_cap(trapped: Replica) -> None:
    path = "/wp-sitemap-trap-loop.xml"

    def locs(target: str) -> list[str]:
        status, _, body = get(trapped, target)
        assert status == 200
        root = lxml.etree.fromstring(body)
        assert lxml.etree.QName(root).localname == "sitemapindex"
        return [el.text for el in root.iter("{*}loc")]

    assert locs(path) == [WWW + path, f"{WWW}{path}?loop=2"]
    assert locs(f"{path}?loop=2") == [WWW + path, f"{WWW}{path}?loop=3"]
    assert locs(f"{path}?loop={LOOP_MAX}") == [WWW + path]


def test_feed_keeps_its_items_and_adds_garbage(trapped: Replica) -> None:
    _, headers, body = get(trapped, "/feed/")
    assert headers["Content-Type"].startswith("application/rss+xml")
    assert "ETag" in headers
    with pytest.raises(lxml.etree.XMLSyntaxError):
        lxml.etree.fromstring(body, lxml.etree.XMLParser(recover=False))  # the undefined &nbsp; entity
    root = lxml.etree.fromstring(body, lxml.etree.XMLParser(recover=True))
    links = [(item.findtext("link") or "") for item in root.iter("item")]
    real = [WWW + post.path for post in trapped.posts()[-10:]]
    assert set(real) <= set(links)
    assert any(link.startswith("javascript:") for link in links)
    assert any(link.startswith("mailto:") for link in links)
    assert any(len(link) > 10_000 for link in links)
    assert sum(1 for item in root.iter("item") if item.find("link") is None) == 1
    assert "http://evil.example" + trap_path("feed-offsite") in links


# --- Request log and User-Agent block -------------------------------------------------------------------------------
def test_request_log_records_every_request_and_host(trapped: Replica) -> None:
    assert trapped.traps is not None
    trapped.handle("GET", "shop.eureporter.test:8080", "/x/", {"User-Agent": "probe"})
    trapped.handle("GET", HOST, "/robots.txt?x=1", {})
    shop = trapped.traps.hits("/x/", host="shop.eureporter.test")
    assert len(shop) == 1
    assert shop[0].user_agent == "probe"
    assert shop[0].at <= time.time()
    assert len(trapped.traps.hits("/robots.txt")) == 1
    assert not trapped.traps.hits("/robots.txt", host="shop.eureporter.test")


def test_blocked_user_agent_gets_403_everywhere() -> None:
    site = Replica(ReplicaConfig(articles=10, block_user_agent="EUReporterArchiveBot"))
    bot = {"User-Agent": "EUReporterArchiveBot/0.1.0 (+https://example.org)"}
    for path in ("/", "/robots.txt", "/feed/", "/wp-sitemap.xml", site.posts()[0].path, "/no-such-page/"):
        status, headers, body = site.handle("GET", HOST, path, bot)
        assert status == 403, path
        assert b"Forbidden" in body, path
        assert int(dict(headers)["Content-Length"]) == len(body)
    assert site.handle("HEAD", HOST, "/", bot)[0] == 403
    assert site.handle("GET", HOST, "/", {"User-Agent": "euREPORTERarchivebot"})[0] == 403
    assert site.handle("GET", HOST, "/", {"User-Agent": "Mozilla/5.0"})[0] == 200
    assert site.handle("GET", HOST, "/", {})[0] == 200


# --- Layout drift ---------------------------------------------------------------------------------------------------
def test_drifted_article_has_none_of_the_zox_structure(drifted: Replica) -> None:
    post = drifted.posts()[-1]
    _, _, body = get(drifted, post.path)
    tree = lxml.html.fromstring(body)
    assert not tree.xpath("//*[@id='mvp-content-main' or starts-with(@id, 'mvp-post-')]")
    assert not tree.xpath("//span[contains(@class, 'mvp-post-cat')]")
    assert b"mvp-" not in body
    assert b"zox-news" not in body
    [content] = tree.xpath("//article[contains(concat(' ', @class, ' '), ' post ')]/div[@class='entry-content']")
    assert tree.xpath("//h1[@class='entry-title']/text()") == [post.title("en")]
    [time_el] = tree.xpath("//time[contains(@class, 'entry-date')]")
    assert time_el.get("datetime").startswith(post.published.date().isoformat())
    if post.author:
        assert post.author in tree.xpath("string(//span[@class='byline'])")
    assert tree.xpath("//span[@class='cat-links']/a[@rel='category tag']/text()") == [post.category_label("en")]
    text = " ".join(content.text_content().split())
    for paragraph in post.paragraphs("en"):
        assert " ".join(paragraph.split()) in text
    # The "more posts" stories and Trending moved into the body area.
    assert content.xpath(".//div[contains(@class, 'more-story')]//p")
    trending = content.xpath(".//h2[.='Trending']/following-sibling::ul[1]/li/a")
    assert len(trending) == 6


def test_drifted_article_keeps_the_head_metadata(drifted: Replica) -> None:
    zox = Replica(ReplicaConfig(articles=60))
    post = drifted.posts()[-1]
    old, new = (lxml.html.fromstring(get(site, post.path)[2]) for site in (zox, drifted))
    for xpath in ("//link[@rel='canonical']/@href", "//link[@hreflang]/@href", "//meta[@property]/@content",
                  "//script[@type='application/ld+json']/text()", "//title/text()"):  # fmt: skip
        assert old.xpath(xpath) == new.xpath(xpath), xpath


def test_zox_structure_extractor_breaks_on_the_drifted_layout(drifted: Replica) -> None:
    from crawler.extraction.zox import find_content

    zox = Replica(ReplicaConfig(articles=60))
    post = drifted.posts()[-1]
    assert find_content(lxml.html.fromstring(get(zox, post.path)[2])) is not None
    assert find_content(lxml.html.fromstring(get(drifted, post.path)[2])) is None


def test_drifted_archives_list_the_same_posts(drifted: Replica) -> None:
    zox = Replica(ReplicaConfig(articles=60))
    for path in ("/", "/page/2/", "/world/", "/tag/full-image/"):
        status_old, _, old = get(zox, path)
        status_new, _, new = get(drifted, path)
        assert status_old == status_new == 200, path
        assert b"mvp-" not in new

        def permalinks(body: bytes) -> list[str]:
            hrefs = lxml.html.fromstring(body).xpath("//main//article//h2/a/@href | //ul[contains(@class, "
                                                     "'mvp-blog-story-list')]/li/a/@href")  # fmt: skip
            return list(dict.fromkeys(hrefs))

        assert permalinks(old) == permalinks(new), path
        assert b"page-numbers" in new or b"page-numbers" not in old


def test_drift_and_traps_combine_and_other_pages_are_unchanged(drifted: Replica) -> None:
    both = Replica(ReplicaConfig(articles=60, layout="drifted", traps=True))
    _, _, home = get(both, "/")
    assert b"eur-also-news" in home
    assert b'class="entry-title"' in home
    zox = Replica(ReplicaConfig(articles=60))
    for path in ("/about/", "/no-such-page/", "/feed/", "/wp-sitemap.xml", "/robots.txt"):
        assert get(zox, path) == get(drifted, path), path


def test_drifted_layout_over_http() -> None:
    with running_replica(articles=20, languages=("en", "fr"), layout="drifted") as running:
        connection = http.client.HTTPConnection("127.0.0.1", running.port, timeout=5)
        post = running.site.posts()[-1]
        connection.request("GET", post.path, headers={"Host": f"fr.eureporter.test:{running.port}"})
        response = connection.getresponse()
        body = response.read()
        connection.close()
    assert response.status == 200
    assert b"entry-content" in body
    assert b"mvp-content-main" not in body
    assert post.title("fr").replace("&", "&amp;").encode() in body
