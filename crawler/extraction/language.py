"""The language of a page: the edition's declared language, checked against the text with py3langid."""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import TYPE_CHECKING

from crawler.langcodes import code
from crawler.scope import host_edition

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

logger = logging.getLogger(__name__)


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
LANGID_MIN_CHARS = 400  # below this py3langid is too often wrong to overrule a declaration
LANGID_OVERRULE = 0.98  # normalised probability needed to overrule a declared language


def edition(host: str) -> str | None:
    """The edition served on an EU Reporter host: "fr" for fr.eureporter.co, "en" for www./bare; None elsewhere."""
    label = host_edition(host)
    if label is None:
        return None
    return "en" if label == "" else code(label)


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

    1. On an EU Reporter host the subdomain is the edition and wins, unless the text strongly says otherwise:
       GTranslate serves one language per subdomain, but an untranslated page (English on fr.) does happen. Only
       py3langid at p >= LANGID_OVERRULE on at least LANGID_MIN_CHARS characters overrules the subdomain, and never
       with the edition's close twin (py3langid reads Indonesian as Malay, p = 0.53 on the seed article) nor on a
       short, name-heavy text (which it reads as English).
    2. Elsewhere the first declared language (hreflang self-reference, <html lang>, og:locale, in that order) wins,
       under the same guard (templates often keep lang="en-US" on pages in other languages).
    3. With no declaration, py3langid's guess.
    """
    from_host = edition(host)
    detected, prob = detect(text) if text else (None, 0.0)
    stated = from_host or next((c for c in map(code, declared) if c), None)
    if stated is None:
        return detected if prob >= 0.5 else None
    if (
        detected
        and detected != stated
        and prob >= LANGID_OVERRULE
        and len(text) >= LANGID_MIN_CHARS
        and frozenset((stated, detected)) not in TWINS
    ):
        if from_host:
            logger.debug("edition %s, but the text is %s (p=%.2f): stored as %s", from_host, detected, prob, detected)
        return detected
    return stated


def overruled(host: str, language: str | None) -> bool:
    """True when `language` (an Article's) is not the edition its EU Reporter host serves: the text's language
    overruled the subdomain (crawl stats count these)."""
    from_host = edition(host)
    return from_host is not None and language is not None and language != from_host
