"""The revisit schedule, the site's clock and listing coverage: the pure rules the incremental crawl follows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from crawler.coverage import ListingWalks, Walk, merge
from crawler.revisits import RevisitPolicy, SiteClock, http_date, parse_ages, parse_clock

PUBLISHED = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def days(n: float) -> datetime:
    return PUBLISHED + timedelta(days=n)


def test_checks_thin_out_with_age() -> None:
    policy = RevisitPolicy(ages=(1, 2, 4, 8, 16, 32), rare_days=90)
    assert policy.last_point(PUBLISHED, days(0.5)) is None  # not a day old: nothing scheduled yet
    assert policy.last_point(PUBLISHED, days(1.2)) == days(1)
    assert policy.last_point(PUBLISHED, days(7.9)) == days(4)
    assert policy.last_point(PUBLISHED, days(31)) == days(16)
    assert policy.last_point(PUBLISHED, days(100)) == days(32)
    assert policy.last_point(PUBLISHED, days(125)) == days(122)  # then every 90 days
    assert RevisitPolicy(ages=(1, 2), rare_days=0).last_point(PUBLISHED, days(400)) == days(2)


def test_an_article_is_due_when_its_last_check_predates_the_last_point() -> None:
    policy = RevisitPolicy()
    assert policy.due_since(PUBLISHED, None, days(3)) == days(2)
    assert policy.due_since(PUBLISHED, days(1.5), days(3)) == days(2)  # checked before the 2-day point
    assert policy.due_since(PUBLISHED, days(2.5), days(3)) is None  # checked since
    assert policy.due_since(PUBLISHED, days(2.5), days(4.1)) == days(4)
    assert policy.due_since(None, None, days(4)) is None


def test_the_budget_goes_to_the_longest_overdue_first() -> None:
    policy = RevisitPolicy(budget=2)
    now = days(40)
    rows = [
        {"url": "a", "published_at": days(35), "seen_at": days(35.1)},  # due since day 39 (its 4-day point)
        {"url": "b", "published_at": days(0), "seen_at": days(0.1)},  # due since day 32
        {"url": "c", "published_at": days(20), "seen_at": days(20.1)},  # due since day 36 (its 16-day point)
        {"url": "d", "published_at": days(38), "seen_at": days(40)},  # checked at its 2-day point
    ]
    chosen = policy.choose(rows, now)
    assert [r["url"] for r in chosen] == ["b", "c"]
    assert chosen[0]["due_since"] == days(32)
    assert [r["url"] for r in policy.choose(rows, now, limit=10)] == ["b", "c", "a"]


@pytest.mark.parametrize("value", ["", "1,1,2", "2,1", "0,1", "x", "-1"])
def test_bad_ages_are_refused(value: str) -> None:
    with pytest.raises(ValueError, match="EUREPORTER_REVISIT_AGES"):
        parse_ages(value)


def test_site_clock_follows_the_date_header() -> None:
    local = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
    clock = SiteClock(local=lambda: local)
    assert not clock.known
    assert clock.now() == local
    clock.observe(b"Sat, 21 Nov 2026 19:00:00 GMT")
    assert clock.known
    assert clock.now() == datetime(2026, 11, 21, 19, 0, tzinfo=UTC)
    local += timedelta(minutes=5)
    assert clock.now() == datetime(2026, 11, 21, 19, 5, tzinfo=UTC)
    clock.observe(b"not a date")  # ignored
    assert clock.now() == datetime(2026, 11, 21, 19, 5, tzinfo=UTC)
    fixed = SiteClock(parse_clock("2026-11-28T08:00:00"))
    fixed.observe(b"Sat, 21 Nov 2026 19:00:00 GMT")
    assert fixed.now() == datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
    assert http_date("Sat, 21 Nov 2026 20:00:00 +0100") == datetime(2026, 11, 21, 19, 0, tzinfo=UTC)
    with pytest.raises(ValueError, match="EUREPORTER_CLOCK"):
        parse_clock("yesterday")


D = date(2026, 11, 20)


def day(n: int) -> date:
    return D - timedelta(days=n)


def test_walk_stops_only_inside_a_coverage_that_reached_the_end() -> None:
    walks = ListingWalks(repeat_pages=3)
    archive = "https://www.eureporter.co/"
    walk = walks.page(archive, 1, ["a", "b"], [day(0), day(1)])
    assert walk is not None
    assert not walks.covered(walk, day(1))  # nothing known: walk on
    walks.known[archive] = {"newest_day": day(3), "oldest_day": day(900), "reached_end": False}
    assert not walks.covered(walk, day(5))  # known, but never walked to the end: walk on
    walks.known[archive] = {"newest_day": day(3), "oldest_day": day(900), "reached_end": True}
    assert not walks.covered(walk, day(1))  # above what was covered: posts may be missing below
    # On the covered newest day itself, posts published after the covering walk sit below its newest post.
    assert not walks.covered(walk, day(3))
    assert walks.covered(walk, day(4))


def test_coverage_merges_walks_that_reach_into_each_other() -> None:
    previous = {"newest_day": day(10), "oldest_day": day(900), "pages": 90, "reached_end": True}
    reached = Walk("u", newest=day(0), oldest=day(12), pages=2, stopped="covered")
    assert merge(previous, reached) == {
        "url": "u",
        "newest_day": day(0),
        "oldest_day": day(900),
        "pages": 90,
        "reached_end": True,
    }
    # A walk cut short above the covered range leaves a gap: the previous coverage stays as it was (still true), so
    # the next run walks the gap down to it and may stop there, instead of walking the whole archive again.
    gap = Walk("u", newest=day(0), oldest=day(5), pages=1)
    assert merge(previous, gap) is None
    # Down to the covered newest day but not below it: still a possible gap (later posts of that day).
    assert merge(previous, Walk("u", newest=day(0), oldest=day(10), pages=2)) is None
    # Without a coverage to the end, the walk is all there is.
    partial = {"newest_day": day(10), "oldest_day": day(30), "pages": 3, "reached_end": False}
    assert merge(partial, gap) == {
        "url": "u",
        "newest_day": day(0),
        "oldest_day": day(5),
        "pages": 1,
        "reached_end": False,
    }
    # A first walk to the last page.
    full = Walk("u", newest=day(0), oldest=day(900), pages=91, reached_end=True)
    assert merge(None, full)["reached_end"] is True


def test_a_listing_that_only_repeats_itself_ends_the_walk() -> None:
    walks = ListingWalks(repeat_pages=3)
    walk = walks.page("x", 1, ["a", "b"], [day(0)])
    assert walk is not None
    for number in (2, 3, 4):
        walk = walks.page("x", number, ["a", "b"], [day(0)])
        assert walk is not None
    assert walks.repeating(walk)
    assert walks.page("y", 7, ["c"], [day(0)]) is None  # not a walk from page 1 (a resumed queue)
    walk.stopped = "repeating"
    assert walks.coverage(crawl_id=1) == []  # an endless listing leaves the known coverage alone


def test_a_walk_covers_only_down_to_its_first_unsettled_page() -> None:
    """Pages walked whose posts were never fetched (a budget, a stop, a 503) prove nothing about what is stored."""
    walks = ListingWalks(repeat_pages=3)
    archive = "https://www.eureporter.co/"
    for number, (posts, age) in enumerate([(["a", "b"], 0), (["c", "d"], 1), (["e"], 2), (["f"], 3)], 1):
        walks.page(archive, number, posts, [day(age)])
    walks.walks[archive].reached_end = True
    # Everything answered: the walk to the last page is a whole coverage.
    (row,) = walks.coverage(crawl_id=1)
    assert (row["newest_day"], row["oldest_day"], row["pages"], row["reached_end"]) == (day(0), day(3), 4, True)
    # "d" (page 2) never answered: pages 1 only, not to the end.
    (row,) = walks.coverage(crawl_id=1, unsettled={"d"})
    assert (row["newest_day"], row["oldest_day"], row["pages"], row["reached_end"]) == (day(0), day(0), 1, False)
    # Page 1 unsettled: nothing to record, what was known stays.
    assert walks.coverage(crawl_id=1, unsettled={"a"}) == []
    # With an earlier coverage to the end, a prefix that reaches into it extends it; one that does not leaves it.
    walks.known[archive] = {"newest_day": day(0), "oldest_day": day(900), "pages": 90, "reached_end": True}
    (row,) = walks.coverage(crawl_id=2, unsettled={"e"})
    assert (row["newest_day"], row["oldest_day"], row["reached_end"]) == (day(0), day(900), True)
    assert walks.coverage(crawl_id=2, unsettled={"c"}) == []
