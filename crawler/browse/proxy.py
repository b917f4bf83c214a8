"""An ASGI reverse proxy from Datasette's `/replay/…` to pywb on a loopback port.

pywb runs mounted under the same prefix (crawler.browse.pywb sets its SCRIPT_NAME), so the links, redirects and
scripts it writes already point at `/replay/…` on whatever host the browser used: the proxy passes paths, the Host
header and X-Forwarded-Proto through untouched and streams the bytes back as pywb sent them (still compressed).
Only GET and HEAD pass: the replay is read-only.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx

logger = logging.getLogger(__name__)

# RFC 9110 §7.6.1: connection-specific fields are not forwarded by a proxy.
HOP_BY_HOP = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"proxy-authenticate",
        b"proxy-authorization",
        b"proxy-connection",
        b"te",
        b"trailer",
        b"transfer-encoding",
        b"upgrade",
    }
)
DROPPED_REQUEST_HEADERS = HOP_BY_HOP | {b"cookie"}
"""The browser's cookies for the dataset's host (Datasette's included) are none of pywb's business."""
DROPPED_RESPONSE_HEADERS = HOP_BY_HOP | {b"set-cookie"}
"""pywb passes an archived page's own Set-Cookie through in `id_` mode; on the browser's side that would set cookies
for the dataset's host (Datasette's included). The replay needs none."""
TIMEOUT = httpx.Timeout(60.0, connect=5.0)
"""pywb reads a WARC record per request; the first request after a start also loads its index."""


class ReplayProxy:
    """ASGI app forwarding every request it gets to http://HOST:PORT (pywb), path and query unchanged."""

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self._client: httpx.AsyncClient | None = None

    def _get_client(self) -> httpx.AsyncClient:
        if self._client is None:
            # One pool for the server's lifetime; no environment proxies: pywb is on loopback.
            self._client = httpx.AsyncClient(timeout=TIMEOUT, trust_env=False, follow_redirects=False)
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        method = scope.get("method", "GET")
        if method not in ("GET", "HEAD"):
            await _plain(
                send, 405, "The archive is read-only: only GET and HEAD reach the replay.\n", [(b"allow", b"GET, HEAD")]
            )
            return
        raw_path: bytes = scope.get("raw_path") or scope["path"].encode("utf-8")
        query: bytes = scope.get("query_string") or b""
        url = httpx.URL(
            scheme="http", host=self.host, port=self.port, raw_path=raw_path + (b"?" + query if query else b"")
        )
        headers = [(k, v) for k, v in scope.get("headers", []) if k.lower() not in DROPPED_REQUEST_HEADERS]
        client = self._get_client()
        try:
            request = client.build_request(method, url, headers=headers)
            response = await client.send(request, stream=True)
        except httpx.HTTPError as exc:
            logger.warning(
                "replay proxy: pywb on %s:%d did not answer %s: %s", self.host, self.port, scope["path"], exc
            )
            await _plain(send, 502, "The replay (pywb) did not answer; see DATA/replay/browse-wayback.log.\n")
            return
        try:
            out_headers = [(k, v) for k, v in response.headers.raw if k.lower() not in DROPPED_RESPONSE_HEADERS]
            await send({"type": "http.response.start", "status": response.status_code, "headers": out_headers})
            try:
                async for chunk in response.aiter_raw():
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
            except httpx.HTTPError as exc:
                # Too late for an error page: end the response short (the browser sees a truncated body).
                logger.warning("replay proxy: pywb broke off %s: %s", scope["path"], exc)
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            await response.aclose()


async def _plain(send: Any, status: int, text: str, extra: list[tuple[bytes, bytes]] | None = None) -> None:
    body = text.encode("utf-8")
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers + (extra or [])})
    await send({"type": "http.response.body", "body": body})
