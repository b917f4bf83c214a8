"""Bytes to text as a browser decides it (WHATWG Encoding and HTML): BOM, HTTP charset, <meta>, UTF-8, windows-1252.

The one place where a page's bytes become text, for the crawl (crawler.extraction.pages) and for extraction from
bytes (crawler.extraction.article.decode), so a page reads the same whichever way it arrives.
"""

from __future__ import annotations

import codecs
import re

from w3lib.encoding import resolve_encoding

# Magic numbers of what a crawler also fetches: images, PDF, archives, fonts, media.
BINARY_MAGIC = (
    b"\xff\xd8\xff",
    b"\x89PNG",
    b"GIF8",
    b"%PDF",
    b"PK\x03\x04",
    b"RIFF",
    b"\x1f\x8b",
    b"BM",
    b"II*\x00",
    b"MM\x00*",
    b"\x00\x00\x01\x00",
    b"wOFF",
    b"wOF2",
    b"ID3",
    b"OggS",
    b"\x00\x00\x00",
)
META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]{0,100}?encoding\s*=\s*["']([\w.:-]+)""",
    re.IGNORECASE,
)
PRESCAN_BYTES = 4096
"""How far into the page a <meta charset> is looked for (WordPress writes it in the first lines of <head>)."""
BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
WINDOWS_1252 = "eureporter-windows-1252"
UTF8_REPLACEMENT = b"\xef\xbf\xbd"


def _undefined_as_c1(error: UnicodeError) -> tuple[str, int]:
    # The five bytes cp1252 leaves undefined decode to the same code point, as browsers do (WHATWG windows-1252).
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.start + 1].decode("latin-1"), error.start + 1


codecs.register_error(WINDOWS_1252, _undefined_as_c1)


def resolve(label: str | None, *, in_meta: bool = False) -> str | None:
    """The Python codec a browser uses for a charset label (WHATWG labels: iso-8859-1 and ascii mean windows-1252),
    or None for an unknown label. In a <meta>, UTF-16 means UTF-8: a UTF-16 page is told by its BOM (HTML §13.2.3.2)."""
    if not label:
        return None
    encoding = resolve_encoding(label.strip().strip("\"'"))
    if encoding and in_meta and encoding.replace("_", "-").startswith(("utf-16", "utf-32")):
        return "utf-8"
    return encoding


def meta_charset(data: bytes) -> str | None:
    """The charset a <meta> (or an XML declaration) near the top of the page names, as written."""
    match = META_CHARSET.search(data[:PRESCAN_BYTES])
    return (match.group(1) or match.group(2)).decode("ascii") if match else None


def is_binary(data: bytes) -> bool:
    """Nothing, or not text at all (an image, a PDF, an archive behind a text/html label)."""
    return not data.strip() or data.startswith(BINARY_MAGIC) or data[:1024].count(b"\x00") > 64


def decode_html(data: bytes, http_charset: str | None = None) -> str | None:
    """The page's text, or None when the bytes are not text.

    In the order browsers use: a BOM; the HTTP charset; the <meta> charset; UTF-8 when the bytes are (nearly) valid
    UTF-8; windows-1252. A declared encoding that the bytes plainly are not in (a windows-1252 page labelled UTF-8)
    is passed over. A UTF-8 page with a few invalid bytes stays UTF-8, only those bytes replaced (U+FFFD), as a
    browser shows it: re-reading it as windows-1252 would garble every other accented letter of the page.
    """
    for bom, bom_encoding in BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(bom_encoding, errors="replace")
    if is_binary(data):
        return None
    encodings: tuple[str | None, ...] = (resolve(http_charset), resolve(meta_charset(data), in_meta=True), "utf-8")
    for encoding in encodings:
        text = _decode_as(data, encoding)
        if text is not None:
            return text
    return data.decode("cp1252", errors=WINDOWS_1252)


def _decode_as(data: bytes, encoding: str | None) -> str | None:
    """The text if the bytes are in that encoding (for UTF-8: nearly all of them), else None."""
    if encoding is None:
        return None
    if encoding == "cp1252":
        return data.decode("cp1252", errors=WINDOWS_1252)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        pass
    except LookupError:
        return None
    if codecs.lookup(encoding).name != "utf-8":
        return None  # a legacy multi-byte encoding the bytes are not in: the label is wrong
    text = data.decode("utf-8", errors="replace")
    return text if mostly_utf8(data, text) else None


def mostly_utf8(data: bytes, text: str) -> bool:
    """`text` (data decoded as UTF-8 with replacement) holds more well-formed non-ASCII characters than invalid bytes.

    A windows-1252 page has almost no byte sequence that is valid UTF-8 (an accented letter is one byte followed by
    ASCII), so its count of valid non-ASCII characters is near zero; a UTF-8 page with a few stray bytes has many.
    """
    replaced = text.count("\ufffd")
    invalid = replaced - data.count(UTF8_REPLACEMENT)
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    return invalid <= non_ascii - replaced
