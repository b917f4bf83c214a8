"""The body of a Zox News article page (div#mvp-content-main), read by structure, then cleaned of boilerplate."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from lxml import etree

from crawler.extraction import boilerplate as bp
from crawler.extraction.blocks import BR, Block, clean, squash
from crawler.items import Image
from crawler.scope import permalink

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# Containers that are never the article: other posts' full text, Trending, sidebar, footer, fly-out menu.
NOT_MAIN = (
    "@id='mvp-post-add-box' or @id='mvp-post-more-wrap' or @id='mvp-related-posts' or @id='mvp-side-wrap'"
    " or @id='mvp-foot-wrap' or @id='mvp-fly-wrap' or @id='mvp-comments-button'"
    " or contains(concat(' ', normalize-space(@class), ' '), ' mvp-post-add-story ')"
)
OUTSIDE = f"not(ancestor-or-self::*[{NOT_MAIN}])"
# The same test in Python (`outside`): libxml2 evaluates a //*[…] path over every element of the page, which made
# metadata XPath cost several times the parse; one walk up from a few candidates costs next to nothing.
NOT_MAIN_IDS = frozenset(
    ("mvp-post-add-box", "mvp-post-more-wrap", "mvp-related-posts", "mvp-side-wrap", "mvp-foot-wrap", "mvp-fly-wrap",
     "mvp-comments-button")
)  # fmt: skip
NOT_MAIN_CLASS = "mvp-post-add-story"


def outside(el: HtmlElement) -> bool:
    """el is not in (nor is) the "more posts" box, Trending, related posts, sidebar, footer or fly-out menu."""
    node: HtmlElement | None = el
    while node is not None:
        if node.get("id") in NOT_MAIN_IDS:
            return False
        classes = node.get("class")
        if classes and NOT_MAIN_CLASS in classes and NOT_MAIN_CLASS in classes.split():
            return False
        node = node.getparent()
    return True


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


INLINE = _words(
    "a abbr b bdi bdo big br cite code data del dfn em font i img ins kbd label mark picture q s samp "
    "small source span strike strong sub sup time tt u var wbr"
)
LEAF = _words("p h1 h2 h3 h4 h5 h6 pre dt dd caption address")
DROP = _words(
    "style noscript template svg math button input select textarea object embed video audio canvas map "
    "nav aside meta link head title"
)
SLOTS = frozenset(("script", "iframe", "ins"))

_AD = _words(
    "ad ads advert adverts advertisement advertising adsbygoogle adsense adslot adunit dfp banner sponsor sponsored"
)
_SHARE = _words(
    "share shares sharing sharer sharethis sharedaddy addtoany a2a heateor sassy essb shareaholic social soc"
)
_CONSENT = _words(
    "newsletter newsletters signup subscribe subscription subscriptions optin mc4wp mailchimp consent gdpr mailpoet tnp"
)
_DROP_TOKENS = _words("related relatedposts yarpp crp comment comments respond disqus tags tagcloud byline hidden sr")
_HIDDEN_CLASSES = frozenset(("screen-reader-text", "sr-only", "visually-hidden", "d-none", "hide"))
_TOKEN_SPLIT = re.compile(r"[\s\-_]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def find_content(tree: HtmlElement) -> HtmlElement | None:
    """The main article's #mvp-content-main (never one inside the "more posts" box)."""
    return next((el for el in tree.iter(etree.Element) if el.get("id") == "mvp-content-main" and outside(el)), None)


def _tokens(el: HtmlElement) -> tuple[set[str], str]:
    names = f"{el.get('class', '')} {el.get('id', '')}".lower()
    return set(_TOKEN_SPLIT.split(names)) - {""}, names


def _is_share_widget(el: HtmlElement) -> bool:
    """Every link goes to a share endpoint and there is hardly any other text (a label such as "Share this:")."""
    links = [a.get("href", "") for a in el.iter("a")]
    if not links or not all(bp.SHARE_ENDPOINT.search(href) for href in links):
        return False
    link_words = sum(len((a.text_content() or "").split()) for a in el.iter("a"))
    return len((el.text_content() or "").split()) - link_words <= 6


def role(el: HtmlElement) -> str | None:
    """What a body element is when it is not plain content: a widget to drop (with a marker), a figure, a caption."""
    tag = el.tag
    if tag in DROP or el.get("hidden") is not None or _HIDDEN_STYLE.search(el.get("style", "")):
        return "drop"
    if tag == "form":
        return "consent"
    if tag in SLOTS and (tag != "ins" or el.get("class")):
        return "slot"
    tokens, names = _tokens(el)
    if tokens:
        if tokens & _AD or "code-block" in names.split():
            return "ad"
        if tokens & _SHARE:
            return "share"
        if tokens & _CONSENT or re.search(r"sign[-_]?up|opt[-_]?in|news[-_]?letter", names):
            return "consent"
        if tokens & {"disclaimer", "disclosure"}:
            return "disclaimer"
        if tokens & _DROP_TOKENS or _HIDDEN_CLASSES & set(names.split()) or "mvp-" in names:
            return "drop"
    has_img = tag in ("img", "picture") or next(el.iter("img", "picture"), None) is not None
    if tag == "figure" or (has_img and tokens & {"caption", "figure", "image", "attachment"}):
        return "figure" if has_img or next(el.iter("blockquote", "table"), None) is None else None
    if tag == "figcaption" or "caption" in tokens:
        return "caption"
    if tag == "img":
        return "image"
    if tag in ("div", "p", "span", "ul", "li", "section", "strong", "b", "h3", "h4", "h5", "h6") and _is_share_widget(
        el
    ):
        return "share"
    return None


class Walker:
    """Turns #mvp-content-main into Blocks and Images, in document order."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.blocks: list[Block] = []
        self.images: list[Image] = []

    def image_url(self, img: HtmlElement) -> str | None:
        for attr in ("data-src", "data-lazy-src", "data-orig-file", "src"):
            value = (img.get(attr) or "").strip()
            if value and not value.startswith("data:"):
                return urljoin(self.base_url, value)
        srcset = (img.get("srcset") or img.get("data-srcset") or "").strip()
        return urljoin(self.base_url, srcset.split()[0]) if srcset else None

    def add_image(self, img: HtmlElement, caption: str | None = None, credit: str | None = None) -> None:
        url = self.image_url(img)
        if url and all(existing.url != url for existing in self.images):
            self.images.append(Image(url=url, caption=caption, credit=credit))

    def inline(self, el: HtmlElement, parts: list[str], depth: int = 0) -> None:
        """Text of an inline run; <br> becomes a line break, images are recorded."""
        if depth > 100:  # absurd nesting: plain text, no recursion
            parts.append(el.text_content())
            return
        parts.append(el.text or "")
        for child in el:
            tag = child.tag
            if tag == "br":
                parts.append(BR)
            elif tag == "img":
                self.add_image(child)
            elif isinstance(tag, str) and role(child) not in ("drop", "slot", "ad", "share"):
                self.inline(child, parts, depth + 1)
            parts.append(child.tail or "")

    def flush(self, parts: list[str]) -> None:
        text = BR.join(squash(line) for line in "".join(parts).split(BR)).strip(BR)
        parts.clear()
        if text.strip():
            self.blocks.append(Block("text", text))

    def leaf(self, el: HtmlElement) -> None:
        images = len(self.images)
        parts: list[str] = []
        self.inline(el, parts)
        text = squash("".join(parts).replace(BR, " "))
        if not text:
            if len(self.images) > images:  # an image-only paragraph: a caption may follow as plain text
                self.blocks.append(Block("image"))
            return
        previous = self.blocks[-1].kind if self.blocks else None
        if previous == "image" and len(text.split()) <= 40 and (_is_emphasis(el) or bp.has_credit_label(text)):
            image = self.images[-1]
            if image.caption is None and image.credit is None:
                image.caption, image.credit = bp.split_credit(text)
                self.blocks.append(Block("figure"))
                return
        self.flush(parts)

    def visit(self, el: HtmlElement, depth: int = 0, root: bool = False) -> None:
        kind = None if root else role(el)
        if kind in ("drop", "slot", "ad", "share", "consent", "disclaimer"):
            if kind != "drop":
                self.blocks.append(Block(kind))
            return
        if kind == "figure":
            self.figure(el)
            return
        if kind == "caption":  # a caption outside a figure: it belongs to the image just before it
            caption, credit = bp.split_credit(squash(el.text_content()))
            after_image = bool(self.blocks) and self.blocks[-1].kind in ("image", "figure")
            if after_image and self.images and self.images[-1].caption is None and self.images[-1].credit is None:
                self.images[-1].caption, self.images[-1].credit = caption, credit
            self.blocks.append(Block("figure"))
            return
        if kind == "image":
            self.add_image(el)
            self.blocks.append(Block("figure"))
            return
        tag = el.tag
        if tag == "table":
            for row in el.iter("tr"):
                cells = [squash(cell.text_content()) for cell in row if cell.tag in ("td", "th")]
                self.flush([" | ".join(c for c in cells if c)])
            return
        if (
            tag in LEAF
            or depth > 200
            or not any(isinstance(c.tag, str) and c.tag not in INLINE for c in el.iter() if c is not el)
        ):
            self.leaf(el)
            return
        parts = [el.text or ""]
        for child in el:
            if not isinstance(child.tag, str):
                parts.append(child.tail or "")
                continue
            if child.tag == "br":
                parts.append(BR)
            elif (
                child.tag in INLINE
                and role(child) is None
                and all(not isinstance(c.tag, str) or c.tag in INLINE for c in child.iter())
            ):
                self.inline(child, parts)
            else:
                self.flush(parts)
                self.visit(child, depth + 1)
            parts.append(child.tail or "")
        self.flush(parts)

    def figure(self, el: HtmlElement) -> None:
        captions = el.xpath(".//figcaption | .//*[contains(@class, 'caption')]")
        text = squash(" ".join(c.text_content() for c in captions[:1]))
        caption, credit = bp.split_credit(text)
        imgs = list(el.iter("img"))
        for img in imgs:
            self.add_image(img, caption, credit)
        if not imgs and next(el.iter("blockquote", "table"), None) is not None:
            for child in el:
                if isinstance(child.tag, str) and child.tag != "figcaption":
                    self.visit(child)
            return
        self.blocks.append(Block("figure"))


def _is_emphasis(el: HtmlElement) -> bool:
    """The whole block is set in italics or small print, as hand-made captions are."""
    children = [c for c in el if isinstance(c.tag, str)]
    return (
        len(children) == 1
        and children[0].tag in ("em", "i", "small")
        and not (el.text or "").strip()
        and not (children[0].tail or "").strip()
    )


def extract_body(content: HtmlElement, title: str, base_url: str) -> tuple[list[str], list[Image]]:
    """Paragraphs and figures of #mvp-content-main."""
    walker = Walker(base_url)
    walker.visit(content, root=True)
    return clean(walker.blocks, title), walker.images


# --- the fallback reader's view of a page whose body container was not found ------------------------------------------

# Zox News boxes that are never the body wherever the body went: those of NOT_MAIN, the 2019 layout's "More in" box
# and the .mvp-post-add-main blocks other Zox sites use for the more posts box (ANATOMY §4a); the post's header (with
# its excerpt, a paragraph that is not body text), the featured image and the tags/prev-next block below the body.
NEVER_MAIN_IDS = NOT_MAIN_IDS | {"mvp-more-post-wrap", "mvp-post-head", "mvp-post-feat-img", "mvp-content-bot"}
NEVER_MAIN_CLASSES = ("mvp-post-add-story", "mvp-post-add-main", "mvp-post-excerpt")
PROSE_CHARS = 60  # a <p> this long is body prose; Zox chrome (date block, labels, captions) has none
TEASER_SIGNALS = 2  # other-post headings and link lists after which the rest of a container is other posts


def prune(tree: HtmlElement, url: str) -> None:
    """Remove from the page what is known not to be the article, in place, before trafilatura reads it: the Zox News
    boxes of other posts, sidebar and footer; every Zox element (id or class mvp-…) that holds no prose (header,
    category label, date block, byline, featured image credit, tags, prev/next, share bars); and, in any theme,
    other posts' teasers and link lists (the "more posts" box and Trending of a theme we do not know)."""
    never: list[HtmlElement] = []
    chrome: list[HtmlElement] = []
    prose: set[HtmlElement] = set()
    slots: list[HtmlElement] = []
    for el in tree.iter(etree.Element):
        if el.tag in SLOTS:
            slots.append(el)
        ident, classes = el.get("id") or "", el.get("class") or ""
        if "mvp-" in ident or "mvp-" in classes:
            if ident in NEVER_MAIN_IDS or any(name in classes for name in NEVER_MAIN_CLASSES):
                never.append(el)
            else:
                chrome.append(el)
        elif el.tag == "p" and len(el.text_content()) >= PROSE_CHARS:
            prose.update(el.iterancestors())
    for el in never:
        el.drop_tree()
    for el in chrome:
        if el not in prose and el.getparent() is not None:
            el.drop_tree()
    _prune_ad_labels(slots)
    _prune_teasers(tree, url)


def _prune_ad_labels(slots: list[HtmlElement]) -> None:
    """A one-word block without punctuation next to an ad slot is its label in any language ("Tangazo"), as in
    blocks.clean; trafilatura drops the slot and would keep the label."""
    for slot in slots:
        if slot.getparent() is None or role(slot) not in ("slot", "ad"):
            continue
        box = slot
        for _ in range(3):  # the slot's own wrapper (div.ad-wrap), label inside or not
            parent = box.getparent()
            if (
                parent is None
                or parent.tag in ("body", "html", "head")
                or len(squash(parent.text_content()).split()) > 1
            ):
                break
            box = parent
        if box.getparent() is None or box.getparent().tag in ("head", "html"):
            continue
        for sibling in (box.getprevious(), box.getnext()):
            if sibling is not None and sibling.tag in ("p", "div", "span", "small"):
                words = squash(sibling.text_content()).split()
                if len(words) == 1 and not re.search(r"[^\w]", words[0]):
                    sibling.drop_tree()
        if box is not slot:
            box.drop_tree()  # the wrapper holds the slot and at most its one-word label


def _links_elsewhere(el: HtmlElement, url: str) -> bool:
    """el's whole text is links (one per list item) to articles of the site, not all to this one."""
    links = list(el.iter("a"))
    if not links or "".join(el.text_content().split()) != "".join("".join(a.text_content() for a in links).split()):
        return False
    page = urlsplit(url)
    hrefs = [a.get("href") or "" for a in links]
    targets = [urlsplit(href if href.startswith(("http://", "https://")) else urljoin(url, href)) for href in hrefs]
    return all(_site(t.netloc) == _site(page.netloc) and permalink(t.path) for t in targets) and any(
        t.path != page.path for t in targets
    )


def _site(netloc: str) -> str:
    """The last two labels of a host (with its port): every edition of EU Reporter is one site."""
    return ".".join(netloc.lower().split(".")[-2:])


def _short_heading(el: HtmlElement | None) -> bool:
    return (
        el is not None
        and el.tag in ("h2", "h3", "h4", "h5", "h6")
        and len(squash(el.text_content()).split()) <= 8
        and not squash(el.text_content()).endswith(":")
    )


def _prune_teasers(tree: HtmlElement, url: str) -> None:
    # Other posts' cards: a heading that is only a link to another article, first in its wrapper (the card).
    cards = []
    for heading in tree.iter("h2", "h3", "h4", "h5", "h6"):
        if _links_elsewhere(heading, url):
            parent = heading.getparent()
            first = next((c for c in parent if isinstance(c.tag, str)), None) if parent is not None else None
            wrapped = parent is not None and first is heading and parent.tag in ("div", "section", "li", "article")
            cards.append(parent if wrapped and not parent.xpath(".//h1") else heading)
    # Link lists: every item one link to an article of the site (Trending, related), 2 items or more.
    lists = [ul for ul in tree.iter("ul", "ol") if len(ul.findall("li")) >= 2 and _links_elsewhere(ul, url)]
    if len(cards) + len(lists) >= TEASER_SIGNALS and cards:
        # from the first card on, the rest of its container is other posts (more posts box, then Trending)
        first_card = cards[0]
        heading = first_card.getprevious()
        doomed = [first_card, *first_card.itersiblings()]
        if _short_heading(heading):
            doomed.insert(0, heading)
        for el in doomed:
            el.drop_tree()
    # A list of links to other articles under a short title of its own ("Trending") is not the article; one under a
    # colon label ("Editors' Recommendations:") is the author's, and stays.
    for ul in lists:
        if ul.getparent() is None:
            continue
        heading = ul.getprevious()
        if _short_heading(heading):
            heading.drop_tree()
            ul.drop_tree()


def take_figures(tree: HtmlElement, url: str) -> list[Image]:
    """The figures left on a pruned page, with their captions and credits, removed from it (a caption is never body
    text); figures that hold a quote or a table and no image are content and stay."""
    walker = Walker(url)
    for el in tree.xpath("//figure | //*[contains(@class, 'wp-caption')][not(ancestor::figure)]"):
        if el.getparent() is not None and role(el) == "figure" and next(el.iter("img"), None) is not None:
            walker.figure(el)
            el.drop_tree()
    return walker.images
