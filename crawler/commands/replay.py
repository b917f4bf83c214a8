"""Replay: serve the archive through pywb on loopback, from a pywb environment of its own.

pywb 2.10 pins redis==2.10.6, which scrapy-redis cannot live with (WARC-AND-RELIABILITY-NOTES.md, "Dependency
conflict"), so pywb never enters the project's environment: `ensure_pywb` finds or creates a virtual environment for
it ($EUREPORTER_PYWB_ENV, else ~/.cache/eureporter/pywb-venv) and pywb runs there as a child process.
`prepare_collection` lays out DATA/replay/collections/eureporter/ (archive/: symlinks to the finished WARC files,
indexes/index.cdxj: our per-file CDXJ indexes merged) and `run_replay` serves it until SIGTERM or SIGINT.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storage.cdxj import index_missing, index_path
from storage.wacz import merged_lines
from storage.warc import finished_warcs

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

PYWB_REQUIREMENT = "pywb>=2.10,<2.11"
PYWB_SERIES = "2.10."
COLLECTION = "eureporter"
READY_TIMEOUT = 60.0
REFRESH_SECONDS = 30.0
"""How often a running replay picks up WARC files finished since it started."""
_MARKER = ".eureporter-pywb"
_WAYBACK = "from pywb.apps.cli import wayback; wayback()"
_CONFIG = """\
# Written by `eureporter replay` (crawler/commands/replay.py) at every start: edits here are overwritten.
collections_root: collections
framed_replay: true
enable_memento: true
"""


class ReplayError(Exception):
    """Replay cannot start; `exit_code` follows CONTRACT.md (2 usage or configuration, 1 failure)."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


# --- the pywb environment ------------------------------------------------------------------------------------------


def default_env_dir() -> Path:
    """$EUREPORTER_PYWB_ENV, else ~/.cache/eureporter/pywb-venv ($XDG_CACHE_HOME honoured)."""
    configured = os.environ.get("EUREPORTER_PYWB_ENV")
    if configured:
        return Path(configured).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "eureporter" / "pywb-venv"


def env_python(env_dir: Path) -> Path:
    return env_dir / "bin" / "python"


def _child_env() -> dict[str, str]:
    # The project's own paths must not leak into pywb's interpreter (another warcio, another redis).
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def pywb_version(env_dir: Path) -> str | None:
    """The pywb version installed in env_dir, or None when there is no working pywb there."""
    python = env_python(env_dir)
    if not python.exists():
        return None
    probe = "import importlib.metadata as m, pywb.apps.cli; print(m.version('pywb'))"
    try:
        done = subprocess.run(
            [str(python), "-c", probe], capture_output=True, text=True, timeout=120, env=_child_env(), check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def _last_line(output: str) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("ERROR")]
    return (errors or lines or ["no output"])[-1]


def ensure_pywb(env_dir: Path | str | None = None) -> Path:
    """The directory of a virtual environment with pywb 2.10: found, or created now (python -m venv + pip).

    Creating it takes about ten seconds with a warm pip cache. Concurrent callers wait for each other (a lock file
    next to the environment). Raises ReplayError naming the environment when it cannot be made.
    """
    env_dir = Path(env_dir).expanduser() if env_dir is not None else default_env_dir()
    version = pywb_version(env_dir)
    if version and version.startswith(PYWB_SERIES):
        return env_dir
    hint = "; set EUREPORTER_PYWB_ENV to an existing pywb environment"
    try:
        env_dir.parent.mkdir(parents=True, exist_ok=True)
        lock = (env_dir.parent / f".{env_dir.name}.lock").open("w")
    except OSError as exc:
        raise ReplayError(f"could not install pywb into {env_dir}: {exc}{hint}") from exc
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        version = pywb_version(env_dir)  # another process may have made it while we waited
        if version and version.startswith(PYWB_SERIES):
            return env_dir
        python = env_python(env_dir)
        created = False
        if not python.exists():
            if env_dir.exists() and any(env_dir.iterdir()) and not (env_dir / _MARKER).exists():
                raise ReplayError(
                    f"could not install pywb into {env_dir}: it exists and is not a virtual environment{hint}"
                )
            shutil.rmtree(env_dir, ignore_errors=True)
            made = subprocess.run(
                [sys.executable, "-m", "venv", str(env_dir)], capture_output=True, text=True, check=False
            )
            if made.returncode != 0:
                shutil.rmtree(env_dir, ignore_errors=True)
                raise ReplayError(
                    f"could not install pywb into {env_dir}: {_last_line(made.stderr + made.stdout)}{hint}"
                )
            created = True
        (env_dir / _MARKER).write_text("virtual environment made by eureporter for pywb (crawler/commands/replay.py)\n")
        command = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-input"]
        try:
            pip = subprocess.run(
                [*command, PYWB_REQUIREMENT],
                capture_output=True,
                text=True,
                timeout=1800,
                env=_child_env(),
                check=False,
            )
            failure = _last_line(pip.stderr + pip.stdout) if pip.returncode != 0 else None
        except subprocess.TimeoutExpired:
            failure = "pip did not finish within 30 minutes"
        version = pywb_version(env_dir) if failure is None else None
        if failure is None and not (version and version.startswith(PYWB_SERIES)):
            failure = f"pip succeeded but pywb {version or '(missing)'} is not {PYWB_REQUIREMENT}"
        if failure is not None:
            if created:
                shutil.rmtree(env_dir, ignore_errors=True)
            raise ReplayError(f"could not install pywb into {env_dir}: {failure}{hint}")
    return env_dir


# --- the collection ------------------------------------------------------------------------------------------------


def replay_root(data_dir: Path | str) -> Path:
    return Path(data_dir) / "replay"


def prepare_collection(data_dir: Path | str) -> Path:
    """DATA/replay/collections/eureporter/ for pywb: archive/ (relative symlinks to DATA/warc, never copies) and
    indexes/index.cdxj (the per-file CDXJ indexes merged, rewritten only when they changed), plus
    DATA/replay/config.yaml. Safe to call while a replay runs: pywb lists and opens the index per request."""
    data_dir = Path(data_dir)
    warc_dir, index_dir = data_dir / "warc", data_dir / "indexes"
    warcs = list(finished_warcs(warc_dir)) if warc_dir.is_dir() else []
    if not warcs:
        raise ReplayError(f"--data {data_dir}: no finished WARC files in {warc_dir}; run a crawl first", 2)
    root = replay_root(data_dir)
    collection = root / "collections" / COLLECTION
    archive, indexes = collection / "archive", collection / "indexes"
    archive.mkdir(parents=True, exist_ok=True)
    indexes.mkdir(parents=True, exist_ok=True)
    index_missing(warc_dir, index_dir)
    wanted = {w.name: w for w in warcs}
    for link in archive.iterdir():
        if link.name not in wanted or not link.exists():
            link.unlink()  # quarantined or removed since the last start, or a dangling link
    for name, warc in wanted.items():
        link = archive / name
        if not link.is_symlink() and not link.exists():
            link.symlink_to(os.path.relpath(warc.resolve(), archive.resolve()))
    sources = [index_path(w, index_dir) for w in warcs]
    sources = [s for s in sources if s.exists()]
    signature = hashlib.sha256(
        json.dumps([(s.name, s.stat().st_size, s.stat().st_mtime_ns) for s in sources]).encode()
    ).hexdigest()
    merged, stamp = indexes / "index.cdxj", indexes / ".sources"
    if not merged.exists() or not stamp.exists() or stamp.read_text() != signature:
        tmp = indexes / f".index.cdxj.{os.getpid()}.tmp"
        with contextlib.ExitStack() as stack, tmp.open("w", encoding="utf-8") as out:
            for line in merged_lines(sources, stack):
                out.write(line)
        tmp.replace(merged)  # atomic: a running pywb sees the old index or the new one
        stamp.write_text(signature)
    (root / "config.yaml").write_text(_CONFIG)
    return collection


# --- serving -------------------------------------------------------------------------------------------------------


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _port_problem(host: str, port: int) -> str | None:
    """Why pywb could not listen on host:port, found before it starts (else its traceback is what the user sees,
    and the listener already there answers the readiness check in its place)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as pywb's server does: TIME_WAIT is no obstacle
        try:
            sock.bind((host, port))
        except OSError as exc:
            hint = "ports below 1024 need root; " if isinstance(exc, PermissionError) and port < 1024 else ""
            return f"--port {port}: cannot listen on {host}:{port} ({exc.strerror or exc}); {hint}choose another --port"
    return None


def accepts(host: str, port: int) -> bool:
    """Whether something listens at host:port (a TCP connection succeeds within half a second)."""
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def _start(env_dir: Path, data_dir: Path, host: str, port: int, output: Any) -> subprocess.Popen[bytes]:
    command = [str(env_python(env_dir)), "-c", _WAYBACK, "-p", str(port), "-b", host]
    return subprocess.Popen(
        command, cwd=replay_root(data_dir), env=_child_env(), stdin=subprocess.DEVNULL, stdout=output, stderr=output
    )


def _wait_ready(process: subprocess.Popen[bytes], host: str, port: int, timeout: float = READY_TIMEOUT) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        if accepts(host, port):
            return True
        time.sleep(0.1)
    return False


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """Terminate pywb (or any child), killing it if it has not exited 10 s later."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def replay_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/{COLLECTION}/"


def run_replay(
    data_dir: Path | str,
    host: str = "127.0.0.1",
    port: int = 8090,
    ready: Callable[[str], None] | None = None,
) -> int:
    """Serve DATA's archive with pywb in the foreground until SIGTERM or SIGINT; the exit code (CONTRACT.md).

    Prints `ready http://HOST:PORT/eureporter/` once pywb accepts connections (or calls ready(url) instead); port 0
    picks a free one. Every REFRESH_SECONDS newly finished WARC files join the collection. Problems are reported on
    stderr in one line: 2 for a data directory without WARC files, 1 when pywb cannot be installed or started.
    """
    data_dir = Path(data_dir)
    try:
        prepare_collection(data_dir)  # first: a wrong --data fails at once, before any install
        port = port or free_port(host)
        problem = _port_problem(host, port)  # a port in use too
        if problem is not None:
            raise ReplayError(problem, 1)
        if not env_python(default_env_dir()).exists():
            print(f"eureporter replay: installing pywb into {default_env_dir()} (first run only)", file=sys.stderr)
        env_dir = ensure_pywb()
    except ReplayError as exc:
        print(f"eureporter replay: {exc}", file=sys.stderr)
        return exc.exit_code
    stop = threading.Event()
    previous: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGINT):
            previous[signum] = signal.signal(signum, lambda *_: stop.set())
    process = _start(env_dir, data_dir, host, port, None)
    try:
        if not _wait_ready(process, host, port):
            code = process.poll()
            reason = f"exited with code {code}" if code is not None else f"did not listen within {READY_TIMEOUT:.0f}s"
            print(
                f"eureporter replay: pywb {reason} on {host}:{port} (see its output above); is the port free? "
                "try another --port",
                file=sys.stderr,
            )
            return 1
        url = replay_url(host, port)
        if ready is not None:
            ready(url)
        else:
            print(f"ready {url}", flush=True)
        refresh_at = time.monotonic() + REFRESH_SECONDS
        while not stop.wait(0.2):
            if process.poll() is not None:
                print(f"eureporter replay: pywb stopped unexpectedly (exit code {process.returncode})", file=sys.stderr)
                return 1
            if time.monotonic() >= refresh_at:
                refresh_at = time.monotonic() + REFRESH_SECONDS
                with contextlib.suppress(ReplayError, OSError):
                    prepare_collection(data_dir)
        return 0
    finally:
        stop_process(process)
        for number, handler in previous.items():
            signal.signal(number, handler)


@dataclass(frozen=True, slots=True)
class RunningReplay:
    url: str
    """http://127.0.0.1:PORT/eureporter/"""
    host: str
    port: int
    log: Path
    """pywb's output."""


@contextlib.contextmanager
def running_replay(
    data_dir: Path | str, port: int = 0, *, host: str = "127.0.0.1", env_dir: Path | str | None = None
) -> Iterator[RunningReplay]:
    """pywb serving DATA's archive in the background while the block runs (for tests and scripts); port 0 picks a
    free port. Its output goes to DATA/replay/wayback.log."""
    data_dir = Path(data_dir)
    prepare_collection(data_dir)
    env = ensure_pywb(env_dir)
    port = port or free_port(host)
    log = replay_root(data_dir) / "wayback.log"
    with log.open("ab") as output:
        process = _start(env, data_dir, host, port, output)
        try:
            if not _wait_ready(process, host, port):
                raise ReplayError(f"pywb did not start on {host}:{port}: see {log}", 1)
            yield RunningReplay(replay_url(host, port), host, port, log)
        finally:
            stop_process(process)
