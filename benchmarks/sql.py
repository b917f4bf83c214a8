"""ArticleStore throughput: rows/s for new, updated and unchanged articles, batched flushes versus one transaction per
article, on SQLite and on PostgreSQL (a throwaway server, fsync on). Run: python benchmarks/sql.py [--rows N]."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storage.sql import ArticleStore  # noqa: E402
from tests.fixtures_postgres import PostgresUnavailable, create_database, start_postgres  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Callable

PARAGRAPH = (
    "The European Commission presented on Tuesday its proposal for the next multiannual budget, which member states "
    "will negotiate over the coming months; farmers' organisations and several capitals have already criticised it. "
)


def article(n: int, edited: bool) -> dict[str, Any]:
    """A realistic edition: ~4 kB of text in 8 paragraphs, categories, tags, translations, an image."""
    path = f"/world/eu/2024/10/03/story-{n}/"
    body = "\n".join(f"{PARAGRAPH}({n}.{p})" for p in range(8)) + ("\nUpdate: corrected figures." if edited else "")
    return {
        "url": f"https://www.eureporter.co{path}",
        "canonical_url": f"https://www.eureporter.co{path}",
        "title": f"Commission unveils budget proposal {n}",
        "text": body,
        "author": "Jane Doe",
        "published_at": "2024-10-03T09:15:00+02:00",
        "modified_at": "2024-10-04T10:00:00+02:00" if edited else "2024-10-03T09:15:00+02:00",
        "language": "en",
        "categories": ["World", "EU"],
        "category_path": "world/eu",
        "tags": ["budget", "agriculture", "commission"],
        "translations": {code: f"https://{code}.eureporter.co{path}" for code in ("fr", "de", "it", "es", "pl")},
        "description": "The Commission's budget proposal.",
        "images": [{"url": f"https://www.eureporter.co/img/{n}.jpg", "caption": "Brussels", "lead": True}],
        "word_count": 0,
    }


def write(url: str, rows: int, batch_size: int, edited: bool, fetched_at: str) -> float:
    """Seconds to add `rows` articles and flush, in batches of batch_size (1 = a transaction per article)."""
    items = [article(n, edited) for n in range(rows)]
    store = ArticleStore(url, batch_size=batch_size)
    started = time.perf_counter()
    for n, item in enumerate(items):
        store.add(item, warc_file="b.warc.gz", warc_record_id=f"<urn:uuid:{n}>", warc_offset=n, fetched_at=fetched_at)
    store.flush()
    elapsed = time.perf_counter() - started
    store.close()
    return elapsed


NewDatabase = "Callable[[], tuple[str, Callable[[], None]]]"


def measure(new_database: NewDatabase, rows: int, repeat: int) -> dict[str, list[float]]:
    """rows/s per (operation, mode) over `repeat` fresh databases."""
    results: dict[str, list[float]] = {}
    for _ in range(repeat):
        for mode, batch_size in (("batched", 100), ("row-by-row", 1)):
            url, drop = new_database()
            try:
                timings = {
                    "new": write(url, rows, batch_size, edited=False, fetched_at="2024-10-04T08:00:00Z"),
                    "unchanged": write(url, rows, batch_size, edited=False, fetched_at="2024-10-05T08:00:00Z"),
                    "updated": write(url, rows, batch_size, edited=True, fetched_at="2024-10-06T08:00:00Z"),
                }
            finally:
                drop()
            for operation, seconds in timings.items():
                results.setdefault(f"{operation}/{mode}", []).append(rows / seconds)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1000, help="articles per run (default 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the median is shown (default 3)")
    args = parser.parse_args()

    backends: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        counter = iter(range(10**6))

        def sqlite_database() -> tuple[str, Callable[[], None]]:
            path = Path(tmp) / f"bench-{next(counter)}.db"
            return f"sqlite:///{path}", lambda: None

        backends["sqlite"] = measure(sqlite_database, args.rows, args.repeat)
        try:
            server, stop = start_postgres(durable=True)
        except PostgresUnavailable as exc:
            print(f"PostgreSQL skipped: {exc}", file=sys.stderr)
        else:
            try:
                backends["postgresql"] = measure(lambda: create_database(server, "bench"), args.rows, args.repeat)
            finally:
                stop()

    print(f"ArticleStore, {args.rows} articles of ~4 kB per run, median of {args.repeat} runs (rows/s)")
    print(f"{'backend':<11} {'operation':<10} {'batched':>9} {'row-by-row':>11} {'ratio':>6}")
    for backend, results in backends.items():
        for operation in ("new", "updated", "unchanged"):
            batched = statistics.median(results[f"{operation}/batched"])
            single = statistics.median(results[f"{operation}/row-by-row"])
            print(f"{backend:<11} {operation:<10} {batched:>9,.0f} {single:>11,.0f} {batched / single:>5.1f}x")


if __name__ == "__main__":
    main()
