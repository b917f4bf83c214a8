"""Time `crawler.commands.reprocess.reprocess` against bare WARC iteration over the same files.

    python benchmarks/reprocess.py [--source replica|synthetic] [--pages 1000] [--reps 3] [--workers 0,1] [--json F]

The archive comes from a real `scrapy crawl eureporter` of the bundled replica (every language edition, so
--pages 1000 crawls 143 English articles x 7 editions), or, with --source synthetic, is written with
storage.warc.WarcWriter from realistic records (tests/test_reprocess.py: the a1 frozen page per article, gzip bodies,
request/response pairs, robots.txt, listings and 404s between them). Baselines: warcio's ArchiveIterator reading
every record's raw body, and the same decoding the Content-Encoding (content_stream). Reprocess runs into a fresh
SQLite file each time, in-process (0) or with N extraction workers. Figures are medians of --reps runs; pages/s
counts article pages.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from warcio.archiveiterator import ArchiveIterator  # noqa: E402

from crawler.commands.reprocess import default_workers, reprocess  # noqa: E402
from tests.test_reprocess import crawl_env, synthetic_pages, write_archive  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Callable


def bare_iteration(files: list[Path], decode: bool) -> int:
    records = 0
    for path in files:
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                stream = record.content_stream() if decode and record.http_headers else record.raw_stream
                while stream.read(1 << 16):
                    pass
                records += 1
    return records


def crawl_replica(data_dir: Path, pages: int) -> int:
    """Crawl a replica big enough for `pages` article pages into data_dir; the number of article pages stored."""
    from replica import DEFAULT_LANGUAGES, running_replica

    articles = math.ceil(pages / len(DEFAULT_LANGUAGES))
    with running_replica(articles=articles) as site:
        settings = {
            "EUREPORTER_SITE": site.base_url,
            "EUREPORTER_RESOLVE": site.resolve,
            "EUREPORTER_DATA_DIR": data_dir,
            "EUREPORTER_INCREMENTAL": False,
            "EUREPORTER_EXTRACT_WORKERS": 0,
            "DOWNLOAD_DELAY": 0,
            "AUTOTHROTTLE_ENABLED": False,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
            "LOG_LEVEL": "WARNING",
        }
        command = [sys.executable, "-m", "scrapy.cmdline", "crawl", "eureporter"]
        for name, value in settings.items():
            command += ["-s", f"{name}={value}"]
        subprocess.run(command, cwd=ROOT, env=crawl_env(), check=True, capture_output=True)
    with sqlite3.connect(data_dir / "eureporter.db") as db:
        return int(db.execute("SELECT count(*) FROM articles").fetchone()[0])


def timed(func: Callable[[], object], reps: int) -> tuple[float, list[float]]:
    runs = []
    for _ in range(reps):
        started = time.perf_counter()
        func()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs), runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", choices=("replica", "synthetic"), default="replica")
    parser.add_argument("--pages", type=int, default=1000, help="article pages in the archive (at least)")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--workers", default="0,1", help="comma-separated extraction worker counts")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args(argv)
    workers = [int(w) for w in args.workers.split(",") if w.strip()]
    with tempfile.TemporaryDirectory(prefix="eureporter-bench-") as tmp:
        data_dir = Path(tmp) / "data"
        started = time.perf_counter()
        if args.source == "replica":
            pages = crawl_replica(data_dir, args.pages)
        else:
            pages = args.pages
            write_archive(data_dir, synthetic_pages(pages, datetime(2026, 1, 1, tzinfo=UTC)), dedup=False)
        files = sorted((data_dir / "warc").glob("*.warc.gz"))
        size = sum(p.stat().st_size for p in files)
        print(
            f"archive ({args.source}): {pages} article pages, {len(files)} file(s), {size / 1e6:.1f} MB, "
            f"made in {time.perf_counter() - started:.1f}s; {os.cpu_count()} cores, Python "
            f"{platform.python_version()}, load average {os.getloadavg()[0]:.1f}; medians of {args.reps} runs",
            flush=True,
        )
        rows: list[dict[str, object]] = []
        for name, decode in (("bare ArchiveIterator (raw bodies)", False), ("bare ArchiveIterator (decoded)", True)):
            median, runs = timed(lambda d=decode: bare_iteration(files, d), args.reps)
            rows.append({"method": name, "seconds": median, "runs": runs})
        counter = iter(range(10**6))
        for count in workers:

            def run(n: int = count) -> None:
                db = f"sqlite:///{Path(tmp) / f'bench-{next(counter)}.db'}"
                result = reprocess(data_dir, db, progress=False, workers=n)
                assert result.articles == pages, result.summary()

            median, runs = timed(run, args.reps)
            label = f"reprocess, {count} workers" + (" (default)" if count == default_workers(pages) else "")
            rows.append({"method": label, "seconds": median, "runs": runs})
    bare = float(rows[0]["seconds"])  # type: ignore[arg-type]
    print(f"{'method':<40} {'median s':>9} {'pages/s':>9} {'x bare':>8}")
    for row in rows:
        seconds = float(row["seconds"])  # type: ignore[arg-type]
        row["pages_per_second"] = pages / seconds
        row["ratio_to_bare"] = seconds / bare
        print(f"{row['method']:<40} {seconds:>9.2f} {row['pages_per_second']:>9.0f} {row['ratio_to_bare']:>8.1f}")
    if args.json:
        summary = {"source": args.source, "pages": pages, "bytes": size, "rows": rows}
        args.json.write_text(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
