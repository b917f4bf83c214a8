"""The replica site: configuration, the API tests use, and HTTP semantics (hosts, redirects, gzip, validators)."""

from __future__ import annotations

import gzip
import zlib
from dataclasses import dataclass, field
from datetime import timedelta
from hashlib import md5
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, quote, unquote

from replica.clock import EPOCH_DAY, http_date
from replica.conditional import feed_not_modified, page_etag, page_not_modified
from replica.corpus import Corpus
from replica.drift import LAYOUTS, DriftedRouter
from replica.feeds import SITEMAP_MODES
from replica.hostile import error_page
from replica.lru import LRU
from replica.renamed import RenamedRouter
from replica.routes import HTML, FeedQuery, Page, Router
from replica.text import SUPPORTED, bank
from replica.theme import Edition
from replica.traps import BLOCK_RESPONSES, TRAPS, TrapSite, blocked

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime

    from replica.posts import Post

DEFAULT_LANGUAGES = SUPPORTED
Response = tuple[int, list[tuple[str, str]], bytes]

# Characters left as they are when a request path is re-encoded (RFC 3986 pchar plus "/").
_PATH_SAFE = "/:@!$&'()*+,;=-._~"
# nginx' default gzip_comp_level: cheap enough that the replica never becomes the crawl's bottleneck.
_GZIP_LEVEL = 1
_BOILERPLATE_KEYS = (
    "connect", "share", "published", "on", "by", "consent", "ad", "share_article", "disclaimer", "trending",
    "related_topics", "you_may_like", "up_next", "dont_miss", "continue", "comment", "latest", "meta", "login",
    "entries_feed", "search", "about", "terms",
)  # fmt: skip


@dataclass(frozen=True)
class ReplicaConfig:
    """What to serve: N English articles (each in every language edition) as of edition K of the site."""

    articles: int = 300
    edition: int = 1
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    domain: str = "eureporter.test"
    cache_bytes: int = field(default=64 << 20)
    """Budget of the rendered-page LRU (uncompressed plus gzip bytes)."""
    traps: bool = False
    """Also link to and serve misbehaving URLs (replica.traps)."""
    layout: str = "zox"
    """Theme of articles: "zox" (the live site's), "drifted" (another theme, replica.drift) or "zox-renamed" (Zox
    News with its body container renamed or unwrapped, replica.renamed)."""
    block_user_agent: str = ""
    """Block every request whose User-Agent contains this (case-insensitive); empty: block nobody."""
    sitemaps: str = "full"
    """"full": WordPress core sitemaps with <lastmod>; "no-lastmod": the same without <lastmod>; "none": no sitemaps
    (robots.txt names none; /wp-sitemap.xml, /sitemap_index.xml and every child sitemap are the theme's 404)."""
    validators: bool = False
    """Give HTML pages a per-page ETag and, on articles, Last-Modified, and answer 304 to matching conditional
    requests (as a cache plugin or CDN would; the live site's WordPress gives HTML none, ANATOMY §10)."""
    trap_names: tuple[str, ...] = ()
    """With `traps`: only these traps of replica.traps.TRAPS (empty: all of them)."""
    block_with: str = "403"
    """What a blocked User-Agent gets: "403" (the WAF's refusal) or "challenge" (a 200 "Just a moment..." page)."""
    unavailable: float = 0.0
    """This share of the article pages (chosen by their path, the same in every edition and every request) answers
    503 Service Temporarily Unavailable, as an overloaded backend does: a crawl that leaves them unfetched, tested."""
    feed_queries: bool = True
    """Feeds honour WordPress' public query vars orderby, order and paged, as WordPress core does (so
    /feed/atom/?orderby=modified&order=DESC lists the last edited posts first); False: a page cache keyed on the path
    alone answers every feed URL as if it had no query string (no change signal but the publication order)."""

    def __post_init__(self) -> None:
        if self.articles < 1:
            raise ValueError(f"articles ({self.articles!r}) must be at least 1")
        if self.edition < 1:
            raise ValueError(f"edition ({self.edition!r}) must be at least 1 (edition 1 is the first snapshot)")
        unknown = [lang for lang in self.languages if lang not in SUPPORTED]
        if unknown:
            raise ValueError(f"languages {unknown!r} are not supported; choose from {', '.join(SUPPORTED)}")
        if not self.domain or "/" in self.domain or ":" in self.domain:
            raise ValueError(f"domain ({self.domain!r}) must be a bare host name such as eureporter.test")
        if self.layout not in LAYOUTS:
            raise ValueError(f"layout ({self.layout!r}) must be one of {', '.join(LAYOUTS)}")
        if self.sitemaps not in SITEMAP_MODES:
            raise ValueError(f"sitemaps ({self.sitemaps!r}) must be one of {', '.join(SITEMAP_MODES)}")
        if not 0.0 <= self.unavailable <= 1.0:
            raise ValueError(f"unavailable ({self.unavailable!r}) must be a share between 0 and 1")
        unknown_traps = [name for name in self.trap_names if name not in TRAPS]
        if unknown_traps:
            raise ValueError(f"traps {unknown_traps!r} do not exist; choose from {', '.join(TRAPS)}")
        if self.block_with not in BLOCK_RESPONSES:
            raise ValueError(f"block_with ({self.block_with!r}) must be one of {', '.join(BLOCK_RESPONSES)}")
        if self.trap_names:
            object.__setattr__(self, "traps", True)
        # English is always served, and listed first (it is the x-default edition).
        object.__setattr__(self, "languages", tuple(dict.fromkeys(("en", *self.languages))))
        object.__setattr__(self, "domain", self.domain.lower())


def normalize_path(path: str) -> str:
    """Percent-encoding made canonical (WordPress stores non-ASCII slugs as lower-case %xx), case folded, and, as
    nginx does before routing, "." and ".." segments resolved and repeated slashes merged."""
    path = quote(unquote(path), safe=_PATH_SAFE).lower() or "/"
    if "//" not in path and "/." not in path:
        return path
    segments: list[str] = []
    for segment in path.split("/"):
        if segment == "..":
            if segments:
                segments.pop()
        elif segment not in ("", "."):
            segments.append(segment)
    trailing = bool(segments) and path.endswith(("/", "/.", "/.."))
    return "/" + "/".join(segments) + ("/" if trailing else "")


def port_suffix(port: str | int | None) -> str:
    """The ":PORT" part of links: empty for the default port (WordPress' home URL never names port 80)."""
    return "" if not port or str(port) == "80" else f":{port}"


def _is_feed(path: str) -> bool:
    return path.endswith(("/feed/", "/feed/atom/"))


def accepts_gzip(accept_encoding: str) -> bool:
    for part in accept_encoding.split(","):
        name, _, params = part.partition(";")
        if name.strip().lower() in ("gzip", "x-gzip", "*"):
            quality = params.strip().lower()
            return not (quality.startswith("q=") and float(quality[2:] or 0) == 0)
    return False


class _Entry:
    """A cached page and, once asked for, its gzip encoding."""

    __slots__ = ("page", "gzipped", "etag")

    def __init__(self, page: Page) -> None:
        self.page = page
        self.gzipped: bytes | None = None
        self.etag: str | None = None


class Replica:
    """A deterministic EU Reporter look-alike; handle() answers one HTTP request (see replica.server for sockets)."""

    def __init__(self, config: ReplicaConfig | None = None) -> None:
        self.config = config or ReplicaConfig()
        self.corpus = Corpus(self.config.articles, self.config.edition)
        routers = {"zox": Router, "drifted": DriftedRouter, "zox-renamed": RenamedRouter}
        self.router = routers[self.config.layout](self.corpus, self.config.sitemaps)
        self.traps = TrapSite(self, self.config.trap_names or tuple(TRAPS)) if self.config.traps else None
        self._cache = LRU(self.config.cache_bytes)
        self._editions: dict[tuple[str, str], Edition] = {}
        self._date = http_date(self.corpus.now)

    # --- API for tests and tools ------------------------------------------------------------------------------------
    @property
    def languages(self) -> tuple[str, ...]:
        return self.config.languages

    @property
    def domain(self) -> str:
        return self.config.domain

    @property
    def now(self) -> datetime:
        """The site's clock: this edition's simulated "now", sent as every response's Date header (crawls judge
        article ages against it, never against the machine's clock)."""
        return self.corpus.now

    def posts(self) -> list[Post]:
        """Every article of this edition, oldest first."""
        return list(self.corpus.posts)

    def post_by_path(self, path: str) -> Post | None:
        """The article at a permalink path (query string and percent-encoding variants allowed)."""
        path = normalize_path(path.partition("?")[0].partition("#")[0])
        post = self.corpus.find(path if path.endswith("/") else path + "/")
        return post if post is not None and post.path == (path if path.endswith("/") else path + "/") else None

    def new_posts(self, since: int = 1) -> list[Post]:
        """Posts this edition has that edition `since` did not."""
        cutoff = EPOCH_DAY + timedelta(days=since - 1)
        return [post for post in self.corpus.posts if post.day > cutoff]

    def edited_posts(self, since: int = 1) -> list[Post]:
        """Posts of edition `since` whose text (and modified time) changed afterwards."""
        cutoff = EPOCH_DAY + timedelta(days=since - 1)
        return [p for p in self.corpus.posts if p.day <= cutoff and any(edit.day > cutoff for edit in p.edits)]

    def changed_posts(self, since: int | None = None) -> list[Post]:
        """Posts whose pages differ from edition `since` (default: the previous edition; below 1: every post): the
        new ones and the edited ones. Every other article page is byte-identical to that edition's."""
        since = self.config.edition - 1 if since is None else since
        if since < 1:
            return self.posts()
        cutoff = EPOCH_DAY + timedelta(days=since - 1)
        return [p for p in self.corpus.posts if p.day > cutoff or any(edit.day > cutoff for edit in p.edits)]

    def changed_articles(self, since: int | None = None, port: int | None = None) -> set[tuple[str, str]]:
        """(URL, language) of every article page whose bytes differ from edition `since` (as changed_posts), in
        every served edition; URLs as served on `port`."""
        bases = {lang: self.base(lang, port) for lang in self.languages}
        return {(post.url(lang, bases[lang]), lang) for post in self.changed_posts(since) for lang in self.languages}

    def boilerplate(self, lang: str) -> list[str]:
        """Every UI string the article template prints as text in that edition (not menus or category labels)."""
        ui = bank(lang).UI
        copyright_line = f"Copyright © {EPOCH_DAY.year} EU Reporter Media & Communications Ltd. {ui['rights']}"
        return [*(ui[key] for key in _BOILERPLATE_KEYS), "RSS", copyright_line]

    def base(self, lang: str, port: int | None = None) -> str:
        """Base URL of an edition, e.g. http://fr.eureporter.test:8080 (no port for port 80)."""
        return f"http://{'www' if lang == 'en' else lang}.{self.domain}" + port_suffix(port)

    # --- HTTP -------------------------------------------------------------------------------------------------------
    def handle(self, method: str, host: str, target: str, headers: Mapping[str, str] | None = None) -> Response:
        """One request: (status, headers, body). The body is gzip-encoded when negotiated, empty for HEAD."""
        request = {name.lower(): value for name, value in (headers or {}).items()}
        method = method.upper()
        blocked_ua = self.config.block_user_agent.lower()
        if blocked_ua and blocked_ua in request.get("user-agent", "").lower():
            return blocked(self._common(), method, self.config.block_with, host)
        if self.traps is not None and (trapped := self.traps.handle(method, host, target, request)) is not None:
            return trapped
        if method not in ("GET", "HEAD"):
            return 405, [*self._common(), ("Allow", "GET, HEAD"), ("Content-Type", HTML), ("Content-Length", "0")], b""
        hostname, _, port = host.strip().lower().partition(":")
        suffix = port_suffix(port)
        if target.startswith(("http://", "https://")):
            target = "/" + target.split("/", 3)[3] if target.count("/") >= 3 else "/"
        path, _, query = target.partition("#")[0].partition("?")
        if hostname == self.domain:
            # The bare domain redirects to the www. edition.
            return 301, [*self._common(), ("Location", f"http://www.{self.domain}{suffix}{target}"),
                         ("Content-Type", HTML), ("Content-Length", "0")], b""  # fmt: skip
        label, _, rest = hostname.partition(".")
        lang = "en" if label == "www" else label
        if rest != self.domain or lang not in self.languages or (lang == "en" and label != "www"):
            body = b"Unknown host\n"
            return 404, [*self._common(), ("Content-Type", "text/plain"), ("Content-Length", str(len(body)))], body
        variables = parse_qs(query, keep_blank_values=True)
        search = variables["s"][0] if "s" in variables else None
        post_id = variables["p"][0] if "p" in variables else None
        path = normalize_path(path)
        feed_query = FeedQuery.parse(variables) if self.config.feed_queries and _is_feed(path) else None
        key = (lang, suffix, path, post_id, feed_query)
        entry = self._cache.get(key) if search is None else None
        if entry is None:
            entry = _Entry(self.router.route(self._edition(lang, suffix), path, search, post_id, feed_query))
            if search is None:
                self._cache.put(key, entry, len(entry.page.body) * 2 + 512)
        if self.config.unavailable and entry.page.modified is not None and self._unavailable(path):
            body = error_page(503, "Service Temporarily Unavailable", "The server is temporarily overloaded.")
            headers = [*self._common(), ("Content-Type", HTML), ("Content-Length", str(len(body)))]
            return 503, headers, b"" if method == "HEAD" else body
        return self._respond(method, entry, request, path)

    def _unavailable(self, path: str) -> bool:
        return zlib.crc32(path.encode()) % 10_000 < self.config.unavailable * 10_000

    def _common(self) -> list[tuple[str, str]]:
        # Date is the edition's simulated "now", so that responses are byte-identical from run to run.
        return [("Server", "nginx"), ("Date", self._date)]

    def _edition(self, lang: str, suffix: str) -> Edition:
        edition = self._editions.get((lang, suffix))
        if edition is None:
            bases = tuple(
                (code, f"http://{'www' if code == 'en' else code}.{self.domain}{suffix}") for code in self.languages
            )
            edition = self._editions[(lang, suffix)] = Edition(lang, dict(bases)[lang], bases)
        return edition

    def _validators(self) -> tuple[str, str]:
        """WordPress WP::send_headers() for feeds: a site-wide ETag (md5 of the last modification) and Last-Modified."""
        last_modified = http_date(self.corpus.last_modified)
        return f'"{md5(last_modified.encode()).hexdigest()}"', last_modified

    def _respond(self, method: str, entry: _Entry, request: dict[str, str], path: str) -> Response:
        page = entry.page
        headers = self._common()
        if page.location is not None:
            return (
                page.status,
                [*headers, ("Location", page.location), ("Content-Type", HTML), ("Content-Length", "0")],
                b"",
            )
        if page.feed:
            etag, last_modified = self._validators()
            headers += [("ETag", etag), ("Last-Modified", last_modified)]
            if feed_not_modified(request, etag, self.corpus.last_modified):
                return 304, headers, b""
        elif self.config.validators and page.status == 200 and page.content_type == HTML:
            if entry.etag is None:
                entry.etag = page_etag(page.body)
            headers.append(("ETag", entry.etag))
            if page.modified is not None:
                headers.append(("Last-Modified", http_date(page.modified)))
            if page_not_modified(request, entry.etag, page.modified):
                return 304, [*headers, ("Vary", "Accept-Encoding")] if page.compressible else headers, b""
        body = page.body
        headers.append(("Content-Type", page.content_type))
        if page.compressible:
            headers.append(("Vary", "Accept-Encoding"))
            if accepts_gzip(request.get("accept-encoding", "")):
                if entry.gzipped is None:
                    entry.gzipped = gzip.compress(page.body, compresslevel=_GZIP_LEVEL, mtime=0)
                body = entry.gzipped
                headers.append(("Content-Encoding", "gzip"))
        if page.content_type == HTML:
            # A load-balancer cookie and the cookie-consent plugin's cookie; never needed to see content.
            headers.append(("Set-Cookie", f"SERVERID=web{1 + zlib.crc32(path.encode()) % 3}; path=/"))
            headers.append(
                ("Set-Cookie", "cookielawinfo-checkbox-necessary=yes; Max-Age=31536000; path=/; SameSite=Lax")
            )
        headers.append(("Transfer-Encoding", "chunked") if page.chunked else ("Content-Length", str(len(body))))
        return page.status, headers, b"" if method == "HEAD" else body
