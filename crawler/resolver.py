"""DNS resolver honouring --resolve (curl-style host overrides), so one loopback replica serves every edition."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer

from crawler.scope import ScopeError, SiteScope, parse_resolve

if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Self

    from scrapy.crawler import Crawler
    from twisted.internet.base import ReactorBase

    from crawler.scope import HostOverride

logger = logging.getLogger(__name__)


class OverrideResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, answering the EUREPORTER_RESOLVE host names itself.

    It must be installed on the reactor at process start (TWISTED_DNS_RESOLVER in the project settings, or -s on the
    command line); a spider's custom_settings come too late. The Host header keeps the original name, so the server
    still tells the editions apart.
    """

    def __init__(self, reactor: ReactorBase, cache_size: int, timeout: float, overrides: list[HostOverride]) -> None:
        super().__init__(reactor, cache_size, timeout)
        self.overrides = overrides

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: ReactorBase) -> Self:
        settings = crawler.settings
        cache_size = settings.getint("DNSCACHE_SIZE") if settings.getbool("DNSCACHE_ENABLED") else 0
        spec = settings.get("EUREPORTER_RESOLVE")
        try:
            scope = SiteScope.from_site(settings.get("EUREPORTER_SITE"))
            overrides = parse_resolve(spec, scope) if spec else []
        except ScopeError as exc:
            # The CLI validates first; here (scrapy crawl -s …) a bad value must not silently resolve elsewhere.
            raise ValueError(f"EUREPORTER_RESOLVE: {exc}") from exc
        if overrides:
            logger.info("Host overrides: %s", ", ".join(f"{o.pattern}={o.address}" for o in overrides))
        return cls(reactor, cache_size, settings.getfloat("DNS_TIMEOUT"), overrides)

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> defer.Deferred[str]:  # noqa: N802 - Twisted API
        for override in self.overrides:
            if override.matches(name):
                return defer.succeed(override.address)
        return super().getHostByName(name, timeout)
