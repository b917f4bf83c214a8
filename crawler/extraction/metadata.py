"""Metadata of an article page, each field from its best source with fallbacks; nothing is ever invented."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

from crawler.extraction import boilerplate as bp
from crawler.extraction.sources import BRUSSELS, Sources, iso, squash, strip_url
from crawler.extraction.zox import outside
from crawler.items import Image
from crawler.scope import host_edition, permalink

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import tzinfo

    from lxml.html import HtmlElement

_BY = re.compile(r"^(?:by|di|par|von|oleh|por|door|przez|de|av|ni|автор)\s+", re.IGNORECASE)
_NOT_AUTHORS = {"eu reporter", "admin", "administrator", "editor", "redaction", "staff"}


@dataclass(slots=True)
class Marks:
    """The elements metadata is read from, found in one walk over the page, in document order (outside() is checked
    when they are used: few candidates, and the walk up from each is short)."""

    headings: list[HtmlElement] = field(default_factory=list)
    """h1 whose class contains entry-title or mvp-post-title."""
    bylines: list[HtmlElement] = field(default_factory=list)
    """class token author-name, a[rel~=author], [itemprop=name] (an author's name when inside [itemprop=author])."""
    labels: list[HtmlElement] = field(default_factory=list)
    """class token mvp-post-cat (the displayed category label)."""
    tag_boxes: list[HtmlElement] = field(default_factory=list)
    """class containing mvp-post-tags, or [itemprop=keywords]: their links are tags."""
    tag_links: list[HtmlElement] = field(default_factory=list)
    """a[rel~=tag] that is not also rel~=category."""
    anchors: list[HtmlElement] = field(default_factory=list)
    """Every link, to keep tags in page order."""
    published: list[HtmlElement] = field(default_factory=list)
    """[itemprop=datePublished], and time whose class contains post-date or entry-date."""
    modified: list[HtmlElement] = field(default_factory=list)
    """[itemprop=dateModified]."""
    featured: list[HtmlElement] = field(default_factory=list)
    """#mvp-post-feat-img."""
    featured_captions: list[HtmlElement] = field(default_factory=list)
    """class containing mvp-feat-caption."""
    article_itemtype: bool = False
    """Some element has a schema.org *Article itemtype."""


def mark(tree: HtmlElement) -> Marks:
    found = Marks()
    for el in tree.iter(etree.Element):
        tag, classes, itemprop = el.tag, el.get("class"), el.get("itemprop")
        byline = itemprop == "name"
        if tag == "a":
            found.anchors.append(el)
            rel = el.get("rel")
            if rel:
                rels = rel.split()
                byline = byline or "author" in rels
                if "tag" in rels and "category" not in rels:
                    found.tag_links.append(el)
        if classes:
            if tag == "h1" and ("entry-title" in classes or "mvp-post-title" in classes):
                found.headings.append(el)
            byline = byline or "author-name" in classes and "author-name" in classes.split()
            if "mvp-post-cat" in classes and "mvp-post-cat" in classes.split():
                found.labels.append(el)
            if "mvp-post-tags" in classes:
                found.tag_boxes.append(el)
            if "mvp-feat-caption" in classes:
                found.featured_captions.append(el)
            if tag == "time" and ("post-date" in classes or "entry-date" in classes) and itemprop != "datePublished":
                found.published.append(el)
        if byline:
            found.bylines.append(el)
        if itemprop:
            if itemprop == "keywords":
                found.tag_boxes.append(el)
            elif itemprop == "datePublished":
                found.published.append(el)
            elif itemprop == "dateModified":
                found.modified.append(el)
        if el.get("id") == "mvp-post-feat-img":
            found.featured.append(el)
        if not found.article_itemtype and "Article" in (el.get("itemtype") or ""):
            found.article_itemtype = True
    return found


def _texts(elements: Iterable[HtmlElement]) -> list[str]:
    out: list[str] = []
    for el in elements:
        text = squash(el.text_content())
        if text and text not in out:
            out.append(text)
    return out


def _byline(el: HtmlElement) -> bool:
    if el.get("itemprop") == "name" and any(
        a.get("itemprop") == "author" and outside(a) for a in el.iterancestors(etree.Element)
    ):
        return True
    is_link = el.tag == "a" and "author" in (el.get("rel") or "").split()
    is_name = "author-name" in (el.get("class") or "").split()
    return (is_link or is_name) and outside(el)


class PageMeta(Sources):
    """Every field but the body, from its best source: the Zox News header, <head>, JSON-LD, the URL."""

    @cached_property
    def marks(self) -> Marks:
        return mark(self.tree)

    @property
    def site_names(self) -> set[str]:
        names = {self.first("og:site_name"), self.ld_name(self.ld_article.get("publisher"))}
        return {bp.normalize(n) for n in names if n}

    def title(self) -> str:
        heading = _texts(el for el in self.marks.headings if outside(el))
        if heading:
            return heading[0]
        for candidate in (
            self.first("og:title", "twitter:title"),
            self.ld_article.get("headline"),
            squash(self.tree.findtext(".//title")),
        ):
            if isinstance(candidate, str) and squash(candidate):
                return self.strip_site(squash(candidate))
        return ""

    def strip_site(self, title: str) -> str:
        """Drop a " - EU Reporter" / " | <og:site_name>" suffix."""
        match = re.search(r"\s+[-–—|]\s+([^-–—|]+)$", title)
        if match:
            tail = match.group(1)
            if bp.brand_mentions(tail) and len(tail.split()) <= 4 or bp.normalize(tail) in self.site_names:
                return title[: match.start()].strip()
        return title

    def author(self, markup: bool = True) -> str | None:
        """The byline (markup=True: the theme's byline first), then JSON-LD, then <meta name=author>."""
        candidates = _texts(el for el in self.marks.bylines if _byline(el)) if markup else []
        candidates.append(self.ld_name(self.ld_article.get("author")) or "")
        candidates.append(self.first("author", "article:author") or "")
        return next((name for name in map(self.valid_author, candidates) if name), None)

    def valid_author(self, name: str) -> str | None:
        """The name without a "By " prefix, or None if it is the site, the publisher or a placeholder."""
        name = _BY.sub("", squash(name))
        norm = bp.normalize(name)
        if (
            not norm
            or len(name) > 100
            or name.startswith("http")
            or norm in _NOT_AUTHORS
            or norm in self.site_names
            or bp.BRAND.fullmatch(name)
        ):
            return None
        return name

    @cached_property
    def local_zone(self) -> tzinfo | None:
        """Brussels on EU Reporter hosts (a date-time without an offset is the site's wall-clock time), else None."""
        return BRUSSELS if host_edition(urlsplit(self.url).netloc) is not None else None

    def _best(self, values: list[Any]) -> str | None:
        parsed = [p for p in (iso(v, self.local_zone) for v in values) if p]
        if not parsed:
            return None
        top = max(p[0] for p in parsed)
        return next(text for precision, text in parsed if precision == top)

    def published(self) -> str | None:
        return self._dates[0]

    def modified(self) -> str | None:
        return self._dates[1]

    @cached_property
    def _dates(self) -> tuple[str | None, str | None]:
        # read once: the fallback reader asks before trafilatura prunes the tree, _article after
        return self._published(), self._modified()

    def _published(self) -> str | None:
        values: list[Any] = [
            self.first("article:published_time", "og:published_time"),
            self.ld_article.get("datePublished"),
            self.ld_page.get("datePublished"),
        ]
        for el in self.marks.published:
            if outside(el):
                names = ("datetime", "content") if el.get("itemprop") == "datePublished" else ("datetime",)
                values += [value for name, value in el.attrib.items() if name in names]
        values.append(self.first("date", "dc.date", "dcterms.date", "pubdate", "publish-date"))
        match = permalink(self.url) or (permalink(self.canonical) if self.canonical else None)
        if match:
            values.append(f"{match['y']}-{match['m']}-{match['d']}")
        return self._best(values)

    def _modified(self) -> str | None:
        values: list[Any] = [
            self.first("article:modified_time", "og:updated_time"),
            self.ld_article.get("dateModified"),
            self.ld_page.get("dateModified"),
        ]
        for el in self.marks.modified:
            if outside(el):
                values += [value for name, value in el.attrib.items() if name in ("content", "datetime")]
        return self._best(values)

    def categories(self, markup: bool = True) -> list[str]:
        labels = self.marks.labels if markup else []
        innermost = (el for el in labels if not any(d in labels for d in el.iterdescendants()))
        shown = _texts(el for el in innermost if outside(el))
        if shown:
            return shown
        if self.meta.get("article:section"):
            return list(dict.fromkeys(v for v in self.meta["article:section"] if v))
        section = self.ld_article.get("articleSection")
        return [section] if isinstance(section, str) else [s for s in section or [] if isinstance(s, str)]

    def category_path(self) -> str | None:
        match = permalink(self.url) or (permalink(self.canonical) if self.canonical else None)
        return match["path"].strip("/") or None if match else None

    def tags(self, markup: bool = True) -> list[str]:
        shown = self._tags() if markup else []
        if shown:
            return shown
        if self.meta.get("article:tag"):
            return list(dict.fromkeys(v for v in self.meta["article:tag"] if v))
        keywords = self.ld_article.get("keywords")
        if isinstance(keywords, str):
            return [k.strip() for k in keywords.split(",") if k.strip()]
        return [k for k in keywords or [] if isinstance(k, str)]

    def _tags(self) -> list[str]:
        """Links in the theme's tag box (or [itemprop=keywords]), and rel=tag links, in page order."""
        found = self.marks
        links = {id(a) for a in found.tag_links if outside(a)}
        for box in found.tag_boxes:
            if outside(box):
                links.update(id(a) for a in box.iterdescendants("a"))
        return _texts(a for a in found.anchors if id(a) in links) if links else []

    def description(self) -> str | None:
        value = self.first("og:description", "description", "twitter:description") or self.ld_article.get("description")
        return squash(value) or None if isinstance(value, str) else None

    def declared_languages(self) -> list[str | None]:
        self_ref = next((k for k, v in self.alternates.items() if k != "x-default" and strip_url(v) == self.url), None)
        return [
            self_ref,
            self.tree.get("lang") or self.tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
            self.first("og:locale", "content-language", "language"),
            self.ld_page.get("inLanguage"),
            self.ld_article.get("inLanguage"),
        ]

    def lead_image(self, markup: bool = True) -> Image | None:
        """The featured image (markup=True: the theme's, with its credit), else og:image."""
        featured = [el for el in self.marks.featured if outside(el)] if markup else []
        imgs = [img for el in featured for img in el.iterdescendants("img")]
        src = None
        if imgs:
            src = next(
                (
                    imgs[0].get(a)
                    for a in ("data-src", "data-lazy-src", "src")
                    if imgs[0].get(a, "").strip() and not imgs[0].get(a, "").startswith("data:")
                ),
                None,
            )
        if not src:
            src = self.first("og:image", "og:image:url", "twitter:image")
            if not src:
                return None
            return Image(url=urljoin(self.url, src), lead=True)
        credit_text = " ".join(_texts(el for el in self.marks.featured_captions if outside(el)))
        caption, credit = bp.split_credit(credit_text)
        if caption and not credit:  # Zox News prints the photo credit there (ANATOMY §4)
            caption, credit = None, caption
        return Image(url=urljoin(self.url, src.strip()), caption=caption, credit=credit, lead=True)

    def is_article(self) -> bool:
        """Declared an article with a publication date (for Zox pages at URLs that are not permalinks)."""
        declared = self.first("og:type") == "article" or bool(self.ld_article) or self.marks.article_itemtype
        dated = bool(
            self.first("article:published_time")
            or self.ld_article.get("datePublished")
            or any(el.get("itemprop") == "datePublished" and outside(el) for el in self.marks.published)
        )
        return declared and dated
