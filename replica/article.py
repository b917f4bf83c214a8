"""The article page: Zox News' single-post template plus EU Reporter's own blocks, era by era (ANATOMY §4, §5, §7)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from replica import prose
from replica.clock import ago, long_date
from replica.neighbours import Neighbours, neighbours, thumbnail
from replica.seo import head_meta
from replica.taxonomy import TAGS
from replica.theme import LOGO, SITE_NAME, attr, body_close, body_open, category_link, head, sidebar, text

if TYPE_CHECKING:
    from replica.corpus import Corpus
    from replica.posts import Post
    from replica.theme import Edition

_SHARES = (
    ("fb", "facebook-f", "Share on Facebook", "https://www.facebook.com/sharer.php?u="),
    ("twit", "twitter", "Tweet This Post", "https://twitter.com/intent/tweet?url="),
    ("pin", "pinterest-p", "Pin This Post", "https://pinterest.com/pin/create/button/?url="),
)


def share_list(url: str, title: str) -> str:
    """MVP Social Buttons: icon links without text (the labels are title attributes)."""
    items = "".join(
        f'<li class="mvp-post-soc-{key}"><a href="#" onclick="window.open(\'{attr(prefix + url)}\', \'{label}\', '
        f'\'width=600,height=400\');return false;" title="{label}"><span class="mvp-post-soc-{key} fab fa-{icon}">'
        "</span></a></li>"
        for key, icon, label, prefix in _SHARES
    )
    email = (
        f'<li class="mvp-post-soc-email"><a href="mailto:?subject={attr(title)}&amp;BODY={attr(url)}" '
        'title="Share via email"><span class="mvp-post-soc-email fa fa-envelope-o"></span></a></li>'
    )
    return f'<ul class="mvp-post-soc-list left relative">{items}{email}</ul>'


CONTENT_MAIN = ('<div id="mvp-content-main" class="left relative">\n', "</div>\n")
"""The opening and closing tags of the body container (replica.renamed renames or drops it)."""


def article_page(ed: Edition, corpus: Corpus, post: Post, *, container: tuple[str, str] = CONTENT_MAIN) -> str:
    lang, url, canonical = ed.lang, ed.base + post.path, ed.www + post.path
    title = post.title(lang)
    near = neighbours(corpus, post)
    return "".join(
        (
            head(ed, f"{title} - {SITE_NAME}", canonical, post.path, head_meta(ed, post, url)),
            body_open(ed, f"post-template-default single single-post postid-{post.id} single-format-standard"),
            '<article id="mvp-article-wrap" itemscope itemtype="http://schema.org/NewsArticle">\n'
            f'<meta itemscope itemprop="mainEntityOfPage" itemType="https://schema.org/WebPage" itemid="{url}"/>\n'
            '<div id="mvp-article-cont" class="left relative"><div class="mvp-main-box"><div id="mvp-post-main" '
            'class="left relative">\n',
            _post_head(ed, post, url, title),
            '<div class="mvp-post-main-out left relative"><div class="mvp-post-main-in"><div id="mvp-post-content" '
            'class="left relative">\n',
            _feat_image(ed, post),
            '<div id="mvp-content-wrap" class="left relative"><div class="mvp-post-soc-out right relative">'
            f'<div class="mvp-post-soc-wrap left relative">{share_list(url, title)}</div>\n<div '
            'class="mvp-post-soc-in">'
            '<div id="mvp-content-body" class="left relative"><div id="mvp-content-body-top" class="left relative">\n',
            _content_main(ed, post, url, title, container),
            _content_bot(ed, post, near),
            "</div></div></div></div>\n",
            _continue_reading(ed, near),
            "</div><!--mvp-content-wrap-->\n",
            _more_posts(ed, post, near.more),
            "</div></div>\n",
            sidebar(ed, near.latest),
            "</div><!--mvp-post-main-out--></div><!--mvp-post-main--></div><!--mvp-main-box-->\n",
            _trending(ed, post, near.trending),
            "</div><!--mvp-article-cont--></article>\n",
            body_close(ed),
        )
    )


def _post_head(ed: Edition, post: Post, url: str, title: str) -> str:
    meta, published = post.meta, post.published
    summary = post.summary(ed.lang)
    parts = [
        '<header id="mvp-post-head" class="left relative">'
        '<h3 class="mvp-post-cat left relative"><a class="mvp-post-cat-link" '
        f'href="{category_link(ed, meta.label_path)}">'
        f'<span class="mvp-post-cat left">{text(post.category_label(ed.lang))}</span></a></h3>\n'
        f'<h1 class="mvp-post-title left entry-title" itemprop="headline">{text(title)}</h1>\n'
    ]
    if summary:
        parts.append(f'<span class="mvp-post-excerpt left"><p>{text(summary)}</p></span>\n')
    if meta.share_top:
        # EU Reporter's own share bar (not a Zox News string), between the title and the date since 2023.
        parts.append(
            '<div class="mvp-post-soc-top left relative"><span class="mvp-post-soc-label">'
            f"{text(ed.ui('share'))}</span>"
            f"{share_list(url, title)}</div>\n"
        )
    thumb = name = ""
    if post.author:
        thumb = (
            f'<div class="mvp-author-info-thumb left relative"><img alt="" src="{ed.www}/wp-content/uploads/2019/06/'
            f'{meta.author}-96x96.jpg" class="avatar avatar-46 photo" height="46" width="46" /></div>'
        )
        name = (
            '<div class="mvp-author-info-name left relative" itemprop="author" itemscope itemtype="https://schema.org/'
            f'Person"><p>{text(ed.ui("by"))}</p> <span class="author-name vcard fn author" itemprop="name"><a href="'
            f'{ed.base}/author/{meta.author}/" title="Posts by {attr(post.author)}" rel="author">'
            f"{text(post.author)}</a>"
            "</span></div>"
        )
    date = (
        f'<div class="mvp-author-info-date left relative"><p>{text(ed.ui("published"))}</p> <span '
        'class="mvp-post-date">'
        f"{text(ago(published, post.ago_reference, ed.bank))}</span> <p>{text(ed.ui('on'))}</p> "
        f'<span class="mvp-post-date updated"><time class="post-date updated" itemprop="datePublished" '
        f'datetime="{published:%Y-%m-%d}">{text(long_date(published, ed.bank))}</time></span>'
        f'<meta itemprop="dateModified" content="{post.modified:%Y-%m-%d}"/></div>'
    )
    # Observed order (ANATOMY §7): the byline comes before "Published / on".
    parts.append(
        f'<div class="mvp-author-info-wrap left relative">{thumb}<div class="mvp-author-info-text left relative">'
        f"{name}{date}</div></div>\n</header>\n"
    )
    return "".join(parts)


def _feat_image(ed: Edition, post: Post) -> str:
    image = post.lead_image_url(ed.www)
    credit = post.captions(ed.lang)[0]
    return (
        '<div id="mvp-post-feat-img" class="left relative mvp-post-feat-img-wide2" itemprop="image" itemscope '
        f'itemtype="https://schema.org/ImageObject"><img width="1024" height="576" src="{image}" class="attachment- '
        f'size- wp-post-image" alt="" decoding="async" /><meta itemprop="url" content="{image}"><meta itemprop="width" '
        f'content="1024"><meta itemprop="height" content="576"><span class="mvp-feat-caption">{text(credit)}</span>'
        "</div>\n"
    )


def _content_main(ed: Edition, post: Post, url: str, title: str, container: tuple[str, str]) -> str:
    meta = post.meta
    opening, closing = container
    out = [opening]
    consent = text(ed.ui("consent"))
    # The newsletter sign-up injected at the top of the_content(): a bare paragraph in 2021-2022, a form with its
    # consent line since 2023, absent before 2021 (ANATOMY §5).
    if meta.consent == "p":
        out.append(f"<p>{consent}</p>\n")
    elif meta.consent == "div":
        out.append(
            f'<div class="eur-newsletter-signup"><form class="eur-newsletter-form" action="{ed.base}/wp-admin/admin-'
            'post.php" method="post"><input type="hidden" name="action" value="eur_newsletter" /><input type="email" '
            'name="email" placeholder="Email" /><input type="submit" value="Sign up" /></form>'
            f'<p class="eur-newsletter-consent">{consent}</p></div>\n'
        )
    figure = 0
    for kind, payload in post.body(ed.lang):
        if kind == "p":
            out.append(f"<p>{text(str(payload))}</p>\n")
        elif kind == "quote":
            out.append(f'<blockquote class="wp-block-quote"><p>{text(str(payload))}</p></blockquote>\n')
        elif kind == "list":
            intro, items = payload  # type: ignore[misc]
            out.append(f"<p>{text(intro)}</p>\n<ul>{''.join(f'<li>{text(item)}</li>' for item in items)}</ul>\n")
        elif kind == "figure":
            image, caption = payload  # type: ignore[misc]
            figure += 1
            attachment = post.id * 10 + figure
            out.append(
                f'<figure id="attachment_{attachment}" aria-describedby="caption-attachment-{attachment}" '
                'style="width: '
                f'800px" class="wp-caption aligncenter"><img decoding="async" src="{ed.www}{image}" alt="" width="800" '
                f'height="450" class="size-full wp-image-{attachment}" /><figcaption '
                f'id="caption-attachment-{attachment}" '
                f'class="wp-caption-text">{text(caption)}</figcaption></figure>\n'
            )
        else:
            out.append(
                f'<div class="mvp-post-ad-wrap eur-in-content-ad"><span class="mvp-ad-label">{text(ed.ui("ad"))}</span>'
                f'<div class="mvp-ad-slot" id="div-gpt-ad-content-{post.id}"></div></div>\n'
            )
    if meta.share_bottom:
        out.append(
            f'<div class="eur-share-article"><p><strong>{text(ed.ui("share_article"))}</strong></p>'
            f"{share_list(url, title)}</div>\n"
        )
    disclaimer = text(ed.ui("disclaimer"))
    if meta.disclaimer_inside:
        out.append(f"<p><em>{disclaimer}</em></p>\n{closing}")
    else:
        out.append(f'{closing}<div class="eur-disclaimer"><p>{disclaimer}</p></div>\n')
    return "".join(out)


def _prev_next(ed: Edition, post: Post | None, side: str, label: str) -> str:
    if post is None:
        return ""
    return (
        f'<div class="mvp-{side}-post-wrap {"right" if side == "next" else "left"} relative"><a href="{ed.base}'
        f'{post.path}" rel="bookmark"><div class="mvp-prev-next-cont left relative"><div class="mvp-prev-next-text '
        "left "
        f'relative"><span class="mvp-prev-next-label left relative">{text(ed.ui(label))}</span><p>'
        f"{text(post.title(ed.lang))}</p></div></div></a></div>"
    )


def _content_bot(ed: Edition, post: Post, near: Neighbours) -> str:
    # Tag names stay English on every edition: the tag list carries GTranslate's "notranslate" class.
    tags = "".join(f'<a href="{ed.base}/tag/{slug}/" rel="tag">{text(TAGS[slug])}</a>' for slug in post.meta.tag_slugs)
    return (
        '<div id="mvp-content-bot" class="left"><div class="mvp-post-tags"><span class="mvp-post-tags-header">'
        f'{text(ed.ui("related_topics"))}</span><span itemprop="keywords" class="notranslate">{tags}</span></div>\n'
        '<div class="posts-nav-link"></div><div id="mvp-prev-next-wrap" class="left relative">'
        f"{_prev_next(ed, near.up_next, 'next', 'up_next')}"
        f"{_prev_next(ed, near.dont_miss, 'prev', 'dont_miss')}</div>\n"
        '<div class="mvp-org-wrap" itemprop="publisher" itemscope itemtype="https://schema.org/Organization"><div '
        'class="mvp-org-logo" itemprop="logo" itemscope itemtype="https://schema.org/ImageObject">'
        f'<img src="{ed.www}{LOGO}" alt="{SITE_NAME}" /><meta itemprop="url" content="{ed.www}{LOGO}"></div>'
        f'<meta itemprop="name" content="{SITE_NAME}"></div></div>\n'
    )


def _continue_reading(ed: Edition, near: Neighbours) -> str:
    related = "".join(
        f'<li><div class="mvp-related-img left relative"><a href="{ed.base}{other.path}" rel="bookmark"><img src="'
        f'{ed.www}{thumbnail(other.meta.feat_image)}" alt="" /></a></div><div class="mvp-related-text left relative">'
        f'<a href="{ed.base}{other.path}">{text(other.title(ed.lang))}</a></div></li>'
        for other in near.related
    )
    return (
        f'<div class="mvp-cont-read-wrap"><div class="mvp-cont-read-but-wrap left relative"><span class="mvp-cont-read-'
        f'but">{text(ed.ui("continue"))}</span></div>\n<div id="mvp-post-bot-ad" class="left relative"><span class="'
        f'mvp-ad-label">{text(ed.ui("ad"))}</span><div id="div-gpt-ad-bottom-0"></div></div>\n'
        '<div id="mvp-related-posts" class="left relative"><h4 class="mvp-widget-home-title"><span class="mvp-widget-'
        f'home-title">{text(ed.ui("you_may_like"))}</span></h4><ul class="mvp-related-posts-list left related">'
        f"{related}</ul></div>\n"
        '<div id="mvp-comments-button" class="left relative mvp-com-click"><span class="mvp-comment-but-text">'
        f"{text(ed.ui('comment'))}</span></div></div>\n"
    )


def _more_posts(ed: Edition, post: Post, more: list[Post]) -> str:
    """#mvp-post-add-box: title and full text of other posts, as first published (so this page stays unchanged)."""
    stories = []
    for other in more:
        paragraphs = "".join(f"<p>{text(block)}</p>" for block in prose.texts(other.body(ed.lang, original=True)))
        stories.append(
            '<div class="mvp-post-add-story left relative"><div class="mvp-post-add-head left relative">'
            f'<h3 class="mvp-post-cat left relative"><a class="mvp-post-cat-link" href="'
            f'{category_link(ed, other.meta.label_path)}"><span class="mvp-post-cat left">'
            f'{text(other.category_label(ed.lang))}</span></a></h3><h2 class="mvp-post-title left entry-title">'
            f'<a href="{ed.base}{other.path}">{text(other.title(ed.lang))}</a></h2><span class="mvp-post-date">'
            f"{text(ago(other.published, post.ago_reference, ed.bank))}</span></div>"
            f'<div class="mvp-post-add-body left relative"><div class="mvp-post-add-img left relative"><img src="'
            f'{ed.www}{other.meta.feat_image}" alt="" /></div><div class="mvp-post-add-cont left relative">'
            f'<div class="mvp-post-add-main right relative">{paragraphs}</div></div></div></div>\n'
        )
    wrap = '<div id="mvp-post-add-box"><div id="mvp-post-add-wrap" class="left relative">\n'
    return f"{wrap}{''.join(stories)}</div></div>\n"


def _trending(ed: Edition, post: Post, trending: list[Post]) -> str:
    items = "".join(
        f'<li><a href="{ed.base}{other.path}" rel="bookmark"><div class="mvp-post-more-img left relative"><img src="'
        f'{ed.www}{thumbnail(other.meta.feat_image)}" alt="" /></div><div class="mvp-post-more-text left relative">'
        f'<div class="mvp-cat-date-wrap left relative"><span class="mvp-cd-cat left relative">'
        f'{text(other.category_label(ed.lang))}</span><span class="mvp-cd-date left relative">'
        f"{text(ago(other.published, post.ago_reference, ed.bank))}</span></div><p>{text(other.title(ed.lang))}</p>"
        "</div></a></li>"
        for other in trending
    )
    return (
        '<div id="mvp-post-more-wrap" class="left relative"><h4 class="mvp-widget-home-title"><span class="mvp-widget-'
        f'home-title">{text(ed.ui("trending"))}</span></h4><ul class="mvp-post-more-list left relative">{items}</ul>'
        "</div>\n"
    )
