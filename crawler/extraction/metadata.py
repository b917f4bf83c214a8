"""Metadata of an article page, each field from its best source with fallbacks; nothing is ever invented."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin

from crawler.extraction import boilerplate as bp
from crawler.extraction.sources import Sources, iso, squash, strip_url
from crawler.extraction.zox import OUTSIDE
from crawler.items import Image
from crawler.scope import permalink

_BY = re.compile(r"^(?:by|di|par|von|oleh|por|door|przez|de|av|ni|автор)\s+", re.IGNORECASE)
_NOT_AUTHORS = {"eu reporter", "admin", "administrator", "editor", "redaction", "staff"}


class PageMeta(Sources):
    """Every field but the body, from its best source: the Zox News header, <head>, JSON-LD, the URL."""

    def _xpath_texts(self, path: str) -> list[str]:
        out: list[str] = []
        for el in self.tree.xpath(path):
            text = squash(el if isinstance(el, str) else el.text_content())
            if text and text not in out:
                out.append(text)
        return out

    @property
    def site_names(self) -> set[str]:
        names = {self.first("og:site_name"), self.ld_name(self.ld_article.get("publisher"))}
        return {bp.normalize(n) for n in names if n}

    def title(self) -> str:
        heading = self._xpath_texts(
            f"//h1[contains(@class, 'entry-title') or contains(@class, 'mvp-post-title')][{OUTSIDE}]"
        )
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
        candidates = (
            self._xpath_texts(
                f"//*[contains(concat(' ', normalize-space(@class), ' '), ' author-name ')][{OUTSIDE}]"
                f" | //a[contains(concat(' ', @rel, ' '), ' author ')][{OUTSIDE}]"
                f" | //*[@itemprop='author'][{OUTSIDE}]//*[@itemprop='name']"
            )
            if markup
            else []
        )
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

    def _best(self, values: list[Any]) -> str | None:
        parsed = [p for p in map(iso, values) if p]
        if not parsed:
            return None
        top = max(p[0] for p in parsed)
        return next(text for precision, text in parsed if precision == top)

    def published(self) -> str | None:
        values: list[Any] = [
            self.first("article:published_time", "og:published_time"),
            self.ld_article.get("datePublished"),
            self.ld_page.get("datePublished"),
        ]
        values += self.tree.xpath(
            f"//*[@itemprop='datePublished'][{OUTSIDE}]/@datetime"
            f" | //*[@itemprop='datePublished'][{OUTSIDE}]/@content"
            f" | //time[contains(@class, 'post-date') or contains(@class, 'entry-date')]"
            f"[{OUTSIDE}]/@datetime"
        )
        values.append(self.first("date", "dc.date", "dcterms.date", "pubdate", "publish-date"))
        match = permalink(self.url) or (permalink(self.canonical) if self.canonical else None)
        if match:
            values.append(f"{match['y']}-{match['m']}-{match['d']}")
        return self._best(values)

    def modified(self) -> str | None:
        values: list[Any] = [
            self.first("article:modified_time", "og:updated_time"),
            self.ld_article.get("dateModified"),
            self.ld_page.get("dateModified"),
        ]
        values += self.tree.xpath(
            f"//*[@itemprop='dateModified'][{OUTSIDE}]/@content | //*[@itemprop='dateModified'][{OUTSIDE}]/@datetime"
        )
        return self._best(values)

    def categories(self, markup: bool = True) -> list[str]:
        shown = markup and self._xpath_texts(
            f"//*[contains(concat(' ', normalize-space(@class), ' '), ' mvp-post-cat ')]"
            f"[not(.//*[contains(concat(' ', normalize-space(@class), ' '), ' mvp-post-cat ')])]"
            f"[{OUTSIDE}]"
        )
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
        shown = markup and self._xpath_texts(
            f"//*[contains(@class, 'mvp-post-tags') or @itemprop='keywords'][{OUTSIDE}]//a"
            f" | //a[contains(concat(' ', @rel, ' '), ' tag ')][{OUTSIDE}]"
        )
        if shown:
            return shown
        if self.meta.get("article:tag"):
            return list(dict.fromkeys(v for v in self.meta["article:tag"] if v))
        keywords = self.ld_article.get("keywords")
        if isinstance(keywords, str):
            return [k.strip() for k in keywords.split(",") if k.strip()]
        return [k for k in keywords or [] if isinstance(k, str)]

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
        imgs = self.tree.xpath(f"//*[@id='mvp-post-feat-img'][{OUTSIDE}]//img") if markup else []
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
        credit_text = " ".join(self._xpath_texts(f"//*[contains(@class, 'mvp-feat-caption')][{OUTSIDE}]"))
        caption, credit = bp.split_credit(credit_text)
        if caption and not credit:  # Zox News prints the photo credit there (ANATOMY §4)
            caption, credit = None, caption
        return Image(url=urljoin(self.url, src.strip()), caption=caption, credit=credit, lead=True)

    def is_article(self) -> bool:
        """Declared an article with a publication date (for Zox pages at URLs that are not permalinks)."""
        declared = (
            self.first("og:type") == "article"
            or bool(self.ld_article)
            or bool(self.tree.xpath("//*[contains(@itemtype, 'Article')]"))
        )
        dated = bool(
            self.first("article:published_time")
            or self.ld_article.get("datePublished")
            or self.tree.xpath(f"//*[@itemprop='datePublished'][{OUTSIDE}]")
        )
        return declared and dated
