"""pywb for `eureporter browse`: the replay of crawler.commands.replay (same environment, same collection), mounted
under a path prefix and bound to loopback, so that Datasette can serve it from its own host through a proxy.

pywb builds every URL it writes from the WSGI SCRIPT_NAME, and its command line cannot set one; the few lines of
`_MOUNTED`, run by pywb's own interpreter, wrap its application to move the prefix from PATH_INFO to SCRIPT_NAME.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from crawler.commands.replay import (
    PYWB_SERIES,
    ReplayError,
    accepts,
    env_python,
    free_port,
    replay_root,
    stop_process,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

READY_TIMEOUT = 60.0
LOG_NAME = "browse-wayback.log"

_MOUNTED = """\
import sys
from pywb.apps.cli import WaybackCli

prefix = sys.argv.pop(1)


class Mounted(WaybackCli):
    def load(self):
        app = super().load()

        def mounted(environ, start_response):
            path = environ.get("PATH_INFO", "")
            if path != prefix and not path.startswith(prefix + "/"):
                start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
                return [b"not under the replay prefix\\n"]
            environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + prefix
            environ["PATH_INFO"] = path[len(prefix):] or "/"
            return app(environ, start_response)

        return mounted


Mounted(args=sys.argv[1:], default_port=8080, desc="pywb under a path prefix (eureporter browse)").run()
"""


def _child_env() -> dict[str, str]:
    # As crawler.commands.replay: the project's paths must not leak into pywb's interpreter.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _die_with_parent() -> None:
    """In the child, before exec: the kernel sends SIGTERM when the thread that started it ends (prctl(2): the
    parent *thread*), so even a SIGKILLed `eureporter browse` leaves no pywb behind (Linux; elsewhere the normal stop
    path only). Start pywb from the main thread, never from a worker thread."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


@dataclass(slots=True)
class MountedReplay:
    process: subprocess.Popen[bytes]
    host: str
    port: int
    prefix: str
    log: Path

    def alive(self) -> bool:
        return self.process.poll() is None


def looks_installed(env_dir: Path) -> bool:
    """Whether env_dir holds a finished pywb 2.10 environment (its interpreter and pywb's installed metadata): a look
    at the file system, where crawler.commands.replay.ensure_pywb starts pywb's interpreter to ask (a third of a
    second of every start). A broken one still fails the start, naming pywb's log."""
    return env_python(env_dir).exists() and any(
        env_dir.glob(f"lib/python*/site-packages/pywb-{PYWB_SERIES}*.dist-info")
    )


def launch_mounted(
    env_dir: Path, data_dir: Path, prefix: str, *, host: str = "127.0.0.1", port: int = 0
) -> MountedReplay:
    """Start pywb serving DATA/replay/ (crawler.commands.replay.prepare_collection made it) at http://HOST:PORT/PREFIX/
    (PORT 0: a free one), without waiting for it: it takes a second or two to import, time the caller can use."""
    port = port or free_port(host)
    log = replay_root(data_dir) / LOG_NAME
    with log.open("ab") as output:
        process = subprocess.Popen(
            [str(env_python(env_dir)), "-c", _MOUNTED, prefix, "-p", str(port), "-b", host],
            cwd=replay_root(data_dir),
            env=_child_env(),
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=output,
            preexec_fn=_die_with_parent,  # noqa: PLW1509 - only a prctl call, before any thread of ours exists
            # Its own process group: a terminal's Ctrl-C (or a group kill) reaches browse, which stops pywb after
            # Datasette, instead of pywb dying first under a server that still links to it.
            process_group=0,
        )
    return MountedReplay(process, host, port, prefix, log)


def wait_mounted(replay: MountedReplay, *, should_stop: Callable[[], bool] = lambda: False) -> None:
    """Wait until pywb accepts connections. Stops it and raises ReplayError (exit code 1) naming its log when it
    exits or does not listen within READY_TIMEOUT, or when `should_stop` says so."""
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline and not should_stop():
        if replay.process.poll() is not None:
            raise ReplayError(
                f"pywb exited with code {replay.process.returncode} on {replay.host}:{replay.port}: see {replay.log}", 1
            )
        if accepts(replay.host, replay.port):
            return
        time.sleep(0.05)
    stop(replay)
    if should_stop():
        raise ReplayError("stopped before pywb was ready", 1)
    raise ReplayError(
        f"pywb did not listen on {replay.host}:{replay.port} within {READY_TIMEOUT:.0f} s: see {replay.log}", 1
    )


def stop(replay: MountedReplay) -> None:
    stop_process(replay.process)
