"""The layout-drift canary: passes on the Zox News replica, fails loudly on the same site with another theme."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.commands.canary import check_article
from replica import running_replica
from tests.test_crawl import run_cli

pytestmark = pytest.mark.slow

PAGES = Path(__file__).parent / "pages"


def canary(replica_base: str, domain: str) -> tuple[int, str, str]:
    result = run_cli(
        "canary",
        "--site",
        replica_base,
        "--resolve",
        f"*.{domain}=127.0.0.1",
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
        "-s",
        "DOWNLOAD_DELAY=0",
        timeout=120,
    )
    return result.returncode, result.stdout, result.stderr


def test_canary_passes_on_the_current_layout() -> None:
    with running_replica(articles=40, languages=("en", "fr")) as replica:
        code, out, err = canary(replica.base_url, replica.domain)
    assert code == 0, out + err[-2000:]
    assert out.count("OK   ") == 4  # the three newest articles and one edition
    assert "http://fr." in out
    assert "structure as expected" in out


def test_canary_fails_on_a_theme_change_naming_what_is_missing() -> None:
    with running_replica(articles=40, languages=("en", "fr"), layout="drifted") as replica:
        code, out, err = canary(replica.base_url, replica.domain)
    assert code == 1, out + err[-2000:]
    assert "FAIL" in out
    assert "OK   " not in out
    assert "missing the article body container div#mvp-content-main" in out
    assert "missing the category label span.mvp-post-cat" in out
    assert "no longer has the structure extraction relies on" in out


def test_canary_fails_when_the_site_refuses_us() -> None:
    with running_replica(articles=10, languages=("en",), block_user_agent="EUReporterArchiveBot") as replica:
        code, out, _ = canary(replica.base_url, replica.domain)
    assert code == 1
    assert "403" in out


def test_check_article_names_leaked_boilerplate() -> None:
    page = next(PAGES.glob("*.html")).read_bytes()
    assert isinstance(check_article(page, "utf-8", "https://www.eureporter.co/x/2024/10/03/y/", english=False), list)
    broken = (
        b"<html><head><title>x</title></head><body><div id='mvp-content-main'>"
        b"<p>We use your sign-up to provide content in ways you've consented to and to improve our "
        b"understanding of you. You can unsubscribe at any time.</p></div></body></html>"
    )
    problems = check_article(broken, "utf-8", "https://www.eureporter.co/x/2024/10/03/y/", english=True)
    assert "missing the headline h1.entry-title" in problems
    assert any("hreflang" in p for p in problems)
