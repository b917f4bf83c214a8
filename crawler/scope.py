"""The crawl's scope: the site's hosts, its language editions, article permalinks, and --resolve host overrides."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

# Language subdomains as GTranslate names them: "fr", "tl", "zh-CN", "pt-PT" (host names are case-insensitive).
_LANGUAGE_LABEL = re.compile(r"^[a-z]{2,3}(?:-[a-z]{2,4})?$")
# /<category path, 1-3 levels>/<yyyy>/<mm>/<dd>/<slug>/ (ANATOMY §2.1); category slugs are lower-case ASCII.
ARTICLE_PATH = re.compile(
    r"^/(?P<category>(?:[a-z0-9%][a-z0-9_%-]*/){1,3})(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2})/(?P<slug>[^/?#]+)/$"
)
# Archive pages worth walking for discovery: category (with or without the /category/ base), tag, author, home.
_NON_CATEGORY_ROOTS = ("wp-content", "wp-admin", "wp-json", "wp-includes", "feed", "comments", "search")


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
        return cls(scheme=parts.scheme, host=host, port=port, domain=domain)

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
        label, dot, rest = host.partition(".")
        if dot and rest == self.domain and _LANGUAGE_LABEL.match(label) and label != "www":
            return label
        return None

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


def article_match(url: str) -> re.Match[str] | None:
    """The permalink match of an article URL (query and fragment ignored), else None."""
    return ARTICLE_PATH.match(urlsplit(url).path)


def canonical_page_url(url: str) -> str:
    """The URL without query string and fragment, with a trailing slash on directory-like paths (WordPress style)."""
    parts = urlsplit(url)
    path = parts.path or "/"
    last = path.rsplit("/", 1)[-1]
    if last and "." not in last:
        path += "/"
    return urlunsplit((parts.scheme, parts.netloc.lower(), path, "", ""))


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
