"""Peak memory of a whole crawl as the archive grows, against bare Scrapy on the same site; growth per article.

    python benchmarks/memory.py [--articles 5000 50000] [--languages en] [--json F]

For each size the replica (its own process) serves N English articles, and two crawls of it run one after the other:
`eureporter crawl` (unthrottled, as benchmarks/pipeline.py runs it) and, as the baseline, Scrapy's own SitemapSpider
fetching the same article pages and doing nothing with them (benchmarks/bare_sitemap_spider.py). The peak resident
memory of each crawl process is sampled from /proc every 0.1 s (the crawl's extraction workers apart). The growth
per stored article is the difference between two sizes divided by the difference in articles. Memory does not
depend on the machine's load, so one run per size is enough.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.pipeline import bare_scrapy, crawl  # noqa: E402
from crawler.commands.demo import replica_process  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[5000, 50000])
    parser.add_argument("--languages", default="en")
    parser.add_argument("--workers", type=int, default=-1)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    rows = []
    for articles in args.articles:
        with replica_process(articles) as site:
            bare = bare_scrapy(site)
            with tempfile.TemporaryDirectory() as tmp:
                ours = crawl(site, Path(tmp), args.languages, args.workers)
        rows.append({"articles": articles, "crawl": ours, "bare": bare})
        print(
            f"# {articles} articles: crawl {ours['rss_mb']:.0f} MB (workers {ours['workers_rss_mb']:.0f} MB), "
            f"bare Scrapy {bare['rss_mb']:.0f} MB",
            flush=True,
        )

    print(
        f"# {datetime.now(UTC):%Y-%m-%d}, {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    print(f"{'articles':>9} {'pages':>7} {'crawl MB':>9} {'workers MB':>10} {'bare Scrapy MB':>15} {'ratio':>6}")
    for r in rows:
        c, b = r["crawl"], r["bare"]
        print(
            f"{r['articles']:>9} {c['pages']:>7.0f} {c['rss_mb']:>9.0f} {c['workers_rss_mb']:>10.0f} "
            f"{b['rss_mb']:>15.0f} {c['rss_mb'] / b['rss_mb']:>6.2f}"
        )
    for first, last in zip(rows, rows[1:], strict=False):
        span = last["articles"] - first["articles"]
        ours = (last["crawl"]["rss_mb"] - first["crawl"]["rss_mb"]) * 1e6 / span
        bare = (last["bare"]["rss_mb"] - first["bare"]["rss_mb"]) * 1e6 / span
        print(
            f"growth {first['articles']} -> {last['articles']} articles: crawl {ours / 1024:.2f} KB per article, "
            f"bare Scrapy {bare / 1024:.2f} KB per article"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
