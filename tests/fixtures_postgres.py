"""Fixtures that start a real PostgreSQL server on loopback as an unprivileged user."""

from __future__ import annotations

import gc
import logging
import os
import pwd
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy.engine import make_url

from tests.net import free_port

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

logger = logging.getLogger(__name__)

DATABASE = "eureporter"
SUPERUSER = "eureporter"
SHM = Path("/dev/shm")


class PostgresUnavailable(Exception):
    """The PostgreSQL server programs or the psycopg driver are not installed."""


def _binaries() -> dict[str, str]:
    found = {name: shutil.which(name) for name in ("initdb", "pg_ctl")}
    if not all(found.values()):
        # Debian and Ubuntu keep them off PATH, one directory per major version.
        versions = Path("/usr/lib/postgresql").glob("*/bin")
        for directory in sorted(versions, key=lambda d: int(d.parent.name), reverse=True):
            if all((directory / name).is_file() for name in found):
                found = {name: str(directory / name) for name in found}
                break
    missing = [name for name, path in found.items() if not path]
    if missing:
        raise PostgresUnavailable(
            f"PostgreSQL server programs not found ({', '.join(missing)}): apt-get install postgresql"
        )
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        raise PostgresUnavailable("psycopg 3 is not installed: pip install -e '.[test]'") from exc
    return {name: str(path) for name, path in found.items()}


def _server_user() -> pwd.struct_passwd | None:
    """PostgreSQL refuses to run as root: as root, run it as the postgres user if there is one, else nobody."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise PostgresUnavailable("running as root and there is neither a postgres nor a nobody user to run PostgreSQL as")


def _run(command: list[str], user: pwd.struct_passwd | None, cwd: Path) -> subprocess.CompletedProcess[str]:
    if user is not None:
        command = ["runuser", "-u", user.pw_name, "--", *command]
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=60, check=False)


def _roomy(directory: Path) -> bool:
    """A writable directory with room for a throwaway cluster (~60 MB, a WAL segment or two more while it runs)."""
    try:
        stats = os.statvfs(directory)
    except OSError:
        return False
    return os.access(directory, os.W_OK | os.X_OK) and stats.f_bavail * stats.f_frsize > 512 * 2**20


def _reachable(directory: Path) -> bool:
    """Whether any user can traverse every parent of directory (pytest's own tmp dirs are private to root)."""
    return all(p.stat().st_mode & 0o001 for p in (directory, *directory.parents))


def start_postgres(tmpdir: str | Path | None = None, *, durable: bool = False) -> tuple[str, Callable[[], None]]:
    """Start a PostgreSQL server on 127.0.0.1 (a free port) with a database `eureporter`; returns its
    `postgresql+psycopg://` URL and a function that stops the server and removes its files.

    The server's files go in a new directory inside `tmpdir` when the server's user can reach it, else in memory
    (/dev/shm: CREATE DATABASE takes ~15 ms there, ~250 ms on disk) unless `durable`, else in the system temporary
    directory. `durable=False` also turns fsync off (tests); benchmarks that compare commit costs want True.
    """
    binaries = _binaries()
    user = _server_user()
    parent = Path(tmpdir) if tmpdir is not None else None
    if parent is not None and ((user is not None and not _reachable(parent)) or len(str(parent)) > 60):
        parent = None  # a unix socket path must stay under ~100 bytes, too
    if parent is None and not durable and _roomy(SHM):
        parent = SHM
    base = Path(tempfile.mkdtemp(prefix="eureporter-pg-", dir=parent))
    data = base / "data"
    if user is not None:
        os.chown(base, user.pw_uid, user.pw_gid)
        base.chmod(0o700)

    def stop() -> None:
        _run([binaries["pg_ctl"], "-D", str(data), "-m", "immediate", "-w", "stop"], user, base)
        shutil.rmtree(base, ignore_errors=True)

    try:
        done = _run(
            [
                binaries["initdb"],
                "-D",
                str(data),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
                "--no-instructions",
            ],
            user,
            base,
        )
        if done.returncode:
            raise RuntimeError(f"initdb failed: {done.stderr.strip() or done.stdout.strip()}")
        settings = "-c listen_addresses=127.0.0.1 -c max_connections=50 -c shared_buffers=32MB"
        if not durable:
            settings += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        for _attempt in range(3):  # another process may take the free port before the server binds it
            port = free_port()
            done = _run(
                [
                    binaries["pg_ctl"],
                    "-D",
                    str(data),
                    "-l",
                    str(base / "server.log"),
                    "-w",
                    "-t",
                    "30",
                    "-o",
                    f"{settings} -p {port} -k {base}",
                    "start",
                ],
                user,
                base,
            )
            if done.returncode == 0:
                break
        else:
            log = (base / "server.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"PostgreSQL did not start: {done.stderr.strip()}\n{log}")
        _admin(f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{port}/postgres", f'CREATE DATABASE "{DATABASE}"')
    except BaseException:
        stop()
        raise
    return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{port}/{DATABASE}", stop


def _admin(url: str, statement: str) -> None:
    import psycopg

    parsed = make_url(url)
    with psycopg.connect(
        host=parsed.host, port=parsed.port, user=parsed.username, dbname=parsed.database or "postgres", autocommit=True
    ) as conn:
        conn.execute(statement)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server for the whole session (skips when PostgreSQL is not installed)."""
    started = time.monotonic()
    try:
        url, stop = start_postgres()
    except PostgresUnavailable as exc:
        pytest.skip(str(exc))
    logger.info("PostgreSQL started in %.2fs: %s", time.monotonic() - started, url)
    try:
        yield url
    finally:
        # Connection pools a test left to the garbage collector are finalised while the server still answers,
        # not at interpreter exit (where their rollback fails with a traceback on stderr).
        gc.collect()
        stop()


def create_database(server_url: str, prefix: str = "test") -> tuple[str, Callable[[], None]]:
    """A new empty database on the server of `server_url`: its URL, and a function that drops it."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = make_url(server_url).set(database="postgres").render_as_string(hide_password=False)
    _admin(admin, f'CREATE DATABASE "{name}"')

    def drop() -> None:
        _admin(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return make_url(server_url).set(database=name).render_as_string(hide_password=False), drop


@pytest.fixture
def pg_db_url(postgres_url: str) -> Iterator[str]:
    """A new empty database on the session's server, dropped after the test."""
    url, drop = create_database(postgres_url)
    try:
        yield url
    finally:
        drop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test that takes it runs twice: on a new SQLite file and on a new PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'eureporter.db'}"
    return str(request.getfixturevalue("pg_db_url"))
