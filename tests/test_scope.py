"""The crawl scope: hosts and editions, article permalinks, listing paths, --resolve parsing."""

from __future__ import annotations

import pytest

from crawler.scope import (
    HostOverride,
    ScopeError,
    SiteScope,
    article_match,
    canonical_page_url,
    has_impossible_date,
    is_listing_path,
    parse_resolve,
)

LIVE = SiteScope.from_site("https://www.eureporter.co")
LOCAL = SiteScope.from_site("http://www.eureporter.test:8123")


@pytest.mark.parametrize(
    "path",
    [
        "/business/2021/09/20/eu-reporter-under-attack/",
        "/politics/2020/12/14/belgian-government-is-less-than-transparent-on-5g-law/",
        "/world/kazakhstan/2021/05/03/kazakhstan-has-entered-an-interesting-and-critical-new-stage-in-its-development/",
        "/kazakhstan-2/2022/08/26/kazakhstan-stands-for-further-development-of-open-dialogue-with-key-european-union-institutions/",
        "/world/human-rights-category/european-court-of-human-rights-echr/2024/02/14/european-court-of-human-rights-bans-"
        "weakening-of-secure-end-to-endencryption-the-end-of-eus-chat-control-csar-mass-surveillance-plans/",
        "/business/digital-economy/digital-services-act/2026/07/13/commission-preliminarily-finds/",
    ],
)
def test_real_permalinks_are_articles(path: str) -> None:
    match = article_match("https://www.eureporter.co" + path + "?ref=news.dyne.org")
    assert match is not None
    assert 1 <= match["category"].count("/") <= 3


@pytest.mark.parametrize(
    "path",
    [
        "/2024/10/03/",  # date archive
        "/category/frontpage/page/148/",
        "/tag/full-image/page/2624/",
        "/a/b/c/d/2024/10/03/too-deep/",  # four category levels
        "/politics/2020/12/14/no-trailing-slash",
        "/wp-content/uploads/2020/09/Ukraine.jpg",
        "/politics/20/12/14/short-year/",
    ],
)
def test_non_permalinks_are_not_articles(path: str) -> None:
    assert article_match("https://www.eureporter.co" + path) is None


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", True),
        ("/page/2/", True),
        ("/page/x/", False),
        ("/category/frontpage/page/148/", True),
        ("/category/environment/plastic-carrier-bags-environment/page/7/", True),
        ("/politics/european-parliament-2/page/361/", True),
        ("/tag/full-image/page/2624/", True),
        ("/author/colin-stevens/", True),
        ("/politics/2020/12/14/belgian-government/", False),
        ("/wp-content/uploads/2020/09/", False),
        ("/wp-login.php", False),
        ("/feed/", False),
        ("/category/x/page/abc/", False),
    ],
)
def test_listing_paths(path: str, expected: bool) -> None:
    assert is_listing_path(path) is expected


def test_editions_share_the_path_and_domain() -> None:
    url = "https://www.eureporter.co/world/2024/10/03/kazakhstan-becomes-a-more-reliable-partner/"
    assert (
        LIVE.edition_url(url, "fr")
        == "https://fr.eureporter.co/world/2024/10/03/kazakhstan-becomes-a-more-reliable-partner/"
    )
    assert LIVE.language_of("https://id.eureporter.co/x/") == "id"
    assert LIVE.language_of("https://tl.eureporter.co/x/") == "tl"
    assert LIVE.language_of("https://eureporter.co/terms-and-conditions/") == "en"


def test_only_advertised_or_observed_editions_are_in_scope() -> None:
    scope = SiteScope.from_site("https://www.eureporter.co")
    # Not observed on the site and not advertised yet: not an edition.
    assert scope.language_of("https://zh-cn.eureporter.co/x/") is None
    assert scope.language_of("https://es.eureporter.co/x/") is None
    assert scope.advertise("zh-CN")
    assert scope.advertise("es")
    assert scope.language_of("https://zh-cn.eureporter.co/x/") == "zh-cn"
    assert scope.language_of("https://es.eureporter.co/x/") == "es"
    # Service hosts are never editions, advertised or not.
    for label in ("cdn", "api", "dev", "static-1"):
        assert not scope.advertise(label)
        assert scope.language_of(f"https://{label}.eureporter.co/x/") is None
    # One scope's editions are its own.
    assert LIVE.language_of("https://es.eureporter.co/x/") is None


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("http://www.eureporter.co:80/politics/2024/01/02/a/", "http://www.eureporter.co/politics/2024/01/02/a/"),
        ("https://WWW.EUREPORTER.CO:443/politics/2024/01/02/a", "https://www.eureporter.co/politics/2024/01/02/a/"),
        (
            "https://www.eureporter.co/politics/./2024/01/02/a/?ref=x#c",
            "https://www.eureporter.co/politics/2024/01/02/a/",
        ),
        ("https://www.eureporter.co//politics/2024/01/02/a/", "https://www.eureporter.co/politics/2024/01/02/a/"),
        ("https://www.eureporter.co/x/../politics/2024/01/02/a/", "https://www.eureporter.co/politics/2024/01/02/a/"),
        (
            "https://www.eureporter.co/world/2024/01/02/caf%C3%A9/",
            "https://www.eureporter.co/world/2024/01/02/caf%c3%a9/",
        ),
        ("https://www.eureporter.co/world/2024/01/02/café/", "https://www.eureporter.co/world/2024/01/02/caf%c3%a9/"),
        ("https://www.eureporter.co:8443/x", "https://www.eureporter.co:8443/x/"),
        ("https://www.eureporter.co/wp-content/uploads/a.jpg", "https://www.eureporter.co/wp-content/uploads/a.jpg"),
    ],
)
def test_one_spelling_per_page(url: str, canonical: str) -> None:
    assert canonical_page_url(url) == canonical


def test_impossible_dates_are_not_articles() -> None:
    assert article_match("https://www.eureporter.co/world/2026/02/30/x/") is None
    assert has_impossible_date("https://www.eureporter.co/world/2026/02/30/x/")
    assert article_match("https://www.eureporter.co/world/2024/02/29/x/") is not None
    assert not has_impossible_date("https://www.eureporter.co/world/2024/02/29/x/")
    assert LIVE.language_of("https://eureporter.co/terms-and-conditions/") == "en"
    assert LIVE.language_of("https://www.eureporter.co/") == "en"


@pytest.mark.parametrize(
    "url",
    [
        "https://newyorkglobe.co/2023/11/14/x/",  # sister site with the same slugs
        "https://www.eureporter.co.evil.example/x/",
        "https://eureporter.co.evil.example/x/",
        "https://shop.de.eureporter.co/x/",
        "ftp://www.eureporter.co/x/",
        "https://www.eureporter.co:8443/x/",  # another port is another origin
        "https://newsletter.eureporter.co/x/",  # not a language label
    ],
)
def test_out_of_scope(url: str) -> None:
    assert not LIVE.in_scope(url)


def test_local_replica_scope_keeps_the_port() -> None:
    assert LOCAL.in_scope("http://fr.eureporter.test:8123/")
    assert not LOCAL.in_scope("http://fr.eureporter.test:8124/")
    assert LOCAL.edition_host("de") == "de.eureporter.test"
    assert LOCAL.base_url == "http://www.eureporter.test:8123"


@pytest.mark.parametrize(
    "site",
    [
        "www.eureporter.co",
        "https://www.eureporter.co/news/",
        "mailto:x@y",
        "https://",
        "https://u:pw@www.eureporter.co",
    ],
)
def test_bad_site_is_refused(site: str) -> None:
    with pytest.raises(ScopeError, match="--site"):
        SiteScope.from_site(site)


def test_canonical_page_url_drops_query_and_adds_slash() -> None:
    assert canonical_page_url("https://WWW.eureporter.co/politics/2020/12/14/x?ref=a#top") == (
        "https://www.eureporter.co/politics/2020/12/14/x/"
    )
    assert canonical_page_url("https://www.eureporter.co/wp-content/uploads/a.jpg") == (
        "https://www.eureporter.co/wp-content/uploads/a.jpg"
    )


def test_resolve_parsing_and_matching() -> None:
    overrides = parse_resolve("*.eureporter.test=127.0.0.1, www.eureporter.test=::1", LOCAL)
    assert overrides == [HostOverride("*.eureporter.test", "127.0.0.1"), HostOverride("www.eureporter.test", "::1")]
    assert overrides[0].matches("fr.eureporter.test")
    assert overrides[0].matches("eureporter.test")
    assert not overrides[0].matches("eureporter.test.evil.example")


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("eureporter.test", "HOST=IP"),
        ("www.eureporter.test=not-an-ip", "not an IP address"),
        ("www.eureporter.test:8123:127.0.0.1", "HOST=IP"),
        ("www.eureporter.test:8123=127.0.0.1", "without a port"),
        ("*.example.org=127.0.0.1", "outside the crawled site"),
    ],
)
def test_resolve_errors_name_the_option(spec: str, message: str) -> None:
    with pytest.raises(ScopeError, match=message):
        parse_resolve(spec, LOCAL)
