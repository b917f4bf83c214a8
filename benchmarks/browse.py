"""`eureporter browse` on a 20,000-article SQLite dataset: full-text search latency through Datasette's JSON API
(`/eureporter/articles.json?_search=…`) against the same view filtered with a plain LIKE (`text__contains=…`, the
baseline), and the command's start time: the first start (which builds the full-text index) and the later ones.

The dataset: the demo's crawl of a 3-article replica (real WARC files, so pywb has something to serve), then replica
posts in all seven editions (titles, texts, dates, categories, tags and translations as the replica renders them)
written through ArticleStore, as a crawl writes them, up to --articles rows. Nothing is crawled for those rows.

Run: python benchmarks/browse.py [--articles 20000] [--repeat 15] [--starts 3] [--data DIR (kept; reused if present)]
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from replica.corpus import Corpus  # noqa: E402
from replica.text import SUPPORTED  # noqa: E402
from storage.sql import ArticleStore  # noqa: E402

BASE = "https://www.eureporter.co"
PHRASES = (
    "Commission",
    "European Parliament",
    '"critical raw materials"',
    "Kazakhstan investment",
    "Karimov",
    "Commission européenne",
    "Europäische Kommission",
    "Tashkent memorandum",
)
"""Common and rare words, a quoted phrase, names, and two editions' own words."""


def build(data: Path, rows: int) -> int:
    """The dataset under `data`; returns the number of article rows."""
    started = time.perf_counter()
    demo = [sys.executable, "-m", "crawler.commands.cli", "demo", "--data", str(data), "--articles", "3"]
    subprocess.run(demo, cwd=ROOT, check=True, capture_output=True, text=True, timeout=300)
    db = data / "eureporter.db"
    with sqlite3.connect(db) as conn:
        have = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    wanted = rows - have
    corpus = Corpus(math.ceil(wanted / len(SUPPORTED)), 1)
    with ArticleStore(f"sqlite:///{db}") as store:
        written = 0
        for post in corpus.posts:
            translations = {lang: post.url(lang, BASE) for lang in SUPPORTED}
            for lang in SUPPORTED:
                if written == wanted:
                    break
                store.add(
                    {
                        "url": translations[lang],
                        "canonical_url": translations["en"],
                        "title": post.title(lang),
                        "text": "\n".join(post.paragraphs(lang)),
                        "author": post.author,
                        "published_at": post.published.isoformat(),
                        "modified_at": post.modified.isoformat(),
                        "language": lang,
                        "categories": [post.category_label(lang)],
                        "category_path": post.category_path,
                        "tags": post.tags,
                        "translations": translations,
                    },
                    fetched_at="2026-11-28T08:00:00Z",
                    warc_file="EUREPORTER-benchmark.warc.gz",
                    warc_record_id=f"<urn:uuid:{post.key:08x}-{lang}>",
                    warc_offset=written,
                )
                written += 1
    with sqlite3.connect(db) as conn:
        total = int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    print(f"dataset: {total:,} articles in {db} ({db.stat().st_size / 1e6:.0f} MB), built in "
          f"{time.perf_counter() - started:.1f} s", flush=True)  # fmt: skip
    return total


class Browse:
    """`eureporter browse --port 0` in the background; `seconds` from the spawn to its ready line."""

    def __init__(self, data: Path) -> None:
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "crawler.commands.cli", "browse", "--data", str(data), "--port", "0"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        self.seconds = time.perf_counter() - started
        if not line.startswith("ready "):
            self.stop()
            raise SystemExit(f"browse did not start: {line!r} {self.stderr}")
        self.url = line.split()[1]

    stderr = ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)
        assert self.process.stderr is not None
        self.stderr = self.process.stderr.read()


def timed_get(conn: http.client.HTTPConnection, path: str) -> tuple[float, dict[str, Any]]:
    started = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    if response.status != 200:
        raise SystemExit(f"{path}: HTTP {response.status}: {body[:300]!r}")
    return elapsed, json.loads(body)


def median_ms(conn: http.client.HTTPConnection, path: str, repeat: int) -> tuple[float, int]:
    """Median milliseconds of `repeat` requests (after one untimed warm-up) and the matching row count."""
    _, data = timed_get(conn, path)
    times = [timed_get(conn, path)[0] for _ in range(repeat)]
    return statistics.median(times) * 1000, int(data.get("filtered_table_rows_count") or 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20_000, help="article rows in the dataset (default 20000)")
    parser.add_argument("--repeat", type=int, default=15, help="timed requests per phrase and method (default 15)")
    parser.add_argument("--starts", type=int, default=3, help="later starts of browse to time (default 3)")
    parser.add_argument(
        "--data", type=Path, help="data directory to build (or reuse) and keep; default a temporary one"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="eureporter-browse-bench-") as scratch:
        data = args.data or Path(scratch) / "data"
        if (data / "eureporter.db").exists():
            with sqlite3.connect(data / "eureporter.db") as conn:
                rows = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            print(f"dataset: reusing {rows:,} articles in {data} (the first start below may not build the index)")
        else:
            rows = build(data, args.articles)

        first = Browse(data)
        first.stop()
        built = "builds the full-text index" if "full-text index built" in first.stderr else "index already there"
        starts = []
        for _ in range(args.starts):
            later = Browse(data)
            starts.append(later.seconds)
            later.stop()
        print(f"\nbrowse start to its ready line (Datasette and pywb both answering), {rows:,} articles")
        print(f"  first start ({built}): {first.seconds:.2f} s")
        print(f"  later starts, median of {len(starts)}: {statistics.median(starts):.2f} s "
              f"(min {min(starts):.2f}, max {max(starts):.2f})")  # fmt: skip

        server = Browse(data)
        try:
            address = urlsplit(server.url)
            conn = http.client.HTTPConnection(address.hostname or "127.0.0.1", address.port, timeout=60)
            print(f"\nGET /eureporter/articles.json, one keep-alive connection, median of {args.repeat} (ms)")
            print(f"{'phrase':<28} {'hits':>6} {'_search (FTS5)':>15} {'text__contains (LIKE)':>22} {'ratio':>6}")
            searches, scans = [], []
            for phrase in PHRASES:
                search_ms, hits = median_ms(conn, f"/eureporter/articles.json?_search={quote(phrase)}", args.repeat)
                words = phrase.strip('"')
                like_ms, _ = median_ms(conn, f"/eureporter/articles.json?text__contains={quote(words)}", args.repeat)
                searches.append(search_ms)
                scans.append(like_ms)
                print(f"{phrase:<28} {hits:>6} {search_ms:>15.1f} {like_ms:>22.1f} {like_ms / search_ms:>5.1f}×")
            plain_ms, _ = median_ms(conn, "/eureporter/articles.json", args.repeat)
            search, scan = statistics.median(searches), statistics.median(scans)
            print(f"{'median over the phrases':<28} {'':>6} {search:>15.1f} {scan:>22.1f} {scan / search:>5.1f}×")
            print(f"{'no filter (first page)':<28} {rows:>6} {plain_ms:>15.1f}")
            conn.close()
        finally:
            server.stop()
    # The machine is shared: say how busy it was (more than 2.0 on 2 cores means the figures are inflated).
    print("\nload average (1, 5, 15 min) at the end: " + ", ".join(f"{load:.1f}" for load in os.getloadavg()))


if __name__ == "__main__":
    main()
