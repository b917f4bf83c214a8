"""When to look at a stored article again, judged by the site's clock: the revisit schedule and the site clock.

No Scrapy import: the policy is plain arithmetic on dates, tested on its own.

Edits come early and thin out with age (corrections on the day, updates a week later, rarely weeks after), so a stored
English article is due for a check at fixed ages after its publication (EUREPORTER_REVISIT_AGES, in days: 1, 2, 4, 8,
16, 32 by default) and then every EUREPORTER_REVISIT_RARE_DAYS, when its last check is older than the most recent of
those points. Each run checks at most EUREPORTER_REVISIT_BUDGET articles, the longest overdue first. Sites that say
what changed (a sitemap lastmod, a feed's <updated>, 304 answers to conditional requests) make most checks cheap or
unnecessary; this schedule is what catches edits on a site that says nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping
    from typing import Any


def parse_ages(value: str) -> tuple[float, ...]:
    """ "1,2,4,8" -> (1.0, 2.0, 4.0, 8.0): increasing positive ages in days (ValueError otherwise)."""
    try:
        ages = tuple(float(part) for part in value.split(",") if part.strip())
    except ValueError:
        ages = ()
    if not ages or any(a <= 0 for a in ages) or list(ages) != sorted(set(ages)):
        raise ValueError(
            f"EUREPORTER_REVISIT_AGES ({value!r}) must be increasing positive numbers of days, e.g. 1,2,4,8,16,32"
        )
    return ages


@dataclass(frozen=True, slots=True)
class RevisitPolicy:
    """The schedule of checks of stored articles; see the module docstring."""

    ages: tuple[float, ...] = (1, 2, 4, 8, 16, 32)
    """Days after publication at which an article is checked."""
    rare_days: float = 90
    """After the last age, one check every this many days (0: never again)."""
    budget: int = 500
    """Checks per run at most."""

    def last_point(self, published: datetime, now: datetime) -> datetime | None:
        """The most recent scheduled check time at or before now, or None when the first is still ahead."""
        age = (now - published).total_seconds() / 86400
        passed = [a for a in self.ages if a <= age]
        if not passed:
            return None
        last = passed[-1]
        if last == self.ages[-1] and self.rare_days > 0 and age > last:
            last += ((age - last) // self.rare_days) * self.rare_days
        return published + timedelta(days=last)

    def due_since(self, published: datetime | None, last_seen: datetime | None, now: datetime) -> datetime | None:
        """Since when the article has been due for a check (None: not due)."""
        if published is None:
            return None
        point = self.last_point(published, now)
        if point is None or (last_seen is not None and last_seen >= point):
            return None
        return point

    def choose(
        self, rows: Iterable[Mapping[str, Any]], now: datetime, limit: int | None = None
    ) -> list[dict[str, Any]]:
        """The rows (published_at, seen_at: the last check on the site's clock) due for a check, each with its
        `due_since`, longest overdue first, at most `limit` (default: the budget)."""
        due = []
        for row in rows:
            since = self.due_since(row.get("published_at"), row.get("seen_at"), now)
            if since is not None:
                due.append({**row, "due_since": since})
        due.sort(key=lambda r: (r["due_since"], r.get("url", "")))
        return due[: self.budget if limit is None else limit]

    def horizon(self, now: datetime) -> datetime:
        """Articles published before this are past the fixed ages: only the rare checks concern them."""
        return now - timedelta(days=self.ages[-1] + 1)


def http_date(value: bytes | str | None) -> datetime | None:
    """An HTTP date (the Date header) as an aware UTC datetime, or None."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class SiteClock:
    """The site's idea of "now": what its responses' Date headers say, moved on by the local clock since.

    Articles' ages are the site's business (a replica serving yesterday, a server with a wrong clock, a test of
    edition 8 of a simulated site): judging them by this machine's clock would refresh the wrong ones. A fixed time
    (EUREPORTER_CLOCK) wins; without any Date header yet, the local clock is all there is.
    """

    def __init__(self, fixed: datetime | None = None, local: Callable[[], datetime] | None = None) -> None:
        self.fixed = fixed
        self.local = local or (lambda: datetime.now(UTC))
        self.offset: timedelta | None = None

    def observe(self, date_header: bytes | str | None) -> None:
        """A response from the site: its Date header sets the offset (the latest one wins)."""
        moment = http_date(date_header)
        if moment is not None:
            self.offset = moment - self.local()

    @property
    def known(self) -> bool:
        return self.fixed is not None or self.offset is not None

    def now(self) -> datetime:
        if self.fixed is not None:
            return self.fixed
        return self.local() + (self.offset or timedelta(0))


def parse_clock(value: str) -> datetime | None:
    """EUREPORTER_CLOCK: empty (the site's Date headers) or an ISO 8601 time (UTC unless it says otherwise)."""
    if not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueError(f"EUREPORTER_CLOCK ({value!r}) must be empty or an ISO 8601 time") from exc
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
