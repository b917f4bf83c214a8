"""`eureporter browse`: the dataset in Datasette, with the archived originals through pywb beside it, on one host.

Datasette (in this process, served by uvicorn) opens the SQLite dataset read-only under the name `eureporter`, with
the plugin of crawler.browse (article pages, month facet, /replay/ proxy) and the metadata built from the data
dictionary. pywb serves the same data directory's WARC files on a free loopback port, mounted under /replay/, and is
reached only through Datasette's /replay/ route. The full-text index (storage.fts) is built the first time a
database is browsed; the store's triggers keep it current afterwards.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import ipaddress
import signal
import socket
import sqlite3
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from crawler.commands.replay import (
    REFRESH_SECONDS,
    ReplayError,
    default_env_dir,
    ensure_pywb,
    env_python,
    prepare_collection,
)
from storage.fts import FtsUnavailable, create_fts, fts_status, has_fts5
from storage.sql import masked

if TYPE_CHECKING:
    from collections.abc import Callable

    from crawler.browse.proxy import ReplayProxy
    from crawler.browse.pywb import MountedReplay

PROG = "eureporter browse"
READY_TIMEOUT = 30.0
POSTGRES_ADVICE = (
    "Datasette reads SQLite only: make a snapshot with `eureporter export --db URL --format sqlite --out FILE`, "
    "then run `eureporter browse --db sqlite:///FILE`"
)


class BrowseError(Exception):
    """One line for stderr and the exit code (CONTRACT.md: 2 usage or configuration, 1 failure)."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _note(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr, flush=True)


# --- the dataset ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Dataset:
    path: Path
    immutable: bool
    """Opened with immutable=1: the file's directory cannot even hold SQLite's -shm file (a read-only mount)."""
    search: bool
    """The full-text index exists (and covers the table, unless the file is read-only)."""


def sqlite_path(db_url: str) -> Path:
    """The file of a sqlite:/// URL; BrowseError (2) for anything Datasette cannot open."""
    try:
        url = make_url(db_url)
    except ArgumentError:
        raise BrowseError(
            f"--db {masked(db_url)!r} is not a database URL; pass e.g. sqlite:///data/eureporter.db"
        ) from None
    backend = url.get_backend_name()
    if backend in ("postgresql", "postgres"):
        raise BrowseError(f"--db {masked(db_url)}: {POSTGRES_ADVICE}")
    if backend != "sqlite":
        raise BrowseError(f"--db {masked(db_url)}: {backend} is not supported; browse reads a sqlite:/// file")
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        raise BrowseError(f"--db {masked(db_url)}: give the path of a SQLite file, e.g. sqlite:///data/eureporter.db")
    path = Path(url.database)
    if not path.is_file():
        raise BrowseError(f"--db {db_url}: {path} does not exist; run `eureporter demo` or a crawl first, or fix --db")
    return path


def _read_only(path: Path, immutable: bool) -> sqlite3.Connection:
    flag = "immutable=1" if immutable else "mode=ro"
    return sqlite3.connect(f"file:{path}?{flag}", uri=True, timeout=30)


def _writable(path: Path) -> bool:
    """Whether SQLite may write the file: a no-op write (the header's user_version, set to itself) rolled back. Root
    passes every permission check, so asking the file system would not tell."""
    with contextlib.closing(sqlite3.connect(path, timeout=60, isolation_level=None)) as conn:
        try:
            conn.execute("BEGIN IMMEDIATE")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute(f"PRAGMA user_version = {int(version)}")
        except sqlite3.OperationalError as exc:
            if "readonly" in str(exc) or "read-only" in str(exc) or "unable to open" in str(exc):
                return False
            raise
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
    return True


def open_dataset(db_url: str, *, rebuild_search: bool = False, note: Callable[[str], None] = _note) -> Dataset:
    """Check the file is a dataset and make its full-text index current (building it when missing, or with
    `rebuild_search`). A read-only file without an index is served without search, with one line saying so."""
    path = sqlite_path(db_url)
    immutable = False
    try:
        conn = _read_only(path, immutable)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            # A WAL database whose directory refuses SQLite's -shm file (a read-only mount): only immutable works.
            conn.close()
            immutable = True
            conn = _read_only(path, immutable)
        with contextlib.closing(conn):
            try:
                status = fts_status(conn)
            except FtsUnavailable as exc:
                raise BrowseError(f"--db {db_url}: {exc}; is it an eureporter dataset?") from None
    except sqlite3.DatabaseError as exc:
        raise BrowseError(f"--db {db_url}: {path} is not a readable SQLite database ({exc})") from None
    if status.current and not rebuild_search:
        return Dataset(path, immutable, search=True)
    with contextlib.closing(sqlite3.connect(path, timeout=30)) as probe:
        fts5 = has_fts5(probe)
    if not fts5:
        note(f"this Python's SQLite ({sqlite3.sqlite_version}) has no FTS5: full-text search is off")
        return Dataset(path, immutable, search=False)
    try:
        writable = _writable(path)
    except sqlite3.OperationalError as exc:
        raise BrowseError(f"--db {db_url}: {exc}; is another process holding it?", 1) from None
    if not writable:
        if status.table:
            note(f"{path} is read-only, so its full-text index stays as it is ({status.describe()})")
            return Dataset(path, immutable, search=True)
        note(
            f"{path} is read-only and has no full-text index, so search is off; run `{PROG}` once with write "
            "access to build it"
        )
        return Dataset(path, immutable, search=False)
    reason = "rebuilding it as asked" if status.current else status.describe()
    note(f"building the full-text index of {status.rows} articles ({reason}; once per database)…")
    started = time.monotonic()
    try:
        with contextlib.closing(sqlite3.connect(path, timeout=60)) as conn:
            create_fts(conn)
    except sqlite3.OperationalError as exc:
        raise BrowseError(f"--db {db_url}: could not build the full-text index: {exc}", 1) from None
    note(f"full-text index built in {time.monotonic() - started:.1f} s")
    return Dataset(path, immutable, search=True)


# --- serving -------------------------------------------------------------------------------------------------------


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


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


def datasette_settings(host: str, allow_sql: bool) -> dict[str, Any]:
    return {
        # Arbitrary SQL is a way to keep a shared server busy: off beyond loopback unless asked for.
        "default_allow_sql": allow_sql or is_loopback(host),
        "allow_download": False,
        # Suggestions run extra queries over the whole table on every page: too slow on a large archive.
        "suggest_facets": False,
        "default_page_size": 50,
        "facet_time_limit_ms": 1000,
        "truncate_cells_html": 300,
    }


def build_datasette(dataset: Dataset, *, host: str, allow_sql: bool, proxy: ReplayProxy | None) -> Any:
    from datasette.app import Datasette
    from datasette.database import Database

    from crawler.browse import plugin
    from crawler.browse.metadata import DATABASE, build_metadata

    plugin.register()
    ds = Datasette(
        metadata=build_metadata(search=dataset.search),
        settings=datasette_settings(host, allow_sql),
        template_dir=str(plugin.TEMPLATE_DIR),
        static_mounts=[(plugin.STATIC_MOUNT.lstrip("/"), str(plugin.STATIC_DIR))],
    )
    ds.add_database(Database(ds, path=str(dataset.path), is_mutable=not dataset.immutable), name=DATABASE)
    ds.remove_database("_memory")  # Datasette adds an empty in-memory database when it is given no file
    plugin.configure(ds, proxy=proxy, search=dataset.search)
    return ds


def unload_foreign_plugins(note: Callable[[str], None] = _note) -> None:
    """Browse runs Datasette's own plugins and ours only: a Datasette plugin installed in the same environment could
    add write endpoints or change what is served."""
    from datasette.plugins import DEFAULT_PLUGINS, pm

    from crawler.browse.plugin import PLUGIN_NAME

    names = []
    for name, module in list(pm.list_name_plugin()):
        if name not in DEFAULT_PLUGINS and name != PLUGIN_NAME:
            pm.unregister(module)
            names.append(name)
    if names:
        note(f"not loading the installed Datasette plugins {', '.join(sorted(names))}: browse is read-only")


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
    port: int,
    replay: MountedReplay,
    data_dir: Path,
    stop: _Stop,
    ready: Callable[[str], None],
) -> int:
    import httpx
    import uvicorn

    config = uvicorn.Config(
        ds.app(), log_level="warning", access_log=False, lifespan="off", ws="none", timeout_graceful_shutdown=5
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    outcome = 0
    try:
        deadline = time.monotonic() + READY_TIMEOUT
        while not server.started:
            if task.done() or stop.event.is_set() or time.monotonic() > deadline:
                server.should_exit = True
                await task
                if stop.event.is_set():
                    return 0
                _note(f"Datasette did not start on {host}:{port}")
                return 1
            await asyncio.sleep(0.05)
        local = {"0.0.0.0": "127.0.0.1", "::": "::1", "[::]": "::1"}.get(host, host)
        base = shown_url(local, port)
        async with httpx.AsyncClient(timeout=30, trust_env=False) as client:
            for path, what in (("-/versions.json", "Datasette"), ("replay/eureporter/", "pywb (through /replay/)")):
                answer = await client.get(base + path)
                if answer.status_code != 200:
                    _note(f"{what} answered {answer.status_code} at {base}{path}; see {replay.log}")
                    server.should_exit = True
                    await task
                    return 1
        ready(shown_url(host, port))
        refresh_at = time.monotonic() + REFRESH_SECONDS
        while not task.done():
            await asyncio.sleep(0.2)
            if server.should_exit:
                continue  # shutting down (a signal): pywb is stopped afterwards
            if not replay.alive():
                _note(f"pywb stopped unexpectedly (exit code {replay.process.returncode}); see {replay.log}")
                server.should_exit = True
                outcome = 1
            elif time.monotonic() >= refresh_at:
                refresh_at = time.monotonic() + REFRESH_SECONDS
                # WARC files a running crawl has finished since the start join the replay.
                with contextlib.suppress(ReplayError, OSError):
                    await asyncio.to_thread(prepare_collection, data_dir)
        await task
    finally:
        from crawler.browse import plugin

        state = plugin._state(ds)  # noqa: SLF001 - this module configured it
        if state is not None and state.proxy is not None:
            await state.proxy.aclose()
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
    from crawler.browse.proxy import ReplayProxy
    from crawler.browse.pywb import start_mounted
    from crawler.browse.pywb import stop as stop_replay
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
        try:
            prepare_collection(data_dir)
        except ReplayError as exc:
            raise BrowseError(str(exc), exc.exit_code) from None
        sock = bind(host, port)
        port = sock.getsockname()[1]
        if not is_loopback(host):
            sql = "on (--allow-sql)" if allow_sql else "off (--allow-sql turns it on)"
            _note(f"listening on {host}: anyone who reaches this machine can read the dataset; arbitrary SQL is {sql}")
        if not env_python(default_env_dir()).exists():
            _note(f"installing pywb into {default_env_dir()} (first run only)")
        try:
            env_dir = ensure_pywb()
        except ReplayError as exc:
            raise BrowseError(str(exc), 1) from None
        unload_foreign_plugins()
        stop.install()
        try:
            replay = start_mounted(env_dir, data_dir, "/replay", should_stop=stop.event.is_set)
        except ReplayError as exc:
            if stop.event.is_set():
                return 0
            raise BrowseError(str(exc), 1) from None
        proxy = ReplayProxy(replay.host, replay.port)
        ds = build_datasette(dataset, host=host, allow_sql=allow_sql, proxy=proxy)
        announce = ready or (lambda url: print(f"ready {url}", flush=True))
        return asyncio.run(_serve(ds, sock, host, port, replay, data_dir, stop, announce))
    except BrowseError as exc:
        _note(str(exc))
        return exc.exit_code
    finally:
        if replay is not None:
            stop_replay(replay)
        if sock is not None:
            sock.close()
        stop.restore()
