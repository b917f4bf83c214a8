"""A loopback HTTP server with the responses WARC capture must survive: gzip with Content-Length, gzip sent chunked,
two Set-Cookie, 301/302, 503 then 200, 404, query strings, a 304 for a matching ETag, and a gzip bomb."""

from __future__ import annotations

import gzip
import threading
import time
from collections import Counter
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

PAGE = (
    b"<!doctype html><html><head><title>Fixture</title></head><body>"
    + b"<p>EU Reporter fixture.</p>" * 200
    + b"</body></html>"
)
GZ_BODY = gzip.compress(PAGE, mtime=0)
SAME = b"<html><body>unchanged between crawls</body></html>"
ETAG = '"v1"'
BOMB_SIZE = 10 * 1024 * 1024
BOMB = gzip.compress(b"\0" * BOMB_SIZE, compresslevel=9, mtime=0)
FLAKY_FAILURES = 2


class FixtureServer(ThreadingHTTPServer):
    daemon_threads = True
    hits: Counter[str]
    requests_seen: list[tuple[str, dict[str, str], float]]
    """(path with query, request headers, arrival time) of each request."""


class FixtureHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: FixtureServer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (BaseHTTPRequestHandler's name)
        pass

    def _send(self, status: int, body: bytes, headers: list[tuple[str, str]] = (), length: bool = True) -> None:
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self) -> None:
        path, _, _query = self.path.partition("?")
        self.server.hits[path] += 1
        self.server.requests_seen.append((self.path, dict(self.headers.items()), time.time()))
        html = [("Content-Type", "text/html; charset=utf-8")]
        if path == "/robots.txt":
            self._send(200, b"User-agent: *\nDisallow: /private\n", [("Content-Type", "text/plain")])
        elif path in ("/page", "/auth", "/"):
            self._send(200, PAGE, html)
        elif path == "/gz":
            self._send(
                200,
                GZ_BODY,
                [*html, ("Content-Encoding", "gzip"), ("Set-Cookie", "session=abc; Path=/"), ("Set-Cookie", "lang=en")],
            )
        elif path == "/chunkgz":
            self.send_response(200)
            for name, value in [*html, ("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")]:
                self.send_header(name, value)
            self.end_headers()
            for start in range(0, len(GZ_BODY), 100):
                chunk = GZ_BODY[start : start + 100]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.write(b"0\r\n\r\n")
        elif path == "/redirect":
            self._send(301, b"moved", [("Location", "/page?from=301"), ("Content-Type", "text/plain")])
        elif path == "/found":
            self._send(302, b"", [("Location", "/page?from=302")])
        elif path == "/flaky":
            if self.server.hits[path] <= FLAKY_FAILURES:
                self._send(503, b"try again", [("Content-Type", "text/plain"), ("Retry-After", "0")])
            else:
                self._send(200, PAGE, html)
        elif path == "/same":
            self._send(200, SAME, html)
        elif path == "/etag":
            if self.headers.get("If-None-Match") == ETAG:
                self._send(304, b"", [("ETag", ETAG)], length=False)
            else:
                self._send(200, SAME, [*html, ("ETag", ETAG)])
        elif path == "/bomb":
            self._send(200, BOMB, [*html, ("Content-Encoding", "gzip")])
        else:
            self._send(404, b"<html><body>not found</body></html>", html)


@contextmanager
def serve() -> Iterator[FixtureServer]:
    """Serve on 127.0.0.1, port chosen by the system; `server.server_port` tells which."""
    server = FixtureServer(("127.0.0.1", 0), FixtureHandler)
    server.hits = Counter()
    server.requests_seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    with serve() as running:
        print(f"ready http://127.0.0.1:{running.server_port}/", flush=True)
        threading.Event().wait()
