"""The dataset at a glance: totals per language, the newest article, the last crawl runs and how they ended."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from storage.schema import CRAWL_FIGURES, article_versions, articles, crawls, current_version
from storage.sql import ArticleStore

if TYPE_CHECKING:
    from datetime import datetime

CRAWL_COLUMNS = ("id", "started_at", "finished_at", "status", "finish_reason", *CRAWL_FIGURES, "hostname", "pid")


def collect_stats(db_url: str, *, crawls_shown: int = 10) -> dict[str, Any]:
    """A report as plain values: database, schema_version, articles, versions, languages (code -> articles, newest
    published_at), newest_article, crawls (the last `crawls_shown`, newest first, each with its figures and
    duration_seconds) and last_crawl (the newest of them, or None)."""
    store = ArticleStore(db_url, create=False)
    try:
        with store.engine.connect() as conn:
            languages = {
                row.language or "unknown": {"articles": row.articles, "newest_published_at": row.newest}
                for row in conn.execute(
                    select(
                        articles.c.language,
                        func.count().label("articles"),
                        func.max(articles.c.published_at).label("newest"),
                    )
                    .group_by(articles.c.language)
                    .order_by(func.count().desc(), articles.c.language)
                )
            }
            newest = (
                conn.execute(
                    select(articles.c.published_at, articles.c.title, articles.c.url, articles.c.language)
                    .where(articles.c.published_at.is_not(None))
                    .order_by(articles.c.published_at.desc(), articles.c.id.desc())
                    .limit(1)
                )
                .mappings()
                .first()
            )
            runs = [
                dict(row)
                for row in conn.execute(
                    select(*(crawls.c[name] for name in CRAWL_COLUMNS))
                    .order_by(crawls.c.started_at.desc(), crawls.c.id.desc())
                    .limit(crawls_shown)
                ).mappings()
            ]
            report: dict[str, Any] = {
                "database": store.url,
                "schema_version": current_version(conn),
                "articles": sum(entry["articles"] for entry in languages.values()),
                "versions": conn.execute(select(func.count()).select_from(article_versions)).scalar_one(),
                "languages": languages,
                "newest_article": dict(newest) if newest else None,
            }
    finally:
        store.close()
    for run in runs:
        end = run["finished_at"]
        run["duration_seconds"] = (end - run["started_at"]).total_seconds() if end else None
    report["crawls"] = runs
    report["last_crawl"] = runs[0] if runs else None
    return report


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "-"


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s"


def _size(count: int) -> str:
    size = float(count)
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    raise AssertionError("unreachable")


def render_stats(report: dict[str, Any]) -> str:
    """The report of collect_stats as plain text for a terminal."""
    lines = [
        f"Dataset {report['database']} (schema version {report['schema_version']})",
        f"Articles: {report['articles']:,} editions, {report['versions']:,} earlier versions",
    ]
    for code, entry in report["languages"].items():
        lines.append(f"  {code:<8} {entry['articles']:>9,}   newest published {_when(entry['newest_published_at'])}")
    newest = report["newest_article"]
    if newest:
        lines.append(f"Newest article: {_when(newest['published_at'])}  {newest['title']}  <{newest['url']}>")
    last = report["last_crawl"]
    if last is None:
        lines.append("Crawls: none recorded yet")
        return "\n".join(lines) + "\n"
    lines.append(
        f"Last crawl: #{last['id']} {last['status']} ({last['finish_reason'] or 'no reason recorded'}), started "
        f"{_when(last['started_at'])}, ran {_duration(last['duration_seconds'])}: {last['pages']:,} pages, "
        f"{last['articles_new']:,} new, {last['articles_updated']:,} updated, "
        f"{last['articles_unchanged']:,} unchanged, {last['errors']:,} errors, {_size(last['bytes'])}"
    )
    header = f"  {'id':>5}  {'started':<20}  {'ran':>7}  {'status':<11}  {'pages':>8}  {'new':>7}  {'updated':>7}  "
    lines += ["Recent crawls:", header + f"{'unchanged':>9}  {'errors':>6}  {'bytes':>9}"]
    for run in report["crawls"]:
        lines.append(
            f"  {run['id']:>5}  {_when(run['started_at']):<20}  {_duration(run['duration_seconds']):>7}  "
            f"{run['status']:<11}  {run['pages']:>8,}  {run['articles_new']:>7,}  {run['articles_updated']:>7,}  "
            f"{run['articles_unchanged']:>9,}  {run['errors']:>6,}  {_size(run['bytes']):>9}"
        )
    return "\n".join(lines) + "\n"
