"""Link discovery from sitemaps, RSS/Atom feeds, listing pages and hreflang alternates; tolerant of broken input."""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

from crawler.scope import article_match, canonical_page_url, is_listing_path
from storage.httpbody import decode_content

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

# A sitemap may hold 50,000 URLs and 50 MB (sitemaps.org); anything inflating past this is not a sitemap.
MAX_SITEMAP_BYTES = 64 * 1024 * 1024
_PAGE_SUFFIX = re.compile(r"/page/\d+/?$")


def _local(tag: object) -> str:
    # Namespaces vary (sitemaps.org 0.9, Google's old 0.84, none at all): compare local names only.
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


T = TypeVar("T")


@dataclass(slots=True)
class XmlEntries(Generic[T]):
    """What was read of a sitemap or feed; `truncated` when the document broke off (only whole entries kept)."""

    kind: str
    entries: list[T] = field(default_factory=list)
    truncated: bool = False


def _closed_entries(
    body: bytes, roots: tuple[str, ...], entry: tuple[str, ...], read: Callable[[etree._Element], T | None]
) -> XmlEntries[T] | None:
    """Stream the document strictly and read each `entry` element once its end tag was seen, then drop it.

    Sitemaps and feeds are attacker-controlled input: no entity expansion, no network, no huge text nodes, and no
    recovery parsing, which would hand over the half-written <loc> of a truncated file as if it were whole.
    """
    if body[:2] == b"\x1f\x8b":  # a .xml.gz file (not Content-Encoding, which Scrapy already undid)
        try:
            body = decode_content(body, "gzip", MAX_SITEMAP_BYTES)
        except Exception:  # noqa: BLE001 - a corrupt or bomb-sized archive is just an invalid document
            return None
    body = body.strip()
    if not body:
        return None
    result: XmlEntries[T] | None = None
    events = etree.iterparse(
        io.BytesIO(body),
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
    )
    try:
        for event, element in events:
            name = _local(element.tag)
            if result is None:
                if event != "start" or name not in roots:
                    return None
                result = XmlEntries(name)
            elif event == "end" and name in entry:
                value = read(element)
                if value is not None:
                    result.entries.append(value)
                element.clear()  # bounded memory on huge documents: read entries are dropped
    except etree.XMLSyntaxError:
        if result is None:
            return None
        result.truncated = True
    return result


def _children(element: etree._Element) -> dict[str, str]:
    values: dict[str, str] = {}
    for child in element:
        name = _local(child.tag)
        if name not in values and child.text and child.text.strip():
            values[name] = child.text.strip()
    return values


@dataclass(slots=True)
class SitemapEntries:
    kind: str
    """"sitemapindex" or "urlset"."""
    entries: list[tuple[str, str | None]]
    """(loc, lastmod) of each whole entry."""
    truncated: bool


def _sitemap_entry(element: etree._Element) -> tuple[str, str | None] | None:
    values = _children(element)
    return (values["loc"], values.get("lastmod")) if values.get("loc") else None


def articles_from_sitemap(body: bytes) -> SitemapEntries | None:
    """The entries of a sitemap index or urlset, or None when the body is not a sitemap."""
    parsed = _closed_entries(body, ("sitemapindex", "urlset"), ("sitemap", "url"), _sitemap_entry)
    return None if parsed is None else SitemapEntries(parsed.kind, parsed.entries, parsed.truncated)


def feed_entries(body: bytes) -> list[str] | None:
    """Item links of an RSS 2.0 / RSS 1.0 / Atom feed (whole items only), or None when the body is not a feed."""
    items = feed_items(body)
    return None if items is None else [link for link, _updated in items]


def feed_items(body: bytes) -> list[tuple[str, str | None]] | None:
    """(link, modification time) of each whole item of a feed, or None when the body is not a feed.

    The modification time is only what says so: Atom's <updated>, Dublin Core's modified; never RSS's <pubDate>
    (the publication time), which would pass an edited post for unchanged.
    """
    parsed = _closed_entries(body, ("rss", "rdf", "feed"), ("item", "entry"), _feed_item)
    return None if parsed is None else parsed.entries


def _feed_item(element: etree._Element) -> tuple[str, str | None] | None:
    link: str | None = None
    updated: str | None = None
    for child in element:
        name = _local(child.tag)
        if name == "link" and link is None:
            href = child.get("href") or (child.text or "").strip()
            if href and child.get("rel", "alternate") == "alternate":
                link = href
        elif name in ("updated", "modified") and (child.text or "").strip():
            updated = (child.text or "").strip()
    return (link, updated) if link else None


# Article pages are not parsed in the crawl's reactor thread (extraction parses them, in a worker process): the few
# links the spider needs from them are read from the raw tags, which is ~20x cheaper than building a DOM.
_TAG = re.compile(rb"<(link|a)\s([^<>]{0,4000})>", re.IGNORECASE)
_ATTR = re.compile(rb"""([a-zA-Z_:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>=`]+))""")


def _tags(body: bytes, name: bytes) -> Iterator[dict[str, str]]:
    for match in _TAG.finditer(body):
        if match.group(1).lower() != name:
            continue
        attrs: dict[str, str] = {}
        for attr in _ATTR.finditer(match.group(2)):
            value = (
                attr.group(2)
                if attr.group(2) is not None
                else attr.group(3)
                if attr.group(3) is not None
                else attr.group(4)
            )
            attrs.setdefault(
                attr.group(1).lower().decode("ascii", "replace"), html.unescape(value.decode("utf-8", "replace"))
            )
        yield attrs


def hreflang_alternates(body: bytes, base_url: str) -> dict[str, str]:
    """{hreflang: absolute URL} from the page's <link rel=alternate hreflang=… href=…> tags."""
    alternates: dict[str, str] = {}
    for attrs in _tags(body, b"link"):
        if "alternate" in attrs.get("rel", "").lower().split() and attrs.get("hreflang") and attrs.get("href"):
            alternates[attrs["hreflang"].strip()] = urljoin(base_url, attrs["href"].strip())
    return alternates


def category_links(body: bytes, base_url: str) -> list[str]:
    """Links to category archives from an article page: the Zox category label, rel="category" (WordPress)."""
    links = []
    for attrs in _tags(body, b"a"):
        classes, rel = attrs.get("class", "").split(), attrs.get("rel", "").lower().split()
        if attrs.get("href") and ("mvp-post-cat-link" in classes or "category" in rel):
            links.append(urljoin(base_url, attrs["href"].strip()))
    return links


@dataclass(slots=True)
class ListingLinks:
    """What a listing page offers: article permalinks, and listing pages (pagination, categories)."""

    base: str
    articles: list[str] = field(default_factory=list)
    listings: list[str] = field(default_factory=list)

    def is_next_page(self, url: str) -> bool:
        """A later /page/N/ of the same archive (as opposed to another category)."""
        return listing_base(url) == self.base and page_number(url) > 1


def listing_base(url: str) -> str:
    """The archive a listing page belongs to: its path without /page/N/."""
    return _PAGE_SUFFIX.sub("/", urlsplit(url).path)


def archive_key(base: str) -> str:
    """One name for an archive the site serves under two spellings (ANATOMY §2.2): a category's /category/<path>/ and
    its bare /<path>/ list the same posts, so they are one walk. Tag, author and home archives keep their path."""
    segments = [s for s in base.split("/") if s]
    if not segments or segments[0] in ("category", "tag", "author", "page"):
        return base
    return f"/category/{'/'.join(segments)}/"


def page_number(url: str) -> int:
    match = _PAGE_SUFFIX.search(urlsplit(url).path)
    return int(match.group(0).strip("/").split("/")[-1]) if match else 1


# Child sitemaps that list no posts (WordPress core, Yoast, Rank Math names): users, taxonomies, static pages.
_NON_POST_SITEMAP = re.compile(r"(users|author|taxonom|category|post_tag|/tag|posts-page|/page-sitemap|local-sitemap)")


def lists_posts(sitemap_url: str) -> bool:
    """Whether a child sitemap may list articles (an unknown name may: only known non-post names are skipped)."""
    return not _NON_POST_SITEMAP.search(urlsplit(sitemap_url).path.lower())


def listing_links(page: str | bytes, url: str) -> ListingLinks:
    """Articles, pagination and category archives linked from a page (its HTML, decoded or as bytes).

    Category archives are taken from the menus, the /category/ base and rel=category links only: a bare path such as
    /about/ looks like a category archive too, and guessing would crawl every static page. Tag and author archives
    are not followed: the huge theme tag `full-image` alone spans thousands of pages that categories already cover.
    Of the archive's own pagination only the next page is taken (not every numbered link), so that an incremental
    crawl can stop paging where the stored articles begin.
    """
    links = ListingLinks(base=listing_base(url))
    try:
        tree = lxml_html.fromstring(page) if page.strip() else None
    except (ValueError, etree.ParserError):
        tree = None
    if tree is None:
        return links
    current = page_number(url)
    menus = {str(href).strip() for href in tree.xpath(f"{_MENU}//a/@href")}
    seen: set[str] = set()
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "mailto:", "javascript:")):
            continue
        target_url = canonical_page_url(urljoin(url, href))
        if target_url in seen:
            continue
        seen.add(target_url)
        target = urlsplit(target_url).path
        if article_match(target_url):
            links.articles.append(target_url)
        elif is_listing_path(target) and not target.startswith(("/tag/", "/author/")):
            if listing_base(target_url) == links.base:
                if page_number(target_url) == current + 1:
                    links.listings.append(target_url)
                continue
            if (
                "page-numbers" in (anchor.get("class") or "")
                or "category" in (anchor.get("rel") or "").split()
                or target.startswith("/category/")
                or href in menus
            ):
                links.listings.append(target_url)
    return links


_MENU = "(//nav | //*[contains(concat(' ', normalize-space(@class), ' '), ' menu-item ')])"
