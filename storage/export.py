"""Exports of the articles table as JSON Lines, CSV or Parquet, streamed in chunks (constant memory)."""

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

from sqlalchemy import or_, select

from storage.records import parse_timestamp
from storage.schema import articles
from storage.sql import ArticleStore

if TYPE_CHECKING:
    from collections.abc import Callable, Generator, Iterator, Sequence

    import pyarrow as pa
    from sqlalchemy import Engine

FORMATS = ("jsonl", "csv", "parquet")

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
    store = ArticleStore(db_url, create=False)
    try:
        chunks = _chunks(store.engine, cutoff, language, chunk_size)
        with contextlib.closing(chunks), _open(out, binary=fmt == "parquet") as stream:
            return WRITERS[fmt](chunks, stream)
    finally:
        store.close()


def _chunks(
    engine: Engine, since: datetime | None, language: str | None, size: int
) -> Generator[Sequence[Any], None, None]:
    query = select(*(articles.c[name] for name in COLUMNS)).order_by(articles.c.id)
    if language:
        query = query.where(articles.c.language == language)
    if since is not None:
        query = query.where(or_(articles.c.published_at >= since, articles.c.modified_at >= since))
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
