"""The site's facts, defined once: its hosts and language editions, article permalinks, listing paths, URL
normalisation, and --resolve host overrides. No Scrapy import: extraction and storage scripts use it too."""

from __future__ import annotations

import functools
import ipaddress
import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import safe_url_string

from crawler.langcodes import code

# Language subdomains as GTranslate names them: "fr", "tl", "zh-CN", "pt-PT" (host names are case-insensitive); the
# label must also be a language code (crawler.langcodes).
_LANGUAGE_LABEL = re.compile(r"^[a-z]{2,3}(?:-[a-z]{2,4})?$")
# Editions observed on the live site (ANATOMY §3). Other language subdomains count only once the site advertises them
# (hreflang alternates) or the operator asks for them (--languages): `cdn.`, `api.`, `dev.` are never editions.
OBSERVED_EDITIONS = frozenset(("fr", "de", "it", "id", "tl"))
# Any host of EU Reporter, whatever the TLD (eureporter.co, .ie, .tv, the replica's eureporter.test), with an optional
# edition or www. label.
EU_REPORTER_HOST = re.compile(r"(?:(?P<sub>[a-z]{2,3}(?:-[a-z]{2,4})?)\.)?eureporter\.[a-z]{2,6}(?::\d+)?")

# The date and slug that end a WordPress permalink (/%year%/%monthnum%/%day%/%postname%/).
_DATED_SLUG = r"(?P<y>(?:19|20)\d\d)/(?P<m>[01]\d)/(?P<d>[0-3]\d)/(?P<slug>[^/?#]+)"
# EU Reporter's permalinks: /<category path, 1-3 levels>/<yyyy>/<mm>/<dd>/<slug>/ (ANATOMY §2.1); category slugs
# are lower-case ASCII (percent-encoded otherwise).
ARTICLE_PATH = re.compile(r"^/(?P<category>(?:[a-z0-9%][a-z0-9_%-]*/){1,3})" + _DATED_SLUG + "/$")
# Any site's dated permalink, anywhere in the path, category path optional (sister sites, generic news pages).
PERMALINK = re.compile(r"/(?P<path>(?:[^/]+/)*?)" + _DATED_SLUG + "/?$")
# Archive pages worth walking for discovery: category (with or without the /category/ base), tag, author, home.
_NON_CATEGORY_ROOTS = ("wp-content", "wp-admin", "wp-json", "wp-includes", "feed", "comments", "search")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def permalink_date(match: re.Match[str]) -> date | None:
    """The date of a permalink match; None for a date no calendar has (/2026/02/30/): a trap, not a post."""
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None


def article_match(url: str) -> re.Match[str] | None:
    """The EU Reporter permalink match of an article URL (query and fragment ignored), else None; a permalink with an
    impossible date is not an article."""
    match = ARTICLE_PATH.match(urlsplit(url).path)
    return match if match is not None and permalink_date(match) is not None else None


def has_impossible_date(url: str) -> bool:
    """Shaped like an article permalink, but dated on a day that does not exist."""
    match = ARTICLE_PATH.match(urlsplit(url).path)
    return match is not None and permalink_date(match) is None


def permalink(url: str) -> re.Match[str] | None:
    """Any site's dated permalink in the URL's path (for dates and category paths of generic pages), else None."""
    match = PERMALINK.search(urlsplit(url).path)
    return match if match is not None and permalink_date(match) is not None else None


def host_edition(host: str) -> str | None:
    """The edition label of an EU Reporter host ("fr" for fr.eureporter.co, "" for www. or the bare domain), or None
    when the host is not EU Reporter's."""
    match = EU_REPORTER_HOST.fullmatch(host.lower())
    if match is None:
        return None
    sub = match.group("sub")
    return "" if sub in (None, "www") else sub


@functools.lru_cache(maxsize=4096)
def canonical_page_url(url: str) -> str:
    """The one spelling of a page's URL, used before the dupefilter and as the dataset's key: scheme and host in lower
    case, no default port, no query string or fragment, dot segments resolved, non-ASCII percent-encoded in
    lower-case hex, and a trailing slash on directory-like paths (WordPress style)."""
    parts = urlsplit(safe_url_string(url.strip()))
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port is None or port == _DEFAULT_PORTS.get(scheme) else f"{host}:{port}"
    path = _remove_dot_segments(parts.path or "/")
    # Lower-case hex, as WordPress writes its own permalinks (sanitize_title keeps %e2%82%ac): the site's spelling.
    path = re.sub(r"%[0-9A-Fa-f]{2}", lambda m: m.group(0).lower(), path)
    last = path.rsplit("/", 1)[-1]
    if last and "." not in last:
        path += "/"
    return urlunsplit((scheme, netloc, path, "", ""))


def _remove_dot_segments(path: str) -> str:
    # RFC 3986 §5.2.4, and empty segments collapsed: WordPress serves /a//b/ as /a/b/.
    out: list[str] = []
    segments = path.split("/")
    for segment in segments[1:-1]:
        if segment in ("", "."):
            continue
        if segment == "..":
            if out:
                out.pop()
            continue
        out.append(segment)
    tail = segments[-1] if len(segments) > 1 else ""
    if tail in (".", ".."):
        if tail == ".." and out:
            out.pop()
        tail = ""
    return "/" + "/".join([*out, tail]) if out else "/" + tail


class ScopeError(ValueError):
    """A --site or --resolve value that cannot define a crawl scope."""


@dataclass(frozen=True, slots=True)
class SiteScope:
    """The configured site: its English edition's origin and the language editions next to it."""

    scheme: str
    host: str
    """Host of the English edition, e.g. www.eureporter.co (lower case)."""
    port: int | None
    domain: str
    """Registered domain the editions hang off: www.eureporter.co -> eureporter.co."""
    editions: set[str] = field(default_factory=lambda: set(OBSERVED_EDITIONS), compare=False)
    """Language labels of the edition hosts: those observed on the site, those the operator asked for, and those the
    site advertises (`advertise`, from hreflang alternates). Grows during a crawl; nothing else is an edition."""

    @classmethod
    def from_site(cls, site: str) -> SiteScope:
        parts = urlsplit(site.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ScopeError(f"--site ({site!r}) must be an http(s) base URL such as https://www.eureporter.co")
        if parts.path not in ("", "/") or parts.query or parts.fragment:
            raise ScopeError(f"--site ({site!r}) must be the site's base URL, without a path or query")
        if parts.username is not None or parts.password is not None:
            # They would be recorded in warcinfo records, the crawls table and the logs.
            raise ScopeError("--site must not contain credentials (user:password@); the site needs none")
        host = parts.hostname.lower()
        try:
            port = parts.port
        except ValueError as exc:
            raise ScopeError(f"--site ({site!r}) has an invalid port") from exc
        domain = host[4:] if host.startswith("www.") else host
        if port == _DEFAULT_PORTS[parts.scheme]:
            port = None
        return cls(scheme=parts.scheme, host=host, port=port, domain=domain)

    def advertise(self, label: str) -> bool:
        """Make `label` (a subdomain label such as "es" or "zh-cn") an edition host, if it names a language; the
        spider calls this for the hreflang alternates the site advertises and for the --languages codes."""
        label = label.lower()
        if label == "www" or not _LANGUAGE_LABEL.match(label) or code(label) is None:
            return False
        self.editions.add(label)
        return True

    def edition_label(self, url: str) -> str | None:
        """The subdomain label of a URL on one of the site's subdomains (advertised or not), else None."""
        parts = urlsplit(url)
        if not self._same_origin_port(parts):
            return None
        return _edition_label(parts.hostname or "", self.domain)

    @property
    def base_url(self) -> str:
        return self.origin(self.host)

    def origin(self, host: str) -> str:
        netloc = host if self.port is None else f"{host}:{self.port}"
        return f"{self.scheme}://{netloc}"

    def edition_host(self, language: str) -> str:
        return self.host if language == "en" else f"{language.lower()}.{self.domain}"

    def edition_url(self, url: str, language: str) -> str:
        """The same path on another language edition (GTranslate keeps the English slug)."""
        parts = urlsplit(url)
        return urlunsplit((self.scheme, self._netloc(self.edition_host(language)), parts.path, "", ""))

    def _netloc(self, host: str) -> str:
        return host if self.port is None else f"{host}:{self.port}"

    def language_of(self, url: str) -> str | None:
        """en for the English host, the subdomain's code for an edition, None when out of scope."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if not self._same_origin_port(parts):
            return None
        if host in (self.host, self.domain):
            return "en"
        label = _edition_label(host, self.domain)
        return label if label is not None and label in self.editions else None

    def in_scope(self, url: str) -> bool:
        return self.language_of(url) is not None

    def _same_origin_port(self, parts) -> bool:  # noqa: ANN001 - urllib's SplitResult
        if parts.scheme not in ("http", "https"):
            return False
        try:
            port = parts.port
        except ValueError:
            return False
        default = 443 if parts.scheme == "https" else 80
        return (port or default) == (self.port or (443 if self.scheme == "https" else 80))


def _edition_label(host: str, domain: str) -> str | None:
    label, dot, rest = host.lower().partition(".")
    return label if dot and rest == domain and label != "www" else None


def is_listing_path(path: str) -> bool:
    """Category, tag and author archives (with /page/N/), and the home page: where new articles are listed."""
    if path == "/":
        return True
    if ARTICLE_PATH.match(path):
        return False
    segments = [s for s in path.split("/") if s]
    if not segments or segments[0] in _NON_CATEGORY_ROOTS or segments[0].startswith("wp-"):
        return False
    if len(segments) >= 2 and segments[-2] == "page" and not segments[-1].isdigit():
        return False
    if segments[0] in ("category", "tag", "author"):
        return len(segments) >= 2
    if len(segments) == 2 and segments[0] == "page":
        return segments[1].isdigit()  # the home page's own pagination: every post, newest first
    # A bare category path (/politics/european-parliament-2/page/361/): lower-case slugs, no file names, no dates.
    body = segments[:-2] if len(segments) >= 2 and segments[-2] == "page" else segments
    return 1 <= len(body) <= 3 and all(re.fullmatch(r"[a-z0-9][a-z0-9_-]*", s) and not s.isdigit() for s in body)


@dataclass(frozen=True, slots=True)
class HostOverride:
    """One --resolve entry: an exact host name or a *.domain pattern, mapped to an IP address."""

    pattern: str
    address: str

    def matches(self, host: str) -> bool:
        host = host.lower()
        if self.pattern.startswith("*."):
            suffix = self.pattern[1:]
            return host.endswith(suffix) or host == self.pattern[2:]
        return host == self.pattern


def parse_resolve(spec: str | list[str], scope: SiteScope | None = None) -> list[HostOverride]:
    """Parse "HOST=IP,*.DOMAIN=IP" (or a list of such entries); with a scope, refuse hosts outside the site."""
    entries = spec if isinstance(spec, list) else [e for e in spec.split(",") if e.strip()]
    overrides: list[HostOverride] = []
    for entry in entries:
        host, eq, address = entry.strip().partition("=")
        host = host.strip().lower()
        if not eq or not host or not address.strip():
            raise ScopeError(f"--resolve ({entry!r}) must look like HOST=IP or '*.DOMAIN=IP'")
        # curl's form HOST:PORT:ADDR is common muscle memory; say so instead of guessing.
        if ":" in host:
            raise ScopeError(f"--resolve ({entry!r}): give HOST=IP without a port (the port comes from --site)")
        try:
            ip = str(ipaddress.ip_address(address.strip()))
        except ValueError as exc:
            raise ScopeError(f"--resolve ({entry!r}): {address.strip()!r} is not an IP address") from exc
        if scope is not None:
            bare = host[2:] if host.startswith("*.") else host
            if not (bare == scope.domain or bare.endswith("." + scope.domain)):
                raise ScopeError(
                    f"--resolve ({entry!r}) names a host outside the crawled site ({scope.domain}); "
                    "only the site's own hosts may be overridden"
                )
        overrides.append(HostOverride(host, ip))
    return overrides
