"""The language of a page: the edition's declared language, checked against the text with py3langid."""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

logger = logging.getLogger(__name__)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ISO_639_1 = _words(
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de "
    "dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id "
    "ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu "
    "lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu "
    "rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr "
    "ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu"
)
# GTranslate's subdomain codes that are not (or no longer) ISO 639-1: old codes, region variants, and languages
# with only a three-letter code (kept as such: there is no two-letter code to give).
ALIASES = {
    "iw": "he",
    "jw": "jv",
    "in": "id",
    "ji": "yi",
    "fil": "tl",
    "zh-cn": "zh",
    "zh-tw": "zh",
    "zh-hans": "zh",
    "zh-hant": "zh",
    "pt-br": "pt",
    "pt-pt": "pt",
    "nb": "no",
}
THREE_LETTER = _words("ceb haw hmn ckb ilo kri lus mai mni doi gom bho yue")
# Pairs py3langid confuses on machine-translated news; a declared language is never overruled by its twin.
TWINS = [
    frozenset(p)
    for p in (
        ("id", "ms"),
        ("no", "da"),
        ("no", "nn"),
        ("nn", "da"),
        ("hr", "sr"),
        ("hr", "bs"),
        ("bs", "sr"),
        ("cs", "sk"),
        ("gl", "pt"),
        ("ca", "es"),
        ("af", "nl"),
        ("tl", "ceb"),
    )
]
EU_REPORTER_HOST = re.compile(r"(?:(?P<sub>[a-z]{2,3}(?:-[a-z]{2,4})?)\.)?eureporter\.[a-z]{2,6}(?::\d+)?")
LANGID_MIN_CHARS = 400  # below this py3langid is too often wrong to overrule a declaration
LANGID_OVERRULE = 0.98  # normalised probability needed to overrule a declared language


def code(tag: str | None) -> str | None:
    """ISO 639-1 code of a language tag ("fr-FR", "fr_FR", "zh-CN", "iw"), or None if it is not a language."""
    if not tag:
        return None
    tag = tag.strip().lower().replace("_", "-")
    if tag in ALIASES:
        return ALIASES[tag]
    primary = tag.split("-", 1)[0]
    primary = ALIASES.get(primary, primary)
    if primary in ISO_639_1 or primary in THREE_LETTER:
        return primary
    return None


def edition(host: str) -> str | None:
    """The edition served on an EU Reporter host: "fr" for fr.eureporter.co, "en" for www./bare; None elsewhere."""
    match = EU_REPORTER_HOST.fullmatch(host.lower())
    if match is None:
        return None
    sub = match.group("sub")
    return "en" if sub in (None, "www") else code(sub)


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # noqa: PLC0415 -- 0.5 s model load, once per process

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> tuple[str | None, float]:
    """py3langid's best guess for text (its first 1,500 characters) and its normalised probability."""
    sample = text[:1500]
    if len(sample.strip()) < 20:
        return None, 0.0
    lang, prob = _identifier().classify(sample)
    return code(lang), float(prob)


def decide(host: str, declared: list[str | None], text: str) -> str | None:
    """The page's language.

    1. On an EU Reporter host the subdomain is the edition and wins: GTranslate serves exactly one language per
       subdomain, while py3langid mistakes Indonesian for Malay and reads name-heavy short texts as English.
    2. Elsewhere the first declared language (hreflang self-reference, <html lang>, og:locale, in that order) wins,
       unless py3langid, on enough text, is almost certain of another language that is not its close twin
       (templates often keep lang="en-US" on pages in other languages).
    3. With no declaration, py3langid's guess.
    """
    from_host = edition(host)
    detected, prob = detect(text) if text else (None, 0.0)
    if from_host:
        if detected and detected != from_host and prob >= LANGID_OVERRULE:
            logger.debug("edition %s but the text reads as %s (p=%.2f)", from_host, detected, prob)
        return from_host
    stated = next((c for c in map(code, declared) if c), None)
    if stated is None:
        return detected if prob >= 0.5 else None
    if (
        detected
        and detected != stated
        and prob >= LANGID_OVERRULE
        and len(text) >= LANGID_MIN_CHARS
        and frozenset((stated, detected)) not in TWINS
    ):
        return detected
    return stated
