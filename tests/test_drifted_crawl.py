"""Layout drift end to end: a crawl of the replica in another theme (or with the Zox body container renamed) stores
every article through the fallback reader, marked as such, and the end-of-crawl check fails naming the drift."""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING

import pytest

from replica import running_replica
from tests.test_crawl import crawl_args, run_cli

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.slow

LANGUAGES = ("en", "fr", "de")


@pytest.mark.parametrize("layout", ["drifted", "zox-renamed"])
def test_drifted_layout_is_stored_by_the_fallback_and_named(layout: str, tmp_path: Path) -> None:
    with running_replica(articles=40, languages=LANGUAGES, layout=layout) as replica:
        result = run_cli(*crawl_args(replica, tmp_path, "-s", "EUREPORTER_EXTRACT_WORKERS=0"))
        expected = {
            post.url(lang, replica.base(lang)): "\n".join(post.paragraphs(lang))
            for post in replica.site.posts()
            for lang in LANGUAGES
        }
    # The check fails the run, loudly and in one line naming the drift and the reader...
    assert result.returncode == 1, result.stderr[-3000:]
    message = result.stderr.strip().splitlines()[-1]
    assert "Layout drift" in message
    assert f"{len(expected)} of {len(expected)} articles" in message
    assert "fallback" in message
    assert "#mvp-content-main" in message
    # ... while every article of every edition is stored, with its text, marked as read by the fallback.
    db = sqlite3.connect(tmp_path / "eureporter.db")
    rows = {url: (text, reader) for url, text, reader in db.execute("SELECT url, text, reader FROM articles")}
    assert set(rows) == set(expected)
    for url, text in expected.items():
        assert rows[url] == (text, "fallback"), url
    status, stats = db.execute("SELECT status, stats FROM crawls").fetchone()
    assert status == "failed"
    stats = json.loads(stats)
    assert stats["eureporter/extract/reader/fallback"] == len(expected)
    assert any("Layout drift" in failure for failure in stats["eureporter/monitor/failures"])
