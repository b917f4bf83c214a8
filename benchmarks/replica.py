"""Throughput of the replica server (pages/s to a concurrent keep-alive client) against a static-bytes baseline.

    python benchmarks/replica.py [--articles N] [--seconds S] [--threads T] [--repeats R]

Both servers run as subprocesses on loopback with the same asyncio HTTP/1.1 front end (replica.server.HttpServer);
the baseline answers every request with the same pre-built gzip body, so the ratio shows what rendering costs.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

ROOT = Path(__file__).resolve().parent.parent
# This script is itself called replica.py: keep its directory off sys.path so that `import replica` is the package
# of this checkout.
sys.path[:] = [str(ROOT), *(entry for entry in sys.path if Path(entry or ".").resolve() != ROOT / "benchmarks")]
DOMAIN = "eureporter.test"


def serve_static() -> None:
    """The baseline server: the same HTTP front end answering every request with one pre-rendered gzip article."""
    import asyncio

    from replica import Replica, ReplicaConfig
    from replica.server import HttpServer

    site = Replica(ReplicaConfig(articles=300, domain=DOMAIN))
    status, headers, body = site.handle("GET", f"www.{DOMAIN}", site.posts()[-1].path, {"Accept-Encoding": "gzip"})

    async def main() -> None:
        server = HttpServer(lambda method, host, target, request: (status, headers, body), "127.0.0.1", 0)
        await server.start()
        print(f"ready http://127.0.0.1:{server.port}/", flush=True)
        await asyncio.Event().wait()

    asyncio.run(main())


def start(command: list[str]) -> tuple[subprocess.Popen[str], int]:
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    match = re.search(r":(\d+)/$", line.strip())
    if not match:
        process.kill()
        raise SystemExit(f"server did not start: {command} printed {line!r}")
    return process, int(match.group(1))


def measure(port: int, requests: Iterator[tuple[str, str]], threads: int, seconds: float) -> tuple[float, float]:
    """(pages/s, MB/s on the wire) for `threads` keep-alive clients pulling (host, path) pairs until the deadline."""
    lock = threading.Lock()
    done = [0, 0]
    deadline = time.perf_counter() + seconds

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        count = size = 0
        while time.perf_counter() < deadline:
            with lock:
                item = next(requests, None)
            if item is None:
                break
            host, path = item
            connection.request("GET", path, headers={"Host": host, "Accept-Encoding": "gzip, deflate"})
            response = connection.getresponse()
            size += len(response.read())
            count += 1
        connection.close()
        with lock:
            done[0] += count
            done[1] += size

    started = time.perf_counter()
    workers = [threading.Thread(target=client) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    return done[0] / elapsed, done[1] / elapsed / 1e6


def workloads(articles: int, port: int) -> dict[str, Sequence[tuple[str, str]]]:
    from replica import Replica, ReplicaConfig
    from replica.taxonomy import BY_PATH, TAGS

    site = Replica(ReplicaConfig(articles=articles, domain=DOMAIN))
    hosts = {lang: f"{'www' if lang == 'en' else lang}.{DOMAIN}:{port}" for lang in site.languages}
    posts = site.posts()
    # Newest first, every edition of a post in turn: what a crawl of all editions asks for.
    articles_cold = [(hosts[lang], post.path) for post in reversed(posts) for lang in site.languages]
    listings = [
        (hosts[lang], f"{base}page/{page}/" if page > 1 else base)
        for page in range(1, 40)
        for base in [*(f"/{path}/" for path in BY_PATH), *(f"/tag/{slug}/" for slug in TAGS)]
        for lang in site.languages
    ]
    # The oldest posts: the cold run, newest first, never reaches them.
    warm = articles_cold[-200:]
    return {"articles, cold": articles_cold, "articles, warm": warm, "listings, cold": listings}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--seconds", type=float, default=3.0, help="duration of one repetition")
    parser.add_argument("--threads", type=int, default=16, help="concurrent keep-alive connections")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--static-server", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.static_server:
        serve_static()
        return 0
    replica, port = start([sys.executable, "-m", "replica", "serve", "--port", "0", "--articles", str(args.articles)])
    try:
        loads = workloads(args.articles, port)
        baseline, baseline_port = start([sys.executable, __file__, "--static-server"])
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in [*loads, "static baseline"]}
        cursors = {name: iter(load) for name, load in loads.items() if name != "articles, warm"}
        measure(port, iter(loads["articles, warm"]), args.threads, 60)  # prime the cache
        for _ in range(args.repeats):
            for name in loads:
                source = itertools.cycle(loads[name]) if name == "articles, warm" else cursors[name]
                results[name].append(measure(port, source, args.threads, args.seconds))
            static = itertools.repeat((f"127.0.0.1:{baseline_port}", "/"))
            results["static baseline"].append(measure(baseline_port, static, args.threads, args.seconds))
        baseline.terminate()
    finally:
        replica.terminate()
    reference = statistics.median(rate for rate, _ in results["static baseline"])
    print(f"\nreplica: {args.articles} articles x 7 editions, {args.threads} keep-alive clients, gzip, "
          f"{args.repeats} x {args.seconds:g} s (median; min-max)\n")  # fmt: skip
    print(f"{'workload':<18} {'pages/s':>9} {'min':>8} {'max':>8} {'MB/s':>7} {'vs static':>10}")
    for name, runs in results.items():
        rates = [rate for rate, _ in runs]
        volume = statistics.median(mb for _, mb in runs)
        median = statistics.median(rates)
        print(
            f"{name:<18} {median:>9.0f} {min(rates):>8.0f} {max(rates):>8.0f} {volume:>7.1f} {median / reference:>9.0%}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
