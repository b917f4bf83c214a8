"""URL routing of the replica: a normalised path (and the few query variables WordPress reads) to a rendered page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from replica import feeds, media
from replica.article import article_page
from replica.listing import (
    PER_PAGE,
    STATIC_PAGES,
    listing_page,
    login_page,
    not_found_page,
    page_count,
    search_page,
    static_page,
)
from replica.taxonomy import AUTHORS_BY_NICENAME, BY_PATH, TAGS
from replica.theme import THEME_CSS, Edition

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime

    from replica.corpus import Corpus
    from replica.posts import Post

HTML = "text/html; charset=UTF-8"


@dataclass(frozen=True, slots=True)
class Page:
    """A rendered response before content negotiation."""

    status: int
    content_type: str
    body: bytes
    chunked: bool = False
    """Sent with Transfer-Encoding: chunked (archive listings and feeds, as a streaming PHP page would be)."""
    location: str | None = None
    feed: bool = False
    """Carries the site-wide ETag/Last-Modified validators and answers conditional requests."""
    compressible: bool = True
    modified: datetime | None = None
    """The post's modified time on article pages: their Last-Modified when ReplicaConfig.validators is on."""


@dataclass(frozen=True, slots=True)
class FeedQuery:
    """The public query vars WordPress core applies to any feed: `?orderby=modified&order=DESC&paged=2` lists the
    posts by last modification, ten a page (posts_per_rss). Values it does not know fall back to its defaults."""

    orderby: str = "date"
    order: str = "desc"
    paged: int = 1

    @classmethod
    def parse(cls, variables: Mapping[str, list[str]]) -> FeedQuery:
        orderby = (variables.get("orderby") or ["date"])[0].lower()
        order = (variables.get("order") or ["desc"])[0].lower()
        paged = (variables.get("paged") or ["1"])[0]
        return cls(
            orderby if orderby in ("date", "modified") else "date",
            order if order in ("asc", "desc") else "desc",
            int(paged) if paged.isdigit() and int(paged) >= 1 else 1,
        )


def _html(body: str, status: int = 200, chunked: bool = False, modified: datetime | None = None) -> Page:
    return Page(status, HTML, body.encode(), chunked=chunked, modified=modified)


def redirect(location: str) -> Page:
    return Page(301, HTML, b"", location=location)


class Router:
    """Maps (edition, path, query) to a Page; paths arrive percent-normalised, lower-case and never empty.

    `sitemaps` (feeds.SITEMAP_MODES): "full" serves WordPress core sitemaps with <lastmod>, "no-lastmod" the same
    without <lastmod>, "none" no sitemap at all (robots.txt names none, every sitemap URL is the theme's 404).
    """

    # The theme's templates; replica.drift.DriftedRouter swaps in another theme's.
    article_page = staticmethod(article_page)
    listing_page = staticmethod(listing_page)

    def __init__(self, corpus: Corpus, sitemaps: str = "full") -> None:
        self.corpus = corpus
        self.sitemaps = sitemaps

    def route(
        self, ed: Edition, path: str, search: str | None, post_id: str | None, feed_query: FeedQuery | None = None
    ) -> Page:
        if path == "/robots.txt":
            robots = feeds.robots_txt(ed.base, sitemaps=() if self.sitemaps == "none" else None)
            return Page(200, "text/plain; charset=UTF-8", robots.encode())
        if path.startswith("/wp-sitemap") and path.endswith(".xml") and self.sitemaps != "none":
            return self._sitemap(ed, path[len("/wp-sitemap") : -len(".xml")])
        if path.startswith("/wp-content/uploads/") and path.count("/") == 5:
            return self._upload(path)
        if path == THEME_CSS:
            return Page(200, "text/css", media.THEME_CSS)
        if path == "/wp-login.php":
            return _html(login_page(ed))
        if not path.endswith("/"):
            if "." in path.rsplit("/", 1)[1]:
                return self.not_found(ed, path)
            # WordPress' redirect_canonical(): permalinks end with a slash.
            return redirect(f"{ed.base}{path}/")
        if path == "/" and search is not None:
            return _html(search_page(ed, search))
        if path == "/" and post_id is not None:
            # The feeds' guid links: /?p=ID answers with the permalink.
            if not (post_id.isdigit() and 1 <= int(post_id) <= len(self.corpus.posts)):
                return self.not_found(ed, path)
            return redirect(ed.base + self.corpus.posts[int(post_id) - 1].path)
        return self._page(ed, path, feed_query)

    def _page(self, ed: Edition, path: str, feed_query: FeedQuery | None = None) -> Page:
        segments = [segment for segment in path.split("/") if segment]
        if segments and segments[-1] == "feed":
            return self._feed(ed, path, segments[:-1], feed_query)
        if len(segments) >= 2 and segments[-2:] == ["feed", "atom"]:
            return self._feed(ed, path, segments[:-2], feed_query, atom=True)
        page = 1
        if len(segments) >= 2 and segments[-2] == "page" and segments[-1].isdigit():
            page, segments = int(segments[-1]), segments[:-2]
            if page <= 1:
                # WordPress sends /page/1/ (and /page/0/) to the archive's first page.
                return redirect(ed.base + path[: path.rindex("/page/") + 1])
        kind, key, label = self._archive(ed, segments)
        if kind:
            return self._listing(ed, kind, key, label, page, path[: path.rindex("/page/") + 1] if page > 1 else path)
        if page == 1 and len(segments) == 1 and segments[0] in STATIC_PAGES:
            return _html(static_page(ed, segments[0]))
        if page == 1:
            post = self.corpus.find(path)
            if post is not None:
                if post.path != path:
                    # Right date and slug under another category: WordPress redirects to the canonical permalink.
                    return redirect(ed.base + post.path)
                return _html(self.article_page(ed, self.corpus, post), modified=post.modified)
        return self.not_found(ed, path)

    def _archive(self, ed: Edition, segments: list[str]) -> tuple[str, str, str]:
        """(kind, key, heading) of the archive a path names, or ("", "", "")."""
        joined = "/".join(segments)
        if not segments:
            return "home", "", ed.ui("latest")
        if segments[0] == "category" and "/".join(segments[1:]) in BY_PATH:
            return "category", joined[len("category/") :], ed.bank.CATEGORIES[joined[len("category/") :]]
        if len(segments) == 2 and segments[0] == "tag" and segments[1] in TAGS:
            return "tag", segments[1], TAGS[segments[1]]
        if len(segments) == 2 and segments[0] == "author" and segments[1] in AUTHORS_BY_NICENAME:
            return "author", segments[1], AUTHORS_BY_NICENAME[segments[1]].name
        if joined in BY_PATH:
            return "category", joined, ed.bank.CATEGORIES[joined]
        return "", "", ""

    def _members(self, kind: str, key: str) -> list[Post]:
        """The archive's posts, oldest first."""
        indexes = self.corpus.indexes
        if kind == "home":
            return self.corpus.posts
        if kind == "category":
            return indexes.categories.get(key, [])
        if kind == "tag":
            return indexes.tags.get(key, [])
        return indexes.authors.get(key, [])

    def _listing(self, ed: Edition, kind: str, key: str, heading: str, page: int, base_path: str) -> Page:
        members = self._members(kind, key)
        last = page_count(len(members))
        if page > last:
            return self.not_found(ed, base_path + f"page/{page}/")
        end = len(members) - (page - 1) * PER_PAGE
        items = members[max(0, end - PER_PAGE) : end][::-1]
        slug = key.replace("/", "-")
        body_class = {"home": "home blog", "category": f"archive category category-{slug}", "tag": f"archive tag "
                      f"tag-{slug}", "author": f"archive author author-{slug}"}[kind]  # fmt: skip
        html = self.listing_page(
            ed,
            heading=heading,
            body_class=body_class + (" paged" if page > 1 else ""),
            base_path=base_path,
            page=page,
            items=items,
            last=last,
            latest=self.corpus.posts[-5:][::-1],
            now=self.corpus.now,
        )
        return _html(html, chunked=True)

    def _feed(
        self, ed: Edition, path: str, segments: list[str], query: FeedQuery | None, *, atom: bool = False
    ) -> Page:
        """An archive's RSS 2.0 (/feed/) or Atom (/feed/atom/) feed; `query` as WordPress reads it (FeedQuery)."""
        kind, key, label = self._archive(ed, segments)
        if not kind:
            return self.not_found(ed, path)
        query = query or FeedQuery()
        members = self._members(kind, key)  # oldest first
        if query.orderby == "modified":
            members = sorted(members, key=lambda post: (post.modified, post.id))
        ordered = members if query.order == "asc" else members[::-1]
        start = (query.paged - 1) * feeds.FEED_ITEMS
        posts = ordered[start : start + feeds.FEED_ITEMS]
        title = feeds.feed_title(None if kind == "home" else label)
        if atom:
            body = feeds.atom(ed, posts, path, title, self.corpus.last_modified)
            return Page(200, "application/atom+xml; charset=UTF-8", body.encode(), chunked=True, feed=True)
        body = feeds.rss(ed, posts, path, title, self.corpus.last_modified)
        return Page(200, "application/rss+xml; charset=UTF-8", body.encode(), chunked=True, feed=True)

    @property
    def lastmod(self) -> bool:
        """Whether sitemaps carry <lastmod>."""
        return self.sitemaps == "full"

    def _sitemap(self, ed: Edition, name: str) -> Page:
        posts, indexes = self.corpus.posts, self.corpus.indexes
        post_pages = -(-len(posts) // feeds.SITEMAP_MAX_URLS)
        body: str | None = None
        if name == "":
            body = feeds.sitemap_index(ed.base, post_pages)
        elif name.startswith("-posts-post-") and name[len("-posts-post-") :].isdigit():
            number = int(name[len("-posts-post-") :])
            if 1 <= number <= post_pages:
                start = (number - 1) * feeds.SITEMAP_MAX_URLS
                body = feeds.post_sitemap(ed, posts[start : start + feeds.SITEMAP_MAX_URLS], lastmod=self.lastmod)
        elif name == "-posts-page-1":
            modified = feeds.PAGES_MODIFIED if self.lastmod else None
            body = feeds.urlset([(f"{ed.base}/{slug}/", modified) for slug in STATIC_PAGES])
        elif name == "-taxonomies-category-1":
            paths = [path for path in BY_PATH if indexes.categories.get(path)]
            body = feeds.urlset([(f"{ed.base}/category/{path}/", None) for path in paths])
        elif name == "-taxonomies-post_tag-1":
            body = feeds.urlset([(f"{ed.base}/tag/{slug}/", None) for slug in TAGS if indexes.tags.get(slug)])
        elif name == "-users-1":
            nicenames = [nicename for nicename in AUTHORS_BY_NICENAME if indexes.authors.get(nicename)]
            body = feeds.urlset([(f"{ed.base}/author/{nicename}/", None) for nicename in nicenames])
        if body is None:
            return self.not_found(ed, f"/wp-sitemap{name}.xml")
        return Page(200, "application/xml; charset=UTF-8", body.encode())

    def _upload(self, path: str) -> Page:
        _, _, _, year, month, name = path.split("/")
        extension = name.rpartition(".")[2]
        if not (year.isdigit() and month.isdigit()) or extension not in ("jpg", "jpeg", "png"):
            return Page(404, "text/plain; charset=UTF-8", b"Not Found", compressible=False)
        if extension == "png":
            return Page(200, "image/png", media.png(path), compressible=False)
        return Page(200, "image/jpeg", media.jpeg(path), compressible=False)

    def not_found(self, ed: Edition, path: str) -> Page:
        return _html(not_found_page(ed, path), status=404)
