"""The `eureporter` console script: a thin layer that turns options into settings and runs the job.

Exit codes (CONTRACT.md): 0 the job did its work; 2 bad usage, with a one-line message naming the option; 1 the job
failed, with a message saying what to do.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from crawler import __version__

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from crawler.commands.run import CrawlResult

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse's own exit code is 2 as well; its message in one line, naming the option (no usage block).
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"{value!r} must be 0 or more")
    return number


def _port(value: str) -> int:
    if not value.isdigit() or int(value) > 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a TCP port: use 0 (any free port) to 65535")
    return int(value)


def _add_site_options(parser: argparse.ArgumentParser) -> None:
    """--site, --resolve and -s: what every command that fetches from the site takes."""
    parser.add_argument("--site", help="base URL of the English edition (default https://www.eureporter.co)")
    parser.add_argument(
        "--resolve",
        action="append",
        default=[],
        metavar="HOST=IP",
        help="map a host, or '*.domain', to an IP address (curl style); repeatable",
    )
    parser.add_argument(
        "-s",
        dest="settings",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a Scrapy or EUREPORTER_* setting; repeatable",
    )


def _add_crawl_options(parser: argparse.ArgumentParser) -> None:
    _add_site_options(parser)
    parser.add_argument(
        "--data", default="data", help="data directory: eureporter.db, warc/, indexes/ (default ./data)"
    )
    parser.add_argument("--db", help="SQLAlchemy URL of the dataset (default sqlite:///DATA/eureporter.db)")
    parser.add_argument("--languages", help="editions to crawl: comma-separated codes (en,fr,de) or 'all' (default)")
    parser.add_argument("--since", help="only articles published or modified on or after YYYY-MM-DD")
    parser.add_argument("--max-pages", type=_positive_int, help="fetch at most N pages (0 = no limit)")
    parser.add_argument(
        "--full", action="store_true", help="full backfill: fetch every article again, not only new or changed ones"
    )
    parser.add_argument("--jobdir", help="directory keeping the crawl's state, so a stopped crawl resumes")
    parser.add_argument(
        "--redis", metavar="URL", help="share the frontier with other crawl processes through Redis (scrapy-redis)"
    )


def _add_store_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", default="data", help="data directory (default ./data)")
    parser.add_argument("--db", help="SQLAlchemy URL of the dataset (default sqlite:///DATA/eureporter.db)")


def _crawl_overrides(args: argparse.Namespace) -> dict[str, object]:
    from crawler.commands.run import parse_setting_pairs

    overrides: dict[str, object] = {"EUREPORTER_DATA_DIR": args.data}
    for option, setting in (
        ("site", "EUREPORTER_SITE"),
        ("db", "EUREPORTER_SQL_URL"),
        ("languages", "EUREPORTER_LANGUAGES"),
        ("since", "EUREPORTER_SINCE"),
        ("max_pages", "EUREPORTER_MAX_PAGES"),
        ("jobdir", "JOBDIR"),
    ):
        value = getattr(args, option)
        if value is not None:
            overrides[setting] = value
    if args.full:
        overrides["EUREPORTER_INCREMENTAL"] = False
    if args.resolve:
        overrides["EUREPORTER_RESOLVE"] = ",".join(args.resolve)
    settings = parse_setting_pairs(args.settings)
    if args.redis:
        from crawler.extensions.distributed import redis_settings

        overrides.update(redis_settings(args.redis, settings.get("EUREPORTER_REDIS_JOB", "eureporter")))
    overrides.update(settings)
    return overrides


def cmd_crawl(args: argparse.Namespace) -> int:
    from crawler.commands.demo import format_summary
    from crawler.commands.run import project_settings, run_crawl

    settings = project_settings(_crawl_overrides(args))
    result = run_crawl(settings)
    print(format_summary(result, args.data))
    return _outcome(result)


def _outcome(result: CrawlResult, command: str = "crawl") -> int:
    """The exit code; when the run failed, one line on stderr naming the cause and the fix (the log has the rest)."""
    problem = result.problem()
    if problem is not None:
        print(f"eureporter {command}: {problem}", file=sys.stderr)
    return EXIT_OK if result.ok else EXIT_FAILED


def cmd_demo(args: argparse.Namespace) -> int:
    from crawler.commands.demo import demo_port, demo_settings, format_summary, replica_process
    from crawler.commands.run import project_settings, run_crawl

    print(
        f"Starting the EU Reporter replica ({args.articles} articles, every language edition) on loopback…", flush=True
    )
    with replica_process(args.articles, port=demo_port()) as site:
        print(f"Crawling {site}/ into {args.data}/ …", flush=True)
        settings = project_settings(demo_settings(site, args.data, "INFO" if args.verbose else "WARNING"))
        result = run_crawl(settings)
    print(format_summary(result, args.data))
    return _outcome(result, "demo")


def _db_url(args: argparse.Namespace) -> str:
    from crawler.options import default_sql_url

    return args.db or default_sql_url(Path(args.data))


def _db_option(args: argparse.Namespace) -> str:
    """The option a database problem is about: --db when given, else --data (the default database lives there)."""
    return "--db" if args.db else f"--data {args.data}"


def cmd_export(args: argparse.Namespace) -> int:
    from crawler.commands.run import JobError, UsageError

    if args.out:
        out = Path(args.out)
        if out.is_dir():
            raise UsageError(f"--out {args.out}: is a directory; give the path of the file to write")
        if not out.parent.is_dir():
            raise UsageError(f"--out {args.out}: the directory {out.parent} does not exist; create it first")
    try:
        return _export(args)
    except OSError as exc:
        where = exc.filename or args.out or "stdout"
        raise JobError(f"--out {args.out or '-'}: cannot write {where} ({exc.strerror or exc})") from exc


def _export(args: argparse.Namespace) -> int:
    from crawler.commands.run import JobError, UsageError
    from storage.sql import StoreError

    if args.format == "wacz":
        from crawler.scope import article_match
        from storage.wacz import WaczError, export_wacz

        if not args.out:
            raise UsageError("--format wacz needs --out FILE.wacz (a WACZ is a zip file, not a stream)")
        try:
            path = export_wacz(
                Path(args.data),
                Path(args.out),
                is_page=lambda url: article_match(url) is not None,
                db_url=_db_url(args),
            )
        except WaczError as exc:
            raise UsageError(f"--data: {exc}") from exc
        print(f"wrote {path}", file=sys.stderr)
        return EXIT_OK
    from storage.export import export

    try:
        rows = export(_db_url(args), args.format, args.out, since=args.since, language=args.language)
    except StoreError as exc:
        raise JobError(f"{_db_option(args)}: {exc}") from exc
    except ValueError as exc:
        raise UsageError(str(exc).replace("since (", "--since (")) from exc
    print(f"exported {rows} articles" + (f" to {args.out}" if args.out else ""), file=sys.stderr)
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    from crawler.commands.run import JobError
    from storage.sql import StoreError
    from storage.stats import collect_stats, render_stats

    try:
        print(render_stats(collect_stats(_db_url(args))))
    except StoreError as exc:
        raise JobError(f"{_db_option(args)}: {exc}") from exc
    return EXIT_OK


def cmd_canary(args: argparse.Namespace) -> int:
    from crawler.commands.canary import canary_settings, run_canary
    from crawler.commands.run import check_identity, parse_setting_pairs, project_settings, validate

    overrides: dict[str, object] = {**canary_settings(), "LOG_LEVEL": "WARNING"}
    if args.site:
        overrides["EUREPORTER_SITE"] = args.site
    if args.resolve:
        overrides["EUREPORTER_RESOLVE"] = ",".join(args.resolve)
    overrides.update(parse_setting_pairs(args.settings))
    settings = project_settings(overrides)
    validate(settings)
    check_identity(settings, archive=False)
    report = run_canary(settings, args.articles)
    print(report.render())
    return EXIT_OK if report.ok else EXIT_FAILED


def cmd_reprocess(args: argparse.Namespace) -> int:
    from crawler.commands.reprocess import ReprocessError, reprocess

    try:
        result = reprocess(Path(args.data), args.db)
    except ReprocessError as exc:
        print(f"eureporter reprocess: {exc}", file=sys.stderr)
        return exc.exit_code
    print(result.summary())
    return EXIT_OK


def cmd_replay(args: argparse.Namespace) -> int:
    from crawler.commands.replay import run_replay

    return run_replay(Path(args.data), host="127.0.0.1", port=args.port)


def cmd_browse(args: argparse.Namespace) -> int:
    from crawler.commands.browse import run_browse

    return run_browse(
        Path(args.data),
        args.db,
        host=args.host,
        port=args.port,
        allow_sql=args.allow_sql,
        rebuild_search=args.rebuild_search,
    )


def cmd_replica(args: argparse.Namespace) -> int:
    from replica.cli import main as replica_main

    return replica_main(args.replica_args)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "crawl": cmd_crawl,
    "demo": cmd_demo,
    "replica": cmd_replica,
    "export": cmd_export,
    "stats": cmd_stats,
    "canary": cmd_canary,
    "reprocess": cmd_reprocess,
    "replay": cmd_replay,
    "browse": cmd_browse,
}


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="eureporter", description="Archive EU Reporter: crawl, WARC files, SQL dataset.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    crawl = sub.add_parser("crawl", help="crawl the site (the scheduled job)")
    _add_crawl_options(crawl)

    demo = sub.add_parser("demo", help="offline: crawl the bundled replica on loopback and print a summary")
    demo.add_argument("--data", default="data", help="data directory (default ./data)")
    demo.add_argument(
        "--articles", type=_positive_int, default=200, help="English articles in the replica (default 200)"
    )
    demo.add_argument("--verbose", action="store_true", help="show Scrapy's INFO log")

    export = sub.add_parser("export", help="write the dataset (jsonl, csv, parquet) or the archive (wacz)")
    export.add_argument("--format", required=True, choices=("jsonl", "csv", "parquet", "wacz", "sqlite"))
    export.add_argument("--out", help="output file (default: stdout; required for wacz)")
    export.add_argument("--since", help="only articles published or modified on or after YYYY-MM-DD")
    export.add_argument("--language", help="only this edition (ISO 639-1 code, e.g. fr)")
    _add_store_options(export)

    reprocess = sub.add_parser(
        "reprocess", help="rebuild or refresh the dataset from the WARC files alone (no network)"
    )
    _add_store_options(reprocess)

    replay = sub.add_parser("replay", help="serve the archive through pywb on loopback")
    replay.add_argument("--data", default="data", help="data directory (default ./data)")
    replay.add_argument("--port", type=_port, default=8090, help="port on 127.0.0.1 (default 8090; 0 = any)")

    browse = sub.add_parser(
        "browse", help="search and read the dataset in Datasette, with the archived originals (pywb) beside it"
    )
    _add_store_options(browse)
    browse.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1, loopback only)")
    browse.add_argument("--port", type=_port, default=8001, help="port to listen on (default 8001; 0 = any)")
    browse.add_argument(
        "--allow-sql",
        action="store_true",
        help="allow arbitrary SQL for every client (by default only direct loopback clients may: not beyond a "
        "--host other than loopback, not through a reverse proxy)",
    )
    browse.add_argument(
        "--rebuild-search", action="store_true", help="rebuild the full-text index before serving (normally built once)"
    )

    stats = sub.add_parser("stats", help="crawl runs and dataset totals")
    _add_store_options(stats)

    canary = sub.add_parser("canary", help="check that the newest articles still have the structure extraction needs")
    _add_site_options(canary)
    canary.add_argument("--articles", type=_positive_int, default=3, help="newest articles to check (default 3)")

    replica = sub.add_parser(
        "replica", help="the offline EU Reporter replica: `eureporter replica serve --help`", add_help=False
    )
    replica.add_argument("replica_args", nargs=argparse.REMAINDER)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from crawler.commands.run import JobError, UsageError

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except UsageError as exc:
        print(f"eureporter {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except JobError as exc:
        print(f"eureporter {args.command}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print(f"eureporter {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
