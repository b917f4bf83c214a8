"""Simulated time: the Brussels clock, the fixed epoch of edition 1 and WordPress-style date strings."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import format_datetime, parsedate_to_datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from types import ModuleType

CET = timezone(timedelta(hours=1))
CEST = timezone(timedelta(hours=2))

# Edition 1 is the site as it stands at 20:00 on this day; edition K is the same site K-1 days later.
EPOCH_DAY = date(2026, 11, 20)
EDITION_MINUTE = 20 * 60

_HOUR = 3600
_DAY = 24 * _HOUR
_WEEK = 7 * _DAY
_MONTH = 30 * _DAY
_YEAR = 365 * _DAY


def _last_sunday(year: int, month: int) -> date:
    last = date(year, month, 31)  # only March and October are asked for
    return last - timedelta(days=(last.weekday() + 1) % 7)


def brussels(day: date, minute: int) -> datetime:
    """An aware datetime for a Brussels wall-clock time, with the CET/CEST offset EU summer-time rules give it.

    Posts are timed between 07:00 and 20:00, so the skipped and the repeated hour of the switch days never occur.
    """
    summer = _last_sunday(day.year, 3) <= day < _last_sunday(day.year, 10)
    midnight = datetime(day.year, day.month, day.day, tzinfo=CEST if summer else CET)
    return midnight + timedelta(minutes=minute)


def edition_now(edition: int) -> datetime:
    """The simulated "now" of an edition: the moment its last new post is out."""
    return brussels(EPOCH_DAY + timedelta(days=edition - 1), EDITION_MINUTE)


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def iso_utc(moment: datetime) -> str:
    """W3C datetime in UTC, as WordPress core writes sitemap lastmod."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def parse_http_date(value: str) -> datetime | None:
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def long_date(moment: datetime, bank: ModuleType) -> str:
    """ "October 3, 2024" in the edition's language (WordPress date_format)."""
    return bank.DATE_FORMAT.format(month=bank.MONTHS[moment.month - 1], day=moment.day, year=moment.year)


def ago(earlier: datetime, later: datetime, bank: ModuleType) -> str:
    """WordPress human_time_diff() wrapped in Zox News' "%s ago", in the edition's language."""
    seconds = abs((later - earlier).total_seconds())
    if seconds < _HOUR:
        unit, count = "min", seconds / 60
    elif seconds < _DAY:
        unit, count = "hour", seconds / _HOUR
    elif seconds < _WEEK:
        unit, count = "day", seconds / _DAY
    elif seconds < _MONTH:
        unit, count = "week", seconds / _WEEK
    elif seconds < _YEAR:
        unit, count = "month", seconds / _MONTH
    else:
        unit, count = "year", seconds / _YEAR
    number = max(1, round(count))
    singular, plural = bank.UNITS[unit]
    return bank.AGO.format(f"{number} {singular if number == 1 else plural}")
