"""Language-independent article plans (titles, paragraphs, figures) and their rendering into each edition's language.

A plan picks template and filler indices; since the text banks are parallel lists, rendering one plan in every
bank gives the English article and its "machine translations" with the same structure.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, NamedTuple

from replica.rand import Rand
from replica.taxonomy import CREDITS
from replica.text import bank
from replica.text.seed_bodies import BODIES, LEAD_CAPTIONS, OPENINGS

if TYPE_CHECKING:
    from types import ModuleType

_EN = bank("en")
_SIZES = {name: len(getattr(_EN, name)) for name in ("ORGS", "PEOPLE", "COUNTRIES", "TOPICS", "PLACES", "SENTENCES")}
_SALT_TITLE, _SALT_BODY, _SALT_EDIT = 0x7171E, 0xB0D1, 0xED17


class Spec(NamedTuple):
    """One sentence: a template index and the filler indices for every slot a template may use."""

    template: int
    org: int
    org2: int
    person: int
    person2: int
    country: int
    topic: int
    place: int
    month: int
    n: int
    bn: int
    pct: int
    year: int


class Focus(NamedTuple):
    """What a post is about; most sentences reuse these fillers so that a post reads as one story."""

    country: int
    topic: int
    org: int
    person: int


@dataclass(frozen=True, slots=True)
class Block:
    """One element of the body.

    kind: "p" (generated paragraph), "opening" (paragraph whose first sentence is the seed's observed opening),
    "raw" (paragraph `index` of a seed's complete body), "update" (paragraph added by an edit), "quote", "list"
    (intro + items = topic indices), "figure" (caption spec + credit `index`), "seedfigure" (observed caption), "ad".
    """

    kind: str
    specs: tuple[Spec, ...] = ()
    items: tuple[int, ...] = ()
    index: int = -1
    image: str = ""


def spec(rand: Rand, focus: Focus, template: int) -> Spec:
    orgs, people = _SIZES["ORGS"], _SIZES["PEOPLE"]
    org = focus.org if rand.chance(0.4) else rand.below(orgs)
    person = focus.person if rand.chance(0.5) else rand.below(people)
    return Spec(
        template,
        org,
        (org + 1 + rand.below(orgs - 1)) % orgs,
        person,
        (person + 1 + rand.below(people - 1)) % people,
        focus.country if rand.chance(0.7) else rand.below(_SIZES["COUNTRIES"]),
        focus.topic if rand.chance(0.6) else rand.below(_SIZES["TOPICS"]),
        rand.below(_SIZES["PLACES"]),
        rand.below(12),
        rand.between(3, 60),
        rand.between(2, 95),
        rand.between(4, 45),
        rand.between(2027, 2035),
    )


def render(bank_: ModuleType, templates: tuple[str, ...], s: Spec) -> str:
    """The sentence in one language, capitalised (fillers such as "la Commission" may open it)."""
    text = templates[s.template].format(
        org=bank_.ORGS[s.org],
        org2=bank_.ORGS[s.org2],
        person=bank_.PEOPLE[s.person],
        person2=bank_.PEOPLE[s.person2],
        country=bank_.COUNTRIES[s.country],
        with_country=bank_.WITH_COUNTRIES[s.country],
        topic=bank_.TOPICS[s.topic],
        place=bank_.PLACES[s.place],
        month=bank_.MONTHS[s.month],
        n=s.n,
        bn=s.bn,
        pct=s.pct,
        year=s.year,
    )
    return text[:1].upper() + text[1:]


def title_spec(key: int, focus: Focus) -> tuple[Spec, bool]:
    """The title sentence of a generated post and whether it ends with a full stop (a few real titles do)."""
    rand = Rand(key, _SALT_TITLE)
    return spec(rand, focus, rand.below(len(_EN.TITLES))), rand.chance(0.04)


def excerpt_spec(key: int, focus: Focus) -> Spec:
    rand = Rand(key, _SALT_TITLE, 1)
    return spec(rand, focus, rand.below(_SIZES["SENTENCES"]))


class _Deck:
    """Sentence templates drawn without replacement, reshuffled when used up, so a post rarely repeats itself."""

    def __init__(self, rand: Rand) -> None:
        self.rand = rand
        self.cards: list[int] = []

    def draw(self) -> int:
        if not self.cards:
            self.cards = self.rand.sample(range(_SIZES["SENTENCES"]), _SIZES["SENTENCES"])
        return self.cards.pop()


def plan_body(key: int, focus: Focus, upload_dir: str, seed_path: str | None, year: int) -> tuple[Block, ...]:
    """The original body of a post (before any edit)."""
    rand = Rand(key, _SALT_BODY)
    deck = _Deck(rand)

    def paragraph(kind: str = "p", index: int = -1) -> Block:
        count = 1 if rand.chance(0.15) else rand.between(2, 6)
        return Block(kind, tuple(spec(rand, focus, deck.draw()) for _ in range(count)), index=index)

    complete = BODIES.get(seed_path or "")
    if complete is not None:
        # The seed article as observed: its paragraphs only, no figure, quote, list or ad.
        return tuple(paragraph("raw", i) for i in range(len(complete["en"])))
    count = (rand.between(4, 12) + rand.between(4, 12)) // 2
    paragraphs = [paragraph() for _ in range(count)]
    if seed_path in OPENINGS:
        paragraphs[0] = replace(paragraphs[0], kind="opening")
    after: dict[int, list[Block]] = {}
    if seed_path in LEAD_CAPTIONS:
        after.setdefault(0, []).append(Block("seedfigure", image=f"{upload_dir}/Vassilenko-McAllister.jpg"))
    figures = 0 if year < 2016 and rand.chance(0.5) else rand.pick((0, 1, 1, 2, 2))
    for position in sorted(rand.sample(range(min(4, count)), figures)):
        caption = spec(rand, focus, rand.below(len(_EN.CAPTIONS)))
        image = f"{upload_dir}/{_EN.PEOPLE[caption.person].split()[-1]}-{rand.between(1, 9)}.jpg"
        after.setdefault(position, []).append(Block("figure", (caption,), index=rand.below(len(CREDITS)), image=image))
    if rand.chance(0.25):
        after.setdefault(2, []).append(Block("quote", (spec(rand, focus, deck.draw()),)))
    if count >= 5 and rand.chance(0.15):
        topics = tuple(rand.sample(range(_SIZES["TOPICS"]), rand.between(3, 4)))
        after.setdefault(3, []).append(Block("list", items=topics, index=rand.below(len(_EN.LIST_INTROS))))
    # The in-content ad slot sits between paragraphs, after P5 when there are enough (ANATOMY §8 A5).
    after.setdefault(min(5, count - 1), []).append(Block("ad"))
    blocks = after.get(0, [])
    for number, block in enumerate(paragraphs, start=1):
        blocks = [*blocks, block, *after.get(number, [])]
    return tuple(blocks)


def apply_edit(blocks: tuple[Block, ...], edit_key: int, focus: Focus) -> tuple[Block, ...]:
    """An editor's later change: a sentence of one paragraph rewritten, or an "Update:" paragraph appended."""
    rand = Rand(edit_key, _SALT_EDIT)
    editable = [i for i, block in enumerate(blocks) if block.kind == "p"]
    if not editable or rand.chance(0.5):
        update = spec(rand, focus, rand.below(len(_EN.UPDATES)))
        return (*blocks, Block("update", (update, spec(rand, focus, rand.below(_SIZES["SENTENCES"])))))
    target = rand.pick(editable)
    old = blocks[target].specs
    template = (old[-1].template + 1 + rand.below(_SIZES["SENTENCES"] - 1)) % _SIZES["SENTENCES"]
    changed = replace(blocks[target], specs=(*old[:-1], spec(rand, focus, template)))
    return (*blocks[:target], changed, *blocks[target + 1 :])


Rendered = tuple[tuple[str, object], ...]
"""A body in one language: ("p"|"quote", text), ("list", (intro, items)), ("figure", (image, caption)), ("ad", "")."""


def render_body(lang: str, blocks: tuple[Block, ...], seed_path: str | None, glitch: bool) -> Rendered:
    b = bank(lang)
    out: list[tuple[str, object]] = []
    for block in blocks:
        if block.kind in ("p", "opening", "raw", "update"):
            out.append(("p", _paragraph(b, lang, block, seed_path)))
        elif block.kind == "quote":
            start, end = b.QUOTES
            out.append(("quote", f"{start}{render(b, b.SENTENCES, block.specs[0])}{end}"))
        elif block.kind == "list":
            items = tuple(b.TOPICS[i][:1].upper() + b.TOPICS[i][1:] for i in block.items)
            out.append(("list", (b.LIST_INTROS[block.index], items)))
        elif block.kind == "figure":
            caption = render(b, b.CAPTIONS, block.specs[0])
            out.append(("figure", (block.image, f"{caption}. {b.UI['photo_credit']} {CREDITS[block.index]}")))
        elif block.kind == "seedfigure":
            captions, credit = LEAD_CAPTIONS[seed_path or ""]
            out.append(("figure", (block.image, f"{captions[lang]}. {b.UI['photo_credit']} {credit}")))
        else:
            out.append(("ad", ""))
    if glitch and b.STRAY_BREAK:
        # GTranslate's stray sentence break, once per affected post, in its second paragraph.
        paragraphs = [i for i, (kind, _) in enumerate(out) if kind == "p"]
        if len(paragraphs) > 1:
            i = paragraphs[1]
            out[i] = ("p", str(out[i][1]).replace(b.STRAY_BREAK, "." + b.STRAY_BREAK, 1))
    return tuple(out)


def _paragraph(b: ModuleType, lang: str, block: Block, seed_path: str | None) -> str:
    if block.kind == "raw":
        complete = BODIES[seed_path or ""]
        if lang in complete:
            return complete[lang][block.index]
    if block.kind == "update":
        update, follow_up = block.specs
        return f"{b.UI['update']} {render(b, b.UPDATES, update)} {render(b, b.SENTENCES, follow_up)}"
    sentences = [render(b, b.SENTENCES, s) for s in block.specs]
    if block.kind == "opening":
        sentences[0] = OPENINGS[seed_path or ""].get(lang, sentences[0])
    return " ".join(sentences)


def texts(rendered: Rendered) -> list[str]:
    """The body text blocks in page order: paragraphs, the quote, the list intro and each list item."""
    out: list[str] = []
    for kind, payload in rendered:
        if kind in ("p", "quote"):
            out.append(str(payload))
        elif kind == "list":
            intro, items = payload  # type: ignore[misc]
            out.extend((intro, *items))
    return out
