"""Layout-drift canary: does the site still have the structure discovery and extraction rely on?

A theme change on the live site would not break the crawl: trafilatura's generic path would go on returning text,
boilerplate and all, and the dataset would silently fill with it. The canary fetches the newest few articles (and one
language edition) and checks each landmark the code depends on, naming what is missing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lxml import html as lxml_html
from scrapy import Request, Spider

from crawler.extraction import boilerplate, extract_article, zox
from crawler.extraction.blocks import CONSENT_SIMILARITY
from crawler.extraction.links import feed_entries, hreflang_alternates, listing_links
from crawler.extraction.pages import decode_html
from crawler.failures import FIRST, classify, record_first
from crawler.scope import SiteScope, article_match, canonical_page_url
from storage.httpbody import declared_charset

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable, Iterator

    from lxml.html import HtmlElement
    from scrapy.http import Response

logger = logging.getLogger(__name__)

MIN_WORDS = 40


def _xpath(expression: str) -> Callable[[HtmlElement], bool]:
    return lambda tree: bool(tree.xpath(f"boolean({expression})"))


# Landmark, and why it matters. The English page also needs its hreflang alternates: they are how editions are found.
LANDMARKS: list[tuple[str, Callable[[HtmlElement], bool]]] = [
    ("the article body container div#mvp-content-main", lambda tree: zox.find_content(tree) is not None),
    (
        "the headline h1.entry-title",
        _xpath("//h1[contains(concat(' ', normalize-space(@class), ' '), ' entry-title ')]"),
    ),
    (
        "a publication time (article:published_time, JSON-LD datePublished or <time datetime>)",
        _xpath(
            "//meta[@property='article:published_time'] or //time[@datetime]"
            " or //script[@type='application/ld+json'][contains(., 'datePublished')]"
        ),
    ),
    ("the category label span.mvp-post-cat", _xpath("//span[contains(concat(' ', @class, ' '), ' mvp-post-cat ')]")),
    ("the 'more posts' box div#mvp-post-add-box", _xpath("//*[@id='mvp-post-add-box']")),
]
HREFLANG = "hreflang alternates to the language editions (<link rel=alternate hreflang=…>)"


def check_article(body: bytes, charset: str | None, url: str, *, english: bool) -> list[str]:
    """Problems with one article page; an empty list means extraction can rely on it."""
    page = decode_html(body, charset)
    try:
        tree = lxml_html.fromstring(page if isinstance(page, str) else page.decode("utf-8", "replace"))
    except (ValueError, lxml_html.etree.ParserError):
        return ["the page is not HTML"]
    problems = [f"missing {name}" for name, present in LANDMARKS if not present(tree)]
    if english and not tree.xpath("//link[@hreflang]"):
        problems.append(f"missing {HREFLANG}")
    article = extract_article(page, url)
    if article is None:
        return [*problems, "extraction found no article"]
    words = len(article.text.split())
    if words < MIN_WORDS:
        problems.append(f"the extracted body has only {words} words")
    for line in article.text.split("\n"):
        if (
            boilerplate.is_label(line, *boilerplate.SHORT_KINDS)
            or boilerplate.similarity(line, "consent") >= CONSENT_SIMILARITY
            or boilerplate.similarity(line, "disclaimer") >= CONSENT_SIMILARITY
        ):
            problems.append(f"boilerplate in the extracted text: {line[:80]!r}")
    if not article.published_at:
        problems.append("no publication date extracted")
    return problems


@dataclass(slots=True)
class PageReport:
    url: str
    problems: list[str]
    words: int = 0


@dataclass(slots=True)
class CanaryReport:
    pages: list[PageReport] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    cause: str | None = None
    """When nothing could be fetched: why, and what to do (from the first network failure)."""

    @property
    def ok(self) -> bool:
        return bool(self.pages) and not self.errors and not any(p.problems for p in self.pages)

    def render(self) -> str:
        lines = [
            f"{'OK  ' if not p.problems else 'FAIL'} {p.url}" + "".join(f"\n       {x}" for x in p.problems)
            for p in self.pages
        ]
        lines += [f"FAIL {e}" for e in self.errors]
        if self.ok:
            verdict = "structure as expected"
        elif any(p.problems for p in self.pages):
            verdict = "the site no longer has the structure extraction relies on"
        else:
            verdict = "could not fetch the pages to check" + (f": {self.cause}" if self.cause else "")
        return "\n".join([*lines, f"canary: {len(self.pages)} pages checked: {verdict}"])


class CanarySpider(Spider):
    """Fetches the feed (or the home page), the newest `count` articles and one edition of the newest."""

    name = "eureporter-canary"

    def __init__(self, *args: Any, scope: SiteScope, count: int, report: CanaryReport, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.count = count
        self.report = report
        self.allowed_domains = [scope.domain]

    async def start(self) -> AsyncIterator[Request]:
        yield Request(self.scope.base_url + "/feed/", self.parse_feed, errback=self.failed)

    def parse_feed(self, response: Response) -> Iterator[Request]:
        links = [canonical_page_url(u) for u in feed_entries(response.body) or []]
        articles = [u for u in links if article_match(u) and self.scope.language_of(u) == "en"]
        if not articles:
            logger.warning("No article in %s; trying the home page", response.url)
            yield Request(self.scope.base_url + "/", self.parse_home, errback=self.failed)
            return
        yield from self._articles(articles)

    def parse_home(self, response: Response) -> Iterator[Request]:
        articles = [u for u in listing_links(response.body, response.url).articles if self.scope.language_of(u) == "en"]
        if not articles:
            self.report.errors.append(f"no article link found in the feed or on the home page ({response.url})")
        yield from self._articles(articles)

    def _articles(self, urls: list[str]) -> Iterator[Request]:
        for index, url in enumerate(dict.fromkeys(urls)):
            if index == self.count:
                break
            yield Request(url, self.parse_article, cb_kwargs={"first": index == 0}, errback=self.failed)

    def parse_article(self, response: Response, first: bool = False) -> Iterator[Request]:
        english = self.scope.language_of(response.url) == "en"
        charset = declared_charset((response.headers.get(b"Content-Type") or b"").decode("latin-1"))
        problems = check_article(response.body, charset, response.url, english=english)
        self.report.pages.append(PageReport(response.url, problems))
        if first and english:
            editions = [
                href
                for lang, href in hreflang_alternates(response.body, response.url).items()
                if lang not in ("en", "x-default")
                and (label := self.scope.edition_label(href)) is not None
                and self.scope.advertise(label)
            ]
            if editions:
                yield Request(canonical_page_url(editions[0]), self.parse_article, errback=self.failed)

    def failed(self, failure: Any) -> None:
        request = getattr(failure, "request", None)
        url = getattr(request, "url", "")
        kind, _, what = classify(failure.value, url)
        if self.crawler.stats is not None and kind not in ("robots", "robots_unreachable", "offsite", "ignored"):
            record_first(self.crawler.stats, kind, url, what)
        hint = " (the site may be refusing our User-Agent: see the USER_AGENT setting)" if kind == "http_403" else ""
        self.report.errors.append(f"{getattr(request, 'url', '?')}: {what}{hint}")


def canary_settings() -> dict[str, Any]:
    """The crawl's settings without its storage: the canary writes nothing."""
    return {
        "ITEM_PIPELINES": {},
        "EXTENSIONS": {
            "crawler.extensions.lock.DataDirLockExtension": None,
            # Checked by the command instead: the canary needs a contact, not an operator (it writes no WARC file).
            "crawler.extensions.identity.OperatorIdentity": None,
            "crawler.extensions.jobdir.JobDirGuard": None,
            "crawler.extensions.archive.WarcArchive": None,
            "crawler.extensions.progress.Progress": None,
            "spidermon.contrib.scrapy.extensions.Spidermon": None,
        },
        "SPIDER_MIDDLEWARES": {"crawler.spidermiddlewares.incremental.IncrementalMiddleware": None},
        "HTTPERROR_ALLOW_ALL": False,
    }


def run_canary(settings: Any, count: int) -> CanaryReport:
    """Run CanarySpider in this process (blocks); settings are the project's plus canary_settings()."""
    from scrapy.crawler import CrawlerProcess

    report = CanaryReport()
    scope = SiteScope.from_site(settings.get("EUREPORTER_SITE"))
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(CanarySpider)
    process.crawl(crawler, scope=scope, count=count, report=report)
    process.start()
    first: dict[str, str] = dict((crawler.stats.get_value(FIRST) if crawler.stats else None) or {})
    if first and not report.pages:
        report.cause = next(iter(first.values())).split(": ", 1)[-1]
    return report
