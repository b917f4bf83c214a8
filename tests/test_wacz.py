"""storage.wacz.export_wacz: a WACZ 1.1.1 package of two real crawls, checked entry by entry and by `wacz validate`."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from crawler.scope import article_match
from storage.sql import ArticleStore
from storage.wacz import WaczError, export_wacz
from tests.test_reprocess import FROZEN, article_site, crawl, expected_pages


@dataclass
class Exported:
    data_dir: Path
    wacz: Path
    base: str


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    data_dir = tmp_path_factory.mktemp("wacz") / "data"
    with article_site(synthetic=1) as site:
        crawl(site, data_dir)
        site.revision = 2
        crawl(site, data_dir)
        base = site.base
    # a file still being written is not part of the package
    (data_dir / "warc" / "EUREPORTER-20990101000000000-00099-host-1-ab.warc.gz.open").write_bytes(b"partial")
    out = export_wacz(data_dir, data_dir.parent / "out" / "archive.wacz", is_page=lambda u: bool(article_match(u)))
    return Exported(data_dir, out, base)


def warcs(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "warc").glob("*.warc.gz"))


def test_layout_and_compression(exported: Exported) -> None:
    with zipfile.ZipFile(exported.wacz) as wacz:
        infos = {i.filename: i for i in wacz.infolist()}
    expected = {f"archive/{p.name}" for p in warcs(exported.data_dir)} | {
        "indexes/index.cdx.gz",
        "indexes/index.idx",
        "pages/pages.jsonl",
        "datapackage.json",
        "datapackage-digest.json",
    }
    assert set(infos) == expected
    # WACZ 1.1.1 "Zip Compression": archives and cdx.gz STORE, so replay can read them by range
    for name, info in infos.items():
        if name.startswith("archive/") or name.endswith(".cdx.gz"):
            assert info.compress_type == zipfile.ZIP_STORED, name
    assert not list(exported.wacz.parent.glob(".*.tmp"))


def test_warc_files_inside_are_byte_identical(exported: Exported) -> None:
    with zipfile.ZipFile(exported.wacz) as wacz:
        for path in warcs(exported.data_dir):
            assert wacz.read(f"archive/{path.name}") == path.read_bytes()


def test_datapackage_lists_every_file_with_its_sha256(exported: Exported) -> None:
    with zipfile.ZipFile(exported.wacz) as wacz:
        package_bytes = wacz.read("datapackage.json")
        package = json.loads(package_bytes)
        digest = json.loads(wacz.read("datapackage-digest.json"))
        names = {i.filename for i in wacz.infolist()} - {"datapackage.json", "datapackage-digest.json"}
        assert package["profile"] == "data-package"
        assert package["wacz_version"] == "1.1.1"
        assert package["created"].endswith("Z")
        assert {r["path"] for r in package["resources"]} == names
        for resource in package["resources"]:
            data = wacz.read(resource["path"])
            assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
            assert resource["bytes"] == len(data)
            assert resource["name"] == Path(resource["path"]).name.lower()
    assert digest == {"path": "datapackage.json", "hash": "sha256:" + hashlib.sha256(package_bytes).hexdigest()}


def test_index_is_the_merged_cdxj_in_gzip_blocks(exported: Exported) -> None:
    with zipfile.ZipFile(exported.wacz) as wacz:
        data = wacz.read("indexes/index.cdx.gz")
        idx = wacz.read("indexes/index.idx").decode().splitlines()
    per_file = sorted(
        {
            line
            for p in warcs(exported.data_dir)
            for line in (exported.data_dir / "indexes" / f"{p.name}.cdxj").read_text().splitlines(keepends=True)
        }
    )
    assert idx[0].startswith("!meta 0 ")
    assert json.loads(idx[0].split(" ", 2)[2]) == {"format": "cdxj-gzip-1.0", "filename": "index.cdx.gz"}
    lines: list[str] = []
    for entry in idx[1:]:
        key, ts, block = entry.split(" ", 2)
        where = json.loads(block)
        chunk = data[where["offset"] : where["offset"] + where["length"]]
        assert where["digest"] == "sha256:" + hashlib.sha256(chunk).hexdigest()
        text = zlib.decompress(chunk, zlib.MAX_WBITS + 16).decode()
        assert text.startswith(f"{key} {ts} ")
        lines += text.splitlines(keepends=True)
    assert lines == per_file


def test_pages_list_each_article_once_with_its_title(exported: Exported) -> None:
    with zipfile.ZipFile(exported.wacz) as wacz:
        pages = [json.loads(line) for line in wacz.read("pages/pages.jsonl").decode().splitlines()]
    assert pages[0] == {"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}
    entries = {p["url"]: p for p in pages[1:]}
    assert len(entries) == len(pages) - 1
    assert len(entries) == len(FROZEN) + 2  # the frozen articles and stories 0 and 1; no robots.txt, no 404
    for name in FROZEN:
        path = "/" + expected_pages()[name]["url"].split("/", 3)[3]
        entry = entries[exported.base + path]
        assert entry["title"] == expected_pages()[name]["title"]
        assert entry["ts"].endswith("Z")
    assert entries[f"{exported.base}/business/2021/09/20/story-0/"]["title"] == "Story 0"


def test_wacz_validate_accepts_it(exported: Exported) -> None:
    command = [shutil.which("wacz")] if shutil.which("wacz") else [sys.executable, "-m", "wacz"]
    # In a subprocess: py-wacz's indexer module changes cdxj-indexer's defaults for the whole process on import.
    done = subprocess.run(
        [*command, "validate", "-f", str(exported.wacz)], capture_output=True, text=True, timeout=300, check=False
    )
    if "No module named" in done.stderr:
        pytest.skip("the wacz package is not installed")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Validation succeeded" in done.stdout


def test_export_without_warc_files_fails_clearly(tmp_path: Path) -> None:
    (tmp_path / "warc").mkdir()
    with pytest.raises(WaczError, match="no finished WARC files"):
        export_wacz(tmp_path, tmp_path / "out.wacz")
    assert not (tmp_path / "out.wacz").exists()


def test_default_pages_are_html_captures_and_titles_optional(exported: Exported, tmp_path: Path) -> None:
    out = export_wacz(exported.data_dir, tmp_path / "all.wacz", db_url="sqlite:///" + str(tmp_path / "none.db"))
    with zipfile.ZipFile(out) as wacz:
        pages = [json.loads(line) for line in wacz.read("pages/pages.jsonl").decode().splitlines()[1:]]
    urls = {p["url"] for p in pages}
    assert f"{exported.base}/robots.txt" not in urls  # not HTML
    assert all("title" not in p for p in pages)  # no dataset there
    assert len(urls) >= len(FROZEN) + 2


@pytest.mark.slow
def test_titles_come_from_a_postgresql_dataset_given_as_the_user_spells_it(exported: Exported, pg_db_url: str) -> None:
    # postgres:// (Heroku's spelling) and, on SQLAlchemy 2.0, postgresql:// (psycopg2, not installed) work only through
    # the project's URL rules (storage.sql.database_url), as for every other command.
    url = make_url(pg_db_url).set(drivername="postgres").render_as_string(hide_password=False)
    with zipfile.ZipFile(exported.wacz) as wacz:
        page = json.loads(wacz.read("pages/pages.jsonl").decode().splitlines()[1])
    store = ArticleStore(url)
    store.add(
        {"url": page["url"], "title": "A title from PostgreSQL", "text": "Body.", "language": "en"},
        fetched_at="2026-01-01T00:00:00Z",
        warc_file="x.warc.gz",
        warc_record_id="<urn:uuid:00000000-0000-0000-0000-000000000000>",
        warc_offset=0,
    )
    store.close()
    out = export_wacz(exported.data_dir, exported.wacz.parent / "pg.wacz", db_url=url)
    with zipfile.ZipFile(out) as wacz:
        pages = [json.loads(line) for line in wacz.read("pages/pages.jsonl").decode().splitlines()[1:]]
    assert {p["url"]: p.get("title") for p in pages}[page["url"]] == "A title from PostgreSQL"
