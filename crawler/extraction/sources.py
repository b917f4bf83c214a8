"""The machine-readable sources of a page: <head> meta and links, JSON-LD, and URL and date helpers."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

from crawler.langcodes import code

if TYPE_CHECKING:
    from datetime import tzinfo

    from lxml.html import HtmlElement

# EU Reporter is edited in Brussels: WordPress prints a time without an offset in the site's time zone.
BRUSSELS = ZoneInfo("Europe/Brussels")

ARTICLE_TYPES = re.compile(r"(?:Article|BlogPosting|Report)$")
_WS = re.compile(r"\s+")


def squash(text: str | None) -> str:
    return _WS.sub(" ", text or "").strip()


def strip_url(url: str) -> str:
    """The URL without query string and fragment."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def iso(value: Any, local: tzinfo | None = None) -> tuple[int, str] | None:
    """(precision, ISO 8601 text) of a machine-readable date: 3 with offset, 2 naive date-time, 1 date only.

    With `local`, a naive date-time is read as wall-clock time there and written with that zone's offset on that day
    (summer time included; a time repeated when clocks go back is the first one, a time skipped when they go forward
    gets the offset before the change); its precision stays 2, so a source that states its offset still wins.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    try:
        if len(value) == 10:
            return 1, date.fromisoformat(value).isoformat()
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    precision = 3 if moment.tzinfo else 2
    if moment.tzinfo is None and local is not None:
        moment = moment.replace(tzinfo=local)
    return precision, moment.isoformat(timespec="seconds" if not moment.microsecond else "auto")


def _types(node: dict[str, Any]) -> list[str]:
    kind = node.get("@type", [])
    return [kind] if isinstance(kind, str) else [k for k in kind if isinstance(k, str)]


def _flatten(data: Any, out: list[dict[str, Any]]) -> None:
    if isinstance(data, list):
        for item in data:
            _flatten(item, out)
    elif isinstance(data, dict):
        out.append(data)
        if "@graph" in data:
            _flatten(data["@graph"], out)


class Sources:
    """<head> meta (by property or name), canonical and hreflang links, and JSON-LD nodes of one page."""

    def __init__(self, tree: HtmlElement, url: str) -> None:
        self.tree = tree
        self.url = url
        self.meta: dict[str, list[str]] = {}
        self.canonical: str | None = None
        self.alternates: dict[str, str] = {}
        head = tree.find("head")
        for el in (head if head is not None else tree).iter("meta", "link"):
            if el.tag == "meta":
                key = (el.get("property") or el.get("name") or "").strip().lower()
                if key and el.get("content") is not None:
                    self.meta.setdefault(key, []).append(el.get("content", "").strip())
                continue
            rel = (el.get("rel") or "").lower().split()
            href = (el.get("href") or "").strip()
            if "canonical" in rel and href and self.canonical is None:
                self.canonical = urljoin(url, href)
            elif "alternate" in rel and href and el.get("hreflang"):
                tag = el.get("hreflang", "").strip().lower()
                key = tag if tag == "x-default" else code(tag)
                if key and key in self.alternates and self.alternates[key] != urljoin(url, href):
                    key = tag  # two regional variants of one language (zh-cn, zh-tw): keep both
                if key and key not in self.alternates:
                    self.alternates[key] = urljoin(url, href)
        nodes: list[dict[str, Any]] = []
        for script in tree.xpath("//script[@type='application/ld+json']"):
            try:
                _flatten(json.loads(script.text or ""), nodes)
            except ValueError:
                continue
        self.ld_nodes = nodes
        self.ld_article = next((n for n in nodes if any(ARTICLE_TYPES.search(t) for t in _types(n))), {})
        self.ld_page = next((n for n in nodes if any(t.endswith("WebPage") for t in _types(n))), {})

    def first(self, *keys: str) -> str | None:
        return next((v for k in keys for v in self.meta.get(k, []) if v), None)

    def ld_name(self, value: Any) -> str | None:
        if isinstance(value, list):
            names = [n for n in (self.ld_name(v) for v in value) if n]
            return ", ".join(names) or None
        if isinstance(value, str):
            return value
        if isinstance(value, dict):
            if value.get("name"):
                return str(value["name"])
            ref = value.get("@id")
            node = next((n for n in self.ld_nodes if ref and n.get("@id") == ref and n is not value), None)
            return str(node["name"]) if node and node.get("name") else None
        return None
