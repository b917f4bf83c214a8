"""The whole crawl pipeline, unthrottled, against bare Scrapy and bare trafilatura on the same pages; peak memory.

    python benchmarks/pipeline.py [--articles 2000 20000] [--languages en] [--reps 3] [--workers -1]
                                  [--discovery sitemaps] [--json F]

For each size: the replica (its own process) serves N English articles; `eureporter crawl` (another process) crawls it
with AutoThrottle off, no delay and 32 concurrent requests, extraction in worker processes (EUREPORTER_EXTRACT_WORKERS,
default one per core). Measured: article pages/s over the crawl's wall time, and the peak resident memory of the crawl
process (sampled from /proc every 0.1 s; extraction workers reported apart). Two baselines in the same run, alternated
with the crawl so that drift in the machine's speed touches all three:
- bare Scrapy: Scrapy's own SitemapSpider (benchmarks/bare_sitemap_spider.py) fetching the same English article pages
  from the replica's sitemaps under the same download settings, and doing nothing with them (pages/s of its wall time);
- bare trafilatura: the article pages the crawl archived, read back from its WARC files and decoded, run through
  `trafilatura.bare_extraction` one after the other in this process (pages/s; reading the WARC files not timed).
Medians of --reps runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from warcio.archiveiterator import ArchiveIterator  # noqa: E402

from crawler.commands.demo import replica_process  # noqa: E402
from crawler.scope import article_match  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Iterator

FAST = [
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    "DOWNLOAD_DELAY=0",
    "-s",
    "CONCURRENT_REQUESTS=32",
    "-s",
    "CONCURRENT_REQUESTS_PER_DOMAIN=32",
    "-s",
    "LOG_LEVEL=WARNING",
    "-s",
    "EUREPORTER_PROGRESS_BAR=False",
]


def _rss(pid: int) -> int:
    try:
        with Path(f"/proc/{pid}/status").open() as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    try:
        with Path(f"/proc/{pid}/task/{pid}/children").open() as fh:
            return [int(p) for p in fh.read().split()]
    except OSError:
        return []


class PeakMemory(threading.Thread):
    """Peak RSS of a process and, separately, of the sum of its children (the extraction workers)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.main = 0
        self.workers = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.main = max(self.main, _rss(self.pid))
            self.workers = max(self.workers, sum(_rss(c) for c in _children(self.pid)))
            time.sleep(0.1)


def crawl(site: str, data: Path, languages: str, workers: int, discovery: str = "") -> dict[str, float]:
    command = [
        sys.executable,
        "-m",
        "crawler.commands.cli",
        "crawl",
        "--site",
        site,
        "--resolve",
        "*.eureporter.test=127.0.0.1",
        "--data",
        str(data),
        "--languages",
        languages,
        *FAST,
        "-s",
        f"EUREPORTER_EXTRACT_WORKERS={workers}",
        *(["-s", f"EUREPORTER_DISCOVERY={discovery}"] if discovery else []),
    ]
    started = time.monotonic()
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = PeakMemory(proc.pid)
    peak.start()
    out, err = proc.communicate()
    elapsed = time.monotonic() - started
    peak.done.set()
    peak.join()
    if proc.returncode != 0:
        raise SystemExit(f"crawl failed ({proc.returncode}):\n{err[-3000:]}")
    pages = sum(1 for _ in article_pages(data))
    return {
        "seconds": elapsed,
        "pages": pages,
        "pages_per_s": pages / elapsed,
        "rss_mb": peak.main / 1e6,
        "workers_rss_mb": peak.workers / 1e6,
    }


def bare_scrapy(site: str) -> dict[str, float]:
    """Scrapy's SitemapSpider alone on the same site and download settings: article pages/s of its wall time."""
    command = [
        sys.executable,
        "-m",
        "scrapy.cmdline",
        "runspider",
        str(ROOT / "benchmarks" / "bare_sitemap_spider.py"),
        "-a",
        f"site={site}",
        *FAST,
        "-s",
        "LOG_LEVEL=INFO",  # for the stats dump
        "-s",
        "ROBOTSTXT_OBEY=True",
        "-s",
        "TELNETCONSOLE_ENABLED=False",
        # The same resolver as the crawl's --resolve, so both reach the replica's host names the same way.
        "-s",
        "TWISTED_DNS_RESOLVER=crawler.resolver.OverrideResolver",
        "-s",
        f"EUREPORTER_SITE={site}",
        "-s",
        "EUREPORTER_RESOLVE=*.eureporter.test=127.0.0.1",
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as outside:  # away from scrapy.cfg: Scrapy's defaults, not the project's
        started = time.monotonic()
        proc = subprocess.Popen(
            command, cwd=outside, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        peak = PeakMemory(proc.pid)
        peak.start()
        _, err = proc.communicate()
        elapsed = time.monotonic() - started
        peak.done.set()
        peak.join()
    found = re.search(r"'bare/articles': (\d+)", err)
    if proc.returncode != 0 or found is None:
        raise SystemExit(f"bare Scrapy crawl failed ({proc.returncode}):\n{err[-3000:]}")
    pages = int(found.group(1))
    return {"seconds": elapsed, "pages": pages, "pages_per_s": pages / elapsed, "rss_mb": peak.main / 1e6}


def article_pages(data: Path) -> Iterator[tuple[str, bytes]]:
    """The archived article pages, decoded, streamed from the WARC files (never all in memory)."""
    for path in sorted((data / "warc").glob("*.warc.gz")):
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                if (
                    record.rec_type == "response"
                    and record.http_headers.get_statuscode() == "200"
                    and article_match(uri)
                ):
                    yield uri, record.content_stream().read()


def bare_trafilatura(pages: Iterator[tuple[str, bytes]]) -> float:
    """Pages/s of trafilatura.bare_extraction alone (reading the WARC files is not timed)."""
    import logging

    from trafilatura import bare_extraction

    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    count, spent = 0, 0.0
    for url, body in pages:
        started = time.perf_counter()
        bare_extraction(body.decode("utf-8", "replace"), url=url, with_metadata=True)
        spent += time.perf_counter() - started
        count += 1
    return count / spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--languages", default="en")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--workers", type=int, default=-1)
    parser.add_argument(
        "--discovery",
        default="",
        help="the crawl's EUREPORTER_DISCOVERY (default: the project's, sitemaps, feed and listings); 'sitemaps' "
        "discovers exactly as the bare SitemapSpider does",
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    results = []
    for articles in args.articles:
        runs, bare, scrapy_runs = [], [], []
        with replica_process(articles) as site:
            for _ in range(args.reps):
                scrapy_runs.append(bare_scrapy(site))
                with tempfile.TemporaryDirectory() as tmp:
                    runs.append(crawl(site, Path(tmp), args.languages, args.workers, args.discovery))
                    bare.append(bare_trafilatura(article_pages(Path(tmp))))
        row = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
        scrapy_rate = statistics.median(r["pages_per_s"] for r in scrapy_runs)
        row.update(
            articles=articles,
            bare_pages_per_s=statistics.median(bare),
            ratio=row["pages_per_s"] / statistics.median(bare),
            scrapy_pages=statistics.median(r["pages"] for r in scrapy_runs),
            scrapy_pages_per_s=scrapy_rate,
            scrapy_ratio=row["pages_per_s"] / scrapy_rate,
            runs=runs,
            scrapy_runs=scrapy_runs,
            bare_runs=bare,
        )
        results.append(row)

    print(
        f"# {datetime.now(UTC):%Y-%m-%d}, {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; medians of {args.reps} runs; workers={args.workers}; "
        f"discovery={args.discovery or 'default'}"
    )
    print(
        f"{'articles':>9} {'pages':>7} {'crawl s':>8} {'pages/s':>8} {'scrapy/s':>9} {'vs scrapy':>9} "
        f"{'trafil./s':>9} {'vs trafil.':>10} {'RSS MB':>7} {'workers MB':>10}"
    )
    for r in results:
        print(
            f"{r['articles']:>9} {r['pages']:>7.0f} {r['seconds']:>8.1f} {r['pages_per_s']:>8.1f} "
            f"{r['scrapy_pages_per_s']:>9.1f} {r['scrapy_ratio']:>9.2f} {r['bare_pages_per_s']:>9.1f} "
            f"{r['ratio']:>10.2f} {r['rss_mb']:>7.0f} {r['workers_rss_mb']:>10.0f}"
        )
    for r in results:
        each = ", ".join(
            f"{c['pages_per_s']:.1f}/{b['pages_per_s']:.1f}" for c, b in zip(r["runs"], r["scrapy_runs"], strict=True)
        )
        print(f"# {r['articles']} articles, each run (crawl/bare Scrapy pages/s): {each}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
