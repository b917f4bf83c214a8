"""Time `eureporter reprocess` into an empty dataset against our own extract_article on the same archived pages.

    python benchmarks/reprocess.py [--source replica|synthetic] [--pages 2000] [--reps 3] [--workers auto,0]
                                   [--data DIR] [--profile] [--json F]

The archive comes from a real `scrapy crawl eureporter` of the bundled replica (every language edition, so
--pages 2000 crawls 286 English articles x 7 editions), or, with --source synthetic, is written with
storage.warc.WarcWriter from realistic records (tests/test_reprocess.py); --data DIR reuses the data directory of an
earlier crawl instead (read only: the datasets go to a temporary directory).

The baseline, timed in the same run: every archived article page, read from the WARC files beforehand (the payload as
stored, gzip), through crawler.extraction.extract_article one after another in this process. Reprocess runs into a
fresh SQLite file each time, with the default worker count (`auto`: one per core) or N. Runs alternate (baseline,
reprocess, baseline, ...) so that drift in the machine's speed touches both; figures are medians of --reps runs,
pages/s counts article pages. --profile adds a cProfile of the reprocessing process itself (workers excluded).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import math
import os
import platform
import pstats
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fastwarc.warc import ArchiveIterator, WarcRecordType  # noqa: E402

from crawler.commands.reprocess import default_workers, reprocess  # noqa: E402
from crawler.extraction import extract_article  # noqa: E402
from crawler.scope import article_match, canonical_page_url  # noqa: E402
from tests.test_reprocess import crawl_env, synthetic_pages, write_archive  # noqa: E402


def archived_pages(files: list[Path]) -> list[tuple[str, bytes]]:
    """(url, payload as archived) of every 2xx article response in the files: still gzip-compressed, as
    extract_article reads an archived page (crawler.extraction.article.decode inflates it)."""
    pages = []
    for path in files:
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh, record_types=WarcRecordType.response, parse_http=True):
                url = canonical_page_url(record.headers.get("WARC-Target-URI") or "")
                http = record.http_headers
                if article_match(url) is None or http is None or not 200 <= (http.status_code or 0) < 300:
                    continue
                pages.append((url, record.reader.read()))
    return pages


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", choices=("replica", "synthetic"), default="replica")
    parser.add_argument("--pages", type=int, default=2000, help="article pages in the archive (at least)")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--workers", default="auto", help="comma-separated worker counts for reprocess, or auto")
    parser.add_argument("--profile", action="store_true", help="also profile the reprocessing process (auto workers)")
    parser.add_argument("--data", type=Path, help="reprocess this crawl's data directory instead of making one")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args(argv)
    counts = [None if w.strip() == "auto" else int(w) for w in args.workers.split(",") if w.strip()]
    with tempfile.TemporaryDirectory(prefix="eureporter-bench-") as tmp:
        data_dir = args.data or Path(tmp) / "data"
        started = time.perf_counter()
        if args.data:
            pass
        elif args.source == "replica":
            crawl_replica(data_dir, args.pages)
        else:
            write_archive(data_dir, synthetic_pages(args.pages, datetime(2026, 1, 1, tzinfo=UTC)), dedup=False)
        files = sorted((data_dir / "warc").glob("*.warc.gz"))
        pages = archived_pages(files)
        size = sum(p.stat().st_size for p in files)
        print(
            f"archive ({args.source}): {len(pages)} article pages, {len(files)} file(s), {size / 1e6:.1f} MB, made in "
            f"{time.perf_counter() - started:.1f}s; {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"load average {os.getloadavg()[0]:.1f}; medians of {args.reps} runs",
            flush=True,
        )
        runs: dict[str, list[float]] = {}
        serial = iter(range(10**6))

        def baseline() -> None:
            extracted = sum(extract_article(body, url) is not None for url, body in pages)
            assert extracted == len(pages), (extracted, len(pages))

        main_cpu: list[float] = []

        def reprocessing(workers: int | None) -> None:
            db = f"sqlite:///{Path(tmp) / f'bench-{next(serial)}.db'}"
            before = resource.getrusage(resource.RUSAGE_SELF)
            result = reprocess(data_dir, db, progress=False, workers=workers)
            after = resource.getrusage(resource.RUSAGE_SELF)
            if result.workers:
                main_cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
            assert result.articles == len(pages), result.summary()

        labels = {"extract_article, one process, one page after another (baseline)": baseline}
        for count in counts:
            shown = default_workers(len(pages)) if count is None else count
            label = f"reprocess into an empty dataset, {shown} workers" + (" (default)" if count is None else "")
            labels[label] = lambda n=count: reprocessing(n)
        for _ in range(args.reps):
            for label, work in labels.items():
                began = time.perf_counter()
                work()
                runs.setdefault(label, []).append(time.perf_counter() - began)
        rows = [{"method": label, "seconds": statistics.median(times), "runs": times} for label, times in runs.items()]
        cpu_runs = list(main_cpu)  # before the profiled run, which cProfile slows down
        profile = _profile(lambda: reprocessing(None)) if args.profile else ""
    base = float(rows[0]["seconds"])  # type: ignore[arg-type]
    print(f"{'method':<66} {'median s':>9} {'pages/s':>8} {'x baseline':>10}")
    for row in rows:
        seconds = float(row["seconds"])  # type: ignore[arg-type]
        row["pages_per_second"] = len(pages) / seconds
        row["speedup"] = base / seconds
        print(f"{row['method']:<66} {seconds:>9.2f} {row['pages_per_second']:>8.0f} {row['speedup']:>10.2f}")
    if cpu_runs:
        cpu = statistics.median(cpu_runs)
        print(f"reprocessing process itself (workers excluded): {cpu:.2f} s CPU, {cpu / len(pages) * 1000:.2f} ms/page")
    if profile:
        print(profile)
    if args.json:
        summary = {"source": args.source, "pages": len(pages), "bytes": size, "rows": rows}
        args.json.write_text(json.dumps(summary, indent=2))
    return 0


def _profile(work: object) -> str:
    profiler = cProfile.Profile()
    began = time.perf_counter()
    profiler.runcall(work)  # type: ignore[arg-type]
    wall = time.perf_counter() - began
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    # Blocked on a result from the workers: the lock a Future's result() waits on.
    waiting = sum(v[2] for k, v in stats.stats.items() if "'acquire' of '_thread.lock'" in k[2])  # type: ignore[attr-defined]
    out.write(
        f"main process: {wall:.2f}s wall, {waiting:.2f}s of it waiting for the workers, {wall - waiting:.2f}s of its "
        "own work (cProfile inflates it), by tottime:\n"
    )
    stats.sort_stats("tottime").print_stats(12)
    return out.getvalue()


if __name__ == "__main__":
    sys.exit(main())
