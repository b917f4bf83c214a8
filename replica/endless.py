"""Listings that never end, for trap mode's `endless-listing` trap (replica.traps): a category whose /page/N/ always
has a next page, an events calendar with prev/next months forever, a `?calendar=YYYY-MM` widget on the decorated
listings, and WordPress month archives (/YYYY/MM/) whose <nav> links the twelve months before, back to year 1.

Every page is the live theme's listing (or page) markup, so a crawler sees ordinary archives; the articles they list
are real posts of the site, repeated.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TYPE_CHECKING

from replica.theme import SITE_NAME, body_close, body_open, head, text

if TYPE_CHECKING:
    from replica.corpus import Corpus
    from replica.posts import Post
    from replica.routes import Router
    from replica.theme import Edition

ENDLESS_CATEGORY = "/category/trap-endless/"
EVENTS = "/events/"
CALENDAR_PARAMETER = "calendar"
ARCHIVE_MONTHS = 12
"""Month links in each page's archive <nav>."""
MONTH_ARCHIVE = re.compile(r"^/(\d{4})/(\d{2})/$")
EVENTS_MONTH = re.compile(r"^/events/(\d{4})/(\d{2})/$")
CALENDAR_VALUE = re.compile(r"^(\d{4})-(\d{2})$")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip


def month_of(year: str, month: str) -> tuple[int, int] | None:
    """(year, month) when both are a real month of years 1 to 9999, else None."""
    y, m = int(year), int(month)
    return (y, m) if 1 <= y <= 9999 and 1 <= m <= 12 else None


def shift(year: int, month: int, months: int) -> tuple[int, int] | None:
    """The month `months` later (negative: earlier), or None outside years 1 to 9999."""
    index = year * 12 + month - 1 + months
    y, m = divmod(index, 12)
    return (y, m + 1) if 1 <= y <= 9999 else None


def label(year: int, month: int) -> str:
    return f"{_MONTHS[month - 1]} {year}"


def repeated(posts: list[Post], start: int, count: int = 10) -> list[Post]:
    """`count` posts from the oldest on, wrapping around: page after page of articles already seen."""
    return [posts[(start + i) % len(posts)] for i in range(min(count, len(posts)))]


def endless_category(router: Router, ed: Edition, page: int) -> str:
    """/category/trap-endless/page/N/: ten old posts and a "next" link, for every N."""
    corpus = router.corpus
    return router.listing_page(
        ed,
        heading="Trap: endless",
        body_class="archive category category-trap-endless" + (" paged" if page > 1 else ""),
        base_path=ENDLESS_CATEGORY,
        page=page,
        items=repeated(corpus.posts, (page - 1) * 10),
        last=page + 1,
        latest=corpus.posts[-5:][::-1],
        now=corpus.now,
    )


def _posts_of_month(corpus: Corpus, year: int, month: int) -> list[Post]:
    first = date(year, month, 1)
    days = (date(year + (month == 12), month % 12 + 1, 1) - first).days if year < 9999 or month < 12 else 31
    return [post for n in range(days) for post in corpus.by_day.get(first + timedelta(days=n), ())]


def month_archive(router: Router, ed: Edition, year: int, month: int) -> str:
    """/YYYY/MM/: that month's posts (old ones when it has none), with the archive <nav> of the months before."""
    corpus = router.corpus
    items = _posts_of_month(corpus, year, month)[::-1][:10] or repeated(corpus.posts, year * 12 + month)
    page = router.listing_page(
        ed,
        heading=label(year, month),
        body_class="archive date",
        base_path=f"/{year:04d}/{month:02d}/",
        page=1,
        items=items,
        last=1,
        latest=corpus.posts[-5:][::-1],
        now=corpus.now,
    )
    return _before_body_end(page, archive_nav(ed, year, month, include=False))


def archive_nav(ed: Edition, year: int, month: int, *, include: bool = True) -> str:
    """The Archives widget as a <nav>: links to the ARCHIVE_MONTHS month archives up to (`include`) or before it."""
    links = []
    for back in range(0 if include else 1, ARCHIVE_MONTHS + (0 if include else 1)):
        shifted = shift(year, month, -back)
        if shifted is not None:
            y, m = shifted
            links.append(f'<li><a href="{ed.base}/{y:04d}/{m:02d}/">{label(y, m)}</a></li>')
    return (
        '<nav class="widget widget_archive" aria-label="Archives"><h4 class="mvp-widget-home-title">Archives</h4>'
        f"<ul>{''.join(links)}</ul></nav>\n"
    )


def calendar_widget(ed: Edition, page_path: str, year: int, month: int) -> str:
    """A calendar widget whose prev/next links add ?calendar=YYYY-MM to the page it sits on."""
    arrows = []
    for rel, months, arrow in (("prev", -1, "&laquo; "), ("next", 1, " &raquo;")):
        shifted = shift(year, month, months)
        if shifted is not None:
            y, m = shifted
            name = _MONTHS[m - 1][:3]
            title = f"{arrow}{name}" if rel == "prev" else f"{name}{arrow}"
            arrows.append(
                f'<span class="wp-calendar-nav-{rel}"><a rel="{rel}" href="{ed.base}{page_path}?{CALENDAR_PARAMETER}='
                f'{y:04d}-{m:02d}">{title}</a></span>'
            )
    return (
        f'<section class="mvp-side-widget widget_calendar"><div class="calendar_wrap"><table id="wp-calendar" '
        f'class="wp-calendar-table"><caption>{label(year, month)}</caption><tbody><tr><td colspan="7">&nbsp;</td>'
        f'</tr></tbody></table><nav aria-label="Previous and next months" class="wp-calendar-nav">{"".join(arrows)}'
        "</nav></div></section>\n"
    )


def events_page(ed: Edition, year: int, month: int) -> str:
    """/events/YYYY/MM/: an events calendar month with no events, and prev/next month links."""
    path = f"{EVENTS}{year:04d}/{month:02d}/"
    arrows = []
    for rel, months in (("prev", -1), ("next", 1)):
        shifted = shift(year, month, months)
        if shifted is not None:
            y, m = shifted
            arrows.append(
                f'<a class="tribe-events-c-nav__{rel}" rel="{rel}" href="{ed.base}{EVENTS}{y:04d}/{m:02d}/">'
                f"{label(y, m)}</a>"
            )
    heading = f"Events: {label(year, month)}"
    return "".join(
        (
            head(ed, f"{heading} - {SITE_NAME}", ed.www + path, None),
            body_open(ed, "post-type-archive post-type-archive-tribe_events"),
            f'<div class="mvp-main-box"><div id="tribe-events" class="tribe-events-view--month"><h1 '
            f'class="tribe-events-header__title">{text(heading)}</h1><p class="tribe-events-c-messages__message">'
            "There are no upcoming events.</p>"
            f'<nav class="tribe-events-c-nav"><ul class="tribe-events-c-nav__list"><li>{"</li><li>".join(arrows)}'
            "</li></ul></nav></div></div>\n",
            body_close(ed),
        )
    )


def _before_body_end(page: str, insert: str) -> str:
    at = page.rfind("</body>")
    return page[:at] + insert + page[at:]
