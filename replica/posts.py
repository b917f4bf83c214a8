"""One post of the replica: its metadata (categories, tags, byline, era flags) and its text in every edition."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from replica import prose
from replica.clock import EDITION_MINUTE, EPOCH_DAY, brussels
from replica.meta import Meta, make_meta
from replica.taxonomy import AUTHORS_BY_NICENAME, CREDITS, TAGS
from replica.text import SUPPORTED, bank

if TYPE_CHECKING:
    from replica.corpus import Corpus
    from replica.text.seeds import Seed


@dataclass(frozen=True, slots=True)
class Edit:
    """A later change to a post, made on `day` (after the epoch) at `minute`."""

    day: date
    minute: int
    key: int

    @property
    def moment(self) -> datetime:
        return brussels(self.day, self.minute)


def edition_base(base: str, lang: str) -> str:
    """The base URL of an edition from any edition's base: the first host label is "www" or the language code."""
    parts = urlsplit(base)
    label, _, rest = parts.netloc.partition(".")
    host = rest if rest and label in ("www", *SUPPORTED) else parts.netloc
    return f"{parts.scheme}://{'www' if lang == 'en' else lang}.{host}"


_WORDS = re.compile(r"\S+")


class Post:
    """One article of the replica, as WordPress would hold it: id, permalink, metadata, edits and translations."""

    __slots__ = ("id", "key", "day", "minute", "seed", "edits", "_corpus", "_meta", "_titles", "_slug")

    def __init__(self, corpus: Corpus, post_id: int, key: int, day: date, minute: int, seed: Seed | None) -> None:
        self.id = post_id
        self.key = key
        self.day = day
        self.minute = minute
        self.seed = seed
        self.edits: tuple[Edit, ...] = ()
        self._corpus = corpus
        self._meta: Meta | None = None
        self._titles: dict[str, str] = {}
        self._slug: str | None = None

    def __repr__(self) -> str:
        return f"<Post {self.id} {self.path}>"

    @property
    def meta(self) -> Meta:
        if self._meta is None:
            self._meta = make_meta(self.key, self.day, self.minute, self.seed)
        return self._meta

    @property
    def slug(self) -> str:
        if self._slug is None:
            self._corpus.assign_slugs(self.day)
        return self._slug or ""

    def assign_slug(self, slug: str) -> None:
        """Set by the corpus, which de-duplicates the slugs of one day as WordPress de-duplicates post names."""
        self._slug = slug

    @property
    def path(self) -> str:
        return f"/{self.meta.category_path}/{self.day:%Y/%m/%d}/{self.slug}/"

    @property
    def category_path(self) -> str:
        return self.meta.category_path

    @property
    def author(self) -> str | None:
        nicename = self.meta.author
        return AUTHORS_BY_NICENAME[nicename].name if nicename else None

    @property
    def tag_slugs(self) -> list[str]:
        return list(self.meta.tag_slugs)

    @property
    def tags(self) -> list[str]:
        return [TAGS[slug] for slug in self.meta.tag_slugs]

    @property
    def published(self) -> datetime:
        return brussels(self.day, self.minute)

    @property
    def edit_ages(self) -> list[int]:
        """Days between publication and each later edit (EDIT_AGES)."""
        return [(edit.day - self.day).days for edit in self.edits]

    @property
    def modified(self) -> datetime:
        if self.edits:
            return self.edits[-1].moment
        return self.published + timedelta(minutes=self.meta.modified_delay)

    @property
    def ago_reference(self) -> datetime:
        """The "now" that "N hours ago" is measured from: the snapshot of the first edition that has the post."""
        return brussels(max(self.day, EPOCH_DAY), EDITION_MINUTE)

    def url(self, lang: str, base: str) -> str:
        return edition_base(base, lang) + self.path

    def lead_image_url(self, base: str) -> str:
        return edition_base(base, "en") + self.meta.feat_image

    def title(self, lang: str) -> str:
        title = self._titles.get(lang)
        if title is None:
            if self.seed is not None:
                title = self.seed.titles[lang]
            else:
                spec, full_stop = prose.title_spec(self.key, self.meta.focus)
                b = bank(lang)
                title = prose.render(b, b.TITLES, spec) + ("." if full_stop else "")
            self._titles[lang] = title
        return title

    def category_label(self, lang: str) -> str:
        return bank(lang).CATEGORIES[self.meta.label_path]

    def body(self, lang: str, *, original: bool = False) -> prose.Rendered:
        """The rendered body blocks; `original` ignores later edits (used where other pages quote this post)."""
        return self._corpus.body(self, lang, 0 if original else len(self.edits))

    def paragraphs(self, lang: str) -> list[str]:
        """Body text blocks in page order (paragraphs, quote, list intro and items): what extraction should return."""
        return prose.texts(self.body(lang))

    def captions(self, lang: str) -> list[str]:
        """Every caption the page shows for this post: the featured image credit, then the in-body figure captions."""
        b = bank(lang)
        lead = f"{b.UI['photo_credit']} {CREDITS[self.meta.feat_credit]}"
        return [lead, *(str(payload[1]) for kind, payload in self.body(lang) if kind == "figure")]  # type: ignore[index]

    def summary(self, lang: str) -> str | None:
        """The hand-written excerpt shown under the title (span.mvp-post-excerpt), for the few posts that have one."""
        if not self.meta.has_excerpt:
            return None
        b = bank(lang)
        return prose.render(b, b.SENTENCES, prose.excerpt_spec(self.key, self.meta.focus))

    def excerpt(self, lang: str, *, original: bool = True) -> str:
        """The listing excerpt: the first 25-27 words of the body, cut mid-sentence, ending in "..." (ANATOMY §2.2).

        Taken from the body as first published (`original=False`: as edited since), so that an edit changes the
        post's text and modified time only, never its listings, its description or other pages.
        """
        words: list[str] = []
        limit = 25 + self.key % 3
        for kind, payload in self.body(lang, original=original):
            if kind == "p":
                words.extend(_WORDS.findall(str(payload))[: limit - len(words)])
                if len(words) >= limit:
                    break
        return " ".join(words) + "..."
