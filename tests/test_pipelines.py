"""Item pipelines: HTML decoding before extraction."""

from __future__ import annotations

from crawler.pipelines import decode_html


def test_latin1_label_means_windows_1252() -> None:
    body = "“Quoted” – 5 € café".encode("cp1252")
    assert decode_html(body, "ISO-8859-1") == "“Quoted” – 5 € café"


def test_wrong_or_unknown_charset_falls_back_to_bytes() -> None:
    body = "café ’".encode("cp1252")
    assert decode_html(body, "utf-8") == body  # not UTF-8: extraction sniffs the bytes
    assert decode_html(body, "x-no-such-charset") == body
    assert decode_html("naïve".encode(), None) == "naïve".encode()
    assert decode_html("naïve".encode(), "utf-8") == "naïve"
