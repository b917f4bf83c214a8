"""Boilerplate strings of the EU Reporter editions, and the matchers extraction uses on them.

The structural rules in zox.py and blocks.py work without these lists; the lists are the second line
of defence and let short labels ("SHARE:", "Advertisement") be recognised anywhere. Long strings are matched by
similarity, never verbatim: GTranslate words them differently from us, and differently from one page to the next.
"""

from __future__ import annotations

import math
import re
import unicodedata

from crawler.extraction.strings import STRINGS as OBSERVED_STRINGS
from crawler.extraction.strings_more import MORE_STRINGS

STRINGS: dict[str, dict[str, tuple[str, ...]]] = {**OBSERVED_STRINGS, **MORE_STRINGS}
KNOWN_LANGUAGES = frozenset(STRINGS)
SHORT_KINDS = ("connect", "share_top", "published", "ad", "share_end", "trending", "theme")

_PUNCT = re.compile(r"[\W_]+", re.UNICODE)


def normalize(text: str) -> str:
    """Case-folded words separated by single spaces: the form labels are compared in."""
    return _PUNCT.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def _trigrams(text: str) -> frozenset[str]:
    padded = f" {normalize(text)} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


_LABELS: dict[str, frozenset[str]] = {
    kind: frozenset(normalize(s) for lang in STRINGS.values() for s in lang.get(kind, ())) for kind in SHORT_KINDS
}
_PROFILES: dict[str, list[frozenset[str]]] = {
    kind: [_trigrams(s) for lang in STRINGS.values() for s in lang.get(kind, ())] for kind in ("consent", "disclaimer")
}


def is_label(text: str, *kinds: str) -> bool:
    """True if the block's whole text is one of the known short labels of these kinds, in any language."""
    norm = normalize(text)
    return bool(norm) and any(norm in _LABELS[kind] for kind in kinds)


def similarity(text: str, kind: str) -> float:
    """Highest cosine between the character-trigram sets of text and of the known strings of kind
    ("consent" or "disclaimer"): close for rewordings and related languages, low for ordinary prose."""
    grams = _trigrams(text)
    if not grams:
        return 0.0
    return max(len(grams & known) / math.sqrt(len(grams) * len(known)) for known in _PROFILES[kind])


# "EU Reporter" survives machine translation (ANATOMY §3: the Indonesian disclaimer keeps it, then writes
# "Reporter UE"); inflected forms ("EU Reporteri", "EU Reporters") and the reversed word order are accepted.
_EU = r"(?:EU|UE|EÚ|ЕС|ЄС|ΕΕ|ЕУ|AB)"
_REPORTER = r"(?:Reporter|Reportér|Repórter|Репортер|Ρεπόρτερ|レポーター)\w*"
_OF = r"(?:de la|de l'|de l’|dell'|dell’|della|del|des|der|da|do|du|de|na|на|της|ng)"
# Case-sensitive: the brand is capitalised in every edition, and "a reporter EU officials…" must not count.
BRAND = re.compile(
    rf"(?<!\w){_EU}[\s\-‑]*{_REPORTER}|(?<!\w){_REPORTER}[\s\-‑]+(?:{_OF}\s*)?{_EU}(?!\w)|(?i:eureporter)"
)


def brand_mentions(text: str) -> int:
    """How many times the site's name appears in text (in any of its machine-translated forms)."""
    return len(BRAND.findall(text))


# Links of share buttons, whatever the plugin: these endpoints are the same on every edition.
SHARE_ENDPOINT = re.compile(
    r"facebook\.com/(?:sharer|share\.php|dialog/(?:share|feed))|(?:twitter|x)\.com/(?:intent|share)"
    r"|linkedin\.com/(?:share|sharing|cws/share)|pinterest\.[a-z.]+/pin/create|reddit\.com/submit"
    r"|api\.whatsapp\.com/send|whatsapp://send|wa\.me/\?|t(?:elegram)?\.me/share|vk\.com/share"
    r"|tumblr\.com/(?:share|widgets/share)|getpocket\.com/(?:save|edit)|flipboard\.com/bookmarklet"
    r"|addtoany\.com/(?:share|add_to)|xing\.com/(?:spi/)?shares?|^mailto:\?|^mailto:[^?]*\?(?:.*&)?(?:subject|body)=",
    re.IGNORECASE,
)

# A row of share buttons whose links are scripts ("#"): only network names remain as text.
SOCIAL_ROW = re.compile(
    r"^\W*(?:(?:facebook|twitter|x|linkedin|whatsapp|telegram|pinterest|reddit|e-?mail|mail|print|vk|viber|messenger"
    r"|tumblr|flipboard|pocket|xing|threads|bluesky|copy link)\W*)+$",
    re.IGNORECASE,
)

# "Photo credit:" and its translations (ANATOMY §8 A6); the language-independent fallback is in split_credit.
_CREDIT_LABEL = re.compile(
    r"(?:(?<=\s)|^)(?:photo credits?|image credits?|credits?|picture|photo|image|source|crédits? photos?|crédit"
    r"|credito fotografico|crediti|foto|fotos?|bildnachweis|bildquelle|bild|kredit foto|sumber foto|sumber"
    r"|fotografía|créditos?|zdjęcie|fot\.|фото|источник|fotografie|bildkälla)\s*:|©",
    re.IGNORECASE,
)
_TRAILING_LABEL = re.compile(r"(?:^|(?<=[.!?]\s))([^.!?:]{1,40}?):\s*\S[^.!?]*\.?$")


def has_credit_label(text: str) -> bool:
    """True if text carries a known photo-credit label ("Photo credit:", "Bildnachweis:", "©")."""
    return _CREDIT_LABEL.search(text) is not None


def split_credit(text: str) -> tuple[str | None, str | None]:
    """Split a figcaption into (caption, credit); the credit keeps its label ("Photo credit: X") as displayed.

    Known labels first; otherwise a last sentence that opens with a short label and a colon ("Picha: X") is taken as
    the credit, which is how every observed edition prints it.
    """
    text = text.strip()
    if not text:
        return None, None
    match = _CREDIT_LABEL.search(text)
    if match is None:
        match = _TRAILING_LABEL.search(text)
        if match is None or len(match.group(1).split()) > 4:
            return text, None
    caption, credit = text[: match.start()].strip(), text[match.start() :].strip()
    return caption or None, credit or None
