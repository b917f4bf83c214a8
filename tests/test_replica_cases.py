"""The replica's cases for incremental and fail-loud crawling: sitemap modes, edits at realistic ages and the exact set
of changed pages, per-page HTTP validators, the site's clock, the new traps (interstitials, impossible date, equivalent
URLs, endless listings), the challenge block and the zox-renamed layout."""

from __future__ import annotations

import errno
import http.client
import re
import socket
import subprocess
import sys
from collections import Counter
from datetime import UTC, timedelta
from pathlib import Path

import lxml.etree
import lxml.html
import pytest

from replica import Replica, ReplicaConfig, running_replica
from replica.cli import _parser
from replica.cli import main as cli_main
from replica.clock import http_date, iso
from replica.endless import ARCHIVE_MONTHS
from replica.renamed import variant
from replica.traps import (
    IMPOSSIBLE_DATE_PATH,
    INTERSTITIAL_REQUESTS,
    TRAPS,
    equivalent_spellings,
    trap_path,
)

ROOT = Path(__file__).resolve().parent.parent
HOST = "www.eureporter.test:8080"
WWW = "http://www.eureporter.test:8080"
SITEMAP_PATHS = ("/wp-sitemap.xml", "/wp-sitemap-posts-post-1.xml", "/wp-sitemap-posts-page-1.xml",
                 "/wp-sitemap-taxonomies-category-1.xml", "/wp-sitemap-users-1.xml", "/sitemap_index.xml")  # fmt: skip


def get(site: Replica, path: str, host: str = HOST, **headers: str) -> tuple[int, dict[str, str], bytes]:
    status, response_headers, body = site.handle("GET", host, path, headers)
    return status, dict(response_headers), body


def host_of(lang: str) -> str:
    return f"{'www' if lang == 'en' else lang}.eureporter.test:8080"


# --- 1. Sitemaps ----------------------------------------------------------------------------------------------------
def test_sitemaps_default_to_full_with_lastmod() -> None:
    site = Replica(ReplicaConfig(articles=30))
    assert site.config.sitemaps == "full"
    assert b"<lastmod>" in get(site, "/wp-sitemap-posts-post-1.xml")[2]
    assert b"Sitemap: " in get(site, "/robots.txt")[2]


def test_no_lastmod_sitemaps_list_every_post_without_lastmod() -> None:
    full, bare = (Replica(ReplicaConfig(articles=30, sitemaps=mode)) for mode in ("full", "no-lastmod"))
    for path in ("/wp-sitemap-posts-post-1.xml", "/wp-sitemap-posts-page-1.xml"):
        status, _, body = get(bare, path)
        assert status == 200
        assert b"lastmod" not in body
        locs = lxml.etree.fromstring(body).xpath("//*[local-name()='loc']/text()")
        assert locs == lxml.etree.fromstring(get(full, path)[2]).xpath("//*[local-name()='loc']/text()")
    assert len(lxml.etree.fromstring(get(bare, "/wp-sitemap-posts-post-1.xml")[2])) == 30
    assert get(bare, "/robots.txt") == get(full, "/robots.txt")
    assert get(bare, "/wp-sitemap.xml") == get(full, "/wp-sitemap.xml")


def test_no_sitemaps_means_theme_404s_and_no_sitemap_line() -> None:
    site = Replica(ReplicaConfig(articles=30, sitemaps="none"))
    robots = get(site, "/robots.txt")[2].decode()
    assert "Sitemap" not in robots
    assert "Disallow: /wp-login.php" in robots
    assert robots.endswith("Disallow: /search/\n")
    for path in SITEMAP_PATHS:
        status, headers, body = get(site, path)
        assert status == 404, path
        assert headers["Content-Type"].startswith("text/html")
        assert lxml.html.fromstring(body).xpath("//div[@id='mvp-404']"), path
    # Everything else is the same site.
    full = Replica(ReplicaConfig(articles=30))
    for path in ("/", "/feed/", full.posts()[-1].path, "/world/"):
        assert get(site, path) == get(full, path), path


def test_no_sitemaps_in_trap_mode_removes_the_trap_sitemaps_too() -> None:
    site = Replica(ReplicaConfig(articles=30, sitemaps="none", traps=True))
    robots = get(site, "/robots.txt")[2].decode()
    assert "Sitemap" not in robots
    assert f"Disallow: {trap_path('robots-disallowed')}" in robots
    for path in (*SITEMAP_PATHS, "/wp-sitemap-trap-articles-1.xml", "/wp-sitemap-trap-loop.xml"):
        assert get(site, path)[0] == 404, path
    # The article traps are still linked from the listings and the feed.
    assert (WWW + trap_path("challenge")).encode() in get(site, "/feed/")[2]


def test_no_lastmod_in_trap_sitemaps() -> None:
    site = Replica(ReplicaConfig(articles=30, sitemaps="no-lastmod", traps=True))
    for path in ("/wp-sitemap-trap-wrongns-1.xml", "/wp-sitemap-trap-huge-1.xml"):
        assert b"lastmod" not in get(site, path)[2], path


# --- 2. Edits at realistic ages, and what changes -------------------------------------------------------------------
def test_edits_thin_out_with_age_three_a_day() -> None:
    site = Replica(ReplicaConfig(articles=2000, edition=200))
    ages = [age for post in site.posts() for age in post.edit_ages]
    assert len(ages) == 3 * 199
    buckets = Counter("week" if age <= 7 else "fortnight" if age <= 14 else "weeks" for age in ages)
    assert all(1 <= age <= 42 for age in ages)
    assert not [age for age in ages if 14 < age < 21]
    assert buckets["week"] > 0.6 * len(ages)
    assert 0.08 * len(ages) < buckets["fortnight"] < 0.25 * len(ages)
    assert 0.04 * len(ages) < buckets["weeks"] < 0.2 * len(ages)
    days = Counter(edit.day for post in site.posts() for edit in post.edits)
    assert set(days.values()) == {3}
    # The same edition number gives the same edits.
    twin = Replica(ReplicaConfig(articles=2000, edition=200))
    assert [(p.id, p.edits) for p in twin.posts() if p.edits] == [(p.id, p.edits) for p in site.posts() if p.edits]


def test_small_replicas_still_edit_three_posts_a_day() -> None:
    site = Replica(ReplicaConfig(articles=80, edition=9))
    days = Counter(edit.day for post in site.posts() for edit in post.edits)
    assert len(days) == 8
    assert set(days.values()) == {3}
    assert all(post.day < edit.day for post in site.posts() for edit in post.edits)


def test_an_edit_changes_only_the_text_and_the_modified_time() -> None:
    before, after = (Replica(ReplicaConfig(articles=300, edition=k)) for k in (1, 2))
    for post in after.edited_posts():
        old = before.post_by_path(post.path)
        assert old is not None
        assert post.modified > old.modified
        assert post.paragraphs("en") != old.paragraphs("en")
        for lang in ("en", "de"):
            old_page, new_page = (
                get(before, post.path, host_of(lang))[2].decode(),
                get(after, post.path, host_of(lang))[2].decode(),
            )
            new_doc = lxml.html.fromstring(new_page)
            assert new_doc.xpath("//meta[@property='article:modified_time']/@content") == [iso(post.modified)]
            assert f'"dateModified":"{iso(post.modified)}"' in new_page
            assert new_doc.xpath("//meta[@itemprop='dateModified']/@content") == [f"{post.modified:%Y-%m-%d}"]

            def masked(page: str, modified: str, day: str) -> str:
                start, end = page.index('<div id="mvp-content-main"'), page.index('<div id="mvp-content-bot"')
                page = page[:start] + "BODY" + page[end:]
                for old, new in ((f'"article:modified_time" content="{modified}"', "MODIFIED"),
                                 (f'"dateModified":"{modified}"', "MODIFIED"),
                                 (f'itemprop="dateModified" content="{day}"', "DAY")):  # fmt: skip
                    assert page.count(old) == 1, old
                    page = page.replace(old, new)
                return page

            assert masked(old_page, iso(old.modified), f"{old.modified:%Y-%m-%d}") == masked(
                new_page, iso(post.modified), f"{post.modified:%Y-%m-%d}"
            ), (post.path, lang)
        # The description and the listing excerpt are those of the post as first published.
        assert post.excerpt("en") == old.excerpt("en")
        sitemap = get(after, "/wp-sitemap-posts-post-1.xml")[2].decode()
        lastmod = post.modified.astimezone(UTC).isoformat(timespec="seconds")
        assert f"<loc>{WWW}{post.path}</loc><lastmod>{lastmod}</lastmod>" in sitemap


@pytest.mark.parametrize("edition", [2, 5, 9])
def test_changed_articles_is_exactly_the_pages_whose_bytes_differ(edition: int) -> None:
    languages = ("en", "fr")
    previous = Replica(ReplicaConfig(articles=120, edition=edition - 1, languages=languages))
    current = Replica(ReplicaConfig(articles=120, edition=edition, languages=languages))
    differ = set()
    for post in current.posts():
        old = previous.post_by_path(post.path)
        for lang in languages:
            if old is None or get(previous, old.path, host_of(lang))[2] != get(current, post.path, host_of(lang))[2]:
                differ.add((post.url(lang, current.base(lang, 8080)), lang))
    assert differ == current.changed_articles(port=8080)
    assert len(differ) == (10 + len(current.edited_posts(edition - 1))) * len(languages)
    assert {p.path for p in current.changed_posts()} == {urlsplit_path(url) for url, _ in differ}
    # Since an older edition: the union of every day's changes.
    union = set().union(*(Replica(ReplicaConfig(articles=120, edition=k, languages=languages)).changed_articles(
        port=8080) for k in range(2, edition + 1)))  # fmt: skip
    assert current.changed_articles(since=1, port=8080) == union
    assert len(current.changed_articles(since=0)) == len(current.posts()) * len(languages)


def urlsplit_path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


# --- 3. Validators on HTML pages ------------------------------------------------------------------------------------
def test_html_pages_have_no_validators_by_default() -> None:
    site = Replica(ReplicaConfig(articles=30))
    for path in (site.posts()[-1].path, "/", "/world/"):
        _, headers, _ = get(site, path)
        assert "ETag" not in headers
        assert "Last-Modified" not in headers


def test_validators_give_articles_etag_and_last_modified_and_304s() -> None:
    site = Replica(ReplicaConfig(articles=60, validators=True))
    post = site.posts()[-3]
    status, headers, body = get(site, post.path)
    assert status == 200
    etag, last_modified = headers["ETag"], headers["Last-Modified"]
    assert re.fullmatch(r'W/"[0-9a-f]{32}"', etag)
    assert last_modified == http_date(post.modified)
    # One ETag whatever the encoding: the page's own bytes decide.
    assert get(site, post.path, **{"Accept-Encoding": "gzip"})[1]["ETag"] == etag
    assert get(site, post.path, host_of("fr"))[1]["ETag"] != etag
    for conditional in ({"If-None-Match": etag}, {"If-None-Match": etag.removeprefix("W/")},
                        {"If-None-Match": f'"other", {etag}'}, {"If-None-Match": "*"},
                        {"If-Modified-Since": last_modified},
                        {"If-Modified-Since": http_date(post.modified + timedelta(days=3))}):  # fmt: skip
        status, not_modified, empty = get(site, post.path, **conditional)
        assert (status, empty) == (304, b""), conditional
        assert not_modified["ETag"] == etag
        assert not_modified["Last-Modified"] == last_modified
    for fresh in ({"If-None-Match": '"stale"'}, {"If-Modified-Since": http_date(post.modified - timedelta(seconds=1))},
                  {"If-None-Match": '"stale"', "If-Modified-Since": last_modified}):  # fmt: skip
        assert get(site, post.path, **fresh)[0] == 200, fresh
    assert site.handle("HEAD", HOST, post.path, {"If-None-Match": etag})[0] == 304
    assert get(site, post.path)[2] == body


def test_validators_on_listings_404s_and_the_feed() -> None:
    site = Replica(ReplicaConfig(articles=60, validators=True))
    plain = Replica(ReplicaConfig(articles=60))
    _, headers, _ = get(site, "/world/")
    assert "ETag" in headers
    assert "Last-Modified" not in headers
    assert get(site, "/world/", **{"If-None-Match": headers["ETag"]})[0] == 304
    assert "ETag" not in get(site, "/no-such-page/")[1]
    assert "ETag" not in get(site, "/robots.txt")[1]
    # The feed keeps its site-wide validators.
    assert get(site, "/feed/")[1]["ETag"] == get(plain, "/feed/")[1]["ETag"]


def test_etags_stay_while_the_page_does_not_change_across_editions() -> None:
    first, second = (Replica(ReplicaConfig(articles=80, edition=k, validators=True)) for k in (1, 2))
    edited = {post.path for post in second.edited_posts()}
    for post in first.posts():
        old, new = get(first, post.path)[1], get(second, post.path)[1]
        if post.path in edited:
            assert old["ETag"] != new["ETag"]
            assert old["Last-Modified"] != new["Last-Modified"]
            assert get(second, post.path, **{"If-None-Match": old["ETag"]})[0] == 200
        else:
            assert (old["ETag"], old["Last-Modified"]) == (new["ETag"], new["Last-Modified"]), post.path
            assert get(second, post.path, **{"If-None-Match": old["ETag"]})[0] == 304


# --- 3b. Feeds in modification order, as WordPress core serves them ---------------------------------------------------
ATOM = "{http://www.w3.org/2005/Atom}"


def atom_entries(body: bytes) -> list[tuple[str, str, str]]:
    """(link, updated, published) of each entry of an Atom feed."""
    root = lxml.etree.fromstring(body)
    assert root.tag == f"{ATOM}feed"
    return [
        (entry.find(f"{ATOM}link").get("href"), entry.findtext(f"{ATOM}updated"), entry.findtext(f"{ATOM}published"))
        for entry in root.iter(f"{ATOM}entry")
    ]


def test_atom_feed_honours_orderby_modified_and_paged() -> None:
    site = Replica(ReplicaConfig(articles=60, edition=5))
    status, headers, body = get(site, "/feed/atom/")
    assert status == 200
    assert headers["Content-Type"].startswith("application/atom+xml")
    assert "ETag" in headers  # the site-wide feed validators
    by_date = atom_entries(body)
    assert [link for link, *_ in by_date] == [WWW + p.path for p in site.posts()[::-1][:10]]
    # ?orderby=modified&order=DESC: the most recently modified first, edited posts among them, 10 a page.
    newest_edits = sorted(site.posts(), key=lambda p: (p.modified, p.id), reverse=True)
    pages = [atom_entries(get(site, f"/feed/atom/?orderby=modified&order=DESC&paged={n}")[2]) for n in (1, 2)]
    assert [link for page in pages for link, *_ in page] == [WWW + p.path for p in newest_edits[:20]]
    assert [updated for page in pages for _, updated, _ in page] == [
        p.modified.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") for p in newest_edits[:20]
    ]
    edited = {WWW + p.path for p in site.edited_posts()}
    assert edited & {link for link, *_ in pages[0]}
    assert not edited & {link for link, *_ in by_date}
    assert atom_entries(get(site, "/feed/atom/?orderby=modified&order=DESC&paged=99")[2]) == []
    # Unknown values fall back to WordPress' defaults; category feeds too; the RSS feed reads the same query vars.
    assert atom_entries(get(site, "/feed/atom/?orderby=nonsense&order=sideways")[2]) == by_date
    assert get(site, "/world/feed/atom/")[0] == 200
    assert get(site, "/feed/?orderby=modified&order=DESC")[2] != get(site, "/feed/")[2]


def test_feed_queries_ignored_as_behind_a_page_cache() -> None:
    cached = Replica(ReplicaConfig(articles=60, edition=5, feed_queries=False))
    plain = get(cached, "/feed/atom/")[2]
    for query in ("?orderby=modified&order=DESC", "?orderby=modified&order=DESC&paged=2", "?paged=3"):
        assert get(cached, "/feed/atom/" + query)[2] == plain, query


def test_unavailable_share_of_article_pages_answers_503_always() -> None:
    site = Replica(ReplicaConfig(articles=200, languages=("en", "fr"), unavailable=0.1))
    healthy = Replica(ReplicaConfig(articles=200, languages=("en", "fr")))
    down = [post for post in site.posts() if get(site, post.path)[0] == 503]
    assert 5 <= len(down) <= 40
    for post in site.posts():
        status = get(site, post.path)[0]
        assert status == (503 if post in down else 200)
        assert get(site, post.path, host_of("fr"))[0] == status  # the same in every edition, every time
    for path in ("/", "/world/", "/feed/", "/robots.txt"):
        assert get(site, path) == get(healthy, path), path
    with pytest.raises(ValueError, match="unavailable"):
        ReplicaConfig(unavailable=1.5)


# --- 4. The site's clock --------------------------------------------------------------------------------------------
def test_date_header_is_the_editions_now() -> None:
    for edition in (1, 4):
        site = Replica(ReplicaConfig(articles=30, edition=edition))
        assert site.now == site.corpus.now
        assert site.now.hour == 20
        for path in ("/", "/feed/", "/no-such-page/", site.posts()[-1].path):
            assert get(site, path)[1]["Date"] == http_date(site.now)
    one, four = Replica(ReplicaConfig(articles=30)), Replica(ReplicaConfig(articles=30, edition=4))
    assert four.now - one.now == timedelta(days=3)
    assert max(post.modified for post in four.posts()) < four.now


# --- 5. Traps -------------------------------------------------------------------------------------------------------
@pytest.fixture
def trapped() -> Replica:
    return Replica(ReplicaConfig(articles=30, traps=True))


def test_interstitials_stand_in_for_the_first_request_then_the_article(trapped: Replica) -> None:
    for name in ("challenge", "consent-wall", "soft-404"):
        trap, path = TRAPS[name], TRAPS[name].paths[0]
        for _ in range(INTERSTITIAL_REQUESTS):
            status, headers, body = get(trapped, path)
            assert status == 200
            assert headers["Content-Type"].startswith("text/html")
            doc = lxml.html.fromstring(body)
            assert trap.title.encode() not in body
            assert not any(p.encode() in body for p in trap.paragraphs)
            assert not doc.xpath("//*[@id='mvp-content-main' or @id='mvp-article-wrap']")
            if name == "challenge":
                assert doc.xpath("string(//title)") == "Just a moment..."
                assert b"Checking your browser before accessing www.eureporter.test" in body
                assert b"window._cf_chl_opt" in body
                assert doc.xpath("//form[@id='challenge-form']")
                assert b"/cdn-cgi/challenge-platform/" in body
            elif name == "consent-wall":
                assert doc.xpath("string(//h2[@id='qc-cmp2-title'])") == "Before you continue"
                buttons = [b.text_content() for b in doc.xpath("//button")]
                assert "ACCEPT ALL" in buttons
                assert "REJECT ALL" in buttons
                assert doc.xpath("//header[@id='mvp-main-head-wrap']")  # the site's chrome around the wall
            else:
                assert doc.xpath("string(//div[@id='mvp-404']/h1)") == "404"
                assert "Page not found" in doc.xpath("string(//title)")
        status, _, body = get(trapped, path)
        assert status == 200
        doc = lxml.html.fromstring(body)
        assert doc.xpath("//h1/text()") == [trap.title]
        assert doc.xpath("//div[@id='mvp-content-main']/p/text()") == list(trap.paragraphs)
        assert get(trapped, path)[2] == body
        assert len(trapped.traps.requests(name)) == INTERSTITIAL_REQUESTS + 2  # type: ignore[union-attr]


def test_interstitials_count_per_server_process_over_http() -> None:
    path = trap_path("challenge")
    for _ in range(2):  # each server process starts its own count
        with running_replica(articles=5, languages=("en",), traps=True) as running:
            seen = []
            for _ in range(2):
                connection = http.client.HTTPConnection("127.0.0.1", running.port, timeout=5)
                connection.request("GET", path, headers={"Host": f"www.eureporter.test:{running.port}"})
                seen.append(b"Just a moment..." in connection.getresponse().read())
                connection.close()
            assert seen == [True, False]


def test_new_article_traps_are_linked_from_listings_feed_and_trap_sitemap(trapped: Replica) -> None:
    for name in ("challenge", "consent-wall", "soft-404", "impossible-date", "equivalent-urls"):
        url = TRAPS[name].urls(port=8080)[0]
        for path in ("/", "/world/", "/feed/", "/wp-sitemap-trap-articles-1.xml"):
            assert url.encode() in get(trapped, path)[2], (name, path)


def test_impossible_date_permalink_is_an_article_with_its_own_date(trapped: Replica) -> None:
    assert "/2026/02/30/" in IMPOSSIBLE_DATE_PATH
    status, _, body = get(trapped, IMPOSSIBLE_DATE_PATH)
    doc = lxml.html.fromstring(body)
    assert status == 200
    assert doc.xpath("//h1/text()") == [TRAPS["impossible-date"].title]
    assert doc.xpath("//time[@itemprop='datePublished']/@datetime") == ["2026-03-02"]
    sitemap = get(trapped, "/wp-sitemap-trap-articles-1.xml")[2].decode()
    assert f"<loc>{WWW}{IMPOSSIBLE_DATE_PATH}</loc>" in sitemap


def test_equivalent_urls_all_serve_the_same_article(trapped: Replica) -> None:
    trap = TRAPS["equivalent-urls"]
    canonical = trap.paths[0]
    reference = get(trapped, canonical)
    spellings = equivalent_spellings("eureporter.test", 8080, canonical)
    assert len(spellings) == 6
    assert not any(":80/" in url for url in spellings)
    assert any(url.startswith("http://WWW.EUREPORTER.TEST:8080/") for url in spellings)
    for needle in ("/./", "/world//", "?utm_source=x", "#comments", "%74rap%2Dequivalent"):
        assert any(needle in url for url in spellings), needle
    home = get(trapped, "/")[2].decode()
    for url in spellings:
        assert url.replace("&", "&amp;") in home, url
        rest = url.split("/", 3)[3]
        host = url.split("/")[2]
        # The fragment never reaches a server.
        status, _, body = get(trapped, "/" + rest.partition("#")[0], host)
        assert (status, body) == (reference[0], reference[2]), url
    on_80 = equivalent_spellings("eureporter.test", 80, canonical)
    assert on_80[0] == f"http://www.eureporter.test:80{canonical}"
    assert equivalent_spellings("eureporter.test", None, canonical)[0] == on_80[0]
    assert trapped.traps is not None
    assert len(trapped.traps.requests("equivalent-urls")) == 1 + len(spellings)


def test_port_80_links_carry_no_port_and_the_trap_links_carry_80() -> None:
    site = Replica(ReplicaConfig(articles=30, traps=True))
    assert site.base("en", 80) == "http://www.eureporter.test"
    for host in ("www.eureporter.test", "www.eureporter.test:80"):
        home = get(site, "/", host)[2].decode()
        assert f'href="http://www.eureporter.test{site.posts()[-1].path}"' in home
        assert "eureporter.test:80/" in home
        assert home.count(":80/") == 1  # only the trap's explicit default port
    try:
        probe = socket.socket()
        probe.bind(("127.0.0.1", 80))
        probe.close()
    except OSError as error:
        pytest.skip(f"cannot bind port 80 here ({errno.errorcode.get(error.errno, error)}): needs root")
    with running_replica(articles=10, languages=("en",), traps=True, port=80) as running:
        assert running.base_url == "http://www.eureporter.test"
        connection = http.client.HTTPConnection("127.0.0.1", 80, timeout=5)
        connection.request("GET", "/", headers={"Host": "www.eureporter.test"})
        body = connection.getresponse().read().decode()
        connection.request("GET", TRAPS["equivalent-urls"].paths[0], headers={"Host": "www.eureporter.test:80"})
        assert connection.getresponse().status == 200
        connection.close()
    assert f"http://www.eureporter.test:80{TRAPS['equivalent-urls'].paths[0]}" in body
    assert f'href="http://www.eureporter.test{running.site.posts()[-1].path}"' in body


def test_endless_category_pagination_never_ends(trapped: Replica) -> None:
    titles = {post.title("en") for post in trapped.posts()}
    for page in (1, 2, 3, 500, 123456):
        path = "/category/trap-endless/" + (f"page/{page}/" if page > 1 else "")
        status, _, body = get(trapped, path)
        doc = lxml.html.fromstring(body)
        assert status == 200, path
        assert doc.xpath("//a[@class='next page-numbers']/@href") == [f"{WWW}/category/trap-endless/page/{page + 1}/"]
        stories = doc.xpath("//li[contains(@class,'mvp-blog-story-wrap')]//h2/text()")
        assert len(stories) == 10
        assert set(stories) <= titles  # old articles, again and again
    assert (WWW + "/category/trap-endless/").encode() in get(trapped, "/")[2]


def test_events_calendar_and_month_archives_go_on_forever(trapped: Replica) -> None:
    path = "/events/2026/11/"
    for _ in range(30):
        doc = lxml.html.fromstring(get(trapped, path)[2])
        assert doc.xpath("//a[@rel='next']/@href")
        path = doc.xpath("//a[@rel='prev']/@href")[0].removeprefix(WWW)
    assert path == "/events/2024/05/"
    # The month archives in the pages' <nav>, each linking the twelve months before it.
    home = lxml.html.fromstring(get(trapped, "/")[2])
    months = home.xpath("//nav[contains(@class,'widget_archive')]//a/@href")
    assert months[:2] == [f"{WWW}/2026/11/", f"{WWW}/2026/10/"]
    assert len(months) == ARCHIVE_MONTHS
    path = "/2026/11/"
    for _ in range(40):
        status, _, body = get(trapped, path)
        assert status == 200
        doc = lxml.html.fromstring(body)
        assert len(doc.xpath("//li[contains(@class,'mvp-blog-story-wrap')]")) >= 1
        path = doc.xpath("//nav[contains(@class,'widget_archive')]//a/@href")[-1].removeprefix(WWW)
    assert re.fullmatch(r"/\d{4}/\d{2}/", path)
    assert path < "/1990/"
    assert get(trapped, "/0001/01/")[0] == 200
    assert get(trapped, "/2026/13/")[0] == 404


def test_calendar_parameter_pages_never_end(trapped: Replica) -> None:
    path = "/world/"
    for _ in range(5):
        status, _, body = get(trapped, path)
        assert status == 200
        doc = lxml.html.fromstring(body)
        assert doc.xpath("//li[contains(@class,'mvp-blog-story-wrap')]")
        path = doc.xpath("//nav[@class='wp-calendar-nav']//a[@rel='next']/@href")[0].removeprefix(WWW)
    assert path == "/world/?calendar=2027-04"
    assert get(trapped, "/world/?calendar=bad")[0] == 200  # the plain listing, as WordPress ignores it
    assert b"wp-calendar" not in get(trapped, "/world/?calendar=bad")[2]
    assert trapped.traps is not None
    assert len(trapped.traps.requests("endless-listing")) == 6  # the four ?calendar= pages and the bad ones
    plain = Replica(ReplicaConfig(articles=30))
    for path in ("/2026/11/", "/events/2026/11/", "/category/trap-endless/"):
        assert get(plain, path)[0] == 404, path


def test_trap_names_serve_only_the_named_traps() -> None:
    site = Replica(ReplicaConfig(articles=30, trap_names=("challenge", "endless-listing")))
    assert site.config.traps
    home = get(site, "/")[2]
    assert trap_path("challenge").encode() in home
    assert trap_path("gzip-bomb").encode() not in home
    assert get(site, trap_path("gzip-bomb"))[0] == 404
    assert get(site, "/category/trap-endless/page/9/")[0] == 200
    assert get(site, trap_path("challenge"))[0] == 200
    robots = get(site, "/robots.txt")[2].decode()
    assert "evil.example" not in robots
    assert "trap-robots-disallowed" not in robots
    assert b"javascript:" not in get(site, "/feed/")[2]
    with pytest.raises(ValueError, match="no-such-trap"):
        ReplicaConfig(trap_names=("no-such-trap",))


def test_block_with_challenge_answers_a_200_challenge_everywhere() -> None:
    site = Replica(ReplicaConfig(articles=10, block_user_agent="EUReporterArchiveBot", block_with="challenge"))
    bot = {"User-Agent": "EUReporterArchiveBot/0.1"}
    for path in ("/", "/robots.txt", site.posts()[0].path):
        status, headers, body = site.handle("GET", HOST, path, bot)
        assert status == 200
        assert b"<title>Just a moment...</title>" in body
        assert dict(headers)["Content-Type"].startswith("text/html")
    assert b"Just a moment" not in get(site, "/")[2]
    with pytest.raises(ValueError, match="block_with"):
        ReplicaConfig(block_with="teapot")


# --- 6. The zox-renamed layout --------------------------------------------------------------------------------------
def test_zox_renamed_keeps_the_zox_markers_without_the_body_container() -> None:
    from crawler.extraction.zox import find_content

    renamed, zox = Replica(ReplicaConfig(articles=60, layout="zox-renamed")), Replica(ReplicaConfig(articles=60))
    variants: Counter[str] = Counter()
    for post in renamed.posts()[-6:]:
        variants[variant(post)] += 1
        body = get(renamed, post.path)[2]
        doc = lxml.html.fromstring(body)
        assert not doc.xpath("//*[@id='mvp-content-main']")
        assert find_content(doc) is None
        for xpath in ("//article[@id='mvp-article-wrap']", "//header[@id='mvp-main-head-wrap']",
                      "//h1[contains(@class,'mvp-post-title')]", "//div[@id='mvp-post-add-box']",
                      "//div[@id='mvp-content-body']", "//div[@id='mvp-content-bot']"):  # fmt: skip
            assert doc.xpath(xpath), xpath
        if variant(post) == "renamed":
            container = doc.xpath("//div[contains(@class,'mvp-content-main-v2')]")[0]
        else:
            container = doc.xpath("//div[@id='mvp-content-body-top']")[0]
            assert not doc.xpath("//div[contains(@class,'mvp-content-main-v2')]")
        text = " ".join(container.text_content().split())
        for paragraph in post.paragraphs("en"):
            assert " ".join(paragraph.split()) in text
        # Only the container changed.
        original = get(zox, post.path)[2].decode()
        opening, closing = '<div id="mvp-content-main" class="left relative">\n', "</div>\n"
        assert original.count(opening) == 1
        if variant(post) == "renamed":
            assert body.decode().replace('<div class="mvp-content-main-v2 left relative">', opening[:-1]) == original
        else:
            assert len(original.encode()) - len(body) == len(opening) + len(closing)
    assert set(variants) == {"renamed", "unwrapped"}
    for path in ("/", "/world/", "/feed/"):
        assert get(renamed, path) == get(zox, path), path


# --- 7. Command line ------------------------------------------------------------------------------------------------
def test_cli_options_for_the_new_cases() -> None:
    args = _parser().parse_args(["serve", "--sitemaps", "none", "--validators", "--layout", "zox-renamed",
                                 "--block-with", "challenge", "--port", "80"])  # fmt: skip
    assert (args.sitemaps, args.validators, args.layout, args.block_with, args.port) == (
        "none", True, "zox-renamed", "challenge", 80)  # fmt: skip
    args = _parser().parse_args(["serve"])
    assert (args.sitemaps, args.validators, args.block_with) == ("full", False, "403")
    assert (args.feed_queries, args.unavailable) == ("honoured", 0.0)
    args = _parser().parse_args(["serve", "--feed-queries", "ignored", "--unavailable", "0.1"])
    assert (args.feed_queries, args.unavailable) == ("ignored", 0.1)
    assert cli_main(["serve", "--unavailable", "2"]) == 2
    assert cli_main(["serve", "--sitemaps", "some"]) == 2


@pytest.mark.parametrize("port", ["99999", "-1", "http"])
def test_cli_bad_port_is_one_line_and_exit_2(port: str) -> None:
    result = subprocess.run([sys.executable, "-m", "replica", "serve", "--port", port], cwd=ROOT,
                            capture_output=True, text=True, timeout=30)  # fmt: skip
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "--port" in lines[0]
    assert "Traceback" not in result.stderr


def test_cli_port_in_use_is_one_line_and_exit_1() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "replica", "serve", "--port", str(port), "--articles", "5"],
                                cwd=ROOT, capture_output=True, text=True, timeout=30)  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "choose another --port" in result.stderr
