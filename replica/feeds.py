"""Machine-readable endpoints: robots.txt, the RSS 2.0 and Atom feeds and the WordPress core sitemaps (ANATOMY §9)."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from typing import TYPE_CHECKING

from replica.clock import iso_utc
from replica.theme import SITE_NAME, Edition

if TYPE_CHECKING:
    from replica.posts import Post

SITEMAP_MAX_URLS = 2000  # wp_sitemaps_get_max_urls()
FEED_ITEMS = 10  # posts_per_rss
# Static pages were last edited when the terms were ("Updated 31/10/2019").
PAGES_MODIFIED = datetime(2019, 10, 31, 11, 0, tzinfo=UTC)
_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_TAGLINE = "EU Reporter: news and views from the European Union"


SITEMAP_MODES = ("full", "no-lastmod", "none")
"""ReplicaConfig.sitemaps: WordPress core sitemaps with <lastmod>, the same without it, or no sitemaps at all."""


def robots_txt(base: str, *, disallow: tuple[str, ...] = (), sitemaps: tuple[str, ...] | None = None) -> str:
    """WordPress' robots.txt plus `disallow` paths; `sitemaps`: the Sitemap: URLs (None: the core sitemap index)."""
    # /wp-login.php and the search URL are linked from every page; a polite crawler must never fetch them.
    rules = "".join(f"Disallow: {path}\n" for path in disallow)
    lines = "".join(f"Sitemap: {url}\n" for url in ((f"{base}/wp-sitemap.xml",) if sitemaps is None else sitemaps))
    return (
        "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\nDisallow: /wp-login.php\n"
        f"Disallow: /?s=\nDisallow: /search/\n{rules}" + (f"\n{lines}" if lines else "")
    )


def _cdata(value: str) -> str:
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _rfc822(moment: datetime) -> str:
    """WordPress feed dates: UTC with a "+0000" zone."""
    return format_datetime(moment.astimezone(UTC))


def _content_html(ed: Edition, post: Post) -> str:
    out = []
    for kind, payload in post.body(ed.lang):
        if kind == "p":
            out.append(f"<p>{escape(str(payload), quote=False)}</p>")
        elif kind == "quote":
            out.append(f"<blockquote><p>{escape(str(payload), quote=False)}</p></blockquote>")
        elif kind == "list":
            intro, items = payload  # type: ignore[misc]
            lis = "".join(f"<li>{escape(item, quote=False)}</li>" for item in items)
            out.append(f"<p>{escape(intro, quote=False)}</p><ul>{lis}</ul>")
        elif kind == "figure":
            image, caption = payload  # type: ignore[misc]
            out.append(
                f'<figure class="wp-caption"><img src="{ed.www}{image}" alt="" /><figcaption>'
                f"{escape(caption, quote=False)}</figcaption></figure>"
            )
    return "\n".join(out)


def rss(ed: Edition, posts: list[Post], feed_path: str, title: str, last_modified: datetime) -> str:
    """An RSS 2.0 feed of `posts` (newest first) with full text in content:encoded, as WordPress writes it."""
    items = []
    for post in posts:
        url = ed.base + post.path
        categories = "".join(
            f"\t\t<category>{_cdata(label)}</category>\n"
            for label in dict.fromkeys([post.category_label(ed.lang), *post.tags])
        )
        creator = f"\t\t<dc:creator>{_cdata(post.author)}</dc:creator>\n" if post.author else ""
        items.append(
            f"\t<item>\n\t\t<title>{escape(post.title(ed.lang), quote=False)}</title>\n\t\t<link>{url}</link>\n"
            f"\t\t<comments>{url}#respond</comments>\n{creator}\t\t<pubDate>{_rfc822(post.published)}</pubDate>\n"
            f'{categories}\t\t<guid isPermaLink="false">{ed.www}/?p={post.id}</guid>\n'
            f"\t\t<description>{_cdata(post.excerpt(ed.lang))}</description>\n"
            f"\t\t<content:encoded>{_cdata(_content_html(ed, post))}</content:encoded>\n"
            "\t\t<slash:comments>0</slash:comments>\n\t</item>\n"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"\n'
        '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
        '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
        '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '\txmlns:atom="http://www.w3.org/2005/Atom"\n'
        '\txmlns:sy="http://purl.org/rss/1.0/modules/syndication/"\n'
        '\txmlns:slash="http://purl.org/rss/1.0/modules/slash/"\n\t>\n\n<channel>\n'
        f"\t<title>{escape(title, quote=False)}</title>\n"
        f'\t<atom:link href="{ed.base}{feed_path}" rel="self" type="application/rss+xml" />\n'
        f"\t<link>{ed.base}</link>\n\t<description>{_TAGLINE}</description>\n"
        f"\t<lastBuildDate>{_rfc822(last_modified)}</lastBuildDate>\n\t<language>{ed.bank.HTML_LANG}</language>\n"
        "\t<sy:updatePeriod>\n\thourly\t</sy:updatePeriod>\n\t<sy:updateFrequency>\n\t1\t</sy:updateFrequency>\n"
        "\t<generator>https://wordpress.org/?v=6.4.3</generator>\n"
        f"{''.join(items)}</channel>\n</rss>\n"
    )


def _atom_time(moment: datetime) -> str:
    """WordPress Atom dates: UTC with a "Z"."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom(ed: Edition, posts: list[Post], feed_path: str, title: str, last_modified: datetime) -> str:
    """An Atom 1.0 feed of `posts` in the order given, as WordPress' feed-atom.php writes it: each entry's <updated>
    is the post's modified time, its <published> the publication time."""
    entries = []
    for post in posts:
        url = ed.base + post.path
        author = (
            f"\t\t<author>\n\t\t\t<name>{escape(post.author, quote=False)}</name>\n\t\t</author>\n"
            if post.author
            else ""
        )
        categories = "".join(
            f'\t\t<category scheme="{ed.base}" term="{escape(label)}" />\n'
            for label in dict.fromkeys([post.category_label(ed.lang), *post.tags])
        )
        entries.append(
            f"\t<entry>\n{author}"
            f'\t\t<title type="html">{_cdata(post.title(ed.lang))}</title>\n'
            f'\t\t<link rel="alternate" type="text/html" href="{url}" />\n'
            f"\t\t<id>{ed.www}/?p={post.id}</id>\n"
            f"\t\t<updated>{_atom_time(post.modified)}</updated>\n"
            f"\t\t<published>{_atom_time(post.published)}</published>\n{categories}"
            f'\t\t<summary type="html">{_cdata(post.excerpt(ed.lang))}</summary>\n'
            f'\t\t<content type="html" xml:base="{url}">{_cdata(_content_html(ed, post))}</content>\n'
            f'\t\t<link rel="replies" type="text/html" href="{url}#respond" thr:count="0" />\n'
            "\t\t<thr:total>0</thr:total>\n\t</entry>\n"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><feed\n\txmlns="http://www.w3.org/2005/Atom"\n'
        f'\txmlns:thr="http://purl.org/syndication/thread/1.0"\n\txml:lang="{ed.bank.HTML_LANG}"\n\t>\n'
        f'\t<title type="text">{escape(title, quote=False)}</title>\n'
        f'\t<subtitle type="text">{_TAGLINE}</subtitle>\n\n'
        f"\t<updated>{_atom_time(last_modified)}</updated>\n\n"
        f'\t<link rel="alternate" type="text/html" href="{ed.base}" />\n'
        f"\t<id>{ed.base}{feed_path}</id>\n"
        f'\t<link rel="self" type="application/atom+xml" href="{ed.base}{feed_path}" />\n\n'
        '\t<generator uri="https://wordpress.org/" version="6.4.3">WordPress</generator>\n'
        f"{''.join(entries)}</feed>\n"
    )


def feed_title(label: str | None) -> str:
    return f"{SITE_NAME} &#187; {label}" if label else SITE_NAME


def sitemap_index(base: str, post_pages: int) -> str:
    names = [f"posts-post-{n}" for n in range(1, post_pages + 1)]
    names += ["posts-page-1", "taxonomies-category-1", "taxonomies-post_tag-1", "users-1"]
    entries = "".join(f"<sitemap><loc>{base}/wp-sitemap-{name}.xml</loc></sitemap>" for name in names)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{_SITEMAP_NS}">{entries}</sitemapindex>\n'


def urlset(entries: list[tuple[str, datetime | None]]) -> str:
    """A sitemap of (absolute URL, last modification or None)."""
    urls = "".join(
        f"<url><loc>{escape(loc)}</loc>" + (f"<lastmod>{iso_utc(lastmod)}</lastmod>" if lastmod else "") + "</url>"
        for loc, lastmod in entries
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{_SITEMAP_NS}">{urls}</urlset>\n'


def post_sitemap(ed: Edition, posts: list[Post], *, lastmod: bool = True) -> str:
    return urlset([(ed.base + post.path, post.modified if lastmod else None) for post in posts])
