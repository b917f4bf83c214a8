"""ListingWalks: how far this run walked each archive's pagination, against what earlier runs covered.

No Scrapy import. An archive (the home page, a category) lists its posts newest first, /page/1/ to /page/N/. An
incremental crawl wants to stop paging where the stored posts begin, but "every post on this page is stored" only
proves the older pages are stored too if an earlier run walked them all and stored what they listed. So each
archive's coverage is kept in the dataset (storage.schema.listings): the posts from its newest day back to its oldest
day were all settled (stored, or answered for good), and `reached_end` when one walk, or a chain of overlapping walks,
went all the way to the last page.

A walk covers only its settled prefix: the pages from page 1 down to the first one that lists a post whose fetch (or
one of whose editions' fetches) this run asked for and never got a final answer (a --max-pages budget, a stop, a
server error). A page walked but whose posts were never fetched proves nothing, so the next run walks down to it.

The stop rule: on a page whose own posts are all stored and unchanged, stop only when the archive's coverage reached
the end and this run's walk has come down into it: the page lists a post from a day before the covered newest day.
Before, not on: posts published later on that same day, after the covering walk, sit below its newest post and may
be missing. A run that was cut short leaves the coverage as it was (or a coverage that has not reached the end), so
the next run walks on past it, to the end: whatever stopped a run, the next one completes the archive. A page that
only repeats what this walk already listed (an endless listing) counts towards EUREPORTER_LISTING_REPEAT_PAGES and
then ends the walk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Mapping
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
    seen: dict[int, tuple[frozenset[str], tuple[date, ...]]] = field(default_factory=dict)
    """Each page walked: its own posts and their days."""

    def settled(self, unsettled: Collection[str]) -> Walk | None:
        """The walk cut to its settled prefix (see the module docstring); None when page 1 is not settled."""
        prefix = Walk(self.url, stopped=self.stopped)
        number = 1
        while number in self.seen:
            own, days = self.seen[number]
            if any(url in unsettled for url in own):
                prefix.stopped = "unsettled"
                break
            prefix.pages = number
            if days:
                prefix.newest = max(days) if prefix.newest is None else max(prefix.newest, max(days))
                prefix.oldest = min(days) if prefix.oldest is None else min(prefix.oldest, min(days))
            number += 1
        if prefix.pages == 0:
            return None
        prefix.reached_end = self.reached_end and prefix.pages == self.pages and prefix.stopped != "unsettled"
        return prefix


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
        days = tuple(days)
        walk.seen[number] = (frozenset(listed), days)
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
        return page_oldest is not None and page_oldest < row["newest_day"]

    def coverage(self, crawl_id: int | None, unsettled: Collection[str] = ()) -> list[dict[str, Any]]:
        """The listings rows to store at the end of the run: each walk's settled prefix merged with the coverage it
        reached into (`unsettled`: the posts asked for and never answered for good)."""
        rows = []
        for walk in self.walks.values():
            prefix = walk.settled(unsettled)
            if prefix is None or prefix.newest is None or prefix.oldest is None:
                continue
            row = merge(self.known.get(walk.url), prefix)
            if row is not None:
                rows.append({**row, "crawl_id": crawl_id})
        return rows


def merge(previous: Mapping[str, Any] | None, walk: Walk) -> dict[str, Any] | None:
    """The coverage after `walk` (a settled walk from page 1), or None to keep `previous` as it is."""
    assert walk.newest is not None
    assert walk.oldest is not None
    row: dict[str, Any] = {
        "url": walk.url,
        "newest_day": walk.newest,
        "oldest_day": walk.oldest,
        "pages": walk.pages,
        "reached_end": walk.reached_end,
    }
    if walk.reached_end:
        return row  # a walk to the last page is a whole coverage on its own
    newest_before = previous.get("newest_day") if previous else None
    if previous and newest_before is not None and walk.oldest < newest_before:
        # The walk came down into the covered range: together they cover from today's top down to where it went.
        row["oldest_day"] = min(walk.oldest, previous.get("oldest_day") or walk.oldest)
        row["pages"] = max(walk.pages, int(previous.get("pages") or 0))
        row["reached_end"] = bool(previous.get("reached_end"))
        return row
    if walk.stopped == "repeating":
        return None  # an endless listing tells nothing new: keep what was known
    if previous and previous.get("reached_end"):
        # A walk cut short above the covered range: what was covered still is (stored posts stay stored), and the
        # next run walks the gap down to it, which a coverage not reaching the end would not let it stop at.
        return None
    return row
