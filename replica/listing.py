"""Archive-type pages in the Zox News theme: home, category/tag/author listings, search, static pages and 404."""

from __future__ import annotations

from typing import TYPE_CHECKING

from replica.clock import ago
from replica.neighbours import thumbnail
from replica.theme import SITE_NAME, Edition, body_close, body_open, head, sidebar, text

if TYPE_CHECKING:
    from datetime import datetime

    from replica.posts import Post

PER_PAGE = 10  # WordPress' posts_per_page default
STATIC_PAGES = {"about": 2, "terms-and-conditions": 3}  # slug -> page id


def page_count(total: int) -> int:
    return max(1, -(-total // PER_PAGE))


def pagination(ed: Edition, base_path: str, page: int, last: int) -> str:
    """paginate_links() with WordPress' defaults (end_size 1, mid_size 2, prev/next links)."""

    def href(number: int) -> str:
        return f"{ed.base}{base_path}" + (f"page/{number}/" if number > 1 else "")

    if last <= 1:
        return ""
    shown = sorted({1, last, *range(max(1, page - 2), min(last, page + 2) + 1)})
    parts = []
    if page > 1:
        parts.append(f'<a class="prev page-numbers" href="{href(page - 1)}">{text(ed.ui("previous"))}</a>')
    previous = 0
    for number in shown:
        if number > previous + 1:
            parts.append('<span class="page-numbers dots">&hellip;</span>')
        if number == page:
            parts.append(f'<span aria-current="page" class="page-numbers current">{number}</span>')
        else:
            parts.append(f'<a class="page-numbers" href="{href(number)}">{number}</a>')
        previous = number
    if page < last:
        parts.append(f'<a class="next page-numbers" href="{href(page + 1)}">{text(ed.ui("next"))}</a>')
    return f'<nav class="navigation pagination" aria-label="Posts"><div class="nav-links">{"".join(parts)}</div></nav>'


def _story(ed: Edition, post: Post, now: datetime) -> str:
    return (
        f'<li class="mvp-blog-story-wrap left relative infinite-post"><a href="{ed.base}{post.path}" rel="bookmark">'
        '<div class="mvp-blog-story-out relative"><div class="mvp-blog-story-img left relative"><img width="400" '
        f'height="240" src="{ed.www}{thumbnail(post.meta.feat_image)}" class="mvp-big-img" alt="" /></div>'
        '<div class="mvp-blog-story-in"><div class="mvp-blog-story-text left relative"><div class="mvp-cat-date-wrap '
        f'left relative"><span class="mvp-cd-cat left relative">{text(post.category_label(ed.lang))}</span>'
        f'<span class="mvp-cd-date left relative">{text(ago(post.published, now, ed.bank))}</span></div>'
        f"<h2>{text(post.title(ed.lang))}</h2><p>{text(post.excerpt(ed.lang))}</p></div></div></div></a></li>\n"
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
    """One page of an archive; `base_path` is the archive's first page ("/category/world/"), `items` this page's."""
    path = base_path + (f"page/{page}/" if page > 1 else "")
    heading_html = f'<h1 class="mvp-feat1-pop-head"><span class="mvp-feat1-pop-head">{text(heading)}</span></h1>'
    return "".join(
        (
            head(ed, f"{heading} - {SITE_NAME}", ed.www + path, path),
            body_open(ed, body_class),
            '<div class="mvp-main-blog-wrap left relative"><div class="mvp-main-box"><div class="mvp-main-blog-cont '
            "left "
            f'relative">\n<header id="mvp-post-head" class="left relative">{heading_html}</header>\n'
            '<div class="mvp-main-blog-out left relative"><div class="mvp-main-blog-in"><div class="mvp-main-blog-body '
            'left relative">\n<ul class="mvp-blog-story-list left relative infinite-content">\n',
            "".join(_story(ed, post, now) for post in items),
            '</ul>\n<div class="mvp-inf-more-wrap left relative">',
            pagination(ed, base_path, page, last),
            "</div>\n</div></div>\n",
            sidebar(ed, latest),
            "</div></div></div></div>\n",
            body_close(ed),
        )
    )


def static_page(ed: Edition, slug: str) -> str:
    """/about/ and /terms-and-conditions/: the page template, not an article (no #mvp-content-main)."""
    title, paragraphs = ed.bank.PAGES[slug]
    body = "".join(f"<p>{text(paragraph)}</p>" for paragraph in paragraphs)
    return "".join(
        (
            head(ed, f"{title} - {SITE_NAME}", f"{ed.www}/{slug}/", f"/{slug}/"),
            body_open(ed, f"page-template-default page page-id-{STATIC_PAGES[slug]}"),
            '<div class="mvp-main-box"><div id="mvp-post-main" class="left relative"><header id="mvp-post-head" '
            f'class="left relative"><h1 class="mvp-post-title left entry-title">{text(title)}</h1></header>'
            '<div class="mvp-post-main-out left relative"><div class="mvp-post-main-in"><div id="mvp-post-content" '
            f'class="left relative"><div class="mvp-page-content entry-content">{body}</div></div></div></div></div>'
            "</div>\n",
            body_close(ed),
        )
    )


def search_page(ed: Edition, query: str) -> str:
    """Search results (robots.txt disallows /?s=, so a polite crawler never sees this page)."""
    heading = f"{ed.ui('search_results')} {query}"
    return "".join(
        (
            head(ed, f"{heading} - {SITE_NAME}", f"{ed.www}/", None, '<meta name="robots" content="noindex" />\n'),
            body_open(ed, "search search-no-results"),
            f'<div class="mvp-main-box"><h1 class="mvp-feat1-pop-head"><span class="mvp-feat1-pop-head">{text(heading)}'
            f'</span></h1><p class="mvp-search-text">{text(ed.ui("nothing_found"))}</p></div>\n',
            body_close(ed),
        )
    )


def not_found_page(ed: Edition, path: str) -> str:
    return "".join(
        (
            head(ed, f"Page not found - {SITE_NAME}", ed.www + path, None),
            body_open(ed, "error404"),
            f'<div id="mvp-404"><h1>404</h1><p>{text(ed.ui("not_found"))}</p></div>\n',
            body_close(ed),
        )
    )


def login_page(ed: Edition) -> str:
    """wp-login.php: plain WordPress, no theme (disallowed in robots.txt)."""
    return (
        '<!DOCTYPE html>\n<html lang="en-US">\n<head>\n<meta charset="UTF-8" />\n'
        f"<title>Log In &lsaquo; {SITE_NAME} &#8212; WordPress</title>\n"
        '<meta name="robots" content="noindex, noarchive" />\n</head>\n<body class="login no-js login-action-login">\n'
        f'<div id="login"><h1><a href="https://wordpress.org/">Powered by WordPress</a></h1><form name="loginform" '
        f'id="loginform" action="{ed.base}/wp-login.php" method="post"><p><label for="user_login">Username or Email '
        'Address</label><input type="text" name="log" id="user_login" /></p><p><label for="user_pass">Password</label>'
        '<input type="password" name="pwd" id="user_pass" /></p><p class="submit"><input type="submit" '
        'name="wp-submit" '
        'id="wp-submit" value="Log In" /></p></form></div>\n</body>\n</html>\n'
    )
