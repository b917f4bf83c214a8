"""Exports of the articles table as JSON Lines, CSV or Parquet, streamed in chunks (constant memory), and SQLite
snapshots of the whole dataset (what `eureporter browse` reads when the dataset lives in PostgreSQL)."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from sqlalchemy import create_engine, event, or_, select

from storage import schema
from storage.fts import FtsUnavailable, ensure_fts
from storage.records import parse_timestamp
from storage.schema import article_versions, articles
from storage.sql import ArticleStore

if TYPE_CHECKING:
    from collections.abc import Callable, Generator, Iterator, Sequence

    import pyarrow as pa
    from sqlalchemy import Connection, Engine, Select, Table

FORMATS = ("jsonl", "csv", "parquet", "sqlite")

COLUMNS = (
    "id",
    "url",
    "canonical_url",
    "article_key",
    "language",
    "title",
    "author",
    "published_at",
    "modified_at",
    "categories",
    "category_path",
    "tags",
    "text",
    "description",
    "images",
    "translations",
    "word_count",
    "content_hash",
    "version",
    "first_seen_at",
    "last_seen_at",
    "fetched_at",
    "warc_file",
    "warc_record_id",
    "warc_offset",
    "crawl_id",
)
"""The exported columns, in order: every column of articles but the store's own bookkeeping (metadata_hash,
last_seen_crawl_id). docs/data-dictionary.md describes each."""

JSON_COLUMNS = frozenset({"categories", "tags", "images", "translations"})
IMAGE_FIELDS = ("url", "caption", "credit", "lead")

Output = str | os.PathLike[str] | IO[bytes] | IO[str] | None


def export(
    db_url: str,
    fmt: str,
    out: Output = None,
    since: date | datetime | str | None = None,
    language: str | None = None,
    *,
    chunk_size: int = 1000,
) -> int:
    """Write the articles (published or modified on or after `since`, in `language`, when given) to `out`: a path
    (written to a temporary file beside it, then renamed), a binary or text stream, or stdout when None. Returns the
    number of rows. Timestamps are ISO 8601 UTC; list and object columns are JSON (JSON-encoded strings in CSV,
    nested types in Parquet); text is UTF-8 throughout. `chunk_size` rows are read (and, in Parquet, form a row group)
    at a time."""
    if fmt not in FORMATS:
        raise ValueError(f"export format {fmt!r} is not one of {', '.join(FORMATS)}")
    cutoff = parse_timestamp(since) if since is not None else None
    if since is not None and cutoff is None:
        raise ValueError(f"since ({since!r}) must be a date, YYYY-MM-DD")
    if fmt == "sqlite" and not isinstance(out, str | os.PathLike):
        raise ValueError("the sqlite format writes a file: give its path (--out FILE), not a stream")
    store = ArticleStore(db_url, create=False)
    try:
        if fmt == "sqlite":
            assert isinstance(out, str | os.PathLike)
            return write_snapshot(store.engine, Path(out), cutoff, language, chunk_size=chunk_size)
        chunks = _chunks(store.engine, cutoff, language, chunk_size)
        with contextlib.closing(chunks), _open(out, binary=fmt == "parquet") as stream:
            return WRITERS[fmt](chunks, stream)
    finally:
        store.close()


def _selected(query: Select[Any], since: datetime | None, language: str | None) -> Select[Any]:
    """`query` over articles, narrowed to the rows `--since` and `--language` keep."""
    if language:
        query = query.where(articles.c.language == language)
    if since is not None:
        query = query.where(or_(articles.c.published_at >= since, articles.c.modified_at >= since))
    return query


def _chunks(
    engine: Engine, since: datetime | None, language: str | None, size: int
) -> Generator[Sequence[Any], None, None]:
    query = _selected(select(*(articles.c[name] for name in COLUMNS)).order_by(articles.c.id), since, language)
    with engine.connect() as conn:
        # A server-side cursor on PostgreSQL; SQLite's cursor steps through the table as it is read.
        result = conn.execution_options(stream_results=True, yield_per=size).execute(query)
        yield from result.partitions()


def _timestamp(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat().replace("+00:00", "Z")


def _write_jsonl(chunks: Iterator[Sequence[Any]], stream: IO[str]) -> int:
    count = 0
    for chunk in chunks:
        lines = []
        for row in chunk:
            record = {k: _timestamp(v) if isinstance(v, datetime) else v for k, v in zip(COLUMNS, row, strict=True)}
            line = json.dumps(record, ensure_ascii=False)
            # Valid unescaped in JSON, but str.splitlines() and some JSON Lines readers break lines there.
            lines.append(line.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\u0085"))
        stream.write("\n".join(lines) + "\n")
        count += len(chunk)
    return count


def _csv_value(name: str, value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return _timestamp(value)
    if name in JSON_COLUMNS:
        return json.dumps(value, ensure_ascii=False)
    return value


def _write_csv(chunks: Iterator[Sequence[Any]], stream: IO[str]) -> int:
    writer = csv.writer(stream)  # RFC 4180: CRLF between records, quotes doubled, fields with newlines quoted
    writer.writerow(COLUMNS)
    count = 0
    for chunk in chunks:
        writer.writerows([_csv_value(name, v) for name, v in zip(COLUMNS, row, strict=True)] for row in chunk)
        count += len(chunk)
    return count


def parquet_schema() -> pa.Schema:
    import pyarrow as pa

    timestamp = pa.timestamp("us", tz="UTC")
    strings = pa.list_(pa.string())
    image = pa.struct([("url", pa.string()), ("caption", pa.string()), ("credit", pa.string()), ("lead", pa.bool_())])
    types = {
        "id": pa.int64(),
        "published_at": timestamp,
        "modified_at": timestamp,
        "first_seen_at": timestamp,
        "last_seen_at": timestamp,
        "fetched_at": timestamp,
        "categories": strings,
        "tags": strings,
        "images": pa.list_(image),
        "translations": pa.map_(pa.string(), pa.string()),
        "word_count": pa.int64(),
        "version": pa.int64(),
        "warc_offset": pa.int64(),
        "crawl_id": pa.int64(),
    }
    return pa.schema([(name, types.get(name, pa.string())) for name in COLUMNS])


def _parquet_value(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name == "translations":
        return list(value.items())
    if name == "images":
        return [{field: image.get(field) for field in IMAGE_FIELDS} for image in value]
    return value


def _write_parquet(chunks: Iterator[Sequence[Any]], stream: IO[bytes]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    count = 0
    with pq.ParquetWriter(pa.PythonFile(stream, mode="w"), schema) as writer:
        for chunk in chunks:
            columns = list(zip(*chunk, strict=True))
            arrays = [
                pa.array([_parquet_value(name, v) for v in values], type=schema.field(name).type)
                for name, values in zip(COLUMNS, columns, strict=True)
            ]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))  # one row group per chunk
            count += len(chunk)
        if count == 0:
            writer.write_table(schema.empty_table())
    return count


def write_snapshot(
    source: Engine, path: Path, since: datetime | None = None, language: str | None = None, *, chunk_size: int = 1000
) -> int:
    """Copy the dataset in `source` (PostgreSQL or SQLite) into a new SQLite file at `path`: every table of
    storage.schema with its ids (so article_versions still points at its articles), the articles kept by `since` and
    `language` with their versions, and the full-text index (storage.fts) built, so `eureporter browse` starts on it at
    once. Written beside `path` and renamed into place; one file (no -wal). Returns the number of articles."""
    path = Path(path)
    if (
        source.dialect.name == "sqlite"
        and source.url.database
        and Path(source.url.database).resolve() == path.resolve()
    ):
        raise ValueError(f"the snapshot {path} would overwrite the dataset itself: choose another --out")
    partial = path.with_name(f".{path.name}.partial")
    partial.unlink(missing_ok=True)
    target = create_engine(f"sqlite:///{partial}")

    @event.listens_for(target, "connect")
    def _fast(dbapi_connection: Any, _record: Any) -> None:
        # A file nobody sees until the rename: durability during the copy buys nothing.
        dbapi_connection.execute("PRAGMA journal_mode=OFF")
        dbapi_connection.execute("PRAGMA synchronous=OFF")

    copied = 0
    try:
        schema.metadata.create_all(target)
        with source.connect() as reading, target.begin() as writing:
            for table in schema.metadata.sorted_tables:
                count = _copy_table(reading, writing, table, since, language, chunk_size)
                if table is articles:
                    copied = count
            # An SQLite without FTS5 still gets its snapshot; browse then says that search is off.
            with contextlib.suppress(FtsUnavailable):
                ensure_fts(writing)
        with target.connect() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode=DELETE")
        target.dispose()
        partial.replace(path)
    finally:
        target.dispose()
        partial.unlink(missing_ok=True)
    return copied


def _copy_table(
    reading: Connection, writing: Connection, table: Table, since: datetime | None, language: str | None, size: int
) -> int:
    query = select(table).order_by(*table.primary_key.columns)
    if table is articles:
        query = _selected(query, since, language)
    elif table is article_versions and (since is not None or language):
        query = query.where(article_versions.c.article_id.in_(_selected(select(articles.c.id), since, language)))
    count = 0
    result = reading.execution_options(stream_results=True, yield_per=size).execute(query)
    for chunk in result.mappings().partitions():
        writing.execute(table.insert(), [dict(row) for row in chunk])
        count += len(chunk)
    return count


WRITERS: dict[str, Callable[[Iterator[Sequence[Any]], Any], int]] = {
    "jsonl": _write_jsonl,
    "csv": _write_csv,
    "parquet": _write_parquet,
}


@contextlib.contextmanager
def _open(out: Output, *, binary: bool) -> Iterator[Any]:
    if out is None:
        sys.stdout.flush()
        with _as_needed(sys.stdout.buffer, binary) as stream:
            yield stream
    elif isinstance(out, str | os.PathLike):
        path = Path(out)
        partial = path.with_name(f".{path.name}.partial")
        try:
            with partial.open("wb") as raw, _as_needed(raw, binary) as stream:
                yield stream
            partial.replace(path)  # readers never see a half-written export
        finally:
            partial.unlink(missing_ok=True)
    else:
        with _as_needed(out, binary) as stream:
            yield stream


@contextlib.contextmanager
def _as_needed(stream: Any, binary: bool) -> Iterator[Any]:
    """The stream as bytes (Parquet) or as UTF-8 text with newlines written as given (JSON Lines, CSV)."""
    is_text = isinstance(stream, io.TextIOBase)
    if binary:
        if is_text:
            raise ValueError("Parquet needs a binary stream or a path, not a text stream")
        yield stream
        stream.flush()
    elif is_text:
        yield stream
        stream.flush()
    else:
        text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=True)
        try:
            yield text
            text.flush()
        finally:
            text.detach()  # the caller's stream stays open
