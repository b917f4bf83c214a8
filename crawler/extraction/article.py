"""extract_article(html, url): one Article from one page, or None when the page is not an article."""

from __future__ import annotations

import codecs
import logging
import re
import zlib
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from lxml import etree
from trafilatura import bare_extraction, load_html
from trafilatura.settings import Document, use_config

from crawler.extraction import boilerplate as bp
from crawler.extraction import language, zox
from crawler.extraction.blocks import BR, CONSENT_SIMILARITY, Block, clean, plain, plain_lines, squash
from crawler.extraction.metadata import PageMeta
from crawler.extraction.pagekind import not_an_article
from crawler.extraction.sources import strip_url
from crawler.items import Article
from crawler.scope import permalink

if TYPE_CHECKING:
    from lxml.etree import _Element
    from lxml.html import HtmlElement

    from crawler.items import Image

logger = logging.getLogger(__name__)
for _name in ("trafilatura", "htmldate", "courlan", "charset_normalizer"):
    logging.getLogger(_name).setLevel(logging.ERROR)

TRAFILATURA_CONFIG = use_config()
TRAFILATURA_CONFIG.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # no SIGALRM: we run in worker processes and threads
MAX_INPUT_BYTES = 20_000_000  # trafilatura's own MAX_FILE_SIZE; a news page is ~200 KB

FIRST_TAG = re.compile(r"<([a-zA-Z][\w:.-]*)")
FEED_ROOTS = frozenset(("rss", "feed", "urlset", "sitemapindex", "rdf:rdf", "opml", "channel"))
# Ids of the Zox News theme's skeleton (ANATOMY §4): any of them makes the page a Zox News page. The fly-out menu
# comes first in the document, so the walk looking for them usually stops after a few dozen elements.
ZOX_IDS = frozenset(
    ("mvp-site", "mvp-fly-wrap", "mvp-main-body-wrap", "mvp-article-wrap", "mvp-content-main", "mvp-post-main")
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
    """Text of an HTML byte string, as crawler.extraction.decoding decides it (BOM, <meta> charset, UTF-8, then
    windows-1252); None if binary.

    A gzip body (a WARC record keeps the content-coding as received) is inflated first, capped at MAX_INPUT_BYTES.
    """
    from crawler.extraction.decoding import decode_html  # one decision for every path that turns bytes into text

    if data.startswith(b"\x1f\x8b"):
        try:
            data = zlib.decompressobj(31).decompress(data, MAX_INPUT_BYTES + 1)
        except zlib.error:
            return None
        if len(data) > MAX_INPUT_BYTES:
            return None
    return decode_html(data)


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
    kind = not_an_article(html, url)
    if kind is not None:
        logger.debug("a %s page, not the article: %s", kind, url)
        return None
    tree = load_html(html.replace("\x00", ""))
    if tree is None:
        logger.debug("unparseable: %s", url)
        return None
    page_url = strip_url(url)
    if "mvp-" in html and any(el.get("id") in ZOX_IDS for el in tree.iter(etree.Element)):
        return _zox_article(tree, page_url)
    if language.edition(urlsplit(page_url).netloc):
        # EU Reporter without its theme's markup (a theme change): only a post, never a WAF page or an archive
        if not permalink(page_url) or _not_a_post(tree, page_url) is not None:
            logger.debug("EU Reporter page without article markup and not a post: %s", url)
            return None
        return _fallback_article(tree, page_url, PageMeta(tree, page_url))
    return _generic_article(tree, page_url)


def _not_a_post(tree: HtmlElement, url: str) -> str | None:
    """Why WordPress's <body class> says the page is no post (archive, 404, static page…), else None."""
    body = tree.find("body")
    classes = set((body.get("class") or "").split()) if body is not None else set()
    if classes & NOT_ARTICLE_BODY_CLASSES or "page" in classes and not classes & {"single", "single-post"}:
        return " ".join(sorted(classes))
    return None


def _zox_article(tree: HtmlElement, url: str) -> Article | None:
    reason = _not_a_post(tree, url)
    if reason is not None:
        logger.debug("Zox News page that is not a post (%s): %s", reason, url)
        return None
    body = tree.find("body")
    is_single = body is not None and bool(set((body.get("class") or "").split()) & {"single", "single-post"})
    content = zox.find_content(tree)
    meta = PageMeta(tree, url)
    if not (is_single or permalink(url) or meta.is_article()):
        logger.debug("Zox News page that is not an article: %s", url)
        return None
    if content is None:  # renamed, unwrapped or missing body container: degrade, never disappear
        logger.debug("Zox News article without #mvp-content-main, read by the fallback: %s", url)
        return _fallback_article(tree, url, meta)
    title = meta.title()
    paragraphs, images = zox.extract_body(content, title, url)
    if not paragraphs:  # the body wrapped in an element the structure rules take for chrome
        logger.debug("no text in #mvp-content-main, read by the fallback: %s", url)
        return _fallback_article(tree, url, meta)
    lead = meta.lead_image()
    if lead is not None:
        images = [lead, *(image for image in images if image.url != lead.url)]
    return _article(
        meta, url, title, "\n".join(paragraphs), meta.author(), meta.categories(), meta.tags(), images, reader="zox"
    )


def _fallback_article(tree: HtmlElement, url: str, meta: PageMeta) -> Article | None:
    """An EU Reporter or Zox News article whose body structure was not found: trafilatura on the page minus the known
    chrome (zox.prune), then the body's block rules (labels, consent line, share block, disclaimer) on its blocks."""
    # everything read from the markup first: prune() and trafilatura change the tree; the metadata is the page's own
    # (the <head> of an EU Reporter page is the SEO plugin's, whatever the theme), so trafilatura's is not asked for
    title, author, categories, tags = meta.title(), meta.author(), meta.categories(), meta.tags()
    lead = meta.lead_image()
    meta.published()
    zox.prune(tree, url)
    figures = zox.take_figures(tree, url)
    document = bare_extraction(
        tree, url=url or None, with_metadata=False, include_comments=False, config=TRAFILATURA_CONFIG
    )
    if not isinstance(document, Document) or document.body is None:
        logger.debug("no main text: %s", url)
        return None
    blocks = [
        block
        for i, block in enumerate(_document_blocks(document.body))
        if not _is_boilerplate_block(block.text.replace(BR, " "), opening=i < 3)
    ]
    while blocks and title and bp.normalize(blocks[0].text) == bp.normalize(title):  # the headline is no body text
        blocks.pop(0)
    text = "\n".join(clean(blocks, title))
    if not text:
        logger.debug("no text left after the boilerplate rules: %s", url)
        return None
    images = [lead, *(image for image in figures if image.url != lead.url)] if lead else figures
    return _article(meta, url, title, text, author, categories, tags, images, reader="fallback")


def _is_boilerplate_block(text: str, opening: bool) -> bool:
    """EU Reporter strings trafilatura may keep, wherever clean() would not look for them: known labels anywhere, a
    disclaimer-like block (it names the site) anywhere, a consent-like block among the first three."""
    if len(text) < 60:
        return bp.is_label(text, *bp.SHORT_KINDS)
    if len(text) > 450:
        return False
    if bp.brand_mentions(text):
        return bp.similarity(text, "disclaimer") >= CONSENT_SIMILARITY
    return opening and bp.similarity(text, "consent") >= CONSENT_SIMILARITY


def _document_blocks(body: _Element) -> list[Block]:
    """trafilatura's output tree as text blocks: paragraphs, headings, each list item, quotes, table rows."""
    blocks: list[Block] = []
    for el in body:
        if el.tag == "list":
            texts = [_xml_text(item, skip="list") for item in el.iter("item")]
        elif el.tag == "table":
            texts = [" | ".join(t for t in (squash(_xml_text(cell)) for cell in row) if t) for row in el.iter("row")]
        elif el.tag == "quote" and el.find("p") is not None:
            texts = [_xml_text(p) for p in el.iter("p")]
        else:
            texts = [_xml_text(el)]
        for text in texts:
            text = BR.join(squash(line) for line in text.split(BR)).strip(BR)
            if text.strip():
                blocks.append(Block("text", text))
    return blocks


def _xml_text(el: _Element, skip: str = "") -> str:
    """Text of a trafilatura element, <lb/> as a line break, without nested `skip` elements (a sub-list)."""
    parts = [el.text or ""]
    for child in el:
        if child.tag == "lb":
            parts.append(BR)
        elif child.tag != skip:
            parts.append(_xml_text(child, skip))
        parts.append(child.tail or "")
    return "".join(parts)


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
        reader="generic",
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
    images: list[Image],
    fallback_date: str | None = None,
    *,
    reader: str,
) -> Article:
    # stored text is plain (NFC, no soft hyphens or zero-width characters, no-break spaces made spaces)
    text = plain_lines(text)
    description = meta.description()
    for image in images:
        image.caption = plain(image.caption).strip() or None if image.caption else image.caption
        image.credit = plain(image.credit).strip() or None if image.credit else image.credit
    return Article(
        url=url,
        canonical_url=meta.canonical,
        title=plain(title).strip(),
        text=text,
        author=plain(author).strip() or None if author else author,
        published_at=meta.published() or (fallback_date or None),
        modified_at=meta.modified(),
        language=language.decide(urlsplit(url).netloc, meta.declared_languages(), text),
        categories=[plain(c).strip() for c in categories],
        category_path=meta.category_path(),
        tags=[plain(t).strip() for t in tags],
        translations=dict(meta.alternates),
        description=plain(description).strip() or None if description else description,
        images=images,
        word_count=len(text.split()),
        reader=reader,
    )
