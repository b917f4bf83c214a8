"""`eureporter browse`: the full-text index kept by triggers, the SQLite snapshot, the data dictionary as Datasette
metadata, the plugin's pages (in-process Datasette on real SQLite files), single WARC records, the command itself on a
real two-day crawl of the replica with real pywb (start, one ready line, /replay/, signals, no orphan pywb, every error
one line), and a reader's path through it all in headless Chromium (tests/browser.py)."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.request import urlopen

import pytest
from markupsafe import Markup
from sqlalchemy import create_engine, text
from warcio.archiveiterator import ArchiveIterator

from crawler.browse.app import build_datasette, is_loopback, unload_foreign_plugins
from crawler.browse.article import DiffParagraph, capture_timestamp, paragraph_diff, replay_links, word_diff
from crawler.browse.dataset import Dataset, open_dataset
from crawler.browse.dictionary import DictionaryError, load_dictionary, parse_dictionary, plain
from crawler.browse.metadata import CANNED_QUERIES, build_metadata
from crawler.browse.records import RecordNotFound, read_record
from storage import schema
from storage.export import export
from storage.fts import FTS_TABLE, TRIGGERS, create_fts, drop_fts, ensure_fts, fts_status
from storage.sql import ArticleStore
from tests.net import free_port
from tests.test_crawl import crawl_args, run_cli

if TYPE_CHECKING:
    from collections.abc import Iterator

ROOT = Path(__file__).resolve().parents[1]
T1, T2 = "2026-10-03T08:00:00Z", "2026-10-05T09:30:00Z"


# --- a small dataset written through the real store ---------------------------------------------------------------


def article(n: int, language: str = "en", *, text: str | None = None, title: str | None = None) -> dict[str, Any]:
    path = f"/world/eu/2026/10/0{1 + n % 9}/story-{n}/"
    host = "www" if language == "en" else language
    return {
        "url": f"https://{host}.eureporter.co{path}",
        "canonical_url": f"https://www.eureporter.co{path}",
        "title": title or f"Story {n} in {language}: the Commission and the budget",
        "text": text or f"First paragraph of story {n} ({language}).\nThe budget talks resumed in Brussels on Monday.",
        "language": language,
        "published_at": f"2026-{9 + n % 2:02d}-0{1 + n % 9}T07:15:00Z",
        "modified_at": f"2026-{9 + n % 2:02d}-0{1 + n % 9}T07:15:00Z",
        "categories": ["World", "EU"] if n % 2 else ["Politics"],
        "tags": ["budget", f"tag{n % 3}"],
        "translations": {
            lang: f"https://{'www' if lang == 'en' else lang}.eureporter.co{path}" for lang in ("en", "fr")
        },
    }


def capture(n: int, at: str = T1) -> dict[str, Any]:
    return {"warc_file": f"EUREPORTER-{n}.warc.gz", "warc_record_id": f"<urn:uuid:{n:08d}>", "warc_offset": 1000 * n}


OLD_SENTENCE = "The budget talks resumed in Brussels on Monday."
NEW_SENTENCE = "Negotiators reached a provisional agreement late on Thursday night."


def make_dataset(path: Path, articles: int = 6) -> Path:
    """`articles` stories in en and fr; story 0 edited later in both (one version row each)."""
    with ArticleStore(f"sqlite:///{path}") as store:
        for n in range(articles):
            for lang in ("en", "fr"):
                store.add(article(n, lang), fetched_at=T1, **capture(n))
        store.flush()
        for lang in ("en", "fr"):
            edited = f"First paragraph of story 0 ({lang}).\n{NEW_SENTENCE}"
            store.add(article(0, lang, text=edited), fetched_at=T2, **capture(100))
    return path


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    return make_dataset(tmp_path / "eureporter.db")


def search_ids(conn: sqlite3.Connection, words: str) -> set[int]:
    return {row[0] for row in conn.execute(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?", (words,))}


# --- storage.fts ---------------------------------------------------------------------------------------------------


def test_index_is_built_once_and_then_only_checked(dataset: Path) -> None:
    conn = sqlite3.connect(dataset)
    assert not fts_status(conn).table
    assert ensure_fts(conn) is True
    status = fts_status(conn)
    assert status.current
    assert status.indexed == status.rows == 12
    assert status.triggers == frozenset(TRIGGERS)
    changes = conn.total_changes
    assert ensure_fts(conn) is False
    assert conn.total_changes == changes  # no rebuild: not a single row written
    assert search_ids(conn, "provisional agreement") == {
        r[0] for r in conn.execute("SELECT id FROM articles WHERE text LIKE '%provisional agreement%'")
    }
    assert len(search_ids(conn, "provisional agreement")) == 2


def test_every_later_write_through_the_store_keeps_the_index_current(dataset: Path) -> None:
    with contextlib.closing(sqlite3.connect(dataset)) as conn:
        ensure_fts(conn)
        conn.commit()
    with ArticleStore(f"sqlite:///{dataset}") as store:
        store.add(article(1, "en", text="Zanzibar cloves are on the agenda."), fetched_at=T2, **capture(7))
        store.add(article(50, "en", title="Quokkas reach Strasbourg"), fetched_at=T2, **capture(8))
        store.add(article(2, "fr"), fetched_at=T2, **capture(9))  # unchanged: only last_seen_at moves
    conn = sqlite3.connect(dataset)
    en1 = conn.execute("SELECT id FROM articles WHERE url = ?", (article(1)["url"],)).fetchone()[0]
    new = conn.execute("SELECT id FROM articles WHERE url = ?", (article(50)["url"],)).fetchone()[0]
    assert search_ids(conn, "zanzibar") == {en1}
    assert search_ids(conn, "quokkas") == {new}
    assert en1 not in search_ids(conn, "resumed")  # the replaced text is forgotten
    conn.execute("DELETE FROM article_versions WHERE article_id = ?", (new,))
    conn.execute("DELETE FROM articles WHERE id = ?", (new,))
    conn.commit()
    assert search_ids(conn, "quokkas") == set()
    assert fts_status(conn).current
    conn.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('integrity-check')")  # raises when out of step


def test_triggers_need_only_id_title_and_text(dataset: Path) -> None:
    conn = sqlite3.connect(dataset)
    ensure_fts(conn)
    conn.execute("ALTER TABLE articles ADD COLUMN added_by_a_later_schema TEXT")
    conn.execute("ALTER TABLE articles DROP COLUMN description")
    conn.commit()
    conn.close()
    with ArticleStore(f"sqlite:///{dataset}") as store:
        store.engine.dispose()
    conn = sqlite3.connect(dataset)
    conn.execute(
        "INSERT INTO articles (url, title, text, version) VALUES ('https://www.eureporter.co/x/', 'Okapi', 'x', 1)"
    )
    conn.execute("UPDATE articles SET added_by_a_later_schema = 'y', title = 'Okapi herd' WHERE url LIKE '%/x/'")
    conn.commit()
    assert len(search_ids(conn, "okapi herd")) == 1
    assert fts_status(conn).current


def test_a_missing_trigger_or_rows_written_without_them_mean_a_rebuild(dataset: Path) -> None:
    conn = sqlite3.connect(dataset)
    ensure_fts(conn)
    conn.execute(f"DROP TRIGGER {TRIGGERS[0]}")
    conn.execute(
        "INSERT INTO articles (url, title, text, version) VALUES ('https://www.eureporter.co/y/', 'Ibex', '', 1)"
    )
    conn.commit()
    status = fts_status(conn)
    assert not status.current
    assert "lacks its triggers" in status.describe()
    assert ensure_fts(conn) is True
    assert len(search_ids(conn, "ibex")) == 1
    # A database restored from a copy that had fewer rows indexed than it holds.
    conn.execute(
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, text) "
        "SELECT 'delete', id, title, text FROM articles LIMIT 1"
    )
    conn.commit()
    assert "covers 12 of 13" in fts_status(conn).describe()
    assert ensure_fts(conn) is True
    assert fts_status(conn).current


def test_index_works_through_a_sqlalchemy_connection_and_in_the_callers_transaction(dataset: Path) -> None:
    engine = create_engine(f"sqlite:///{dataset}")
    with engine.begin() as conn:
        assert ensure_fts(conn) is True
    with engine.connect() as conn:
        assert fts_status(conn).current
        hits = conn.execute(text(f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH 'brussels'")).scalar()
        assert hits == 10
    with engine.begin() as conn:
        drop_fts(conn)
    with engine.connect() as conn:
        assert not fts_status(conn).table
        assert not conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).all()
    engine.dispose()


def test_diacritics_and_case_are_folded(dataset: Path) -> None:
    conn = sqlite3.connect(dataset)
    create_fts(conn)
    conn.execute("UPDATE articles SET title = 'La Commission européenne ÉTUDIE' WHERE id = 1")
    conn.commit()
    assert search_ids(conn, "europeenne etudie") == {1}


# --- export --format sqlite ----------------------------------------------------------------------------------------


def test_sqlite_snapshot_holds_every_table_its_ids_and_the_index(db_url: str, tmp_path: Path) -> None:
    """The same snapshot from SQLite and from PostgreSQL (db_url runs the test on both)."""
    with ArticleStore(db_url) as store:
        for n in range(5):
            for lang in ("en", "fr"):
                store.add(article(n, lang), fetched_at=T1, **capture(n))
        store.flush()
        store.add(article(0, "fr", text=f"Story zero.\n{NEW_SENTENCE}"), fetched_at=T2, **capture(99))
        crawl = store.begin_crawl({"site": "https://www.eureporter.co"})
        store.end_crawl(crawl, status="finished", stats={"response_received_count": 3})
    out = tmp_path / "snapshot.sqlite"
    assert export(db_url, "sqlite", out) == 10
    assert not list(tmp_path.glob(".*partial*"))
    snap = sqlite3.connect(out)
    snap.row_factory = sqlite3.Row
    assert snap.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert not Path(f"{out}-wal").exists()
    versions = snap.execute(
        "SELECT v.article_id, a.url, v.text FROM article_versions v JOIN articles a ON a.id = v.article_id"
    ).fetchall()
    assert [(r["url"], r["text"]) for r in versions] == [(article(0, "fr")["url"], article(0, "fr")["text"])]
    row = snap.execute("SELECT * FROM articles WHERE url = ?", (article(0, "fr")["url"],)).fetchone()
    assert row["version"] == 2
    assert row["fetched_at"].startswith("2026-10-05 09:30:00")
    assert json.loads(row["categories"]) == ["Politics"]
    assert snap.execute("SELECT status FROM crawls").fetchone()["status"] == "finished"
    assert snap.execute("SELECT max(version) FROM schema_info").fetchone()[0] == schema.SCHEMA_VERSION
    assert fts_status(snap).current
    assert len(search_ids(snap, "provisional agreement")) == 1
    # What browse needs from it: opened as is, no index to build.
    assert open_dataset(f"sqlite:///{out}", note=pytest.fail) == Dataset(out, immutable=False, search=True)
    # The same store reads it back.
    with ArticleStore(f"sqlite:///{out}", create=False) as again:
        assert again.has(article(3, "en")["url"])


def test_sqlite_snapshot_of_one_language_keeps_only_its_versions(dataset: Path, tmp_path: Path) -> None:
    out = tmp_path / "fr.sqlite"
    assert export(f"sqlite:///{dataset}", "sqlite", out, language="fr") == 6
    snap = sqlite3.connect(out)
    assert {r[0] for r in snap.execute("SELECT language FROM articles")} == {"fr"}
    assert snap.execute("SELECT count(*) FROM article_versions").fetchone()[0] == 1
    assert (
        snap.execute(
            "SELECT count(*) FROM article_versions WHERE article_id NOT IN (SELECT id FROM articles)"
        ).fetchone()[0]
        == 0
    )


def test_sqlite_snapshot_needs_a_file_and_not_the_dataset_itself(dataset: Path) -> None:
    with pytest.raises(ValueError, match="--out FILE"):
        export(f"sqlite:///{dataset}", "sqlite", None)
    with pytest.raises(ValueError, match="overwrite the dataset"):
        export(f"sqlite:///{dataset}", "sqlite", dataset)


def test_export_cli_writes_a_snapshot_and_refuses_a_stream(dataset: Path, tmp_path: Path) -> None:
    out = tmp_path / "snap.db"
    done = run_cli("export", "--db", f"sqlite:///{dataset}", "--format", "sqlite", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert f"exported 12 articles to {out}" in done.stderr
    assert sqlite3.connect(out).execute("SELECT count(*) FROM articles").fetchone()[0] == 12
    stream = run_cli("export", "--db", f"sqlite:///{dataset}", "--format", "sqlite")
    assert stream.returncode == 2
    assert stream.stderr.strip().splitlines() == [
        "eureporter export: the sqlite format writes a file: give its path (--out FILE), not a stream"
    ]


# --- the article page's pieces -------------------------------------------------------------------------------------


def test_word_diff_marks_removed_and_added_words_and_escapes_the_rest() -> None:
    html = word_diff(
        "Talks <b>resumed</b> on Monday.\nSame end.", "Talks <b>stalled</b> on Monday.\nSame end.\nUpdate: new."
    )
    assert "<del>&lt;b&gt;resumed&lt;/b&gt;</del><ins>&lt;b&gt;stalled&lt;/b&gt;</ins>" in html
    assert html.endswith("<ins>\nUpdate: new.</ins>")
    assert "Same end." in html
    assert word_diff("same", "same") == "same"


def test_a_rewritten_sentence_is_one_deletion_and_one_insertion() -> None:
    html = word_diff(f"Intro.\n{OLD_SENTENCE}", f"Intro.\n{NEW_SENTENCE}")
    assert re.findall(r"<ins>(.*?)</ins>", html, re.S) == [NEW_SENTENCE]
    assert re.findall(r"<del>(.*?)</del>", html, re.S) == [OLD_SENTENCE]


def test_the_diff_shows_changed_paragraphs_and_counts_the_unchanged_ones() -> None:
    old = "Intro stays.\nSame one.\nSame two.\nTalks resumed on Monday.\nSame end."
    new = "Intro stays.\nSame one.\nSame two.\nTalks stalled on Monday.\nSame end.\nUpdate: a <new> line."
    assert paragraph_diff(old, new) == [
        DiffParagraph(None, 3),
        DiffParagraph(Markup("Talks <del>resumed</del><ins>stalled</ins> on Monday.")),
        DiffParagraph(None, 1),
        DiffParagraph(Markup("<ins>Update: a &lt;new&gt; line.</ins>")),
    ]
    assert paragraph_diff("Same.\nText.", "Same.\nText.") == [DiffParagraph(None, 2)]
    assert paragraph_diff("Gone.\nKept.", "Kept.") == [
        DiffParagraph(Markup("<del>Gone.</del>")),
        DiffParagraph(None, 1),
    ]


def test_one_record_is_cut_out_of_a_warc_file_as_its_gzip_member(tmp_path: Path) -> None:
    from warcio.warcwriter import WARCWriter

    warc = tmp_path / "EUREPORTER-1.warc.gz"
    offsets = []
    with warc.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for n in range(3):
            offsets.append(fh.tell())
            body = io.BytesIO(f"<html><title>Page {n}</title></html>".encode() * (n * 500 + 1))
            writer.write_record(writer.create_warc_record(f"https://www.eureporter.co/{n}/", "resource", payload=body))
    member = read_record(tmp_path, warc.name, offsets[1])
    assert member == warc.read_bytes()[offsets[1] : offsets[2]]
    [record] = list(ArchiveIterator(io.BytesIO(member)))
    assert record.rec_headers.get_header("WARC-Target-URI") == "https://www.eureporter.co/1/"
    assert read_record(tmp_path, warc.name, offsets[2]) == warc.read_bytes()[offsets[2] :]
    for name, offset, message in [
        (warc.name, offsets[1] + 1, "no WARC record starts at offset"),
        (warc.name, warc.stat().st_size, "no whole WARC record"),
        ("EUREPORTER-2.warc.gz", 0, "no WARC file EUREPORTER-2.warc.gz"),
        ("EUREPORTER-1.warc.gz.open", 0, "not the name of a finished WARC file"),
        ("../EUREPORTER-1.warc.gz", 0, "not the name of a finished WARC file"),
    ]:
        with pytest.raises(RecordNotFound, match=re.escape(message)):
            read_record(tmp_path, name, offset)
    # Through Datasette: 404 pages for what is not a record, never a traceback.
    ds = build_datasette(
        open_dataset(f"sqlite:///{make_dataset(tmp_path / 'db.sqlite', 1)}", note=lambda _: None),
        host="127.0.0.1",
        allow_sql=False,
        proxy=None,
        warc_dir=tmp_path,
    )
    pages = get(ds, f"/-/warc/{warc.name}/{offsets[1]}", f"/-/warc/{warc.name}/{offsets[1] + 1}", "/-/warc/x/0")
    assert [p.status for p in pages] == [200, 404, 404]
    assert "no WARC record starts at offset" in pages[1].text


def test_replay_links_name_the_exact_capture() -> None:
    assert capture_timestamp("2026-12-04 22:33:48.243073") == "20261204223348"
    assert capture_timestamp(None) is None
    links = replay_links("/replay", "https://fr.eureporter.co/a/%E2%82%AC-b/", "2026-12-04 22:33:48.243073")
    assert links is not None
    assert links.page == "/replay/eureporter/20261204223348/https://fr.eureporter.co/a/%E2%82%AC-b/"
    assert links.raw == "/replay/eureporter/20261204223348id_/https://fr.eureporter.co/a/%E2%82%AC-b/"
    assert replay_links("/replay", "https://x/", None) is None


# --- the data dictionary as Datasette metadata ---------------------------------------------------------------------


DOC = ROOT / "docs" / "data-dictionary.md"


def doc_meanings() -> dict[str, dict[str, str]]:
    """The doc's column meanings read the plain way a person would: section heading, then table rows."""
    found: dict[str, dict[str, str]] = {}
    table = None
    meaning_at = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            table, meaning_at = line[3:].strip(), None
            continue
        if table and line.startswith("| column |"):
            meaning_at = [c.strip() for c in line.strip("|").split("|")].index("meaning")
            continue
        if table and meaning_at is not None and line.startswith("| `"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            for name in re.findall(r"`([a-z_0-9]+)`", cells[0]):
                found.setdefault(table, {})[name] = cells[meaning_at]
        elif not line.startswith("|"):
            meaning_at = None if line.strip() else meaning_at
    return found


def test_the_package_ships_the_doc_itself() -> None:
    shipped = ROOT / "crawler" / "browse" / "data-dictionary.md"
    assert shipped.resolve() == DOC.resolve()


def test_metadata_descriptions_are_the_doc_meanings() -> None:
    metadata = build_metadata(search=True)["databases"]["eureporter"]["tables"]
    for table, columns in doc_meanings().items():
        for column, meaning in columns.items():
            described = metadata[table]["columns"][column]
            inherited = re.match(r"As in `(\w+)`", meaning)
            if inherited:
                assert described.startswith(plain(doc_meanings()[inherited.group(1)][column])), (table, column)
            else:
                assert described == plain(meaning), (table, column)
    assert metadata["articles"]["description"].startswith("One row per article URL, unique on url.")


def test_every_column_of_the_schema_is_described() -> None:
    described = {name: set(doc.columns) for name, doc in load_dictionary().items()}
    missing = [
        f"{table.name}.{column.name}"
        for table in schema.metadata.sorted_tables
        for column in table.columns
        if column.name not in described.get(table.name, set())
    ]
    assert not missing, f"describe these in docs/data-dictionary.md: {', '.join(missing)}"
    stale = [
        f"{name}.{column}"
        for name, columns in described.items()
        for column in columns
        if name in schema.metadata.tables and column not in schema.metadata.tables[name].columns
    ]
    assert not stale, f"docs/data-dictionary.md describes columns the schema does not have: {', '.join(stale)}"


def test_parse_errors_name_the_table() -> None:
    with pytest.raises(DictionaryError, match="table things: no"):
        parse_dictionary("## things\n\nSome things.\n\nNo table here.\n")
    with pytest.raises(DictionaryError, match="as in articles"):
        parse_dictionary("## other\n\nX.\n\n| column | meaning |\n|---|---|\n| `a` | As in `articles`. |\n")


# --- Datasette with the plugin, in process -------------------------------------------------------------------------


@dataclass
class Page:
    status: int
    text: str


def get(ds: Any, *paths: str, headers: dict[str, str] | None = None) -> list[Page]:
    async def fetch() -> list[Page]:
        pages = []
        for path in paths:
            response = await ds.client.get(path, headers=headers or {})
            pages.append(Page(response.status_code, response.text))
        return pages

    return asyncio.run(fetch())


@pytest.fixture
def served(dataset: Path) -> Any:
    opened = open_dataset(f"sqlite:///{dataset}", note=lambda _: None)
    return build_datasette(opened, host="127.0.0.1", allow_sql=False, proxy=None)


def ids_in(page: Page) -> set[int]:
    return {int(i) for i in re.findall(r'<td class="col-id[^"]*"><a href="/eureporter/articles/(\d+)"', page.text)}


def test_search_uses_the_index_on_the_articles_table(served: Any, dataset: Path) -> None:
    [html, data] = get(
        served,
        "/eureporter/articles?_search=provisional+agreement",
        "/eureporter/articles.json?_search=%22provisional+agreement%22&_shape=objects",
    )
    conn = sqlite3.connect(dataset)
    edited = {r[0] for r in conn.execute("SELECT id FROM articles WHERE text LIKE ?", (f"%{NEW_SENTENCE}%",))}
    assert html.status == 200
    assert ids_in(html) == edited
    assert {row["id"] for row in json.loads(data.text)["rows"]} == edited


def test_malformed_searches_and_missing_rows_get_datasettes_error_pages(
    served: Any, capfd: pytest.CaptureFixture[str]
) -> None:
    pages = get(
        served,
        "/eureporter/articles?_searchmode=raw&_search=%22unclosed",
        "/eureporter/articles.json?_searchmode=raw&_search=NEAR(",
        "/eureporter/articles/999999",
        "/eureporter/articles/not-a-number",
        "/eureporter/nonexistent_table",
    )
    assert [p.status for p in pages] == [400, 400, 404, 404, 404]
    assert "unterminated string" in pages[0].text
    assert "<title>Invalid SQL</title>" in pages[0].text  # Datasette's own title for a failed query
    assert json.loads(pages[1].text)["status"] == 400
    assert "Record not found" in pages[2].text
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err
    assert all(len(p.text) < 20000 and "Traceback" not in p.text for p in pages)
    # The escaped (default) mode never fails on quotes: the unbalanced one is closed.
    [escaped] = get(served, "/eureporter/articles?_search=%22unclosed")
    assert escaped.status == 200


def test_facets_on_language_categories_tags_and_month(served: Any) -> None:
    [page] = get(served, "/eureporter/articles.json?_nocount=1")
    facets = json.loads(page.text)["facet_results"]
    by_name = {f["name"]: {r["value"]: r["count"] for r in f["results"]} for f in facets.values()}
    assert by_name["language"] == {"en": 6, "fr": 6}
    assert by_name["categories"] == {"World": 6, "EU": 6, "Politics": 6}
    assert by_name["tags"]["budget"] == 12
    assert by_name["published_at (month)"] == {"2026-09": 6, "2026-10": 6}
    [month] = get(served, "/eureporter/articles.json?published_at__startswith=2026-10&_shape=objects")
    assert {r["published_at"][:7] for r in json.loads(month.text)["rows"]} == {"2026-10"}
    # Choosing a value narrows the rows, and the facet marks it selected.
    tag1 = next(r for f in facets.values() if f["name"] == "tags" for r in f["results"] if r["value"] == "tag1")
    assert "tags__arraycontains=tag1" in tag1["toggle_url"]
    [chosen] = get(served, "/eureporter/articles.json?tags__arraycontains=tag1&_shape=objects")
    chosen_rows = json.loads(chosen.text)["rows"]
    assert len(chosen_rows) == tag1["count"] == 4
    assert all("tag1" in json.loads(r["tags"]) for r in chosen_rows)
    selected = json.loads(chosen.text)["facet_results"]["tags"]["results"]
    assert [r["value"] for r in selected if r["selected"]] == ["tag1"]


def test_every_row_links_to_its_article_page_with_editions_versions_and_diff(served: Any, dataset: Path) -> None:
    conn = sqlite3.connect(dataset)
    conn.row_factory = sqlite3.Row
    fr = conn.execute("SELECT * FROM articles WHERE url = ?", (article(0, "fr")["url"],)).fetchone()
    en = conn.execute("SELECT id FROM articles WHERE url = ?", (article(0, "en")["url"],)).fetchone()["id"]
    [table, page] = get(served, "/eureporter/articles?language=fr", f"/eureporter/articles/{fr['id']}")
    assert f'<a href="/eureporter/articles/{fr["id"]}">{fr["title"]}</a>' in table.text  # title links the page
    assert page.status == 200
    assert f'href="/eureporter/articles/{en}" hreflang="en"' in page.text
    stamp = capture_timestamp(fr["fetched_at"])
    assert stamp == "20261005093000"
    assert f'href="/replay/eureporter/{stamp}/{fr["url"]}"' in page.text
    assert f'href="/replay/eureporter/{stamp}id_/{fr["url"]}"' in page.text
    assert "/replay/eureporter/20261003080000/" in page.text  # the earlier version's own capture
    assert fr["warc_file"] in page.text
    assert f"<code>{fr['warc_offset']}</code>" in page.text
    assert "Changes from version 1 to version 2" in page.text
    assert re.findall(r"<ins>(.*?)</ins>", page.text, re.S) == [NEW_SENTENCE]
    assert re.findall(r"<del>(.*?)</del>", page.text, re.S) == [OLD_SENTENCE]


def test_canned_queries_answer_the_common_questions(served: Any, dataset: Path) -> None:
    url = article(0, "fr")["url"]
    pages = get(
        served,
        "/eureporter/newest_articles.json?language=fr&_shape=objects",
        f"/eureporter/article_editions.json?url={url}&_shape=objects",
        "/eureporter/edited_after_publication.json?language=&_shape=objects",
        "/eureporter/articles_per_language_per_month.json?_shape=objects",
        "/eureporter/newest_articles?language=",
    )
    newest, editions, edited, monthly, html = pages
    assert all(p.status == 200 for p in pages), [p.text[:300] for p in pages if p.status != 200]
    newest_rows = json.loads(newest.text)["rows"]
    assert {r["language"] for r in newest_rows} == {"fr"}
    assert len(newest_rows) == 6
    assert [r["published_at"] for r in newest_rows] == sorted((r["published_at"] for r in newest_rows), reverse=True)
    assert {r["language"] for r in json.loads(editions.text)["rows"]} == {"en", "fr"}
    assert {r["version"] for r in json.loads(edited.text)["rows"]} == {2}
    assert len(json.loads(edited.text)["rows"]) == 2
    assert {(r["month"], r["language"]): r["articles"] for r in json.loads(monthly.text)["rows"]} == {
        ("2026-09", "en"): 3,
        ("2026-09", "fr"): 3,
        ("2026-10", "en"): 3,
        ("2026-10", "fr"): 3,
    }
    assert re.search(r'<a href="/eureporter/articles/\d+">\d+</a>', html.text)  # ids link the article pages
    assert set(CANNED_QUERIES) == {
        "newest_articles",
        "article_editions",
        "edited_after_publication",
        "articles_per_language_per_month",
    }


def test_descriptions_licence_and_source_are_shown(served: Any) -> None:
    [index, table] = get(served, "/eureporter", "/eureporter/articles")
    assert "© EU Reporter and their authors" in table.text
    assert "Cross-language join key" in table.text  # a column description from the data dictionary
    assert "One row per article URL" in table.text
    assert "Newest articles" in index.text


def test_sql_is_off_beyond_loopback_unless_asked_and_the_database_is_read_only(dataset: Path) -> None:
    opened = open_dataset(f"sqlite:///{dataset}", note=lambda _: None)
    query = "/eureporter.json?sql=select+count(*)+from+articles"
    local = build_datasette(opened, host="127.0.0.1", allow_sql=False, proxy=None)
    public = build_datasette(opened, host="0.0.0.0", allow_sql=False, proxy=None)
    asked = build_datasette(opened, host="0.0.0.0", allow_sql=True, proxy=None)
    assert [p.status for p in get(local, query)] == [200]
    assert [p.status for p in get(public, query, "/eureporter/newest_articles.json?language=")] == [403, 200]
    assert [p.status for p in get(asked, query)] == [200]
    # Behind a reverse proxy on the same machine every request comes from loopback: its headers tell.
    for header in ("X-Forwarded-For", "Forwarded", "X-Real-IP"):
        through_proxy = {header: "203.0.113.7"}
        assert [p.status for p in get(local, query, headers=through_proxy)] == [403], header
        assert [p.status for p in get(local, "/eureporter/articles.json?_where=id>1", headers=through_proxy)] == [403]
        assert [p.status for p in get(local, "/eureporter/newest_articles.json?language=", headers=through_proxy)] == [
            200
        ]
    asked_locally = build_datasette(opened, host="127.0.0.1", allow_sql=True, proxy=None)
    assert [p.status for p in get(asked_locally, query, headers={"X-Forwarded-For": "203.0.113.7"})] == [200]
    assert [p.status for p in get(local, query)] == [200]  # the next direct request is local again

    async def write() -> None:
        await local.get_database("eureporter").execute_fn(lambda conn: conn.execute("DELETE FROM crawls"))

    with pytest.raises(sqlite3.OperationalError, match="readonly|read-only|query_only"):
        asyncio.run(write())
    assert not is_loopback("0.0.0.0")
    assert is_loopback("127.0.0.2")
    assert is_loopback("::1")
    assert is_loopback("localhost")


def test_foreign_datasette_plugins_are_not_loaded() -> None:
    from datasette import hookimpl
    from datasette.plugins import pm

    class Writer:
        @hookimpl
        def register_routes(self) -> list[Any]:
            return []

    pm.register(Writer(), name="datasette-some-write-plugin")
    notes: list[str] = []
    unload_foreign_plugins(notes.append)
    assert "datasette-some-write-plugin" not in dict(pm.list_name_plugin())
    assert notes == ["not loading the installed Datasette plugins datasette-some-write-plugin: browse is read-only"]


# --- the command's errors: one line each ---------------------------------------------------------------------------


def browse_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crawler.commands.cli", "browse", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def test_postgresql_gets_the_snapshot_advice(tmp_path: Path) -> None:
    done = browse_cli("--data", str(tmp_path), "--db", "postgresql://someone:secret@db.example/eureporter")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "eureporter browse: --db postgresql://someone:***@db.example/eureporter: Datasette reads SQLite only: make a "
        "snapshot with `eureporter export --db URL --format sqlite --out FILE`, then run "
        "`eureporter browse --db sqlite:///FILE`"
    ]


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        (None, ["--data", "{tmp}/nowhere"], "--data {tmp}/nowhere: no such directory"),
        (None, ["--data", "{tmp}"], "--db sqlite:///{tmp}/eureporter.db: {tmp}/eureporter.db does not exist"),
        ("garbage", ["--data", "{tmp}"], "is not a readable SQLite database"),
        ("empty", ["--data", "{tmp}"], "the database has no articles table; is it an eureporter dataset?"),
        ("dataset", ["--data", "{tmp}"], "no finished WARC files in {tmp}/warc; run a crawl first"),
        (None, ["--data", "{tmp}", "--db", "mysql://x@y/z"], "mysql is not supported"),
        (None, ["--data", "{tmp}", "--port", "70000"], "--port: '70000' is not a TCP port"),
    ],
)
def test_bad_usage_exits_2_with_one_line(setup: str | None, args: list[str], message: str, tmp_path: Path) -> None:
    db = tmp_path / "eureporter.db"
    if setup == "garbage":
        db.write_bytes(b"this is not a database" * 100)
    elif setup == "empty":
        sqlite3.connect(db).execute("CREATE TABLE other (x)")
    elif setup == "dataset":
        make_dataset(db, articles=1)
    if "--port" in args:
        make_dataset(db, articles=1)
        (tmp_path / "warc").mkdir()
    done = browse_cli(*(a.replace("{tmp}", str(tmp_path)) for a in args))
    lines = done.stderr.splitlines()
    assert done.returncode == 2, done.stderr
    assert len([line for line in lines if "full-text index" not in line]) == 1, lines
    assert message.replace("{tmp}", str(tmp_path)) in lines[-1]
    assert lines[-1].startswith("eureporter browse: ")
    assert done.stdout == ""


# --- the command on a real two-day crawl, with real pywb ------------------------------------------------------------


@dataclass
class TwoDays:
    data: Path
    port: int
    """The replica's port: the stored URLs include it."""


def crawl_two_days(data: Path, articles: int = 40) -> TwoDays:
    """Edition 1 of the replica, then edition 2 (new posts, some edited) into one data directory."""
    from replica import running_replica

    port = free_port()
    for edition in (1, 2):
        with running_replica(articles=articles, edition=edition, languages=("en", "fr", "de"), port=port) as site:
            done = run_cli(*crawl_args(site, data))
            assert done.returncode == 0, done.stderr[-3000:]
    return TwoDays(data, port)


@pytest.fixture(scope="session")
def two_days(tmp_path_factory: pytest.TempPathFactory) -> TwoDays:
    return crawl_two_days(tmp_path_factory.mktemp("browse") / "data")


@dataclass
class Browsing:
    process: subprocess.Popen[str]
    url: str
    stderr: Path

    def children(self) -> list[int]:
        return child_pids(self.process.pid)


def child_pids(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(p) for p in (task / "children").read_text().split()]
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def start_browse(data: Path, *args: str, timeout: float = 120) -> Browsing:
    """`eureporter browse` in the background until it prints its ready line (port 0: any free port)."""
    err = data.parent / f"browse-{time.monotonic_ns()}.err"
    with err.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "crawler.commands.cli", "browse", "--data", str(data), "--port", "0", *args],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    line = ""
    while time.monotonic() < deadline and process.poll() is None:
        line = process.stdout.readline()
        if line:
            break
    if not line.startswith("ready "):
        process.kill()
        raise AssertionError(f"no ready line ({line!r}); stderr: {err.read_text()[-2000:]}")
    return Browsing(process, line.split()[1], err)


@contextlib.contextmanager
def browsing(data: Path, *args: str) -> Iterator[Browsing]:
    running = start_browse(data, *args)
    try:
        yield running
    finally:
        if running.process.poll() is None:
            running.process.send_signal(signal.SIGTERM)
            running.process.wait(timeout=30)


def read(url: str) -> tuple[int, str]:
    with urlopen(url, timeout=30) as response:  # noqa: S310 - loopback
        return response.status, response.read().decode("utf-8", "replace")


@pytest.mark.slow
def test_browse_serves_dataset_and_originals_then_stops_both_on_sigterm(two_days: TwoDays) -> None:
    with browsing(two_days.data) as running:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", running.url)
        [pywb] = running.children()
        status, page = read(running.url + "eureporter/articles?_search=minister")
        assert status == 200
        assert "rows where search matches" in page
        conn = sqlite3.connect(two_days.data / "eureporter.db")
        url, fetched = conn.execute("SELECT url, fetched_at FROM articles WHERE version = 2 LIMIT 1").fetchone()
        links = replay_links("/replay", url, fetched)
        assert links is not None
        status, raw = read(running.url.rstrip("/") + links.raw)
        title = conn.execute("SELECT title FROM articles WHERE url = ?", (url,)).fetchone()[0]
        assert status == 200
        assert title in raw
        status, framed = read(running.url.rstrip("/") + links.page)
        assert status == 200
        assert running.url + "replay/eureporter/" in framed
        # The row's WARC record on its own, linked from the article page: warcio reads it as a one-record file.
        row = conn.execute("SELECT id, warc_file, warc_offset, warc_record_id FROM articles WHERE url = ?", (url,))
        article_id, warc_file, offset, record_id = row.fetchone()
        _, article_page = read(f"{running.url}eureporter/articles/{article_id}")
        assert f'href="/-/warc/{warc_file}/{offset}"' in article_page
        with urlopen(f"{running.url}-/warc/{warc_file}/{offset}", timeout=30) as response:  # noqa: S310 - loopback
            assert response.headers["Content-Disposition"] == (
                f'attachment; filename="{warc_file.removesuffix(".warc.gz")}-{offset}.warc.gz"'
            )
            [record] = list(ArchiveIterator(io.BytesIO(response.read())))
        assert record.rec_headers.get_header("WARC-Record-ID") == record_id
        assert record.rec_headers.get_header("WARC-Target-URI") == url
        running.process.send_signal(signal.SIGTERM)
        assert running.process.wait(timeout=30) == 0
        assert running.process.stdout is not None
        assert running.process.stdout.read() == ""  # the ready line was the only line on stdout
        deadline = time.monotonic() + 10
        while alive(pywb) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not alive(pywb)
    assert "Traceback" not in running.stderr.read_text()


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGKILL])
def test_no_pywb_outlives_browse(two_days: TwoDays, signum: int) -> None:
    running = start_browse(two_days.data)
    [pywb] = running.children()
    assert alive(pywb)
    running.process.send_signal(signum)
    code = running.process.wait(timeout=30)
    assert code == (0 if signum == signal.SIGINT else -signal.SIGKILL)
    deadline = time.monotonic() + 10
    while alive(pywb) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(pywb), f"pywb {pywb} outlived browse after signal {signum}"


@pytest.mark.slow
def test_second_start_does_not_rebuild_the_index_and_a_busy_port_is_one_line(two_days: TwoDays) -> None:
    with browsing(two_days.data) as first:
        port = int(first.url.rsplit(":", 1)[1].strip("/"))
        again = browse_cli("--data", str(two_days.data), "--port", str(port))
        assert again.returncode == 2
        assert again.stderr.splitlines() == [
            f"eureporter browse: --port {port}: 127.0.0.1:{port} is already in use; pick another --port (0 = any)"
        ]
    with browsing(two_days.data) as second:
        assert "full-text index" not in second.stderr.read_text()


@pytest.mark.slow
def test_a_pywb_environment_that_cannot_be_made_is_one_line_exit_1(two_days: TwoDays, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-venv"
    blocker.mkdir()
    (blocker / "something").write_text("a file that is not a virtual environment")
    done = browse_cli("--data", str(two_days.data), "--port", "0", env={"EUREPORTER_PYWB_ENV": str(blocker)})
    assert done.returncode == 1
    assert done.stdout == ""
    last = done.stderr.splitlines()[-1]
    assert last.startswith(f"eureporter browse: could not install pywb into {blocker}: it exists and is not a virtual")
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_read_only_database_without_index_is_served_without_search(two_days: TwoDays, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "warc").symlink_to(two_days.data / "warc")
    (data / "indexes").mkdir()
    for index in (two_days.data / "indexes").glob("*.cdxj"):
        (data / "indexes" / index.name).write_bytes(index.read_bytes())
    db = data / "eureporter.db"
    with (
        contextlib.closing(sqlite3.connect(two_days.data / "eureporter.db")) as source,
        contextlib.closing(sqlite3.connect(db)) as copy,
    ):
        source.backup(copy)
        drop_fts(copy)
        copy.commit()
    made_read_only = make_read_only(db)
    try:
        with browsing(data) as running:
            lines = running.stderr.read_text().splitlines()
            assert lines == [
                f"eureporter browse: {db} is read-only and has no full-text index, so search is off; run "
                "`eureporter browse` once with write access to build it"
            ]
            status, _ = read(running.url + "eureporter/articles")
            assert status == 200
            with pytest.raises(Exception, match="400"):
                read(running.url + "eureporter/articles?_search=minister")
    finally:
        made_read_only()


def make_read_only(path: Path) -> Any:
    """Read-only even for root (chattr +i) or for a normal user (chmod); the undo function."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        return lambda: path.chmod(0o644)
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot make a file read-only for root here (chattr: {done.stderr.strip()})")
    return lambda: subprocess.run(["chattr", "-i", str(path)], check=False)


def test_first_open_builds_the_index_later_opens_do_not_and_rebuild_search_does(dataset: Path) -> None:
    notes: list[str] = []
    assert open_dataset(f"sqlite:///{dataset}", note=notes.append).search
    assert notes[0] == "building the full-text index of 12 articles (no full-text index; once per database)…"
    assert notes[1].startswith("full-text index built in ")
    notes.clear()
    assert open_dataset(f"sqlite:///{dataset}", note=notes.append).search
    assert notes == []
    assert open_dataset(f"sqlite:///{dataset}", rebuild_search=True, note=notes.append).search
    assert notes[0] == "building the full-text index of 12 articles (rebuilding it as asked; once per database)…"
    assert fts_status(sqlite3.connect(dataset)).current


# --- the consumer's path in a real browser -------------------------------------------------------------------------


SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def sentences(text: str) -> set[str]:
    return {s.strip() for paragraph in text.splitlines() for s in SENTENCE_END.split(paragraph) if s.strip()}


def archived_title(data: Path, warc_file: str, offset: int) -> str:
    """The <title> of the page in the WARC response record at `offset`, read with warcio and lxml (not pywb)."""
    from lxml import html

    with (data / "warc" / warc_file).open("rb") as fh:
        fh.seek(offset)
        record = next(iter(ArchiveIterator(fh)))
        title = html.fromstring(record.content_stream().read()).findtext(".//title")
    assert title
    return title.strip()


@pytest.mark.slow
def test_a_reader_searches_reads_another_edition_compares_versions_and_opens_the_original_in_chromium(
    two_days: TwoDays, tmp_path: Path
) -> None:
    """Headless Chromium: search a phrase, open the hit, follow the link to another edition, open the diff of that
    edited article and find the changed sentence in <ins>, follow the archived-original link and get the original
    page's title from pywb. The expectations come from the dataset and the WARC files, not from the plugin's code."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.wait import WebDriverWait

    from tests.browser import chromium, save_page

    conn = sqlite3.connect(two_days.data / "eureporter.db")
    conn.row_factory = sqlite3.Row
    edited = conn.execute("SELECT * FROM articles WHERE language = 'en' AND version = 2 ORDER BY id").fetchall()
    assert edited, "edition 2 of the replica edits some articles"

    def changes(row: sqlite3.Row) -> tuple[set[str], set[str]]:
        """The sentences the second day added to the row's text, and those it removed."""
        [old] = conn.execute(
            "SELECT text FROM article_versions WHERE article_id = ? AND version = ?", (row["id"], row["version"] - 1)
        ).fetchone()
        return sentences(row["text"]) - sentences(old), sentences(old) - sentences(row["text"])

    # A rewritten sentence (one removed, one added) if the replica has one, else an added one.
    en = min((row for row in edited if changes(row)[0]), key=lambda row: (not changes(row)[1], row["id"]))
    phrase = " ".join(sorted(changes(en)[0])[0].split()[:6])
    expected_hits = conn.execute("SELECT count(*) FROM articles WHERE text LIKE ?", (f"%{phrase}%",)).fetchone()[0]
    fr = conn.execute(
        "SELECT * FROM articles WHERE article_key = ? AND language = 'fr'", (en["article_key"],)
    ).fetchone()
    assert fr["version"] == 2, "the French edition of an edited article is edited too"
    fr_added, fr_removed = changes(fr)
    assert fr_added

    with browsing(two_days.data) as running, chromium(tmp_path / "profile") as driver:
        wait = WebDriverWait(driver, 30)

        # Search a phrase from the table page's own search box.
        driver.get(running.url + "eureporter/articles")
        box = driver.find_element(By.CSS_SELECTOR, "form input[name=_search]")
        box.send_keys(f'"{phrase}"')
        box.submit()
        wait.until(expected_conditions.url_contains("_search="))
        heading = driver.find_element(By.XPATH, "//h3[contains(., 'where search matches')]").text
        assert heading.startswith(f"{expected_hits} row"), heading

        # Open the hit: its title links the article page.
        driver.find_element(By.LINK_TEXT, en["title"]).click()
        wait.until(expected_conditions.url_to_be(f"{running.url}eureporter/articles/{en['id']}"))
        assert driver.find_element(By.CSS_SELECTOR, "article.eureporter-article h1").text == en["title"]
        save_page(driver, tmp_path / "browse-article.png", max_height=1700)
        if os.environ.get("EUREPORTER_BROWSE_SCREENSHOT"):
            # How docs/browse-article.png is made: this test, with the variable naming the file.
            Path(os.environ["EUREPORTER_BROWSE_SCREENSHOT"]).write_bytes((tmp_path / "browse-article.png").read_bytes())

        # Follow the link to the French edition.
        driver.find_element(By.CSS_SELECTOR, "a.eureporter-edition[hreflang=fr]").click()
        wait.until(expected_conditions.url_to_be(f"{running.url}eureporter/articles/{fr['id']}"))
        page = driver.find_element(By.CSS_SELECTOR, "article.eureporter-article")
        assert page.get_attribute("lang") == "fr"
        assert page.find_element(By.TAG_NAME, "h1").text == fr["title"]

        # Open the diff between its two versions: the sentence the second day added is inserted.
        diff = driver.find_element(By.CSS_SELECTOR, "details.eureporter-diff#diff-1-2")
        if diff.get_attribute("open") is None:
            diff.find_element(By.TAG_NAME, "summary").click()
        inserted = [ins.text for ins in diff.find_elements(By.TAG_NAME, "ins")]
        assert inserted, diff.get_attribute("innerHTML")[:2000]
        for sentence in fr_added:
            assert any(sentence in text for text in inserted), (sentence, inserted)
        deleted = [element.text for element in diff.find_elements(By.TAG_NAME, "del")]
        for sentence in fr_removed:
            assert any(sentence in text for text in deleted), (sentence, deleted)

        # Follow the archived-original link: pywb, through the same host, at the row's capture.
        stamp = capture_timestamp(fr["fetched_at"])
        driver.find_element(By.CSS_SELECTOR, "a.eureporter-replay").click()
        wait.until(expected_conditions.url_contains(f"/replay/eureporter/{stamp}/"))
        assert driver.current_url.startswith(running.url)
        original = archived_title(two_days.data, fr["warc_file"], fr["warc_offset"])
        assert fr["title"] in original
        wait.until(expected_conditions.frame_to_be_available_and_switch_to_it((By.TAG_NAME, "iframe")))
        # WebDriver's title is the top frame's (pywb's banner page, "Archived Page: …"); the archived page is inside.
        wait.until(lambda d: d.execute_script("return document.title") == original)
        driver.switch_to.default_content()
        assert original in driver.title
