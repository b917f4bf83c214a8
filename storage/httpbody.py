"""HTTP message bodies as archived: Content-Encoding removed under a size limit, charset and type from the headers.

Shared by the crawl (crawler/spiders) and reprocessing from WARC files (crawler/commands/reprocess.py), so both read
a page the same way. No Scrapy import.

`python -m storage.httpbody check FILE…` is `warcio check` able to read `br` and `zstd` responses (see
register_warcio_codings).
"""

from __future__ import annotations

import sys
import zlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from types import ModuleType

MAX_DECODED_BYTES = 64 * 1024 * 1024
"""A body inflating past this is refused and counted (a decompression bomb, or not a news page)."""
_CHUNK = 64 * 1024


class BodyTooLarge(ValueError):
    """The body inflates past the limit."""


class UnsupportedCoding(ValueError):
    """A Content-Encoding other than gzip, deflate, br or zstd, or one whose module is not installed."""


def _inflate(data: bytes, wbits: int, limit: int) -> bytes:
    out: list[bytes] = []
    size = 0
    while data:
        decompressor = zlib.decompressobj(wbits)
        try:
            chunk = decompressor.decompress(data, _CHUNK)
            while True:
                size += len(chunk)
                if size > limit:
                    raise BodyTooLarge(f"inflates past {limit} bytes")
                out.append(chunk)
                if decompressor.eof or not decompressor.unconsumed_tail:
                    break
                chunk = decompressor.decompress(decompressor.unconsumed_tail, _CHUNK)
        except zlib.error:
            if out:
                break  # a truncated stream: keep what decoded, as Scrapy's gunzip does
            raise
        # Concatenated gzip members are one body (RFC 1952 §2.2).
        data = decompressor.unused_data if wbits > 15 and decompressor.eof else b""
    return b"".join(out)


def _unbrotli(data: bytes, limit: int) -> bytes:
    try:
        import brotli
    except ImportError:
        raise UnsupportedCoding("br (the brotli module is not installed)") from None
    decompressor = brotli.Decompressor()
    out = [decompressor.process(data, output_buffer_limit=_CHUNK)]
    size = len(out[0])
    while not decompressor.is_finished():
        chunk = decompressor.process(b"", output_buffer_limit=_CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(f"inflates past {limit} bytes")
        out.append(chunk)
    if size > limit:
        raise BodyTooLarge(f"inflates past {limit} bytes")
    return b"".join(out)


def zstd_module() -> ModuleType | None:
    """The standard library's zstd (Python 3.14) or its backport (backports.zstd, a dependency), if installed."""
    try:
        if sys.version_info >= (3, 14):
            from compression import zstd  # type: ignore[import-not-found,unused-ignore]
        else:
            from backports import zstd  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    return zstd


def _unzstd(data: bytes, limit: int) -> bytes:
    zstd = zstd_module()
    if zstd is None:
        raise UnsupportedCoding("zstd (neither compression.zstd nor backports.zstd is installed)")
    out: list[bytes] = []
    size = 0
    while data:
        decompressor = zstd.ZstdDecompressor()
        chunk = decompressor.decompress(data, max_length=_CHUNK)
        while True:
            size += len(chunk)
            if size > limit:
                raise BodyTooLarge(f"inflates past {limit} bytes")
            out.append(chunk)
            if decompressor.eof or decompressor.needs_input:
                break  # the frame ended, or the body did (a truncated frame: keep what decoded)
            chunk = decompressor.decompress(b"", max_length=_CHUNK)
        # Concatenated frames are one body (RFC 8878 §3.1).
        data = decompressor.unused_data if decompressor.eof else b""
    return b"".join(out)


def decode_content(body: bytes, content_encoding: str, limit: int = MAX_DECODED_BYTES) -> bytes:
    """The body with its Content-Encoding removed (codings applied last are removed first, RFC 9110 §8.4).

    Raises BodyTooLarge past `limit` decoded bytes and UnsupportedCoding for codings other than gzip, deflate, br and
    zstd (or when their module is missing); zlib.error & co. for a body that is not in its coding.
    """
    codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
    for coding in reversed(codings):
        if coding in ("identity", ""):
            continue
        if coding in ("gzip", "x-gzip"):
            body = _inflate(body, zlib.MAX_WBITS + 32, limit)  # +32: gzip or zlib header, detected
        elif coding == "deflate":
            try:
                body = _inflate(body, zlib.MAX_WBITS, limit)
            except zlib.error:
                body = _inflate(body, -zlib.MAX_WBITS, limit)  # raw deflate, as some servers send it
        elif coding == "br":
            body = _unbrotli(body, limit)
        elif coding == "zstd":
            body = _unzstd(body, limit)
        else:
            raise UnsupportedCoding(coding)
    if len(body) > limit:
        raise BodyTooLarge(f"{len(body)} bytes, past {limit}")
    return body


def declared_charset(content_type: str) -> str | None:
    """The charset parameter of an HTTP Content-Type."""
    _, _, params = content_type.partition(";")
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.lower() == "charset" and value:
            return value.strip("\"' ")
    return None


def is_html(content_type: str, body: bytes, content_encoding: str = "") -> bool:
    """An HTML page by its Content-Type, or, without one, by its first byte. A body still content-encoded and without a
    type may be HTML: only decoding it will tell, so it counts as HTML here."""
    lowered = content_type.lower()
    if not lowered and content_encoding.strip().lower() not in ("", "identity"):
        return True
    return "html" in lowered or (not lowered and body.lstrip()[:1] == b"<")


# --- warcio -----------------------------------------------------------------------------------------------------------


class _WarcioBrotli:
    """Google's Brotli decompressor (the `brotli` Scrapy and FastWARC require) with the brotlipy interface warcio's
    BufferedReader was written for: `decompress()` and an `unused_data` attribute (a brotli stream has none)."""

    unused_data: bytes | None = None

    def __init__(self) -> None:
        import brotli

        self._decompressor = brotli.Decompressor()

    def decompress(self, data: bytes) -> bytes:
        return bytes(self._decompressor.process(data))


class _WarcioZstd:
    """A zstd decompressor with the zlib-like interface warcio's BufferedReader expects."""

    def __init__(self) -> None:
        zstd = zstd_module()
        assert zstd is not None
        self._decompressor: Any = zstd.ZstdDecompressor()

    @property
    def unused_data(self) -> bytes | None:
        return self._decompressor.unused_data or None if self._decompressor.eof else None

    def decompress(self, data: bytes) -> bytes:
        return bytes(self._decompressor.decompress(data))


def register_warcio_codings() -> None:
    """Make warcio's content_stream() (and so `warcio check`) read `br` and `zstd` responses.

    warcio 1.8.0 registers a `br` decoder whenever `import brotli` works, written for brotlipy (its `all` extra), whose
    module is also named `brotli`; with Google's Brotli, the one Scrapy >= 2.14 and FastWARC require, it fails on
    `decomp.unused_data = None` (AttributeError, webrecorder/warcio#73) and `warcio check` stops on the whole file.
    Later releases look for brotlicffi only, and without it leave `br` bodies undecoded (their digests still check).
    Installing brotlipy is no way out: it would shadow the `brotli` that Scrapy and FastWARC decode with. zstd warcio
    does not decode at all.
    """
    from warcio.bufferedreaders import BufferedReader

    try:
        import brotli
    except ImportError:
        brotli = None
    # Google's Brotli has Decompressor.process; brotlipy's module of the same name has no such method and works with
    # warcio as it is. Later warcio releases look only for brotlicffi and register nothing without it.
    if brotli is not None and hasattr(getattr(brotli, "Decompressor", None), "process"):
        BufferedReader.DECOMPRESSORS["br"] = _WarcioBrotli
    if zstd_module() is not None:
        BufferedReader.DECOMPRESSORS["zstd"] = _WarcioZstd


def main(argv: list[str] | None = None) -> None:
    """warcio's command line (`check`, `index`, …) with br and zstd bodies readable."""
    register_warcio_codings()
    from warcio.cli import main as warcio_main

    warcio_main(argv)


if __name__ == "__main__":
    main()
