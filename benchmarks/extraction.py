"""Score and time crawler.extraction.extract_article against trafilatura on the article-extraction benchmark.

    python benchmarks/extraction.py [--bench DIR] [--passes 5] [--limit N] [--replica 30] [--json FILE]

Quality uses the benchmark's own scorer (score_extraction.py: 4-token shingles, mean precision and recall, F1 of the
means). Speed is pages per second over all pages, the median of --passes passes, extractors interleaved pass by pass
so that both see the same machine state. Both run in this one process, on the same decoded pages. The replica's
article pages (every edition of --replica N posts, in the Zox News layout and in the drifted layout) are timed too,
single-process, as the crawl's workers run extract_article.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import trafilatura

from crawler.extraction.article import TRAFILATURA_CONFIG, extract_article

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BENCH = Path(os.environ.get("EUREPORTER_BENCHMARKS", "/work/shared/benchmarks"))


def ours(html: str | bytes, url: str) -> str | None:
    article = extract_article(html, url)
    return article.text if article else None


def trafilatura_no_comments(html: str, url: str) -> str | None:
    """The published reference setting (reference_extractors.trafilatura_no_comments)."""
    return trafilatura.extract(html, url=url or None, include_comments=False)


def bare(html: str, url: str) -> str | None:
    """What extract_article wraps for non-EU Reporter pages, on its own: bare_extraction with metadata."""
    document = trafilatura.bare_extraction(
        html, url=url or None, with_metadata=True, include_comments=False, config=TRAFILATURA_CONFIG
    )
    return document.text if isinstance(document, trafilatura.settings.Document) else None


def replica_pages(articles: int, layout: str) -> list[tuple[str, bytes, str]]:
    """Every edition of the first `articles` posts of the replica, as (id, body, url); empty without the replica."""
    if articles <= 0:
        return []
    if str(ROOT) not in sys.path[:1]:
        sys.path.insert(0, str(ROOT))  # benchmarks/replica.py would shadow the replica package
    from replica.site import Replica, ReplicaConfig  # noqa: PLC0415 -- only this measurement needs the replica

    site = Replica(ReplicaConfig(articles=articles, layout=layout))
    pages = []
    for post in site.posts():
        for lang in site.languages:
            host = f"{'www' if lang == 'en' else lang}.{site.domain}:8080"
            _status, _headers, body = site.handle("GET", host, post.path, {})
            pages.append((f"{lang}{post.path}", body, f"http://{host}{post.path}"))
    return pages


def quality(scorer: ModuleType, pages: list[tuple[str, str, str]], truth: dict, func: Callable) -> dict:
    scores = [scorer.page_scores(truth[pid]["articleBody"], func(html, url), 4) for pid, html, url in pages]
    result = scorer.aggregate(scores)
    result["empty"] = sum(1 for s in scores if s["pred_tokens"] == 0)
    return result


def speed(funcs: dict[str, Callable], pages: list[tuple[str, str, str]], passes: int) -> dict[str, float]:
    rates: dict[str, list[float]] = {name: [] for name in funcs}
    for _ in range(passes):
        for name, func in funcs.items():
            start = time.perf_counter()
            for _pid, html, url in pages:
                func(html, url)
            rates[name].append(len(pages) / (time.perf_counter() - start))
    return {name: statistics.median(values) for name, values in rates.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH, help="folder holding score_extraction.py")
    parser.add_argument("--passes", type=int, default=5, help="timed passes per extractor (median reported)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages (by id)")
    parser.add_argument("--replica", type=int, default=30, help="replica posts to time (x its editions); 0: none")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(args.bench))
    scorer = importlib.import_module("score_extraction")
    data = args.bench / "article-extraction"
    truth = scorer.load_ground_truth(data)
    ids = sorted(truth)[: args.limit or None]
    pages = [(pid, scorer._read_text(scorer.html_path(data, pid)), truth[pid].get("url") or "") for pid in ids]
    gold = [(p.stem, p.read_text(encoding="utf-8"), "") for p in sorted((ROOT / "tests" / "pages").glob("*.html"))]
    expected = json.loads((ROOT / "tests" / "pages" / "expected.json").read_text(encoding="utf-8"))
    gold = [(name, html, expected[name]["url"]) for name, html, _ in gold if name in expected]

    ours(*pages[0][1:]), bare(*pages[0][1:])  # warm-up: imports, the language model
    results = {
        "date": datetime.date.today().isoformat(),
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}",
        "python": platform.python_version(),
        "trafilatura": trafilatura.__version__,
        "pages": len(pages),
        "passes": args.passes,
        "quality": {},
        "pages_per_second": {},
    }
    for name, func in (
        ("extract_article", ours),
        ("trafilatura.extract include_comments=False", trafilatura_no_comments),
    ):
        results["quality"][name] = quality(scorer, pages, truth, func)
    results["pages_per_second"] = speed(
        {"extract_article": ours, "trafilatura.bare_extraction": bare}, pages, args.passes
    )
    results["pages_per_second"]["extract_article, EU Reporter gold pages"] = (
        speed({"gold": ours}, gold, args.passes)["gold"] if gold else None
    )

    print(
        f"{len(pages)} pages, {results['machine']}, Python {results['python']}, trafilatura "
        f"{results['trafilatura']}, {results['date']}"
    )
    print("| extractor | P | R | F1 | exact | empty |\n|---|---|---|---|---|---|")
    for name, q in results["quality"].items():
        print(
            f"| {name} | {q['precision']:.3f} | {q['recall']:.3f} | {q['f1']:.3f} | {q['exact']:.3f} | {q['empty']} |"
        )
    print(f"\n| speed (median of {args.passes} passes) | pages/s |\n|---|---|")
    for name, rate in results["pages_per_second"].items():
        print(f"| {name} | {rate:.1f} |")
    for layout in ("zox", "drifted"):
        replica = replica_pages(args.replica, layout)
        if replica:
            rate = speed({"replica": ours}, replica, args.passes)["replica"]
            name = f"extract_article, replica article pages ({layout} layout, {len(replica)} pages)"
            results["pages_per_second"][name] = rate
            print(f"| {name} | {rate:.1f} |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
