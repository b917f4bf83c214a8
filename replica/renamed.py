"""Zox News with its body container renamed or unwrapped (`ReplicaConfig(layout="zox-renamed")`,
`replica serve --layout zox-renamed`): as after a theme update or a page-builder change.

Every Zox News marker stays (the mvp- classes, #mvp-article-wrap, #mvp-post-head, the header, the "more posts" box,
Trending, the sidebar, the head metadata); only the div holding the article body changes, in one of two ways chosen
per post (post id even / odd, see `variant`):

- "renamed": the body sits in `div.mvp-content-main-v2` (a class instead of the #mvp-content-main id);
- "unwrapped": the body's paragraphs, figures and ads sit directly in `div#mvp-content-body-top`, before
  #mvp-content-bot, with no container of their own.

So a page has the Zox structure but no #mvp-content-main: a reader keyed on that id finds no article at all, while
the text is all there. Archives, static pages, feeds and sitemaps keep the live theme's markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from replica.article import article_page as zox_article_page
from replica.routes import Router

if TYPE_CHECKING:
    from replica.corpus import Corpus
    from replica.posts import Post
    from replica.theme import Edition

RENAMED_CONTAINER = ('<div class="mvp-content-main-v2 left relative">\n', "</div>\n")
UNWRAPPED_CONTAINER = ("", "")


def variant(post: Post) -> str:
    """ "renamed" or "unwrapped": how this post's body container drifted."""
    return "renamed" if post.id % 2 == 0 else "unwrapped"


def article_page(ed: Edition, corpus: Corpus, post: Post) -> str:
    """The Zox News single post with the drifted body container (same signature as replica.article.article_page)."""
    container = RENAMED_CONTAINER if variant(post) == "renamed" else UNWRAPPED_CONTAINER
    return zox_article_page(ed, corpus, post, container=container)


class RenamedRouter(Router):
    """The replica's router with the renamed-container article template."""

    article_page = staticmethod(article_page)
