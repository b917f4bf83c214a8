"""Language codes: ISO 639-1, and the codes GTranslate uses for its language subdomains (old codes, regional
variants, three-letter codes). A leaf module: the site's scope and extraction both use it."""

from __future__ import annotations


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
