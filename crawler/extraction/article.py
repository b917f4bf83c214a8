"""extract_article(html, url): one Article from one page, or None when the page is not an article."""

from __future__ import annotations

import codecs
import logging
import re
import zlib
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from trafilatura import bare_extraction, load_html
from trafilatura.settings import Document, use_config

from crawler.extraction import boilerplate as bp
from crawler.extraction import language, zox
from crawler.extraction.blocks import CONSENT_SIMILARITY
from crawler.extraction.metadata import PageMeta
from crawler.extraction.sources import strip_url
from crawler.items import Article
from crawler.scope import permalink

if TYPE_CHECKING:
    from lxml.html import HtmlElement

logger = logging.getLogger(__name__)
for _name in ("trafilatura", "htmldate", "courlan", "charset_normalizer"):
    logging.getLogger(_name).setLevel(logging.ERROR)

TRAFILATURA_CONFIG = use_config()
TRAFILATURA_CONFIG.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # no SIGALRM: we run in worker processes and threads
MAX_INPUT_BYTES = 20_000_000  # trafilatura's own MAX_FILE_SIZE; a news page is ~200 KB

# Magic numbers of what a crawler also fetches: images, PDF, archives, fonts, media.
BINARY_MAGIC = (
    b"\xff\xd8\xff",
    b"\x89PNG",
    b"GIF8",
    b"%PDF",
    b"PK\x03\x04",
    b"RIFF",
    b"\x1f\x8b",
    b"BM",
    b"II*\x00",
    b"MM\x00*",
    b"\x00\x00\x01\x00",
    b"wOFF",
    b"wOF2",
    b"ID3",
    b"OggS",
    b"\x00\x00\x00",
)
DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]{0,100}?encoding\s*=\s*["']([\w.:-]+)""",
    re.IGNORECASE,
)
FIRST_TAG = re.compile(r"<([a-zA-Z][\w:.-]*)")
FEED_ROOTS = frozenset(("rss", "feed", "urlset", "sitemapindex", "rdf:rdf", "opml", "channel"))
ZOX = (
    "//*[@id='mvp-site' or @id='mvp-fly-wrap' or @id='mvp-main-body-wrap' or @id='mvp-article-wrap'"
    " or @id='mvp-content-main' or @id='mvp-post-main']"
)
NOT_ARTICLE_BODY_CLASSES = frozenset(
    ("error404", "archive", "home", "blog", "search", "category", "tag", "author", "date", "attachment")
)


def _webish_cp1252(error: UnicodeError) -> tuple[str, int]:
    # the five bytes cp1252 leaves undefined decode to the same code point, as browsers do (WHATWG windows-1252)
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.start + 1].decode("latin-1"), error.start + 1


codecs.register_error("eureporter-cp1252", _webish_cp1252)


def decode(data: bytes) -> str | None:
    """Text of an HTML byte string: BOM, then the declared charset, then UTF-8, then windows-1252; None if binary.

    A gzip body (a WARC record keeps the content-coding as received) is inflated first, capped at MAX_INPUT_BYTES.
    """
    if data.startswith(b"\x1f\x8b"):
        try:
            data = zlib.decompressobj(31).decompress(data, MAX_INPUT_BYTES + 1)
        except zlib.error:
            return None
        if len(data) > MAX_INPUT_BYTES:
            return None
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    if not data.strip() or data.startswith(BINARY_MAGIC) or data[:1024].count(b"\x00") > 64:
        return None
    match = DECLARED_CHARSET.search(data[:4096])
    declared: str | None = (match.group(1) or match.group(2)).decode("ascii").lower() if match else None
    if declared in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "windows-1252"):
        declared = "cp1252"  # what browsers do with these labels
    elif declared and declared.startswith(("utf-16", "utf-32")):
        declared = "utf-8"  # a byte-level UTF-16 page has a BOM; a <meta> saying so is wrong (WHATWG)
    for candidate in (declared, "utf-8"):
        if candidate:
            try:
                return data.decode(candidate, errors="eureporter-cp1252" if candidate == "cp1252" else "strict")
            except (LookupError, UnicodeDecodeError):
                continue
    # no usable declaration and not UTF-8: the web's default legacy encoding
    return data.decode("cp1252", errors="eureporter-cp1252")


def _is_markup(text: str) -> bool:
    """HTML, not plain text (robots.txt), JSON, or an XML feed or sitemap."""
    head = text[:4096].lstrip("\ufeff \t\r\n")
    if not head.startswith("<"):
        return False
    body = re.sub(r"<\?.*?\?>|<!--.*?-->|<!(?!--)[^>]*>", "", head, flags=re.DOTALL)
    match = FIRST_TAG.search(body)
    return match is not None and match.group(1).lower() not in FEED_ROOTS


def extract_article(html: str | bytes, url: str) -> Article | None:
    """The article on the page, or None when the page is not an article (or cannot be read). Never raises."""
    try:
        return _extract(html, url)
    except Exception:
        logger.debug("extraction failed on %s", url, exc_info=True)
        return None


def _extract(page: str | bytes, url: str) -> Article | None:
    html: str | None = page if isinstance(page, str) else None
    if isinstance(page, (bytes, bytearray, memoryview)):
        data = bytes(page)
        if len(data) > MAX_INPUT_BYTES:
            logger.debug("not extracted, %d bytes: %s", len(data), url)
            return None
        html = decode(data)
    if html is None or not html.strip() or len(html) > MAX_INPUT_BYTES or not _is_markup(html):
        logger.debug("not HTML: %s", url)
        return None
    tree = load_html(html.replace("\x00", ""))
    if tree is None:
        logger.debug("unparseable: %s", url)
        return None
    page_url = strip_url(url)
    if "mvp-" in html and tree.xpath(f"boolean({ZOX})"):
        return _zox_article(tree, page_url)
    if language.edition(urlsplit(page_url).netloc) and not permalink(page_url):
        logger.debug("EU Reporter page without article markup and not a permalink: %s", url)
        return None
    return _generic_article(tree, page_url)


def _zox_article(tree: HtmlElement, url: str) -> Article | None:
    body = tree.find("body")
    classes = set((body.get("class") or "").split()) if body is not None else set()
    is_single = bool(classes & {"single", "single-post"})
    if classes & NOT_ARTICLE_BODY_CLASSES or "page" in classes and not is_single:
        logger.debug("Zox News page that is not a post (%s): %s", " ".join(sorted(classes)), url)
        return None
    content = zox.find_content(tree)
    meta = PageMeta(tree, url)
    if content is None or not (is_single or permalink(url) or meta.is_article()):
        logger.debug("Zox News page without an article body: %s", url)
        return None
    title = meta.title()
    paragraphs, images = zox.extract_body(content, title, url)
    if not paragraphs:
        logger.debug("article without text: %s", url)
        return None
    lead = meta.lead_image()
    if lead is not None:
        images = [lead, *(image for image in images if image.url != lead.url)]
    return _article(meta, url, title, "\n".join(paragraphs), meta.author(), meta.categories(), meta.tags(), images)


def _generic_article(tree: HtmlElement, url: str) -> Article | None:
    meta = PageMeta(tree, url)
    document = bare_extraction(
        tree, url=url or None, with_metadata=True, include_comments=False, config=TRAFILATURA_CONFIG
    )
    if not isinstance(document, Document) or not document.text:
        logger.debug("no main text: %s", url)
        return None
    title = meta.strip_site(document.title) if document.title else meta.title()
    lines = document.text.split("\n")
    while lines and title and bp.normalize(lines[0]) == bp.normalize(title):  # the headline is not body text
        lines.pop(0)
    if language.edition(urlsplit(url).netloc) or bp.BRAND.search(document.text):  # only EU Reporter text can hold them
        lines = [line for line in lines if not _is_boilerplate_line(line)]
    text = "\n".join(line.strip() for line in lines if line.strip())
    if not text:
        return None
    author = meta.author(markup=False)
    if author is None and document.author and meta.valid_author(document.author):
        author = document.author
    lead = meta.lead_image(markup=False)
    return _article(
        meta,
        url,
        title,
        text,
        author,
        meta.categories(markup=False) or list(document.categories or []),
        meta.tags(markup=False) or list(document.tags or []),
        [lead] if lead else [],
        fallback_date=document.date,
    )


def _is_boilerplate_line(line: str) -> bool:
    """EU Reporter strings that trafilatura may keep on a page without Zox News markup."""
    if len(line) < 60:
        return bp.is_label(line, *bp.SHORT_KINDS)
    return len(line) <= 450 and (
        bp.similarity(line, "consent") >= CONSENT_SIMILARITY
        or bool(bp.brand_mentions(line) and bp.similarity(line, "disclaimer") >= CONSENT_SIMILARITY)
    )


def _article(
    meta: PageMeta,
    url: str,
    title: str,
    text: str,
    author: str | None,
    categories: list[str],
    tags: list[str],
    images: list,
    fallback_date: str | None = None,
) -> Article:
    return Article(
        url=url,
        canonical_url=meta.canonical,
        title=title,
        text=text,
        author=author,
        published_at=meta.published() or (fallback_date or None),
        modified_at=meta.modified(),
        language=language.decide(urlsplit(url).netloc, meta.declared_languages(), text),
        categories=categories,
        category_path=meta.category_path(),
        tags=tags,
        translations=dict(meta.alternates),
        description=meta.description(),
        images=images,
        word_count=len(text.split()),
    )
