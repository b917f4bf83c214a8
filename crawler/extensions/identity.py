"""Who crawls: a crawl of a real site names its operator and a way to reach them, or it does not start.

Site operators read the User-Agent's contact URL when a crawler misbehaves, and the warcinfo record's operator tells
an archive's readers who made it. Heritrix refuses to crawl without an operator contact URL; so does this crawler
for any site that is not on loopback (the replica, the tests). `identity_problem` is the check; the `eureporter`
commands run it before anything starts (exit 2), and OperatorIdentity runs it for `scrapy crawl` and Scrapyd.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from crawler.scope import ScopeError, SiteScope, parse_resolve

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

PLACEHOLDER_CONTACT = "https://github.com/eureporter-archive/eureporter-archive#contact"
"""The default of EUREPORTER_CONTACT_URL (settings/__init__.py): the project's page, not the operator's."""
PLACEHOLDER_OPERATOR = "EU Reporter archive crawler operators"
"""The default of EUREPORTER_WARC_OPERATOR (settings/__init__.py, env EUREPORTER_OPERATOR)."""


# RFC 2606 / RFC 6761 names: never a public site (the replica is www.eureporter.test).
RESERVED_TLDS = ("test", "example", "invalid", "localhost")


def _is_loopback_host(host: str) -> bool:
    host = host.strip("[]").lower().rstrip(".")
    if host.rsplit(".", 1)[-1] in RESERVED_TLDS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_loopback_site(settings: BaseSettings) -> bool:
    """The site is not a public one: its host is a loopback address or a reserved name (.test, .example, .invalid,
    .localhost), or --resolve sends it to a loopback address."""
    site = settings.get("EUREPORTER_SITE") or ""
    host = urlsplit(site).hostname or ""
    if _is_loopback_host(host):
        return True
    spec = settings.get("EUREPORTER_RESOLVE")
    if not spec:
        return False
    try:
        overrides = parse_resolve(spec, SiteScope.from_site(site))
    except ScopeError:
        return False
    return any(o.matches(host) and _is_loopback_host(o.address) for o in overrides)


def identity_problem(settings: BaseSettings, *, operator: bool = True) -> str | None:
    """Why this crawl may not start (one line naming the setting and the fix), or None."""
    if is_loopback_site(settings):
        return None
    contact = (settings.get("EUREPORTER_CONTACT_URL") or "").strip()
    user_agent = settings.get("USER_AGENT") or ""
    # What the site sees is the User-Agent: a USER_AGENT of one's own with another contact is fine too.
    if not contact or PLACEHOLDER_CONTACT in user_agent:
        return (
            "EUREPORTER_CONTACT_URL is the placeholder "
            f"({contact or 'empty'}): a site's operators must be able to reach whoever crawls it. Set it to your own "
            "web page or mailto: address, e.g. export EUREPORTER_CONTACT_URL=mailto:archive@example.org (it goes into "
            "the User-Agent)"
        )
    name = (settings.get("EUREPORTER_WARC_OPERATOR") or "").strip()
    if operator and (not name or name == PLACEHOLDER_OPERATOR):
        return (
            f"EUREPORTER_OPERATOR is the placeholder ({name or 'empty'}): the WARC files must name who made them. Set "
            "it to your organisation and a contact, e.g. export EUREPORTER_OPERATOR='Example Archive "
            "<archive@example.org>'"
        )
    return None


class IdentityError(RuntimeError):
    """A crawl of a real site without an operator contact."""


class OperatorIdentity:
    """Refuses to start a crawl of a site beyond loopback with the placeholder contact URL or operator.

    Enable with `EXTENSIONS = {"crawler.extensions.identity.OperatorIdentity": 1}`; reads EUREPORTER_SITE,
    EUREPORTER_RESOLVE, EUREPORTER_CONTACT_URL, USER_AGENT and EUREPORTER_WARC_OPERATOR.
    """

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        # Raising here stops the crawl before its first request (as the data directory lock does).
        problem = identity_problem(crawler.settings)
        if problem is not None:
            raise IdentityError(problem)
        return cls()
