"""All posts of one edition: publication schedule, slugs, later edits, archive indexes and the text cache."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from threading import Lock

from replica import prose
from replica.clock import EPOCH_DAY, edition_now
from replica.lru import LRU
from replica.meta import upload_dir
from replica.posts import Edit, Post
from replica.rand import Rand, Weighted, mix
from replica.taxonomy import ancestors
from replica.text.seeds import SEEDS, Seed

PER_DAY = 10
EDITS_PER_DAY = 3
# Replicas smaller than this are unit-test sized: no seeded real posts, no back catalogue.
SEEDS_FROM = 50
# The back catalogue starts with the oldest listing observed (ANATOMY §2.2: /tag/full-image/page/2624/).
_ARCHIVE_START = date(2014, 2, 25)
_EDIT_WINDOW = 7
# How many days after publication an edit comes, drawn per edit. Corrections thin out with age: about three quarters
# within the first week (most on the next days), one in seven one to two weeks later, one in nine three to six weeks
# later (a right of reply, a court ruling, a retraction).
EDIT_AGES = Weighted([*range(1, 15), *range(21, 43)], [48, 32, 22, 16, 12, 10, 8, *[4] * 7, *[1] * 22])
# Draws before an edit settles for a post of the last week (small replicas have no posts on most older days).
_EDIT_DRAWS = 12
_SALT_SLUG, _SALT_EDITS, _SALT_TIME = 0x5106, 0xED175, 0x71E
_TEXT_CACHE_ENTRIES = 4096


def _key(day: date, slot: int) -> int:
    """A post's content seed: its day and slot, so a post's text does not depend on how many articles are asked for."""
    return day.toordinal() << 4 | slot


def _dense_minute(key: int, slot: int) -> int:
    return 7 * 60 + 30 + slot * 70 + mix(key ^ _SALT_TIME) % 40


def schedule(articles: int, edition: int) -> list[tuple[date, int, int, Seed | None]]:
    """(day, minute, key, seed) of every post of an edition, unsorted.

    Edition 1: the seeded real posts at their real dates, a sparse back catalogue (one post every few days since
    2014, so that every era's markup occurs even in small replicas), and ~10 posts a day walking back from the
    epoch. Each later edition adds one day of 10 posts.
    """
    seeds = SEEDS if articles >= SEEDS_FROM else ()
    entries: list[tuple[date, int, int, Seed | None]] = []
    for seed in seeds:
        year, month, day_of_month = (int(part) for part in seed.path.strip("/").split("/")[-4:-1])
        day = date(year, month, day_of_month)
        hours, minutes = seed.time.split(":")
        entries.append((day, int(hours) * 60 + int(minutes), _key(day, 14), seed))
    rest = articles - len(seeds)
    archive = 0
    if seeds:
        # At most one back-catalogue post a day, before the oldest day of the dense stream.
        earliest_dense = EPOCH_DAY - timedelta(days=rest // PER_DAY + 1)
        archive = max(0, min(articles // 10, (earliest_dense - _ARCHIVE_START).days))
    dense = rest - archive
    for i in range(dense):
        day, slot = EPOCH_DAY - timedelta(days=i // PER_DAY), PER_DAY - 1 - i % PER_DAY
        key = _key(day, slot)
        entries.append((day, _dense_minute(key, slot), key, None))
    if archive:
        span = (EPOCH_DAY - timedelta(days=(dense - 1) // PER_DAY) - _ARCHIVE_START).days
        for j in range(archive):
            day = _ARCHIVE_START + timedelta(days=span * j // archive)
            key = _key(day, 12)
            entries.append((day, 9 * 60 + mix(key ^ _SALT_TIME) % 600, key, None))
    for offset in range(1, edition):
        day = EPOCH_DAY + timedelta(days=offset)
        for slot in range(PER_DAY):
            key = _key(day, slot)
            entries.append((day, _dense_minute(key, slot), key, None))
    return entries


_DASHES = frozenset("–—")
_DROPPED = frozenset("‘’“”«»…&")


def slugify(title: str) -> str:
    """WordPress sanitize_title_with_dashes(): dashes for spaces and en dashes, quotes and "&" dropped, other
    punctuation removed, non-ASCII characters kept percent-encoded in lower-case hex, at most 200 characters."""
    out: list[str] = []
    for char in title:
        if char in _DASHES or char == ".":
            out.append("-")
        elif char in _DROPPED:
            continue
        elif char.isascii():
            lower = char.lower()
            if lower.isalnum() or lower in " _-":
                out.append(lower)
        else:
            out.append("".join(f"%{byte:02x}" for byte in char.encode()))
    slug = re.sub(r"-+", "-", re.sub(r"\s+", "-", "".join(out))).strip("-")
    return re.sub(r"%[0-9a-f]?$", "", slug[:200]).rstrip("-")


@dataclass(frozen=True, slots=True)
class Indexes:
    """Archive membership, oldest post first: a post is listed under each of its categories and their parents."""

    categories: dict[str, list[Post]]
    tags: dict[str, list[Post]]
    authors: dict[str, list[Post]]


class Corpus:
    """The posts of one edition, ordered by publication time (post ids follow that order, as in WordPress)."""

    def __init__(self, articles: int, edition: int) -> None:
        self.articles = articles
        self.edition = edition
        self.now = edition_now(edition)
        entries = sorted(schedule(articles, edition), key=lambda entry: entry[:3])
        self.posts = [Post(self, i, key, day, minute, seed) for i, (day, minute, key, seed) in enumerate(entries, 1)]
        self.by_day: dict[date, list[Post]] = {}
        for post in self.posts:
            self.by_day.setdefault(post.day, []).append(post)
        self._texts = LRU(_TEXT_CACHE_ENTRIES)
        self._lock = Lock()
        self._indexes: Indexes | None = None
        self._last_modified: datetime | None = None
        self._apply_edits()

    def _apply_edits(self) -> None:
        """EDITS_PER_DAY edits on each day after the epoch, a pure function of the day (and the posts there are)."""
        edits: dict[int, list[Edit]] = {}
        for offset in range(1, self.edition):
            day = EPOCH_DAY + timedelta(days=offset)
            rand = Rand(offset, _SALT_EDITS)
            chosen: list[Post] = []
            for n in range(EDITS_PER_DAY):
                post = self._edit_target(day, rand, chosen)
                if post is None:
                    break
                chosen.append(post)
                edit = Edit(day, 12 * 60 + n * 90 + rand.below(60), mix(post.key ^ offset << 40))
                edits.setdefault(post.id, []).append(edit)
        for post_id, changes in edits.items():
            self.posts[post_id - 1].edits = tuple(changes)

    def _edit_target(self, day: date, rand: Rand, chosen: list[Post]) -> Post | None:
        """A post published EDIT_AGES days before `day`, not yet edited that day."""
        for _ in range(_EDIT_DRAWS):
            age = EDIT_AGES.pick(rand)
            candidates = [post for post in self.by_day.get(day - timedelta(days=age), ()) if post not in chosen]
            if candidates:
                return rand.pick(candidates)
        recent = [
            post
            for back in range(1, _EDIT_WINDOW + 1)
            for post in self.by_day.get(day - timedelta(days=back), ())
            if post not in chosen
        ]
        return rand.pick(recent) if recent else None

    def assign_slugs(self, day: date) -> None:
        seen: set[str] = set()
        for post in self.by_day[day]:
            if post.seed is not None:
                base = post.seed.path.rstrip("/").rsplit("/", 1)[1]
            else:
                # Editors shorten some slugs and WordPress suffixes "-2" to some (ANATOMY §2.1: not a clean
                # function of the title).
                rand = Rand(post.key, _SALT_SLUG)
                base = slugify(post.title("en"))
                if rand.chance(0.08):
                    base = "-".join(base.split("-")[: rand.between(4, 7)])
                if rand.chance(0.03):
                    base += "-2"
            slug, n = base, 2
            while slug in seen:
                slug, n = f"{base}-{n}", n + 1
            seen.add(slug)
            post.assign_slug(slug)

    def find(self, path: str) -> Post | None:
        """The post whose date and slug match a permalink path, whatever its category part says."""
        parts = path.strip("/").split("/")
        if len(parts) < 5:
            return None
        year, month, day_of_month, slug = parts[-4:]
        if not (len(year) == 4 and len(month) == 2 and len(day_of_month) == 2):
            return None
        try:
            day = date(int(year), int(month), int(day_of_month))
        except ValueError:
            return None
        return next((post for post in self.by_day.get(day, ()) if post.slug == slug), None)

    @property
    def indexes(self) -> Indexes:
        if self._indexes is None:
            with self._lock:
                if self._indexes is None:
                    self._indexes = self._build_indexes()
        return self._indexes

    def _build_indexes(self) -> Indexes:
        categories: dict[str, list[Post]] = {}
        tags: dict[str, list[Post]] = {}
        authors: dict[str, list[Post]] = {}
        for post in self.posts:
            meta = post.meta
            for path in {parent for category in meta.categories for parent in ancestors(category)}:
                categories.setdefault(path, []).append(post)
            for slug in meta.tag_slugs:
                tags.setdefault(slug, []).append(post)
            if meta.author:
                authors.setdefault(meta.author, []).append(post)
        return Indexes(categories, tags, authors)

    @property
    def last_modified(self) -> datetime:
        """The newest modification on the site: only the last day's posts and edited posts can hold it."""
        if self._last_modified is None:
            last_day = self.posts[-1].day
            candidates = [post for post in self.posts[-3 * PER_DAY :] if post.day == last_day]
            candidates += [post for post in self.posts if post.edits]
            self._last_modified = max(post.modified for post in candidates)
        return self._last_modified

    def body(self, post: Post, lang: str, edits: int) -> prose.Rendered:
        key = (post.id, lang, edits)
        rendered = self._texts.get(key)
        if rendered is None:
            seed_path = post.seed.path if post.seed else None
            rendered = prose.render_body(lang, self._blocks(post, edits), seed_path, post.meta.glitch)
            self._texts.put(key, rendered)
        return rendered

    def _blocks(self, post: Post, edits: int) -> tuple[prose.Block, ...]:
        key = (post.id, "", edits)
        blocks = self._texts.get(key)
        if blocks is None:
            if edits == 0:
                seed_path = post.seed.path if post.seed else None
                blocks = prose.plan_body(post.key, post.meta.focus, upload_dir(post.day), seed_path, post.day.year)
            else:
                blocks = prose.apply_edit(self._blocks(post, edits - 1), post.edits[edits - 1].key, post.meta.focus)
            self._texts.put(key, blocks)
        return blocks
