"""ListingWalks: how far this run walked each archive's pagination, against what earlier runs covered.

No Scrapy import. An archive (the home page, a category) lists its posts newest first, /page/1/ to /page/N/. An
incremental crawl wants to stop paging where the stored posts begin, but "every post on this page is stored" only
proves the older pages are stored too if an earlier run walked them all. So each archive's coverage is kept in the
dataset (storage.schema.listings): a walk that started at page 1 covered the posts from its newest day back to its
oldest day, and `reached_end` when one walk, or a chain of overlapping walks, went all the way to the last page.

The stop rule: on a page whose own posts are all stored and unchanged, stop only when the archive's coverage reached
the end and this run's walk has come down to it (the page's oldest day is not newer than the covered newest day);
otherwise walk on. A run that was cut short leaves a coverage that has not reached the end, so the next run walks on
past it, to the end: whatever stopped a run, the next one completes the archive. A page that only repeats what this
walk already listed (an endless listing) counts towards EUREPORTER_LISTING_REPEAT_PAGES and then ends the walk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from datetime import date


@dataclass(slots=True)
class Walk:
    """This run's walk of one archive, from page 1."""

    url: str
    newest: date | None = None
    oldest: date | None = None
    pages: int = 0
    reached_end: bool = False
    stopped: str | None = None
    """Why the walk ended before the last page: "covered" (the stop rule), "repeating", "bounded"."""
    repeats: int = 0
    """Consecutive pages that listed nothing this walk had not listed already."""
    listed: set[str] = field(default_factory=set)


class ListingWalks:
    """The walks of this run and the coverage earlier runs left (`known`, url -> listings row)."""

    def __init__(self, repeat_pages: int) -> None:
        self.repeat_pages = repeat_pages
        self.walks: dict[str, Walk] = {}
        self.known: dict[str, dict[str, Any]] = {}

    def page(self, archive: str, number: int, articles: Iterable[str], days: Iterable[date]) -> Walk | None:
        """Record page `number` of a walk (articles: its own posts; days: their dates). None if not from page 1."""
        walk = self.walks.get(archive)
        if number == 1 or walk is None:
            if number != 1:
                return None  # a walk picked up mid-way (a resumed queue): not a coverage from page 1
            walk = self.walks[archive] = Walk(archive)
        listed = set(articles)
        fresh = listed - walk.listed
        walk.listed |= listed
        walk.repeats = 0 if fresh else walk.repeats + 1
        walk.pages = max(walk.pages, number)
        days = list(days)
        if days:
            walk.newest = max(days) if walk.newest is None else max(walk.newest, max(days))
            walk.oldest = min(days) if walk.oldest is None else min(walk.oldest, min(days))
        return walk

    def repeating(self, walk: Walk) -> bool:
        return walk.repeats >= self.repeat_pages

    def covered(self, walk: Walk, page_oldest: date | None) -> bool:
        """Whether earlier runs covered everything older than this page of the walk (the stop rule may apply)."""
        row = self.known.get(walk.url)
        if not row or not row.get("reached_end") or row.get("newest_day") is None:
            return False
        return page_oldest is not None and page_oldest <= row["newest_day"]

    def coverage(self, crawl_id: int | None) -> list[dict[str, Any]]:
        """The listings rows to store at the end of the run: each walk merged with the coverage it reached into."""
        rows = []
        for walk in self.walks.values():
            if walk.newest is None or walk.oldest is None:
                continue
            row = merge(self.known.get(walk.url), walk)
            if row is not None:
                rows.append({**row, "crawl_id": crawl_id})
        return rows


def merge(previous: Mapping[str, Any] | None, walk: Walk) -> dict[str, Any] | None:
    """The coverage after `walk`: contiguous with the previous one when the walk came down into it."""
    assert walk.newest is not None
    assert walk.oldest is not None
    row: dict[str, Any] = {
        "url": walk.url,
        "newest_day": walk.newest,
        "oldest_day": walk.oldest,
        "pages": walk.pages,
        "reached_end": walk.reached_end,
    }
    if previous and previous.get("newest_day") is not None and walk.oldest <= previous["newest_day"]:
        # The walk reached into the covered range: together they cover from today's top down to where it went.
        row["oldest_day"] = min(walk.oldest, previous.get("oldest_day") or walk.oldest)
        row["pages"] = max(walk.pages, int(previous.get("pages") or 0))
        row["reached_end"] = walk.reached_end or bool(previous.get("reached_end"))
    elif walk.stopped == "repeating":
        return None  # an endless listing tells nothing new: keep what was known
    return row
