"""HTTP message bodies as archived: Content-Encoding removed under a size limit, charset and type from the headers.

Shared by the crawl (crawler/spiders) and reprocessing from WARC files (crawler/commands/reprocess.py), so both read
a page the
same way. No Scrapy import.
"""

from __future__ import annotations

import zlib

MAX_DECODED_BYTES = 64 * 1024 * 1024
"""A body inflating past this is refused and counted (a decompression bomb, or not a news page)."""
_CHUNK = 64 * 1024


class BodyTooLarge(ValueError):
    """The body inflates past the limit."""


class UnsupportedCoding(ValueError):
    """A Content-Encoding other than gzip, deflate or br."""


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


def decode_content(body: bytes, content_encoding: str, limit: int = MAX_DECODED_BYTES) -> bytes:
    """The body with its Content-Encoding removed (codings applied last are removed first, RFC 9110 §8.4).

    Raises BodyTooLarge past `limit` decoded bytes and UnsupportedCoding for codings other than gzip, deflate, br.
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
