"""Layout drift (`ReplicaConfig(layout="drifted")`, `replica serve --layout drifted`): the content in another theme.

As if EU Reporter had switched from Zox News to a generic block theme (Twenty Twenty-One / GeneratePress style):
articles are `article.post > div.entry-content` with no #mvp-content-main or #mvp-post-* ids, the date is in
`time.entry-date`, the byline in `span.byline`, the category in `span.cat-links` (no span.mvp-post-cat), and the "more
posts" stories and Trending sit inside div.entry-content after the body, so that an extractor relying on the Zox
structure breaks (or swallows other posts' text). Archives (home, categories, tags, authors) are re-themed too;
static pages, search, login and 404 keep their old markup, as pages a theme switch often leaves to the page builder.
The `<head>` metadata (canonical, hreflang, Open Graph, JSON-LD) comes from the SEO plugin and does not change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from replica import prose
from replica.clock import long_date
from replica.listing import pagination
from replica.neighbours import neighbours, thumbnail
from replica.routes import Router
from replica.seo import head_meta
from replica.taxonomy import MENU, TAGS
from replica.theme import SITE_NAME, attr, category_link, text

if TYPE_CHECKING:
    from datetime import datetime

    from replica.corpus import Corpus
    from replica.posts import Post
    from replica.theme import Edition

THEME_CSS = "/wp-content/themes/generatepress/style.min.css"
LAYOUTS = ("zox", "drifted", "zox-renamed")


def _head(ed: Edition, title: str, canonical: str, alternates: str | None, extra: str = "") -> str:
    links = ""
    if alternates is not None:
        links = "".join(
            f'<link rel="alternate" hreflang="{lang}" href="{attr(base + alternates)}" />\n' for lang, base in ed.bases
        )
        links += f'<link rel="alternate" hreflang="x-default" href="{attr(ed.www + alternates)}" />\n'
    return (
        f'<!DOCTYPE html>\n<html lang="{ed.bank.HTML_LANG}">\n<head>\n<meta charset="UTF-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{text(title)}</title>\n"
        f'<link rel="canonical" href="{attr(canonical)}" />\n{links}{extra}'
        f'<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} &raquo; Feed" href="{ed.base}/feed/" />\n'
        f"<link rel='stylesheet' id='generate-style-css' href='{ed.www}{THEME_CSS}?ver=3.4.0' media='all' />\n"
        "</head>\n"
    )


def _open(ed: Edition, body_class: str) -> str:
    labels = ed.bank.CATEGORIES
    menu = "".join(
        f'<li class="menu-item menu-item-type-taxonomy"><a href="{ed.base}/{top}/">{text(labels[top])}</a></li>'
        for top in MENU
    )
    return (
        f'<body class="{body_class} wp-embed-responsive right-sidebar nav-below-header separate-containers">\n'
        '<a class="skip-link screen-reader-text" href="#content">Skip to content</a>\n'
        '<header class="site-header" id="masthead"><div class="inside-header grid-container">'
        '<div class="site-branding">'
        f'<p class="main-title"><a href="{ed.base}/" rel="home">{SITE_NAME}</a></p></div></div></header>\n'
        '<nav class="main-navigation" id="site-navigation"><div class="inside-navigation grid-container">'
        f'<ul id="menu-primary" class="menu sf-menu">{menu}</ul></div></nav>\n'
        '<div class="site grid-container container hfeed" id="page"><div class="site-content" id="content">\n'
        '<div class="content-area" id="primary"><main class="site-main" id="main">\n'
    )


def _close(ed: Edition, latest: list[Post]) -> str:
    items = "".join(f'<li><a href="{ed.base}{p.path}">{text(p.title(ed.lang))}</a></li>' for p in latest)
    return (
        "</main></div>\n"
        '<div class="widget-area sidebar is-right-sidebar" id="right-sidebar"><div class="inside-right-sidebar">'
        f'<aside class="widget widget_recent_entries"><h2 class="widget-title">{text(ed.ui("latest"))}</h2>'
        f"<ul>{items}</ul></aside></div></div>\n</div></div>\n"
        '<div class="site-footer"><footer class="site-info"><div class="inside-site-info grid-container">'
        f'<div class="copyright-bar">&copy; {SITE_NAME} &bull; <a href="{ed.base}/about/">{text(ed.ui("about"))}</a>'
        f' &bull; <a href="{ed.base}/feed/">RSS</a></div></div></footer></div>\n</body>\n</html>\n'
    )


def _body_blocks(ed: Edition, post: Post) -> str:
    out = []
    for kind, payload in post.body(ed.lang):
        if kind == "p":
            out.append(f"<p>{text(str(payload))}</p>\n")
        elif kind == "quote":
            out.append(f'<blockquote class="wp-block-quote"><p>{text(str(payload))}</p></blockquote>\n')
        elif kind == "list":
            intro, items = cast("tuple[str, list[str]]", payload)
            lis = "".join(f"<li>{text(item)}</li>" for item in items)
            out.append(f'<p>{text(intro)}</p>\n<ul class="wp-block-list">{lis}</ul>\n')
        elif kind == "figure":
            image, caption = cast("tuple[str, str]", payload)
            out.append(
                f'<figure class="wp-block-image size-large"><img decoding="async" src="{ed.www}{image}" alt="" '
                f'width="800" height="450" /><figcaption class="wp-element-caption">{text(caption)}</figcaption>'
                "</figure>\n"
            )
        else:
            out.append('<div class="wp-block-group ad-slot"><ins class="adsbygoogle"></ins></div>\n')
    return "".join(out)


def article_page(ed: Edition, corpus: Corpus, post: Post) -> str:
    """The single post in the drifted theme (same signature as replica.article.article_page)."""
    lang, url, canonical = ed.lang, ed.base + post.path, ed.www + post.path
    title, near = post.title(lang), neighbours(corpus, post)
    published = post.published
    byline = (
        f' <span class="byline">{text(ed.ui("by"))} <span class="author vcard"><a class="url fn n" href="'
        f'{ed.base}/author/{post.meta.author}/" rel="author">{text(post.author)}</a></span></span>'
        if post.author
        else ""
    )
    # The old "more posts" box and Trending, now printed by blocks at the end of the content.
    more = "".join(
        f'<div class="wp-block-group more-story"><h3 class="wp-block-heading"><a href="{ed.base}{other.path}">'
        f"{text(other.title(lang))}</a></h3>"
        + "".join(f"<p>{text(block)}</p>" for block in prose.texts(other.body(lang, original=True)))
        + "</div>\n"
        for other in near.more
    )
    trending = "".join(
        f'<li><a href="{ed.base}{other.path}">{text(other.title(lang))}</a></li>' for other in near.trending
    )
    tags = ", ".join(
        f'<a href="{ed.base}/tag/{slug}/" rel="tag">{text(TAGS[slug])}</a>' for slug in post.meta.tag_slugs
    )
    nav = "".join(
        f'<div class="nav-{side}"><span class="{side}"><a href="{ed.base}{other.path}" rel="{side}">'
        f"{text(other.title(lang))}</a></span></div>"
        for side, other in (("previous", near.dont_miss), ("next", near.up_next))
        if other is not None
    )
    return "".join(
        (
            _head(ed, f"{title} - {SITE_NAME}", canonical, post.path, head_meta(ed, post, url)),
            _open(ed, f"post-template-default single single-post postid-{post.id} single-format-standard"),
            f'<article id="post-{post.id}" class="post-{post.id} post type-post status-publish format-standard '
            f'has-post-thumbnail hentry category-{post.meta.label_path.replace("/", "-")}">\n'
            '<header class="entry-header">'
            f'<h1 class="entry-title">{text(title)}</h1>\n'
            f'<div class="entry-meta"><span class="posted-on"><time class="entry-date published" '
            f'datetime="{published.isoformat()}">{text(long_date(published, ed.bank))}</time></span>{byline}</div>'
            "</header>\n"
            f'<div class="post-image"><img src="{post.lead_image_url(ed.www)}" alt="" width="1024" height="576" />'
            "</div>\n"
            '<div class="entry-content">\n',
            _body_blocks(ed, post),
            f"<p><em>{text(ed.ui('disclaimer'))}</em></p>\n",
            f'<h2 class="wp-block-heading">{text(ed.ui("you_may_like"))}</h2>\n{more}',
            f'<h2 class="wp-block-heading">{text(ed.ui("trending"))}</h2>\n<ul class="wp-block-list">{trending}</ul>\n',
            "</div>\n",
            f'<footer class="entry-meta"><span class="cat-links"><a href="{category_link(ed, post.meta.label_path)}" '
            f'rel="category tag">{text(post.category_label(lang))}</a></span>'
            + (f' <span class="tags-links">{tags}</span>' if tags else "")
            + "</footer>\n</article>\n",
            f'<nav id="nav-below" class="post-navigation">{nav}</nav>\n',
            _close(ed, near.latest),
        )
    )


def listing_page(
    ed: Edition,
    *,
    heading: str,
    body_class: str,
    base_path: str,
    page: int,
    items: list[Post],
    last: int,
    latest: list[Post],
    now: datetime,
) -> str:
    """An archive page in the drifted theme (same signature as replica.listing.listing_page)."""
    path = base_path + (f"page/{page}/" if page > 1 else "")
    entries = "".join(
        f'<article id="post-{post.id}" class="post-{post.id} post type-post status-publish hentry">'
        f'<div class="post-image"><a href="{ed.base}{post.path}"><img src="{ed.www}{thumbnail(post.meta.feat_image)}" '
        f'alt="" /></a></div><header class="entry-header"><h2 class="entry-title"><a href="{ed.base}{post.path}" '
        f'rel="bookmark">{text(post.title(ed.lang))}</a></h2><div class="entry-meta"><time class="entry-date '
        f'published" datetime="{post.published.isoformat()}">{text(long_date(post.published, ed.bank))}</time>'
        f'</div></header><div class="entry-summary"><p>{text(post.excerpt(ed.lang))}</p></div></article>\n'
        for post in items
    )
    return "".join(
        (
            _head(ed, f"{heading} - {SITE_NAME}", ed.www + path, path),
            _open(ed, body_class),
            f'<header class="page-header"><h1 class="page-title">{text(heading)}</h1></header>\n',
            entries,
            pagination(ed, base_path, page, last),
            "\n",
            _close(ed, latest),
        )
    )


class DriftedRouter(Router):
    """The replica's router with the drifted theme's article and archive templates."""

    article_page = staticmethod(article_page)
    listing_page = staticmethod(listing_page)
