"""A post's metadata: categories, tags, byline, featured image and the markup variants of its era."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from replica import prose
from replica.clock import EDITION_MINUTE
from replica.rand import Rand, Weighted
from replica.taxonomy import (
    AUTHORS,
    BY_PATH,
    CATEGORIES,
    COUNTRY_IMAGES,
    COUNTRY_TAGS,
    CREDITS,
    EXTRA_TAGS,
    FRONTPAGE,
    GENERIC_IMAGES,
    TAGS,
    TOPIC_TAGS,
)
from replica.text import bank

if TYPE_CHECKING:
    from datetime import date

    from replica.text.seeds import Seed

_SALT_META = 0x3E7A
_CATEGORY_PICKER = Weighted([c.path for c in CATEGORIES if c.weight], [c.weight for c in CATEGORIES if c.weight])
_AUTHOR_PICKER = Weighted([a.nicename for a in AUTHORS], [a.weight for a in AUTHORS])
_EN = bank("en")


@dataclass(frozen=True, slots=True)
class Meta:
    """Everything about a post except its text; a pure function of its key, day and seed."""

    category_path: str
    label_path: str
    categories: tuple[str, ...]
    tag_slugs: tuple[str, ...]
    author: str | None
    focus: prose.Focus
    feat_image: str
    feat_credit: int
    modified_delay: int
    share_top: bool
    consent: str
    share_bottom: bool
    disclaimer_inside: bool
    has_excerpt: bool
    glitch: bool


def _author_probability(year: int) -> float:
    # ANATOMY §7: bylines on 2020-2021 posts, mostly none on 2024 posts.
    return 0.9 if year <= 2020 else 0.8 if year <= 2022 else 0.5 if year == 2023 else 0.2


def make_meta(key: int, day: date, minute: int, seed: Seed | None) -> Meta:
    rand = Rand(key, _SALT_META)
    year = day.year
    if seed is not None:
        category_path = "/".join(seed.path.strip("/").split("/")[:-4])
        label_path, author, tags = seed.label, seed.author, set(seed.tags)
        focus = prose.Focus(seed.country, seed.topic, rand.below(len(_EN.ORGS)), rand.below(len(_EN.PEOPLE)))
    else:
        category_path = label_path = _CATEGORY_PICKER.pick(rand)
        if rand.chance(0.25):
            label_path = _CATEGORY_PICKER.pick(rand)
        category = BY_PATH[category_path]
        country = rand.pick(category.countries) if category.countries and rand.chance(0.85) else None
        topic = rand.pick(category.topics) if category.topics and rand.chance(0.75) else None
        focus = prose.Focus(
            rand.below(len(_EN.COUNTRIES)) if country is None else country,
            rand.below(len(_EN.TOPICS)) if topic is None else topic,
            rand.below(len(_EN.ORGS)),
            rand.below(len(_EN.PEOPLE)),
        )
        author = _AUTHOR_PICKER.pick(rand) if rand.chance(_author_probability(year)) else None
        tags = set(rand.sample(EXTRA_TAGS, rand.between(0, 2)))
        for slug, probability in (
            ("full-image", 0.8),
            ("eu", 0.5),
            (COUNTRY_TAGS[focus.country], 0.7),
            (TOPIC_TAGS[focus.topic], 0.6),
        ):
            if rand.chance(probability):
                tags.add(slug)
        if 2020 <= year <= 2022 and rand.chance(0.2):
            tags.add("covid-19")
        tags = tags or {"eu"}
    categories = tuple(dict.fromkeys((label_path, category_path)))
    if rand.chance(0.3):
        categories += (FRONTPAGE,)
    name = COUNTRY_IMAGES[focus.country] if rand.chance(0.5) else rand.pick(GENERIC_IMAGES)
    suffix = "-scaled" if year >= 2020 and rand.chance(0.3) else ""
    extension = ".jpeg" if rand.chance(0.1) else ".jpg"
    delay = 0 if rand.chance(0.4) else rand.between(3, 180)
    return Meta(
        category_path=category_path,
        label_path=label_path,
        categories=categories,
        # WordPress lists a post's tags by name.
        tag_slugs=tuple(sorted(tags, key=lambda slug: TAGS[slug].lower())),
        author=author,
        focus=focus,
        feat_image=f"{upload_dir(day)}/{name}{suffix}{extension}",
        feat_credit=rand.below(len(CREDITS)),
        # Early corrections happen the same day, before the edition's snapshot time.
        modified_delay=min(delay, EDITION_MINUTE - minute - 1),
        share_top=year >= 2023,
        consent="" if year < 2021 else "p" if year < 2023 else "div",
        share_bottom=year >= 2021,
        disclaimer_inside=year < 2023,
        has_excerpt=rand.chance(0.06),
        glitch=rand.chance(0.3),
    )


def upload_dir(day: date) -> str:
    return f"/wp-content/uploads/{day.year}/{day.month:02d}"
