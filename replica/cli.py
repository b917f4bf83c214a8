"""Command line of the replica: `python -m replica serve …` (also reached as `eureporter replica serve …`)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from typing import NoReturn

from replica.drift import LAYOUTS
from replica.feeds import SITEMAP_MODES
from replica.server import HttpServer
from replica.site import DEFAULT_LANGUAGES, Replica, ReplicaConfig
from replica.traps import BLOCK_RESPONSES, TRAPS


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors: the option, what is wrong, where to look."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def _port(value: str) -> int:
    if not value.isdigit() or int(value) > 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a TCP port: use 0 (any free port) to 65535")
    return int(value)


def _trap_names(value: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in value.split(",") if name.strip())
    unknown = [name for name in names if name not in TRAPS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown trap {', '.join(unknown) or value!r}; choose from {', '.join(TRAPS)}"
        )
    return names


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="replica", description="Offline EU Reporter look-alike served on loopback.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    serve = commands.add_parser("serve", help="serve the replica until SIGTERM/SIGINT")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument(
        "--port",
        type=_port,
        default=8080,
        help="port to bind; 0 picks a free one; 80 (root or CAP_NET_BIND_SERVICE) gives links without a port "
        "(default 8080)",
    )
    serve.add_argument("--domain", default="eureporter.test", help="site domain: www.DOMAIN, fr.DOMAIN, …")
    serve.add_argument("--articles", type=int, default=300, help="English articles in edition 1 (default 300)")
    serve.add_argument("--edition", type=int, default=1, help="snapshot K: the site K-1 days later (default 1)")
    serve.add_argument(
        "--languages",
        default=",".join(DEFAULT_LANGUAGES),
        help=f"comma-separated editions; en is always served (default {','.join(DEFAULT_LANGUAGES)})",
    )
    serve.add_argument(
        "--traps",
        nargs="?",
        const=tuple(TRAPS),
        default=(),
        type=_trap_names,
        metavar="NAME,…",
        help="also link to and serve misbehaving URLs (replica.traps): all of them, or the named ones",
    )
    serve.add_argument(
        "--layout",
        choices=LAYOUTS,
        default="zox",
        help="theme of articles: zox (the live site's), drifted (another theme, replica.drift) or zox-renamed "
        "(Zox News without #mvp-content-main, replica.renamed)",
    )
    serve.add_argument(
        "--sitemaps",
        choices=SITEMAP_MODES,
        default="full",
        help="full: WordPress core sitemaps with <lastmod>; no-lastmod: without <lastmod>; none: no sitemaps and no "
        "Sitemap: line in robots.txt (default full)",
    )
    serve.add_argument(
        "--validators",
        action="store_true",
        help="per-page ETag and Last-Modified on HTML pages, 304 to matching conditional requests (as a cache "
        "plugin or CDN adds them; off by default, as on the live site)",
    )
    serve.add_argument(
        "--feed-queries",
        choices=("honoured", "ignored"),
        default="honoured",
        help="honoured: feeds apply WordPress' orderby, order and paged query vars (/feed/atom/?orderby=modified "
        "lists the last edited posts first); ignored: as behind a page cache keyed on the path (default honoured)",
    )
    serve.add_argument(
        "--unavailable",
        type=float,
        default=0.0,
        metavar="SHARE",
        help="this share (0 to 1) of the article pages answers 503, the same ones on every request (default 0)",
    )
    serve.add_argument(
        "--block-ua",
        nargs="?",
        const="EUReporterArchiveBot",
        default="",
        metavar="SUBSTRING",
        help="block User-Agents containing SUBSTRING (default EUReporterArchiveBot)",
    )
    serve.add_argument(
        "--block-with",
        choices=BLOCK_RESPONSES,
        default="403",
        help='what a blocked User-Agent gets: 403, or challenge (a 200 "Just a moment..." page; default 403)',
    )
    serve.add_argument("--verbose", action="store_true", help="log every request to stderr")
    return parser


async def _serve(site: Replica, host: str, port: int) -> None:
    server = HttpServer(site.handle, host, port)
    await server.start()
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopped.set)
    print(f"ready {site.base('en', server.port)}/", flush=True)
    await stopped.wait()
    await server.close()


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    languages = tuple(code.strip().lower() for code in args.languages.split(",") if code.strip())
    try:
        config = ReplicaConfig(
            articles=args.articles,
            edition=args.edition,
            languages=languages,
            domain=args.domain,
            traps=bool(args.traps),
            trap_names=() if args.traps == tuple(TRAPS) else args.traps,
            layout=args.layout,
            block_user_agent=args.block_ua,
            block_with=args.block_with,
            sitemaps=args.sitemaps,
            validators=args.validators,
            feed_queries=args.feed_queries == "honoured",
            unavailable=args.unavailable,
        )
    except ValueError as error:
        print(f"replica serve: {error}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    if args.verbose:
        logging.getLogger("replica").setLevel(logging.DEBUG)
    try:
        asyncio.run(_serve(Replica(config), args.host, args.port))
    except OSError as error:
        hint = "choose another --port"
        if isinstance(error, PermissionError) and 0 < args.port < 1024:
            hint = "ports below 1024 need root or CAP_NET_BIND_SERVICE; " + hint
        print(
            f"replica serve: cannot listen on {args.host}:{args.port}: {error.strerror or error}; {hint}",
            file=sys.stderr,
        )
        return 1
    return 0
