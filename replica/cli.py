"""Command line of the replica: `python -m replica serve …` (also reached as `eureporter replica serve …`)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys

from replica.server import HttpServer
from replica.site import DEFAULT_LANGUAGES, Replica, ReplicaConfig


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="replica", description="Offline EU Reporter look-alike served on loopback.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the replica until SIGTERM/SIGINT")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8080, help="port to bind; 0 picks a free one (default 8080)")
    serve.add_argument("--domain", default="eureporter.test", help="site domain: www.DOMAIN, fr.DOMAIN, …")
    serve.add_argument("--articles", type=int, default=300, help="English articles in edition 1 (default 300)")
    serve.add_argument("--edition", type=int, default=1, help="snapshot K: the site K-1 days later (default 1)")
    serve.add_argument(
        "--languages",
        default=",".join(DEFAULT_LANGUAGES),
        help=f"comma-separated editions; en is always served (default {','.join(DEFAULT_LANGUAGES)})",
    )
    serve.add_argument("--traps", action="store_true", help="also link to and serve misbehaving URLs (replica.traps)")
    serve.add_argument(
        "--layout",
        choices=("zox", "drifted"),
        default="zox",
        help="theme of articles and archives: zox (the live site's) or drifted (replica.drift)",
    )
    serve.add_argument(
        "--block-ua",
        nargs="?",
        const="EUReporterArchiveBot",
        default="",
        metavar="SUBSTRING",
        help="answer 403 to User-Agents containing SUBSTRING (default EUReporterArchiveBot)",
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
            traps=args.traps,
            layout=args.layout,
            block_user_agent=args.block_ua,
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
        print(
            f"replica serve: cannot listen on {args.host}:{args.port}: {error}; choose another --port", file=sys.stderr
        )
        return 1
    return 0
