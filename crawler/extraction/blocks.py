"""The rules that turn the body's blocks into paragraphs: in-body labels and ads out, the consent line that opens the
body out, the share block and the disclaimer that close it out; by position and structure first, strings second."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from crawler.extraction import boilerplate as bp

_WS = re.compile(r"[ \t\n\r\f]+")
_SENTENCE = re.compile(r"(?<=[.!?…])\s+|(?<=[。！？])")
_WORD = re.compile(r"\w+", re.UNICODE)
_QUOTES = re.compile(r"[\"“”«»„]")
BR = "\u2028"  # a <br> inside a block, kept apart from collapsible whitespace until the lines are split

CONSENT_SIMILARITY = 0.6  # known-translation similarity above which a block is the consent line / disclaimer
# (our translations score 0.73–0.97 against GTranslate-like rewordings; real body paragraphs stay below 0.52)


@dataclass(slots=True)
class Block:
    """One text block of the body in document order, or a marker left where a widget was removed."""

    kind: str  # "text", or a marker: "ad", "slot", "share", "consent", "figure", "image", "disclaimer"
    text: str = ""


# Stored text is plain text (ANATOMY §4a: soft hyphens and no-break spaces inside words in the source): soft hyphens
# and invisible characters dropped, no-break spaces (U+00A0, U+202F narrow, U+2007 figure) made spaces.
_PLAIN = str.maketrans({"\u00ad": None, "\u200b": None, "\u2060": None, "\ufeff": None, "\u180e": None,
                        "\u00a0": " ", "\u202f": " ", "\u2007": " "})  # fmt: skip
# Zero-width (non-)joiners are part of the spelling between two letters of Persian, Indic scripts and emoji
# sequences; anywhere else (next to ASCII or a space, as pasted from Word) they are noise.
_STRAY_JOINER = re.compile(r"(?<![^\x00-\x7f\s])[\u200c\u200d]|[\u200c\u200d](?![^\x00-\x7f\s])")
_SPACES = re.compile(r"[ \t\r\f\v]{2,}")


def plain(text: str) -> str:
    """text in NFC, without soft hyphens and zero-width characters, with no-break spaces made plain spaces (runs of
    spaces then collapse to one); line breaks are kept."""
    if text.isascii():
        return text
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = text.translate(_PLAIN)
    if "\u200c" in text or "\u200d" in text:
        text = _STRAY_JOINER.sub("", text)
    return _SPACES.sub(" ", text)


def plain_lines(text: str) -> str:
    """plain() of each line, trimmed; lines left empty are dropped."""
    return "\n".join(line for line in (plain(part).strip() for part in text.split("\n")) if line)


def squash(text: str) -> str:
    return _WS.sub(" ", plain(text)).strip()


def _lines(text: str) -> list[str]:
    return [line for line in (squash(part).strip("\u200b\ufeff ") for part in text.split(BR)) if line]


def _is_colon_label(text: str) -> bool:
    text = text.strip()
    return len(text.split()) <= 8 and text.endswith((":", "："))


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text.strip()) if s.strip()]


def _content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.casefold()) if len(w) >= 4 and not w.isdigit()}


def looks_like_consent(text: str, title: str, others: list[str]) -> bool:
    """The newsletter line without knowing its language: two sentences, the second a short "you can unsubscribe";
    no figures, names or quotes (a news lead has them), and at most one word in common with the headline."""
    sentences = _sentences(text)
    if len(sentences) != 2 or not title:
        return False
    first, second = (len(s.split()) for s in sentences)
    if not (8 <= first <= 45 and 2 <= second <= 10 and second * 2 <= first):
        return False
    if any(ch.isdigit() for ch in text) or _QUOTES.search(text):
        return False
    # a capitalised word inside a sentence is a name; only a repeated polite pronoun ("Anda", "Sie") is allowed
    capitalised = [w.strip("([{'’-.,;:!?") for s in sentences for w in s.split()[1:] if w.strip("([{'’-")[:1].isupper()]
    if len(set(capitalised)) > 1 or len(capitalised) == 1:
        return False
    # words of the page's own function-word layer (in at least half of the paragraphs) do not count as shared, and
    # one shared word is chance (a function word these few paragraphs happen not to repeat: "eine", "tentang")
    common: set[str] = set()
    if len(others) >= 2:
        counts: dict[str, int] = {}
        for other in others:
            for word in _content_words(other):
                counts[word] = counts.get(word, 0) + 1
        common = {word for word, n in counts.items() if n * 2 >= len(others)}
    return len((_content_words(text) & _content_words(title)) - common) < 2


def _is_disclaimer(text: str, preceding: int) -> bool:
    """The closing disclaimer, in any language: a known translation, or two sentences naming the site twice, or
    (when the second mention was translated beyond recognition) opening with it."""
    words = len(text.split())
    if words > 90 or not preceding:
        return False
    if bp.similarity(text, "disclaimer") >= CONSENT_SIMILARITY:
        return True
    mentions = bp.brand_mentions(text)
    sentences = len(_sentences(text))
    if mentions >= 2 and words <= 60 and sentences <= 3:
        return True
    match = bp.BRAND.search(text)
    return (
        mentions == 1
        and preceding >= 2
        and 15 <= words <= 60
        and sentences == 2
        and match is not None
        and len(text[: match.start()].split()) <= 2
    )


def _is_tail(block: Block, preceding: int) -> bool:
    """What may follow the share block: markers, labels, network names, the disclaimer."""
    if block.kind != "text":
        return True
    text = block.text
    return (
        bp.is_label(text, *bp.SHORT_KINDS)
        or _is_colon_label(text)
        or bp.SOCIAL_ROW.match(text) is not None
        or _is_disclaimer(text, preceding)
    )


def _is_end_marker(block: Block) -> bool:
    return (
        block.kind == "share"
        or block.kind == "text"
        and (
            bp.is_label(block.text, "share_end")
            or _is_colon_label(block.text)
            or bp.SOCIAL_ROW.match(block.text) is not None
        )
    )


def clean(blocks: list[Block], title: str) -> list[str]:
    """The body paragraphs: blocks minus labels, ads, the consent line (opening) and share/disclaimer (closing)."""
    # in-body labels in any known language; a one-word label right next to an ad slot in any language
    kept: list[Block] = []
    started = False
    for i, block in enumerate(blocks):
        if block.kind == "text":
            text = block.text.replace(BR, " ")
            if bp.is_label(text, *bp.SHORT_KINDS):
                continue
            if not started and _is_colon_label(text) and len(text.split()) <= 3:
                continue  # a header label ("SHARE:") that slipped into the body, in any language
            started = True
            neighbours = {blocks[j].kind for j in (i - 1, i + 1) if 0 <= j < len(blocks)}
            if len(text.split()) == 1 and not re.search(r"[^\w\s]", text) and neighbours & {"ad", "slot"}:
                continue
        kept.append(block)
    texts = [i for i, b in enumerate(kept) if b.kind == "text"]
    if not texts:
        return []
    # opening: the consent line is the first text block (ANATOMY §5), whatever precedes it (figures, labels)
    first = kept[texts[0]].text.replace(BR, " ")
    rest = [kept[i].text.replace(BR, " ") for i in texts[1:]]
    if len(texts) >= 2 and (
        bp.similarity(first, "consent") >= CONSENT_SIMILARITY
        or len(texts) >= 3
        and looks_like_consent(first, title, rest)
    ):
        kept[texts[0]] = Block("consent")
    # closing: the earliest share widget or share label after which only tail blocks follow ends the article
    seen = 0
    for i, block in enumerate(kept):
        if seen and _is_end_marker(block) and all(_is_tail(b, seen) for b in kept[i + 1 :]):
            kept = kept[:i]
            break
        seen += block.kind == "text"
    # then a disclaimer (or a dangling label) with no share block before it, repeatedly
    while True:
        texts = [i for i, b in enumerate(kept) if b.kind == "text"]
        if not texts:
            return []
        last = kept[texts[-1]].text.replace(BR, " ")
        if not (_is_colon_label(last) or _is_disclaimer(last, len(texts) - 1)):
            break
        kept = kept[: texts[-1]]
    return [line for b in kept if b.kind == "text" for line in _lines(b.text)]
