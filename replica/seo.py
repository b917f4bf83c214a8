"""Machine-readable metadata of an article page: description, Open Graph, article:* properties and JSON-LD."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from replica.clock import iso
from replica.theme import LOGO, SITE_NAME, attr

if TYPE_CHECKING:
    from replica.posts import Post
    from replica.theme import Edition


def head_meta(ed: Edition, post: Post, url: str) -> str:
    lang = ed.lang
    title, label, description = post.title(lang), post.category_label(lang), post.excerpt(lang)
    image = post.lead_image_url(ed.www)
    published, modified = iso(post.published), iso(post.modified)
    properties = [
        ("og:locale", ed.bank.LOCALE),
        ("og:type", "article"),
        ("og:title", title),
        ("og:description", description),
        ("og:url", url),
        ("og:site_name", SITE_NAME),
        ("article:published_time", published),
        ("article:modified_time", modified),
        ("article:section", label),
        *(("article:tag", tag) for tag in post.tags),
        ("og:image", image),
        ("og:image:width", "1024"),
        ("og:image:height", "576"),
    ]
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": title,
        "description": description,
        "image": {"@type": "ImageObject", "url": image, "width": 1024, "height": 576},
        "datePublished": published,
        "dateModified": modified,
    }
    if post.author:
        data["author"] = {"@type": "Person", "name": post.author, "url": f"{ed.base}/author/{post.meta.author}/"}
    data["publisher"] = {
        "@type": "Organization",
        "name": SITE_NAME,
        "logo": {"@type": "ImageObject", "url": ed.www + LOGO},
    }
    data.update(articleSection=label, keywords=post.tags, inLanguage=ed.bank.HTML_LANG)
    ld = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return (
        f'<meta name="description" content="{attr(description)}" />\n'
        + "".join(f'<meta property="{name}" content="{attr(value)}" />\n' for name, value in properties)
        + '<meta name="twitter:card" content="summary_large_image" />\n'
        + f'<script type="application/ld+json" class="yoast-schema-graph">{ld}</script>\n'
    )
