"""`eureporter demo`, README command 1: the replica, a whole crawl, a summary; run again, it is incremental."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from tests.test_crawl import run_cli
from tests.warc_checks import assert_valid_warcs

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.slow


def test_demo_crawls_every_edition_then_only_what_changed(tmp_path: Path) -> None:
    first = run_cli("demo", "--data", str(tmp_path), "--articles", "20")
    assert first.returncode == 0, first.stderr[-3000:]
    assert "finish reason   finished" in first.stdout
    assert re.search(r"articles        140 extracted: 140 new", first.stdout), first.stdout
    assert "languages       7: de 20, en 20, es 20, fr 20, id 20, it 20, tl 20" in first.stdout
    assert_valid_warcs(tmp_path / "warc")

    again = run_cli("demo", "--data", str(tmp_path), "--articles", "20")
    assert again.returncode == 0, again.stderr[-3000:]
    assert "articles        0 extracted" in again.stdout, again.stdout
    pages = int(re.search(r"pages fetched\s+(\d+)", again.stdout).group(1))  # type: ignore[union-attr]
    assert pages < 60  # start pages and listings' first pages, no article
