"""A small asyncio HTTP/1.1 server (keep-alive, pipelining, chunked responses) and the threaded running_replica()."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from http import HTTPStatus

from replica.site import DEFAULT_LANGUAGES, Replica, ReplicaConfig, Response

logger = logging.getLogger(__name__)

Handler = Callable[[str, str, str, Mapping[str, str]], Response]
_CHUNK = 16 * 1024
_MAX_HEAD = 64 * 1024
_MAX_BODY = 1 << 20
_IDLE_SECONDS = 30.0


def _frame(status: int, headers: list[tuple[str, str]], body: bytes, with_body: bool, keep_alive: bool) -> bytes:
    chunked = any(name.lower() == "transfer-encoding" for name, _ in headers)
    lines = [f"HTTP/1.1 {status} {HTTPStatus(status).phrase}", *(f"{name}: {value}" for name, value in headers)]
    if not keep_alive:
        lines.append("Connection: close")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    if not with_body:
        return head
    if not chunked:
        return head + body
    chunks = [b"%x\r\n%s\r\n" % (len(body[i : i + _CHUNK]), body[i : i + _CHUNK]) for i in range(0, len(body), _CHUNK)]
    return head + b"".join(chunks) + b"0\r\n\r\n"


class HttpServer:
    """Serves a handler on one socket; every request is answered in arrival order on its connection."""

    def __init__(self, handler: Handler, host: str = "127.0.0.1", port: int = 0) -> None:
        self.handler = handler
        self.host = host
        self.port = port
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._connection, self.host, self.port, limit=_MAX_HEAD)
        self.port = self._server.sockets[0].getsockname()[1]

    async def close(self) -> None:
        if self._server is None:
            return
        self._server.close()
        # Idle keep-alive connections would otherwise hold the shutdown.
        for writer in list(self._writers):
            writer.close()
        with suppress(TimeoutError):
            await asyncio.wait_for(self._server.wait_closed(), 2)

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        try:
            while await self._exchange(reader, writer):
                pass
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
            # Clients disconnect mid-request or idle out: nothing to answer.
            pass
        finally:
            self._writers.discard(writer)
            writer.close()

    async def _exchange(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        """Read one request and answer it; False when the connection should close."""
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), _IDLE_SECONDS)
        request_line, *lines = head.decode("latin-1").split("\r\n")
        parts = request_line.split(" ")
        if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
            writer.write(_frame(400, [("Content-Length", "0")], b"", False, False))
            await writer.drain()
            return False
        method, target, version = parts
        headers: dict[str, str] = {}
        for line in lines:
            name, colon, value = line.partition(":")
            if colon:
                key = name.strip().lower()
                headers[key] = f"{headers[key]}, {value.strip()}" if key in headers else value.strip()
        if headers.get("transfer-encoding") or int(headers.get("content-length", "0") or 0) > _MAX_BODY:
            writer.write(_frame(413, [("Content-Length", "0")], b"", False, False))
            await writer.drain()
            return False
        if headers.get("content-length"):
            await reader.readexactly(int(headers["content-length"]))
        connection = headers.get("connection", "").lower()
        keep_alive = "close" not in connection if version == "HTTP/1.1" else "keep-alive" in connection
        try:
            status, response_headers, body = self.handler(method, headers.get("host", ""), target, headers)
        except Exception:
            logger.error("Replica failed on %s %s", method, target, exc_info=True)
            status, response_headers, body, keep_alive = 500, [("Content-Length", "0")], b"", False
        if version == "HTTP/1.0" and ("Transfer-Encoding", "chunked") in response_headers:
            # HTTP/1.0 clients cannot de-chunk: fall back to a length.
            response_headers = [h for h in response_headers if h[0] != "Transfer-Encoding"]
            response_headers.append(("Content-Length", str(len(body))))
        with_body = method != "HEAD" and status not in (204, 304) and status >= 200
        frame = _frame(status, response_headers, body, with_body, keep_alive)
        send = getattr(body, "send", None)  # replica.hostile.Paced: a response that comes late or never finishes
        if send is not None:
            return bool(await send(writer, frame))
        writer.write(frame)
        await writer.drain()
        logger.debug('%s "%s %s %s" %d %d', headers.get("host", "-"), method, target, version, status, len(body))
        return keep_alive


class ServerThread:
    """An HttpServer on its own event loop in a daemon thread (for tests and in-process tools)."""

    def __init__(self, handler: Handler, host: str = "127.0.0.1", port: int = 0) -> None:
        self.server = HttpServer(handler, host, port)
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, name="replica-server", daemon=True)

    @property
    def port(self) -> int:
        return self.server.port

    def start(self) -> None:
        self._thread.start()
        self._ready.wait()
        if self._error is not None:
            raise self._error

    def stop(self) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout=10)

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
        try:
            await self.server.start()
        except OSError as error:
            self._error = error
            self._ready.set()
            return
        self._ready.set()
        await self._stop.wait()
        await self.server.close()


@dataclass(frozen=True)
class RunningReplica:
    """A replica listening on loopback: where it is and the Replica behind it."""

    site: Replica
    host: str
    port: int

    @property
    def domain(self) -> str:
        return self.site.domain

    @property
    def base_url(self) -> str:
        """The English edition, e.g. http://www.eureporter.test:PORT."""
        return self.site.base("en", self.port)

    def base(self, lang: str) -> str:
        return self.site.base(lang, self.port)

    def url(self, path: str, lang: str = "en") -> str:
        return self.base(lang) + path

    @property
    def resolve(self) -> str:
        """A curl-style --resolve rule that sends every edition's host name to the server."""
        return f"*.{self.domain}={self.host}"


@contextmanager
def running_replica(
    articles: int = 300,
    edition: int = 1,
    languages: tuple[str, ...] = DEFAULT_LANGUAGES,
    port: int = 0,
    domain: str = "eureporter.test",
    host: str = "127.0.0.1",
    *,
    traps: bool = False,
    layout: str = "zox",
    block_user_agent: str = "",
    sitemaps: str = "full",
    validators: bool = False,
    trap_names: tuple[str, ...] = (),
    block_with: str = "403",
    feed_queries: bool = True,
    unavailable: float = 0.0,
) -> Iterator[RunningReplica]:
    """Serve a replica in a background thread for the duration of the block (port 0 picks a free port; port 80
    serves links without a port). The keyword options are ReplicaConfig's."""
    site = Replica(
        ReplicaConfig(
            articles=articles,
            edition=edition,
            languages=tuple(languages),
            domain=domain,
            traps=traps,
            layout=layout,
            block_user_agent=block_user_agent,
            sitemaps=sitemaps,
            validators=validators,
            trap_names=tuple(trap_names),
            block_with=block_with,
            feed_queries=feed_queries,
            unavailable=unavailable,
        )
    )
    thread = ServerThread(site.handle, host, port)
    thread.start()
    try:
        yield RunningReplica(site, host, thread.port)
    finally:
        thread.stop()
