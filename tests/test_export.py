"""Exports (JSON Lines, CSV, Parquet) and the stats report, on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import pyarrow.parquet as pq
import pytest
from sqlalchemy import select, text

from storage.export import COLUMNS, JSON_COLUMNS, export
from storage.schema import articles
from storage.sql import ArticleStore, StoreError
from storage.stats import collect_stats, render_stats
from tests.test_sql import T1, T2, UNICODE_TEXT, make_article, provenance

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture
def filled(db_url: str) -> str:
    """Five editions: English, French and German, one with every awkward character, one edited once."""
    with ArticleStore(db_url) as store:
        crawl_id = store.begin_crawl({"site": "https://www.eureporter.co"})
        store.add(
            make_article(1, text=UNICODE_TEXT, title='"Quoted", К; \'; DROP TABLE articles; --'),
            **provenance(1, T1, crawl_id),
        )
        store.add(make_article(1, language="fr"), **provenance(2, T1, crawl_id))
        store.add(make_article(2, published_at="2024-09-01T12:00:00Z", modified_at=None), **provenance(3, T1, crawl_id))
        store.add(
            make_article(
                2,
                language="de",
                published_at="2024-09-01",
                modified_at="2024-10-04",
                author=None,
                images=[],
                translations={},
            ),
            **provenance(4, T1, crawl_id),
        )
        store.add(make_article(3, published_at="2024-10-05T23:30:00-02:00"), **provenance(5, T1, crawl_id))
        store.flush()
        store.add(
            make_article(3, text="Edited story 3.", published_at="2024-10-05T23:30:00-02:00"),
            **provenance(6, T2, crawl_id),
        )
        store.end_crawl(
            crawl_id,
            status="finished",
            finish_reason="finished",
            stats={"response_received_count": 40, "downloader/response_bytes": 2_500_000},
        )
    return db_url


def table_rows(db_url: str) -> list[dict[str, Any]]:
    with ArticleStore(db_url, create=False) as store, store.engine.connect() as conn:
        query = select(*(articles.c[name] for name in COLUMNS)).order_by(articles.c.id)
        return [dict(row) for row in conn.execute(query).mappings()]


def iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat().replace("+00:00", "Z")


def test_jsonl_round_trip(filled: str, tmp_path: Path) -> None:
    out = tmp_path / "articles.jsonl"
    assert export(filled, "jsonl", out) == 5
    lines = out.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == ""
    records = [json.loads(line) for line in lines[:-1]]
    expected = [{k: iso(v) if isinstance(v, datetime) else v for k, v in row.items()} for row in table_rows(filled)]
    assert records == expected
    first = next(r for r in records if r["url"] == make_article(1)["url"])
    assert first["text"] == UNICODE_TEXT
    assert first["published_at"] == "2024-10-03T07:15:00Z"
    assert list(first) == list(COLUMNS)
    assert len(io.StringIO(out.read_text(encoding="utf-8")).read().splitlines()) == 5  # U+2028 is escaped


def test_csv_round_trip(filled: str, tmp_path: Path) -> None:
    out = tmp_path / "articles.csv"
    assert export(filled, "csv", out) == 5
    with out.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        assert tuple(next(reader)) == COLUMNS
        records = [dict(zip(COLUMNS, line, strict=True)) for line in reader]
    expected = table_rows(filled)
    assert len(records) == len(expected) == 5
    for record, row in zip(records, expected, strict=True):
        for name in COLUMNS:
            value = row[name]
            if name in JSON_COLUMNS:
                assert json.loads(record[name]) == value, name
            elif isinstance(value, datetime):
                assert record[name] == iso(value)
                assert datetime.fromisoformat(record[name]) == value
            else:
                assert record[name] == ("" if value is None else str(value)), name
    first = next(r for r in records if r["url"] == make_article(1)["url"])
    assert first["text"] == UNICODE_TEXT  # newlines, \r, quotes, RTL and emoji survive CSV quoting
    assert first["title"] == '"Quoted", К; \'; DROP TABLE articles; --'


def test_parquet_round_trip_in_row_groups(filled: str, tmp_path: Path) -> None:
    out = tmp_path / "articles.parquet"
    assert export(filled, "parquet", out, chunk_size=2) == 5
    parquet = pq.ParquetFile(out)
    assert parquet.metadata.num_row_groups == 3  # one per chunk read: the export never holds the whole table
    records = parquet.read().to_pylist()
    expected = table_rows(filled)
    for record, row in zip(records, expected, strict=True):
        record["translations"] = dict(record["translations"]) if record["translations"] is not None else None
        assert record == row
    assert records[0]["published_at"].tzinfo is not None
    assert parquet.schema_arrow.field("published_at").type.tz == "UTC"


def test_filters_by_date_and_language(filled: str) -> None:
    buffer = io.BytesIO()
    assert export(filled, "jsonl", buffer, since=date(2024, 10, 3)) == 4  # published or modified since
    since = [json.loads(line)["url"] for line in buffer.getvalue().decode().splitlines()]
    assert make_article(2)["url"] not in since
    assert make_article(2, language="de")["url"] in since  # published before, modified after
    text = io.StringIO()
    assert export(filled, "csv", text, language="fr") == 1
    assert text.getvalue().count("fr.eureporter.co") >= 1
    assert export(filled, "jsonl", io.BytesIO(), since="2024-10-05", language="en") == 1


def test_writes_to_stdout(filled: str, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    assert export(filled, "jsonl", language="de") == 1
    out = capfdbinary.readouterr().out
    assert json.loads(out.decode("utf-8"))["language"] == "de"


def test_empty_export_is_still_well_formed(filled: str, tmp_path: Path) -> None:
    assert export(filled, "csv", tmp_path / "none.csv", language="xx") == 0
    assert (tmp_path / "none.csv").read_text(encoding="utf-8").strip() == ",".join(COLUMNS)
    assert export(filled, "parquet", tmp_path / "none.parquet", language="xx") == 0
    assert pq.read_table(tmp_path / "none.parquet").num_rows == 0


def test_bad_arguments(filled: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not one of jsonl, csv, parquet"):
        export(filled, "xml", io.BytesIO())
    with pytest.raises(ValueError, match="binary stream"):
        export(filled, "parquet", io.StringIO())
    with pytest.raises(StoreError, match="does not exist; run a crawl first"):
        export(f"sqlite:///{tmp_path}/nothing.db", "jsonl", tmp_path / "out.jsonl")
    assert not (tmp_path / "nothing.db").exists()
    assert not list(tmp_path.glob("*out.jsonl*"))


def test_stats_report(filled: str) -> None:
    report = collect_stats(filled)
    assert (report["articles"], report["versions"]) == (5, 1)
    assert {code: entry["articles"] for code, entry in report["languages"].items()} == {"en": 3, "fr": 1, "de": 1}
    assert report["newest_article"]["url"] == make_article(3)["url"]
    assert report["newest_article"]["published_at"] == datetime(2024, 10, 6, 1, 30, tzinfo=UTC)
    last = report["last_crawl"]
    assert (last["status"], last["pages"], last["articles_new"], last["articles_updated"]) == ("finished", 40, 5, 1)
    text = render_stats(report)
    assert "Articles: 5 editions, 1 earlier versions" in text
    assert "Last crawl: #1 finished (finished)" in text
    assert "40 pages, 5 new, 1 updated, 0 unchanged, 0 errors, 2.5 MB" in text
    assert "Newest article: 2024-10-06 01:30 UTC  Story 3 (en)" in text


def test_stats_of_an_empty_dataset(db_url: str) -> None:
    ArticleStore(db_url).close()
    report = collect_stats(db_url)
    assert (report["articles"], report["newest_article"], report["last_crawl"]) == (0, None, None)
    assert "Crawls: none recorded yet" in render_stats(report)


def test_export_streams_with_bounded_memory(db_url: str) -> None:
    """30 MB of text exported 100 rows at a time: Python never holds more than a few chunks."""
    with ArticleStore(db_url, batch_size=500) as store:
        for n in range(1500):
            store.add(make_article(n, text=f"{n} " + "x" * 20_000), **provenance(n))
    tracemalloc.start()
    try:
        assert export(db_url, "jsonl", _Discard(), chunk_size=100) == 1500
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10_000_000, f"export peaked at {peak:,} bytes of Python memory"


class _Discard(io.RawIOBase):
    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        return len(data)


def test_postgresql_export_reads_through_a_server_side_cursor(pg_db_url: str) -> None:
    with ArticleStore(pg_db_url) as store:
        for n in range(10):
            store.add(make_article(n), **provenance(n))
    seen: list[str] = []

    class Probe(_Discard):
        def write(self, data: Any) -> int:
            if not seen:
                with ArticleStore(pg_db_url) as other, other.engine.connect() as conn:
                    seen.extend(
                        conn.execute(
                            text(
                                "SELECT query FROM pg_stat_activity WHERE datname = current_database() "
                                "AND pid <> pg_backend_pid() AND state = 'idle in transaction'"
                            )
                        ).scalars()
                    )
            return len(data)

    assert export(pg_db_url, "jsonl", Probe(), chunk_size=3) == 10
    assert any(query.startswith("FETCH FORWARD") for query in seen), seen  # a few rows at a time, not all


def test_exports_a_read_only_copy(tmp_path: Path) -> None:
    path = tmp_path / "eureporter.db"
    with ArticleStore(f"sqlite:///{path}") as store:
        store.add(make_article(1), **provenance(1))
    read_only = f"sqlite:///file:{path}?mode=ro&uri=true"
    assert export(read_only, "csv", tmp_path / "copy.csv") == 1
    assert collect_stats(read_only)["articles"] == 1
