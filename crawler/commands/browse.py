"""`eureporter browse`: the dataset in Datasette, with the archived originals through pywb beside it, on one host.

Datasette (in this process, served by uvicorn) opens the SQLite dataset read-only under the name `eureporter`
(crawler.browse.dataset, crawler.browse.app). pywb serves the same data directory's WARC files on a free loopback port,
mounted under /replay/, and is reached only through Datasette's /replay/ route (crawler.browse.proxy). pywb is started
first and boots while Datasette is imported and built; `ready http://HOST:PORT/` is printed once both answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import signal
import socket
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crawler.browse import REPLAY_PREFIX, BrowseError
from crawler.browse.dataset import print_note

if TYPE_CHECKING:
    from collections.abc import Callable

    from crawler.browse.proxy import ReplayProxy
    from crawler.browse.pywb import MountedReplay

READY_TIMEOUT = 30.0


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound before anything starts so a busy port fails at once (BrowseError 2)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host.strip("[]"), port))
        sock.listen(128)
    except socket.gaierror as exc:
        sock.close()
        raise BrowseError(f"--host {host}: unknown host ({exc.strerror})") from None
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise BrowseError(
                f"--port {port}: {host}:{port} is already in use; pick another --port (0 = any)"
            ) from None
        if exc.errno in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT):
            raise BrowseError(f"--host {host}: not an address of this machine ({exc.strerror})") from None
        if exc.errno == errno.EACCES:
            raise BrowseError(
                f"--port {port}: not allowed to listen there ({exc.strerror}); use a port above 1023"
            ) from None
        raise BrowseError(f"--host {host} --port {port}: cannot listen ({exc.strerror})") from None
    sock.setblocking(False)
    return sock


def shown_url(host: str, port: int) -> str:
    shown = f"[{host.strip('[]')}]" if ":" in host else host
    return f"http://{shown}:{port}/"


class _Stop:
    """SIGINT/SIGTERM seen: set by our handlers, which uvicorn restores and re-raises to after its own shutdown."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.previous: dict[int, Any] = {}

    def install(self) -> None:
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                self.previous[signum] = signal.signal(signum, lambda *_: self.event.set())

    def restore(self) -> None:
        for signum, handler in self.previous.items():
            signal.signal(signum, handler)
        self.previous.clear()


async def _serve(
    ds: Any,
    sock: socket.socket,
    host: str,
    replay: MountedReplay,
    proxy: ReplayProxy,
    data_dir: Path,
    stop: threading.Event,
    ready: Callable[[str], None],
) -> int:
    try:
        return await _run_server(ds, sock, host, replay, data_dir, stop, ready)
    finally:
        await proxy.aclose()


async def _run_server(
    ds: Any,
    sock: socket.socket,
    host: str,
    replay: MountedReplay,
    data_dir: Path,
    stop: threading.Event,
    ready: Callable[[str], None],
) -> int:
    import httpx
    import uvicorn

    from crawler.commands.replay import REFRESH_SECONDS, ReplayError, prepare_collection

    port = sock.getsockname()[1]
    config = uvicorn.Config(
        ds.app(), log_level="warning", access_log=False, lifespan="off", ws="none", timeout_graceful_shutdown=5
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    deadline = time.monotonic() + READY_TIMEOUT
    while not server.started:
        if task.done() or stop.is_set() or time.monotonic() > deadline:
            server.should_exit = True
            await task
            if stop.is_set():  # uvicorn hands a signal it caught back to our handler once it has stopped
                return 0
            print_note(f"Datasette did not start on {host}:{port}")
            return 1
        await asyncio.sleep(0.02)
    local = {"0.0.0.0": "127.0.0.1", "::": "::1", "[::]": "::1"}.get(host, host)
    base = shown_url(local, port)
    async with httpx.AsyncClient(timeout=30, trust_env=False) as client:
        for path, what in (("-/versions.json", "Datasette"), ("replay/eureporter/", "pywb (through /replay/)")):
            answer = await client.get(base + path)
            if answer.status_code != 200:
                print_note(f"{what} answered {answer.status_code} at {base}{path}; see {replay.log}")
                server.should_exit = True
                await task
                return 1
    ready(shown_url(host, port))
    outcome = 0
    refresh_at = time.monotonic() + REFRESH_SECONDS
    while not task.done():
        await asyncio.sleep(0.2)
        if server.should_exit:
            continue  # shutting down (a signal): pywb is stopped afterwards
        if not replay.alive():
            print_note(f"pywb stopped unexpectedly (exit code {replay.process.returncode}); see {replay.log}")
            server.should_exit = True
            outcome = 1
        elif time.monotonic() >= refresh_at:
            refresh_at = time.monotonic() + REFRESH_SECONDS
            # WARC files a running crawl has finished since the start join the replay.
            with contextlib.suppress(ReplayError, OSError):
                await asyncio.to_thread(prepare_collection, data_dir)
    await task
    return outcome


def run_browse(
    data_dir: Path | str,
    db_url: str | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 8001,
    allow_sql: bool = False,
    rebuild_search: bool = False,
    ready: Callable[[str], None] | None = None,
) -> int:
    """Serve until SIGINT or SIGTERM; the exit code. Prints `ready http://HOST:PORT/` (or calls ready(url)) once
    Datasette and pywb both answer; every problem is one line on stderr."""
    from crawler.browse.app import build_datasette, is_loopback
    from crawler.browse.dataset import open_dataset
    from crawler.browse.dictionary import DictionaryError
    from crawler.browse.proxy import ReplayProxy
    from crawler.browse.pywb import launch_mounted, looks_installed, wait_mounted
    from crawler.browse.pywb import stop as stop_replay
    from crawler.commands.replay import (
        ReplayError,
        default_env_dir,
        ensure_pywb,
        env_python,
        prepare_collection,
    )
    from crawler.options import default_sql_url

    data_dir = Path(data_dir)
    stop = _Stop()
    replay: MountedReplay | None = None
    sock: socket.socket | None = None
    try:
        if not 0 <= port <= 65535:
            raise BrowseError(f"--port {port}: a port is 0 to 65535 (0 = any free port)")
        if not data_dir.is_dir():
            raise BrowseError(f"--data {data_dir}: no such directory; run `eureporter demo` first, or pass --data DIR")
        dataset = open_dataset(db_url or default_sql_url(data_dir), rebuild_search=rebuild_search)
        prepare_collection(data_dir)
        sock = bind(host, port)
        if not is_loopback(host):
            sql = "on (--allow-sql)" if allow_sql else "off (--allow-sql turns it on)"
            print_note(f"listening on {host}: anyone who reaches it can read the dataset; arbitrary SQL is {sql}")
        env_dir = default_env_dir()
        if not looks_installed(env_dir):
            if not env_python(env_dir).exists():
                print_note(f"installing pywb into {env_dir} (first run only)")
            env_dir = ensure_pywb(env_dir)
        stop.install()
        # pywb boots in its own interpreter (a second or two) while this one imports and builds Datasette (about as
        # long): the start takes the longer of the two, not both. Launched from the main thread: the kernel stops pywb
        # when the thread that started it ends (crawler.browse.pywb._die_with_parent).
        replay = launch_mounted(env_dir, data_dir, REPLAY_PREFIX)
        proxy = ReplayProxy(replay.host, replay.port)
        ds = build_datasette(dataset, host=host, allow_sql=allow_sql, proxy=proxy, warc_dir=data_dir / "warc")
        wait_mounted(replay, should_stop=stop.event.is_set)
        if stop.event.is_set():
            return 0
        announce = ready or (lambda url: print(f"ready {url}", flush=True))
        return asyncio.run(_serve(ds, sock, host, replay, proxy, data_dir, stop.event, announce))
    except ReplayError as exc:
        if stop.event.is_set():
            return 0
        print_note(str(exc))
        return exc.exit_code
    except BrowseError as exc:
        print_note(str(exc))
        return exc.exit_code
    except DictionaryError as exc:
        print_note(f"{exc}")
        return 1
    except KeyboardInterrupt:
        return 0  # Ctrl-C before the signal handlers were in place (building the index, installing pywb)
    finally:
        if replay is not None:
            stop_replay(replay)
        if sock is not None:
            sock.close()
        stop.restore()
