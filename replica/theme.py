"""Zox News chrome shared by every HTML page: <head>, fly-out menu, header, sidebar and footer (ANATOMY §4)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from html import escape
from typing import TYPE_CHECKING

from replica.clock import EPOCH_DAY
from replica.taxonomy import CATEGORIES, MENU
from replica.text import bank

if TYPE_CHECKING:
    from types import ModuleType

    from replica.posts import Post

SITE_NAME = "EU Reporter"
LOGO = "/wp-content/uploads/2019/06/EU-Reporter-logo.png"
THEME_CSS = "/wp-content/themes/zox-news/style.css"
# Official accounts; offsite links, which a crawler must leave alone.
SOCIAL = (
    ("facebook-f", "https://www.facebook.com/eureporter"),
    ("twitter", "https://twitter.com/eureporter"),
    ("linkedin", "https://www.linkedin.com/company/eu-reporter"),
    ("youtube", "https://www.youtube.com/user/EUReporter"),
)


def text(value: str) -> str:
    """Escape for a text node (quotes stay as typed, as WordPress prints titles)."""
    return escape(value, quote=False)


def attr(value: str) -> str:
    return escape(value, quote=True)


@dataclass(frozen=True, slots=True)
class Edition:
    """The edition a page is rendered for: its language, its base URL and the bases of all configured editions."""

    lang: str
    base: str
    bases: tuple[tuple[str, str], ...]
    """(language, base URL) of every configured edition, English first."""

    @property
    def bank(self) -> ModuleType:
        return bank(self.lang)

    @property
    def www(self) -> str:
        return self.bases[0][1]

    def ui(self, name: str) -> str:
        return self.bank.UI[name]


def head(ed: Edition, title: str, canonical: str, alternates: str | None, extra: str = "") -> str:
    """Everything up to </head>; `alternates` is the path every edition serves (hreflang), or None."""
    b = ed.bank
    links = ""
    if alternates is not None:
        links = "".join(
            f'<link rel="alternate" hreflang="{lang}" href="{attr(base + alternates)}" />\n' for lang, base in ed.bases
        )
        links += f'<link rel="alternate" hreflang="x-default" href="{attr(ed.www + alternates)}" />\n'
    return (
        f'<!DOCTYPE html>\n<html lang="{b.HTML_LANG}">\n<head>\n<meta charset="UTF-8" >\n'
        '<meta name="viewport" id="viewport" content="width=device-width, initial-scale=1.0, maximum-scale=1.0, '
        'minimum-scale=1.0, user-scalable=no" />\n'
        f"<title>{text(title)}</title>\n"
        '<meta name="robots" content="max-image-preview:large" />\n'
        f'<link rel="canonical" href="{attr(canonical)}" />\n{links}{extra}'
        f'<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} &raquo; Feed" href="{ed.base}/feed/" />\n'
        f"<link rel='stylesheet' id='mvp-custom-style-css' href='{ed.www}{THEME_CSS}?ver=3.1.0' type='text/css' "
        "media='all' />\n</head>\n"
    )


def body_open(ed: Edition, body_class: str) -> str:
    """<body>, the fly-out menu (first in the body, so "Connect with us" is the first text) and the header."""
    chrome = _chrome_top(ed.lang, ed.base, ed.www)
    return f'<body class="{body_class}">\n{chrome}<div id="mvp-main-body-wrap" class="left relative">\n'


def body_close(ed: Edition) -> str:
    return f"</div><!--mvp-main-body-wrap-->\n{_chrome_bottom(ed.lang, ed.base, ed.www)}"


def category_link(ed: Edition, path: str) -> str:
    """get_category_link(): with the category base, as on the post label (the menus link without it)."""
    return f"{ed.base}/category/{path}/"


def _social_list(css_class: str) -> str:
    items = "".join(
        f'<li><a href="{url}" target="_blank" rel="noopener" class="fab fa-{icon}"></a></li>' for icon, url in SOCIAL
    )
    return f'<ul class="{css_class} left relative">{items}</ul>'


def _menu(lang: str, base: str, with_children: bool) -> str:
    labels = bank(lang).CATEGORIES
    items = []
    for top in MENU:
        children = ""
        if with_children:
            subs = [c.path for c in CATEGORIES if c.path.startswith(top + "/") and c.path.count("/") == 1]
            if subs:
                links = "".join(f'<li class="menu-item"><a href="{base}/{p}/">{text(labels[p])}</a></li>' for p in subs)
                children = f'<ul class="sub-menu">{links}</ul>'
        items.append(f'<li class="menu-item"><a href="{base}/{top}/">{text(labels[top])}</a>{children}</li>')
    return "".join(items)


@cache
def _chrome_top(lang: str, base: str, www: str) -> str:
    b = bank(lang)
    logo = f'<img src="{www}{LOGO}" alt="{SITE_NAME}" data-rjs="2" />'
    search = (
        f'<div id="mvp-search-wrap"><div id="mvp-search-box"><form method="get" id="searchform" action="{base}/">'
        f'<input type="text" name="s" id="s" value="{attr(b.UI["search"])}" />'
        '<input type="hidden" id="searchsubmit" value="Search" /></form></div></div>'
    )
    return (
        '<div id="mvp-fly-wrap">\n<div id="mvp-fly-menu-top" class="left relative"><div class="mvp-fly-top-out left '
        f'relative"><div class="mvp-fly-top-in"><div id="mvp-fly-logo" class="left relative"><a href="{base}/">{logo}'
        '</a></div></div><div class="mvp-fly-but-wrap mvp-fly-but-menu mvp-fly-but-click"><span></span><span></span>'
        "<span></span><span></span></div></div></div>\n"
        '<div id="mvp-fly-menu-wrap"><nav class="mvp-fly-nav-menu left relative"><div class="menu-main-menu-container">'
        f'<ul id="menu-main-menu" class="menu">{_menu(lang, base, False)}'
        f'<li class="menu-item"><a href="{base}/?s=">{text(b.UI["search"])}</a></li></ul></div></nav></div>\n'
        f'<div id="mvp-fly-soc-wrap"><span class="mvp-fly-soc-head">{text(b.UI["connect"])}</span>'
        f"{_social_list('mvp-fly-soc-list')}</div>\n</div><!--mvp-fly-wrap-->\n"
        '<div id="mvp-site" class="left relative"><div id="mvp-site-wall" class="left relative">'
        '<div id="mvp-site-main" class="left relative">\n'
        '<header id="mvp-main-head-wrap" class="left relative"><nav id="mvp-main-nav-wrap" class="left relative">'
        '<div id="mvp-main-nav-top" class="left relative"><div class="mvp-main-box"><div id="mvp-nav-top-wrap" '
        f'class="left relative"><div class="mvp-nav-top-mid left relative" itemscope itemtype="http://schema.org/'
        f'Organization"><a class="mvp-nav-logo-reg" itemprop="url" href="{base}/">{logo}</a></div>{search}</div></div>'
        '</div>\n<div id="mvp-main-nav-bot" class="left relative"><div id="mvp-main-nav-bot-cont" class="left"><div '
        'class="mvp-main-box"><div id="mvp-nav-menu-wrap"><nav class="mvp-main-nav-menu"><div class="menu-main-menu-'
        f'container"><ul id="menu-main-menu-1" class="menu">{_menu(lang, base, True)}</ul></div></nav></div></div>'
        "</div>"
        "</div></nav></header>\n"
    )


@cache
def _chrome_bottom(lang: str, base: str, www: str) -> str:
    b = bank(lang)
    menu = "".join(
        f'<li class="menu-item"><a href="{base}{href}">{text(label)}</a></li>'
        for href, label in (("/about/", b.UI["about"]), ("/terms-and-conditions/", b.UI["terms"]), ("/feed/", "RSS"))
    )
    return (
        '<footer id="mvp-foot-wrap" class="left relative"><div id="mvp-foot-top" class="left relative"><div '
        f'class="mvp-main-box"><div id="mvp-foot-logo" class="left relative"><a href="{base}/"><img src="{www}{LOGO}" '
        f'alt="{SITE_NAME}" data-rjs="2" /></a></div><div id="mvp-foot-soc" class="left relative">'
        f'{_social_list("mvp-foot-soc-list")}</div><div id="mvp-foot-menu-wrap" class="left relative"><div '
        f'id="mvp-foot-menu" class="left relative"><div class="menu-footer-menu-container"><ul id="menu-footer-menu" '
        f'class="menu">{menu}</ul></div></div></div></div></div>\n<div id="mvp-foot-bot" class="left relative"><div '
        f'class="mvp-main-box"><div id="mvp-foot-copy" class="left relative"><p>Copyright © {EPOCH_DAY.year} EU '
        f"Reporter Media &amp; Communications Ltd. {text(b.UI['rights'])}</p></div></div></div></footer>\n"
        "</div><!--mvp-site-main--></div><!--mvp-site-wall--></div><!--mvp-site-->\n"
        '<div class="mvp-fly-top back-to-top"><i class="fa fa-angle-up fa-3"></i></div>'
        '<div class="mvp-fly-fade mvp-fly-but-click"></div>\n</body>\n</html>\n'
    )


def sidebar(ed: Edition, latest: list[Post]) -> str:
    """aside#mvp-side-wrap: a latest-news widget (posts chosen by the caller), an ad and the WordPress Meta widget."""
    items = "".join(
        f'<li><a href="{ed.base}{post.path}" rel="bookmark"><div class="mvp-widget-feat2-side-text left relative">'
        f'<span class="mvp-cd-cat left relative">{text(post.category_label(ed.lang))}</span><h2>'
        f"{text(post.title(ed.lang))}"
        "</h2></div></a></li>"
        for post in latest
    )
    latest_widget = (
        '<section class="mvp-side-widget mvp_widget_feat2"><div class="mvp-widget-home-head"><h4 class="mvp-widget-'
        f'home-title"><span class="mvp-widget-home-title">{text(ed.ui("latest"))}</span></h4></div>'
        f'<ul class="mvp-widget-feat2-side-list left relative">{items}</ul></section>'
        if items
        else ""
    )
    return (
        f'<aside id="mvp-side-wrap" class="left relative theiaStickySidebar">{latest_widget}'
        f'<section class="mvp-side-widget mvp_ad_widget"><span class="mvp-ad-label">{text(ed.ui("ad"))}</span>'
        '<div class="mvp-widget-ad left relative"><div id="div-gpt-ad-side-0"></div></div></section>'
        f'<section class="mvp-side-widget widget_meta"><div class="mvp-widget-home-head"><h4 class="mvp-widget-home-'
        f'title"><span class="mvp-widget-home-title">{text(ed.ui("meta"))}</span></h4></div><ul>'
        f'<li><a href="{ed.base}/wp-login.php">{text(ed.ui("login"))}</a></li>'
        f'<li><a href="{ed.base}/feed/">{text(ed.ui("entries_feed"))}</a></li></ul></section></aside>\n'
    )
