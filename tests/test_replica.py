"""Tests of the offline EU Reporter replica: markup, languages, discovery endpoints, HTTP behaviour, editions."""

from __future__ import annotations

import gzip
import http.client
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING

import lxml.etree
import lxml.html
import py3langid
import pytest

from replica import Post, Replica, ReplicaConfig, RunningReplica
from replica.cli import main as cli_main
from replica.server import HttpServer

if TYPE_CHECKING:
    from collections.abc import Callable

    from tests.fixtures_replica import ReplicaFactory

ROOT = Path(__file__).resolve().parent.parent
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SEED_ID_PATH = "/kazakhstan-2/2023/11/14/kazakhstan-attends-first-central-asia-g7-ministerial-meeting/"


@pytest.fixture(scope="module")
def site() -> Replica:
    return Replica(ReplicaConfig(articles=200))


def fetch(
    running: RunningReplica, path: str, lang: str = "en", headers: dict[str, str] | None = None, method: str = "GET"
) -> tuple[int, http.client.HTTPMessage, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", running.port, timeout=10)
    host = f"{'www' if lang == 'en' else lang}.{running.domain}:{running.port}"
    connection.request(method, path, headers={"Host": host, **(headers or {})})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, response.headers, body


def get(site: Replica, path: str, lang: str = "en", **headers: str) -> tuple[int, dict[str, str], bytes]:
    status, response_headers, body = site.handle("GET", f"{'www' if lang == 'en' else lang}.eureporter.test:8080", path,
                                                 headers)  # fmt: skip
    return status, dict(response_headers), body


def html(body: bytes) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(body)


def by_year(site: Replica, test: Callable[[int], bool]) -> list[Post]:
    return [post for post in site.posts() if test(post.published.year)]


# --- Determinism and scale ------------------------------------------------------------------------------------------
def test_same_options_give_byte_identical_responses(site: Replica) -> None:
    twin = Replica(ReplicaConfig(articles=200))
    posts = site.posts()
    paths = [posts[0].path, posts[-1].path, posts[len(posts) // 2].path, "/", "/page/3/", "/category/world/",
             "/world/page/2/", "/tag/full-image/", "/author/colin-stevens/", "/feed/", "/robots.txt", "/wp-sitemap.xml",
             "/wp-sitemap-posts-post-1.xml", "/about/", "/no-such-page/", posts[5].meta.feat_image]  # fmt: skip
    for lang in site.languages:
        for path in paths:
            for encoding in ("gzip", "identity"):
                request = {"Accept-Encoding": encoding}
                assert site.handle("GET", f"{lang}.eureporter.test:1", path, request) == twin.handle(
                    "GET", f"{lang}.eureporter.test:1", path, request
                ), (lang, path, encoding)


def test_twenty_thousand_articles_start_fast_and_serve_both_ends() -> None:
    started = time.perf_counter()
    big = Replica(ReplicaConfig(articles=20000))
    assert time.perf_counter() - started < 1.0
    posts = big.posts()
    assert len(posts) == 20000
    assert posts[0].published.year == 2014
    for post in (posts[0], posts[-1]):
        status, _, body = get(big, post.path, "de")
        assert status == 200
        assert post.title("de").replace("&", "&amp;").encode() in body


# --- Article markup -------------------------------------------------------------------------------------------------
SKELETON = [
    "//div[@id='mvp-fly-wrap']",
    "//span[@class='mvp-fly-soc-head']",
    "//header[@id='mvp-main-head-wrap']",
    "//article[@id='mvp-article-wrap'][@itemtype='http://schema.org/NewsArticle']",
    "//h3[contains(@class,'mvp-post-cat')]/a[@class='mvp-post-cat-link']/span[contains(@class,'mvp-post-cat')]",
    "//h1[contains(@class,'mvp-post-title')][contains(@class,'entry-title')][@itemprop='headline']",
    "//div[@class='mvp-author-info-date left relative']",
    "//time[@itemprop='datePublished']",
    "//div[@id='mvp-post-feat-img']//span[@class='mvp-feat-caption']",
    "//div[@id='mvp-content-main']",
    "//div[@id='mvp-content-main']/p",
    "//span[@class='mvp-ad-label']",
    "//div[@id='mvp-content-bot']//span[@class='mvp-post-tags-header']",
    "//div[@id='mvp-prev-next-wrap']",
    "//div[@class='mvp-cont-read-wrap']",
    "//div[@id='mvp-related-posts']",
    "//div[@id='mvp-comments-button']",
    "//div[@id='mvp-post-add-box']//div[contains(@class,'mvp-post-add-story')]//p",
    "//aside[@id='mvp-side-wrap']",
    "//div[@id='mvp-post-more-wrap']//ul[contains(@class,'mvp-post-more-list')]/li",
    "//footer[@id='mvp-foot-wrap']//div[@id='mvp-foot-copy']",
]


def test_article_has_every_skeleton_block_in_order(site: Replica) -> None:
    for post in (site.posts()[-1], by_year(site, lambda y: y <= 2020)[-1], by_year(site, lambda y: y == 2022)[0]):
        doc = html(get(site, post.path)[2])
        order = {element: i for i, element in enumerate(doc.iter())}
        positions = []
        for xpath in SKELETON:
            found = doc.xpath(xpath)
            assert found, f"{xpath} missing on {post.path}"
            positions.append(order[found[0]])
        assert positions == sorted(positions), post.path
        body = doc.xpath("//body")[0]
        assert body[0].get("id") == "mvp-fly-wrap"
        # The first text outside navigation menus is the fly-out menu heading (ANATOMY §4, seed line 1).
        texts = [t.strip() for t in body.xpath(".//text()[not(ancestor::nav)]") if t.strip()]
        assert texts[0] == "Connect with us"
        assert doc.xpath("string(//h1[@itemprop='headline'])") == post.title("en")
        assert doc.xpath("//title")[0].text == f"{post.title('en')} - EU Reporter"
        main_text = [p.text_content() for p in doc.xpath("//div[@id='mvp-content-main']/p")]
        for paragraph in post.paragraphs("en")[:3]:
            assert paragraph in main_text or paragraph in doc.xpath("string(//div[@id='mvp-content-main'])")


def test_era_variants_of_share_consent_disclaimer_and_byline(site: Replica) -> None:
    old, middle, new = by_year(site, lambda y: y <= 2020), by_year(site, lambda y: y in (2021, 2022)), \
        by_year(site, lambda y: y >= 2023)  # fmt: skip
    for post in old:
        doc = html(get(site, post.path)[2])
        assert not doc.xpath("//span[@class='mvp-post-soc-label']")
        assert "We use your sign-up" not in doc.xpath("string(//div[@id='mvp-content-main'])")
        assert doc.xpath("//div[@id='mvp-content-main']/p[last()]/em")  # disclaimer as the last paragraph
    for post in middle:
        first = html(get(site, post.path)[2]).xpath("//div[@id='mvp-content-main']/*[1]")[0]
        assert first.tag == "p"
        assert first.text.startswith("We use your sign-up")
    for post in new:
        doc = html(get(site, post.path)[2])
        assert doc.xpath("string(//span[@class='mvp-post-soc-label'])") == "SHARE:"
        assert doc.xpath("//div[@id='mvp-content-main']/div[@class='eur-newsletter-signup']/form")
        assert doc.xpath("//div[@id='mvp-content-main']/following-sibling::div[@class='eur-disclaimer']")
    with_author = [post for post in site.posts() if post.author]
    without = [post for post in site.posts() if not post.author]
    assert with_author
    assert without
    doc = html(get(site, with_author[0].path)[2])
    link = doc.xpath("//span[contains(@class,'author-name')]/a")[0]
    assert link.text == with_author[0].author
    assert link.get("href").endswith(f"/author/{with_author[0].meta.author}/")
    assert not html(get(site, without[0].path)[2]).xpath("//div[contains(@class,'mvp-author-info-name')]")


def test_label_can_differ_from_permalink_category_and_titles_are_escaped(site: Replica) -> None:
    assert any(post.meta.label_path != post.category_path for post in site.posts())
    belgium = site.post_by_path("/politics/2020/12/14/belgian-government-is-less-than-transparent-on-5g-law/")
    assert belgium is not None
    assert belgium.category_label("en") == "Belgium"
    assert belgium.author == "Colin Stevens"
    ampersand = next(post for post in Replica(ReplicaConfig(articles=2000)).posts() if "&" in post.title("en"))
    body = get(Replica(ReplicaConfig(articles=2000)), ampersand.path)[2].decode()
    assert ampersand.title("en").replace("&", "&amp;") in body
    assert html(body.encode()).xpath("string(//h1)") == ampersand.title("en")


def test_seed_article_of_the_indonesian_edition(site: Replica) -> None:
    post = site.post_by_path(SEED_ID_PATH)
    assert post is not None
    doc = html(get(site, SEED_ID_PATH, "id")[2])
    assert (
        doc.xpath("string(//h1)") == "Kazakhstan menghadiri pertemuan tingkat menteri 'Asia Tengah – G7' yang pertama"
    )
    assert doc.xpath("string(//span[@class='mvp-post-soc-label'])") == "SAHAM:"
    paragraphs = post.paragraphs("id")
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("Wakil Menteri Luar Negeri Kazakhstan Roman Vassilenko")
    assert "Eropa. dan Asia." in paragraphs[0]
    assert "belum tentu milik Reporter UE." in doc.xpath("string(//div[@class='eur-disclaimer'])")
    assert doc.xpath("string(//span[@class='mvp-post-cat left'])") == "Kazakhstan"


def test_boilerplate_never_leaks_into_paragraphs(site: Replica) -> None:
    for lang in site.languages:
        strings = [s for s in site.boilerplate(lang) if len(s) > 3]
        assert "Connect with us" in site.boilerplate("en")
        assert "on" in site.boilerplate(lang)
        for post in site.posts()[::25]:
            for paragraph in post.paragraphs(lang):
                assert not any(string == paragraph for string in strings)


def test_static_pages_are_not_articles(site: Replica) -> None:
    for path in ("/about/", "/terms-and-conditions/"):
        status, _, body = get(site, path)
        doc = html(body)
        assert status == 200
        assert not doc.xpath("//div[@id='mvp-content-main']")
        assert doc.xpath("//div[@id='mvp-fly-wrap']")
    assert "Updated 31/10/2019" in get(site, "/terms-and-conditions/")[2].decode()


# --- Languages ------------------------------------------------------------------------------------------------------
def test_every_edition_links_every_other_and_points_canonical_to_www(site: Replica) -> None:
    post = site.posts()[-3]
    for lang in site.languages:
        doc = html(get(site, post.path, lang)[2])
        alternates = {
            link.get("hreflang"): link.get("href") for link in doc.xpath("//link[@rel='alternate'][@hreflang]")
        }
        assert set(alternates) == {*site.languages, "x-default"}
        assert alternates["fr"] == f"http://fr.eureporter.test:8080{post.path}"
        assert doc.xpath("//link[@rel='canonical']")[0].get("href") == f"http://www.eureporter.test:8080{post.path}"
        assert doc.get("lang").startswith(lang)
        assert doc.xpath("string(//h1)") == post.title(lang)


def test_body_text_is_detected_as_the_edition_language(site: Replica) -> None:
    posts = site.posts()
    sample = posts[:: max(1, len(posts) // 20)] + [post for post in posts if post.seed]
    for lang in site.languages:
        for post in sample:
            text = " ".join(post.paragraphs(lang))
            assert py3langid.classify(text)[0] == lang, (lang, post.path, text[:200])


def test_translated_ui_keeps_the_observed_defects(site: Replica) -> None:
    post = by_year(site, lambda y: y >= 2023)[-1]
    labels = {lang: html(get(site, post.path, lang)[2]) for lang in ("it", "de", "fr", "id")}
    assert labels["it"].xpath("string(//span[@class='mvp-post-soc-label'])") == "SHARE:"
    assert labels["de"].xpath("string(//span[@class='mvp-post-soc-label'])") == "SHARE:"
    assert labels["fr"].xpath("string(//span[@class='mvp-post-soc-label'])") == "PARTAGEZ:"
    for doc in labels.values():
        assert doc.xpath("//div[@class='mvp-author-info-date left relative']/p")[1].text == "on"
    assert labels["de"].xpath("string(//span[@class='mvp-fly-soc-head'])") == "Vernetzen Sie sich mit uns"


# --- Discovery endpoints --------------------------------------------------------------------------------------------
def test_feed_is_rss_with_full_text_and_validators(site: Replica) -> None:
    status, headers, body = get(site, "/feed/", "fr")
    assert status == 200
    assert headers["Content-Type"].startswith("application/rss+xml")
    root = lxml.etree.fromstring(body)
    namespaces = {"content": "http://purl.org/rss/1.0/modules/content/", "dc": "http://purl.org/dc/elements/1.1/"}
    items = root.xpath("/rss/channel/item")
    newest = site.posts()[::-1][:10]
    assert [item.findtext("link") for item in items] == [f"http://fr.eureporter.test:8080{p.path}" for p in newest]
    assert items[0].xpath("string(content:encoded)", namespaces=namespaces).count("<p>") >= 4
    assert re.fullmatch(r"\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d \+0000", items[0].findtext("pubDate"))
    assert headers["ETag"].startswith('"')
    assert "Last-Modified" in headers
    assert "ETag" not in get(site, newest[0].path)[1]
    assert "Last-Modified" not in get(site, "/")[1]


def test_conditional_feed_requests_get_304(site: Replica) -> None:
    _, headers, _ = get(site, "/feed/")
    for conditional in ({"If-None-Match": headers["ETag"]}, {"If-Modified-Since": headers["Last-Modified"]}):
        status, _, body = get(site, "/feed/", **conditional)
        assert status == 304
        assert body == b""
    assert get(site, "/feed/", **{"If-None-Match": '"stale"'})[0] == 200
    assert get(site, "/feed/", **{"If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"})[0] == 200


def test_sitemaps_list_every_post_once_with_lastmod(site: Replica) -> None:
    index = lxml.etree.fromstring(get(site, "/wp-sitemap.xml")[2])
    locations = index.xpath("//s:sitemap/s:loc/text()", namespaces=SITEMAP_NS)
    assert "http://www.eureporter.test:8080/wp-sitemap-posts-post-1.xml" in locations
    assert any("taxonomies-post_tag" in loc for loc in locations)
    assert any("users-1" in loc for loc in locations)
    urls = lxml.etree.fromstring(get(site, "/wp-sitemap-posts-post-1.xml")[2])
    entries = dict(zip(urls.xpath("//s:loc/text()", namespaces=SITEMAP_NS),
                       urls.xpath("//s:lastmod/text()", namespaces=SITEMAP_NS), strict=True))  # fmt: skip
    assert len(entries) == len(site.posts())
    post = site.posts()[7]
    expected = post.modified.astimezone(UTC).isoformat(timespec="seconds")
    assert entries[f"http://www.eureporter.test:8080{post.path}"] == expected
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", value) for value in entries.values())
    pages = get(site, "/wp-sitemap-posts-page-1.xml")[2].decode()
    assert "/terms-and-conditions/" in pages
    assert "/about/" in pages
    assert get(site, "/wp-sitemap-posts-post-2.xml")[0] == 404


def test_robots_disallows_linked_paths_and_names_the_sitemap(site: Replica) -> None:
    robots = get(site, "/robots.txt")[2].decode()
    assert "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n" in robots
    assert "Disallow: /wp-login.php" in robots
    assert "Disallow: /?s=" in robots
    assert "Sitemap: http://www.eureporter.test:8080/wp-sitemap.xml" in robots
    page = get(site, site.posts()[-1].path)[2].decode()
    assert 'href="http://www.eureporter.test:8080/wp-login.php"' in page
    assert 'href="http://www.eureporter.test:8080/?s="' in page


def test_category_pagination_reaches_every_post_exactly_once(site: Replica) -> None:
    members = site.corpus.indexes.categories["world"]
    seen: list[str] = []
    path: str | None = "/category/world/"
    while path:
        doc = html(get(site, path)[2])
        seen += [a.get("href") for a in doc.xpath("//li[contains(@class,'mvp-blog-story-wrap')]/a")]
        excerpts = doc.xpath("//li[contains(@class,'mvp-blog-story-wrap')]//p/text()")
        assert all(text.endswith("...") and 25 <= len(text.split()) <= 27 for text in excerpts)
        following = doc.xpath("//a[@class='next page-numbers']/@href")
        path = following[0].removeprefix("http://www.eureporter.test:8080") if following else None
    assert Counter(seen) == Counter(f"http://www.eureporter.test:8080{post.path}" for post in members)
    last = -(-len(members) // 10)
    assert get(site, f"/world/page/{last}/")[0] == 200
    assert get(site, f"/world/page/{last + 1}/")[0] == 404
    assert get(site, "/category/world/page/1/")[1]["Location"] == "http://www.eureporter.test:8080/category/world/"


def test_tag_author_and_home_archives(site: Replica) -> None:
    tagged = site.corpus.indexes.tags["full-image"]
    assert len(tagged) > len(site.posts()) / 2
    doc = html(get(site, "/tag/full-image/page/2/")[2])
    assert len(doc.xpath("//li[contains(@class,'mvp-blog-story-wrap')]")) == 10
    assert doc.xpath("//a[@class='page-numbers']")
    assert doc.xpath("//a[@class='prev page-numbers']")
    assert get(site, "/author/colin-stevens/")[0] == 200
    assert get(site, "/author/nobody/")[0] == 404
    home = html(get(site, "/")[2])
    assert home.xpath("//li[contains(@class,'mvp-blog-story-wrap')]/a/@href")[0].endswith(site.posts()[-1].path)


# --- HTTP behaviour -------------------------------------------------------------------------------------------------
def test_trailing_slash_query_string_and_host_handling(site: Replica) -> None:
    post = site.posts()[-1]
    status, headers, _ = get(site, post.path.rstrip("/"))
    assert status == 301
    assert headers["Location"] == f"http://www.eureporter.test:8080{post.path}"
    assert get(site, post.path + "?ref=news.dyne.org&utm_source=x")[2] == get(site, post.path)[2]
    assert site.handle("GET", "eureporter.test:8080", "/x/", {})[0] == 301
    assert site.handle("GET", "ru.eureporter.test:8080", "/", {})[0] == 404
    assert site.handle("GET", "example.org", "/", {})[0] == 404
    assert site.handle("POST", "www.eureporter.test", "/", {})[0] == 405
    assert get(site, f"/?p={post.id}")[1]["Location"].endswith(post.path)


def test_not_found_uses_the_theme(site: Replica) -> None:
    status, _, body = get(site, "/politics/2026/11/20/no-such-post/", "it")
    doc = html(body)
    assert status == 404
    assert doc.xpath("//div[@id='mvp-fly-wrap']")
    assert doc.xpath("//footer[@id='mvp-foot-wrap']")
    assert doc.xpath("string(//div[@id='mvp-404']/h1)") == "404"


def test_uploads_are_small_valid_jpegs(site: Replica) -> None:
    status, headers, body = get(site, site.posts()[-1].meta.feat_image)
    assert status == 200
    assert headers["Content-Type"] == "image/jpeg"
    assert body[:2] == b"\xff\xd8"
    assert body[-2:] == b"\xff\xd9"
    assert 200 < len(body) < 1000


def test_server_keep_alive_gzip_chunked_and_head(replica: RunningReplica) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", replica.port, timeout=10)
    host = f"www.{replica.domain}:{replica.port}"
    post = replica.site.posts()[-1]
    connection.request("GET", post.path, headers={"Host": host, "Accept-Encoding": "gzip"})
    first = connection.getresponse()
    compressed = first.read()
    assert first.getheader("Content-Encoding") == "gzip"
    assert first.getheader("Content-Length")
    assert first.getheader("Vary") == "Accept-Encoding"
    assert len(first.headers.get_all("Set-Cookie")) == 2
    connection.request("GET", post.path, headers={"Host": host})
    second = connection.getresponse()
    assert gzip.decompress(compressed) == second.read()
    assert second.getheader("Content-Encoding") is None
    connection.request("GET", "/category/world/", headers={"Host": host})
    listing = connection.getresponse()
    assert listing.getheader("Transfer-Encoding") == "chunked"
    assert b"mvp-blog-story-list" in listing.read()
    connection.request("HEAD", "/", headers={"Host": host})
    head = connection.getresponse()
    assert head.status == 200
    assert head.read() == b""
    connection.request("GET", "/robots.txt", headers={"Host": host})
    assert connection.getresponse().read().startswith(b"User-agent: *")
    connection.close()


def test_server_survives_clients_that_disconnect(replica: RunningReplica) -> None:
    import socket

    for _ in range(3):
        with socket.create_connection(("127.0.0.1", replica.port)) as raw:
            raw.sendall(b"GET / HTTP/1.1\r\nHost: www." + replica.domain.encode() + b"\r\n")
    assert fetch(replica, "/")[0] == 200


def test_fetches_language_editions_over_http(replica: RunningReplica) -> None:
    post = replica.site.posts()[-2]
    status, _, body = fetch(replica, post.path, "tl")
    assert status == 200
    assert post.title("tl").encode() in body
    assert fetch(replica, "/", "xx")[0] == 404


# --- Editions -------------------------------------------------------------------------------------------------------
def test_edition_two_adds_and_edits_posts_and_leaves_the_rest_byte_identical() -> None:
    first, second = Replica(ReplicaConfig(articles=200)), Replica(ReplicaConfig(articles=200, edition=2))
    new, edited = second.new_posts(), second.edited_posts()
    assert len(new) == 10
    assert len(edited) == 3
    assert not first.new_posts()
    assert not first.edited_posts()
    assert [p.path for p in second.posts()[:200]] == [p.path for p in first.posts()]
    for post in new:
        assert get(first, post.path)[0] == 404
        assert get(second, post.path)[0] == 200
    for post in edited:
        before = first.post_by_path(post.path)
        assert before is not None
        assert post.modified > before.modified
        assert post.paragraphs("en") != before.paragraphs("en")
        assert post.paragraphs("fr") != before.paragraphs("fr")
        page = html(get(second, post.path)[2])
        assert page.xpath("//meta[@property='article:modified_time']/@content")[0] == post.modified.isoformat()
        assert post.modified.strftime("%Y-%m-%d") in get(second, "/wp-sitemap-posts-post-1.xml")[2].decode()
    changed = {post.path for post in edited}
    unchanged = [post for post in first.posts() if post.path not in changed][-40:]
    for post in unchanged:
        for lang in ("en", "de", "id"):
            # Only the Date header moves: it is each edition's simulated "now".
            before_status, _, before_body = get(first, post.path, lang)
            assert (before_status, before_body) == get(second, post.path, lang)[::2], (post.path, lang)
    assert get(first, "/feed/")[2] != get(second, "/feed/")[2]
    assert get(first, "/feed/")[1]["ETag"] != get(second, "/feed/")[1]["ETag"]


def test_later_editions_keep_accumulating(replica_factory: ReplicaFactory) -> None:
    with replica_factory(articles=60, edition=4, languages=("en", "fr")) as running:
        site = running.site
        assert len(site.posts()) == 90
        assert len(site.new_posts(since=3)) == 10
        assert len(site.edited_posts()) >= 3
        assert site.languages == ("en", "fr")
        assert fetch(running, site.posts()[-1].path, "fr")[0] == 200
        assert fetch(running, "/", "de")[0] == 404


# --- Command line ---------------------------------------------------------------------------------------------------
def test_cli_prints_ready_line_serves_and_stops_on_sigterm() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "replica", "serve", "--port", "0", "--articles", "60", "--languages", "en,fr"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        match = re.fullmatch(r"ready http://www\.eureporter\.test:(\d+)/", line)
        assert match, line
        connection = http.client.HTTPConnection("127.0.0.1", int(match.group(1)), timeout=10)
        connection.request("GET", "/feed/", headers={"Host": f"fr.eureporter.test:{match.group(1)}"})
        assert connection.getresponse().status == 200
        connection.close()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()


def test_cli_rejects_bad_options() -> None:
    assert cli_main(["serve", "--languages", "en,xx"]) == 2
    assert cli_main(["serve", "--articles", "0"]) == 2
    assert cli_main(["nonsense"]) == 2


def test_http_server_serves_any_handler() -> None:
    import asyncio

    async def scenario() -> int:
        server = HttpServer(lambda method, host, target, headers: (200, [("Content-Length", "2")], b"ok"))
        await server.start()
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        writer.write(b"GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = await reader.read()
        writer.close()
        await server.close()
        return data.count(b"HTTP/1.1 200 OK")

    assert asyncio.run(scenario()) == 2
