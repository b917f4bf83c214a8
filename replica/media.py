"""Tiny, valid, deterministic image files for /wp-content/uploads/ (the crawler archives them; nobody looks)."""

from __future__ import annotations

import struct
import zlib

_GRAY = 0x80


def _segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">HH", marker, len(payload) + 2) + payload


def jpeg(name: str) -> bytes:
    """An 8x8 mid-grey baseline JPEG whose comment names the file, so that every upload has its own bytes."""
    comment = f"EU Reporter replica upload {name} ".encode()
    comment = (comment * (1 + 240 // len(comment)))[:240]
    one_code = bytes([1] + [0] * 15) + b"\x00"  # one Huffman code of length 1 for symbol 0
    return b"".join(
        (
            b"\xff\xd8",
            _segment(0xFFE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"),
            _segment(0xFFFE, comment),
            _segment(0xFFDB, b"\x00" + b"\x01" * 64),
            _segment(0xFFC0, b"\x08\x00\x08\x00\x08\x01\x01\x11\x00"),
            _segment(0xFFC4, b"\x00" + one_code),
            _segment(0xFFC4, b"\x10" + one_code),
            _segment(0xFFDA, b"\x01\x01\x00\x00\x3f\x00"),
            # DC difference 0 (code "0") then end-of-block (code "0"), padded with one-bits.
            b"\x3f",
            b"\xff\xd9",
        )
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(name: str) -> bytes:
    """A 1x1 grey PNG with the file name in a tEXt chunk."""
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)),
            _chunk(b"tEXt", b"Comment\x00" + name.encode()),
            _chunk(b"IDAT", zlib.compress(bytes([0, _GRAY]))),
            _chunk(b"IEND", b""),
        )
    )


THEME_CSS = b"/* Zox News 3.1.0 (replica stub) */\nbody{margin:0;font-family:sans-serif}\n.left{float:left}\n"
